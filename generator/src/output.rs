//! Writes a generated crate to disk without ever leaving it half-written, and compares a
//! crate on disk with what would be generated.
//!
//! Files are first written to a temporary folder beside the destination, then renamed into
//! place: a new crate as one folder, an existing one file by file, and only the files whose
//! contents change. An unchanged file is not touched, so its modification time stays and a
//! build that depends on it does not rerun; regenerating unchanged pages writes nothing.

use std::path::{Path, PathBuf};

use crate::Error;
use crate::emit::{GENERATED_HEADER, GeneratedFile};

/// A path under the output folder that is out of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub path: PathBuf,
    pub kind: StaleKind,
    /// What is on disk now (empty when missing).
    pub current: String,
    /// What regenerating would write (empty when the file would be deleted).
    pub expected: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaleKind {
    Missing,
    Changed,
    /// A generated file that regenerating would delete.
    Extra,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

/// Writes `files` into `out` as described above; returns how many files were written or
/// removed.
pub fn write_crate(out: &Path, files: &[GeneratedFile]) -> Result<usize, Error> {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let staging = parent.join(format!(".{name}.doc2rust-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    let result = stage_and_commit(out, &staging, files);
    if staging.exists() {
        // Best effort: a leftover staging folder is harmless and replaced next time.
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn stage_and_commit(out: &Path, staging: &Path, files: &[GeneratedFile]) -> Result<usize, Error> {
    if !out.exists() {
        // A new crate: staged whole, then renamed into place at once.
        let all: Vec<(&Path, &str)> = files.iter().map(|f| (f.path.as_path(), f.contents.as_str())).collect();
        stage(staging, &all)?;
        std::fs::rename(staging, out).map_err(io(out))?;
        return Ok(files.len());
    }
    // An existing crate: only what differs is staged, so that regenerating unchanged pages
    // creates and deletes no file at all.
    let stale = stale_files(out, files);
    let writes: Vec<(&Path, &str)> =
        stale.iter().filter(|s| s.kind != StaleKind::Extra).map(|s| (s.path.as_path(), s.expected.as_str())).collect();
    stage(staging, &writes)?;
    for stale in &stale {
        let target = out.join(&stale.path);
        match stale.kind {
            StaleKind::Extra => std::fs::remove_file(&target).map_err(io(&target))?,
            StaleKind::Missing | StaleKind::Changed => {
                if let Some(dir) = target.parent() {
                    std::fs::create_dir_all(dir).map_err(io(dir))?;
                }
                let staged = staging.join(&stale.path);
                std::fs::rename(&staged, &target).map_err(io(&target))?;
            }
        }
    }
    Ok(stale.len())
}

/// Writes `files` under `staging`, each folder created once, the files on several threads:
/// writing a crate is a few dozen small system calls per file, a sizeable part of a run.
fn stage(staging: &Path, files: &[(&Path, &str)]) -> Result<(), Error> {
    let folders: std::collections::BTreeSet<PathBuf> =
        files.iter().filter_map(|(path, _)| staging.join(path).parent().map(Path::to_path_buf)).collect();
    for dir in &folders {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let written = crate::map_parallel(files, crate::default_jobs(), |(path, contents)| {
        let path = staging.join(path);
        std::fs::write(&path, contents).map_err(|source| Error::Io { path, source })
    });
    written.into_iter().collect::<Result<Vec<()>, Error>>()?;
    Ok(())
}

/// What differs between `out` and `files`, in path order.
pub fn stale_files(out: &Path, files: &[GeneratedFile]) -> Vec<Stale> {
    let mut stale = Vec::new();
    for file in files {
        match std::fs::read_to_string(out.join(&file.path)) {
            Ok(current) if current == file.contents => {}
            Ok(current) => stale.push(Stale {
                path: file.path.clone(),
                kind: StaleKind::Changed,
                current,
                expected: file.contents.clone(),
            }),
            Err(_) => stale.push(Stale {
                path: file.path.clone(),
                kind: StaleKind::Missing,
                current: String::new(),
                expected: file.contents.clone(),
            }),
        }
    }
    for path in generated_on_disk(out) {
        if !files.iter().any(|f| f.path == path) {
            let current = std::fs::read_to_string(out.join(&path)).unwrap_or_default();
            stale.push(Stale { path, kind: StaleKind::Extra, current, expected: String::new() });
        }
    }
    stale.sort_by(|a, b| a.path.cmp(&b.path));
    stale
}

/// Rust files under `out/src` that doc2rust wrote (they start with the generated header).
fn generated_on_disk(out: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![out.join("src")];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let ours = std::fs::read_to_string(&path).is_ok_and(|text| text.starts_with(GENERATED_HEADER));
                if ours {
                    if let Ok(relative) = path.strip_prefix(out) {
                        found.push(relative.to_path_buf());
                    }
                }
            }
        }
    }
    found
}

/// A unified diff from `old` to `new`, with the given file labels; empty when equal.
pub fn unified_diff(old: &str, new: &str, old_label: &str, new_label: &str) -> String {
    similar::TextDiff::from_lines(old, new).unified_diff().context_radius(3).header(old_label, new_label).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile { path: path.into(), contents: format!("{GENERATED_HEADER}\n{contents}") }
    }

    #[test]
    fn writes_then_reports_and_removes_stale_files() {
        let dir = std::env::temp_dir().join(format!("doc2rust-output-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let out = dir.join("crate");
        write_crate(&out, &[file("src/a.rs", "a"), file("src/b.rs", "b")]).unwrap();
        assert!(stale_files(&out, &[file("src/a.rs", "a"), file("src/b.rs", "b")]).is_empty());

        let next = [file("src/a.rs", "a2"), file("src/c.rs", "c")];
        let kinds: Vec<_> = stale_files(&out, &next).iter().map(|s| (s.path.clone(), s.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                ("src/a.rs".into(), StaleKind::Changed),
                ("src/b.rs".into(), StaleKind::Extra),
                ("src/c.rs".into(), StaleKind::Missing)
            ]
        );
        assert_eq!(write_crate(&out, &next).unwrap(), 3);
        assert!(stale_files(&out, &next).is_empty());
        assert_eq!(write_crate(&out, &next).unwrap(), 0, "nothing to write the second time");
        assert!(!out.join("src/b.rs").exists());
        // No staging folder is left behind.
        let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("crate")]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

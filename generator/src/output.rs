//! Writes a generated crate to disk without ever leaving it half-written or touching a file
//! doc2rust did not write, and compares a crate on disk with what would be generated.
//!
//! Files are first written to a temporary folder beside the destination, then renamed into
//! place: a new crate as one folder, an existing one file by file, and only the files whose
//! contents change. An unchanged file is not touched, so its modification time stays and a
//! build that depends on it does not rerun; regenerating unchanged pages writes nothing.
//!
//! Only doc2rust's own files are overwritten or deleted: those that start with the generated
//! header of their type ([`is_generated`]). When a file to write exists and is not one (a
//! hand-written crate), or a file or folder on the way is a symbolic link, the run stops
//! before writing anything and names every such path. Links under the output folder are
//! never followed, by the scan for stale files or to write or delete, so nothing outside the
//! output folder is written or deleted.
//!
//! A run stages into `.<name>.doc2rust-<pid>` beside the output folder; a run that was
//! killed leaves it behind, and the next run removes the staging folders of runs that are
//! gone, and nothing else (`remove_abandoned_staging`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Files, Span};
use crate::emit::{GENERATED_HEADER, GeneratedFile, MANIFEST_HEADER, README_HEADER};
use crate::error::Error;

/// A path under the output folder that is out of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// Relative to the output folder.
    pub path: PathBuf,
    /// How it is out of date.
    pub kind: StaleKind,
    /// What is on disk now (empty when missing).
    pub current: String,
    /// What regenerating would write (empty when the file would be deleted).
    pub expected: String,
}

/// How a [`Stale`] path is out of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaleKind {
    /// Regenerating would create it.
    Missing,
    /// Regenerating would change it.
    Changed,
    /// A generated file that regenerating would delete.
    Extra,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

/// The first line that marks a file of this type as doc2rust's, when the type has one. A
/// file type without a header line (one whose format has no comments) is never
/// overwritten: doc2rust writes none, and one it would write needs a rule here first.
fn header_of(path: &Path) -> Option<&'static str> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("rs") => Some(GENERATED_HEADER),
        Some("toml") => Some(MANIFEST_HEADER),
        Some("md") => Some(README_HEADER),
        _ => None,
    }
}

/// Whether a file at `path` (relative to the crate) holding `contents` is one doc2rust
/// generated, and may be overwritten or deleted: a Rust file whose first line is
/// [`GENERATED_HEADER`], a TOML file (`Cargo.toml`) whose first line is [`MANIFEST_HEADER`].
pub fn is_generated(path: &Path, contents: &str) -> bool {
    let first_line = contents.split('\n').next().unwrap_or_default().trim_end_matches('\r');
    header_of(path).is_some_and(|header| first_line == header)
}

/// Writes `files` into `out` as described above; returns how many files were written or
/// removed. A file in the way that is not doc2rust's is a diagnostic (nothing is written).
pub fn write_crate(out: &Path, files: &[GeneratedFile]) -> Result<usize, Error> {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let prefix = format!(".{name}.doc2rust-");
    remove_abandoned_staging(parent, &prefix);
    let staging = parent.join(format!("{prefix}{}", std::process::id()));
    if std::fs::symlink_metadata(&staging).is_ok() {
        // Ours, from an earlier process with this id: removed (a link itself, not its target).
        std::fs::remove_dir_all(&staging).or_else(|_| std::fs::remove_file(&staging)).map_err(io(&staging))?;
    }
    let result = stage_and_commit(out, &staging, files);
    if staging.exists() {
        // Best effort: a leftover staging folder is harmless and removed by the next run.
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Removes what runs that were killed left in `dir`: the files and folders named exactly
/// `{prefix}{pid}` (the name a run gives its staging folder or file) whose process is gone.
/// Anything else, a link of that name included, is left alone. Best effort: a leftover that
/// cannot be removed is harmless.
pub(crate) fn remove_abandoned_staging(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|name| name.strip_prefix(prefix)) else { continue };
        // Exactly the decimal a run writes: no sign, no leading zero, nothing after it.
        let Ok(number) = pid.parse::<u32>() else { continue };
        if number.to_string() != pid || number == std::process::id() || !run_is_gone(number, &entry) {
            continue;
        }
        let Ok(kind) = entry.file_type() else { continue };
        let path = entry.path();
        if kind.is_dir() {
            let _ = std::fs::remove_dir_all(&path);
        } else if kind.is_file() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Whether the run of process `pid` that staged `entry` is over.
#[cfg(unix)]
fn run_is_gone(pid: u32, _entry: &std::fs::DirEntry) -> bool {
    // 0 and negative ids address process groups: never ours.
    let Some(pid) = libc::pid_t::try_from(pid).ok().filter(|&pid| pid > 0) else { return false };
    // SAFETY: signal 0 is not sent; `kill` only checks that the process exists.
    let status = unsafe { libc::kill(pid, 0) };
    // `EPERM`: it exists, as another user's process.
    status != 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

/// Whether the run that staged `entry` is over: without a way to ask about a process, when
/// its staging has not changed for an hour (a run takes seconds).
#[cfg(not(unix))]
fn run_is_gone(_pid: u32, entry: &std::fs::DirEntry) -> bool {
    let modified = entry.metadata().and_then(|m| m.modified());
    modified.is_ok_and(|at| at.elapsed().is_ok_and(|age| age > std::time::Duration::from_secs(3600)))
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
    // creates and deletes no file at all; and nothing is, when a file in the way is not ours.
    let Plan { stale, refused, files: paths } = plan(out, files);
    if !refused.is_empty() {
        return Err(Diagnostics::sorted(refused, &paths).into());
    }
    let writes: Vec<(&Path, &str)> =
        stale.iter().filter(|s| s.kind != StaleKind::Extra).map(|s| (s.path.as_path(), s.expected.as_str())).collect();
    stage(staging, &writes)?;
    for stale in &stale {
        let target = out.join(&stale.path);
        match stale.kind {
            // A regular file found without following links (see `generated_on_disk`).
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
    let written = crate::parallel::map_parallel(files, crate::parallel::default_jobs(), |(path, contents)| {
        let path = staging.join(path);
        std::fs::write(&path, contents).map_err(|source| Error::Io { path, source })
    });
    written.into_iter().collect::<Result<Vec<()>, Error>>()?;
    Ok(())
}

/// What differs between `out` and `files`, in path order. A file in the way that doc2rust
/// would not overwrite counts as changed.
pub fn stale_files(out: &Path, files: &[GeneratedFile]) -> Vec<Stale> {
    plan(out, files).stale
}

/// What writing `files` into `out` changes, and the paths in the way that are not
/// doc2rust's to overwrite.
struct Plan {
    stale: Vec<Stale>,
    refused: Vec<Diagnostic>,
    /// The paths the refusals name.
    files: Files,
}

fn plan(out: &Path, files: &[GeneratedFile]) -> Plan {
    let mut stale = Vec::new();
    let mut refused = Vec::new();
    let mut paths = Files::default();
    let refuse = |paths: &mut Files, path: &Path, expected: &str, found: String| {
        Diagnostic::expected(Span::start(paths.add(path)), expected, found)
    };
    if out.exists() && !out.is_dir() {
        refused.push(refuse(&mut paths, out, "a folder to write the crate into", "a file".to_owned()));
        return Plan { stale, refused, files: paths };
    }
    // Whether each folder between `out` and a file is a real folder (or missing).
    let mut folders: BTreeMap<PathBuf, bool> = BTreeMap::new();
    for file in files {
        let changed = |current: String| Stale {
            path: file.path.clone(),
            kind: StaleKind::Changed,
            current,
            expected: file.contents.clone(),
        };
        let mut ancestors: Vec<&Path> =
            file.path.ancestors().skip(1).filter(|dir| !dir.as_os_str().is_empty()).collect();
        ancestors.reverse();
        let mut blocked = false;
        for dir in ancestors {
            let usable = *folders.entry(dir.to_path_buf()).or_insert_with(|| {
                let path = out.join(dir);
                match std::fs::symlink_metadata(&path) {
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound => true,
                    Ok(metadata) if metadata.is_dir() => true,
                    found => {
                        let found = match found {
                            Ok(metadata) if metadata.is_symlink() => {
                                "a symbolic link (doc2rust does not write through links)".to_owned()
                            }
                            Ok(_) => "a file".to_owned(),
                            Err(error) => format!("a path that cannot be read ({error})"),
                        };
                        refused.push(refuse(&mut paths, &path, "a folder of the generated crate", found));
                        false
                    }
                }
            });
            if !usable {
                blocked = true;
                break;
            }
        }
        if blocked {
            stale.push(changed(String::new()));
            continue;
        }
        let target = out.join(&file.path);
        let expected = match header_of(&file.path) {
            Some(header) => format!("a file generated by doc2rust (first line `{header}`)"),
            None => "a file generated by doc2rust".to_owned(),
        };
        match std::fs::symlink_metadata(&target) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => stale.push(Stale {
                path: file.path.clone(),
                kind: StaleKind::Missing,
                current: String::new(),
                expected: file.contents.clone(),
            }),
            Ok(metadata) if metadata.is_file() => match std::fs::read_to_string(&target) {
                Ok(current) if current == file.contents => {}
                Ok(current) if is_generated(&file.path, &current) => stale.push(changed(current)),
                read => {
                    let found = "a file without that first line (doc2rust overwrites only the files it generated)";
                    refused.push(refuse(&mut paths, &target, &expected, found.to_owned()));
                    stale.push(changed(read.unwrap_or_default()));
                }
            },
            found => {
                let found = match found {
                    Ok(metadata) if metadata.is_symlink() => {
                        "a symbolic link (doc2rust does not write through links)".to_owned()
                    }
                    Ok(metadata) if metadata.is_dir() => "a folder".to_owned(),
                    Ok(_) => "a file that is not a regular file".to_owned(),
                    Err(error) => format!("a path that cannot be read ({error})"),
                };
                refused.push(refuse(&mut paths, &target, &expected, found));
                stale.push(changed(String::new()));
            }
        }
    }
    for (path, current) in generated_on_disk(out) {
        if !files.iter().any(|f| f.path == path) {
            stale.push(Stale { path, kind: StaleKind::Extra, current, expected: String::new() });
        }
    }
    stale.sort_by(|a, b| a.path.cmp(&b.path));
    Plan { stale, refused, files: paths }
}

/// Rust files under `out/src` that doc2rust wrote (they start with the generated header),
/// relative to `out`, with their contents. Links are not followed: a file or folder behind
/// one is not part of the crate, and a loop of links cannot make the scan loop.
fn generated_on_disk(out: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let src = out.join("src");
    if !std::fs::symlink_metadata(&src).is_ok_and(|m| m.is_dir()) {
        return found;
    }
    let mut folders = vec![src];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            // The entry's own type: `DirEntry::file_type` does not follow links.
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                folders.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "rs") {
                let Ok(relative) = path.strip_prefix(out) else { continue };
                if let Ok(text) = std::fs::read_to_string(&path) {
                    if is_generated(relative, &text) {
                        found.push((relative.to_path_buf(), text));
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

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

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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
    let staging = Staging::begin(out)?;
    for file in files {
        staging.stage(file);
    }
    staging.commit(files)
}

/// A crate being written into `out`: [`Staging::stage`] takes each file as soon as it is
/// generated, [`Staging::commit`] puts the crate in place once all are. A new crate's files
/// are written into the staging folder as they come, on the thread that made each, so that
/// creating files (system time, a sizeable part of a run) overlaps with generating the
/// rest; an existing crate is compared and written at commit, as only then is it known
/// whether a file in the way stops the run. Dropped without a commit (generation failed),
/// it removes its staging folder: nothing was written to `out`.
pub struct Staging {
    out: PathBuf,
    staging: PathBuf,
    /// Whether `out` was missing at the start, so that files are staged as they come.
    fresh: bool,
    /// The staging folders already created.
    folders: Mutex<BTreeSet<PathBuf>>,
    /// The first file that could not be staged: commit reports it.
    failed: Mutex<Option<Error>>,
}

impl Staging {
    /// Prepares to write into `out`: its parent folder, and a staging folder beside it
    /// (made empty), after removing what killed runs left there.
    pub fn begin(out: &Path) -> Result<Staging, Error> {
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
        let fresh = !out.exists();
        Ok(Staging { out: out.to_path_buf(), staging, fresh, folders: Mutex::default(), failed: Mutex::default() })
    }

    /// Takes one file of the crate: written into the staging folder now for a new crate,
    /// left for [`Staging::commit`] otherwise. Any thread may call it; a failure is kept
    /// for the commit to report.
    pub fn stage(&self, file: &GeneratedFile) {
        if !self.fresh {
            return;
        }
        if let Err(error) = self.write(&file.path, &file.contents) {
            self.failed.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get_or_insert(error);
        }
    }

    /// Writes one file under the staging folder, creating its folders the first time.
    fn write(&self, path: &Path, contents: &str) -> Result<(), Error> {
        if let Some(dir) = path.parent() {
            let mut folders = self.folders.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            // Outermost first, each once: the staging folder itself is `""`. Creating a
            // folder is one of the costlier system calls; trying a path whose parent is
            // missing first (as `create_dir_all` does) would add failed ones.
            let mut ancestors: Vec<&Path> = dir.ancestors().collect();
            ancestors.reverse();
            for folder in ancestors {
                if !folders.contains(folder) {
                    let path = self.staging.join(folder);
                    match std::fs::create_dir(&path) {
                        Err(error) if error.kind() != std::io::ErrorKind::AlreadyExists => {
                            return Err(Error::Io { path, source: error });
                        }
                        _ => folders.insert(folder.to_path_buf()),
                    };
                }
            }
        }
        let path = self.staging.join(path);
        std::fs::write(&path, contents).map_err(|source| Error::Io { path, source })
    }

    /// Puts the crate, whose files are `files`, in place; returns how many files were
    /// written or removed.
    pub fn commit(self, files: &[GeneratedFile]) -> Result<usize, Error> {
        if let Some(error) = self.failed.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take() {
            return Err(error);
        }
        if self.fresh && !self.out.exists() {
            // A new crate: staged whole, then renamed into place at once.
            std::fs::rename(&self.staging, &self.out).map_err(io(&self.out))?;
            return Ok(files.len());
        }
        if self.fresh {
            // Someone made `out` meanwhile: what was staged is dropped, and `out` is
            // treated as the existing crate it now is.
            std::fs::remove_dir_all(&self.staging).map_err(io(&self.staging))?;
        }
        self.commit_existing(files)
    }

    /// An existing crate: only what differs is staged, so that regenerating unchanged pages
    /// creates and deletes no file at all; and nothing is, when a file in the way is not ours.
    fn commit_existing(&self, files: &[GeneratedFile]) -> Result<usize, Error> {
        let Plan { stale, refused, files: paths } = plan(&self.out, files);
        if !refused.is_empty() {
            return Err(Diagnostics::sorted(refused, &paths).into());
        }
        let writes: Vec<(&Path, &str)> = stale
            .iter()
            .filter(|s| s.kind != StaleKind::Extra)
            .map(|s| (s.path.as_path(), s.expected.as_str()))
            .collect();
        let written = crate::parallel::map_parallel(&writes, crate::parallel::default_jobs(), |(path, contents)| {
            self.write(path, contents)
        });
        written.into_iter().collect::<Result<Vec<()>, Error>>()?;
        for stale in &stale {
            let target = self.out.join(&stale.path);
            match stale.kind {
                // A regular file found without following links (see `generated_on_disk`).
                StaleKind::Extra => std::fs::remove_file(&target).map_err(io(&target))?,
                StaleKind::Missing | StaleKind::Changed => {
                    if let Some(dir) = target.parent() {
                        std::fs::create_dir_all(dir).map_err(io(dir))?;
                    }
                    let staged = self.staging.join(&stale.path);
                    std::fs::rename(&staged, &target).map_err(io(&target))?;
                }
            }
        }
        Ok(stale.len())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.staging.exists() {
            // Best effort: a leftover staging folder is harmless and removed by the next run.
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
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
    let known: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    for (path, current) in generated_on_disk(out, &known) {
        stale.push(Stale { path, kind: StaleKind::Extra, current, expected: String::new() });
    }
    stale.sort_by(|a, b| a.path.cmp(&b.path));
    Plan { stale, refused, files: paths }
}

/// Rust files under `out/src` that doc2rust wrote (they start with the generated header),
/// relative to `out`, with their contents, except the `known` ones (the files of the crate,
/// already compared: not read twice). Links are not followed: a file or folder behind one
/// is not part of the crate, and a loop of links cannot make the scan loop.
fn generated_on_disk(out: &Path, known: &BTreeSet<&Path>) -> Vec<(PathBuf, String)> {
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
                if known.contains(relative) {
                    continue;
                }
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

    /// A fresh folder for one test, and what is in it.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("doc2rust-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<std::ffi::OsString> {
        let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_crate_appears_only_at_commit_and_a_dropped_staging_leaves_nothing() {
        let dir = scratch("fresh");
        let out = dir.join("crate");
        let staging = Staging::begin(&out).unwrap();
        staging.stage(&file("src/a.rs", "a"));
        staging.stage(&file("src/bin/cli/main.rs", "main"));
        assert!(!out.exists(), "nothing is visible before the commit");
        drop(staging);
        assert!(names(&dir).is_empty(), "generation failed: no crate, no staging left");

        let staging = Staging::begin(&out).unwrap();
        let files = [file("src/a.rs", "a"), file("src/bin/cli/main.rs", "main")];
        files.iter().for_each(|f| staging.stage(f));
        assert_eq!(staging.commit(&files).unwrap(), 2);
        assert_eq!(names(&dir), vec![std::ffi::OsString::from("crate")]);
        assert_eq!(std::fs::read_to_string(out.join("src/bin/cli/main.rs")).unwrap(), files[1].contents);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_crate_made_while_staging_is_checked_like_an_existing_one() {
        let dir = scratch("raced");
        let out = dir.join("crate");
        let staging = Staging::begin(&out).unwrap();
        let files = [file("src/a.rs", "a")];
        staging.stage(&files[0]);
        // Someone writes their own crate there meanwhile: it is not replaced.
        std::fs::create_dir_all(out.join("src")).unwrap();
        std::fs::write(out.join("src/a.rs"), "pub fn mine() {}\n").unwrap();
        assert!(matches!(staging.commit(&files), Err(Error::Input(_))));
        assert_eq!(std::fs::read_to_string(out.join("src/a.rs")).unwrap(), "pub fn mine() {}\n");
        assert_eq!(names(&dir), vec![std::ffi::OsString::from("crate")]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_file_that_cannot_be_staged_fails_the_commit() {
        let dir = scratch("unstaged");
        let out = dir.join("crate");
        let staging = Staging::begin(&out).unwrap();
        // `src` staged as a file: nothing can be staged under it.
        let files = [file("src", "not a folder"), file("src/a.rs", "a")];
        files.iter().for_each(|f| staging.stage(f));
        assert!(matches!(staging.commit(&files), Err(Error::Io { .. })));
        assert!(names(&dir).is_empty(), "nothing written, no staging left");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

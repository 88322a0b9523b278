//! Reading untrusted files: which files of a pages folder are read, and how each is read.
//!
//! Pages and the overrides file come from a vendor's website, so the folder is walked
//! without leaving it and without looping, and a file is opened only once it is known to be
//! a regular file no larger than its limit, then read no further than that limit:
//!
//! - A symbolic link is followed only when it leads to a file or folder inside the pages
//!   folder (canonical paths compared). One that leads out of it is a diagnostic naming the
//!   link when it is named like a page or leads to a folder (`pages/zero.md -> /dev/zero`,
//!   `pages/more -> /home/me`), and nothing behind it is read; any other link out is ignored,
//!   like any file that is not a page.
//! - Each folder is entered once, by its canonical path, so links that point back up the
//!   tree (or at each other's folders) cannot make the walk loop; and links are followed
//!   last, so a file or folder with a name of its own inside the pages folder is read once,
//!   under that name.
//! - A page (a `.md` or `.txt` name) that is not a regular file (a FIFO, a device, a socket)
//!   is a diagnostic and is never opened: opening a FIFO blocks until a writer comes, and
//!   opening a device can have effects of its own. Its type is checked before it is opened,
//!   as `O_NONBLOCK` alone is not enough: it keeps `open` from waiting on a FIFO, but the
//!   read would then take whatever a writer sends, and a device such as `/dev/zero` never
//!   ends. It is then opened with `O_NONBLOCK | O_NOFOLLOW` and checked again on the open
//!   handle, so a file swapped for a FIFO or a link between the check and the open is
//!   refused without blocking.
//! - A file larger than its limit is refused from its size before it is opened, and no file
//!   is read beyond its limit plus one byte (a file that grows while read is refused too).

use std::io::Read;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashSet;

use crate::diagnostic::{Diagnostic, FileId, Files, Span};
use crate::error::Error;

/// Whether a file name is one of a page: `.md` or `.txt`.
pub(crate) fn is_page_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md" || e == "txt")
}

/// A page found in the folder: where it was reached, and the canonical file to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageFile {
    /// The path under the pages folder as given, which names the page in diagnostics and
    /// gives its tag; a link's own path when it was reached through a link.
    pub path: PathBuf,
    /// The file it is, inside the pages folder.
    pub real: PathBuf,
}

/// What [`walk`] found under a pages folder.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// The folder and every folder entered under it, as reached, sorted.
    pub folders: Vec<PathBuf>,
    /// Every page, sorted by path.
    pub pages: Vec<PageFile>,
    /// Links that lead out of the folder or cannot be followed, each a diagnostic.
    pub refused: Vec<Diagnostic>,
}

/// Walks a pages folder as the module docs say. Only the folder itself not being readable
/// is an error; problems under it are [`Walk::refused`], their paths added to `files`.
///
/// Links are followed only once no folder is left to walk without them, so a file or folder
/// that has a name of its own inside the pages folder is read under that name, and one a
/// link leads to a second time is not read twice.
pub(crate) fn walk(root: &Path, files: &mut Files) -> Result<Walk, Error> {
    let real_root = root.canonicalize().map_err(io(root))?;
    let mut walk = Walk::default();
    let mut seen = Seen { folders: FxHashSet::from_iter([real_root.clone()]), pages: FxHashSet::default() };
    let mut pending = vec![(root.to_path_buf(), real_root.clone())];
    let mut links = Vec::new();
    loop {
        while let Some((folder, real_folder)) = pending.pop() {
            let entries = std::fs::read_dir(&folder).map_err(io(&folder))?;
            let mut entries: Vec<std::fs::DirEntry> =
                entries.collect::<Result<_, _>>().map_err(|source| Error::Io { path: folder.clone(), source })?;
            entries.sort_by_key(std::fs::DirEntry::file_name);
            let mut subfolders = Vec::new();
            for entry in entries {
                let name = entry.file_name();
                let path = folder.join(&name);
                let real = real_folder.join(&name);
                // The entry's own type: `DirEntry::file_type` does not follow links.
                let kind = entry.file_type().map_err(io(&path))?;
                if kind.is_dir() {
                    if seen.folders.insert(real.clone()) {
                        subfolders.push((path, real));
                    }
                } else if kind.is_symlink() {
                    links.push(path);
                } else if is_page_name(&path) {
                    // Regular or not: `read` refuses what is not a regular file, by name.
                    seen.pages.insert(real.clone());
                    walk.pages.push(PageFile { path, real });
                }
            }
            walk.folders.push(folder);
            // Popped in name order: the walk is the same on every run.
            pending.extend(subfolders.into_iter().rev());
        }
        if links.is_empty() {
            break;
        }
        links.sort();
        for link in std::mem::take(&mut links) {
            follow_link(&real_root, link, &mut seen, &mut pending, &mut walk, files);
        }
        pending.reverse();
    }
    walk.folders.sort();
    walk.pages.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(walk)
}

/// Canonical paths of the folders entered and the pages kept so far.
struct Seen {
    folders: FxHashSet<PathBuf>,
    pages: FxHashSet<PathBuf>,
}

/// A link met by [`walk`]: a folder or page inside the pages folder is kept (once), one
/// outside (or that cannot be resolved) is refused when it would be read.
fn follow_link(
    real_root: &Path,
    path: PathBuf,
    seen: &mut Seen,
    pending: &mut Vec<(PathBuf, PathBuf)>,
    walk: &mut Walk,
    files: &mut Files,
) {
    let is_page = is_page_name(&path);
    let target = match path.canonicalize() {
        Ok(target) => target,
        // A dangling link or a loop of links: only a page's name says it was meant to be read.
        Err(error) => {
            if is_page {
                walk.refused
                    .push(Diagnostic::new(Span::start(files.add(&path)), format!("cannot read the page: {error}")));
            }
            return;
        }
    };
    // `metadata` follows the link: a `stat`, which opens nothing.
    let is_dir = std::fs::metadata(&target).is_ok_and(|m| m.is_dir());
    if !target.starts_with(real_root) {
        if is_page || is_dir {
            walk.refused.push(Diagnostic::expected(
                Span::start(files.add(&path)),
                "a file or folder inside the pages folder",
                "a symbolic link that leads out of it (doc2rust does not follow links out of the pages folder)",
            ));
        }
        return;
    }
    if is_dir {
        if seen.folders.insert(target.clone()) {
            pending.push((path, target));
        }
    } else if is_page && seen.pages.insert(target.clone()) {
        walk.pages.push(PageFile { path, real: target });
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

/// What a file that is not a regular file is, for a diagnostic.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else {
        "a file that is not a regular file"
    }
}

/// Reads `real` (a canonical path; `file` names it in diagnostics) as the module docs say:
/// `what` (`"a page"`) must be a regular file of at most `limit` bytes.
pub(crate) fn read(file: FileId, real: &Path, limit: usize, what: &str) -> Result<Vec<u8>, Diagnostic> {
    let origin = Span::start(file);
    let noun = what.split_once(' ').map_or(what, |(_, noun)| noun);
    let cannot = |error: std::io::Error| Diagnostic::new(origin.clone(), format!("cannot read the {noun}: {error}"));
    let check = |metadata: &std::fs::Metadata| {
        if !metadata.is_file() {
            return Err(Diagnostic::expected(
                origin.clone(),
                format!("{what} that is a regular file"),
                kind_of(metadata.file_type()),
            ));
        }
        too_large(&origin, what, limit, metadata.len())
    };
    // `real` is canonical: a link here was put in its place since, and is refused.
    check(&std::fs::symlink_metadata(real).map_err(cannot)?)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Against a swap after the check above: a FIFO opens without waiting for a writer,
        // and a link fails to open. Reading a regular file ignores `O_NONBLOCK`.
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let mut opened = options.open(real).map_err(cannot)?;
    let metadata = opened.metadata().map_err(cannot)?;
    check(&metadata)?;
    // Sized from the file, so a page takes two reads (its bytes, then the end) as with
    // `std::fs::read`; grown only if the file grows meanwhile, never past `limit + 1`.
    let expected = usize::try_from(metadata.len()).unwrap_or(limit).min(limit);
    let mut bytes = vec![0; expected + 1];
    let mut filled = 0;
    loop {
        if filled == bytes.len() {
            if filled > limit {
                break;
            }
            bytes.resize(filled.saturating_mul(2).min(limit + 1), 0);
        }
        match opened.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(cannot(error)),
        }
    }
    bytes.truncate(filled);
    too_large(&origin, what, limit, filled as u64)?;
    Ok(bytes)
}

fn too_large(origin: &Span, what: &str, limit: usize, size: u64) -> Result<(), Diagnostic> {
    if size > limit as u64 {
        return Err(Diagnostic::expected(
            origin.clone(),
            format!("{what} of at most {limit} bytes"),
            format!("{size} bytes"),
        ));
    }
    Ok(())
}

/// The overrides file a pages folder holds, if any: `doc2rust.toml` in `root`, which like a
/// page must not be a link that leads out of the folder (the diagnostic's path is added to
/// `files`).
pub(crate) fn overrides_in(root: &Path, file_name: &str, files: &mut Files) -> Result<Option<PathBuf>, Diagnostic> {
    let candidate = root.join(file_name);
    let Ok(metadata) = std::fs::symlink_metadata(&candidate) else { return Ok(None) };
    if metadata.is_symlink() {
        // A link that cannot be followed is left to `read`, which says why.
        let outside = match (root.canonicalize(), candidate.canonicalize()) {
            (Ok(real_root), Ok(target)) => !target.starts_with(real_root),
            _ => false,
        };
        if outside {
            return Err(Diagnostic::expected(
                Span::start(files.add(&candidate)),
                "an overrides file inside the pages folder",
                "a symbolic link that leads out of it (doc2rust does not follow links out of the pages folder)",
            ));
        }
    }
    Ok(Some(candidate))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names() {
        assert!(is_page_name(Path::new("a/b.md")));
        assert!(is_page_name(Path::new("llms-full.txt")));
        assert!(!is_page_name(Path::new("doc2rust.toml")));
        assert!(!is_page_name(Path::new("md")));
    }

    #[test]
    fn reads_a_regular_file_up_to_its_limit() {
        let dir = std::env::temp_dir().join(format!("doc2rust-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for size in [0, 1, 9, 10, 11, 4096] {
            let path = dir.join(format!("{size}.md"));
            let contents: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            std::fs::write(&path, &contents).unwrap();
            let read = read(Files::default().add(&path), &path.canonicalize().unwrap(), 10, "a page");
            if size <= 10 {
                assert_eq!(read, Ok(contents), "{size}");
            } else {
                let message = read.unwrap_err().message;
                assert_eq!(message, format!("expected a page of at most 10 bytes, found {size} bytes"));
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

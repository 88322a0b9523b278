//! Located problems in the input: every user-facing error is a `Diagnostic` with a file,
//! 1-based line and column, what was expected and what was found.
//!
//! Phases collect diagnostics and keep going; the pipeline stops at a phase boundary if any
//! were reported, so a user sees every mistake of a run at once, sorted by position.

use std::cmp::Ordering;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

/// Which file of a run a [`Span`] is in: an index into the run's [`Files`], so a span is
/// a few numbers rather than a copy of the file's path.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct FileId(u32);

/// The files of one run: the pages, the overrides file and any other path a diagnostic
/// names. Every [`FileId`] of the run indexes this table; a path is looked up only when a
/// span is shown. Clones share the table.
///
/// ```no_run
/// let loaded = doc2rust::Config::new("specs").load()?;
/// for inference in &loaded.inferences {
///     println!("{}: {}", loaded.api.files.locate(&inference.span), inference.what);
/// }
/// # Ok::<(), doc2rust::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Files {
    table: Arc<Table>,
}

/// The paths of a [`Files`], by id and by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Table {
    paths: Vec<PathBuf>,
    ids: FxHashMap<PathBuf, FileId>,
}

impl Files {
    /// The id of `path`, added to the table unless it is there already. The table is shared
    /// only once the run hands out its results, so while it is built this does not copy it.
    pub(crate) fn add(&mut self, path: &Path) -> FileId {
        if let Some(&id) = self.table.ids.get(path) {
            return id;
        }
        let table = Arc::make_mut(&mut self.table);
        let id = FileId(u32::try_from(table.paths.len()).expect("fewer than 2^32 files"));
        table.paths.push(path.to_path_buf());
        table.ids.insert(path.to_path_buf(), id);
        id
    }

    /// The path of file `id`, as the run was given it.
    pub fn path(&self, id: FileId) -> &Path {
        &self.table.paths[id.0 as usize]
    }

    /// `span` as a user reads it: `path:line:column`.
    pub fn locate<'a>(&'a self, span: &'a Span) -> Location<'a> {
        Location { path: self.path(span.file), span }
    }

    /// The path of the file whose id serialized as `index`, if the run has one.
    pub(crate) fn path_at(&self, index: u64) -> Option<&Path> {
        self.table.paths.get(usize::try_from(index).ok()?).map(PathBuf::as_path)
    }

    /// `span` with its file's path spelled out, for what outlives the run (a diff of two
    /// runs' pages).
    pub fn place(&self, span: &Span) -> Place {
        Place { file: self.path(span.file).to_path_buf(), line: span.line, column: span.column }
    }

    /// Spans in reading order: by file path, then line, column and offset.
    pub fn compare(&self, a: &Span, b: &Span) -> Ordering {
        let file = if a.file == b.file { Ordering::Equal } else { self.path(a.file).cmp(self.path(b.file)) };
        file.then_with(|| (a.line, a.column, a.offset).cmp(&(b.line, b.column, b.offset)))
    }
}

/// A position with its file's path: what [`Files::place`] makes of a [`Span`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Place {
    /// The file, as the run was given it.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// A span with its file's path, shown as `path:line:column` (see [`Files::locate`]).
#[derive(Debug, Clone, Copy)]
pub struct Location<'a> {
    path: &'a Path,
    span: &'a Span,
}

impl fmt::Display for Location<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.path.display().to_string();
        write!(f, "{}:{}:{}", for_terminal(&file), self.span.line, self.span.column)
    }
}

/// A position in one input file: byte offset plus the 1-based line and column it maps to.
/// [`Files::locate`] shows it, [`Files::compare`] orders it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Span {
    /// The file, in the run's [`Files`]: a page, or the overrides file.
    pub file: FileId,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset into the file.
    #[serde(skip)]
    pub offset: usize,
}

impl Span {
    /// The position of byte `offset` of `text`, the contents of `file` (an offset past the
    /// end counts as the end).
    pub(crate) fn new(file: FileId, text: &str, offset: usize) -> Span {
        let offset = offset.min(text.len());
        let before = &text.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // Columns count characters, not bytes, so a caret lines up under non-ASCII text.
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        Span { file, line, column, offset }
    }

    /// The start of `file`: where a problem with the whole file is shown.
    pub(crate) fn start(file: FileId) -> Span {
        Span { file, line: 1, column: 1, offset: 0 }
    }
}

/// Text quoted from a page (or a file name) made safe to print: ESC, other control
/// characters and bidi controls are written as Rust escapes (`\u{1b}`), so a page cannot
/// move the cursor, recolour or clear the terminal, or reorder what is shown. Line breaks
/// stay: messages use them.
pub fn for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && crate::text::is_unsafe_char(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        if ch != '\n' && crate::text::is_unsafe_char(ch) {
            out.extend(ch.escape_debug());
        } else {
            out.push(ch);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Maps byte offsets of one file to spans without rescanning the text for every lookup.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    pub file: FileId,
    pub text: &'a str,
    line_starts: Vec<usize>,
    /// The last span's offset and column: columns count characters from the line start,
    /// and a collapsed page is one long line whose spans come in page order, so counting on
    /// from the previous span keeps the whole page linear instead of quadratic.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(file: FileId, text: &'a str) -> LineIndex<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        LineIndex { file, text, line_starts, last: std::cell::Cell::new((0, 1)) }
    }

    /// The index of a text whose line starts (0, then one past every `\n`) are known
    /// already, as the page parser's line splitting finds them.
    pub fn with_line_starts(file: FileId, text: &'a str, line_starts: Vec<usize>) -> LineIndex<'a> {
        debug_assert_eq!(line_starts, LineIndex::new(file, text).line_starts);
        LineIndex { file, text, line_starts, last: std::cell::Cell::new((0, 1)) }
    }

    pub fn span(&self, offset: usize) -> Span {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        let (last_offset, last_column) = self.last.get();
        let boundary = self.text.is_char_boundary(offset);
        let (from, base) =
            if boundary && (start..=offset).contains(&last_offset) { (last_offset, last_column) } else { (start, 1) };
        let column = self.text.get(from..offset).map_or(offset - from, |s| s.chars().count()) + base;
        if boundary {
            self.last.set((offset, column));
        }
        Span { file: self.file, line, column, offset }
    }
}

/// One problem with the input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Where the problem is.
    pub span: Span,
    /// Lowercase, no trailing period, names in backticks.
    pub message: String,
    /// A second place involved in the problem (the other side of a clash). Boxed: most
    /// diagnostics have none, and a small `Diagnostic` keeps `Result`s cheap.
    pub related: Option<Box<(Span, String)>>,
    /// Whether the problem stops the run.
    pub severity: Severity,
    /// The run's files, given when the run hands the diagnostic out, to show its spans.
    #[serde(skip)]
    files: Option<Files>,
}

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be used as it is: the run stops at the end of the phase.
    Error,
    /// The run goes on with a decision the user may want to change (e.g. a renamed method).
    Warning,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn new(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { span, message: message.into(), related: None, severity: Severity::Error, files: None }
    }

    /// A diagnostic that does not stop the run.
    pub fn warning(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::new(span, message) }
    }

    /// "expected X, found Y": the shape every parse error takes.
    pub fn expected(span: Span, expected: impl fmt::Display, found: impl fmt::Display) -> Diagnostic {
        Diagnostic::new(span, format!("expected {expected}, found {found}"))
    }

    /// The diagnostic with a second place involved in the problem and a note on it.
    pub fn with_related(mut self, span: Span, note: impl Into<String>) -> Diagnostic {
        self.related = Some(Box::new((span, note.into())));
        self
    }

    /// The diagnostic as the run hands it out: with the table its spans' files are in.
    pub(crate) fn located(mut self, files: &Files) -> Diagnostic {
        self.files = Some(files.clone());
        self
    }

    /// The file the problem is in, as the run was given it.
    pub fn path(&self) -> &Path {
        self.file_of(&self.span)
    }

    /// The path of a span's file. Every diagnostic a run hands out knows the run's files;
    /// one still inside the run is never shown.
    fn file_of(&self, span: &Span) -> &Path {
        debug_assert!(self.files.is_some(), "a diagnostic shown before the run located it: {}", self.message);
        self.files.as_ref().map_or(Path::new("<unknown file>"), |files| files.path(span.file))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = for_terminal(&self.message);
        let at = Location { path: self.file_of(&self.span), span: &self.span };
        match self.severity {
            Severity::Error => write!(f, "{at}: {message}")?,
            Severity::Warning => write!(f, "{at}: warning: {message}")?,
        }
        if let Some(related) = &self.related {
            let (span, note) = &**related;
            write!(f, "\n{}: note: {}", Location { path: self.file_of(span), span }, for_terminal(note))?;
        }
        Ok(())
    }
}

/// Every diagnostic of a run, sorted by file and position. This is the error type of the
/// library's fallible entry points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(
    /// The diagnostics, in order.
    pub Vec<Diagnostic>,
);

impl Diagnostics {
    /// The list sorted by position, then message, without repeats, each located in the
    /// run's `files`.
    pub(crate) fn sorted(mut list: Vec<Diagnostic>, files: &Files) -> Diagnostics {
        list.sort_by(|a, b| files.compare(&a.span, &b.span).then_with(|| a.message.cmp(&b.message)));
        list.dedup();
        Diagnostics(list.into_iter().map(|diagnostic| diagnostic.located(files)).collect())
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_counts_lines_and_characters() {
        let mut files = Files::default();
        let text = "ab\ncé d\n";
        let span = Span::new(files.add(Path::new("p.md")), text, text.find('d').unwrap());
        assert_eq!((span.line, span.column), (2, 4));
        assert_eq!(files.locate(&span).to_string(), "p.md:2:4");
    }

    #[test]
    fn line_index_agrees_with_span() {
        let text = "ab\ncé d\n\nx";
        let file = Files::default().add(Path::new("p.md"));
        let index = LineIndex::new(file, text);
        for offset in 0..=text.len() {
            if text.is_char_boundary(offset) {
                assert_eq!(index.span(offset), Span::new(file, text, offset));
            }
        }
    }

    /// A file is in the table once, whatever the number of spans in it.
    #[test]
    fn files_are_added_once() {
        let mut files = Files::default();
        let (a, b) = (files.add(Path::new("a.md")), files.add(Path::new("b.md")));
        assert_ne!(a, b);
        assert_eq!(files.add(Path::new("a.md")), a);
        assert_eq!((files.path(a), files.path(b)), (Path::new("a.md"), Path::new("b.md")));
    }

    /// Text from a page reaches the terminal escaped: no ESC sequence, no bidi control.
    #[test]
    fn display_escapes_control_and_bidi_characters() {
        let mut files = Files::default();
        let span = Span::start(files.add(Path::new("p\u{1b}[2J.md")));
        let diagnostic = Diagnostic::new(span.clone(), "expected `a`, found `\u{1b}[31mred\u{202e}\r\u{0}`")
            .with_related(span, "see `\u{1b}]0;title\u{7}`")
            .located(&files);
        let shown = diagnostic.to_string();
        assert_eq!(
            shown,
            "p\\u{1b}[2J.md:1:1: expected `a`, found `\\u{1b}[31mred\\u{202e}\\r\\0`\n\
             p\\u{1b}[2J.md:1:1: note: see `\\u{1b}]0;title\\u{7}`"
        );
        assert!(!shown.chars().any(|c| c != '\n' && crate::text::is_unsafe_char(c)));
        assert_eq!(for_terminal("plain\ntext"), "plain\ntext");
    }

    /// Diagnostics sort by path before line, whatever order the files were added in.
    #[test]
    fn diagnostics_sort_by_position() {
        let mut files = Files::default();
        let (q, p) = (files.add(Path::new("q.md")), files.add(Path::new("p.md")));
        let text = "a\nb\nc";
        let late = Diagnostic::new(Span::new(p, text, 4), "late");
        let early = Diagnostic::new(Span::new(p, text, 0), "early");
        let other = Diagnostic::new(Span::new(q, text, 0), "other file");
        let all = Diagnostics::sorted(vec![other, late, early], &files);
        assert_eq!(all.to_string(), "p.md:1:1: early\np.md:3:1: late\nq.md:1:1: other file");
        assert_eq!(all.0[2].path(), Path::new("q.md"));
    }
}

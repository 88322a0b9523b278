//! Located problems in the input: every user-facing error is a `Diagnostic` with a file,
//! 1-based line and column, what was expected and what was found.
//!
//! Phases collect diagnostics and keep going; the pipeline stops at a phase boundary if any
//! were reported, so a user sees every mistake of a run at once, sorted by position.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in one input file: byte offset plus the 1-based line and column it maps to.
/// Ordered by file, line, column and offset.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Span {
    /// The file, as the run was given it (a page, or the overrides file).
    pub file: PathBuf,
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
    ///
    /// ```
    /// let span = doc2rust::Span::new("p.md".as_ref(), "# Title\nÉtat: x", 14);
    /// assert_eq!((span.line, span.column), (2, 6));
    /// assert_eq!(span.to_string(), "p.md:2:6");
    /// ```
    pub fn new(file: &Path, text: &str, offset: usize) -> Span {
        let offset = offset.min(text.len());
        let before = &text.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // Columns count characters, not bytes, so a caret lines up under non-ASCII text.
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        Span { file: file.to_path_buf(), line, column, offset }
    }
}

impl Ord for Span {
    fn cmp(&self, other: &Span) -> std::cmp::Ordering {
        // Sorting compares spans of one file far more often than of two; equal bytes spare
        // `Path`'s comparison component by component.
        let file = if self.file.as_os_str() == other.file.as_os_str() {
            std::cmp::Ordering::Equal
        } else {
            self.file.cmp(&other.file)
        };
        file.then_with(|| (self.line, self.column, self.offset).cmp(&(other.line, other.column, other.offset)))
    }
}

impl PartialOrd for Span {
    fn partial_cmp(&self, other: &Span) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display().to_string();
        write!(f, "{}:{}:{}", for_terminal(&file), self.line, self.column)
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
    pub path: &'a Path,
    pub text: &'a str,
    line_starts: Vec<usize>,
    /// The last span's offset and column: columns count characters from the line start,
    /// and a collapsed page is one long line whose spans come in page order, so counting on
    /// from the previous span keeps the whole page linear instead of quadratic.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> LineIndex<'a> {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        LineIndex { path, text, line_starts, last: std::cell::Cell::new((0, 1)) }
    }

    /// The index of a text whose line starts (0, then one past every `\n`) are known
    /// already, as the page parser's line splitting finds them.
    pub fn with_line_starts(path: &'a Path, text: &'a str, line_starts: Vec<usize>) -> LineIndex<'a> {
        debug_assert_eq!(line_starts, LineIndex::new(path, text).line_starts);
        LineIndex { path, text, line_starts, last: std::cell::Cell::new((0, 1)) }
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
        Span { file: self.path.to_path_buf(), line, column, offset }
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
        Diagnostic { span, message: message.into(), related: None, severity: Severity::Error }
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
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = for_terminal(&self.message);
        match self.severity {
            Severity::Error => write!(f, "{}: {message}", self.span)?,
            Severity::Warning => write!(f, "{}: warning: {message}", self.span)?,
        }
        if let Some(related) = &self.related {
            let (span, note) = &**related;
            write!(f, "\n{span}: note: {}", for_terminal(note))?;
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
    /// The list sorted by position, then message, without repeats.
    pub fn sorted(mut list: Vec<Diagnostic>) -> Diagnostics {
        list.sort_by(|a, b| a.span.cmp(&b.span).then_with(|| a.message.cmp(&b.message)));
        list.dedup();
        Diagnostics(list)
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
        let text = "ab\ncé d\n";
        let span = Span::new(Path::new("p.md"), text, text.find('d').unwrap());
        assert_eq!((span.line, span.column), (2, 4));
        assert_eq!(span.to_string(), "p.md:2:4");
    }

    #[test]
    fn line_index_agrees_with_span() {
        let text = "ab\ncé d\n\nx";
        let index = LineIndex::new(Path::new("p.md"), text);
        for offset in 0..=text.len() {
            if text.is_char_boundary(offset) {
                assert_eq!(index.span(offset), Span::new(Path::new("p.md"), text, offset));
            }
        }
    }

    /// Text from a page reaches the terminal escaped: no ESC sequence, no bidi control.
    #[test]
    fn display_escapes_control_and_bidi_characters() {
        let text = "x";
        let span = Span::new(Path::new("p\u{1b}[2J.md"), text, 0);
        let diagnostic = Diagnostic::new(span.clone(), "expected `a`, found `\u{1b}[31mred\u{202e}\r\u{0}`")
            .with_related(span, "see `\u{1b}]0;title\u{7}`");
        let shown = diagnostic.to_string();
        assert_eq!(
            shown,
            "p\\u{1b}[2J.md:1:1: expected `a`, found `\\u{1b}[31mred\\u{202e}\\r\\0`\n\
             p\\u{1b}[2J.md:1:1: note: see `\\u{1b}]0;title\\u{7}`"
        );
        assert!(!shown.chars().any(|c| c != '\n' && crate::text::is_unsafe_char(c)));
        assert_eq!(for_terminal("plain\ntext"), "plain\ntext");
    }

    #[test]
    fn diagnostics_sort_by_position() {
        let text = "a\nb\nc";
        let late = Diagnostic::new(Span::new(Path::new("p.md"), text, 4), "late");
        let early = Diagnostic::new(Span::new(Path::new("p.md"), text, 0), "early");
        let all = Diagnostics::sorted(vec![late, early]);
        assert_eq!(all.to_string(), "p.md:1:1: early\np.md:3:1: late");
    }
}

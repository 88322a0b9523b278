//! Page prose to rustdoc-safe doc lines: the markdown is parsed with pulldown-cmark and
//! rendered back as markdown in which nothing can trip a rustdoc lint or become a doctest.
//!
//! Guarantees for the lines returned by [`doc_lines`], whatever the input:
//!
//! - no broken intra-doc link: `[`, `]` that are not links are escaped, and a link is kept
//!   only if its destination is an absolute URL (`http`, `https`, `mailto`): relative links
//!   point into the docs site, not into rustdoc, and other schemes (`javascript:`, `data:`)
//!   are unsafe, so only their text is kept; autolinks follow the same rule;
//! - no bare URL: `http(s)://` in text is wrapped as `<url>`, or written as inline code when it
//!   is a template (`http://host[:port]/path`, `https://{region}.example.com`);
//! - no HTML reaches rustdoc: known tags are translated (`<br>` -> line break, `<code>` ->
//!   code span, `<a href>` -> link, block tags -> paragraph breaks) or dropped with their text
//!   kept (`<b>`, `<span>`, ...); anything else that looks like a tag is a placeholder in the
//!   prose (`<value1>`, `<project_id>`) and is kept as escaped text;
//! - no doctest: every code block, fenced or indented, becomes a ```` ```text ```` fence long
//!   enough for its content; indentation is normalised so no prose line is indented code;
//! - `{% ... %}` templating tags are dropped and the text between them kept; an admonition's
//!   `name="Note:"` becomes a bold lead-in;
//! - no tab (clippy `tabs_in_doc_comments`), no bidirectional-override character (rustc's
//!   deny-by-default `text_direction_codepoint_in_literal`), no control character (NUL, ESC,
//!   a lone CR: see [`is_unsafe_char`]), no trailing
//!   whitespace; list continuation lines are indented under their marker (clippy
//!   `doc_lazy_continuation`);
//! - blocks separated by exactly one empty line; no leading or trailing empty line.
//!
//! Lines carry no `///`: the emitter writes each as `#[doc = " line"]`.
//!
//! Everything doc2rust writes into a doc comment or a command-line help text is a [`Doc`],
//! which only the sanitising constructors here can build: page prose ([`Doc::prose`]), a
//! value shown as code ([`Doc::code`]), plain text ([`Doc::line`]), doc2rust's own wording
//! ([`Doc::fixed`]) and doc2rust's own examples ([`Doc::example`], the only way a code block
//! that rustdoc would compile can appear). The renderer is linear in its input: every scan
//! below moves forward or is bounded by a constant.

use std::mem;

pub use crate::text::is_unsafe_char;

use pulldown_cmark::{Alignment, Event, LinkType, Options, Parser, Tag, TagEnd};

/// Turns a description from an API docs page into doc-comment lines; see the module
/// documentation for what the lines are guaranteed to be.
pub fn doc_lines(markdown: &str) -> Vec<String> {
    if let Some(line) = plain_line(markdown) {
        return if line.is_empty() { Vec::new() } else { vec![line.to_owned()] };
    }
    render(markdown)
}

/// Text for a doc comment (or the command-line help clap reads from one): lines of markdown
/// in which nothing from a page can open a code block, write HTML, link to anything but
/// `http(s)`/`mailto`, or carry a control or bidi character. The field is private: a `Doc`
/// is only ever built by the constructors below, each of which sanitises what it is given,
/// so an emitter that takes a `Doc` cannot write page text raw.
///
/// Lines carry no leading space; the emitter adds the one after `///`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc(Vec<String>);

/// doc2rust's own examples: the only code blocks rustdoc compiles that a generated crate has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Example {
    /// The crate docs' example of a client and a call: compiled, not run (`no_run`).
    CrateUsage,
    /// `WebhookVerifier::new`'s example: signs and verifies a body, run by `cargo test --doc`.
    WebhookVerifier,
    /// A client method's example (and the README's): builds the call's arguments and makes
    /// the call; compiled, not run.
    ClientMethod,
}

impl Example {
    /// The fence's info string.
    pub fn info(self) -> &'static str {
        match self {
            Example::CrateUsage | Example::ClientMethod => "no_run",
            Example::WebhookVerifier => "",
        }
    }
}

impl Doc {
    /// Page prose (markdown, HTML, templating tags) rendered by the sanitising renderer; see
    /// the module documentation.
    pub fn prose(markdown: &str) -> Doc {
        Doc(doc_lines(markdown))
    }

    /// A value shown as an inline code span on one line: the fence is longer than any run of
    /// backticks inside, control and bidi characters (newlines included) are shown as Rust
    /// escapes (`\n`, `\u{202e}`), so the span is one line and shows the value exactly.
    pub fn code(text: &str) -> Doc {
        Doc(vec![code_span(&escape_unsafe(text))])
    }

    /// Plain text on one line: whitespace collapsed, control and bidi characters dropped,
    /// every character markdown gives a meaning to escaped (`<`, `[`, `` ` ``, `*`, a leading
    /// `#` or `-`, ...), so it reads back as the same text; a bare URL is an autolink (rustdoc
    /// warns about bare URLs).
    pub fn line(text: &str) -> Doc {
        let flat: String = text
            .chars()
            .filter(|c| !is_unsafe_char(*c) || c.is_whitespace())
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut renderer = Renderer::default();
        renderer.push_text(&flat);
        Doc::one(renderer.inline)
    }

    /// doc2rust's own wording: fixed text, which may use markdown (code spans, intra-doc
    /// links) but is one line and opens no block. Checked in debug builds and by the tests.
    pub fn fixed(text: &'static str) -> Doc {
        debug_assert!(is_fixed_line(text), "not a fixed doc line: {text:?}");
        Doc::one(text.chars().filter(|c| !is_unsafe_char(*c)).collect())
    }

    /// A link to an item of the generated crate, `` [`path`] `` (`Self::list_apps`,
    /// `crate::Client::send`): written as a link only when `path` is a Rust path, else as
    /// code.
    pub fn item(path: &str) -> Doc {
        let is_path = !path.is_empty()
            && path.split("::").all(|segment| {
                let segment = segment.strip_prefix("r#").unwrap_or(segment);
                segment.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && segment.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
        if is_path { Doc::one(format!("[`{path}`]")) } else { Doc::code(path) }
    }

    /// A number, as text.
    pub fn number(value: impl Into<i128>) -> Doc {
        Doc::one(value.into().to_string())
    }

    /// One of doc2rust's own examples: `code` (Rust that doc2rust wrote from checked
    /// identifiers and literals) in a fence longer than any backtick run inside, with the
    /// example's info string. The only constructor that yields a compiled code block.
    pub fn example(kind: Example, code: &[String]) -> Doc {
        let code: Vec<String> = code
            .iter()
            .map(|line| line.chars().filter(|c| !is_unsafe_char(*c)).collect::<String>().trim_end().to_owned())
            .collect();
        let fence = "`".repeat(code.iter().map(|line| longest_run(line, '`')).max().unwrap_or(0).max(2) + 1);
        let mut lines = vec![format!("{fence}{}", kind.info())];
        lines.extend(code);
        lines.push(fence);
        Doc(lines)
    }

    /// `self` followed by `other` on the same line: `other`'s first line continues `self`'s
    /// last one. Both are markdown already, so nothing is escaped again.
    pub fn then(mut self, other: Doc) -> Doc {
        let mut rest = other.0.into_iter();
        match (self.0.last_mut(), rest.next()) {
            (Some(last), Some(first)) => last.push_str(&first),
            (None, Some(first)) => self.0.push(first),
            (_, None) => {}
        }
        self.0.extend(rest);
        self
    }

    /// `self`, an empty line, then `other`: two paragraphs (either may be empty).
    pub fn paragraph(mut self, other: Doc) -> Doc {
        if !self.0.is_empty() && !other.0.is_empty() {
            self.0.push(String::new());
        }
        self.0.extend(other.0);
        self
    }

    /// An empty line (a paragraph break wherever it is put).
    pub fn empty_line() -> Doc {
        Doc(vec![String::new()])
    }

    /// `self`, then `other` from the next line on, in the same paragraph.
    pub fn below(mut self, other: Doc) -> Doc {
        self.0.extend(other.0);
        self
    }

    /// The lines as one line, for places that take one (an enum variant's label, a
    /// deprecation note, a command-line help line): the markdown read back, its text escaped
    /// again and its code (spans and blocks) as code spans, with links, emphasis and block
    /// structure left out. Joining the lines as they are would not do: a code block's lines
    /// are verbatim text, which on a line of prose could be HTML.
    pub fn flatten(self) -> Doc {
        let markdown = self.0.join("\n");
        let mut renderer = Renderer::default();
        let mut block: Option<String> = None;
        let space = |renderer: &mut Renderer| {
            if !renderer.inline.is_empty() && !renderer.inline.ends_with(' ') {
                renderer.inline.push(' ');
            }
        };
        for event in Parser::new_ext(&markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
            match event {
                Event::Start(Tag::CodeBlock(_)) => {
                    space(&mut renderer);
                    block = Some(String::new());
                }
                Event::End(TagEnd::CodeBlock) => {
                    let code = block.take().unwrap_or_default();
                    renderer.push_code(&code.split_whitespace().collect::<Vec<_>>().join(" "));
                    space(&mut renderer);
                }
                Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => match &mut block {
                    Some(code) => code.push_str(&text),
                    None => renderer.push_text(&text.replace('\n', " ")),
                },
                Event::Code(code) => renderer.push_code(&code),
                Event::SoftBreak
                | Event::HardBreak
                | Event::Rule
                | Event::End(
                    TagEnd::Paragraph
                    | TagEnd::Heading(_)
                    | TagEnd::Item
                    | TagEnd::BlockQuote(_)
                    | TagEnd::TableCell
                    | TagEnd::TableRow
                    | TagEnd::TableHead
                    | TagEnd::List(_),
                ) => space(&mut renderer),
                _ => {}
            }
        }
        let line = renderer.inline.trim_end().to_owned();
        Doc::one(line)
    }

    pub fn lines(&self) -> &[String] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The text of a one-line doc ([`Doc::flatten`] first for more): what `#[deprecated]`'s
    /// note, which rustdoc renders as markdown, takes.
    pub fn text(&self) -> String {
        self.0.join(" ")
    }

    fn one(line: String) -> Doc {
        if line.is_empty() { Doc::default() } else { Doc(vec![line]) }
    }
}

/// Text with the characters [`is_unsafe_char`] refuses written as Rust escapes.
fn escape_unsafe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if is_unsafe_char(ch) {
            out.extend(ch.escape_debug());
        } else {
            out.push(ch);
        }
    }
    out
}

/// `code` as an inline code span: a fence longer than any backtick run inside, padded when
/// the content starts or ends with a backtick or a space (which the fence would otherwise
/// eat). Empty code is a span of one space.
fn code_span(code: &str) -> String {
    let code = if code.is_empty() { " " } else { code };
    let fence = "`".repeat(longest_run(code, '`') + 1);
    let pad = code.starts_with('`')
        || code.ends_with('`')
        || (code.starts_with(' ') && code.ends_with(' ') && !code.trim().is_empty());
    let pad = if pad { " " } else { "" };
    // Joined, not `format!`ted: the formatting machinery cost more than the copy.
    [fence.as_str(), pad, code, pad, fence.as_str()].concat()
}

/// Whether fixed wording is one safe line: no unsafe character, at most one leading space
/// (it may continue a line: `" ("`; four would be indented code), nothing at the start that
/// opens a block, no HTML.
pub fn is_fixed_line(text: &str) -> bool {
    let start = text.strip_prefix(' ').unwrap_or(text);
    !text.chars().any(is_unsafe_char)
        && !start.starts_with([' ', '#', '>', '-', '+', '*', '=', '~', '|', '`'])
        && !text.contains('<')
}

/// The full path: pulldown-cmark events through the [`Renderer`].
fn render(markdown: &str) -> Vec<String> {
    let source = normalise(markdown);
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut renderer = Renderer::default();
    for event in Parser::new_ext(&source, options) {
        renderer.event(event);
    }
    renderer.finish()
}

/// Most descriptions are one sentence of plain words, which the renderer returns unchanged
/// (trimmed): those skip it. Plain means one line of ASCII letters, digits, spaces and
/// punctuation that markdown gives no meaning to, not starting like a block (`#`, `-`, `+`,
/// `=`, `1.`) and without a URL. Anything else, or any doubt, takes the full path; a test
/// checks both paths agree on every description of the corpus and on generated lines.
fn plain_line(markdown: &str) -> Option<&str> {
    let line = markdown.trim_matches(' ');
    let plain = line.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b' ' | b'.'
                    | b','
                    | b';'
                    | b':'
                    | b'\''
                    | b'"'
                    | b'('
                    | b')'
                    | b'?'
                    | b'/'
                    | b'%'
                    | b'!'
                    | b'$'
                    | b'-'
                    | b'+'
                    | b'='
            )
    });
    if !plain || line.contains("  ") || line.contains("://") {
        return None;
    }
    let starts_block = match line.as_bytes() {
        [b'-' | b'+' | b'=', ..] => true,
        digits @ [b'0'..=b'9', ..] => {
            let end = digits.iter().position(|b| !b.is_ascii_digit()).unwrap_or(digits.len());
            matches!(digits.get(end), Some(b'.' | b')'))
        }
        _ => false,
    };
    (!starts_block).then_some(line)
}

/// Internal marker for a hard line break inside the inline buffer; control characters are
/// removed from the input, so it cannot clash with text.
const HARD_BREAK: char = '\u{1}';

/// How deep emphasis-like spans nest before deeper ones are rendered as plain text: far more
/// than prose uses, few enough that looking through the open spans costs a constant.
const MAX_OPEN_SPANS: usize = 32;

/// Tags that are block-level in HTML: rendered as a paragraph break.
const HTML_BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// Tags that only style or group text: dropped, their text kept.
const HTML_INLINE_TAGS: &[&str] = &[
    "abbr", "b", "big", "caption", "cite", "del", "dfn", "em", "font", "i", "img", "ins", "label", "mark", "nobr", "q",
    "s", "small", "span", "strike", "strong", "sub", "sup", "u", "wbr",
];

/// Tags whose content is code.
const HTML_CODE_TAGS: &[&str] = &["code", "kbd", "samp", "tt", "var"];

/// Table cells are separated by a space when the source was an HTML table.
const HTML_CELL_TAGS: &[&str] = &["td", "th"];

/// Link destinations kept as links; everything else is relative to the docs site or unsafe.
const LINK_SCHEMES: &[&str] = &["http://", "https://", "mailto:"];

/// Line endings to `\n`, tabs to spaces, control and bidi characters removed, then indentation
/// normalised: all lines lose their common indentation (as rustdoc itself unindents doc
/// comments), and the first line is trimmed on top of that, because extractors often hand it
/// over with the indentation of its list item while the continuation lines start at column 0.
/// Relative indentation (nested lists, code inside an item) survives.
fn normalise(markdown: &str) -> String {
    let mut cleaned = String::with_capacity(markdown.len());
    let mut chars = markdown.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    cleaned.push('\n');
                }
            }
            '\n' => cleaned.push('\n'),
            '\t' => cleaned.push_str("    "),
            '\u{2028}' | '\u{2029}' => cleaned.push('\n'),
            '\u{a0}' => cleaned.push(' '),
            _ if is_unsafe_char(ch) => {}
            _ => cleaned.push(ch),
        }
    }
    let mut lines = cleaned.split('\n');
    let first = lines.next().unwrap_or_default();
    let rest: Vec<&str> = lines.collect();
    let indent = std::iter::once(first)
        .chain(rest.iter().copied())
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(cleaned.len());
    out.push_str(first.trim_start());
    for line in rest {
        out.push('\n');
        // Every non-blank line has at least `indent` leading spaces (ASCII), so the cut is on
        // a character boundary. Trailing spaces stay: two of them are a hard break.
        if !line.trim().is_empty() {
            out.push_str(line.get(indent..).unwrap_or(line));
        }
    }
    out
}

/// A block that prefixes the lines inside it.
#[derive(Debug)]
enum Container {
    BlockQuote,
    List { next_number: Option<u64> },
    Item { width: usize, marker: Option<String> },
}

/// An inline construct that is opened at a byte position of the inline buffer and wrapped
/// when it closes, so an empty or unclosed one leaves plain text behind.
#[derive(Debug)]
enum Open {
    Emphasis(usize),
    Strong(usize),
    Strikethrough(usize),
    /// A markdown link or image; `autolink` for `<https://...>`, whose text is the URL.
    Link {
        at: usize,
        destination: Option<String>,
        autolink: bool,
        /// How many delimiters were pending when the link opened: those after are inside it.
        pending: usize,
    },
    /// `<a href=...>` from HTML.
    HtmlLink {
        at: usize,
        destination: Option<String>,
        pending: usize,
    },
}

/// What the inline buffer is flushed as.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Flush {
    Paragraph,
    Heading(usize),
    /// Text directly inside a tight list item.
    Plain,
}

#[derive(Debug, Default)]
struct Table {
    alignments: Vec<Alignment>,
    rows: Vec<Vec<String>>,
    row: Vec<String>,
}

#[derive(Debug, Default)]
struct Renderer {
    lines: Vec<String>,
    containers: Vec<Container>,
    /// A blank line is due before the next block.
    need_blank: bool,
    /// The last block written was a tight item's text: a nested list follows it directly,
    /// without the blank line that would make the list loose.
    after_plain: bool,
    /// Rendered inline markdown of the current paragraph, heading or cell.
    inline: String,
    /// Consecutive text and soft breaks not yet rendered: coalesced so that URLs and `{% %}`
    /// tags split over several text events are seen whole.
    run: String,
    open: Vec<Open>,
    /// Opening delimiters of closed spans not yet written into `inline`: (byte position,
    /// delimiter), in the order the spans closed. Writing each at its place when its span
    /// closes would move everything after it, which nested spans made quadratic; they are put
    /// in place in one pass when the buffer is read ([`Renderer::settle`]).
    pending: Vec<(usize, &'static str)>,
    /// For each emphasis-like span or link pulldown-cmark has open, whether it is in `open`:
    /// spans nested deeper than [`MAX_OPEN_SPANS`] are left out (their text stays, unstyled
    /// and unlinked), so that every scan of `open` is bounded and a deeply nested page stays
    /// linear.
    spans: Vec<bool>,
    /// Raw content of an open `<code>`.
    html_code: Option<String>,
    /// Content of an open code block.
    code_block: Option<String>,
    heading: Option<usize>,
    table: Option<Table>,
    in_cell: bool,
}

impl Renderer {
    fn event(&mut self, event: Event<'_>) {
        if let Some(code) = &mut self.code_block {
            match event {
                Event::Text(text) => {
                    code.push_str(&text);
                    return;
                }
                Event::End(TagEnd::CodeBlock) => {
                    self.end_code_block();
                    return;
                }
                // Nothing else occurs inside a code block; fall through defensively.
                _ => {}
            }
        }
        match event {
            Event::Text(text) => self.run.push_str(&text),
            Event::SoftBreak => self.run.push('\n'),
            other => {
                self.flush_run();
                self.structural(other);
            }
        }
    }

    fn structural(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Code(code) | Event::InlineMath(code) | Event::DisplayMath(code) => match &mut self.html_code {
                Some(raw) => raw.push_str(&code),
                None => self.push_code(&code),
            },
            Event::Html(html) | Event::InlineHtml(html) => self.html(&html),
            Event::FootnoteReference(label) => self.push_text(&format!("[^{label}]")),
            Event::HardBreak => self.hard_break(),
            Event::Rule => {
                self.flush_inline(Flush::Plain);
                self.begin_block();
                self.emit("***");
                self.need_blank = true;
            }
            Event::TaskListMarker(done) => self.push_text(if done { "[x] " } else { "[ ] " }),
            // Handled by `event`; repeated here so no event can be lost.
            Event::Text(text) => self.run.push_str(&text),
            Event::SoftBreak => self.run.push('\n'),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock => self.flush_inline(Flush::Plain),
            Tag::Heading { level, .. } => {
                self.flush_inline(Flush::Plain);
                self.heading = Some(level as usize);
            }
            Tag::BlockQuote(_) => {
                self.flush_inline(Flush::Plain);
                self.begin_block();
                self.containers.push(Container::BlockQuote);
            }
            Tag::CodeBlock(_) => {
                // Fenced or indented, the content is kept verbatim in a `text` fence: it is
                // shown, never compiled.
                self.flush_inline(Flush::Plain);
                self.code_block = Some(String::new());
            }
            Tag::List(first_number) => {
                let nested_after_text = self.after_plain;
                self.flush_inline(Flush::Plain);
                if nested_after_text || self.after_plain {
                    self.need_blank = false;
                }
                self.begin_block();
                self.containers.push(Container::List { next_number: first_number });
            }
            Tag::Item => {
                self.flush_inline(Flush::Plain);
                let marker = match self.containers.last_mut() {
                    Some(Container::List { next_number: Some(number) }) => {
                        let marker = format!("{number}. ");
                        *number = number.saturating_add(1);
                        marker
                    }
                    _ => "- ".to_owned(),
                };
                self.need_blank = false;
                self.after_plain = false;
                self.containers.push(Container::Item { width: marker.len(), marker: Some(marker) });
            }
            Tag::Table(alignments) => {
                self.flush_inline(Flush::Plain);
                self.table = Some(Table { alignments, ..Table::default() });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(table) = &mut self.table {
                    table.row.clear();
                }
            }
            Tag::TableCell => {
                self.inline.clear();
                self.pending.clear();
                self.in_cell = true;
            }
            Tag::Emphasis => self.open_span(Open::Emphasis(self.inline.len())),
            Tag::Strong => self.open_span(Open::Strong(self.inline.len())),
            Tag::Strikethrough => self.open_span(Open::Strikethrough(self.inline.len())),
            Tag::Link { link_type, dest_url, .. } | Tag::Image { link_type, dest_url, .. } => {
                // Links cannot nest: an open `<a>` gives way, and a link inside a link (an
                // image in a link) is plain text.
                self.open.retain(|open| !matches!(open, Open::HtmlLink { .. }));
                let autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                let destination = if self.inside_link() {
                    None
                } else if autolink {
                    // `<https://...>` and `<user@host>` are written back as they came; the
                    // parser already checked them, only other schemes (`<javascript:...>`)
                    // and unsafe characters are refused.
                    let email = link_type == LinkType::Email;
                    Some(dest_url.to_string()).filter(|url| {
                        !url.is_empty()
                            && (email || has_link_scheme(url))
                            && !url
                                .chars()
                                .any(|c| matches!(c, '<' | '>' | '\\') || c.is_whitespace() || is_unsafe_char(c))
                    })
                } else {
                    link_destination(&dest_url)
                };
                let at = self.inline.len();
                self.open_span(Open::Link { at, destination, autolink, pending: self.pending.len() });
            }
            // Not enabled in the parser options; their content flows as inline text.
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock => self.flush_inline(Flush::Paragraph),
            TagEnd::Heading(level) => {
                self.heading = None;
                self.flush_inline(Flush::Heading(level as usize));
            }
            TagEnd::BlockQuote(_) => {
                self.flush_inline(Flush::Plain);
                self.pop_container(|c| matches!(c, Container::BlockQuote));
                self.need_blank = true;
            }
            TagEnd::CodeBlock => self.end_code_block(),
            TagEnd::List(_) => {
                self.flush_inline(Flush::Plain);
                self.pop_container(|c| matches!(c, Container::List { .. }));
                self.need_blank = true;
                self.after_plain = false;
            }
            TagEnd::Item => {
                self.flush_inline(Flush::Plain);
                // An item that never got content is dropped: a lone `-` could turn the line
                // above into a setext heading.
                self.pop_container(|c| matches!(c, Container::Item { .. }));
                self.need_blank = false;
            }
            TagEnd::TableCell => {
                self.close_inline();
                self.in_cell = false;
                let cell = mem::take(&mut self.inline).replace(HARD_BREAK, " ");
                let cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
                if let Some(table) = &mut self.table {
                    table.row.push(cell);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(table) = &mut self.table {
                    let row = mem::take(&mut table.row);
                    table.rows.push(row);
                }
            }
            TagEnd::Table => self.end_table(),
            // A span left out of `open` (too deep) ends with nothing to close.
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough if self.spans.pop() != Some(true) => {}
            TagEnd::Emphasis => self.close_span(|o| matches!(o, Open::Emphasis(_)), "*"),
            TagEnd::Strong => self.close_span(|o| matches!(o, Open::Strong(_)), "**"),
            TagEnd::Strikethrough => {
                self.close_span(|o| matches!(o, Open::Strikethrough(_)), "~~");
            }
            TagEnd::Link | TagEnd::Image if self.spans.pop() == Some(true) => self.close_link(false),
            TagEnd::Link | TagEnd::Image => {}
            TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::MetadataBlock(_) => {}
        }
    }

    fn finish(mut self) -> Vec<String> {
        self.flush_run();
        if self.code_block.is_some() {
            self.end_code_block();
        }
        self.flush_inline(Flush::Paragraph);
        let mut lines: Vec<String> = Vec::with_capacity(self.lines.len());
        for line in self.lines {
            // Belt and braces: every producer already filtered these out.
            let line: String = line.chars().filter(|c| !is_unsafe_char(*c)).collect();
            let line = line.trim_end().to_owned();
            let blank = line.is_empty();
            if blank && lines.last().is_none_or(|last: &String| last.is_empty()) {
                continue;
            }
            lines.push(line);
        }
        while lines.last().is_some_and(|last| last.is_empty()) {
            lines.pop();
        }
        lines
    }

    // ---- blocks ----

    /// Writes the blank line that separates this block from the previous one, if due.
    fn begin_block(&mut self) {
        if self.need_blank {
            self.emit("");
        }
        self.need_blank = false;
        self.after_plain = false;
    }

    /// Writes one line under the current containers. The first line of an item takes the
    /// item's marker; later lines are indented by the marker's width.
    fn emit(&mut self, text: &str) {
        let mut line = String::new();
        let blank = text.is_empty();
        let item_has_marker = self.containers.iter().any(|c| matches!(c, Container::Item { marker: Some(_), .. }));
        for container in &mut self.containers {
            match container {
                Container::BlockQuote => line.push_str("> "),
                Container::List { .. } => {}
                Container::Item { width, marker } => match marker.take_if(|_| !blank) {
                    Some(marker) => line.push_str(&marker),
                    None => line.extend(std::iter::repeat_n(' ', *width)),
                },
            }
        }
        if blank && item_has_marker {
            // A blank line before an item's first content would end the list.
            return;
        }
        line.push_str(text);
        self.lines.push(line.trim_end().to_owned());
    }

    fn pop_container(&mut self, is_it: fn(&Container) -> bool) {
        if self.containers.last().is_some_and(is_it) {
            self.containers.pop();
        }
    }

    fn end_code_block(&mut self) {
        let Some(code) = self.code_block.take() else {
            return;
        };
        let code: String = code.chars().filter(|c| *c == '\n' || !(is_unsafe_char(*c))).collect();
        let content = code.trim_end_matches('\n');
        if content.trim().is_empty() {
            return;
        }
        let fence = "`".repeat(longest_run(content, '`').max(2) + 1);
        self.begin_block();
        self.emit(&format!("{fence}text"));
        for line in content.split('\n') {
            self.emit(line.trim_end());
        }
        self.emit(&fence);
        self.need_blank = true;
    }

    fn end_table(&mut self) {
        self.close_inline();
        self.in_cell = false;
        let Some(table) = self.table.take() else {
            return;
        };
        let columns = table.rows.iter().map(Vec::len).chain([table.alignments.len()]).max().unwrap_or(0);
        if columns == 0 || table.rows.is_empty() {
            return;
        }
        let render_row = |cells: &[String]| {
            let mut line = String::from("|");
            for column in 0..columns {
                line.push(' ');
                line.push_str(cells.get(column).map_or("", String::as_str));
                line.push_str(" |");
            }
            line
        };
        let delimiter = {
            let mut line = String::from("|");
            for column in 0..columns {
                line.push_str(match table.alignments.get(column) {
                    Some(Alignment::Left) => " :-- |",
                    Some(Alignment::Center) => " :-: |",
                    Some(Alignment::Right) => " --: |",
                    _ => " --- |",
                });
            }
            line
        };
        self.begin_block();
        let mut rows = table.rows.iter();
        if let Some(header) = rows.next() {
            self.emit(&render_row(header));
            self.emit(&delimiter);
        }
        for row in rows {
            self.emit(&render_row(row));
        }
        self.need_blank = true;
    }

    /// Writes the inline buffer as a block.
    fn flush_inline(&mut self, kind: Flush) {
        self.flush_run();
        self.close_inline();
        let inline = mem::take(&mut self.inline);
        let mut lines: Vec<String> = Vec::new();
        for raw in inline.split('\n') {
            let line = raw.trim();
            if line.is_empty() {
                // A paragraph break inside the inline content (from HTML or `{% %}` tags).
                if lines.last().is_some_and(|last| !last.is_empty()) {
                    lines.push(String::new());
                }
                continue;
            }
            lines.push(line.to_owned());
        }
        while lines.last().is_some_and(|last| last.is_empty()) {
            lines.pop();
        }
        // A hard break ends a line with `\`, except at the end of a paragraph, where a
        // backslash would be literal.
        let next_is_text: Vec<bool> =
            (0..lines.len()).map(|index| lines.get(index + 1).is_some_and(|next| !next.is_empty())).collect();
        for (line, next_is_text) in lines.iter_mut().zip(next_is_text) {
            let trimmed = line.trim_end_matches(HARD_BREAK).trim_end();
            let had_break = trimmed.len() != line.len();
            let mut fixed = trimmed.replace(HARD_BREAK, " ");
            if had_break && next_is_text {
                fixed.push('\\');
            }
            *line = fixed;
        }
        // Dropping markers may have emptied lines; a line holding only `\` would be literal.
        lines.retain(|line| line.as_str() != "\\");
        if lines.iter().all(|line| line.trim().is_empty()) {
            return;
        }
        if let Flush::Heading(level) = kind {
            let text = lines.join(" ");
            self.begin_block();
            self.emit(&format!("{} {}", "#".repeat(level.clamp(1, 6)), text.trim()));
            self.need_blank = true;
            return;
        }
        let plain_in_item = kind == Flush::Plain && self.in_item();
        self.begin_block();
        for line in &lines {
            self.emit(line);
        }
        self.need_blank = true;
        self.after_plain = plain_in_item;
    }

    fn in_item(&self) -> bool {
        matches!(self.containers.last(), Some(Container::Item { .. }))
    }

    // ---- inline ----

    fn open_span(&mut self, open: Open) {
        let kept = self.open.len() < MAX_OPEN_SPANS;
        self.spans.push(kept);
        if kept {
            self.open.push(open);
        }
    }

    fn inside_link(&self) -> bool {
        self.open.iter().any(|o| matches!(o, Open::Link { .. } | Open::HtmlLink { .. }))
    }

    /// Renders the pending text run: `{% %}` tags out, bare URLs wrapped, the rest escaped.
    fn flush_run(&mut self) {
        if self.run.is_empty() {
            return;
        }
        let run = mem::take(&mut self.run);
        if let Some(raw) = &mut self.html_code {
            raw.push_str(&run.replace('\n', " "));
            return;
        }
        for segment in strip_template_tags(&run) {
            match segment {
                Segment::Text(text) => self.push_text(text),
                Segment::LeadIn(name) => {
                    self.inline.push_str("**");
                    self.push_escaped(name.trim());
                    self.inline.push_str("**");
                    self.push_escaped("\n\n");
                }
                Segment::Break => self.push_escaped("\n\n"),
            }
        }
    }

    /// Plain text: bare URLs become autolinks (outside links), the rest is escaped.
    fn push_text(&mut self, text: &str) {
        if self.inside_link() {
            self.push_escaped(text);
            return;
        }
        let mut rest = text;
        while let Some((start, end)) = find_bare_url(rest) {
            self.push_escaped(&rest[..start]);
            let url = &rest[start..end];
            if url.contains(['[', ']', '{', '}']) {
                self.push_code(url);
            } else {
                self.inline.push('<');
                self.inline.push_str(url);
                self.inline.push('>');
            }
            rest = &rest[end..];
        }
        self.push_escaped(rest);
    }

    /// Appends text so that markdown reads it back as the same literal text.
    fn push_escaped(&mut self, text: &str) {
        let flat = self.in_cell || self.heading.is_some();
        let mut line_start = !flat && (self.inline.is_empty() || self.inline.ends_with('\n'));
        let chars: Vec<char> = text.chars().collect();
        let mut escape_at: Option<usize> = None;
        for (index, &ch) in chars.iter().enumerate() {
            // Most characters are plain and mid-line: nothing below would change them.
            let plain = matches!(ch, ' '..='~')
                && !matches!(ch, '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '~' | '_' | '&' | '#');
            if plain && !line_start && escape_at != Some(index) {
                self.inline.push(ch);
                continue;
            }
            if ch != '\n' && (is_unsafe_char(ch)) {
                continue; // entities such as `&#x202e;` decode to these
            }
            if ch == '\n' {
                if flat {
                    self.inline.push(' ');
                } else {
                    self.inline.push('\n');
                    line_start = true;
                }
                continue;
            }
            if line_start {
                if ch == ' ' {
                    continue; // leading spaces could make the line indented code
                }
                line_start = false;
                if matches!(ch, '#' | '+' | '-' | '=') {
                    self.inline.push('\\');
                } else if ch.is_ascii_digit() {
                    // `1. text` / `1) text` would start an ordered list.
                    let digits = chars[index..].iter().take_while(|c| c.is_ascii_digit()).count();
                    if matches!(chars.get(index + digits), Some('.' | ')')) {
                        escape_at = Some(index + digits);
                    }
                }
            }
            let previous_is_word = index > 0 && chars[index - 1].is_alphanumeric();
            let next_is_word = chars.get(index + 1).is_some_and(|c| c.is_alphanumeric());
            let escape = match ch {
                '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '~' => true,
                // `snake_case` cannot be emphasis; only an underscore at a word edge can.
                '_' => !(previous_is_word && next_is_word),
                '&' => looks_like_entity(&chars[index + 1..]),
                '#' => self.heading.is_some(),
                _ => escape_at == Some(index),
            };
            if escape {
                self.inline.push('\\');
            }
            self.inline.push(ch);
        }
    }

    fn push_code(&mut self, code: &str) {
        let code: String =
            code.chars().map(|c| if c == '\n' { ' ' } else { c }).filter(|c| !is_unsafe_char(*c)).collect();
        if code.is_empty() {
            return;
        }
        // Inside a table a `|` ends the cell even in a code span unless escaped.
        let code = if self.in_cell { code.replace('|', "\\|") } else { code };
        self.inline.push_str(&code_span(&code));
    }

    fn hard_break(&mut self) {
        if self.in_cell || self.heading.is_some() {
            self.inline.push(' ');
        } else {
            self.inline.push(HARD_BREAK);
            self.inline.push('\n');
        }
    }

    /// Closes an emphasis-like span: delimiters around its content, with surrounding
    /// whitespace moved outside (a delimiter next to a space is literal). Empty: no delimiters.
    /// The closing delimiter is appended (before any trailing whitespace); the opening one is
    /// left pending, so the work is the whitespace at either end, never the content.
    fn close_span(&mut self, is_it: fn(&Open) -> bool, delimiter: &'static str) {
        let Some(at) = self.pop_open(is_it).and_then(|open| match open {
            Open::Emphasis(at) | Open::Strong(at) | Open::Strikethrough(at) => Some(at),
            _ => None,
        }) else {
            return;
        };
        let is_space = |c: char| c.is_whitespace() || c == HARD_BREAK;
        let content = &self.inline[at..];
        let leading = content.len() - content.trim_start_matches(is_space).len();
        if leading == content.len() {
            return;
        }
        let end = at + content.trim_end_matches(is_space).len();
        let trailing = self.inline.split_off(end);
        self.pending.push((at + leading, delimiter));
        self.inline.push_str(delimiter);
        self.inline.push_str(&trailing);
    }

    /// Closes the innermost link (markdown when `html` is false, `<a>` otherwise).
    fn close_link(&mut self, html: bool) {
        let open = if html {
            self.pop_open(|o| matches!(o, Open::HtmlLink { .. }))
        } else {
            self.pop_open(|o| matches!(o, Open::Link { .. }))
        };
        let open = match open {
            Some(Open::Link { at, destination, autolink, pending }) => (at, destination, autolink, pending),
            Some(Open::HtmlLink { at, destination, pending }) => (at, destination, false, pending),
            _ => return,
        };
        let (at, destination, autolink, pending) = (open.0, open.1, open.2, open.3);
        let Some(destination) = destination else {
            return; // not a usable URL: the text stays, unlinked
        };
        // The link's text with the delimiters of the spans inside it (all pending since the
        // link opened, all at or after `at`).
        let inside = self.pending.split_off(pending);
        let text = with_delimiters(&self.inline[at..], at, &inside);
        self.inline.truncate(at);
        let visible = text.trim();
        let can_autolink = !destination.contains(['<', '>', ' ', '\\']);
        if can_autolink && (autolink || visible.is_empty() || visible == destination) {
            self.inline.push('<');
            self.inline.push_str(&destination);
            self.inline.push('>');
        } else if visible.is_empty() {
            // Only reachable when the URL needs escapes that an autolink cannot carry.
            self.inline.push('[');
            self.inline.push_str(&escape_plain(&destination));
            self.inline.push_str("](");
            self.inline.push_str(&destination);
            self.inline.push(')');
        } else {
            self.inline.push('[');
            self.inline.push_str(&text);
            self.inline.push_str("](");
            self.inline.push_str(&destination);
            self.inline.push(')');
        }
    }

    /// Removes and returns the innermost open construct matching `is_it`; constructs opened
    /// after it are abandoned (their text stays plain), which is how unbalanced HTML inside
    /// markdown spans resolves.
    fn pop_open(&mut self, is_it: fn(&Open) -> bool) -> Option<Open> {
        let index = self.open.iter().rposition(is_it)?;
        self.open.truncate(index + 1);
        self.open.pop()
    }

    /// Writes the pending delimiters into the buffer.
    fn settle(&mut self) {
        if !self.pending.is_empty() {
            let pending = mem::take(&mut self.pending);
            self.inline = with_delimiters(&self.inline, 0, &pending);
        }
    }

    /// Ends everything still open at the end of a block: HTML left unclosed is plain text.
    /// The buffer is settled: whoever reads it next reads the final text.
    fn close_inline(&mut self) {
        self.flush_run();
        if let Some(raw) = self.html_code.take() {
            self.push_text(&raw);
        }
        self.open.clear();
        self.settle();
    }

    // ---- HTML ----

    fn html(&mut self, html: &str) {
        for token in html_tokens(html) {
            match token {
                HtmlToken::Text(text) => self.run.push_str(&decode_entities(text)),
                HtmlToken::Comment => {}
                HtmlToken::Tag { name, closing, href } => {
                    self.flush_run();
                    self.html_tag(&name, closing, href);
                }
            }
        }
        self.flush_run();
    }

    fn html_tag(&mut self, name: &str, closing: bool, href: Option<String>) {
        if name == "br" {
            self.hard_break();
        } else if HTML_CODE_TAGS.contains(&name) {
            match (closing, self.html_code.take()) {
                (false, None) => self.html_code = Some(String::new()),
                (false, Some(raw)) => self.html_code = Some(raw), // nested: ignore
                (true, Some(raw)) => self.push_code(&raw),
                (true, None) => {}
            }
        } else if name == "a" {
            if closing {
                self.close_link(true);
            } else if !self.inside_link() {
                let destination = href.as_deref().and_then(link_destination);
                self.open.push(Open::HtmlLink { at: self.inline.len(), destination, pending: self.pending.len() });
            }
        } else if HTML_BLOCK_TAGS.contains(&name) {
            if self.in_cell || self.heading.is_some() {
                self.inline.push(' ');
            } else if !self.inline.is_empty() {
                self.inline.push_str("\n\n");
            }
        } else if HTML_CELL_TAGS.contains(&name) {
            self.inline.push(' ');
        } else if HTML_INLINE_TAGS.contains(&name) {
            // Styling only; the text between the tags is kept.
        } else {
            // Not HTML: a placeholder such as `<value1>` that the author meant literally.
            let slash = if closing { "/" } else { "" };
            self.push_text(&format!("<{slash}{name}>"));
        }
    }
}

/// `text` (which starts at byte `base` of the buffer) with `pending` delimiters written at
/// their positions. At one position the span that closed later is the outer one, so its
/// delimiter goes first.
fn with_delimiters(text: &str, base: usize, pending: &[(usize, &str)]) -> String {
    let mut order: Vec<usize> = (0..pending.len()).collect();
    order.sort_by_key(|&index| (pending[index].0, std::cmp::Reverse(index)));
    let mut out = String::with_capacity(text.len() + pending.len() * 2);
    let mut from = 0;
    for index in order {
        let (at, delimiter) = pending[index];
        let at = at - base;
        out.push_str(&text[from..at]);
        out.push_str(delimiter);
        from = at;
    }
    out.push_str(&text[from..]);
    out
}

/// A piece of a text run after `{% ... %}` tags are taken out.
#[derive(Debug, PartialEq)]
enum Segment<'a> {
    Text(&'a str),
    /// `name="Note:"` of an opening admonition tag.
    LeadIn(&'a str),
    /// Where a block tag stood: its content is a paragraph of its own.
    Break,
}

/// Splits `{% ... %}` templating tags out of text. Unterminated `{%` is plain text.
fn strip_template_tags(text: &str) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{%") {
        let Some(length) = rest[start + 2..].find("%}") else {
            break;
        };
        let end = start + 2 + length + 2;
        segments.push(Segment::Text(&rest[..start]));
        let inner = rest[start + 2..end - 2].trim();
        let is_admonition = inner.starts_with("admonition");
        match attribute_value(inner, "name").or(attribute_value(inner, "title")) {
            Some(name) if is_admonition && !name.trim().is_empty() => {
                segments.push(Segment::LeadIn(name));
            }
            _ if is_admonition || inner.starts_with("/admonition") => {
                segments.push(Segment::Break);
            }
            _ => {}
        }
        rest = &rest[end..];
    }
    segments.push(Segment::Text(rest));
    segments.retain(|segment| *segment != Segment::Text(""));
    segments
}

/// `name="value"` (or `name='value'`) inside a tag's text.
fn attribute_value<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut search = tag;
    while let Some(found) = search.find(name) {
        let before = &search[..found];
        let after = search[found + name.len()..].trim_start();
        search = &search[found + name.len()..];
        if before.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-') {
            continue;
        }
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let quote = value.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let value = &value[1..];
        return value.find(quote).map(|end| &value[..end]);
    }
    None
}

/// Byte range of the first bare `http://` or `https://` URL in `text`, with trailing
/// punctuation and unbalanced closing brackets left out (GFM's extended-autolink rule).
///
/// Linear: the brackets of the URL are counted once and the counts follow the trimming, so a
/// URL followed by thousands of `)` costs no more than its length (it was quadratic).
fn find_bare_url(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut from = 0;
    loop {
        let start = from + bytes[from..].windows(4).position(|w| w.eq_ignore_ascii_case(b"http"))?;
        let after_scheme = if starts_with_ignore_case(&text[start..], "https://") {
            start + 8
        } else if starts_with_ignore_case(&text[start..], "http://") {
            start + 7
        } else {
            from = start + 4;
            continue;
        };
        let length = text[after_scheme..]
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
            .unwrap_or(text.len() - after_scheme);
        let mut end = after_scheme + length;
        // Opening minus closing brackets of each kind in `text[start..end]`.
        const PAIRS: [(u8, u8); 3] = [(b'(', b')'), (b'[', b']'), (b'{', b'}')];
        let mut balance = [0isize; 3];
        for &b in &bytes[start..end] {
            for (kind, (open, close)) in PAIRS.iter().enumerate() {
                balance[kind] += isize::from(b == *open) - isize::from(b == *close);
            }
        }
        while let Some(last) = text[start..end].chars().next_back() {
            let bracket = PAIRS.iter().position(|(_, close)| u32::from(*close) == u32::from(last));
            let unbalanced = bracket.is_some_and(|kind| balance[kind] < 0);
            if !(matches!(last, '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~') || unbalanced) {
                break;
            }
            if let Some(kind) = bracket {
                balance[kind] += 1;
            }
            end -= last.len_utf8();
        }
        // No word-boundary check: rustdoc's lint finds `https://...` inside `xhttps://...`.
        if end > after_scheme {
            return Some((start, end));
        }
        from = after_scheme;
    }
}

/// The destination to keep for a link, percent-encoding what markdown cannot carry, or `None`
/// when the link should become plain text.
fn link_destination(url: &str) -> Option<String> {
    let url = url.trim();
    let scheme = LINK_SCHEMES.iter().find(|scheme| starts_with_ignore_case(url, scheme))?;
    if url.len() == scheme.len() {
        return None;
    }
    let mut out = String::with_capacity(url.len());
    let chars: Vec<char> = url.chars().collect();
    for (index, &ch) in chars.iter().enumerate() {
        match ch {
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '\\' => out.push_str("%5C"),
            '`' => out.push_str("%60"),
            '&' if looks_like_entity(&chars[index + 1..]) => out.push_str("\\&"),
            _ if is_unsafe_char(ch) || ch.is_whitespace() => {}
            _ => out.push(ch),
        }
    }
    Some(out)
}

/// Whether a URL starts with one of [`LINK_SCHEMES`] and has more after it.
fn has_link_scheme(url: &str) -> bool {
    LINK_SCHEMES.iter().any(|scheme| starts_with_ignore_case(url, scheme) && url.len() > scheme.len())
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.as_bytes().get(..prefix.len()).is_some_and(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Escapes text for use inside link text, outside the renderer (no line-start context).
fn escape_plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Whether the characters after a `&` would read as an entity (`&copy;`, `&#169;`).
fn looks_like_entity(after: &[char]) -> bool {
    let body = after.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '#').count();
    body > 0 && after.get(body) == Some(&';')
}

/// Length of the longest run of `ch` in `text`.
fn longest_run(text: &str, ch: char) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for c in text.chars() {
        current = if c == ch { current + 1 } else { 0 };
        longest = longest.max(current);
    }
    longest
}

#[derive(Debug, PartialEq)]
enum HtmlToken<'a> {
    Text(&'a str),
    Comment,
    Tag { name: String, closing: bool, href: Option<String> },
}

/// Splits raw HTML into text, comments and tags. A `<` that does not start a well-formed tag
/// is text.
fn html_tokens(html: &str) -> Vec<HtmlToken<'_>> {
    let mut tokens = Vec::new();
    let mut text_start = 0;
    let mut index = 0;
    while let Some(offset) = html[index..].find('<') {
        let at = index + offset;
        let parsed = if html[at..].starts_with("<!--") {
            html[at + 4..].find("-->").map(|end| (HtmlToken::Comment, at + 4 + end + 3))
        } else {
            parse_tag(&html[at..]).map(|(token, length)| (token, at + length))
        };
        match parsed {
            Some((token, end)) => {
                if text_start < at {
                    tokens.push(HtmlToken::Text(&html[text_start..at]));
                }
                tokens.push(token);
                text_start = end;
                index = end;
            }
            None => index = at + 1,
        }
    }
    if text_start < html.len() {
        tokens.push(HtmlToken::Text(&html[text_start..]));
    }
    tokens
}

/// Parses `<name attr="v" ...>`, `</name>` or `<name/>` at the start of `text`; returns the
/// token and its byte length.
fn parse_tag(text: &str) -> Option<(HtmlToken<'static>, usize)> {
    let bytes = text.as_bytes();
    let mut index = 1;
    let closing = bytes.get(index) == Some(&b'/');
    if closing {
        index += 1;
    }
    let name_start = index;
    if !bytes.get(index).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    while bytes.get(index).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-') {
        index += 1;
    }
    let name = text[name_start..index].to_ascii_lowercase();
    let mut href = None;
    loop {
        let spaces = bytes[index..].iter().take_while(|b| b.is_ascii_whitespace()).count();
        index += spaces;
        match bytes.get(index)? {
            b'>' => {
                return Some((HtmlToken::Tag { name, closing, href }, index + 1));
            }
            b'/' if bytes.get(index + 1) == Some(&b'>') => {
                return Some((HtmlToken::Tag { name, closing, href }, index + 2));
            }
            _ if spaces == 0 || closing => return None,
            _ => {}
        }
        let attribute_start = index;
        while bytes.get(index).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.' | b'-')) {
            index += 1;
        }
        if index == attribute_start {
            return None;
        }
        let attribute = text[attribute_start..index].to_ascii_lowercase();
        let spaces = bytes[index..].iter().take_while(|b| b.is_ascii_whitespace()).count();
        if bytes.get(index + spaces) != Some(&b'=') {
            continue;
        }
        index += spaces + 1;
        index += bytes[index..].iter().take_while(|b| b.is_ascii_whitespace()).count();
        let value = match bytes.get(index)? {
            quote @ (b'"' | b'\'') => {
                let end = text[index + 1..].find(char::from(*quote))?;
                let value = &text[index + 1..index + 1 + end];
                index += end + 2;
                value
            }
            _ => {
                let length = text[index..]
                    .find(|c: char| c.is_ascii_whitespace() || matches!(c, '>' | '"' | '\'' | '<' | '=' | '`'))
                    .unwrap_or(text.len() - index);
                if length == 0 {
                    return None;
                }
                let value = &text[index..index + length];
                index += length;
                value
            }
        };
        if attribute == "href" {
            href = Some(decode_entities(value));
        }
    }
}

/// Decodes the HTML entities that matter in prose; unknown ones stay as written.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[..end];
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let number = name.strip_prefix('#')?;
                    let value = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(value).filter(|c| !is_unsafe_char(*c))
                }
            }?;
            Some((ch, end))
        });
        match decoded {
            Some((ch, end)) => {
                out.push(ch);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::CodeBlockKind;

    fn lines(markdown: &str) -> String {
        doc_lines(markdown).join("\n")
    }

    /// Re-parses the output the way rustdoc does and checks that nothing in it can warn:
    /// no HTML, no code block other than `text`, no link other than to an absolute URL, no
    /// bare URL in text, no unescaped bracket pair that rustdoc could read as a link.
    fn assert_rustdoc_safe(output: &[String]) {
        let joined = output.join("\n");
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_SMART_PUNCTUATION;
        let mut broken = Vec::new();
        let mut callback = |link: pulldown_cmark::BrokenLink<'_>| {
            broken.push(link.reference.to_string());
            None
        };
        let parser = Parser::new_with_broken_link_callback(&joined, options, Some(&mut callback));
        let mut in_link = 0;
        for event in parser {
            match event {
                Event::Html(html) | Event::InlineHtml(html) => panic!("HTML {html:?} in {joined}"),
                Event::Start(Tag::CodeBlock(kind)) => {
                    assert_eq!(kind, CodeBlockKind::Fenced("text".into()), "in {joined}");
                }
                Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                    in_link += 1;
                    let absolute = LINK_SCHEMES.iter().any(|s| dest_url.to_ascii_lowercase().starts_with(s));
                    assert!(absolute || link_type == LinkType::Email, "link to {dest_url:?} in {joined}");
                }
                Event::End(TagEnd::Link) => in_link -= 1,
                Event::Text(text) if in_link == 0 => {
                    assert!(find_bare_url(&text).is_none(), "bare URL in {text:?}: {joined}");
                }
                Event::FootnoteReference(label) => panic!("footnote {label} in {joined}"),
                Event::TaskListMarker(_) => panic!("task marker in {joined}"),
                _ => {}
            }
        }
        assert!(broken.is_empty(), "broken links {broken:?} in {joined}");
        for line in output {
            assert_eq!(line.trim_end(), line, "trailing whitespace");
            assert!(!line.contains('\t') && !line.chars().any(char::is_control), "{line:?}");
        }
        assert!(output.first().is_none_or(|l| !l.is_empty()), "leading blank: {joined}");
        assert!(output.last().is_none_or(|l| !l.is_empty()), "trailing blank: {joined}");
        assert!(!joined.contains("\n\n\n"), "double blank: {joined}");
    }

    /// Every case; also fed through `assert_rustdoc_safe` as a whole.
    const CASES: &[(&str, &str)] = &[
        // Plain corpus prose, first line indented by the page, continuation at column 0.
        (
            "    Arbitrary data set by the Conversation API clients.\nUp to 1024 characters long.",
            "Arbitrary data set by the Conversation API clients.\nUp to 1024 characters long.",
        ),
        // Links kept as links (conversation/app pages).
        (
            "The ID of the app you can find this on the [Sinch Dashboard](https://dashboard.sinch.com/convapi/apps).",
            "The ID of the app you can find this on the [Sinch Dashboard](https://dashboard.sinch.com/convapi/apps).",
        ),
        (
            "Overwrites the default callback url (using the [callback_url field](https://developers.sinch.com/docs/conversation/api-reference/conversation/tag/Messages/#tag/Messages/operation/Messages_SendMessage!path=callback_url&t=request)).",
            "Overwrites the default callback url (using the [callback_url field](https://developers.sinch.com/docs/conversation/api-reference/conversation/tag/Messages/#tag/Messages/operation/Messages_SendMessage!path=callback_url&t=request)).",
        ),
        // Bare URL with a trailing full stop (app-createapp.md).
        (
            "Optional. The BCP-47 language code, such as \"en-US\" or \"sr-Latn\". For more information, see http://www.unicode.org/reports/tr35/#Unicode_locale_identifier. English is the default language_code.",
            "Optional. The BCP-47 language code, such as \"en-US\" or \"sr-Latn\". For more information, see <http://www.unicode.org/reports/tr35/#Unicode_locale_identifier>. English is the default language_code.",
        ),
        // Template URL with brackets (events-sendevent.md).
        (
            "The REST URL should be of the form: http://host[:port]/path",
            "The REST URL should be of the form: `http://host[:port]/path`",
        ),
        // Stray brackets (app pages: retention policy).
        ("The valid values for this field are [1 - 3650].", "The valid values for this field are \\[1 - 3650\\]."),
        ("See [Foo] and [Bar][] and [x](Baz).", "See \\[Foo\\] and \\[Bar\\]\\[\\] and x."),
        ("A [relative link](/docs/x) and [anchor](#tag).", "A relative link and anchor."),
        // Placeholders in braces stay; templating tags go.
        ("/v1/projects/{project_id}/apps/{app_id}", "/v1/projects/{project_id}/apps/{app_id}"),
        (
            "{% admonition type=\"info\" name=\"Note:\" %}\n\nIf you would like help, review our [Getting\nStarted\nguide](https://developers.sinch.com/docs/conversation/getting-started/).\n\n{% /admonition %}\n\nThe Conversation API endpoint uses built-in transcoding.",
            "**Note:**\n\nIf you would like help, review our [Getting\nStarted\nguide](https://developers.sinch.com/docs/conversation/getting-started/).\n\nThe Conversation API endpoint uses built-in transcoding.",
        ),
        ("Intro.\n\n{% partial file=\"/partials/authentication/oauth/_intro.md\"/ %}\n\nOutro.", "Intro.\n\nOutro."),
        ("Inline {% if x %}kept{% endif %} text.", "Inline kept text."),
        ("Unclosed {% tag stays.", "Unclosed {% tag stays."),
        // Inline HTML.
        (
            "- <code>CONTACT</code> - ID of contact created by calling **Create contact**\nrequest.",
            "- `CONTACT` - ID of contact created by calling **Create contact**\n  request.",
        ),
        ("A <b>bold</b> word<br>next line<br/>", "A bold word\\\nnext line"),
        (
            "Go <a href=\"https://example.com/a?b=1&amp;c=2\">here</a> now.",
            "Go [here](https://example.com/a?b=1&c=2) now.",
        ),
        ("<a href=\"/relative\">rel</a> and <a name=\"x\">anchor</a>", "rel and anchor"),
        (
            "\"response_json\":\"{\\\"flow_token\\\": \\\"<FLOW_TOKEN>\\\", \\\"p\\\": \\\"<value1>\\\"}\"",
            "\"response_json\":\"{\"flow_token\": \"\\<FLOW_TOKEN\\>\", \"p\": \"\\<value1\\>\"}\"",
        ),
        ("Use `Vec<u8>` or Vec<u8> here.", "Use `Vec<u8>` or Vec\\<u8\\> here."),
        ("<p>First</p><p>Second</p>", "First\n\nSecond"),
        // conversation.yaml, KakaoTalk coupon: an HTML block with `<p>`, `<b>`, `<code>`.
        (
            "<p>Fixed discount coupon with with the following title: \"<code>discount_fixed</code> 원 할인 쿠폰\" (translates to: \"<code>discount_fixed</code> won discount coupon\")</p>\n<p><b>One of the following fields is required: <code>link_mo</code>, <code>scheme_android</code>, <code>scheme_ios</code></b></p>",
            "Fixed discount coupon with with the following title: \"`discount_fixed` 원 할인 쿠폰\" (translates to: \"`discount_fixed` won discount coupon\")\n\nOne of the following fields is required: `link_mo`, `scheme_android`, `scheme_ios`",
        ),
        ("Text <!-- a comment --> more", "Text  more"),
        ("Autolink <https://webhook.site/> here.", "Autolink <https://webhook.site/> here."),
        ("Mail <someone@example.com>.", "Mail <someone@example.com>."),
        // Fenced code becomes text; a fence inside gets a longer fence.
        (
            "All responses include:\n\n```json\n{\n  \"error\": {\n    \"code\": 401\n  }\n}\n```\n\nDone.",
            "All responses include:\n\n```text\n{\n  \"error\": {\n    \"code\": 401\n  }\n}\n```\n\nDone.",
        ),
        ("````\n```rust\nfn main() {}\n```\n````", "````text\n```rust\nfn main() {}\n```\n````"),
        ("```\nunclosed\ncode", "```text\nunclosed\ncode\n```"),
        // Indentation: uniformly indented prose is prose; relative indentation after a blank
        // line is code and is fenced; content of list items keeps its place.
        ("    First line.\n    Second line.\n\n    Third paragraph.", "First line.\nSecond line.\n\nThird paragraph."),
        ("Intro:\n\n    let x = 1;\n\nAfter.", "Intro:\n\n```text\nlet x = 1;\n```\n\nAfter."),
        ("    Intro:\n\n        let x = 1;", "Intro:\n\n```text\nlet x = 1;\n```"),
        ("1. a\n\n   ```\n   code\n   ```", "1. a\n\n   ```text\n   code\n   ```"),
        ("- item\n\n      indented code", "- item\n\n  ```text\n  indented code\n  ```"),
        (
            "  - `project_id` (string, required)\n    The unique ID of the project.",
            "- `project_id` (string, required)\n  The unique ID of the project.",
        ),
        // Lists: bullets, ordered lists interrupting a paragraph, continuation indented.
        (
            "Important notes:\n\n - If you send a message, the original metadata will continue.\n - The conversation_metadata only accepts json objects.\n\nCurrently only returned.",
            "Important notes:\n\n- If you send a message, the original metadata will continue.\n- The conversation_metadata only accepts json objects.\n\nCurrently only returned.",
        ),
        (
            "Which channels the API will try and their priority is defined by:\n1. channel_priority_order if available.\n2. recipient.identified_by.channel_identities if available.",
            "Which channels the API will try and their priority is defined by:\n\n1. channel_priority_order if available.\n2. recipient.identified_by.channel_identities if available.",
        ),
        (
            "* outer\n  * inner one\n  * inner two\n* second\nlazy continuation",
            "- outer\n  - inner one\n  - inner two\n- second\n  lazy continuation",
        ),
        ("3. three\n4. four", "3. three\n4. four"),
        ("- first\n\n  second paragraph\n- next", "- first\n\n  second paragraph\n- next"),
        ("-\n- b", "- b"),
        // Text that would become block syntax if written back naively.
        ("Escaped \\- dash\n\\# not a heading\n1\\. not a list", "Escaped - dash\n\\# not a heading\n1\\. not a list"),
        ("a_b _c_ d_ *e* 5 * 3 ~x~ a|b &amp;copy; &copy;", "a_b *c* d\\_ *e* 5 \\* 3 ~~x~~ a\\|b \\&copy; ©"),
        ("Headings\n# Title #\n## Sub", "Headings\n\n# Title\n\n## Sub"),
        ("Setext\n===", "# Setext"),
        ("> quoted\n> more\n\nafter", "> quoted\n> more\n\nafter"),
        ("para\n\n---\n\nnext", "para\n\n***\n\nnext"),
        // Tables survive, pipes in cells escaped.
        (
            "| Variable | Value |\n| -------- | ----- |\n| <code>PROJECT</code> | Your PROJECT ID |\n| `a\\|b` | x \\| y |",
            "| Variable | Value |\n| --- | --- |\n| `PROJECT` | Your PROJECT ID |\n| `a\\|b` | x \\| y |",
        ),
        // Whitespace, control and bidi characters.
        ("a\tb\r\nc\u{202e}d\u{0}e", "a    b\ncde"),
        ("\n\n   \n", ""),
        ("", ""),
        ("trailing   \n\n\n\nlines\n\n\n", "trailing\n\nlines"),
        // Links whose text is the URL, empty text, nested image, and odd destinations.
        ("[https://a.example/x](https://a.example/x)", "<https://a.example/x>"),
        ("[](https://a.example/x)", "<https://a.example/x>"),
        ("[![badge](https://img.example/b.svg)](https://a.example/)", "[badge](https://a.example/)"),
        ("![alt text](https://img.example/b.png)", "[alt text](https://img.example/b.png)"),
        ("[x](<https://a.example/a b>)", "[x](https://a.example/a%20b)"),
        ("[x](https://a.example/(paren))", "[x](https://a.example/%28paren%29)"),
        (
            "see https://a.example/x_(y) and (https://a.example/z).",
            "see <https://a.example/x_(y)> and (<https://a.example/z>).",
        ),
        ("not a url: http:// or xhttp://a.b", "not a url: http:// or x<http://a.b>"),
        (
            "[link with https://inner.example text](https://a.example/)",
            "[link with https://inner.example text](https://a.example/)",
        ),
    ];

    #[test]
    fn renders_each_case() {
        for (input, expected) in CASES {
            assert_eq!(lines(input), *expected, "input: {input:?}");
        }
    }

    #[test]
    fn every_case_is_rustdoc_safe() {
        for (input, _) in CASES {
            assert_rustdoc_safe(&doc_lines(input));
        }
    }

    #[test]
    fn hostile_inputs_are_rustdoc_safe() {
        let inputs = [
            "[",
            "]",
            "[]",
            "[[x]]",
            "[x]: https://a.example",
            "[^1]",
            "- [ ] task",
            "<",
            ">",
            "<<>>",
            "`",
            "``",
            "```",
            "~~~\ncode",
            "    indented",
            "\\",
            "*",
            "**",
            "_",
            "&",
            "&#0;",
            "&#x202e;",
            "<a href=\"https://a.example\">",
            "</a>",
            "<code>",
            "</code>",
            "<code>x",
            "<a href='https://a.example'><a href='https://b.example'>x</a></a>",
            "*a <a href=\"https://a.example\">b* c</a>",
            "<div>\n<p>block</p>\n</div>",
            "<table><tr><td>a</td><td>b</td></tr></table>",
            "<script>alert(1)</script>",
            "<img src=x onerror=y>",
            "{%",
            "%}",
            "{% %}",
            "{{ var }}",
            "| a |\n| - |",
            "1. a\n\n   ```\n   code\n   ```",
            "> - a\n>   b",
            "#",
            "# ",
            "=\n=",
            "-\n-",
            "http://",
            "https://[::1]:8080/x",
            "http://a.example/<b>",
            "x\u{2028}y",
            "a  \nb",
            "a\\\nb",
            "trailing hard break  ",
            "***bold italic***",
            "[a](https://a.example \"title\")",
            "[a][ref]\n\n[ref]: https://a.example",
            "<https://a.example/a_b_c>",
            "<mailto:a@b.example>",
            "H~2~O",
            "^sup^",
            "| a | b |\n|---|---|\n| <br> | x<br>y |",
            "- <p>a</p>\n- b",
            "1) one\n2) two",
        ];
        for input in inputs {
            assert_rustdoc_safe(&doc_lines(input));
        }
    }

    /// The `info.description` of `/work/shared/corpus/openapi/conversation.yaml` up to the
    /// error table: headings, admonitions, partials, tables with `<code>`, autolinks, a
    /// bullet list with HTML, a fenced JSON block.
    const OPENAPI_INFO: &str = r#"# Overview

Send and receive messages globally over SMS, RCS, WhatsApp, Viber Business, Facebook messenger and other [popular channels](https://developers.sinch.com/docs/conversation/channel-support/) using the Sinch Conversation API.

{% admonition type="info" name="Note:" %}

If you would like help setting up your Conversation API solution, and want to quickly get started sending and receiving messages, review our [Getting Started guide](https://developers.sinch.com/docs/conversation/getting-started/).

{% /admonition %}

The Conversation API endpoint uses built-in transcoding to give you the power of conversation across all supported channels and, if required, full control over channel specific features.

## Authentication

## OAuth2.0 authentication

{% partial file="/partials/authentication/oauth/_intro.md"/ %}

{% partial file="/partials/authentication/oauth/_instructions.md"/ %}

## Basic authentication

{% partial file="/partials/authentication/basic/_intro.md"/ %}

{% partial file="/partials/authentication/basic/_instructions.md"/ %}

## Base URL

The following URLs can be used when making calls to the Conversation API:

|Server|URL|
|------|---|
|Conversation API (US Production)|`https://us.conversation.api.sinch.com`|
|Conversation API (EU Production)|`https://eu.conversation.api.sinch.com`|
|Conversation API (BR Production)|`https://br.conversation.api.sinch.com`|

Note that, when making a call to the Conversation API or Template Management API, you must target the regional server that corresponds to the region in which you created your Conversation API app.

## Postman collection

Sinch offers a Postman collection for easy setup and testing during development. Our [Postman collection page](https://developers.sinch.com/docs/conversation/postman-collection) has a link to the JSON format of the collection.

After importing the collection into Postman, fill in the following variables:

| Variable | Value |
| -------- | ----- |
| <code>PROJECT</code> | Your PROJECT ID |
| <code>APP</code> | Your app ID |
| <code>CLIENT_ID</code> | Your CLIENT_ID |
| <code>CLIENT_SECRET</code> | Your client secret |

For testing purposes, fill the WEBHOOK_URL by visiting <https://webhook.site/> and use the generated link - the one under the **Your unique URL** label.

{% admonition type="warning" name="Caution:" %}

The <https://webhook.site/> URL given above should only be used for testing purposes. Using the Conversation API can generate high volumes of callbacks, which can easily exceed the TPS limits of certain webhook services. Additionally, sensitive information may be included in the callback, including message content and contact information. Ensure that you use a scalable and secure callback/webhook processor after your initial testing is complete.

{% /admonition %}

Values for other variables can be obtained by calling corresponding requests:

- <code>CONTACT</code> - ID of contact created by calling **Create contact** request.
- <code>WEBHOOK_ID</code> - ID of webhook created by calling **Create webhook** request.
- <code>CONVERSATION</code> - In Conversation mode, a Conversation is created automatically when sending a new message. For example, with a Text Message request, send a message, then call [List conversations](https://developers.sinch.com/reference#conversation_listconversations) to get the ID of the conversation for this variable.

## Errors

When requests are erroneous, the Sinch Conversation API will respond with standard HTTP status codes, such as <code>4xx</code> for client errors. All responses include a JSON body of the form:

```json
{
  "error": {
    "code": 401,
    "message": "Request had invalid credentials.",
    "status": "UNAUTHENTICATED",
    "details": [{
      "@type": "type.googleapis.com/google.rpc.RetryInfo",
      ...
    }]
  }
}
```

The table below describes the fields of the error object:

| Name    | Description                         | JSON Type        |
| ------- | ----------------------------------- | ---------------- |
| Code    | HTTP status code                    | Number           |
| Message | A developer-facing error message    | String           |
| Status  | Response status name                | String           |
| Details | List of detailed error descriptions | Array of objects |"#;

    #[test]
    fn openapi_info_description() {
        let output = doc_lines(OPENAPI_INFO);
        assert_rustdoc_safe(&output);
        for expected in [
            "# Overview",
            "**Note:**",
            "**Caution:**",
            "| Server | URL |",
            "| Conversation API (US Production) | `https://us.conversation.api.sinch.com` |",
            "| `CLIENT_SECRET` | Your client secret |",
            "- `CONTACT` - ID of contact created by calling **Create contact** request.",
            "```text",
            "  \"error\": {",
            "For testing purposes, fill the WEBHOOK_URL by visiting <https://webhook.site/> and use the generated link - the one under the **Your unique URL** label.",
        ] {
            assert!(output.iter().any(|line| line == expected), "{expected:?} not in {output:#?}");
        }
        assert!(!output.iter().any(|line| line.contains("{%") || line.contains("partial")));
    }

    /// The fast path for plain lines must give what the renderer gives.
    fn assert_same_as_renderer(text: &str) {
        if plain_line(text).is_some() {
            assert_eq!(doc_lines(text), render(text), "{text:?}");
        }
    }

    #[test]
    fn plain_lines_match_the_renderer_on_the_corpus() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut pages = Vec::new();
        let mut folders = vec![root.join("specs"), root.join("tests/fixtures")];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "md" || e == "txt") {
                    pages.push(path);
                }
            }
        }
        let mut plain = 0;
        for page in &pages {
            let text = std::fs::read_to_string(page).unwrap();
            // Every line and every sentence of every page: descriptions are made of these.
            for line in text.lines() {
                for piece in std::iter::once(line).chain(line.split(". ")).chain(line.split(": ")) {
                    plain += usize::from(plain_line(piece).is_some());
                    assert_same_as_renderer(piece);
                }
            }
        }
        assert!(pages.len() > 100 && plain > 10_000, "{} pages, {plain} plain lines", pages.len());
    }

    proptest::proptest! {
        #[test]
        fn plain_lines_match_the_renderer(text in "[ -~]{0,40}") {
            assert_same_as_renderer(&text);
        }

        #[test]
        fn plain_alphabet_lines_match_the_renderer(text in "[a-zA-Z0-9 .,;:'\"()?/%!$+=-]{0,40}") {
            assert_same_as_renderer(&text);
        }
    }

    /// The characters no generated comment may carry, for the tests below.
    const UNSAFE: &[char] = &[
        '\u{0}', '\u{7}', '\u{8}', '\u{b}', '\u{c}', '\r', '\u{1b}', '\u{7f}', '\u{85}', '\u{9b}', '\u{202a}',
        '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200e}',
        '\u{200f}', '\u{61c}', '\u{2028}', '\u{2029}',
    ];

    #[test]
    fn unsafe_characters_are_refused_everywhere() {
        for &ch in UNSAFE {
            assert!(is_unsafe_char(ch), "{ch:?}");
            let text = format!("a{ch}b `c{ch}d` <e{ch}f> [g{ch}](https://h{ch}.example) &#{};", ch as u32);
            for doc in [Doc::prose(&text), Doc::line(&text), Doc::code(&text), Doc::prose(&text).flatten()] {
                assert_rustdoc_safe(doc.lines());
                for line in doc.lines() {
                    assert!(!line.chars().any(is_unsafe_char), "{ch:?} in {line:?}");
                }
            }
        }
        for ch in ['a', ' ', '\u{e9}', '\u{540d}', '\u{200d}', '\u{a0}'] {
            assert!(!is_unsafe_char(ch), "{ch:?}");
        }
    }

    /// The reported doctest: an enum value holding a fence. As code it is one line, shown
    /// exactly (escaped), in a span whose fence is longer than the value's backticks.
    #[test]
    fn code_spans_cannot_open_a_block() {
        let value = "A\n\n```\nfn main() { std::process::exit(1) }\n```";
        let doc = Doc::code(value);
        assert_eq!(doc.lines(), ["```` A\\n\\n```\\nfn main() { std::process::exit(1) }\\n``` ````"]);
        assert_rustdoc_safe(doc.lines());
        assert_eq!(Doc::code("a\u{202e}b\rc").lines(), ["`a\\u{202e}b\\rc`"]);
        assert_eq!(Doc::code("`x`").lines(), ["`` `x` ``"]);
        assert_eq!(Doc::code("<img src=x onerror=alert(1)>").lines(), ["`<img src=x onerror=alert(1)>`"]);
        assert_eq!(Doc::code("").lines(), ["` `"]);
        for value in ["`", "``", "```", "````\n````", " ` ", "~~~\nx\n~~~", "    indented", "\n    fn f() {}"] {
            assert_rustdoc_safe(Doc::code(value).lines());
            // The span's content reads back as the value (escaped).
            let parsed: Vec<String> = Parser::new(&Doc::code(value).lines().join("\n"))
                .filter_map(|e| if let Event::Code(code) = e { Some(code.to_string()) } else { None })
                .collect();
            assert_eq!(parsed, [escape_unsafe(value)], "{value:?}");
        }
    }

    #[test]
    fn plain_lines_are_escaped() {
        assert_eq!(Doc::line("<script>alert(1)</script>").lines(), ["\\<script\\>alert(1)\\</script\\>"]);
        assert_eq!(Doc::line("# not\n\n```\nfn main() {}\n```").lines(), ["\\# not \\`\\`\\` fn main() {} \\`\\`\\`"]);
        assert_eq!(Doc::line("[x](javascript:alert(1))").lines(), ["\\[x\\](javascript:alert(1))"]);
        assert_eq!(Doc::line("- 1. a_b _c_").lines(), ["\\- 1. a_b \\_c\\_"]);
        assert_eq!(Doc::line("see https://a.example/x.").lines(), ["see <https://a.example/x>."]);
        for text in ["<", "[", "`", "*a*", "1. x", "> q", "    code", "\n\n    code", "&amp;", "https://a.example"] {
            let doc = Doc::line(text);
            assert_eq!(doc.lines().len(), 1, "{text:?}");
            assert_rustdoc_safe(doc.lines());
        }
    }

    #[test]
    fn links_keep_only_web_and_mail_schemes() {
        for (input, expected) in [
            ("[click](javascript:alert(1))", "click"),
            ("<javascript:alert(2)>", "javascript:alert(2)"),
            ("<data:text/html,x>", "data:text/html,x"),
            ("<a href=\"javascript:alert(3)\">x</a>", "x"),
            ("[f](ftp://a.example/x) [t](tel:123)", "f t"),
            ("<https://a.example/x>", "<https://a.example/x>"),
            ("<mailto:a@b.example>", "<mailto:a@b.example>"),
            ("<a@b.example>", "<a@b.example>"),
            ("[m](mailto:a@b.example)", "[m](mailto:a@b.example)"),
        ] {
            assert_eq!(lines(input), expected, "{input:?}");
        }
    }

    #[test]
    fn composition_and_examples() {
        let doc = Doc::fixed("The ").then(Doc::code("x")).then(Doc::fixed(" field.")).paragraph(Doc::prose("Next."));
        assert_eq!(doc.lines(), ["The `x` field.", "", "Next."]);
        assert_eq!(Doc::item("Self::list_apps").lines(), ["[`Self::list_apps`]"]);
        assert_eq!(Doc::item("Self::<script>").lines(), ["`Self::<script>`"]);
        let example = Doc::example(Example::CrateUsage, &["let s = \"```\";".to_owned()]);
        assert_eq!(example.lines(), ["````no_run", "let s = \"```\";", "````"]);
        assert_eq!(Doc::prose("a\n\n```\ncode\n```\n\nb").flatten().lines(), ["a `code` b"]);
        // A code block's lines are verbatim: flattened, they stay code, not HTML or text.
        assert_eq!(
            Doc::prose("x\n\n```json\n{\"html\": \"<p>Hi</p>\"}\n```\n\n> ```\n> <b>q</b>\n> ```").flatten().lines(),
            ["x `{\"html\": \"<p>Hi</p>\"}` `<b>q</b>`"]
        );
        assert_eq!(
            Doc::prose("Use [the `x` field](https://a.example) *now*.").flatten().lines(),
            ["Use the `x` field now."]
        );
        assert!(!is_fixed_line("    indented"));
        assert!(!is_fixed_line("```rust"));
        assert!(!is_fixed_line("<b>"));
        assert!(is_fixed_line(" ("));
    }

    #[test]
    fn helpers() {
        assert_eq!(find_bare_url("x https://a.example/b. y"), Some((2, 21)));
        assert_eq!(find_bare_url("(https://a.example/b)"), Some((1, 20)));
        assert_eq!(find_bare_url("https://"), None);
        assert_eq!(attribute_value(r#"admonition type="info" name="Note:""#, "name"), Some("Note:"));
        assert_eq!(attribute_value(r#"admonition type="info" filename="x""#, "name"), None);
        assert_eq!(decode_entities("a &amp; b &lt;c&gt; &#65;&#x42; &bogus; &"), "a & b <c> AB &bogus; &");
        assert_eq!(link_destination("/relative"), None);
        assert_eq!(link_destination("javascript:alert(1)"), None);
        assert_eq!(link_destination("https://"), None);
        assert_eq!(longest_run("a``b```c", '`'), 3);
        assert_eq!(
            html_tokens("a<b>c</b><x y>z"),
            [
                HtmlToken::Text("a"),
                HtmlToken::Tag { name: "b".into(), closing: false, href: None },
                HtmlToken::Text("c"),
                HtmlToken::Tag { name: "b".into(), closing: true, href: None },
                HtmlToken::Tag { name: "x".into(), closing: false, href: None },
                HtmlToken::Text("z"),
            ]
        );
        assert_eq!(html_tokens("1 < 2 <3"), [HtmlToken::Text("1 < 2 <3")]);
    }
}

//! The page-level grammar: title, prose, `Endpoint:` / `Version:` / `Security:`, sections,
//! and the nesting of one-of variants inside sections.
//!
//! Variant nesting follows indentation on multi-line pages. On collapsed pages, where the
//! indentation is gone, a variant head belongs to the nearest one-of item that is still
//! listing variants, and an item leaves a variant when its name continues an item declared
//! further out, or when the variant already has as many fields as its earlier siblings
//! (`leave_finished_variants`).

use std::path::Path;

use rustc_hash::FxHashSet;

use super::item::{self, LineError};
use super::lines::{self, Line};
use super::{
    EndpointLine, HttpMethod, Item, MAX_ITEMS_PER_PAGE, MAX_NESTING, Page, ParamLocation, Section, SectionKind, Status,
    TypeExpr, Variant,
};
use crate::diagnostic::{Diagnostic, FileId, LineIndex, Span};

/// Parses every page in one file (an `llms-full.txt` holds several). Returns the pages that
/// could be read; a page with problems is reported and left out.
pub fn parse_file(path: &Path, file: FileId, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<Page> {
    parse_pages(path, file, text, diagnostics).pages
}

/// [`parse_file`], and whether the file is no endpoint page at all (see [`ParsedFile`]).
/// `path` is the file's (whose name a collapsed title may repeat), `file` its id.
pub fn parse_pages(path: &Path, file: FileId, text: &str, diagnostics: &mut Vec<Diagnostic>) -> ParsedFile {
    let (lines, line_starts) = lines::split_with_starts(text);
    let index = LineIndex::with_line_starts(file, text, line_starts);
    let lines = &lines[front_matter_end(&lines)..];
    let mut pages = Vec::new();
    if let Some(what) = not_a_page(lines) {
        return ParsedFile { pages, skipped: Some((index.span(0), what)), left_out: Vec::new() };
    }
    let starts = page_starts(lines);
    let Some(&first) = starts.first() else {
        let at = lines.iter().find(|l| !l.is_blank()).map_or(0, |l| l.offset);
        let found = lines.iter().find(|l| !l.is_blank()).map_or("nothing".to_owned(), |l| item::found(l.text));
        diagnostics.push(Diagnostic::expected(index.span(at), "a `# title` line starting the page", found));
        return ParsedFile { pages, skipped: None, left_out: Vec::new() };
    };
    let mut left_out = Vec::new();
    if let Some(stray) = lines[..first].iter().find(|l| !l.is_blank()) {
        if is_title(stray) {
            // A title that leads to no `Endpoint:` line, before the first page: the index of
            // the pages an `llms-full.txt` starts with, or notes.
            let what = "a `# ` heading and what follows it up to the first page lead to no `Endpoint:` line \
                        (an index of the pages, or notes): not part of any page, left out";
            left_out.push((index.span(stray.offset), what.to_owned()));
        } else {
            diagnostics.push(Diagnostic::expected(
                index.span(stray.offset),
                "a `# title` line starting the page",
                item::found(stray.text),
            ));
        }
    }
    for (position, &start) in starts.iter().enumerate() {
        let end = starts.get(position + 1).copied().unwrap_or(lines.len());
        let before = diagnostics.len();
        let mut parser = PageParser { index: &index, path, diagnostics, items: 0 };
        let page = parser.page(&lines[start..end]);
        if let Some(mut page) = page {
            page.size = lines.get(end).map_or(text.len(), |l| l.offset) - lines[start].offset;
            if diagnostics.len() == before {
                pages.push(page);
            }
        }
    }
    ParsedFile { pages, skipped: None, left_out }
}

/// Where a page starts after a YAML front matter block (`---` lines around `key: value`
/// lines), which site generators and scrapers put above the markdown; 0 without one.
fn front_matter_end(lines: &[Line<'_>]) -> usize {
    let is_fence = |line: &Line<'_>| line.text == "---" && line.indent == Some(0);
    match lines.first() {
        Some(first) if first.offset == 0 && is_fence(first) => {
            lines.iter().skip(1).position(is_fence).map_or(0, |close| close + 2)
        }
        _ => 0,
    }
}

/// The pages of one file, or why the file holds none.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFile {
    pub pages: Vec<Page>,
    /// Set for a file that is no endpoint page at all (a `README.md` or `index.md` beside the
    /// pages): where, and why it is left out. Such a file gives no diagnostic.
    pub skipped: Option<(Span, String)>,
    /// Parts of a file of pages that belong to no page, where and why: the tag index at the
    /// top of an `llms-full.txt`.
    pub left_out: Vec<(Span, String)>,
}

/// A file with neither an `Endpoint:` line nor a parameters or fields section is prose (a
/// folder's `README.md`, a guide), not an endpoint page, however it is titled. A file with
/// either is a page, and a broken one is reported.
fn not_a_page(lines: &[Line<'_>]) -> Option<String> {
    let structural = |line: &Line<'_>| {
        let flush = line.indent.is_none_or(|i| i == 0);
        flush && (is_endpoint(line) || line.text.strip_prefix("## ").is_some_and(is_section_heading))
    };
    if lines.iter().any(structural) {
        return None;
    }
    Some(
        "no `Endpoint:` line and no `## ... parameters:` or `## ... fields` section: not an endpoint page, left out"
            .to_owned(),
    )
}

fn is_title(line: &Line<'_>) -> bool {
    line.text.starts_with("# ") && line.indent.is_none_or(|i| i == 0)
}

fn is_endpoint(line: &Line<'_>) -> bool {
    line.text.starts_with("Endpoint:") && line.indent.is_none_or(|i| i == 0)
}

/// A heading that names a section of an endpoint page (its details are checked later).
fn is_section_heading(text: &str) -> bool {
    let parameters = ["Path", "Query", "Header", "Cookie"]
        .iter()
        .any(|p| text.strip_prefix(p).is_some_and(|rest| rest.starts_with(" parameters")));
    parameters
        || text.starts_with("Request fields")
        || text.strip_prefix("Response ").is_some_and(|rest| rest.contains(" fields"))
}

/// An item head as the renderer writes it: `` - `name` ( ``. Prose holding a dash and a code
/// span is not one.
fn is_item_head(text: &str) -> bool {
    text.strip_prefix("- `")
        .and_then(|rest| rest.find('`').map(|close| &rest[close + 1..]))
        .is_some_and(|rest| rest.starts_with(" ("))
}

/// Where the pages of a file start. A flush-left `# ` line is a page's title only when the
/// page follows it: an `Endpoint:` line comes before any section heading or item. A `# `
/// line that is not (a description's line that happens to start with `#`, such as
/// `# $ & ' ( ) * + , / : ; = ? @ [ ]` in a list of reserved characters) is prose.
///
/// Several `# ` lines can reach the same `Endpoint:` line: the title, and a `#` line of the
/// operation's description after it, or of the previous page's last description before it.
/// The title is the first of them followed by a blank line (the renderer always leaves one
/// after the title), else the first. The first `# ` line of a file starts a page even with no
/// `Endpoint:` line, so that a page missing it is reported rather than taken for prose.
fn page_starts(lines: &[Line<'_>]) -> Vec<usize> {
    // Each title line and the `Endpoint:` line reachable from it, in one backward scan.
    let mut titles: Vec<(usize, Option<usize>)> = Vec::new();
    let mut next = None;
    for (index, line) in lines.iter().enumerate().rev() {
        let flush = line.indent.is_none_or(|i| i == 0);
        if is_endpoint(line) {
            next = Some(index);
        } else if (flush && line.text.starts_with("## ")) || is_item_head(line.text) {
            next = None;
        } else if is_title(line) {
            titles.push((index, next));
        }
    }
    titles.reverse();
    // In a file with pages, `# ` lines before the first page are not pages: the tag index an
    // `llms-full.txt` starts with (`# Queues`, then `## Queue placement` and a link per page).
    let has_pages = titles.iter().any(|(_, reach)| reach.is_some());
    let mut starts: Vec<usize> = Vec::new();
    // The `Endpoint:` line of the last start, and whether that start was followed by a blank.
    let mut current: Option<(usize, bool)> = None;
    for (index, reach) in titles {
        let followed_by_blank = lines[index].indent.is_none() || lines.get(index + 1).is_none_or(Line::is_blank);
        match (reach, current) {
            (Some(endpoint), Some((same, blank))) if endpoint == same => {
                if !blank && followed_by_blank {
                    // The earlier `#` line was prose of the previous page; this is the title.
                    if let Some(last) = starts.last_mut() {
                        *last = index;
                    }
                    current = Some((endpoint, true));
                }
            }
            (Some(endpoint), _) => {
                starts.push(index);
                current = Some((endpoint, followed_by_blank));
            }
            (None, _) if starts.is_empty() && !has_pages => {
                starts.push(index);
                current = None;
            }
            (None, _) => {}
        }
    }
    starts
}

struct PageParser<'a, 'd> {
    index: &'a LineIndex<'a>,
    /// The file's path, whose name a collapsed title may repeat.
    path: &'a Path,
    diagnostics: &'d mut Vec<Diagnostic>,
    items: usize,
}

/// An open list of items: a section's top level or one variant of a one-of item.
struct Scope<'t> {
    /// Indentation of the variant head; `None` for the section's top level.
    head_indent: Option<usize>,
    variant: Option<(String, Span)>,
    /// Index, in the enclosing scope's items, of the one-of item this variant belongs to.
    owner: usize,
    items: Vec<Item>,
    /// First segments of the names declared here, to place items on collapsed pages.
    roots: FxHashSet<&'t str>,
    /// Index of the last one-of item in `items`, the owner of a variant head that follows.
    last_one_of: Option<usize>,
    /// Indentation and index in `items` of the items that enclose the next one on a
    /// multi-line page, innermost last.
    nesting: Vec<(usize, usize)>,
    /// The variants already closed of the one-of item `owner` in `items`, summed up so that
    /// placing an item on a collapsed page does not rescan every sibling variant.
    closed: ClosedVariants<'t>,
}

/// What [`leave_finished_variants`] compares an open variant with: the root names of its
/// closed siblings and the most roots any of them has.
#[derive(Default)]
struct ClosedVariants<'t> {
    owner: usize,
    count: usize,
    roots: FxHashSet<&'t str>,
    most: usize,
}

impl<'t> Scope<'t> {
    fn new(head_indent: Option<usize>, variant: Option<(String, Span)>, owner: usize) -> Self {
        Scope {
            head_indent,
            variant,
            owner,
            items: Vec::new(),
            roots: FxHashSet::default(),
            last_one_of: None,
            nesting: Vec::new(),
            closed: ClosedVariants::default(),
        }
    }

    fn top() -> Self {
        Scope::new(None, None, 0)
    }
}

/// Where continuation lines (`Enum:`, `Example:`, prose) currently go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Nothing,
    LastItem,
    /// Right after a variant head: prose here describes the variant and is dropped.
    VariantHead,
}

impl PageParser<'_, '_> {
    fn error(&mut self, offset: usize, expected: impl std::fmt::Display, found: impl std::fmt::Display) {
        self.diagnostics.push(Diagnostic::expected(self.index.span(offset), expected, found));
    }

    fn line_error(&mut self, line: &Line<'_>, skip: usize, error: LineError) {
        let at = line.offset + skip + error.at.min(line.text.len().saturating_sub(skip));
        self.error(at, error.expected, error.found);
    }

    fn page(&mut self, lines: &[Line<'_>]) -> Option<Page> {
        let title_line = lines[0];
        let heading = title_line.text["# ".len()..].trim();
        let (mut title, mut description) = if title_line.indent.is_none() {
            let path = lines.iter().find_map(|l| l.text.strip_prefix("Endpoint:")).unwrap_or_default();
            let stem = self.path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
            split_collapsed_title(heading, path, &stem)
        } else {
            (heading.to_owned(), String::new())
        };
        let mut deprecated = false;
        let lower = title.to_ascii_lowercase();
        if let Some(stripped) = lower.strip_suffix("(deprecated)") {
            deprecated = true;
            title.truncate(stripped.trim_end().len());
        }
        let title_span = self.index.span(title_line.offset + 2);

        let mut endpoint: Option<EndpointLine> = None;
        let mut saw_endpoint = false;
        let mut version = None;
        let mut security = Vec::new();
        let mut position = 1;
        // Prose and the endpoint block, up to the first section heading.
        while position < lines.len() && !lines[position].text.starts_with("## ") {
            let line = lines[position];
            position += 1;
            if let Some(rest) = line.text.strip_prefix("Endpoint:") {
                if let Some(first) = &endpoint {
                    let span = self.index.span(line.offset);
                    let diagnostic = Diagnostic::expected(span, "one `Endpoint:` line per page", "a second one")
                        .with_related(first.method_span.clone(), "the first `Endpoint:` line is here");
                    self.diagnostics.push(diagnostic);
                    continue;
                }
                saw_endpoint = true;
                endpoint = self.endpoint_line(line, rest);
            } else if let Some(rest) = line.text.strip_prefix("Version:").filter(|_| endpoint.is_some()) {
                version = Some(rest.trim().to_owned());
            } else if let Some(rest) = line.text.strip_prefix("Security:").filter(|_| endpoint.is_some()) {
                security = rest.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
            } else if line.text.starts_with("- `") {
                self.error(line.offset, "a `## ...` section heading before the first item", item::found(line.text));
            } else if endpoint.is_none() {
                push_prose(&mut description, line.text);
            }
        }
        let Some(endpoint) = endpoint else {
            if saw_endpoint {
                return None;
            }
            let found = lines.get(position).map_or("the end of the page".to_owned(), |l| item::found(l.text));
            let at = lines.get(position).map_or(title_line.offset, |l| l.offset);
            self.error(at, "an `Endpoint: METHOD /path` line", found);
            return None;
        };

        let mut sections = Vec::new();
        while position < lines.len() {
            let heading = lines[position];
            let end = lines[position + 1..]
                .iter()
                .position(|l| l.text.starts_with("## ") && l.indent.is_none_or(|i| i == 0))
                .map_or(lines.len(), |p| position + 1 + p);
            if let Some(section) = self.section(heading, &lines[position + 1..end]) {
                sections.push(section);
            }
            position = end;
        }
        Some(Page {
            title,
            title_span,
            deprecated,
            description: description.trim().to_owned(),
            endpoint,
            version,
            security,
            sections,
            size: 0,
        })
    }

    fn endpoint_line(&mut self, line: Line<'_>, rest: &str) -> Option<EndpointLine> {
        let start = line.offset + line.text.len() - rest.len();
        let trimmed = rest.trim_start();
        let method_at = start + rest.len() - trimmed.len();
        let mut parts = trimmed.splitn(2, ' ');
        let method = parts.next().unwrap_or_default();
        let path = parts.next().unwrap_or_default().trim();
        if method.is_empty() {
            self.error(method_at, "an HTTP method after `Endpoint:`", "nothing");
            return None;
        }
        let Some(parsed) = HttpMethod::parse(method) else {
            let all: Vec<&str> = HttpMethod::ALL.iter().map(|m| m.as_str()).collect();
            self.error(method_at, format!("an HTTP method ({})", all.join(", ")), item::found(method));
            return None;
        };
        let path_at = method_at + method.len() + 1;
        // A webhook's "path" is its name, which may hold spaces (`POST Audit Log Created`).
        let webhook = !path.starts_with('/');
        if path.is_empty() || (!webhook && path.contains(char::is_whitespace)) {
            self.error(path_at.min(line.offset + line.text.len()), "a path after the method", item::found(path));
            return None;
        }
        Some(EndpointLine {
            method: parsed,
            method_span: self.index.span(method_at),
            path: path.to_owned(),
            path_span: self.index.span(path_at),
        })
    }

    fn section(&mut self, heading: Line<'_>, body: &[Line<'_>]) -> Option<Section> {
        let text = heading.text["## ".len()..].trim();
        let (kind, media_type) = match self.section_heading(text) {
            Ok(parsed) => parsed,
            Err((at, expected, found)) => {
                self.error(heading.offset + 3 + at, expected, item::found(found));
                return None;
            }
        };
        let span = self.index.span(heading.offset);
        let items = self.items(body);
        let heading_end = heading.offset + heading.text.len();
        // A body that is not blank but gave no items was already reported line by line.
        if items.is_empty() && media_type.is_some() && body.iter().all(Line::is_blank) {
            self.error(
                heading_end,
                "at least one ``- `name` (type)`` item after a heading with a media type (is the page truncated?)",
                "the end of the section",
            );
        }
        let has_body = matches!(kind, SectionKind::Request | SectionKind::Response(_));
        if has_body && media_type.is_none() && !items.is_empty() {
            // Items under a bare heading would otherwise be dropped without a word.
            self.error(
                heading_end,
                "a media type such as `(application/json):` on a heading followed by items",
                "the end of the heading",
            );
        }
        Some(Section { kind, span, media_type, items })
    }

    /// `Path parameters:`, `Request fields (application/json):`, `Response 4XX fields (...):`.
    fn section_heading<'t>(&self, text: &'t str) -> Result<(SectionKind, Option<String>), (usize, String, &'t str)> {
        let expected = "a section heading (`Path parameters:`, `Query parameters:`, `Header parameters:`, \
                        `Cookie parameters:`, `Request fields (media/type):`, `Response 200 fields (media/type):`)";
        for (prefix, location) in [
            ("Path parameters", ParamLocation::Path),
            ("Query parameters", ParamLocation::Query),
            ("Header parameters", ParamLocation::Header),
            ("Cookie parameters", ParamLocation::Cookie),
        ] {
            if let Some(rest) = text.strip_prefix(prefix) {
                if rest.trim_end_matches(':').is_empty() {
                    return Ok((SectionKind::Parameters(location), None));
                }
            }
        }
        let (kind, rest, rest_at) = if let Some(rest) = text.strip_prefix("Request fields") {
            (SectionKind::Request, rest, "Request fields".len())
        } else if let Some(rest) = text.strip_prefix("Response ") {
            let Some((status, tail)) = rest.split_once(" fields") else {
                return Err((0, expected.to_owned(), text));
            };
            let Some(parsed) = Status::parse(status) else {
                return Err(("Response ".len(), "a status code (`100`-`599`, `4XX`, `default`)".to_owned(), status));
            };
            (SectionKind::Response(parsed), tail, "Response ".len() + status.len() + " fields".len())
        } else {
            return Err((0, expected.to_owned(), text));
        };
        let rest = rest.trim();
        if rest.is_empty() || rest == ":" {
            return Ok((kind, None));
        }
        let media = rest.strip_suffix(':').unwrap_or(rest).trim();
        match media.strip_prefix('(').and_then(|m| m.strip_suffix(')')) {
            Some(media) if media.contains('/') && !media.contains(char::is_whitespace) => {
                Ok((kind, Some(media.to_owned())))
            }
            _ => Err((rest_at, "a media type in parentheses such as `(application/json):`".to_owned(), rest)),
        }
    }

    fn items<'t>(&mut self, body: &[Line<'t>]) -> Vec<Item> {
        let mut stack = vec![Scope::top()];
        let mut target = Target::Nothing;
        // End offset and name of the latest variant head, for a section that stops after one.
        let mut last_variant_head: Option<(usize, &str)> = None;
        // Indentation of the latest item head: the markers of its continuation lines are
        // indented deeper, so a flush-left `Example:` or `Enum:` is a line of its description.
        let mut item_indent: Option<usize> = None;
        for line in body {
            if line.is_blank() {
                if target == Target::LastItem {
                    if let Some(item) = stack.last_mut().and_then(|s| s.items.last_mut()) {
                        if !item.description.is_empty() && !item.description.ends_with('\n') {
                            item.description.push_str("\n\n");
                        }
                    }
                }
                continue;
            }
            let text = line.text;
            let under_item =
                target == Target::LastItem && matches!((line.indent, item_indent), (Some(i), Some(h)) if i <= h);
            let flush_under_item = under_item && line.indent == Some(0);
            if text.starts_with("- `") {
                self.items += 1;
                if self.items > MAX_ITEMS_PER_PAGE {
                    self.error(line.offset, format!("at most {MAX_ITEMS_PER_PAGE} items in a page"), "more");
                    return close_all(stack);
                }
                let head = match item::parse_head(text) {
                    Ok(head) => head,
                    Err(error) => {
                        self.line_error(line, 0, error);
                        target = Target::Nothing;
                        continue;
                    }
                };
                leave_scopes_for_item(&mut stack, line, &head.name);
                // The name as it sits in the line (`- \`name\``), borrowed from the page.
                let name = &text[3..3 + head.name.len()];
                let root = name.split('.').next().unwrap_or_default();
                let scope = stack.last_mut().expect("the top scope is never popped");
                scope.roots.insert(root);
                let mut head = head;
                if let Some(indent) = line.indent {
                    // Items indented under an item, without its name as a prefix, are its
                    // children (a `(any)` item's fields): their names continue its name.
                    while scope.nesting.last().is_some_and(|(at, _)| *at >= indent) {
                        scope.nesting.pop();
                    }
                    if let Some(parent) = scope.nesting.last().and_then(|&(_, i)| scope.items.get(i)) {
                        let parent = parent.name.as_str();
                        let prefixed = head.name.strip_prefix(parent).is_some_and(|r| r.starts_with('.'));
                        if !prefixed {
                            head.name = format!("{parent}.{}", head.name);
                        }
                    }
                    scope.nesting.push((indent, scope.items.len()));
                }
                if head.one_of.is_some() || matches!(head.ty, TypeExpr::Alternatives(_)) {
                    scope.last_one_of = Some(scope.items.len());
                }
                scope.items.push(Item {
                    name: head.name,
                    span: self.index.span(line.offset + 3),
                    ty: head.ty,
                    required: head.required,
                    one_of: head.one_of,
                    description: head.trailing,
                    enum_values: None,
                    enum_span: None,
                    example: None,
                    variants: Vec::new(),
                });
                target = Target::LastItem;
                item_indent = line.indent;
            } else if let Some(name) = variant_head(text).filter(|_| !flush_under_item) {
                if !self.open_variant(&mut stack, line, name) {
                    target = Target::Nothing;
                    continue;
                }
                target = Target::VariantHead;
                last_variant_head = Some((line.offset + text.len(), name));
            } else if let Some(rest) = text.strip_prefix("Enum:").filter(|_| !under_item) {
                let parsed = item::parse_enum(rest.trim());
                match (parsed, target) {
                    (Ok(spec), Target::LastItem) => {
                        let value_at = line.offset + text.len() - rest.trim_start().len();
                        if let Some(item) = stack.last_mut().and_then(|s| s.items.last_mut()) {
                            item.enum_values = Some(spec);
                            item.enum_span = Some(self.index.span(value_at));
                        }
                    }
                    (Ok(_), _) => self.error(line.offset, "an item before `Enum:`", item::found(text)),
                    (Err(error), _) => self.line_error(line, text.len() - rest.trim().len(), error),
                }
            } else if let Some(rest) = text.strip_prefix("Example:").filter(|_| !under_item) {
                let parsed = item::parse_example(rest.trim());
                match (parsed, target) {
                    // Collapsed, the line's indentation is gone; the renderer writes examples
                    // as JSON, so text that does not even start like JSON is prose of the
                    // description (`Example:` then `* GET /x?offset=10`).
                    (Err(_), Target::LastItem) if line.indent.is_none() && !starts_like_json(rest) => {
                        if let Some(item) = stack.last_mut().and_then(|s| s.items.last_mut()) {
                            push_prose(&mut item.description, text);
                        }
                    }
                    (Ok(value), Target::LastItem) => {
                        if let Some(item) = stack.last_mut().and_then(|s| s.items.last_mut()) {
                            item.example = Some(value);
                        }
                    }
                    (Ok(_), _) => self.error(line.offset, "an item before `Example:`", item::found(text)),
                    (Err(error), _) => self.line_error(line, text.len() - rest.trim().len(), error),
                }
            } else {
                match target {
                    Target::LastItem => {
                        if let Some(item) = stack.last_mut().and_then(|s| s.items.last_mut()) {
                            push_prose(&mut item.description, text);
                        }
                    }
                    Target::VariantHead => {}
                    Target::Nothing => {
                        self.error(line.offset, "an item such as ``- `name` (string)``", item::found(text));
                    }
                }
            }
        }
        if let (Target::VariantHead, Some((at, name))) = (target, last_variant_head) {
            // Every variant lists its fields; a section ending on a variant head was cut short.
            self.error(
                at,
                format!("the fields of variant `{name}` after its heading (is the page truncated?)"),
                "the end of the section",
            );
        }
        for scope in &mut stack {
            for item in &mut scope.items {
                let trimmed = item.description.trim();
                if trimmed.len() != item.description.len() {
                    item.description = trimmed.to_owned();
                }
            }
        }
        close_all(stack)
    }

    /// Opens a variant scope for `- name:`, attached to the one-of item it belongs to.
    fn open_variant(&mut self, stack: &mut Vec<Scope<'_>>, line: &Line<'_>, name: &str) -> bool {
        match line.indent {
            Some(indent) => {
                while stack.len() > 1 && stack.last().and_then(|s| s.head_indent).is_some_and(|h| h >= indent) {
                    close_top(stack);
                }
            }
            None => {
                // Collapsed: the variant belongs to the innermost scope whose last item is a
                // one-of item; a scope that ended with a plain item is finished.
                while stack.len() > 1 && stack.last().is_none_or(|s| s.items.last().is_none_or(|i| i.one_of.is_none()))
                {
                    close_top(stack);
                }
            }
        }
        let scope = stack.last().expect("the top scope is never popped");
        let Some(owner) = scope.last_one_of else {
            self.error(line.offset, "a one-of item (`— one of:`) before a variant", item::found(line.text));
            return false;
        };
        if stack.len() > MAX_NESTING {
            self.error(line.offset, format!("at most {MAX_NESTING} levels of nested variants"), "deeper nesting");
            return false;
        }
        stack.push(Scope::new(line.indent, Some((name.to_owned(), self.index.span(line.offset + 2))), owner));
        true
    }
}

/// Pops variant scopes that an item at this position no longer belongs to.
fn leave_scopes_for_item(stack: &mut Vec<Scope<'_>>, line: &Line<'_>, name: &str) {
    match line.indent {
        Some(indent) => {
            while stack.len() > 1 && stack.last().and_then(|s| s.head_indent).is_some_and(|h| h >= indent) {
                close_top(stack);
            }
        }
        None => {
            let root = name.split('.').next().unwrap_or_default();
            if !name.contains('.') {
                leave_finished_variants(stack, root);
                return;
            }
            if stack.last().is_some_and(|s| s.roots.contains(root)) {
                return;
            }
            if let Some(depth) = stack.iter().rposition(|s| s.roots.contains(root)) {
                while stack.len() > depth + 1 {
                    close_top(stack);
                }
            }
        }
    }
}

/// On a collapsed page, a plain name after a variant's fields either continues the variant
/// or starts an item further out; nothing on the line says which. The newest renderer lists
/// alternatives of one shape (one wrapper field each, or the same few fields), so a variant
/// is taken as finished once it has as many fields as the largest of its earlier siblings,
/// unless a sibling has a field of this name (a discriminator such as `kind`). A first
/// variant has no siblings to compare with and keeps the item.
fn leave_finished_variants(stack: &mut Vec<Scope<'_>>, root: &str) {
    while stack.len() > 1 {
        let top = &stack[stack.len() - 1];
        let closed = &stack[stack.len() - 2].closed;
        let siblings = if closed.owner == top.owner { closed.count } else { 0 };
        if siblings == 0 || top.roots.contains(root) {
            return;
        }
        if closed.roots.contains(root) || top.roots.len() < closed.most {
            return;
        }
        close_top(stack);
    }
}

fn close_top(stack: &mut Vec<Scope<'_>>) {
    let Some(scope) = stack.pop() else { return };
    let Some((name, span)) = scope.variant else { return };
    let Some(parent) = stack.last_mut() else { return };
    let Some(owner) = parent.items.get_mut(scope.owner) else { return };
    owner.variants.push(Variant { name, span, items: scope.items });
    let closed = &mut parent.closed;
    if closed.owner != scope.owner || closed.count == 0 {
        *closed = ClosedVariants { owner: scope.owner, ..ClosedVariants::default() };
    }
    closed.count += 1;
    closed.most = closed.most.max(scope.roots.len());
    closed.roots.extend(scope.roots);
}

fn close_all(mut stack: Vec<Scope<'_>>) -> Vec<Item> {
    while stack.len() > 1 {
        close_top(&mut stack);
    }
    stack.pop().map(|s| s.items).unwrap_or_default()
}

/// `- Variant name:` (not an item head).
fn variant_head(text: &str) -> Option<&str> {
    let name = text.strip_prefix("- ")?.strip_suffix(':')?;
    let plausible = !name.is_empty() && !name.starts_with('`') && !name.contains('`') && name.len() <= 120;
    plausible.then_some(name.trim())
}

/// Whether text opens the way a JSON value does (`{`, `[`, `"`, a number, `true`, ...).
fn starts_like_json(text: &str) -> bool {
    let text = text.trim_start();
    let number = text.strip_prefix('-').unwrap_or(text).starts_with(|c: char| c.is_ascii_digit());
    number || text.starts_with(['{', '[', '"']) || {
        let word = text.split(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or_default();
        matches!(word, "true" | "false" | "null")
    }
}

fn push_prose(text: &mut String, line: &str) {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(line);
}

/// Words that open an operation description more often than they continue a title.
const DESCRIPTION_OPENERS: &[&str] = &[
    "This",
    "The",
    "A",
    "An",
    "You",
    "Use",
    "Returns",
    "Return",
    "Retrieves",
    "Retrieve",
    "If",
    "In",
    "For",
    "Note",
    "NOTE",
    "With",
    "When",
    "It",
    "Allows",
    "Gets",
    "Lists",
    "Fetches",
    "Sends",
    "Creates",
    "Updates",
    "Deletes",
    "Removes",
    "Registers",
    "Merges",
    "Stops",
    "Injects",
    "Queries",
    "Transcodes",
    "Query",
];

/// Verbs that open titles and operation ids (`getEntityById`): a path word that is one says
/// nothing about where the title ends.
const VERB_WORDS: &[&str] = &[
    "get", "list", "create", "update", "delete", "post", "put", "patch", "set", "add", "remove", "fetch", "retrieve",
    "search", "find", "query", "send",
];

/// Words a title does not end on ("Get Entity by" is cut too early).
const FUNCTION_WORDS: &[&str] =
    &["a", "an", "the", "by", "of", "to", "for", "with", "and", "or", "in", "on", "from", "at", "as", "per", "via"];

/// On a collapsed page the title and the description share a line. The title ends before
/// the word that best looks like the start of the description: a common opening word, a
/// form of the title's own first word ("Create ... Creates ..."), a title that ends in a
/// word of the endpoint's path ("Create a Contact" for `/contacts`), a title that spells the
/// file's name (`getentitybyid.md`: "Get Entity by ID"), a capital followed by lowercase
/// prose. A title never ends on a word such as "by" or "the", nor is it a lone verb. With no
/// sign the whole line is the title.
fn split_collapsed_title(text: &str, endpoint: &str, file_stem: &str) -> (String, String) {
    let path_words: Vec<String> = endpoint
        .split(|c: char| !c.is_ascii_alphanumeric())
        .flat_map(|w| heck::ToSnakeCase::to_snake_case(w).split('_').map(str::to_owned).collect::<Vec<_>>())
        .filter(|w| w.len() > 2 && !VERB_WORDS.contains(&w.as_str()))
        .map(|w| w.trim_end_matches('s').to_owned())
        .collect();
    let words: Vec<(usize, &str)> =
        text.split_whitespace().map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w)).collect();
    if words.len() < 2 {
        return (text.to_owned(), String::new());
    }
    let squash =
        |s: &str| s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect::<String>();
    let stem = squash(file_stem);
    let first_stem: String = words[0].1.chars().take(4).collect::<String>().to_lowercase();
    let lone_verb = VERB_WORDS.contains(&words[0].1.to_lowercase().as_str());
    // A title has no sentence end: the description starts at or before the first one.
    let sentence_end = words.iter().position(|(_, w)| w.ends_with(['.', '!', '?', ':'])).map_or(words.len(), |p| p + 1);
    let mut best: Option<(i32, usize)> = None;
    let mut title_letters = String::new();
    for k in 1..words.len().min(16).min(sentence_end) {
        title_letters.push_str(&squash(words[k - 1].1));
        let word = words[k].1;
        if !word.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let last = words[k - 1].1.to_lowercase();
        if FUNCTION_WORDS.contains(&last.as_str()) || (k == 1 && lone_verb) {
            continue;
        }
        let mut score = 0;
        if DESCRIPTION_OPENERS.contains(&word) {
            score += 3;
        }
        if word.to_lowercase().starts_with(&first_stem) && first_stem.len() >= 3 {
            score += 3;
        }
        if words.get(k + 1).is_some_and(|(_, next)| next.chars().next().is_some_and(char::is_lowercase)) {
            score += 1;
        }
        if path_words.iter().any(|p| *p == last.trim_end_matches('s')) {
            score += 3;
        }
        if title_letters.len() >= 6 && stem.ends_with(&title_letters) {
            score += 6;
        }
        if score > 0 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, k));
        }
    }
    match best {
        Some((_, k)) => {
            let at = words[k].0;
            (text[..at].trim().to_owned(), text[at..].trim().to_owned())
        }
        None => (text.to_owned(), String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::EnumSpec;

    fn parse(text: &str) -> (Vec<Page>, Vec<String>) {
        let mut files = crate::diagnostic::Files::default();
        let mut diagnostics = Vec::new();
        let pages = parse_file(Path::new("p.md"), files.add(Path::new("p.md")), text, &mut diagnostics);
        (pages, diagnostics.into_iter().map(|d| d.located(&files).to_string()).collect())
    }

    #[test]
    fn collapsed_titles_split_before_the_description() {
        for (line, title) in [
            ("Create a conversation Creates a new empty conversation.", "Create a conversation"),
            ("Get Channel Profile Get user profile from a specific channel.", "Get Channel Profile"),
            ("Merge two Contacts Merges two contacts.", "Merge two Contacts"),
            ("List conversations This operation lists all conversations.", "List conversations"),
            ("Capability lookup This method is asynchronous.", "Capability lookup"),
            ("Stop conversation", "Stop conversation"),
            ("Create a Contact", "Create a Contact"),
            ("Create a Contact Most Conversation API contacts are created automatically.", "Create a Contact"),
            ("Create an app You can create a new app using the API. You can create it.", "Create an app"),
            // A verb of the path's operation id is no sign of where the title ends.
            ("Get Entity by ID This API returns one entity.", "Get Entity by ID"),
        ] {
            assert_eq!(split_collapsed_title(line, "POST /v1/{id}/contacts:getChannelProfile", "x").0, title, "{line}");
        }
        let entity = "Get Entity by ID Returns Entity objects by the ID given.";
        assert_eq!(split_collapsed_title(entity, "GET /v1/getEntityById/{id}", "x").0, "Get Entity by ID");
        // A file named after the title (an operation id) says where the title ends.
        let named = "Fetch Entity Record Entity records hold the data.";
        assert_eq!(split_collapsed_title(named, "GET /v1/records/{id}", "fetchentityrecord").0, "Fetch Entity Record");
    }

    #[test]
    fn a_hash_line_in_a_description_is_prose() {
        // A description line of reserved characters starts with `#` (HPE GreenLake SCIM
        // pages, `listgroupsscim.md`); only a `# ` line that an `Endpoint:` line follows is
        // a title.
        let text = "# List groups\n\nEndpoint: GET /groups\n\n## Query parameters:\n\n  - `filter` (string)\n    Filter.\nThe reserved characters !\n# $ & ' ( ) * + , / : ; = ? @ [ ]\nmust be encoded.\n\n  - `count` (integer)\n    How many.\n";
        let (pages, errors) = parse(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(pages.len(), 1);
        let items = &pages[0].sections[0].items;
        assert_eq!(items.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["filter", "count"]);
        assert!(items[0].description.contains("\n# $ & ' ( ) * + , / : ; = ? @ [ ]\nmust be encoded."), "{items:?}");
        // In the operation's description, and in the last description of a page followed by
        // another page in the same file.
        let text = "# First\n\nIntro.\n# not a title\nmore.\n\nEndpoint: GET /a\n\n## Response 200 fields (application/json):\n\n  - `a` (string)\n    A.\n# $ & '\nend.\n# Second\n\nEndpoint: GET /b\n\n## Response 204 fields\n";
        let (pages, errors) = parse(text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(pages.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(), ["First", "Second"]);
        assert_eq!(pages[0].description, "Intro.\n# not a title\nmore.");
        assert_eq!(pages[0].sections[0].items[0].description, "A.\n# $ & '\nend.");
        // A first `# ` line with no `Endpoint:` is still a page, reported as such.
        let errors = parse("# Broken\n\n## Request fields (application/json):\n\n  - `a` (string)\n").1;
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("p.md:3:1: expected an `Endpoint: METHOD /path` line"), "{errors:?}");
    }

    #[test]
    fn flush_left_markers_in_a_description_are_prose() {
        // HPE GreenLake backup-recovery `dataorchestratorlist.md`: the description ends in a
        // flush-left `Example:` followed by a bullet; the item's own markers are indented.
        let text = "# List\n\nEndpoint: GET /x\n\n## Query parameters:\n\n  - `offset` (integer)\n    The offset.\n\nExample:\n* GET /x?offset=10\nEnum: not a list\n- Note:\n    Example: 10\n\n  - `limit` (integer)\n";
        let (pages, errors) = parse(text);
        assert!(errors.is_empty(), "{errors:?}");
        let offset = &pages[0].sections[0].items[0];
        assert_eq!(offset.description, "The offset.\n\nExample:\n* GET /x?offset=10\nEnum: not a list\n- Note:");
        assert_eq!(offset.example, Some(serde_json::json!(10)));
        assert_eq!(pages[0].sections[0].items.len(), 2);
        // Collapsed, where indentation is gone: an `Example:` that is not JSON is prose.
        let collapsed = text.replace("Enum: not a list\n", "").split_whitespace().collect::<Vec<_>>().join(" ");
        let (pages, errors) = parse(&collapsed);
        assert!(errors.is_empty(), "{errors:?}");
        let offset = &pages[0].sections[0].items[0];
        assert!(offset.description.contains("Example: * GET /x?offset=10"), "{offset:?}");
    }

    #[test]
    fn webhook_names_may_hold_spaces() {
        // HPE GreenLake audit logs: `Endpoint: POST Audit Log Created`.
        let (pages, errors) = parse(
            "# Audit Log Created Event\n\nEndpoint: POST Audit Log Created\nVersion: 1.0.0\n\n## Request fields (application/json):\n\n  - `id` (string, required)\n",
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(pages[0].endpoint.path, "Audit Log Created");
        // A path is still one word.
        let errors = parse("# T\n\nEndpoint: GET /a b\n").1;
        assert!(errors[0].starts_with("p.md:3:15: expected a path after the method, found `/a b`"), "{errors:?}");
    }

    #[test]
    fn a_file_without_endpoint_or_sections_is_skipped() {
        let mut diagnostics = Vec::new();
        let text =
            "# HPE GreenLake for Audit Logs\n\nAn introduction.\n\n## Overview\n\nExample:\n- [Overview](#overview)\n";
        let parsed = parse_pages(Path::new("README.md"), FileId::default(), text, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert!(parsed.pages.is_empty());
        let (span, why) = parsed.skipped.expect("skipped");
        assert_eq!((span.line, span.column), (1, 1));
        assert!(why.contains("not an endpoint page"), "{why}");
        // A page with sections but no `Endpoint:` line is a broken page, not prose.
        let parsed = parse_pages(
            Path::new("p.md"),
            FileId::default(),
            "# T\n\n## Query parameters:\n\n  - `a` (string)\n",
            &mut diagnostics,
        );
        assert_eq!(parsed.skipped, None);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    }

    const PAGE: &str = "# Send a thing\n\nProse.\n\nEndpoint: POST /v1/{id}/things\nVersion: 1.0\nSecurity: Basic, oAuth2\n\n## Path parameters:\n\n  - `id` (string, required)\n    The id.\n\n## Request fields (application/json):\n\n  - `kind` (string)\n    Kind of it.\nSecond line.\n    Enum: \"A\", \"B\"\n\n  - `message` (object, required) — one of:\n    A message.\n    - Text:\n      - `text_message` (object)\n      - `text_message.text` (string, required)\n        The text.\n    - Card:\n      - `card` (object)\n      - `card.choices` (array) — one of:\n        - Call:\n          - `call` (object)\n      - `card.choices.data` (any)\n\n## Response 204 fields\n";

    #[test]
    fn multi_line_page() {
        let (pages, errors) = parse(PAGE);
        assert!(errors.is_empty(), "{errors:?}");
        let page = &pages[0];
        assert_eq!(page.title, "Send a thing");
        assert_eq!((page.endpoint.method, page.endpoint.path.as_str()), (HttpMethod::Post, "/v1/{id}/things"));
        assert_eq!(page.security, vec!["Basic", "oAuth2"]);
        assert_eq!(page.sections.len(), 3);
        let request = &page.sections[1];
        assert_eq!(request.media_type.as_deref(), Some("application/json"));
        assert_eq!(request.items[0].description, "Kind of it.\nSecond line.");
        assert_eq!(request.items[0].enum_values, Some(EnumSpec::Values(vec!["A".into(), "B".into()])));
        let message = &request.items[1];
        let names: Vec<_> = message.variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, vec!["Text", "Card"]);
        let card = &message.variants[1];
        let card_items: Vec<_> = card.items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(card_items, vec!["card", "card.choices", "card.choices.data"]);
        assert_eq!(card.items[1].variants[0].items[0].name, "call");
        assert_eq!(page.sections[2].kind, SectionKind::Response(Status::Code(204)));
        assert_eq!(page.sections[2].media_type, None);
    }

    #[test]
    fn collapsed_page_gives_the_same_structure() {
        let collapsed = PAGE.split_whitespace().collect::<Vec<_>>().join(" ");
        let (pages, errors) = parse(&collapsed);
        assert!(errors.is_empty(), "{errors:?}");
        let (expected, _) = parse(PAGE);
        let strip = |page: &Page| {
            let mut sections = page.sections.clone();
            fn clear(items: &mut [Item]) {
                for item in items {
                    item.description.clear();
                    item.span.line = 0;
                    item.span.column = 0;
                    item.span.offset = 0;
                    for variant in &mut item.variants {
                        variant.span = item.span.clone();
                        clear(&mut variant.items);
                    }
                }
            }
            for section in &mut sections {
                section.span = page.title_span.clone();
                clear(&mut section.items);
            }
            sections
        };
        assert_eq!(pages[0].title, "Send a thing");
        assert_eq!(strip(&pages[0]).len(), 3);
        let (a, b) = (strip(&pages[0]), strip(&expected[0]));
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.kind, y.kind);
            assert_eq!(x.items.len(), y.items.len());
        }
    }

    #[test]
    fn several_pages_in_one_file() {
        let text = format!("{PAGE}\n{}", PAGE.replace("Send a thing", "Other"));
        let (pages, errors) = parse(&text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(pages.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(), vec!["Send a thing", "Other"]);
    }

    #[test]
    fn problems_are_all_reported_with_positions() {
        let text = "# T\n\nEndpoint: FETCH /x\n";
        assert_eq!(
            parse(text).1,
            vec![
                "p.md:3:11: expected an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, TRACE), found `FETCH`"
            ]
        );
        let text = "# T\n\nEndpoint: GET /x\n\n## Response 2000 fields (application/json):\n\n## Query parameters:\n\n  - `a` (strng)\n  - `b` (string)\n    Enum: \"x\", y\n";
        let errors = parse(text).1;
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(
            errors[0].starts_with("p.md:5:13: expected a status code (`100`-`599`, `4XX`, `default`), found `2000`"),
            "{errors:?}"
        );
        assert!(errors[1].starts_with("p.md:9:10: expected a type"), "{errors:?}");
        assert!(errors[2].starts_with("p.md:11:16: expected JSON values"), "{errors:?}");
    }
}

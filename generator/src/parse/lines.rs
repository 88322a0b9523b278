//! Splits a page into logical lines, each with its byte offset and indentation.
//!
//! Multi-line pages map one physical line to one logical line. A page whose line breaks were
//! collapsed into spaces (the seed arrived like that) is split again at the markers that
//! delimit its parts (`Endpoint:`, `## `, `` - `name` (``, `Enum:`, `Example:`, variant
//! heads); such lines carry no indentation (`indent: None`), and later phases fall back to
//! name resolution where indentation would have shown nesting.

/// One logical line of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// Byte offset of `text` in the page.
    pub offset: usize,
    /// Leading spaces, or `None` when the line comes from a collapsed page.
    pub indent: Option<usize>,
    /// The line without its indentation and trailing whitespace.
    pub text: &'a str,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Markers that start a new logical line inside a collapsed line. Each is searched with the
/// single space that replaced the line break in front of it.
const BREAK_MARKERS: &[&str] = &[" Endpoint: ", " Version: ", " Security: ", " ## ", " - `", " Enum: ", " Example: "];

#[cfg(test)]
pub fn split(text: &str) -> Vec<Line<'_>> {
    split_with_starts(text).0
}

/// [`split`], and where each physical line starts (0, then one past every `\n`), for a
/// [`crate::diagnostic::LineIndex`] without a second pass over the text.
pub fn split_with_starts(text: &str) -> (Vec<Line<'_>>, Vec<usize>) {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut starts = vec![0];
    let mut offset = 0;
    // Only a line holding a `#` can be collapsed (see `is_collapsed`), and few lines hold
    // one: one search for the next `#` in the whole text replaces a search in every line.
    let mut next_hash = memchr::memchr(b'#', bytes);
    // The physical lines, each with its `\n` (as `split_inclusive('\n')`), found with the
    // vectorised `memchr`: pages are mostly short lines, where std's search costs the most.
    let mut breaks = memchr::memchr_iter(b'\n', bytes);
    while offset < text.len() {
        let physical = &text[offset..breaks.next().map_or(text.len(), |at| at + 1)];
        let content = physical.trim_end_matches(['\n', '\r']);
        let end = offset + content.len();
        let has_hash = match next_hash {
            Some(at) if at < offset => {
                next_hash = memchr::memchr(b'#', &bytes[offset..]).map(|at| offset + at);
                next_hash.is_some_and(|at| at < end)
            }
            Some(at) => at < end,
            None => false,
        };
        if has_hash && is_collapsed(content) {
            split_collapsed(content, offset, &mut lines);
        } else {
            let trimmed = content.trim_start_matches([' ', '\t']);
            let indent = content.len() - trimmed.len();
            lines.push(Line { offset: offset + indent, indent: Some(indent), text: trimmed.trim_end() });
        }
        offset += physical.len();
        if physical.ends_with('\n') {
            starts.push(offset);
        }
    }
    (lines, starts)
}

/// A physical line holds several parts of a page when a structural marker appears after
/// its start: a page heading together with `Endpoint:`, or a section heading mid-line.
fn is_collapsed(line: &str) -> bool {
    // Every shape accepted below holds a `#`; most lines have none, so decide cheaply.
    if !line.contains('#') {
        return false;
    }
    let body = line.trim_start();
    let mid = |marker: &str| body.find(marker).is_some_and(|at| at > 0);
    (mid(" Endpoint: ") && (body.starts_with("# ") || mid(" ## ")))
        || (body.starts_with("## ") && mid(" - `"))
        || (mid(" ## ") && mid(" - `"))
}

fn split_collapsed<'a>(line: &'a str, base: usize, out: &mut Vec<Line<'a>>) {
    let mut cuts = vec![0];
    for marker in BREAK_MARKERS {
        let mut from = 0;
        while let Some(found) = line[from..].find(marker) {
            let at = from + found + 1; // keep the space on the previous part
            if accept_cut(line, at, marker) {
                cuts.push(at);
            }
            from = at;
        }
    }
    cuts.extend(variant_head_cuts(line));
    cuts.sort_unstable();
    cuts.dedup();
    for (index, &start) in cuts.iter().enumerate() {
        let end = cuts.get(index + 1).copied().unwrap_or(line.len());
        let part = &line[start..end];
        let trimmed = part.trim_start();
        let text = trimmed.trim_end();
        if text.is_empty() {
            continue;
        }
        out.push(Line { offset: base + start + (part.len() - trimmed.len()), indent: None, text });
    }
}

/// Item markers must look like the start of an item head (`` - `name` (``); the other
/// markers are accepted as they are.
fn accept_cut(line: &str, at: usize, marker: &str) -> bool {
    if marker != " - `" {
        return true;
    }
    let rest = &line[at + 3..];
    match rest.find('`') {
        Some(close) => rest[close + 1..].starts_with(" ("),
        None => false,
    }
}

/// A one-of variant head (`- Text:`) is always followed by its first item, which lets a
/// collapsed line be cut before it without mistaking prose such as "- Note: see" for one.
///
/// A variant name is at most [`MAX_VARIANT_NAME`] bytes, so the `: - \`` that ends a head is
/// searched within that window only: a search to the end of the line for every dash of the
/// prose would make a long collapsed page quadratic.
fn variant_head_cuts(line: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    for found in memchr::memmem::find_iter(line.as_bytes(), " - ") {
        let at = found + 1;
        let rest = &line[at + 2..];
        if rest.starts_with('`') {
            continue;
        }
        let window = floor_char_boundary(rest, MAX_VARIANT_NAME + ": - `".len());
        let Some(colon) = rest[..window].find(": - `") else { continue };
        let name = &rest[..colon];
        let plausible = !name.is_empty()
            && name.len() <= MAX_VARIANT_NAME
            && !name.contains(['`', ':', '.'])
            && name.chars().next().is_some_and(|c| !c.is_whitespace());
        if plausible {
            cuts.push(at);
        }
    }
    cuts
}

/// The longest variant name a collapsed line is cut before.
const MAX_VARIANT_NAME: usize = 80;

/// The largest char boundary of `text` at or before `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_keeps_indentation() {
        let lines = split("# T\n\n  - `a` (string)\n    Desc.\n");
        let shape: Vec<_> = lines.iter().map(|l| (l.indent, l.text)).collect();
        assert_eq!(shape, vec![(Some(0), "# T"), (Some(0), ""), (Some(2), "- `a` (string)"), (Some(4), "Desc.")]);
        assert_eq!(lines[2].offset, 7);
    }

    #[test]
    fn collapsed_page_is_cut_at_markers() {
        let page = "# T Some text. Endpoint: GET /x Version: 1.0 ## Query parameters: - `a` (string) The a. Enum: \"X\", \"Y\" - `b` (object) — one of: - Text: - `t` (string)";
        let texts: Vec<_> = split(page).iter().map(|l| l.text).collect();
        assert_eq!(
            texts,
            vec![
                "# T Some text.",
                "Endpoint: GET /x",
                "Version: 1.0",
                "## Query parameters:",
                "- `a` (string) The a.",
                "Enum: \"X\", \"Y\"",
                "- `b` (object) — one of:",
                "- Text:",
                "- `t` (string)",
            ]
        );
        assert!(split(page).iter().all(|l| l.indent.is_none()));
        let endpoint = split(page)[1];
        assert_eq!(&page[endpoint.offset..endpoint.offset + 9], "Endpoint:");
    }

    #[test]
    fn prose_with_backticks_is_not_an_item() {
        let page = "# T x Endpoint: GET /x ## Query parameters: - `a` (string) Use - `b` here.";
        let texts: Vec<_> = split(page).iter().map(|l| l.text).collect();
        assert_eq!(texts.last(), Some(&"- `a` (string) Use - `b` here."));
    }
}

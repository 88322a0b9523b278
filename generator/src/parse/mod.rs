//! Reads endpoint pages (Redocly's "Markdown for LLMs") into a page AST with spans.
//!
//! This layer knows the page grammar and nothing about Rust: it records what each line
//! says (headings, item heads, variant heads, `Enum:` and `Example:` lines, prose) and where.
//! Dotted names stay as written; resolving them into nesting is the model's job. Parsing
//! never stops at the first problem: it returns every page it could read plus diagnostics.

mod item;
pub mod lines;
mod page;

use std::path::Path;

use crate::diagnostic::{Diagnostic, Span};

pub use page::{ParsedFile, parse_file, parse_pages};

/// Limits that keep a hostile page from exhausting memory or the stack.
pub const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;
pub const MAX_NESTING: usize = 64;
pub const MAX_ITEMS_PER_PAGE: usize = 100_000;

/// One endpoint page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The `# title` heading, without a trailing "(deprecated)".
    pub title: String,
    pub title_span: Span,
    pub deprecated: bool,
    /// Prose between the title and the `Endpoint:` line.
    pub description: String,
    pub endpoint: EndpointLine,
    pub version: Option<String>,
    pub security: Vec<String>,
    pub sections: Vec<Section>,
    /// The page's length in bytes, what lowering may expand from (see `model::lower`).
    pub size: usize,
}

/// `Endpoint: POST /v1/...` as written.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointLine {
    pub method: String,
    pub method_span: Span,
    pub path: String,
    pub path_span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub kind: SectionKind,
    pub span: Span,
    /// `None` for a bare response heading (a response without a body).
    pub media_type: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionKind {
    Parameters(ParamLocation),
    Request,
    /// The status exactly as written: `200`, `4XX`, `default`.
    Response(String),
}

/// Where a parameter is sent, from the page's `## ... parameters:` heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamLocation {
    /// In the path (`{project_id}`).
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
    /// In a cookie.
    Cookie,
}

/// One `` - `name` (type[, required]) `` item with its continuation lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub name: String,
    pub span: Span,
    pub ty: TypeExpr,
    pub required: bool,
    /// Present when the head ends in `— one of:`.
    pub one_of: Option<OneOfHead>,
    pub description: String,
    pub enum_values: Option<EnumSpec>,
    /// Where the `Enum:` values (or the `same as` reference) start.
    pub enum_span: Option<Span>,
    pub example: Option<serde_json::Value>,
    /// The variant blocks of a one-of item, in page order.
    pub variants: Vec<Variant>,
}

/// The type part of an item head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// `string`, or an OpenAPI 3.1 list such as `string,null` or `object,array`: words of
    /// the known type words only.
    List(Vec<&'static str>),
    /// `App Message (object) or Contact Message (object)`: named alternatives.
    Alternatives(Vec<(String, String)>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneOfHead {
    pub discriminator: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EnumSpec {
    Values(Vec<serde_json::Value>),
    /// ``Enum: same as `path` [in "Variant"] (N values)``.
    SameAs {
        path: String,
        variant: Option<String>,
        count: usize,
    },
}

/// `- Variant name:` followed by the variant's items.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub span: Span,
    pub items: Vec<Item>,
}

/// A file's text after checking that it can be read at all.
pub fn check_text<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    let origin = |offset: usize| Span::new(path, "", offset);
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(Diagnostic::expected(
            origin(0),
            format!("a page of at most {MAX_PAGE_BYTES} bytes"),
            format!("{} bytes", bytes.len()),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) if text.trim().is_empty() => Err(Diagnostic::expected(origin(0), "an endpoint page", "an empty file")),
        Ok(text) => Ok(text),
        Err(error) => {
            let valid = error.valid_up_to();
            let prefix = String::from_utf8_lossy(&bytes[..valid]);
            Err(Diagnostic::expected(
                Span::new(path, &prefix, valid),
                "UTF-8 text",
                format!("the byte 0x{:02x}", bytes[valid]),
            ))
        }
    }
}

//! Reads endpoint pages (Redocly's "Markdown for LLMs") into a page AST with spans.
//!
//! This layer knows the page grammar and nothing about Rust: it records what each line
//! says (headings, item heads, variant heads, `Enum:` and `Example:` lines, prose) and where.
//! Dotted names stay as written; resolving them into nesting is the model's job. Parsing
//! never stops at the first problem: it returns every page it could read plus diagnostics.

mod item;
pub mod lines;
mod page;

use crate::diagnostic::{Diagnostic, FileId, Span};

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
    pub method: HttpMethod,
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
    /// `## Response 200 fields`, `## Response 4XX fields`, `## Response default fields`.
    Response(Status),
}

/// The HTTP method of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
    /// `TRACE`
    Trace,
}

impl HttpMethod {
    /// Every method, in the order error messages list them.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Post,
        HttpMethod::Put,
        HttpMethod::Patch,
        HttpMethod::Delete,
        HttpMethod::Head,
        HttpMethod::Options,
        HttpMethod::Trace,
    ];

    /// The method for its uppercase name (`"GET"`), `None` for any other text.
    ///
    /// ```
    /// use doc2rust::model::HttpMethod;
    /// assert_eq!(HttpMethod::parse("PATCH"), Some(HttpMethod::Patch));
    /// assert_eq!(HttpMethod::parse("get"), None);
    /// ```
    pub fn parse(text: &str) -> Option<HttpMethod> {
        Some(match text {
            "GET" => HttpMethod::Get,
            "POST" => HttpMethod::Post,
            "PUT" => HttpMethod::Put,
            "PATCH" => HttpMethod::Patch,
            "DELETE" => HttpMethod::Delete,
            "HEAD" => HttpMethod::Head,
            "OPTIONS" => HttpMethod::Options,
            "TRACE" => HttpMethod::Trace,
            _ => return None,
        })
    }

    /// The uppercase name, as on an `Endpoint:` line.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Trace => "TRACE",
        }
    }

    /// Methods that may be retried safely.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, HttpMethod::Post | HttpMethod::Patch)
    }
}

impl std::fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An HTTP status as a page documents a response: one code, a class or `default`. The
/// parser makes it from checked text, so a status that is neither cannot reach emission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// One code, `100` to `599`.
    Code(u16),
    /// A class (`4XX`): its hundreds digit, `1` to `5`.
    Class(u8),
    /// `default`: any status the page does not list.
    Default,
}

impl Status {
    /// `200`, `4XX` (the class in capitals, as Redocly writes it) or `default`; `None` for
    /// anything else.
    pub fn parse(text: &str) -> Option<Status> {
        let bytes = text.as_bytes();
        match bytes {
            b"default" => Some(Status::Default),
            [class @ b'1'..=b'5', b'X', b'X'] => Some(Status::Class(class - b'0')),
            [b'1'..=b'5', b'0'..=b'9', b'0'..=b'9'] => text.parse().ok().map(Status::Code),
            _ => None,
        }
    }

    /// Whether the status is a 2xx one (`200`, `2XX`).
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(&code),
            Status::Class(class) => class == 2,
            Status::Default => false,
        }
    }

    /// The codes it covers, `default` covering all of them.
    pub fn codes(self) -> std::ops::RangeInclusive<u16> {
        match self {
            Status::Code(code) => code..=code,
            Status::Class(class) => u16::from(class) * 100..=u16::from(class) * 100 + 99,
            Status::Default => 100..=599,
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Class(class) => write!(f, "{class}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

/// Written as the page writes it (`"404"`), as the model's JSON always had it.
impl serde::Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
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
pub fn check_text(file: FileId, bytes: &[u8]) -> Result<&str, Diagnostic> {
    let origin = |offset: usize| Span::new(file, "", offset);
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
                Span::new(file, &prefix, valid),
                "UTF-8 text",
                format!("the byte 0x{:02x}", bytes[valid]),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Status;

    #[test]
    fn statuses_parse_as_redocly_writes_them_and_print_back_the_same() {
        for text in ["100", "204", "404", "599", "2XX", "5XX", "default"] {
            let status = Status::parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(status.to_string(), text);
        }
        for text in ["099", "600", "2000", "20", "4xx", "6XX", "Default", "", "2X0", "+20"] {
            assert_eq!(Status::parse(text), None, "{text}");
        }
        assert!(Status::parse("201").unwrap().is_success());
        assert!(Status::parse("2XX").unwrap().is_success());
        assert!(!Status::parse("302").unwrap().is_success());
        assert!(!Status::Default.is_success());
        assert_eq!(Status::Class(4).codes(), 400..=499);
        assert_eq!(Status::Code(429).codes(), 429..=429);
    }
}

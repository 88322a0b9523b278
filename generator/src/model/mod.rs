//! The intermediate model: endpoints with their parameters, bodies and responses, and the
//! schemas they carry, resolved from dotted names into nesting.
//!
//! The model knows neither markdown nor Rust tokens. It is plain data with public fields,
//! ordered as on the pages, and serializes to the JSON printed by `doc2rust model`.
//! `types` then interns the schemas into one space of named Rust types.

pub mod files;
pub mod lower;
pub mod names;
pub mod one_of;
pub mod prose;
pub mod summary;
pub mod types;

use std::path::PathBuf;

use serde::Serialize;

use crate::diagnostic::Span;
pub use crate::parse::ParamLocation;
pub use lower::lower_page;

/// Everything read from the pages, in a deterministic order (by file, then page order).
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    Trace,
}

impl HttpMethod {
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

#[derive(Debug, Clone, Serialize)]
pub struct Endpoint {
    pub title: String,
    pub description: String,
    /// The method exactly as on the `Endpoint:` line.
    pub method: String,
    /// The path exactly as on the `Endpoint:` line.
    pub path: String,
    #[serde(skip)]
    pub http_method: HttpMethod,
    pub path_template: Vec<PathPart>,
    /// `true` for webhook pages (`Endpoint: POST ClientEvent`): a payload the API sends to
    /// the user, with no client method.
    pub webhook: bool,
    /// The Rust method name (`create_conversation`), after overrides.
    pub rust_name: String,
    pub params: Vec<Param>,
    pub request: Option<Body>,
    pub responses: Vec<Response>,
    pub security: Vec<String>,
    pub version: Option<String>,
    /// The reason, when the title says "(deprecated)".
    pub deprecated: Option<String>,
    /// The page file, relative to the specs folder, with `/` separators.
    pub page: String,
    /// The folder a page sits in (its tag), or empty.
    pub tag: String,
    pub span: Span,
    #[serde(skip)]
    pub file: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum PathPart {
    Literal(String),
    Param(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct Param {
    pub name: String,
    pub rust_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub description: String,
    pub deprecated: Option<String>,
    pub schema: Schema,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Body {
    pub media_type: String,
    pub schema: Schema,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// As written: `200`, `4XX`, `default`.
    pub status: String,
    pub media_type: Option<String>,
    /// `None`: the response has no body.
    pub schema: Option<Schema>,
    pub span: Span,
}

impl Response {
    pub fn is_success(&self) -> bool {
        self.status.starts_with('2')
    }
}

/// A schema as the page describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Schema {
    String,
    Integer,
    Number,
    Boolean,
    /// Only `null` is allowed.
    Null,
    /// `any`, `unknown`, or a list of several types: any JSON value.
    Any,
    /// A map: a bare `object` with no fields (any JSON values), or an object whose one
    /// field is the renderer's `additionalProperties` (values of that schema).
    Map {
        #[serde(skip_serializing_if = "Option::is_none")]
        values: Option<Box<Schema>>,
    },
    Object(ObjectSchema),
    Array {
        items: Box<Schema>,
    },
    Enum(EnumSchema),
    OneOf(OneOfSchema),
    /// `T,null`: the value may be an explicit `null`.
    Nullable {
        inner: Box<Schema>,
    },
    /// A file: bytes sent with a file name and a content type, as a part of a
    /// `multipart/form-data` body (see `files`).
    File,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectSchema {
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The wire name, as on the page (the last segment of a dotted name).
    pub name: String,
    pub rust_name: String,
    pub required: bool,
    pub description: String,
    pub deprecated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    pub schema: Schema,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumSchema {
    pub values: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OneOfSchema {
    pub variants: Vec<VariantSchema>,
    pub discriminator: Option<String>,
    /// Fields listed after the variants, present whichever variant is chosen.
    pub common: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariantSchema {
    pub name: String,
    pub rust_name: String,
    pub fields: Vec<Field>,
    pub span: Span,
}

/// A guess made from prose, listed so a user can check it and override it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Inference {
    pub span: Span,
    pub what: String,
}

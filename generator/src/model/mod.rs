//! The intermediate model: endpoints with their parameters, bodies and responses, and the
//! schemas they carry, resolved from dotted names into nesting.
//!
//! The model knows neither markdown nor Rust tokens. It is plain data with public fields,
//! ordered as on the pages, and serializes to the JSON printed by `doc2rust model`.
//! `types` then interns the schemas into one space of named Rust types.
//!
//! For a tool, the model is read-only: [`Config::load`](crate::Config::load) hands it out in
//! [`Loaded::api`](crate::Loaded::api), and no run takes a model back in, so what is
//! generated always follows from the pages and the overrides file.
//!
//! ```no_run
//! use doc2rust::model::{ParamLocation, Schema};
//!
//! let loaded = doc2rust::Config::new("specs").load()?;
//! for endpoint in &loaded.api.endpoints {
//!     let path_params = endpoint.params.iter().filter(|p| p.location == ParamLocation::Path).count();
//!     let json_body = endpoint.request.as_ref().is_some_and(|body| matches!(body.schema, Schema::Object(_)));
//!     println!("{} {}: {path_params} path parameters, object body: {json_body}", endpoint.method, endpoint.path);
//! }
//! # Ok::<(), doc2rust::Error>(())
//! ```

// The stages that build the model and the views derived from it are the crate's own;
// `__private` re-exports what the command and the tests use.
#[allow(missing_docs)]
pub(crate) mod files;
#[allow(missing_docs)]
pub(crate) mod lower;
#[allow(missing_docs)]
pub(crate) mod names;
#[allow(missing_docs)]
pub(crate) mod one_of;
#[allow(missing_docs)]
pub(crate) mod prose;
#[allow(missing_docs)]
pub(crate) mod summary;
#[allow(missing_docs)]
pub(crate) mod types;

use std::path::PathBuf;

use serde::Serialize;

use crate::diagnostic::{Files, Span};
pub use crate::parse::{HttpMethod, ParamLocation, Status};
pub(crate) use lower::lower_page;

/// Everything read from the pages, in a deterministic order (by file, then page order).
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    /// One per endpoint or webhook page, in file order, then in page order within a file.
    pub endpoints: Vec<Endpoint>,
    /// The files the pages were read from: every [`Span`] of the model points into it.
    #[serde(skip)]
    pub files: Files,
}

/// One endpoint page: an operation (`Endpoint: POST /v1/conversations`) or a webhook
/// payload, with everything the page says about it.
#[derive(Debug, Clone, Serialize)]
pub struct Endpoint {
    /// The page's `#` heading.
    pub title: String,
    /// The prose under the heading, as markdown.
    pub description: String,
    /// The method of the `Endpoint:` line (`POST`, or how the API sends a webhook).
    pub method: HttpMethod,
    /// The path exactly as on the `Endpoint:` line.
    pub path: String,
    /// [`Endpoint::path`] cut into literal text and `{parameters}`.
    pub path_template: Vec<PathPart>,
    /// `true` for webhook pages (`Endpoint: POST ClientEvent`): a payload the API sends to
    /// the user, with no client method.
    pub webhook: bool,
    /// The Rust method name (`create_conversation`), after overrides.
    pub rust_name: String,
    /// Path, query and header parameters, in page order.
    pub params: Vec<Param>,
    /// The request body, when the page documents one.
    pub request: Option<Body>,
    /// The documented responses, in page order.
    pub responses: Vec<Response>,
    /// The security scheme names of the page's `Security:` line (alternatives).
    pub security: Vec<String>,
    /// The API version the page names, if any.
    pub version: Option<String>,
    /// The reason, when the title says "(deprecated)".
    pub deprecated: Option<String>,
    /// The page file, relative to the specs folder, with `/` separators.
    pub page: String,
    /// The folder a page sits in (its tag), or empty.
    pub tag: String,
    /// Where the page starts.
    pub span: Span,
    /// The page file as given to the run.
    #[serde(skip)]
    pub file: PathBuf,
}

/// A piece of an endpoint's path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum PathPart {
    /// Text sent as is (`/v1/projects/`).
    Literal(String),
    /// A path parameter, by its wire name (`project_id` for `{project_id}`).
    Param(String),
}

/// A path, query or header parameter.
#[derive(Debug, Clone, Serialize)]
pub struct Param {
    /// The wire name, as on the page.
    pub name: String,
    /// The Rust argument or field name.
    pub rust_name: String,
    /// Where the value is sent.
    pub location: ParamLocation,
    /// Whether the page marks it required (path parameters always are).
    pub required: bool,
    /// The page's prose for it, as markdown.
    pub description: String,
    /// The reason, when the page marks it deprecated.
    pub deprecated: Option<String>,
    /// Its type as the page describes it.
    pub schema: Schema,
    /// Where it is listed.
    pub span: Span,
}

/// A request body.
#[derive(Debug, Clone, Serialize)]
pub struct Body {
    /// Its content type (`application/json`, `multipart/form-data`).
    pub media_type: String,
    /// Its shape as the page describes it.
    pub schema: Schema,
    /// Where the page describes it.
    pub span: Span,
}

/// One documented response of an endpoint.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    /// `200`, `4XX` or `default`.
    pub status: Status,
    /// Its content type, when it has a body.
    pub media_type: Option<String>,
    /// `None`: the response has no body.
    pub schema: Option<Schema>,
    /// Where the page describes it.
    pub span: Span,
}

impl Response {
    /// Whether the status is a 2xx one (`200`, `2XX`).
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }
}

/// A schema as the page describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Schema {
    /// `string`
    String,
    /// `integer`
    Integer,
    /// `number`
    Number,
    /// `boolean`
    Boolean,
    /// Only `null` is allowed.
    Null,
    /// `any`, `unknown`, or a list of several types: any JSON value.
    Any,
    /// A map: a bare `object` with no fields (any JSON values), or an object whose one
    /// field is the renderer's `additionalProperties` (values of that schema).
    Map {
        /// The values' schema; `None`: any JSON value.
        #[serde(skip_serializing_if = "Option::is_none")]
        values: Option<Box<Schema>>,
    },
    /// An object with the fields the page lists.
    Object(ObjectSchema),
    /// `array of ...`.
    Array {
        /// The items' schema.
        items: Box<Schema>,
    },
    /// A closed list of values.
    Enum(EnumSchema),
    /// One of several alternatives.
    OneOf(OneOfSchema),
    /// `T,null`: the value may be an explicit `null`.
    Nullable {
        /// The schema of a value that is not `null`.
        inner: Box<Schema>,
    },
    /// A file: bytes sent with a file name and a content type, as a part of a
    /// `multipart/form-data` body (see `files`).
    File,
}

/// The fields of an object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectSchema {
    /// In page order.
    pub fields: Vec<Field>,
}

/// A field of an object or of a one-of alternative.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The wire name, as on the page (the last segment of a dotted name).
    pub name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// Whether the page marks it required.
    pub required: bool,
    /// The page's prose for it, as markdown.
    pub description: String,
    /// The reason, when the page marks it deprecated.
    pub deprecated: Option<String>,
    /// The page's example value, if it gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    /// Its type as the page describes it.
    pub schema: Schema,
    /// Where it is listed.
    pub span: Span,
}

/// The values of an enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumSchema {
    /// As on the page, in page order.
    pub values: Vec<serde_json::Value>,
}

/// A one-of: a value that is one of several alternatives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OneOfSchema {
    /// The alternatives, in page order.
    pub variants: Vec<VariantSchema>,
    /// The field whose value names the alternative, when the page gives one.
    pub discriminator: Option<String>,
    /// Fields listed after the variants, present whichever variant is chosen.
    pub common: Vec<Field>,
}

/// One alternative of a one-of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariantSchema {
    /// Its name as on the page.
    pub name: String,
    /// The Rust variant name.
    pub rust_name: String,
    /// Its fields, in page order.
    pub fields: Vec<Field>,
    /// Where the page lists it.
    pub span: Span,
}

/// A guess made from prose, listed so a user can check it and override it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inference {
    /// Where the prose that led to it is.
    pub span: Span,
    /// What was inferred, as a sentence.
    pub what: String,
}

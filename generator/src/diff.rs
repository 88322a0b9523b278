//! The API-level change between two versions of the pages, for reviewing a docs change:
//! endpoints, parameters and fields added or removed, required-ness and types changed, enum
//! values and one-of alternatives added or removed, deprecations. Each change is classified
//! as breaking or not for users of the generated Rust API, with the place on each side.
//!
//! The classification follows what the generated code does with a change: enums and one-ofs
//! are open and `#[non_exhaustive]`, so a new value or alternative breaks nobody; structs are
//! built with `new` (required fields) plus `..`, so a new optional field breaks nobody, while
//! a new required field changes `new`; a field whose Rust type changes (including `T` to
//! `Option<T>`) breaks whoever reads it.
//!
//! ```no_run
//! let before = doc2rust::Config::new("specs-v1").load()?;
//! let after = doc2rust::Config::new("specs-v2").load()?;
//! let changes = doc2rust::diff::compare(&before.api, &after.api);
//! print!("{}", doc2rust::diff::Report(&changes));
//! if changes.iter().any(|change| change.breaking) {
//!     eprintln!("the new pages break the generated API");
//! }
//! # Ok::<(), doc2rust::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::diagnostic::{Files, Place, Span};
use crate::model::{Api, Endpoint, Field, Schema};

/// One change between the two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Whether code using the generated API for `old` may stop compiling or working with
    /// the API generated for `new`.
    pub breaking: bool,
    /// What changed.
    pub kind: ChangeKind,
    /// `POST /v1/projects/{project_id}/conversations`
    pub endpoint: String,
    /// Where in the endpoint: `request field message.text_message.text`, `query parameter page_size`.
    pub location: String,
    /// The change in words (`type string -> integer`, `enum value SMS added`).
    pub detail: String,
    /// Where the changed thing is in the old pages (`None` when it was added).
    pub old: Option<Place>,
    /// Where it is in the new pages (`None` when it was removed).
    pub new: Option<Place>,
}

/// The kind of a [`Change`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A new endpoint page.
    EndpointAdded,
    /// An endpoint no longer documented.
    EndpointRemoved,
    /// The same endpoint under another Rust method name.
    MethodRenamed,
    /// A new parameter or field.
    FieldAdded,
    /// A parameter or field no longer documented.
    FieldRemoved,
    /// A parameter or field became required or optional.
    RequiredChanged,
    /// A parameter, field or body changed type.
    TypeChanged,
    /// A new enum value.
    EnumValueAdded,
    /// An enum value no longer documented.
    EnumValueRemoved,
    /// A new one-of alternative.
    VariantAdded,
    /// A one-of alternative no longer documented.
    VariantRemoved,
    /// Marked deprecated.
    Deprecated,
    /// No longer marked deprecated.
    Undeprecated,
    /// A new documented response.
    ResponseAdded,
    /// A response no longer documented.
    ResponseRemoved,
}

/// Every change from `old` to `new`, in a stable order (endpoint, then place).
pub fn compare(old: &Api, new: &Api) -> Vec<Change> {
    let key = |e: &Endpoint| format!("{} {}", e.method, e.path);
    let old_by_key: BTreeMap<String, &Endpoint> = old.endpoints.iter().map(|e| (key(e), e)).collect();
    let new_by_key: BTreeMap<String, &Endpoint> = new.endpoints.iter().map(|e| (key(e), e)).collect();
    let mut changes = Vec::new();
    for (name, endpoint) in &old_by_key {
        if !new_by_key.contains_key(name) {
            changes.push(Change {
                breaking: true,
                kind: ChangeKind::EndpointRemoved,
                endpoint: name.clone(),
                location: "endpoint".into(),
                detail: format!("`{}` removed", endpoint.rust_name),
                old: Some(old.files.place(&endpoint.span)),
                new: None,
            });
        }
    }
    for (name, endpoint) in &new_by_key {
        match old_by_key.get(name) {
            None => changes.push(Change {
                breaking: false,
                kind: ChangeKind::EndpointAdded,
                endpoint: name.clone(),
                location: "endpoint".into(),
                detail: format!("`{}` added", endpoint.rust_name),
                old: None,
                new: Some(new.files.place(&endpoint.span)),
            }),
            Some(previous) => {
                let mut cx = Cx { endpoint: name, changes: &mut changes, files: (&old.files, &new.files) };
                cx.endpoint_changes(previous, endpoint);
            }
        }
    }
    changes.sort_by(|a, b| {
        (&a.endpoint, &a.location, a.kind, &a.detail).cmp(&(&b.endpoint, &b.location, b.kind, &b.detail))
    });
    merge_statuses(changes)
}

/// The pages repeat one error body under several statuses; the same change under `400`,
/// `403`, `500` and `501` is one change at `responses 400, 403, 500, 501`.
fn merge_statuses(changes: Vec<Change>) -> Vec<Change> {
    let split = |location: &str| -> Option<(String, String)> {
        let rest = location.strip_prefix("response ")?;
        let (status, tail) = rest.split_once(' ').unwrap_or((rest, ""));
        Some((status.to_owned(), tail.to_owned()))
    };
    let mut merged: Vec<(Change, Vec<String>)> = Vec::new();
    for change in changes {
        let Some((status, tail)) = split(&change.location) else {
            merged.push((change, Vec::new()));
            continue;
        };
        let same = merged.iter_mut().find(|(c, statuses)| {
            !statuses.is_empty()
                && c.endpoint == change.endpoint
                && c.kind == change.kind
                && c.detail == change.detail
                && c.breaking == change.breaking
                && split(&c.location).is_some_and(|(_, t)| t == tail)
        });
        match same {
            Some((_, statuses)) => statuses.push(status),
            None => merged.push((change, vec![status])),
        }
    }
    merged
        .into_iter()
        .map(|(mut change, statuses)| {
            if statuses.len() > 1 {
                let tail = split(&change.location).map(|(_, t)| t).unwrap_or_default();
                change.location = format!("responses {} {tail}", statuses.join(", ")).trim_end().to_owned();
            }
            change
        })
        .collect()
}

struct Cx<'a> {
    endpoint: &'a str,
    changes: &'a mut Vec<Change>,
    /// The old and the new pages' files, to place the spans of a change.
    files: (&'a Files, &'a Files),
}

impl Cx<'_> {
    fn push(
        &mut self,
        breaking: bool,
        kind: ChangeKind,
        location: &str,
        detail: String,
        old: Option<&Span>,
        new: Option<&Span>,
    ) {
        self.changes.push(Change {
            breaking,
            kind,
            endpoint: self.endpoint.to_owned(),
            location: location.to_owned(),
            detail,
            old: old.map(|span| self.files.0.place(span)),
            new: new.map(|span| self.files.1.place(span)),
        });
    }

    fn endpoint_changes(&mut self, old: &Endpoint, new: &Endpoint) {
        if old.rust_name != new.rust_name {
            let detail = format!("method `{}` is now `{}`", old.rust_name, new.rust_name);
            self.push(true, ChangeKind::MethodRenamed, "endpoint", detail, Some(&old.span), Some(&new.span));
        }
        match (&old.deprecated, &new.deprecated) {
            (None, Some(_)) => self.push(
                false,
                ChangeKind::Deprecated,
                "endpoint",
                "deprecated".into(),
                Some(&old.span),
                Some(&new.span),
            ),
            (Some(_), None) => self.push(
                false,
                ChangeKind::Undeprecated,
                "endpoint",
                "no longer deprecated".into(),
                Some(&old.span),
                Some(&new.span),
            ),
            _ => {}
        }
        // Parameters, as fields of one scope per location.
        let params = |e: &Endpoint| -> Vec<Field> {
            e.params
                .iter()
                .map(|p| Field {
                    name: format!("{:?} parameter {}", p.location, p.name).to_lowercase(),
                    rust_name: p.rust_name.clone(),
                    required: p.required,
                    description: String::new(),
                    deprecated: p.deprecated.clone(),
                    example: None,
                    schema: p.schema.clone(),
                    span: p.span.clone(),
                })
                .collect()
        };
        self.fields("", &params(old), &params(new), Side::Request);
        match (&old.request, &new.request) {
            (Some(a), Some(b)) => self.schema("request field ", &a.schema, &b.schema, &a.span, &b.span, Side::Request),
            (None, Some(b)) => self.push(
                true,
                ChangeKind::FieldAdded,
                "request body",
                "request body added".into(),
                None,
                Some(&b.span),
            ),
            (Some(a), None) => self.push(
                true,
                ChangeKind::FieldRemoved,
                "request body",
                "request body removed".into(),
                Some(&a.span),
                None,
            ),
            (None, None) => {}
        }
        for response in &old.responses {
            let location = format!("response {}", response.status);
            match new.responses.iter().find(|r| r.status == response.status) {
                None => self.push(
                    response.is_success(),
                    ChangeKind::ResponseRemoved,
                    &location,
                    "response removed".into(),
                    Some(&response.span),
                    None,
                ),
                Some(other) => {
                    if let (Some(a), Some(b)) = (&response.schema, &other.schema) {
                        let prefix = format!("response {} field ", response.status);
                        self.schema(&prefix, a, b, &response.span, &other.span, Side::Response);
                    } else if response.schema.is_some() != other.schema.is_some() {
                        self.push(
                            response.is_success(),
                            ChangeKind::TypeChanged,
                            &location,
                            "body added or removed".into(),
                            Some(&response.span),
                            Some(&other.span),
                        );
                    }
                }
            }
        }
        for response in &new.responses {
            if !old.responses.iter().any(|r| r.status == response.status) {
                let location = format!("response {}", response.status);
                // A new success body changes the method's return type.
                self.push(
                    response.is_success(),
                    ChangeKind::ResponseAdded,
                    &location,
                    "response added".into(),
                    None,
                    Some(&response.span),
                );
            }
        }
    }

    fn fields(&mut self, prefix: &str, old: &[Field], new: &[Field], side: Side) {
        for field in old {
            let location = format!("{prefix}{}", field.name);
            match new.iter().find(|f| f.name == field.name) {
                None => self.push(true, ChangeKind::FieldRemoved, &location, "removed".into(), Some(&field.span), None),
                Some(other) => {
                    if field.required != other.required {
                        let detail = if other.required { "now required" } else { "now optional" };
                        self.push(
                            true,
                            ChangeKind::RequiredChanged,
                            &location,
                            detail.into(),
                            Some(&field.span),
                            Some(&other.span),
                        );
                    }
                    match (&field.deprecated, &other.deprecated) {
                        (None, Some(note)) => self.push(
                            false,
                            ChangeKind::Deprecated,
                            &location,
                            format!("deprecated: {note}"),
                            Some(&field.span),
                            Some(&other.span),
                        ),
                        (Some(_), None) => self.push(
                            false,
                            ChangeKind::Undeprecated,
                            &location,
                            "no longer deprecated".into(),
                            Some(&field.span),
                            Some(&other.span),
                        ),
                        _ => {}
                    }
                    let child_prefix = format!("{location}.");
                    self.schema_at(
                        &child_prefix,
                        &location,
                        &field.schema,
                        &other.schema,
                        &field.span,
                        &other.span,
                        side,
                    );
                }
            }
        }
        for field in new {
            if !old.iter().any(|f| f.name == field.name) {
                let location = format!("{prefix}{}", field.name);
                // A required field changes `new` and every request literal; a response gains
                // an optional field without breaking anyone.
                let breaking = field.required && side == Side::Request;
                let detail = if field.required { "added (required)" } else { "added (optional)" };
                self.push(breaking, ChangeKind::FieldAdded, &location, detail.into(), None, Some(&field.span));
            }
        }
    }

    fn schema(&mut self, prefix: &str, old: &Schema, new: &Schema, old_span: &Span, new_span: &Span, side: Side) {
        let location = prefix.trim_end().trim_end_matches(" field").to_owned();
        self.schema_at(prefix, &location, old, new, old_span, new_span, side);
    }

    #[allow(clippy::too_many_arguments)]
    fn schema_at(
        &mut self,
        prefix: &str,
        location: &str,
        old: &Schema,
        new: &Schema,
        old_span: &Span,
        new_span: &Span,
        side: Side,
    ) {
        match (old, new) {
            (Schema::Object(a), Schema::Object(b)) => self.fields(prefix, &a.fields, &b.fields, side),
            (Schema::Array { items: a }, Schema::Array { items: b }) => {
                self.schema_at(prefix, location, a, b, old_span, new_span, side)
            }
            (Schema::Nullable { inner: a }, Schema::Nullable { inner: b }) => {
                self.schema_at(prefix, location, a, b, old_span, new_span, side)
            }
            (Schema::Enum(a), Schema::Enum(b)) => {
                for value in &a.values {
                    if !b.values.contains(value) {
                        self.push(
                            true,
                            ChangeKind::EnumValueRemoved,
                            location,
                            format!("enum value {value} removed"),
                            Some(old_span),
                            Some(new_span),
                        );
                    }
                }
                for value in &b.values {
                    if !a.values.contains(value) {
                        self.push(
                            false,
                            ChangeKind::EnumValueAdded,
                            location,
                            format!("enum value {value} added"),
                            Some(old_span),
                            Some(new_span),
                        );
                    }
                }
            }
            (Schema::OneOf(a), Schema::OneOf(b)) => {
                for variant in &a.variants {
                    match b.variants.iter().find(|v| v.name == variant.name) {
                        None => self.push(
                            true,
                            ChangeKind::VariantRemoved,
                            location,
                            format!("alternative \"{}\" removed", variant.name),
                            Some(&variant.span),
                            Some(new_span),
                        ),
                        Some(other) => {
                            let variant_prefix = format!("{prefix}<{}>.", variant.name);
                            self.fields(&variant_prefix, &variant.fields, &other.fields, side);
                        }
                    }
                }
                for variant in &b.variants {
                    if !a.variants.iter().any(|v| v.name == variant.name) {
                        self.push(
                            false,
                            ChangeKind::VariantAdded,
                            location,
                            format!("alternative \"{}\" added", variant.name),
                            Some(old_span),
                            Some(&variant.span),
                        );
                    }
                }
                self.fields(prefix, &a.common, &b.common, side);
            }
            (a, b) if kind_name(a) == kind_name(b) => {}
            (a, b) => {
                let detail = format!("type {} -> {}", kind_name(a), kind_name(b));
                self.push(true, ChangeKind::TypeChanged, location, detail, Some(old_span), Some(new_span));
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

fn kind_name(schema: &Schema) -> String {
    match schema {
        Schema::String => "string".into(),
        Schema::File => "file".into(),
        Schema::Integer => "integer".into(),
        Schema::Number => "number".into(),
        Schema::Boolean => "boolean".into(),
        Schema::Null => "null".into(),
        Schema::Any => "any".into(),
        Schema::Map { values: None } => "map".into(),
        Schema::Map { values: Some(values) } => format!("map of {}", kind_name(values)),
        Schema::Object(_) => "object".into(),
        Schema::Array { items } => format!("array of {}", kind_name(items)),
        Schema::Enum(_) => "enum".into(),
        Schema::OneOf(_) => "one-of".into(),
        Schema::Nullable { inner } => format!("{} or null", kind_name(inner)),
    }
}

/// The text report: endpoints with the same changes are listed together, one line per
/// change with breaking ones marked and the page line of each side, then a summary line.
pub struct Report<'a>(
    /// The changes, as [`compare`] returns them.
    pub &'a [Change],
);

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return writeln!(f, "no API changes");
        }
        let place = |place: &Option<Place>| {
            place.as_ref().map_or("-".to_owned(), |p| format!("{}:{}", p.file.display(), p.line))
        };
        // Changes per endpoint, without the page lines, to find endpoints changed alike.
        let mut by_endpoint: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
        for change in self.0 {
            by_endpoint.entry(&change.endpoint).or_default().push(change);
        }
        let shape = |changes: &[&Change]| -> Vec<(bool, String, String)> {
            changes.iter().map(|c| (c.breaking, c.location.clone(), c.detail.clone())).collect()
        };
        let mut groups: Vec<(Vec<&str>, Vec<&Change>)> = Vec::new();
        for (endpoint, changes) in by_endpoint {
            match groups.iter_mut().find(|(_, first)| shape(first) == shape(&changes)) {
                Some((endpoints, _)) => endpoints.push(endpoint),
                None => groups.push((vec![endpoint], changes)),
            }
        }
        for (endpoints, changes) in groups {
            for endpoint in &endpoints {
                writeln!(f, "{endpoint}")?;
            }
            let shared = endpoints.len() > 1;
            for change in changes {
                let mark = if change.breaking { "breaking" } else { "ok      " };
                if shared {
                    writeln!(
                        f,
                        "  {mark}  {}: {}  (e.g. old {}, new {})",
                        change.location,
                        change.detail,
                        place(&change.old),
                        place(&change.new)
                    )?;
                } else {
                    writeln!(
                        f,
                        "  {mark}  {}: {}  (old {}, new {})",
                        change.location,
                        change.detail,
                        place(&change.old),
                        place(&change.new)
                    )?;
                }
            }
        }
        let breaking = self.0.iter().filter(|c| c.breaking).count();
        writeln!(f, "{} changes, {breaking} breaking", self.0.len())
    }
}

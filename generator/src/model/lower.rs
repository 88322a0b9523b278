//! Lowers a parsed page into a model endpoint: dotted names become nesting, `Enum: same as`
//! references are resolved, one-of items become unions, and prose is read for deprecation.

use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use super::names::webhook_name;
use super::{
    Body, Endpoint, EnumSchema, Field, HttpMethod, Inference, ObjectSchema, OneOfSchema, Param, PathPart, Response,
    Schema, VariantSchema, prose,
};
use crate::diagnostic::Diagnostic;
use crate::naming::{UniqueNames, field_name, type_name};
use crate::parse::{self, EnumSpec, Item, MAX_NESTING, SectionKind, TypeExpr};

/// Everything lowering needs to know about where a page came from.
pub struct PageSource<'a> {
    pub file: &'a Path,
    /// Path relative to the specs folder, `/`-separated.
    pub page: &'a str,
    pub tag: &'a str,
}

pub fn lower_page(
    page: &parse::Page,
    source: &PageSource<'_>,
    diagnostics: &mut Vec<Diagnostic>,
    inferences: &mut Vec<Inference>,
) -> Option<Endpoint> {
    let mut lowerer = Lowerer {
        diagnostics,
        inferences,
        enums: Vec::new(),
        repeated: FxHashSet::default(),
        described: FxHashMap::default(),
    };
    lowerer.collect_names(page);
    let Some(http_method) = HttpMethod::parse(&page.endpoint.method) else {
        // The parser only lets known methods through.
        lowerer.diagnostics.push(Diagnostic::expected(
            page.endpoint.method_span.clone(),
            "an HTTP method",
            &page.endpoint.method,
        ));
        return None;
    };
    let webhook = !page.endpoint.path.starts_with('/');
    let path_template = if webhook { Vec::new() } else { lowerer.path_template(&page.endpoint)? };

    let mut params = Vec::new();
    let mut request: Option<Body> = None;
    let mut responses = Vec::new();
    let mut param_sections: Vec<(parse::ParamLocation, &crate::diagnostic::Span)> = Vec::new();
    for section in &page.sections {
        match &section.kind {
            SectionKind::Parameters(location) => {
                if let Some((_, first)) = param_sections.iter().find(|(l, _)| l == location) {
                    let heading = section_heading(&section.kind);
                    let diagnostic =
                        Diagnostic::expected(section.span.clone(), format!("one `{heading}` section"), "a second one")
                            .with_related((*first).clone(), "the first one is here");
                    lowerer.diagnostics.push(diagnostic);
                    continue;
                }
                param_sections.push((*location, &section.span));
                let fields = lowerer.fields(&section.items, 0);
                for field in fields {
                    params.push(Param {
                        name: field.name,
                        rust_name: field.rust_name,
                        location: *location,
                        required: field.required || *location == parse::ParamLocation::Path,
                        description: field.description,
                        deprecated: field.deprecated,
                        schema: field.schema,
                        span: field.span,
                    });
                }
            }
            SectionKind::Request => {
                if let Some(first) = &request {
                    let diagnostic =
                        Diagnostic::expected(section.span.clone(), "one `Request fields` section", "a second one")
                            .with_related(first.span.clone(), "the first one is here");
                    lowerer.diagnostics.push(diagnostic);
                    continue;
                }
                let schema = lowerer.body(&section.items);
                let media_type = section.media_type.clone().unwrap_or_else(|| "application/json".to_owned());
                request = Some(Body { media_type, schema, span: section.span.clone() });
            }
            SectionKind::Response(status) => {
                if let Some(previous) = responses.iter().find(|r: &&Response| &r.status == status) {
                    let diagnostic = Diagnostic::expected(
                        section.span.clone(),
                        format!("one `Response {status}` section"),
                        "a second one",
                    )
                    .with_related(previous.span.clone(), "the first one is here");
                    lowerer.diagnostics.push(diagnostic);
                    continue;
                }
                let schema = section.media_type.as_ref().map(|_| lowerer.body(&section.items));
                responses.push(Response {
                    status: status.clone(),
                    media_type: section.media_type.clone(),
                    schema,
                    span: section.span.clone(),
                });
            }
        }
    }
    // Template parameters the page forgot to list are still parameters.
    for part in &path_template {
        if let PathPart::Param(name) = part {
            let listed = params.iter().any(|p| p.location == parse::ParamLocation::Path && &p.name == name);
            if !listed {
                lowerer.inferences.push(Inference {
                    span: page.endpoint.path_span.clone(),
                    what: format!(
                        "path parameter `{name}` is not listed under `Path parameters:`; taken as a required string"
                    ),
                });
                params.push(Param {
                    name: name.clone(),
                    rust_name: field_name(name),
                    location: parse::ParamLocation::Path,
                    required: true,
                    description: String::new(),
                    deprecated: None,
                    schema: Schema::String,
                    span: page.endpoint.path_span.clone(),
                });
            }
        }
    }
    // Parameter names share one scope in the generated method.
    let mut names = UniqueNames::default();
    for param in &mut params {
        param.rust_name = names.claim(param.rust_name.clone());
    }

    // Client methods are named once every page is read: names must be unique across pages
    // (see `names::method_names`).
    let rust_name = if webhook { webhook_name(&page.endpoint.path) } else { String::new() };
    let deprecated = page.deprecated.then(|| "this endpoint is marked deprecated in the API reference".to_owned());
    Some(Endpoint {
        title: page.title.clone(),
        description: page.description.clone(),
        method: page.endpoint.method.clone(),
        path: page.endpoint.path.clone(),
        http_method,
        path_template,
        webhook,
        rust_name,
        params,
        request,
        responses,
        security: page.security.clone(),
        version: page.version.clone(),
        deprecated,
        page: source.page.to_owned(),
        tag: source.tag.to_owned(),
        span: page.title_span.clone(),
        file: source.file.to_path_buf(),
    })
}

struct Lowerer<'d, 'p> {
    diagnostics: &'d mut Vec<Diagnostic>,
    inferences: &'d mut Vec<Inference>,
    /// Every `Enum:` list on the page: (innermost variant, name as written, values).
    enums: Vec<(Option<&'p str>, &'p str, &'p [serde_json::Value])>,
    /// Names (as written) of more than one item on the page: only those can refer back to
    /// a schema described earlier, so only their schemas are copied into `described`.
    repeated: FxHashSet<&'p str>,
    /// Objects and arrays with fields seen so far on the page, by name as written. The
    /// newest renderer lists a nested schema's fields only the first time it appears on a
    /// page; later occurrences are a bare `object` that refers back to it.
    described: FxHashMap<String, Schema>,
}

/// A node of the tree that dotted names describe, before it becomes a schema.
struct Node<'p> {
    item: &'p Item,
    leaf: &'p str,
    children: Vec<usize>,
}

impl<'p> Lowerer<'_, 'p> {
    /// Collects the page's `Enum:` lists and which item names occur more than once.
    fn collect_names(&mut self, page: &'p parse::Page) {
        fn walk<'p>(
            items: &'p [Item],
            variant: Option<&'p str>,
            this: &mut Lowerer<'_, 'p>,
            seen: &mut FxHashSet<&'p str>,
        ) {
            for item in items {
                if let Some(EnumSpec::Values(values)) = &item.enum_values {
                    this.enums.push((variant, &item.name, values));
                }
                if !seen.insert(&item.name) {
                    this.repeated.insert(&item.name);
                }
                for v in &item.variants {
                    walk(&v.items, Some(&v.name), this, seen);
                }
            }
        }
        // Sized for the top-level items; nested ones grow it.
        let top_level: usize = page.sections.iter().map(|s| s.items.len()).sum();
        let mut seen = FxHashSet::with_capacity_and_hasher(top_level, Default::default());
        for section in &page.sections {
            walk(&section.items, None, self, &mut seen);
        }
    }

    fn path_template(&mut self, endpoint: &parse::EndpointLine) -> Option<Vec<PathPart>> {
        let path = &endpoint.path;
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = path.char_indices();
        while let Some((at, ch)) = chars.next() {
            match ch {
                '{' => {
                    let rest = &path[at + 1..];
                    let Some(close) = rest.find(['}', '{']).filter(|&c| rest.as_bytes()[c] == b'}') else {
                        self.template_error(
                            endpoint,
                            at,
                            "a `{name}` parameter closed by `}`",
                            format!("`{}`", &path[at..]),
                        );
                        return None;
                    };
                    let name = &rest[..close];
                    if name.trim().is_empty() {
                        self.template_error(endpoint, at, "a parameter name inside `{}`", "an empty name".to_owned());
                        return None;
                    }
                    if !literal.is_empty() {
                        parts.push(PathPart::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(PathPart::Param(name.to_owned()));
                    for _ in 0..name.chars().count() + 1 {
                        chars.next();
                    }
                }
                '}' => {
                    self.template_error(endpoint, at, "`}` only after a `{name` parameter", "a stray `}`".to_owned());
                    return None;
                }
                _ => literal.push(ch),
            }
        }
        if !literal.is_empty() {
            parts.push(PathPart::Literal(literal));
        }
        Some(parts)
    }

    /// `found` is a description, with any text from the page already in backticks.
    fn template_error(&mut self, endpoint: &parse::EndpointLine, at: usize, expected: &str, found: String) {
        let mut span = endpoint.path_span.clone();
        span.column += endpoint.path[..at].chars().count();
        span.offset += at;
        self.diagnostics.push(Diagnostic::expected(span, expected, found));
    }

    /// Resolves a flat list of items (a section or a variant) into fields.
    fn fields(&mut self, items: &[Item], depth: usize) -> Vec<Field> {
        if depth > MAX_NESTING {
            if let Some(first) = items.first() {
                self.diagnostics.push(Diagnostic::expected(
                    first.span.clone(),
                    format!("at most {MAX_NESTING} levels of nesting"),
                    "deeper nesting",
                ));
            }
            return Vec::new();
        }
        let mut nodes: Vec<Node<'_>> = Vec::new();
        let mut roots = Vec::new();
        let mut by_name: FxHashMap<&str, usize> = FxHashMap::with_capacity_and_hasher(items.len(), Default::default());
        for item in items {
            let name = item.name.as_str();
            if let Some(&previous) = by_name.get(name) {
                let diagnostic =
                    Diagnostic::expected(item.span.clone(), format!("one item named `{name}`"), "a duplicate")
                        .with_related(nodes[previous].item.span.clone(), "the first one is here");
                self.diagnostics.push(diagnostic);
                continue;
            }
            // The parent is the longest declared prefix; an undeclared prefix means the dot
            // is part of the name (`numberPattern.pattern`).
            let mut parent = None;
            for (dot, _) in name.rmatch_indices('.') {
                if let Some(&index) = by_name.get(&name[..dot]) {
                    parent = Some((index, &name[dot + 1..]));
                    break;
                }
            }
            let index = nodes.len();
            match parent {
                Some((parent_index, leaf)) => {
                    let parent_item = nodes[parent_index].item;
                    if !can_have_children(parent_item) {
                        let diagnostic = Diagnostic::expected(
                            item.span.clone(),
                            format!("a parent `{}` of type `object` or `array`", parent_item.name),
                            format!("type `{}`", type_text(&parent_item.ty)),
                        )
                        .with_related(parent_item.span.clone(), "the parent is declared here");
                        self.diagnostics.push(diagnostic);
                        continue;
                    }
                    nodes.push(Node { item, leaf, children: Vec::new() });
                    nodes[parent_index].children.push(index);
                }
                None => {
                    nodes.push(Node { item, leaf: name, children: Vec::new() });
                    roots.push(index);
                }
            }
            by_name.insert(name, index);
        }
        let mut names = UniqueNames::default();
        roots
            .iter()
            .map(|&index| {
                let mut field = self.field(&nodes, index, depth);
                field.rust_name = names.claim(field.rust_name);
                field
            })
            .collect()
    }

    fn field(&mut self, nodes: &[Node<'_>], index: usize, depth: usize) -> Field {
        let node = &nodes[index];
        let item = node.item;
        let schema = self.schema(nodes, index, depth);
        let is_string = matches!(&schema, Schema::String)
            || matches!(&schema, Schema::Nullable { inner } if **inner == Schema::String);
        let (deprecated, hints) = prose::read(&item.description, |reading| {
            (reading.deprecation.clone(), reading.hints(&item.description, item.example.as_ref(), is_string))
        });
        if let Some(note) = &deprecated {
            self.inferences
                .push(Inference { span: item.span.clone(), what: format!("`{}` deprecated: {note}", item.name) });
        }
        for hint in hints {
            self.inferences.push(Inference { span: item.span.clone(), what: format!("`{}`: {hint}", item.name) });
        }
        Field {
            name: node.leaf.to_owned(),
            rust_name: field_name(node.leaf),
            required: item.required,
            description: item.description.clone(),
            deprecated,
            example: item.example.clone(),
            schema,
            span: item.span.clone(),
        }
    }

    fn schema(&mut self, nodes: &[Node<'_>], index: usize, depth: usize) -> Schema {
        let node = &nodes[index];
        let item = node.item;
        // Dotted names nest without bound on the page; the model (and every recursive walk
        // after it) stops at a documented depth instead of exhausting the stack.
        if depth > MAX_NESTING {
            self.diagnostics.push(Diagnostic::expected(
                item.span.clone(),
                format!("at most {MAX_NESTING} levels of nested fields"),
                format!("`{}` nested deeper", item.name),
            ));
            return Schema::Any;
        }
        let child_fields = |this: &mut Self| -> Vec<Field> {
            let mut names = UniqueNames::default();
            node.children
                .iter()
                .map(|&child| {
                    let mut field = this.field(nodes, child, depth + 1);
                    field.rust_name = names.claim(field.rust_name);
                    field
                })
                .collect()
        };
        let is_union =
            item.one_of.is_some() || matches!(item.ty, TypeExpr::Alternatives(_)) || !item.variants.is_empty();
        // The type words other than `null` (see `Words`), and whether `null` is one of them.
        let (words, nullable) = match &item.ty {
            TypeExpr::List(words) => {
                let nullable = words.contains(&"null");
                let mut rest = words.iter().copied().filter(|w| *w != "null");
                let words = match (rest.next(), rest.next()) {
                    (None, _) => Words::None,
                    (Some(word), None) => Words::One(word),
                    (Some(_), Some(_)) => Words::Several,
                };
                (words, nullable)
            }
            TypeExpr::Alternatives(_) => (Words::One("object"), false),
        };
        let base = if is_union {
            let common = child_fields(self);
            let union = Schema::OneOf(self.one_of(item, common, depth));
            if words == Words::One("array") { Schema::Array { items: Box::new(union) } } else { union }
        } else {
            match words {
                Words::None => Schema::Null,
                Words::One(word @ ("string" | "integer" | "number" | "boolean")) => match self.enum_values(item) {
                    Some(values) => Schema::Enum(EnumSchema { values }),
                    None => primitive(word),
                },
                Words::One("object") if !node.children.is_empty() => {
                    Schema::Object(ObjectSchema { fields: child_fields(self) })
                }
                Words::One("object") => Schema::Map,
                Words::One("array") => {
                    let items = if !node.children.is_empty() {
                        Schema::Object(ObjectSchema { fields: child_fields(self) })
                    } else if let Some(values) = self.enum_values(item) {
                        Schema::Enum(EnumSchema { values })
                    } else if let Some(element) = element_from_example(item.example.as_ref()) {
                        self.inferences.push(Inference {
                            span: item.span.clone(),
                            what: format!(
                                "`{}` taken as an array of {} from its example",
                                item.name,
                                schema_word(&element)
                            ),
                        });
                        element
                    } else {
                        Schema::Any
                    };
                    Schema::Array { items: Box::new(items) }
                }
                Words::One("any" | "unknown") if !node.children.is_empty() => {
                    Schema::Object(ObjectSchema { fields: child_fields(self) })
                }
                _ => Schema::Any,
            }
        };
        let base = self.recall_described(item, base);
        if nullable && base != Schema::Null { Schema::Nullable { inner: Box::new(base) } } else { base }
    }

    /// A request or response body. The renderer shows a one-of at the root of a body (an
    /// `allOf` of a `oneOf` and properties) as a made-up item `body` typed
    /// `A (object) or B (object)`; its alternatives' fields sit at the body's top level,
    /// beside the other fields.
    fn body(&mut self, items: &[Item]) -> Schema {
        let mut fields = self.fields(items, 0);
        let root_one_of = items.iter().any(|i| i.name == "body" && matches!(i.ty, TypeExpr::Alternatives(_)));
        let position = fields.iter().position(|f| f.name == "body" && matches!(f.schema, Schema::OneOf(_)));
        if let (true, Some(position)) = (root_one_of, position) {
            let field = fields.remove(position);
            if let Schema::OneOf(mut one_of) = field.schema {
                self.inferences.push(Inference {
                    span: field.span.clone(),
                    what: "`body` with named alternatives is the body's own one-of: its alternatives' fields are at the top level".to_owned(),
                });
                one_of.common.extend(fields);
                return Schema::OneOf(one_of);
            }
        }
        Schema::Object(ObjectSchema { fields })
    }

    /// Remembers a described object or array, or stands a bare one in for the schema it
    /// refers back to.
    fn recall_described(&mut self, item: &Item, schema: Schema) -> Schema {
        let schema = self.recall_common_fields(item, schema);
        let bare = match &schema {
            Schema::Map => true,
            Schema::Array { items } => matches!(**items, Schema::Any),
            _ => false,
        };
        if !bare {
            let remember = matches!(schema, Schema::Object(_) | Schema::OneOf(_) | Schema::Array { .. });
            if remember && self.repeated.contains(item.name.as_str()) && !self.described.contains_key(&item.name) {
                self.described.insert(item.name.clone(), schema.clone());
            }
            return schema;
        }
        let same_kind = |described: &Schema| {
            matches!(
                (&schema, described),
                (Schema::Map, Schema::Object(_) | Schema::OneOf(_)) | (Schema::Array { .. }, Schema::Array { .. })
            )
        };
        match self.described.get(&item.name).filter(|d| same_kind(d)) {
            Some(described) => {
                self.inferences.push(Inference {
                    span: item.span.clone(),
                    what: format!(
                        "`{}` lists no fields here; taken as the `{}` described earlier on the page",
                        item.name, item.name
                    ),
                });
                described.clone()
            }
            None => schema,
        }
    }

    /// A one-of listed again with its alternatives but without the fields they share (the
    /// renderer leaves those out when they appeared earlier on the page) takes the shared
    /// fields of the earlier listing with the same alternatives.
    fn recall_common_fields(&mut self, item: &Item, schema: Schema) -> Schema {
        fn one_of_mut(schema: &mut Schema) -> Option<&mut OneOfSchema> {
            match schema {
                Schema::OneOf(one_of) => Some(one_of),
                Schema::Array { items } => one_of_mut(items),
                _ => None,
            }
        }
        fn one_of_ref(schema: &Schema) -> Option<&OneOfSchema> {
            match schema {
                Schema::OneOf(one_of) => Some(one_of),
                Schema::Array { items } => one_of_ref(items),
                _ => None,
            }
        }
        let mut schema = schema;
        let Some(current) = one_of_mut(&mut schema) else { return schema };
        if !current.common.is_empty() {
            return schema;
        }
        let names = |o: &OneOfSchema| o.variants.iter().map(|v| v.name.clone()).collect::<Vec<_>>();
        let earlier = self
            .described
            .get(&item.name)
            .and_then(one_of_ref)
            .filter(|d| !d.common.is_empty() && names(d) == names(current));
        if let Some(earlier) = earlier {
            current.common = earlier.common.clone();
            self.inferences.push(Inference {
                span: item.span.clone(),
                what: format!(
                    "`{}` lists no shared fields here; taken from the `{}` listed earlier on the page",
                    item.name, item.name
                ),
            });
        }
        schema
    }

    fn one_of(&mut self, item: &Item, common: Vec<Field>, depth: usize) -> OneOfSchema {
        let mut names = UniqueNames::default();
        let mut variants: Vec<VariantSchema> = item
            .variants
            .iter()
            .map(|variant| {
                let mut fields = self.fields(&variant.items, depth + 1);
                // A variant told apart by its one top-level key (`text_message`) needs that
                // key to be present, or any object would match the first variant.
                if fields.len() == 1 && !fields[0].required {
                    fields[0].required = true;
                }
                VariantSchema {
                    name: variant.name.clone(),
                    rust_name: names.claim(type_name(&variant.name)),
                    fields,
                    span: variant.span.clone(),
                }
            })
            .collect();
        if variants.is_empty() {
            if let TypeExpr::Alternatives(alternatives) = &item.ty {
                for (name, _) in alternatives {
                    variants.push(VariantSchema {
                        name: name.clone(),
                        rust_name: names.claim(type_name(name)),
                        fields: Vec::new(),
                        span: item.span.clone(),
                    });
                }
            }
        }
        OneOfSchema { variants, discriminator: item.one_of.as_ref().and_then(|h| h.discriminator.clone()), common }
    }

    fn enum_values(&mut self, item: &Item) -> Option<Vec<serde_json::Value>> {
        match item.enum_values.as_ref()? {
            EnumSpec::Values(values) => Some(values.clone()),
            EnumSpec::SameAs { path, variant, count } => {
                let reference_span = item.enum_span.as_ref().unwrap_or(&item.span);
                let found = self
                    .enums
                    .iter()
                    .find(|(v, p, _)| p == path && (variant.is_none() || *v == variant.as_deref()))
                    .or_else(|| self.enums.iter().find(|(_, p, _)| p == path));
                match found {
                    Some((_, _, values)) => {
                        if values.len() != *count {
                            let found = values.len();
                            self.diagnostics.push(Diagnostic::expected(
                                reference_span.clone(),
                                format!("{count} enum values in `{path}`, as the reference says"),
                                format!("{found} value{}", if found == 1 { "" } else { "s" }),
                            ));
                        }
                        Some(values.to_vec())
                    }
                    None => {
                        self.diagnostics.push(Diagnostic::expected(
                            reference_span.clone(),
                            format!("an earlier item `{path}` with `Enum:` values"),
                            "no such item on the page",
                        ));
                        None
                    }
                }
            }
        }
    }
}

/// An item's type words other than `null`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Words<'a> {
    None,
    One(&'a str),
    Several,
}

/// A section heading as written, for messages.
fn section_heading(kind: &SectionKind) -> String {
    match kind {
        SectionKind::Parameters(location) => {
            let word = match location {
                parse::ParamLocation::Path => "Path",
                parse::ParamLocation::Query => "Query",
                parse::ParamLocation::Header => "Header",
                parse::ParamLocation::Cookie => "Cookie",
            };
            format!("{word} parameters")
        }
        SectionKind::Request => "Request fields".to_owned(),
        SectionKind::Response(status) => format!("Response {status}"),
    }
}

fn can_have_children(item: &Item) -> bool {
    match &item.ty {
        TypeExpr::Alternatives(_) => true,
        TypeExpr::List(words) => words.iter().any(|w| matches!(*w, "object" | "array" | "any" | "unknown")),
    }
}

fn type_text(ty: &TypeExpr) -> String {
    match ty {
        TypeExpr::List(words) => words.join(","),
        TypeExpr::Alternatives(alternatives) => {
            alternatives.iter().map(|(n, t)| format!("{n} ({t})")).collect::<Vec<_>>().join(" or ")
        }
    }
}

fn primitive(word: &str) -> Schema {
    match word {
        "string" => Schema::String,
        "integer" => Schema::Integer,
        "number" => Schema::Number,
        "boolean" => Schema::Boolean,
        _ => Schema::Any,
    }
}

fn schema_word(schema: &Schema) -> &'static str {
    match schema {
        Schema::String => "strings",
        Schema::Integer => "integers",
        Schema::Number => "numbers",
        Schema::Boolean => "booleans",
        _ => "values",
    }
}

/// The element type of an array of primitives, read from an example such as `["es-ES"]`.
fn element_from_example(example: Option<&serde_json::Value>) -> Option<Schema> {
    let items = example?.as_array()?;
    let first = items.first()?;
    let kind = |value: &serde_json::Value| match value {
        serde_json::Value::String(_) => Some(Schema::String),
        serde_json::Value::Bool(_) => Some(Schema::Boolean),
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => Some(Schema::Integer),
        serde_json::Value::Number(_) => Some(Schema::Number),
        _ => None,
    };
    let schema = kind(first)?;
    items.iter().all(|v| kind(v).as_ref() == Some(&schema)).then_some(schema)
}

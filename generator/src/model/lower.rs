//! Lowers a parsed page into a model endpoint: dotted names become nesting, `Enum: same as`
//! references are resolved in the scope they appear in, one-of items become unions, bare
//! items stand for the schemas the renderer described elsewhere on the page (each recall an
//! inference), and prose is read for deprecation. What a page repeats from itself is bounded
//! by its size (`Budget`), so the model and every walk after it stay linear in the page.

use std::path::Path;

use rustc_hash::{FxHashMap, FxHashSet};

use super::names::{Operation, operation_name, webhook_name};
use super::{
    Body, Endpoint, EnumSchema, Field, Inference, ObjectSchema, OneOfSchema, Param, PathPart, Response, Schema, Status,
    VariantSchema, prose,
};
use crate::diagnostic::{Diagnostic, Span};
use crate::naming::{UniqueNames, field_name, type_name};
use crate::parse::{self, EnumSpec, Item, MAX_NESTING, SectionKind, TypeExpr};

/// Everything lowering needs to know about where a page came from.
pub struct PageSource<'a> {
    pub file: &'a Path,
    /// Path relative to the specs folder, `/`-separated.
    pub page: &'a str,
    pub tag: &'a str,
}

/// Lowers one parsed page into an endpoint, or `None` when its path template is unusable
/// (the reason is a diagnostic).
pub fn lower_page(
    page: &parse::Page,
    source: &PageSource<'_>,
    diagnostics: &mut Vec<Diagnostic>,
    inferences: &mut Vec<Inference>,
) -> Option<Endpoint> {
    let mut lowerer = Lowerer::new(page.size, diagnostics, inferences);
    lowerer.index(page);
    let webhook = !page.endpoint.path.starts_with('/');
    let path_template = if webhook { Vec::new() } else { lowerer.path_template(&page.endpoint)? };
    let Slots { mut params, request, responses } = lowerer.sections(page);
    lowerer.unlisted_path_params(&page.endpoint, &path_template, &mut params);
    claim_param_names(&mut params);
    Some(endpoint(page, source, path_template, webhook, params, request, responses))
}

/// What a page's sections lower to: the slots of an endpoint.
#[derive(Default)]
struct Slots {
    params: Vec<Param>,
    request: Option<Body>,
    responses: Vec<Response>,
}

/// Parameter names share one scope in the generated method: later repeats take a suffix.
fn claim_param_names(params: &mut [Param]) {
    let mut names = UniqueNames::default();
    for param in params {
        param.rust_name = names.claim(param.rust_name.clone());
    }
}

/// The endpoint of a page, from its lowered slots and what the page says about itself.
fn endpoint(
    page: &parse::Page,
    source: &PageSource<'_>,
    path_template: Vec<PathPart>,
    webhook: bool,
    params: Vec<Param>,
    request: Option<Body>,
    responses: Vec<Response>,
) -> Endpoint {
    let rust_name = if webhook { webhook_name(&page.endpoint.path) } else { String::new() };
    let deprecated = page.deprecated.then(|| "this endpoint is marked deprecated in the API reference".to_owned());
    let mut endpoint = Endpoint {
        title: page.title.clone(),
        description: page.description.clone(),
        method: page.endpoint.method,
        path: page.endpoint.path.clone(),
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
    };
    // A client method takes the name its operation suggests, worked out here on the page's
    // own thread; once every page is read, `names::method_names` makes the names unique
    // across pages.
    if !webhook {
        endpoint.rust_name = operation_name(&Operation::of(&endpoint));
    }
    endpoint
}

struct Lowerer<'d, 'p> {
    diagnostics: &'d mut Vec<Diagnostic>,
    inferences: &'d mut Vec<Inference>,
    /// The innermost scope of every ``Enum: same as`` item of the page, by address.
    places: FxHashMap<*const Item, usize>,
    /// The page's scopes: its sections and the variants of its one-of items.
    scopes: Vec<ScopeSpan>,
    /// The scope of each section, in page order.
    sections: Vec<usize>,
    /// The section being lowered.
    section: usize,
    /// Whether that section is a body (request or response), not parameters.
    in_body: bool,
    /// Every `Enum:` list on the page, in page order, by what a `same as` reference names.
    enums: FxHashMap<EnumKey<'p>, Vec<(u32, &'p [serde_json::Value])>>,
    /// Names (as written) of more than one item on the page: only those can refer back to
    /// a schema described earlier by the same name.
    repeated: FxHashSet<&'p str>,
    /// The proper word suffixes (see [`suffixes`]) of the names of the items that list no
    /// fields: a schema described under one of them may be what such an item stands for.
    wanted_suffixes: FxHashSet<String>,
    /// [`letters_key`]s of those suffixes, as written and singular: a cheap first test that
    /// spares most described items the work of [`words`].
    wanted_letters: FxHashSet<u64>,
    /// Objects, one-ofs and arrays with fields described so far that a later bare item may
    /// stand for; the newest renderer lists a schema's fields only the first time it
    /// appears on a page.
    described: Vec<Described>,
    /// Indices into `described` by name as written: the richest description per section.
    by_name: FxHashMap<&'p str, Vec<usize>>,
    /// Indices into `described` by the other ties a bare item may have with it.
    by_key: FxHashMap<Key, Keyed>,
    /// Last segments of the items that list no fields.
    bare_leaves: FxHashSet<&'p str>,
    /// [`text_key`]s of the descriptions of the items that list no fields.
    bare_descriptions: FxHashSet<u64>,
    budget: Budget,
}

/// A section, or a variant of a one-of item. Items are numbered in page order, so the
/// items of a scope, at any depth, are the positions `start..end`.
#[derive(Debug, Clone, Copy)]
struct ScopeSpan {
    start: u32,
    end: u32,
    parent: Option<usize>,
}

/// What ``Enum: same as `path` [in "Variant"] (N values)`` can name: the item's name as
/// written, its innermost variant (or any), its number of values (or any).
type EnumKey<'p> = (&'p str, Option<&'p str>, Option<usize>);

/// What ties a bare item to a schema described under another name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    /// The last segment of the name.
    Leaf(String),
    /// The words of the last segment, the last one singular (see [`words`]), which a bare
    /// item's name ends with.
    Suffix(String),
    /// The description (see [`text_key`]).
    Text(u64),
}

/// The described schemas under one [`Key`].
struct Keyed {
    /// [`shape_key`] of the first one.
    shape: u64,
    /// Set once schemas of different shapes share the key.
    ambiguous: bool,
    /// Indices into `Lowerer::described`, the latest per section.
    found: Vec<usize>,
}

/// A described schema a bare item may stand for.
struct Described {
    name: String,
    description: String,
    schema: Schema,
    size: Size,
    section: usize,
}

/// How much of the model a schema is, for [`Budget`], and how deep it nests.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    /// Approximate bytes: a constant per node plus the text it holds.
    weight: usize,
    /// Fields, variants and enum values: how rich a description is.
    nodes: usize,
    /// Levels of nested fields.
    levels: usize,
}

/// The part of the model a page may add by repeating what it says elsewhere: recalled
/// schemas, `Enum: same as` values, and the described schemas kept to recall. Without a
/// bound, a page of a few kilobytes that recalls a schema twice per level of nesting
/// expands exponentially, and every walk after lowering (the type space, the emitter) pays
/// for it; with it, the model, and all that follows, stays linear in the page's size.
#[derive(Debug)]
struct Budget {
    used: usize,
    limit: usize,
    exceeded: bool,
}

impl Budget {
    /// Bytes of repeated model allowed per byte of page.
    const PER_PAGE_BYTE: usize = 64;
    /// What any page may repeat, however small.
    const FLOOR: usize = 1 << 20;

    fn for_page(size: usize) -> Budget {
        Budget { used: 0, limit: Budget::FLOOR + size.saturating_mul(Budget::PER_PAGE_BYTE), exceeded: false }
    }
}

/// A node of the tree that dotted names describe, before it becomes a schema.
struct Node<'p> {
    item: &'p Item,
    leaf: &'p str,
    children: Vec<usize>,
}

impl<'d, 'p> Lowerer<'d, 'p> {
    /// A lowerer for one page of `size` bytes, reporting into the run's lists.
    fn new(size: usize, diagnostics: &'d mut Vec<Diagnostic>, inferences: &'d mut Vec<Inference>) -> Self {
        Lowerer {
            diagnostics,
            inferences,
            places: FxHashMap::default(),
            scopes: Vec::new(),
            sections: Vec::new(),
            section: 0,
            in_body: false,
            enums: FxHashMap::default(),
            repeated: FxHashSet::default(),
            wanted_suffixes: FxHashSet::default(),
            wanted_letters: FxHashSet::default(),
            described: Vec::new(),
            by_name: FxHashMap::default(),
            by_key: FxHashMap::default(),
            bare_leaves: FxHashSet::default(),
            bare_descriptions: FxHashSet::default(),
            budget: Budget::for_page(size),
        }
    }

    /// Lowers the page's sections in page order; a second section of a kind the page may
    /// have once is a diagnostic and is skipped.
    fn sections(&mut self, page: &'p parse::Page) -> Slots {
        let mut slots = Slots::default();
        let mut param_sections: Vec<(parse::ParamLocation, &Span)> = Vec::new();
        for (index, section) in page.sections.iter().enumerate() {
            self.section = index;
            self.in_body = !matches!(section.kind, SectionKind::Parameters(_));
            match &section.kind {
                SectionKind::Parameters(location) => {
                    if let Some((_, first)) = param_sections.iter().find(|(l, _)| l == location) {
                        let heading = section_heading(&section.kind);
                        let diagnostic = Diagnostic::expected(
                            section.span.clone(),
                            format!("one `{heading}` section"),
                            "a second one",
                        )
                        .with_related((*first).clone(), "the first one is here");
                        self.diagnostics.push(diagnostic);
                        continue;
                    }
                    param_sections.push((*location, &section.span));
                    self.parameters(section, *location, &mut slots.params);
                }
                SectionKind::Request => {
                    if let Some(first) = &slots.request {
                        let diagnostic =
                            Diagnostic::expected(section.span.clone(), "one `Request fields` section", "a second one")
                                .with_related(first.span.clone(), "the first one is here");
                        self.diagnostics.push(diagnostic);
                        continue;
                    }
                    slots.request = Some(self.request_body(section));
                }
                SectionKind::Response(status) => {
                    if let Some(previous) = slots.responses.iter().find(|r| r.status == *status) {
                        let diagnostic = Diagnostic::expected(
                            section.span.clone(),
                            format!("one `Response {status}` section"),
                            "a second one",
                        )
                        .with_related(previous.span.clone(), "the first one is here");
                        self.diagnostics.push(diagnostic);
                        continue;
                    }
                    let response = self.response(section, *status);
                    slots.responses.push(response);
                }
            }
        }
        slots
    }

    /// The parameters a `... parameters` section lists, all in `location`.
    fn parameters(&mut self, section: &'p parse::Section, location: parse::ParamLocation, params: &mut Vec<Param>) {
        for field in self.fields(&section.items, 0) {
            params.push(Param {
                name: field.name,
                rust_name: field.rust_name,
                location,
                required: field.required || location == parse::ParamLocation::Path,
                description: field.description,
                deprecated: field.deprecated,
                schema: field.schema,
                span: field.span,
            });
        }
    }

    /// The body a `Request fields` section describes, in its media type (JSON unless the
    /// page names one).
    fn request_body(&mut self, section: &'p parse::Section) -> Body {
        let mut schema = self.body(&section.items);
        let media_type = section.media_type.clone().unwrap_or_else(|| "application/json".to_owned());
        if is_json_patch(&media_type) && !matches!(schema, Schema::Array { .. }) {
            // RFC 6902: the body is a list of operations; the page lists one
            // operation's fields, as for any top-level array.
            self.inferences.push(Inference {
                span: section.span.clone(),
                what: format!("a `{media_type}` body is an array of the operations its fields describe"),
            });
            schema = Schema::Array { items: Box::new(schema) };
        }
        if super::files::is_form_data(&media_type) {
            if let Schema::Object(object) = &mut schema {
                self.mark_files(&media_type, object);
            }
        }
        Body { media_type, schema, span: section.span.clone() }
    }

    /// Marks the fields of a `multipart/form-data` body that are files, each an inference.
    fn mark_files(&mut self, media_type: &str, object: &mut ObjectSchema) {
        for (index, why) in super::files::mark_files(&mut object.fields) {
            let field = &object.fields[index];
            let what = if matches!(field.schema, Schema::Array { .. }) {
                "are files: one file part each in"
            } else {
                "is a file: a file part of"
            };
            self.inferences.push(Inference {
                span: field.span.clone(),
                what: format!(
                    "`{}` {what} the `{media_type}` body, with a file name and a content type \
                     ({why} says so)",
                    field.name
                ),
            });
        }
    }

    /// The response a `Response <status>` section describes; a bare heading has no body.
    fn response(&mut self, section: &'p parse::Section, status: Status) -> Response {
        let schema = section.media_type.as_ref().map(|_| self.body(&section.items));
        Response { status, media_type: section.media_type.clone(), schema, span: section.span.clone() }
    }

    /// Template parameters the page forgot to list are still parameters: required strings,
    /// each an inference.
    fn unlisted_path_params(
        &mut self,
        endpoint: &parse::EndpointLine,
        path_template: &[PathPart],
        params: &mut Vec<Param>,
    ) {
        for part in path_template {
            if let PathPart::Param(name) = part {
                let listed = params.iter().any(|p| p.location == parse::ParamLocation::Path && &p.name == name);
                if !listed {
                    self.inferences.push(Inference {
                        span: endpoint.path_span.clone(),
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
                        span: endpoint.path_span.clone(),
                    });
                }
            }
        }
    }
}

impl<'p> Lowerer<'_, 'p> {
    /// Numbers the page's items and scopes, and indexes its `Enum:` lists, repeated names
    /// and the last words of its bare items, for the lookups lowering makes.
    fn index(&mut self, page: &'p parse::Page) {
        let mut position = 0;
        let mut seen = FxHashSet::default();
        for section in &page.sections {
            let scope = self.open_scope(None, position);
            self.sections.push(scope);
            self.walk(&section.items, None, scope, &mut position, &mut seen);
            self.scopes[scope].end = position;
        }
    }

    fn open_scope(&mut self, parent: Option<usize>, start: u32) -> usize {
        self.scopes.push(ScopeSpan { start, end: start, parent });
        self.scopes.len() - 1
    }

    fn walk(
        &mut self,
        items: &'p [Item],
        variant: Option<&'p str>,
        scope: usize,
        position: &mut u32,
        seen: &mut FxHashSet<&'p str>,
    ) {
        // Names that have children in this list: only needed when some item is bare.
        let mut parents: Option<FxHashSet<&str>> = None;
        for item in items {
            let at = *position;
            *position += 1;
            if matches!(item.enum_values, Some(EnumSpec::SameAs { .. })) {
                self.places.insert(item as *const Item, scope);
            }
            if let Some(EnumSpec::Values(values)) = &item.enum_values {
                let name = item.name.as_str();
                let count = Some(values.len());
                let mut keys = vec![(name, None, None), (name, None, count)];
                if variant.is_some() {
                    keys.extend([(name, variant, None), (name, variant, count)]);
                }
                for key in keys {
                    self.enums.entry(key).or_default().push((at, values));
                }
            }
            if !seen.insert(&item.name) {
                self.repeated.insert(&item.name);
            }
            let listed_children = || items.iter().filter_map(|i| i.name.rsplit_once('.').map(|(p, _)| p)).collect();
            if is_bare(item) && !parents.get_or_insert_with(listed_children).contains(item.name.as_str()) {
                let own = leaf(&item.name);
                self.bare_leaves.insert(own);
                let raw: Vec<String> = crate::naming::snake_case(own).split('_').map(str::to_owned).collect();
                for suffix in suffixes(&raw).into_iter().chain(suffixes(&words(own))) {
                    self.wanted_letters.insert(letters_key(&suffix));
                }
                self.wanted_suffixes.extend(suffixes(&words(own)));
                let text = item.description.trim();
                if text.len() >= MIN_SHARED_DESCRIPTION {
                    self.bare_descriptions.insert(text_key(text));
                }
            }
            for v in &item.variants {
                let child = self.open_scope(Some(scope), *position);
                self.walk(&v.items, Some(&v.name), child, position, seen);
                self.scopes[child].end = *position;
            }
        }
    }

    /// Counts `cost` against the page's [`Budget`]; past it, reports once (at `span`) and
    /// refuses.
    fn spend(&mut self, cost: usize, span: &Span, what: &str) -> bool {
        if self.budget.exceeded {
            return false;
        }
        if self.budget.used.saturating_add(cost) <= self.budget.limit {
            self.budget.used += cost;
            return true;
        }
        self.budget.exceeded = true;
        self.diagnostics.push(Diagnostic::expected(
            span.clone(),
            format!(
                "a page that repeats, in schemas described elsewhere on it, at most {} times its size",
                Budget::PER_PAGE_BYTE
            ),
            format!("{what} past {} bytes", self.budget.limit),
        ));
        false
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
    fn fields(&mut self, items: &'p [Item], depth: usize) -> Vec<Field> {
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
        let mut nodes: Vec<Node<'p>> = Vec::new();
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

    fn field(&mut self, nodes: &[Node<'p>], index: usize, depth: usize) -> Field {
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

    fn schema(&mut self, nodes: &[Node<'p>], index: usize, depth: usize) -> Schema {
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
        // Renderers repeat words (`string,null,string,null`, `string,string`): what counts is
        // the set of types.
        let (words, nullable) = match &item.ty {
            TypeExpr::List(words) => {
                let nullable = words.contains(&"null");
                let mut distinct: Vec<&str> = Vec::with_capacity(words.len());
                for word in words.iter().copied().filter(|w| *w != "null") {
                    if !distinct.contains(&word) {
                        distinct.push(word);
                    }
                }
                let words = match distinct.as_slice() {
                    [] => Words::None,
                    [word] => Words::One(word),
                    _ => Words::Several,
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
                Words::One("object" | "any" | "unknown") if !node.children.is_empty() => {
                    let fields = child_fields(self);
                    self.object_or_map(item, fields)
                }
                Words::One("object") => Schema::Map { values: None },
                Words::One("array") => {
                    let items = if !node.children.is_empty() {
                        {
                            let fields = child_fields(self);
                            self.object_or_map(item, fields)
                        }
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
                // `any`, `unknown` or several types with an `Enum:` line: the values are
                // what the page says, whatever their JSON types.
                _ => match self.enum_values(item) {
                    Some(values) => Schema::Enum(EnumSchema { values }),
                    None => Schema::Any,
                },
            }
        };
        let base = self.recall_described(item, base, depth);
        if nullable && base != Schema::Null { Schema::Nullable { inner: Box::new(base) } } else { base }
    }

    /// An object with these fields, or a map: the renderer shows a map's value schema as a
    /// field named `additionalProperties`. Beside other fields, that item stands for the
    /// entries beyond them, which a struct cannot hold; it is left out with an inference.
    fn object_or_map(&mut self, item: &Item, mut fields: Vec<Field>) -> Schema {
        let Some(at) = fields.iter().position(|f| f.name == ADDITIONAL_PROPERTIES) else {
            return Schema::Object(ObjectSchema { fields });
        };
        let values = fields.remove(at).schema;
        if fields.is_empty() {
            return Schema::Map { values: Some(Box::new(values)) };
        }
        self.inferences.push(Inference {
            span: item.span.clone(),
            what: format!(
                "`{}` lists fields and `{ADDITIONAL_PROPERTIES}`: only the listed fields are kept",
                item.name
            ),
        });
        Schema::Object(ObjectSchema { fields })
    }

    /// A request or response body. The renderer shows a one-of at the root of a body (an
    /// `allOf` of a `oneOf` and properties) as a made-up item `body` typed
    /// `A (object) or B (object)`, or `object — one of:` with variant blocks; its
    /// alternatives' fields sit at the body's top level, beside the other fields. The
    /// pseudo-field never goes on the wire, in requests, responses and webhook payloads alike.
    fn body(&mut self, items: &'p [Item]) -> Schema {
        let mut fields = self.fields(items, 0);
        let root_one_of = items.iter().any(|i| {
            i.name == "body"
                && (matches!(i.ty, TypeExpr::Alternatives(_)) || i.one_of.is_some() || !i.variants.is_empty())
        });
        let position = fields.iter().position(|f| f.name == "body" && matches!(f.schema, Schema::OneOf(_)));
        if let (true, Some(position)) = (root_one_of, position) {
            let field = fields.remove(position);
            if let Schema::OneOf(mut one_of) = field.schema {
                self.inferences.push(Inference {
                    span: field.span.clone(),
                    what: "`body` is the body's own one-of (the renderer's name for it): its alternatives' fields \
                           are at the top level"
                        .to_owned(),
                });
                one_of.common.extend(fields);
                return Schema::OneOf(one_of);
            }
        }
        Schema::Object(ObjectSchema { fields })
    }

    /// Remembers a described object, one-of or array, or stands a bare one in for the
    /// schema it refers back to: the renderer lists a schema's fields once per page and
    /// shows it bare wherever else it appears, under whatever name. The referent, in order:
    /// the same name (the richest description, so that a response is never poorer than what
    /// the page documents for that name; in the same section on a tie, then the nearest);
    /// the same last segment (`settings.contact_settings` for `contact_settings`); the same
    /// description, which comes with the schema; a name that ends with the described one
    /// (`correctedAddress` and `candidateAddresses` for `address`) or a sibling with the same
    /// last word (`monthlyPrice` beside `setupPrice`). Each looks in the same section first,
    /// nearest first. Every recall is an inference.
    fn recall_described(&mut self, item: &'p Item, schema: Schema, depth: usize) -> Schema {
        let schema = self.recall_common_fields(item, schema);
        let bare = match &schema {
            Schema::Map { values: None } => Some(false),
            Schema::Array { items } if matches!(**items, Schema::Any) => Some(true),
            _ => None,
        };
        let Some(array) = bare else {
            self.remember(item, &schema);
            return schema;
        };
        let Some((found, why)) = self.referent(item, array) else { return schema };
        let (name, size) = (self.described[found].name.clone(), self.described[found].size);
        if depth + size.levels > MAX_NESTING + 1 {
            self.diagnostics.push(Diagnostic::expected(
                item.span.clone(),
                format!("at most {MAX_NESTING} levels of nested fields"),
                format!("`{}` standing for the `{name}` described earlier, nested deeper", item.name),
            ));
            return schema;
        }
        if !self.spend(size.weight, &item.span, &format!("`{}` standing for the `{name}` described earlier", item.name))
        {
            return schema;
        }
        let recalled = self.described[found].schema.clone();
        let what =
            format!("`{}` lists no fields here; taken as the `{name}` described earlier on the page{why}", item.name);
        self.inferences.push(Inference { span: item.span.clone(), what });
        match (array, recalled) {
            (true, recalled @ (Schema::Object(_) | Schema::OneOf(_))) => Schema::Array { items: Box::new(recalled) },
            (_, recalled) => recalled,
        }
    }

    /// The described schema a bare item stands for (see [`Self::recall_described`]), and
    /// what ties them, for the inference.
    fn referent(&self, item: &Item, array: bool) -> Option<(usize, &'static str)> {
        let section = self.section;
        let fits = |described: &Schema, same_name: bool| match (array, described) {
            (false, Schema::Object(_) | Schema::OneOf(_)) => true,
            (true, Schema::Array { .. }) => true,
            // A bare array named after an object described elsewhere holds such objects.
            (true, Schema::Object(_) | Schema::OneOf(_)) => !same_name,
            _ => false,
        };
        // Parameters are named as the API takes them: only their own name ties them to a
        // schema; the other ties are for what the renderer left out of bodies.
        let bare = is_bare(item) && self.in_body;
        let own = leaf(&item.name);
        // The same name, or the same last segment elsewhere: the richest description, so
        // that a response is never poorer than what the page documents for it, as long as
        // it includes every other's fields (else they are different schemas: the same name
        // only).
        let by_name = self.by_name.get(item.name.as_str()).map_or(&[][..], Vec::as_slice);
        // A last segment as general as `attributes` (JSON:API's `data.attributes` and
        // `included.attributes`) names different schemas at different places.
        let generic = bare && matches!(words(own).as_slice(), [one] if GENERIC_WORDS.contains(&one.as_str()));
        let by_leaf = match self.by_key.get(&Key::Leaf(own.to_owned())) {
            Some(entry) if bare && !generic => entry.found.as_slice(),
            _ => &[],
        };
        let richest = |found: &mut dyn Iterator<Item = usize>| {
            found.filter(|&i| fits(&self.described[i].schema, true)).max_by_key(|&i| {
                let d = &self.described[i];
                (d.size.nodes, d.section == section, d.section, i)
            })
        };
        if let Some(best) = richest(&mut by_name.iter().chain(by_leaf).copied()) {
            let names = top_names(&self.described[best].schema);
            let covers = by_name.iter().chain(by_leaf).all(|&i| {
                !fits(&self.described[i].schema, true)
                    || top_names(&self.described[i].schema).iter().all(|n| names.contains(n))
            });
            let why = if self.described[best].name == item.name { "" } else { " (the same name at another place)" };
            if covers {
                return Some((best, why));
            }
            if let Some(best) = richest(&mut by_name.iter().copied()) {
                return Some((best, ""));
            }
        }
        // An item with an example or values says something of its own: only its name ties it.
        if !bare {
            return None;
        }
        // The others, unless different schemas were described under the same key: the same
        // section first, then the nearest.
        let nearest = |key: &Key, keep: &dyn Fn(&Described) -> bool| {
            let entry = self.by_key.get(key).filter(|e| !e.ambiguous)?;
            entry
                .found
                .iter()
                .copied()
                .filter(|&i| keep(&self.described[i]) && fits(&self.described[i].schema, false))
                .max_by_key(|&i| {
                    let d = &self.described[i];
                    (d.section == section, d.section, i)
                })
        };
        let text = item.description.trim();
        if text.len() >= MIN_SHARED_DESCRIPTION {
            if let Some(found) = nearest(&Key::Text(text_key(text)), &|d| d.description == text) {
                return Some((found, " (the same description)"));
            }
        }
        // The longest suffix first: `discountedBasePrice` is a `basePrice` before a `price`.
        // An array of what an object names is a plural of its singular (`candidateAddresses`
        // and `address`); an object named in the plural after a singular one is a
        // collection of them, not one.
        let plural = |name: &str| last_word(name) != singular_word(name);
        let own_plural = plural(own);
        let counts_agree = |d: &Described| {
            let object = matches!(d.schema, Schema::Object(_) | Schema::OneOf(_));
            let theirs = plural(leaf(&d.name));
            if array && object { own_plural && !theirs } else { own_plural == theirs }
        };
        // A name joined by a preposition relates two things (`termsToPrices`,
        // `volumePerTerm`): it is neither.
        let own_words = words(own);
        if own_words.iter().any(|w| RELATING_WORDS.contains(&w.as_str())) {
            return None;
        }
        suffixes(&own_words)
            .into_iter()
            .find_map(|suffix| nearest(&Key::Suffix(suffix), &counts_agree))
            .map(|found| (found, " (a name ending in it)"))
    }

    /// Keeps a described schema that a later bare item may stand for: one whose name is
    /// repeated on the page, or whose last segment, last word or description a bare item's
    /// shares; and notes when one key is shared by schemas of different shapes, which makes
    /// it useless to tell which one a bare item stands for.
    fn remember(&mut self, item: &'p Item, schema: &Schema) {
        let described = match schema {
            Schema::Object(_) | Schema::OneOf(_) => true,
            Schema::Array { items } => !matches!(**items, Schema::Any),
            _ => false,
        };
        if !described {
            return;
        }
        let repeated = self.repeated.contains(item.name.as_str());
        let own = leaf(&item.name);
        let text = item.description.trim();
        let mut keys = Vec::new();
        if self.bare_leaves.contains(own) {
            keys.push(Key::Leaf(own.to_owned()));
        }
        if self.wanted_letters.contains(&letters_key(own)) {
            let joined = words(own).join("_");
            if self.wanted_suffixes.contains(&joined) {
                keys.push(Key::Suffix(joined));
            }
        }
        let shared = !self.bare_descriptions.is_empty() && text.len() >= MIN_SHARED_DESCRIPTION;
        if shared && self.bare_descriptions.contains(&text_key(text)) {
            keys.push(Key::Text(text_key(text)));
        }
        if !repeated && keys.is_empty() {
            return;
        }
        let size = measure(schema);
        let section = self.section;
        // One description per name and section (the richest), and per key and section (the
        // latest): enough for every choice `referent` makes.
        let same_name = self
            .by_name
            .get(item.name.as_str())
            .and_then(|found| found.iter().copied().find(|&i| self.described[i].section == section));
        let keep_by_name = repeated && same_name.is_none_or(|i| self.described[i].size.nodes < size.nodes);
        if !keep_by_name && keys.is_empty() {
            return;
        }
        if !self.spend(size.weight, &item.span, &format!("`{}` kept to stand for later bare items", item.name)) {
            return;
        }
        let index = self.described.len();
        let shape = if keys.is_empty() { 0 } else { shape_key(schema) };
        self.described.push(Described {
            name: item.name.clone(),
            description: text.to_owned(),
            schema: schema.clone(),
            size,
            section,
        });
        if keep_by_name {
            let found = self.by_name.entry(&item.name).or_default();
            match same_name.and_then(|old| found.iter().position(|&i| i == old)) {
                Some(slot) => found[slot] = index,
                None => found.push(index),
            }
        }
        for key in keys {
            let entry = self.by_key.entry(key).or_insert_with(|| Keyed { shape, ambiguous: false, found: Vec::new() });
            entry.ambiguous |= entry.shape != shape;
            let described = &self.described;
            match entry.found.iter().position(|&i| described[i].section == section) {
                Some(slot) => entry.found[slot] = index,
                None => entry.found.push(index),
            }
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
            .by_name
            .get(item.name.as_str())
            .into_iter()
            .flatten()
            .filter_map(|&i| one_of_ref(&self.described[i].schema))
            .find(|d| !d.common.is_empty() && names(d) == names(current));
        let Some(earlier) = earlier else { return schema };
        let common = earlier.common.clone();
        let weight = common.iter().map(|f| measure_field(f).weight).sum();
        if !self.spend(weight, &item.span, &format!("`{}` taking the shared fields listed earlier", item.name)) {
            return schema;
        }
        if let Some(current) = one_of_mut(&mut schema) {
            current.common = common;
        }
        self.inferences.push(Inference {
            span: item.span.clone(),
            what: format!(
                "`{}` lists no shared fields here; taken from the `{}` listed earlier on the page",
                item.name, item.name
            ),
        });
        schema
    }

    fn one_of(&mut self, item: &'p Item, common: Vec<Field>, depth: usize) -> OneOfSchema {
        let mut names = UniqueNames::default();
        let mut variants: Vec<VariantSchema> = item
            .variants
            .iter()
            .map(|variant| {
                // Fields as the page marks them: the generated decoding tells alternatives
                // apart by the keys present (runtime/one_of.rs), not by forcing a key required.
                let fields = self.fields(&variant.items, depth + 1);
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
                let reference_span = item.enum_span.as_ref().unwrap_or(&item.span).clone();
                let Some(values) = self.same_as(item, path, variant.as_deref(), *count) else {
                    self.diagnostics.push(Diagnostic::expected(
                        reference_span,
                        format!("an earlier item `{path}` with `Enum:` values"),
                        "no such item on the page",
                    ));
                    return None;
                };
                if values.len() != *count {
                    let found = values.len();
                    self.diagnostics.push(Diagnostic::expected(
                        reference_span.clone(),
                        format!("{count} enum values in `{path}`, as the reference says"),
                        format!("{found} value{}", if found == 1 { "" } else { "s" }),
                    ));
                }
                let weight = values.iter().map(value_weight).sum();
                if !self.spend(weight, &reference_span, &format!("the values of `{path}` repeated here")) {
                    return None;
                }
                Some(values.to_vec())
            }
        }
    }

    /// The values an ``Enum: same as `path` [in "variant"] (N values)`` names. References
    /// resolve where they appear: among the items of the innermost enclosing variant, then
    /// of each enclosing scope outward to the section, then in the nearest earlier section,
    /// then anywhere; a list of the stated length is preferred to one of another length
    /// wherever it is, and a list in the named variant to one elsewhere.
    fn same_as(&self, item: &Item, path: &str, variant: Option<&str>, count: usize) -> Option<&'p [serde_json::Value]> {
        let scope = *self.places.get(&(item as *const Item))?;
        let mut keys = vec![(path, variant, Some(count))];
        if variant.is_some() {
            keys.push((path, None, Some(count)));
            keys.push((path, variant, None));
        }
        keys.push((path, None, None));
        keys.iter().find_map(|key| self.enums.get(key).and_then(|list| self.nearest(list, scope)))
    }

    /// The entry of `list` (in page order) that a reference in `scope` sees first.
    fn nearest(&self, list: &[(u32, &'p [serde_json::Value])], scope: usize) -> Option<&'p [serde_json::Value]> {
        let first_in = |start: u32, end: u32| {
            let at = list.partition_point(|(position, _)| *position < start);
            list.get(at).filter(|(position, _)| *position < end).map(|(_, values)| *values)
        };
        let mut current = Some(scope);
        let mut section = scope;
        while let Some(at) = current {
            let span = self.scopes[at];
            if let Some(found) = first_in(span.start, span.end) {
                return Some(found);
            }
            section = at;
            current = span.parent;
        }
        let section = self.scopes[section];
        let before = list.partition_point(|(position, _)| *position < section.start);
        if let Some(&(position, _)) = before.checked_sub(1).and_then(|i| list.get(i)) {
            let earlier = self.sections.iter().map(|&s| self.scopes[s]).find(|s| (s.start..s.end).contains(&position));
            if let Some(earlier) = earlier {
                return first_in(earlier.start, earlier.end);
            }
        }
        list.first().map(|(_, values)| *values)
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

/// The names at a schema's top level: fields, or alternatives and shared fields.
fn top_names(schema: &Schema) -> Vec<&str> {
    match schema {
        Schema::Object(object) => object.fields.iter().map(|f| f.name.as_str()).collect(),
        Schema::OneOf(one_of) => one_of
            .variants
            .iter()
            .map(|v| v.name.as_str())
            .chain(one_of.common.iter().map(|f| f.name.as_str()))
            .collect(),
        Schema::Array { items: inner } | Schema::Nullable { inner } => top_names(inner),
        _ => Vec::new(),
    }
}

/// A hash of a schema's shape: field names, required-ness and types, not prose.
fn shape_key(schema: &Schema) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    fn walk(schema: &Schema, hasher: &mut impl Hasher) {
        std::mem::discriminant(schema).hash(hasher);
        match schema {
            Schema::Object(object) => fields(&object.fields, hasher),
            Schema::OneOf(one_of) => {
                for variant in &one_of.variants {
                    variant.name.hash(hasher);
                    fields(&variant.fields, hasher);
                }
                fields(&one_of.common, hasher);
            }
            Schema::Array { items: inner } | Schema::Nullable { inner } => walk(inner, hasher),
            Schema::Map { values: Some(inner) } => walk(inner, hasher),
            Schema::Enum(values) => values.values.len().hash(hasher),
            _ => {}
        }
    }
    fn fields(fields: &[Field], hasher: &mut impl Hasher) {
        fields.len().hash(hasher);
        for field in fields {
            field.name.hash(hasher);
            field.required.hash(hasher);
            walk(&field.schema, hasher);
        }
    }
    let mut hasher = rustc_hash::FxBuildHasher.build_hasher();
    walk(schema, &mut hasher);
    hasher.finish()
}

/// A description shorter than this ("The ID.") says too little to tie two items.
const MIN_SHARED_DESCRIPTION: usize = 24;

/// A hash of a name's letters and digits, lowercase: `candidateAddress`, `candidate_address`
/// and `candidate-address` agree.
fn letters_key(name: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = rustc_hash::FxBuildHasher.build_hasher();
    for byte in name.bytes().filter(u8::is_ascii_alphanumeric) {
        hasher.write_u8(byte.to_ascii_lowercase());
    }
    hasher.finish()
}

/// A description as a hash key (the text is compared again on a hit).
fn text_key(text: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = rustc_hash::FxBuildHasher.build_hasher();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// Words that relate the parts of a name rather than qualify its last word.
const RELATING_WORDS: &[&str] = &["and", "by", "for", "from", "in", "of", "or", "per", "to", "vs", "with"];

/// Words too general to say that a longer name ending in them, or the same name at another
/// place, is the same schema (`errorDetails` is not `details`).
const GENERIC_WORDS: &[&str] = &[
    "attribute",
    "body",
    "config",
    "configuration",
    "content",
    "data",
    "detail",
    "entry",
    "include",
    "included",
    "info",
    "item",
    "message",
    "metadata",
    "option",
    "parameter",
    "payload",
    "property",
    "relationship",
    "result",
    "setting",
    "value",
];

/// The last word of a name as written, lowercase.
fn last_word(name: &str) -> String {
    crate::naming::snake_case(name).rsplit('_').find(|w| !w.is_empty()).unwrap_or_default().to_owned()
}

/// [`last_word`], singular.
fn singular_word(name: &str) -> String {
    crate::naming::singular(&last_word(name))
}

/// The words of a name, the last one singular: `candidateAddresses` -> `candidate address`.
fn words(name: &str) -> Vec<String> {
    let snake = crate::naming::snake_case(name);
    let mut words: Vec<String> = snake.split('_').filter(|w| !w.is_empty()).map(str::to_owned).collect();
    if let Some(last) = words.last_mut() {
        *last = crate::naming::singular(last);
    }
    words
}

/// The name the renderer gives a map's value schema.
const ADDITIONAL_PROPERTIES: &str = "additionalProperties";

/// `application/json-patch+json` (RFC 6902), possibly with parameters.
fn is_json_patch(media_type: &str) -> bool {
    media_type.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json-patch+json"))
}

/// An object or array item that lists nothing of its own: no variants, no values, no
/// example (its children, listed under its name, are checked by the caller).
fn is_bare(item: &Item) -> bool {
    let bare_type = match &item.ty {
        TypeExpr::List(words) => {
            let mut kinds = words.iter().filter(|w| **w != "null");
            matches!((kinds.next(), kinds.next()), (Some(&("object" | "array")), None))
        }
        TypeExpr::Alternatives(_) => false,
    };
    bare_type
        && item.one_of.is_none()
        && item.variants.is_empty()
        && item.enum_values.is_none()
        && item.example.is_none()
}

/// The last segment of a dotted name.
fn leaf(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// The proper suffixes of a name's words, longest first, joined with `_`, leaving out a
/// lone word too general to say that a longer name ending in it is the same schema
/// (`errorDetails` is not a `details`): `discounted base price` -> `base_price`, `price`.
fn suffixes(words: &[String]) -> Vec<String> {
    (1..words.len())
        .map(|from| &words[from..])
        .filter(|rest| !matches!(rest, [one] if GENERIC_WORDS.contains(&one.as_str()) || one.len() < 4))
        .map(|rest| rest.join("_"))
        .collect()
}

/// [`Size`] of a schema, in one walk (schemas nest at most [`MAX_NESTING`] levels of
/// fields, recalls included).
fn measure(schema: &Schema) -> Size {
    const NODE: usize = 32;
    match schema {
        Schema::Object(object) => sum(object.fields.iter().map(measure_field), 1),
        Schema::OneOf(one_of) => {
            let variants = one_of.variants.iter().map(|v| {
                let fields = sum(v.fields.iter().map(measure_field), 0);
                Size { weight: fields.weight + NODE + v.name.len(), nodes: fields.nodes + 1, levels: fields.levels }
            });
            let common = one_of.common.iter().map(measure_field);
            sum(variants.chain(common), 1)
        }
        Schema::Array { items } | Schema::Nullable { inner: items } => {
            let inner = measure(items);
            Size { weight: inner.weight + NODE, ..inner }
        }
        Schema::Map { values: Some(values) } => {
            let inner = measure(values);
            Size { weight: inner.weight + NODE, nodes: inner.nodes, levels: inner.levels + 1 }
        }
        Schema::Enum(values) => Size {
            weight: values.values.iter().map(value_weight).sum::<usize>() + NODE,
            nodes: values.values.len(),
            levels: 0,
        },
        _ => Size { weight: NODE, nodes: 0, levels: 0 },
    }
}

/// Sizes side by side, one level deeper when `deeper` is 1.
fn sum(parts: impl Iterator<Item = Size>, deeper: usize) -> Size {
    parts.fold(Size { weight: 32, nodes: 0, levels: deeper }, |acc, part| Size {
        weight: acc.weight + part.weight,
        nodes: acc.nodes + part.nodes,
        levels: acc.levels.max(part.levels + deeper),
    })
}

fn measure_field(field: &Field) -> Size {
    let schema = measure(&field.schema);
    let text = field.name.len() * 2 + field.description.len() + field.example.as_ref().map_or(0, value_weight);
    Size { weight: schema.weight + 64 + text, nodes: schema.nodes + 1, levels: schema.levels }
}

/// The bytes a JSON value (an enum value or an example) holds, roughly.
fn value_weight(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::String(s) => 24 + s.len(),
        serde_json::Value::Array(items) => 24 + items.iter().map(value_weight).sum::<usize>(),
        serde_json::Value::Object(map) => 24 + map.iter().map(|(k, v)| k.len() + value_weight(v)).sum::<usize>(),
        _ => 24,
    }
}

//! The measuring instrument of the fidelity check (`tests/tests/fidelity.rs`): what an SDK
//! generated from docs pages loses against the OpenAPI description behind those pages.
//!
//! Everything here is pure: reading the description (operations, examples, request bodies
//! built from its schemas), comparing it with the model doc2rust read from the pages,
//! diffing JSON round trips, and keeping the checked-in list of known losses. The test
//! drives Prism and the generated types with it.
//!
//! Every finding is one line `<category> <where>: <what>`, so a list of them sorts, diffs
//! and merges as text. Categories: `missing`, `extra`, `required`, `enum`, `type` (the
//! model against the description), `roundtrip` (a body that does not come back the same
//! through the SDK's type), `request` (a violation the SDK's encoding adds to a valid
//! request) and `description` (the description breaking its own schemas: not the SDK's
//! doing, listed so that the list stays complete and current).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use doc2rust::__private::{FieldDef, Ty, TypeKind, TypeSpace};
use doc2rust::Loaded;
use doc2rust::model::{Endpoint, ParamLocation};
use serde_json::{Value, json};

/// The categories of findings, in the order of the summary table, with what they count.
pub const CATEGORIES: &[(&str, &str)] = &[
    ("missing", "properties, parameters, bodies and responses of the description the model lacks"),
    ("extra", "fields and parameters of the model the description does not have"),
    ("required", "required flags that differ"),
    ("enum", "enum values of the description the model lost"),
    ("type", "types that differ"),
    ("roundtrip", "keys lost or changed when a body goes through the SDK's type and back"),
    ("request", "violations the SDK's encoding adds to a valid request"),
    ("description", "the description breaking its own schemas (not the SDK's doing)"),
    ("sample", "request bodies built from the schemas that Prism refuses (not measured)"),
];

/// An OpenAPI description read from YAML or JSON.
pub fn load_description(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("read {}: {error}", path.display()));
    serde_norway::from_str(&text).unwrap_or_else(|error| panic!("parse {}: {error}", path.display()))
}

/// Follows a local `$ref`.
fn target<'a>(doc: &'a Value, reference: &str) -> &'a Value {
    let pointer = reference.strip_prefix('#').unwrap_or_else(|| panic!("external $ref `{reference}`"));
    doc.pointer(pointer).unwrap_or_else(|| panic!("dangling $ref `{reference}`"))
}

/// Follows `$ref`s to the node they name; the first reference followed, if any.
fn resolve<'a>(doc: &'a Value, mut node: &'a Value) -> (&'a Value, Option<&'a str>) {
    let mut first = None;
    while let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        first.get_or_insert(reference);
        node = target(doc, reference);
    }
    (node, first)
}

/// `/v1/{a}/b:{c}` as `/v1/{}/b:{}`: operations match by method and template, whatever
/// the parameters are called.
pub fn template_key(path: &str) -> String {
    let mut key = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                key.push_str("{}");
            }
            '}' => inside = false,
            _ if inside => {}
            _ => key.push(c),
        }
    }
    key
}

/// One operation of the description.
pub struct Operation<'a> {
    /// `POST`.
    pub method: String,
    /// The path template as the description writes it.
    pub path: &'a str,
    /// Path-item and operation parameters, resolved; the operation's win.
    pub params: Vec<&'a Value>,
    pub request: Option<Slot<'a>>,
    /// By status, in the description's order.
    pub responses: Vec<(String, Slot<'a>)>,
}

/// A request body or a response of an operation.
pub struct Slot<'a> {
    /// Where it is written: the component a `$ref` names, or `METHOD path slot`. Examples
    /// are named after it, so an example shared by many operations is one example.
    pub owner: String,
    /// The JSON media type and its media object, when it has a body.
    pub media: Option<(&'a str, &'a Value)>,
}

impl Operation<'_> {
    /// `POST /v1/projects/{project_id}/apps`.
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// What an endpoint of the model matches it by.
    pub fn key(&self) -> (String, String) {
        (self.method.clone(), template_key(self.path))
    }

    pub fn slot(&self, slot: &str) -> Option<&Slot<'_>> {
        if slot == "request" {
            self.request.as_ref()
        } else {
            self.responses.iter().find(|(status, _)| status == slot).map(|(_, slot)| slot)
        }
    }
}

/// Every operation of the description, in document order.
pub fn operations(doc: &Value) -> Vec<Operation<'_>> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let (item, _) = resolve(doc, item);
        let shared: Vec<&Value> = item.get("parameters").and_then(Value::as_array).into_iter().flatten().collect();
        for (method, node) in item.as_object().expect("a path item") {
            if !["get", "put", "post", "delete", "patch", "head", "options", "trace"].contains(&method.as_str()) {
                continue;
            }
            let method = method.to_ascii_uppercase();
            let label = format!("{method} {path}");
            let mut params: Vec<&Value> = Vec::new();
            let own: Vec<&Value> = node.get("parameters").and_then(Value::as_array).into_iter().flatten().collect();
            for param in own.iter().chain(&shared) {
                let (param, _) = resolve(doc, param);
                let same = |other: &&Value| other["name"] == param["name"] && other["in"] == param["in"];
                if !params.iter().any(same) {
                    params.push(param);
                }
            }
            let request = node.get("requestBody").map(|body| slot(doc, body, &format!("{label} request")));
            let responses = node["responses"]
                .as_object()
                .expect("responses")
                .iter()
                .map(|(status, response)| (status.clone(), slot(doc, response, &format!("{label} {status}"))))
                .collect();
            found.push(Operation { method, path, params, request, responses });
        }
    }
    found
}

fn slot<'a>(doc: &'a Value, node: &'a Value, inline: &str) -> Slot<'a> {
    let (node, reference) = resolve(doc, node);
    let owner = reference.map_or_else(|| inline.to_owned(), str::to_owned);
    let content = node.get("content").and_then(Value::as_object);
    let media = content.and_then(|content| {
        content.iter().find(|(media, _)| is_json(media)).map(|(media, object)| (media.as_str(), object))
    });
    Slot { owner, media }
}

fn is_json(media: &str) -> bool {
    media == "application/json" || media.ends_with("+json") || media.ends_with("/json")
}

/// One JSON example of a whole request or response body.
#[derive(Debug, Clone)]
pub struct Example {
    /// `#/components/responses/400Error example`, `POST /v1/... 200 examples/created`.
    pub source: String,
    /// The key under the media type's `examples`, for Prism's `Prefer: example=`.
    pub key: Option<String>,
    pub value: Value,
}

/// The examples of a body: the media type's `example`, each of its `examples`, and the
/// `example` of the body's schema (the whole body).
pub fn slot_examples(doc: &Value, slot: &Slot<'_>) -> Vec<Example> {
    let Some((_, media)) = slot.media else { return Vec::new() };
    let mut found = Vec::new();
    if let Some(value) = media.get("example") {
        found.push(Example { source: format!("{} example", slot.owner), key: None, value: value.clone() });
    }
    for (key, example) in media.get("examples").and_then(Value::as_object).into_iter().flatten() {
        let (example, _) = resolve(doc, example);
        if let Some(value) = example.get("value") {
            found.push(Example {
                source: format!("{} examples/{key}", slot.owner),
                key: Some(key.clone()),
                value: value.clone(),
            });
        }
    }
    if let Some(schema) = media.get("schema") {
        let (schema, reference) = resolve(doc, schema);
        if let Some(value) = schema.get("example") {
            let owner = reference.map_or_else(|| format!("{} schema", slot.owner), str::to_owned);
            found.push(Example { source: format!("{owner} example"), key: None, value: value.clone() });
        }
    }
    found
}

/// The `$ref`s a schema sits inside: its ancestors' and its own. A `$ref` met again inside
/// itself is a recursive schema, which the pages stop expanding somewhere, and so does
/// the comparison.
type Scope<'a> = Vec<&'a str>;

/// A description schema with its `$ref`s followed and its `allOf` merged; each subschema
/// with the scope it sits in.
#[derive(Default)]
struct View<'a> {
    types: Vec<&'a str>,
    nullable: bool,
    enum_values: Option<&'a [Value]>,
    properties: Vec<(&'a str, &'a Value, Scope<'a>)>,
    /// Later definitions of a property already defined (`allOf` parts narrowing it, such
    /// as a tag's one value): all must hold.
    redefined: Vec<(&'a str, &'a Value, Scope<'a>)>,
    required: BTreeSet<&'a str>,
    /// The alternatives of each `oneOf` and `anyOf`.
    one_ofs: Vec<Vec<(&'a Value, Scope<'a>)>>,
    items: Option<(&'a Value, Scope<'a>)>,
    /// `additionalProperties`; `true` reads as `{}`.
    additional: Option<(&'a Value, Scope<'a>)>,
    read_only: bool,
    write_only: bool,
    example: Option<&'a Value>,
    default: Option<&'a Value>,
    format: Option<&'a str>,
    minimum: Option<i64>,
    max_length: Option<usize>,
    min_items: Option<usize>,
    /// The schema is a `$ref` to one of its own ancestors.
    recursive: bool,
}

static ANY: Value = Value::Bool(true);

/// The view of a schema inside `scope`.
fn view<'a>(doc: &'a Value, node: &'a Value, scope: &[&'a str]) -> View<'a> {
    let mut view = View::default();
    let mut scope = scope.to_vec();
    gather(doc, node, &mut view, &mut scope, true);
    view
}

fn gather<'a>(doc: &'a Value, mut node: &'a Value, view: &mut View<'a>, scope: &mut Scope<'a>, top: bool) {
    let depth = scope.len();
    while let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        if scope.contains(&reference) {
            // Recursive: the whole schema when met first, else an `allOf` part to skip.
            view.recursive |= top;
            scope.truncate(depth);
            return;
        }
        scope.push(reference);
        node = target(doc, reference);
    }
    match node.get("type") {
        Some(Value::String(ty)) => view.types.push(ty),
        Some(Value::Array(types)) => view.types.extend(types.iter().filter_map(Value::as_str)),
        _ => {}
    }
    if view.types.contains(&"null") || node.get("nullable") == Some(&Value::Bool(true)) {
        view.nullable = true;
    }
    if let Some(Value::Array(values)) = node.get("enum") {
        view.enum_values.get_or_insert(values);
    }
    for (name, schema) in node.get("properties").and_then(Value::as_object).into_iter().flatten() {
        if view.properties.iter().any(|(known, _, _)| known == name) {
            view.redefined.push((name, schema, scope.clone()));
        } else {
            view.properties.push((name, schema, scope.clone()));
        }
    }
    view.required
        .extend(node.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str));
    for key in ["oneOf", "anyOf"] {
        if let Some(alternatives) = node.get(key).and_then(Value::as_array).filter(|list| !list.is_empty()) {
            view.one_ofs.push(alternatives.iter().map(|alternative| (alternative, scope.clone())).collect());
        }
    }
    if let Some(items) = node.get("items") {
        view.items.get_or_insert_with(|| (items, scope.clone()));
    }
    match node.get("additionalProperties") {
        None | Some(Value::Bool(false)) => {}
        Some(Value::Bool(true)) => {
            view.additional.get_or_insert_with(|| (&ANY, scope.clone()));
        }
        Some(schema) => {
            view.additional.get_or_insert_with(|| (schema, scope.clone()));
        }
    }
    view.read_only |= node.get("readOnly") == Some(&Value::Bool(true));
    view.write_only |= node.get("writeOnly") == Some(&Value::Bool(true));
    if let Some(example) = node.get("example") {
        view.example.get_or_insert(example);
    }
    if let Some(default) = node.get("default") {
        view.default.get_or_insert(default);
    }
    if let Some(format) = node.get("format").and_then(Value::as_str) {
        view.format.get_or_insert(format);
    }
    if let Some(minimum) = node.get("minimum").and_then(Value::as_i64) {
        view.minimum.get_or_insert(minimum);
    }
    if let Some(count) = node.get("minItems").and_then(Value::as_u64) {
        view.min_items.get_or_insert(usize::try_from(count).unwrap_or(1));
    }
    if let Some(length) = node.get("maxLength").and_then(Value::as_u64) {
        view.max_length.get_or_insert(usize::try_from(length).unwrap_or(usize::MAX));
    }
    for part in node.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        gather(doc, part, view, scope, false);
    }
    scope.truncate(depth);
}

/// What a description schema is, for comparing.
enum Kind<'a> {
    Any,
    Scalar(&'static str),
    Enum(&'a [Value]),
    /// The items' schema and scope.
    Array(&'a Value, Scope<'a>),
    /// Properties and/or one-of alternatives.
    Object,
    /// An object without properties: values of `additionalProperties`, or anything.
    Map(Option<(&'a Value, Scope<'a>)>),
}

impl<'a> View<'a> {
    fn kind(&self) -> Kind<'a> {
        let scalar = ["string", "integer", "number", "boolean"].into_iter().find(|ty| self.types.contains(ty));
        if let Some(values) = self.enum_values {
            Kind::Enum(values)
        } else if self.types.contains(&"array") || self.items.is_some() {
            let (items, scope) = self.items.clone().unwrap_or((&ANY, Vec::new()));
            Kind::Array(items, scope)
        } else if !self.properties.is_empty() || !self.one_ofs.is_empty() {
            Kind::Object
        } else if self.types.contains(&"object") || self.additional.is_some() {
            Kind::Map(self.additional.clone())
        } else if let Some(scalar) = scalar {
            Kind::Scalar(scalar)
        } else {
            Kind::Any
        }
    }

    /// The base type of an enum's values.
    fn enum_base(&self, values: &[Value]) -> &'static str {
        if self.types.contains(&"integer") || values.iter().all(Value::is_i64) { "integer" } else { "string" }
    }
}

/// Which way a body goes: read-only properties are never sent, write-only ones never
/// received.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

impl Direction {
    fn skips(self, view: &View<'_>) -> bool {
        match self {
            Direction::Request => view.read_only,
            Direction::Response => view.write_only,
        }
    }
}

/// Every property of an object schema: its own, then those of each alternative of its
/// one-ofs (recursively), with whether the schema that lists it requires it.
fn description_fields<'a>(doc: &'a Value, view: &View<'a>, out: &mut Vec<(&'a str, &'a Value, Scope<'a>, bool)>) {
    for (name, schema, scope) in &view.properties {
        out.push((name, schema, scope.clone(), view.required.contains(name)));
    }
    for (alternative, scope) in view.one_ofs.iter().flatten() {
        let alternative = self::view(doc, alternative, scope);
        if !alternative.recursive {
            description_fields(doc, &alternative, out);
        }
    }
}

/// What a model type is, for comparing.
enum ModelKind<'a> {
    Any,
    /// A Rust type named in the overrides: taken on trust.
    Custom,
    Scalar(&'static str),
    Enum(&'a [doc2rust::__private::EnumValue]),
    Array(&'a Ty),
    Object(Vec<&'a FieldDef>),
    Map,
    /// A map whose values have this type.
    MapOf(&'a Ty),
}

impl ModelKind<'_> {
    fn name(&self) -> &'static str {
        match self {
            ModelKind::Any => "any",
            ModelKind::Custom => "custom",
            ModelKind::Scalar(name) => name,
            ModelKind::Enum(_) => "enum",
            ModelKind::Array(_) => "array",
            ModelKind::Object(_) => "object",
            ModelKind::Map => "map",
            ModelKind::MapOf(_) => "map of typed values",
        }
    }
}

/// The kind of a model type, and whether it may be `null`.
fn model_kind<'a>(space: &'a TypeSpace, mut ty: &'a Ty) -> (ModelKind<'a>, bool) {
    let mut nullable = false;
    while let Ty::Nullable(inner) = ty {
        nullable = true;
        ty = inner;
    }
    let kind = match ty {
        Ty::String => ModelKind::Scalar("string"),
        // A multipart file field: OpenAPI's `type: string, format: binary`.
        Ty::File => ModelKind::Scalar("string"),
        Ty::I64 => ModelKind::Scalar("integer"),
        Ty::F64 => ModelKind::Scalar("number"),
        Ty::Bool => ModelKind::Scalar("boolean"),
        Ty::Json => ModelKind::Any,
        Ty::Map => ModelKind::Map,
        Ty::MapOf(values) => ModelKind::MapOf(values),
        Ty::Custom(_) => ModelKind::Custom,
        Ty::Vec(inner) => ModelKind::Array(inner),
        Ty::Nullable(_) => unreachable!("stripped above"),
        Ty::Named(id) => match &space.get(*id).kind {
            TypeKind::Enum(def) => ModelKind::Enum(&def.values),
            TypeKind::Struct(_) | TypeKind::Union(_) => {
                let mut fields = Vec::new();
                model_fields(space, ty, &mut fields);
                ModelKind::Object(fields)
            }
        },
    };
    (kind, nullable)
}

/// The fields of a struct (with those of its flattened one-of) or of every variant of a
/// one-of.
fn model_fields<'a>(space: &'a TypeSpace, ty: &'a Ty, out: &mut Vec<&'a FieldDef>) {
    let Ty::Named(id) = ty else { return };
    match &space.get(*id).kind {
        TypeKind::Struct(def) => {
            out.extend(&def.fields);
            if let Some(flatten) = &def.flatten {
                model_fields(space, flatten, out);
            }
        }
        TypeKind::Union(def) => out.extend(def.variants.iter().flat_map(|variant| &variant.fields)),
        TypeKind::Enum(_) => {}
    }
}

/// Compares one description schema with one model type at `path`, adding a finding line
/// (`<category> <place> <path>: <what>`) for each difference.
struct Comparer<'a> {
    doc: &'a Value,
    space: &'a TypeSpace,
    direction: Direction,
    /// `POST /v1/... 200`.
    place: &'a str,
}

impl<'a> Comparer<'a> {
    fn line(&self, category: &str, path: &str, what: &str) -> String {
        format!("{category} {} {path}: {what}", self.place)
    }

    fn compare(&self, schema: &'a Value, ty: &'a Ty, path: &str, scope: &[&'a str], out: &mut BTreeSet<String>) {
        let view = view(self.doc, schema, scope);
        if view.recursive {
            return;
        }
        let (model, model_nullable) = model_kind(self.space, ty);
        if matches!(model, ModelKind::Custom) {
            return;
        }
        if view.nullable && !model_nullable {
            out.insert(self.line("type", path, "description nullable, model not"));
        }
        let mismatch = |out: &mut BTreeSet<String>, description: &str| {
            out.insert(self.line("type", path, &format!("description {description}, model {}", model.name())));
        };
        match view.kind() {
            Kind::Any => {
                if !matches!(model, ModelKind::Any) {
                    mismatch(out, "any");
                }
            }
            Kind::Scalar(scalar) => match &model {
                ModelKind::Scalar(found) if *found == scalar => {}
                // An open enum for a plain string loses nothing: unknown values survive.
                ModelKind::Enum(_) if scalar == "string" => {}
                _ => mismatch(out, scalar),
            },
            Kind::Enum(values) => {
                let base = view.enum_base(values);
                let known: Vec<&Value> = match &model {
                    ModelKind::Enum(known) => known.iter().map(|v| &v.value).collect(),
                    ModelKind::Scalar(found) if *found == base => Vec::new(),
                    _ => {
                        mismatch(out, base);
                        Vec::new()
                    }
                };
                for value in values {
                    if !known.contains(&value) {
                        out.insert(self.line("enum", path, &format!("{value} lost")));
                    }
                }
            }
            Kind::Array(items, scope) => match &model {
                ModelKind::Array(inner) => self.compare(items, inner, &format!("{path}[]"), &scope, out),
                _ => mismatch(out, "array"),
            },
            Kind::Map(values) => match &model {
                ModelKind::MapOf(inner) => match values {
                    Some((values, scope)) => self.compare(values, inner, &format!("{path}{{}}"), &scope, out),
                    None => mismatch(out, "map of any"),
                },
                ModelKind::Map | ModelKind::Any => {
                    let typed = values.is_some_and(|(values, scope)| view_is_typed(self.doc, values, &scope));
                    if typed && matches!(model, ModelKind::Map) {
                        out.insert(self.line("type", path, "description map of typed values, model map of any"));
                    }
                }
                _ => mismatch(out, "map"),
            },
            Kind::Object => match &model {
                ModelKind::Object(fields) => self.compare_fields(&view, fields, path, out),
                _ => mismatch(out, "object"),
            },
        }
    }

    fn compare_fields(&self, view: &View<'a>, fields: &[&'a FieldDef], path: &str, out: &mut BTreeSet<String>) {
        let mut described = Vec::new();
        description_fields(self.doc, view, &mut described);
        // Group by name: a name can appear in several alternatives, on both sides.
        let mut by_name: BTreeMap<&str, Vec<(&Value, Scope<'a>, bool)>> = BTreeMap::new();
        let mut order = Vec::new();
        let mut skipped = BTreeSet::new();
        for (name, schema, scope, required) in described {
            if self.direction.skips(&self::view(self.doc, schema, &scope)) {
                skipped.insert(name);
                continue;
            }
            if !by_name.contains_key(name) {
                order.push(name);
            }
            by_name.entry(name).or_default().push((schema, scope, required));
        }
        for name in &order {
            let occurrences = &by_name[name];
            let at = format!("{path}.{name}");
            let matching: Vec<&FieldDef> = fields.iter().copied().filter(|field| field.wire == *name).collect();
            if matching.is_empty() {
                out.insert(self.line("missing", &at, "not in the model"));
                continue;
            }
            let described_required = occurrences.iter().any(|(_, _, required)| *required);
            let model_required = matching.iter().any(|field| field.required);
            if described_required != model_required {
                let word = |required: bool| if required { "required" } else { "optional" };
                let what = format!("description {}, model {}", word(described_required), word(model_required));
                out.insert(self.line("required", &at, &what));
            }
            // Each described schema against the model field it matches best.
            for (schema, scope, _) in occurrences {
                let best = matching
                    .iter()
                    .map(|field| {
                        let mut found = BTreeSet::new();
                        self.compare(schema, &field.ty, &at, scope, &mut found);
                        found
                    })
                    .min_by_key(BTreeSet::len)
                    .unwrap_or_default();
                out.extend(best);
            }
        }
        // A field the description has but skips on this direction (read-only in a
        // request) is not extra.
        for field in fields {
            let wire = field.wire.as_str();
            if !by_name.contains_key(wire) && !skipped.contains(wire) {
                out.insert(self.line("extra", &format!("{path}.{wire}"), "not in the description"));
            }
        }
    }
}

/// Whether a map's value schema says more than "any JSON".
fn view_is_typed<'a>(doc: &'a Value, schema: &'a Value, scope: &[&'a str]) -> bool {
    let view = view(doc, schema, scope);
    !matches!(view.kind(), Kind::Any)
}

/// The model endpoint (with its types) for each operation key.
fn endpoints_by_key(loaded: &Loaded) -> BTreeMap<(String, String), usize> {
    let mut found = BTreeMap::new();
    for (index, endpoint) in loaded.api.endpoints.iter().enumerate() {
        if !endpoint.webhook {
            found.insert((endpoint.method.to_string(), template_key(&endpoint.path)), index);
        }
    }
    found
}

/// The model endpoint matching an operation.
pub fn endpoint_for(loaded: &Loaded, operation: &Operation<'_>) -> Option<usize> {
    endpoints_by_key(loaded).get(&operation.key()).copied()
}

/// Every difference between the description and the model read from the pages:
/// operations, parameters (by location and name), request bodies and each documented
/// response, every property at every depth (through `$ref`, `allOf` and the alternatives of
/// one-ofs), required flags, enum values and types.
pub fn compare_model(doc: &Value, loaded: &Loaded) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let space = &loaded.space;
    let by_key = endpoints_by_key(loaded);
    let mut matched = BTreeSet::new();
    for operation in operations(doc) {
        let label = operation.label();
        let Some(&index) = by_key.get(&operation.key()) else {
            out.insert(format!("missing {label} - $: no page documents this operation"));
            continue;
        };
        matched.insert(index);
        let endpoint = &loaded.api.endpoints[index];
        let types = space.typed_at(&loaded.api, index).types;
        compare_params(doc, space, &operation, endpoint, &types.params, &mut out);

        match (&operation.request, &endpoint.request, &types.request) {
            (Some(Slot { media: Some((media, object)), .. }), Some(body), Some(ty)) => {
                let place = format!("{label} request");
                if body.media_type != *media {
                    out.insert(format!("type {place} $: description {media}, model {}", body.media_type));
                }
                if let Some(schema) = object.get("schema") {
                    let comparer = Comparer { doc, space, direction: Direction::Request, place: &place };
                    comparer.compare(schema, ty, "$", &[], &mut out);
                }
            }
            (Some(Slot { media: Some(_), .. }), _, _) => {
                out.insert(format!("missing {label} request $: the page documents no request body"));
            }
            (_, Some(_), _) => {
                out.insert(format!("extra {label} request $: the description has no JSON request body"));
            }
            _ => {}
        }

        // Each documented response against the type the SDK decodes that status into:
        // the pages leave out repeats of an error body, which the SDK decodes all the same.
        for (status, slot) in &operation.responses {
            let place = format!("{label} {status}");
            let Some(schema) = slot.media.and_then(|(_, object)| object.get("schema")) else { continue };
            match sdk_body(loaded, index, status) {
                SdkBody::Typed(ty) => {
                    let comparer = Comparer { doc, space, direction: Direction::Response, place: &place };
                    comparer.compare(schema, ty, "$", &[], &mut out);
                }
                // An empty object documents no content: nothing to lose.
                SdkBody::Dropped if matches!(view(doc, schema, &[]).kind(), Kind::Map(None) | Kind::Any) => {}
                SdkBody::Dropped => {
                    out.insert(format!("missing {place} $: the SDK has no type for this body"));
                }
                SdkBody::Undecoded => {
                    out.insert(format!("missing {place} $: the SDK does not decode this status"));
                }
            }
        }
        for response in &endpoint.responses {
            if !operation.responses.iter().any(|(status, _)| *status == response.status.to_string()) {
                out.insert(format!("extra {label} {} $: not a response of the description", response.status));
            }
        }
    }
    for (index, endpoint) in loaded.api.endpoints.iter().enumerate() {
        if !endpoint.webhook && !matched.contains(&index) {
            out.insert(format!("extra {} {} - $: not an operation of the description", endpoint.method, endpoint.path));
        }
    }
    out
}

fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

fn compare_params(
    doc: &Value,
    space: &TypeSpace,
    operation: &Operation<'_>,
    endpoint: &Endpoint,
    types: &[Ty],
    out: &mut BTreeSet<String>,
) {
    let label = operation.label();
    let mut seen = BTreeSet::new();
    for param in &operation.params {
        let name = param["name"].as_str().unwrap_or_default();
        let location = param["in"].as_str().unwrap_or_default();
        let place = format!("{label} {location}:{name}");
        let found = endpoint.params.iter().position(|p| p.name == name && location_name(p.location) == location);
        let Some(position) = found else {
            out.insert(format!("missing {place} $: not a parameter of the page"));
            continue;
        };
        seen.insert(position);
        let model = &endpoint.params[position];
        let required = param.get("required") == Some(&Value::Bool(true));
        if required != model.required {
            let word = |required: bool| if required { "required" } else { "optional" };
            out.insert(format!("required {place} $: description {}, model {}", word(required), word(model.required)));
        }
        if let Some(schema) = param.get("schema") {
            let comparer = Comparer { doc, space, direction: Direction::Request, place: &place };
            comparer.compare(schema, &types[position], "$", &[], out);
        }
    }
    for (position, param) in endpoint.params.iter().enumerate() {
        if !seen.contains(&position) {
            let place = format!("{label} {}:{}", location_name(param.location), param.name);
            out.insert(format!("extra {place} $: not a parameter of the description"));
        }
    }
}

/// What the SDK decodes a body no page documents into.
static RAW_JSON: Ty = Ty::Json;

/// What the SDK does with a body, as the generated client decides: the types it decodes
/// into and encodes from, mirrored from the emitter (`emit/client.rs`).
#[derive(Debug, Clone, PartialEq)]
pub enum SdkBody<'l> {
    /// Decoded into (or encoded from) this type.
    Typed(&'l Ty),
    /// The SDK has no place for the body: it sends none, or ignores what comes back.
    Dropped,
    /// An error status none of the documented error types is for: not decoded at all.
    Undecoded,
}

/// What the SDK does with the body of `slot` (`request` or a status) of an endpoint:
/// every 2xx decodes into the first documented success type (the raw JSON where none is
/// documented); every other status into the one documented error type, or, when the page
/// documents several, the one for that status (exact, then `4XX`, then `default`).
pub fn sdk_body<'l>(loaded: &'l Loaded, index: usize, slot: &str) -> SdkBody<'l> {
    let endpoint = &loaded.api.endpoints[index];
    let types = loaded.space.typed_at(&loaded.api, index).types;
    if slot == "request" {
        return types.request.as_ref().map_or(SdkBody::Dropped, SdkBody::Typed);
    }
    let responses = || endpoint.responses.iter().zip(&types.responses);
    if slot.starts_with('2') {
        return match responses().find(|(response, _)| response.is_success()) {
            Some((_, Some(ty))) => SdkBody::Typed(ty),
            Some((_, None)) => SdkBody::Dropped,
            None => SdkBody::Typed(&RAW_JSON),
        };
    }
    let errors: Vec<(String, &Ty)> = responses()
        .filter(|(response, _)| !response.is_success())
        .filter_map(|(response, ty)| ty.as_ref().map(|ty| (response.status.to_string(), ty)))
        .collect();
    let mut distinct: Vec<&Ty> = errors.iter().map(|(_, ty)| *ty).collect();
    distinct.dedup_by(|a, b| a == b);
    distinct.sort_by_key(|ty| format!("{ty:?}"));
    distinct.dedup();
    match distinct.as_slice() {
        [] => SdkBody::Typed(&RAW_JSON),
        [ty] => SdkBody::Typed(ty),
        _ => {
            let class = format!("{}XX", &slot[..1]);
            [slot, class.as_str(), "default"]
                .iter()
                .find_map(|wanted| errors.iter().find(|(status, _)| status == wanted))
                .map_or(SdkBody::Undecoded, |(_, ty)| SdkBody::Typed(ty))
        }
    }
}

/// JSON values valid for a description schema, to send where the description has no
/// example: every property but read-only ones (and optional ones that would recurse), the
/// first value of an enum, the schema's own example or default for scalars, values that
/// fit common formats, and one alternative of each one-of. The first value takes the first
/// alternative everywhere; each further one takes another alternative of one one-of, until
/// every alternative of every one-of met has been taken once (an SDK that decodes into
/// the first alternative that fits shows there). Each comes with what it chose:
/// `$.message=TextMessageField` (the alternative's component, title or position), or
/// nothing for the first.
pub fn samples(doc: &Value, schema: &Value) -> Vec<(String, Value)> {
    let mut found = Vec::new();
    let mut taken: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut plans = std::collections::VecDeque::from([Plan::default()]);
    while let Some(plan) = plans.pop_front() {
        let mut sampling = Sampling { plan: &plan, met: Vec::new() };
        let value = sample_at(doc, schema, &[], "$", &mut sampling).unwrap_or(Value::Null);
        for one_of in &sampling.met {
            taken.insert((one_of.id, plan.choice(one_of.id)));
        }
        for one_of in &sampling.met {
            for (index, name) in one_of.alternatives.iter().enumerate() {
                if taken.insert((one_of.id, index)) {
                    let mut next = plan.clone();
                    next.chosen.insert(one_of.id, index);
                    next.label.push(format!("{}={name}", one_of.path));
                    plans.push_back(next);
                }
            }
        }
        found.push((plan.label.join(" "), value));
    }
    found
}

/// The first of [`samples`]: the first alternative of every one-of.
pub fn sample(doc: &Value, schema: &Value) -> Value {
    let plan = Plan::default();
    sample_at(doc, schema, &[], "$", &mut Sampling { plan: &plan, met: Vec::new() }).unwrap_or(Value::Null)
}

/// Which alternative each one-of takes, by the one-of's identity (the address of its
/// alternatives in the description, stable for one run); the first where not said.
#[derive(Debug, Clone, Default)]
struct Plan {
    chosen: BTreeMap<usize, usize>,
    /// What was chosen, in order, for naming the sample.
    label: Vec<String>,
}

impl Plan {
    fn choice(&self, id: usize) -> usize {
        self.chosen.get(&id).copied().unwrap_or(0)
    }
}

/// One sample being built: its plan, and the one-ofs met on the way.
struct Sampling<'p> {
    plan: &'p Plan,
    met: Vec<MetOneOf>,
}

struct MetOneOf {
    id: usize,
    /// Where the one-of's value sits.
    path: String,
    /// Each alternative's `$ref`, or its index.
    alternatives: Vec<String>,
}

/// `None` for a recursive schema.
fn sample_at<'a>(
    doc: &'a Value,
    schema: &'a Value,
    scope: &[&'a str],
    path: &str,
    sampling: &mut Sampling<'_>,
) -> Option<Value> {
    let view = view(doc, schema, scope);
    if view.recursive {
        return None;
    }
    Some(match view.kind() {
        Kind::Enum(values) => values.first().cloned().unwrap_or(Value::Null),
        Kind::Array(items, scope) => {
            let item = sample_at(doc, items, &scope, &format!("{path}[]"), sampling);
            Value::Array(item.map(|item| vec![item; view.min_items.unwrap_or(1).max(1)]).unwrap_or_default())
        }
        Kind::Object => {
            let mut object = serde_json::Map::new();
            sample_properties(doc, &view, path, sampling, &mut object);
            Value::Object(object)
        }
        Kind::Map(values) => {
            let value =
                values.and_then(|(values, scope)| sample_at(doc, values, &scope, &format!("{path}.key"), sampling));
            json!({ "key": value.unwrap_or_else(|| json!("value")) })
        }
        Kind::Scalar(scalar) => scalar_sample(&view, scalar),
        Kind::Any => view.example.cloned().unwrap_or_else(|| json!("any")),
    })
}

fn sample_properties<'a>(
    doc: &'a Value,
    view: &View<'a>,
    path: &str,
    sampling: &mut Sampling<'_>,
    object: &mut serde_json::Map<String, Value>,
) {
    for (name, schema, scope) in &view.properties {
        if Direction::Request.skips(&self::view(doc, schema, scope)) {
            continue;
        }
        let value = sample_at(doc, schema, scope, &format!("{path}.{name}"), sampling);
        // Where `allOf` parts narrow an enum, a value all of them allow.
        let value = value.map(|value| common_enum_value(doc, view, name, schema, scope).unwrap_or(value));
        match value {
            Some(value) => {
                object.insert((*name).to_owned(), value);
            }
            // A required property that recurses: an empty object stops the recursion.
            None if view.required.contains(name) => {
                object.insert((*name).to_owned(), json!({}));
            }
            None => {}
        }
    }
    for alternatives in &view.one_ofs {
        let id = std::ptr::from_ref(alternatives[0].0) as usize;
        let names = alternatives
            .iter()
            .enumerate()
            .map(|(index, (alternative, _))| alternative_name(alternative, index))
            .collect();
        sampling.met.push(MetOneOf { id, path: path.to_owned(), alternatives: names });
        let (alternative, scope) = &alternatives[sampling.plan.choice(id).min(alternatives.len() - 1)];
        let alternative = self::view(doc, alternative, scope);
        if !alternative.recursive {
            sample_properties(doc, &alternative, path, sampling, object);
        }
    }
}

/// What to call an alternative: its `$ref` (also as the first part of an `allOf`), its
/// title, or its position.
fn alternative_name(alternative: &Value, index: usize) -> String {
    let first_part = alternative.get("allOf").and_then(|parts| parts.get(0));
    let reference = alternative.get("$ref").or_else(|| first_part.and_then(|part| part.get("$ref")));
    match (reference.and_then(Value::as_str), alternative.get("title").and_then(Value::as_str)) {
        (Some(reference), _) => reference.rsplit('/').next().unwrap_or(reference).to_owned(),
        (None, Some(title)) => format!("`{title}`"),
        (None, None) => format!("alternative {}", index + 1),
    }
}

/// The first value of a property's enum that every definition of it allows, when it is
/// defined more than once with enums.
fn common_enum_value<'a>(
    doc: &'a Value,
    view: &View<'a>,
    name: &str,
    schema: &'a Value,
    scope: &[&'a str],
) -> Option<Value> {
    let others: Vec<View<'a>> = view
        .redefined
        .iter()
        .filter(|(other, _, _)| *other == name)
        .map(|(_, schema, scope)| self::view(doc, schema, scope))
        .collect();
    if others.is_empty() {
        return None;
    }
    let first = self::view(doc, schema, scope);
    let mut enums = std::iter::once(&first).chain(&others).filter_map(|view| view.enum_values);
    let mut common: Vec<&Value> = enums.next()?.iter().collect();
    for values in enums {
        common.retain(|value| values.contains(value));
    }
    common.first().map(|value| (*value).clone())
}

fn scalar_sample(view: &View<'_>, scalar: &str) -> Value {
    let fits = |value: &&Value| match scalar {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        _ => value.is_boolean(),
    };
    if let Some(value) = view.example.filter(fits).or(view.default.filter(fits)) {
        return value.clone();
    }
    match scalar {
        "string" => {
            let text = match view.format {
                Some("date-time") => "2024-06-01T12:00:00Z",
                Some("date") => "2024-06-01",
                Some("uri" | "url") => "https://example.com/callback",
                Some("email") => "ada@example.com",
                Some("uuid") => "6b4dd4a5-3f5e-4c2c-9a7e-b4a46b6e6f0a",
                Some("byte") => "aGVsbG8=",
                _ => "01EQBC1A3BEK731GY4YXEN0C2R",
            };
            json!(&text[..text.len().min(view.max_length.unwrap_or(usize::MAX))])
        }
        "integer" => json!(view.minimum.unwrap_or(1).max(1)),
        "number" => json!(1.5),
        _ => json!(true),
    }
}

/// Whether a description schema declares the key at `path` (`$.a.b[].c`, as
/// [`round_trip_losses`] names places): a property of the object there (its own, its
/// `allOf` parts', any one-of alternative's), or any key of a map or of an untyped value.
/// `true` wherever the path leaves what the schema describes, so that only a key the
/// schema plainly lacks reads as undeclared.
pub fn declares(doc: &Value, schema: &Value, path: &str) -> bool {
    let mut steps: Vec<&str> = Vec::new();
    let mut rest = path.strip_prefix('$').unwrap_or(path);
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("[]") {
            steps.push("[]");
            rest = after;
        } else if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            steps.push(&after[..end]);
            rest = &after[end..];
        } else {
            return true;
        }
    }
    let (mut node, mut scope): (&Value, Scope<'_>) = (schema, Vec::new());
    for (position, step) in steps.iter().enumerate() {
        let view = view(doc, node, &scope);
        if view.recursive {
            return true;
        }
        if *step == "[]" {
            match view.kind() {
                Kind::Array(items, items_scope) => (node, scope) = (items, items_scope),
                _ => return true,
            }
            continue;
        }
        match view.kind() {
            Kind::Object => {
                let mut fields = Vec::new();
                description_fields(doc, &view, &mut fields);
                match fields.into_iter().find(|(name, ..)| name == step) {
                    Some((_, schema, field_scope, _)) => (node, scope) = (schema, field_scope),
                    None => return view.additional.is_some() || position + 1 < steps.len(),
                }
            }
            _ => return true,
        }
    }
    true
}

/// Where a body changed in a round trip through the SDK's type, as `<json path>: <what>`
/// lines: a key `dropped`, a `null dropped`, a key `added`, a value `changed`. Array items
/// share the path `[]`, so the lines do not depend on how long an example's arrays are.
pub fn round_trip_losses(sent: &Value, back: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    diff(sent, back, "$", &mut out);
    out
}

fn diff(sent: &Value, back: &Value, path: &str, out: &mut BTreeSet<String>) {
    match (sent, back) {
        (Value::Object(sent), Value::Object(back)) => {
            for (key, value) in sent {
                let at = format!("{path}.{key}");
                match back.get(key) {
                    Some(other) => diff(value, other, &at, out),
                    None if value.is_null() => {
                        out.insert(format!("{at}: null dropped"));
                    }
                    None => {
                        out.insert(format!("{at}: dropped"));
                    }
                }
            }
            for key in back.keys().filter(|key| !sent.contains_key(*key)) {
                out.insert(format!("{path}.{key}: added"));
            }
        }
        (Value::Array(sent), Value::Array(back)) if sent.len() == back.len() => {
            for (left, right) in sent.iter().zip(back) {
                diff(left, right, &format!("{path}[]"), out);
            }
        }
        _ if sent == back => {}
        _ => {
            out.insert(format!("{path}: changed {} -> {}", brief(sent), brief(back)));
        }
    }
}

/// A short rendering of a value for a finding line.
fn brief(value: &Value) -> String {
    match value {
        Value::Object(map) => format!("object of {} keys", map.len()),
        Value::Array(items) => format!("array of {}", items.len()),
        other => {
            let text = other.to_string();
            if text.chars().count() > 40 { format!("{}...", text.chars().take(40).collect::<String>()) } else { text }
        }
    }
}

/// The findings of one description, and how many cases each count was taken over.
#[derive(Default)]
pub struct Measure {
    pub findings: BTreeSet<String>,
    /// `(what, lossy, out of)`: e.g. `("examples", 3, 40)`.
    pub cases: Vec<(String, usize, usize)>,
}

impl Measure {
    /// The summary table: findings per category, then the cases.
    pub fn summary(&self, api: &str) -> String {
        let mut text = format!("fidelity of the SDK of `{api}`\n");
        for (category, what) in CATEGORIES {
            let count = self.findings.iter().filter(|line| line.split(' ').next() == Some(category)).count();
            let _ = writeln!(text, "  {category:<12} {count:>5}  {what}");
        }
        for (what, lossy, total) in &self.cases {
            let _ = writeln!(text, "  {what:<44} {lossy:>5} of {total}");
        }
        text
    }
}

/// Compares the findings with the checked-in list (`#` lines are comments). `Err` names
/// every new finding (`+`) and every listed one no longer found (`-`). With `update`, the
/// list is rewritten first (the result still says what changed).
pub fn check_known(path: &Path, header: &str, findings: &BTreeSet<String>, update: bool) -> Result<(), String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let known: BTreeSet<String> =
        text.lines().filter(|line| !line.is_empty() && !line.starts_with('#')).map(str::to_owned).collect();
    if update {
        let mut list = String::new();
        for line in header.lines() {
            let _ = writeln!(list, "# {line}");
        }
        for finding in findings {
            let _ = writeln!(list, "{finding}");
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the folder of the list");
        }
        std::fs::write(path, list).unwrap_or_else(|error| panic!("write {}: {error}", path.display()));
    }
    let new: Vec<&String> = findings.difference(&known).collect();
    let gone: Vec<&String> = known.difference(findings).collect();
    if new.is_empty() && gone.is_empty() {
        return Ok(());
    }
    let mut message =
        format!("{}: {} new findings (+), {} listed findings gone (-)\n", path.display(), new.len(), gone.len());
    for line in new {
        let _ = writeln!(message, "+ {line}");
    }
    for line in gone {
        let _ = writeln!(message, "- {line}");
    }
    Err(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-endpoint description and page, for the comparer.
    fn measure(description: Value, page_fields: &str) -> BTreeSet<String> {
        let page = format!(
            "# Get a thing\n\nEndpoint: GET /v1/things/{{thing_id}}\n\n## Path parameters:\n\n  - `thing_id` \
             (string, required)\n    The thing.\n\n## Response 200 fields (application/json):\n\n{page_fields}"
        );
        let loaded = doc2rust::__private::load_text("thing.md", &page).expect("the page loads");
        let doc = json!({
            "paths": {"/v1/things/{id}": {"get": {
                "parameters": [{"name": "thing_id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
            }}},
            "components": {"schemas": {"Thing": description}}
        });
        compare_model(&doc, &loaded)
    }

    #[test]
    fn a_page_that_says_everything_has_no_findings() {
        let found = measure(
            json!({"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string"},
                "size": {"type": "integer"},
                "color": {"type": "string", "enum": ["RED", "BLUE"]},
                "tags": {"type": "array", "items": {"type": "object", "properties": {"label": {"type": "string"}}}}
            }}),
            "  - `name` (string, required)\n    Name.\n\n  - `size` (integer)\n    Size.\n\n  - `color` (string)\n    \
             Color.\n    Enum: \"RED\", \"BLUE\"\n\n  - `tags` (array)\n    Tags.\n\n  - `tags.label` (string)\n    Label.\n",
        );
        assert_eq!(found, BTreeSet::new());
    }

    #[test]
    fn every_kind_of_difference_is_found() {
        let found = measure(
            json!({"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string"},
                "size": {"type": "integer"},
                "color": {"type": "string", "enum": ["RED", "BLUE"]},
                "inner": {"allOf": [{"type": "object", "properties": {"deep": {"type": "boolean"}}}]},
                "gone": {"type": "string"}
            }}),
            "  - `name` (string)\n    Name.\n\n  - `size` (string)\n    Size.\n\n  - `color` (string)\n    Color.\n    \
             Enum: \"RED\"\n\n  - `inner` (object)\n    Inner.\n\n  - `inner.deeper` (boolean)\n    Deeper.\n\n  \
             - `surplus` (string)\n    Not described.\n",
        );
        let place = "GET /v1/things/{id} 200";
        let expected: BTreeSet<String> = [
            format!("required {place} $.name: description required, model optional"),
            format!("type {place} $.size: description integer, model string"),
            format!("enum {place} $.color: \"BLUE\" lost"),
            format!("missing {place} $.inner.deep: not in the model"),
            format!("extra {place} $.inner.deeper: not in the description"),
            format!("missing {place} $.gone: not in the model"),
            format!("extra {place} $.surplus: not in the description"),
        ]
        .into_iter()
        .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn one_of_alternatives_are_compared_by_their_properties() {
        let found = measure(
            json!({"oneOf": [
                {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
                {"type": "object", "required": ["b"], "properties": {"b": {"type": "integer"}}}
            ]}),
            "  - `a` (string, required)\n    A.\n",
        );
        assert_eq!(found, BTreeSet::from(["missing GET /v1/things/{id} 200 $.b: not in the model".to_owned()]));
    }

    #[test]
    fn a_schema_met_again_beside_itself_is_not_a_recursion() {
        // `Texty` is an `allOf` part of the body and, separately, an alternative of the
        // choices inside it: not a cycle, so the choices' `text` is compared.
        let text = json!({"properties": {"text": {"type": "string"}}});
        let description = json!({"allOf": [
            {"$ref": "#/components/schemas/Thing/x-texty"},
            {"properties": {"choices": {"type": "array", "items": {"oneOf": [{"$ref": "#/components/schemas/Thing/x-texty"}]}}}}
        ], "x-texty": text});
        let found = measure(
            description,
            "  - `text` (string)\n    Text.\n\n  - `choices` (array)\n    Choices.\n\n  - `choices.text` (integer)\n    \
             Text.\n",
        );
        let type_line = "type GET /v1/things/{id} 200 $.choices[].text: description string, model integer";
        assert_eq!(found, BTreeSet::from([type_line.to_owned()]));
    }

    #[test]
    fn round_trip_losses_name_each_key() {
        let sent = json!({"a": 1, "b": {"c": [{"d": "x", "e": null}]}, "f": "y"});
        let back = json!({"a": 1.0, "b": {"c": [{"d": "x"}]}, "g": true});
        let expected: BTreeSet<String> =
            ["$.a: changed 1 -> 1.0", "$.b.c[].e: null dropped", "$.f: dropped", "$.g: added"]
                .into_iter()
                .map(str::to_owned)
                .collect();
        assert_eq!(round_trip_losses(&sent, &back), expected);
        assert!(round_trip_losses(&sent, &sent).is_empty());
    }

    #[test]
    fn samples_follow_the_schema() {
        let doc = json!({"components": {"schemas": {
            "Node": {"type": "object", "required": ["id"], "properties": {
                "id": {"type": "string", "format": "date-time"},
                "kind": {"type": "string", "enum": ["LEAF", "BRANCH"]},
                "secret": {"type": "string", "readOnly": true},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                "pick": {"oneOf": [{"properties": {"x": {"type": "integer", "minimum": 3}}}, {"properties": {"y": {}}}]}
            }}
        }}});
        let node = json!({"$ref": "#/components/schemas/Node"});
        let first = json!({"id": "2024-06-01T12:00:00Z", "kind": "LEAF", "children": [], "pick": {"x": 3}});
        assert_eq!(sample(&doc, &node), first);
        let mut second = first.clone();
        second["pick"] = json!({"y": "any"});
        assert_eq!(samples(&doc, &node), vec![(String::new(), first), ("$.pick=alternative 2".to_owned(), second)]);
    }

    #[test]
    fn the_known_list_fails_both_ways() {
        let path = crate::scratch_dir("fidelity-known").join("known.txt");
        let findings: BTreeSet<String> = ["a", "b"].into_iter().map(str::to_owned).collect();
        check_known(&path, "header", &findings, true).expect_err("the list was empty");
        assert_eq!(check_known(&path, "header", &findings, false), Ok(()));
        let fewer: BTreeSet<String> = BTreeSet::from(["a".to_owned()]);
        assert!(check_known(&path, "header", &fewer, false).unwrap_err().contains("\n- b\n"));
        let more: BTreeSet<String> = ["a", "b", "c"].into_iter().map(str::to_owned).collect();
        assert!(check_known(&path, "header", &more, false).unwrap_err().contains("\n+ c\n"));
    }
}

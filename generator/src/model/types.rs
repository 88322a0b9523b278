//! The type space: every object, enum and one-of of every page interned once by structure,
//! then named.
//!
//! Structural identity ignores prose and order: two objects with the same fields (wire name,
//! required-ness, deprecation, type) are one type wherever they appear, and enums with the
//! same set of values are one type whatever order a page lists them in. Names come from the
//! roles a type plays (the body of `get_conversation` is a `Conversation`; a field `channel`
//! suggests `Channel`); the most specific role wins, then the most frequent name. Types whose
//! names clash take a name qualified by their parent, then a numeric suffix, so the result is
//! deterministic and never ambiguous.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::{Api, Endpoint, Field, OneOfSchema, Schema};
use crate::diagnostic::Span;
use crate::naming::{singular, type_name};

pub type TypeId = usize;

/// A Rust type as the emitter will spell it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum Ty {
    String,
    I64,
    F64,
    Bool,
    /// Any JSON value.
    Json,
    /// A JSON object with arbitrary keys.
    Map,
    Named(TypeId),
    Vec(Box<Ty>),
    /// May be an explicit `null`.
    Nullable(Box<Ty>),
    /// A Rust type path given in the overrides file.
    Custom(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    pub name: String,
    pub kind: TypeKind,
    pub description: String,
    pub span: Span,
    /// Endpoints (indices into `Api::endpoints`) whose pages use this type.
    pub endpoints: BTreeSet<usize>,
    /// The names this type could take, one per place it is used; emptied once it is named.
    #[serde(skip)]
    candidates: Vec<Candidate>,
    /// The highest priority among the candidates, whose places give the description.
    #[serde(skip)]
    top_priority: Option<u8>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    Struct(StructDef),
    Enum(EnumDef),
    Union(UnionDef),
}

#[derive(Debug, Clone, Serialize)]
pub struct StructDef {
    pub fields: Vec<FieldDef>,
    /// A one-of whose variants' fields sit beside `fields` in the same JSON object.
    pub flatten: Option<Ty>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldDef {
    pub wire: String,
    pub rust: String,
    pub required: bool,
    pub description: String,
    pub deprecated: Option<String>,
    pub example: Option<serde_json::Value>,
    pub ty: Ty,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumDef {
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumValue {
    pub value: serde_json::Value,
    pub rust: String,
}

impl EnumDef {
    pub fn is_string(&self) -> bool {
        self.values.iter().all(|v| v.value.is_string())
    }

    pub fn is_integer(&self) -> bool {
        self.values.iter().all(|v| v.value.is_i64())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct UnionDef {
    pub variants: Vec<UnionVariant>,
    pub discriminator: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    pub name: String,
    pub rust: String,
    pub fields: Vec<FieldDef>,
}

/// The types an endpoint's slots resolve to, parallel to the endpoint's own lists.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EndpointTypes {
    pub params: Vec<Ty>,
    pub request: Option<Ty>,
    pub responses: Vec<Option<Ty>>,
}

#[derive(Debug, Clone, Default)]
pub struct TypeSpace {
    pub types: Vec<TypeDef>,
    pub endpoints: Vec<EndpointTypes>,
    /// Types before unification: one per object, enum and one-of occurrence on the pages.
    pub occurrences: usize,
    /// Per endpoint, how canonical its method is for naming (see `Candidate::rank`).
    ranks: Vec<u8>,
    by_key: HashMap<String, TypeId>,
}

/// A name a type could take, from one place it is used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate {
    /// Higher wins: 3 for a body's role, 1 for a field name.
    priority: u8,
    name: String,
    /// Used when `name` clashes with another type's: qualified by the parent.
    fallback: String,
    /// How canonical the endpoint it comes from is (`get` before `list` before custom
    /// verbs), to break ties between equally common names.
    rank: u8,
}

/// Where a schema sits, for naming and bookkeeping.
struct Context<'a> {
    endpoint: usize,
    candidate: Candidate,
    description: &'a str,
    span: &'a Span,
}

impl TypeSpace {
    pub fn build(api: &Api) -> TypeSpace {
        let mut space =
            TypeSpace { ranks: api.endpoints.iter().map(|e| verb_rank(&e.rust_name)).collect(), ..TypeSpace::default() };
        for (index, endpoint) in api.endpoints.iter().enumerate() {
            let types = space.endpoint(index, endpoint);
            space.endpoints.push(types);
        }
        space.assign_names();
        space
    }

    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id]
    }

    pub fn find(&self, name: &str) -> Option<TypeId> {
        self.types.iter().position(|t| t.name == name)
    }

    /// A type as a reader would write it: `Vec<Conversation>`, `Option`-free.
    pub fn display(&self, ty: &Ty) -> String {
        match ty {
            Ty::String => "String".into(),
            Ty::I64 => "i64".into(),
            Ty::F64 => "f64".into(),
            Ty::Bool => "bool".into(),
            Ty::Json => "serde_json::Value".into(),
            Ty::Map => "serde_json::Map".into(),
            Ty::Named(id) => self.types[*id].name.clone(),
            Ty::Vec(inner) => format!("Vec<{}>", self.display(inner)),
            Ty::Nullable(inner) => format!("Nullable<{}>", self.display(inner)),
            Ty::Custom(path) => path.clone(),
        }
    }

    /// Renames a type (from the overrides file) and keeps names unique.
    pub fn rename(&mut self, id: TypeId, name: String) -> Result<(), TypeId> {
        if let Some(other) = self.find(&name).filter(|&other| other != id) {
            return Err(other);
        }
        self.types[id].name = name;
        Ok(())
    }

    /// Type ids in emission order: by name, so adding a page inserts rather than reorders.
    pub fn sorted_ids(&self) -> Vec<TypeId> {
        let mut ids: Vec<TypeId> = (0..self.types.len()).collect();
        ids.sort_by(|&a, &b| self.types[a].name.cmp(&self.types[b].name));
        ids
    }

    fn endpoint(&mut self, index: usize, endpoint: &Endpoint) -> EndpointTypes {
        let method = type_name(&endpoint.rust_name);
        let mut types = EndpointTypes::default();
        for param in &endpoint.params {
            let candidate = Candidate {
                priority: 1,
                name: type_name(&param.name),
                fallback: format!("{method}{}", type_name(&param.name)),
                rank: 0,
            };
            let context = Context { endpoint: index, candidate, description: &param.description, span: &param.span };
            types.params.push(self.intern(&param.schema, &context));
        }
        if let Some(body) = &endpoint.request {
            let name = if endpoint.webhook { method.clone() } else { format!("{method}Request") };
            let candidate = Candidate { priority: 3, name: name.clone(), fallback: name, rank: 0 };
            let context = Context { endpoint: index, candidate, description: "", span: &body.span };
            types.request = Some(self.intern(&body.schema, &context));
        }
        let resource = resource_name(&endpoint.rust_name);
        for response in &endpoint.responses {
            let ty = response.schema.as_ref().map(|schema| {
                let name = if !response.is_success() {
                    "ErrorResponse".to_owned()
                } else if let Some(resource) = &resource {
                    resource.clone()
                } else {
                    format!("{method}Response")
                };
                let fallback = if response.is_success() { format!("{method}Response") } else { format!("{method}Error") };
                let candidate = Candidate { priority: 3, name, fallback, rank: 0 };
                let context = Context { endpoint: index, candidate, description: "", span: &response.span };
                self.intern(schema, &context)
            });
            types.responses.push(ty);
        }
        types
    }

    fn intern(&mut self, schema: &Schema, context: &Context<'_>) -> Ty {
        match schema {
            Schema::String => Ty::String,
            Schema::Integer => Ty::I64,
            Schema::Number => Ty::F64,
            Schema::Boolean => Ty::Bool,
            Schema::Null | Schema::Any => Ty::Json,
            Schema::Map => Ty::Map,
            Schema::Nullable { inner } => Ty::Nullable(Box::new(self.intern(inner, context))),
            Schema::Array { items } => {
                let candidate = Candidate {
                    name: singular_type(&context.candidate.name),
                    fallback: singular_type(&context.candidate.fallback),
                    ..context.candidate.clone()
                };
                let item_context = Context { candidate, ..*context };
                Ty::Vec(Box::new(self.intern(items, &item_context)))
            }
            Schema::Enum(schema) => {
                let mut sorted: Vec<String> = schema.values.iter().map(|v| v.to_string()).collect();
                sorted.sort();
                let key = format!("E{{{}}}", sorted.join(","));
                let values = schema.values.clone();
                self.insert(key, context, || {
                    let mut names = crate::naming::UniqueNames::default();
                    let values = values
                        .into_iter()
                        .map(|value| {
                            let text = match &value {
                                serde_json::Value::String(s) => s.clone(),
                                other => other.to_string(),
                            };
                            let rust = names.claim(crate::naming::variant_name(&text));
                            EnumValue { value, rust }
                        })
                        .collect();
                    TypeKind::Enum(EnumDef { values })
                })
            }
            Schema::Object(object) => {
                let types = self.field_types(&object.fields, context);
                let key = struct_key(&object.fields, &types, None);
                self.insert(key, context, || TypeKind::Struct(StructDef { fields: field_defs(&object.fields, types), flatten: None }))
            }
            Schema::OneOf(one_of) if !one_of.common.is_empty() => {
                // Common fields beside the variants: a struct that flattens the union.
                let union_candidate = Candidate {
                    priority: context.candidate.priority,
                    name: format!("{}Kind", context.candidate.name),
                    fallback: format!("{}Kind", context.candidate.fallback),
                    rank: 0,
                };
                let union_context = Context { candidate: union_candidate, description: "", ..*context };
                let union = self.union(one_of, &union_context);
                let types = self.field_types(&one_of.common, context);
                let key = struct_key(&one_of.common, &types, Some(&union));
                self.insert(key, context, || TypeKind::Struct(StructDef { fields: field_defs(&one_of.common, types), flatten: Some(union) }))
            }
            Schema::OneOf(one_of) => self.union(one_of, context),
        }
    }

    fn union(&mut self, one_of: &OneOfSchema, context: &Context<'_>) -> Ty {
        let mut key = format!("U{{{}", one_of.discriminator.as_deref().unwrap_or(""));
        let mut variant_types = Vec::with_capacity(one_of.variants.len());
        for variant in &one_of.variants {
            // A variant's fields are named as if they were the union's own.
            let types = self.field_types(&variant.fields, context);
            key.push('|');
            key.push_str(&variant.name);
            key.push(':');
            key.push_str(&struct_key(&variant.fields, &types, None));
            variant_types.push(types);
        }
        key.push('}');
        self.insert(key, context, || {
            let variants = one_of
                .variants
                .iter()
                .zip(variant_types)
                .map(|(variant, types)| UnionVariant {
                    name: variant.name.clone(),
                    rust: variant.rust_name.clone(),
                    fields: field_defs(&variant.fields, types),
                })
                .collect();
            TypeKind::Union(UnionDef { variants, discriminator: one_of.discriminator.clone() })
        })
    }

    /// Interns the type of each field. The fields' definitions are built by [`field_defs`],
    /// only for a type seen for the first time: most occurrences are of known types.
    fn field_types(&mut self, fields: &[Field], parent: &Context<'_>) -> Vec<Ty> {
        fields
            .iter()
            .map(|field| {
                let base = type_name(&field.name);
                let fallback = format!("{}{}", parent.candidate.name, base);
                let candidate = Candidate { priority: 1, name: base, fallback, rank: 0 };
                let context = Context { endpoint: parent.endpoint, candidate, description: &field.description, span: &field.span };
                self.intern(&field.schema, &context)
            })
            .collect()
    }

    fn insert(&mut self, key: String, context: &Context<'_>, make: impl FnOnce() -> TypeKind) -> Ty {
        self.occurrences += 1;
        let id = match self.by_key.get(&key) {
            Some(&id) => id,
            None => {
                let id = self.types.len();
                self.types.push(TypeDef {
                    name: String::new(),
                    kind: make(),
                    description: String::new(),
                    span: context.span.clone(),
                    endpoints: BTreeSet::new(),
                    candidates: Vec::new(),
                    top_priority: None,
                });
                self.by_key.insert(key, id);
                id
            }
        };
        let def = &mut self.types[id];
        def.endpoints.insert(context.endpoint);
        // A type's docs come from where it plays its main role: the first description among
        // the candidates of the top priority (a field's prose describes the type it holds).
        let priority = context.candidate.priority;
        if def.top_priority.is_none_or(|top| priority > top) {
            def.top_priority = Some(priority);
            def.description.clear();
        }
        if def.top_priority == Some(priority) && def.description.is_empty() && !context.description.trim().is_empty() {
            def.description = context.description.to_owned();
        }
        let rank = self.ranks.get(context.endpoint).copied().unwrap_or(u8::MAX);
        def.candidates.push(Candidate { rank, ..context.candidate.clone() });
        Ty::Named(id)
    }

    fn assign_names(&mut self) {
        // Names glued from parts (`Self_` + `Kind`) are normalised once more.
        let chosen: Vec<(String, String)> = self
            .types
            .iter()
            .map(|t| {
                let (name, fallback) = choose(&t.candidates);
                (type_name(&name), type_name(&fallback))
            })
            .collect();
        let mut claims: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
        for (id, (name, _)) in chosen.iter().enumerate() {
            claims.entry(name.as_str()).or_default().push(id);
        }
        let mut names: Vec<String> = chosen.iter().map(|(name, _)| name.clone()).collect();
        // On a clash the type used most under that name keeps it (the first one on a tie);
        // the others take their qualified fallback.
        for (name, ids) in claims.iter().filter(|(_, ids)| ids.len() > 1) {
            let uses = |id: TypeId| self.types[id].candidates.iter().filter(|c| c.name == *name).count();
            let keeper = ids.iter().copied().max_by(|&a, &b| uses(a).cmp(&uses(b)).then_with(|| b.cmp(&a)));
            for &id in ids {
                if Some(id) != keeper {
                    names[id] = chosen[id].1.clone();
                }
            }
        }
        // Whatever still clashes gets a numeric suffix, in order of first occurrence.
        let mut used = BTreeSet::new();
        for (id, name) in names.iter().enumerate() {
            let mut unique = name.clone();
            let mut n = 2;
            while !used.insert(unique.clone()) {
                unique = format!("{name}{n}");
                n += 1;
            }
            self.types[id].name = unique;
        }
        for def in &mut self.types {
            def.candidates = Vec::new();
        }
    }
}

/// The best candidate: highest priority, then most frequent, then alphabetical. Returns the
/// name and the fallback to use on a clash.
fn choose(candidates: &[Candidate]) -> (String, String) {
    let top = candidates.iter().map(|c| c.priority).max().unwrap_or(0);
    // Per name: how often it is proposed, and the best (lowest) rank proposing it.
    let mut counts: BTreeMap<&str, (usize, u8)> = BTreeMap::new();
    let mut fallbacks: BTreeMap<&str, (usize, u8)> = BTreeMap::new();
    for candidate in candidates.iter().filter(|c| c.priority == top) {
        for (map, name) in [(&mut counts, &candidate.name), (&mut fallbacks, &candidate.fallback)] {
            let entry = map.entry(name).or_insert((0, u8::MAX));
            entry.0 += 1;
            entry.1 = entry.1.min(candidate.rank);
        }
    }
    let most = |counts: &BTreeMap<&str, (usize, u8)>| {
        counts
            .iter()
            .max_by(|a, b| a.1.0.cmp(&b.1.0).then_with(|| b.1.1.cmp(&a.1.1)).then_with(|| b.0.cmp(a.0)))
            .map(|(name, _)| (*name).to_owned())
            .unwrap_or_else(|| "Value".to_owned())
    };
    (most(&counts), most(&fallbacks))
}

/// The definitions of fields whose types `types` holds, in order.
fn field_defs(fields: &[Field], types: Vec<Ty>) -> Vec<FieldDef> {
    fields
        .iter()
        .zip(types)
        .map(|(field, ty)| FieldDef {
            wire: field.name.clone(),
            rust: field.rust_name.clone(),
            required: field.required,
            description: field.description.clone(),
            deprecated: field.deprecated.clone(),
            example: field.example.clone(),
            ty,
        })
        .collect()
}

/// Structural identity of an object: its fields' wire names, required-ness, deprecation and
/// types, in any order.
fn struct_key(fields: &[Field], types: &[Ty], flatten: Option<&Ty>) -> String {
    let mut parts: Vec<String> = fields
        .iter()
        .zip(types)
        .map(|(f, ty)| format!("{}|{}|{}|{}", f.name, f.required, f.deprecated.is_some(), ty_key(ty)))
        .collect();
    parts.sort();
    let flatten = flatten.map(ty_key).unwrap_or_default();
    format!("S{{{}}}{flatten}", parts.join(";"))
}

fn ty_key(ty: &Ty) -> String {
    match ty {
        Ty::String => "s".into(),
        Ty::I64 => "i".into(),
        Ty::F64 => "f".into(),
        Ty::Bool => "b".into(),
        Ty::Json => "j".into(),
        Ty::Map => "m".into(),
        Ty::Named(id) => format!("#{id}"),
        Ty::Vec(inner) => format!("[{}]", ty_key(inner)),
        Ty::Nullable(inner) => format!("?{}", ty_key(inner)),
        Ty::Custom(path) => format!("c({path})"),
    }
}

/// Reading methods name shared types before writing ones, and those before custom verbs.
fn verb_rank(method: &str) -> u8 {
    match method.split('_').next().unwrap_or_default() {
        "get" => 0,
        "list" => 1,
        "create" => 2,
        "update" => 3,
        "delete" => 4,
        _ => 5,
    }
}

/// `get_conversation` -> `Conversation`: the body of a get, create or update is the
/// resource itself.
fn resource_name(method: &str) -> Option<String> {
    let (verb, noun) = method.split_once('_')?;
    matches!(verb, "get" | "create" | "update").then(|| type_name(noun))
}

/// The name of an array's item: `Conversations` -> `Conversation`.
fn singular_type(name: &str) -> String {
    let snake = crate::naming::snake_case(name);
    type_name(&singular(&snake))
}

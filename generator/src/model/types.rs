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

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use serde::Serialize;

use super::{Api, Body, Endpoint, Field, OneOfSchema, Param, Response, Schema, Status};
use crate::diagnostic::Span;
use crate::naming::{singular, singular_cow, type_name};
use crate::parallel::map_parallel;

/// Which type of a [`TypeSpace`] a [`Ty::Named`] refers to. Only the space hands ids out, so
/// an id is always one of its types; it serializes as the plain index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct TypeId(u32);

impl TypeId {
    /// The id of the type at `index` of [`TypeSpace::types`].
    fn new(index: usize) -> TypeId {
        TypeId(u32::try_from(index).expect("fewer than 2^32 types"))
    }

    /// The position of the type in [`TypeSpace::types`].
    fn index(self) -> usize {
        self.0 as usize
    }
}

impl std::fmt::Display for TypeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

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
    /// A JSON object with arbitrary keys whose values all have one type (a `BTreeMap`).
    MapOf(Box<Ty>),
    Named(TypeId),
    Vec(Box<Ty>),
    /// May be an explicit `null`.
    Nullable(Box<Ty>),
    /// A Rust type path given in the overrides file.
    Custom(String),
    /// A file part of a `multipart/form-data` body: the runtime's `FilePart`.
    File,
}

#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    pub name: String,
    pub kind: TypeKind,
    pub description: String,
    pub span: Span,
    /// Endpoints (indices into `Api::endpoints`) whose pages use this type.
    pub endpoints: BTreeSet<usize>,
    /// The API sends values of this type: it is reachable from a client method's response
    /// (success or error) or from a webhook page's payload. The others are only ever sent
    /// to the API.
    #[serde(skip)]
    pub received: bool,
    /// The names this type could take, one per place it is used. Only naming reads them; they
    /// are left in place after, as freeing them one by one would add to every run (about
    /// 0.5 % of its instructions on the 2021 pages), and the command never frees the space.
    #[serde(skip)]
    candidates: Vec<Candidate>,
    /// Each distinct (field name, description) this type was found under: what
    /// [`settle_description`] reads the schema's own description from.
    #[serde(skip)]
    uses: Vec<(String, String)>,
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
    /// The success body the overrides file declares for an endpoint whose pages document
    /// none (`[responses]`); the model itself keeps only what the pages say.
    pub declared_success: Option<Ty>,
}

/// An endpoint of the model with the types its slots resolve to: the one place the
/// endpoint's lists and their types are paired, so no caller zips them itself.
#[derive(Debug, Clone, Copy)]
pub struct Typed<'a> {
    pub endpoint: &'a Endpoint,
    pub types: &'a EndpointTypes,
}

impl<'a> Typed<'a> {
    /// Each parameter with its type.
    pub fn params(self) -> impl Iterator<Item = (&'a Param, &'a Ty)> {
        self.endpoint.params.iter().zip(&self.types.params)
    }

    /// The type of parameter `index` of [`Endpoint::params`].
    pub fn param_ty(self, index: usize) -> &'a Ty {
        &self.types.params[index]
    }

    /// The request body with its type (`None` for a body the pages give no schema for).
    pub fn request(self) -> Option<(&'a Body, Option<&'a Ty>)> {
        self.endpoint.request.as_ref().map(|body| (body, self.types.request.as_ref()))
    }

    /// Each response with its body's type (`None` when it has no body).
    pub fn responses(self) -> impl Iterator<Item = (&'a Response, Option<&'a Ty>)> {
        self.endpoint.responses.iter().zip(self.types.responses.iter().map(Option::as_ref))
    }

    /// The first success response, with its body's type.
    pub fn success(self) -> Option<(&'a Response, Option<&'a Ty>)> {
        self.responses().find(|(response, _)| response.is_success())
    }
}

#[derive(Debug, Clone, Default)]
pub struct TypeSpace {
    pub types: Vec<TypeDef>,
    /// One per endpoint of the model, in its order; read through [`TypeSpace::typed`].
    endpoints: Vec<EndpointTypes>,
    /// Types before unification: one per object, enum and one-of occurrence on the pages.
    pub occurrences: usize,
}

/// A name a type could take, from one place it is used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate {
    /// Higher wins: 3 for a body's role, 1 for a field name.
    priority: u8,
    name: String,
    /// Used when `name` clashes with another type's: qualified by the parent.
    fallback: String,
    /// Used when `fallback` clashes too: qualified by the parent's own fallback (the `code`
    /// of the 404 body of `get_thing`, `GetThingNotFoundCode`, where every error body's
    /// would be `ErrorResponseCode`). Only for the last step before numbering.
    wider: String,
    /// How canonical the endpoint it comes from is (`get` before `list` before custom
    /// verbs), to break ties between equally common names.
    rank: u8,
}

/// How to name what sits at one place. The candidate is built only when a type is interned
/// there: most fields and parameters hold strings and numbers, which need no name.
#[derive(Clone, Copy)]
enum Naming<'a> {
    Ready(&'a Candidate),
    /// Field (or parameter) `field` of a type (or method) named `parent`, in the one-of
    /// alternative named `variant` if any.
    Field {
        parent: &'a str,
        /// The fallback name of the parent, for [`Candidate::wider`].
        parent_fallback: &'a str,
        variant: Option<&'a str>,
        field: &'a str,
    },
    /// The items of an array named by the inner naming.
    Items(&'a Naming<'a>),
}

/// Where a schema sits, for naming and bookkeeping.
struct Context<'a> {
    endpoint: usize,
    naming: Naming<'a>,
    description: &'a str,
    span: &'a Span,
}

/// The state of [`TypeSpace::build`] while it interns one run of endpoints.
struct Builder<'a> {
    space: TypeSpace,
    /// Per endpoint of the model, how canonical its method is for naming (see `Candidate::rank`).
    ranks: &'a [u8],
    /// Structural key of every type (see [`struct_key`]) to its id.
    by_key: FxHashMap<String, TypeId>,
    /// `type_name` of field and parameter names: the same few names recur on every page.
    field_types: FxHashMap<String, String>,
    /// [`singular_type`] of names, for the same reason.
    singular_types: FxHashMap<String, String>,
    /// Candidates made for a naming, by [`naming_key`]: the same field of the same parent
    /// recurs wherever its type is used, and making a candidate splits and inflects words.
    candidates: FxHashMap<String, Candidate>,
    /// Scratch space for [`naming_key`], reused so that a known naming allocates no key.
    naming_key: String,
    /// Scratch space for structural keys, reused so building one allocates once.
    scratch: String,
    /// [`qualified_name_of`] by `parent`, `name` and `whole` (joined by NUL): a parent's fallback
    /// and its fields recur in every candidate made under it, and each call splits and
    /// inflects the words of both.
    qualified: FxHashMap<String, String>,
    /// [`stutters`] of the names seen, for the same reason.
    stutter: FxHashMap<String, bool>,
    /// The words of each parent and field name [`qualified_name_of`] has split.
    words: FxHashMap<String, Rc<Words>>,
}

impl TypeSpace {
    /// Interns and names the types of every endpoint of `api`, on up to `jobs` threads (the
    /// result is the same for any number): each thread interns a run of consecutive endpoints
    /// into a space of its own, and the runs are joined in order ([`TypeSpace::join`]), so
    /// ids, candidates and descriptions come out in page order as from one thread. Naming a
    /// type's uses is most of the work, and it needs nothing from the other runs.
    pub fn build(api: &Api, jobs: usize) -> TypeSpace {
        let ranks: Vec<u8> = api.endpoints.iter().map(|e| verb_rank(&e.rust_name)).collect();
        let runs = runs(api.endpoints.len(), jobs);
        let parts = map_parallel(&runs, jobs, |run| {
            let mut builder = Builder {
                space: TypeSpace::default(),
                ranks: &ranks,
                by_key: FxHashMap::default(),
                field_types: FxHashMap::default(),
                singular_types: FxHashMap::default(),
                candidates: FxHashMap::default(),
                naming_key: String::new(),
                scratch: String::new(),
                qualified: FxHashMap::default(),
                stutter: FxHashMap::default(),
                words: FxHashMap::default(),
            };
            for index in run.clone() {
                let types = builder.endpoint(index, &api.endpoints[index]);
                builder.space.endpoints.push(types);
            }
            (builder.space, builder.by_key)
        });
        let mut space = TypeSpace::join(parts);
        space.merge_near_copies();
        for def in &mut space.types {
            if def.description.is_empty() {
                def.description = settle_description(&def.uses).to_owned();
            }
            def.uses = Vec::new();
        }
        space.assign_names();
        space.mark_received(api);
        space
    }

    /// The spaces interned over consecutive runs of endpoints as one, in run order, each with
    /// its types' structural keys. A type of a later run whose structure (its children
    /// renumbered first) an earlier run already has is that type, used once more: its
    /// endpoints, uses and candidates are added in order and its description counts only
    /// where the earlier has none, as when one builder meets the occurrences one after the
    /// other. Within a run each structure is one type, so no two types of a run become one.
    fn join(parts: Vec<(TypeSpace, FxHashMap<String, TypeId>)>) -> TypeSpace {
        let mut parts = parts.into_iter();
        // The first run's ids are the joined ones, and so are its keys.
        let (mut space, mut by_key) = parts.next().unwrap_or_default();
        let mut scratch = String::new();
        for (part, part_keys) in parts {
            let mut keys = vec![String::new(); part.types.len()];
            for (key, local) in part_keys {
                keys[local.index()] = key;
            }
            // `ids[local]`: the joined id of the part's type `local`. A type's children are
            // interned before it, so they are renumbered by the time it is.
            let mut ids: Vec<TypeId> = Vec::with_capacity(part.types.len());
            for (mut def, key) in part.types.into_iter().zip(keys) {
                // A key names the ids of the children: only a type without any keeps its own.
                let renumbered = std::cell::Cell::new(false);
                for_each_ty(&mut def.kind, |ty| {
                    redirect_ty(ty, &|local| {
                        renumbered.set(true);
                        ids[local.index()]
                    })
                });
                let key = if renumbered.get() { kind_key(&def.kind, &mut scratch) } else { key };
                let id = match by_key.entry(key) {
                    Entry::Occupied(known) => {
                        let id = *known.get();
                        space.types[id.index()].absorb(def);
                        id
                    }
                    Entry::Vacant(new) => {
                        let id = TypeId::new(space.types.len());
                        space.types.push(def);
                        *new.insert(id)
                    }
                };
                ids.push(id);
            }
            let renumber = |ty: &mut Ty| redirect_ty(ty, &|local| ids[local.index()]);
            for mut types in part.endpoints {
                types.params.iter_mut().for_each(renumber);
                types.request.iter_mut().for_each(renumber);
                types.responses.iter_mut().flatten().for_each(renumber);
                space.endpoints.push(types);
            }
            space.occurrences += part.occurrences;
        }
        space
    }

    /// Merges types that are the same shape up to a field one of them types less precisely: the
    /// renderer shows a schema it already described as a bare `object` (a map), so the same
    /// schema can reach the space once with its fields typed and once with a map in their
    /// place (`Card` and `CardMessage`). The precise one stands for both; merging children can
    /// make parents equal, so this runs until nothing changes. Each round compares only types
    /// with the same skeleton (kind, field names, required-ness), so the cost stays linear.
    fn merge_near_copies(&mut self) {
        let count = self.types.len();
        // `into[id]`: the type `id` was merged into (itself while alive).
        let mut into: Vec<TypeId> = (0..count).map(TypeId::new).collect();
        // A skeleton names no other type, and a type merged away stands for the type it was
        // merged into, so the groups to compare are made once and each round reads them
        // through `alive`. The candidates, which say what each struct's roles are called, are
        // set aside meanwhile and move to the types they were merged into once merging is over
        // (`merges`, in order), as if they had moved at each merge.
        let mut candidates: Vec<Vec<Candidate>> =
            self.types.iter_mut().map(|def| std::mem::take(&mut def.candidates)).collect();
        let mut merges: Vec<(TypeId, TypeId)> = Vec::new();
        let mut skeletons: BTreeMap<String, Vec<TypeId>> = BTreeMap::new();
        for (index, def) in self.types.iter().enumerate() {
            if let Some(skeleton) = skeleton(&def.kind) {
                skeletons.entry(skeleton).or_default().push(TypeId::new(index));
            }
        }
        let mut roles: BTreeMap<&str, Vec<TypeId>> = BTreeMap::new();
        for (index, def) in self.types.iter().enumerate() {
            if matches!(def.kind, TypeKind::Struct(_)) {
                for candidate in &candidates[index] {
                    roles.entry(candidate.name.as_str()).or_default().push(TypeId::new(index));
                }
            }
        }
        loop {
            // Pairs to try: one skeleton, one more precise than the other; or one role's name,
            // one with fields the other lacks (a response the page shows with the request's
            // fields, where another page lists the response-only ones too).
            let mut pairs: Vec<(TypeId, TypeId, bool)> = Vec::new();
            // A group of one type stays one: most are.
            for ids in skeletons.values().filter(|ids| ids.len() > 1) {
                let ids: Vec<TypeId> = ids.iter().copied().filter(|&id| into[id.index()] == id).collect();
                for (position, &a) in ids.iter().enumerate() {
                    pairs.extend(ids[position + 1..].iter().map(|&b| (a, b, false)));
                }
            }
            for ids in roles.values().filter(|ids| ids.len() > 1) {
                let ids: BTreeSet<TypeId> = ids.iter().map(|&id| alive(id, &into)).collect();
                let ids: Vec<TypeId> = ids.into_iter().collect();
                for (position, &a) in ids.iter().enumerate() {
                    pairs.extend(ids[position + 1..].iter().map(|&b| (a, b, true)));
                }
            }
            let mut merged = false;
            for (a, b, by_role) in pairs {
                if into[a.index()] != a || into[b.index()] != b {
                    continue;
                }
                let (keep, drop) = if by_role {
                    if covers(&self.types[b.index()].kind, &self.types[a.index()].kind, &self.types, &into) {
                        (b, a)
                    } else if covers(&self.types[a.index()].kind, &self.types[b.index()].kind, &self.types, &into) {
                        (a, b)
                    } else {
                        continue;
                    }
                } else {
                    let Some(order) =
                        precision(&self.types[a.index()].kind, &self.types[b.index()].kind, &self.types, &into)
                    else {
                        continue;
                    };
                    if order == Ordering::Less { (b, a) } else { (a, b) }
                };
                into[drop.index()] = keep;
                merges.push((keep, drop));
                let endpoints = std::mem::take(&mut self.types[drop.index()].endpoints);
                let description = std::mem::take(&mut self.types[drop.index()].description);
                let uses = std::mem::take(&mut self.types[drop.index()].uses);
                let kept = &mut self.types[keep.index()];
                kept.endpoints.extend(endpoints);
                for found in uses {
                    if !kept.uses.contains(&found) {
                        kept.uses.push(found);
                    }
                }
                if kept.description.is_empty() {
                    kept.description = description;
                }
                merged = true;
            }
            if !merged {
                break;
            }
            // Point every reference at the type it now is, so parents can compare equal.
            let snapshot = into.clone();
            let redirect = |ty: &mut Ty| redirect_ty(ty, &|id| alive(id, &snapshot));
            for def in &mut self.types {
                for_each_ty(&mut def.kind, redirect);
            }
        }
        for (keep, drop) in merges {
            let moved = std::mem::take(&mut candidates[drop.index()]);
            candidates[keep.index()].extend(moved);
        }
        for (def, own) in self.types.iter_mut().zip(candidates) {
            def.candidates = own;
        }
        if into.iter().enumerate().all(|(id, &to)| id == to.index()) {
            return;
        }
        // Compact: the kept types in their order, every reference renumbered.
        let resolved: Vec<TypeId> = (0..count).map(|id| alive(TypeId::new(id), &into)).collect();
        let mut new_id = vec![usize::MAX; count];
        let mut kept = Vec::with_capacity(count);
        for (id, def) in std::mem::take(&mut self.types).into_iter().enumerate() {
            if resolved[id].index() == id {
                new_id[id] = kept.len();
                kept.push(def);
            }
        }
        let renumber = |id: TypeId| TypeId::new(new_id[resolved[id.index()].index()]);
        for def in &mut kept {
            for_each_ty(&mut def.kind, |ty| redirect_ty(ty, &renumber));
        }
        for slots in &mut self.endpoints {
            for ty in
                slots.params.iter_mut().chain(slots.request.iter_mut()).chain(slots.responses.iter_mut().flatten())
            {
                redirect_ty(ty, &renumber);
            }
        }
        self.types = kept;
    }

    /// Every endpoint of `api` (the model this space was built from) with its types.
    pub fn typed<'a>(&'a self, api: &'a Api) -> impl Iterator<Item = Typed<'a>> + 'a {
        debug_assert_eq!(api.endpoints.len(), self.endpoints.len(), "a type space is built from this model");
        api.endpoints.iter().zip(&self.endpoints).map(|(endpoint, types)| Typed { endpoint, types })
    }

    /// Endpoint `index` of `api` with its types.
    pub fn typed_at<'a>(&'a self, api: &'a Api, index: usize) -> Typed<'a> {
        Typed { endpoint: &api.endpoints[index], types: &self.endpoints[index] }
    }

    /// Records the success body the overrides file declares for endpoint `index`.
    pub(crate) fn declare_success(&mut self, index: usize, ty: Ty) {
        self.endpoints[index].declared_success = Some(ty);
    }

    /// Sets [`TypeDef::received`] on every type the API sends: the responses of client
    /// methods and the payloads of webhook pages, and every type reachable from them.
    pub(crate) fn mark_received(&mut self, api: &Api) {
        fn named(ty: &Ty, pending: &mut Vec<TypeId>) {
            match ty {
                Ty::Named(id) => pending.push(*id),
                Ty::Vec(inner) | Ty::Nullable(inner) | Ty::MapOf(inner) => named(inner, pending),
                _ => {}
            }
        }
        let mut pending = Vec::new();
        for Typed { endpoint, types } in self.typed(api) {
            if endpoint.webhook {
                types.request.iter().for_each(|ty| named(ty, &mut pending));
            } else {
                types
                    .responses
                    .iter()
                    .chain([&types.declared_success])
                    .flatten()
                    .for_each(|ty| named(ty, &mut pending));
            }
        }
        while let Some(id) = pending.pop() {
            let def = &mut self.types[id.index()];
            if std::mem::replace(&mut def.received, true) {
                continue;
            }
            match &def.kind {
                TypeKind::Struct(def) => {
                    def.fields.iter().for_each(|f| named(&f.ty, &mut pending));
                    def.flatten.iter().for_each(|ty| named(ty, &mut pending));
                }
                TypeKind::Union(def) => {
                    def.variants.iter().flat_map(|v| &v.fields).for_each(|f| named(&f.ty, &mut pending))
                }
                TypeKind::Enum(_) => {}
            }
        }
    }

    /// The type `id` names.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.index()]
    }

    /// The type `id` names, to change it (as the overrides file does).
    pub fn get_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self.types[id.index()]
    }

    /// Every type's id, in [`TypeSpace::types`] order.
    pub fn ids(&self) -> impl Iterator<Item = TypeId> + use<> {
        (0..self.types.len()).map(TypeId::new)
    }

    /// Every type with its id, in [`TypeSpace::types`] order.
    pub fn iter(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.types.iter().enumerate().map(|(index, def)| (TypeId::new(index), def))
    }

    pub fn find(&self, name: &str) -> Option<TypeId> {
        self.types.iter().position(|t| t.name == name).map(TypeId::new)
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
            Ty::MapOf(inner) => format!("BTreeMap<String, {}>", self.display(inner)),
            Ty::Named(id) => self.types[id.index()].name.clone(),
            Ty::Vec(inner) => format!("Vec<{}>", self.display(inner)),
            Ty::Nullable(inner) => format!("Nullable<{}>", self.display(inner)),
            Ty::Custom(path) => path.clone(),
            Ty::File => "FilePart".into(),
        }
    }

    /// Renames a type (from the overrides file) and keeps names unique.
    pub fn rename(&mut self, id: TypeId, name: String) -> Result<(), TypeId> {
        if let Some(other) = self.find(&name).filter(|&other| other != id) {
            return Err(other);
        }
        self.types[id.index()].name = name;
        Ok(())
    }

    /// Type ids in emission order: by name, so adding a page inserts rather than reorders.
    pub fn sorted_ids(&self) -> Vec<TypeId> {
        let mut ids: Vec<TypeId> = self.ids().collect();
        ids.sort_by(|&a, &b| self.get(a).name.cmp(&self.get(b).name));
        ids
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
        // A type never takes a name of the crate root (`Error`, `Client`), so that a user's
        // `use sdk::types::*` never shadows them: `ErrorBody`, `ClientBody`; nor does a fallback.
        let reserved = |name: &str| crate::runtime_files::CRATE_ROOT_NAMES.contains(&name);
        let guard = |name: &str| if reserved(name) { format!("{name}Body") } else { name.to_owned() };
        let mut names: Vec<String> = chosen.iter().map(|(name, _)| guard(name)).collect();
        let mut claims: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (id, name) in names.iter().enumerate() {
            claims.entry(name.clone()).or_default().push(id);
        }
        // On a clash the type that claims the name in its most specific role keeps it (the
        // body of `get_message` over a field `message`), then the one used most under that
        // name (the first one on a tie); the others take their qualified fallback.
        let mut keepers: BTreeMap<&str, usize> = BTreeMap::new();
        for (name, ids) in claims.iter().filter(|(_, ids)| ids.len() > 1) {
            let uses = |id: usize| {
                let claims = self.types[id].candidates.iter().filter(|c| guard(&type_name(&c.name)) == *name);
                claims.fold((0, 0), |(priority, count), c| (c.priority.max(priority), count + 1))
            };
            let keeper = ids.iter().copied().max_by(|&a, &b| uses(a).cmp(&uses(b)).then_with(|| b.cmp(&a)));
            // A crate-root stand-in (`ClientBody` for `Client`) is not the keeper's own name:
            // a type whose qualified name it is (the `client` of a `Client`) may take it.
            if let Some(keeper) = keeper.filter(|&keeper| !reserved(&chosen[keeper].0)) {
                keepers.insert(name, keeper);
            }
            for &id in ids {
                if Some(id) != keeper {
                    names[id] = guard(&chosen[id].1);
                }
            }
        }
        // Whatever still clashes takes another of its own qualified names that no type
        // claims (the words its fallbacks share may be another type's name), the one most of
        // its uses give first; then a numeric suffix, in order of first occurrence.
        let claimed: BTreeSet<String> = names.iter().cloned().collect();
        let mut used: BTreeSet<String> =
            crate::runtime_files::CRATE_ROOT_NAMES.iter().map(|name| (*name).to_owned()).collect();
        // A name is its keeper's even when a type that lost it has it as its fallback too (the
        // `type` of an address is `AddressType` for either enum of HPE's locations): the loser
        // goes on to its other names rather than taking it first, in page order.
        let kept_for_another = |name: &str, id: usize| keepers.get(name).is_some_and(|&keeper| keeper != id);
        for (id, name) in names.iter().enumerate() {
            let mut unique = name.clone();
            let lost = kept_for_another(&unique, id);
            if used.contains(&unique) || lost {
                let candidates = &self.types[id].candidates;
                let top = candidates.iter().map(|c| c.priority).max().unwrap_or(0);
                let mut others: BTreeMap<String, (u8, usize, u8)> = BTreeMap::new();
                // Fallbacks before wider names, each by how many uses give it, then rank.
                for candidate in candidates.iter().filter(|c| c.priority == top) {
                    for (tier, other) in [(0, &candidate.fallback), (1, &candidate.wider)] {
                        let entry = others.entry(guard(&type_name(other))).or_insert((tier, 0, u8::MAX));
                        entry.0 = entry.0.min(tier);
                        entry.1 += 1;
                        entry.2 = entry.2.min(candidate.rank);
                    }
                }
                let mut others: Vec<(String, (u8, usize, u8))> = others.into_iter().collect();
                others.sort_by(|a, b| {
                    a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)).then(a.1.2.cmp(&b.1.2)).then(a.0.cmp(&b.0))
                });
                if let Some((free, _)) =
                    others.into_iter().find(|(other, _)| !claimed.contains(other) && !used.contains(other))
                {
                    unique = free;
                }
            }
            let mut n = 2;
            if lost && unique == *name {
                unique = format!("{name}{n}");
                n += 1;
            }
            while !used.insert(unique.clone()) {
                unique = format!("{name}{n}");
                n += 1;
            }
            self.types[id].name = unique;
        }
    }
}

/// The type name of a webhook page's payload: the event it is (`MessageInbound` ->
/// `MessageInboundEvent`), so that it reads as one and stays clear of the names of the
/// objects it carries (`Message`). A name that already says so is kept (`ClientEvent`), and
/// so is one whose payload carries an `event` of its own, whose type takes that name
/// (`EventInbound`, holding an `EventInboundEvent`).
pub fn event_type_name(webhook: &str, payload: &Schema) -> String {
    let carries_event = match payload {
        Schema::Object(object) => object.fields.iter().any(|f| type_name(&f.name) == "Event"),
        _ => false,
    };
    if webhook.ends_with("Event") || carries_event { webhook.to_owned() } else { format!("{webhook}Event") }
}

/// `count` endpoints cut into up to `jobs` runs of consecutive ones, as even as can be.
fn runs(count: usize, jobs: usize) -> Vec<Range<usize>> {
    let jobs = jobs.clamp(1, count.max(1));
    (0..jobs).map(|run| run * count / jobs..(run + 1) * count / jobs).collect()
}

impl TypeDef {
    /// Takes in the uses of `other`, the same type met in a later run of endpoints (see
    /// [`TypeSpace::join`]): what [`Builder::insert`] records of each use, in the same order.
    fn absorb(&mut self, other: TypeDef) {
        self.endpoints.extend(other.endpoints);
        for used in other.uses {
            if !self.uses.contains(&used) {
                self.uses.push(used);
            }
        }
        if self.description.is_empty() {
            self.description = other.description;
        }
        self.candidates.extend(other.candidates);
    }
}

impl Builder<'_> {
    fn endpoint(&mut self, index: usize, endpoint: &Endpoint) -> EndpointTypes {
        let method = type_name(&endpoint.rust_name);
        let mut types = EndpointTypes::default();
        for param in &endpoint.params {
            let naming = Naming::Field { parent: &method, parent_fallback: &method, variant: None, field: &param.name };
            let context = Context { endpoint: index, naming, description: &param.description, span: &param.span };
            types.params.push(self.intern(&param.schema, &context));
        }
        if let Some(body) = &endpoint.request {
            // A method that already ends in `Request` (`cancel_request`) takes `Body` for its
            // request body rather than `CancelRequestRequest`.
            let name = if endpoint.webhook {
                event_type_name(&method, &body.schema)
            } else if method.ends_with("Request") {
                format!("{method}Body")
            } else {
                format!("{method}Request")
            };
            let candidate = Candidate { priority: 3, name: name.clone(), fallback: name.clone(), wider: name, rank: 0 };
            // A webhook's payload is the event the page describes: the page's words are its docs.
            let description = if endpoint.webhook { endpoint.description.as_str() } else { "" };
            let context = Context { endpoint: index, naming: Naming::Ready(&candidate), description, span: &body.span };
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
                // Error bodies that differ by status are told apart by what the status means
                // (`DeleteWidgetClientError` for 4XX, `GetThingNotFound` for 404), not by a number.
                let fallback = if response.is_success() {
                    format!("{method}Response")
                } else {
                    format!("{method}{}", status_name(response.status))
                };
                let candidate = Candidate { priority: 3, name, wider: fallback.clone(), fallback, rank: 0 };
                let context = Context {
                    endpoint: index,
                    naming: Naming::Ready(&candidate),
                    description: "",
                    span: &response.span,
                };
                self.intern(schema, &context)
            });
            types.responses.push(ty);
        }
        types
    }

    /// The candidate a naming stands for; `whole` is what a field named as its parent ends is
    /// called (see [`qualified_name_of`]): `Value` for an enum, `Body` for the others.
    fn candidate(&mut self, naming: &Naming<'_>, whole: &str) -> Candidate {
        if let Naming::Ready(candidate) = naming {
            return (*candidate).clone();
        }
        let mut key = std::mem::take(&mut self.naming_key);
        key.clear();
        naming_key(naming, whole, &mut key);
        if let Some(known) = self.candidates.get(key.as_str()) {
            let known = known.clone();
            self.naming_key = key;
            return known;
        }
        let candidate = self.make_candidate(naming, whole);
        self.candidates.insert(key, candidate.clone());
        candidate
    }

    /// [`qualified_name_of`], remembered.
    fn qualified_name(&mut self, parent: &str, name: &str, whole: &str) -> String {
        let mut key = String::with_capacity(parent.len() + name.len() + whole.len() + 2);
        for (i, part) in [parent, name, whole].into_iter().enumerate() {
            if i > 0 {
                key.push('\0');
            }
            key.push_str(part);
        }
        if let Some(known) = self.qualified.get(&key) {
            return known.clone();
        }
        let words = &mut self.words;
        let made = qualified_name_of(parent, name, whole, |text| {
            if let Some(known) = words.get(text) {
                return Rc::clone(known);
            }
            let made = Rc::new(Words::of(text));
            words.insert(text.to_owned(), Rc::clone(&made));
            made
        });
        self.qualified.insert(key, made.clone());
        made
    }

    /// [`stutters`], remembered.
    fn stutters(&mut self, name: &str) -> bool {
        if let Some(&known) = self.stutter.get(name) {
            return known;
        }
        let made = stutters(name);
        self.stutter.insert(name.to_owned(), made);
        made
    }

    /// [`Builder::candidate`] for a naming seen for the first time.
    fn make_candidate(&mut self, naming: &Naming<'_>, whole: &str) -> Candidate {
        match *naming {
            Naming::Ready(candidate) => candidate.clone(),
            Naming::Field { parent, parent_fallback, variant, field } => {
                let name = match self.field_types.get(field) {
                    Some(name) => name.clone(),
                    None => {
                        let name = type_name(field);
                        self.field_types.insert(field.to_owned(), name.clone());
                        name
                    }
                };
                let qualified = self.qualified_name(parent, &name, whole);
                let wider = match variant {
                    Some(variant) => format!("{parent_fallback}{variant}{name}"),
                    None => self.qualified_name(parent_fallback, &name, whole),
                };
                // A generic field name (`code`, `type`, `items`) says little alone: the type
                // is named in its parent's context (`ReasonCode`, `AgentType`).
                if is_generic(field) {
                    // In an alternative, its name tells the most: the `kind` of the `Cat`
                    // alternative of `Pet` is `CatKind` (`PetCatKind` on a clash).
                    let (name, fallback) = match variant {
                        Some(variant) => {
                            (self.qualified_name(variant, &name, whole), format!("{parent}{variant}{name}"))
                        }
                        None => (qualified, format!("{parent}{name}")),
                    };
                    // A fallback that stutters (`StateState`, `ErrorErrors`) gives way to the
                    // name in the grandparent's context.
                    let fallback =
                        if self.stutters(&fallback) && !self.stutters(&wider) { wider.clone() } else { fallback };
                    Candidate { priority: 1, name, fallback, wider, rank: 0 }
                } else {
                    // A parent the name already starts with adds nothing (`Approval` +
                    // `ApprovalState`): the grandparent's context does.
                    let fallback = if self.stutters(&qualified) && !self.stutters(&wider) && wider != name {
                        wider.clone()
                    } else {
                        qualified
                    };
                    Candidate { priority: 1, name, fallback, wider, rank: 0 }
                }
            }
            Naming::Items(of) => {
                let of = self.candidate(of, whole);
                Candidate {
                    name: self.singular_type(&of.name),
                    fallback: self.singular_type(&of.fallback),
                    wider: self.singular_type(&of.wider),
                    ..of
                }
            }
        }
    }

    fn singular_type(&mut self, name: &str) -> String {
        if let Some(singular) = self.singular_types.get(name) {
            return singular.clone();
        }
        let singular = singular_type(name);
        self.singular_types.insert(name.to_owned(), singular.clone());
        singular
    }

    fn intern(&mut self, schema: &Schema, context: &Context<'_>) -> Ty {
        match schema {
            Schema::String => Ty::String,
            Schema::File => Ty::File,
            Schema::Integer => Ty::I64,
            Schema::Number => Ty::F64,
            Schema::Boolean => Ty::Bool,
            Schema::Null | Schema::Any => Ty::Json,
            Schema::Map { values: None } => Ty::Map,
            Schema::Map { values: Some(values) } => {
                // A map's values are named like an array's items: `labels` holds `Label`s.
                let value_context = Context { naming: Naming::Items(&context.naming), ..*context };
                Ty::MapOf(Box::new(self.intern(values, &value_context)))
            }
            Schema::Nullable { inner } => Ty::Nullable(Box::new(self.intern(inner, context))),
            Schema::Array { items } => {
                let item_context = Context { naming: Naming::Items(&context.naming), ..*context };
                Ty::Vec(Box::new(self.intern(items, &item_context)))
            }
            Schema::Enum(schema) => {
                let candidate = self.candidate(&context.naming, "Value");
                let key = enum_key(schema.values.iter(), &mut self.scratch);
                self.insert(key, context, candidate, || {
                    let mut names = crate::naming::UniqueNames::default();
                    let values = schema
                        .values
                        .iter()
                        .map(|value| {
                            let rust = match value {
                                serde_json::Value::String(s) => names.claim(crate::naming::variant_name(s)),
                                other => names.claim(crate::naming::variant_name(&other.to_string())),
                            };
                            EnumValue { value: value.clone(), rust }
                        })
                        .collect();
                    TypeKind::Enum(EnumDef { values })
                })
            }
            Schema::Object(object) => {
                let candidate = self.candidate(&context.naming, "Body");
                let types = self.field_types(&object.fields, context.endpoint, &candidate, None);
                let key = struct_key(field_keys(&object.fields, &types), None, &mut self.scratch);
                self.insert(key, context, candidate, || {
                    TypeKind::Struct(StructDef { fields: field_defs(&object.fields, types), flatten: None })
                })
            }
            Schema::OneOf(one_of) if !one_of.common.is_empty() => {
                // Common fields beside the variants: a struct that flattens the union.
                let candidate = self.candidate(&context.naming, "Body");
                let union_candidate = Candidate {
                    priority: candidate.priority,
                    name: format!("{}Kind", candidate.name),
                    fallback: format!("{}Kind", candidate.fallback),
                    wider: format!("{}Kind", candidate.wider),
                    rank: 0,
                };
                let union_context = Context { naming: Naming::Ready(&union_candidate), description: "", ..*context };
                let union = self.union(one_of, &union_context, union_candidate.clone());
                let types = self.field_types(&one_of.common, context.endpoint, &candidate, None);
                let key = struct_key(field_keys(&one_of.common, &types), Some(&union), &mut self.scratch);
                self.insert(key, context, candidate, || {
                    TypeKind::Struct(StructDef { fields: field_defs(&one_of.common, types), flatten: Some(union) })
                })
            }
            Schema::OneOf(one_of) => {
                let candidate = self.candidate(&context.naming, "Body");
                self.union(one_of, context, candidate)
            }
        }
    }

    /// Interns a one-of whose candidate name is `candidate`.
    fn union(&mut self, one_of: &OneOfSchema, context: &Context<'_>, candidate: Candidate) -> Ty {
        let mut variant_keys = Vec::with_capacity(one_of.variants.len());
        let mut variant_types = Vec::with_capacity(one_of.variants.len());
        for variant in &one_of.variants {
            // A variant's fields are named as if they were the union's own, generic ones in
            // the variant's context.
            let own = type_name(&variant.rust_name);
            let types = self.field_types(&variant.fields, context.endpoint, &candidate, Some(&own));
            let fields = struct_key(field_keys(&variant.fields, &types), None, &mut self.scratch);
            variant_keys.push((variant.name.as_str(), fields));
            variant_types.push(types);
        }
        let key = union_key(one_of.discriminator.as_deref(), variant_keys);
        self.insert(key, context, candidate, || {
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

    /// Interns the type of each field of a type whose candidate is `parent`. The fields'
    /// definitions are built by [`field_defs`], only for a type seen for the first time: most
    /// occurrences are of known types.
    fn field_types(&mut self, fields: &[Field], endpoint: usize, parent: &Candidate, variant: Option<&str>) -> Vec<Ty> {
        fields
            .iter()
            .map(|field| {
                let naming = Naming::Field {
                    parent: &parent.name,
                    parent_fallback: &parent.fallback,
                    variant,
                    field: &field.name,
                };
                let context = Context { endpoint, naming, description: &field.description, span: &field.span };
                self.intern(&field.schema, &context)
            })
            .collect()
    }

    fn insert(
        &mut self,
        key: String,
        context: &Context<'_>,
        candidate: Candidate,
        make: impl FnOnce() -> TypeKind,
    ) -> Ty {
        let space = &mut self.space;
        space.occurrences += 1;
        let id = match self.by_key.get(&key) {
            Some(&id) => id,
            None => {
                let id = TypeId::new(space.types.len());
                space.types.push(TypeDef {
                    name: String::new(),
                    kind: make(),
                    description: String::new(),
                    span: context.span.clone(),
                    endpoints: BTreeSet::new(),
                    received: false,
                    candidates: Vec::new(),
                    uses: Vec::new(),
                });
                self.by_key.insert(key, id);
                id
            }
        };
        let def = &mut space.types[id.index()];
        def.endpoints.insert(context.endpoint);
        // A body's own words (a webhook page's prose about its event) describe the type; a
        // field's prose may describe the field's role rather than the type, so field uses are
        // only recorded here and weighed against each other once every use is known
        // (`settle_description`). An array's or a map's prose is about the collection, not
        // its items, so it is not a use of the item type's description.
        match context.naming {
            Naming::Field { field, .. } => {
                let text = context.description.trim();
                if !def.uses.iter().any(|(role, known)| role == field && known == text) {
                    def.uses.push((field.to_owned(), text.to_owned()));
                }
            }
            Naming::Ready(_) if def.description.is_empty() && !context.description.trim().is_empty() => {
                def.description = context.description.to_owned();
            }
            Naming::Ready(_) | Naming::Items(_) => {}
        }
        let rank = self.ranks.get(context.endpoint).copied().unwrap_or(u8::MAX);
        def.candidates.push(Candidate { rank, ..candidate });
        Ty::Named(id)
    }
}

/// What a candidate depends on, as one string: the parent's names, the variant, the field and
/// `whole`, each ended by a byte no name holds; an array's items are their naming's key behind
/// a mark of their own.
fn naming_key(naming: &Naming<'_>, whole: &str, key: &mut String) {
    match *naming {
        Naming::Ready(candidate) => {
            key.push('R');
            for part in [&candidate.name, &candidate.fallback, &candidate.wider] {
                key.push_str(part);
                key.push('\0');
            }
            key.push(char::from(candidate.priority));
            key.push(char::from(candidate.rank));
            key.push_str(whole);
        }
        Naming::Field { parent, parent_fallback, variant, field } => {
            key.push('F');
            for part in [parent, parent_fallback, variant.unwrap_or("\u{1}"), field, whole] {
                key.push_str(part);
                key.push('\0');
            }
        }
        Naming::Items(of) => {
            key.push('I');
            naming_key(of, whole, key);
        }
    }
}

/// The description the pages give a type itself, from the (field name, description) pairs it
/// was found under: the text that is the same wherever the type is used, else one shared by
/// fields of different names (a schema's own words, which a field elsewhere overrode), else
/// none. A text found under one field name only, where the type is also used under another,
/// describes that field's role (`comment_reply_event`: "Represents a response to a comment
/// event." on the type that is also every `text_message`), not the type.
fn settle_description(uses: &[(String, String)]) -> &str {
    let Some((_, first)) = uses.first() else { return "" };
    if !first.is_empty() && uses.iter().all(|(_, text)| text == first) {
        return first;
    }
    // The text under the most distinct field names, at least two; the first seen on a tie.
    let mut best: (&str, usize) = ("", 1);
    for (index, (_, text)) in uses.iter().enumerate() {
        if text.is_empty() || uses[..index].iter().any(|(_, seen)| seen == text) {
            continue;
        }
        let mut roles: Vec<&str> = uses.iter().filter(|(_, t)| t == text).map(|(role, _)| role.as_str()).collect();
        roles.sort_unstable();
        roles.dedup();
        if roles.len() > best.1 {
            best = (text, roles.len());
        }
    }
    best.0
}

/// What two types of one shape must share to be compared for merging: their kind, field
/// names, required-ness and deprecation, variant names; `None` for enums (their values are
/// their identity).
fn skeleton(kind: &TypeKind) -> Option<String> {
    let mut scratch = String::new();
    let mut fields = |fields: &[FieldDef], out: &mut String| {
        scratch.clear();
        let mut parts = Vec::with_capacity(fields.len());
        for field in fields {
            let start = scratch.len();
            scratch.push_str(&field.wire);
            scratch.push_str(if field.required { "|true|" } else { "|false|" });
            scratch.push_str(if field.deprecated.is_some() { "true" } else { "false" });
            parts.push(start..scratch.len());
        }
        push_sorted(out, ';', &scratch, parts);
    };
    let mut out = String::new();
    match kind {
        TypeKind::Struct(def) => {
            out.push_str(if def.flatten.is_some() { "SF{" } else { "S{" });
            fields(&def.fields, &mut out);
        }
        TypeKind::Union(def) => {
            out.push_str("U{");
            out.push_str(def.discriminator.as_deref().unwrap_or(""));
            for variant in &def.variants {
                out.push('|');
                out.push_str(&variant.name);
                out.push(':');
                fields(&variant.fields, &mut out);
            }
        }
        TypeKind::Enum(_) => return None,
    }
    out.push('}');
    Some(out)
}

/// How two types of one skeleton compare in precision: `Greater` when `a` types every field at
/// least as precisely as `b` (a struct where `b` has a map), `Less` the other way round,
/// `Equal` when they are the same; `None` when neither covers the other.
fn precision(a: &TypeKind, b: &TypeKind, types: &[TypeDef], into: &[TypeId]) -> Option<Ordering> {
    match (a, b) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            let order = fields_precision(&a.fields, &b.fields, types, into)?;
            match (&a.flatten, &b.flatten) {
                (Some(x), Some(y)) => combine(order, ty_precision(x, y, types, into)?),
                (None, None) => Some(order),
                _ => None,
            }
        }
        (TypeKind::Union(a), TypeKind::Union(b)) => {
            let mut order = Ordering::Equal;
            for (x, y) in a.variants.iter().zip(&b.variants) {
                order = combine(order, fields_precision(&x.fields, &y.fields, types, into)?)?;
            }
            Some(order)
        }
        _ => None,
    }
}

/// Two comparisons in a row: equal gives way to the other, opposite ones cancel out.
fn combine(order: Ordering, next: Ordering) -> Option<Ordering> {
    match (order, next) {
        (Ordering::Equal, next) => Some(next),
        (order, Ordering::Equal) => Some(order),
        (order, next) if order == next => Some(order),
        _ => None,
    }
}

/// The type `id` now is, after the merges so far.
fn alive(id: TypeId, into: &[TypeId]) -> TypeId {
    let mut id = id;
    while into[id.index()] != id {
        id = into[id.index()];
    }
    id
}

/// Whether `outer` is a struct of optional fields beside the one-of `inner`: the same one-of
/// listed where the page leaves out the fields its alternatives share.
fn adds_fields(outer: TypeId, inner: TypeId, types: &[TypeDef], into: &[TypeId]) -> bool {
    match &types[outer.index()].kind {
        TypeKind::Struct(def) => {
            matches!(def.flatten, Some(Ty::Named(flat)) if alive(flat, into) == inner)
                && def.fields.iter().all(|f| !f.required)
        }
        _ => false,
    }
}

/// [`precision`] of two field types.
fn ty_precision(a: &Ty, b: &Ty, types: &[TypeDef], into: &[TypeId]) -> Option<Ordering> {
    let vague = |ty: &Ty| matches!(ty, Ty::Json | Ty::Map);
    match (a, b) {
        (Ty::Named(x), Ty::Named(y)) => {
            let (x, y) = (alive(*x, into), alive(*y, into));
            if x == y {
                Some(Ordering::Equal)
            } else if adds_fields(y, x, types, into) {
                Some(Ordering::Less)
            } else if adds_fields(x, y, types, into) {
                Some(Ordering::Greater)
            } else {
                None
            }
        }
        (Ty::Vec(x), Ty::Vec(y)) | (Ty::Nullable(x), Ty::Nullable(y)) | (Ty::MapOf(x), Ty::MapOf(y)) => {
            ty_precision(x, y, types, into)
        }
        _ if a == b => Some(Ordering::Equal),
        (a, _) if vague(a) => Some(Ordering::Less),
        (_, b) if vague(b) => Some(Ordering::Greater),
        _ => None,
    }
}

/// [`precision`] of two lists of the same fields.
fn fields_precision(a: &[FieldDef], b: &[FieldDef], types: &[TypeDef], into: &[TypeId]) -> Option<Ordering> {
    let mut order = Ordering::Equal;
    for field in a {
        let other = b.iter().find(|f| f.wire == field.wire)?;
        let field_order = ty_precision(&field.ty, &other.ty, types, into)?;
        // As for recalls on a page: a name as general as `attributes` (JSON:API's
        // `data.attributes` and `included.attributes`) names different schemas at different
        // places, so a bare one is not taken for a typed one.
        let vague = |ty: &Ty| matches!(ty, Ty::Json | Ty::Map);
        if field_order != Ordering::Equal && is_generic(&field.wire) && (vague(&field.ty) || vague(&other.ty)) {
            return None;
        }
        order = combine(order, field_order)?;
    }
    Some(order)
}

/// Whether struct `wide` holds every field of struct `narrow` (same required-ness, typed at
/// least as precisely) and only optional fields besides: values of `narrow` are values of
/// `wide`, so `wide` can stand for both without losing what either documents.
fn covers(wide: &TypeKind, narrow: &TypeKind, types: &[TypeDef], into: &[TypeId]) -> bool {
    let (TypeKind::Struct(wide), TypeKind::Struct(narrow)) = (wide, narrow) else { return false };
    let at_least =
        |a: &Ty, b: &Ty| matches!(ty_precision(a, b, types, into), Some(Ordering::Equal | Ordering::Greater));
    let flatten = match (&wide.flatten, &narrow.flatten) {
        (None, None) => true,
        (Some(x), Some(y)) => at_least(x, y),
        _ => false,
    };
    let shared = narrow.fields.iter().all(|field| {
        wide.fields.iter().any(|other| {
            other.wire == field.wire
                && other.required == field.required
                && other.deprecated.is_some() == field.deprecated.is_some()
                && at_least(&other.ty, &field.ty)
        })
    });
    let extra_optional =
        wide.fields.iter().filter(|f| !narrow.fields.iter().any(|n| n.wire == f.wire)).all(|f| !f.required);
    wide.fields.len() > narrow.fields.len() && flatten && shared && extra_optional
}

/// Calls `visit` on every type a definition refers to.
fn for_each_ty(kind: &mut TypeKind, mut visit: impl FnMut(&mut Ty)) {
    match kind {
        TypeKind::Struct(def) => {
            def.fields.iter_mut().for_each(|f| visit(&mut f.ty));
            def.flatten.iter_mut().for_each(visit);
        }
        TypeKind::Union(def) => def.variants.iter_mut().flat_map(|v| &mut v.fields).for_each(|f| visit(&mut f.ty)),
        TypeKind::Enum(_) => {}
    }
}

/// Renumbers the named types inside `ty`.
fn redirect_ty(ty: &mut Ty, to: &impl Fn(TypeId) -> TypeId) {
    match ty {
        Ty::Named(id) => *id = to(*id),
        Ty::Vec(inner) | Ty::Nullable(inner) | Ty::MapOf(inner) => redirect_ty(inner, to),
        _ => {}
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
    fn most<'a>(counts: &BTreeMap<&'a str, (usize, u8)>, unless: Option<&str>) -> Option<(String, Vec<&'a str>)> {
        let best = counts.values().max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)))?;
        let tied: Vec<&str> = counts.iter().filter(|(_, c)| *c == best).map(|(name, _)| *name).collect();
        // Names equally good (`AgentJoinedEvent`, `AgentLeftEvent` for one shape) give way to
        // the words they share (`AgentEvent`): naming the type after one would be wrong for
        // the others. Not for fallbacks whose shared words are the name they stand in for
        // (`EventDirection`, `MessageDirection` -> `Direction`): that would undo the
        // qualification and leave only a number to tell the types apart.
        if let Some(shared) = shared_words(&tied).filter(|shared| Some(shared.as_str()) != unless && !stutters(shared))
        {
            return Some((shared, tied));
        }
        tied.first().map(|name| ((*name).to_owned(), tied.clone()))
    }
    let (mut name, tied) = most(&counts, None).unwrap_or_else(|| ("Value".to_owned(), Vec::new()));
    // Roles that share only a generic word (Magicline's `addressMode`, `genderMode`, ... of
    // one enum share `Mode`) say nothing in it: the words their parents share qualify it
    // (`LeadConfigMode`, from `LeadDataConfig` and `ListLeadConfigs`). Fields only: bodies
    // are named by resources (`Config` for `AuditLogConfig` and `UiConfig`).
    if top == 1 && tied.len() > 1 && is_generic(&name) {
        let roles: Vec<&str> = candidates
            .iter()
            .filter(|c| c.priority == top && tied.contains(&c.name.as_str()))
            .map(|c| c.fallback.as_str())
            .collect::<BTreeSet<&str>>()
            .into_iter()
            .collect();
        if let Some(shared) = shared_singular_words(&roles).filter(|shared| *shared != name && !stutters(shared)) {
            name = shared;
        }
    }
    let fallback = most(&fallbacks, Some(&name)).map_or_else(|| "Value".to_owned(), |(fallback, _)| fallback);
    (name, fallback)
}

/// Like [`shared_words`], each word compared by its singular (`LeadConfigs` and `LeadConfig`
/// share `Config`), said in the singular.
fn shared_singular_words(names: &[&str]) -> Option<String> {
    let [first, rest @ ..] = names else { return None };
    if rest.is_empty() {
        return None;
    }
    let words = |name: &str| -> Vec<String> { crate::naming::snake_case(name).split('_').map(singular).collect() };
    let others: Vec<Vec<String>> = rest.iter().map(|name| words(name)).collect();
    let shared: Vec<String> = words(first).into_iter().filter(|w| others.iter().all(|o| o.contains(w))).collect();
    (!shared.is_empty()).then(|| type_name(&shared.join("_")))
}

/// The UpperCamelCase words every name has, in the first name's order, if they are fewer
/// than each name's own: `LineJapan`, `LineThailand` -> `Line`. `None` for a single name or
/// names with nothing in common.
fn shared_words(names: &[&str]) -> Option<String> {
    let [first, rest @ ..] = names else { return None };
    if rest.is_empty() {
        return None;
    }
    let words = |name: &str| -> Vec<String> { crate::naming::snake_case(name).split('_').map(str::to_owned).collect() };
    let others: Vec<Vec<String>> = rest.iter().map(|name| words(name)).collect();
    let shared: Vec<String> = words(first).into_iter().filter(|w| others.iter().all(|o| o.contains(w))).collect();
    (!shared.is_empty()).then(|| type_name(&shared.join("_")))
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

/// Structural identity of a defined type, as [`Builder::intern`] keyed it from its schema:
/// what [`TypeSpace::join`] finds a type of another run by.
fn kind_key(kind: &TypeKind, scratch: &mut String) -> String {
    match kind {
        TypeKind::Struct(def) => struct_key(defs(&def.fields), def.flatten.as_ref(), scratch),
        TypeKind::Enum(def) => enum_key(def.values.iter().map(|v| &v.value), scratch),
        TypeKind::Union(def) => {
            let variants: Vec<(&str, String)> =
                def.variants.iter().map(|v| (v.name.as_str(), struct_key(defs(&v.fields), None, scratch))).collect();
            union_key(def.discriminator.as_deref(), variants)
        }
    }
}

/// What a field adds to its object's structural identity.
struct FieldKey<'a> {
    wire: &'a str,
    required: bool,
    deprecated: bool,
    ty: &'a Ty,
}

/// The [`FieldKey`]s of defined fields.
fn defs(fields: &[FieldDef]) -> impl Iterator<Item = FieldKey<'_>> {
    fields.iter().map(|f| FieldKey {
        wire: &f.wire,
        required: f.required,
        deprecated: f.deprecated.is_some(),
        ty: &f.ty,
    })
}

/// The [`FieldKey`]s of fields whose types `types` holds.
fn field_keys<'a>(fields: &'a [Field], types: &'a [Ty]) -> impl Iterator<Item = FieldKey<'a>> {
    fields.iter().zip(types).map(|(field, ty)| FieldKey {
        wire: &field.name,
        required: field.required,
        deprecated: field.deprecated.is_some(),
        ty,
    })
}

/// Structural identity of an object: its fields' wire names, required-ness, deprecation and
/// types, in any order: `S{name|required|deprecated|type;...}` with the fields' parts sorted,
/// then the flattened union's type. `scratch` holds the parts while they are sorted, so the
/// key is built with one allocation.
fn struct_key<'a>(fields: impl Iterator<Item = FieldKey<'a>>, flatten: Option<&Ty>, scratch: &mut String) -> String {
    scratch.clear();
    let mut parts = Vec::with_capacity(fields.size_hint().0);
    for field in fields {
        let start = scratch.len();
        scratch.push_str(field.wire);
        scratch.push_str(if field.required { "|true|" } else { "|false|" });
        scratch.push_str(if field.deprecated { "true|" } else { "false|" });
        push_ty_key(scratch, field.ty);
        parts.push(start..scratch.len());
    }
    let mut key = sorted_key("S", ';', scratch, parts);
    if let Some(flatten) = flatten {
        push_ty_key(&mut key, flatten);
    }
    key
}

/// Structural identity of a one-of: its discriminator, then each variant's name and the
/// [`struct_key`] of its fields, in order: `U{discriminator|name:S{...}|...}`.
fn union_key(discriminator: Option<&str>, variants: Vec<(&str, String)>) -> String {
    let mut key = format!("U{{{}", discriminator.unwrap_or(""));
    for (name, fields) in variants {
        key.push('|');
        key.push_str(name);
        key.push(':');
        key.push_str(&fields);
    }
    key.push('}');
    key
}

/// Structural identity of an enum: its values as JSON, in any order: `E{value,...}` sorted.
fn enum_key<'a>(values: impl Iterator<Item = &'a serde_json::Value>, scratch: &mut String) -> String {
    use std::fmt::Write;
    scratch.clear();
    let mut parts = Vec::with_capacity(values.size_hint().0);
    for value in values {
        let start = scratch.len();
        let _ = write!(scratch, "{value}");
        parts.push(start..scratch.len());
    }
    sorted_key("E", ',', scratch, parts)
}

/// `tag{part<separator>part...}` with the parts (ranges of `scratch`) in sorted order, so
/// that a key does not depend on the order the page lists fields or values in.
fn sorted_key(tag: &str, separator: char, scratch: &str, parts: Vec<Range<usize>>) -> String {
    let mut key = String::with_capacity(tag.len() + scratch.len() + parts.len() + 2);
    key.push_str(tag);
    key.push('{');
    push_sorted(&mut key, separator, scratch, parts);
    key.push('}');
    key
}

/// Appends the parts (ranges of `scratch`) to `out` in sorted order, `separator` between them.
fn push_sorted(out: &mut String, separator: char, scratch: &str, mut parts: Vec<Range<usize>>) {
    parts.sort_unstable_by(|a, b| scratch[a.clone()].cmp(&scratch[b.clone()]));
    for (index, part) in parts.into_iter().enumerate() {
        if index > 0 {
            out.push(separator);
        }
        out.push_str(&scratch[part]);
    }
}

/// Appends the short structural spelling of a type: `s`, `#3`, `[?i]`.
fn push_ty_key(key: &mut String, ty: &Ty) {
    use std::fmt::Write;
    match ty {
        Ty::String => key.push('s'),
        Ty::I64 => key.push('i'),
        Ty::F64 => key.push('f'),
        Ty::Bool => key.push('b'),
        Ty::Json => key.push('j'),
        Ty::File => key.push('F'),
        Ty::Map => key.push('m'),
        Ty::MapOf(inner) => {
            key.push('{');
            push_ty_key(key, inner);
            key.push('}');
        }
        Ty::Named(id) => {
            let _ = write!(key, "#{id}");
        }
        Ty::Vec(inner) => {
            key.push('[');
            push_ty_key(key, inner);
            key.push(']');
        }
        Ty::Nullable(inner) => {
            key.push('?');
            push_ty_key(key, inner);
        }
        Ty::Custom(path) => {
            key.push_str("c(");
            key.push_str(path);
            key.push(')');
        }
    }
}

/// A type-name word for an error status: its reason phrase for common codes, the class for
/// `4XX`/`5XX`, `Error` for `default`, else `Status` and the code.
fn status_name(status: Status) -> String {
    let known = match status {
        Status::Code(400) => "BadRequest",
        Status::Code(401) => "Unauthorized",
        Status::Code(402) => "PaymentRequired",
        Status::Code(403) => "Forbidden",
        Status::Code(404) => "NotFound",
        Status::Code(405) => "MethodNotAllowed",
        Status::Code(406) => "NotAcceptable",
        Status::Code(408) => "RequestTimeout",
        Status::Code(409) => "Conflict",
        Status::Code(410) => "Gone",
        Status::Code(412) => "PreconditionFailed",
        Status::Code(413) => "PayloadTooLarge",
        Status::Code(415) => "UnsupportedMediaType",
        Status::Code(422) => "UnprocessableEntity",
        Status::Code(429) => "TooManyRequests",
        Status::Code(500) => "InternalServerError",
        Status::Code(501) => "NotImplemented",
        Status::Code(502) => "BadGateway",
        Status::Code(503) => "ServiceUnavailable",
        Status::Code(504) => "GatewayTimeout",
        Status::Class(4) => "ClientError",
        Status::Class(5) => "ServerError",
        Status::Default => "Error",
        _ => "",
    };
    if known.is_empty() { format!("Status{}", type_name(&status.to_string())) } else { known.to_owned() }
}

/// Field names too generic to name a type alone.
fn is_generic(field: &str) -> bool {
    GENERIC.binary_search(&crate::naming::snake_case(field).as_str()).is_ok()
}

/// The words of [`is_generic`], sorted for its binary search (a test checks the order).
const GENERIC: &[&str] = &[
    "action",
    "attributes",
    "body",
    "code",
    "config",
    "content",
    "data",
    "detail",
    "details",
    "element",
    "elements",
    "entries",
    "entry",
    "error",
    "errors",
    "extra",
    "info",
    "item",
    "items",
    "kind",
    "list",
    "meta",
    "mode",
    "name",
    "object",
    "operation",
    "options",
    "order",
    "origin",
    "other",
    "parameters",
    "params",
    "payload",
    "properties",
    "record",
    "records",
    "request",
    "response",
    "result",
    "results",
    "source",
    "state",
    "status",
    "strategy",
    "sub_code",
    "subcode",
    "target",
    "type",
    "url",
    "urls",
    "value",
    "values",
];

/// [`qualified_name_of`] with words split afresh, for tests.
#[cfg(test)]
fn qualified_name(parent: &str, name: &str, whole: &str) -> String {
    qualified_name_of(parent, name, whole, |text| Rc::new(Words::of(text)))
}

/// A name's words in snake case, and each word's singular.
struct Words {
    words: Vec<String>,
    singulars: Vec<String>,
}

impl Words {
    fn of(text: &str) -> Words {
        let snake = crate::naming::snake_case(text);
        let words: Vec<String> = snake.split('_').filter(|w| !w.is_empty()).map(str::to_owned).collect();
        let singulars = words.iter().map(|w| singular_cow(w).into_owned()).collect();
        Words { words, singulars }
    }
}

/// `parent` + `name`, the parent's role suffix (`Response`, `Request`) left out and the words
/// where they meet said once, so that a name never stutters:
///
/// - `Reason` + `Code` is `ReasonCode`; `ErrorResponse` + `Error` is `Error`;
/// - the parent's words before the ones the name goes on from, then the name:
///   `ChoiceMessage` + `MessageProperties` is `ChoiceMessageProperties`,
///   `DispatchRetentionPolicy` + `RetentionType` is `DispatchRetentionType`, and `state` and
///   `status` count as one word there (`ChannelCredentialState` + `Status` is
///   `ChannelCredentialStatus`);
/// - a name the parent ends with (the `results` of `MlNluResult`, the `message` of
///   `ChannelSpecificMessage`) would be the parent's own: it is the parent's `Item` when the
///   field is plural (`MlNluResultItem`), else its `Body` (`ChannelSpecificMessageBody`), or
///   its `Value` for an enum (the `status` of `ParsingStatus` is `ParsingStatusValue`).
///
/// The words of the parent's stem and of the name come from `words_of`, which the builder
/// remembers: a parent's words recur for each of its fields, a field's for each parent.
fn qualified_name_of(parent: &str, name: &str, whole: &str, mut words_of: impl FnMut(&str) -> Rc<Words>) -> String {
    // `GetThingBadRequest` (an error body named by its status) ends in a status, not a role.
    let stem = ["Response", "Request"]
        .iter()
        .find_map(|suffix| parent.strip_suffix(suffix).filter(|stem| !stem.is_empty() && !stem.ends_with("Bad")))
        .unwrap_or(parent);
    if stem != parent && stem.ends_with(name) {
        return stem.to_owned();
    }
    let (parent_parts, name_parts) = (words_of(stem), words_of(name));
    let (parent_words, name_words) = (&parent_parts.words, &name_parts.words);
    if name_words.is_empty() {
        return format!("{stem}{name}");
    }
    let (parent_singular, name_singular) = (&parent_parts.singulars, &name_parts.singulars);
    let said = parent_words.len() >= name_words.len()
        && parent_singular[parent_words.len() - name_words.len()..] == name_singular[..];
    if said {
        let plural_field = name_words.last().is_some_and(|last| name_singular[name_words.len() - 1] != *last);
        return format!("{stem}{}", if plural_field { "Item" } else { whole });
    }
    let state = |w: &str| w == "state" || w == "status";
    // Whether the parent's words from `from` to `to` are the name's first words.
    let run = |from: usize, to: usize| {
        from < to
            && to - from <= name_words.len()
            && (from..to).zip(0..).all(|(p, n)| {
                parent_singular[p] == name_singular[n] || (state(&parent_words[p]) && state(&name_words[n]))
            })
    };
    let count = parent_words.len();
    // Where the name takes over: it goes on from the parent's last words (`ChoiceMessage` +
    // `MessageProperties`), or from the ones before the parent's head noun and brings a head
    // of its own (`DispatchRetentionPolicy` + `RetentionType`; not `GetChannelProfile` +
    // `Channel`, which would lose `Profile`).
    let takes_over = (1..count)
        .find(|&at| run(at, count) || (at + 1 < count && run(at, count - 1) && name_words.len() > count - 1 - at));
    match takes_over {
        Some(at) => type_name(&[&parent_words[..at], &name_words[..]].concat().join("_")),
        None => format!("{stem}{name}"),
    }
}

/// Whether two words in a row of `name` say the same thing (`StateState`, `ErrorErrors`,
/// `ApprovalApprovalState`, `ChannelCredentialStateStatus`).
fn stutters(name: &str) -> bool {
    let snake = crate::naming::snake_case(name);
    let words: Vec<Cow<'_, str>> = snake.split('_').filter(|w| !w.is_empty()).map(singular_cow).collect();
    words.windows(2).any(|pair| pair[0] == pair[1] || pair.iter().all(|w| w == "state" || w == "status"))
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

#[cfg(test)]
mod tests {
    /// The type names of one page.
    fn names(page: &str) -> Vec<String> {
        let loaded = crate::load_text("p.md", page).unwrap_or_else(|error| panic!("{error}"));
        let mut names: Vec<String> = loaded.space.types.iter().map(|t| t.name.clone()).collect();
        names.sort();
        names
    }

    #[test]
    fn generic_field_names_take_their_parents_context() {
        let page = "# Get a thing\n\nEndpoint: GET /things/{id}\n\n## Response 200 fields (application/json):\n\n\
            - `reason` (object)\n\n  - `reason.code` (string)\n    Enum: \"A\", \"B\"\n\n\
            - `agent` (object)\n\n  - `agent.type` (string)\n    Enum: \"BOT\", \"HUMAN\"\n\n\
            - `agent.name` (string)\n\n\
            ## Response 400 fields (application/json):\n\n  - `error` (object)\n\n  - `error.message` (string)\n";
        assert_eq!(names(page), ["Agent", "AgentType", "ErrorBody", "ErrorResponse", "Reason", "ReasonCode", "Thing"]);
    }

    /// A type space as JSON, with what each endpoint's slots resolve to.
    fn space_json(space: &super::TypeSpace) -> String {
        let json = serde_json::json!({
            "types": space.types,
            "endpoints": space.endpoints,
            "occurrences": space.occurrences,
        });
        serde_json::to_string_pretty(&json).unwrap()
    }

    #[test]
    fn the_type_space_is_the_same_whatever_the_number_of_threads() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for pages in ["tests/fixtures/conversation-2021", "tests/fixtures/vendors/hpe-greenlake", "specs"] {
            let mut timings = crate::timings::Timings::default();
            let loaded = crate::load::load_timed(&root.join(pages), None, 1, &mut timings)
                .unwrap_or_else(|error| panic!("{pages}: {error}"));
            let one = space_json(&super::TypeSpace::build(&loaded.api, 1));
            for jobs in [2, 3, 7] {
                let several = space_json(&super::TypeSpace::build(&loaded.api, jobs));
                assert!(one == several, "{pages}: the space built on {jobs} threads differs from one thread's");
            }
        }
    }

    #[test]
    fn generic_words_are_sorted_for_binary_search() {
        assert!(super::GENERIC.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(super::is_generic("subCode") && super::is_generic("values") && !super::is_generic("channel"));
    }

    #[test]
    fn qualified_names_say_each_word_once() {
        use super::{qualified_name, stutters};
        let cases = [
            ("Reason", "Code", "Body", "ReasonCode"),
            ("ErrorResponse", "Error", "Body", "Error"),
            ("ChoiceMessage", "MessageProperties", "Body", "ChoiceMessageProperties"),
            ("DispatchRetentionPolicy", "RetentionType", "Value", "DispatchRetentionType"),
            ("ChannelCredentialState", "Status", "Value", "ChannelCredentialStatus"),
            ("MlNluResult", "Results", "Body", "MlNluResultItem"),
            ("ChannelSpecificMessage", "Message", "Body", "ChannelSpecificMessageBody"),
            ("ParsingStatus", "Status", "Value", "ParsingStatusValue"),
            // The parent's head noun stays when the name brings none of its own.
            ("GetChannelProfileRequest", "Channel", "Value", "GetChannelProfileChannel"),
            // A status in a name is not a role suffix.
            ("GetThingBadRequest", "Code", "Value", "GetThingBadRequestCode"),
        ];
        for (parent, name, whole, expected) in cases {
            assert_eq!(qualified_name(parent, name, whole), expected, "{parent} + {name}");
            assert!(!stutters(expected), "{expected}");
        }
        for name in ["MlNluResultResult", "ErrorErrors", "StateState", "ChannelCredentialStateStatus"] {
            assert!(stutters(name), "{name}");
        }
    }

    #[test]
    fn one_shape_in_several_roles_takes_the_words_they_share() {
        let page = "# Get a thing\n\nEndpoint: GET /things/{id}\n\n## Response 200 fields (application/json):\n\n\
            - `line_japan` (object)\n\n  - `line_japan.token` (string)\n\n\
            - `line_thailand` (object)\n\n  - `line_thailand.token` (string)\n";
        assert_eq!(names(page), ["Line", "Thing"]);
    }
}

#[cfg(test)]
mod merge_tests {
    use super::{Ty, TypeKind};

    /// Two pages in one text (as an `llms-full.txt` holds them).
    const CARDS: &str = r"# Get a card

Endpoint: GET /cards/{id}

## Response 200 fields (application/json):

  - `media` (object)

  - `media.url` (string, required)

  - `title` (string)

# List cards

Endpoint: GET /decks/{id}/cards

## Response 200 fields (application/json):

  - `cards` (array)

  - `cards.media` (object)

  - `cards.title` (string)
";

    #[test]
    fn a_shape_typed_once_and_shown_bare_once_is_one_type() {
        // The second page shows `media` as a bare object (a map).
        let loaded = crate::load_text("p.md", CARDS).unwrap_or_else(|error| panic!("{error}"));
        let cards: Vec<&str> =
            loaded.space.types.iter().map(|t| t.name.as_str()).filter(|name| name.contains("Card")).collect();
        assert_eq!(cards, ["Card", "ListCardsResponse"]);
        let card = loaded.space.find("Card").expect("one `Card`");
        let TypeKind::Struct(def) = &loaded.space.get(card).kind else { panic!("a struct") };
        let media = def.fields.iter().find(|f| f.wire == "media").expect("a `media` field");
        assert!(matches!(media.ty, Ty::Named(_)), "the precise one stands: {:?}", media.ty);
    }

    const APPS: &str = r"# Create an app

Endpoint: POST /apps

## Response 200 fields (application/json):

  - `id` (string)

  - `name` (string)

# Get an app

Endpoint: GET /apps/{id}

## Response 200 fields (application/json):

  - `id` (string)

  - `name` (string)

  - `state` (string)
";

    #[test]
    fn a_response_keeps_the_fields_another_page_documents_for_the_same_role() {
        // The create page shows the response with the request's fields; the get page lists
        // the response-only `state` too.
        let loaded = crate::load_text("p.md", APPS).unwrap_or_else(|error| panic!("{error}"));
        let names: Vec<&str> = loaded.space.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["App"]);
        let responses: Vec<&Ty> = loaded.space.typed(&loaded.api).filter_map(|e| e.responses().next()?.1).collect();
        assert_eq!(responses[0], responses[1], "both answers decode into the wider type");
    }
}

//! The plan: every decision between the model and the generated code, made once, so that
//! emission only renders it.
//!
//! The model says what the pages describe; the plan says what the crate will hold: which
//! path parameters are bound to the client, which security schemes it speaks, which module
//! each endpoint lands in, and every name the emitters write (client methods and their
//! streams, argument and local names, parameter structs, error enums and their decoders,
//! builder setters, module files, command-line subcommands and flags). Names are claimed in
//! the scope the Rust code gives them, together with the names the runtime and the crate
//! root already use there, so no emitter invents a name that could clash.

use std::collections::BTreeMap;

use crate::model::files::is_form_data;
use crate::model::types::{StructDef, Ty, TypeId, TypeKind, TypeSpace, Typed};
use crate::model::{Api, Endpoint, ParamLocation, Status};
use crate::naming::{UniqueNames, field_name, snake_case, type_name};
use crate::overrides::Overrides;
use crate::overrides::webhook_signature::Signature;
use crate::runtime_files::{
    CRATE_ROOT_NAMES, RUNTIME_BUILDER_METHODS, RUNTIME_CLIENT_METHODS, SecurityScheme, security_scheme,
};

/// Module files `src/apis/` cannot hold: `mod.rs` lists the modules.
const RESERVED_MODULES: &[&str] = &["mod"];

/// Options of the generated command-line client itself (given before the subcommand). The
/// bound parameters' flags are beside them, and endpoint flags avoid them too, so that a
/// flag name means one thing throughout the client.
const CLI_GLOBAL_FLAGS: &[&str] = &[
    "allow_insecure_http",
    "api_key",
    "api_key_header",
    "auth",
    "base_url",
    "error_format",
    "header",
    "headers",
    "help",
    "key_id",
    "key_secret",
    "max_attempts",
    "region",
    "timeout",
    "token",
    "token_url",
    "version",
];

/// Everything the emitters render.
#[derive(Debug, Clone)]
pub struct Plan {
    pub client: ClientPlan,
    pub modules: Vec<ModulePlan>,
    /// One per endpoint of the model, `None` for webhook pages (no client method).
    pub endpoints: Vec<Option<EndpointPlan>>,
    /// The crate's `Result` alias and what the runtime reads from each error body.
    pub error_bodies: ErrorBodies,
    /// The enum over the API's webhook events, when it has webhook pages.
    pub events: Option<EventsPlan>,
    /// What the crate's manifest and root take from the pages and the overrides file.
    pub krate: CratePlan,
}

/// The generated crate's features and what the overrides file adds to the crate, checked:
/// emission reads these and never the overrides file.
#[derive(Debug, Clone)]
pub struct CratePlan {
    /// Default features beyond the runtime's own (TLS): the runtime parts this API uses.
    /// They are also what a build script's module, which has no features, compiles in.
    pub default_features: Vec<&'static str>,
    /// Dependencies the overrides file adds, as Cargo.toml writes them, in the file's order.
    pub dependencies: Vec<(String, toml::Value)>,
    /// The webhook signature scheme the overrides file configures (`[webhooks] signature`).
    pub webhook_signature: Option<Signature>,
}

/// The generated crate's feature that compiles `runtime/multipart.rs`.
pub const MULTIPART_FEATURE: &str = "multipart";

/// The generated crate's feature that compiles `runtime/webhook.rs` (its dependencies are
/// declared in `runtime/dependencies.toml`).
pub const WEBHOOKS_FEATURE: &str = "webhooks";

/// `types::WebhookEvent`: one variant per webhook payload, and one for an event the pages do
/// not document.
#[derive(Debug, Clone)]
pub struct EventsPlan {
    /// The enum's name, unique among the crate's types and root items.
    pub name: String,
    pub variants: Vec<EventVariant>,
    /// The variant keeping an undocumented event, distinct from the others.
    pub unknown: String,
}

#[derive(Debug, Clone)]
pub struct EventVariant {
    /// The first webhook page of this payload (pages documenting the same payload share it).
    pub endpoint: usize,
    /// The variant's name: the webhook's (`MessageInbound`).
    pub name: String,
    pub ty: Ty,
}

/// The error bodies of the crate's calls, as the runtime's `ErrorFields` sees them.
#[derive(Debug, Clone)]
pub struct ErrorBodies {
    /// The default error body of the crate's `Result<T, E = ..>` alias: the body most calls
    /// share (the first in page order on a tie), `Ty::Json` when no call documents one that
    /// another call could share. Calls with another body name theirs.
    pub default: Ty,
    /// How many of the client's methods the default fits, of how many.
    pub default_calls: (usize, usize),
    /// Every named type some call receives as its error body, in id order.
    pub named: Vec<ErrorBodyFields>,
}

/// What `ErrorFields` reads from one named error body type.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBodyFields {
    pub id: TypeId,
    /// The documented top-level keys (wire names); empty when any JSON that parses is this
    /// body (an enum, a one-of, an object with a one-of flattened into it).
    pub keys: Vec<String>,
    pub message: Option<FieldRead>,
    pub code: Option<FieldRead>,
}

/// A field read by `ErrorFields`: `self.field` or `self.outer.field`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRead {
    /// The object field the read goes through (`error`), with whether it is required.
    pub outer: Option<(String, bool)>,
    /// The field's Rust name, and whether it is required.
    pub field: String,
    pub required: bool,
    pub kind: ReadKind,
}

/// How a field read by `ErrorFields` becomes a `&str` or an `ErrorCode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadKind {
    /// A `String`.
    Text,
    /// An `i64`.
    Number,
    /// An open enum of strings (`as_str`).
    TextEnum,
    /// An open enum of integers (`as_i64`).
    NumberEnum,
}

/// The names of a message field, most specific first: the runtime's `ErrorFields` reads an
/// undocumented body by the same list (generator/src/runtime/error.rs).
const MESSAGE_FIELDS: &[&str] = &["message", "detail", "error_message", "error_description", "description", "title"];
/// The names of a code field, likewise.
const CODE_FIELDS: &[&str] = &["code", "error_code"];

/// The client's configuration as the pages and the overrides file give it.
#[derive(Debug, Clone)]
pub struct ClientPlan {
    pub base_url: Option<String>,
    pub default_region: Option<String>,
    pub regions: Vec<String>,
    pub token_url: Option<String>,
    /// Path parameters set once on the client builder.
    pub bound: Vec<BoundParam>,
    /// The security schemes the runtime speaks, in the order the pages first name them.
    pub security: Vec<SecurityScheme>,
}

/// A path parameter bound to the client (`project_id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundParam {
    /// As the pages write it: the runtime looks values up by this name.
    pub wire: String,
    /// The builder's setter (`project_id`), unique among the builder's methods.
    pub setter: String,
    /// The command-line flag's field (`project_id`), unique among the global flags.
    pub flag: String,
}

/// One module of `src/apis/`: the endpoints of one folder of pages.
#[derive(Debug, Clone)]
pub struct ModulePlan {
    /// The file stem and the module's identifier (`conversation`, `mod_api`).
    pub name: String,
    /// The folder the pages sit in, empty for pages at the top of the specs folder.
    pub tag: String,
    /// Indices into `Api::endpoints`, in page order.
    pub endpoints: Vec<usize>,
}

/// How one endpoint becomes a client method.
#[derive(Debug, Clone)]
pub struct EndpointPlan {
    /// The method's name on `Client`.
    pub method: String,
    /// Index into `Plan::modules`.
    pub module: usize,
    /// Arguments in order: unbound path parameters, then the parameters struct, then the body.
    pub args: Vec<Arg>,
    /// Path parameters bound to the client, by parameter index.
    pub bound: Vec<usize>,
    pub params: Option<ParamsStruct>,
    pub success: Success,
    pub errors: Errors,
    pub stream: Option<StreamPlan>,
    pub cli: CliCommand,
}

/// One argument of a client method.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: String,
    pub kind: ArgKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ArgKind {
    /// The path parameter at this index of the endpoint's parameters.
    Path(usize),
    /// The parameters struct.
    Params,
    /// The request body.
    Body,
}

/// The struct of an endpoint's query, header and cookie parameters.
#[derive(Debug, Clone)]
pub struct ParamsStruct {
    pub name: String,
    /// Indices of the endpoint's parameters it holds, in page order.
    pub fields: Vec<usize>,
    /// No parameter is required: the struct derives `Default`.
    pub all_optional: bool,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Success {
    /// A JSON body of this type.
    Json(Ty),
    /// No body.
    Empty,
    /// A `text/*` body, as a `String`.
    Text,
    /// No success response documented: whatever JSON comes.
    Value,
}

/// The error body type of a call.
#[derive(Debug, Clone, PartialEq)]
pub enum Errors {
    /// No error body documented: the raw JSON.
    Value,
    /// One documented error body, tried on any status.
    One(Ty),
    /// Different bodies for different statuses: an enum with a decoder.
    ByStatus { name: String, decoder: String, variants: Vec<StatusVariant> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    /// `404`, `4XX` or `default`.
    pub status: Status,
    pub variant: String,
    pub ty: Ty,
}

/// `<method>_stream`: every item of a paginated list endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamPlan {
    pub name: String,
    /// The parameters struct field holding the page token.
    pub token_field: String,
    /// The success body's field holding the items, and whether it is required.
    pub items_field: String,
    pub items_required: bool,
    /// The success body's field holding the next page's token, and whether it is required.
    pub next_field: String,
    pub next_required: bool,
    pub item: Ty,
    /// Locals of the stream's closure, distinct from the method's arguments.
    pub client_local: String,
    pub token_local: String,
    pub page_local: String,
}

/// A subcommand of the generated command-line client.
#[derive(Debug, Clone)]
pub struct CliCommand {
    /// The `Command` enum's variant and the struct of its flags.
    pub variant: String,
    pub args_struct: String,
    /// A flag per parameter not bound to the client: (parameter index, flag field name).
    pub flags: Vec<(usize, String)>,
    /// The flag of the request body, if the endpoint takes one.
    pub body_flag: Option<String>,
}

impl Plan {
    /// Decides everything for the model `api` whose types are `space`, with the overrides.
    pub fn build(api: &Api, space: &TypeSpace, overrides: &Overrides) -> Plan {
        let client = client_plan(api, overrides);
        let modules = modules(api);
        let module_of: BTreeMap<usize, usize> = modules
            .iter()
            .enumerate()
            .flat_map(|(module, plan)| plan.endpoints.iter().map(move |&endpoint| (endpoint, module)))
            .collect();
        // Parameter structs and error enums live in the API modules but are claimed with the
        // types, so that every generated type name is unique in the crate.
        let mut type_names = UniqueNames::new();
        for name in CRATE_ROOT_NAMES {
            type_names.reserve(name);
        }
        for def in &space.types {
            type_names.reserve(&def.name);
        }
        let mut methods = UniqueNames::new();
        for name in RUNTIME_CLIENT_METHODS {
            methods.reserve(name);
        }
        for endpoint in api.endpoints.iter().filter(|e| !e.webhook) {
            methods.reserve(&endpoint.rust_name);
        }
        let mut cli_types = UniqueNames::new();
        for name in ["Cli", "Command", "Globals", "support", "sdk", "webhook"] {
            cli_types.reserve(name);
        }
        let endpoints = space
            .typed(api)
            .enumerate()
            .map(|(index, typed)| {
                (!typed.endpoint.webhook).then(|| {
                    let mut scopes = Scopes { types: &mut type_names, methods: &mut methods, cli: &mut cli_types };
                    endpoint_plan(space, &client, typed, module_of[&index], &mut scopes)
                })
            })
            .collect::<Vec<_>>();
        let error_bodies = error_bodies(space, &endpoints);
        let events = events_plan(api, space, &mut type_names);
        Plan { client, modules, endpoints, error_bodies, events, krate: CratePlan::build(api, overrides) }
    }
}

impl CratePlan {
    /// The crate's part of [`Plan::build`], which a build script's module also needs alone.
    pub fn build(api: &Api, overrides: &Overrides) -> CratePlan {
        let mut default_features = Vec::new();
        if api.endpoints.iter().any(|e| e.request.as_ref().is_some_and(|body| is_form_data(&body.media_type))) {
            default_features.push(MULTIPART_FEATURE);
        }
        let webhook_signature = overrides.webhooks.signature.clone();
        if webhook_signature.is_some() {
            default_features.push(WEBHOOKS_FEATURE);
        }
        let dependencies = overrides
            .dependencies
            .iter()
            .map(|(name, spec)| (name.get_ref().clone(), spec.get_ref().clone()))
            .collect();
        CratePlan { default_features, dependencies, webhook_signature }
    }
}

/// The alias's default error body and the fields of every named error body.
fn error_bodies(space: &TypeSpace, endpoints: &[Option<EndpointPlan>]) -> ErrorBodies {
    let mut counts: Vec<(&Ty, usize)> = Vec::new();
    let mut named: Vec<TypeId> = Vec::new();
    let methods = endpoints.iter().flatten().count();
    for planned in endpoints.iter().flatten() {
        let shared = match &planned.errors {
            Errors::Value => Some(&Ty::Json),
            Errors::One(ty) => Some(ty),
            Errors::ByStatus { .. } => None,
        };
        if let Some(ty) = shared {
            match counts.iter_mut().find(|(seen, _)| *seen == ty) {
                Some((_, count)) => *count += 1,
                None => counts.push((ty, 1)),
            }
        }
        let bodies: Vec<&Ty> = match &planned.errors {
            Errors::Value => Vec::new(),
            Errors::One(ty) => vec![ty],
            Errors::ByStatus { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
        };
        for ty in bodies {
            if let Ty::Named(id) = ty {
                if !named.contains(id) {
                    named.push(*id);
                }
            }
        }
    }
    // The first of the most shared: `max_by_key` keeps the last maximum, so search reversed.
    let (default, count) =
        counts.iter().rev().max_by_key(|(_, count)| *count).map_or((Ty::Json, 0), |(ty, n)| ((*ty).clone(), *n));
    named.sort_unstable();
    let named = named.into_iter().map(|id| error_body_fields(space, id)).collect();
    ErrorBodies { default, default_calls: (count, methods), named }
}

/// What the runtime reads from the named error body `id`: its message and code fields, found
/// by name among its own fields first, then among those of an object under `error`.
fn error_body_fields(space: &TypeSpace, id: TypeId) -> ErrorBodyFields {
    let TypeKind::Struct(body) = &space.get(id).kind else {
        return ErrorBodyFields { id, keys: Vec::new(), message: None, code: None };
    };
    let keys = if body.flatten.is_some() { Vec::new() } else { body.fields.iter().map(|f| f.wire.clone()).collect() };
    let nested = body.fields.iter().find_map(|field| match &field.ty {
        Ty::Named(inner) if same_words(&field.wire, "error") => match &space.get(*inner).kind {
            TypeKind::Struct(inner) => Some((field, inner)),
            _ => None,
        },
        _ => None,
    });
    let read = |names: &[&str], text_only: bool| {
        field_read(space, body, names, text_only).or_else(|| {
            let (outer, inner) = nested?;
            let read = field_read(space, inner, names, text_only)?;
            Some(FieldRead { outer: Some((outer.rust.clone(), outer.required)), ..read })
        })
    };
    ErrorBodyFields { id, keys, message: read(MESSAGE_FIELDS, true), code: read(CODE_FIELDS, false) }
}

/// The first field of `body` named one of `names` (in that order) whose type reads as text
/// (or, unless `text_only`, as a number).
fn field_read(space: &TypeSpace, body: &StructDef, names: &[&str], text_only: bool) -> Option<FieldRead> {
    names.iter().find_map(|name| {
        let field = body.fields.iter().find(|f| same_words(&f.wire, name))?;
        let kind = match &field.ty {
            Ty::String => ReadKind::Text,
            Ty::I64 if !text_only => ReadKind::Number,
            Ty::Named(id) if !text_only => match &space.get(*id).kind {
                TypeKind::Enum(values) if values.is_string() => ReadKind::TextEnum,
                TypeKind::Enum(values) if values.is_integer() => ReadKind::NumberEnum,
                _ => return None,
            },
            _ => return None,
        };
        Some(FieldRead { outer: None, field: field.rust.clone(), required: field.required, kind })
    })
}

/// The events enum of an API with webhook pages: one variant per distinct payload, named
/// after the first page that documents it.
fn events_plan(api: &Api, space: &TypeSpace, types: &mut UniqueNames) -> Option<EventsPlan> {
    let mut variants: Vec<EventVariant> = Vec::new();
    let mut names = UniqueNames::new();
    for (index, Typed { endpoint, types }) in space.typed(api).enumerate() {
        let Some(ty) = types.request.clone() else { continue };
        if !endpoint.webhook || variants.iter().any(|v| v.ty == ty) {
            continue;
        }
        let name = names.claim(type_name(&endpoint.rust_name));
        variants.push(EventVariant { endpoint: index, name, ty });
    }
    if variants.is_empty() {
        return None;
    }
    let unknown = names.claim("Unknown".to_owned());
    // The enum sits in `types` next to the payloads; the webhook runtime's root items are
    // kept clear too, so that a root re-export could never clash.
    for name in WEBHOOK_ROOT_NAMES {
        types.reserve(name);
    }
    let name = types.claim("WebhookEvent".to_owned());
    Some(EventsPlan { name, variants, unknown })
}

/// The crate root's items with the `webhooks` feature.
const WEBHOOK_ROOT_NAMES: &[&str] = &[
    "HmacAlgorithm",
    "SignatureEncoding",
    "SignatureScheme",
    "TimestampUnit",
    "Verified",
    "WebhookError",
    "WebhookVerifier",
];

/// The crate-wide naming scopes an endpoint's plan claims names in.
struct Scopes<'a> {
    types: &'a mut UniqueNames,
    methods: &'a mut UniqueNames,
    cli: &'a mut UniqueNames,
}

fn client_plan(api: &Api, overrides: &Overrides) -> ClientPlan {
    let client = &overrides.client;
    let mut setters = UniqueNames::new();
    for name in RUNTIME_BUILDER_METHODS {
        setters.reserve(name);
    }
    let mut flags = UniqueNames::new();
    for name in CLI_GLOBAL_FLAGS {
        flags.reserve(name);
    }
    let bound = client
        .bind
        .iter()
        .map(|bound| {
            let wire = bound.get_ref().clone();
            let rust = field_name(&wire);
            BoundParam { setter: setters.claim(rust.clone()), flag: flags.claim(rust), wire }
        })
        .collect();
    let mut security = Vec::new();
    for scheme in api.endpoints.iter().flat_map(|e| &e.security) {
        if let Some(scheme) = security_scheme(scheme) {
            if !security.contains(&scheme) {
                security.push(scheme);
            }
        }
    }
    ClientPlan {
        base_url: client.base_url.clone(),
        default_region: client
            .default_region
            .as_ref()
            .or_else(|| client.regions.first())
            .map(|region| region.get_ref().clone()),
        regions: client.regions.iter().map(|region| region.get_ref().clone()).collect(),
        token_url: client.token_url.clone(),
        bound,
        security,
    }
}

/// The API modules, by name, each with its endpoints in page order.
fn modules(api: &Api) -> Vec<ModulePlan> {
    let mut by_tag: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, endpoint) in api.endpoints.iter().enumerate() {
        if !endpoint.webhook {
            by_tag.entry(endpoint.tag.as_str()).or_default().push(index);
        }
    }
    let mut names = UniqueNames::new();
    for name in RESERVED_MODULES {
        names.reserve(name);
    }
    let mut modules: Vec<ModulePlan> = by_tag
        .into_iter()
        .map(|(tag, endpoints)| {
            let base = if tag.is_empty() { "endpoints".to_owned() } else { field_name(tag) };
            let base = base.trim_start_matches("r#").to_owned();
            let name = if names.is_taken(&base) { names.claim(format!("{base}_api")) } else { names.claim(base) };
            ModulePlan { name, tag: tag.to_owned(), endpoints }
        })
        .collect();
    modules.sort_by(|a, b| a.name.cmp(&b.name));
    modules
}

fn endpoint_plan(
    space: &TypeSpace,
    client: &ClientPlan,
    typed: Typed<'_>,
    module: usize,
    scopes: &mut Scopes<'_>,
) -> EndpointPlan {
    let Typed { endpoint, types } = typed;
    let pascal = type_name(&endpoint.rust_name);
    let mut locals = UniqueNames::new();
    locals.reserve("self");
    let mut args = Vec::new();
    let mut bound = Vec::new();
    let mut query = Vec::new();
    for (position, param) in endpoint.params.iter().enumerate() {
        if is_transport_header(param) {
            // The runtime sets these from the body and the credentials.
            continue;
        } else if param.location != ParamLocation::Path {
            query.push(position);
        } else if client.bound.iter().any(|b| b.wire == param.name) {
            bound.push(position);
        } else {
            args.push(Arg { name: locals.claim(param.rust_name.clone()), kind: ArgKind::Path(position) });
        }
    }
    let params = (!query.is_empty()).then(|| {
        args.push(Arg { name: locals.claim("params".to_owned()), kind: ArgKind::Params });
        ParamsStruct {
            name: scopes.types.claim_first(&[format!("{pascal}Params"), format!("{pascal}Parameters")]),
            all_optional: query.iter().all(|&p| !endpoint.params[p].required),
            fields: query,
        }
    });
    if types.request.is_some() {
        args.push(Arg { name: locals.claim("body".to_owned()), kind: ArgKind::Body });
    }
    let success = success(typed);
    let errors = errors(typed, &pascal, scopes.types);
    let stream = stream(space, typed, params.as_ref(), &args, scopes.methods);
    let cli = cli_command(endpoint, client, &pascal, scopes.cli);
    EndpointPlan { method: endpoint.rust_name.clone(), module, args, bound, params, success, errors, stream, cli }
}

fn success(typed: Typed<'_>) -> Success {
    if let Some(declared) = &typed.types.declared_success {
        return Success::Json(declared.clone());
    }
    match typed.success() {
        Some((response, Some(_))) if response.media_type.as_deref().is_some_and(|m| m.starts_with("text/")) => {
            Success::Text
        }
        Some((_, Some(ty))) => Success::Json(ty.clone()),
        Some((_, None)) => Success::Empty,
        None => Success::Value,
    }
}

fn errors(typed: Typed<'_>, pascal: &str, types: &mut UniqueNames) -> Errors {
    let documented: Vec<(Status, &Ty)> = typed
        .responses()
        .filter_map(|(response, ty)| Some((response.status, ty?)).filter(|_| !response.is_success()))
        .collect();
    let mut distinct: Vec<&Ty> = Vec::new();
    for (_, ty) in &documented {
        if !distinct.contains(ty) {
            distinct.push(ty);
        }
    }
    match distinct.as_slice() {
        [] => Errors::Value,
        // One documented body: the pages leave out repeats of it, so try it on any status.
        [ty] => Errors::One((*ty).clone()),
        _ => {
            // A page's own type may hold the plain name (its error body, `GetThingError`).
            let name = types.claim_first(&[format!("{pascal}Error"), format!("{pascal}Errors")]);
            let decoder = format!("decode_{}", field_name(&name).trim_start_matches("r#"));
            let mut variant_names = UniqueNames::new();
            let mut ordered = documented;
            // Exact codes first, then ranges such as `4XX`, then `default`.
            ordered.sort_by_key(|(status, _)| match status {
                Status::Code(_) => 0,
                Status::Class(_) => 1,
                Status::Default => 2,
            });
            let variants = ordered
                .into_iter()
                .map(|(status, ty)| StatusVariant {
                    status,
                    variant: variant_names.claim(format!("Status{}", type_name(&status.to_string()))),
                    ty: ty.clone(),
                })
                .collect();
            Errors::ByStatus { name, decoder, variants }
        }
    }
}

/// Whether two names are the same words in any spelling: `pageToken`, `PAGE_TOKEN` and
/// `page-token` are all `page_token`.
fn same_words(name: &str, words: &str) -> bool {
    snake_case(name) == words
}

/// A header the runtime writes itself: `Content-Type` and `Accept` follow the body and the
/// expected answer, `Authorization` the client's credentials. Pages that list them as
/// parameters describe the wire, not something a caller should fill in.
fn is_transport_header(param: &crate::model::Param) -> bool {
    param.location == ParamLocation::Header
        && ["content-type", "accept", "authorization"].iter().any(|h| param.name.eq_ignore_ascii_case(h))
}

/// A stream where the docs show the page-token pattern: a `page_token` parameter and a
/// success body with `next_page_token` beside one array of items.
fn stream(
    space: &TypeSpace,
    typed: Typed<'_>,
    params: Option<&ParamsStruct>,
    args: &[Arg],
    methods: &mut UniqueNames,
) -> Option<StreamPlan> {
    let params = params?;
    let token_index = params.fields.iter().copied().find(|&p| {
        let param = &typed.endpoint.params[p];
        same_words(&param.name, "page_token") && !param.required && *typed.param_ty(p) == Ty::String
    })?;
    let success = typed.success().and_then(|(_, ty)| ty);
    let Some(Ty::Named(id)) = success else { return None };
    let TypeKind::Struct(page) = &space.get(*id).kind else { return None };
    let next = page.fields.iter().find(|f| same_words(&f.wire, "next_page_token") && f.ty == Ty::String)?;
    let lists: Vec<_> = page.fields.iter().filter(|f| matches!(f.ty, Ty::Vec(_))).collect();
    let [items] = lists.as_slice() else { return None };
    let Ty::Vec(item) = &items.ty else { return None };
    // The stream's own locals must not shadow arguments named `client`, `page`, ...
    let mut locals = UniqueNames::new();
    for arg in args {
        locals.reserve(&arg.name);
    }
    Some(StreamPlan {
        name: methods.claim(format!("{}_stream", typed.endpoint.rust_name.trim_start_matches("r#"))),
        token_field: typed.endpoint.params[token_index].rust_name.clone(),
        items_field: items.rust.clone(),
        items_required: items.required,
        next_field: next.rust.clone(),
        next_required: next.required,
        item: (**item).clone(),
        client_local: locals.claim("client".to_owned()),
        token_local: locals.claim("page_token".to_owned()),
        page_local: locals.claim("page".to_owned()),
    })
}

fn cli_command(endpoint: &Endpoint, client: &ClientPlan, pascal: &str, types: &mut UniqueNames) -> CliCommand {
    let mut flags = UniqueNames::new();
    for name in CLI_GLOBAL_FLAGS {
        flags.reserve(name);
    }
    for bound in &client.bound {
        flags.reserve(&bound.flag);
    }
    let params = endpoint
        .params
        .iter()
        .enumerate()
        .filter(|(_, p)| !(p.location == ParamLocation::Path && client.bound.iter().any(|b| b.wire == p.name)))
        .filter(|(_, p)| !is_transport_header(p))
        .map(|(index, param)| (index, flags.claim(param.rust_name.clone())))
        .collect();
    let variant = types.claim(pascal.to_owned());
    CliCommand {
        args_struct: types.claim(format!("{variant}Args")),
        variant,
        flags: params,
        body_flag: endpoint.request.as_ref().map(|_| flags.claim("body".to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page from its blocks, one blank line between them.
    fn plan(blocks: &[&str]) -> (crate::Loaded, Plan) {
        let loaded = crate::load_text("p.md", &blocks.join("\n\n")).unwrap_or_else(|error| panic!("{error}"));
        let plan = Plan::build(&loaded.api, &loaded.space, &loaded.overrides);
        (loaded, plan)
    }

    #[test]
    fn page_tokens_in_any_spelling_give_a_stream() {
        let (_, plan) = plan(&[
            "# List things",
            "Endpoint: GET /v1/things",
            "## Query parameters:",
            "  - `pageToken` (string)",
            "## Response 200 fields (application/json):",
            "  - `things` (array)",
            "  - `things.id` (string)",
            "  - `nextPageToken` (string)",
        ]);
        let stream = plan.endpoints[0].as_ref().and_then(|e| e.stream.as_ref()).expect("a stream");
        assert_eq!((stream.name.as_str(), stream.token_field.as_str()), ("list_things_stream", "page_token"));
        assert_eq!((stream.items_field.as_str(), stream.next_field.as_str()), ("things", "next_page_token"));
    }

    #[test]
    fn an_error_enum_steps_aside_for_a_page_type_with_its_name() {
        // The 404 body holds an object the page names `get_thing_error`; the 500 body another.
        let (loaded, plan) = plan(&[
            "# Get thing",
            "Endpoint: GET /v1/things/{id}",
            "## Path parameters:",
            "  - `id` (string, required)",
            "## Response 200 fields (application/json):",
            "  - `id` (string)",
            "## Response 404 fields (application/json):",
            "  - `get_thing_error` (object)",
            "  - `get_thing_error.code` (integer)",
            "## Response 500 fields (application/json):",
            "  - `message` (string)",
        ]);
        assert!(loaded.space.find("GetThingError").is_some(), "the page's own type");
        let Some(Errors::ByStatus { name, decoder, .. }) = plan.endpoints[0].as_ref().map(|e| e.errors.clone()) else {
            panic!("an error enum")
        };
        assert_eq!((name.as_str(), decoder.as_str()), ("GetThingErrors", "decode_get_thing_errors"));
    }

    #[test]
    fn transport_headers_are_left_to_the_runtime() {
        let (loaded, plan) = plan(&[
            "# Get thing",
            "Endpoint: GET /v1/thing",
            "## Header parameters:",
            "  - `Accept` (string, required)",
            "  - `Content-Type` (string, required)",
            "  - `authorization` (string, required)",
            "  - `X-Trace` (string)",
            "## Response 200 fields (application/json):",
            "  - `id` (string)",
        ]);
        let planned = plan.endpoints[0].as_ref().expect("a method");
        let params = planned.params.as_ref().expect("a parameters struct");
        let names: Vec<&str> = params.fields.iter().map(|&p| loaded.api.endpoints[0].params[p].name.as_str()).collect();
        assert_eq!(names, ["X-Trace"]);
        assert_eq!(planned.cli.flags.len(), 1);
    }

    /// The fields of the error body named `name`.
    fn body_fields<'a>(loaded: &crate::Loaded, plan: &'a Plan, name: &str) -> &'a ErrorBodyFields {
        let id = loaded.space.find(name).unwrap_or_else(|| panic!("a type `{name}`"));
        plan.error_bodies.named.iter().find(|b| b.id == id).expect("an error body")
    }

    #[test]
    fn message_and_code_are_found_by_name_in_the_body_or_under_error() {
        let (loaded, plan) = plan(&[
            "# Get thing",
            "Endpoint: GET /v1/things/{id}",
            "## Path parameters:",
            "  - `id` (string, required)",
            "## Response 200 fields (application/json):",
            "  - `id` (string)",
            "## Response 400 fields (application/json):",
            "  - `error` (object, required)",
            "  - `error.errorCode` (string)",
            "    Enum: \"BAD\", \"WORSE\"",
            "  - `error.description` (string, required)",
            "  - `error.detail` (string)",
            "## Response 404 fields (application/json):",
            "  - `title` (string)",
            "  - `code` (integer)",
            "  - `message` (object)",
            "  - `message.text` (string)",
        ]);
        let bad = body_fields(&loaded, &plan, "ErrorResponse");
        assert_eq!(bad.keys, ["error"]);
        // `detail` is more specific than `description`, whatever the page order.
        let message = bad.message.as_ref().expect("a message");
        assert_eq!((message.outer.clone(), message.field.as_str()), (Some(("error".to_owned(), true)), "detail"));
        let code = bad.code.as_ref().expect("a code");
        assert_eq!((code.field.as_str(), code.kind, code.required), ("error_code", ReadKind::TextEnum, false));
        // A `message` that is an object is not a message: the title is.
        let missing = body_fields(&loaded, &plan, "GetThingNotFound");
        assert_eq!(missing.message.as_ref().map(|m| m.field.as_str()), Some("title"));
        assert_eq!(missing.code.as_ref().map(|c| c.kind), Some(ReadKind::Number));
    }

    #[test]
    fn the_result_alias_defaults_to_the_error_body_most_calls_share() {
        let page = |title: &str, path: &str, error: &str| {
            format!(
                "# {title}\n\nEndpoint: GET {path}\n\n## Response 200 fields (application/json):\n\n  - `id` (string)\n\n\
                 ## Response 400 fields (application/json):\n\n{error}\n"
            )
        };
        let shared = "  - `message` (string)";
        let text = [
            page("Get one", "/v1/one", "  - `reason` (string)"),
            page("Get two", "/v1/two", shared),
            page("Get three", "/v1/three", shared),
        ]
        .join("\n");
        let loaded = crate::load_text("p.md", &text).unwrap_or_else(|error| panic!("{error}"));
        let plan = Plan::build(&loaded.api, &loaded.space, &loaded.overrides);
        let Ty::Named(id) = plan.error_bodies.default else { panic!("a named default") };
        let fields = body_fields(&loaded, &plan, &loaded.space.get(id).name.clone());
        assert_eq!(fields.keys, ["message"]);
        assert_eq!(plan.error_bodies.default_calls, (2, 3));
        assert_eq!(plan.error_bodies.named.len(), 2);
    }

    #[test]
    fn without_an_error_body_the_alias_defaults_to_json() {
        let (_, plan) = plan(&[
            "# Get thing",
            "Endpoint: GET /v1/thing",
            "## Response 200 fields (application/json):",
            "  - `id` (string)",
        ]);
        assert_eq!(plan.error_bodies.default, Ty::Json);
        assert_eq!(plan.error_bodies.default_calls, (1, 1));
    }
}

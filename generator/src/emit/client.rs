//! Emits one client method per endpoint (it returns the runtime's `ApiCall`, awaited by the caller), grouped in one module per page folder (tag),
//! with a parameters struct for query, header and cookie parameters and a typed error enum
//! where an endpoint documents different error bodies for different statuses.
//!
//! The methods, their streams and the parameters structs are built as syntax trees (see
//! [`super::syntax`]): parsing them back from tokens was most of the cost of an API module,
//! doc lines above all. The error enums, rarer, stay tokens.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::examples::Examples;
use super::syntax::{self, Items, doc_attrs, list_attr, word_attr};
use super::tokens::{Spelling, doc_attrs as token_docs, ident, inner_doc_attrs, rust_type};
use crate::emit::rustdoc::Doc;
use crate::model::types::{Ty, TypeSpace, Typed};
use crate::model::{Api, Endpoint, ParamLocation, PathPart, Status};
use crate::plan::{ArgKind, EndpointPlan, Errors, ModulePlan, ParamsStruct, Plan, StreamPlan, Success};

/// One API module: its doc lines (tokens), then the items of each of its endpoints.
/// `examples`: each method's compiled example, for a crate (a build script's module has no
/// crate name an example could use).
pub fn module_items(
    api: &Api,
    space: &TypeSpace,
    plan: &Plan,
    module: &ModulePlan,
    examples: Option<&Examples<'_>>,
) -> (TokenStream, Vec<Items>) {
    // Pages at the top of the specs folder have no tag to name.
    let doc = if module.tag.is_empty() {
        Doc::fixed("Endpoints of the pages at the top of the specs folder.")
    } else {
        Doc::fixed("Endpoints documented under ").then(Doc::code(&module.tag)).then(Doc::fixed("."))
    };
    let items = module.endpoints.iter().map(|&index| endpoint_items(api, space, plan, index, examples));
    (inner_doc_attrs(&doc), items.collect())
}

pub fn apis_mod(plan: &Plan) -> TokenStream {
    let modules = plan.modules.iter().map(|m| ident(&m.name));
    quote! {
        //! Client methods, one module per section of the API reference. Each module adds
        //! methods to [`crate::Client`] and holds the parameter structs they take.
        #(pub mod #modules;)*
    }
}

/// A name of the generated code, as an identifier.
fn name(text: &str) -> Ident {
    Ident::new(text, Span::call_site())
}

/// `crate::runtime::<function>`.
fn runtime_fn(function: &str) -> syn::Expr {
    syntax::path_expr(syntax::fixed_path(false, &["crate", "runtime", function]))
}

/// `#[allow(clippy::too_many_arguments)]` for a function of more than seven arguments.
fn many_arguments(count: usize) -> Option<syn::Attribute> {
    (count > 7).then(|| list_attr("allow", quote!(clippy::too_many_arguments)))
}

/// The method of one endpoint plus its parameter struct and error enum, if any, as the plan
/// names them. The method, its stream and the parameters struct are syntax trees (parsing
/// them back was most of the cost of an API module); the error enum with its impls is tokens.
pub fn endpoint_items(
    api: &Api,
    space: &TypeSpace,
    plan: &Plan,
    index: usize,
    examples: Option<&Examples<'_>>,
) -> Items {
    let endpoint = &api.endpoints[index];
    let Some(planned) = &plan.endpoints[index] else { return Items::default() };
    let spelling = Spelling::elsewhere();
    let typed = space.typed_at(api, index);
    let method_name = ident(&planned.method);

    // Arguments: path parameters (unless bound on the client), a parameters struct, a body.
    // Described, not built: the method and its stream each take them (syn's trees do not
    // clone without a feature that would lengthen every build of doc2rust).
    let mut args: Vec<(Ident, ArgType<'_>)> = Vec::new();
    let mut path_values: BTreeMap<&str, PathValue<'_>> = BTreeMap::new();
    for &position in &planned.bound {
        let wire = &endpoint.params[position].name;
        path_values.insert(wire, PathValue::Bound(wire));
    }
    let mut params_arg = None;
    let mut body_arg = None;
    for arg in &planned.args {
        let arg_name = ident(&arg.name);
        match arg.kind {
            ArgKind::Path(position) => {
                let (param, ty) = (&endpoint.params[position], typed.param_ty(position));
                let (arg_ty, value) = match ty {
                    Ty::String => (ArgType::Str, PathValue::Text(arg_name.clone())),
                    // Anything but text prints its wire form with `Display` (open enums too).
                    Ty::I64 | Ty::F64 | Ty::Bool => (ArgType::Value(ty), PathValue::Display(arg_name.clone())),
                    other => (ArgType::Ref(other), PathValue::Display(arg_name.clone())),
                };
                args.push((arg_name, arg_ty));
                path_values.insert(&param.name, value);
            }
            ArgKind::Params => {
                let Some(params) = &planned.params else { continue };
                args.push((arg_name.clone(), ArgType::Params(&params.name)));
                params_arg = Some(arg_name);
            }
            ArgKind::Body => {
                let Some(ty) = &typed.types.request else { continue };
                args.push((arg_name.clone(), ArgType::Body(ty)));
                body_arg = Some(arg_name);
            }
        }
    }
    let arg_types = || -> Vec<(Ident, syn::Type)> {
        args.iter().map(|(name, ty)| (name.clone(), ty.syn_type(space, &spelling))).collect()
    };

    let mut trees = Vec::new();
    let mut extra_items = TokenStream::new();
    if let Some(params) = &planned.params {
        trees.extend(params_struct(space, &spelling, typed, planned, params));
    }

    // The request expression: the route as the docs write it and its placeholders' values.
    let http_method = syntax::path_expr(syntax::fixed_path(true, &["reqwest", "Method", endpoint.method.as_str()]));
    let mut chain = syntax::method_call(
        syntax::local(&name("self")),
        name("request"),
        vec![http_method, syntax::str_expr(&endpoint.path), placeholder_values(endpoint, &path_values)],
    );
    if let (Some(params_arg), Some(params)) = (&params_arg, &planned.params) {
        for &position in &params.fields {
            let param = &endpoint.params[position];
            let call = match param.location {
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
                ParamLocation::Path => continue,
            };
            let value = syntax::reference(syntax::field_of(syntax::local(params_arg), ident(&param.rust_name)));
            chain = syntax::method_call(chain, name(call), vec![syntax::str_expr(&param.name), value]);
        }
    }
    if let (Some(body), Some(request)) = (&body_arg, &endpoint.request) {
        // Other media types, `+json` ones included, are sent with their own `Content-Type`.
        chain = if request.media_type == "application/json" {
            syntax::method_call(chain, name("json"), vec![syntax::local(body)])
        } else {
            let media = syntax::str_expr(&request.media_type);
            syntax::method_call(chain, name("encoded"), vec![media, syntax::local(body)])
        };
    }

    // Success and error types.
    let fixed_type = |leading_colon, segments: &[&str]| syntax::path_type(syntax::fixed_path(leading_colon, segments));
    let (success, send) = match &planned.success {
        Success::Json(ty) => (spelling.syn_type(space, ty), "send"),
        Success::Empty => (
            syn::Type::Tuple(syn::TypeTuple {
                attrs: Vec::new(),
                paren_token: Default::default(),
                elems: Default::default(),
            }),
            "send_empty",
        ),
        Success::Text => (fixed_type(false, &["String"]), "send_text"),
        // No documented success body: the raw JSON, whatever it is.
        Success::Value => (fixed_type(true, &["serde_json", "Value"]), "send"),
    };
    let decode = error_type(space, endpoint, &planned.errors, &mut extra_items);
    let call = syntax::method_call(chain, name(send), vec![decode]);
    // The error body is spelled out: `ApiCall` is the runtime's own type, re-exported, so
    // that its docs (the per-call options) show; an alias with a default would hide them.
    let method_result = syntax::path_type(syntax::generic_path(
        false,
        [name("crate"), name("ApiCall")],
        vec![
            syn::GenericArgument::Lifetime(syn::Lifetime::new("'_", Span::call_site())),
            syn::GenericArgument::Type(success),
            syn::GenericArgument::Type(error_syn_type(space, &spelling, &planned.errors)),
        ],
    ));

    let mut attrs = method_docs(endpoint, examples.and_then(|e| e.method(index)));
    attrs.extend(deprecated_attr(endpoint.deprecated.as_ref()));
    // The method itself passes deprecated parameters on; only callers should be warned.
    if endpoint.params.iter().any(|p| p.deprecated.is_some()) {
        attrs.push(list_attr("allow", quote!(deprecated)));
    }
    // One argument per path parameter: a long path is what the docs say, not a smell.
    attrs.extend(many_arguments(args.len() + 1));
    // Like the runtime's functions (see `runtime/mod.rs`): compiled where called. Without
    // it a program's rebuild after an edit would be cheaper, as the method and the decoding
    // of its types would be compiled in the crate, but the crate's own build dearer, since
    // every method would be (2021 API: rebuild of a three-call program -7 %, crate +45 %;
    // `bench/analysis.md`).
    attrs.push(word_attr("inline"));
    let stream = planned.stream.as_ref().zip(params_arg.as_ref()).map(|(stream, params_arg)| {
        let example = examples.and_then(|e| e.stream(index));
        let error_ty = error_syn_type(space, &spelling, &planned.errors);
        pagination(space, &spelling, planned, stream, params_arg, &args, arg_types(), error_ty, example)
    });
    let body = vec![syntax::tail(call)];
    let mut methods = vec![syntax::method(attrs, method_name, true, arg_types(), method_result, body)];
    methods.extend(stream);
    let client = syntax::path_type(syntax::fixed_path(false, &["crate", "Client"]));
    trees.insert(0, syntax::impl_block(client, methods));
    Items { trees, tokens: extra_items }
}

/// `#[deprecated(note = "...")]` when there is a note.
fn deprecated_attr(note: Option<&String>) -> Option<syn::Attribute> {
    note.map(|note| {
        let note = super::tokens::deprecation_note(note);
        list_attr("deprecated", quote!(note = #note))
    })
}

/// The type of a method's argument, built where it is needed.
enum ArgType<'a> {
    /// `&str`: a text path parameter.
    Str,
    /// A number or boolean, by value.
    Value(&'a Ty),
    /// `&T`: another path parameter.
    Ref(&'a Ty),
    /// `&Params`: the endpoint's parameters struct, by name.
    Params(&'a str),
    /// `&T`, or `&[T]` for a list (`application/json-patch+json`): the body.
    Body(&'a Ty),
}

impl ArgType<'_> {
    fn syn_type(&self, space: &TypeSpace, spelling: &Spelling) -> syn::Type {
        match self {
            ArgType::Str => syntax::ref_type(syntax::path_type(syntax::path_of(&["str"]))),
            ArgType::Value(ty) => spelling.syn_type(space, ty),
            ArgType::Ref(ty) => syntax::ref_type(spelling.syn_type(space, ty)),
            ArgType::Params(name) => {
                syntax::ref_type(syntax::path_type(syntax::path(false, [ident(name)], Vec::new())))
            }
            ArgType::Body(Ty::Vec(item)) => syntax::ref_type(syntax::slice_type(spelling.syn_type(space, item))),
            ArgType::Body(ty) => syntax::ref_type(spelling.syn_type(space, ty)),
        }
    }

    /// Whether a `'static` stream owns the argument (`&str`, `&T`), lending it to each call,
    /// rather than copying it (`i64`, `bool`).
    fn borrowed(&self) -> bool {
        !matches!(self, ArgType::Value(_))
    }
}

/// How the path gets a parameter's value.
enum PathValue<'a> {
    /// `self.bound("wire")`: bound on the client.
    Bound(&'a str),
    /// `name`: a `&str` argument.
    Text(Ident),
    /// `&name.to_string()`: any other argument.
    Display(Ident),
}

impl PathValue<'_> {
    fn expr(&self) -> syn::Expr {
        match self {
            PathValue::Bound(wire) => {
                syntax::method_call(syntax::local(&name("self")), name("bound"), vec![syntax::str_expr(wire)])
            }
            PathValue::Text(arg) => syntax::local(arg),
            PathValue::Display(arg) => {
                syntax::reference(syntax::method_call(syntax::local(arg), name("to_string"), Vec::new()))
            }
        }
    }
}

/// `<method>_stream`: every item of a list endpoint across pages, fetched lazily, where the
/// plan found the page-token pattern; `example` is the stream's, when the crate has examples.
#[allow(clippy::too_many_arguments)]
fn pagination(
    space: &TypeSpace,
    spelling: &Spelling,
    planned: &EndpointPlan,
    stream: &StreamPlan,
    params_arg: &Ident,
    args: &[(Ident, ArgType<'_>)],
    arg_types: Vec<(Ident, syn::Type)>,
    error_ty: syn::Type,
    example: Option<Doc>,
) -> syn::ImplItem {
    let method = ident(&planned.method);
    let item_rust = spelling.syn_type(space, &stream.item);
    let client = ident(&stream.client_local);
    let page_token = ident(&stream.token_local);
    let page = ident(&stream.page_local);
    // `Trait::method(&value)`, the way the stream clones: a method call could find a field's
    // own `clone`.
    let clone =
        |value: syn::Expr| syntax::call(syntax::path_expr(syntax::fixed_path(false, &["Clone", "clone"])), vec![value]);

    // Outside the closure: the client and each borrowed argument, owned.
    let mut outer = vec![syntax::let_stmt(client.clone(), false, clone(syntax::local(&name("self"))))];
    for (captured, ty) in args {
        if ty.borrowed() {
            let owned = syntax::path_expr(syntax::fixed_path(false, &["ToOwned", "to_owned"]));
            outer.push(syntax::let_stmt(captured.clone(), false, syntax::call(owned, vec![syntax::local(captured)])));
        }
    }
    // Each call: its own copies, the page token set in the parameters.
    let mut per_call = vec![
        syntax::let_stmt(client.clone(), false, clone(syntax::reference(syntax::local(&client)))),
        syntax::let_stmt(params_arg.clone(), true, clone(syntax::reference(syntax::local(params_arg)))),
    ];
    for (captured, ty) in args.iter().filter(|(captured, _)| captured != params_arg) {
        if ty.borrowed() {
            per_call.push(syntax::let_stmt(captured.clone(), false, clone(syntax::reference(syntax::local(captured)))));
        }
    }
    let has_token = syntax::method_call(syntax::local(&page_token), name("is_some"), Vec::new());
    let token_field = syntax::field_of(syntax::local(params_arg), ident(&stream.token_field));
    per_call.push(syntax::if_stmt(has_token, vec![syntax::assign(token_field, syntax::local(&page_token))]));
    let call_args = args.iter().map(|(captured, ty)| {
        if ty.borrowed() { syntax::reference(syntax::local(captured)) } else { syntax::local(captured) }
    });
    let fetch = syntax::method_call(syntax::local(&client), method, call_args.collect());
    let items = syntax::field_of(syntax::local(&page), ident(&stream.items_field));
    let items =
        if stream.items_required { items } else { syntax::method_call(items, name("unwrap_or_default"), Vec::new()) };
    let next = syntax::field_of(syntax::local(&page), ident(&stream.next_field));
    let next = if stream.next_required { syntax::call(syntax::local(&name("Some")), vec![next]) } else { next };
    let answer = syntax::call(syntax::local(&name("Ok")), vec![syntax::tuple(vec![items, next])]);
    per_call.push(syntax::tail(syntax::async_move(vec![
        syntax::let_stmt(page, false, syntax::try_expr(syntax::await_expr(fetch))),
        syntax::tail(answer),
    ])));
    let paginate = syntax::call(runtime_fn("paginate"), vec![syntax::move_closure(page_token, per_call)]);
    outer.push(syntax::tail(paginate));

    let doc = Doc::fixed("Every item of ")
        .then(Doc::item(&format!("Self::{}", planned.method.trim_start_matches("r#"))))
        .then(Doc::fixed(
            ", page after page: each page is fetched when the stream needs it, following the next page's token.",
        ));
    let mut attrs = doc_attrs(&match example {
        Some(example) => doc.paragraph(example),
        None => doc,
    });
    attrs.extend(many_arguments(args.len() + 1));
    attrs.push(word_attr("inline"));
    let output = syntax::path_type(syntax::path(false, [name("crate"), name("Paginated")], vec![item_rust, error_ty]));
    syntax::method(attrs, ident(&stream.name), true, arg_types, output, outer)
}

/// The error body type of a call: an enum by status where the plan has one.
fn error_syn_type(space: &TypeSpace, spelling: &Spelling, errors: &Errors) -> syn::Type {
    match errors {
        Errors::Value => syntax::path_type(syntax::fixed_path(true, &["serde_json", "Value"])),
        Errors::One(ty) => spelling.syn_type(space, ty),
        Errors::ByStatus { name, .. } => syntax::path_type(syntax::path(false, [ident(name)], Vec::new())),
    }
}

/// The function that decodes a call's error body from a status and bytes: the runtime's, or
/// the enum's own decoder, which goes with the enum into `extra_items` (tokens).
fn error_type(space: &TypeSpace, endpoint: &Endpoint, errors: &Errors, extra_items: &mut TokenStream) -> syn::Expr {
    let (name, decoder, statuses) = match errors {
        Errors::Value | Errors::One(_) => return runtime_fn("decode_json"),
        Errors::ByStatus { name, decoder, variants } => (ident(name), ident(decoder), variants),
    };
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut messages = Vec::new();
    let mut codes = Vec::new();
    for status in statuses {
        let variant = ident(&status.variant);
        let rust = rust_type(space, &status.ty);
        let doc = token_docs(
            &Doc::fixed("The body documented for status ")
                .then(Doc::code(&status.status.to_string()))
                .then(Doc::fixed(".")),
        );
        variants.push(quote!(#doc #variant(#rust),));
        let pattern = match status.status {
            Status::Default => quote!(_),
            Status::Code(code) => quote!(#code),
            Status::Class(_) => {
                let codes = status.status.codes();
                let (low, high) = (*codes.start(), *codes.end());
                quote!(#low..=#high)
            }
        };
        // The runtime's decoder, so each status's body follows the documented-keys rule.
        arms.push(quote!(#pattern => crate::runtime::decode_json(status, body).map(#name::#variant),));
        messages.push(quote!(Self::#variant(body) => crate::ErrorFields::message(body),));
        codes.push(quote!(Self::#variant(body) => crate::ErrorFields::code(body),));
    }
    let fallback = (!statuses.iter().any(|s| s.status == Status::Default)).then(|| quote!(_ => None,));
    let doc = token_docs(
        &Doc::fixed("The error bodies ")
            .then(Doc::code(endpoint.rust_name.trim_start_matches("r#")))
            .then(Doc::fixed(" documents, by status.")),
    );
    extra_items.extend(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
        }

        impl crate::ErrorFields for #name {
            #[inline]
            fn message(&self) -> ::std::option::Option<&str> {
                match self {
                    #(#messages)*
                }
            }

            #[inline]
            fn code(&self) -> ::std::option::Option<crate::ErrorCode<'_>> {
                match self {
                    #(#codes)*
                }
            }
        }

        fn #decoder(status: ::reqwest::StatusCode, body: &[u8]) -> Option<#name> {
            match status.as_u16() {
                #(#arms)*
                #fallback
            }
        }
    });
    syntax::local(&decoder)
}

/// The parameters struct, then its constructor where some parameter is required.
fn params_struct(
    space: &TypeSpace,
    spelling: &Spelling,
    typed: Typed<'_>,
    planned: &EndpointPlan,
    params: &ParamsStruct,
) -> Vec<syn::Item> {
    let endpoint = typed.endpoint;
    let fields = params.fields.iter().map(|&position| {
        let (param, ty) = (&endpoint.params[position], typed.param_ty(position));
        let mut attrs = doc_attrs(&Doc::prose(&super::mentions::code_schema_names(&param.description)));
        attrs.extend(deprecated_attr(param.deprecated.as_ref()));
        let rust = spelling.syn_type(space, ty);
        let ty = if param.required { rust } else { spelling.syn_option(rust) };
        syntax::field(attrs, true, Some(ident(&param.rust_name)), ty)
    });
    let name = ident(&params.name);
    let mut attrs = doc_attrs(
        &Doc::fixed("Query, header and cookie parameters of ")
            .then(Doc::item(&format!("crate::Client::{}", planned.method.trim_start_matches("r#"))))
            .then(Doc::fixed(".")),
    );
    if params.fields.iter().any(|&p| endpoint.params[p].deprecated.is_some()) {
        attrs.push(list_attr("allow", quote!(deprecated)));
    }
    // The derive's tokens as they always were (`Default,` last when there, a trailing comma
    // either way): syn keeps them as written and prettyplease prints them so.
    let default = params.all_optional.then(|| quote!(Default,));
    attrs.push(list_attr("derive", quote!(Debug, Clone, PartialEq, #default)));
    let mut items = vec![syntax::struct_item(attrs, true, name, fields.collect())];
    if !params.all_optional {
        items.push(params_constructor(space, spelling, typed, params));
    }
    items
}

/// `new` taking the required parameters (text as `impl Into<String>`), the optional ones
/// absent: what `Default` is to a struct whose parameters are all optional, so that every
/// parameters struct is built the same way, `Params { optional: Some(x), ..Params::new(..) }`.
fn params_constructor(space: &TypeSpace, spelling: &Spelling, typed: Typed<'_>, params: &ParamsStruct) -> syn::Item {
    let endpoint = typed.endpoint;
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for &position in &params.fields {
        let (param, ty) = (&endpoint.params[position], typed.param_ty(position));
        let field = ident(&param.rust_name);
        if !param.required {
            inits.push((field, Some(syntax::local(&name("None")))));
        } else if *ty == Ty::String {
            let into = syntax::path(false, [name("Into")], vec![syntax::path_type(syntax::path_of(&["String"]))]);
            args.push((field.clone(), syntax::impl_trait(into)));
            let value = syntax::method_call(syntax::local(&field), name("into"), Vec::new());
            inits.push((field, Some(value)));
        } else {
            args.push((field.clone(), spelling.syn_type(space, ty)));
            inits.push((field, None));
        }
    }
    let mut attrs = doc_attrs(&Doc::fixed("The required parameters set and every optional one absent."));
    if params.fields.iter().any(|&p| endpoint.params[p].deprecated.is_some()) {
        attrs.push(list_attr("allow", quote!(deprecated)));
    }
    attrs.extend(many_arguments(args.len()));
    attrs.push(word_attr("inline"));
    let body = vec![syntax::tail(syntax::struct_expr(syntax::path_of(&["Self"]), inits))];
    let new = syntax::method(attrs, name("new"), false, args, syntax::path_type(syntax::path_of(&["Self"])), body);
    let struct_ty = syntax::path_type(syntax::path(false, [ident(&params.name)], Vec::new()));
    syntax::impl_block(struct_ty, vec![new])
}

/// `&[project_id, self.bound("app_id")]`: the values of the path's placeholders, in the
/// order the path has them, for the runtime to encode into it.
fn placeholder_values(endpoint: &Endpoint, values: &BTreeMap<&str, PathValue<'_>>) -> syn::Expr {
    let mut parts = Vec::new();
    for part in &endpoint.path_template {
        if let PathPart::Param(param) = part {
            let value = values.get(param.as_str()).map(PathValue::expr).unwrap_or_else(|| {
                // Lowering lists every template parameter and the plan makes each one a
                // bound value or an argument: a miss is a bug in the plan.
                debug_assert!(false, "path parameter `{param}` of {} has no value", endpoint.path);
                syntax::str_expr("")
            });
            parts.push(value);
        }
    }
    syntax::reference(syntax::array(parts))
}

/// The title and description, then the method and path as code (a path is page text: it
/// may hold anything, `<script>` included).
fn method_docs(endpoint: &Endpoint, example: Option<Doc>) -> Vec<syn::Attribute> {
    let mut text = format!("{}\n\n", endpoint.title);
    if !endpoint.description.is_empty() {
        text.push_str(&endpoint.description);
        text.push_str("\n\n");
    }
    let line = Doc::code(&format!("{} {}", endpoint.method, endpoint.path));
    // The empty line stays even when the prose is empty, as before.
    let doc = Doc::prose(&text).below(Doc::empty_line()).below(line);
    doc_attrs(&match example {
        Some(example) => doc.paragraph(example),
        None => doc,
    })
}

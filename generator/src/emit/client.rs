//! Emits one client method per endpoint (it returns the runtime's `ApiCall`, awaited by the caller), grouped in one module per page folder (tag),
//! with a parameters struct for query, header and cookie parameters and a typed error enum
//! where an endpoint documents different error bodies for different statuses.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::examples::Examples;
use super::tokens::{doc_attrs, ident, inner_doc_attrs, rust_type};
use crate::emit::rustdoc::Doc;
use crate::model::types::{Ty, TypeSpace};
use crate::model::{Api, Endpoint, ParamLocation, PathPart, Status};
use crate::plan::{ArgKind, EndpointPlan, Errors, ModulePlan, ParamsStruct, Plan, StreamPlan, Success};

/// The tokens of one API module: its doc line and the items of each of its endpoints.
/// `examples`: each method's compiled example, for a crate (a build script's module has no
/// crate name an example could use).
pub fn module_tokens(
    api: &Api,
    space: &TypeSpace,
    plan: &Plan,
    module: &ModulePlan,
    examples: Option<&Examples<'_>>,
) -> TokenStream {
    // Pages at the top of the specs folder have no tag to name.
    let doc = if module.tag.is_empty() {
        Doc::fixed("Endpoints of the pages at the top of the specs folder.")
    } else {
        Doc::fixed("Endpoints documented under ").then(Doc::code(&module.tag)).then(Doc::fixed("."))
    };
    let doc = inner_doc_attrs(&doc);
    let items = module.endpoints.iter().map(|&index| endpoint_items(api, space, plan, index, examples));
    quote! { #doc #(#items)* }
}

pub fn apis_mod(plan: &Plan) -> TokenStream {
    let modules = plan.modules.iter().map(|m| ident(&m.name));
    quote! {
        //! Client methods, one module per section of the API reference. Each module adds
        //! methods to [`crate::Client`] and holds the parameter structs they take.
        #(pub mod #modules;)*
    }
}

/// The method of one endpoint plus its parameter struct and error enum, if any, as the plan
/// names them.
pub fn endpoint_items(
    api: &Api,
    space: &TypeSpace,
    plan: &Plan,
    index: usize,
    examples: Option<&Examples<'_>>,
) -> TokenStream {
    let endpoint = &api.endpoints[index];
    let Some(planned) = &plan.endpoints[index] else { return TokenStream::new() };
    let types = &space.endpoints[index];
    let method_name = ident(&planned.method);

    // Arguments: path parameters (unless bound on the client), a parameters struct, a body.
    let mut args = Vec::new();
    // (name, how to capture it in a `'static` stream): `&str` and `&T` arguments are owned.
    let mut captures: Vec<(proc_macro2::Ident, Capture)> = Vec::new();
    let mut path_values: BTreeMap<&str, TokenStream> = BTreeMap::new();
    for &position in &planned.bound {
        let wire = &endpoint.params[position].name;
        path_values.insert(wire, quote!(crate::runtime::encode_path(self.bound(#wire))));
    }
    let mut params_arg = None;
    let mut body_arg = None;
    for arg in &planned.args {
        let name = ident(&arg.name);
        match arg.kind {
            ArgKind::Path(position) => {
                let (param, ty) = (&endpoint.params[position], &types.params[position]);
                let (arg_ty, value, capture) = match ty {
                    Ty::String => (quote!(&str), quote!(crate::runtime::encode_path(#name)), Capture::Owned),
                    Ty::I64 | Ty::F64 | Ty::Bool => {
                        (rust_type(space, ty), quote!(crate::runtime::encode_path(&#name.to_string())), Capture::Copy)
                    }
                    // Open enums and other path values print their wire form with `Display`.
                    other => {
                        let ty = rust_type(space, other);
                        (quote!(&#ty), quote!(crate::runtime::encode_path(&#name.to_string())), Capture::Owned)
                    }
                };
                captures.push((name.clone(), capture));
                args.push(quote!(#name: #arg_ty));
                path_values.insert(&param.name, value);
            }
            ArgKind::Params => {
                let Some(params) = &planned.params else { continue };
                let struct_name = ident(&params.name);
                args.push(quote!(#name: &#struct_name));
                captures.push((name.clone(), Capture::Owned));
                params_arg = Some(name);
            }
            ArgKind::Body => {
                let Some(ty) = &types.request else { continue };
                // A body that is a list (`application/json-patch+json`) is borrowed as a slice.
                let ty = match ty {
                    Ty::Vec(item) => {
                        let item = rust_type(space, item);
                        quote!([#item])
                    }
                    _ => rust_type(space, ty),
                };
                args.push(quote!(#name: &#ty));
                captures.push((name.clone(), Capture::Owned));
                body_arg = Some(name);
            }
        }
    }

    let mut extra_items = TokenStream::new();
    if let Some(params) = &planned.params {
        extra_items.extend(params_struct(space, endpoint, &types.params, planned, params));
    }

    // The request expression; the path is built outside any macro so it reads as code.
    let path_local = ident(&planned.path_local);
    let path_parts = path_parts(endpoint, &path_values);
    let http_method = format_ident!("{}", endpoint.method.as_str());
    let route = &endpoint.path;
    let mut chain = quote!(self.request(::reqwest::Method::#http_method, #route, #path_local));
    if let (Some(params_arg), Some(params)) = (&params_arg, &planned.params) {
        for &position in &params.fields {
            let param = &endpoint.params[position];
            let wire = &param.name;
            let field = ident(&param.rust_name);
            let call = match param.location {
                ParamLocation::Query => quote!(query),
                ParamLocation::Header => quote!(header),
                ParamLocation::Cookie => quote!(cookie),
                ParamLocation::Path => continue,
            };
            chain = quote!(#chain.#call(#wire, &#params_arg.#field));
        }
    }
    if let (Some(body), Some(request)) = (&body_arg, &endpoint.request) {
        // Other media types, `+json` ones included, are sent with their own `Content-Type`.
        chain = if request.media_type == "application/json" {
            quote!(#chain.json(#body))
        } else {
            let media = &request.media_type;
            quote!(#chain.encoded(#media, #body))
        };
    }

    // Success and error types.
    let (success, send) = match &planned.success {
        Success::Json(ty) => (rust_type(space, ty), quote!(send)),
        Success::Empty => (quote!(()), quote!(send_empty)),
        Success::Text => (quote!(String), quote!(send_text)),
        // No documented success body: the raw JSON, whatever it is.
        Success::Value => (quote!(::serde_json::Value), quote!(send)),
    };
    let (error_ty, decode) = error_type(space, endpoint, &planned.errors, &mut extra_items);
    let call = quote!(#chain.#send(#decode));
    // The error body is spelled out: `ApiCall` is the runtime's own type, re-exported, so
    // that its docs (the per-call options) show; an alias with a default would hide them.
    let method_result = quote!(crate::ApiCall<'_, #success, #error_ty>);

    let doc = method_docs(endpoint, examples.and_then(|e| e.method(index)));
    let deprecated = super::tokens::deprecated(endpoint.deprecated.as_ref());
    // The method itself passes deprecated parameters on; only callers should be warned.
    let allow_deprecated = endpoint.params.iter().any(|p| p.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    let stream = planned.stream.as_ref().zip(params_arg.as_ref()).map(|(stream, params_arg)| {
        let example = examples.and_then(|e| e.stream(index));
        pagination(space, planned, stream, params_arg, &captures, &args, &error_ty, example)
    });
    // One argument per path parameter: a long path is what the docs say, not a smell.
    let many = (args.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl crate::Client {
            #doc
            #deprecated
            #allow_deprecated
            #many
            // Like the runtime's functions (see `runtime/mod.rs`): compiled where called.
            #[inline]
            pub fn #method_name(&self, #(#args),*) -> #method_result {
                let #path_local = #path_parts;
                #call
            }

            #stream
        }

        #extra_items
    }
}

/// How a `'static` stream keeps an argument of the method it calls page after page.
#[derive(Clone, Copy)]
enum Capture {
    /// Borrowed (`&str`, `&T`): owned by the stream, lent to each call.
    Owned,
    /// Passed by value (`i64`, `bool`).
    Copy,
}

/// `<method>_stream`: every item of a list endpoint across pages, fetched lazily, where the
/// plan found the page-token pattern; `example` is the stream's, when the crate has examples.
#[allow(clippy::too_many_arguments)]
fn pagination(
    space: &TypeSpace,
    planned: &EndpointPlan,
    stream: &StreamPlan,
    params_arg: &proc_macro2::Ident,
    captures: &[(proc_macro2::Ident, Capture)],
    args: &[TokenStream],
    error_ty: &TokenStream,
    example: Option<Doc>,
) -> TokenStream {
    let method = ident(&planned.method);
    let stream_name = ident(&stream.name);
    let item_rust = rust_type(space, &stream.item);
    let token_field = ident(&stream.token_field);
    let items_field = ident(&stream.items_field);
    let next_field = ident(&stream.next_field);
    let owned = captures.iter().map(|(name, capture)| match capture {
        Capture::Owned => quote!(let #name = ToOwned::to_owned(#name);),
        Capture::Copy => TokenStream::new(),
    });
    let per_call = captures.iter().filter(|(name, _)| name != params_arg).map(|(name, capture)| match capture {
        Capture::Owned => quote!(let #name = Clone::clone(&#name);),
        Capture::Copy => TokenStream::new(),
    });
    let call_args = captures.iter().map(|(name, capture)| match capture {
        Capture::Owned => quote!(&#name),
        Capture::Copy => quote!(#name),
    });
    let client = ident(&stream.client_local);
    let page_token = ident(&stream.token_local);
    let page = ident(&stream.page_local);
    let items_value =
        if stream.items_required { quote!(#page.#items_field) } else { quote!(#page.#items_field.unwrap_or_default()) };
    let next_value = if stream.next_required { quote!(Some(#page.#next_field)) } else { quote!(#page.#next_field) };
    let doc = Doc::fixed("Every item of ")
        .then(Doc::item(&format!("Self::{}", planned.method.trim_start_matches("r#"))))
        .then(Doc::fixed(
            ", page after page: each page is fetched when the stream needs it, following the next page's token.",
        ));
    let doc = doc_attrs(&example.map_or_else(|| doc.clone(), |example| doc.clone().paragraph(example)));
    let many = (args.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #doc
        #many
        #[inline]
        pub fn #stream_name(&self, #(#args),*) -> crate::Paginated<#item_rust, #error_ty> {
            let #client = Clone::clone(self);
            #(#owned)*
            crate::runtime::paginate(move |#page_token| {
                let #client = Clone::clone(&#client);
                let mut #params_arg = Clone::clone(&#params_arg);
                #(#per_call)*
                if #page_token.is_some() {
                    #params_arg.#token_field = #page_token;
                }
                async move {
                    let #page = #client.#method(#(#call_args),*).await?;
                    Ok((#items_value, #next_value))
                }
            })
        }
    }
}

/// The error body type of a call and the function that decodes it from a status and bytes;
/// an enum by status with its decoder where the plan has one.
fn error_type(
    space: &TypeSpace,
    endpoint: &Endpoint,
    errors: &Errors,
    extra_items: &mut TokenStream,
) -> (TokenStream, TokenStream) {
    let (name, decoder, statuses) = match errors {
        Errors::Value => return (quote!(::serde_json::Value), quote!(crate::runtime::decode_json)),
        Errors::One(ty) => return (rust_type(space, ty), quote!(crate::runtime::decode_json)),
        Errors::ByStatus { name, decoder, variants } => (ident(name), ident(decoder), variants),
    };
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut messages = Vec::new();
    let mut codes = Vec::new();
    for status in statuses {
        let variant = ident(&status.variant);
        let rust = rust_type(space, &status.ty);
        let doc = doc_attrs(
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
    let doc = doc_attrs(
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
    (quote!(#name), quote!(#decoder))
}

fn params_struct(
    space: &TypeSpace,
    endpoint: &Endpoint,
    types: &[Ty],
    planned: &EndpointPlan,
    params: &ParamsStruct,
) -> TokenStream {
    let default = params.all_optional.then(|| quote!(Default,));
    let fields = params.fields.iter().map(|&position| {
        let (param, ty) = (&endpoint.params[position], &types[position]);
        let doc = doc_attrs(&Doc::prose(&super::mentions::code_schema_names(&param.description)));
        let field = ident(&param.rust_name);
        let rust = rust_type(space, ty);
        let ty = if param.required { rust } else { quote!(Option<#rust>) };
        let deprecated = super::tokens::deprecated(param.deprecated.as_ref());
        quote!(#doc #deprecated pub #field: #ty,)
    });
    let name = ident(&params.name);
    let doc = doc_attrs(
        &Doc::fixed("Query, header and cookie parameters of ")
            .then(Doc::item(&format!("crate::Client::{}", planned.method.trim_start_matches("r#"))))
            .then(Doc::fixed(".")),
    );
    let deprecated = params.fields.iter().any(|&p| endpoint.params[p].deprecated.is_some());
    let allow_deprecated = deprecated.then(|| quote!(#[allow(deprecated)]));
    let constructor = (!params.all_optional).then(|| params_constructor(space, endpoint, types, params));
    quote! {
        #doc
        #allow_deprecated
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }

        #constructor
    }
}

/// `new` taking the required parameters (text as `impl Into<String>`), the optional ones
/// absent: what `Default` is to a struct whose parameters are all optional, so that every
/// parameters struct is built the same way, `Params { optional: Some(x), ..Params::new(..) }`.
fn params_constructor(space: &TypeSpace, endpoint: &Endpoint, types: &[Ty], params: &ParamsStruct) -> TokenStream {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for &position in &params.fields {
        let (param, ty) = (&endpoint.params[position], &types[position]);
        let field = ident(&param.rust_name);
        if !param.required {
            inits.push(quote!(#field: None));
        } else if *ty == Ty::String {
            args.push(quote!(#field: impl Into<String>));
            inits.push(quote!(#field: #field.into()));
        } else {
            let rust = rust_type(space, ty);
            args.push(quote!(#field: #rust));
            inits.push(quote!(#field));
        }
    }
    let name = ident(&params.name);
    let doc = doc_attrs(&Doc::fixed("The required parameters set and every optional one absent."));
    let allow_deprecated =
        params.fields.iter().any(|&p| endpoint.params[p].deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    let many = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl #name {
            #doc
            #allow_deprecated
            #many
            #[inline]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

/// `["/v1/projects/", &encode_path(..), "/conversations"].concat()`, or a literal when the
/// path has no parameters.
fn path_parts(endpoint: &Endpoint, values: &BTreeMap<&str, TokenStream>) -> TokenStream {
    let mut parts = Vec::new();
    for part in &endpoint.path_template {
        match part {
            PathPart::Literal(text) => parts.push(quote!(#text)),
            PathPart::Param(name) => {
                let value = values.get(name.as_str()).cloned().unwrap_or_else(|| {
                    // Lowering lists every template parameter and the plan makes each one a
                    // bound value or an argument: a miss is a bug in the plan.
                    debug_assert!(false, "path parameter `{name}` of {} has no value", endpoint.path);
                    quote!(String::new())
                });
                parts.push(quote!(&#value));
            }
        }
    }
    match parts.as_slice() {
        [single] if !single.to_string().starts_with('&') => quote!(String::from(#single)),
        _ => quote!([#(#parts),*].concat()),
    }
}

/// The title and description, then the method and path as code (a path is page text: it
/// may hold anything, `<script>` included).
fn method_docs(endpoint: &Endpoint, example: Option<Doc>) -> TokenStream {
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

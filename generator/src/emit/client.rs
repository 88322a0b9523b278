//! Emits one async client method per endpoint, grouped in one module per page folder (tag),
//! with a parameters struct for query, header and cookie parameters and a typed error enum
//! where an endpoint documents different error bodies for different statuses.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::tokens::{doc_attrs, ident, inner_doc_attrs, rust_type};
use crate::docs::Doc;
use crate::model::types::{Ty, TypeSpace};
use crate::model::{Api, Endpoint, ParamLocation, PathPart};
use crate::naming::{UniqueNames, field_name, type_name};
use crate::overrides::Overrides;

/// Module name for each endpoint's tag; the same for every endpoint of a folder.
pub fn module_name(tag: &str) -> String {
    let name = if tag.is_empty() { "endpoints".to_owned() } else { field_name(tag) };
    // `mod.rs` is taken by the module list itself.
    if name == "r#mod" || name == "mod_" { "mod_api".to_owned() } else { name.trim_start_matches("r#").to_owned() }
}

/// Each API module's name and its endpoints (indices into `api.endpoints`), by name.
pub fn modules(api: &Api) -> Vec<(String, Vec<usize>)> {
    let mut modules: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, endpoint) in api.endpoints.iter().enumerate() {
        if !endpoint.webhook {
            modules.entry(module_name(&endpoint.tag)).or_default().push(index);
        }
    }
    modules.into_iter().collect()
}

/// The tokens of one API module: its doc line and the items of each of its endpoints.
pub fn module_tokens(api: &Api, space: &TypeSpace, overrides: &Overrides, endpoints: &[usize]) -> TokenStream {
    let tag = &api.endpoints[endpoints[0]].tag;
    // Pages at the top of the specs folder have no tag to name.
    let doc = if tag.is_empty() {
        Doc::fixed("Endpoints of the pages at the top of the specs folder.")
    } else {
        Doc::fixed("Endpoints documented under ").then(Doc::code(tag)).then(Doc::fixed("."))
    };
    let doc = inner_doc_attrs(&doc);
    let items = endpoints.iter().map(|&index| endpoint_items(api, space, overrides, index));
    quote! { #doc #(#items)* }
}

pub fn apis_mod(api: &Api) -> TokenStream {
    let mut modules: Vec<String> = api.endpoints.iter().filter(|e| !e.webhook).map(|e| module_name(&e.tag)).collect();
    modules.sort();
    modules.dedup();
    let modules = modules.iter().map(|m| ident(m));
    quote! {
        //! Client methods, one module per section of the API reference. Each module adds
        //! methods to [`crate::Client`] and holds the parameter structs they take.
        #(pub mod #modules;)*
    }
}

/// The method of one endpoint plus its parameter struct and error enum, if any.
pub fn endpoint_items(api: &Api, space: &TypeSpace, overrides: &Overrides, index: usize) -> TokenStream {
    let endpoint = &api.endpoints[index];
    if endpoint.webhook {
        return TokenStream::new();
    }
    let types = &space.endpoints[index];
    let bound: Vec<&str> = overrides.client.bind.iter().map(|b| b.get_ref().as_str()).collect();
    let method_name = ident(&endpoint.rust_name);
    let pascal = type_name(&endpoint.rust_name);

    // Arguments: path parameters (unless bound on the client), a parameters struct, a body.
    let mut names = super::tokens::scope(["self".to_owned()]);
    let mut args = Vec::new();
    // (name, how to capture it in a `'static` stream): `&str` and `&T` arguments are owned.
    let mut captures: Vec<(proc_macro2::Ident, Capture)> = Vec::new();
    let mut path_values: BTreeMap<&str, TokenStream> = BTreeMap::new();
    let mut query_params = Vec::new();
    for (param, ty) in endpoint.params.iter().zip(&types.params) {
        if param.location != ParamLocation::Path {
            query_params.push((param, ty));
            continue;
        }
        if bound.contains(&param.name.as_str()) {
            let wire = &param.name;
            path_values.insert(&param.name, quote!(crate::runtime::encode_path(self.bound(#wire))));
            continue;
        }
        let arg = ident(&names.claim(param.rust_name.clone()));
        let (arg_ty, value, capture) = match ty {
            Ty::String => (quote!(&str), quote!(crate::runtime::encode_path(#arg)), Capture::Owned),
            Ty::I64 | Ty::F64 | Ty::Bool => {
                (rust_type(space, ty), quote!(crate::runtime::encode_path(&#arg.to_string())), Capture::Copy)
            }
            // Open enums and other path values print their wire form with `Display`.
            other => {
                let ty = rust_type(space, other);
                (quote!(&#ty), quote!(crate::runtime::encode_path(&#arg.to_string())), Capture::Owned)
            }
        };
        captures.push((arg.clone(), capture));
        args.push(quote!(#arg: #arg_ty));
        path_values.insert(&param.name, value);
    }

    let mut extra_items = TokenStream::new();
    let params_arg = if query_params.is_empty() {
        None
    } else {
        let struct_name = format_ident!("{}Params", pascal);
        extra_items.extend(params_struct(space, &struct_name, endpoint, &query_params));
        let arg = ident(&names.claim("params".to_owned()));
        args.push(quote!(#arg: &#struct_name));
        captures.push((arg.clone(), Capture::Owned));
        Some(arg)
    };
    let body_arg = types.request.as_ref().map(|ty| {
        let arg = ident(&names.claim("body".to_owned()));
        // A body that is a list (`application/json-patch+json`) is borrowed as a slice.
        let ty = match ty {
            Ty::Vec(item) => {
                let item = rust_type(space, item);
                quote!([#item])
            }
            _ => rust_type(space, ty),
        };
        args.push(quote!(#arg: &#ty));
        captures.push((arg.clone(), Capture::Owned));
        arg
    });

    // The request expression; the path is built outside any macro so it reads as code.
    let path_local = ident(&names.claim("path".to_owned()));
    let path_parts = path_parts(endpoint, &path_values);
    let http_method = format_ident!("{}", endpoint.http_method.as_str());
    let mut chain = quote!(self.request(::reqwest::Method::#http_method, #path_local));
    if let Some(params) = &params_arg {
        for (param, _) in &query_params {
            let wire = &param.name;
            let field = ident(&param.rust_name);
            let call = match param.location {
                ParamLocation::Query => quote!(query),
                ParamLocation::Header => quote!(header),
                ParamLocation::Cookie => quote!(cookie),
                ParamLocation::Path => continue,
            };
            chain = quote!(#chain.#call(#wire, &#params.#field));
        }
    }
    if let (Some(body), Some(request)) = (&body_arg, &endpoint.request) {
        chain = if is_json(&request.media_type) {
            quote!(#chain.json(#body))
        } else {
            let media = &request.media_type;
            quote!(#chain.encoded(#media, #body))
        };
    }

    // Success and error types.
    let (success, send) = success_type(space, endpoint, &types.responses);
    let (error_ty, decode) = error_type(space, endpoint, &types.responses, &pascal, &mut extra_items);
    let call = match send {
        Send::Json => quote!(#chain.send(#decode).await),
        Send::Empty => quote!(#chain.send_empty(#decode).await),
        Send::Text => quote!(#chain.send_text(#decode).await),
    };

    let doc = method_docs(endpoint);
    let deprecated = super::tokens::deprecated(endpoint.deprecated.as_ref());
    // The method itself passes deprecated parameters on; only callers should be warned.
    let allow_deprecated = endpoint.params.iter().any(|p| p.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    let stream = pagination(space, endpoint, types, params_arg.as_ref(), &query_params, &captures, &args, &error_ty);
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
            pub async fn #method_name(&self, #(#args),*) -> Result<#success, crate::Error<#error_ty>> {
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

/// `<method>_stream`: every item of a list endpoint across pages, fetched lazily. Emitted
/// where the docs show the page-token pattern: a `page_token` parameter and a success body
/// with `next_page_token` beside one array of items.
#[allow(clippy::too_many_arguments)]
fn pagination(
    space: &TypeSpace,
    endpoint: &Endpoint,
    types: &crate::model::types::EndpointTypes,
    params_arg: Option<&proc_macro2::Ident>,
    query_params: &[(&crate::model::Param, &Ty)],
    captures: &[(proc_macro2::Ident, Capture)],
    args: &[TokenStream],
    error_ty: &TokenStream,
) -> TokenStream {
    use crate::model::types::TypeKind;
    let Some(params_arg) = params_arg else { return TokenStream::new() };
    let Some((token_param, _)) =
        query_params.iter().find(|(p, ty)| p.name == "page_token" && !p.required && **ty == Ty::String)
    else {
        return TokenStream::new();
    };
    let success =
        endpoint.responses.iter().zip(&types.responses).find(|(r, _)| r.is_success()).and_then(|(_, t)| t.as_ref());
    let Some(Ty::Named(id)) = success else { return TokenStream::new() };
    let TypeKind::Struct(page) = &space.get(*id).kind else { return TokenStream::new() };
    let next = page.fields.iter().find(|f| f.wire == "next_page_token" && f.ty == Ty::String);
    let lists: Vec<_> = page.fields.iter().filter(|f| matches!(f.ty, Ty::Vec(_))).collect();
    let (Some(next), [items]) = (next, lists.as_slice()) else { return TokenStream::new() };
    let Ty::Vec(item_ty) = &items.ty else { return TokenStream::new() };

    let method = ident(&endpoint.rust_name);
    let stream_name = format_ident!("{}_stream", endpoint.rust_name.trim_start_matches("r#"));
    let item_rust = rust_type(space, item_ty);
    let token_field = ident(&token_param.rust_name);
    let items_field = ident(&items.rust);
    let next_field = ident(&next.rust);
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
    // The stream's own locals must not shadow arguments named `client`, `page`, ...
    let mut locals = super::tokens::scope(captures.iter().map(|(name, _)| name.to_string()));
    let client = ident(&locals.claim("client".to_owned()));
    let page_token = ident(&locals.claim("page_token".to_owned()));
    let page = ident(&locals.claim("page".to_owned()));
    let items_value =
        if items.required { quote!(#page.#items_field) } else { quote!(#page.#items_field.unwrap_or_default()) };
    let next_value = if next.required { quote!(Some(#page.#next_field)) } else { quote!(#page.#next_field) };
    let doc = doc_attrs(
        &Doc::fixed("Every item of ")
            .then(Doc::item(&format!("Self::{}", endpoint.rust_name.trim_start_matches("r#"))))
            .then(Doc::fixed(
                ", page after page: each page is fetched when the stream needs it, following `next_page_token`.",
            )),
    );
    let many = (args.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #doc
        #many
        #[inline]
        pub fn #stream_name(&self, #(#args),*) -> impl ::futures_core::Stream<Item = Result<#item_rust, crate::Error<#error_ty>>> + ::std::marker::Send + 'static {
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

fn is_json(media: &str) -> bool {
    media == "application/json" || media.ends_with("+json") || media.ends_with("/json")
}

enum Send {
    Json,
    Empty,
    Text,
}

fn success_type(space: &TypeSpace, endpoint: &Endpoint, responses: &[Option<Ty>]) -> (TokenStream, Send) {
    let success = endpoint.responses.iter().zip(responses).find(|(r, _)| r.is_success());
    match success {
        Some((response, Some(ty))) => {
            if response.media_type.as_deref().is_some_and(|m| m.starts_with("text/")) {
                (quote!(String), Send::Text)
            } else {
                (rust_type(space, ty), Send::Json)
            }
        }
        Some((_, None)) => (quote!(()), Send::Empty),
        // No documented success body: the raw JSON, whatever it is.
        None => (quote!(::serde_json::Value), Send::Json),
    }
}

/// The error body type and the function that decodes it from a status and bytes.
fn error_type(
    space: &TypeSpace,
    endpoint: &Endpoint,
    responses: &[Option<Ty>],
    pascal: &str,
    extra_items: &mut TokenStream,
) -> (TokenStream, TokenStream) {
    let mut documented: Vec<(&str, &Ty)> = Vec::new();
    for (response, ty) in endpoint.responses.iter().zip(responses) {
        if let (false, Some(ty)) = (response.is_success(), ty) {
            documented.push((response.status.as_str(), ty));
        }
    }
    let mut distinct: Vec<&Ty> = documented.iter().map(|(_, ty)| *ty).collect();
    distinct.sort_by_key(|ty| format!("{ty:?}"));
    distinct.dedup();
    match distinct.as_slice() {
        [] => (quote!(::serde_json::Value), quote!(crate::runtime::decode_json)),
        // One documented body: the pages leave out repeats of it, so try it on any status.
        [ty] => (rust_type(space, ty), quote!(crate::runtime::decode_json)),
        _ => {
            let enum_name = format_ident!("{}Error", pascal);
            let mut names = UniqueNames::default();
            let mut variants = Vec::new();
            let mut arms = Vec::new();
            // Exact codes first, then ranges such as `4XX`, then `default`.
            let mut ordered = documented.clone();
            ordered.sort_by_key(|(status, _)| match *status {
                "default" => 2,
                s if s.ends_with("XX") => 1,
                _ => 0,
            });
            for (status, ty) in ordered {
                let variant = ident(&names.claim(format!("Status{}", type_name(status))));
                let rust = rust_type(space, ty);
                let doc = doc_attrs(
                    &Doc::fixed("The body documented for status ").then(Doc::code(status)).then(Doc::fixed(".")),
                );
                variants.push(quote!(#doc #variant(#rust),));
                let pattern = match status {
                    "default" => quote!(_),
                    s if s.ends_with("XX") => {
                        let class: u16 = s[..1].parse().unwrap_or(0);
                        let low = class * 100;
                        let high = low + 99;
                        quote!(#low..=#high)
                    }
                    s => {
                        let code: u16 = s.parse().unwrap_or(0);
                        quote!(#code)
                    }
                };
                arms.push(quote!(#pattern => ::serde_json::from_slice(body).ok().map(#enum_name::#variant),));
            }
            let has_default = documented.iter().any(|(s, _)| *s == "default");
            let fallback = (!has_default).then(|| quote!(_ => None,));
            let decode_name = format_ident!("decode_{}_error", field_name(pascal).trim_start_matches("r#"));
            let doc = doc_attrs(
                &Doc::fixed("The error bodies ")
                    .then(Doc::code(&endpoint.rust_name))
                    .then(Doc::fixed(" documents, by status.")),
            );
            extra_items.extend(quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(untagged)]
                pub enum #enum_name {
                    #(#variants)*
                }

                fn #decode_name(status: ::reqwest::StatusCode, body: &[u8]) -> Option<#enum_name> {
                    match status.as_u16() {
                        #(#arms)*
                        #fallback
                    }
                }
            });
            (quote!(#enum_name), quote!(#decode_name))
        }
    }
}

fn params_struct(
    space: &TypeSpace,
    name: &proc_macro2::Ident,
    endpoint: &Endpoint,
    params: &[(&crate::model::Param, &Ty)],
) -> TokenStream {
    let all_optional = params.iter().all(|(p, _)| !p.required);
    let default = all_optional.then(|| quote!(Default,));
    let fields = params.iter().map(|(param, ty)| {
        let doc = doc_attrs(&Doc::prose(&param.description));
        let field = ident(&param.rust_name);
        let rust = rust_type(space, ty);
        let ty = if param.required { rust } else { quote!(Option<#rust>) };
        let deprecated = super::tokens::deprecated(param.deprecated.as_ref());
        quote!(#doc #deprecated pub #field: #ty,)
    });
    let doc = doc_attrs(
        &Doc::fixed("Query, header and cookie parameters of ")
            .then(Doc::item(&format!("crate::Client::{}", endpoint.rust_name)))
            .then(Doc::fixed(".")),
    );
    let allow_deprecated = params.iter().any(|(p, _)| p.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    quote! {
        #doc
        #allow_deprecated
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
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
                let value = values.get(name.as_str()).cloned().unwrap_or_else(|| quote!(String::new()));
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
fn method_docs(endpoint: &Endpoint) -> TokenStream {
    let mut text = format!("{}\n\n", endpoint.title);
    if !endpoint.description.is_empty() {
        text.push_str(&endpoint.description);
        text.push_str("\n\n");
    }
    let line = Doc::code(&format!("{} {}", endpoint.method, endpoint.path));
    // The empty line stays even when the prose is empty, as before.
    let doc = Doc::prose(&text).below(Doc::empty_line()).below(line);
    doc_attrs(&doc)
}

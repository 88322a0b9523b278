//! The resolution steps after lowering that take the overrides file into account: method
//! names (clashes and `[methods]`), bound parameters, unsupported security schemes,
//! `[types]` and `[fields]` replacements, and `[responses]` declarations. Loading (`super`)
//! runs them in order and stops on their diagnostics.

use std::collections::{BTreeMap, BTreeSet};

use toml::Spanned;

use crate::diagnostic::Diagnostic;
use crate::model::Api;
use crate::model::types::{Ty, TypeKind, TypeSpace};
use crate::overrides::Overrides;
use crate::parse;
use crate::runtime_files::RUNTIME_CLIENT_METHODS;

/// Names every client method: base names from the pages, clashes resolved (each reported as a
/// warning), the overrides file's `[methods]` applied. A `[methods]` key is a generated
/// method name, `"METHOD /path"`, or a page file relative to the specs folder.
pub(super) fn name_methods(api: &mut Api, overrides: &Overrides, diagnostics: &mut Vec<Diagnostic>) -> Vec<Diagnostic> {
    use crate::model::names::method_names;
    let (generated, unfixed_warnings) = method_names(&api.endpoints, &BTreeMap::new(), RUNTIME_CLIENT_METHODS);
    let mut fixed: BTreeMap<usize, String> = BTreeMap::new();
    let names: Vec<Option<&str>> = generated.iter().map(|n| n.as_ref().map(|n| n.name.as_str())).collect();
    for (from, to) in &overrides.methods {
        let Some(index) = endpoint_by_key(api, &names, overrides, from, diagnostics) else {
            continue;
        };
        let name = crate::naming::field_name(to.get_ref());
        if &name != to.get_ref() || RUNTIME_CLIENT_METHODS.contains(&name.as_str()) {
            diagnostics.push(Diagnostic::expected(
                overrides.span(to.span()),
                "a snake_case method name that the client does not have already",
                format!("`{}`", to.get_ref()),
            ));
            continue;
        }
        if let Some((&other, _)) = fixed.iter().find(|(_, n)| **n == name) {
            diagnostics.push(Diagnostic::expected(
                overrides.span(to.span()),
                "a method name no other `[methods]` entry gives",
                format!("`{name}`, also given to `{} {}`", api.endpoints[other].method, api.endpoints[other].path),
            ));
            continue;
        }
        fixed.insert(index, name);
    }
    // With no name fixed the names are the ones made first.
    let (names, warnings) = if fixed.is_empty() {
        (generated, unfixed_warnings)
    } else {
        method_names(&api.endpoints, &fixed, RUNTIME_CLIENT_METHODS)
    };
    for (endpoint, name) in api.endpoints.iter_mut().zip(names) {
        if let Some(name) = name {
            endpoint.rust_name = name.name;
        }
    }
    warnings
}

/// The one client endpoint an overrides key names: by its method name (`names`, parallel to
/// the endpoints), by `METHOD /path`, or by its page file. Anything else is a diagnostic.
fn endpoint_by_key(
    api: &Api,
    names: &[Option<&str>],
    overrides: &Overrides,
    key: &Spanned<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let text = key.get_ref();
    let matching: Vec<usize> = api
        .endpoints
        .iter()
        .enumerate()
        .filter(|(index, e)| {
            !e.webhook
                && (names[*index] == Some(text.as_str())
                    || &format!("{} {}", e.method, e.path) == text
                    || &e.page == text)
        })
        .map(|(index, _)| index)
        .collect();
    match matching.as_slice() {
        [index] => Some(*index),
        [] => {
            let mut known: Vec<&str> = names.iter().flatten().copied().collect();
            known.sort_unstable();
            diagnostics.push(Diagnostic::expected(
                overrides.span(key.span()),
                format!("a generated method name (one of {}), `METHOD /path` or a page file", preview(&known)),
                format!("`{text}`"),
            ));
            None
        }
        several => {
            let pages: Vec<&str> = several.iter().map(|&i| api.endpoints[i].page.as_str()).collect();
            diagnostics.push(Diagnostic::expected(
                overrides.span(key.span()),
                "a key naming one endpoint",
                format!("`{text}`, which names {} endpoints (use a page file: {})", several.len(), preview(&pages)),
            ));
            None
        }
    }
}

/// `[responses]`: the success body type of a method whose pages document none (Sinch's
/// `update_*` pages list only error responses, yet the API answers with the resource). The
/// key names the method as `[methods]` keys do, with its final name; the value is a
/// generated type, which from here on is decoded as well as encoded.
pub(super) fn declare_responses(
    api: &Api,
    space: &mut TypeSpace,
    overrides: &Overrides,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let names: Vec<Option<&str>> = api.endpoints.iter().map(|e| (!e.webhook).then_some(e.rust_name.as_str())).collect();
    for (key, type_name) in &overrides.responses {
        let Some(index) = endpoint_by_key(api, &names, overrides, key, diagnostics) else {
            continue;
        };
        let endpoint = &api.endpoints[index];
        if let Some(documented) = endpoint.responses.iter().find(|r| r.is_success()) {
            diagnostics.push(Diagnostic::expected(
                overrides.span(key.span()),
                "a method whose pages document no success response",
                format!("`{}`, whose page documents a {} response", key.get_ref(), documented.status),
            ));
            continue;
        }
        let Some(id) = space.find(type_name.get_ref()) else {
            let mut known: Vec<&str> = space.types.iter().map(|t| t.name.as_str()).collect();
            known.sort_unstable();
            diagnostics.push(Diagnostic::expected(
                overrides.span(type_name.span()),
                format!("a generated type name (one of {})", preview(&known)),
                format!("`{}`", type_name.get_ref()),
            ));
            continue;
        };
        space.declare_success(index, Ty::Named(id));
    }
    space.mark_received(api);
}

/// `[client] bind` names path parameters as the pages write them (`projectId`) or as the
/// generated code does (`project_id`); from here on each is the pages' name, which the
/// runtime fills in.
pub(super) fn bound_params_by_wire_name(api: &Api, overrides: &mut Overrides, diagnostics: &mut Vec<Diagnostic>) {
    let path_params: BTreeSet<(&str, &str)> = api
        .endpoints
        .iter()
        .flat_map(|e| &e.params)
        .filter(|p| p.location == parse::ParamLocation::Path)
        .map(|p| (p.name.as_str(), p.rust_name.trim_start_matches("r#")))
        .collect();
    for index in 0..overrides.client.bind.len() {
        let bound = &overrides.client.bind[index];
        let given = bound.get_ref().trim_start_matches("r#");
        let wire = path_params
            .iter()
            .find(|(wire, _)| *wire == given)
            .or_else(|| path_params.iter().find(|(_, rust)| *rust == given))
            .map(|(wire, _)| (*wire).to_owned());
        match wire {
            Some(wire) => overrides.client.bind[index] = toml::Spanned::new(bound.span(), wire),
            None => {
                let mut names: Vec<&str> = path_params.iter().map(|(wire, _)| *wire).collect();
                names.dedup();
                let expected = if names.is_empty() {
                    "a path parameter of some endpoint (the pages have none)".to_owned()
                } else {
                    format!("a path parameter of some endpoint (one of {})", preview(&names))
                };
                diagnostics.push(Diagnostic::expected(
                    overrides.span(bound.span()),
                    expected,
                    format!("`{}`", bound.get_ref()),
                ));
            }
        }
    }
}

/// A warning for each security scheme the pages name that the runtime does not implement:
/// calls that need it go out without it, so the user must know before the first 401.
pub(super) fn unsupported_security(api: &Api) -> Vec<Diagnostic> {
    let mut first: BTreeMap<&str, &crate::model::Endpoint> = BTreeMap::new();
    for endpoint in &api.endpoints {
        for scheme in &endpoint.security {
            if crate::runtime_files::security_scheme(scheme).is_none() {
                first.entry(scheme.as_str()).or_insert(endpoint);
            }
        }
    }
    first
        .into_iter()
        .map(|(scheme, endpoint)| {
            Diagnostic::warning(
                endpoint.span.clone(),
                format!(
                    "the security scheme `{scheme}` is not one the generated runtime implements (HTTP Basic, OAuth2 \
                     client credentials, bearer tokens, API keys): calls that need it are sent without it"
                ),
            )
        })
        .collect()
}

pub(super) fn apply_type_overrides(space: &mut TypeSpace, overrides: &Overrides, diagnostics: &mut Vec<Diagnostic>) {
    let known = |space: &TypeSpace| {
        let mut names: Vec<&str> = space.types.iter().map(|t| t.name.as_str()).collect();
        names.sort();
        preview(&names)
    };
    for (from, to) in &overrides.types {
        let Some(id) = space.find(from.get_ref()) else {
            diagnostics.push(Diagnostic::expected(
                overrides.span(from.span()),
                format!("a generated type name (one of {})", known(space)),
                format!("`{}`", from.get_ref()),
            ));
            continue;
        };
        if &crate::naming::type_name(to.get_ref()) != to.get_ref() {
            diagnostics.push(Diagnostic::expected(
                overrides.span(to.span()),
                "an UpperCamelCase type name",
                format!("`{}`", to.get_ref()),
            ));
            continue;
        }
        if let Err(other) = space.rename(id, to.get_ref().clone()) {
            diagnostics.push(Diagnostic::expected(
                overrides.span(to.span()),
                "a type name not used by another type",
                format!("`{}`, the name of `{}`", to.get_ref(), space.get(other).name),
            ));
        }
    }
    for (key, rust_type) in &overrides.fields {
        let Some((type_part, field_part)) = key.get_ref().split_once('.') else {
            diagnostics.push(Diagnostic::expected(
                overrides.span(key.span()),
                "`Type.field`",
                format!("`{}`", key.get_ref()),
            ));
            continue;
        };
        if syn::parse_str::<syn::Type>(rust_type.get_ref()).is_err() {
            diagnostics.push(Diagnostic::expected(
                overrides.span(rust_type.span()),
                "a Rust type",
                format!("`{}`", rust_type.get_ref()),
            ));
            continue;
        }
        let Some(id) = space.find(type_part) else {
            diagnostics.push(Diagnostic::expected(
                overrides.span(key.span()),
                format!("a generated type name (one of {})", known(space)),
                format!("`{type_part}`"),
            ));
            continue;
        };
        let TypeKind::Struct(def) = &mut space.get_mut(id).kind else {
            diagnostics.push(Diagnostic::expected(
                overrides.span(key.span()),
                "a struct type",
                format!("`{type_part}`, which is not a struct"),
            ));
            continue;
        };
        let Some(field) = def.fields.iter_mut().find(|f| f.wire == field_part || f.rust == field_part) else {
            let fields: Vec<&str> = def.fields.iter().map(|f| f.wire.as_str()).collect();
            diagnostics.push(Diagnostic::expected(
                overrides.span(key.span()),
                format!("a field of `{type_part}` (one of {})", preview(&fields)),
                format!("`{field_part}`"),
            ));
            continue;
        };
        field.ty = match &field.ty {
            Ty::Vec(_) => Ty::Vec(Box::new(Ty::Custom(rust_type.get_ref().clone()))),
            _ => Ty::Custom(rust_type.get_ref().clone()),
        };
    }
}

/// A short list of names for a message: the first few, then a count.
pub(super) fn preview(names: &[&str]) -> String {
    let shown: Vec<String> = names.iter().take(8).map(|n| format!("`{n}`")).collect();
    if names.len() > shown.len() {
        format!("{}, and {} more", shown.join(", "), names.len() - shown.len())
    } else {
        shown.join(", ")
    }
}

//! The resolution steps after lowering that take the overrides file into account: method
//! names (clashes and `[methods]`), bound parameters, unsupported security schemes and
//! `[types]` replacements. Loading (`super`) runs them in order and stops on their
//! diagnostics.

use std::collections::{BTreeMap, BTreeSet};

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
    let (generated, _) = method_names(&api.endpoints, &BTreeMap::new(), RUNTIME_CLIENT_METHODS);
    let mut fixed: BTreeMap<usize, String> = BTreeMap::new();
    for (from, to) in &overrides.methods {
        let key = from.get_ref();
        let matching: Vec<usize> = api
            .endpoints
            .iter()
            .enumerate()
            .filter(|(index, e)| {
                !e.webhook
                    && (generated[*index].as_ref().is_some_and(|n| &n.name == key)
                        || &format!("{} {}", e.method, e.path) == key
                        || &e.page == key)
            })
            .map(|(index, _)| index)
            .collect();
        let index = match matching.as_slice() {
            [index] => *index,
            [] => {
                let mut known: Vec<&str> = generated.iter().flatten().map(|n| n.name.as_str()).collect();
                known.sort_unstable();
                diagnostics.push(Diagnostic::expected(
                    overrides.span(from.span()),
                    format!("a generated method name (one of {}), `METHOD /path` or a page file", preview(&known)),
                    format!("`{key}`"),
                ));
                continue;
            }
            several => {
                let pages: Vec<&str> = several.iter().map(|&i| api.endpoints[i].page.as_str()).collect();
                diagnostics.push(Diagnostic::expected(
                    overrides.span(from.span()),
                    "a key naming one endpoint",
                    format!("`{key}`, which names {} endpoints (use a page file: {})", several.len(), preview(&pages)),
                ));
                continue;
            }
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
    let (names, warnings) = method_names(&api.endpoints, &fixed, RUNTIME_CLIENT_METHODS);
    for (endpoint, name) in api.endpoints.iter_mut().zip(names) {
        if let Some(name) = name {
            endpoint.rust_name = name.name;
        }
    }
    warnings
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
        let TypeKind::Struct(def) = &mut space.types[id].kind else {
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

//! Builds the table of round-trip cases: for every endpoint of `specs/`, a realistic JSON
//! payload for its request body and its success body, paired with the generated type it
//! must deserialize into; and the table of every request and response type by name. The
//! tables are code because the types are only known by name.

use std::path::Path;

use quote::{format_ident, quote};

fn main() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    println!("cargo:rerun-if-changed={}", specs.display());
    let loaded = match doc2rust::Config::new(&specs).load() {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    };
    for input in &loaded.inputs {
        println!("cargo:rerun-if-changed={}", input.display());
    }
    let space = &loaded.space;
    let mut cases = Vec::new();
    for (endpoint, types) in loaded.api.endpoints.iter().zip(&space.endpoints) {
        let success =
            endpoint.responses.iter().zip(&types.responses).find(|(r, _)| r.is_success()).and_then(|(_, t)| t.as_ref());
        for (slot, ty) in [("request", types.request.as_ref()), ("response", success)] {
            let Some(doc2rust::model::types::Ty::Named(id)) = ty else { continue };
            let name = format_ident!("{}", space.get(*id).name);
            let sample = serde_json::to_string(&doc2rust::samples::sample(space, ty.unwrap())).unwrap();
            let endpoint_name = &endpoint.rust_name;
            cases.push(quote! {
                Case {
                    endpoint: #endpoint_name,
                    slot: #slot,
                    sample: #sample,
                    roundtrip: roundtrip::<sinch_conversation::types::#name>,
                },
            });
        }
    }
    let tokens = quote! { const CASES: &[Case] = &[#(#cases)*]; };
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("roundtrip_cases.rs");
    std::fs::write(out, tokens.to_string()).unwrap();

    // Every type an endpoint's request or response decodes into, by the name the model
    // displays it with, for tests that find types by name (spec examples).
    let mut slot_types = std::collections::BTreeMap::new();
    for (endpoint, types) in loaded.api.endpoints.iter().zip(&space.endpoints) {
        if endpoint.webhook {
            continue;
        }
        for ty in types.request.iter().chain(types.responses.iter().flatten()) {
            slot_types.entry(space.display(ty)).or_insert_with(|| rust_type(space, ty));
        }
    }
    let entries = slot_types.iter().map(|(name, ty)| quote! { (#name, roundtrip::<#ty>), });
    let tokens = quote! { const SLOT_TYPES: &[(&str, Roundtrip)] = &[#(#entries)*]; };
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("slot_types.rs");
    std::fs::write(out, tokens.to_string()).unwrap();
}

/// The path of a model type in the generated crate.
fn rust_type(space: &doc2rust::model::types::TypeSpace, ty: &doc2rust::model::types::Ty) -> proc_macro2::TokenStream {
    use doc2rust::model::types::Ty;
    match ty {
        Ty::String => quote! { String },
        Ty::I64 => quote! { i64 },
        Ty::F64 => quote! { f64 },
        Ty::Bool => quote! { bool },
        Ty::Json => quote! { serde_json::Value },
        Ty::Map => quote! { serde_json::Map<String, serde_json::Value> },
        Ty::MapOf(inner) => {
            let inner = rust_type(space, inner);
            quote! { std::collections::BTreeMap<String, #inner> }
        }
        Ty::Named(id) => {
            let name = format_ident!("{}", space.get(*id).name);
            quote! { sinch_conversation::types::#name }
        }
        Ty::Vec(inner) => {
            let inner = rust_type(space, inner);
            quote! { Vec<#inner> }
        }
        Ty::Nullable(inner) => {
            let inner = rust_type(space, inner);
            quote! { sinch_conversation::Nullable<#inner> }
        }
        Ty::Custom(path) => path.parse().expect("a custom type is a Rust path"),
    }
}

//! Builds the table of round-trip cases: for every endpoint of `specs/`, a realistic JSON
//! payload for its request body and its success body, paired with the generated type it
//! must deserialize into. The table is code because the types are only known by name.

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
        let success = endpoint.responses.iter().zip(&types.responses).find(|(r, _)| r.is_success()).and_then(|(_, t)| t.as_ref());
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
}

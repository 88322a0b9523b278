//! Builds the table of round-trip cases: for every endpoint of `specs/`, a realistic JSON
//! payload for its request body and its success body, paired with the generated type it
//! must deserialize into; and the table of every request and response type by name. The
//! tables are code because the types are only known by name. For the fidelity check, also
//! the SDK of the 2021 pages (`fixtures/conversation-2021`) as a module, and the table of
//! every body type of both SDKs; and the SDKs of the one-of decoding and multipart fixtures
//! as modules.

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
    for (endpoint, types) in space.typed(&loaded.api).map(|typed| (typed.endpoint, typed.types)) {
        let success =
            endpoint.responses.iter().zip(&types.responses).find(|(r, _)| r.is_success()).and_then(|(_, t)| t.as_ref());
        for (slot, ty) in [("request", types.request.as_ref()), ("response", success)] {
            let Some(doc2rust::__private::Ty::Named(id)) = ty else { continue };
            let name = format_ident!("{}", space.get(*id).name);
            let sample = serde_json::to_string(&doc2rust::__private::sample(space, ty.unwrap())).unwrap();
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
    for (endpoint, types) in space.typed(&loaded.api).map(|typed| (typed.endpoint, typed.types)) {
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

    fidelity(&loaded);
    fixture_module("variants/one-of-decoding", "one_of_decoding");
    fixture_module("variants/vendor-altegio", "vendor_altegio");
    fixture_module("variants/multipart-files", "multipart_files");
    fixture_module("variants/unknown-keys", "unknown_keys");
    fixture_module("variants/webhook-events", "webhook_events");
    fixture_module("vendors/hpe-greenlake/service-catalog", "hpe_service_catalog");
    vendor_samples(&[
        ("altegio/b2b-v1", "altegio_b2b_v1"),
        ("cpanel-whm", "cpanel_whm"),
        ("featurebase", "featurebase"),
        ("magicline/apis/magicline/deviceapi", "magicline_device"),
        ("invoicexpress", "invoicexpress"),
        ("magicline/apis/magicline/webhooks", "magicline_webhooks"),
        ("travelport", "travelport"),
    ]);
}

/// For `tests/vendors.rs`: the SDKs of some vendors' real pages as modules (those whose pages
/// carry `Example:` lines, which the samples use), and the table of sample bodies: for each
/// endpoint and webhook, its request body and success body built from the model, paired with
/// the type it must decode into and encode back from unchanged.
fn vendor_samples(apis: &[(&str, &str)]) {
    let out_dir = std::env::var("OUT_DIR").unwrap();
    let mut modules = Vec::new();
    let mut cases = Vec::new();
    for &(folder, module) in apis {
        fixture_module(&format!("vendors/{folder}"), module);
        let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/vendors").join(folder);
        let loaded = doc2rust::Config::new(&pages).load().unwrap_or_else(|error| {
            eprintln!("{error}");
            std::process::exit(1);
        });
        let module_ident = format_ident!("{module}");
        let file = format!("/{module}.rs");
        modules.push(quote! {
            #[allow(dead_code, unused_imports, deprecated, reason = "only the types are used")]
            mod #module_ident {
                include!(concat!(env!("OUT_DIR"), #file));
            }
        });
        let space = &loaded.space;
        let root = format!("crate::{module_ident}");
        for (endpoint, slots) in space.typed(&loaded.api).map(|typed| (typed.endpoint, typed.types)) {
            let success = endpoint
                .responses
                .iter()
                .zip(&slots.responses)
                .find(|(response, _)| response.is_success())
                .and_then(|(_, ty)| ty.as_ref());
            for (slot, ty) in [("request", slots.request.as_ref()), ("response", success)] {
                let Some(ty @ doc2rust::__private::Ty::Named(_)) = ty else { continue };
                let rust = doc2rust::__private::rust_type_outside(space, ty, &root);
                let sample = serde_json::to_string(&doc2rust::__private::sample(space, ty)).unwrap();
                let name = format!("{module} {} {slot}", endpoint.rust_name);
                cases.push(quote! { (#name, #sample, roundtrip::<#rust>), });
            }
        }
    }
    let tokens = quote! {
        #(#modules)*
        const VENDOR_SAMPLES: &[(&str, &str, Roundtrip)] = &[#(#cases)*];
    };
    std::fs::write(Path::new(&out_dir).join("vendor_samples.rs"), tokens.to_string()).unwrap();
}

/// The SDK of a fixture folder as a module `crate::<module>` in `OUT_DIR/<module>.rs`, for
/// tests that decode JSON with its types (`tests/one_of_decoding.rs`).
fn fixture_module(folder: &str, module: &str) {
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(folder);
    println!("cargo:rerun-if-changed={}", pages.display());
    let mut config = doc2rust::Config::new(&pages);
    config.module_path(format!("crate::{module}")).deserialize_requests(true);
    let code = config.generate_module().unwrap_or_else(|error| {
        eprintln!("{error}");
        std::process::exit(1);
    });
    std::fs::write(Path::new(&std::env::var("OUT_DIR").unwrap()).join(format!("{module}.rs")), code).unwrap();
}

/// For the fidelity check (`tests/fidelity.rs`): the SDK of the 2021 pages as a module, and
/// for both SDKs the table of every type a request or response body goes through, by the
/// name the model displays it with, each paired with its round trip.
fn fidelity(current: &doc2rust::Loaded) {
    let out_dir = std::env::var("OUT_DIR").unwrap();
    let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/conversation-2021");
    println!("cargo:rerun-if-changed={}", pages.display());
    let mut config = doc2rust::Config::new(&pages);
    // Round trips decode request bodies too.
    config.module_path("crate::conversation_2021").deserialize_requests(true);
    let loaded_2021 = config.load().unwrap_or_else(|error| {
        eprintln!("{error}");
        std::process::exit(1);
    });
    for input in &loaded_2021.inputs {
        println!("cargo:rerun-if-changed={}", input.display());
    }
    let module = config.generate_module().unwrap_or_else(|error| {
        eprintln!("{error}");
        std::process::exit(1);
    });
    std::fs::write(Path::new(&out_dir).join("conversation_2021.rs"), module).unwrap();

    let current_table = body_types(current, "sinch_conversation");
    let table_2021 = body_types(&loaded_2021, "crate::conversation_2021");
    let tokens = quote! {
        const CONVERSATION_TYPES: &[(&str, Roundtrip)] = &[#(#current_table)*];
        const CONVERSATION_2021_TYPES: &[(&str, Roundtrip)] = &[#(#table_2021)*];
    };
    std::fs::write(Path::new(&out_dir).join("fidelity_types.rs"), tokens.to_string()).unwrap();
}

/// `(display name, roundtrip::<type>)` for every body type of an SDK whose root is `root`,
/// and for raw JSON (what the SDK decodes undocumented bodies into).
fn body_types(loaded: &doc2rust::Loaded, root: &str) -> Vec<proc_macro2::TokenStream> {
    let space = &loaded.space;
    let mut types = std::collections::BTreeMap::new();
    types.insert("serde_json::Value".to_owned(), quote! { serde_json::Value });
    for (endpoint, slots) in space.typed(&loaded.api).map(|typed| (typed.endpoint, typed.types)) {
        if endpoint.webhook {
            continue;
        }
        for ty in slots.request.iter().chain(slots.responses.iter().flatten()) {
            types.entry(space.display(ty)).or_insert_with(|| doc2rust::__private::rust_type_outside(space, ty, root));
        }
    }
    types.iter().map(|(name, ty)| quote! { (#name, roundtrip::<#ty>), }).collect()
}

/// The path of a model type in the generated crate, spelled as the generator spells it.
fn rust_type(space: &doc2rust::__private::TypeSpace, ty: &doc2rust::__private::Ty) -> proc_macro2::TokenStream {
    doc2rust::__private::rust_type_outside(space, ty, "sinch_conversation")
}

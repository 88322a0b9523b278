//! Other vendors' real pages (`tests/fixtures/vendors/`, sources in its `SOURCES.tsv`): every
//! API generates with no `doc2rust.toml`, and every generated crate compiles with warnings
//! denied, its command-line client and optional features included; and the bodies of some
//! of them, built from their pages' examples, decode and encode back unchanged.

use std::path::PathBuf;

use doc2rust_tests::{fixtures, nested_cargo, run_ok, scratch_dir};

/// Each API of the fixtures (a folder generated on its own) and the crate name it gets.
const APIS: &[(&str, &str)] = &[
    ("altegio/b2b-v1", "altegio-b2b-v1"),
    ("altegio/b2b-v2", "altegio-b2b-v2"),
    ("cpanel-whm", "cpanel-whm"),
    ("featurebase", "featurebase"),
    ("hpe-greenlake/audit-logs", "hpe-audit-logs"),
    ("hpe-greenlake/compute-ops-mgmt", "hpe-compute-ops-mgmt"),
    ("hpe-greenlake/identity", "hpe-identity"),
    ("hpe-greenlake/location-management", "hpe-location-management"),
    ("hpe-greenlake/scim", "hpe-scim"),
    ("hpe-greenlake/service-catalog", "hpe-service-catalog"),
    ("hpe-greenlake/sustainability", "hpe-sustainability"),
    ("hpe-greenlake/workspace", "hpe-workspace"),
    ("invoicexpress", "invoicexpress"),
    ("magicline/apis/magicline/connectapi", "magicline-connect"),
    ("magicline/apis/magicline/deviceapi", "magicline-device"),
    ("magicline/apis/magicline/openapi", "magicline-open"),
    ("magicline/apis/magicline/webhooks", "magicline-webhooks"),
    ("travelport", "travelport"),
];

/// A sample body's check: decode, encode back, compare.
type Roundtrip = fn(&str) -> Result<(), String>;

// The vendors' SDKs as modules and `VENDOR_SAMPLES`, written by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/vendor_samples.rs"));

/// Decodes `sample` into `T`, encodes it back and compares the JSON values.
fn roundtrip<T: serde::de::DeserializeOwned + serde::Serialize>(sample: &str) -> Result<(), String> {
    let expected: serde_json::Value = serde_json::from_str(sample).map_err(|error| error.to_string())?;
    let typed: T = serde_json::from_value(expected.clone()).map_err(|error| format!("does not decode: {error}"))?;
    let back = serde_json::to_value(&typed).map_err(|error| format!("does not encode: {error}"))?;
    if back == expected { Ok(()) } else { Err(format!("changed:\n{expected}\n{back}")) }
}

#[test]
fn vendor_bodies_built_from_their_examples_round_trip() {
    let failures: Vec<String> = VENDOR_SAMPLES
        .iter()
        .filter_map(|(name, sample, roundtrip)| roundtrip(sample).err().map(|error| format!("{name}: {error}")))
        .collect();
    assert!(failures.is_empty(), "{} of {} bodies:\n{}", failures.len(), VENDOR_SAMPLES.len(), failures.join("\n"));
    // Seven APIs, requests and responses, webhook payloads included.
    let apis: std::collections::BTreeSet<&str> =
        VENDOR_SAMPLES.iter().filter_map(|(name, _, _)| name.split(' ').next()).collect();
    assert_eq!(apis.len(), 7, "{apis:?}");
    // 92 when written.
    assert!(VENDOR_SAMPLES.len() >= 90, "{} bodies", VENDOR_SAMPLES.len());
}

fn vendor(folder: &str) -> PathBuf {
    fixtures().join("vendors").join(folder)
}

#[test]
fn every_api_generates_a_crate_that_compiles() {
    let root = scratch_dir("vendors");
    let mut members = Vec::new();
    let mut endpoints = 0;
    for &(folder, name) in APIS {
        let loaded = doc2rust::Config::new(vendor(folder))
            .load()
            .unwrap_or_else(|error| panic!("{folder} does not generate: {error}"));
        endpoints += loaded.api.endpoints.len();
        doc2rust::Config::new(vendor(folder))
            .crate_name(name)
            .write(&root.join(name))
            .unwrap_or_else(|error| panic!("{folder}: {error}"));
        members.push(format!("{name:?}"));
    }
    // 578 when written: the pages less the word-for-word repeats the loader drops.
    assert!(endpoints >= 570, "{endpoints} endpoints across the vendors' APIs");
    let manifest = format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(root.join("Cargo.toml"), manifest).expect("write the scratch workspace");
    // Every target and feature: the command-line client (`cli`) calls every method, deprecated
    // ones included, and must build warning-free too.
    let mut check = nested_cargo(&["check", "--workspace", "--all-targets", "--all-features", "--quiet"]);
    check.current_dir(&root);
    run_ok(check);
}

/// Mailgun's two pages reach us inside another project's notes file (a `# Mailgun API
/// Reference` heading, prose and code before the first page, a `## ` heading of the notes
/// between the pages). Notes before the first page are left out as an index is; a heading
/// inside a page that is no section is refused at its line, rather than guessed at.
#[test]
fn a_notes_file_embedding_pages_is_refused_where_it_is_not_a_page() {
    let Err(error) = doc2rust::Config::new(vendor("mailgun")).load() else { panic!("the notes file is refused") };
    let text = error.to_string();
    assert!(text.contains("mailgun-api-reference-notes.md:249:4: expected a section heading"), "{text}");
    assert!(text.contains("found `Mime format docs (for completeness)`"), "{text}");
    assert_eq!(text.matches("expected").count(), 1, "{text}");
}

/// An `llms-full.txt` starts with an index of its pages (`# Queues`, then `## Queue
/// placement` and a link per page): not a page, left out and said so.
#[test]
fn the_index_before_the_pages_of_a_file_is_left_out() {
    let loaded = doc2rust::Config::new(vendor("travelport")).load().expect("travelport loads");
    let titles: Vec<&str> = loaded.api.endpoints.iter().map(|e| e.title.as_str()).collect();
    assert!(titles.contains(&"Queue placement") && !titles.contains(&"Queues"), "{titles:?}");
    let report: Vec<String> =
        loaded.inferences.iter().map(|i| format!("{}: {}", loaded.api.files.locate(&i.span), i.what)).collect();
    assert!(
        report.iter().any(|r| r.contains("flights-queues.md:1:1") && r.contains("lead to no `Endpoint:` line")),
        "{report:?}"
    );
}

#[test]
fn security_schemes_are_implemented_or_named_in_a_warning() {
    // Magicline's `ApiKeyAuth`: the runtime's API key in a header.
    let magicline = doc2rust::Config::new(vendor("magicline/apis/magicline/openapi")).load().expect("magicline loads");
    let lib = doc2rust::Config::new(vendor("magicline/apis/magicline/openapi"))
        .crate_name("magicline-open")
        .generate()
        .expect("magicline generates")
        .into_iter()
        .find(|f| f.path.ends_with("lib.rs"))
        .expect("a lib.rs")
        .contents;
    assert!(lib.contains("runtime::SecurityScheme::ApiKey"), "{lib}");
    assert!(!magicline.warnings.iter().any(|w| w.to_string().contains("ApiKeyAuth")));
    // HPE's `CookieAuth` is not implemented: a warning names it, once.
    let audit = doc2rust::Config::new(vendor("hpe-greenlake/audit-logs")).load().expect("audit logs load");
    let cookie: Vec<String> =
        audit.warnings.iter().map(ToString::to_string).filter(|w| w.contains("`CookieAuth`")).collect();
    assert_eq!(cookie.len(), 1, "{cookie:?}");
    assert!(cookie[0].contains("not one the generated runtime implements"), "{}", cookie[0]);
}

#[test]
fn transport_headers_are_not_parameters_and_page_tokens_stream() {
    // Altegio documents `Accept`, `Content-Type` and `Authorization` as required headers: the
    // runtime writes them, so no method or command asks for them.
    let root = scratch_dir("vendors-altegio");
    doc2rust::Config::new(vendor("altegio/b2b-v1")).crate_name("altegio").write(&root).expect("altegio generates");
    let apis = std::fs::read_dir(root.join("src/apis")).expect("src/apis");
    for file in apis.flatten() {
        let code = std::fs::read_to_string(file.path()).expect("read a module");
        for header in ["\"Accept\"", "\"Content-Type\"", "\"Authorization\""] {
            assert!(!code.contains(header), "{} sends {header} as a parameter", file.path().display());
        }
    }
}

/// The request body's fields of the endpoint at `path` that takes one, as (wire name, Rust
/// type), from the model of one API of the fixtures.
fn request_fields(folder: &str, path: &str) -> Vec<(String, String)> {
    let loaded = doc2rust::Config::new(vendor(folder)).load().unwrap_or_else(|error| panic!("{folder}: {error}"));
    let model = doc2rust::__private::model_json(&loaded);
    let endpoints = model["endpoints"].as_array().expect("endpoints");
    let endpoint = endpoints
        .iter()
        .find(|e| e["path"] == path && !e["request"].is_null())
        .unwrap_or_else(|| panic!("{folder}: no {path} with a body"));
    let request = &endpoint["rust_types"]["request"];
    let ty =
        model["types"].as_array().and_then(|types| types.iter().find(|t| &t["name"] == request)).expect("the type");
    let fields = ty["definition"]["fields"].as_array().expect("a struct");
    fields.iter().map(|f| (f["wire"].as_str().unwrap().to_owned(), f["type"].as_str().unwrap().to_owned())).collect()
}

#[test]
fn uploads_in_multipart_bodies_are_file_parts() {
    let pairs = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
    };
    // cPanel: "The configuration file data, in multipart/form-data format."
    assert_eq!(
        request_fields("cpanel-whm", "/restore_config_from_upload"),
        pairs(&[("file", "FilePart"), ("module", "Module")])
    );
    // Magicline: "Upload file with correct extension.", "Upload image ...", and a proposal
    // `document` next to the JSON part `data`.
    let magicline = "magicline/apis/magicline/openapi";
    assert_eq!(request_fields(magicline, "/v1/customers/{customerId}/documents"), pairs(&[("file", "FilePart")]));
    assert_eq!(request_fields(magicline, "/v1/customers/{customerId}/images"), pairs(&[("image", "FilePart")]));
    let idle = request_fields(magicline, "/v1/memberships/{contractId}/self-service/idle-periods");
    let names: Vec<&str> = idle.iter().map(|(wire, _)| wire.as_str()).collect();
    assert_eq!(names, ["data", "document"]);
    assert_eq!(idle[1].1, "FilePart");
    assert!(!idle[0].1.contains("FilePart"), "`data` is a JSON part: {idle:?}");
    // HPE sustainability: a CSV `file` next to text fields whose descriptions mention uploads.
    assert_eq!(
        request_fields("hpe-greenlake/sustainability", "/sustainability-insight-ctr/v1beta1/ingests"),
        pairs(&[("name", "String"), ("description", "String"), ("file", "FilePart")])
    );
    // HPE location CSV upload: the page lists the CSV's columns, none of them a file.
    let columns = request_fields("hpe-greenlake/location-management", "/locations/v1/locations/locations-csv-upload");
    assert!(!columns.is_empty() && columns.iter().all(|(_, ty)| ty == "String"), "{columns:?}");
}

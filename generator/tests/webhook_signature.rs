//! `[webhooks] signature` in `doc2rust.toml` reaches the generated crate: the `webhooks`
//! feature on by default, `WebhookVerifier::new` for the configured scheme, and a build
//! script's module with the feature's code compiled in or left out.

use std::path::Path;

use doc2rust::Config;

mod support;

/// A copy of one real page plus an overrides file, in a fresh temp folder.
fn specs_with(overrides: &str, name: &str) -> support::Scratch {
    let scratch = support::Scratch::new(&format!("webhook-signature-{name}"));
    let dir = &scratch.dir;
    std::fs::create_dir_all(dir.join("conversation")).unwrap();
    let page = "conversation-getconversation.md";
    std::fs::copy(format!("../specs/conversation/{page}"), dir.join("conversation").join(page)).unwrap();
    std::fs::write(dir.join("doc2rust.toml"), overrides).unwrap();
    scratch
}

fn file(files: &[doc2rust::GeneratedFile], path: &str) -> String {
    files.iter().find(|f| f.path == Path::new(path)).unwrap_or_else(|| panic!("no {path}")).contents.clone()
}

/// Rust text without its whitespace, to compare code whatever its layout (no string literal
/// compared this way has a space in it but `' '`, which squeezes alike on both sides).
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect()
}

/// The `default = [...]` line of a manifest.
fn default_features(manifest: &str) -> &str {
    manifest.lines().find(|line| line.starts_with("default = ")).expect("a default features line")
}

#[test]
fn a_configured_scheme_turns_the_feature_on_and_gives_new() {
    let files = Config::new(&specs_with("[webhooks]\nsignature = \"sinch\"\n", "sinch").dir).generate().unwrap();
    let manifest = file(&files, "Cargo.toml");
    assert_eq!(default_features(&manifest), "default = [\"rustls\", \"webhooks\"]");
    assert!(manifest.contains("webhooks = [\"dep:hmac\", \"dep:sha2\", \"dep:base64\", \"dep:hex\"]"));
    let cli_feature = manifest.lines().find(|line| line.starts_with("cli = ")).unwrap();
    assert!(cli_feature.ends_with(", \"webhooks\"]"), "the command-line client's `verify` needs it: {cli_feature}");
    let lib = file(&files, "src/lib.rs");
    assert!(lib.contains("WebhookVerifier::with_scheme(secret, SignatureScheme::sinch())"), "{lib}");
    let cli = file(&files, "src/bin/cli/main.rs");
    assert!(cli.contains("    Verify(VerifyArgs),") && cli.contains("    Sign(SignArgs),"), "{cli}");
    assert!(lib.contains("Timestamps more than 300 s away from the clock are refused"));
    assert!(file(&files, "src/runtime/webhook.rs").contains("pub struct WebhookVerifier"));
}

#[test]
fn without_a_scheme_the_feature_is_off_and_there_is_no_new() {
    let files = Config::new(&specs_with("", "none").dir).generate().unwrap();
    let manifest = file(&files, "Cargo.toml");
    assert_eq!(default_features(&manifest), "default = [\"rustls\"]");
    // The feature is still there to turn on, with `with_scheme` and the presets.
    assert!(manifest.contains("\nwebhooks = ["));
    assert!(!manifest.lines().find(|line| line.starts_with("cli = ")).unwrap().contains("webhooks"));
    let lib = file(&files, "src/lib.rs");
    assert!(lib.contains("#[cfg(feature = \"webhooks\")]\npub use runtime::{"), "{lib}");
    assert!(!lib.contains("impl WebhookVerifier"), "{lib}");
    assert!(!file(&files, "src/bin/cli/main.rs").contains("Verify"));
}

/// Every part of a table becomes one builder call, in the runtime's spelling.
#[test]
fn a_table_becomes_builder_calls_the_runtime_has() {
    let overrides = r#"
[webhooks.signature]
preset = "stripe"
header = "X-Acme-Signature"
signed_content = "{nonce}:{timestamp}:{body}"
algorithm = "sha512"
encoding = "base64"
prefix = "v2="
separator = " "
timestamp_header = "X-Acme-Timestamp"
timestamp_unit = "milliseconds"
nonce_header = "X-Acme-Delivery"
algorithm_header = "X-Acme-Algorithm"
tolerance = 120
"#;
    let files = Config::new(&specs_with(overrides, "table").dir).generate().unwrap();
    let lib = file(&files, "src/lib.rs");
    let expected = "WebhookVerifier::with_scheme(secret, SignatureScheme::stripe().signature_header(\"x-acme-signature\")\
                    .signed_content(\"{nonce}:{timestamp}:{body}\").algorithm(HmacAlgorithm::Sha512)\
                    .encoding(SignatureEncoding::Base64).prefix(\"v2=\").separator(' ')\
                    .timestamp_header(\"x-acme-timestamp\").timestamp_unit(TimestampUnit::Milliseconds)\
                    .nonce_header(\"x-acme-delivery\").algorithm_header(\"x-acme-algorithm\"),)\
                    .tolerance(::std::option::Option::Some(::std::time::Duration::from_secs(120)),)";
    assert!(squeeze(&lib).contains(&squeeze(expected)), "{lib}");
    assert!(lib.contains("Timestamps more than 120 s away"));

    // Without a preset the header starts the chain; a timestamp field is the last part left.
    let overrides = "[webhooks.signature]\nheader = \"x-sig\"\nsigned_content = \"{timestamp}.{body}\"\n\
                     separator = \",\"\ntimestamp_field = \"ts\"\n";
    let lib = file(&Config::new(&specs_with(overrides, "field").dir).generate().unwrap(), "src/lib.rs");
    let expected =
        "SignatureScheme::new(\"x-sig\").signed_content(\"{timestamp}.{body}\").separator(',').timestamp_field(\"ts\")";
    assert!(squeeze(&lib).contains(&squeeze(expected)), "{lib}");

    // The runtime has every method called above (the variant fixture `webhook-signature`
    // compiles such a chain too).
    let runtime = file(&files, "src/runtime/webhook.rs");
    for method in [
        "stripe",
        "new",
        "signature_header",
        "signed_content",
        "algorithm",
        "encoding",
        "prefix",
        "separator",
        "timestamp_header",
        "timestamp_field",
        "timestamp_unit",
        "nonce_header",
        "algorithm_header",
    ] {
        assert!(runtime.contains(&format!("    pub fn {method}(")), "runtime has no `SignatureScheme::{method}`");
    }
}

/// A build script's module has no features: the webhook code is in it when the scheme is
/// configured, without its `cfg`, and left out otherwise.
#[test]
fn a_build_script_module_resolves_the_feature() {
    let configured =
        Config::new(&specs_with("[webhooks]\nsignature = \"sinch\"\n", "module-sinch").dir).generate_module().unwrap();
    assert!(configured.contains("pub struct WebhookVerifier"));
    assert!(configured.contains("WebhookVerifier::with_scheme(secret, SignatureScheme::sinch())"));
    assert!(!configured.contains("feature = \"webhooks\""), "no cfg left for the including crate's features");

    let plain = Config::new(&specs_with("", "module-none").dir).generate_module().unwrap();
    assert!(!plain.contains("WebhookVerifier"), "left out");
    assert!(!plain.contains("feature = \"webhooks\""));
    assert!(plain.contains("pub struct Client"), "the rest is there");
}

/// The webhook tools are a group of their own, `webhook verify` beside an endpoint's
/// `verify`; an endpoint whose subcommand would be `webhook` keeps it, the group gives way.
#[test]
fn the_command_line_webhook_group_gives_way_to_an_endpoint() {
    let specs = specs_with("[webhooks]\nsignature = \"sinch\"\n\n[methods]\nget_conversation = \"verify\"\n", "verify");
    let cli = file(&Config::new(&specs.dir).generate().unwrap(), "src/bin/cli/main.rs");
    assert!(cli.contains("\n    Verify(VerifyArgs),"), "the endpoint's: {cli}");
    assert!(cli.contains("\n    Webhook(webhook::Command),"), "{cli}");
    assert!(
        cli.contains("\n        Verify(VerifyArgs),") && cli.contains("\n        Sign(SignArgs),"),
        "the group's: {cli}"
    );

    let specs =
        specs_with("[webhooks]\nsignature = \"sinch\"\n\n[methods]\nget_conversation = \"webhook\"\n", "webhook");
    let cli = file(&Config::new(&specs.dir).generate().unwrap(), "src/bin/cli/main.rs");
    assert!(cli.contains("\n    Webhook(WebhookArgs),"), "the endpoint's: {cli}");
    assert!(cli.contains("\n    WebhookTools(webhook::Command),"), "{cli}");
}

/// The crate generated from the fixed-value webhook events fixture with `overrides` as its
/// `doc2rust.toml`.
fn events_crate(overrides: &str, name: &str) -> Vec<doc2rust::GeneratedFile> {
    let scratch = support::Scratch::new(&format!("webhook-{name}"));
    support::copy_dir(Path::new("../tests/fixtures/variants/webhook-events"), &scratch.dir);
    std::fs::write(scratch.dir.join("doc2rust.toml"), overrides).unwrap();
    Config::new(&scratch.dir).generate().unwrap()
}

/// The webhook events enum sends readers to `WebhookVerifier::verify_event` only in a crate
/// that has the verifier: one whose overrides file configures a scheme.
#[test]
fn the_events_enum_names_the_verifier_only_when_there_is_one() {
    let events_doc = |overrides: &str, name: &str| {
        let types = file(&events_crate(overrides, &format!("events-doc-{name}")), "src/types.rs");
        let end = types.find("pub enum WebhookEvent").expect("the events enum");
        let start = types[..end].rfind("\n\n").unwrap_or(0);
        types[start..end].to_owned()
    };
    let signed = events_doc("[webhooks]\nsignature = \"sinch\"\n", "signed");
    assert!(signed.contains("with [`parse`](Self::parse), or\n/// check its signature"), "{signed}");
    assert!(signed.contains("`WebhookVerifier::verify_event`"), "{signed}");
    let unsigned = events_doc("", "unsigned");
    assert!(!unsigned.contains("WebhookVerifier"), "{unsigned}");
    assert!(unsigned.contains("with [`parse`](Self::parse).\n"), "{unsigned}");
    assert!(unsigned.contains("variant `Unknown` for any other"), "{unsigned}");
}

#[test]
fn the_readme_lists_the_features_the_crate_has() {
    let features = |overrides: &str, name: &str| {
        let readme = file(&events_crate(overrides, &format!("readme-{name}")), "README.md");
        let start = readme.find("## Cargo features").expect("the features section");
        readme[start..].to_owned()
    };
    let signed = features("[webhooks]\nsignature = \"sinch\"\n", "signed");
    let unsigned = features("", "unsigned");
    for section in [&signed, &unsigned] {
        for tls in ["`rustls` (the default", "`rustls-ring`", "`rustls-graviola`", "`native-tls`"] {
            assert!(section.contains(tls), "{tls}: {section}");
        }
        assert!(!section.contains("`multipart`"), "no form bodies here: {section}");
    }
    assert!(signed.contains("- `webhooks` (on by default): `WebhookVerifier`"), "{signed}");
    assert!(!unsigned.contains("webhooks"), "{unsigned}");
}

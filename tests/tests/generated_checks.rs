//! The checked-in SDK passes clippy, builds its docs and runs its doctests with warnings
//! denied, as a crate author vendoring it would check.

use doc2rust_tests::{nested_cargo, run_ok, workspace_root};

#[test]
fn generated_crate_passes_clippy_docs_and_doctests() {
    let manifest = workspace_root().join("generated").join("Cargo.toml");
    let manifest = manifest.to_str().expect("UTF-8 path");
    // Clippy with warnings denied, over the targets and features given.
    let clippy = |selection: &[&str]| {
        let mut args = vec!["clippy", "--quiet", "--manifest-path", manifest];
        args.extend_from_slice(selection);
        args.extend_from_slice(&["--", "-D", "warnings"]);
        run_ok(nested_cargo(&args));
    };
    // As a dependency with default features (request types without `Deserialize`), and with
    // the command-line client, which turns on every derive.
    clippy(&["--lib"]);
    // Without the default `webhooks` feature (signature verification), as a user who only
    // calls the API builds it, with each TLS feature that installs its own crypto provider.
    for tls in ["rustls-ring", "rustls-graviola"] {
        clippy(&["--lib", "--no-default-features", "--features", tls]);
    }
    // With the optional `tracing` span of every call.
    clippy(&["--lib", "--features", "tracing"]);
    clippy(&["--all-targets", "--features", "cli"]);
    run_ok(nested_cargo(&["doc", "--quiet", "--no-deps", "--manifest-path", manifest]));
    let doctests = run_ok(nested_cargo(&["test", "--doc", "--manifest-path", manifest]));
    assert!(doctests.contains("test result: ok"), "{doctests}");
}

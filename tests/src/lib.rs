//! Shared helpers of the end-to-end tests: where the workspace is, and how to run cargo on
//! a crate from inside a test without fighting the outer build for its lock.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// Test fixtures: copies of the shared corpus and hand-written pages.
pub fn fixtures() -> PathBuf {
    workspace_root().join("tests").join("fixtures")
}

/// A `cargo` command for checks that build crates from inside a test. It uses its own target
/// folder, so it never waits on the lock of the `cargo test` that runs it, and denies
/// warnings the same way for every invocation so dependencies are built once.
pub fn nested_cargo(args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .args(args)
        .env("CARGO_TARGET_DIR", workspace_root().join("target").join("nested"))
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTC_WRAPPER");
    command
}

/// Runs a command and panics with its output when it fails.
pub fn run_ok(mut command: Command) -> String {
    let output = command.output().unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{command:?} failed ({}):\n{stdout}\n{stderr}", output.status);
    format!("{stdout}{stderr}")
}

/// A fresh, empty folder under `target/` for one test.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = workspace_root().join("target").join("test-scratch").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

/// Every page of a folder, collapsed to one line as the seed page arrived.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The endpoints of a model as JSON with every description removed: what must not change
/// when a page's line breaks are collapsed.
pub fn model_without_prose(model: &serde_json::Value) -> serde_json::Value {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.remove("description");
                map.remove("span");
                for (_, child) in map.iter_mut() {
                    strip(child);
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut model = model.clone();
    strip(&mut model);
    model
}

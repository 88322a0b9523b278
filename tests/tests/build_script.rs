//! The build-script workflow as a crate author meets it: a crate that regenerates its SDK
//! from a copy of the pages in `build.rs` (`tests/build-script-example`), copied to a scratch
//! folder and built for real. A page edit reaches the code; a rebuild with no change does not
//! rerun the build script; a broken page fails the build with a located diagnostic.

use std::path::Path;
use std::process::Output;
use std::time::Instant;

use doc2rust_tests::{copy_dir, nested_cargo, scratch_dir, workspace_root};

/// The example crate, detached from this workspace.
fn example_copy() -> std::path::PathBuf {
    let dir = scratch_dir("build-script-example");
    let source = workspace_root().join("tests").join("build-script-example");
    copy_dir(&source.join("pages"), &dir.join("pages"));
    copy_dir(&source.join("src"), &dir.join("src"));
    std::fs::copy(source.join("build.rs"), dir.join("build.rs")).unwrap();
    let manifest = std::fs::read_to_string(source.join("Cargo.toml")).unwrap();
    let generator = workspace_root().join("generator");
    let manifest = manifest
        .replace("edition.workspace = true", "edition = \"2024\"")
        .replace("rust-version.workspace = true", "rust-version = \"1.85\"")
        .replace("license.workspace = true", "license = \"MIT OR Apache-2.0\"")
        .replace("path = \"../../generator\"", &format!("path = {:?}", generator.display().to_string()));
    std::fs::write(dir.join("Cargo.toml"), format!("{manifest}\n[workspace]\n")).unwrap();
    dir
}

fn build(dir: &Path) -> Output {
    let mut command = nested_cargo(&["build", "-v", "--lib"]);
    command.current_dir(dir);
    command.output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Whether cargo ran this package's build script during the build.
fn ran_build_script(output: &Output) -> bool {
    stderr(output).lines().any(|line| {
        line.contains("Running") && line.contains("doc2rust-build-example") && line.contains("build-script-build")
    })
}

#[test]
fn a_page_edit_reaches_the_code_and_nothing_else_reruns_the_generator() {
    let dir = example_copy();
    let first = build(&dir);
    assert!(first.status.success(), "first build failed:\n{}", stderr(&first));
    assert!(ran_build_script(&first));

    // No change: the build script does not run again.
    let started = Instant::now();
    let noop = build(&dir);
    let noop_time = started.elapsed();
    assert!(noop.status.success(), "{}", stderr(&noop));
    assert!(!ran_build_script(&noop), "a no-op rebuild reran the build script:\n{}", stderr(&noop));
    eprintln!("no-op rebuild of the build-script example: {noop_time:.2?}");

    // A change to the crate's own code does not regenerate either.
    let lib = dir.join("src").join("lib.rs");
    let code = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, format!("{code}\n/// A touch.\npub const TOUCHED: bool = true;\n")).unwrap();
    let touched = build(&dir);
    assert!(touched.status.success(), "{}", stderr(&touched));
    assert!(!ran_build_script(&touched), "editing src/ reran the build script");

    // A new field on a page reaches the generated type: code using it compiles.
    let page = dir.join("pages").join("messages").join("messages-sendmessage.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let anchor = "## Request fields (application/json):\n\n";
    assert!(text.contains(anchor));
    let edited =
        text.replacen(anchor, &format!("{anchor}  - `priority_hint` (string)\n    A hint added by this test.\n\n"), 1);
    std::fs::write(&page, edited).unwrap();
    std::fs::write(
        &lib,
        format!("{code}\n/// Uses the field the edited page added.\npub fn hint(request: &sinch::types::SendMessageRequest) -> Option<&str> {{ request.priority_hint.as_deref() }}\n"),
    )
    .unwrap();
    let after_edit = build(&dir);
    assert!(after_edit.status.success(), "the new field did not reach the code:\n{}", stderr(&after_edit));
    assert!(ran_build_script(&after_edit));

    // A broken page fails the build with the CLI's located diagnostic.
    let broken =
        std::fs::read_to_string(&page).unwrap().replacen("`priority_hint` (string)", "`priority_hint` (strnig)", 1);
    std::fs::write(&page, broken).unwrap();
    let failed = build(&dir);
    assert!(!failed.status.success());
    let line = text.lines().position(|l| l == "## Request fields (application/json):").unwrap() + 3;
    let expected = format!("pages/messages/messages-sendmessage.md:{line}:22: expected a type");
    assert!(stderr(&failed).contains(&expected), "no `{expected}` in:\n{}", stderr(&failed));
}

#[test]
fn rerun_lines_cover_every_page_folder_and_the_overrides_file() {
    let pages = workspace_root().join("specs");
    let lines = doc2rust::Config::new(&pages).rerun_if_changed();
    let loaded = doc2rust::Config::new(&pages).load().unwrap();
    for input in &loaded.inputs {
        assert!(lines.contains(input), "{} is not watched", input.display());
    }
    assert!(lines.contains(&pages), "the specs folder itself is watched for added pages");
    assert!(lines.contains(&pages.join("messages")), "each sub-folder is watched");
    assert!(lines.contains(&pages.join("doc2rust.toml")));
    // Nothing else: no generated file, no target folder.
    assert!(lines.iter().all(|p| p.starts_with(&pages)));
}

//! The `doc2rust` command line as a user runs it: exit codes, what goes to stdout and
//! stderr, and that bad input never touches the output folder.

use std::path::PathBuf;
use std::process::{Command, Output};

mod support;

const BIN: &str = env!("CARGO_BIN_EXE_doc2rust");

/// A scratch folder under the system temp folder, removed when the test ends.
struct Scratch {
    dir: PathBuf,
    /// Names the folder and removes it when dropped.
    _folder: support::Scratch,
}

impl Scratch {
    fn new() -> Scratch {
        let folder = support::Scratch::new("cli");
        let dir = folder.dir.clone();
        Scratch { dir, _folder: folder }
    }

    fn write(&self, path: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }
}

fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut command = Command::new(BIN);
    for arg in args {
        command.arg(arg);
    }
    command.output().unwrap_or_else(|error| panic!("cannot run {BIN}: {error}"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The `stale: ...` lines of a `check`; every line of its stdout must be one.
fn stale_lines(output: &Output) -> Vec<String> {
    let lines: Vec<String> = stdout(output).lines().map(str::to_owned).collect();
    assert!(!lines.is_empty() && lines.iter().all(|l| l.starts_with("stale: ")), "{lines:?}");
    lines
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const GOOD: &str = "# Get a thing\n\nReturns one thing.\n\nEndpoint: GET /v1/projects/{project_id}/things/{thing_id}\n\
Version: 1.0\n\n## Path parameters:\n\n  - `project_id` (string, required)\n    The project.\n\n  - `thing_id` (string, required)\n\
    The thing.\n\n## Response 200 fields (application/json):\n\n  - `id` (string)\n    The ID.\n\n  - `size` (integer)\n";

const SEND: &str = "# Send a message\n\nEndpoint: POST /v1/projects/{project_id}/messages:send\n\n## Path parameters:\n\n\
  - `project_id` (string, required)\n\n## Request fields (application/json):\n\n  - `text` (string, required)\n\n\
## Response 200 fields (application/json):\n\n  - `message_id` (string)\n";

/// Two pages with three problems between them.
fn bad_specs(scratch: &Scratch) -> PathBuf {
    scratch.write("specs/a.md", "# T\n\nEndpoint: FETCH /x\n");
    scratch.write(
        "specs/b.md",
        "# T\n\nEndpoint: GET /x\n\n## Query parameters:\n\n  - `a` (strng)\n\n  - `b` (string)\n    Enum: x\n",
    );
    scratch.dir.join("specs")
}

#[test]
fn bad_input_exits_2_with_every_diagnostic_and_writes_nothing() {
    let scratch = Scratch::new();
    let specs = bad_specs(&scratch);
    let out = scratch.dir.join("out");
    let output = run(&[&"generate", &"--specs", &specs, &"--out", &out]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let expected = format!(
        "{a}:3:11: expected an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, TRACE), found `FETCH`\n\
         {b}:7:10: expected a type (`string`, `integer`, `number`, `boolean`, `object`, `array`, `any`, `unknown`, `null`), found `strng`\n\
         {b}:10:11: expected JSON values separated by commas, found `x`\n\
         error: 3 problems found; nothing was written\n",
        a = specs.join("a.md").display(),
        b = specs.join("b.md").display(),
    );
    assert_eq!(stderr(&output), expected);
    assert_eq!(stdout(&output), "");
    assert!(!out.exists(), "the output folder was created");
    // No staging folder was left beside it either.
    let beside: Vec<_> = std::fs::read_dir(&scratch.dir).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(beside, vec![std::ffi::OsString::from("specs")]);
}

#[test]
fn bad_input_leaves_an_existing_output_folder_untouched() {
    let scratch = Scratch::new();
    let good = scratch.write("good/thing.md", GOOD);
    let out = scratch.dir.join("out");
    let output = run(&[&"generate", &"--specs", &good, &"--out", &out, &"--name", &"things"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // A hand edit and a file doc2rust does not know, which a failed run must not touch.
    scratch.write("out/src/types.rs", "// edited by hand\n");
    scratch.write("out/notes.txt", "mine\n");
    let before = support::read_tree(&out);
    assert!(before.len() > 5, "{:?}", before.keys());

    let specs = bad_specs(&scratch);
    let output = run(&[&"generate", &"--specs", &specs, &"--out", &out, &"--name", &"things"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).ends_with("error: 3 problems found; nothing was written\n"), "{}", stderr(&output));
    assert_eq!(support::read_tree(&out), before);
}

/// A scratch folder with one good page under `specs/`, generated into `out/` as `things`.
fn generated_crate() -> (Scratch, PathBuf, PathBuf) {
    let scratch = Scratch::new();
    let page = scratch.write("specs/thing.md", GOOD);
    let specs = page.parent().unwrap().to_path_buf();
    let out = scratch.dir.join("out");
    let generate = run(&[&"generate", &"--specs", &specs, &"--out", &out, &"--name", &"things"]);
    assert_eq!(generate.status.code(), Some(0), "{}", stderr(&generate));
    (scratch, specs, out)
}

#[test]
fn check_names_stale_files_and_passes_when_fresh() {
    let (scratch, specs, out) = generated_crate();
    let specs = specs.as_path();

    let fresh = run(&[&"check", &"--specs", &specs, &"--out", &out, &"--name", &"things"]);
    assert_eq!(fresh.status.code(), Some(0), "{}{}", stdout(&fresh), stderr(&fresh));
    assert_eq!(stdout(&fresh), "");
    assert!(stderr(&fresh).contains("is up to date"), "{}", stderr(&fresh));

    // Another crate name changes the package (and the files that name it), nothing else.
    let renamed = run(&[&"check", &"--specs", &specs, &"--out", &out, &"--name", &"other"]);
    assert_eq!(renamed.status.code(), Some(1));
    let lines = stale_lines(&renamed);
    assert!(lines.contains(&format!("stale: {} (changed)", out.join("Cargo.toml").display())), "{lines:?}");
    assert!(!lines.iter().any(|l| l.contains("types.rs") || l.contains("runtime")), "{lines:?}");

    // A page that changes, and a generated file that was deleted.
    scratch.write(
        "specs/thing.md",
        GOOD.replace("  - `size` (integer)\n", "  - `size` (integer)\n\n  - `colour` (string)\n"),
    );
    std::fs::remove_file(out.join("src/runtime/retry.rs")).unwrap();
    let stale = run(&[&"check", &"--specs", &specs, &"--out", &out, &"--name", &"things"]);
    assert_eq!(stale.status.code(), Some(1), "{}", stderr(&stale));
    let lines = stale_lines(&stale);
    for expected in [
        format!("stale: {} (missing)", out.join("src/runtime/retry.rs").display()),
        format!("stale: {} (changed)", out.join("src/types.rs").display()),
    ] {
        assert!(lines.contains(&expected), "no `{expected}` in {lines:?}");
    }
    assert!(!lines.iter().any(|l| l.contains("Cargo.toml")), "{lines:?}");
    let summary = format!("error: {} files are stale; run `doc2rust generate", lines.len());
    assert!(stderr(&stale).contains(&summary), "{}", stderr(&stale));
    // `check` writes nothing.
    assert!(!out.join("src/runtime/retry.rs").exists());
}

#[test]
fn check_diff_prints_a_unified_diff() {
    let (scratch, specs, out) = generated_crate();
    let specs = specs.as_path();
    scratch.write(
        "specs/thing.md",
        GOOD.replace("  - `size` (integer)\n", "  - `size` (integer)\n\n  - `colour` (string)\n"),
    );

    let output = run(&[&"check", &"--specs", &specs, &"--out", &out, &"--name", &"things", &"--diff"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("--- a/src/types.rs\n+++ b/src/types.rs\n@@ "), "{text}");
    assert!(text.lines().any(|l| l.starts_with('+') && l.contains("pub colour:")), "{text}");
    // The only line removed is the struct's `Deserialize` (the runtime's macro), whose field
    // list gains the new field; the struct itself only gains lines.
    let removed: Vec<&str> = text.lines().filter(|l| l.starts_with('-') && !l.starts_with("---")).collect();
    assert_eq!(
        removed,
        ["-crate::runtime::record_deserialize!(Thing { id = \"id\", size = \"size\" } [] extra);"],
        "{text}"
    );
    assert!(text.lines().any(|l| l.starts_with('+') && l.contains("colour = \"colour\"")), "{text}");
}

#[test]
fn model_prints_endpoints_as_on_their_endpoint_lines() {
    let scratch = Scratch::new();
    scratch.write("specs/things/get.md", GOOD);
    scratch.write("specs/messages/send.md", SEND);
    scratch.write("specs/events/client-event.md", "# Client event\n\nEndpoint: POST ClientEvent\n\n## Request fields (application/json):\n\n  - `kind` (string)\n");
    let output = run(&[&"model", &"--specs", &scratch.dir.join("specs")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let model: serde_json::Value =
        serde_json::from_str(&stdout(&output)).unwrap_or_else(|error| panic!("{error}: {}", stdout(&output)));
    let endpoints: Vec<(&str, &str)> = model["endpoints"]
        .as_array()
        .expect("an `endpoints` array")
        .iter()
        .map(|e| (e["method"].as_str().unwrap(), e["path"].as_str().unwrap()))
        .collect();
    // Pages in path order: events/, messages/, things/.
    assert_eq!(
        endpoints,
        [
            ("POST", "ClientEvent"),
            ("POST", "/v1/projects/{project_id}/messages:send"),
            ("GET", "/v1/projects/{project_id}/things/{thing_id}"),
        ]
    );
    assert!(model["types"].is_array());
}

#[test]
fn generate_reads_one_file_of_several_pages() {
    let scratch = Scratch::new();
    let file = scratch.write("llms-full.txt", format!("{GOOD}\n{SEND}"));
    let out = scratch.dir.join("sdk");
    let output = run(&[&"generate", &"--specs", &file, &"--out", &out]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let cargo_toml = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(cargo_toml.contains("name = \"llms-full\""), "{cargo_toml}");
    let methods = std::fs::read_to_string(out.join("src/apis/endpoints.rs")).unwrap();
    assert!(methods.contains("pub fn get_thing("), "{methods}");
    assert!(methods.contains("pub fn send_message("), "{methods}");
    // The model reads the same file the same way.
    let output = run(&[&"model", &"--specs", &file]);
    let model: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(model["endpoints"].as_array().map(Vec::len), Some(2));
}

#[test]
fn version_prints_the_package_version() {
    let output = run(&[&"--version"]);
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), format!("doc2rust {}\n", env!("CARGO_PKG_VERSION")));
}

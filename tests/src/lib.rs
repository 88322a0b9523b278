//! Shared helpers of the end-to-end tests: where the workspace is, and how to run cargo on
//! a crate from inside a test without fighting the outer build for its lock.

use std::path::{Path, PathBuf};
use std::process::Command;

pub mod fidelity;

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
/// warnings the same way for every invocation so dependencies are built once. Nested builds
/// carry no debug info: scratch workspaces do not see the workspace's dev profile, and full
/// debug info for a dozen generated crates and their dependencies is what filled a CI disk.
pub fn nested_cargo(args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .args(args)
        .env("CARGO_TARGET_DIR", workspace_root().join("target").join("nested"))
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTC_WRAPPER");
    command
}

/// Generates one crate per `(crate name, pages)` into a scratch workspace named `scratch`
/// (one workspace, so dependencies are built once) and checks that it compiles with
/// warnings denied. Returns the workspace folder for further checks.
pub fn generate_and_check(scratch: &str, crates: &[(String, PathBuf)]) -> PathBuf {
    let root = scratch_dir(scratch);
    let mut members = Vec::new();
    for (name, specs) in crates {
        let files = doc2rust::Config::new(specs)
            .crate_name(name)
            .write(&root.join(name))
            .unwrap_or_else(|error| panic!("{}: {error}", specs.display()));
        assert!(files.iter().any(|f| f.path == Path::new("src/types.rs")), "{name}: no types.rs");
        members.push(format!("{name:?}"));
    }
    let manifest = format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(root.join("Cargo.toml"), manifest).expect("write the scratch workspace");
    let mut check = nested_cargo(&["check", "--workspace", "--all-targets", "--quiet"]);
    check.current_dir(&root);
    run_ok(check);
    root
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

/// Copies a folder and everything under it.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("read a folder").flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy a file");
        }
    }
}

/// Every file under a folder (links not followed), by path relative to it, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read a folder").flatten() {
            let path = entry.path();
            if entry.file_type().expect("file type").is_dir() {
                folders.push(path);
            } else {
                files.push(path.strip_prefix(dir).expect("under the folder").to_path_buf());
            }
        }
    }
    files.sort();
    files
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

/// The OpenAPI description of the Conversation API that the SDK is checked against.
pub fn openapi_spec() -> PathBuf {
    fixtures().join("openapi").join("conversation.yaml")
}

/// [`openapi_spec`] parsed into JSON values.
pub fn openapi_document() -> serde_json::Value {
    let path = openapi_spec();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("read {}: {error}", path.display()));
    serde_norway::from_str(&text).unwrap_or_else(|error| panic!("parse {}: {error}", path.display()))
}

/// Makes the description's `oneOf`s say what its pages say in words, and returns how many
/// alternatives it changed.
///
/// The description picks an alternative by the one field it has (`text_message`,
/// `contact_id`, ...) but never marks that field required, so every object matches every
/// alternative and a validator rejects every valid request with "must match exactly one
/// schema in oneOf". Each alternative that has exactly one property and requires none gets
/// `required: [that property]`; nothing else changes, so Prism still checks everything
/// else the description says.
pub fn require_one_of_fields(document: &mut serde_json::Value) -> usize {
    fn properties(
        document: &serde_json::Value,
        schema: &serde_json::Value,
        out: &mut Vec<String>,
        required: &mut usize,
    ) {
        let schema = resolve(document, schema);
        if let Some(map) = schema.get("properties").and_then(serde_json::Value::as_object) {
            out.extend(map.keys().cloned());
        }
        *required += schema.get("required").and_then(serde_json::Value::as_array).map_or(0, Vec::len);
        for part in schema.get("allOf").and_then(serde_json::Value::as_array).into_iter().flatten() {
            properties(document, part, out, required);
        }
    }
    fn resolve<'a>(document: &'a serde_json::Value, schema: &'a serde_json::Value) -> &'a serde_json::Value {
        match schema.get("$ref").and_then(serde_json::Value::as_str) {
            Some(reference) => {
                let pointer = reference.strip_prefix('#').unwrap_or_else(|| panic!("external $ref `{reference}`"));
                let target = document.pointer(pointer).unwrap_or_else(|| panic!("dangling $ref `{reference}`"));
                resolve(document, target)
            }
            None => schema,
        }
    }
    // Collect the changes first (reading needs the whole document), then apply them.
    fn collect(
        document: &serde_json::Value,
        node: &serde_json::Value,
        pointer: String,
        changes: &mut Vec<(String, String)>,
    ) {
        match node {
            serde_json::Value::Object(map) => {
                if let Some(alternatives) = map.get("oneOf").and_then(serde_json::Value::as_array) {
                    for (index, alternative) in alternatives.iter().enumerate() {
                        let (mut names, mut required) = (Vec::new(), 0);
                        properties(document, alternative, &mut names, &mut required);
                        if let ([name], 0) = (names.as_slice(), required) {
                            changes.push((format!("{pointer}/oneOf/{index}"), name.clone()));
                        }
                    }
                }
                for (key, child) in map {
                    let key = key.replace('~', "~0").replace('/', "~1");
                    collect(document, child, format!("{pointer}/{key}"), changes);
                }
            }
            serde_json::Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    collect(document, child, format!("{pointer}/{index}"), changes);
                }
            }
            _ => {}
        }
    }
    let mut changes = Vec::new();
    collect(document, document, String::new(), &mut changes);
    for (pointer, name) in &changes {
        let alternative = document.pointer_mut(pointer).expect("collected pointer");
        let original = alternative.take();
        *alternative = serde_json::json!({ "allOf": [original, { "required": [name] }] });
    }
    changes.len()
}

/// A Prism mock server of an OpenAPI description ([`openapi_spec`] with
/// [`require_one_of_fields`] applied, unless [`Prism::serve`] is given another) on
/// 127.0.0.1, started by one test and killed when dropped, also when the test panics.
///
/// Prism validates every request and every answer it gives against the description and
/// logs each violation; a request that breaks the description gets the documented 400.
/// It runs without `--errors`, which would also turn the description's own examples that
/// break its schema into 500s, hiding the answer the SDK has to decode: the log tells
/// request and response violations apart instead (see [`Prism::exchanges`]).
pub struct Prism {
    child: std::process::Child,
    base_url: String,
    log: PathBuf,
}

impl Prism {
    /// Starts Prism on a free port and waits until it accepts connections. Fails, never
    /// skips, when Prism is not installed.
    pub fn start(name: &str) -> Prism {
        let mut document = openapi_document();
        require_one_of_fields(&mut document);
        Prism::serve(name, &document)
    }

    /// Starts Prism on a free port serving `document` as it is, and waits until it accepts
    /// connections. Fails, never skips, when Prism is not installed.
    pub fn serve(name: &str, document: &serde_json::Value) -> Prism {
        let mock = workspace_root().join("tests").join("mock");
        let cli = mock.join("node_modules").join("@stoplight").join("prism-cli").join("dist").join("index.js");
        assert!(
            cli.is_file(),
            "Prism is not installed ({} is missing): run `npm ci --prefix tests/mock` at the workspace root",
            cli.display()
        );
        let dir = scratch_dir(&format!("prism-{name}"));
        let spec = dir.join("description.json");
        std::fs::write(&spec, serde_json::to_vec(document).expect("serialize")).expect("write the description");
        let log = dir.join("prism.log");
        // A free port can be taken by another test's server before Prism binds it; Prism
        // then exits, and a new port is tried.
        for attempt in 1.. {
            let log_file = std::fs::File::create(&log).expect("create the Prism log");
            let stderr = log_file.try_clone().expect("share the Prism log");
            let port = free_port();
            let mut command = Command::new("node");
            command
                .arg(&cli)
                .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
                .arg(&spec)
                .stdin(std::process::Stdio::null())
                .stdout(log_file)
                .stderr(stderr);
            let child = command.spawn().unwrap_or_else(|error| panic!("cannot start Prism ({command:?}): {error}"));
            let mut prism = Prism { child, base_url: format!("http://127.0.0.1:{port}"), log: log.clone() };
            match prism.wait_until_listening(port) {
                Ok(()) => return prism,
                Err(status) if attempt < 3 => {
                    eprintln!("Prism exited ({status}) before listening on {port}; trying another port")
                }
                Err(status) => panic!("Prism exited ({status}) before listening:\n{}", prism.log()),
            }
        }
        unreachable!("the loop returns or panics")
    }

    /// Where the mock API is, for `ClientBuilder::base_url`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Everything Prism logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The requests Prism received so far, in order, each with the violations Prism found
    /// in it and in its answer.
    pub fn exchanges(&self) -> Vec<Exchange> {
        let mut exchanges: Vec<Exchange> = Vec::new();
        for line in self.log().lines() {
            if let Some(at) = line.find("[HTTP SERVER] ") {
                if line.contains("Request received") {
                    let mut words = line[at + "[HTTP SERVER] ".len()..].split_whitespace();
                    let method = words.next().unwrap_or_default().to_ascii_uppercase();
                    let path = words.next().unwrap_or_default().to_owned();
                    exchanges.push(Exchange { method, path, violations: Vec::new() });
                } else if line.contains("error") {
                    // Prism could not answer (e.g. no example and no schema to mock from).
                    let text = line[at..].to_owned();
                    match exchanges.last_mut() {
                        Some(exchange) => exchange.violations.push(text),
                        None => panic!("Prism error before any request: {line}"),
                    }
                }
            } else if let Some(at) = line.find("Violation: ") {
                let text = line[at + "Violation: ".len()..].to_owned();
                match exchanges.last_mut() {
                    Some(exchange) => exchange.violations.push(text),
                    None => panic!("violation before any request: {line}"),
                }
            }
        }
        exchanges
    }

    /// Waits until this Prism says it listens on `port` (a connection alone could reach
    /// another process that took the port); the exit status if it stopped first.
    fn wait_until_listening(&mut self, port: u16) -> Result<(), std::process::ExitStatus> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        let ready = format!("Prism is listening on http://127.0.0.1:{port}");
        loop {
            if let Some(status) = self.child.try_wait().expect("poll Prism") {
                return Err(status);
            }
            if self.log().contains(&ready) && std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(());
            }
            assert!(std::time::Instant::now() < deadline, "Prism did not listen within 120 s:\n{}", self.log());
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // Prism is one Node process; killing it frees the port.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request Prism received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// What broke the description, as Prism words it: `request.body ...` for the request,
    /// `response.body ...` for Prism's answer.
    pub violations: Vec<String>,
}

impl Exchange {
    /// Violations of the request, which the SDK built.
    pub fn request_violations(&self) -> Vec<&str> {
        self.violations.iter().map(String::as_str).filter(|v| !v.starts_with("response")).collect()
    }

    /// Violations of Prism's answer: the description's own examples breaking its schema.
    pub fn response_violations(&self) -> Vec<&str> {
        self.violations.iter().map(String::as_str).filter(|v| v.starts_with("response")).collect()
    }
}

/// A port nothing listens on right now, on 127.0.0.1.
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("local address").port()
}

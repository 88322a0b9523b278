//! doc2rust: reads API reference pages in Redocly's "Markdown for LLMs" format and generates
//! a typed Rust SDK crate (types, open enums, typed errors, one async method per endpoint).
//!
//! The pipeline has visible phase boundaries: read the pages, parse every page (collecting
//! every diagnostic), lower them into the model, intern and name the types, apply the
//! overrides, and only then emit. A phase that reported a problem stops the run before
//! anything is written.
//!
//! ```no_run
//! let files = doc2rust::Config::new("specs").generate()?;
//! for file in &files {
//!     println!("{}: {} bytes", file.path.display(), file.contents.len());
//! }
//! # Ok::<(), doc2rust::Error>(())
//! ```

pub mod audit;
pub mod diagnostic;
pub mod diff;
pub mod emit;
mod input;
mod load;
pub mod model;
pub mod module;
pub mod naming;
pub mod output;
pub mod overrides;
pub mod parse;
pub mod plan;
pub mod runtime_files;
pub mod samples;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use diagnostic::{Diagnostic, Diagnostics, Span};
pub use emit::{CrateInfo, GeneratedFile, RequestDeserialize};
pub use model::Api;
pub use overrides::Overrides;
pub use emit::rustdoc as docs;
pub use load::{Loaded, load, load_text};

/// Everything that can stop a run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the pages or the overrides file, each located.
    #[error("{0}")]
    Input(Diagnostics),
    /// A bug in doc2rust: generated tokens that do not parse.
    #[error(transparent)]
    Emit(#[from] emit::EmitError),
    #[error("{}: {source}", diagnostic::for_terminal(&path.display().to_string()))]
    Io { path: PathBuf, source: std::io::Error },
    /// A setting given in code or on the command line (not read from a file) that cannot be
    /// used, such as a crate name: `--name: expected ..., found ...`.
    #[error("{setting}: {message}")]
    Argument { setting: String, message: String },
}

/// Checks a package name given in code or on the command line (`setting` names where, e.g.
/// `--name`), by the rules of [`naming::check_package_name`].
pub fn check_crate_name(name: &str, setting: &str) -> Result<(), Error> {
    naming::check_package_name(name).map_err(|expected| Error::Argument {
        setting: setting.to_owned(),
        message: format!("expected {expected}, found `{}`", name.escape_debug()),
    })
}

impl From<Diagnostics> for Error {
    fn from(diagnostics: Diagnostics) -> Error {
        Error::Input(diagnostics)
    }
}

/// The crate generated from the pages in one text (one page, or an `llms-full.txt`), with no
/// overrides and without touching the file system; `name` stands for the file in
/// diagnostics. This is the whole pipeline the fuzz targets drive.
pub fn generate_text(name: &str, text: &str, crate_name: &str) -> Result<Vec<GeneratedFile>, Error> {
    check_crate_name(crate_name, "crate name")?;
    let loaded = load_text(name, text)?;
    let info = CrateInfo {
        name: crate_name.to_owned(),
        version: "0.1.0".to_owned(),
        description: String::new(),
        license: emit::DEFAULT_LICENSE.to_owned(),
        repository: None,
        publish: false,
        requests: RequestDeserialize::Feature,
    };
    Ok(emit::generate(&loaded.api, &loaded.space, &loaded.overrides, &info)?)
}

/// Wall-clock time spent in each phase of a run, for `doc2rust generate --timings` and
/// benchmarks. Where phases interleave (read, parse and lower per page; emit and format per
/// piece of output) or run on several threads, each gets its share of the wall time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Finding and reading the pages and the overrides file.
    pub read: Duration,
    /// Pages to page ASTs.
    pub parse: Duration,
    /// Lowering into the model, interning and naming types, applying the overrides.
    pub model: Duration,
    /// Building the tokens of every file, doc prose included.
    pub emit: Duration,
    /// Parsing the tokens with `syn` and printing them with `prettyplease`.
    pub format: Duration,
    /// Comparing with the output folder and writing what changed.
    pub write: Duration,
}

impl Timings {
    pub fn phases(&self) -> [(&'static str, Duration); 6] {
        [
            ("read", self.read),
            ("parse", self.parse),
            ("model", self.model),
            ("emit", self.emit),
            ("format", self.format),
            ("write", self.write),
        ]
    }

    pub fn total(&self) -> Duration {
        self.phases().iter().map(|(_, duration)| *duration).sum()
    }
}

/// One `phase: milliseconds` line per phase, then the total.
impl std::fmt::Display for Timings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (phase, duration) in self.phases() {
            writeln!(f, "{phase:>6}: {:9.3} ms", duration.as_secs_f64() * 1e3)?;
        }
        write!(f, "{:>6}: {:9.3} ms", "total", self.total().as_secs_f64() * 1e3)
    }
}

/// Runs `work` over `items` on up to `jobs` threads and returns the results in item order,
/// so that nothing downstream depends on scheduling. With one job, or one item, it runs on
/// the calling thread.
pub(crate) fn map_parallel<T: Sync, R: Send>(items: &[T], jobs: usize, work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let jobs = jobs.clamp(1, items.len().max(1));
    if jobs == 1 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break done };
                        done.push((index, work(item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

/// Threads to use when not told: what the machine offers.
pub(crate) fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// A generation job, in the spirit of `prost_build::Config`: where the pages are, what to
/// call the crate, where to write it.
#[derive(Debug, Clone)]
pub struct Config {
    specs: PathBuf,
    crate_name: Option<String>,
    overrides: Option<PathBuf>,
    module_path: String,
    jobs: Option<usize>,
    deserialize_requests: bool,
}

impl Config {
    /// Pages from a folder (searched recursively for `.md` and `.txt` files) or one file.
    pub fn new(specs: impl Into<PathBuf>) -> Config {
        Config {
            specs: specs.into(),
            crate_name: None,
            overrides: None,
            module_path: "crate".to_owned(),
            jobs: None,
            deserialize_requests: false,
        }
    }

    /// The generated package's name; default: the overrides file's `[package] name`, else
    /// the specs folder's name.
    pub fn crate_name(&mut self, name: impl Into<String>) -> &mut Config {
        self.crate_name = Some(name.into());
        self
    }

    /// An overrides file other than `doc2rust.toml` next to the pages.
    pub fn overrides(&mut self, path: impl Into<PathBuf>) -> &mut Config {
        self.overrides = Some(path.into());
        self
    }

    /// Where a build script's single-file output is included: `crate` (the default) for the
    /// crate root, `crate::sinch` for `pub mod sinch { include!(...); }` in `lib.rs`.
    pub fn module_path(&mut self, path: impl Into<String>) -> &mut Config {
        self.module_path = path.into();
        self
    }

    /// Whether a build script's module ([`Config::build_script`], [`Config::generate_module`])
    /// derives `Deserialize` on the types only ever sent to the API, as well as on those the
    /// API sends. Off by default, which saves a good part of the module's compile time; a
    /// generated crate has the `deserialize-requests` feature for this instead.
    pub fn deserialize_requests(&mut self, derive: bool) -> &mut Config {
        self.deserialize_requests = derive;
        self
    }

    /// How many threads parse pages and format files (default: the available parallelism).
    /// The output is the same for any number.
    pub fn jobs(&mut self, jobs: usize) -> &mut Config {
        self.jobs = Some(jobs.max(1));
        self
    }

    fn job_count(&self) -> usize {
        self.jobs.unwrap_or_else(default_jobs)
    }

    /// Reads and checks the pages without generating anything.
    pub fn load(&self) -> Result<Loaded, Error> {
        self.load_timed(&mut Timings::default())
    }

    /// The files of the generated crate, without writing them.
    pub fn generate(&self) -> Result<Vec<GeneratedFile>, Error> {
        self.generate_timed(&mut Timings::default())
    }

    /// [`Config::generate`], adding the time of each phase to `timings`.
    pub fn generate_timed(&self, timings: &mut Timings) -> Result<Vec<GeneratedFile>, Error> {
        let loaded = self.load_timed(timings)?;
        self.generate_loaded(&loaded, timings)
    }

    /// [`Config::load`], adding the time of the read, parse and model phases to `timings`.
    pub fn load_timed(&self, timings: &mut Timings) -> Result<Loaded, Error> {
        load::load_timed(&self.specs, self.overrides.as_deref(), self.job_count(), timings)
    }

    /// The files of the crate for pages already loaded, adding the time of the emit and
    /// format phases to `timings`.
    pub fn generate_loaded(&self, loaded: &Loaded, timings: &mut Timings) -> Result<Vec<GeneratedFile>, Error> {
        let info = self.checked_info(loaded)?;
        Ok(emit::generate_timed(&loaded.api, &loaded.space, &loaded.overrides, &info, self.job_count(), timings)?)
    }

    /// Generates the crate into `out`, replacing what is there only once everything is
    /// ready; files whose contents did not change keep their modification time.
    pub fn write(&self, out: &Path) -> Result<Vec<GeneratedFile>, Error> {
        let files = self.generate()?;
        output::write_crate(out, &files)?;
        Ok(files)
    }

    /// The SDK as one Rust file to `include!` at [`Config::module_path`], without writing
    /// it. Its dependencies (reqwest, serde, serde_json, tokio, futures-core, bytes) must be
    /// dependencies of the including crate.
    pub fn generate_module(&self) -> Result<String, Error> {
        Ok(self.module()?.1)
    }

    /// The package name and the text of [`Config::generate_module`].
    fn module(&self) -> Result<(String, String), Error> {
        let loaded = self.load()?;
        // A build script's warnings show in cargo's output, one line each.
        if std::env::var_os("OUT_DIR").is_some() {
            for warning in &loaded.warnings {
                println!("cargo:warning={}", warning.to_string().replace('\n', " "));
            }
        }
        let info = self.module_info(&loaded)?;
        let files = emit::generate_timed(
            &loaded.api,
            &loaded.space,
            &loaded.overrides,
            &info,
            self.job_count(),
            &mut Timings::default(),
        )?;
        let features = emit::default_features(&loaded.api, &loaded.overrides);
        Ok((info.name, module::single_file(&files, &self.module_path, &features)?))
    }

    /// For `build.rs`: generates the SDK into `$OUT_DIR/<crate_name>.rs` (written only when
    /// its contents change) and prints `cargo:rerun-if-changed` for every page, every
    /// folder of pages and the overrides file, so that a docs change reruns the build
    /// script and nothing else does. Returns the file written.
    ///
    /// In `build.rs`:
    ///
    /// ```no_run
    /// if let Err(error) = doc2rust::Config::new("pages").module_path("crate::sdk").build_script() {
    ///     eprintln!("{error}");
    ///     std::process::exit(1);
    /// }
    /// ```
    ///
    /// and in `src/lib.rs`:
    /// `pub mod sdk { include!(concat!(env!("OUT_DIR"), "/sinch_conversation.rs")); }`
    pub fn build_script(&self) -> Result<PathBuf, Error> {
        let out_dir = std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| Error::Io {
            path: "OUT_DIR".into(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "OUT_DIR is not set: call build_script from a build script",
            ),
        })?;
        // Rerun lines first: a page with errors must still be watched, so fixing it reruns.
        for line in self.rerun_if_changed() {
            println!("cargo:rerun-if-changed={}", line.display());
        }
        let (name, contents) = self.module()?;
        let path = out_dir.join(module::file_name(&name));
        module::write_if_changed(&path, &contents).map_err(|source| Error::Io { path: path.clone(), source })?;
        Ok(path)
    }

    /// The inputs a build must watch: the specs folder and each folder under it (to see
    /// pages added or removed), every page, and the overrides file (even before it exists).
    /// Folders are walked as for reading (see the README's "Untrusted input"): links are
    /// followed only inside the specs folder, and each folder is listed once.
    pub fn rerun_if_changed(&self) -> Vec<PathBuf> {
        let mut paths = Vec::new();
        if self.specs.is_dir() {
            match input::walk(&self.specs) {
                Ok(walk) => {
                    paths.extend(walk.folders);
                    paths.extend(walk.pages.into_iter().map(|page| page.path));
                    // A refused link is watched too, so that fixing it reruns the build.
                    paths.extend(walk.refused.into_iter().map(|problem| problem.span.file));
                }
                Err(_) => paths.push(self.specs.clone()),
            }
        } else {
            paths.push(self.specs.clone());
        }
        let overrides = self.overrides.clone().unwrap_or_else(|| {
            let root = if self.specs.is_dir() {
                self.specs.clone()
            } else {
                self.specs.parent().map(Path::to_path_buf).unwrap_or_default()
            };
            root.join(overrides::FILE_NAME)
        });
        paths.push(overrides);
        paths.sort();
        paths.dedup();
        paths
    }

    /// Paths under `out` that regenerating would create, change or delete.
    pub fn check(&self, out: &Path) -> Result<Vec<output::Stale>, Error> {
        let files = self.generate()?;
        Ok(output::stale_files(out, &files))
    }

    /// The package metadata of the generated crate: the name from [`Config::crate_name`], else
    /// the overrides file's, else the specs folder's (made a valid name). The first two are
    /// checked by [`Config::generate`] and by loading the overrides file respectively.
    pub fn crate_info(&self, loaded: &Loaded) -> CrateInfo {
        let package = &loaded.overrides.package;
        let folder = self.specs.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let name = self
            .crate_name
            .clone()
            .or_else(|| package.name.as_ref().map(|name| name.get_ref().clone()))
            .unwrap_or_else(|| crate_name_from(&folder));
        CrateInfo {
            description: package
                .description
                .clone()
                .unwrap_or_else(|| format!("Rust client for the API documented in `{folder}`, generated by doc2rust")),
            version: package.version.as_ref().map_or_else(|| "0.1.0".to_owned(), |version| version.get_ref().clone()),
            license: package
                .license
                .as_ref()
                .map_or_else(|| emit::DEFAULT_LICENSE.to_owned(), |license| license.get_ref().clone()),
            repository: package.repository.as_ref().map(|url| url.get_ref().clone()),
            publish: package.publish.unwrap_or(false),
            name,
            requests: RequestDeserialize::Feature,
        }
    }

    /// [`Config::crate_info`], with the name given to [`Config::crate_name`] checked.
    fn checked_info(&self, loaded: &Loaded) -> Result<CrateInfo, Error> {
        if let Some(name) = &self.crate_name {
            check_crate_name(name, "`Config::crate_name`")?;
        }
        Ok(self.crate_info(loaded))
    }

    /// [`Config::crate_info`] for a build script's module, which has no features to put
    /// request types' `Deserialize` behind.
    fn module_info(&self, loaded: &Loaded) -> Result<CrateInfo, Error> {
        let requests = if self.deserialize_requests { RequestDeserialize::Always } else { RequestDeserialize::Never };
        Ok(CrateInfo { requests, ..self.checked_info(loaded)? })
    }
}

/// The model as JSON: `endpoints` as read from the pages (each with the Rust types its
/// slots resolved to) and the unified `types`.
pub fn model_json(loaded: &Loaded) -> serde_json::Value {
    let endpoints: Vec<serde_json::Value> = loaded
        .api
        .endpoints
        .iter()
        .zip(&loaded.space.endpoints)
        .map(|(endpoint, types)| {
            let space = &loaded.space;
            let mut value = serde_json::to_value(endpoint).unwrap_or_default();
            if let Some(object) = value.as_object_mut() {
                let rust_types = serde_json::json!({
                    "params": types.params.iter().map(|t| space.display(t)).collect::<Vec<_>>(),
                    "request": types.request.as_ref().map(|t| space.display(t)),
                    "responses": types.responses.iter().map(|t| t.as_ref().map(|t| space.display(t))).collect::<Vec<_>>(),
                });
                object.insert("rust_types".into(), rust_types);
            }
            value
        })
        .collect();
    serde_json::json!({
        "endpoints": endpoints,
        "types": loaded.space.sorted_ids().iter().map(|&id| type_json(&loaded.space, id)).collect::<Vec<_>>(),
    })
}

/// One unified type as JSON, with its fields' types spelled out.
fn type_json(space: &model::types::TypeSpace, id: usize) -> serde_json::Value {
    use model::types::{FieldDef, TypeKind};
    let def = space.get(id);
    let fields = |fields: &[FieldDef]| -> Vec<serde_json::Value> {
        fields
            .iter()
            .map(|f| {
                serde_json::json!({
                    "wire": f.wire, "rust": f.rust, "type": space.display(&f.ty), "required": f.required,
                    "deprecated": f.deprecated,
                })
            })
            .collect()
    };
    let kind = match &def.kind {
        TypeKind::Struct(s) => serde_json::json!({
            "kind": "struct",
            "fields": fields(&s.fields),
            "flatten": s.flatten.as_ref().map(|t| space.display(t)),
        }),
        TypeKind::Enum(e) => serde_json::json!({
            "kind": "enum",
            "values": e.values.iter().map(|v| v.value.clone()).collect::<Vec<_>>(),
        }),
        TypeKind::Union(u) => serde_json::json!({
            "kind": "union",
            "discriminator": u.discriminator,
            "variants": u.variants.iter().map(|v| serde_json::json!({"name": v.name, "rust": v.rust, "fields": fields(&v.fields)})).collect::<Vec<_>>(),
        }),
    };
    let pages: Vec<usize> = def.endpoints.iter().copied().collect();
    serde_json::json!({ "name": def.name, "definition": kind, "used_by_endpoints": pages })
}

/// A valid package name from a folder name (see [`naming::check_package_name`]): lowercase,
/// other characters as `-`, `api-` in front when it does not start with a letter or is a
/// name the rules refuse, at most 64 characters.
fn crate_name_from(folder: &str) -> String {
    let name: String = folder
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c.to_ascii_lowercase() } else { '-' })
        .collect();
    let name = name.trim_matches('-');
    if name.is_empty() {
        return "api-client".to_owned();
    }
    let mut name = match naming::check_package_name(name) {
        Ok(()) => name.to_owned(),
        Err(_) => format!("api-{name}"),
    };
    name.truncate(naming::MAX_PACKAGE_NAME_LEN);
    if naming::check_package_name(&name).is_ok() { name } else { "api-client".to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_folders_are_valid_package_names() {
        let cases = [
            ("specs", "specs"),
            ("Sinch Conversation", "sinch-conversation"),
            ("2021", "api-2021"),
            ("fn", "api-fn"),
            ("self", "api-self"),
            ("_", "api-_"),
            ("std", "api-std"),
            ("", "api-client"),
            ("...", "api-client"),
            ("é", "api-client"),
        ];
        for (folder, name) in cases {
            assert_eq!(crate_name_from(folder), name, "{folder}");
        }
        let long = crate_name_from(&"a".repeat(100));
        assert_eq!(long.len(), 64);
        for folder in ["a.b", "1abc", "my sdk", "CON", "build", "_x", "x_", &"9".repeat(100)] {
            let name = crate_name_from(folder);
            assert_eq!(naming::check_package_name(&name), Ok(()), "{folder} -> {name}");
        }
    }
}

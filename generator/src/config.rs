//! [`Config`], the one entry point of the library: where the pages are, how to name and
//! shape the crate, and the runs (load, generate, write, check, build script). It drives
//! every stage below it and is driven by nothing in the crate.

use std::path::{Path, PathBuf};

use crate::emit::{self, CrateInfo, GeneratedFile, RequestDeserialize};
use crate::error::Error;
use crate::load::{self, Loaded, load_text};
use crate::output::{self, Stale};
use crate::parallel::default_jobs;
use crate::plan::CratePlan;
use crate::timings::{Timings, timed};
use crate::{input, module, naming, overrides};

/// Checks a package name given in code or on the command line (`setting` names where, e.g.
/// `--name`), by the rules of `naming::check_package_name`.
pub fn check_crate_name(name: &str, setting: &str) -> Result<(), Error> {
    naming::check_package_name(name).map_err(|expected| Error::Argument {
        setting: setting.to_owned(),
        message: format!("expected {expected}, found `{}`", name.escape_debug()),
    })
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

/// A generation job, in the spirit of `prost_build::Config`: where the pages are, what to
/// call the crate, where to write it.
///
/// Make one with [`Config::new`], change what you need with the setters (each returns
/// `&mut Config`, so they chain), then run one of:
///
/// - [`Config::write`]: generate a standalone crate into a folder;
/// - [`Config::build_script`]: from `build.rs`, generate one module into `$OUT_DIR`;
/// - [`Config::generate`] / [`Config::generate_module`]: the same without writing;
/// - [`Config::check`]: which files of an output folder are out of date;
/// - [`Config::load`]: read and check the pages only, and look at the [`model`](crate::model).
///
/// Every run reads the pages afresh; nothing is cached between calls.
///
/// ```no_run
/// let mut config = doc2rust::Config::new("specs");
/// config.crate_name("acme-sdk").overrides("config/doc2rust.toml");
/// let written = config.write(std::path::Path::new("generated"))?;
/// println!("{} files", written.len());
/// # Ok::<(), doc2rust::Error>(())
/// ```
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
    /// Pages from a folder (searched recursively for `.md` and `.txt` files) or one file
    /// (a page, or an `llms-full.txt` holding many). Nothing is read until a run.
    ///
    /// ```
    /// let from_folder = doc2rust::Config::new("specs");
    /// let from_one_file = doc2rust::Config::new("docs/llms-full.txt");
    /// # let _ = (from_folder, from_one_file);
    /// ```
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
    /// the specs folder's name made a valid package name (`Sinch Conversation` ->
    /// `sinch-conversation`, `2021` -> `api-2021`). A name given here must follow Cargo's
    /// rules for package names, in lowercase; a run with one that does not fails with
    /// [`Error::Argument`].
    ///
    /// ```no_run
    /// let files = doc2rust::Config::new("specs").crate_name("acme-sdk").generate()?;
    /// assert!(files.iter().any(|file| file.contents.contains("name = \"acme-sdk\"")));
    /// # Ok::<(), doc2rust::Error>(())
    /// ```
    pub fn crate_name(&mut self, name: impl Into<String>) -> &mut Config {
        self.crate_name = Some(name.into());
        self
    }

    /// An overrides file other than `doc2rust.toml` next to the pages (the default, used
    /// when it exists). The README's "Overrides" section lists what it can change: package
    /// metadata, method names, bound parameters, type replacements, excluded pages.
    ///
    /// ```no_run
    /// doc2rust::Config::new("vendor/pages").overrides("sdk/doc2rust.toml").write("sdk".as_ref())?;
    /// # Ok::<(), doc2rust::Error>(())
    /// ```
    pub fn overrides(&mut self, path: impl Into<PathBuf>) -> &mut Config {
        self.overrides = Some(path.into());
        self
    }

    /// Where a build script's single-file output is included: `crate` (the default) for the
    /// crate root, `crate::sinch` for `pub mod sinch { include!(...); }` in `lib.rs`. The
    /// module's own paths start from here, so it must name the module the file is included
    /// in. Only [`Config::build_script`] and [`Config::generate_module`] use it.
    ///
    /// ```no_run
    /// // build.rs; `src/lib.rs` has `pub mod sinch { include!(concat!(env!("OUT_DIR"), "/sinch.rs")); }`
    /// doc2rust::Config::new("pages").crate_name("sinch").module_path("crate::sinch").build_script()?;
    /// # Ok::<(), doc2rust::Error>(())
    /// ```
    pub fn module_path(&mut self, path: impl Into<String>) -> &mut Config {
        self.module_path = path.into();
        self
    }

    /// Whether a build script's module ([`Config::build_script`], [`Config::generate_module`])
    /// derives `Deserialize` on the types only ever sent to the API, as well as on those the
    /// API sends. Off by default, which saves a good part of the module's compile time; a
    /// generated crate has the `deserialize-requests` feature for this instead.
    ///
    /// ```no_run
    /// // A test of the including crate decodes request bodies it recorded.
    /// doc2rust::Config::new("pages").deserialize_requests(true).build_script()?;
    /// # Ok::<(), doc2rust::Error>(())
    /// ```
    pub fn deserialize_requests(&mut self, derive: bool) -> &mut Config {
        self.deserialize_requests = derive;
        self
    }

    /// How many threads parse pages and format files (default: one more than the available
    /// parallelism, one on a single core; `0` counts as `1`). The output is the same for any number, so a build script sharing
    /// the machine with cargo's other jobs can ask for one.
    ///
    /// ```no_run
    /// let files = doc2rust::Config::new("specs").jobs(1).generate()?;
    /// # Ok::<(), doc2rust::Error>(())
    /// ```
    pub fn jobs(&mut self, jobs: usize) -> &mut Config {
        self.jobs = Some(jobs.max(1));
        self
    }

    fn job_count(&self) -> usize {
        self.jobs.unwrap_or_else(default_jobs)
    }

    /// Reads and checks the pages without generating anything: the [`model`](crate::model)
    /// a tool can inspect (or compare with [`diff::compare`](crate::diff::compare)), with
    /// the run's warnings. Fails with every problem found in the pages, each located.
    ///
    /// ```no_run
    /// let loaded = doc2rust::Config::new("specs").load()?;
    /// for endpoint in &loaded.api.endpoints {
    ///     println!("{} {} ({})", endpoint.method, endpoint.path, endpoint.page);
    /// }
    /// # Ok::<(), doc2rust::Error>(())
    /// ```
    pub fn load(&self) -> Result<Loaded, Error> {
        self.load_timed(&mut Timings::default())
    }

    /// The files of the generated crate, without writing them: `Cargo.toml`, `src/lib.rs`,
    /// the types, one module per folder of pages, the runtime and the command-line client,
    /// each with its path relative to the crate root.
    pub fn generate(&self) -> Result<Vec<GeneratedFile>, Error> {
        let mut timings = Timings::default();
        let loaded = self.load_timed(&mut timings)?;
        self.generate_loaded(&loaded, &mut timings)
    }

    /// [`Config::load`], adding the time of the read, parse and model phases to `timings`.
    pub(crate) fn load_timed(&self, timings: &mut Timings) -> Result<Loaded, Error> {
        load::load_timed(&self.specs, self.overrides.as_deref(), self.job_count(), timings)
    }

    /// The files of the crate for pages already loaded, adding the time of the emit and
    /// format phases to `timings`.
    pub(crate) fn generate_loaded(&self, loaded: &Loaded, timings: &mut Timings) -> Result<Vec<GeneratedFile>, Error> {
        let info = self.checked_info(loaded)?;
        Ok(self.emit(loaded, &info, &|_| {}, timings)?)
    }

    /// The crate's files for pages already loaded, on this configuration's threads, each
    /// handed to `stage` as soon as it is whole.
    fn emit(
        &self,
        loaded: &Loaded,
        info: &CrateInfo,
        stage: &(dyn Fn(&GeneratedFile) + Sync),
        timings: &mut Timings,
    ) -> Result<Vec<GeneratedFile>, emit::EmitError> {
        emit::generate_timed(&loaded.api, &loaded.space, &loaded.overrides, info, self.job_count(), stage, timings)
    }

    /// Generates the crate for pages already loaded into `out` (see [`Config::write`]),
    /// adding the time of the emit, format and write phases to `timings`; returns the files
    /// and how many were written or removed. Each file is staged as soon as it is made,
    /// while the others are still being generated.
    pub(crate) fn write_loaded(
        &self,
        loaded: &Loaded,
        out: &Path,
        timings: &mut Timings,
    ) -> Result<(Vec<GeneratedFile>, usize), Error> {
        let info = self.checked_info(loaded)?;
        let staging = timed(&mut timings.write, || output::Staging::begin(out))?;
        let stage = |file: &GeneratedFile| staging.stage(file);
        let files = self.emit(loaded, &info, &stage, timings)?;
        let changed = timed(&mut timings.write, || staging.commit(&files))?;
        Ok((files, changed))
    }

    /// Generates the crate into `out`, replacing what is there only once everything is
    /// ready; files whose contents did not change keep their modification time. A file
    /// in `out` that doc2rust did not write (it lacks the `@generated` header) is never
    /// overwritten or deleted: the run fails instead.
    ///
    /// ```no_run
    /// doc2rust::Config::new("specs").write("generated".as_ref())?;
    /// # Ok::<(), doc2rust::Error>(())
    /// ```
    pub fn write(&self, out: &Path) -> Result<Vec<GeneratedFile>, Error> {
        let mut timings = Timings::default();
        let loaded = self.load_timed(&mut timings)?;
        Ok(self.write_loaded(&loaded, out, &mut timings)?.0)
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
        let files = self.emit(&loaded, &info, &|_| {}, &mut Timings::default())?;
        let features = CratePlan::build(&loaded.api, &loaded.overrides).default_features;
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
            let mut files = crate::diagnostic::Files::default();
            match input::walk(&self.specs, &mut files) {
                Ok(walk) => {
                    paths.extend(walk.folders);
                    paths.extend(walk.pages.into_iter().map(|page| page.path));
                    // A refused link is watched too, so that fixing it reruns the build.
                    paths.extend(walk.refused.iter().map(|problem| files.path(problem.span.file).to_path_buf()));
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

    /// Paths under `out` that regenerating would create, change or delete; empty when `out`
    /// is up to date. What CI runs to catch a docs change nobody regenerated.
    ///
    /// ```no_run
    /// let stale = doc2rust::Config::new("specs").check("generated".as_ref())?;
    /// for file in &stale {
    ///     eprintln!("{} is {:?}", file.path.display(), file.kind);
    /// }
    /// assert!(stale.is_empty(), "run doc2rust to regenerate");
    /// # Ok::<(), doc2rust::Error>(())
    /// ```
    pub fn check(&self, out: &Path) -> Result<Vec<Stale>, Error> {
        let files = self.generate()?;
        Ok(output::stale_files(out, &files))
    }

    /// The package metadata of the generated crate: the name from [`Config::crate_name`], else
    /// the overrides file's, else the specs folder's (made a valid name). The first two are
    /// checked by [`Config::generate`] and by loading the overrides file respectively.
    pub(crate) fn crate_info(&self, loaded: &Loaded) -> CrateInfo {
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

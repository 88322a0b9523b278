//! doc2rust: reads API reference pages in Redocly's "Markdown for LLMs" format and generates
//! a typed Rust SDK crate (types, open enums, typed errors, one async method per endpoint).
//!
//! Everything starts from a [`Config`]: where the pages are, what to call the crate, and one
//! of its runs: [`Config::write`] (a standalone crate), [`Config::build_script`] (a module
//! generated from `build.rs`), [`Config::check`] (is an output folder up to date?) or
//! [`Config::load`] (read and check the pages only, for a tool that inspects the
//! [`model`] or compares two versions of an API with [`diff`]).
//!
//! The pipeline has visible phase boundaries: read the pages, parse every page (collecting
//! every diagnostic), lower them into the model, intern and name the types, apply the
//! overrides, and only then emit. A phase that reported a problem stops the run before
//! anything is written, with an [`Error::Input`] listing every [`Diagnostic`], each located.
//! The README's "How it works" follows one page through the stages.
//!
//! ```no_run
//! let files = doc2rust::Config::new("specs").generate()?;
//! for file in &files {
//!     println!("{}: {} bytes", file.path.display(), file.contents.len());
//! }
//! # Ok::<(), doc2rust::Error>(())
//! ```
#![deny(missing_docs)]

// The layers, lowest first (generator/tests/layers.rs checks that no module imports from a
// layer above its own): shared leaves (`text`, `diagnostic`, `error`, `timings`, `parallel`,
// `runtime_files`, `naming`), then `input`, `parse`, `model`, `overrides`, `load`, `plan`,
// `emit`, the tools over their results (`audit`, `diff`, `report`, `samples`), `output` and
// `module`, and last `config`, which drives them all.
//
// Modules reached only through `__private` (test and fuzz hooks, the command's own needs)
// are allowed to leave items undocumented: they are not the library's API.
#[allow(missing_docs)]
mod audit;
mod config;
mod diagnostic;
pub mod diff;
mod emit;
mod error;
#[allow(missing_docs)]
mod input;
mod load;
pub mod model;
#[allow(missing_docs)]
mod module;
#[allow(missing_docs)]
mod naming;
mod output;
#[allow(missing_docs)]
mod overrides;
#[allow(missing_docs)]
mod parallel;
#[allow(missing_docs)]
mod parse;
#[allow(missing_docs)]
mod plan;
mod report;
#[allow(missing_docs)]
mod runtime_files;
#[allow(missing_docs)]
mod samples;
mod text;
mod timings;

pub use config::Config;
pub use diagnostic::{Diagnostic, Diagnostics, FileId, Files, Location, Place, Severity, Span};
pub use emit::GeneratedFile;
pub use error::{EmitError, Error};
pub use load::Loaded;
pub use output::{Stale, StaleKind};

// Unit tests build their fixtures through the front end as `crate::load_text`.
#[cfg(test)]
use load::load_text;

/// Hooks for doc2rust's own command, tests, benchmarks and fuzz targets: internals that may
/// change in any release. Not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use crate::audit::{audit, audit_file};
    pub use crate::config::{check_crate_name, generate_text};
    pub use crate::diagnostic::for_terminal;
    pub use crate::emit::rustdoc::Doc;
    pub use crate::emit::{endpoints_code, rust_type_outside, types_code};
    pub use crate::load::load_text;
    pub use crate::model::one_of::{describe, describe_events};
    pub use crate::model::summary::summary;
    pub use crate::model::types::{
        EndpointTypes, EnumValue, FieldDef, StructDef, Ty, TypeDef, TypeKind, TypeSpace, UnionDef,
    };
    pub use crate::module::write_if_changed;
    pub use crate::output::{unified_diff, write_crate};
    pub use crate::overrides::FILE_NAME as OVERRIDES_FILE_NAME;
    pub use crate::parse::{MAX_ITEMS_PER_PAGE, MAX_NESTING, MAX_PAGE_BYTES};
    pub use crate::plan::Plan;
    pub use crate::report::model_json;
    pub use crate::samples::sample;
    pub use crate::text::is_unsafe_char;
    pub use crate::timings::Timings;

    use crate::diagnostic::{Diagnostic, Files};
    use crate::{Config, Error, GeneratedFile, Loaded};

    /// A file's text once it is known to be readable at all, as a page must be; `path` names
    /// the file in the diagnostic.
    pub fn check_text<'a>(path: &std::path::Path, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
        let mut files = Files::default();
        let file = files.add(path);
        crate::parse::check_text(file, bytes).map_err(|diagnostic| diagnostic.located(&files))
    }

    /// The pages of one file's text, adding the problems found (located in `path`) to
    /// `diagnostics`.
    pub fn parse_file(
        path: &std::path::Path,
        text: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<crate::parse::Page> {
        let mut files = Files::default();
        let file = files.add(path);
        let mut found = Vec::new();
        let pages = crate::parse::parse_file(path, file, text, &mut found);
        diagnostics.extend(found.into_iter().map(|diagnostic| diagnostic.located(&files)));
        pages
    }

    /// [`Config::load`], adding the time of the read, parse and model phases to `timings`.
    pub fn load_timed(config: &Config, timings: &mut Timings) -> Result<Loaded, Error> {
        config.load_timed(timings)
    }

    /// The files of the crate for pages already loaded, adding the time of the emit and
    /// format phases to `timings`.
    pub fn generate_loaded(
        config: &Config,
        loaded: &Loaded,
        timings: &mut Timings,
    ) -> Result<Vec<GeneratedFile>, Error> {
        config.generate_loaded(loaded, timings)
    }

    /// The crate for pages already loaded, written into `out` while it is generated;
    /// returns its files and how many were written or removed. Adds the time of the emit,
    /// format and write phases to `timings`.
    pub fn write_loaded(
        config: &Config,
        loaded: &Loaded,
        out: &std::path::Path,
        timings: &mut Timings,
    ) -> Result<(Vec<GeneratedFile>, usize), Error> {
        config.write_loaded(loaded, out, timings)
    }
}

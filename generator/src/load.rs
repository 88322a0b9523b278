//! Runs the front end over a folder of pages: read, parse, lower, intern, then apply and
//! validate the overrides (the steps that use the overrides file are in [`apply`]). Each
//! phase boundary stops on diagnostics.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, Diagnostics, FileId, Files, Span};
use crate::error::Error;
use crate::input::{self, PageFile};
use crate::model::lower::PageSource;
use crate::model::types::TypeSpace;
use crate::model::{Api, Endpoint, HttpMethod, Inference, lower_page};
use crate::overrides::{self, Overrides};
use crate::parallel::map_parallel;
use crate::parse;
use crate::timings::Timings;

mod apply;

use apply::{
    apply_type_overrides, bound_params_by_wire_name, declare_responses, name_methods, preview, unsupported_security,
};

/// The checked front-end result: the model, its types, the overrides, and what was inferred.
/// [`Config::load`](crate::Config::load) returns it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The model: every endpoint the pages document.
    pub api: Api,
    /// The named Rust types the schemas were interned into. The generator's own view,
    /// reached by the command and the tests through `__private`, not part of the API.
    #[doc(hidden)]
    pub space: TypeSpace,
    /// The overrides file as read. Internal, like `space`.
    #[doc(hidden)]
    pub overrides: Overrides,
    /// Guesses made from prose (a format, a default, a page that is not an endpoint),
    /// listed so a user can check them and override them; `doc2rust model --report`.
    pub inferences: Vec<Inference>,
    /// Every input file read, for build scripts' `rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
    /// Decisions the user may want to change, such as a method renamed to resolve a clash.
    pub warnings: Vec<Diagnostic>,
}

/// The pages of `specs` (a folder or one file) with the overrides file (`overrides_path`,
/// else `doc2rust.toml` next to the pages): read, parsed and lowered on up to `jobs`
/// threads (the result is the same for any number), adding the time spent in each phase to
/// `timings`.
pub fn load_timed(
    specs: &Path,
    overrides_path: Option<&Path>,
    jobs: usize,
    timings: &mut Timings,
) -> Result<Loaded, Error> {
    let started = Instant::now();
    // Every path a span of the run names, given an id once.
    let mut paths = Files::default();
    // Links out of the folder are reported with every other problem of the run.
    let (root, files, mut diagnostics) = discover(specs, &mut paths)?;
    let overrides_path = match overrides_path {
        Some(path) => Some(path.to_path_buf()),
        None => match input::overrides_in(&root, overrides::FILE_NAME, &mut paths) {
            Ok(path) => path,
            Err(diagnostic) => return Err(Diagnostics::sorted(vec![diagnostic], &paths).into()),
        },
    };
    let overrides = match &overrides_path {
        Some(path) => match Overrides::load(path, paths.add(path)) {
            Ok(overrides) => overrides,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                return Err(Diagnostics::sorted(diagnostics, &paths).into());
            }
        },
        None => Overrides::default(),
    };
    diagnostics.extend(overrides.check());
    timings.read += started.elapsed();
    let mut inferences = Vec::new();
    let mut endpoints = Vec::new();
    let mut excluded: BTreeMap<String, bool> = overrides.exclude.iter().map(|e| (e.get_ref().clone(), false)).collect();
    let mut inputs = Vec::new();
    let mut pages = Vec::new();
    for file in &files {
        let relative = relative_path(&root, &file.path);
        if let Some(used) = excluded.get_mut(&relative) {
            *used = true;
            continue;
        }
        inputs.push(file.path.clone());
        pages.push((file, relative, paths.add(&file.path)));
    }
    // Each file is read, parsed and lowered on its own; the results are merged in file
    // order, so diagnostics, inferences and endpoints come out as from one thread.
    let started = Instant::now();
    let done = map_parallel(&pages, jobs, |(file, relative, id)| front_end(file, relative, *id));
    let (mut read, mut parse, mut lower) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut skipped = Vec::new();
    for (result, (_, relative, _)) in done.into_iter().zip(&pages) {
        let file = result?;
        if file.skipped {
            skipped.push(relative.as_str());
        }
        (read, parse, lower) = (read + file.read, parse + file.parse, lower + file.lower);
        diagnostics.extend(file.diagnostics);
        inferences.extend(file.inferences);
        endpoints.extend(file.endpoints);
    }
    // Threads overlap, so each phase gets its share of the wall time.
    let wall = started.elapsed();
    let busy = (read + parse + lower).as_secs_f64();
    let share = |phase: Duration| if busy > 0.0 { wall.mul_f64(phase.as_secs_f64() / busy) } else { Duration::ZERO };
    timings.read += share(read);
    timings.parse += share(parse);
    timings.model += share(lower);
    let started = Instant::now();
    for (page, used) in &excluded {
        // Each page excluded comes from a key of the file, which has a span.
        let key = overrides.exclude.iter().find(|e| e.get_ref() == page);
        if let (false, Some(key)) = (used, key) {
            let span = overrides.span(key.span());
            diagnostics.push(Diagnostic::expected(span, "a page of the specs folder to exclude", format!("`{page}`")));
        }
    }
    if !pages.is_empty() && skipped.len() == pages.len() {
        let at = if let [(_, _, id)] = pages.as_slice() { *id } else { paths.add(&root) };
        diagnostics.push(only_non_pages(at, &skipped));
    }
    if let Some(path) = &overrides_path {
        inputs.push(path.clone());
    }
    let loaded = finish(endpoints, overrides, diagnostics, inferences, inputs, paths, jobs);
    timings.model += started.elapsed();
    loaded
}

/// What one file contributes to the model, and the time each step took.
struct FrontEnd {
    endpoints: Vec<Endpoint>,
    /// The file is no endpoint page (see [`parse::ParsedFile::skipped`]).
    skipped: bool,
    diagnostics: Vec<Diagnostic>,
    inferences: Vec<Inference>,
    read: Duration,
    parse: Duration,
    lower: Duration,
}

/// Reads, parses and lowers one file of pages, `id` in the run's files.
fn front_end(page: &PageFile, relative: &str, id: FileId) -> Result<FrontEnd, Error> {
    let started = Instant::now();
    let file = page.path.as_path();
    let bytes = input::read(id, &page.real, parse::MAX_PAGE_BYTES, "a page");
    let parsing = Instant::now();
    let mut result = FrontEnd {
        endpoints: Vec::new(),
        skipped: false,
        diagnostics: Vec::new(),
        inferences: Vec::new(),
        read: parsing - started,
        parse: Duration::ZERO,
        lower: Duration::ZERO,
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(diagnostic) => {
            result.diagnostics.push(diagnostic);
            return Ok(result);
        }
    };
    let text = match parse::check_text(id, &bytes) {
        Ok(text) => text,
        Err(diagnostic) => {
            result.diagnostics.push(diagnostic);
            return Ok(result);
        }
    };
    let pages = parse::parse_pages(file, id, text, &mut result.diagnostics);
    result.skipped = pages.skipped.is_some();
    let left_out = pages.left_out.iter().map(|(span, what)| Inference { span: span.clone(), what: what.clone() });
    result.inferences.extend(left_out);
    let lowering = Instant::now();
    result.parse = lowering - parsing;
    result.endpoints = lower_pages(file, relative, &pages, &mut result.diagnostics, &mut result.inferences);
    result.lower = lowering.elapsed();
    Ok(result)
}

/// The pages of one text (a page, or several in an `llms-full.txt`) without touching the
/// file system, with no overrides; `name` stands for the file in diagnostics.
pub fn load_text(name: &str, text: &str) -> Result<Loaded, Error> {
    let file = Path::new(name);
    let mut paths = Files::default();
    let id = paths.add(file);
    let mut diagnostics = Vec::new();
    let mut inferences = Vec::new();
    let endpoints = match parse::check_text(id, text.as_bytes()) {
        Ok(text) => lower_text(file, id, name, text, &mut diagnostics, &mut inferences),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            Vec::new()
        }
    };
    finish(endpoints, Overrides::default(), diagnostics, inferences, Vec::new(), paths, 1)
}

/// Parses and lowers one file's text.
fn lower_text(
    file: &Path,
    id: FileId,
    relative: &str,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
    inferences: &mut Vec<Inference>,
) -> Vec<crate::model::Endpoint> {
    let pages = parse::parse_pages(file, id, text, diagnostics);
    if pages.skipped.is_some() {
        diagnostics.push(only_non_pages(id, &[]));
    }
    lower_pages(file, relative, &pages, diagnostics, inferences)
}

/// Pages were asked for and every file given is prose (a `README.md`, a guide): an error,
/// rather than a crate with no endpoint.
fn only_non_pages(specs: FileId, files: &[&str]) -> Diagnostic {
    let found = if files.len() > 1 {
        format!("only files with neither: {}", preview(files))
    } else {
        "a file with neither".to_owned()
    };
    Diagnostic::expected(
        Span::start(specs),
        "an endpoint page (an `Endpoint: METHOD /path` line, `## ... parameters:` or `## ... fields` sections)",
        found,
    )
}

/// Lowers the pages parsed from one file.
fn lower_pages(
    file: &Path,
    relative: &str,
    parsed: &parse::ParsedFile,
    diagnostics: &mut Vec<Diagnostic>,
    inferences: &mut Vec<Inference>,
) -> Vec<Endpoint> {
    if let Some((span, what)) = &parsed.skipped {
        inferences.push(Inference { span: span.clone(), what: what.clone() });
    }
    let tag = relative.rsplit_once('/').map(|(dir, _)| dir.to_owned()).unwrap_or_default();
    let source = PageSource { file, page: relative, tag: &tag };
    parsed.pages.iter().filter_map(|page| lower_page(page, &source, diagnostics, inferences)).collect()
}

/// The phases after lowering: method names, bound parameters, the type space (interned on up
/// to `jobs` threads), overrides.
fn finish(
    endpoints: Vec<crate::model::Endpoint>,
    mut overrides: Overrides,
    mut diagnostics: Vec<Diagnostic>,
    mut inferences: Vec<Inference>,
    inputs: Vec<PathBuf>,
    files: Files,
    jobs: usize,
) -> Result<Loaded, Error> {
    if !diagnostics.is_empty() {
        return Err(Diagnostics::sorted(diagnostics, &files).into());
    }

    let (endpoints, mut warnings) = drop_repeated_pages(endpoints);
    let mut api = Api { endpoints, files };
    warnings.extend(name_methods(&mut api, &overrides, &mut diagnostics));
    bound_params_by_wire_name(&api, &mut overrides, &mut diagnostics);
    warnings.extend(unsupported_security(&api));
    if !diagnostics.is_empty() {
        return Err(Diagnostics::sorted(diagnostics, &api.files).into());
    }
    let mut space = TypeSpace::build(&api, jobs);
    apply_type_overrides(&mut space, &overrides, &mut diagnostics);
    declare_responses(&api, &mut space, &overrides, &mut diagnostics);
    if !diagnostics.is_empty() {
        return Err(Diagnostics::sorted(diagnostics, &api.files).into());
    }
    inferences.sort_by(|a, b| api.files.compare(&a.span, &b.span).then_with(|| a.what.cmp(&b.what)));
    let warnings = warnings.into_iter().map(|warning| warning.located(&api.files)).collect();
    Ok(Loaded { api, space, overrides, inferences, inputs, warnings })
}

/// The pages of a folder (recursively, sorted by path; see [`input`] for what is read) or
/// the one file given, with the folder they are relative to and the links refused.
fn discover(specs: &Path, paths: &mut Files) -> Result<(PathBuf, Vec<PageFile>, Vec<Diagnostic>), Error> {
    let metadata = std::fs::metadata(specs).map_err(|source| Error::Io { path: specs.to_path_buf(), source })?;
    if !metadata.is_dir() {
        // One file, named by the user: whatever it is, `input::read` checks it before reading.
        let root = specs.parent().map(Path::to_path_buf).unwrap_or_default();
        let real = specs.canonicalize().map_err(|source| Error::Io { path: specs.to_path_buf(), source })?;
        return Ok((root, vec![PageFile { path: specs.to_path_buf(), real }], Vec::new()));
    }
    let walk = input::walk(specs, paths)?;
    if walk.pages.is_empty() && walk.refused.is_empty() {
        let span = Span::start(paths.add(specs));
        let empty = Diagnostic::expected(span, "`.md` or `.txt` endpoint pages", "a folder without any");
        return Err(Diagnostics::sorted(vec![empty], paths).into());
    }
    Ok((specs.to_path_buf(), walk.pages, walk.refused))
}

/// `conversation/create.md`, with `/` on every platform.
fn relative_path(root: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap_or(file);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Leaves out a page that documents the same endpoint as an earlier page, word for word (one
/// operation published in two folders of a docs site), with a warning naming both.
fn drop_repeated_pages(endpoints: Vec<Endpoint>) -> (Vec<Endpoint>, Vec<Diagnostic>) {
    /// The endpoint as JSON without what says where it was read: spans, file, page, folder.
    fn content(endpoint: &Endpoint) -> serde_json::Value {
        fn strip(value: &mut serde_json::Value) {
            match value {
                serde_json::Value::Object(map) => {
                    map.retain(|key, _| !matches!(key.as_str(), "span" | "page" | "tag"));
                    map.values_mut().for_each(strip);
                }
                serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
                _ => {}
            }
        }
        let mut value = serde_json::to_value(endpoint).unwrap_or_default();
        strip(&mut value);
        value
    }
    let mut seen: BTreeMap<(HttpMethod, &str), Vec<usize>> = BTreeMap::new();
    for (index, endpoint) in endpoints.iter().enumerate() {
        seen.entry((endpoint.method, endpoint.path.as_str())).or_default().push(index);
    }
    let mut repeated: BTreeMap<usize, usize> = BTreeMap::new();
    for indices in seen.values().filter(|indices| indices.len() > 1) {
        let contents: Vec<serde_json::Value> = indices.iter().map(|&i| content(&endpoints[i])).collect();
        for (position, &index) in indices.iter().enumerate() {
            if let Some(first) = (0..position).find(|&earlier| contents[earlier] == contents[position]) {
                repeated.entry(index).or_insert(indices[first]);
            }
        }
    }
    let warnings = repeated
        .iter()
        .map(|(&index, &first)| {
            let message = format!(
                "this page documents `{} {}` word for word as `{}` does; it is left out",
                endpoints[index].method, endpoints[index].path, endpoints[first].page
            );
            Diagnostic::warning(endpoints[index].span.clone(), message)
                .with_related(endpoints[first].span.clone(), "the page kept")
        })
        .collect();
    let kept =
        endpoints.into_iter().enumerate().filter(|(index, _)| !repeated.contains_key(index)).map(|(_, e)| e).collect();
    (kept, warnings)
}

//! The `doc2rust` command line: argument parsing and exit codes only; the work is in the
//! library.
//!
//! Exit codes: 0 done; 1 `check` found stale files; 2 bad input (every problem printed as
//! `path:line:col: message`, or `--name: message` for a bad argument) or an output folder
//! holding files doc2rust did not write, nothing written; 3 an internal error.

use std::alloc::GlobalAlloc;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

/// mimalloc, asked for plain blocks where plain blocks are aligned enough. The `mimalloc`
/// crate passes every request's alignment to `mi_malloc_aligned`, whose checks cost about as
/// much again as `mi_malloc` itself; a run makes about 180,000 small allocations (callgrind,
/// the 2021 pages: 4 % of all instructions). `mi_malloc` returns
/// blocks aligned to 16 bytes (`MI_MAX_ALIGN_SIZE`) whenever the size is a multiple of the
/// alignment, which a Rust layout's always is: the same rule std's `System` allocator uses
/// for `malloc`.
struct Allocator;

/// The alignment `mi_malloc` and `mi_realloc` guarantee (`MI_MAX_ALIGN_SIZE`).
const PLAIN_ALIGN: usize = 16;

/// `mi_option_purge_delay`, which the `libmimalloc-sys` crate does not name: its place in
/// `mi_option_e` (mimalloc.h), an order mimalloc keeps stable (retired options keep their
/// places as `mi_option_deprecated_*`).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn plain(align: usize, size: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

// SAFETY: each method hands the request to mimalloc, which returns blocks of at least the
// size asked, aligned as asked (plain blocks only where `plain` holds, see above).
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        if plain(layout.align(), layout.size()) {
            // SAFETY: as for the trait.
            unsafe { libmimalloc_sys::mi_malloc(layout.size()).cast() }
        } else {
            // SAFETY: as for the trait.
            unsafe { GlobalAlloc::alloc(&mimalloc::MiMalloc, layout) }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        if plain(layout.align(), layout.size()) {
            // SAFETY: as for the trait.
            unsafe { libmimalloc_sys::mi_zalloc(layout.size()).cast() }
        } else {
            // SAFETY: as for the trait.
            unsafe { GlobalAlloc::alloc_zeroed(&mimalloc::MiMalloc, layout) }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: as for the trait; `mi_free` frees plain and aligned blocks alike.
        unsafe { GlobalAlloc::dealloc(&mimalloc::MiMalloc, ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        if plain(layout.align(), new_size) {
            // SAFETY: as for the trait.
            unsafe { libmimalloc_sys::mi_realloc(ptr.cast(), new_size).cast() }
        } else {
            // SAFETY: as for the trait.
            unsafe { GlobalAlloc::realloc(&mimalloc::MiMalloc, ptr, layout, new_size) }
        }
    }
}
use doc2rust::StaleKind;
use doc2rust::{Config, Error};

#[derive(Parser)]
#[command(
    name = "doc2rust",
    version,
    about = "Generate a typed Rust SDK from API reference pages (Redocly's Markdown for LLMs)"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Write a complete standalone crate generated from the pages.
    Generate {
        /// A folder of pages (searched recursively) or one file (e.g. `llms-full.txt`).
        #[arg(long)]
        specs: PathBuf,
        /// The crate folder to write; replaced atomically, unchanged files are not touched.
        #[arg(long)]
        out: PathBuf,
        /// The package name (default: `[package] name` of the overrides file, else the folder name).
        #[arg(long)]
        name: Option<String>,
        /// An overrides file (default: `doc2rust.toml` next to the pages).
        #[arg(long)]
        overrides: Option<PathBuf>,
        /// Print the time of each phase (read, parse, model, emit, format, write) to stderr.
        #[arg(long)]
        timings: bool,
        /// Threads for parsing pages and formatting files (default: one more than the cores).
        #[arg(long, short)]
        jobs: Option<usize>,
    },
    /// Exit 1 and name the stale files when regenerating would change the crate.
    Check {
        #[arg(long)]
        specs: Option<PathBuf>,
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long)]
        name: Option<String>,
        /// Print a unified diff of what would change.
        #[arg(long)]
        diff: bool,
    },
    /// Print the API-level change between two versions of the pages, each change marked
    /// breaking or not for users of the generated Rust API.
    Diff {
        #[arg(long)]
        old: PathBuf,
        #[arg(long)]
        new: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// Exit 1 when a breaking change is present.
        #[arg(long)]
        deny_breaking: bool,
    },
    /// Print the model read from the pages as JSON.
    Model {
        #[arg(long)]
        specs: PathBuf,
        /// Print what was inferred from prose (deprecations, element types) and how each
        /// one-of is decoded (flagging guesses) instead.
        #[arg(long, conflicts_with = "summary")]
        report: bool,
        /// Print a readable summary of every endpoint instead: fields, types, enum values,
        /// descriptions and the Rust types they became (what the snapshots show).
        #[arg(long)]
        summary: bool,
    },
}

fn main() -> ExitCode {
    // A run lasts milliseconds: memory freed during it is better kept for its next
    // allocations than given back to the system, a `madvise` call each (mimalloc's default
    // gives it back after 10 ms), and at exit mimalloc would give back all it holds. About
    // sixty fewer system calls on the 2021 pages.
    // SAFETY: sets an option before any other thread exists; mimalloc reads it on each purge.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    without_huge_pages();
    let cli = Cli::parse();
    let result = match cli.command {
        None => default_paths().and_then(|(specs, out)| generate(&specs, &out, None, None, None, false)),
        Some(Command::Generate { specs, out, name, overrides, jobs, timings }) => {
            generate(&specs, &out, name, overrides, jobs, timings)
        }
        Some(Command::Check { specs, out, name, diff }) => {
            let defaults = if specs.is_none() || out.is_none() { default_paths().ok() } else { None };
            let specs = specs.or_else(|| defaults.as_ref().map(|d| d.0.clone())).unwrap_or_else(|| "specs".into());
            let out = out.or_else(|| defaults.as_ref().map(|d| d.1.clone())).unwrap_or_else(|| "generated".into());
            check(&specs, &out, name, diff)
        }
        Some(Command::Model { specs, report, summary }) => model(&specs, report, summary),
        Some(Command::Diff { old, new, json, deny_breaking }) => diff(&old, &new, json, deny_breaking),
    };
    match result {
        Ok(code) => code,
        Err(Error::Input(diagnostics)) => {
            err(format!("{diagnostics}"));
            let count = diagnostics.0.len();
            err(format!("error: {count} problem{} found; nothing was written", if count == 1 { "" } else { "s" }));
            ExitCode::from(2)
        }
        Err(Error::Io { path, source }) => {
            err(format!("{}: {source}", path.display()));
            ExitCode::from(2)
        }
        Err(error @ Error::Argument { .. }) => {
            err(format!("{error}"));
            err("error: 1 problem found; nothing was written".to_owned());
            ExitCode::from(2)
        }
        Err(error @ Error::Emit(_)) => {
            err(format!("{error}"));
            ExitCode::from(3)
        }
    }
}

/// `specs/` and `generated/` of the nearest folder (this one or a parent) that has both a
/// `specs` folder and an overrides file in it.
fn default_paths() -> Result<(PathBuf, PathBuf), Error> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io { path: ".".into(), source })?;
    let root = cwd
        .ancestors()
        .find(|dir| dir.join("specs").join(doc2rust::__private::OVERRIDES_FILE_NAME).is_file())
        .unwrap_or(&cwd)
        .to_path_buf();
    Ok((root.join("specs"), root.join("generated")))
}

/// Writes one line to stderr in one piece: `eprintln!` writes each part of its format
/// separately to the unbuffered stderr, a system call each.
fn err(line: String) {
    use std::io::Write;
    let line = doc2rust::__private::for_terminal(&line);
    let _ = std::io::stderr().lock().write_all(format!("{line}\n").as_bytes());
}

/// Prints the run's warnings to stderr, each in one piece.
fn warn(warnings: &[doc2rust::Diagnostic]) {
    for warning in warnings {
        err(warning.to_string());
    }
}

/// Writes to stdout; a closed pipe (`doc2rust model | head`) ends the output quietly
/// instead of panicking.
fn out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush());
}

fn config(specs: &Path, name: Option<String>, overrides: Option<PathBuf>) -> Result<Config, Error> {
    let mut config = Config::new(specs);
    if let Some(name) = name {
        // Checked here too, so that the problem is named by the flag the user typed.
        doc2rust::__private::check_crate_name(&name, "--name")?;
        config.crate_name(name);
    }
    if let Some(overrides) = overrides {
        config.overrides(overrides);
    }
    Ok(config)
}

fn generate(
    specs: &Path,
    out: &Path,
    name: Option<String>,
    overrides: Option<PathBuf>,
    jobs: Option<usize>,
    timings: bool,
) -> Result<ExitCode, Error> {
    let started = std::time::Instant::now();
    let mut config = config(specs, name, overrides)?;
    if let Some(jobs) = jobs {
        config.jobs(jobs);
    }
    let mut phases = doc2rust::__private::Timings::default();
    let loaded = doc2rust::__private::load_timed(&config, &mut phases)?;
    warn(&loaded.warnings);
    let (files, changed) = doc2rust::__private::write_loaded(&config, &loaded, out, &mut phases)?;
    let lines: usize =
        files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "rs")).map(|f| line_count(&f.contents)).sum();
    err(format!(
        "generated {} from {}: {} endpoint{}, {} types (from {} object, enum and one-of occurrences), {lines} lines of Rust; {changed} file{} changed; {:.0?}",
        out.display(),
        specs.display(),
        loaded.api.endpoints.len(),
        if loaded.api.endpoints.len() == 1 { "" } else { "s" },
        loaded.space.types.len(),
        loaded.space.occurrences,
        if changed == 1 { "" } else { "s" },
        started.elapsed()
    ));
    if timings {
        err(format!("{phases}"));
    }
    // The process ends here: freeing the model and the files one allocation at a time would
    // only add to the run (about 0.5 % of its instructions on the 2021 pages); the system
    // takes the memory back at exit.
    std::mem::forget(files);
    std::mem::forget(loaded);
    Ok(ExitCode::SUCCESS)
}

/// Turns transparent huge pages off for this process. With them, each first touch of a
/// 2 MiB region makes the kernel clear all of it, for a process whose whole heap is a few
/// MiB: on the 2021 pages 7 % of a run's samples were `clear_page_erms` under
/// `do_huge_pmd_anonymous_page`. mimalloc is built not to ask for them (its `no_thp`
/// feature, which covers systems whose THP setting is `madvise`); this flag covers systems
/// where it is `always`. With 4 KiB pages a run makes more page faults (770 instead of 230
/// on the 2021 pages) but clears only what it uses: `perf stat -r 60` measured 26-32 % less
/// CPU time and 12-14 % less wall time. Best effort: an error leaves the system's setting.
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: `PR_SET_THP_DISABLE` takes integer arguments and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// How many lines `text` has, as `str::lines` counts them (a last line without a line
/// break counts; no empty line after a final break), found with a vectorised byte search:
/// `lines` looks at each character, a sizeable part of a run's end on a large API.
fn line_count(text: &str) -> usize {
    let breaks = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    breaks + usize::from(!text.is_empty() && !text.ends_with('\n'))
}

fn check(specs: &Path, out_dir: &Path, name: Option<String>, diff: bool) -> Result<ExitCode, Error> {
    let stale = config(specs, name, None)?.check(out_dir)?;
    if stale.is_empty() {
        err(format!("{} is up to date with {}", out_dir.display(), specs.display()));
        return Ok(ExitCode::SUCCESS);
    }
    for file in &stale {
        let what = match file.kind {
            StaleKind::Missing => "missing",
            StaleKind::Changed => "changed",
            StaleKind::Extra => "would be deleted",
        };
        out(&format!("stale: {} ({what})\n", out_dir.join(&file.path).display()));
        if diff {
            let old = format!("a/{}", file.path.display());
            let new = format!("b/{}", file.path.display());
            out(&doc2rust::__private::unified_diff(&file.current, &file.expected, &old, &new));
        }
    }
    err(format!(
        "error: {} file{} stale; run `doc2rust generate --specs {} --out {}` (or `doc2rust` at the workspace root)",
        stale.len(),
        if stale.len() == 1 { " is" } else { "s are" },
        specs.display(),
        out_dir.display()
    ));
    Ok(ExitCode::from(1))
}

fn diff(old: &Path, new: &Path, json: bool, deny_breaking: bool) -> Result<ExitCode, Error> {
    let before = Config::new(old).load()?;
    let after = Config::new(new).load()?;
    let changes = doc2rust::diff::compare(&before.api, &after.api);
    if json {
        let report = serde_json::json!({
            "changes": changes,
            "breaking": changes.iter().filter(|c| c.breaking).count(),
        });
        out(&json_for_terminal(&report));
    } else {
        out(&doc2rust::__private::for_terminal(&doc2rust::diff::Report(&changes).to_string()));
    }
    let breaking = changes.iter().any(|c| c.breaking);
    Ok(if deny_breaking && breaking { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn model(specs: &Path, report: bool, summary: bool) -> Result<ExitCode, Error> {
    let loaded = Config::new(specs).load()?;
    warn(&loaded.warnings);
    if summary {
        let pages: Vec<String> = (0..loaded.api.endpoints.len())
            .map(|index| doc2rust::__private::summary(&loaded.api, &loaded.space, index))
            .collect();
        out(&doc2rust::__private::for_terminal(&pages.join("\n")));
        return Ok(ExitCode::SUCCESS);
    }
    if report {
        let files = &loaded.api.files;
        let mut lines: String =
            loaded.inferences.iter().map(|i| format!("{}: {}\n", files.locate(&i.span), i.what)).collect();
        // How each one-of is decoded, and the guesses where nothing on the page tells two
        // alternatives apart.
        for id in loaded.space.sorted_ids() {
            let def = loaded.space.get(id);
            if let doc2rust::__private::TypeKind::Union(union) = &def.kind {
                if !union.variants.is_empty() {
                    let what = doc2rust::__private::describe(&loaded.space, &def.name, union);
                    lines.push_str(&format!("{}: {what}\n", files.locate(&def.span)));
                }
            }
        }
        // How the webhook events enum tells the events apart, at the first webhook page.
        let plan = doc2rust::__private::Plan::build(&loaded.api, &loaded.space, &loaded.overrides);
        if let Some(events) = &plan.events {
            let names: Vec<String> = events.variants.iter().map(|v| v.name.clone()).collect();
            let payloads: Vec<_> = events.variants.iter().map(|v| v.ty.clone()).collect();
            let what = doc2rust::__private::describe_events(&loaded.space, &events.name, &names, &payloads);
            let first = &loaded.api.endpoints[events.variants[0].endpoint];
            lines.push_str(&format!("{}: {what}\n", files.locate(&first.span)));
        }
        out(&doc2rust::__private::for_terminal(&lines));
        return Ok(ExitCode::SUCCESS);
    }
    out(&json_for_terminal(&doc2rust::__private::model_json(&loaded)));
    Ok(ExitCode::SUCCESS)
}

/// Pretty JSON with the characters `for_terminal` escapes written as JSON escapes (serde_json
/// leaves DEL, C1 controls and bidi controls raw). They can only occur inside strings, and
/// all are below U+10000, so `\uXXXX` keeps the JSON valid and the value the same.
fn json_for_terminal(value: &serde_json::Value) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    let mut out = String::with_capacity(text.len() + 1);
    for ch in text.chars() {
        if ch != '\n' && doc2rust::__private::is_unsafe_char(ch) {
            out.push_str(&format!("\\u{:04x}", ch as u32));
        } else {
            out.push(ch);
        }
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::line_count;

    #[test]
    fn lines_are_counted_as_str_lines_counts_them() {
        for text in ["", "\n", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\n", "a\n\nb\n", "é\nü"] {
            assert_eq!(line_count(text), text.lines().count(), "{text:?}");
        }
    }
}

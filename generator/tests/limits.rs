//! Documented limits instead of crashes: nesting depth, page size and item count each end
//! in a located diagnostic, and a hostile page cannot overflow the stack.

use doc2rust::parse::{MAX_ITEMS_PER_PAGE, MAX_NESTING, MAX_PAGE_BYTES};

const HEAD: &str = "# Deep\n\nEndpoint: POST /v1/deep\n\n## Request fields (application/json):\n\n";

fn messages(text: &str) -> Vec<String> {
    match doc2rust::load_text("deep.md", text) {
        Ok(_) => Vec::new(),
        Err(doc2rust::Error::Input(diagnostics)) => diagnostics.0.iter().map(|d| d.to_string()).collect(),
        Err(other) => panic!("{other}"),
    }
}

#[test]
fn nesting_deeper_than_the_limit_is_a_diagnostic_not_a_stack_overflow() {
    // Far deeper than any stack would take if lowering recursed without a bound.
    let mut page = HEAD.to_owned();
    let mut name = String::from("a");
    for _ in 0..1_500 {
        page.push_str(&format!("  - `{name}` (object)\n\n"));
        name.push_str(".a");
    }
    let found = messages(&page);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains(&format!("expected at most {MAX_NESTING} levels of nested fields")), "{found:?}");
    // Within the limit it generates.
    let mut page = HEAD.to_owned();
    let mut name = String::from("a");
    for _ in 0..MAX_NESTING {
        page.push_str(&format!("  - `{name}` (object)\n\n"));
        name.push_str(".a");
    }
    page.push_str(&format!("  - `{name}` (string)\n"));
    assert!(messages(&page).is_empty());
}

#[test]
fn variants_nested_deeper_than_the_limit_are_a_diagnostic() {
    let mut page = HEAD.to_owned();
    for level in 0..200 {
        let pad = " ".repeat(2 + level * 4);
        page.push_str(&format!("{pad}- `x{level}` (object) — one of:\n{pad}  - V{level}:\n"));
    }
    let found = messages(&page);
    assert!(found.iter().any(|m| m.contains(&format!("at most {MAX_NESTING} levels of nested variants"))), "{found:?}");
}

#[test]
fn pages_larger_than_the_limit_are_a_diagnostic() {
    let big = format!("{HEAD}  - `a` (string)\n    {}\n", "x".repeat(MAX_PAGE_BYTES));
    let found = messages(&big);
    assert_eq!(
        found,
        vec![format!("deep.md:1:1: expected a page of at most {MAX_PAGE_BYTES} bytes, found {} bytes", big.len())]
    );
}

#[test]
fn more_items_than_the_limit_is_a_diagnostic() {
    let mut page = HEAD.to_owned();
    for index in 0..=MAX_ITEMS_PER_PAGE {
        page.push_str(&format!("  - `f{index}` (string)\n"));
    }
    let found = messages(&page);
    assert!(found.iter().any(|m| m.contains(&format!("at most {MAX_ITEMS_PER_PAGE} items in a page"))), "{found:?}");
}

/// The CPU time this thread has used: unlike wall time, it does not grow when other
/// processes share the machine's cores.
fn cpu_time() -> std::time::Duration {
    let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `clock_gettime` writes one `timespec` through a valid pointer.
    let done = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(done, 0, "clock_gettime");
    std::time::Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// The least CPU time of three runs of `work`: the least disturbed by other processes on
/// the machine (caches, memory bandwidth), which is what comparing two sizes needs.
fn fastest(mut work: impl FnMut()) -> std::time::Duration {
    (0..3)
        .map(|_| {
            let started = cpu_time();
            work();
            cpu_time().saturating_sub(started)
        })
        .min()
        .unwrap_or_default()
}

/// `work` on an input ten times larger takes at most `bound` times as long: linear with
/// room for noise, where a quadratic step would take a hundred times as long.
fn assert_linear(what: &str, small: &str, large: &str, bound: f64, work: impl Fn(&str)) {
    // Warm the allocator and caches so the small run is not penalised.
    work(small);
    let (small_time, large_time) = (fastest(|| work(small)), fastest(|| work(large)));
    let ratio = large_time.as_secs_f64() / small_time.as_secs_f64().max(1e-6);
    assert!(
        ratio < bound,
        "{what}: {} bytes took {small_time:?}, {} bytes took {large_time:?} ({ratio:.1}x)",
        small.len(),
        large.len()
    );
}

fn parse(text: &str) {
    let mut diagnostics = Vec::new();
    let pages = doc2rust::parse::parse_file(std::path::Path::new("p.md"), text, &mut diagnostics);
    assert_eq!((pages.len(), diagnostics.len()), (1, 0), "{diagnostics:?}");
}

/// A page of `items` fields, each with prose holding dashes, colons and backticks, with its
/// line breaks collapsed into spaces (as the seed arrived).
fn collapsed_items(items: usize) -> String {
    let mut page = HEAD.to_owned();
    for index in 0..items {
        page.push_str(&format!("  - `f{index}` (string)\n    Field - number {index}: see - `x` here.\n\n"));
    }
    page.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A collapsed page whose one-of has `variants` alternatives of two fields each.
fn collapsed_variants(variants: usize) -> String {
    let mut page = format!("{HEAD}  - `u` (object) — one of:\n");
    for index in 0..variants {
        page.push_str(&format!("    - V{index}:\n      - `a{index}` (string)\n      - `b{index}` (string)\n"));
    }
    page.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn collapsed_pages_parse_in_linear_time() {
    // Each used to be quadratic: the search for a variant head's end ran to the end of the
    // line for every dash of prose, each column counted from the start of the one line, and
    // placing an item compared it with every earlier sibling variant.
    assert_linear("collapsed items", &collapsed_items(800), &collapsed_items(8_000), 25.0, parse);
    assert_linear("collapsed variants", &collapsed_variants(300), &collapsed_variants(3_000), 25.0, parse);
}

/// A page where each of `levels` one-of items has two alternatives that both recall the
/// one-of described just before: expanded, level `k` holds `2^k` copies of the first.
fn recall_bomb(levels: usize) -> String {
    let mut page = format!("{HEAD}  - `s0` (object)\n\n  - `s0.x` (string)\n\n");
    for level in 1..=levels {
        let previous = level - 1;
        page.push_str(&format!(
            "  - `s{level}` (object) — one of:\n    - A:\n      - `s{previous}` (object)\n    - B:\n      - `s{previous}` (object)\n\n"
        ));
    }
    page
}

#[test]
fn recalled_schemas_cannot_expand_a_page_exponentially() {
    // 22 levels needed more than 8 GB when every recall was a deep copy; the model a page
    // may add by repeating itself is bounded by its size, and the recall past it is reported.
    let page = recall_bomb(22);
    let started = std::time::Instant::now();
    let found = messages(&page);
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "{:?}", started.elapsed());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .contains("expected a page that repeats, in schemas described elsewhere on it, at most 64 times its size")
            && found[0].contains("standing for the `s"),
        "{found:?}"
    );
    // Where the limit is: the line of a recall.
    let line: usize = found[0].split(':').nth(1).and_then(|l| l.parse().ok()).unwrap_or_default();
    assert!(page.lines().nth(line - 1).is_some_and(|l| l.trim_start().starts_with("- `s")), "{found:?}");
    // A few levels are fine: nothing is reported.
    assert!(messages(&recall_bomb(4)).is_empty());
}

/// A page with one `Enum:` list of `values` values and `references` items naming it.
fn enum_references(values: usize, references: usize) -> String {
    let list: Vec<String> = (0..values).map(|v| format!("\"V{v}\"")).collect();
    let mut page = format!("{HEAD}  - `e` (string)\n    Enum: {}\n\n", list.join(", "));
    for index in 0..references {
        page.push_str(&format!("  - `r{index}` (string)\n    Enum: same as `e` ({values} values)\n\n"));
    }
    page
}

#[test]
fn enum_references_cannot_expand_a_page_quadratically() {
    // 266 KB of references to one long list used 4.5 GB: the copies count against the
    // page's budget too.
    let page = enum_references(4_000, 4_000);
    assert!(page.len() < 300_000);
    let found = messages(&page);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("found the values of `e` repeated here"), "{found:?}");
    // Real pages repeat lists far less: 50 references to 250 values load.
    assert!(messages(&enum_references(250, 50)).is_empty());
    // Resolving references is indexed: linear in their number.
    let load = |text: &str| assert!(messages(text).is_empty());
    assert_linear("enum references", &enum_references(5, 300), &enum_references(5, 3_000), 25.0, load);
}

/// A page that describes an object of `fields` fields, then shows it bare `references` times.
fn bare_references(fields: usize, references: usize) -> String {
    let mut page = format!("{HEAD}  - `thing` (object)\n\n");
    for index in 0..fields {
        page.push_str(&format!("  - `thing.f{index}` (string)\n    A field.\n\n"));
    }
    page.push_str("## Response 200 fields (application/json):\n\n");
    for index in 0..references {
        page.push_str(&format!("  - `r{index}` (object)\n\n  - `r{index}.thing` (object)\n\n"));
    }
    page
}

#[test]
fn recalls_and_everything_after_them_take_linear_time() {
    // Lowering, the type space and the emitter all walk the expanded model: within the
    // budget, generating the crate grows with the page.
    let generate = |text: &str| {
        doc2rust::generate_text("p.md", text, "scaling").expect("the page generates");
    };
    assert_linear("recalls", &bare_references(20, 40), &bare_references(20, 400), 25.0, generate);
}

//! Documented limits instead of crashes: nesting depth, page size and item count each end
//! in a located diagnostic, and a hostile page cannot overflow the stack.

use doc2rust::__private::{MAX_ITEMS_PER_PAGE, MAX_NESTING, MAX_PAGE_BYTES};

const HEAD: &str = "# Deep\n\nEndpoint: POST /v1/deep\n\n## Request fields (application/json):\n\n";

fn messages(text: &str) -> Vec<String> {
    match doc2rust::__private::load_text("deep.md", text) {
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
    let pages = doc2rust::__private::parse_file(std::path::Path::new("p.md"), text, &mut diagnostics);
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
        doc2rust::__private::generate_text("p.md", text, "scaling").expect("the page generates");
    };
    assert_linear("recalls", &bare_references(20, 40), &bare_references(20, 400), 25.0, generate);
}

/// Builds a shape of prose about `n` bytes long.
type Shape = fn(usize) -> String;

/// Prose shapes a hostile page can repeat, each built from `n` repetitions.
const PROSE_SHAPES: &[(&str, Shape)] = &[
    ("a URL followed by `)`", |n| format!("see https://a.example/x{}", ")".repeat(n))),
    ("a URL followed by `]` and `}`", |n| format!("see https://a.example/x{}", "]}".repeat(n / 2))),
    ("many URLs", |n| "http://a.example/b ".repeat(n / 19)),
    ("many `http` without a URL", |n| "http".repeat(n / 4)),
    ("many `[`", |n| "[".repeat(n)),
    ("many `[a](`", |n| "[a](".repeat(n / 4)),
    ("many `](`", |n| "[a]".repeat(n / 6) + &"(b)".repeat(n / 6)),
    ("many backticks", |n| "`".repeat(n)),
    ("backtick runs of growing length", |n| {
        let mut text = String::new();
        let mut run = 1;
        while text.len() < n {
            text.push_str(&"`".repeat(run));
            text.push(' ');
            run = run % 300 + 1;
        }
        text
    }),
    ("many `*`", |n| "*a ".repeat(n / 3)),
    ("nested emphasis", |n| "*a _b ".repeat(n / 6) + &"c_ d*".repeat(n / 6)),
    ("nested images", |n| "![".repeat(n / 6) + "a" + &"](u)".repeat(n / 6)),
    ("links inside deep emphasis", |n| "*a ".repeat(n / 12) + &"[x](https://a.example) ".repeat(n / 48)),
    ("`<a>` inside deep emphasis", |n| {
        "*a ".repeat(n / 12) + &"<a href=\"https://a.example\">[x](https://b.example) ".repeat(n / 96)
    }),
    ("nested quotes", |n| "> ".repeat(n / 2) + "x"),
    ("nested lists", |n| (0..n / 40).map(|depth| format!("{}- item\n", "  ".repeat(depth % 60))).collect()),
    ("many `<`", |n| "<".repeat(n)),
    ("many `<a x='`", |n| "<div>\n".to_owned() + &"<a x='".repeat(n / 6)),
    ("many `<a href`", |n| "<a href=\"https://a.example\">x ".repeat(n / 31)),
    ("many `<code>`", |n| "<code>".repeat(n / 6)),
    ("many `&`", |n| "&amp;&#x41;&bogus;".repeat(n / 18)),
    ("many `{%`", |n| "{% a %}{%".repeat(n / 9)),
    ("many `_`", |n| "_".repeat(n)),
    ("many `|` lines", |n| "| a | b |\n|---|---|\n".to_owned() + &"| x |\n".repeat(n / 6)),
    ("many `\\`", |n| "\\".repeat(n)),
];

/// The prose renderer is linear on every shape: a URL followed by 100 KB of `)` took 34 s
/// when the bracket count was redone for every trimmed character.
#[test]
fn prose_renders_in_linear_time() {
    let render = |text: &str| {
        std::hint::black_box(doc2rust::__private::Doc::prose(text));
    };
    for (what, shape) in PROSE_SHAPES {
        let (small, large) = (shape(10_000), shape(100_000));
        assert_linear(what, &small, &large, 25.0, render);
        // And fast in absolute terms: 100 KB of prose in well under a second of CPU, even
        // unoptimised (a page may hold many such descriptions; the page limit bounds them).
        let spent = fastest(|| render(&large));
        assert!(spent < std::time::Duration::from_secs(2), "{what}: 100 KB took {spent:?}");
    }
}

/// The whole pipeline on a page whose descriptions are hostile prose: generating takes time
/// linear in the page.
#[test]
fn hostile_prose_in_a_page_takes_linear_time() {
    let page = |n: usize| {
        format!(
            "{HEAD}  - `a` (string)\n    see https://a.example/x{}\n\n  - `b` (string)\n    {}\n",
            ")".repeat(n),
            "[`<".repeat(n / 3)
        )
    };
    let generate = |text: &str| {
        doc2rust::__private::generate_text("p.md", text, "prose").expect("the page generates");
    };
    assert_linear("hostile prose", &page(10_000), &page(100_000), 25.0, generate);
}

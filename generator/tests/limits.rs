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

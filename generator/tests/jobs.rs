//! The diagnostics do not depend on how many threads made them. (That the generated files do
//! not either is checked with the freshness of `generated/`, in `tests/tests/generated_fresh.rs`.)

mod support;

#[test]
fn one_thread_and_several_report_the_same_diagnostics() {
    let fixtures = std::path::Path::new("../tests/fixtures");
    let scratch = support::Scratch::new("jobs");
    let dir = &scratch.dir;
    // Two broken pages and a good one, so that diagnostics come from different threads.
    std::fs::write(
        dir.join("a.md"),
        "# A\n\nEndpoint: GET /a\n\n## Response 200 fields (application/json):\n\n  - `x` (strnig)\n",
    )
    .unwrap();
    std::fs::write(dir.join("b.md"), "not a page\n").unwrap();
    let good = std::fs::read_dir(fixtures.join("conversation-2021/app")).unwrap().flatten().next().unwrap().path();
    std::fs::copy(good, dir.join("c.md")).unwrap();
    let one = doc2rust::Config::new(dir).jobs(1).load().map(|_| ()).unwrap_err().to_string();
    let several = doc2rust::Config::new(dir).jobs(3).load().map(|_| ()).unwrap_err().to_string();
    assert_eq!(one, several);
}

//! The generated crate does not depend on how many threads made it: pages are parsed and
//! files formatted in pieces whose results are joined in order.

#[test]
fn one_thread_and_several_give_the_same_files() {
    let one = doc2rust::Config::new("../specs").jobs(1).generate().expect("specs/ generates");
    let several = doc2rust::Config::new("../specs").jobs(3).generate().expect("specs/ generates");
    assert_eq!(one.len(), several.len());
    for (a, b) in one.iter().zip(&several) {
        assert_eq!(a.path, b.path);
        assert!(a.contents == b.contents, "{} differs between 1 and 3 jobs", a.path.display());
    }
}

#[test]
fn one_thread_and_several_report_the_same_diagnostics() {
    let fixtures = std::path::Path::new("../tests/fixtures");
    let dir = std::env::temp_dir().join(format!("doc2rust-jobs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // Two broken pages and a good one, so that diagnostics come from different threads.
    std::fs::write(
        dir.join("a.md"),
        "# A\n\nEndpoint: GET /a\n\n## Response 200 fields (application/json):\n\n  - `x` (strnig)\n",
    )
    .unwrap();
    std::fs::write(dir.join("b.md"), "not a page\n").unwrap();
    let good = std::fs::read_dir(fixtures.join("conversation-2021/app")).unwrap().flatten().next().unwrap().path();
    std::fs::copy(good, dir.join("c.md")).unwrap();
    let one = doc2rust::Config::new(&dir).jobs(1).load().map(|_| ()).unwrap_err().to_string();
    let several = doc2rust::Config::new(&dir).jobs(3).load().map(|_| ()).unwrap_err().to_string();
    assert_eq!(one, several);
    let _ = std::fs::remove_dir_all(&dir);
}

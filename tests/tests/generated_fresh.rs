//! `generated/` is exactly what doc2rust makes from `specs/`, byte for byte.

use doc2rust_tests::workspace_root;

#[test]
fn generated_crate_matches_the_pages() {
    let root = workspace_root();
    let stale = doc2rust::Config::new(root.join("specs")).check(&root.join("generated")).expect("specs/ generates");
    let names: Vec<String> = stale.iter().map(|s| format!("{} ({:?})", s.path.display(), s.kind)).collect();
    assert!(
        names.is_empty(),
        "generated/ is stale against specs/: {names:?}\nrun `cargo run -p doc2rust` at the workspace root and commit the result"
    );
}

#[test]
fn generation_is_deterministic() {
    let specs = workspace_root().join("specs");
    let first = doc2rust::Config::new(&specs).generate().expect("specs/ generates");
    let second = doc2rust::Config::new(&specs).generate().expect("specs/ generates");
    assert_eq!(first, second);
}

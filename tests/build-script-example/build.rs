//! Regenerates the Sinch SDK from `pages/` whenever a page (or the overrides file) changes.

fn main() {
    if let Err(error) = doc2rust::Config::new("pages").module_path("crate::sinch").build_script() {
        // The same `path:line:col: message` lines the CLI prints.
        eprintln!("{error}");
        std::process::exit(1);
    }
}

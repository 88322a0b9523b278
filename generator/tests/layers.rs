//! No module of the library imports from a layer above its own.
//!
//! How it checks: starting at `src/lib.rs`, it follows every `mod name;` declaration to the
//! module's file (`name.rs` or `name/mod.rs`), so it checks exactly the modules the compiler
//! builds: the runtime copied into generated crates and `emit/cli_support.rs` are included
//! as text, not as modules, and the binary (`main.rs`) is a crate of its own that uses the
//! library's API. Each file is tokenized with `proc_macro2`, which drops comments and turns
//! doc comments into string literals, so prose never counts as an import. Every path that
//! starts with `crate::` or `super::` (in `use` trees too, braces and all) is resolved to the
//! longest module of the crate it names (`crate::Error`, an item of the crate root, is the
//! root's), and that module's layer in [`LAYERS`] must not be above the importing module's.
//! Left out: items under `#[cfg(test)]` (unit tests may build their fixtures through the whole
//! front end) and the bodies of `quote!` and `parse_quote!`, whose paths are the generated
//! crate's (`crate::Client`). A module that no entry of `LAYERS` covers fails the test, so a
//! new module has to be given a place.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// The layers, lowest first. A module belongs to the entry naming it or its nearest parent
/// (`emit::tokens` has an entry of its own; `emit::client` falls under `emit`); `""` is the
/// crate root. A module may import from its own layer and the layers before it.
const LAYERS: &[&[&str]] = &[
    // Leaves every stage shares: no stage's types, no stage's work.
    &["text", "diagnostic", "error", "timings", "parallel", "runtime_files", "naming"],
    // Reading untrusted files.
    &["input"],
    // Page text to page ASTs.
    &["parse"],
    // Page ASTs to the model and its type space.
    &["model"],
    // The overrides file: read and checked on its own, applied by `load`.
    &["overrides"],
    // The front end run over a folder: read, parse, lower, intern, apply the overrides.
    &["load"],
    // Every name and decision emission needs.
    &["plan"],
    // Emission: prose to doc lines, then syntax trees, then tokens, then the files.
    &["emit::rustdoc"],
    &["emit::syntax"],
    &["emit::tokens"],
    &["emit"],
    // Tools over a load or over generated files.
    &["audit", "diff", "report", "samples"],
    // Writing: a crate folder, then a build script's single module.
    &["output"],
    &["module"],
    // The API that drives it all, and the crate root that re-exports it.
    &["config"],
    &[""],
];

type ModulePath = Vec<String>;

fn module_name(path: &[String]) -> String {
    if path.is_empty() { "(crate root)".to_owned() } else { path.join("::") }
}

/// The index in [`LAYERS`] of the entry naming `module` or its nearest parent.
fn layer_of(module: &[String]) -> Option<usize> {
    (0..=module.len()).rev().find_map(|len| {
        let name = module[..len].join("::");
        LAYERS.iter().position(|layer| layer.contains(&name.as_str()))
    })
}

fn tokens(file: &Path) -> Vec<TokenTree> {
    let text = std::fs::read_to_string(file).unwrap_or_else(|error| panic!("{}: {error}", file.display()));
    TokenStream::from_str(&text).unwrap_or_else(|error| panic!("{}: {error:?}", file.display())).into_iter().collect()
}

fn is_ident(token: Option<&TokenTree>, name: &str) -> bool {
    matches!(token, Some(TokenTree::Ident(ident)) if ident == name)
}

fn is_punct(token: Option<&TokenTree>, ch: char) -> bool {
    matches!(token, Some(TokenTree::Punct(punct)) if punct.as_char() == ch)
}

/// `#[cfg(test)]` as the attribute group at `tokens[at]`.
fn is_cfg_test(token: Option<&TokenTree>) -> bool {
    let Some(TokenTree::Group(group)) = token else { return false };
    group.delimiter() == Delimiter::Bracket && group.stream().to_string().replace(' ', "") == "cfg(test)"
}

/// The tokens a check looks at: everything but `#[cfg(test)]` items and `quote!` bodies,
/// with groups flattened in place (their delimiters kept as groups for `use` trees).
fn visit(tokens: &[TokenTree], out: &mut dyn FnMut(&[TokenTree], usize) -> usize) {
    let mut at = 0;
    while at < tokens.len() {
        // `#[cfg(test)]`: skip the attribute and the item after it, up to its body or `;`.
        if is_punct(tokens.get(at), '#') && is_cfg_test(tokens.get(at + 1)) {
            at += 2;
            while at < tokens.len() {
                let end = is_punct(tokens.get(at), ';')
                    || matches!(&tokens[at], TokenTree::Group(group) if group.delimiter() == Delimiter::Brace);
                at += 1;
                if end {
                    break;
                }
            }
            continue;
        }
        let is_quote = ["quote", "quote_spanned", "parse_quote"].iter().any(|name| is_ident(tokens.get(at), name));
        if is_quote && is_punct(tokens.get(at + 1), '!') {
            at += 3;
            continue;
        }
        let used = out(tokens, at);
        if used > 0 {
            at += used;
            continue;
        }
        if let TokenTree::Group(group) = &tokens[at] {
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            visit(&inner, out);
        }
        at += 1;
    }
}

/// The modules declared with `mod name;` in one file.
fn declared_modules(tokens: &[TokenTree]) -> Vec<String> {
    let mut names = Vec::new();
    visit(tokens, &mut |tokens, at| {
        if is_ident(tokens.get(at), "mod") && is_punct(tokens.get(at + 2), ';') {
            if let Some(TokenTree::Ident(name)) = tokens.get(at + 1) {
                names.push(name.to_string());
                return 3;
            }
        }
        0
    });
    names
}

/// Every module of the crate with its file, from `src/lib.rs` down.
fn modules(src: &Path) -> Vec<(ModulePath, PathBuf)> {
    let mut found = vec![(Vec::new(), src.join("lib.rs"))];
    let mut next = 0;
    while next < found.len() {
        let (module, file) = found[next].clone();
        next += 1;
        // Children of `lib.rs` and `mod.rs` sit beside them; of `name.rs`, in `name/`.
        let dir = match file.file_name().and_then(|name| name.to_str()) {
            Some("lib.rs" | "mod.rs") => file.parent().unwrap().to_path_buf(),
            _ => file.with_extension(""),
        };
        for name in declared_modules(&tokens(&file)) {
            let child = [dir.join(format!("{name}.rs")), dir.join(&name).join("mod.rs")]
                .into_iter()
                .find(|path| path.is_file())
                .unwrap_or_else(|| panic!("{}: no file for `mod {name};`", file.display()));
            let mut path = module.clone();
            path.push(name);
            found.push((path, child));
        }
    }
    found
}

/// The paths after `prefix` in a `use` tree group (`{a, b::c, d::{e, f}}`), each as
/// segments.
fn use_tree(prefix: &[String], group: &TokenStream, out: &mut Vec<Vec<String>>) {
    let tokens: Vec<TokenTree> = group.clone().into_iter().collect();
    for item in tokens.split(|token| is_punct(Some(token), ',')) {
        let mut path = prefix.to_vec();
        let mut at = 0;
        while let Some(token) = item.get(at) {
            match token {
                TokenTree::Ident(ident) if ident != "as" => path.push(ident.to_string()),
                TokenTree::Ident(_) => break,
                TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                    use_tree(&path, &group.stream(), out);
                    path.clear();
                    break;
                }
                _ => {}
            }
            at += 1;
        }
        if !path.is_empty() {
            out.push(path);
        }
    }
}

/// Every `crate::` and `super::` path of one file, resolved against `module` to the
/// segments it names from the crate root.
fn crate_paths(module: &[String], tokens: &[TokenTree]) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    visit(tokens, &mut |tokens, at| {
        let starts = ["crate", "super"].iter().any(|name| is_ident(tokens.get(at), name));
        if !starts || !is_punct(tokens.get(at + 1), ':') || !is_punct(tokens.get(at + 2), ':') {
            return 0;
        }
        let mut base: Vec<String> = if is_ident(tokens.get(at), "crate") {
            Vec::new()
        } else {
            module[..module.len().saturating_sub(1)].to_vec()
        };
        let mut end = at + 3;
        loop {
            match tokens.get(end) {
                Some(TokenTree::Ident(ident)) if ident == "super" => {
                    base.pop();
                }
                Some(TokenTree::Ident(ident)) => base.push(ident.to_string()),
                Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
                    use_tree(&base, &group.stream(), &mut paths);
                    return end + 1 - at;
                }
                _ => break,
            }
            if is_punct(tokens.get(end + 1), ':') && is_punct(tokens.get(end + 2), ':') {
                end += 3;
            } else {
                end += 1;
                break;
            }
        }
        paths.push(base);
        end - at
    });
    paths
}

/// The longest module of `known` that `path` starts with (the root when none).
fn target_module(path: &[String], known: &BTreeSet<ModulePath>) -> ModulePath {
    (0..=path.len()).rev().map(|len| path[..len].to_vec()).find(|prefix| known.contains(prefix)).unwrap_or_default()
}

/// `importer imports target (as path)` for every import from a layer above the importer's.
fn violations(module: &[String], tokens: &[TokenTree], known: &BTreeSet<ModulePath>) -> Vec<String> {
    let own = layer_of(module).unwrap_or_else(|| panic!("module `{}` is in no entry of LAYERS", module_name(module)));
    let mut found = Vec::new();
    for path in crate_paths(module, tokens) {
        let target = target_module(&path, known);
        let layer =
            layer_of(&target).unwrap_or_else(|| panic!("module `{}` is in no entry of LAYERS", module_name(&target)));
        if layer > own {
            found.push(format!(
                "`{}` (layer {own}) imports `{}` from `{}` (layer {layer})",
                module_name(module),
                path.join("::"),
                module_name(&target)
            ));
        }
    }
    found
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_module_imports_from_a_layer_above_its_own() {
    let modules = modules(&src());
    let known: BTreeSet<ModulePath> = modules.iter().map(|(module, _)| module.clone()).collect();
    // The walk found the modules the crate has (a broken walk would check nothing).
    for module in ["config", "emit::tokens", "emit::syntax", "load::apply", "naming::english", "model::types"] {
        let path: ModulePath = module.split("::").map(str::to_owned).collect();
        assert!(known.contains(&path), "{module} not found: {known:?}");
    }
    let mut problems = Vec::new();
    let mut imports = 0;
    for (module, file) in &modules {
        let tokens = tokens(file);
        imports += crate_paths(module, &tokens).len();
        problems.extend(violations(module, &tokens, &known));
    }
    assert!(imports > 100, "only {imports} crate paths seen");
    assert!(problems.is_empty(), "imports from a higher layer:\n{}", problems.join("\n"));
}

/// The checker on made-up sources: an upward import is caught in each spelling, and what
/// must not count does not.
#[test]
fn the_check_sees_upward_imports_and_only_those() {
    let known: BTreeSet<ModulePath> = ["", "diagnostic", "parse", "emit", "emit::tokens", "emit::syntax"]
        .iter()
        .map(|module| module.split("::").filter(|s| !s.is_empty()).map(str::to_owned).collect())
        .collect();
    let check = |module: &[&str], source: &str| {
        let module: ModulePath = module.iter().map(|s| s.to_string()).collect();
        let tokens: Vec<TokenTree> = TokenStream::from_str(source).unwrap().into_iter().collect();
        violations(&module, &tokens, &known)
    };
    assert_eq!(check(&["parse"], "use crate::emit::GeneratedFile;").len(), 1);
    assert_eq!(check(&["parse"], "use crate::{diagnostic::Span, emit::{self, x}};").len(), 2);
    assert_eq!(check(&["parse"], "fn f() { crate::emit::generate(); }").len(), 1);
    // An item of the crate root belongs to the root, the highest layer.
    assert_eq!(check(&["parse"], "use crate::Error;").len(), 1);
    // `super::` from `emit::syntax` is `emit`; `tokens` is above `syntax`.
    assert_eq!(check(&["emit", "syntax"], "use super::tokens::doc_attrs;").len(), 1);
    assert!(check(&["emit", "tokens"], "use super::syntax::{self, doc_values};").is_empty());
    // Comments, docs, strings, tests and the generated crate's paths are not imports.
    let quiet = r#"
        // crate::emit in a comment
        /// [`crate::emit`] in a doc
        const TEXT: &str = "crate::emit";
        fn f() -> TokenStream { quote!(crate::emit::Client) }
        #[cfg(test)]
        mod tests { use crate::emit; }
    "#;
    assert!(check(&["parse"], quiet).is_empty(), "{:?}", check(&["parse"], quiet));
}

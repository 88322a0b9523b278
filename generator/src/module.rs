//! The generated SDK as one Rust file for `include!`, for build scripts: every module
//! inlined, `crate::` paths pointing at the module the user includes it in.
//!
//! A crate is many files with `crate::`-rooted paths; a build script's output lives in
//! `OUT_DIR` and is pulled into the user's crate with
//! `pub mod sdk { include!(concat!(env!("OUT_DIR"), "/name.rs")); }`, so the files are
//! folded into inline modules and `crate::` becomes the path of that module.

mod reroot;

use std::collections::BTreeMap;
use std::path::Path;

use crate::emit::{EmitError, GENERATED_HEADER, GeneratedFile};

/// Folds the crate's Rust files, starting at `src/lib.rs`, into one file whose items live at
/// `module_path` (`crate` when the file is included at the crate root).
///
/// The including crate has none of the generated crate's features: an item under
/// `#[cfg(feature = "x")]` is kept without the attribute when `x` is in `features` (the
/// generated crate's default features), and left out otherwise.
pub fn single_file(files: &[GeneratedFile], module_path: &str, features: &[&str]) -> Result<String, EmitError> {
    let sources: BTreeMap<String, &str> = files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
        .map(|f| (f.path.to_string_lossy().replace('\\', "/"), f.contents.as_str()))
        .collect();
    let mut root = parse(&sources, "src/lib.rs")?;
    resolve_features(&mut root.items, features);
    inline_modules(&sources, &mut root.items, "src", features)?;
    // An included file cannot start with inner attributes (`#![doc]`, `//!`).
    root.attrs.retain(|attr| matches!(attr.style, syn::AttrStyle::Outer));
    if module_path != "crate" {
        reroot::reroot(&mut root, module_path).map_err(|error| EmitError {
            file: "module_path".to_owned(),
            error,
            tokens: String::new(),
        })?;
    }
    let text = prettyplease::unparse(&root);
    Ok(format!("{GENERATED_HEADER}\n{text}"))
}

fn parse(sources: &BTreeMap<String, &str>, path: &str) -> Result<syn::File, EmitError> {
    let text = sources.get(path).ok_or_else(|| EmitError {
        file: path.to_owned(),
        error: "module file not generated".to_owned(),
        tokens: String::new(),
    })?;
    syn::parse_file(text).map_err(|error| EmitError {
        file: path.to_owned(),
        error: error.to_string(),
        tokens: String::new(),
    })
}

/// Replaces every `mod name;` with `mod name { ... }` holding `dir/name.rs` or
/// `dir/name/mod.rs`, recursively.
fn inline_modules(
    sources: &BTreeMap<String, &str>,
    items: &mut [syn::Item],
    dir: &str,
    features: &[&str],
) -> Result<(), EmitError> {
    for item in items {
        let syn::Item::Mod(module) = item else { continue };
        if module.content.is_some() {
            continue;
        }
        let name = module.ident.to_string();
        let name = name.trim_start_matches("r#");
        let (path, child_dir) = {
            let flat = format!("{dir}/{name}.rs");
            if sources.contains_key(&flat) {
                (flat, format!("{dir}/{name}"))
            } else {
                (format!("{dir}/{name}/mod.rs"), format!("{dir}/{name}"))
            }
        };
        let mut file = parse(sources, &path)?;
        resolve_features(&mut file.items, features);
        inline_modules(sources, &mut file.items, &child_dir, features)?;
        // The file's inner attributes (`//!` docs, `#![allow]`) stay inner, inside the braces.
        module.attrs.extend(file.attrs);
        module.content = Some((Default::default(), file.items));
        module.semi = None;
    }
    Ok(())
}

/// Drops the items under `#[cfg(feature = "x")]` for `x` not in `features` (and those under
/// `#[cfg(not(feature = "x"))]` for `x` in it), and the attribute from the others. Only a
/// file's top-level items are looked at: that is where the generated code puts its feature
/// gates.
fn resolve_features(items: &mut Vec<syn::Item>, features: &[&str]) {
    items.retain_mut(|item| {
        let Some(attrs) = item_attrs(item) else { return true };
        let mut enabled = true;
        attrs.retain(|attr| match feature_gate(attr) {
            Some((feature, wanted)) => {
                enabled &= features.contains(&feature.as_str()) == wanted;
                false
            }
            None => true,
        });
        enabled
    });
}

/// `("x", true)` for `#[cfg(feature = "x")]`, `("x", false)` for `#[cfg(not(feature = "x"))]`.
fn feature_gate(attr: &syn::Attribute) -> Option<(String, bool)> {
    if !attr.path().is_ident("cfg") {
        return None;
    }
    let syn::Meta::List(list) = &attr.meta else { return None };
    let (tokens, wanted) = match syn::parse2::<syn::MetaList>(list.tokens.clone()) {
        Ok(not) if not.path.is_ident("not") => (not.tokens, false),
        _ => (list.tokens.clone(), true),
    };
    let value: syn::MetaNameValue = syn::parse2(tokens).ok()?;
    if !value.path.is_ident("feature") {
        return None;
    }
    match value.value {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(feature), .. }) => Some((feature.value(), wanted)),
        _ => None,
    }
}

fn item_attrs(item: &mut syn::Item) -> Option<&mut Vec<syn::Attribute>> {
    use syn::Item;
    Some(match item {
        Item::Const(item) => &mut item.attrs,
        Item::Enum(item) => &mut item.attrs,
        Item::Fn(item) => &mut item.attrs,
        Item::Impl(item) => &mut item.attrs,
        Item::Macro(item) => &mut item.attrs,
        Item::Mod(item) => &mut item.attrs,
        Item::Static(item) => &mut item.attrs,
        Item::Struct(item) => &mut item.attrs,
        Item::Trait(item) => &mut item.attrs,
        Item::Type(item) => &mut item.attrs,
        Item::Use(item) => &mut item.attrs,
        _ => return None,
    })
}

/// The file name a build script writes: the package name with `-` as `_`.
pub fn file_name(crate_name: &str) -> String {
    format!("{}.rs", crate_name.replace('-', "_"))
}

/// Writes `contents` to `path` unless it already holds exactly that, so an unchanged
/// output keeps its modification time and does not trigger rebuilds. The file is staged as
/// `<file name>.doc2rust-<pid>` beside it and renamed into place; staging files that killed
/// runs left behind are removed first.
pub fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<bool> {
    if std::fs::read_to_string(path).is_ok_and(|current| current == contents) {
        return Ok(false);
    }
    let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!("{name}.doc2rust-");
    crate::output::remove_abandoned_staging(dir, &prefix);
    let staging = dir.join(format!("{prefix}{}", std::process::id()));
    if std::fs::symlink_metadata(&staging).is_ok() {
        // Left by an earlier process with this id; removed so the write below cannot go
        // through a link.
        std::fs::remove_file(&staging)?;
    }
    std::fs::write(&staging, contents)?;
    std::fs::rename(&staging, path)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(items: &[syn::Item]) -> Vec<String> {
        items
            .iter()
            .map(|item| match item {
                syn::Item::Fn(f) => format!("{} {}", f.sig.ident, f.attrs.len()),
                _ => panic!("only functions here"),
            })
            .collect()
    }

    #[test]
    fn feature_gates_keep_the_enabled_side_without_its_attribute() {
        let file: syn::File = syn::parse_quote! {
            #[cfg(feature = "webhooks")] fn on() {}
            #[cfg(not(feature = "webhooks"))] fn on_off() {}
            #[cfg(feature = "rustls-ring")] fn tls() {}
            #[cfg(not(feature = "rustls-ring"))] fn tls_off() {}
            #[cfg(test)] fn untouched() {}
        };
        let mut items = file.items;
        resolve_features(&mut items, &["webhooks"]);
        assert_eq!(names(&items), ["on 0", "tls_off 0", "untouched 1"]);
    }

    #[test]
    fn several_feature_gates_on_one_item_must_all_hold() {
        for (features, kept) in [
            (&[][..], "neither 0"),
            (&["rustls-graviola"][..], "graviola 0"),
            (&["rustls-graviola", "rustls-ring"][..], ""),
        ] {
            let file: syn::File = syn::parse_quote! {
                #[cfg(feature = "rustls-graviola")] #[cfg(not(feature = "rustls-ring"))] fn graviola() {}
                #[cfg(not(feature = "rustls-ring"))] #[cfg(not(feature = "rustls-graviola"))] fn neither() {}
            };
            let mut items = file.items;
            resolve_features(&mut items, features);
            assert_eq!(names(&items).join(" "), kept, "{features:?}");
        }
    }
}

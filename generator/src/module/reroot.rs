//! Moves a crate's `crate::` paths under the module a build script's output is included in,
//! by editing the syntax tree: paths, `use` trees, the paths serde attributes take as
//! strings, macro input and intra-doc links. Every other string literal and all doc prose
//! stay as they were, so a page's value that happens to read `crate::x` reaches the user
//! unchanged.

use proc_macro2::{Group, Ident, Literal, Spacing, TokenStream, TokenTree};
use pulldown_cmark::{BrokenLink, CowStr, Event, Parser, Tag};
use syn::visit_mut::{self, VisitMut};

/// serde's attribute keys whose string value is a Rust path.
const SERDE_PATH_KEYS: &[&str] =
    &["with", "serialize_with", "deserialize_with", "default", "skip_serializing_if", "getter"];

/// Rewrites every `crate::` path of `file` to start at `module_path` (`crate::sdk`); an error
/// says why `module_path` is not such a path.
pub(super) fn reroot(file: &mut syn::File, module_path: &str) -> Result<(), String> {
    let expected = || format!("expected a module path such as `crate::sdk`, found `{module_path}`");
    let path: syn::Path = syn::parse_str(module_path).map_err(|_| expected())?;
    if path.leading_colon.is_some()
        || path.segments.first().is_none_or(|first| first.ident != "crate")
        || path.segments.iter().any(|segment| !segment.arguments.is_none())
    {
        return Err(expected());
    }
    let segments: Vec<Ident> = path.segments.into_iter().map(|segment| segment.ident).collect();
    let prefix = segments.iter().map(|segment| format!("{segment}::")).collect();
    Reroot { prefix, segments }.visit_file_mut(file);
    Ok(())
}

struct Reroot {
    /// `crate::sdk::`, what `crate::` becomes in text (serde's path strings, doc links).
    prefix: String,
    /// `crate`, `sdk`: the segments `crate` becomes in paths and tokens.
    segments: Vec<Ident>,
}

impl VisitMut for Reroot {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        // A lone `crate` is a visibility (`pub(crate)`) and stays the user's crate.
        if path.leading_colon.is_none() && path.segments.len() > 1 && path.segments[0].ident == "crate" {
            let rest = std::mem::take(&mut path.segments).into_iter().skip(1);
            path.segments = self.segments.iter().cloned().map(syn::PathSegment::from).chain(rest).collect();
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_item_use_mut(&mut self, item: &mut syn::ItemUse) {
        if item.leading_colon.is_none()
            && let syn::UseTree::Path(root) = &mut item.tree
            && root.ident == "crate"
        {
            // `use crate::x` becomes `use crate::sdk::x`: the segments after `crate` nest in
            // front of the rest of the tree.
            let mut tree =
                std::mem::replace(&mut *root.tree, syn::UseTree::Glob(syn::UseGlob { star_token: Default::default() }));
            for segment in self.segments[1..].iter().rev() {
                tree = syn::UseTree::Path(syn::UsePath {
                    ident: segment.clone(),
                    colon2_token: Default::default(),
                    tree: Box::new(tree),
                });
            }
            *root.tree = tree;
        }
        visit_mut::visit_item_use_mut(self, item);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        mac.tokens = self.tokens(std::mem::take(&mut mac.tokens));
        visit_mut::visit_macro_mut(self, mac);
    }

    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        match &mut attr.meta {
            syn::Meta::NameValue(doc) if doc.path.is_ident("doc") => {
                if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) = &mut doc.value
                    && let Some(rewritten) = self.doc_links(&text.value())
                {
                    *text = syn::LitStr::new(&rewritten, text.span());
                }
            }
            syn::Meta::List(list) => list.tokens = self.tokens(std::mem::take(&mut list.tokens)),
            _ => visit_mut::visit_attribute_mut(self, attr),
        }
    }
}

impl Reroot {
    /// Macro input and attribute arguments: `crate ::` becomes the module's path, and the
    /// value of a serde path key (`deserialize_with = "crate::x"`) too; other literals stay.
    fn tokens(&self, tokens: TokenStream) -> TokenStream {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out = Vec::with_capacity(trees.len());
        for (i, tree) in trees.iter().enumerate() {
            match tree {
                TokenTree::Group(group) => {
                    let mut rewritten = Group::new(group.delimiter(), self.tokens(group.stream()));
                    rewritten.set_span(group.span());
                    out.push(TokenTree::Group(rewritten));
                }
                TokenTree::Ident(name)
                    if name == "crate"
                        && !matches!(i.checked_sub(1).map(|p| &trees[p]), Some(TokenTree::Punct(p)) if p.as_char() == '$')
                        && starts_path_separator(&trees[i + 1..]) =>
                {
                    for (n, segment) in self.segments.iter().enumerate() {
                        if n > 0 {
                            out.push(TokenTree::Punct(proc_macro2::Punct::new(':', Spacing::Joint)));
                            out.push(TokenTree::Punct(proc_macro2::Punct::new(':', Spacing::Alone)));
                        }
                        out.push(TokenTree::Ident(segment.clone()));
                    }
                }
                TokenTree::Literal(literal) if self.is_serde_path_value(&trees[..i]) => {
                    out.push(TokenTree::Literal(self.path_literal(literal)));
                }
                other => out.push(other.clone()),
            }
        }
        out.into_iter().collect()
    }

    /// Whether the tokens before a literal end in `<serde path key> =`.
    fn is_serde_path_value(&self, before: &[TokenTree]) -> bool {
        match before {
            [.., TokenTree::Ident(key), TokenTree::Punct(eq)] => {
                eq.as_char() == '=' && SERDE_PATH_KEYS.iter().any(|k| key == k)
            }
            _ => false,
        }
    }

    /// `"crate::x"` as `"crate::sdk::x"`; any other literal unchanged.
    fn path_literal(&self, literal: &Literal) -> Literal {
        match syn::parse2::<syn::LitStr>(TokenTree::Literal(literal.clone()).into()) {
            Ok(text) if text.value().starts_with("crate::") => {
                let mut rewritten = Literal::string(&format!("{}{}", self.prefix, &text.value()["crate::".len()..]));
                rewritten.set_span(literal.span());
                rewritten
            }
            _ => literal.clone(),
        }
    }

    /// The doc text with its links to `crate::` paths pointing into the module, or `None`
    /// when it has none. Only the source of such a link is edited (its label may name the
    /// path too, as `[`crate::Client::send`]` does); prose and code spans outside links stay.
    fn doc_links(&self, text: &str) -> Option<String> {
        if !text.contains("crate::") {
            return None;
        }
        // Rustdoc resolves `[`path`]` without a definition itself; pulldown-cmark reports it
        // as a broken link, which is taken here as a link to its own text.
        let mut as_link = |link: BrokenLink<'_>| Some((CowStr::from(link.reference.into_string()), CowStr::from("")));
        let mut ranges = Vec::new();
        for (event, range) in
            Parser::new_with_broken_link_callback(text, pulldown_cmark::Options::empty(), Some(&mut as_link))
                .into_offset_iter()
        {
            if let Event::Start(Tag::Link { dest_url, .. }) = event
                && dest_url.trim_matches('`').starts_with("crate::")
            {
                ranges.push(range);
            }
        }
        if ranges.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len() + ranges.len() * self.prefix.len());
        let mut done = 0;
        for range in ranges {
            out.push_str(&text[done..range.start]);
            out.push_str(&text[range.clone()].replace("crate::", &self.prefix));
            done = range.end;
        }
        out.push_str(&text[done..]);
        Some(out)
    }
}

/// Whether `tokens` starts with `::`.
fn starts_path_separator(tokens: &[TokenTree]) -> bool {
    matches!(tokens, [TokenTree::Punct(a), TokenTree::Punct(b), ..]
        if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rerooted(file: syn::File) -> String {
        let mut file = file;
        reroot(&mut file, "crate::sdk").expect("a module path");
        prettyplease::unparse(&file)
    }

    #[test]
    fn paths_uses_macros_and_serde_paths_move_under_the_module() {
        let text = rerooted(syn::parse_quote! {
            use crate::types::{A, B};
            pub(crate) fn f(a: crate::types::A) -> crate::Result<()> {
                crate::runtime::open_enum_impls!(A, str);
                let _ = format!("{}", crate::API.name);
                Ok(())
            }
            #[derive(Deserialize)]
            struct S {
                #[serde(default, deserialize_with = "crate::runtime::nullable::deserialize_optional")]
                x: Option<u8>,
            }
        });
        assert!(text.contains("use crate::sdk::types::{A, B};"), "{text}");
        assert!(text.contains("pub(crate) fn f(a: crate::sdk::types::A) -> crate::sdk::Result<()>"), "{text}");
        assert!(text.contains("crate::sdk::runtime::open_enum_impls!(A, str);"), "{text}");
        // (prettyplease prints `crate ::` inside format! arguments, whatever the spacing.)
        assert!(text.contains("crate ::sdk::API.name"), "{text}");
        assert!(text.contains("\"crate::sdk::runtime::nullable::deserialize_optional\""), "{text}");
        assert!(!text.contains("crate::types") && !text.contains("crate::runtime"), "{text}");
    }

    #[test]
    fn string_literals_and_doc_prose_keep_their_text() {
        // A page's enum value and prose that read like paths are data, not paths.
        let text = rerooted(syn::parse_quote! {
            /// Send it to `crate::inbox` as the docs say; see [`crate::Client::send`] and
            /// [the types](crate::types).
            enum E {
                #[serde(rename = "crate::value")]
                V,
            }
            const C: &str = "crate::literal";
            macro_rules! m { () => { $crate::x }; }
        });
        assert!(text.contains("Send it to `crate::inbox` as the docs say"), "{text}");
        assert!(text.contains("[`crate::sdk::Client::send`]"), "{text}");
        assert!(text.contains("[the types](crate::sdk::types)"), "{text}");
        assert!(text.contains("rename = \"crate::value\""), "{text}");
        assert!(text.contains("\"crate::literal\""), "{text}");
        assert!(text.contains("$crate::x"), "{text}");
    }

    #[test]
    fn a_module_path_must_start_at_the_crate() {
        for bad in ["sdk", "::crate::sdk", "crate::9", "crate::sdk<T>", "crate::", ""] {
            let mut file: syn::File = syn::parse_quote!(
                fn f() {}
            );
            let error = reroot(&mut file, bad).expect_err(bad);
            assert!(error.contains(&format!("found `{bad}`")), "{error}");
        }
    }
}

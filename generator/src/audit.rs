//! An auditor of generated Rust source: what no page may ever put into a generated crate,
//! checked on the output itself rather than on the code that writes it. The property tests,
//! the hostile-pages tests and the fuzz targets run every crate they generate through it.
//!
//! A file passes when
//!
//! - its source holds no control character (other than line feeds), no bidi control and no
//!   Unicode line separator, anywhere: comments, docs and string literals alike (literals
//!   carry such characters as escapes, `"\u{202e}"`, which keep the value exact);
//! - every doc comment, read as rustdoc reads it (pulldown-cmark), opens no code block that
//!   rustdoc would compile, except doc2rust's own examples where doc2rust puts them (a
//!   `no_run` block in the crate docs of `src/lib.rs`, one block on `WebhookVerifier::new`,
//!   one `no_run` block on each method of `Client`, up to four in `README.md`, which is the
//!   crate docs);
//!   holds no raw HTML; and links only to `http`, `https` and `mailto` URLs (or to items);
//! - every `#[deprecated(note = "...")]` note, which rustdoc renders as markdown too, passes
//!   the same checks with no code block at all.
//!
//! Every doc attribute is found twice, by walking the syntax tree (which knows where the
//! docs are) and by counting `#[doc = ...]` in the raw tokens: a walk that missed some docs
//! would be a finding too.

use proc_macro2::{TokenStream, TokenTree};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

use crate::emit::GeneratedFile;
use crate::text::is_unsafe_char;

/// Where a doc comment is, which decides which of doc2rust's examples it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The file's own docs (`//!`) of `src/lib.rs`: the crate docs, with the usage example.
    CrateDocs,
    /// `WebhookVerifier::new`, with the webhook example.
    WebhookVerifierNew,
    /// A method of `Client`, with its `no_run` example.
    ClientMethod,
    /// `README.md`, the crate docs: its `no_run` examples (sending, pagination, errors,
    /// webhooks).
    Readme,
    Elsewhere,
}

/// What is wrong with the generated files, one message each (empty: they pass). Only Rust
/// files are audited.
pub fn audit(files: &[GeneratedFile]) -> Vec<String> {
    let mut findings: Vec<String> = files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
        .flat_map(|f| audit_file(&f.path.to_string_lossy().replace('\\', "/"), &f.contents))
        .collect();
    // The README is the crate docs (`lib.rs` includes it): read as rustdoc reads them.
    for file in files.iter().filter(|f| f.path == std::path::Path::new("README.md")) {
        let mut audit = Audit { path: "README.md", findings: Vec::new(), docs: 0 };
        // Its first line is doc2rust's header comment, the one HTML it holds.
        let text = file.contents.strip_prefix(crate::emit::README_HEADER).unwrap_or(&file.contents);
        let lines: Vec<String> = text.lines().map(str::to_owned).collect();
        audit.doc(&lines, Place::Readme);
        findings.extend(audit.findings);
    }
    findings
}

/// What is wrong with one generated Rust file; `path` is relative to the crate root
/// (`src/lib.rs`), or any name for a build script's single file.
pub fn audit_file(path: &str, source: &str) -> Vec<String> {
    let mut findings = Vec::new();
    for (number, line) in source.lines().enumerate() {
        if let Some(ch) = line.chars().find(|c| is_unsafe_char(*c)) {
            findings.push(format!("{path}:{}: character {ch:?} in the source", number + 1));
        }
    }
    let file = match syn::parse_file(source) {
        Ok(file) => file,
        Err(error) => {
            findings.push(format!("{path}: does not parse: {error}"));
            return findings;
        }
    };
    let mut audit = Audit { path, findings, docs: 0 };
    let place = if path == "src/lib.rs" { Place::CrateDocs } else { Place::Elsewhere };
    audit.attrs(&file.attrs, place);
    audit.items(&file.items);
    let counted = match source.parse::<TokenStream>() {
        Ok(tokens) => count_doc_attrs(tokens),
        Err(_) => 0,
    };
    if counted != audit.docs {
        audit.findings.push(format!("{path}: {counted} doc attributes, {} of them where docs go", audit.docs));
    }
    audit.findings
}

struct Audit<'a> {
    path: &'a str,
    findings: Vec<String>,
    /// Doc attributes seen by the walk.
    docs: usize,
}

impl Audit<'_> {
    fn items(&mut self, items: &[syn::Item]) {
        for item in items {
            self.item(item);
        }
    }

    fn item(&mut self, item: &syn::Item) {
        use syn::Item;
        match item {
            Item::Struct(item) => {
                self.attrs(&item.attrs, Place::Elsewhere);
                self.fields(&item.fields);
            }
            Item::Enum(item) => {
                self.attrs(&item.attrs, Place::Elsewhere);
                for variant in &item.variants {
                    self.attrs(&variant.attrs, Place::Elsewhere);
                    self.fields(&variant.fields);
                }
            }
            Item::Union(item) => {
                self.attrs(&item.attrs, Place::Elsewhere);
                for field in &item.fields.named {
                    self.attrs(&field.attrs, Place::Elsewhere);
                }
            }
            Item::Impl(item) => {
                self.attrs(&item.attrs, Place::Elsewhere);
                let self_ty = match &*item.self_ty {
                    syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
                    _ => None,
                };
                for member in &item.items {
                    match member {
                        syn::ImplItem::Fn(function) => {
                            let place = if self_ty.as_deref() == Some("WebhookVerifier") && function.sig.ident == "new"
                            {
                                Place::WebhookVerifierNew
                            } else if self_ty.as_deref() == Some("Client") && item.trait_.is_none() {
                                Place::ClientMethod
                            } else {
                                Place::Elsewhere
                            };
                            self.attrs(&function.attrs, place);
                            self.block(&function.block);
                        }
                        syn::ImplItem::Const(member) => self.attrs(&member.attrs, Place::Elsewhere),
                        syn::ImplItem::Type(member) => self.attrs(&member.attrs, Place::Elsewhere),
                        syn::ImplItem::Macro(member) => self.attrs(&member.attrs, Place::Elsewhere),
                        _ => {}
                    }
                }
            }
            Item::Trait(item) => {
                self.attrs(&item.attrs, Place::Elsewhere);
                for member in &item.items {
                    match member {
                        syn::TraitItem::Fn(function) => {
                            self.attrs(&function.attrs, Place::Elsewhere);
                            if let Some(block) = &function.default {
                                self.block(block);
                            }
                        }
                        syn::TraitItem::Const(member) => self.attrs(&member.attrs, Place::Elsewhere),
                        syn::TraitItem::Type(member) => self.attrs(&member.attrs, Place::Elsewhere),
                        syn::TraitItem::Macro(member) => self.attrs(&member.attrs, Place::Elsewhere),
                        _ => {}
                    }
                }
            }
            Item::Mod(item) => {
                self.attrs(&item.attrs, Place::Elsewhere);
                if let Some((_, items)) = &item.content {
                    self.items(items);
                }
            }
            Item::Fn(item) => {
                self.attrs(&item.attrs, Place::Elsewhere);
                self.block(&item.block);
            }
            Item::Const(item) => self.attrs(&item.attrs, Place::Elsewhere),
            Item::Static(item) => self.attrs(&item.attrs, Place::Elsewhere),
            Item::Type(item) => self.attrs(&item.attrs, Place::Elsewhere),
            Item::Use(item) => self.attrs(&item.attrs, Place::Elsewhere),
            Item::Macro(item) => self.attrs(&item.attrs, Place::Elsewhere),
            Item::ExternCrate(item) => self.attrs(&item.attrs, Place::Elsewhere),
            Item::TraitAlias(item) => self.attrs(&item.attrs, Place::Elsewhere),
            Item::ForeignMod(item) => self.attrs(&item.attrs, Place::Elsewhere),
            _ => {}
        }
    }

    fn fields(&mut self, fields: &syn::Fields) {
        for field in fields {
            self.attrs(&field.attrs, Place::Elsewhere);
        }
    }

    /// Items declared inside a function body (the runtime has a few).
    fn block(&mut self, block: &syn::Block) {
        for statement in &block.stmts {
            if let syn::Stmt::Item(item) = statement {
                self.item(item);
            }
        }
    }

    /// The docs of one item (its consecutive doc attributes, inner or outer) and its
    /// deprecation note.
    fn attrs(&mut self, attrs: &[syn::Attribute], place: Place) {
        for outer in [true, false] {
            let lines: Vec<String> = attrs
                .iter()
                .filter(|attr| matches!(attr.style, syn::AttrStyle::Outer) == outer && attr.path().is_ident("doc"))
                .filter_map(|attr| match &attr.meta {
                    syn::Meta::NameValue(syn::MetaNameValue {
                        value: syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }),
                        ..
                    }) => Some(text.value()),
                    _ => None,
                })
                .collect();
            // `#![doc = include_str!("../README.md")]`: the README, audited on its own.
            let included = attrs
                .iter()
                .filter(|attr| matches!(attr.style, syn::AttrStyle::Outer) == outer && attr.path().is_ident("doc"))
                .filter(|attr| is_readme_include(&attr.meta))
                .count();
            self.docs += lines.len() + included;
            if !lines.is_empty() {
                // Outer docs in `src/lib.rs` are an item's, not the crate's.
                let place = if place == Place::CrateDocs && outer { Place::Elsewhere } else { place };
                self.doc(&lines, place);
            }
        }
        for attr in attrs.iter().filter(|attr| attr.path().is_ident("deprecated")) {
            let mut note = None;
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("note") {
                    note = Some(meta.value()?.parse::<syn::LitStr>()?.value());
                }
                Ok(())
            });
            if let Some(note) = note {
                self.markdown(&note, "deprecation note", &mut |_| false);
            }
        }
    }

    fn doc(&mut self, lines: &[String], place: Place) {
        for line in lines {
            if line.contains(['\n', '\r']) {
                self.findings.push(format!("{}: a doc line holds a line break: {line:?}", self.path));
            }
        }
        let mut allowed = match place {
            Place::CrateDocs => vec!["no_run"],
            Place::WebhookVerifierNew => vec![""],
            Place::ClientMethod => vec!["no_run"],
            Place::Readme => vec!["no_run"; 4],
            Place::Elsewhere => Vec::new(),
        };
        // Each of doc2rust's examples once where it belongs.
        let mut own = |info: &str| match allowed.iter().position(|a| *a == info) {
            Some(index) => {
                allowed.remove(index);
                true
            }
            None => false,
        };
        self.markdown(&lines.join("\n"), "doc comment", &mut own);
    }

    /// Checks markdown as rustdoc reads it; `own` says whether a compiled code block with
    /// this info string is one of doc2rust's examples.
    fn markdown(&mut self, text: &str, what: &str, own: &mut dyn FnMut(&str) -> bool) {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_SMART_PUNCTUATION;
        for event in Parser::new_ext(text, options) {
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                    self.findings.push(format!("{}: an indented code block (a doctest) in a {what}: {text}", self.path))
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if !is_not_compiled(&info) && !own(&info) => {
                    self.findings
                        .push(format!("{}: a code block rustdoc compiles (```{info}) in a {what}: {text}", self.path))
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    self.findings.push(format!("{}: HTML {html:?} in a {what}: {text}", self.path))
                }
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                    if !is_allowed_destination(&dest_url) =>
                {
                    self.findings.push(format!("{}: a link to {dest_url:?} in a {what}: {text}", self.path))
                }
                _ => {}
            }
        }
    }
}

/// `doc = include_str!("../README.md")`, the crate docs' one non-literal doc attribute.
fn is_readme_include(meta: &syn::Meta) -> bool {
    let syn::Meta::NameValue(syn::MetaNameValue { value: syn::Expr::Macro(call), .. }) = meta else { return false };
    call.mac.path.is_ident("include_str") && call.mac.tokens.to_string() == "\"../README.md\""
}

/// Whether rustdoc shows a fenced block without compiling it: its first info word names a
/// language other than Rust. Blocks marked `ignore` are still doctests (listed, and run by
/// `--include-ignored`), so they are not among these.
fn is_not_compiled(info: &str) -> bool {
    let first = info.split([',', ' ']).next().unwrap_or("").trim();
    matches!(first, "text" | "json" | "toml" | "sh" | "console")
}

/// A link destination rustdoc may render: `http(s)`, `mailto`, or no scheme (an item path
/// such as `Self::tolerance` or `crate::Client`).
fn is_allowed_destination(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    if ["http://", "https://", "mailto:"].iter().any(|scheme| lower.starts_with(scheme)) {
        return true;
    }
    // A scheme is letters then `:` (and not `::`, a path).
    let scheme_end = lower.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')));
    match scheme_end {
        Some(end) if end > 0 && lower[end..].starts_with(':') => lower[end..].starts_with("::"),
        _ => !lower.contains(':') || lower.contains("::"),
    }
}

/// `#[doc = ...]` and `#![doc = ...]` in raw tokens (doc comments arrive as such), at any
/// depth.
fn count_doc_attrs(tokens: TokenStream) -> usize {
    let mut count = 0;
    let mut previous_hash = false;
    for token in tokens {
        match &token {
            TokenTree::Punct(punct) if punct.as_char() == '#' => {
                previous_hash = true;
                continue;
            }
            TokenTree::Punct(punct) if punct.as_char() == '!' && previous_hash => continue,
            TokenTree::Group(group) => {
                let inner: Vec<TokenTree> = group.stream().into_iter().take(2).collect();
                let is_doc = previous_hash
                    && group.delimiter() == proc_macro2::Delimiter::Bracket
                    && matches!(inner.as_slice(), [TokenTree::Ident(name), TokenTree::Punct(eq)] if name == "doc" && eq.as_char() == '=');
                if is_doc {
                    count += 1;
                } else {
                    count += count_doc_attrs(group.stream());
                }
            }
            _ => {}
        }
        previous_hash = false;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(source: &str) -> Vec<String> {
        audit_file("src/types.rs", source)
    }

    #[test]
    fn clean_docs_pass() {
        let source = "//! Types.\n/// A `value` with [a link](https://a.example) and [`Client`].\n///\n/// ```text\n/// shown\n/// ```\npub struct A {\n    /// A field.\n    #[deprecated(note = \"use `b`\")]\n    pub a: i64,\n}\n";
        assert_eq!(findings(source), Vec::<String>::new());
    }

    #[test]
    fn page_derived_code_blocks_are_found() {
        for doc in [
            "/// ```\n/// fn main() {}\n/// ```\n",
            "/** A\n```\nfn main() {}\n```*/\n",
            "/// Text.\n///\n///     indented();\n",
            "/// ```rust,ignore\n/// x\n/// ```\n",
            "/// ~~~no_run\n/// x\n/// ~~~\n",
        ] {
            let found = findings(&format!("{doc}pub enum E {{ A }}\n"));
            assert!(found.iter().any(|f| f.contains("code block")), "{doc:?}: {found:?}");
            // Inside an enum variant too (the reported case).
            let found = findings(&format!("pub enum E {{\n{doc}A,\n}}\n"));
            assert!(found.iter().any(|f| f.contains("code block")), "{doc:?}: {found:?}");
        }
    }

    #[test]
    fn own_examples_pass_only_where_doc2rust_writes_them() {
        let crate_docs = "//! Crate.\n//!\n//! ```no_run\n//! let x = 1;\n//! ```\nmod a {}\n";
        assert_eq!(audit_file("src/lib.rs", crate_docs), Vec::<String>::new());
        assert!(!audit_file("src/types.rs", crate_docs).is_empty());
        // Once only.
        let twice = "//! ```no_run\n//! a\n//! ```\n//!\n//! ```no_run\n//! b\n//! ```\nmod a {}\n";
        assert_eq!(audit_file("src/lib.rs", twice).len(), 1);
        let webhook = "impl WebhookVerifier {\n    /// New.\n    ///\n    /// ```\n    /// let v = 1;\n    /// ```\n    pub fn new() {}\n    /// ```\n    /// x\n    /// ```\n    pub fn other() {}\n}\n";
        let found = findings(webhook);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn html_links_and_characters_are_found() {
        assert!(!findings("/// <script>alert(1)</script>\npub struct A;\n").is_empty());
        assert!(!findings("/// <img src=x onerror=y>\npub struct A;\n").is_empty());
        assert!(!findings("/// [x](javascript:alert(1))\npub struct A;\n").is_empty());
        assert!(!findings("/// <javascript:alert(1)>\npub struct A;\n").is_empty());
        assert!(!findings("/// a\u{202e}b\npub struct A;\n").is_empty());
        assert!(!findings("/// a\u{1b}[2Jb\npub struct A;\n").is_empty());
        assert!(!findings("#[deprecated(note = \"<b>x</b>\")]\npub struct A;\n").is_empty());
        assert!(!findings("#[doc = \"a\\rb\"]\npub struct A;\n").is_empty());
        // Escaped in a string literal: the value is exact, the source is clean.
        assert_eq!(findings("pub const A: &str = \"\\u{202e}\\u{1b}\\r\\0\";\n"), Vec::<String>::new());
        assert!(is_allowed_destination("Self::tolerance"));
        assert!(is_allowed_destination("crate::Client"));
        assert!(is_allowed_destination("mailto:a@b.example"));
        assert!(!is_allowed_destination("data:text/html,x"));
        assert!(!is_allowed_destination("JavaScript:alert(1)"));
    }
}

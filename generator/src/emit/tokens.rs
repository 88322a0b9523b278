//! Small token builders shared by the emitters: Rust types for model types, doc attributes,
//! identifiers.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote};

use super::syntax::{self, doc_literal, doc_values};
use crate::emit::rustdoc::Doc;

use crate::model::types::{StructDef, Ty, TypeKind, TypeSpace};

/// An identifier from a name the naming rules produced (`r#type` for keywords).
pub fn ident(name: &str) -> Ident {
    crate::naming::ident(name)
}

/// How the file being emitted spells standard and generated types.
///
/// Paths are as short as the file allows, since every token is parsed and printed again and
/// short paths read better: `Option<String>`, not `::std::option::Option<::std::string::String>`.
/// Only `types.rs` defines types named from the pages, which may be named like a prelude type
/// (`Option`, `String`, `Vec`, `From`): there such a name shadows the prelude's and
/// the standard type is spelled out in full. The other files define no such name and name the
/// generated types through `crate::types`.
#[derive(Debug, Clone)]
pub struct Spelling {
    in_types: bool,
    /// The path the crate's own items start with: `crate`, or the crate's name in another
    /// crate (the command-line client). A `String`: an `Ident` cannot cross threads.
    root: String,
    /// Which of [`PRELUDE`] a generated type shadows in `types.rs`.
    shadowed: [bool; PRELUDE.len()],
    /// No generated type is named `Serialize` or `Deserialize`, so `types.rs` may import
    /// them.
    serde_importable: bool,
    /// Some type of `types.rs` derives `Serialize`: a struct or a one-of.
    serializes: bool,
    /// Some type of `types.rs` derives `Deserialize` whatever the features.
    deserializes: bool,
    requests: RequestDeserialize,
}

/// Whether the types only ever sent to the API derive `Deserialize`. The types the API sends
/// always do; the others need it only to be read back (the command-line client reads request
/// bodies as JSON), and serde's `Deserialize` derive is the largest part of the generated
/// crate's compile time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestDeserialize {
    /// Behind the generated crate's [`REQUEST_DESERIALIZE_FEATURE`] feature.
    Feature,
    /// Always: a build script's module, when asked for.
    Always,
    /// Never: a build script's module, by default (it has no features of its own).
    Never,
}

/// The generated crate's feature that derives `Deserialize` on request-only types as well.
pub const REQUEST_DESERIALIZE_FEATURE: &str = "deserialize-requests";

/// The prelude names `types.rs` uses, with their full paths.
const PRELUDE: [(&str, &str); 5] = [
    ("Option", "::std::option::Option"),
    ("String", "::std::string::String"),
    ("Vec", "::std::vec::Vec"),
    ("From", "::std::convert::From"),
    ("Into", "::std::convert::Into"),
];
const OPTION: usize = 0;
const STRING: usize = 1;
const VEC: usize = 2;
const FROM: usize = 3;
const INTO: usize = 4;

impl Spelling {
    /// For `types.rs` of this type space.
    pub fn types_module(space: &TypeSpace, requests: RequestDeserialize) -> Spelling {
        let mut shadowed = [false; PRELUDE.len()];
        let (mut serde_importable, mut serializes, mut deserializes) = (true, false, false);
        for def in &space.types {
            if let Some(index) = PRELUDE.iter().position(|(name, _)| *name == def.name) {
                shadowed[index] = true;
            }
            serde_importable &= def.name != "Serialize" && def.name != "Deserialize";
            if derives_serde(&def.kind) {
                serializes = true;
                // One-ofs implement `Deserialize` by hand, by its full path, and so do the
                // structs that keep undocumented keys (the runtime's `record_deserialize!`).
                let derived = match &def.kind {
                    TypeKind::Struct(s) => !keeps_extra(def.received, s),
                    _ => false,
                };
                deserializes |= derived && (def.received || requests == RequestDeserialize::Always);
            }
        }
        let root = "crate".to_owned();
        Spelling { in_types: true, root, shadowed, serde_importable, serializes, deserializes, requests }
    }

    /// For every other file of the crate.
    pub fn elsewhere() -> Spelling {
        Spelling::outside("crate")
    }

    /// For a file of another crate that reaches this one's items through the path `root`.
    pub fn outside(root: &str) -> Spelling {
        Spelling {
            in_types: false,
            root: root.to_owned(),
            shadowed: [false; PRELUDE.len()],
            serde_importable: false,
            serializes: false,
            deserializes: false,
            requests: RequestDeserialize::Always,
        }
    }

    /// The `use` of serde's derives at the top of `types.rs`, for those it uses.
    pub fn serde_import(&self) -> TokenStream {
        match (self.serde_importable && self.serializes, self.deserializes) {
            (false, _) => TokenStream::new(),
            (true, true) => quote!(
                use serde::{Deserialize, Serialize};
            ),
            (true, false) => quote!(
                use serde::Serialize;
            ),
        }
    }

    /// The serde derives of a type's derive list: `Serialize`, and `Deserialize` when the
    /// API sends the type (`received`) or request types always get it.
    pub fn serde_derives(&self, received: bool) -> TokenStream {
        let serialize = self.serde_path("Serialize", self.serializes);
        if received || self.requests == RequestDeserialize::Always {
            let deserialize = self.serde_path("Deserialize", self.deserializes);
            quote!(#serialize, #deserialize)
        } else {
            serialize
        }
    }

    /// `#[cfg_attr(feature = "deserialize-requests", derive(Deserialize))]` for a type the
    /// API never sends, in a generated crate.
    pub fn deserialize_feature(&self, received: bool) -> Option<syn::Attribute> {
        if received || self.requests != RequestDeserialize::Feature {
            return None;
        }
        let deserialize = self.serde_path("Deserialize", self.deserializes);
        Some(syntax::list_attr("cfg_attr", quote!(feature = #REQUEST_DESERIALIZE_FEATURE, derive(#deserialize))))
    }

    /// `Serialize` as a derive list spells it.
    pub fn serialize_derive(&self) -> TokenStream {
        self.serde_path("Serialize", self.serializes)
    }

    /// Whether a type gets a hand-written `Deserialize` impl, and under which `cfg`: `None`
    /// when it never does, `Some(None)` when always, `Some(Some(cfg))` behind the
    /// [`REQUEST_DESERIALIZE_FEATURE`] feature (as [`Self::serde_derives`] and
    /// [`Self::deserialize_feature`] decide for derives).
    pub fn deserialize_gate(&self, received: bool) -> Option<Option<syn::Attribute>> {
        if received || self.requests == RequestDeserialize::Always {
            Some(None)
        } else if self.requests == RequestDeserialize::Feature {
            Some(Some(syntax::list_attr("cfg", quote!(feature = #REQUEST_DESERIALIZE_FEATURE))))
        } else {
            None
        }
    }

    /// A serde derive by its short name when `types.rs` imports it, else by its path.
    fn serde_path(&self, name: &str, imported: bool) -> TokenStream {
        let name = Ident::new(name, Span::call_site());
        if self.serde_importable && imported { quote!(#name) } else { quote!(::serde::#name) }
    }

    fn prelude(&self, index: usize) -> TokenStream {
        self.syn_prelude(index, Vec::new()).into_token_stream()
    }

    /// A prelude type with type arguments: `Option<T>`, or `::std::option::Option<T>` where
    /// a generated type shadows `Option`.
    fn syn_prelude(&self, index: usize, args: Vec<syn::Type>) -> syn::Type {
        syntax::path_type(self.prelude_path(index, args.into_iter().map(syn::GenericArgument::Type).collect()))
    }

    /// The path of a prelude item, spelled as [`Self::syn_prelude`] says.
    fn prelude_path(&self, index: usize, args: Vec<syn::GenericArgument>) -> syn::Path {
        let (name, path) = PRELUDE[index];
        let segments: Vec<Ident> = if self.shadowed[index] {
            path.trim_start_matches("::").split("::").map(|s| Ident::new(s, Span::call_site())).collect()
        } else {
            vec![Ident::new(name, Span::call_site())]
        };
        syntax::generic_path(self.shadowed[index], segments, args)
    }

    /// `String::from` (or its full path) as an expression.
    pub fn syn_string_from(&self) -> syn::Expr {
        let mut path = self.prelude_path(STRING, Vec::new());
        path.segments.push(syn::PathSegment::from(Ident::new("from", Span::call_site())));
        syntax::path_expr(path)
    }

    /// `From<ty>`: the trait an open enum implements for its raw values.
    pub fn syn_from_trait(&self, ty: syn::Type) -> syn::Path {
        self.prelude_path(FROM, vec![syn::GenericArgument::Type(ty)])
    }

    /// `impl Into<T>`: a parameter a caller may pass anything convertible into `T`.
    pub fn syn_impl_into(&self, ty: syn::Type) -> syn::Type {
        syntax::impl_trait(self.prelude_path(INTO, vec![syn::GenericArgument::Type(ty)]))
    }

    /// `value.into()`, or `::std::convert::Into::into(value)` where a generated type named
    /// `Into` hides the prelude's trait from method calls.
    pub fn syn_convert(&self, value: syn::Expr) -> syn::Expr {
        if self.shadowed[INTO] {
            let mut into = self.prelude_path(INTO, Vec::new());
            into.segments.push(syn::PathSegment::from(Ident::new("into", Span::call_site())));
            syntax::call(syntax::path_expr(into), vec![value])
        } else {
            syntax::method_call(value, Ident::new("into", Span::call_site()), Vec::new())
        }
    }

    pub fn syn_option(&self, inner: syn::Type) -> syn::Type {
        self.syn_prelude(OPTION, vec![inner])
    }

    pub fn syn_string(&self) -> syn::Type {
        self.syn_prelude(STRING, Vec::new())
    }

    pub fn from(&self) -> TokenStream {
        self.prelude(FROM)
    }

    /// `Option::is_none` as serde's `skip_serializing_if` wants it, a path in a string.
    pub fn is_none(&self) -> String {
        let (name, path) = PRELUDE[OPTION];
        format!("{}::is_none", if self.shadowed[OPTION] { path } else { name })
    }

    /// The Rust type of a model type.
    pub fn rust_type(&self, space: &TypeSpace, ty: &Ty) -> TokenStream {
        self.syn_type(space, ty).into_token_stream()
    }

    /// The crate root's segments (`crate`, `sdk`, or `crate::sdk` for a module a build script
    /// generated), then `names`.
    fn root_then<'a>(&'a self, names: &'a [&str]) -> impl Iterator<Item = Ident> + 'a {
        self.root.split("::").chain(names.iter().copied()).map(|name| Ident::new(name, Span::call_site()))
    }

    /// [`Spelling::rust_type`] as a syntax tree.
    pub fn syn_type(&self, space: &TypeSpace, ty: &Ty) -> syn::Type {
        let fixed = |leading_colon: bool, names: &[&str], args: Vec<syn::Type>| {
            syntax::path_type(syntax::path(leading_colon, names.iter().map(|n| Ident::new(n, Span::call_site())), args))
        };
        match ty {
            Ty::String => self.syn_string(),
            Ty::I64 => fixed(false, &["i64"], Vec::new()),
            Ty::F64 => fixed(false, &["f64"], Vec::new()),
            Ty::Bool => fixed(false, &["bool"], Vec::new()),
            Ty::Json => fixed(true, &["serde_json", "Value"], Vec::new()),
            Ty::Map => fixed(
                true,
                &["serde_json", "Map"],
                vec![self.syn_string(), fixed(true, &["serde_json", "Value"], Vec::new())],
            ),
            Ty::MapOf(inner) => {
                fixed(true, &["std", "collections", "BTreeMap"], vec![self.syn_string(), self.syn_type(space, inner)])
            }
            Ty::Named(id) => {
                let name = ident(&space.get(*id).name);
                let segments =
                    if self.in_types { vec![name] } else { self.root_then(&["types"]).chain([name]).collect() };
                syntax::path_type(syntax::path(false, segments, Vec::new()))
            }
            Ty::Vec(inner) => self.syn_prelude(VEC, vec![self.syn_type(space, inner)]),
            Ty::Nullable(inner) => {
                syntax::path_type(syntax::path(false, self.root_then(&["Nullable"]), vec![self.syn_type(space, inner)]))
            }
            Ty::File => syntax::path_type(syntax::path(false, self.root_then(&["FilePart"]), Vec::new())),
            Ty::Custom(path) => syn::parse_str::<syn::Type>(path).unwrap_or_else(|error| {
                // `load::apply` rejects a `[fields]` type that does not parse before it becomes
                // a `Ty`: a miss is a bug there (release builds write JSON rather than panic).
                debug_assert!(false, "unchecked custom type `{path}`: {error}");
                fixed(true, &["serde_json", "Value"], Vec::new())
            }),
        }
    }
}

/// Whether a type of this kind derives serde's traits: structs and one-ofs with
/// alternatives (the others are open enums, with their own impls, or JSON values).
pub fn derives_serde(kind: &TypeKind) -> bool {
    match kind {
        TypeKind::Struct(_) => true,
        TypeKind::Union(def) => !def.variants.is_empty(),
        TypeKind::Enum(_) => false,
    }
}

/// Whether a struct keeps the keys its page does not document in a map field (`extra`):
/// one the API sends, unless it flattens a one-of (which takes those keys). Such a struct's
/// `Deserialize` is the runtime's `record_deserialize!`, not serde's derive.
pub fn keeps_extra(received: bool, def: &StructDef) -> bool {
    received && def.flatten.is_none()
}

/// The Rust type of a model type in any file but `types.rs`.
pub fn rust_type(space: &TypeSpace, ty: &Ty) -> TokenStream {
    Spelling::elsewhere().rust_type(space, ty)
}

/// `#[doc = " line"]` attributes, one per line of the doc.
pub fn doc_attrs(doc: &Doc) -> TokenStream {
    doc_attr_tokens(doc, false)
}

/// `#![doc = " line"]` attributes: a file's or module's own docs.
pub fn inner_doc_attrs(doc: &Doc) -> TokenStream {
    doc_attr_tokens(doc, true)
}

/// The tokens `quote!(#[doc = #line])` (`#!`, `inner`) makes for each line, built into one
/// stream: a `quote!` per line and then `#(#attrs)*` copied every line's tokens, its text
/// included, once more (a client method's docs, example and all, are dozens of lines).
fn doc_attr_tokens(doc: &Doc, inner: bool) -> TokenStream {
    use proc_macro2::{Delimiter, Group, Punct, Spacing, TokenTree};
    let mut tokens = Vec::new();
    for line in doc_values(doc) {
        tokens.push(TokenTree::Punct(Punct::new('#', Spacing::Alone)));
        if inner {
            tokens.push(TokenTree::Punct(Punct::new('!', Spacing::Alone)));
        }
        let attr = [
            TokenTree::Ident(Ident::new("doc", Span::call_site())),
            TokenTree::Punct(Punct::new('=', Spacing::Alone)),
            TokenTree::Literal(doc_literal(&line)),
        ];
        tokens.push(TokenTree::Group(Group::new(Delimiter::Bracket, attr.into_iter().collect())));
    }
    tokens.into_iter().collect()
}

/// A deprecation note on one line. rustdoc renders the note as markdown, so it goes through
/// the same sanitiser as docs.
pub fn deprecation_note(note: &str) -> String {
    Doc::prose(note).flatten().text()
}

/// A naming scope with some names already in use.
pub fn scope(taken: impl IntoIterator<Item = String>) -> crate::naming::UniqueNames {
    let mut names = crate::naming::UniqueNames::new();
    for name in taken {
        names.reserve(&name);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streams built token by token are the ones `quote!` makes line by line.
    #[test]
    fn doc_attrs_are_the_quoted_attributes() {
        let doc = Doc::prose("Says \"hi\".\n\nThen `more`.");
        let lines: Vec<_> = doc_values(&doc).map(|line| doc_literal(&line)).collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(doc_attrs(&doc).to_string(), quote!(#(#[doc = #lines])*).to_string());
        assert_eq!(inner_doc_attrs(&doc).to_string(), quote!(#(#![doc = #lines])*).to_string());
    }
}

//! Small token builders shared by the emitters: Rust types for model types, doc attributes,
//! identifiers.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::model::types::{Ty, TypeSpace};

/// An identifier from a name the naming rules produced (`r#type` for keywords).
pub fn ident(name: &str) -> Ident {
    crate::naming::ident(name)
}

/// The Rust type of a model type, with absolute paths so that a generated type named
/// `Result`, `Option` or `String` cannot shadow what the code means.
pub fn rust_type(space: &TypeSpace, ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(::std::string::String),
        Ty::I64 => quote!(i64),
        Ty::F64 => quote!(f64),
        Ty::Bool => quote!(bool),
        Ty::Json => quote!(::serde_json::Value),
        Ty::Map => quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>),
        Ty::Named(id) => {
            let name = ident(&space.get(*id).name);
            quote!(crate::types::#name)
        }
        Ty::Vec(inner) => {
            let inner = rust_type(space, inner);
            quote!(::std::vec::Vec<#inner>)
        }
        Ty::Nullable(inner) => {
            let inner = rust_type(space, inner);
            quote!(crate::Nullable<#inner>)
        }
        Ty::Custom(path) => syn::parse_str::<syn::Type>(path)
            .map(|ty| quote!(#ty))
            // Overrides are validated before emission; fall back to JSON rather than panic.
            .unwrap_or_else(|_| quote!(::serde_json::Value)),
    }
}

/// `#[doc = " line"]` attributes, one per line, rustdoc-safe.
pub fn docs(text: &str) -> TokenStream {
    let lines = crate::docs::doc_lines(text);
    doc_attrs(&lines)
}

pub fn doc_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#[doc = #line])
    });
    quote!(#(#attrs)*)
}

/// A `#[deprecated(note = "...")]` attribute when there is a note.
pub fn deprecated(note: Option<&String>) -> TokenStream {
    match note {
        Some(note) => {
            let note = note.split_whitespace().collect::<Vec<_>>().join(" ");
            quote!(#[deprecated(note = #note)])
        }
        None => TokenStream::new(),
    }
}

/// A naming scope with some names already in use.
pub fn scope(taken: impl IntoIterator<Item = String>) -> crate::naming::UniqueNames {
    let mut names = crate::naming::UniqueNames::new();
    for name in taken {
        names.reserve(&name);
    }
    names
}

//! Emits the `types` module: one struct per object, one open enum per enum, one Rust enum
//! per one-of, sorted by name.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{Spelling, deprecated, docs, ident};
use crate::model::types::{EnumDef, FieldDef, StructDef, Ty, TypeId, TypeKind, TypeSpace, UnionDef};

/// The inner docs of `types.rs`; its items are [`type_item`] of each type, in
/// [`TypeSpace::sorted_ids`] order.
pub fn types_header(spelling: &Spelling) -> TokenStream {
    let serde = spelling.serde_import();
    quote! {
        //! Request, response and shared types, as documented on the API reference pages.
        //!
        //! Types that are structurally identical across pages are emitted once.

        #serde
    }
}

pub fn type_item(space: &TypeSpace, spelling: &Spelling, id: TypeId) -> TokenStream {
    let def = space.get(id);
    let name = ident(&def.name);
    let doc = type_docs(&def.description, &def.name);
    let serde = Serde { derives: spelling.serde_derives(def.received), feature: spelling.deserialize_feature(def.received) };
    match &def.kind {
        TypeKind::Struct(def) => emit_struct(space, spelling, &name, doc, serde, def),
        TypeKind::Enum(def) if def.is_string() || def.is_integer() => emit_enum(spelling, &name, doc, def),
        TypeKind::Enum(def) => {
            // Values of mixed kinds: any JSON value, with the documented ones listed.
            let values: Vec<String> = def.values.iter().map(|v| format!("`{}`", v.value)).collect();
            let note = format!(" Documented values: {}.", values.join(", "));
            quote! { #doc #[doc = ""] #[doc = #note] pub type #name = ::serde_json::Value; }
        }
        TypeKind::Union(def) if def.variants.is_empty() => {
            quote! { #doc pub type #name = ::serde_json::Value; }
        }
        TypeKind::Union(def) => emit_union(space, spelling, &name, doc, serde, def),
    }
}

/// A type's serde derives, and the attribute deriving `Deserialize` behind a feature when
/// the API never sends the type.
struct Serde {
    derives: TokenStream,
    feature: TokenStream,
}

/// A type's docs: its description, or a line naming it when the pages say nothing.
fn type_docs(description: &str, name: &str) -> TokenStream {
    if description.trim().is_empty() {
        let line = format!(" The `{name}` object.");
        quote!(#[doc = #line])
    } else {
        docs(description)
    }
}

fn emit_struct(space: &TypeSpace, spelling: &Spelling, name: &proc_macro2::Ident, doc: TokenStream, serde: Serde, def: &StructDef) -> TokenStream {
    let fields = def.fields.iter().map(|field| {
        let attrs = field_attrs(spelling, field);
        let field_name = ident(&field.rust);
        let ty = field_type(space, spelling, field);
        quote! { #attrs pub #field_name: #ty, }
    });
    let flatten_name = flatten_field_name(def);
    let flatten = def.flatten.as_ref().map(|ty| {
        let ty = spelling.rust_type(space, ty);
        quote! {
            /// Which of the documented alternatives this is.
            #[serde(flatten)]
            pub #flatten_name: #ty,
        }
    });
    let constructor = constructor(space, spelling, name, def, &flatten_name);
    // `Default` lets a caller fill only the fields it needs (`..Default::default()`).
    let all_optional = def.flatten.is_none() && def.fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(Default,));
    let allow_deprecated = def.fields.iter().any(|f| f.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    let Serde { derives, feature } = serde;
    quote! {
        #doc
        #allow_deprecated
        #[derive(Debug, Clone, PartialEq, #default #derives)]
        #feature
        pub struct #name {
            #(#fields)*
            #flatten
        }

        #constructor
    }
}

/// The flattened one-of's field: `kind`, unless the object has a field of that name.
fn flatten_field_name(def: &StructDef) -> proc_macro2::Ident {
    let taken: Vec<&str> = def.fields.iter().map(|f| f.rust.as_str()).collect();
    let name = ["kind", "variant", "alternative"].into_iter().find(|n| !taken.contains(n)).unwrap_or("one_of");
    ident(name)
}

/// `new` taking the required fields, the optional ones left out, so that a caller can write
/// `Type { optional: Some(x), ..Type::new(required) }`. Types without required fields derive
/// `Default` instead.
fn constructor(space: &TypeSpace, spelling: &Spelling, name: &proc_macro2::Ident, def: &StructDef, flatten_name: &proc_macro2::Ident) -> TokenStream {
    let required: Vec<&FieldDef> = def.fields.iter().filter(|f| f.required).collect();
    if required.is_empty() && def.flatten.is_none() {
        return TokenStream::new();
    }
    let mut params: Vec<TokenStream> = required
        .iter()
        .map(|f| {
            let name = ident(&f.rust);
            let ty = spelling.rust_type(space, &f.ty);
            quote!(#name: #ty)
        })
        .collect();
    let mut inits: Vec<TokenStream> = def
        .fields
        .iter()
        .map(|f| {
            let name = ident(&f.rust);
            if f.required { quote!(#name) } else { quote!(#name: None) }
        })
        .collect();
    if let Some(ty) = &def.flatten {
        let ty = spelling.rust_type(space, ty);
        params.push(quote!(#flatten_name: #ty));
        inits.push(quote!(#flatten_name));
    }
    let many = (params.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let allow_deprecated = def.fields.iter().any(|f| f.deprecated.is_some()).then(|| quote!(#[allow(deprecated)]));
    let name_doc = " A value with the required fields set and every optional field absent.";
    quote! {
        impl #name {
            #[doc = #name_doc]
            #many
            #allow_deprecated
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

/// The Rust type of a field: optional fields are `Option`, nullable ones `Nullable`.
fn field_type(space: &TypeSpace, spelling: &Spelling, field: &FieldDef) -> TokenStream {
    let ty = spelling.rust_type(space, &field.ty);
    let option = spelling.option();
    if field.required { ty } else { quote!(#option<#ty>) }
}

fn field_attrs(spelling: &Spelling, field: &FieldDef) -> TokenStream {
    let doc = docs(&field.description);
    let rename = rename_attr(&field.rust, &field.wire);
    let optional = if field.required {
        TokenStream::new()
    } else if matches!(field.ty, Ty::Nullable(_)) {
        // An explicit `null` must stay `Some(Nullable::Null)`, not collapse into `None`.
        let is_none = spelling.is_none();
        quote!(#[serde(default, skip_serializing_if = #is_none, deserialize_with = "crate::runtime::nullable::deserialize_optional")])
    } else {
        // No `default`: serde already reads a missing `Option` field as `None`.
        let is_none = spelling.is_none();
        quote!(#[serde(skip_serializing_if = #is_none)])
    };
    let deprecated = deprecated(field.deprecated.as_ref());
    quote! { #doc #rename #optional #deprecated }
}

fn rename_attr(rust: &str, wire: &str) -> TokenStream {
    let bare = rust.strip_prefix("r#").unwrap_or(rust);
    if bare == wire { TokenStream::new() } else { quote!(#[serde(rename = #wire)]) }
}

fn emit_enum(spelling: &Spelling, name: &proc_macro2::Ident, doc: TokenStream, def: &EnumDef) -> TokenStream {
    let (string_ty, from) = (spelling.string(), spelling.from());
    let string = def.is_string();
    let taken: Vec<&str> = def.values.iter().map(|v| v.rust.as_str()).collect();
    let unknown = ["Unknown", "UnknownValue", "Other", "Unrecognized"]
        .into_iter()
        .find(|candidate| !taken.contains(candidate))
        .map(str::to_owned)
        .unwrap_or_else(|| super::tokens::scope(taken.iter().map(|t| t.to_string())).claim("Unknown".to_owned()));
    let unknown = ident(&unknown);
    let variants: Vec<_> = def.values.iter().map(|v| ident(&v.rust)).collect();
    let variant_docs = def.values.iter().map(|v| {
        let line = format!(" `{}`", match &v.value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        quote!(#[doc = #line])
    });
    let raw = if string { string_ty.clone() } else { quote!(i64) };
    let enum_item = quote! {
        #doc
        ///
        /// Open: a value this crate does not know deserializes into the catch-all variant and
        /// serializes back unchanged.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value not documented when this crate was generated, kept as received.
            #unknown(#raw),
        }
    };
    if string {
        let texts: Vec<String> = def.values.iter().filter_map(|v| v.value.as_str().map(str::to_owned)).collect();
        quote! {
            #enum_item

            impl #name {
                /// The value as sent on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        #(Self::#variants => #texts,)*
                        Self::#unknown(value) => value.as_str(),
                    }
                }
            }

            impl #from<&str> for #name {
                fn from(value: &str) -> Self {
                    match value {
                        #(#texts => Self::#variants,)*
                        other => Self::#unknown(#string_ty::from(other)),
                    }
                }
            }

            crate::runtime::open_enum_impls!(#name, str);
        }
    } else {
        let numbers: Vec<i64> = def.values.iter().filter_map(|v| v.value.as_i64()).collect();
        quote! {
            #enum_item

            impl #name {
                /// The value as sent on the wire.
                pub fn as_i64(&self) -> i64 {
                    match self {
                        #(Self::#variants => #numbers,)*
                        Self::#unknown(value) => *value,
                    }
                }
            }

            impl #from<i64> for #name {
                fn from(value: i64) -> Self {
                    match value {
                        #(#numbers => Self::#variants,)*
                        other => Self::#unknown(other),
                    }
                }
            }

            crate::runtime::open_enum_impls!(#name, i64);
        }
    }
}

fn emit_union(space: &TypeSpace, spelling: &Spelling, name: &proc_macro2::Ident, doc: TokenStream, serde: Serde, def: &UnionDef) -> TokenStream {
    let taken: Vec<String> = def.variants.iter().map(|v| v.rust.clone()).collect();
    let unknown = ident(&super::tokens::scope(taken).claim("Unknown".to_owned()));
    let variants = def.variants.iter().map(|variant| {
        let variant_name = ident(&variant.rust);
        let line = format!(" {}", crate::docs::doc_lines(&variant.name).join(" "));
        let fields = variant.fields.iter().map(|field| {
            let attrs = field_attrs(spelling, field);
            let field_name = ident(&field.rust);
            let ty = field_type(space, spelling, field);
            quote! { #attrs #field_name: #ty, }
        });
        quote! {
            #[doc = #line]
            #variant_name { #(#fields)* },
        }
    });
    let discriminator = def.discriminator.as_ref().map(|d| {
        let line = format!(" The `{d}` field tells the alternatives apart.");
        quote!(#[doc = ""] #[doc = #line])
    });
    let allow_deprecated = def
        .variants
        .iter()
        .any(|v| v.fields.iter().any(|f| f.deprecated.is_some()))
        .then(|| quote!(#[allow(deprecated)]));
    let Serde { derives, feature } = serde;
    quote! {
        #doc
        ///
        /// One of the documented alternatives; the first whose required fields are present wins.
        #discriminator
        #allow_deprecated
        // Alternatives mirror the wire format; boxing the big ones would make every caller
        // write `Box::new` for no gain on a type built once per request.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, #derives)]
        #feature
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An alternative this crate does not know, kept as received.
            #unknown(::serde_json::Value),
        }
    }
}

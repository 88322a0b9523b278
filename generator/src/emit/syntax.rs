//! Syntax trees built directly for the item definitions most of the output is made of: the
//! structs, open enums and one-ofs of `types.rs` and the command-line client's argument
//! structs, with their docs and attributes, and the value tables of open enums.
//!
//! Everything else is built as tokens and parsed back with `syn`. For these definitions that
//! parse was the largest single cost of a run (attributes and doc lines above all), and it
//! only rebuilt a tree this module can build outright.
//! Attribute arguments (`derive(...)`, `serde(...)`) stay tokens, which is what `syn` keeps
//! of them too; `prettyplease` prints the same text either way.
//!
//! This module sits below `tokens`: the doc-line helpers both need live here, so `tokens`
//! imports from `syntax` and never the reverse (generator/tests/layers.rs checks it).

use proc_macro2::{Ident, Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::token;

use crate::emit::rustdoc::Doc;

/// Items to format together: trees built here, then the items of `tokens` once parsed, whose
/// matches take the `tables` (see [`fill_tables`]).
#[derive(Default)]
pub struct Items {
    pub trees: Vec<syn::Item>,
    pub tokens: TokenStream,
    pub tables: Vec<Vec<syn::Arm>>,
}

impl Items {
    /// Tokens only, all parsed.
    pub fn tokens(tokens: TokenStream) -> Items {
        Items { tokens, ..Items::default() }
    }

    /// A tree, then tokens.
    pub fn tree(tree: syn::Item, tokens: TokenStream) -> Items {
        Items { trees: vec![tree], tokens, tables: Vec::new() }
    }
}

/// `#[doc = r" line"]` per line, as `tokens::doc_attrs` writes them.
pub fn doc_attrs(doc: &Doc) -> Vec<syn::Attribute> {
    doc_values(doc).map(|value| doc_attr(&value)).collect()
}

/// `#[doc = r"value"]`: `///value` once printed. Private: every doc goes through a [`Doc`].
fn doc_attr(value: &str) -> syn::Attribute {
    let literal = doc_literal(value);
    attribute(syn::Meta::NameValue(syn::MetaNameValue {
        path: path_of(&["doc"]),
        eq_token: Default::default(),
        value: syn::Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit: syn::Lit::new(literal) }),
    }))
}

/// The value of each line's attribute: a space after `///`, none on an empty line.
pub(super) fn doc_values(doc: &Doc) -> impl Iterator<Item = String> + '_ {
    // Pushed, not `format!`ted: the formatting machinery cost more than the copy, once per
    // doc line of the whole crate.
    doc.lines().iter().map(|line| {
        let mut value = String::with_capacity(line.len() + usize::from(!line.is_empty()));
        if !line.is_empty() {
            value.push(' ');
            value.push_str(line);
        }
        value
    })
}

/// A doc line as a raw string literal (`r"..."`, `r#"..."#` when the line holds `"`): it
/// prints the same as an escaped one, but neither making it nor reading it back (syn, then
/// prettyplease) goes through escapes character by character, the largest cost of docs.
pub(super) fn doc_literal(line: &str) -> proc_macro2::Literal {
    let hashes = line
        .match_indices('"')
        .map(|(at, _)| 1 + line[at + 1..].bytes().take_while(|b| *b == b'#').count())
        .max()
        .unwrap_or(0);
    // `r#"line"#`, pushed piece by piece (see `doc_values`).
    let mut text = String::with_capacity(line.len() + 3 + 2 * hashes);
    text.push('r');
    text.extend(std::iter::repeat_n('#', hashes));
    text.push('"');
    text.push_str(line);
    text.push('"');
    text.extend(std::iter::repeat_n('#', hashes));
    text.parse()
        // Lines are a `Doc`'s, which hold no control character.
        .unwrap_or_else(|_| proc_macro2::Literal::string(line))
}

/// `#[name(tokens)]`.
pub fn list_attr(name: &str, tokens: TokenStream) -> syn::Attribute {
    attribute(syn::Meta::List(syn::MetaList {
        path: path_of(&[name]),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

/// `#[name]`.
pub fn word_attr(name: &str) -> syn::Attribute {
    attribute(syn::Meta::Path(path_of(&[name])))
}

fn attribute(meta: syn::Meta) -> syn::Attribute {
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta,
    }
}

/// A path of fixed segments (`doc`, `crate::Nullable`; no keywords but `crate`).
pub fn path_of(segments: &[&str]) -> syn::Path {
    path(false, segments.iter().map(|name| Ident::new(name, Span::call_site())), Vec::new())
}

/// A path, `::`-rooted with `leading_colon`, whose last segment takes the type arguments
/// `args` (none: no angle brackets).
pub fn path(leading_colon: bool, segments: impl IntoIterator<Item = Ident>, args: Vec<syn::Type>) -> syn::Path {
    let mut path = syn::Path { leading_colon: leading_colon.then(Default::default), segments: Punctuated::new() };
    for ident in segments {
        path.segments.push(syn::PathSegment::from(ident));
    }
    if !args.is_empty() {
        if let Some(last) = path.segments.last_mut() {
            last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
                colon2_token: None,
                lt_token: Default::default(),
                args: args.into_iter().map(syn::GenericArgument::Type).collect(),
                gt_token: Default::default(),
            });
        }
    }
    path
}

/// The type a path names.
pub fn path_type(path: syn::Path) -> syn::Type {
    syn::Type::Path(syn::TypePath { attrs: Vec::new(), qself: None, path })
}

/// A field: named (`pub name: ty`, or `name: ty` in an enum variant) or, without a name, the
/// one field of a tuple variant.
pub fn field(attrs: Vec<syn::Attribute>, public: bool, name: Option<Ident>, ty: syn::Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: visibility(public),
        modifiers: Default::default(),
        colon_token: name.is_some().then(Default::default),
        ident: name,
        ty,
        default: None,
    }
}

/// `pub`, or nothing.
fn visibility(public: bool) -> syn::Visibility {
    if public { syn::Visibility::Public(Default::default()) } else { syn::Visibility::Inherited }
}

/// `{ fields }`.
pub fn named_fields(fields: Vec<syn::Field>) -> syn::Fields {
    syn::Fields::Named(syn::FieldsNamed { brace_token: token::Brace::default(), named: fields.into_iter().collect() })
}

/// `(ty)`.
pub fn tuple_field(ty: syn::Type) -> syn::Fields {
    let mut unnamed = Punctuated::new();
    unnamed.push(field(Vec::new(), false, None, ty));
    syn::Fields::Unnamed(syn::FieldsUnnamed { paren_token: token::Paren::default(), unnamed })
}

pub fn variant(attrs: Vec<syn::Attribute>, ident: Ident, fields: syn::Fields) -> syn::Variant {
    syn::Variant { attrs, ident, fields, discriminant: None }
}

/// `pub struct name { fields }`, or without `pub`.
pub fn struct_item(attrs: Vec<syn::Attribute>, public: bool, ident: Ident, fields: Vec<syn::Field>) -> syn::Item {
    syn::Item::Struct(syn::ItemStruct {
        attrs,
        vis: visibility(public),
        struct_token: Default::default(),
        ident,
        generics: syn::Generics::default(),
        fields: named_fields(fields),
        semi_token: None,
    })
}

/// `pub enum name { variants }`, or without `pub`.
pub fn enum_item(attrs: Vec<syn::Attribute>, public: bool, ident: Ident, variants: Vec<syn::Variant>) -> syn::Item {
    syn::Item::Enum(syn::ItemEnum {
        attrs,
        vis: visibility(public),
        enum_token: Default::default(),
        ident,
        generics: syn::Generics::default(),
        brace_token: token::Brace::default(),
        variants: variants.into_iter().collect(),
    })
}

/// `pat => body,`
pub fn arm(pat: syn::Pat, body: syn::Expr) -> syn::Arm {
    syn::Arm {
        attrs: Vec::new(),
        pat,
        fat_arrow_token: Default::default(),
        body: Box::new(body),
        comma: Some(Default::default()),
    }
}

/// `Self::variant`, as an expression or a pattern.
pub fn self_variant(variant: &Ident) -> syn::ExprPath {
    syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: path(false, [Ident::new("Self", Span::call_site()), variant.clone()], Vec::new()),
    }
}

/// `"text"`, as an expression or a pattern.
pub fn str_literal(text: &str) -> syn::ExprLit {
    syn::ExprLit { attrs: Vec::new(), lit: syn::Lit::Str(syn::LitStr::new(text, Span::call_site())) }
}

/// Puts each table's arms first in the next `match` that is the whole body of a function in
/// an impl of `items`, in order: the value tables of an open enum, built as trees, go into
/// the impls around them, written as tokens.
pub fn fill_tables(items: &mut [syn::Item], tables: Vec<Vec<syn::Arm>>) {
    let mut tables = tables.into_iter();
    let bodies = items
        .iter_mut()
        .filter_map(|item| if let syn::Item::Impl(block) = item { Some(&mut block.items) } else { None })
        .flatten()
        .filter_map(
            |member| if let syn::ImplItem::Fn(function) = member { function.block.stmts.first_mut() } else { None },
        );
    for body in bodies {
        if let syn::Stmt::Expr(syn::Expr::Match(found), None) = body {
            let Some(arms) = tables.next() else { return };
            found.arms.splice(0..0, arms);
        }
    }
    debug_assert!(tables.next().is_none(), "a value table with no match to go into");
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn printed(items: Vec<syn::Item>) -> String {
        let mut file: syn::File = syn::parse_quote!();
        file.items = items;
        prettyplease::unparse(&file)
    }

    fn parsed(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("valid tokens"))
    }

    fn ident(name: &str) -> Ident {
        Ident::new(name, Span::call_site())
    }

    /// Built trees print exactly as the tokens they stand for, parsed.
    #[test]
    fn trees_print_as_their_tokens_parse() {
        let option_string = path_type(path(false, [ident("Option")], vec![path_type(path_of(&["String"]))]));
        let json = path_type(path(true, [ident("serde_json"), ident("Value")], Vec::new()));
        let built = vec![
            struct_item(
                vec![doc_attr(" A \"quoted\" thing."), doc_attr(""), list_attr("derive", quote!(Debug, Clone))],
                true,
                ident("Thing"),
                vec![
                    field(
                        vec![doc_attr(" The name."), list_attr("serde", quote!(rename = "n"))],
                        true,
                        Some(ident("name")),
                        option_string,
                    ),
                    field(
                        Vec::new(),
                        true,
                        Some(Ident::new_raw("type", Span::call_site())),
                        path_type(path_of(&["i64"])),
                    ),
                ],
            ),
            enum_item(
                vec![word_attr("non_exhaustive")],
                false,
                ident("Kind"),
                vec![
                    variant(vec![doc_attr(" `A`")], ident("A"), syn::Fields::Unit),
                    variant(
                        Vec::new(),
                        ident("B"),
                        named_fields(vec![field(Vec::new(), false, Some(ident("x")), path_type(path_of(&["bool"])))]),
                    ),
                    variant(Vec::new(), ident("Unknown"), tuple_field(json)),
                ],
            ),
        ];
        let tokens = quote! {
            /// A "quoted" thing.
            ///
            #[derive(Debug, Clone)]
            pub struct Thing {
                /// The name.
                #[serde(rename = "n")]
                pub name: Option<String>,
                pub r#type: i64,
            }
            #[non_exhaustive]
            enum Kind {
                /// `A`
                A,
                B { x: bool },
                Unknown(::serde_json::Value),
            }
        };
        assert_eq!(printed(built), parsed(tokens));
    }

    /// Tables go first into the matches of the impls around them, in order.
    #[test]
    fn tables_fill_the_matches_in_order() {
        let skeleton = quote! {
            impl Kind {
                pub fn as_str(&self) -> &str {
                    match self {
                        Self::Unknown(value) => value.as_str(),
                    }
                }
            }
            impl From<&str> for Kind {
                fn from(value: &str) -> Self {
                    match value {
                        other => Self::Unknown(other.into()),
                    }
                }
            }
        };
        let mut file: syn::File = syn::parse2(skeleton).expect("valid tokens");
        let to_text = ["A", "B"]
            .map(|v| arm(syn::Pat::Path(self_variant(&ident(v))), syn::Expr::Lit(str_literal(&v.to_lowercase()))));
        let from_text = ["A", "B"]
            .map(|v| arm(syn::Pat::Lit(str_literal(&v.to_lowercase())), syn::Expr::Path(self_variant(&ident(v)))));
        fill_tables(&mut file.items, vec![to_text.into(), from_text.into()]);
        let expected = quote! {
            impl Kind {
                pub fn as_str(&self) -> &str {
                    match self {
                        Self::A => "a",
                        Self::B => "b",
                        Self::Unknown(value) => value.as_str(),
                    }
                }
            }
            impl From<&str> for Kind {
                fn from(value: &str) -> Self {
                    match value {
                        "a" => Self::A,
                        "b" => Self::B,
                        other => Self::Unknown(other.into()),
                    }
                }
            }
        };
        assert_eq!(prettyplease::unparse(&file), parsed(expected));
    }
}

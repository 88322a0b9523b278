//! Emits the `types` module: one struct per object, one open enum per enum, one Rust enum
//! per one-of, sorted by name.
//!
//! The definitions, constructors, string enums' impls and one-ofs' conveniences are syntax
//! trees built by [`super::syntax`]; the rest (a one-of's `Deserialize` impl, an integer
//! enum's impls, aliases) is tokens, parsed when formatted.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::mentions::code_schema_names;
use super::syntax::{self, Items, doc_attrs, list_attr, word_attr};
use super::tokens::{Spelling, deprecation_note, ident, keeps_extra};
use super::usage::Uses;
use crate::emit::rustdoc::Doc;
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

/// One type's items in `types.rs`: its definition as a tree (none for a type alias), then its
/// impls (or the alias) as tokens.
pub fn type_item(space: &TypeSpace, spelling: &Spelling, uses: &Uses, id: TypeId) -> Items {
    let def = space.get(id);
    let name = ident(&def.name);
    let doc = if def.description.trim().is_empty() {
        uses.doc(space, id)
    } else {
        Doc::prose(&code_schema_names(&def.description))
    };
    let received = def.received;
    let serde = Serde { derives: spelling.serde_derives(received), feature: spelling.deserialize_feature(received) };
    let alias = |doc: Doc| {
        let doc = doc_attrs(&doc);
        Items::tokens(quote! { #(#doc)* pub type #name = ::serde_json::Value; })
    };
    match &def.kind {
        TypeKind::Struct(def) => emit_struct(space, spelling, name, doc, serde, received, def),
        TypeKind::Enum(def) if def.is_string() || def.is_integer() => emit_enum(spelling, name, doc, def),
        TypeKind::Enum(def) => {
            // Values of mixed kinds: any JSON value, with the documented ones listed.
            let mut values = Doc::fixed("Documented values: ");
            for (index, value) in def.values.iter().enumerate() {
                if index > 0 {
                    values = values.then(Doc::fixed(", "));
                }
                values = values.then(Doc::code(&value.value.to_string()));
            }
            alias(doc.paragraph(values.then(Doc::fixed("."))))
        }
        TypeKind::Union(def) if def.variants.is_empty() => alias(doc),
        TypeKind::Union(def) => emit_union(space, spelling, name, id, doc, received, def),
    }
}

/// A type's serde derives, and the attribute deriving `Deserialize` behind a feature when
/// the API never sends the type.
struct Serde {
    derives: TokenStream,
    feature: Option<syn::Attribute>,
}

fn emit_struct(
    space: &TypeSpace,
    spelling: &Spelling,
    name: proc_macro2::Ident,
    doc: Doc,
    serde: Serde,
    received: bool,
    def: &StructDef,
) -> Items {
    let by_key = keeps_extra(received, def);
    let mut fields: Vec<syn::Field> = def
        .fields
        .iter()
        .map(|field| {
            syntax::field(
                field_attrs(spelling, field, !by_key),
                true,
                Some(ident(&field.rust)),
                field_type(space, spelling, field),
            )
        })
        .collect();
    let flatten_name = free_field_name(def, &["kind", "variant", "alternative", "one_of"]);
    if let Some(ty) = &def.flatten {
        let mut attrs = doc_attrs(&Doc::fixed("Which of the documented alternatives this is."));
        attrs.push(list_attr("serde", quote!(flatten)));
        fields.push(syntax::field(attrs, true, Some(flatten_name.clone()), spelling.syn_type(space, ty)));
    }
    // What the API sends beyond the documented keys is kept, so that a received value encodes
    // back to what was received. A struct that flattens a one-of needs none: the one-of takes
    // every key the struct's own fields leave, and keeps what no alternative accounts for.
    let extra = (received && def.flatten.is_none()).then(|| {
        let name = free_field_name(def, &["extra", "extra_fields", "undocumented", "other_fields"]);
        let mut attrs = doc_attrs(&Doc::fixed(
            "Keys received that the pages do not document, kept so that the value encodes back unchanged.",
        ));
        attrs.push(list_attr("serde", quote!(flatten)));
        // `::serde_json::Map<String, ::serde_json::Value>` built as a tree: `parse_quote!` ran
        // syn's type parser once per struct (0.7 % of a run's instructions).
        fields.push(syntax::field(attrs, true, Some(name.clone()), spelling.syn_type(space, &Ty::Map)));
        name
    });
    let constructor = constructor(space, spelling, &name, def, &flatten_name, extra.as_ref());
    // `Default` lets a caller fill only the fields it needs (`..Default::default()`).
    let all_optional = def.flatten.is_none() && def.fields.iter().all(|f| !f.required);
    let default = all_optional.then(|| quote!(Default,));
    let mut attrs = doc_attrs(&doc);
    if def.fields.iter().any(|f| f.deprecated.is_some()) {
        attrs.push(list_attr("allow", quote!(deprecated)));
    }
    let Serde { derives, feature } = serde;
    // A struct that keeps undocumented keys gets `Deserialize` from the runtime's macro, a
    // fraction of the derive's code (see `runtime/record.rs`).
    let derives = if by_key { spelling.serialize_derive() } else { derives };
    attrs.push(list_attr("derive", quote!(Debug, Clone, PartialEq, #default #derives)));
    attrs.extend(feature);
    let deserialize = extra.as_ref().filter(|_| by_key).map(|extra| record_deserialize(&name, def, extra));
    let mut trees = vec![syntax::struct_item(attrs, true, name, fields)];
    trees.extend(constructor);
    trees.extend(deserialize);
    Items { trees, tokens: TokenStream::new() }
}

/// `crate::runtime::record_deserialize!(Name { field = "wire", .. } [present = "wire", ..] extra);`:
/// the struct's `Deserialize`, the fields whose explicit `null` must stay `Some` (as
/// [`field_attrs`] gives them `deserialize_with` under the derive) in the second list.
fn record_deserialize(name: &proc_macro2::Ident, def: &StructDef, extra: &proc_macro2::Ident) -> syn::Item {
    let present = |field: &&FieldDef| !field.required && matches!(field.ty, Ty::Nullable(_) | Ty::Json);
    let entry = |field: &FieldDef| {
        let (rust, wire) = (ident(&field.rust), &field.wire);
        quote!(#rust = #wire)
    };
    let read: Vec<TokenStream> = def.fields.iter().filter(|f| !present(f)).map(entry).collect();
    let kept: Vec<TokenStream> = def.fields.iter().filter(present).map(entry).collect();
    let path = syntax::path_of(&["crate", "runtime", "record_deserialize"]);
    syntax::macro_item(path, quote!(#name { #(#read),* } [ #(#kept),* ] #extra))
}

/// A field doc2rust adds to a struct: the first of `names` that no documented field has
/// (the last, suffixed, should the page use them all).
fn free_field_name(def: &StructDef, names: &[&str]) -> proc_macro2::Ident {
    let taken = |name: &str| def.fields.iter().any(|f| f.rust.strip_prefix("r#").unwrap_or(&f.rust) == name);
    let last = names[names.len() - 1];
    let found = names.iter().map(|name| name.to_string()).find(|name| !taken(name));
    let name =
        found.unwrap_or_else(|| (2..).map(|n| format!("{last}_{n}")).find(|name| !taken(name)).expect("a free name"));
    ident(&name)
}

/// `new` taking the required fields, the optional ones left out, so that a caller can write
/// `Type { optional: Some(x), ..Type::new(required) }`. Types without required fields derive
/// `Default` instead.
fn constructor(
    space: &TypeSpace,
    spelling: &Spelling,
    name: &proc_macro2::Ident,
    def: &StructDef,
    flatten_name: &proc_macro2::Ident,
    extra: Option<&proc_macro2::Ident>,
) -> Option<syn::Item> {
    let required: Vec<&FieldDef> = def.fields.iter().filter(|f| f.required).collect();
    if required.is_empty() && def.flatten.is_none() {
        return None;
    }
    let mut params: Vec<(proc_macro2::Ident, syn::Type)> =
        required.iter().map(|f| (ident(&f.rust), constructor_param(space, spelling, &f.ty).0)).collect();
    // A field's value: `name` alone, `name: name.into()`, or `name: None`.
    let converted = |name: &proc_macro2::Ident| Some(spelling.syn_convert(syntax::local(name)));
    let mut inits: Vec<(proc_macro2::Ident, Option<syn::Expr>)> = def
        .fields
        .iter()
        .map(|f| {
            let name = ident(&f.rust);
            let value = if !f.required {
                Some(syntax::local(&format_ident!("None")))
            } else if constructor_converts(space, &f.ty) {
                converted(&name)
            } else {
                None
            };
            (name, value)
        })
        .collect();
    if let Some(ty) = &def.flatten {
        let (ty, converts) = constructor_param(space, spelling, ty);
        params.push((flatten_name.clone(), ty));
        inits.push((flatten_name.clone(), if converts { converted(flatten_name) } else { None }));
    }
    if let Some(extra) = extra {
        let new_map = syntax::path_expr(syntax::fixed_path(true, &["serde_json", "Map", "new"]));
        inits.push((extra.clone(), Some(syntax::call(new_map, Vec::new()))));
    }
    let mut attrs = doc_attrs(&Doc::fixed("A value with the required fields set and every optional field absent."));
    if params.len() > 7 {
        attrs.push(list_attr("allow", quote!(clippy::too_many_arguments)));
    }
    if def.fields.iter().any(|f| f.deprecated.is_some()) {
        attrs.push(list_attr("allow", quote!(deprecated)));
    }
    let body = vec![syntax::tail(syntax::struct_expr(syntax::path_of(&["Self"]), inits))];
    let new =
        syntax::method(attrs, format_ident!("new"), false, params, syntax::path_type(syntax::path_of(&["Self"])), body);
    let self_ty = syntax::path_type(syntax::path(false, [name.clone()], Vec::new()));
    Some(syntax::impl_block(self_ty, vec![new]))
}

/// Whether a constructor converts a value of `ty` (see [`constructor_param`]).
fn constructor_converts(space: &TypeSpace, ty: &Ty) -> bool {
    match ty {
        Ty::String => true,
        Ty::Named(id) => matches!(&space.get(*id).kind, TypeKind::Union(def) if !def.variants.is_empty()),
        _ => false,
    }
}

/// How a constructor takes a value of `ty`, and whether it converts it: text as
/// `impl Into<String>` (a `&str` literal needs no `.into()`), a one-of as `impl Into<OneOf>`
/// (an alternative's payload converts, see [`union_conveniences`]), anything else as itself
/// (a struct has no conversions into it, and a generic parameter would only make a caller's
/// `Default::default()` or `.into()` ambiguous).
fn constructor_param(space: &TypeSpace, spelling: &Spelling, ty: &Ty) -> (syn::Type, bool) {
    let rust = spelling.syn_type(space, ty);
    if constructor_converts(space, ty) { (spelling.syn_impl_into(rust), true) } else { (rust, false) }
}

/// The Rust type of a field: optional fields are `Option`, nullable ones `Nullable`.
fn field_type(space: &TypeSpace, spelling: &Spelling, field: &FieldDef) -> syn::Type {
    let ty = spelling.syn_type(space, &field.ty);
    if field.required { ty } else { spelling.syn_option(ty) }
}

/// A field's docs, then its serde attributes, then its deprecation. `derived_de`: the struct
/// derives `Deserialize` (else the attributes only `Serialize` reads are written).
fn field_attrs(spelling: &Spelling, field: &FieldDef, derived_de: bool) -> Vec<syn::Attribute> {
    let mut attrs = doc_attrs(&Doc::prose(&code_schema_names(&field.description)));
    let bare = field.rust.strip_prefix("r#").unwrap_or(&field.rust);
    if bare != field.wire {
        let wire = &field.wire;
        attrs.push(list_attr("serde", quote!(rename = #wire)));
    }
    if !field.required {
        let is_none = spelling.is_none();
        attrs.push(list_attr(
            "serde",
            if !derived_de {
                quote!(skip_serializing_if = #is_none)
            } else if matches!(field.ty, Ty::Nullable(_)) {
                // An explicit `null` must stay `Some(Nullable::Null)`, not collapse into `None`.
                quote!(default, skip_serializing_if = #is_none, deserialize_with = "crate::runtime::nullable::deserialize_optional")
            } else if field.ty == Ty::Json {
                // Any value, `null` included: `Some(Value::Null)`, sent back as received.
                quote!(default, skip_serializing_if = #is_none, deserialize_with = "crate::runtime::nullable::deserialize_present")
            } else {
                // No `default`: serde already reads a missing `Option` field as `None`.
                quote!(skip_serializing_if = #is_none)
            },
        ));
    }
    if let Some(note) = &field.deprecated {
        let note = deprecation_note(note);
        attrs.push(list_attr("deprecated", quote!(note = #note)));
    }
    attrs
}

fn emit_enum(spelling: &Spelling, name: proc_macro2::Ident, doc: Doc, def: &EnumDef) -> Items {
    let from = spelling.from();
    let string = def.is_string();
    let taken: Vec<&str> = def.values.iter().map(|v| v.rust.as_str()).collect();
    let unknown = ["Unknown", "UnknownValue", "Other", "Unrecognized"]
        .into_iter()
        .find(|candidate| !taken.contains(candidate))
        .map(str::to_owned)
        .unwrap_or_else(|| super::tokens::scope(taken.iter().map(|t| t.to_string())).claim("Unknown".to_owned()));
    let unknown = ident(&unknown);
    let variants: Vec<_> = def.values.iter().map(|v| ident(&v.rust)).collect();
    let mut attrs = doc_attrs(
        &doc.paragraph(
            Doc::fixed("Open: a value this crate does not know deserializes into the catch-all variant and")
                .below(Doc::fixed("serializes back unchanged.")),
        ),
    );
    attrs.extend([
        list_attr("derive", quote!(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)),
        word_attr("non_exhaustive"),
    ]);
    let mut members: Vec<syn::Variant> = def
        .values
        .iter()
        .zip(&variants)
        .map(|(v, variant)| {
            // The value exactly, as code: a value is page text like any other, and one
            // holding a newline and a fence must not open a code block (a doctest).
            let line = match &v.value {
                serde_json::Value::String(s) => Doc::code(s),
                other => Doc::code(&other.to_string()),
            };
            syntax::variant(doc_attrs(&line), variant.clone(), syn::Fields::Unit)
        })
        .collect();
    let raw = if string { spelling.syn_string() } else { syntax::path_type(syntax::path_of(&["i64"])) };
    let unknown_doc = doc_attrs(&Doc::fixed("A value not documented when this crate was generated, kept as received."));
    members.push(syntax::variant(unknown_doc, unknown.clone(), syntax::tuple_field(raw)));
    let definition = syntax::enum_item(attrs, true, name.clone(), members);
    if string {
        // Built as trees, like the definition: the two tables, one arm per value, are most of
        // an enum's code.
        let texts = def.values.iter().filter_map(|v| v.value.as_str());
        let (mut to_text, mut from_text): (Vec<_>, Vec<_>) = variants
            .iter()
            .zip(texts)
            .map(|(variant, text)| {
                let (path, literal) = (|| syntax::self_variant(variant), || syntax::str_literal(text));
                (
                    syntax::arm(syn::Pat::Path(path()), syn::Expr::Lit(literal())),
                    syntax::arm(syn::Pat::Lit(literal()), syn::Expr::Path(path())),
                )
            })
            .unzip();
        let (value, other) = (format_ident!("value"), format_ident!("other"));
        // `Self::Unknown(value) => value.as_str(),`
        to_text.push(syntax::arm(
            syntax::tuple_struct_pat(syntax::self_variant(&unknown).path, value.clone()),
            syntax::method_call(syntax::local(&value), format_ident!("as_str"), Vec::new()),
        ));
        // `other => Self::Unknown(String::from(other)),`
        let kept = syntax::call(spelling.syn_string_from(), vec![syntax::local(&other)]);
        from_text.push(syntax::arm(
            syntax::binding_pat(other),
            syntax::call(syn::Expr::Path(syntax::self_variant(&unknown)), vec![kept]),
        ));
        let str_ref = || syntax::ref_type(syntax::path_type(syntax::path_of(&["str"])));
        let self_ty = || syntax::path_type(syntax::path(false, [name.clone()], Vec::new()));
        let as_str = syntax::Function {
            attrs: doc_attrs(&Doc::fixed("The value as sent on the wire.")),
            public: true,
            is_async: false,
            name: format_ident!("as_str"),
            receiver: syntax::SelfArg::Ref,
            args: Vec::new(),
            output: str_ref(),
            body: vec![syntax::tail(syntax::match_expr(syntax::local(&format_ident!("self")), to_text))],
        };
        let from = syntax::Function {
            attrs: Vec::new(),
            public: false,
            is_async: false,
            name: format_ident!("from"),
            receiver: syntax::SelfArg::None,
            args: vec![(value.clone(), str_ref())],
            output: syntax::path_type(syntax::path_of(&["Self"])),
            body: vec![syntax::tail(syntax::match_expr(syntax::local(&value), from_text))],
        };
        let macro_path = syntax::path_of(&["crate", "runtime", "open_enum_impls"]);
        let trees = vec![
            definition,
            syntax::impl_block(self_ty(), vec![as_str.into_impl_item()]),
            syntax::trait_impl(spelling.syn_from_trait(str_ref()), self_ty(), vec![from.into_impl_item()]),
            syntax::macro_item(macro_path, quote!(#name, str)),
        ];
        Items { trees, tokens: TokenStream::new() }
    } else {
        let numbers: Vec<i64> = def.values.iter().filter_map(|v| v.value.as_i64()).collect();
        let rest = quote! {
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
        };
        Items::tree(definition, rest)
    }
}

fn emit_union(
    space: &TypeSpace,
    spelling: &Spelling,
    name: proc_macro2::Ident,
    id: TypeId,
    doc: Doc,
    received: bool,
    def: &UnionDef,
) -> Items {
    let taken: Vec<String> = def.variants.iter().map(|v| v.rust.clone()).collect();
    let unknown = ident(&super::tokens::scope(taken).claim("Unknown".to_owned()));
    let mut variants: Vec<syn::Variant> = def
        .variants
        .iter()
        .map(|variant| {
            let line = Doc::prose(&variant.name).flatten();
            let fields = variant
                .fields
                .iter()
                .map(|field| {
                    syntax::field(
                        field_attrs(spelling, field, true),
                        false,
                        Some(ident(&field.rust)),
                        field_type(space, spelling, field),
                    )
                })
                .collect();
            syntax::variant(doc_attrs(&line), ident(&variant.rust), syntax::named_fields(fields))
        })
        .collect();
    let json = spelling.syn_type(space, &Ty::Json);
    let unknown_doc = doc_attrs(&Doc::fixed("An alternative this crate does not know, kept as received."));
    variants.push(syntax::variant(unknown_doc, unknown.clone(), syntax::tuple_field(json)));

    let mut attrs = doc_attrs(&union_rule_docs(doc, def));
    let deprecated = def.variants.iter().any(|v| v.fields.iter().any(|f| f.deprecated.is_some()));
    if deprecated {
        attrs.push(list_attr("allow", quote!(deprecated)));
    }
    // Alternatives mirror the wire format; boxing the big ones would make every caller write
    // `Box::new` for no gain on a type built once per request.
    attrs.push(list_attr("allow", quote!(clippy::large_enum_variant)));
    let serialize = spelling.serialize_derive();
    attrs.push(list_attr("derive", quote!(Debug, Clone, PartialEq, #serialize)));
    // `untagged` is for encoding only: decoding is the `Deserialize` impl below.
    attrs.extend([list_attr("serde", quote!(untagged)), word_attr("non_exhaustive")]);
    let conveniences = union_conveniences(space, spelling, &name, id, def);
    // The `Deserialize` impl, last, stays tokens.
    let tokens = match spelling.deserialize_gate(received) {
        Some(cfg) => union_deserialize(space, spelling, &name, &unknown, def, cfg),
        None => TokenStream::new(),
    };
    let mut trees = vec![syntax::enum_item(attrs, true, name, variants)];
    trees.extend(conveniences);
    Items { trees, tokens }
}

/// Trait methods a one-of implements or gets from a blanket impl: an inherent function of the
/// same name would win over them in a path call (`Recipient::from(x)`), so constructors
/// never take one.
const UNION_RESERVED: &[&str] = &[
    "borrow",
    "borrow_mut",
    "clone",
    "clone_from",
    "default",
    "deserialize",
    "eq",
    "fmt",
    "from",
    "from_iter",
    "from_str",
    "into",
    "ne",
    "serialize",
    "to_owned",
    "to_string",
    "try_from",
    "try_into",
    "type_id",
];

/// What makes a one-of short to build: for each alternative holding one field, a constructor
/// named after it (`AppMessageKind::text(message)`, `Recipient::contact_id("id")`, setting
/// `Some` for an optional field), and `From<Payload>` where that field's type is a type of
/// the crate that no other alternative holds (so `TextMessage` converts into
/// `AppMessageKind`). Text, numbers and lists convert into nothing: a `String` could be a
/// contact ID as well as a phone number, and the constructor's name says which.
fn union_conveniences(
    space: &TypeSpace,
    spelling: &Spelling,
    name: &proc_macro2::Ident,
    id: TypeId,
    def: &UnionDef,
) -> Vec<syn::Item> {
    let mut names = super::tokens::scope(UNION_RESERVED.iter().map(|name| name.to_string()));
    for variant in &def.variants {
        names.reserve(&variant.rust);
    }
    let self_ty = || syntax::path_type(syntax::path(false, [name.clone()], Vec::new()));
    let self_path = |item: &proc_macro2::Ident| syntax::path(false, [format_ident!("Self"), item.clone()], Vec::new());
    let mut constructors = Vec::new();
    let mut conversions = Vec::new();
    for variant in &def.variants {
        let Some(field) = single_field(variant) else { continue };
        let constructor = ident(&names.claim(crate::naming::field_name(&variant.rust)));
        let (variant_name, field_name) = (ident(&variant.rust), ident(&field.rust));
        let (ty, converts) = constructor_param(space, spelling, &field.ty);
        let value = || {
            let value = syntax::local(&field_name);
            if converts { spelling.syn_convert(value) } else { value }
        };
        // `field`, `field: value` or `field: Some(value)`.
        let init = match (field.required, converts) {
            (true, false) => None,
            (true, true) => Some(value()),
            (false, _) => Some(syntax::call(syntax::local(&format_ident!("Some")), vec![value()])),
        };
        let mut attrs = doc_attrs(
            &Doc::fixed("The ")
                .then(Doc::item(&format!("Self::{}", variant.rust.trim_start_matches("r#"))))
                .then(Doc::fixed(" alternative.")),
        );
        if let Some(note) = &field.deprecated {
            let note = deprecation_note(note);
            attrs.extend([list_attr("deprecated", quote!(note = #note)), list_attr("allow", quote!(deprecated))]);
        }
        // `#[inline]`, like the client's methods: compiled in the crate that calls it, if one
        // does, not in every generated crate (see `runtime/mod.rs`).
        attrs.push(word_attr("inline"));
        let body = syntax::struct_expr(self_path(&variant_name), vec![(field_name.clone(), init)]);
        let self_type = syntax::path_type(syntax::path_of(&["Self"]));
        let function = syntax::method(
            attrs,
            constructor.clone(),
            false,
            vec![(field_name, ty)],
            self_type,
            vec![syntax::tail(body)],
        );
        constructors.push(function);
        // A conversion only from a type of the crate that this alternative alone holds, and
        // never one that would be the identity (`From<T> for T` is the standard library's).
        let Ty::Named(payload_id) = field.ty else { continue };
        let holders = def.variants.iter().filter_map(single_field).filter(|f| f.ty == field.ty).count();
        if payload_id == id || holders != 1 || field.deprecated.is_some() || is_alias(space, payload_id) {
            continue;
        }
        let value = format_ident!("value");
        let from = syntax::Function {
            attrs: vec![word_attr("inline")],
            public: false,
            is_async: false,
            name: format_ident!("from"),
            receiver: syntax::SelfArg::None,
            args: vec![(value.clone(), spelling.syn_type(space, &field.ty))],
            output: syntax::path_type(syntax::path_of(&["Self"])),
            body: vec![syntax::tail(syntax::call(
                syntax::path_expr(self_path(&constructor)),
                vec![syntax::local(&value)],
            ))],
        };
        let trait_ = spelling.syn_from_trait(spelling.syn_type(space, &field.ty));
        conversions.push(syntax::trait_impl(trait_, self_ty(), vec![from.into_impl_item()]));
    }
    if constructors.is_empty() {
        return Vec::new();
    }
    let mut items = vec![syntax::impl_block(self_ty(), constructors)];
    items.extend(conversions);
    items
}

/// The field of an alternative that holds exactly one.
fn single_field(variant: &crate::model::types::UnionVariant) -> Option<&FieldDef> {
    match variant.fields.as_slice() {
        [field] => Some(field),
        _ => None,
    }
}

/// Whether a type of the crate is emitted as an alias of `serde_json::Value` (see
/// [`type_item`]), which converts into nothing of its own.
fn is_alias(space: &TypeSpace, id: TypeId) -> bool {
    match &space.get(id).kind {
        TypeKind::Struct(_) => false,
        TypeKind::Enum(def) => !(def.is_string() || def.is_integer()),
        TypeKind::Union(def) => def.variants.is_empty(),
    }
}

/// The serde attributes of a field of a one-of's decoding mirror: its wire name, and how
/// an explicit `null` reads (as [`field_attrs`] says for the enum's own field).
fn shape_field_attrs(field: &FieldDef) -> Vec<syn::Attribute> {
    let mut attrs = Vec::new();
    let bare = field.rust.strip_prefix("r#").unwrap_or(&field.rust);
    if bare != field.wire {
        let wire = &field.wire;
        attrs.push(list_attr("serde", quote!(rename = #wire)));
    }
    if !field.required && matches!(field.ty, Ty::Nullable(_)) {
        attrs.push(list_attr(
            "serde",
            quote!(default, deserialize_with = "crate::runtime::nullable::deserialize_optional"),
        ));
    } else if !field.required && field.ty == Ty::Json {
        attrs.push(list_attr(
            "serde",
            quote!(default, deserialize_with = "crate::runtime::nullable::deserialize_present"),
        ));
    }
    attrs
}

/// How a one-of decodes, in its rustdoc: the rules of `runtime/one_of.rs`, in one place.
fn union_rule_docs(doc: Doc, def: &UnionDef) -> Doc {
    let rules =
        Doc::fixed("One of the documented alternatives. Decoding chooses the alternative by, in order: a field")
            .below(Doc::fixed(
                "whose value marks it (the discriminator, or a fixed value no other alternative shares);",
            ))
            .below(Doc::fixed(
                "its required fields being present; it having a field for every key received. Those left",
            ))
            .below(Doc::fixed(
                "are tried closest fit first; the first that encodes back unchanged wins, else the first",
            ))
            .below(Doc::fixed("that decodes. When none does, `Unknown` keeps the value as received. Encoding writes"))
            .below(Doc::fixed("the alternative's fields as they are, so what was received encodes back unchanged."));
    let doc = doc.paragraph(rules);
    match &def.discriminator {
        Some(d) => doc
            .paragraph(Doc::fixed("The ").then(Doc::code(d)).then(Doc::fixed(" field tells the alternatives apart."))),
        None => doc,
    }
}

/// The `Deserialize` impl of a one-of: the runtime's table of each alternative's keys,
/// required keys and tags, and a private mirror of the enum deriving serde's externally
/// tagged decoding into it (`remote`), which reads the alternative the runtime chose. The
/// mirror is local to the function and named `__Shape`, a name no type of the pages takes.
fn union_deserialize(
    space: &TypeSpace,
    spelling: &Spelling,
    name: &proc_macro2::Ident,
    unknown: &proc_macro2::Ident,
    def: &UnionDef,
    cfg: Option<syn::Attribute>,
) -> TokenStream {
    let rules = crate::model::one_of::rules(space, def);
    let shapes = def.variants.iter().map(|variant| {
        let fields = variant.fields.iter().map(|field| {
            let attrs = shape_field_attrs(field);
            let field_name = ident(&field.rust);
            let ty = field_type(space, spelling, field);
            quote!(#(#attrs)* #field_name: #ty)
        });
        let variant_name = ident(&variant.rust);
        quote!(#variant_name { #(#fields),* })
    });
    let alternatives = def.variants.iter().zip(&rules.alternatives).map(|(variant, rule)| {
        let variant_name = crate::naming::ident(&variant.rust).to_string();
        let (keys, required) = (&rule.keys, &rule.required);
        let tags = rule.tags.iter().map(|(field, values)| quote!((#field, &[#(#values),*])));
        quote! {
            crate::runtime::one_of::Alternative {
                name: #variant_name,
                keys: &[#(#keys),*],
                required: &[#(#required),*],
                tags: &[#(#tags),*],
            }
        }
    });
    let remote = name.to_string();
    let result = quote!(::std::result::Result);
    quote! {
        #cfg
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                #[derive(::serde::Deserialize)]
                #[serde(remote = #remote)]
                #[allow(dead_code, deprecated, clippy::large_enum_variant)]
                enum __Shape {
                    #(#shapes),*
                }
                static TABLE: crate::runtime::one_of::OneOf = crate::runtime::one_of::OneOf(&[#(#alternatives),*]);
                crate::runtime::one_of::decode(deserializer, &TABLE, |value| __Shape::deserialize(value), Self::#unknown)
            }
        }
    }
}

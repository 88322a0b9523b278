//! Syntax trees built directly for the items most of the output is made of: the structs, open
//! enums and one-ofs of `types.rs` with their constructors and impls, the client methods of
//! the API modules, the command-line client's argument structs and their `run`, with their
//! docs and attributes; and the expressions and statements those functions hold.
//!
//! Everything else is built as tokens and parsed back with `syn`. For these items that parse
//! was the largest single cost of a run (attributes and doc lines above all), and it only
//! rebuilt a tree this module can build outright. Each builder makes the node `syn` parses
//! from the code in its doc; the tests print built trees against their tokens parsed.
//! Attribute arguments (`derive(...)`, `serde(...)`) stay tokens, which is what `syn` keeps
//! of them too; `prettyplease` prints the same text either way.
//!
//! This module sits below `tokens`: the doc-line helpers both need live here, so `tokens`
//! imports from `syntax` and never the reverse (generator/tests/layers.rs checks it).

use proc_macro2::{Ident, Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::token;

use crate::emit::rustdoc::Doc;

/// Items to format together: trees built here, then the items of `tokens` once parsed.
#[derive(Default)]
pub struct Items {
    pub trees: Vec<syn::Item>,
    pub tokens: TokenStream,
}

impl Items {
    /// Tokens only, all parsed.
    pub fn tokens(tokens: TokenStream) -> Items {
        Items { tokens, ..Items::default() }
    }

    /// A tree, then tokens.
    pub fn tree(tree: syn::Item, tokens: TokenStream) -> Items {
        Items { trees: vec![tree], tokens }
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
    generic_path(leading_colon, segments, args.into_iter().map(syn::GenericArgument::Type).collect())
}

/// [`path`] with any generic arguments, lifetimes included (`ApiCall<'_, T, E>`).
pub fn generic_path(
    leading_colon: bool,
    segments: impl IntoIterator<Item = Ident>,
    args: Vec<syn::GenericArgument>,
) -> syn::Path {
    let mut path = syn::Path { leading_colon: leading_colon.then(Default::default), segments: Punctuated::new() };
    for ident in segments {
        path.segments.push(syn::PathSegment::from(ident));
    }
    if !args.is_empty() {
        if let Some(last) = path.segments.last_mut() {
            last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
                colon2_token: None,
                lt_token: Default::default(),
                args: args.into_iter().collect(),
                gt_token: Default::default(),
            });
        }
    }
    path
}

/// A path of fixed segments, `::`-rooted with `leading_colon` (`::reqwest::Method::GET`).
pub fn fixed_path(leading_colon: bool, segments: &[&str]) -> syn::Path {
    path(leading_colon, segments.iter().map(|name| Ident::new(name, Span::call_site())), Vec::new())
}

/// `&ty`.
pub fn ref_type(ty: syn::Type) -> syn::Type {
    syn::Type::Reference(syn::TypeReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        lifetime: None,
        mutability: None,
        elem: Box::new(ty),
    })
}

/// `[ty]`.
pub fn slice_type(ty: syn::Type) -> syn::Type {
    syn::Type::Slice(syn::TypeSlice { attrs: Vec::new(), bracket_token: Default::default(), elem: Box::new(ty) })
}

/// `impl Trait`, the trait a path (`Into<String>`).
pub fn impl_trait(bound: syn::Path) -> syn::Type {
    let bound =
        syn::TraitBound { paren_token: None, lifetimes: None, modifiers: Default::default(), maybe: None, path: bound };
    syn::Type::ImplTrait(syn::TypeImplTrait {
        attrs: Vec::new(),
        impl_token: Default::default(),
        bounds: [syn::TypeParamBound::Trait(bound)].into_iter().collect(),
    })
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

// Expressions, statements and functions: the client methods of the API modules are built
// from these. Each makes the node `syn` parses from the code in its doc, so that
// `prettyplease` prints the same text as before (see the tests below).

/// A path as an expression (`crate::runtime::decode_json`, `name`, `self`).
pub fn path_expr(path: syn::Path) -> syn::Expr {
    syn::Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path })
}

/// A local variable (or `self`) as an expression.
pub fn local(name: &Ident) -> syn::Expr {
    path_expr(syn::Path::from(name.clone()))
}

/// `func(args)`.
pub fn call(func: syn::Expr, args: Vec<syn::Expr>) -> syn::Expr {
    syn::Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(func),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `receiver.method(args)`.
pub fn method_call(receiver: syn::Expr, method: Ident, args: Vec<syn::Expr>) -> syn::Expr {
    syn::Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method,
        turbofish: None,
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `base.field`.
pub fn field_of(base: syn::Expr, field: Ident) -> syn::Expr {
    syn::Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(base),
        dot_token: Default::default(),
        member: syn::Member::Named(field),
    })
}

/// `&expr`.
pub fn reference(expr: syn::Expr) -> syn::Expr {
    syn::Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(expr),
    })
}

/// `"text"` as an expression.
pub fn str_expr(text: &str) -> syn::Expr {
    syn::Expr::Lit(str_literal(text))
}

/// `[elems]`.
pub fn array(elems: Vec<syn::Expr>) -> syn::Expr {
    syn::Expr::Array(syn::ExprArray {
        attrs: Vec::new(),
        bracket_token: Default::default(),
        elems: elems.into_iter().collect(),
    })
}

/// `(elems)`, two or more.
pub fn tuple(elems: Vec<syn::Expr>) -> syn::Expr {
    syn::Expr::Tuple(syn::ExprTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: elems.into_iter().collect(),
    })
}

/// `expr.await`.
pub fn await_expr(expr: syn::Expr) -> syn::Expr {
    syn::Expr::Await(syn::ExprAwait {
        attrs: Vec::new(),
        base: Box::new(expr),
        dot_token: Default::default(),
        await_token: Default::default(),
    })
}

/// `expr?`.
pub fn try_expr(expr: syn::Expr) -> syn::Expr {
    syn::Expr::Try(syn::ExprTry { attrs: Vec::new(), expr: Box::new(expr), question_token: Default::default() })
}

/// `path { field: value, field }`: a field whose value is `None` is written shorthand.
pub fn struct_expr(path: syn::Path, fields: Vec<(Ident, Option<syn::Expr>)>) -> syn::Expr {
    let fields = fields.into_iter().map(|(name, value)| syn::FieldValue {
        attrs: Vec::new(),
        colon_token: value.is_some().then(Default::default),
        expr: value.unwrap_or_else(|| local(&name)),
        member: syn::Member::Named(name),
    });
    syn::Expr::Struct(syn::ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path,
        brace_token: Default::default(),
        fields: fields.collect(),
        dot2_token: None,
        rest: None,
    })
}

/// `move |input| { stmts }`.
pub fn move_closure(input: Ident, stmts: Vec<syn::Stmt>) -> syn::Expr {
    syn::Expr::Closure(syn::ExprClosure {
        attrs: Vec::new(),
        lifetimes: None,
        modifiers: Default::default(),
        constness: None,
        asyncness: None,
        capture: Some(Default::default()),
        inputs_begin: Default::default(),
        inputs: [binding(input, false)].into_iter().collect(),
        inputs_end: Default::default(),
        output: syn::ReturnType::Default,
        body: Box::new(syn::Expr::Block(syn::ExprBlock { attrs: Vec::new(), label: None, block: block(stmts) })),
    })
}

/// `async move { stmts }`.
pub fn async_move(stmts: Vec<syn::Stmt>) -> syn::Expr {
    syn::Expr::Async(syn::ExprAsync {
        attrs: Vec::new(),
        async_token: Default::default(),
        capture: Some(Default::default()),
        modifiers: Default::default(),
        block: block(stmts),
    })
}

/// `if cond { stmts }`, as a statement.
pub fn if_stmt(cond: syn::Expr, stmts: Vec<syn::Stmt>) -> syn::Stmt {
    let expr = syn::Expr::If(syn::ExprIf {
        attrs: Vec::new(),
        if_token: Default::default(),
        cond: Box::new(cond),
        then_branch: block(stmts),
        else_branch: None,
    });
    syn::Stmt::Expr(expr, None)
}

/// `left = right;`
pub fn assign(left: syn::Expr, right: syn::Expr) -> syn::Stmt {
    let expr = syn::Expr::Assign(syn::ExprAssign {
        attrs: Vec::new(),
        left: Box::new(left),
        eq_token: Default::default(),
        right: Box::new(right),
    });
    syn::Stmt::Expr(expr, Some(Default::default()))
}

/// `name` or `mut name` as a pattern.
fn binding(name: Ident, mutable: bool) -> syn::Pat {
    syn::Pat::Ident(syn::PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: mutable.then(Default::default),
        ident: name,
        subpat: None,
    })
}

/// `let name = value;`, or `let mut name = value;`.
pub fn let_stmt(name: Ident, mutable: bool, value: syn::Expr) -> syn::Stmt {
    syn::Stmt::Local(syn::Local {
        attrs: Vec::new(),
        let_token: Default::default(),
        modifiers: Default::default(),
        pat: binding(name, mutable),
        init: Some(syn::LocalInit { eq_token: Default::default(), expr: Box::new(value), diverge: None }),
        semi_token: Default::default(),
    })
}

/// The value of a block or function: its last expression, no semicolon.
pub fn tail(expr: syn::Expr) -> syn::Stmt {
    syn::Stmt::Expr(expr, None)
}

fn block(stmts: Vec<syn::Stmt>) -> syn::Block {
    syn::Block { brace_token: Default::default(), stmts }
}

/// A function of an impl: `[pub] [async] fn name([&self | self,] args) -> output { body }`.
pub struct Function {
    pub attrs: Vec<syn::Attribute>,
    pub public: bool,
    pub is_async: bool,
    pub name: Ident,
    pub receiver: SelfArg,
    pub args: Vec<(Ident, syn::Type)>,
    pub output: syn::Type,
    pub body: Vec<syn::Stmt>,
}

/// How a function takes `self`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SelfArg {
    /// An associated function (`new`).
    None,
    /// `&self`.
    Ref,
    /// `self`.
    Value,
}

impl Function {
    pub fn into_impl_item(self) -> syn::ImplItem {
        let kind = match self.receiver {
            SelfArg::None => None,
            SelfArg::Ref => Some(syn::ReceiverKind::Reference(Default::default(), None, None)),
            SelfArg::Value => Some(syn::ReceiverKind::Value),
        };
        let receiver = kind.map(|kind| {
            syn::FnArg::Receiver(syn::Receiver {
                attrs: Vec::new(),
                mutability: None,
                self_token: Default::default(),
                kind,
            })
        });
        let typed = self.args.into_iter().map(|(name, ty)| {
            syn::FnArg::Typed(syn::PatType {
                attrs: Vec::new(),
                pat: Box::new(binding(name, false)),
                colon_token: Default::default(),
                ty: Box::new(ty),
            })
        });
        let sig = syn::Signature {
            constness: None,
            asyncness: self.is_async.then(Default::default),
            safety: syn::Safety::Default,
            abi: None,
            fn_token: Default::default(),
            ident: self.name,
            generics: syn::Generics::default(),
            paren_token: Default::default(),
            inputs: receiver.into_iter().chain(typed).collect(),
            variadic: None,
            output: syn::ReturnType::Type(Default::default(), Box::new(self.output)),
        };
        syn::ImplItem::Fn(syn::ImplItemFn {
            attrs: self.attrs,
            vis: visibility(self.public),
            modifiers: Default::default(),
            sig,
            block: block(self.body),
        })
    }
}

/// `pub fn name(&self, args) -> output { stmts }` in an impl, without `&self` when
/// `by_ref_self` is false (`pub fn new(..) -> Self`).
pub fn method(
    attrs: Vec<syn::Attribute>,
    name: Ident,
    by_ref_self: bool,
    args: Vec<(Ident, syn::Type)>,
    output: syn::Type,
    body: Vec<syn::Stmt>,
) -> syn::ImplItem {
    let receiver = if by_ref_self { SelfArg::Ref } else { SelfArg::None };
    Function { attrs, public: true, is_async: false, name, receiver, args, output, body }.into_impl_item()
}

/// `let name: ty = value;`
pub fn typed_let(name: Ident, ty: syn::Type, value: syn::Expr) -> syn::Stmt {
    let pat = syn::Pat::Type(syn::PatType {
        attrs: Vec::new(),
        pat: Box::new(binding(name, false)),
        colon_token: Default::default(),
        ty: Box::new(ty),
    });
    syn::Stmt::Local(syn::Local {
        attrs: Vec::new(),
        let_token: Default::default(),
        modifiers: Default::default(),
        pat,
        init: Some(syn::LocalInit { eq_token: Default::default(), expr: Box::new(value), diverge: None }),
        semi_token: Default::default(),
    })
}

/// `(!expr)`: negated, in parentheses (a method is called on it).
pub fn not_parenthesized(expr: syn::Expr) -> syn::Expr {
    let not = syn::Expr::Unary(syn::ExprUnary {
        attrs: Vec::new(),
        op: syn::UnOp::Not(Default::default()),
        expr: Box::new(expr),
    });
    syn::Expr::Paren(syn::ExprParen { attrs: Vec::new(), paren_token: Default::default(), expr: Box::new(not) })
}

/// `_`, the type inferred.
pub fn infer_type() -> syn::Type {
    syn::Type::Infer(syn::TypeInfer { attrs: Vec::new(), underscore_token: Default::default() })
}

/// `match scrutinee { arms }`.
pub fn match_expr(scrutinee: syn::Expr, arms: Vec<syn::Arm>) -> syn::Expr {
    syn::Expr::Match(syn::ExprMatch {
        attrs: Vec::new(),
        match_token: Default::default(),
        expr: Box::new(scrutinee),
        brace_token: Default::default(),
        arms,
    })
}

/// `name` as a pattern.
pub fn binding_pat(name: Ident) -> syn::Pat {
    binding(name, false)
}

/// `path(name)` as a pattern (`Self::Unknown(value)`).
pub fn tuple_struct_pat(path: syn::Path, name: Ident) -> syn::Pat {
    syn::Pat::TupleStruct(syn::PatTupleStruct {
        attrs: Vec::new(),
        qself: None,
        path,
        paren_token: Default::default(),
        elems: [binding(name, false)].into_iter().collect(),
    })
}

/// `path!(tokens);` as an item; the arguments stay tokens, as `syn` keeps them.
pub fn macro_item(path: syn::Path, tokens: TokenStream) -> syn::Item {
    syn::Item::Macro(syn::ItemMacro {
        attrs: Vec::new(),
        ident: None,
        mac: syn::Macro {
            path,
            bang_token: Default::default(),
            delimiter: syn::MacroDelimiter::Paren(Default::default()),
            tokens,
        },
        semi_token: Some(Default::default()),
    })
}

/// `impl trait_ for self_ty { items }`.
pub fn trait_impl(trait_: syn::Path, self_ty: syn::Type, items: Vec<syn::ImplItem>) -> syn::Item {
    let mut item = impl_block(self_ty, items);
    if let syn::Item::Impl(block) = &mut item {
        block.trait_ = Some((trait_, Default::default()));
    }
    item
}

/// `impl self_ty { items }`.
pub fn impl_block(self_ty: syn::Type, items: Vec<syn::ImplItem>) -> syn::Item {
    syn::Item::Impl(syn::ItemImpl {
        attrs: Vec::new(),
        modifiers: Default::default(),
        unsafety: None,
        impl_token: Default::default(),
        generics: syn::Generics::default(),
        trait_: None,
        self_ty: Box::new(self_ty),
        brace_token: Default::default(),
        items,
    })
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

    /// Functions built from the expression and statement builders print exactly as the
    /// tokens they stand for, parsed: every builder the client methods use, in the shapes they
    /// use it.
    #[test]
    fn functions_print_as_their_tokens_parse() {
        let local_of = |name: &str| local(&ident(name));
        let fixed = |leading_colon, segments: &[&str]| path_expr(fixed_path(leading_colon, segments));
        let path_values = reference(array(vec![
            local_of("id"),
            reference(method_call(local_of("n"), ident("to_string"), Vec::new())),
        ]));
        let request = method_call(
            method_call(
                local_of("self"),
                ident("request"),
                vec![fixed(true, &["reqwest", "Method", "GET"]), str_expr("/v1/things/{id}/{n}"), path_values],
            ),
            ident("query"),
            vec![str_expr("page"), reference(field_of(local_of("params"), ident("page")))],
        );
        let result = path_type(generic_path(
            false,
            [ident("crate"), ident("ApiCall")],
            vec![
                syn::GenericArgument::Lifetime(syn::Lifetime::new("'_", Span::call_site())),
                syn::GenericArgument::Type(path_type(path_of(&["Thing"]))),
                syn::GenericArgument::Type(path_type(path_of(&["String"]))),
            ],
        ));
        let get = method(
            vec![doc_attr(" Gets a thing."), word_attr("inline")],
            ident("get"),
            true,
            vec![
                (ident("id"), ref_type(path_type(path_of(&["str"])))),
                (ident("params"), ref_type(path_type(path_of(&["Params"])))),
                (ident("body"), ref_type(slice_type(path_type(path_of(&["i64"]))))),
            ],
            result,
            vec![tail(request)],
        );
        let clone = |value| call(fixed(false, &["Clone", "clone"]), vec![value]);
        let fetch = method_call(local_of("client"), ident("get"), vec![reference(local_of("id"))]);
        let closure = move_closure(
            ident("token"),
            vec![
                let_stmt(ident("params"), true, clone(reference(local_of("params")))),
                if_stmt(
                    method_call(local_of("token"), ident("is_some"), Vec::new()),
                    vec![assign(field_of(local_of("params"), ident("page")), local_of("token"))],
                ),
                tail(async_move(vec![
                    let_stmt(ident("page"), false, try_expr(await_expr(fetch))),
                    tail(call(
                        local_of("Ok"),
                        vec![tuple(vec![
                            field_of(local_of("page"), ident("items")),
                            call(local_of("Some"), vec![field_of(local_of("page"), ident("next"))]),
                        ])],
                    )),
                ])),
            ],
        );
        let stream = method(
            Vec::new(),
            ident("stream"),
            true,
            Vec::new(),
            path_type(path_of(&["Paged"])),
            vec![tail(call(fixed(false, &["crate", "runtime", "paginate"]), vec![closure]))],
        );
        let into = impl_trait(path(false, [ident("Into")], vec![path_type(path_of(&["String"]))]));
        let new = method(
            Vec::new(),
            ident("new"),
            false,
            vec![(ident("name"), into), (ident("size"), path_type(path_of(&["i64"])))],
            path_type(path_of(&["Self"])),
            vec![tail(struct_expr(
                path_of(&["Self"]),
                vec![
                    (ident("name"), Some(method_call(local_of("name"), ident("into"), Vec::new()))),
                    (ident("size"), None),
                    (ident("page"), Some(local_of("None"))),
                ],
            ))],
        );
        let run = Function {
            attrs: vec![list_attr("allow", quote!(deprecated))],
            public: false,
            is_async: true,
            name: ident("run"),
            receiver: SelfArg::Value,
            args: vec![(ident("client"), ref_type(path_type(path_of(&["sdk", "Client"]))))],
            output: path_type(path(false, [ident("Result")], vec![path_type(path_of(&["support", "Failure"]))])),
            body: vec![
                typed_let(
                    ident("body"),
                    path_type(path(true, [ident("std"), ident("vec"), ident("Vec")], vec![infer_type()])),
                    try_expr(call(
                        path_expr(path_of(&["support", "body_arg"])),
                        vec![field_of(local_of("self"), ident("body"))],
                    )),
                ),
                let_stmt(
                    ident("tags"),
                    false,
                    method_call(
                        not_parenthesized(method_call(
                            field_of(local_of("self"), ident("tags")),
                            ident("is_empty"),
                            Vec::new(),
                        )),
                        ident("then_some"),
                        vec![field_of(local_of("self"), ident("tags"))],
                    ),
                ),
                tail(await_expr(method_call(local_of("client"), ident("send"), vec![reference(local_of("body"))]))),
            ],
        };
        let kind = || path_type(path_of(&["Kind"]));
        let as_str = Function {
            attrs: Vec::new(),
            public: true,
            is_async: false,
            name: ident("as_str"),
            receiver: SelfArg::Ref,
            args: Vec::new(),
            output: ref_type(path_type(path_of(&["str"]))),
            body: vec![tail(match_expr(
                local_of("self"),
                vec![
                    arm(syn::Pat::Path(self_variant(&ident("A"))), str_expr("a")),
                    arm(tuple_struct_pat(self_variant(&ident("Unknown")).path, ident("value")), local_of("value")),
                ],
            ))],
        };
        let from = Function {
            attrs: Vec::new(),
            public: false,
            is_async: false,
            name: ident("from"),
            receiver: SelfArg::None,
            args: vec![(ident("value"), ref_type(path_type(path_of(&["str"]))))],
            output: path_type(path_of(&["Self"])),
            body: vec![tail(match_expr(
                local_of("value"),
                vec![arm(
                    binding_pat(ident("other")),
                    call(path_expr(self_variant(&ident("Unknown")).path), vec![local_of("other")]),
                )],
            ))],
        };
        let from_str = path(false, [ident("From")], vec![ref_type(path_type(path_of(&["str"])))]);
        let built = vec![
            impl_block(path_type(path_of(&["crate", "Client"])), vec![get, stream]),
            impl_block(path_type(path_of(&["Params"])), vec![new]),
            impl_block(path_type(path_of(&["Args"])), vec![run.into_impl_item()]),
            impl_block(kind(), vec![as_str.into_impl_item()]),
            trait_impl(from_str, kind(), vec![from.into_impl_item()]),
            macro_item(path_of(&["crate", "runtime", "open_enum_impls"]), quote!(Kind, str)),
        ];
        let tokens = quote! {
            impl crate::Client {
                /// Gets a thing.
                #[inline]
                pub fn get(&self, id: &str, params: &Params, body: &[i64]) -> crate::ApiCall<'_, Thing, String> {
                    self.request(::reqwest::Method::GET, "/v1/things/{id}/{n}", &[id, &n.to_string()])
                        .query("page", &params.page)
                }
                pub fn stream(&self) -> Paged {
                    crate::runtime::paginate(move |token| {
                        let mut params = Clone::clone(&params);
                        if token.is_some() {
                            params.page = token;
                        }
                        async move {
                            let page = client.get(&id).await?;
                            Ok((page.items, Some(page.next)))
                        }
                    })
                }
            }
            impl Params {
                pub fn new(name: impl Into<String>, size: i64) -> Self {
                    Self { name: name.into(), size, page: None }
                }
            }
            impl Args {
                #[allow(deprecated)]
                async fn run(self, client: &sdk::Client) -> Result<support::Failure> {
                    let body: ::std::vec::Vec<_> = support::body_arg(self.body)?;
                    let tags = (!self.tags.is_empty()).then_some(self.tags);
                    client.send(&body).await
                }
            }
            impl Kind {
                pub fn as_str(&self) -> &str {
                    match self {
                        Self::A => "a",
                        Self::Unknown(value) => value,
                    }
                }
            }
            impl From<&str> for Kind {
                fn from(value: &str) -> Self {
                    match value {
                        other => Self::Unknown(other),
                    }
                }
            }
            crate::runtime::open_enum_impls!(Kind, str);
        };
        assert_eq!(printed(built), parsed(tokens));
    }
}

//! One subcommand per endpoint: its arguments struct (a flag per parameter, `--body` for
//! the request body) and the `run` that turns the flags into the client method's arguments.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::Context;
use crate::emit::rustdoc::Doc;
use crate::emit::syntax::{self, Items, doc_attrs, list_attr};
use crate::emit::tokens::{Spelling, ident};
use crate::model::types::{Ty, TypeKind, TypeSpace};
use crate::model::{Api, Param, ParamLocation};
use crate::plan::{EndpointPlan, Plan};

/// An endpoint's part of the file.
pub(super) struct EndpointCommand {
    /// Its variant of `Command`.
    pub variant: syn::Variant,
    /// Its arm of the dispatch on `Command`.
    pub arm: TokenStream,
    /// Its arguments struct and that struct's `run`.
    pub items: Items,
}

/// A flag's type: clap recognises `Vec` and `Option` by their bare names, and this file
/// defines no type that could shadow them.
fn flag_type(outer: Option<&str>) -> syn::Type {
    let string = syntax::path_type(syntax::path_of(&["String"]));
    match outer {
        Some(outer) => syntax::path_type(syntax::path(
            false,
            [proc_macro2::Ident::new(outer, proc_macro2::Span::call_site())],
            vec![string],
        )),
        None => string,
    }
}

/// The values an enum parameter (or a list of them) documents, as typed on the command line.
/// Every generated enum is open, so these are what the help lists, not all that is accepted.
fn known_values(space: &TypeSpace, ty: &Ty) -> Option<Vec<String>> {
    let item = match ty {
        Ty::Vec(item) | Ty::Nullable(item) => item,
        other => other,
    };
    let Ty::Named(id) = item else { return None };
    let TypeKind::Enum(def) = &space.get(*id).kind else { return None };
    let values = def.values.iter().map(|value| match &value.value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    });
    Some(values.collect())
}

/// A flag's help: the first sentence of the parameter's docs, then the wire name, where the
/// value goes, whether it repeats, and for an enum that other values are accepted too.
fn flag_help(param: &Param, list: bool, open_enum: bool) -> Doc {
    let summary = param.description.split_whitespace().collect::<Vec<_>>().join(" ");
    let summary = summary.split(". ").next().unwrap_or_default().trim_end_matches('.');
    let mut facts = Doc::code(&param.name).then(Doc::fixed(match param.location {
        ParamLocation::Path => ", path parameter",
        ParamLocation::Query => ", query parameter",
        ParamLocation::Header => ", header parameter",
        ParamLocation::Cookie => ", cookie parameter",
    }));
    if param.required {
        facts = facts.then(Doc::fixed(", required"));
    }
    if list {
        facts = facts.then(Doc::fixed(", repeatable: one value per flag"));
    }
    if open_enum {
        facts = facts.then(Doc::fixed("; a value not listed is sent as given"));
    }
    if summary.is_empty() {
        Doc::fixed("(").then(facts).then(Doc::fixed(")"))
    } else {
        Doc::prose(summary).flatten().then(Doc::fixed(" (")).then(facts).then(Doc::fixed(")"))
    }
}

/// Where a parameter's flag value goes.
enum Value {
    /// An argument of the client method (a path parameter), after a statement reading it
    /// (boxed: a statement is several times the size of the other variant).
    Argument { statement: Option<Box<syn::Stmt>>, argument: syn::Expr },
    /// A field of the method's parameters struct, `name: value`.
    Field(Ident, syn::Expr),
}

/// `self.flag`.
fn flag_value(flag: &Ident) -> syn::Expr {
    syntax::field_of(syntax::local(&format_ident!("self")), flag.clone())
}

/// `support::function(args)`.
fn support(function: &str, args: Vec<syn::Expr>) -> syn::Expr {
    syntax::call(syntax::path_expr(syntax::path_of(&["support", function])), args)
}

/// A parameter's flag (its field of the arguments struct) and how `run` reads it.
fn param_flag(space: &TypeSpace, spelling: &Spelling, param: &Param, ty: &Ty, flag: &Ident) -> (syn::Field, Value) {
    let is_list = matches!(ty, Ty::Vec(_));
    let known = known_values(space, ty);
    let flag_ty = flag_type(if is_list {
        Some("Vec")
    } else if param.required {
        None
    } else {
        Some("Option")
    });
    let arg = match &known {
        Some(values) => list_attr("arg", quote!(long, value_parser = support::Known(&[#(#values),*]))),
        None => list_attr("arg", quote!(long)),
    };
    let help = flag_help(param, is_list, known.is_some());
    let attrs = doc_attrs(&help).into_iter().chain([arg]).collect();
    let field = syntax::field(attrs, false, Some(flag.clone()), flag_ty);
    let wire = &param.name;
    // Text parameters take the flag as it is (`arg` would read `--id 123` as a number); the
    // others are read by `arg` as JSON or text.
    let text = match ty {
        Ty::Vec(item) => matches!(**item, Ty::String),
        other => matches!(other, Ty::String),
    };
    let wire = || syntax::str_expr(wire);
    let value = match (is_list, param.required, text) {
        (true, false, true) => {
            let empty = syntax::method_call(flag_value(flag), format_ident!("is_empty"), Vec::new());
            syntax::method_call(syntax::not_parenthesized(empty), format_ident!("then_some"), vec![flag_value(flag)])
        }
        (_, _, true) => flag_value(flag),
        (true, true, false) => syntax::try_expr(support("list_arg", vec![wire(), flag_value(flag)])),
        (true, false, false) => syntax::try_expr(support("optional_list_arg", vec![wire(), flag_value(flag)])),
        (false, true, false) => syntax::try_expr(support("arg", vec![wire(), syntax::reference(flag_value(flag))])),
        (false, false, false) => syntax::try_expr(support("optional_arg", vec![wire(), flag_value(flag)])),
    };
    let value = if param.location == ParamLocation::Path && text {
        Value::Argument { statement: None, argument: syntax::reference(flag_value(flag)) }
    } else if param.location == ParamLocation::Path {
        let local = format_ident!("{}_value", flag.to_string().trim_start_matches("r#"));
        let rust_ty = spelling.syn_type(space, ty);
        let argument = match ty {
            Ty::I64 | Ty::F64 | Ty::Bool => syntax::local(&local),
            _ => syntax::reference(syntax::local(&local)),
        };
        Value::Argument { statement: Some(Box::new(syntax::typed_let(local, rust_ty, value))), argument }
    } else {
        Value::Field(ident(&param.rust_name), value)
    };
    (field, value)
}

/// The subcommand of endpoint `index`.
pub(super) fn command(
    api: &Api,
    space: &TypeSpace,
    plan: &Plan,
    index: usize,
    planned: &EndpointPlan,
    context: &Context<'_>,
) -> EndpointCommand {
    let krate = &context.krate;
    // The client is another crate: the SDK's items are spelled from its name.
    let spelling = Spelling::outside(&krate.to_string());
    let typed = space.typed_at(api, index);
    let endpoint = typed.endpoint;
    let command = &planned.cli;
    let variant = ident(&command.variant);
    let method = ident(&planned.method);
    // clap prints this in the terminal: the title goes through the sanitiser (no ESC, no
    // bidi control), the path is code.
    let about = Doc::prose(&endpoint.title)
        .flatten()
        .then(Doc::fixed(" ("))
        .then(Doc::code(&format!("{} {}", endpoint.method, endpoint.path)))
        .then(Doc::fixed(")"));
    let mut flags = Vec::new();
    // Statements turning flags into arguments, the method's arguments, and the fields of
    // its parameters struct.
    let mut statements = Vec::new();
    let mut call_args = Vec::new();
    let mut params_fields = Vec::new();
    for (position, flag) in &command.flags {
        let (param, ty) = (&endpoint.params[*position], typed.param_ty(*position));
        let (field, value) = param_flag(space, &spelling, param, ty, &ident(flag));
        flags.push(field);
        match value {
            Value::Argument { statement, argument } => {
                statements.extend(statement.map(|statement| *statement));
                call_args.push(argument);
            }
            Value::Field(field, value) => params_fields.push((field, Some(value))),
        }
    }
    if let Some(params) = &planned.params {
        let module = ident(&plan.modules[planned.module].name);
        let struct_path =
            syntax::path(false, [krate.clone(), format_ident!("apis"), module, ident(&params.name)], Vec::new());
        statements.push(syntax::let_stmt(
            format_ident!("params"),
            false,
            syntax::struct_expr(struct_path, params_fields),
        ));
        call_args.push(syntax::reference(syntax::local(&format_ident!("params"))));
    }
    if let Some(body_flag) = &command.body_flag {
        let body_flag = ident(body_flag);
        let mut attrs =
            doc_attrs(&Doc::fixed("The request body as JSON; `@path` reads a file, `-` or nothing reads stdin."));
        attrs.push(list_attr("arg", quote!(long)));
        flags.push(syntax::field(attrs, false, Some(body_flag.clone()), flag_type(Some("Option"))));
        let text = syntax::method_call(flag_value(&body_flag), format_ident!("as_deref"), Vec::new());
        let value = syntax::try_expr(support("body_arg", vec![text]));
        let body = format_ident!("body");
        // A list body is passed as a slice, which says nothing of the type to read.
        statements.push(if matches!(typed.types.request, Some(Ty::Vec(_))) {
            let list =
                syntax::path(true, ["std", "vec", "Vec"].map(|s| format_ident!("{s}")), vec![syntax::infer_type()]);
            syntax::typed_let(body, syntax::path_type(list), value)
        } else {
            syntax::let_stmt(body, false, value)
        });
        call_args.push(syntax::reference(syntax::local(&format_ident!("body"))));
    }
    // A deprecated endpoint is still a command: calling it is what the user asked for.
    let deprecated = endpoint.deprecated.is_some() || endpoint.params.iter().any(|p| p.deprecated.is_some());
    let attrs = if deprecated { vec![list_attr("allow", quote!(deprecated))] } else { Vec::new() };
    let args = ident(&command.args_struct);
    let args_type = || syntax::path_type(syntax::path(false, [args.clone()], Vec::new()));
    let args_struct = syntax::struct_item(vec![list_attr("derive", quote!(::clap::Args))], false, args.clone(), flags);
    // `let response = client.method(args).await; support::print_response(response)`
    let response = format_ident!("response");
    let call = syntax::method_call(syntax::local(&format_ident!("client")), method, call_args);
    statements.push(syntax::let_stmt(response.clone(), false, syntax::await_expr(call)));
    statements.push(syntax::tail(support("print_response", vec![syntax::local(&response)])));
    let client_type =
        syntax::ref_type(syntax::path_type(syntax::path(false, [krate.clone(), format_ident!("Client")], Vec::new())));
    let unit = syn::Type::Tuple(syn::TypeTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: Default::default(),
    });
    let result = syntax::path(
        false,
        [format_ident!("Result")],
        vec![unit, syntax::path_type(syntax::path_of(&["support", "Failure"]))],
    );
    let run = syntax::Function {
        attrs,
        public: false,
        is_async: true,
        name: format_ident!("run"),
        receiver: syntax::SelfArg::Value,
        args: vec![(format_ident!("client"), client_type)],
        output: syntax::path_type(result),
        body: statements,
    };
    EndpointCommand {
        variant: syntax::variant(doc_attrs(&about), variant.clone(), syntax::tuple_field(args_type())),
        arm: quote!(Command::#variant(args) => args.run(client).await,),
        items: Items {
            trees: vec![args_struct, syntax::impl_block(args_type(), vec![run.into_impl_item()])],
            tokens: TokenStream::new(),
        },
    }
}

//! Compiled (`no_run`) examples for the client's methods: each builds the call's arguments
//! (required fields filled with a value of their type, the page's example where it gives a
//! short one, optional fields left out) and makes the call.
//!
//! The examples are Rust that doc2rust writes from identifiers the plan and the type space
//! checked and from literals written by `proc_macro2` (which escapes them); page text reaches
//! them only as string literals. They become doc comments through [`Doc::example`], the one
//! constructor of a compiled code block.

use std::collections::BTreeSet;

use proc_macro2::Literal;

use crate::emit::rustdoc::{Doc, Example};
use crate::model::Api;
use crate::model::types::{FieldDef, Ty, TypeId, TypeKind, TypeSpace, UnionVariant};
use crate::plan::{ArgKind, EndpointPlan, Plan, Success};

/// Deeper than this, a required value cannot be made and the method gets no example: only a
/// type that requires itself gets there, and no page seen does.
const MAX_DEPTH: usize = 12;

/// Names an example writes unqualified (`Some`, `None`, `Default::default()`, the hidden
/// function's `Result`): a type of the crate with one of them is written with its path.
const PRELUDE: &[&str] = &["Some", "None", "Option", "Default", "Result", "Ok", "Err", "Box", "Vec", "String"];

/// Builds the examples of one crate.
pub struct Examples<'a> {
    api: &'a Api,
    space: &'a TypeSpace,
    plan: &'a Plan,
    /// The crate's name as a Rust path segment (`sinch_conversation`).
    krate: String,
}

/// What an example imports, and how it names a type.
#[derive(Default)]
struct Names {
    imports: BTreeSet<String>,
}

impl Names {
    /// `Name` (imported) or its full path when the name could be mistaken for a prelude one.
    fn refer(&mut self, krate: &str, module: &str, name: &str) -> String {
        let bare = name.trim_start_matches("r#");
        let path = if module.is_empty() { format!("{krate}::{name}") } else { format!("{krate}::{module}::{name}") };
        if PRELUDE.contains(&bare) {
            return path;
        }
        self.imports.insert(path);
        name.to_owned()
    }
}

impl<'a> Examples<'a> {
    pub fn new(api: &'a Api, space: &'a TypeSpace, plan: &'a Plan, crate_name: &str) -> Examples<'a> {
        Examples { api, space, plan, krate: crate_name.replace('-', "_") }
    }

    /// The example of the method of endpoint `index`: its arguments built, the call made,
    /// the answer printed.
    pub fn method(&self, index: usize) -> Option<Doc> {
        let planned = self.plan.endpoints.get(index)?.as_ref()?;
        let mut names = Names::default();
        let (lets, args) = self.arguments(index, planned, &mut names)?;
        let method = planned.method.trim_start_matches("r#");
        let call = format!("client.{method}({})", args.join(", "));
        let mut body = lets;
        match planned.success {
            Success::Empty => body.push(format!("{call}.await?;")),
            _ => {
                body.push(format!("let answer = {call}.await?;"));
                body.push("println!(\"{answer:?}\");".to_owned());
            }
        }
        Some(self.wrap(names, body))
    }

    /// The example of `<method>_stream`: every item, page after page.
    pub fn stream(&self, index: usize) -> Option<Doc> {
        let planned = self.plan.endpoints.get(index)?.as_ref()?;
        let stream = planned.stream.as_ref()?;
        let mut names = Names::default();
        let (lets, args) = self.arguments(index, planned, &mut names)?;
        let mut body = lets;
        body.push(format!("let mut items = client.{}({});", stream.name.trim_start_matches("r#"), args.join(", ")));
        body.push("while let Some(item) = items.next().await {".to_owned());
        body.push("    println!(\"{:?}\", item?);".to_owned());
        body.push("}".to_owned());
        Some(self.wrap(names, body))
    }

    /// The README's pagination example: `let` statements, the loop over the stream, imports.
    pub(super) fn stream_body(&self, index: usize) -> Option<(Vec<String>, Vec<String>, BTreeSet<String>)> {
        let planned = self.plan.endpoints.get(index)?.as_ref()?;
        let stream = planned.stream.as_ref()?;
        let mut names = Names::default();
        let (lets, args) = self.arguments(index, planned, &mut names)?;
        let lines = vec![
            format!("let mut items = client.{}({});", stream.name.trim_start_matches("r#"), args.join(", ")),
            "while let Some(item) = items.next().await {".to_owned(),
            "    println!(\"{:?}\", item?);".to_owned(),
            "}".to_owned(),
        ];
        Some((lets, lines, names.imports))
    }

    /// The body in a hidden `async fn` that is given a client, the imports first.
    fn wrap(&self, names: Names, body: Vec<String>) -> Doc {
        let krate = &self.krate;
        // One `use` per module: `use krate::types::{A, B};`.
        let mut modules: Vec<(&str, Vec<&str>)> = Vec::new();
        for path in &names.imports {
            let (module, name) = path.rsplit_once("::").unwrap_or(("", path));
            match modules.last_mut() {
                Some((last, list)) if *last == module => list.push(name),
                _ => modules.push((module, vec![name])),
            }
        }
        let mut lines: Vec<String> = modules
            .iter()
            .map(|(module, list)| match list.as_slice() {
                [one] => format!("use {module}::{one};"),
                many => format!("use {module}::{{{}}};", many.join(", ")),
            })
            .collect();
        lines.push(format!(
            "# async fn example(client: {krate}::Client) -> ::std::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>> {{"
        ));
        lines.extend(body);
        lines.push("# ::std::result::Result::Ok(())".to_owned());
        lines.push("# }".to_owned());
        Doc::example(Example::ClientMethod, &lines)
    }

    /// `let` statements building the arguments, and the arguments as written in the call.
    pub(super) fn arguments_of(&self, index: usize) -> Option<(Vec<String>, Vec<String>, BTreeSet<String>)> {
        let planned = self.plan.endpoints.get(index)?.as_ref()?;
        let mut names = Names::default();
        let (lets, args) = self.arguments(index, planned, &mut names)?;
        Some((lets, args, names.imports))
    }

    /// `None` when a required value cannot be made up (see [`Self::text_value`]).
    fn arguments(&self, index: usize, planned: &EndpointPlan, names: &mut Names) -> Option<(Vec<String>, Vec<String>)> {
        let typed = self.space.typed_at(self.api, index);
        let endpoint = typed.endpoint;
        let module = &self.plan.modules[planned.module].name;
        let (mut lets, mut args) = (Vec::new(), Vec::new());
        for arg in &planned.args {
            match arg.kind {
                ArgKind::Path(position) => {
                    let (param, ty) = (&endpoint.params[position], typed.param_ty(position));
                    let value = self.text_value(ty, &param.name, None, 0, names)?;
                    args.push(if matches!(ty, Ty::String | Ty::I64 | Ty::F64 | Ty::Bool) {
                        value
                    } else {
                        format!("&{value}")
                    });
                }
                ArgKind::Params => {
                    let Some(params) = &planned.params else { continue };
                    let name = names.refer(&self.krate, &format!("apis::{module}"), &params.name);
                    if params.all_optional {
                        args.push(format!("&{name}::default()"));
                        continue;
                    }
                    let values: Vec<String> = params
                        .fields
                        .iter()
                        .filter(|&&p| endpoint.params[p].required)
                        .map(|&p| self.text_value(typed.param_ty(p), &endpoint.params[p].name, None, 0, names))
                        .collect::<Option<_>>()?;
                    lets.push(format!("let params = {name}::new({});", values.join(", ")));
                    args.push("&params".to_owned());
                }
                ArgKind::Body => {
                    let Some((_, Some(ty))) = typed.request() else { continue };
                    let value = match ty {
                        // A list body is borrowed as a slice.
                        Ty::Vec(item) => format!("[{}]", self.value(item, "item", None, 0, names)?),
                        other => self.value(other, "body", None, 0, names)?,
                    };
                    lets.push(format!("let request = {value};"));
                    args.push("&request".to_owned());
                }
            }
        }
        Some((lets, args))
    }

    /// A Rust expression of type `ty` for a value named `name` (a field or parameter), with
    /// the page's `example` when it is a short plain one; `None` when none can be made up.
    fn value(
        &self,
        ty: &Ty,
        name: &str,
        example: Option<&serde_json::Value>,
        depth: usize,
        names: &mut Names,
    ) -> Option<String> {
        match ty {
            Ty::String => Some(format!("{}.to_owned()", self.text_value(ty, name, example, depth, names)?)),
            _ => self.text_value(ty, name, example, depth, names),
        }
    }

    /// [`Self::value`], where text is a `&str` literal: an argument taking `impl Into<String>`
    /// or `&str`.
    ///
    /// `None` for a value of a `[fields]` custom type (its constructor is the user's) and below
    /// [`MAX_DEPTH`]: the method then has no example rather than one that does not build.
    fn text_value(
        &self,
        ty: &Ty,
        name: &str,
        example: Option<&serde_json::Value>,
        depth: usize,
        names: &mut Names,
    ) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match ty {
            Ty::String => {
                let text = example
                    .and_then(|e| e.as_str())
                    .filter(|text| is_plain_example(text))
                    .map_or_else(|| placeholder(name), str::to_owned);
                Literal::string(&text).to_string()
            }
            Ty::I64 => example.and_then(|e| e.as_i64()).unwrap_or(1).to_string(),
            Ty::F64 => {
                let number = example.and_then(|e| e.as_f64()).filter(|n| n.is_finite()).unwrap_or(1.0);
                Literal::f64_suffixed(number).to_string()
            }
            Ty::Bool => example.and_then(|e| e.as_bool()).unwrap_or(true).to_string(),
            Ty::Vec(item) => format!("vec![{}]", self.value(item, name, None, depth + 1, names)?),
            Ty::Nullable(inner) => {
                let nullable = names.refer(&self.krate, "", "Nullable");
                format!("{nullable}::Value({})", self.value(inner, name, example, depth + 1, names)?)
            }
            Ty::Json | Ty::Map | Ty::MapOf(_) => "Default::default()".to_owned(),
            Ty::Custom(_) => return None,
            Ty::File => {
                let file = names.refer(&self.krate, "", "FilePart");
                format!("{file}::new(std::fs::read(\"report.pdf\")?, \"report.pdf\")")
            }
            Ty::Named(id) => return self.named(*id, example, depth, names),
        })
    }

    fn named(
        &self,
        id: TypeId,
        example: Option<&serde_json::Value>,
        depth: usize,
        names: &mut Names,
    ) -> Option<String> {
        let def = self.space.get(id);
        Some(match &def.kind {
            TypeKind::Struct(def_struct) => {
                let name = names.refer(&self.krate, "types", &def.name);
                let required: Vec<&FieldDef> = def_struct.fields.iter().filter(|f| f.required).collect();
                if required.is_empty() && def_struct.flatten.is_none() {
                    return Some(format!("{name}::default()"));
                }
                let mut args: Vec<String> = required
                    .iter()
                    .map(|f| self.text_value(&f.ty, &f.wire, f.example.as_ref(), depth + 1, names))
                    .collect::<Option<_>>()?;
                if let Some(flatten) = &def_struct.flatten {
                    args.push(self.value(flatten, &def.name, None, depth + 1, names)?);
                }
                format!("{name}::new({})", args.join(", "))
            }
            TypeKind::Enum(def_enum) if def_enum.is_string() || def_enum.is_integer() => {
                let name = names.refer(&self.krate, "types", &def.name);
                // The page's example when it is one of the values, else the first value.
                let documented = example.and_then(|e| def_enum.values.iter().find(|v| v.value == *e));
                match documented.or(def_enum.values.first()) {
                    Some(value) => format!("{name}::{}", value.rust),
                    None if def_enum.is_string() => format!("{name}::from(\"value\")"),
                    None => format!("{name}::from(1)"),
                }
            }
            // Values of mixed kinds, and a one-of without alternatives: `serde_json::Value`.
            TypeKind::Enum(_) => "Default::default()".to_owned(),
            TypeKind::Union(def_union) => {
                let Some(variant) = self.cheapest(&def_union.variants) else {
                    return Some("Default::default()".to_owned());
                };
                let name = names.refer(&self.krate, "types", &def.name);
                let fields: Vec<String> = variant
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(index, f)| {
                        let value = if !is_filled(variant, index) {
                            "None".to_owned()
                        } else if f.required {
                            self.value(&f.ty, &f.wire, f.example.as_ref(), depth + 1, names)?
                        } else {
                            format!("Some({})", self.value(&f.ty, &f.wire, f.example.as_ref(), depth + 1, names)?)
                        };
                        Some(format!("{}: {value}", f.rust))
                    })
                    .collect::<Option<_>>()?;
                format!("{name}::{} {{ {} }}", variant.rust, fields.join(", "))
            }
        })
    }

    /// The alternative an example shows: not deprecated, then a text one (a message API's
    /// simplest message), then the one with fewest values to fill (counted a few levels
    /// down), then the first.
    fn cheapest<'v>(&self, variants: &'v [UnionVariant]) -> Option<&'v UnionVariant> {
        variants.iter().min_by_key(|v| {
            let deprecated = v.fields.iter().any(|f| f.deprecated.is_some());
            let text = !v.rust.to_ascii_lowercase().starts_with("text");
            let filled = (0..v.fields.len()).filter(|&i| is_filled(v, i));
            (deprecated, text, filled.map(|i| self.cost(&v.fields[i].ty, 3)).sum::<usize>())
        })
    }

    fn cost(&self, ty: &Ty, depth: usize) -> usize {
        match ty {
            Ty::Named(id) if depth > 0 => match &self.space.get(*id).kind {
                TypeKind::Struct(def) => {
                    1 + def.fields.iter().filter(|f| f.required).map(|f| self.cost(&f.ty, depth - 1)).sum::<usize>()
                }
                TypeKind::Union(def) => 1 + def.variants.iter().map(|v| v.fields.len()).min().unwrap_or(0),
                TypeKind::Enum(_) => 1,
            },
            Ty::Vec(inner) | Ty::Nullable(inner) => self.cost(inner, depth),
            _ => 1,
        }
    }
}

/// Whether an example fills the field at `index` of an alternative: the required ones, or
/// the first when none is (an alternative's one field is what picks it, even where the page
/// marks it optional).
fn is_filled(variant: &UnionVariant, index: usize) -> bool {
    let any_required = variant.fields.iter().any(|f| f.required);
    if any_required { variant.fields[index].required } else { index == 0 }
}

/// A page's example is used as a string literal when it is short, one line and plain (no
/// template braces, no markup): `"+46732000000"`, not a JSON document.
fn is_plain_example(text: &str) -> bool {
    !text.is_empty()
        && text.chars().count() <= 40
        && text.chars().all(|c| c.is_ascii_graphic() || c == ' ')
        && !text.contains(['{', '}', '`', '<', '>', '\\', '"'])
}

/// A stand-in for a value the page gives no example of: what it is, by its name
/// (`"app_id"` reads as "your app ID here").
fn placeholder(name: &str) -> String {
    let name: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')).collect();
    if name.is_empty() { "value".to_owned() } else { name }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_plain_examples_become_literals() {
        assert!(is_plain_example("+46732000000"));
        assert!(!is_plain_example("{{TELEGRAM_BOT_TOKEN}}"));
        assert!(!is_plain_example("```\nfn main() {}\n```"));
        assert!(!is_plain_example(&"x".repeat(41)));
        assert_eq!(placeholder("app id\n```"), "appid");
        assert_eq!(placeholder("```"), "value");
    }
}

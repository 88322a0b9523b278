//! Type docs from where a type is used, for the types the pages never describe: "Used as
//! `text_message` of [`AppMessage`] and the request body of [`crate::Client::send_message`]."
//! True for every such type, unlike a filler line or a field's prose borrowed for a type that
//! other fields hold too; every link names an item the crate has (a type of `types`, a
//! method of `Client`), anything else is written as code.

use crate::emit::rustdoc::Doc;
use crate::model::Api;
use crate::model::types::{Ty, TypeId, TypeKind, TypeSpace};
use crate::plan::Plan;

/// How many uses a doc lists before it counts the rest: a shared error body is used by every
/// call, and a list of forty links says less than "and 40 other places".
const LISTED: usize = 3;

/// One place a type is used.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Use {
    /// Field `field` (Rust name) of type `parent`, in alternative `alternative` of a one-of.
    Field { parent: TypeId, field: String, alternative: Option<String> },
    /// The alternatives flattened into struct `parent`.
    Flattened { parent: TypeId },
    /// The request body of a client method.
    Request { method: String },
    /// The success body of a client method.
    Response { method: String },
    /// An error body of a client method.
    ErrorBody { method: String },
    /// Parameter `param` (Rust name) of a client method.
    Param { method: String, param: String },
    /// The payload of variant `variant` of the webhook events enum `events`.
    Event { events: String, variant: String },
}

/// Every type's uses, by type id, found once for the whole crate.
#[derive(Debug, Default)]
pub struct Uses {
    by_type: rustc_hash::FxHashMap<TypeId, Vec<Use>>,
}

impl Uses {
    pub fn build(api: &Api, space: &TypeSpace, plan: &Plan) -> Uses {
        let mut uses = Uses::default();
        for (index, typed) in space.typed(api).enumerate() {
            let Some(planned) = plan.endpoints.get(index).and_then(Option::as_ref) else { continue };
            let method = planned.method.trim_start_matches("r#").to_owned();
            for (param, ty) in typed.params() {
                let param = param.rust_name.trim_start_matches("r#").to_owned();
                uses.add(ty, Use::Param { method: method.clone(), param });
            }
            if let Some((_, Some(ty))) = typed.request() {
                uses.add(ty, Use::Request { method: method.clone() });
            }
            for (response, ty) in typed.responses() {
                let Some(ty) = ty else { continue };
                let found = if response.is_success() {
                    Use::Response { method: method.clone() }
                } else {
                    Use::ErrorBody { method: method.clone() }
                };
                uses.add(ty, found);
            }
            // A success body the overrides file declares (`[responses]`) is returned all the same.
            if let Some(ty) = &typed.types.declared_success {
                uses.add(ty, Use::Response { method: method.clone() });
            }
        }
        if let Some(events) = &plan.events {
            for variant in &events.variants {
                uses.add(&variant.ty, Use::Event { events: events.name.clone(), variant: variant.name.clone() });
            }
        }
        for (parent, def) in space.iter() {
            match &def.kind {
                TypeKind::Struct(def) => {
                    for field in &def.fields {
                        let field_name = field.rust.trim_start_matches("r#").to_owned();
                        uses.add(&field.ty, Use::Field { parent, field: field_name, alternative: None });
                    }
                    if let Some(ty) = &def.flatten {
                        uses.add(ty, Use::Flattened { parent });
                    }
                }
                TypeKind::Union(def) => {
                    for variant in &def.variants {
                        for field in &variant.fields {
                            let alternative = Some(variant.rust.trim_start_matches("r#").to_owned());
                            let field_name = field.rust.trim_start_matches("r#").to_owned();
                            uses.add(&field.ty, Use::Field { parent, field: field_name, alternative });
                        }
                    }
                }
                TypeKind::Enum(_) => {}
            }
        }
        uses
    }

    fn add(&mut self, ty: &Ty, found: Use) {
        match ty {
            Ty::Named(id) => {
                let list = self.by_type.entry(*id).or_default();
                if !list.contains(&found) {
                    list.push(found);
                }
            }
            Ty::Vec(inner) | Ty::Nullable(inner) | Ty::MapOf(inner) => self.add(inner, found),
            _ => {}
        }
    }

    /// The doc of a type the pages do not describe: where it is used, or, for a type used
    /// nowhere (none is, today), its kind.
    pub fn doc(&self, space: &TypeSpace, id: TypeId) -> Doc {
        let uses = self.by_type.get(&id).map(Vec::as_slice).unwrap_or_default();
        if uses.is_empty() {
            let def = space.get(id);
            let kind = match def.kind {
                TypeKind::Struct(_) => " object.",
                TypeKind::Enum(_) => " values.",
                TypeKind::Union(_) => " alternatives.",
            };
            return Doc::fixed("The ").then(Doc::code(&def.name)).then(Doc::fixed(kind));
        }
        // One sentence per kind of use, in a fixed order, each listing a few places.
        type IsIt = fn(&Use) -> bool;
        let sentences: [(&str, IsIt); 5] = [
            ("Returned by ", |u| matches!(u, Use::Response { .. })),
            ("The request body of ", |u| matches!(u, Use::Request { .. })),
            ("The payload of ", |u| matches!(u, Use::Event { .. })),
            ("Used as ", |u| matches!(u, Use::Field { .. } | Use::Flattened { .. } | Use::Param { .. })),
            ("An error body of ", |u| matches!(u, Use::ErrorBody { .. })),
        ];
        let mut doc = Doc::default();
        for (lead, is_it) in sentences {
            let these: Vec<&Use> = uses.iter().filter(|u| is_it(u)).collect();
            if these.is_empty() {
                continue;
            }
            let mut sentence = Doc::fixed(lead);
            let listed = these.len().min(LISTED);
            for (index, found) in these.iter().take(LISTED).enumerate() {
                if index > 0 {
                    let last = index + 1 == listed && these.len() <= LISTED;
                    sentence = sentence.then(Doc::fixed(if last { " and " } else { ", " }));
                }
                sentence = sentence.then(describe(space, found));
            }
            if these.len() > LISTED {
                let rest = these.len() - LISTED;
                sentence = sentence
                    .then(Doc::fixed(" and "))
                    .then(Doc::number(rest as u64))
                    .then(Doc::fixed(if rest == 1 { " other" } else { " others" }));
            }
            let sentence = sentence.then(Doc::fixed("."));
            doc = if doc.is_empty() { sentence } else { doc.then(Doc::fixed(" ")).then(sentence) };
        }
        doc
    }
}

fn method_link(method: &str) -> Doc {
    Doc::item(&format!("crate::Client::{method}"))
}

fn describe(space: &TypeSpace, found: &Use) -> Doc {
    match found {
        Use::Field { parent, field, alternative } => {
            let parent = Doc::item(&space.get(*parent).name);
            let field = Doc::code(field);
            match alternative {
                Some(alternative) => field
                    .then(Doc::fixed(" of the "))
                    .then(Doc::code(alternative))
                    .then(Doc::fixed(" alternative of "))
                    .then(parent),
                None => field.then(Doc::fixed(" of ")).then(parent),
            }
        }
        Use::Flattened { parent } => Doc::fixed("the alternatives of ").then(Doc::item(&space.get(*parent).name)),
        Use::Request { method } | Use::Response { method } | Use::ErrorBody { method } => method_link(method),
        Use::Param { method, param } => {
            Doc::fixed("parameter ").then(Doc::code(param)).then(Doc::fixed(" of ")).then(method_link(method))
        }
        Use::Event { events, variant } => Doc::item(&format!("{events}::{}", variant.trim_start_matches("r#"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_two_fields_share_has_no_borrowed_role_and_links_its_uses() {
        // `comment_reply_event` describes its role; the same shape is every `text_message`.
        let page = "# Send\n\nSends.\n\nEndpoint: POST /v1/send\nVersion: 1.0\nSecurity: Basic\n\n\
                    ## Request fields (application/json):\n\n  \
                    - `text_message` (object)\n  - `text_message.text` (string, required)\n    The text.\n\n  \
                    - `comment_reply_event` (object)\n    Represents a response to a comment event.\n  \
                    - `comment_reply_event.text` (string, required)\n    The text.\n\n\
                    ## Response 200 fields (application/json):\n\n  - `id` (string)\n    The id.\n";
        let loaded = crate::load_text("send.md", page).expect("the page loads");
        let space = &loaded.space;
        let id = space
            .ids()
            .find(|&id| matches!(&space.get(id).kind, TypeKind::Struct(s) if s.fields.len() == 1 && s.fields[0].wire == "text"))
            .expect("one type for both fields");
        assert_eq!(space.get(id).description, "", "a role's prose is not the type's");
        let parent =
            &space.get(space.typed_at(&loaded.api, 0).types.request.as_ref().and_then(named).expect("a body")).name;
        let plan = Plan::build(&loaded.api, space, &loaded.overrides);
        let doc = Uses::build(&loaded.api, space, &plan).doc(space, id).lines().join("\n");
        assert_eq!(doc, format!("Used as `text_message` of [`{parent}`] and `comment_reply_event` of [`{parent}`]."));
    }

    fn named(ty: &Ty) -> Option<TypeId> {
        match ty {
            Ty::Named(id) => Some(*id),
            _ => None,
        }
    }

    #[test]
    fn text_every_use_shares_is_the_type_doc() {
        let page = "# Send\n\nSends.\n\nEndpoint: POST /v1/send\nVersion: 1.0\nSecurity: Basic\n\n\
                    ## Request fields (application/json):\n\n  \
                    - `origin` (object)\n    A point on the map.\n  - `origin.lat` (number, required)\n    Latitude.\n\n  \
                    - `target` (object)\n    A point on the map.\n  - `target.lat` (number, required)\n    Latitude.\n\n\
                    ## Response 200 fields (application/json):\n\n  - `id` (string)\n    The id.\n";
        let loaded = crate::load_text("send.md", page).expect("the page loads");
        let space = &loaded.space;
        let described: Vec<&str> =
            space.types.iter().filter(|t| t.description == "A point on the map.").map(|t| t.name.as_str()).collect();
        assert_eq!(
            described.len(),
            1,
            "{:?}",
            space.types.iter().map(|t| (&t.name, &t.description)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn many_uses_are_counted_not_listed() {
        let mut page = String::new();
        for n in 0..5 {
            page.push_str(&format!(
                "# Get {n}\n\nGets.\n\nEndpoint: GET /v1/things{n}\nVersion: 1.0\nSecurity: Basic\n\n\
                 ## Response 200 fields (application/json):\n\n  - `id` (string)\n    The id.\n\n\
                 ## Response 400 fields (application/json):\n\n  - `reason` (string)\n    Why.\n\n"
            ));
        }
        let loaded = crate::load_text("get.md", &page).expect("the pages load");
        let space = &loaded.space;
        let plan = Plan::build(&loaded.api, space, &loaded.overrides);
        let uses = Uses::build(&loaded.api, space, &plan);
        let id = space.find("ErrorResponse").expect("one error body");
        let doc = uses.doc(space, id).lines().join("\n");
        assert!(doc.starts_with("An error body of [`crate::Client::get_"), "{doc}");
        assert!(doc.ends_with(" and 2 others."), "{doc}");
    }
}

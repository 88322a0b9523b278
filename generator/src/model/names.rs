//! Method names from the endpoint's method and path, in the style of Sinch's own SDKs
//! (`create_conversation`, `list_conversations`, `send_message`, `merge_contact`).
//!
//! The name depends only on the `Endpoint:` line, never on the file name or the title's
//! wording, so rewording a title or moving a page does not rename a method. The rules follow
//! resource-oriented paths: a custom verb after `:` wins (`messages:send` -> `send_message`);
//! otherwise the HTTP method and whether the path ends in a collection or an item decide
//! (`GET /conversations` -> `list_conversations`, `GET /conversations/{id}` -> `get_conversation`).

use super::{HttpMethod, PathPart};
use crate::naming::{field_name, plural, singular};

/// Verbs that may open a custom method (`:send`, `:getChannelProfile`).
const VERBS: &[&str] = &[
    "add",
    "batch",
    "cancel",
    "check",
    "create",
    "delete",
    "fetch",
    "get",
    "inject",
    "list",
    "lookup",
    "merge",
    "query",
    "register",
    "remove",
    "search",
    "send",
    "set",
    "start",
    "stop",
    "transcode",
    "unregister",
    "update",
    "upload",
    "validate",
    "verify",
];

/// `GET` on a collection lists it only when the response carries a list; a single
/// settings-like resource is fetched with `get`.
pub fn operation_name(method: HttpMethod, path: &[PathPart], lists_items: bool) -> String {
    // The last segment may carry a custom verb: `contacts:merge`, `{id}:stop`.
    let mut segments: Vec<Segment> = Vec::new();
    let mut custom: Option<String> = None;
    for (index, part) in path.iter().enumerate() {
        match part {
            PathPart::Literal(text) => {
                for (piece_index, piece) in text.split('/').enumerate() {
                    if piece.is_empty() {
                        continue;
                    }
                    let last = index + 1 == path.len() && piece_index + 1 == text.split('/').count();
                    match piece.split_once(':') {
                        Some((noun, verb))
                            if last || verb.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') =>
                        {
                            if !noun.is_empty() {
                                segments.push(Segment::Literal(noun.to_owned()));
                            }
                            custom = Some(verb.to_owned());
                        }
                        _ => segments.push(Segment::Literal(piece.to_owned())),
                    }
                }
            }
            PathPart::Param(_) => segments.push(Segment::Param),
        }
    }
    // A custom verb after the last parameter (`{id}:stop`) sits on the item.
    let ends_with_param = matches!(segments.last(), Some(Segment::Param));
    let noun_words: Vec<String> = trailing_literals(&segments);
    let noun_singular = noun(&noun_words, false);
    let noun_plural = noun(&noun_words, true);

    if let Some(custom) = custom.filter(|c| !c.is_empty()) {
        let verb = field_name(&custom);
        let first = verb.split('_').next().unwrap_or_default();
        if VERBS.contains(&first) {
            if verb.contains('_') || noun_singular.is_empty() {
                return verb;
            }
            return join(&verb, &noun_singular);
        }
        // A noun-like custom method (`:recent`, `:identityConflicts`).
        return match method {
            HttpMethod::Get => {
                if verb.ends_with('s') {
                    join("list", &verb)
                } else {
                    join(&join("list", &verb), &noun_plural)
                }
            }
            _ => join(&verb, &noun_singular),
        };
    }
    let base = if noun_singular.is_empty() { "root".to_owned() } else { noun_singular.clone() };
    match method {
        HttpMethod::Get if !ends_with_param && lists_items => join("list", &noun_plural),
        HttpMethod::Get => join("get", &base),
        HttpMethod::Post if ends_with_param => join("post", &base),
        HttpMethod::Post => join("create", &base),
        HttpMethod::Put => join(if ends_with_param { "replace" } else { "put" }, &base),
        HttpMethod::Patch => join("update", &base),
        HttpMethod::Delete => join("delete", &base),
        HttpMethod::Head => join("head", &base),
        HttpMethod::Options => join("options", &base),
        HttpMethod::Trace => join("trace", &base),
    }
}

/// The name of a webhook page's method-less payload: `ClientEvent` -> `client_event`.
pub fn webhook_name(path: &str) -> String {
    field_name(path)
}

enum Segment {
    Literal(String),
    Param,
}

/// The run of literal segments just before the end (ignoring version segments such as `v1`).
fn trailing_literals(segments: &[Segment]) -> Vec<String> {
    let mut words = Vec::new();
    for segment in segments.iter().rev() {
        match segment {
            Segment::Param if words.is_empty() => continue,
            Segment::Param => break,
            Segment::Literal(text) => {
                let is_version = text.len() >= 2
                    && text.starts_with(['v', 'V'])
                    && text[1..].chars().all(|c| c.is_ascii_digit() || c == '.');
                if !is_version {
                    words.push(field_name(text));
                }
            }
        }
    }
    words.reverse();
    words
}

/// `["consents", "identities"]` -> `consent_identity` (singular) or `consent_identities`.
fn noun(words: &[String], plural_form: bool) -> String {
    let count = words.len();
    words
        .iter()
        .enumerate()
        .map(|(index, word)| if index + 1 == count && plural_form { plural(&singular(word)) } else { singular(word) })
        .collect::<Vec<_>>()
        .join("_")
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_owned(),
        (_, true) => a.to_owned(),
        _ => format!("{a}_{b}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(path: &str) -> Vec<PathPart> {
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let close = rest[open..].find('}').unwrap() + open;
            parts.push(PathPart::Param(rest[open + 1..close].to_owned()));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        parts
    }

    #[test]
    fn sinch_names() {
        use HttpMethod::*;
        let cases = [
            (Post, "/v1/projects/{project_id}/conversations", false, "create_conversation"),
            (Get, "/v1/projects/{project_id}/conversations", true, "list_conversations"),
            (Get, "/v1/projects/{project_id}/conversations/{conversation_id}", false, "get_conversation"),
            (Patch, "/v1/projects/{project_id}/conversations/{conversation_id}", false, "update_conversation"),
            (Delete, "/v1/projects/{project_id}/conversations/{conversation_id}", false, "delete_conversation"),
            (Post, "/v1/projects/{project_id}/messages:send", false, "send_message"),
            (Post, "/v1/projects/{project_id}/contacts/{destination_id}:merge", false, "merge_contact"),
            (Post, "/v1/projects/{project_id}/contacts:getChannelProfile", false, "get_channel_profile"),
            (Get, "/v1/projects/{project_id}/contacts:identityConflicts", true, "list_identity_conflicts"),
            (Get, "/v1/projects/{project_id}/conversations:recent", true, "list_recent_conversations"),
            (Post, "/v1/projects/{project_id}/conversations/{conversation_id}:stop", false, "stop_conversation"),
            (Post, "/v1/projects/{project_id}/conversations/{conversation_id}:inject-message", false, "inject_message"),
            (Post, "/v1/projects/{project_id}/capability:query", false, "query_capability"),
            (Get, "/v1/projects/{project_id}/settings", false, "get_settings"),
            (Post, "/v1/projects/{project_id}/settings", false, "create_settings"),
            (Post, "/v1/projects/{project_id}/optins:register", false, "register_optin"),
            (
                Get,
                "/v1/projects/{project_id}/apps/{app_id}/consents/identities/{identity}",
                false,
                "get_consent_identity",
            ),
            (Get, "/faxes", true, "list_faxes"),
        ];
        for (method, path, lists, expected) in cases {
            assert_eq!(operation_name(method, &template(path), lists), expected, "{path}");
        }
    }
}

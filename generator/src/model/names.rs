//! Method names from the endpoint's method and path, in the style of Sinch's own SDKs
//! (`create_conversation`, `list_conversations`, `send_message`, `merge_contact`), made unique
//! across the whole API.
//!
//! A base name depends only on the `Endpoint:` line (and, for a `POST` or `PUT` on an item, the
//! verb the title opens with), never on the file name, so rewording a description or moving
//! a page does not rename a method. The rules follow resource-oriented paths:
//!
//! - a custom verb after `:` wins (`messages:send` -> `send_message`);
//! - otherwise the HTTP method and whether the path ends in a collection or an item decide
//!   (`GET /conversations` -> `list_conversations`, `GET /conversations/{id}` ->
//!   `get_conversation`);
//! - the resource is the run of literal segments at the end of the path, up to a parameter or a
//!   version segment (`/verification/v1/verifications` -> `verification`: what comes before the
//!   version names the API, not the resource), with repeated words said once;
//! - a literal that names the parameter after it selects the item by that key
//!   (`/verifications/id/{id}` -> `get_verification_by_id`);
//! - two parameters in a row name a sub-item by the second one
//!   (`DELETE /conferences/{id}/{callId}` -> `delete_conference_call`).
//!
//! Names that still clash are told apart by what the pages say, in this order: the path
//! segments only one of them has, the version, the title's words only one of them has, the
//! page file, then a number. Every clash is reported as a warning naming both pages.

use std::collections::BTreeMap;

use super::{Endpoint, HttpMethod, PathPart, Schema};
use crate::diagnostic::Diagnostic;
use crate::naming::{field_name, plural, singular};

/// Verbs that may open a custom method (`:send`, `:getChannelProfile`) or a title ("Report a
/// verification by ID") and make a method name of their own.
const VERBS: &[&str] = &[
    "accept",
    "acknowledge",
    "activate",
    "add",
    "analyze",
    "apply",
    "approve",
    "archive",
    "assign",
    "attach",
    "authorize",
    "batch",
    "block",
    "book",
    "calculate",
    "cancel",
    "charge",
    "check",
    "claim",
    "clear",
    "clone",
    "close",
    "complete",
    "confirm",
    "connect",
    "convert",
    "copy",
    "count",
    "create",
    "deactivate",
    "decline",
    "delete",
    "deliver",
    "detach",
    "disable",
    "disconnect",
    "dispatch",
    "downgrade",
    "download",
    "enable",
    "end",
    "estimate",
    "evaluate",
    "execute",
    "export",
    "fetch",
    "find",
    "finish",
    "flush",
    "generate",
    "get",
    "import",
    "initialize",
    "initiate",
    "inject",
    "invite",
    "join",
    "leave",
    "link",
    "list",
    "lock",
    "lookup",
    "manage",
    "mark",
    "merge",
    "modify",
    "move",
    "mute",
    "notify",
    "open",
    "parse",
    "pause",
    "pay",
    "perform",
    "ping",
    "place",
    "play",
    "post",
    "preview",
    "process",
    "provision",
    "publish",
    "purchase",
    "purge",
    "query",
    "reactivate",
    "reboot",
    "recalculate",
    "record",
    "redeem",
    "refresh",
    "refund",
    "register",
    "reject",
    "release",
    "reload",
    "remove",
    "rename",
    "renew",
    "rent",
    "reorder",
    "replace",
    "reply",
    "report",
    "request",
    "reschedule",
    "resend",
    "reserve",
    "reset",
    "resolve",
    "respond",
    "restart",
    "restore",
    "resume",
    "retrieve",
    "retry",
    "revoke",
    "rotate",
    "run",
    "save",
    "scan",
    "schedule",
    "search",
    "send",
    "set",
    "share",
    "shutdown",
    "sign",
    "simulate",
    "start",
    "stop",
    "submit",
    "subscribe",
    "suspend",
    "switch",
    "sync",
    "terminate",
    "test",
    "toggle",
    "transcode",
    "transcribe",
    "transfer",
    "translate",
    "trigger",
    "unarchive",
    "unassign",
    "unblock",
    "undo",
    "unlink",
    "unlock",
    "unmute",
    "unprovision",
    "unpublish",
    "unregister",
    "unsubscribe",
    "update",
    "upgrade",
    "upload",
    "upsert",
    "use",
    "validate",
    "verify",
    "void",
    "withdraw",
];

/// How one endpoint looks to naming: what its `Endpoint:` line, title and success body say.
#[derive(Debug, Clone, Copy)]
pub struct Operation<'a> {
    pub method: HttpMethod,
    pub path: &'a [PathPart],
    pub title: &'a str,
    /// The success body is a list of items: a top-level array, or an object holding an array.
    pub lists_items: bool,
    /// The success body is plainly a page of items: a top-level array, or an array beside
    /// paging fields (`next_page_token`, `total`, ...) or named as lists are (`items`, `data`).
    pub pages_items: bool,
}

impl<'a> Operation<'a> {
    pub fn of(endpoint: &'a Endpoint) -> Operation<'a> {
        const PAGING: &[&str] = &[
            "nextpagetoken",
            "pagetoken",
            "next",
            "nextcursor",
            "cursor",
            "total",
            "totalcount",
            "totalresults",
            "count",
            "offset",
            "page",
            "pagesize",
            "hasmore",
            "hasnext",
            "meta",
        ];
        const LISTS: &[&str] = &["items", "data", "results", "records", "entries", "list", "values"];
        let success = endpoint.responses.iter().filter(|r| r.is_success()).filter_map(|r| r.schema.as_ref());
        let (mut lists_items, mut pages_items) = (false, false);
        for schema in success {
            match schema {
                Schema::Array { .. } => (lists_items, pages_items) = (true, true),
                Schema::Object(object) => {
                    let arrays: Vec<&str> = object
                        .fields
                        .iter()
                        .filter(|f| matches!(f.schema, Schema::Array { .. }))
                        .map(|f| f.name.as_str())
                        .collect();
                    let paging = object.fields.iter().any(|f| PAGING.contains(&lower_alnum(&f.name).as_str()));
                    lists_items |= !arrays.is_empty();
                    pages_items |= !arrays.is_empty() && (paging || arrays.iter().any(|a| LISTS.contains(a)));
                }
                _ => {}
            }
        }
        Operation {
            method: endpoint.method,
            path: &endpoint.path_template,
            title: &endpoint.title,
            lists_items,
            pages_items,
        }
    }
}

/// One segment of a path, split at `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// A literal word, as a lower_snake name.
    Literal(String),
    Param(String),
    /// `v1`, `v2beta1`, `v1.2`: the API's version, which ends the resource's words.
    Version(String),
}

/// The segments of a path and the custom verb after its last `:`, if any.
fn segments(path: &[PathPart]) -> (Vec<Segment>, Option<String>) {
    let mut segments = Vec::new();
    let mut custom = None;
    for (index, part) in path.iter().enumerate() {
        match part {
            PathPart::Literal(text) => {
                let pieces: Vec<&str> = text.split('/').collect();
                for (piece_index, piece) in pieces.iter().enumerate() {
                    if piece.is_empty() {
                        continue;
                    }
                    let last = index + 1 == path.len() && piece_index + 1 == pieces.len();
                    let (noun, verb) = match piece.split_once(':') {
                        Some((noun, verb))
                            if last || verb.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') =>
                        {
                            (noun, Some(verb))
                        }
                        _ => (*piece, None),
                    };
                    // `{id}.json`, `invoices.xml`: the format is not part of the name.
                    let noun = [".json", ".xml"].iter().find_map(|f| noun.strip_suffix(f)).unwrap_or(noun);
                    if !noun.is_empty() {
                        segments.push(if is_version(noun) {
                            Segment::Version(noun.to_ascii_lowercase())
                        } else {
                            Segment::Literal(field_name(noun).trim_start_matches("r#").to_owned())
                        });
                    }
                    if let Some(verb) = verb {
                        custom = Some(verb.to_owned());
                    }
                }
            }
            PathPart::Param(name) => segments.push(Segment::Param(name.clone())),
        }
    }
    (segments, custom.filter(|c| !c.is_empty()))
}

/// `v1`, `V2`, `v1.2`, `v2beta1`, `v1alpha`: a version segment.
fn is_version(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(['v', 'V']) else { return false };
    let digits = rest.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
    if digits == 0 || !rest.as_bytes()[0].is_ascii_digit() {
        return false;
    }
    let tail = &rest[digits..];
    let tail = tail.strip_prefix("alpha").or_else(|| tail.strip_prefix("beta")).unwrap_or(tail);
    tail.bytes().all(|b| b.is_ascii_digit())
}

/// What the end of a path addresses.
#[derive(Debug, Default)]
struct Resource {
    /// The resource's words, lower_snake, in path order (`consents`, `identities`).
    words: Vec<String>,
    /// The path ends in a parameter (or a key selector): it addresses one item.
    item: bool,
    /// The trailing parameter identifies the item (`{contact_id}` after `contacts`), rather
    /// than selecting a list (`{list_type}` after `consents`).
    identified: bool,
    /// `by_<key>` for a key selector (`id/{id}`).
    by: Option<String>,
}

fn lower_alnum(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// Whether a parameter identifies an item of `collection` rather than selecting something else:
/// `{id}`, `{contact_id}` after `contacts`, `{identity}` after `identities`, `{phoneNumber}`.
fn identifies(param: &str, collection: Option<&str>) -> bool {
    let snake = field_name(param);
    let snake = snake.trim_start_matches("r#");
    let item = collection.map(singular);
    let id_like =
        ["id", "ids", "key", "uuid", "guid", "sid", "name", "number", "code", "slug", "token", "identity", "reference"];
    match snake.rsplit_once('_') {
        // `{contact_id}` after `contacts`; `{location_id}` after `clients` names another
        // resource: it scopes the list rather than picking an item of it.
        Some((noun, last)) if id_like.contains(&last) => {
            item.is_none_or(|item| item.contains(noun) || noun.ends_with(item.as_str()))
        }
        None if id_like.contains(&snake) => true,
        _ => item.is_some_and(|item| lower_alnum(snake).starts_with(&lower_alnum(&item))),
    }
}

fn analyse(segments: &[Segment]) -> Resource {
    let mut resource = Resource::default();
    let mut end = segments.len();
    let mut trailing: Vec<&str> = Vec::new();
    while let Some(Segment::Param(name)) = end.checked_sub(1).map(|i| &segments[i]) {
        trailing.push(name);
        end -= 1;
    }
    resource.item = !trailing.is_empty();
    // A key selector: a literal naming the one parameter after it, with the resource before it
    // (`verifications/id/{id}`, `verifications/{method}/number/{number}`).
    if let [param] = trailing.as_slice() {
        let literal = end.checked_sub(1).and_then(|i| match &segments[i] {
            Segment::Literal(word) => Some(word),
            _ => None,
        });
        let has_resource = segments[..end.saturating_sub(1)].iter().any(|s| matches!(s, Segment::Literal(_)));
        // `id/{conferenceId}`, `number/{phoneNumber}`: the parameter's name ends in the literal.
        let names_param = |word: &&String| {
            let (word, param) = (lower_alnum(word), lower_alnum(param));
            word.len() >= 2 && param.ends_with(&word)
        };
        if let Some(word) = literal.filter(|word| has_resource && names_param(word)) {
            resource.by = Some(word.clone());
            resource.identified = true;
            end -= 1;
            // Selector parameters before the key (`{method}` in `{method}/number/{number}`).
            while let Some(Segment::Param(_)) = end.checked_sub(1).map(|i| &segments[i]) {
                end -= 1;
            }
            trailing.clear();
        }
    }
    let mut start = end;
    while let Some(Segment::Literal(_)) = start.checked_sub(1).map(|i| &segments[i]) {
        start -= 1;
    }
    for segment in &segments[start..end] {
        if let Segment::Literal(word) = segment {
            // `verification/verifications`: one resource said twice.
            if resource.words.last().is_none_or(|last| singular(last) != singular(word)) {
                resource.words.push(word.clone());
            }
        }
    }
    if let Some(first) = trailing.last() {
        resource.identified |= identifies(first, resource.words.last().map(String::as_str));
    }
    // `conferences/{id}/{callId}`: the last parameter names a sub-item.
    if trailing.len() > 1 {
        let snake = field_name(trailing[0]);
        let noun = snake.strip_suffix("_id").or_else(|| snake.strip_suffix("_ids")).unwrap_or(&snake);
        if !noun.is_empty() && noun != "id" && resource.words.last().is_none_or(|w| singular(w) != noun) {
            resource.words.push(noun.to_owned());
        }
    }
    resource
}

/// `["consents", "identities"]` -> `consent_identity` (singular) or `consent_identities`.
///
/// Words that are not nouns are not inflected: a trailing adjective reads before the nouns
/// (`appointments/bookable` -> `bookable_appointment`), a trailing preposition stays after
/// them (`customers/by` -> `customers_by`), and a phrase with a preposition inside
/// (`energy-by-entity`) is kept as it is.
fn noun(words: &[String], plural_form: bool) -> String {
    let mut words: Vec<&str> = words.iter().flat_map(|w| w.split('_')).filter(|w| !w.is_empty()).collect();
    if words.iter().rev().skip(1).any(|w| PREPOSITIONS.contains(w)) {
        return words.join("_");
    }
    let mut trailing_preposition = None;
    if words.len() > 1 && words.last().is_some_and(|w| PREPOSITIONS.contains(w)) {
        trailing_preposition = words.pop();
    }
    if words.len() > 1 && words.last().is_some_and(|w| is_adjective(w)) {
        let adjective = words.pop().unwrap_or_default();
        words.insert(0, adjective);
    }
    let count = words.len();
    let mut out: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(index, word)| {
            if index + 1 < count || is_adjective(word) {
                singular(word)
            } else if plural_form {
                plural(&singular(word))
            } else {
                singular(word)
            }
        })
        .collect();
    out.extend(trailing_preposition.map(str::to_owned));
    out.join("_")
}

/// Words that join nouns rather than name something (`energy-by-entity`, `customers/by`).
const PREPOSITIONS: &[&str] = &["by", "for", "from", "in", "of", "on", "over", "per", "to", "with", "within"];

/// Words that qualify a resource rather than name one (`transactions/upcoming`).
fn is_adjective(word: &str) -> bool {
    const ADJECTIVES: &[&str] = &[
        "active",
        "archived",
        "available",
        "blocked",
        "current",
        "default",
        "deleted",
        "enabled",
        "existing",
        "expired",
        "inactive",
        "incoming",
        "latest",
        "ongoing",
        "outgoing",
        "past",
        "pending",
        "recent",
        "remaining",
        "upcoming",
    ];
    const ABLE_NOUNS: &[&str] = &["cable", "deliverable", "payable", "receivable", "table", "variable"];
    ADJECTIVES.contains(&word)
        || ((word.ends_with("able") || word.ends_with("ible")) && word.len() > 5 && !ABLE_NOUNS.contains(&word))
}

/// The verb a title opens with, if it is one of [`VERBS`]: "Report a verification" -> `report`.
fn title_verb(title: &str) -> Option<String> {
    let first = title.split_whitespace().next()?;
    let word = field_name(first);
    // "Lists", "Gets": a title in the third person.
    let word = if VERBS.contains(&word.as_str()) { word } else { word.strip_suffix('s').unwrap_or(&word).to_owned() };
    VERBS.contains(&word.as_str()).then_some(word)
}

/// The base name of one endpoint, before clashes with other endpoints are resolved.
pub fn operation_name(operation: &Operation<'_>) -> String {
    let (mut segments, mut custom) = segments(operation.path);
    // An RPC-style API names each operation by one path segment holding a verb
    // (`/personalization_get`, `/has_mycnf_for_cpuser`, `/getdiskusage`): that is the name.
    if let (None, [Segment::Literal(word)]) = (&custom, segments.as_slice()) {
        if is_rpc_name(word) {
            return field_name(word);
        }
    }
    // A last segment that opens with a verb is an action on what comes before it
    // (`customers/create`, `devices/{id}/activate`, `{id}/switch-studio`), as a custom verb is.
    if custom.is_none() {
        let opens_with_verb = |word: &str| VERBS.contains(&word.split('_').next().unwrap_or_default());
        match segments.as_slice() {
            // `get_maximum_users` alone (an RPC-style API) is the whole name.
            [.., Segment::Literal(word)] if opens_with_verb(word) => {
                custom = Some(word.clone());
                segments.pop();
            }
            // `withdraw-ordinary-contract-cancelation/{contractId}`: a verb phrase on an item.
            [.., Segment::Literal(word), Segment::Param(_)] if opens_with_verb(word) && word.contains('_') => {
                custom = Some(word.clone());
                let param = segments.pop();
                segments.pop();
                segments.extend(param);
            }
            _ => {}
        }
    }
    let mut resource = analyse(&segments);
    // `locations/update/{id}` with PATCH: the verb is said once.
    let method_verb = match operation.method {
        HttpMethod::Patch => "update",
        HttpMethod::Delete => "delete",
        HttpMethod::Post => "create",
        _ => "",
    };
    if resource.words.len() > 1 {
        resource.words.retain(|w| w != method_verb);
    }
    // Reading or changing a whole collection (`DELETE /configs`, `PATCH /servers`,
    // `GET /filters/properties` when the answer is not a list) names the collection.
    let bulk = !resource.item
        && matches!(operation.method, HttpMethod::Delete | HttpMethod::Patch | HttpMethod::Put | HttpMethod::Get)
        && resource.words.last().is_some_and(|w| singular(w) != *w);
    let singular_noun = noun(&resource.words, false);
    let plural_noun = noun(&resource.words, true);
    let by = resource.by.as_deref().map(|key| format!("by_{key}"));
    let name = if let Some(custom) = custom {
        let verb = field_name(&custom);
        let first = verb.split('_').next().unwrap_or_default();
        if VERBS.contains(&first) {
            if verb.contains('_') || singular_noun.is_empty() { verb } else { join(&[&verb, &singular_noun]) }
        } else if operation.method == HttpMethod::Get {
            // A noun-like custom method (`:recent`, `:identityConflicts`).
            if verb.ends_with('s') { join(&["list", &verb]) } else { join(&["list", &verb, &plural_noun]) }
        } else {
            join(&[&verb, &singular_noun])
        }
    } else {
        let base = if singular_noun.is_empty() {
            "root".to_owned()
        } else if bulk {
            plural_noun.clone()
        } else {
            singular_noun.clone()
        };
        let listing = if resource.item { !resource.identified && operation.pages_items } else { operation.lists_items };
        let weak = |fallback: &str| title_verb(operation.title).unwrap_or_else(|| fallback.to_owned());
        match operation.method {
            HttpMethod::Get if listing => join(&["list", &plural_noun]),
            HttpMethod::Get => join(&["get", &base]),
            HttpMethod::Post if resource.item => join(&[&weak("post"), &base]),
            HttpMethod::Post => join(&["create", &base]),
            HttpMethod::Put if resource.item => join(&[&weak("replace"), &base]),
            HttpMethod::Put => join(&[&weak("put"), &base]),
            HttpMethod::Patch => join(&["update", &base]),
            HttpMethod::Delete => join(&["delete", &base]),
            HttpMethod::Head => join(&["head", &base]),
            HttpMethod::Options => join(&["options", &base]),
            HttpMethod::Trace => join(&["trace", &base]),
        }
    };
    match by {
        Some(by) if !name.ends_with(&by) => join(&[&name, &by]),
        _ => name,
    }
}

/// Whether a path's only segment names a function rather than a resource: a verb among its
/// words (`php_fpm_config_get`, `modsec_enable_vendor_updates`), or one of a few verbs glued to
/// a noun (`getdiskusage`, `createacct`, `killpkg`). Glued verbs that open common nouns
/// (`set` in `settings`, `add` in `address`) are not read that way.
fn is_rpc_name(word: &str) -> bool {
    let snake = crate::naming::snake_case(word);
    let words: Vec<&str> = snake.split('_').collect();
    if words.len() > 1 {
        return words.iter().any(|w| VERBS.contains(w));
    }
    const GLUED: &[&str] = &["authorize", "create", "delete", "disable", "enable", "fetch", "get", "kill", "remove"];
    GLUED.iter().any(|verb| snake.strip_prefix(verb).is_some_and(|rest| rest.len() >= 3 && !rest.ends_with('s')))
}

/// The name of a webhook page's method-less payload: `ClientEvent` -> `client_event`.
pub fn webhook_name(path: &str) -> String {
    field_name(path)
}

/// Joins parts with `_`, skipping empty ones and a word that repeats the one before it
/// (`search` + `search` is `search`).
fn join(parts: &[&str]) -> String {
    let mut words: Vec<&str> = Vec::new();
    for part in parts {
        for word in part.split('_').filter(|w| !w.is_empty()) {
            if words.last() != Some(&word) {
                words.push(word);
            }
        }
    }
    words.join("_")
}

/// A method name given to an endpoint and how it came about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodName {
    pub name: String,
    /// The base name, when a clash made this one different from it.
    pub clashed: Option<String>,
}

/// The unique method names of every endpoint that gets a client method (`None` for webhook
/// pages), with a warning for every clash. Each starts from the endpoint's `rust_name`, the
/// [`operation_name`] lowering gave it. `fixed` holds names the overrides file gives, by
/// endpoint index; they are kept as they are and the other names avoid them. `reserved` are
/// names the client has whatever the pages say.
pub fn method_names(
    endpoints: &[Endpoint],
    fixed: &BTreeMap<usize, String>,
    reserved: &[&str],
) -> (Vec<Option<MethodName>>, Vec<Diagnostic>) {
    let mut names: Vec<Option<MethodName>> = endpoints
        .iter()
        .enumerate()
        .map(|(index, endpoint)| {
            if endpoint.webhook {
                return None;
            }
            let name = fixed.get(&index).unwrap_or(&endpoint.rust_name).clone();
            Some(MethodName { name, clashed: None })
        })
        .collect();
    // The names before any clash was resolved, to name the other side of each clash.
    let first_names: Vec<Option<String>> = names.iter().map(|n| n.as_ref().map(|n| n.name.clone())).collect();
    let mut warnings = Vec::new();
    // Groups of endpoints (not fixed by the overrides) sharing a name; resolved until none
    // is left, each round qualifying names further, so the loop ends.
    for round in 0..5 {
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (index, name) in names.iter().enumerate() {
            if let Some(name) = name {
                groups.entry(name.name.clone()).or_default().push(index);
            }
        }
        let mut changed = false;
        for (name, members) in &groups {
            let taken = reserved.contains(&name.as_str()) || members.iter().any(|m| fixed.contains_key(m));
            let movable: Vec<usize> = members.iter().copied().filter(|m| !fixed.contains_key(m)).collect();
            if movable.is_empty() || (members.len() == 1 && !taken) {
                continue;
            }
            let qualified = qualify(endpoints, &movable, name, round);
            for (&member, new) in movable.iter().zip(qualified) {
                if let Some(slot) = &mut names[member] {
                    slot.clashed.get_or_insert_with(|| name.clone());
                    slot.name = new;
                }
            }
            changed = true;
        }
        if !changed {
            break;
        }
    }
    // Whatever still clashes after every qualifier takes a number, in page order.
    let mut used: BTreeMap<String, usize> = reserved.iter().map(|r| ((*r).to_owned(), usize::MAX)).collect();
    for (index, name) in names.iter_mut().enumerate() {
        let Some(name) = name else { continue };
        let stem = name.name.clone();
        let mut n = 2;
        while used.contains_key(&name.name) {
            name.name = format!("{stem}_{n}");
            name.clashed.get_or_insert_with(|| stem.clone());
            n += 1;
        }
        used.insert(name.name.clone(), index);
    }
    // One warning per renamed method, naming another page whose method had the same name.
    for (member, name) in names.iter().enumerate() {
        let Some(MethodName { name, clashed: Some(base) }) = name else { continue };
        let endpoint = &endpoints[member];
        let other = (0..endpoints.len()).find(|&j| j != member && first_names[j].as_deref() == Some(base.as_str()));
        let why = match other {
            Some(_) => format!("another page's method would be `{base}` too"),
            None => format!("the client has a method `{base}` of its own"),
        };
        let message = format!(
            "{why}: this page's method is `{name}` (to choose another, key `[methods]` of `doc2rust.toml` by `{} {}` \
             or `{}`)",
            endpoint.method, endpoint.path, endpoint.page
        );
        let mut warning = Diagnostic::warning(endpoint.span.clone(), message);
        if let Some(other) = other {
            let other_name = names[other].as_ref().map(|n| n.name.as_str()).unwrap_or_default();
            let note = format!("the other page, whose method is `{other_name}`");
            warning = warning.with_related(endpoints[other].span.clone(), note);
        }
        warnings.push(warning);
    }
    (names, warnings)
}

/// New names for endpoints that share `name`, from what tells them apart. Round 0 uses the
/// path segments only some of them have, round 1 the version, round 2 the title's words,
/// round 3 the page file; later rounds leave the names for the numbering.
fn qualify(endpoints: &[Endpoint], members: &[usize], name: &str, round: usize) -> Vec<String> {
    let words_of = |index: usize| -> Vec<String> {
        match round {
            0 => {
                let (segments, _) = segments(&endpoints[index].path_template);
                segments
                    .iter()
                    .rev()
                    .filter_map(|s| match s {
                        Segment::Literal(word) => Some(singular(word)),
                        _ => None,
                    })
                    .collect()
            }
            1 => {
                let (segments, _) = segments(&endpoints[index].path_template);
                segments
                    .iter()
                    .filter_map(|s| match s {
                        Segment::Version(v) => Some(field_name(v)),
                        _ => None,
                    })
                    .collect()
            }
            2 => title_words(&endpoints[index].title),
            3 => vec![field_name(endpoints[index].page.rsplit('/').next().unwrap_or_default().trim_end_matches(".md"))],
            _ => Vec::new(),
        }
    };
    let all: Vec<Vec<String>> = members.iter().map(|&m| words_of(m)).collect();
    let name_words: Vec<&str> = name.split('_').collect();
    all.iter()
        .map(|words| {
            // The first word (nearest the resource for paths) that not every member has and the
            // name does not already say.
            // A name alone (clashing with the client's own method) takes its first new word.
            let distinct = words.iter().find(|w| {
                !w.is_empty()
                    && !name_words.contains(&w.as_str())
                    && (all.len() == 1 || !all.iter().all(|other| other.contains(w)))
            });
            match (distinct, round) {
                // A parent resource reads before the noun: `list_class_slots`.
                (Some(word), 0) => {
                    let mut parts: Vec<&str> = name.splitn(2, '_').collect();
                    parts.insert(1, word);
                    join(&parts)
                }
                (Some(word), _) => join(&[name, word]),
                (None, _) => name.to_owned(),
            }
        })
        .collect()
}

/// A title's meaningful words, lower_snake: "Get a callout (TTS)" -> `get`, `callout`, `tts`.
fn title_words(title: &str) -> Vec<String> {
    const STOP: &[&str] = &["a", "an", "the", "of", "for", "to", "by", "in", "on", "and", "or", "with", "from", "new"];
    field_name(title).split('_').filter(|w| !w.is_empty() && !STOP.contains(w)).map(str::to_owned).collect()
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

    fn name(method: HttpMethod, path: &str, lists_items: bool, title: &str) -> String {
        operation_name(&Operation { method, path: &template(path), title, lists_items, pages_items: lists_items })
    }

    #[test]
    fn sinch_conversation_names() {
        use HttpMethod::*;
        let cases = [
            (Post, "/v1/projects/{project_id}/conversations", false, "create_conversation"),
            (Get, "/v1/projects/{project_id}/conversations", true, "list_conversations"),
            (Get, "/v1/projects/{project_id}/conversations/{conversation_id}", true, "get_conversation"),
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
                true,
                "get_consent_identity",
            ),
            // `{list_type}` selects a list, it does not identify a consent.
            (Get, "/v1/projects/{project_id}/apps/{app_id}/consents/{list_type}", true, "list_consents"),
            (Get, "/faxes", true, "list_faxes"),
        ];
        for (method, path, lists, expected) in cases {
            assert_eq!(name(method, path, lists, ""), expected, "{path}");
        }
    }

    #[test]
    fn other_apis_names() {
        use HttpMethod::*;
        let cases = [
            // cPanel WHM: one segment naming a function is the method's name; a resource is not.
            (Post, "/php_fpm_config_get", false, "", "php_fpm_config_get"),
            (Get, "/getdiskusage", false, "", "getdiskusage"),
            (Get, "/killpkg", false, "", "killpkg"),
            (Get, "/settings", false, "", "get_settings"),
            (Get, "/addresses", true, "", "list_addresses"),
            (Get, "/systemloadavg", false, "", "get_systemloadavg"),
            // The API's name before the version is not the resource, and is not said twice.
            (Post, "/verification/v1/verifications", false, "Start a verification", "create_verification"),
            (Get, "/verification/v1/verifications/id/{id}", false, "Get verification by ID", "get_verification_by_id"),
            (
                Get,
                "/verification/v1/verifications/{method}/number/{number}",
                false,
                "Get verification status by identity",
                "get_verification_by_number",
            ),
            (
                Put,
                "/verification/v1/verifications/id/{id}",
                false,
                "Report a verification code by ID",
                "report_verification_by_id",
            ),
            (Delete, "/calling/v1/conferences/id/{conferenceId}", false, "", "delete_conference_by_id"),
            (Delete, "/conferences/{id}/{callId}", false, "", "delete_conference_call"),
            (Get, "/classes/booking", true, "", "list_class_bookings"),
            (Get, "/classes/booking/{bookingId}", false, "", "get_class_booking"),
            (Post, "/backup-recovery/v1beta1/data-orchestrators", false, "", "create_data_orchestrator"),
            (Post, "/v1/attachments/{attachment_id}", false, "Upload an attachment", "upload_attachment"),
            (Post, "/v1/things/{id}", false, "Thing by id", "post_thing"),
            (Get, "/search:search", false, "", "search"),
            // Real vendor paths (tests/fixtures/vendors: HPE GreenLake, Magicline).
            (Get, "/compute-ops-mgmt/v1beta1/accounts/{id}", false, "Get account details", "get_account"),
            (Post, "/compute-ops-mgmt/v1/async-operations/{id}/cancel", false, "", "cancel_async_operation"),
            (Get, "/compute-ops-mgmt/v1beta1/ahs-files/{id}/download", false, "", "download_ah_file"),
            (Delete, "/audit-log/v2beta1/configs", false, "", "delete_configs"),
            (Get, "/compute-ops-mgmt/v1beta1/filters/properties", false, "", "get_filter_properties"),
            (Get, "/compute-ops-mgmt/v1beta1/energy-by-entity", true, "", "list_energy_by_entity"),
            (Post, "/locations/v1/locations", false, "", "create_location"),
            (Patch, "/locations/v1/locations/update/{id}", false, "", "update_location"),
            (Post, "/v1/customers/create", false, "Create customer", "create_customer"),
            (Put, "/v1/devices/{deviceId}/activate", false, "Activate device", "activate_device"),
            (Put, "/v1/customers/{customerId}/access-medium", false, "Add a new access medium", "add_access_medium"),
            (Get, "/v1/customers/by", true, "Get customer by", "list_customers_by"),
            (Get, "/v1/appointments/bookable", true, "", "list_bookable_appointments"),
            (
                Get,
                "/v1/customers/{customerId}/account/transactions/upcoming",
                true,
                "",
                "list_upcoming_account_transactions",
            ),
            (Get, "/v1/devices", true, "Get devices", "list_devices"),
            // cPanel's RPC-style paths, Altegio, InvoiceXpress.
            (Get, "/get_maximum_users", false, "", "get_maximum_users"),
            (Get, "/clients/{location_id}", true, "Get a list of clients", "list_clients"),
            (Get, "/invoices/{id}.json", false, "", "get_invoice"),
            (Get, "/invoices.json", true, "", "list_invoices"),
            (
                Post,
                "/v1/memberships/{customerId}/self-service/withdraw-ordinary-contract-cancelation/{contractId}",
                false,
                "withdraw cancelation of contract",
                "withdraw_ordinary_contract_cancelation",
            ),
        ];
        for (method, path, lists, title, expected) in cases {
            assert_eq!(name(method, path, lists, title), expected, "{path}");
        }
    }

    #[test]
    fn versions() {
        for text in ["v1", "V2", "v1.2", "v2beta1", "v1alpha", "v10"] {
            assert!(is_version(text), "{text}");
        }
        for text in ["v", "video", "vb1", "version", "v1x"] {
            assert!(!is_version(text), "{text}");
        }
    }
}

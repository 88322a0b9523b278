//! How a one-of is decoded: per alternative, the keys, required keys and tag values the
//! runtime's table holds (`runtime/one_of.rs` applies them), and which alternatives nothing
//! on the page tells apart, for `doc2rust model --report`.

use super::types::{FieldDef, Ty, TypeKind, TypeSpace, UnionDef};

/// The decoding table of one one-of, parallel to its variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub alternatives: Vec<Rule>,
}

/// What tells one alternative apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Wire names of its fields, in page order.
    pub keys: Vec<String>,
    pub required: Vec<String>,
    /// Fields whose values mark it: the page's discriminator, or a field whose documented
    /// values no other alternative shares.
    pub tags: Vec<(String, Vec<String>)>,
}

/// The string values a field is documented to take, when it is an enum of strings.
fn enum_values(space: &TypeSpace, field: &FieldDef) -> Option<Vec<String>> {
    let mut ty = &field.ty;
    while let Ty::Nullable(inner) = ty {
        ty = inner;
    }
    let Ty::Named(id) = ty else { return None };
    let TypeKind::Enum(def) = &space.get(*id).kind else { return None };
    def.values.iter().map(|v| v.value.as_str().map(str::to_owned)).collect()
}

/// The decoding table of a one-of.
pub fn rules(space: &TypeSpace, def: &UnionDef) -> Rules {
    let fields: Vec<Vec<&FieldDef>> = def.variants.iter().map(|v| v.fields.iter().collect()).collect();
    rules_of(space, &fields, def.discriminator.as_deref())
}

/// The decoding table of alternatives given by their fields (`discriminator`: the field the
/// page names as telling them apart, if any).
fn rules_of(space: &TypeSpace, alternatives: &[Vec<&FieldDef>], discriminator: Option<&str>) -> Rules {
    // Per alternative, its enum fields and their values.
    let enums: Vec<Vec<(&str, Vec<String>)>> = alternatives
        .iter()
        .map(|fields| fields.iter().filter_map(|f| Some((f.wire.as_str(), enum_values(space, f)?))).collect())
        .collect();
    let alternatives = alternatives
        .iter()
        .enumerate()
        .map(|(index, fields)| {
            let tags = enums[index]
                .iter()
                .filter(|(field, values)| {
                    // The discriminator always tags; another field only where some other
                    // alternative documents values for it and none of them are these.
                    discriminator == Some(*field)
                        || enums.iter().enumerate().any(|(other, fields)| {
                            other != index
                                && fields.iter().any(|(name, theirs)| {
                                    name == field && !theirs.iter().any(|value| values.contains(value))
                                })
                        })
                })
                .map(|(field, values)| ((*field).to_owned(), values.clone()))
                .collect();
            Rule {
                keys: fields.iter().map(|f| f.wire.clone()).collect(),
                required: fields.iter().filter(|f| f.required).map(|f| f.wire.clone()).collect(),
                tags,
            }
        })
        .collect();
    Rules { alternatives }
}

/// The decoding table of an API's webhook events (`runtime/one_of.rs`, `decode_event`):
/// per event, its top-level fields, tags as for a one-of, and its markers, the keys no other
/// event has (Sinch's `message_delivery_report`). `events` are the payload types in page
/// order; a payload that is not an object has no keys.
pub fn event_rules(space: &TypeSpace, events: &[Ty]) -> EventRules {
    let fields: Vec<Vec<&FieldDef>> = events.iter().map(|ty| payload_fields(space, ty)).collect();
    let rules = rules_of(space, &fields, None);
    let markers = rules
        .alternatives
        .iter()
        .enumerate()
        .map(|(index, rule)| {
            if !rule.tags.is_empty() {
                return Vec::new();
            }
            let unshared = |key: &&String| {
                rules.alternatives.iter().enumerate().all(|(other, them)| other == index || !them.keys.contains(key))
            };
            rule.keys.iter().filter(unshared).cloned().collect()
        })
        .collect();
    EventRules { rules, markers }
}

/// The events' table: the one-of rules of their payloads and, per event, its markers (none
/// for an event a tag tells apart: the tag decides).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRules {
    pub rules: Rules,
    pub markers: Vec<Vec<String>>,
}

/// The top-level fields of a payload: a struct's own fields, and those of the one-of it
/// flattens (optional there, as each belongs to one alternative only).
fn payload_fields<'a>(space: &'a TypeSpace, ty: &Ty) -> Vec<&'a FieldDef> {
    let Ty::Named(id) = ty else { return Vec::new() };
    let TypeKind::Struct(def) = &space.get(*id).kind else { return Vec::new() };
    let mut fields: Vec<&FieldDef> = def.fields.iter().collect();
    if let Some(Ty::Named(flattened)) = &def.flatten {
        if let TypeKind::Union(union) = &space.get(*flattened).kind {
            for field in union.variants.iter().flat_map(|v| &v.fields) {
                if !fields.iter().any(|f| f.wire == field.wire) {
                    fields.push(field);
                }
            }
        }
    }
    fields
}

impl EventRules {
    /// What identifies event `index`: its tags, else its markers; `None` when nothing does
    /// and it is chosen as a one-of alternative would be.
    fn identified(&self, index: usize) -> bool {
        !self.rules.alternatives[index].tags.is_empty() || !self.markers[index].is_empty()
    }

    /// Pairs of events nothing on the pages tells apart.
    pub fn guesses(&self) -> Vec<(usize, usize)> {
        let count = self.markers.len();
        (0..count)
            .flat_map(|a| (a + 1..count).map(move |b| (a, b)))
            .filter(|&(a, b)| {
                // An event with a tag or a marker is never taken without it; so two such events
                // are told apart unless they share a tag value.
                let tagged_alike = |x: usize, y: usize| {
                    self.rules.alternatives[x].tags.iter().any(|(field, values)| {
                        self.rules.alternatives[y]
                            .tags
                            .iter()
                            .any(|(other, theirs)| other == field && theirs.iter().any(|v| values.contains(v)))
                    })
                };
                let apart =
                    (self.identified(a) && self.identified(b) && !tagged_alike(a, b)) || self.rules.separated(a, b);
                !apart
            })
            .collect()
    }
}

/// One line for `doc2rust model --report`: how the events enum `name` tells its `events`
/// (variant names, in order) apart, and the guesses it makes.
pub fn describe_events(space: &TypeSpace, name: &str, variants: &[String], payloads: &[Ty]) -> String {
    let table = event_rules(space, payloads);
    let tagged = (0..variants.len()).filter(|&i| !table.rules.alternatives[i].tags.is_empty()).count();
    let marked = (0..variants.len()).filter(|&i| !table.markers[i].is_empty()).count();
    let mut line = format!(
        "events enum `{name}` ({} events) is decoded by a field's value for {tagged}, a key no other event has for {marked}, the keys present for the rest",
        variants.len()
    );
    let guesses = table.guesses();
    if guesses.is_empty() {
        line.push_str("; every pair of events is told apart");
    } else {
        let pairs: Vec<String> = guesses.iter().map(|&(a, b)| format!("`{}`/`{}`", variants[a], variants[b])).collect();
        line.push_str(&format!(
            "; GUESS: nothing on the pages tells apart {} (a body that fits several goes to the first that decodes and encodes back unchanged)",
            pairs.join(", ")
        ));
    }
    line
}

impl Rules {
    /// Whether an object of alternative `a` can never be taken for `b` nor the reverse: a
    /// tag field both require with values they do not share, or a required key one has that
    /// the other has no field for.
    pub fn separated(&self, a: usize, b: usize) -> bool {
        let (x, y) = (&self.alternatives[a], &self.alternatives[b]);
        let tagged = x.tags.iter().any(|(field, values)| {
            x.required.contains(field)
                && y.required.contains(field)
                && y.tags.iter().any(|(other, theirs)| other == field && !theirs.iter().any(|v| values.contains(v)))
        });
        let exclusive = |p: &Rule, q: &Rule| p.required.iter().any(|key| !q.keys.contains(key));
        tagged || exclusive(x, y) || exclusive(y, x)
    }

    /// Pairs of alternatives nothing on the page tells apart: an object with only the keys
    /// they share goes to the first, a guess (it loses nothing, as it accounts for every key).
    pub fn guesses(&self) -> Vec<(usize, usize)> {
        let count = self.alternatives.len();
        (0..count).flat_map(|a| (a + 1..count).map(move |b| (a, b))).filter(|&(a, b)| !self.separated(a, b)).collect()
    }
}

/// One line for `doc2rust model --report`: how the one-of `name` chooses its alternative,
/// and the guesses it makes.
pub fn describe(space: &TypeSpace, name: &str, def: &UnionDef) -> String {
    let rules = rules(space, def);
    let mut how = Vec::new();
    if let Some(field) = &def.discriminator {
        how.push(format!("the discriminator `{field}`"));
    }
    let mut tag_fields: Vec<&str> = rules
        .alternatives
        .iter()
        .flat_map(|r| r.tags.iter().map(|(f, _)| f.as_str()))
        .filter(|f| def.discriminator.as_deref() != Some(*f))
        .collect();
    tag_fields.sort_unstable();
    tag_fields.dedup();
    if !tag_fields.is_empty() {
        let fields: Vec<String> = tag_fields.iter().map(|f| format!("`{f}`")).collect();
        how.push(format!("the values of {}", fields.join(", ")));
    }
    if rules.alternatives.iter().any(|r| !r.required.is_empty()) {
        how.push("required keys".to_owned());
    }
    how.push("the keys present".to_owned());
    let mut line = format!("one-of `{name}` ({} alternatives) is decoded by {}", def.variants.len(), how.join(", "));
    let guesses = rules.guesses();
    let shares = |&&(a, b): &&(usize, usize)| {
        rules.alternatives[a].keys.iter().any(|key| rules.alternatives[b].keys.contains(key))
    };
    let sharing: Vec<String> = guesses
        .iter()
        .filter(shares)
        .map(|&(a, b)| format!("`{}`/`{}`", def.variants[a].rust, def.variants[b].rust))
        .collect();
    if guesses.is_empty() {
        line.push_str("; every pair of alternatives is told apart");
    } else if sharing.is_empty() {
        line.push_str("; only an empty object is a guess (it goes to the first alternative)");
    } else {
        line.push_str(&format!(
            "; GUESS: nothing on the page tells apart {} (an object with only keys they share is tried as each in order: the first that decodes and encodes back unchanged wins)",
            sharing.join(", ")
        ));
    }
    line
}

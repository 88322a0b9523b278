//! One-of decoding that loses nothing: each shape of one-of (a discriminator, a fixed value,
//! a required key, all-optional alternatives told apart by their keys, nothing that fits)
//! decodes into the right alternative, or `Unknown`, and encodes back to the same JSON.
//! The SDKs are those of `fixtures/variants/one-of-decoding` and of the real Altegio pages
//! in `fixtures/variants/vendor-altegio`, built by `build.rs` as modules.

#[allow(dead_code, unused_imports, reason = "only the types are used")]
mod one_of_decoding {
    include!(concat!(env!("OUT_DIR"), "/one_of_decoding.rs"));
}

#[allow(dead_code, unused_imports, reason = "only the types are used")]
mod vendor_altegio {
    include!(concat!(env!("OUT_DIR"), "/vendor_altegio.rs"));
}

use one_of_decoding::types::{Credentials, Figure, Pet, Recipient, Shape};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Decodes `value` into `T`, checks it encodes back unchanged, and returns it.
fn round_trip<T: DeserializeOwned + Serialize>(value: Value) -> T {
    let decoded: T = serde_json::from_value(value.clone()).unwrap_or_else(|error| panic!("{value}: {error}"));
    let back = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(back, value, "the round trip changed the value");
    decoded
}

#[test]
fn the_discriminator_picks_the_alternative() {
    // Both alternatives have the same keys: only `kind` tells them apart.
    assert!(matches!(round_trip::<Pet>(json!({"kind": "dog", "name": "Rex"})), Pet::Dog { .. }));
    assert!(matches!(round_trip::<Pet>(json!({"kind": "cat"})), Pet::Cat { .. }));
    // A value no alternative has: kept as received.
    assert!(matches!(round_trip::<Pet>(json!({"kind": "fox", "name": "Vix"})), Pet::Unknown(_)));
}

#[test]
fn a_fixed_value_picks_the_alternative_without_a_discriminator() {
    assert!(matches!(round_trip::<Figure>(json!({"type": "square", "size": 2.5})), Figure::Square { .. }));
    assert!(matches!(round_trip::<Figure>(json!({"type": "circle", "size": 1.5})), Figure::Circle { .. }));
    // Without the value: a guess, which loses nothing.
    assert!(matches!(round_trip::<Figure>(json!({"size": 1.5})), Figure::Circle { .. }));
}

#[test]
fn a_required_key_picks_the_alternative() {
    assert!(matches!(round_trip::<Recipient>(json!({"phone": "+15550100", "note": "n"})), Recipient::Phone { .. }));
    assert!(matches!(round_trip::<Recipient>(json!({"contact_id": "c1"})), Recipient::Contact { .. }));
    // Neither alternative's required key: nothing fits.
    assert!(matches!(round_trip::<Recipient>(json!({"note": "n"})), Recipient::Unknown(_)));
}

#[test]
fn all_optional_alternatives_are_told_apart_by_the_keys_present() {
    // The case of issue 13: a Thailand credential used to decode as the Japan one and lose
    // its token.
    let thailand = round_trip::<Credentials>(json!({"line_thailand": {"token": "t"}, "is_default": true}));
    assert!(matches!(thailand, Credentials::Thailand { .. }), "{thailand:?}");
    let japan = round_trip::<Credentials>(json!({"line_japan": {"token": "t"}}));
    assert!(matches!(japan, Credentials::Japan { .. }), "{japan:?}");
}

#[test]
fn what_no_alternative_accounts_for_is_kept_raw() {
    let surprise = json!({"line_japan": {"token": "t"}, "line_thailand": {"token": "u"}});
    assert_eq!(round_trip::<Credentials>(surprise.clone()), Credentials::Unknown(surprise));
    assert_eq!(round_trip::<Credentials>(json!("text")), Credentials::Unknown(json!("text")));
    let extra = json!({"kind": "dog", "name": "Rex", "tricks": ["sit"]});
    assert_eq!(round_trip::<Pet>(extra.clone()), Pet::Unknown(extra));
}

#[test]
fn a_whole_response_round_trips() {
    let body = json!({
        "pet": {"kind": "cat", "name": "Tom"},
        "figure": {"type": "square", "size": 3.5},
        "recipient": {"phone": "+15550100"},
        "credentials": {"line_thailand": {"token": "t"}}
    });
    let response = round_trip::<Shape>(body);
    assert!(matches!(response.credentials, Some(Credentials::Thailand { .. })));
}

#[test]
fn real_pages_json_api_included_resources() {
    // Altegio's `included`: two alternatives with the same top-level keys (`type`, `id`,
    // `attributes`, all required) and different attributes; the one whose attributes decode
    // and encode back unchanged is taken.
    use vendor_altegio::types::ListTeamMembersIncluded as Included;
    let position = json!({"type": "position", "id": "7", "attributes": {"title": "Barber"}});
    assert!(matches!(round_trip::<Included>(position), Included::PositionResource { .. }));
    let profile = json!({"type": "employment_profile", "id": "9", "attributes": {
        "phone": "+15550100", "name": "Ada", "firstname": "Ada", "surname": "Lovelace", "patronymic": "",
        "date_admission": null, "date_registration_end": "2024-01-01 00:00:00", "citizenship": "UK",
        "gender": 2, "passport_data": "", "personal_tax_reference_number": "", "number_insurance_certificates": ""
    }});
    assert!(matches!(round_trip::<Included>(profile), Included::EmploymentProfileResource { .. }));
}

//! Webhook signature verification of the generated `sinch-conversation` crate (its `webhooks`
//! feature, on by default because `specs/doc2rust.toml` sets `[webhooks] signature = "sinch"`).
//!
//! Vectors and where they come from:
//! - Sinch: the test of Sinch's public .NET SDK (sinch/sinch-sdk-dotnet, `WebhooksTests` /
//!   `SinchEventsTests`): secret `foo_secret1234`, the body, nonce and timestamp below give
//!   `6bpJoRmFoXVjfJIVglMoJzYXxnoxRujzR4k2GOXewOE=`. The HMAC-SHA512 signature of the same
//!   request was computed with python3's `hmac` module (`hmac.new(secret, body + "." + nonce
//!   + "." + timestamp, hashlib.sha512)`, base64).
//! - GitHub: the test values of GitHub's documentation ("Validating webhook deliveries"):
//!   secret `It's a Secret to Everybody`, body `Hello, World!`, recomputed with python3's
//!   `hmac` module.
//! - Stripe: computed with python3's `hmac` module:
//!   `hmac.new(b"whsec_test_secret", b"1700000000." + body, hashlib.sha256).hexdigest()`, and
//!   the same with `whsec_old_secret` for a second `v1` (a secret being rolled).

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderMap, HeaderValue};
use sinch_conversation::{
    HmacAlgorithm, SignatureEncoding, SignatureScheme, TimestampUnit, WebhookError, WebhookVerifier,
};

const SECRET: &str = "foo_secret1234";
const NONCE: &str = "01FJA8B4A7BM43YGWSG9GBV067";
const TIMESTAMP: u64 = 1634579353;
const BODY: &str = r#"{"app_id":"","accepted_time":"2021-10-18T17:49:13.813615Z","project_id":"e2df3a34-a71b-4448-9db5-a8d2baad28e4","contact_create_notification":{"contact":{"id":"01FJA8B466Y0R2GNXD78MD9SM1","channel_identities":[{"channel":"SMS","identity":"48123456789","app_id":""}],"display_name":"New Test Contact","email":"new.contact@email.com","external_id":"","metadata":"","language":"EN_US"}},"message_metadata":""}"#;
const SIGNATURE: &str = "6bpJoRmFoXVjfJIVglMoJzYXxnoxRujzR4k2GOXewOE=";
const SIGNATURE_SHA512: &str =
    "v7+JpNu+ZcP/JV5+5IONT9LrqAW1RbU4Yw+bnl67YyPtt4Eiuqc37yqOxsDCUczMRA1P4wmGMmXPhmHV5JMNjA==";

const SIGNATURE_HEADER: &str = "x-sinch-webhook-signature";
const NONCE_HEADER: &str = "x-sinch-webhook-signature-nonce";
const TIMESTAMP_HEADER: &str = "x-sinch-webhook-signature-timestamp";
const ALGORITHM_HEADER: &str = "x-sinch-webhook-signature-algorithm";

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

/// The generated crate's own verifier, its clock at `now` (Unix seconds).
fn sinch(now: u64) -> WebhookVerifier {
    WebhookVerifier::new(SECRET).clock(move || at(now))
}

/// The headers of the .NET SDK's test request.
fn sinch_headers() -> HeaderMap {
    headers(&[
        (SIGNATURE_HEADER, SIGNATURE),
        (NONCE_HEADER, NONCE),
        (TIMESTAMP_HEADER, &TIMESTAMP.to_string()),
        (ALGORITHM_HEADER, "HmacSHA256"),
    ])
}

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(
            reqwest::header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    map
}

#[test]
fn sinch_sdk_vector_verifies() {
    let verified = sinch(TIMESTAMP).verify(&sinch_headers(), BODY.as_bytes()).expect("the .NET SDK's vector verifies");
    assert_eq!(verified.timestamp, Some(at(TIMESTAMP)));
    assert_eq!(verified.nonce.as_deref(), Some(NONCE));
    assert_eq!(verified.algorithm, HmacAlgorithm::Sha256);
    // The crate's verifier is Sinch's preset.
    assert_eq!(WebhookVerifier::new(SECRET).scheme(), &SignatureScheme::sinch());
}

#[test]
fn the_algorithm_header_is_optional_and_names_the_hash() {
    // Sinch's older .NET test sends no algorithm header.
    let mut without = sinch_headers();
    without.remove(ALGORITHM_HEADER);
    assert!(sinch(TIMESTAMP).verify(&without, BODY.as_bytes()).is_ok());

    // What the .NET SDK accepts besides HmacSHA256, in any letter case.
    let mut sha512 = sinch_headers();
    sha512.insert(SIGNATURE_HEADER, HeaderValue::from_static(SIGNATURE_SHA512));
    sha512.insert(ALGORITHM_HEADER, HeaderValue::from_static("hmacsha512"));
    let verified = sinch(TIMESTAMP).verify(&sha512, BODY.as_bytes()).expect("HMAC-SHA512 signature");
    assert_eq!(verified.algorithm, HmacAlgorithm::Sha512);
    // The SHA-256 signature does not pass for SHA-512, nor the other way round.
    let mut mixed = sinch_headers();
    mixed.insert(ALGORITHM_HEADER, HeaderValue::from_static("HmacSHA512"));
    assert_eq!(sinch(TIMESTAMP).verify(&mixed, BODY.as_bytes()), Err(WebhookError::Mismatch));
    sha512.remove(ALGORITHM_HEADER);
    assert_eq!(sinch(TIMESTAMP).verify(&sha512, BODY.as_bytes()), Err(WebhookError::Mismatch));

    // No downgrade to a weaker hash, whatever the sender says.
    for weak in ["HmacSHA1", "HmacMD5", "none"] {
        let mut request = sinch_headers();
        request.insert(ALGORITHM_HEADER, HeaderValue::from_static(weak));
        assert_eq!(
            sinch(TIMESTAMP).verify(&request, BODY.as_bytes()),
            Err(WebhookError::UnsupportedAlgorithm(weak.to_owned()))
        );
    }
}

#[test]
fn a_changed_body_or_header_or_the_wrong_secret_is_a_mismatch() {
    let tampered = BODY.replace("New Test Contact", "New Test Contacu");
    assert_eq!(sinch(TIMESTAMP).verify(&sinch_headers(), tampered.as_bytes()), Err(WebhookError::Mismatch));
    // A body with one byte more (a trailing newline added by a proxy) is another body.
    assert_eq!(sinch(TIMESTAMP).verify(&sinch_headers(), format!("{BODY}\n").as_bytes()), Err(WebhookError::Mismatch));

    let mut nonce = sinch_headers();
    nonce.insert(NONCE_HEADER, HeaderValue::from_static("01FJA8B4A7BM43YGWSG9GBV068"));
    assert_eq!(sinch(TIMESTAMP).verify(&nonce, BODY.as_bytes()), Err(WebhookError::Mismatch));
    // A replay with a fresh timestamp does not carry the signature along.
    let mut timestamp = sinch_headers();
    timestamp.insert(TIMESTAMP_HEADER, HeaderValue::from_static("1634579354"));
    assert_eq!(sinch(TIMESTAMP).verify(&timestamp, BODY.as_bytes()), Err(WebhookError::Mismatch));

    let wrong = WebhookVerifier::new("foo_secret1235").clock(|| at(TIMESTAMP));
    assert_eq!(wrong.verify(&sinch_headers(), BODY.as_bytes()), Err(WebhookError::Mismatch));
}

#[test]
fn missing_or_empty_headers_are_named() {
    for name in [SIGNATURE_HEADER, NONCE_HEADER, TIMESTAMP_HEADER] {
        let mut missing = sinch_headers();
        missing.remove(name);
        assert_eq!(
            sinch(TIMESTAMP).verify(&missing, BODY.as_bytes()),
            Err(WebhookError::MissingHeader(name.to_owned())),
            "without {name}"
        );
        let mut empty = sinch_headers();
        empty.insert(name, HeaderValue::from_static(" "));
        assert_eq!(
            sinch(TIMESTAMP).verify(&empty, BODY.as_bytes()),
            Err(WebhookError::MissingHeader(name.to_owned())),
            "with an empty {name}"
        );
    }
    assert_eq!(
        sinch(TIMESTAMP).verify(&HeaderMap::new(), BODY.as_bytes()),
        Err(WebhookError::MissingHeader(SIGNATURE_HEADER.to_owned()))
    );
}

#[test]
fn malformed_headers_and_bad_encodings_are_told_apart() {
    let with = |name: &'static str, value: HeaderValue| {
        let mut request = sinch_headers();
        request.insert(name, value);
        sinch(TIMESTAMP).verify(&request, BODY.as_bytes())
    };
    for timestamp in ["1634579353.0", "-1634579353", "16345793530000000000000", "soon"] {
        assert_eq!(
            with(TIMESTAMP_HEADER, HeaderValue::from_static(timestamp)),
            Err(WebhookError::MalformedHeader(TIMESTAMP_HEADER.to_owned())),
            "{timestamp}"
        );
    }
    // Not visible ASCII: `HeaderValue` holds it, `to_str` refuses it.
    assert_eq!(
        with(NONCE_HEADER, HeaderValue::from_bytes(b"caf\xe9").unwrap()),
        Err(WebhookError::MalformedHeader(NONCE_HEADER.to_owned()))
    );
    for signature in
        ["not base64!", "6bpJoRmFoXVjfJIVglMoJzYXxnoxRujzR4k2GOXewOE", "6bpJoRmFoXVjfJIVglMoJzYXxnoxRujzR4k2GOXewOE=="]
    {
        assert_eq!(
            with(SIGNATURE_HEADER, HeaderValue::from_static(signature)),
            Err(WebhookError::BadEncoding(SIGNATURE_HEADER.to_owned())),
            "{signature}"
        );
    }
    // Valid base64 of another length: a wrong signature, compared without panicking.
    assert_eq!(with(SIGNATURE_HEADER, HeaderValue::from_static("AAAA")), Err(WebhookError::Mismatch));
}

#[test]
fn timestamps_outside_the_tolerance_are_refused_either_way() {
    let verify = |verifier: WebhookVerifier| verifier.verify(&sinch_headers(), BODY.as_bytes());
    // Five minutes by default, both edges included.
    assert!(verify(sinch(TIMESTAMP + 300)).is_ok());
    assert!(verify(sinch(TIMESTAMP - 300)).is_ok());
    let five_minutes = Duration::from_secs(300);
    assert_eq!(
        verify(sinch(TIMESTAMP + 301)),
        Err(WebhookError::StaleTimestamp { age: Duration::from_secs(301), tolerance: five_minutes })
    );
    assert_eq!(
        verify(sinch(TIMESTAMP - 301)),
        Err(WebhookError::FutureTimestamp { ahead: Duration::from_secs(301), tolerance: five_minutes })
    );
    // The real clock: the vector is from 2021.
    assert!(matches!(
        WebhookVerifier::new(SECRET).verify(&sinch_headers(), BODY.as_bytes()),
        Err(WebhookError::StaleTimestamp { .. })
    ));
    // Another tolerance, or none.
    let minute = Some(Duration::from_secs(60));
    assert!(matches!(verify(sinch(TIMESTAMP + 61).tolerance(minute)), Err(WebhookError::StaleTimestamp { .. })));
    assert!(verify(sinch(TIMESTAMP + 59).tolerance(minute)).is_ok());
    assert!(verify(sinch(TIMESTAMP + 10 * 365 * 86_400).tolerance(None)).is_ok());
    // A stale request that is not authentic is a mismatch: "stale" means "authentic but old".
    let wrong = WebhookVerifier::new("other").clock(|| at(TIMESTAMP + 3600));
    assert_eq!(wrong.verify(&sinch_headers(), BODY.as_bytes()), Err(WebhookError::Mismatch));
}

#[test]
fn headers_can_come_from_any_framework() {
    let map: HashMap<String, String> = [
        ("X-Sinch-Webhook-Signature", SIGNATURE),
        ("X-Sinch-Webhook-Signature-Nonce", NONCE),
        ("X-Sinch-Webhook-Signature-Timestamp", "1634579353"),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_owned(), value.to_owned()))
    .collect();
    let lookup =
        |name: &str| map.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str());
    assert!(sinch(TIMESTAMP).verify_with(lookup, BODY.as_bytes()).is_ok());
    assert_eq!(sinch(TIMESTAMP).verify_with(lookup, b"{}"), Err(WebhookError::Mismatch));
}

#[test]
fn the_secret_never_shows() {
    let verifier = WebhookVerifier::new(SECRET);
    let debug = format!("{verifier:?}");
    assert!(!debug.contains(SECRET) && debug.contains("<redacted>"), "{debug}");
    let mut errors = Vec::new();
    for now in [TIMESTAMP, TIMESTAMP + 3600, TIMESTAMP - 3600] {
        errors.push(sinch(now).verify(&sinch_headers(), b"changed"));
        errors.push(sinch(now).verify(&sinch_headers(), BODY.as_bytes()));
        errors.push(sinch(now).verify(&HeaderMap::new(), BODY.as_bytes()));
    }
    for error in errors.into_iter().filter_map(Result::err) {
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains(SECRET) && !text.contains(BODY), "{text}");
        }
    }
    // Nor can an empty secret (an unset environment variable) accept forged requests.
    let empty = WebhookVerifier::new("").clock(|| at(TIMESTAMP));
    assert!(matches!(empty.verify(&sinch_headers(), BODY.as_bytes()), Err(WebhookError::Misconfigured(_))));
}

#[test]
fn sign_reproduces_the_sinch_vector() {
    let signed = WebhookVerifier::new(SECRET).sign(BODY.as_bytes(), at(TIMESTAMP), NONCE).unwrap();
    assert_eq!(signed, sinch_headers());
}

#[test]
fn github_documentation_vector_verifies() {
    let github = WebhookVerifier::with_scheme("It's a Secret to Everybody", SignatureScheme::github());
    let signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    let request = headers(&[("X-Hub-Signature-256", signature)]);
    let verified = github.verify(&request, b"Hello, World!").expect("GitHub's documented vector");
    assert_eq!((verified.timestamp, verified.nonce), (None, None));
    // Hex in either case; the prefix is required; the body is checked.
    let upper = headers(&[("x-hub-signature-256", &signature.replace("757107ea", "757107EA"))]);
    assert!(github.verify(&upper, b"Hello, World!").is_ok());
    let bare = headers(&[("x-hub-signature-256", signature.trim_start_matches("sha256="))]);
    assert_eq!(
        github.verify(&bare, b"Hello, World!"),
        Err(WebhookError::MalformedHeader("x-hub-signature-256".to_owned()))
    );
    assert_eq!(github.verify(&request, b"Hello, World?"), Err(WebhookError::Mismatch));
    let odd = headers(&[("x-hub-signature-256", "sha256=75710")]);
    assert_eq!(github.verify(&odd, b"Hello, World!"), Err(WebhookError::BadEncoding("x-hub-signature-256".to_owned())));
}

#[test]
fn stripe_style_header_with_several_signatures_verifies() {
    const BODY: &[u8] = br#"{"id":"evt_1","object":"event","type":"payment_intent.succeeded"}"#;
    const RIGHT: &str = "67da5088c63e080c71bd2bb0cb5c03d85a8fc6a21ce3aaf484df809654745b92";
    const OLD: &str = "d68538c3431c25a11001054141750cd00f5ee519ed890f2d2816b9aa0f9c0586";
    let stripe =
        |now: u64| WebhookVerifier::with_scheme("whsec_test_secret", SignatureScheme::stripe()).clock(move || at(now));
    let request = |value: &str| headers(&[("Stripe-Signature", value)]);
    let both = request(&format!("t=1700000000,v1={OLD}, v1={RIGHT},v0=6ffbb59b2300aae63f27240669,scheme=x"));
    let verified = stripe(1_700_000_100).verify(&both, BODY).expect("one v1 matches");
    assert_eq!(verified.timestamp, Some(at(1_700_000_000)));
    // The old secret's signature alone does not pass with the new secret, nor a v0 one.
    assert_eq!(
        stripe(1_700_000_100).verify(&request(&format!("t=1700000000,v1={OLD}")), BODY),
        Err(WebhookError::Mismatch)
    );
    assert_eq!(
        stripe(1_700_000_100).verify(&request(&format!("t=1700000000,v0={RIGHT}")), BODY),
        Err(WebhookError::MalformedHeader("stripe-signature".to_owned()))
    );
    // The timestamp is signed, and checked.
    assert_eq!(
        stripe(1_700_000_100).verify(&request(&format!("t=1700000001,v1={RIGHT}")), BODY),
        Err(WebhookError::Mismatch)
    );
    assert_eq!(
        stripe(1_700_000_100).verify(&request(&format!("v1={RIGHT}")), BODY),
        Err(WebhookError::MissingHeader("stripe-signature: t=".to_owned()))
    );
    assert!(matches!(stripe(1_700_000_301).verify(&both, BODY), Err(WebhookError::StaleTimestamp { .. })));
}

#[test]
fn every_scheme_verifies_what_it_signs() {
    let custom = SignatureScheme::new("X-Acme-Signature")
        .signed_content("{nonce}:{timestamp}:{body}")
        .algorithm(HmacAlgorithm::Sha384)
        .encoding(SignatureEncoding::Hex)
        .prefix("v2=")
        .separator(' ')
        .timestamp_header("X-Acme-Timestamp")
        .timestamp_unit(TimestampUnit::Milliseconds)
        .nonce_header("X-Acme-Delivery")
        .algorithm_header("X-Acme-Algorithm");
    let schemes = [
        SignatureScheme::sinch(),
        SignatureScheme::github(),
        SignatureScheme::stripe(),
        SignatureScheme::slack(),
        custom,
    ];
    let now = at(1_700_000_000) + Duration::from_millis(250);
    for scheme in schemes {
        let verifier = WebhookVerifier::with_scheme("s3cret", scheme.clone()).clock(move || now);
        let signed = verifier.sign(b"{\"x\":1}", now, "n-1").unwrap();
        let verified = verifier.verify(&signed, b"{\"x\":1}").unwrap_or_else(|error| panic!("{scheme:?}: {error}"));
        assert_eq!(verifier.verify(&signed, b"{\"x\":2}"), Err(WebhookError::Mismatch), "{scheme:?}");
        if verified.timestamp.is_some() {
            let later = verifier.clone().clock(move || now + Duration::from_secs(301));
            assert!(
                matches!(later.verify(&signed, b"{\"x\":1}"), Err(WebhookError::StaleTimestamp { .. })),
                "{scheme:?}"
            );
        }
    }
    // Milliseconds are milliseconds: the custom scheme's timestamp keeps the 250 ms.
    let custom = WebhookVerifier::with_scheme(
        "s3cret",
        SignatureScheme::new("x-sig")
            .timestamp_header("x-ts")
            .signed_content("{timestamp}.{body}")
            .timestamp_unit(TimestampUnit::Milliseconds),
    )
    .clock(move || now);
    let signed = custom.sign(b"b", now, "").unwrap();
    assert_eq!(signed["x-ts"], "1700000000250");
    assert_eq!(custom.verify(&signed, b"b").unwrap().timestamp, Some(now));
}

#[test]
fn an_invalid_scheme_is_an_error_not_a_panic() {
    let headers = headers(&[("x-sig", "AAAA")]);
    for scheme in [
        SignatureScheme::new("x-sig").signed_content("{body}{secret}"),
        SignatureScheme::new("x-sig").signed_content("{body}.{nonce}"),
        SignatureScheme::new("x-sig").signed_content("{body"),
    ] {
        let verifier = WebhookVerifier::with_scheme("s", scheme.clone());
        assert!(matches!(verifier.verify(&headers, b"b"), Err(WebhookError::Misconfigured(_))), "{scheme:?}");
        assert!(
            matches!(verifier.sign(b"b", SystemTime::now(), "n"), Err(WebhookError::Misconfigured(_))),
            "{scheme:?}"
        );
    }
}

#[test]
fn the_sinch_vector_parses_as_a_contact_create_event() {
    use sinch_conversation::types::WebhookEvent;
    let event = WebhookEvent::parse(BODY.as_bytes()).expect("JSON");
    let WebhookEvent::ContactCreate(created) = &event else { panic!("{event:?}") };
    let contact = created.contact_create_notification.as_ref().and_then(|n| n.contact.as_ref()).expect("a contact");
    assert_eq!(contact.id.as_deref(), Some("01FJA8B466Y0R2GNXD78MD9SM1"));
    assert_eq!(event.variant_name(), "ContactCreate");
    // Encoding gives the body back (as JSON: the order of keys is serde_json's).
    let body: serde_json::Value = serde_json::from_str(BODY).unwrap();
    assert_eq!(serde_json::to_value(&event).unwrap(), body);
    // Verified and parsed in one step.
    let verified: WebhookEvent = sinch(TIMESTAMP).verify_event(&sinch_headers(), BODY.as_bytes()).expect("verifies");
    assert_eq!(verified, event);
    let tampered = BODY.replace("EN_US", "EN_GB");
    assert_eq!(
        sinch(TIMESTAMP).verify_event::<WebhookEvent>(&sinch_headers(), tampered.as_bytes()),
        Err(WebhookError::Mismatch)
    );
}

#[test]
fn every_sinch_event_is_told_apart_by_its_own_key() {
    use sinch_conversation::types::WebhookEvent;
    // One body per trigger: the common keys and the one key only that event has.
    let events = [
        ("capability_notification", "Capability"),
        ("channel_event_notification", "ChannelEvent"),
        ("contact_create_notification", "ContactCreate"),
        ("contact_delete_notification", "ContactDelete"),
        ("duplicated_contact_identities_notification", "ContactIdentitiesDuplication"),
        ("contact_merge_notification", "ContactMerge"),
        ("contact_update_notification", "ContactUpdate"),
        ("conversation_delete_notification", "ConversationDelete"),
        ("conversation_start_notification", "ConversationStart"),
        ("conversation_stop_notification", "ConversationStop"),
        ("event_delivery_report", "EventDelivery"),
        ("event", "EventInbound"),
        ("message_delivery_report", "MessageDelivery"),
        ("message", "MessageInbound"),
        ("message_redaction", "MessageInboundSmartConversationRedaction"),
        ("message_submit_notification", "MessageSubmit"),
        ("opt_in_notification", "OptIn"),
        ("opt_out_notification", "OptOut"),
        ("record_notification", "RecordNotification"),
        ("smart_conversation_notification", "SmartConversation"),
        ("unsupported_callback", "Unsupported"),
    ];
    for (key, variant) in events {
        let body = serde_json::json!({"app_id": "app", "project_id": "project", "accepted_time": "2024-01-01T00:00:00Z", key: {}});
        let event = WebhookEvent::parse(body.to_string().as_bytes()).expect("JSON");
        assert_eq!(event.variant_name(), variant, "{body}");
        assert_eq!(serde_json::to_value(&event).unwrap(), body, "{variant} changed the body");
        // A key Sinch may add later does not hide the event.
        let mut newer = body.clone();
        newer["added_later"] = serde_json::json!(true);
        assert_eq!(WebhookEvent::parse(newer.to_string().as_bytes()).unwrap().variant_name(), variant);
    }
    // No event's key: an unknown event, kept as received.
    let unknown = serde_json::json!({"app_id": "app", "project_id": "project", "new_notification": {"x": 1}});
    assert_eq!(WebhookEvent::parse(unknown.to_string().as_bytes()).unwrap(), WebhookEvent::Unknown(unknown));
    // Not JSON: the one error.
    assert!(WebhookEvent::parse(b"{\"app_id\"").is_err());
}

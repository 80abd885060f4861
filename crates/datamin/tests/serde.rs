//! `Redacted<T>` with the `serde` feature: serializing always writes
//! `"[redacted]"`, deserializing reads the inner value.
//!
//! The feature is enabled for these tests by the crate's self dev-dependency.

use datamin::Redacted;
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
struct SignupRequest {
    username: String,
    password: Redacted<String>,
    pin: Redacted<u32>,
}

#[test]
fn serialize_writes_redacted_whatever_the_inner_value() {
    assert_eq!(
        serde_json::to_string(&Redacted::new("ada@example.com")).unwrap(),
        r#""[redacted]""#
    );
    assert_eq!(
        serde_json::to_string(&Redacted::new(42)).unwrap(),
        r#""[redacted]""#
    );
    assert_eq!(
        serde_json::to_value(Redacted::new(vec![1, 2, 3])).unwrap(),
        serde_json::json!("[redacted]")
    );
}

#[test]
fn deserialize_reads_the_inner_value() {
    let password: Redacted<String> = serde_json::from_str(r#""hunter2""#).unwrap();
    assert_eq!(password.expose(), "hunter2");
    let pin: Redacted<u32> = serde_json::from_str("1234").unwrap();
    assert_eq!(pin.into_inner(), 1234);
}

#[test]
fn deserialize_reports_the_inner_type_errors() {
    assert!(serde_json::from_str::<Redacted<u32>>(r#""not a number""#).is_err());
}

#[test]
fn request_round_trip_keeps_values_in_memory_and_out_of_output() {
    let request: SignupRequest =
        serde_json::from_str(r#"{"username":"ada","password":"hunter2","pin":1234}"#).unwrap();
    assert_eq!(request.password.expose(), "hunter2");
    assert_eq!(*request.pin.expose(), 1234);

    let written = serde_json::to_string(&request).unwrap();
    assert_eq!(
        written,
        r#"{"username":"ada","password":"[redacted]","pin":"[redacted]"}"#
    );
    assert!(!format!("{request:?}").contains("hunter2"));

    // What was written reads back as a string, not as the original value.
    let reread: Redacted<String> = serde_json::from_str(r#""[redacted]""#).unwrap();
    assert_eq!(reread.expose(), "[redacted]");
    assert!(serde_json::from_str::<SignupRequest>(&written).is_err());
}

//! serde and serde_json: serializers.

use super::{CallEffect, CallRow, Serialized};

/// `serde_json::to_string(&x)` and friends (also imported bare).
pub(crate) const CALLS: &[CallRow] = &[
    CallRow {
        owner: Some("serde_json"),
        imported_from: Some("serde_json"),
        names: &["to_string", "to_string_pretty", "to_vec", "to_vec_pretty"],
        no_args: false,
        effect: CallEffect::Serialize(Serialized::Text),
    },
    CallRow {
        owner: Some("serde_json"),
        imported_from: Some("serde_json"),
        names: &["to_value"],
        no_args: false,
        effect: CallEffect::Serialize(Serialized::Value),
    },
];

//! Reports as JSON.

use serde_json::json;

/// A checkout total as a JSON object.
pub fn report(total: u64) -> String {
    json!({ "total": total }).to_string()
}

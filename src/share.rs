//! Shareable links: a scenario compressed (DEFLATE, `miniz_oxide`) and encoded as URL-safe
//! base64 in the page's fragment (`#s=…`). The fragment never leaves the browser: it is not
//! sent to any server.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::scenario::{parse, Scenario, ValidationError};

/// Longest link payload decoded, characters (a scenario with four metered curves packs to
/// well under 1 MB).
pub const MAX_LINK_CHARS: usize = 4_000_000;

/// Encodes a scenario for a URL fragment.
pub fn encode(s: &Scenario) -> String {
    let json = serde_json::to_string(s).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    URL_SAFE_NO_PAD.encode(packed)
}

/// Decodes a fragment payload back into a scenario (not yet validated).
pub fn decode(payload: &str) -> Result<Scenario, Vec<ValidationError>> {
    let err = |en: &str, it: &str| {
        vec![ValidationError {
            field: "(link)".into(),
            value: String::new(),
            message_en: en.into(),
            message_it: it.into(),
        }]
    };
    if payload.len() > MAX_LINK_CHARS {
        return Err(err(
            "the link is too long to be a scenario (over 4 MB)",
            "il link è troppo lungo per essere uno scenario (oltre 4 MB)",
        ));
    }
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim()).map_err(|_| {
        err(
            "the link is damaged (not base64)",
            "il link è danneggiato (non è base64)",
        )
    })?;
    let json =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, 8 << 20).map_err(|_| {
            err(
                "the link is damaged (cannot decompress)",
                "il link è danneggiato (impossibile decomprimere)",
            )
        })?;
    let text = String::from_utf8(json).map_err(|_| {
        err(
            "the link is damaged (not text)",
            "il link è danneggiato (non è testo)",
        )
    })?;
    parse(&text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::PRESETS;

    #[test]
    fn round_trip_every_preset_and_reject_garbage() {
        for (id, text) in PRESETS {
            let s = parse(text).unwrap();
            let enc = encode(&s);
            assert!(enc.len() < 3000, "{id}: {} chars", enc.len());
            assert_eq!(decode(&enc).unwrap(), s, "{id}");
        }
        assert!(decode("!!!").is_err());
        assert!(decode("AAAA").is_err());
    }
}

//! The preset scenarios shipped in `profiles/scenarios/`, embedded in the binary.

/// `(id, JSON text)` of every preset, in display order.
pub const PRESETS: [(&str, &str); 5] = [
    (
        "citta_studi",
        include_str!("../profiles/scenarios/citta_studi.json"),
    ),
    ("bovisa", include_str!("../profiles/scenarios/bovisa.json")),
    (
        "niguarda_affori",
        include_str!("../profiles/scenarios/niguarda_affori.json"),
    ),
    (
        "chiaravalle",
        include_str!("../profiles/scenarios/chiaravalle.json"),
    ),
    (
        "template_new_cp",
        include_str!("../profiles/scenarios/template_new_cp.json"),
    ),
];

/// The JSON text of a preset.
pub fn preset(id: &str) -> Option<&'static str> {
    PRESETS.iter().find(|(k, _)| *k == id).map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_preset_is_valid() {
        for (id, text) in super::PRESETS {
            assert!(crate::scenario::parse_and_validate(text).is_ok(), "{id}");
        }
    }
}

//! Scenario JSON (files, imports, saved state): parsing and validation never panic; a valid
//! scenario's eligibility check never panics either.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(v) = cer_planner::scenario::parse_and_validate(text) {
            let _ = cer_planner::eligibility::check(&v);
        }
    }
});

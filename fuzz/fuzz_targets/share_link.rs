//! The share-link decoder (URL fragment → scenario) never panics on any fragment.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = cer_planner::share::decode(text);
    }
});

//! The link decoders never panic on any fragment: the share link (URL fragment → scenario) and
//! the event-mode link (`#evento=…` → a visitor's choices → a scenario that validates).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = cer_planner::share::decode(text);
        if let Ok(choice) = cer_planner::event::EventChoice::from_fragment(text) {
            let scenario = choice.scenario().expect("a parsed choice names a known neighbourhood");
            assert!(
                cer_planner::scenario::validate(scenario).is_ok(),
                "every event link that parses gives a valid scenario"
            );
        }
    }
});

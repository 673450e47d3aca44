//! The hourly price CSV reader never panics and never returns a non-finite price.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(v) = cer_planner::price::parse_hourly_csv(text) {
            assert_eq!(v.len(), 8760);
            assert!(v.iter().all(|x| x.is_finite()));
        }
    }
});

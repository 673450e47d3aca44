//! The load-curve importer (CSV and spreadsheets) never panics; a curve it accepts has 8,760
//! finite, non-negative hours.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = cer_planner::curve::CurveOptions::default();
    if let Ok(c) = cer_planner::curve::read_curve(data, &opts, 2025, None) {
        assert_eq!(c.hourly_kwh.len(), 8760);
        assert!(c.hourly_kwh.iter().all(|x| x.is_finite() && *x >= 0.0));
    }
});

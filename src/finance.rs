//! Discounted cash-flow helpers: NPV, IRR, payback, LCOE. Flows are yearly, year 0 first,
//! in constant (real) euros; the discount rate is real.

use serde::{Deserialize, Serialize};

/// Net present value of `flows` (year 0 undiscounted) at `rate` (fraction).
pub fn npv(rate: f64, flows: &[f64]) -> f64 {
    flows
        .iter()
        .enumerate()
        .map(|(t, f)| f / (1.0 + rate).powi(t as i32))
        .sum()
}

/// Internal rate of return by bisection on [−0.99, 10]; `None` when the NPV does not change
/// sign there (e.g. no investment, or never repaid).
pub fn irr(flows: &[f64]) -> Option<f64> {
    let (mut lo, mut hi) = (-0.99, 10.0);
    let (flo, fhi) = (npv(lo, flows), npv(hi, flows));
    if !flo.is_finite() || !fhi.is_finite() || flo.signum() == fhi.signum() {
        return None;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        let fm = npv(mid, flows);
        if fm.signum() == flo.signum() {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-10 {
            break;
        }
    }
    Some(0.5 * (lo + hi))
}

/// Simple payback: first year at which cumulative undiscounted flow turns non-negative,
/// interpolated within the year; `None` if never within the horizon or if there is nothing
/// to pay back.
pub fn payback_years(flows: &[f64]) -> Option<f64> {
    let mut cum = 0.0;
    for (t, f) in flows.iter().enumerate() {
        let prev = cum;
        cum += f;
        if t > 0 && prev < 0.0 && cum >= 0.0 {
            return Some(t as f64 - 1.0 + (-prev / f));
        }
    }
    // No investment (no negative flow): nothing to pay back, so no payback period.
    None
}

/// Levelised cost of energy, €/kWh: PV of costs / PV of energy.
pub fn lcoe_eur_per_kwh(rate: f64, costs: &[f64], energy_kwh: &[f64]) -> Option<f64> {
    let e = npv(rate, energy_kwh);
    (e > 0.0).then(|| npv(rate, costs) / e)
}

/// Yearly cash flows of one actor with their summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorFinance {
    /// Who (e.g. "producer: plant poli-1", "community", "members").
    pub actor: String,
    /// Net cash flow per year, year 0 first, €.
    pub cash_flow_eur: Vec<f64>,
    /// NPV at the discount rate, €.
    pub npv_eur: f64,
    /// IRR (fraction), when defined.
    pub irr: Option<f64>,
    /// Simple payback, years, when reached.
    pub payback_years: Option<f64>,
}

impl ActorFinance {
    /// Summarises a flow series.
    pub fn new(actor: impl Into<String>, rate: f64, cash_flow_eur: Vec<f64>) -> ActorFinance {
        ActorFinance {
            actor: actor.into(),
            npv_eur: npv(rate, &cash_flow_eur),
            irr: irr(&cash_flow_eur),
            payback_years: payback_years(&cash_flow_eur),
            cash_flow_eur,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textbook_values() {
        // −1000 then 5 × 300: NPV at 5 % = 298.84; IRR = 15.24 %; payback 3.33 years.
        let f = [-1000.0, 300.0, 300.0, 300.0, 300.0, 300.0];
        assert!((npv(0.05, &f) - 298.8431).abs() < 1e-3);
        assert!((irr(&f).unwrap() - 0.152382).abs() < 1e-5);
        assert!((payback_years(&f).unwrap() - 3.3333).abs() < 1e-3);
        assert_eq!(irr(&[100.0, 100.0]), None);
        assert_eq!(payback_years(&[-100.0, 10.0]), None);
        assert_eq!(payback_years(&[0.0, 10.0, 10.0]), None);
        assert!(
            (lcoe_eur_per_kwh(0.0, &[100.0, 10.0], &[0.0, 1100.0]).unwrap() - 0.1).abs() < 1e-12
        );
    }
}

//! Incentives and the legal solidarity quota (DM MASE 7 Dec 2023 n. 414, "decreto CACER";
//! ARERA TIAD; DM 127/2025), and the solidarity fund of a CERS.

use serde::{Deserialize, Serialize};

use crate::params::Parameters;

/// Power band of a plant for the tariffa premio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PowerBand {
    /// P ≤ 200 kW.
    UpTo200Kw,
    /// 200 < P ≤ 600 kW.
    UpTo600Kw,
    /// 600 < P ≤ 1,000 kW.
    UpTo1000Kw,
}

impl PowerBand {
    /// Band of a plant of `kwp` (DM 414/2023, Allegato 1).
    pub fn of(kwp: f64) -> PowerBand {
        if kwp <= 200.0 {
            PowerBand::UpTo200Kw
        } else if kwp <= 600.0 {
            PowerBand::UpTo600Kw
        } else {
            PowerBand::UpTo1000Kw
        }
    }

    /// `(BASE, CAP)` in €/MWh.
    pub fn base_cap(self, p: &Parameters) -> (f64, f64) {
        match self {
            PowerBand::UpTo200Kw => (p.tip_base_le200_eur_per_mwh, p.tip_cap_le200_eur_per_mwh),
            PowerBand::UpTo600Kw => (p.tip_base_le600_eur_per_mwh, p.tip_cap_le600_eur_per_mwh),
            PowerBand::UpTo1000Kw => (p.tip_base_le1000_eur_per_mwh, p.tip_cap_le1000_eur_per_mwh),
        }
    }

    /// Short label.
    pub fn label(self) -> &'static str {
        match self {
            PowerBand::UpTo200Kw => "≤ 200 kW",
            PowerBand::UpTo600Kw => "200–600 kW",
            PowerBand::UpTo1000Kw => "600–1.000 kW",
        }
    }
}

/// Tariffa premio before any grant reduction, €/MWh:
/// `min(CAP, BASE + max(0, 180 − Pz)) + FC` (FC for PV in the North).
pub fn tip_rate_eur_per_mwh(band: PowerBand, zonal_price_eur_per_mwh: f64, p: &Parameters) -> f64 {
    let (base, cap) = band.base_cap(p);
    let variable = (p.tip_price_pivot_eur_per_mwh - zonal_price_eur_per_mwh).max(0.0);
    (base + variable).min(cap) + p.tip_fc_pv_north_eur_per_mwh
}

/// Capital-grant factor F = 0.50 × grant/40 % (GSE operating rules, App. B), 0–0.5.
pub fn grant_factor(capital_grant_pct: f64) -> f64 {
    0.5 * (capital_grant_pct / 40.0).clamp(0.0, 1.0)
}

/// Tariff after the grant reduction when a fraction `exempt_fraction` of the hour's shared
/// energy is attributable to exempt withdrawal points (DM 127/2025): `rate × (1 − F (1 − x))`.
pub fn tip_after_grant(rate: f64, f: f64, exempt_fraction: f64) -> f64 {
    rate * (1.0 - f * (1.0 - exempt_fraction.clamp(0.0, 1.0)))
}

/// The 55 % rule (45 % with a capital grant): the part of the year's premium that may go only
/// to non-business consumers or social projects.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SolidarityQuota {
    /// Incentivised shared energy / injected energy.
    pub shared_ratio: f64,
    /// Threshold applied (0.55 or 0.45).
    pub threshold: f64,
    /// `max(0, ratio − threshold)` (percentage points as a fraction).
    pub excess_share: f64,
    /// `excess_share × total premium`, €.
    pub solidarity_min_eur: f64,
    /// Most the businesses may receive: `(1 − excess_share) × total premium`, €.
    pub business_max_eur: f64,
}

/// Computes the quota.
pub fn solidarity_quota(
    incentivised_shared_kwh: f64,
    injected_kwh: f64,
    tip_total_eur: f64,
    threshold: f64,
) -> SolidarityQuota {
    let ratio = if injected_kwh > 0.0 {
        incentivised_shared_kwh / injected_kwh
    } else {
        0.0
    };
    let excess = (ratio - threshold).max(0.0);
    SolidarityQuota {
        shared_ratio: ratio,
        threshold,
        excess_share: excess,
        solidarity_min_eur: excess * tip_total_eur,
        business_max_eur: (1.0 - excess) * tip_total_eur,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test vectors of cer-rules.md (DM 414/2023): P ≤ 200 kW, North, F = 0.
    #[test]
    fn decree_test_vectors() {
        let p = Parameters::defaults();
        let b = PowerBand::UpTo200Kw;
        assert_eq!(tip_rate_eur_per_mwh(b, 100.0, &p), 130.0);
        assert_eq!(tip_rate_eur_per_mwh(b, 160.0, &p), 110.0);
        assert_eq!(tip_rate_eur_per_mwh(b, 200.0, &p), 90.0);
        // Other bands: caps 110 and 100 (+10 FC); base 70 / 60 when Pz ≥ 180.
        assert_eq!(tip_rate_eur_per_mwh(PowerBand::UpTo600Kw, 50.0, &p), 120.0);
        assert_eq!(tip_rate_eur_per_mwh(PowerBand::UpTo1000Kw, 250.0, &p), 70.0);
        assert_eq!(PowerBand::of(200.0), PowerBand::UpTo200Kw);
        assert_eq!(PowerBand::of(200.1), PowerBand::UpTo600Kw);
        assert_eq!(PowerBand::of(600.1), PowerBand::UpTo1000Kw);
    }

    #[test]
    fn grant_factor_and_exemption() {
        assert_eq!(grant_factor(0.0), 0.0);
        assert_eq!(grant_factor(40.0), 0.5);
        assert_eq!(grant_factor(20.0), 0.25);
        assert_eq!(tip_after_grant(120.0, 0.5, 0.0), 60.0);
        assert_eq!(tip_after_grant(120.0, 0.5, 1.0), 120.0);
        assert_eq!(tip_after_grant(120.0, 0.5, 0.5), 90.0);
    }

    #[test]
    fn fifty_five_percent_rule_example() {
        // cer-rules.md: ratio 0.60, threshold 0.55 → 5 % of the year's premium.
        let q = solidarity_quota(60.0, 100.0, 10_000.0, 0.55);
        assert!((q.excess_share - 0.05).abs() < 1e-12);
        assert!((q.solidarity_min_eur - 500.0).abs() < 1e-9);
        assert!((q.business_max_eur - 9_500.0).abs() < 1e-9);
        assert_eq!(
            solidarity_quota(50.0, 100.0, 10_000.0, 0.55).solidarity_min_eur,
            0.0
        );
        assert_eq!(solidarity_quota(0.0, 0.0, 0.0, 0.55).shared_ratio, 0.0);
    }
}

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

/// Which plants a group of the 55 % rule holds (GSE computes the excess separately for each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuotaGroupKind {
    /// Plants with the tariff only: threshold 55 %.
    TariffOnly,
    /// Plants with the tariff and a capital grant: threshold 45 %.
    TariffWithGrant,
}

/// The 55 % / 45 % rule for one group of incentivised plants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuotaGroup {
    /// Which group.
    pub group: QuotaGroupKind,
    /// Ids of the plants in the group.
    pub plants: Vec<String>,
    /// Incentivised shared energy attributed to the group's plants, kWh/yr.
    pub incentivised_shared_kwh: f64,
    /// Energy injected by the group's plants, kWh/yr (the ratio's denominator).
    pub injected_kwh: f64,
    /// Tariffa premio of the group's plants, €/yr.
    pub tip_eur: f64,
    /// `incentivised_shared_kwh / injected_kwh`.
    pub shared_ratio: f64,
    /// Threshold applied (0.55 or 0.45).
    pub threshold: f64,
    /// `max(0, ratio − threshold)` (percentage points as a fraction, not proportional).
    pub excess_share: f64,
    /// `excess_share × tip_eur`: may go only to non-business consumers or social projects, €/yr.
    pub solidarity_min_eur: f64,
}

/// The legal solidarity quota of the configuration: the 55 % rule applied to the plants with
/// the tariff only and the 45 % rule to the plants with a capital grant, each on its own
/// injection (DM 414/2023 Allegato 1; GSE Regole operative CACER). Plants without the tariff
/// are in neither group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SolidarityQuota {
    /// The groups that have plants.
    pub groups: Vec<QuotaGroup>,
    /// Incentivised shared energy / injection of the incentivised plants (all groups).
    pub shared_ratio: f64,
    /// Σ of the groups' minimum, €/yr.
    pub solidarity_min_eur: f64,
    /// Most the businesses may receive: total premium − `solidarity_min_eur`, €/yr.
    pub business_max_eur: f64,
}

/// The rule for one group.
pub fn quota_group(
    group: QuotaGroupKind,
    plants: Vec<String>,
    incentivised_shared_kwh: f64,
    injected_kwh: f64,
    tip_eur: f64,
    threshold: f64,
) -> QuotaGroup {
    let ratio = if injected_kwh > 0.0 {
        incentivised_shared_kwh / injected_kwh
    } else {
        0.0
    };
    let excess = (ratio - threshold).max(0.0);
    QuotaGroup {
        group,
        plants,
        incentivised_shared_kwh,
        injected_kwh,
        tip_eur,
        shared_ratio: ratio,
        threshold,
        excess_share: excess,
        solidarity_min_eur: excess * tip_eur,
    }
}

/// Sums the groups.
pub fn solidarity_quota(groups: Vec<QuotaGroup>) -> SolidarityQuota {
    let shared: f64 = groups.iter().map(|g| g.incentivised_shared_kwh).sum();
    let injected: f64 = groups.iter().map(|g| g.injected_kwh).sum();
    let tip: f64 = groups.iter().map(|g| g.tip_eur).sum();
    let min: f64 = groups.iter().map(|g| g.solidarity_min_eur).sum();
    SolidarityQuota {
        shared_ratio: if injected > 0.0 {
            shared / injected
        } else {
            0.0
        },
        solidarity_min_eur: min,
        business_max_eur: tip - min,
        groups,
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

    fn one(shared: f64, injected: f64, tip: f64, threshold: f64) -> SolidarityQuota {
        solidarity_quota(vec![quota_group(
            QuotaGroupKind::TariffOnly,
            vec![],
            shared,
            injected,
            tip,
            threshold,
        )])
    }

    #[test]
    fn fifty_five_percent_rule_example() {
        // cer-rules.md: ratio 0.60, threshold 0.55 → 5 % of the year's premium.
        let q = one(60.0, 100.0, 10_000.0, 0.55);
        assert!((q.groups[0].excess_share - 0.05).abs() < 1e-12);
        assert!((q.solidarity_min_eur - 500.0).abs() < 1e-9);
        assert!((q.business_max_eur - 9_500.0).abs() < 1e-9);
        assert_eq!(one(50.0, 100.0, 10_000.0, 0.55).solidarity_min_eur, 0.0);
        assert_eq!(one(0.0, 0.0, 0.0, 0.55).shared_ratio, 0.0);
    }

    /// GSE: the excess is computed separately for the plants with and without a grant, each on
    /// its own injection. Tariff only: 60/100 vs 55 % → 5 % of 10,000 €; with a grant:
    /// 30/100 vs 45 % → 0. One threshold for the whole configuration would give
    /// (90/200 = 45 %, 55 % → 0) or, with 45 % for all, 0 too — but 5 % of the first group's
    /// premium is due.
    #[test]
    fn groups_with_and_without_grant_are_separate() {
        let q = solidarity_quota(vec![
            quota_group(
                QuotaGroupKind::TariffOnly,
                vec![],
                60.0,
                100.0,
                10_000.0,
                0.55,
            ),
            quota_group(
                QuotaGroupKind::TariffWithGrant,
                vec![],
                30.0,
                100.0,
                4_000.0,
                0.45,
            ),
        ]);
        assert!((q.solidarity_min_eur - 500.0).abs() < 1e-9);
        assert!((q.shared_ratio - 0.45).abs() < 1e-12);
        assert!((q.business_max_eur - 13_500.0).abs() < 1e-9);
    }
}

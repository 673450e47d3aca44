//! The solidarity fund of a CERS and its effect on energy poverty.
//!
//! The community receives the tariffa premio and the ARERA valorisation; net of its running
//! costs, the fund is split by the allocation policy (energy-poor bill support, territorial
//! projects, producers, members). For energy-poor households the report says how many can be
//! supported at a target amount, how much each energy-poor member would get with an equal
//! split, and how many would fall below the Comune's 10 % spend/income threshold, on a seeded
//! synthetic population whose income and energy spend follow editable lognormal assumptions
//! (conditioned on being energy-poor before support).

use rand::rngs::StdRng;
use rand::SeedableRng;
use rand_distr::{Distribution, LogNormal};
use serde::{Deserialize, Serialize};

use crate::params::Parameters;

/// How the fund is used in one year (a year within the incentive term).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundReport {
    /// Tariffa premio + ARERA valorisation received by the community, €/yr.
    pub incentives_eur: f64,
    /// Community running costs, €/yr.
    pub running_costs_eur: f64,
    /// Fund to allocate = max(0, incentives − costs), €/yr.
    pub net_fund_eur: f64,
    /// Energy-poor households' bill support, €/yr.
    pub energy_poor_eur: f64,
    /// Social projects in the area, €/yr.
    pub territorial_eur: f64,
    /// To producers (e.g. roof lenders), €/yr.
    pub producers_eur: f64,
    /// To members, €/yr.
    pub members_eur: f64,
    /// For social projects: energy-poor support + territorial projects, €/yr.
    pub social_eur: f64,
    /// Legal minimum for non-business consumers / social projects (55 % rule), €/yr.
    pub solidarity_min_eur: f64,
    /// Energy-poor support + territorial projects cover the legal minimum.
    pub meets_legal_minimum: bool,
}

/// Effect of the energy-poor share of the fund.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnergyPovertyReport {
    /// Energy-poor members in the configuration.
    pub energy_poor_members: u32,
    /// Fund share for them, €/yr.
    pub fund_eur: f64,
    /// Households (members or not) the fund could support at the target amount per household:
    /// `floor(fund / target)`. An estimate; it may exceed the energy-poor members.
    pub households_supportable_at_target: u32,
    /// Energy-poor *members* supported at the target: `min(members, households_supportable)`.
    pub members_supportable_at_target: u32,
    /// Further energy-poor families in the area (not members) the rest of the fund could reach
    /// at the target: `households_supportable − members_supportable`.
    pub area_households_beyond_members: u32,
    /// Target support per household, €/yr.
    pub support_target_eur_per_household: f64,
    /// Equal split among energy-poor members, €/yr each (0 when there are none).
    pub support_per_member_eur: f64,
    /// Threshold of spend / income (fraction).
    pub threshold: f64,
    /// Energy-poor members lifted to spend/income ≤ threshold with the equal split.
    pub lifted_equal_split: u32,
    /// Lifted when support goes first to those closest to the threshold.
    pub lifted_targeted: u32,
    /// Median spend/income of the energy-poor members before support.
    pub median_ratio_before: f64,
    /// Median spend/income after the equal split.
    pub median_ratio_after: f64,
}

/// Allocates the fund.
pub fn allocate(
    incentives_eur: f64,
    members: u32,
    solidarity_min_eur: f64,
    p: &Parameters,
) -> FundReport {
    let running =
        p.community_fixed_cost_eur_per_year + p.community_cost_eur_per_member_year * members as f64;
    let net = (incentives_eur - running).max(0.0);
    let ep = net * p.alloc_energy_poor_pct / 100.0;
    let terr = net * p.alloc_territorial_pct / 100.0;
    FundReport {
        incentives_eur,
        running_costs_eur: running,
        net_fund_eur: net,
        energy_poor_eur: ep,
        territorial_eur: terr,
        producers_eur: net * p.alloc_producers_pct / 100.0,
        members_eur: net * p.alloc_members_pct / 100.0,
        social_eur: ep + terr,
        solidarity_min_eur,
        meets_legal_minimum: ep + terr + 1e-9 >= solidarity_min_eur,
    }
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

/// Energy-poverty effect of `fund_eur` spread over `count` energy-poor members.
pub fn energy_poverty(count: u32, fund_eur: f64, p: &Parameters, seed: u64) -> EnergyPovertyReport {
    let threshold = p.energy_poverty_threshold_pct / 100.0;
    let target = p.support_target_eur_per_household;
    let supportable = if target > 0.0 {
        (fund_eur / target).floor().min(1e9) as u32
    } else {
        0
    };
    let mut rng = StdRng::seed_from_u64(seed);
    let income =
        LogNormal::new(p.ep_income_median_eur.ln(), p.ep_income_sigma).expect("σ ≥ 0 (validated)");
    let spend = LogNormal::new(
        p.ep_energy_spend_median_eur.max(1.0).ln(),
        p.ep_energy_spend_sigma,
    )
    .expect("σ ≥ 0 (validated)");
    let mut households = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let mut hh = None;
        for _ in 0..1000 {
            let (i, s): (f64, f64) = (income.sample(&mut rng), spend.sample(&mut rng));
            if s / i > threshold {
                hh = Some((i, s));
                break;
            }
        }
        // Assumptions that make energy poverty (nearly) impossible: place the household just
        // above the threshold so that it is still counted as energy-poor.
        households.push(hh.unwrap_or((
            p.ep_income_median_eur,
            p.ep_income_median_eur * threshold * 1.01,
        )));
    }
    let each = if count > 0 {
        fund_eur / count as f64
    } else {
        0.0
    };
    let mut before: Vec<f64> = households.iter().map(|(i, s)| s / i).collect();
    let mut after: Vec<f64> = households
        .iter()
        .map(|(i, s)| (s - each).max(0.0) / i)
        .collect();
    let lifted_equal = after.iter().filter(|r| **r <= threshold).count() as u32;
    let mut gaps: Vec<f64> = households.iter().map(|(i, s)| s - threshold * i).collect();
    gaps.sort_by(|a, b| a.total_cmp(b));
    let mut left = fund_eur;
    let mut lifted_targeted = 0;
    for g in gaps {
        if g <= left {
            left -= g;
            lifted_targeted += 1;
        } else {
            break;
        }
    }
    EnergyPovertyReport {
        energy_poor_members: count,
        fund_eur,
        households_supportable_at_target: supportable,
        members_supportable_at_target: supportable.min(count),
        area_households_beyond_members: supportable - supportable.min(count),
        support_target_eur_per_household: target,
        support_per_member_eur: each,
        threshold,
        lifted_equal_split: lifted_equal,
        lifted_targeted,
        median_ratio_before: median(&mut before),
        median_ratio_after: median(&mut after),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_adds_up() {
        let p = Parameters::defaults();
        let f = allocate(100_000.0, 200, 3_000.0, &p);
        assert_eq!(f.running_costs_eur, 5_000.0 + 2_000.0);
        let sum = f.energy_poor_eur + f.territorial_eur + f.producers_eur + f.members_eur;
        assert!((sum - f.net_fund_eur).abs() < 1e-9);
        assert!(f.meets_legal_minimum);
        assert_eq!(allocate(1_000.0, 10, 0.0, &p).net_fund_eur, 0.0);
    }

    #[test]
    fn energy_poverty_monotone_in_fund() {
        let p = Parameters::defaults();
        let none = energy_poverty(100, 0.0, &p, 1);
        let some = energy_poverty(100, 20_000.0, &p, 1);
        let lots = energy_poverty(100, 200_000.0, &p, 1);
        assert_eq!(none.lifted_equal_split, 0);
        assert!(none.median_ratio_before > 0.10);
        assert!(some.lifted_targeted >= some.lifted_equal_split);
        assert!(lots.lifted_equal_split >= some.lifted_equal_split);
        assert_eq!(lots.lifted_targeted, 100);
        assert_eq!(some.households_supportable_at_target, 66);
        assert_eq!(some.members_supportable_at_target, 66);
        assert_eq!(some.area_households_beyond_members, 0);
        // 200,000 € at 300 € reach 666 households: 100 members and 566 families in the area.
        assert_eq!(lots.members_supportable_at_target, 100);
        assert_eq!(lots.area_households_beyond_members, 566);
    }
}

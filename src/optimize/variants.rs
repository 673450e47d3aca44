//! Seeded random variants of the presets for the optimiser's tests and benchmark: the
//! configurations a planner may build, not only the shipped ones — many roofs whose potential
//! straddles the 200 kW (and 600 kW) band limits, capital grants (several tariff classes),
//! a community battery the optimiser may size, member availability ranges, all four
//! objectives, budgets, energy and social targets, the CERS policy, and now and then an
//! extreme but valid value (a member of several GWh/yr, a large plant without the tariff,
//! zonal prices far below zero).
//!
//! The same `(seed, case, roofs, battery)` always gives the same variant (the generator is
//! `StdRng` seeded from them), so a variant named in a benchmark can be rebuilt and debugged:
//! `cer-planner bench-opt --seed S --cases N --roofs R [--battery]`.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::model::{Objective, OptimizeRequest};
use crate::scenario::{parse_and_validate, validate, Battery, Scenario, ValidScenario};

/// What to generate.
#[derive(Debug, Clone, Copy, Default)]
pub struct VariantSpec {
    /// Seed of the series.
    pub seed: u64,
    /// Index in the series.
    pub case: usize,
    /// Extra stand-alone roofs whose potential straddles 200 kW (each 200–1,000 kWp).
    pub roofs: usize,
    /// A community battery the optimiser sizes.
    pub battery: bool,
    /// On top of the same variant, odd but valid inputs (`odd_inputs`): a battery of almost
    /// no power or of 20 C, an efficiency of 50 % or 100 %, a battery of fixed size or almost
    /// free, roofs of 0.4 kWp, north-facing walls. (Drawn from their own stream: the variant
    /// without them is the same.)
    pub odd: bool,
}

/// A generated configuration and request.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The scenario (validated).
    pub scenario: ValidScenario,
    /// The optimisation request.
    pub request: OptimizeRequest,
    /// What was drawn, in a few words (for the benchmark's slowest cases).
    pub label: String,
}

/// The variant `spec` describes. Every variant validates (a draw that does not is redrawn
/// with the next sub-seed; the error is returned only if none of 20 does).
pub fn variant(spec: VariantSpec) -> Result<Variant, String> {
    let mut last = String::new();
    for attempt in 0..20u64 {
        match draw(spec, attempt) {
            Ok(v) => return Ok(v),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// One draw of the variant `spec` (sub-seed `attempt`). Stages, in the order they draw from
/// the stream (the order fixes every seed's variants): the preset, its grants and roofs
/// ([`grants_and_roofs`]), extra roofs across 200 kW ([`extra_roofs`]), the members'
/// availability, the battery ([`battery`]), an extreme value now and then ([`extreme`]),
/// odd inputs from a stream of their own, and the request ([`request`]).
fn draw(spec: VariantSpec, attempt: u64) -> Result<Variant, String> {
    let mut rng = StdRng::seed_from_u64(
        spec.seed
            .wrapping_mul(1_000_003)
            .wrapping_add(spec.case as u64 * 7919)
            .wrapping_add(spec.roofs as u64 * 104_729)
            .wrapping_add(spec.battery as u64 * 31)
            .wrapping_add(attempt * 15_485_863),
    );
    let presets = crate::presets::PRESETS;
    let (pid, text) = presets[spec.case % presets.len()];
    let mut s = parse_and_validate(text)
        .map_err(|e| format!("{e:?}"))?
        .scenario;
    let mut label = vec![pid.to_string()];
    grants_and_roofs(&mut s, &mut rng);
    extra_roofs(&mut s, spec, &mut rng, &mut label);
    // Members: availability up to four times today's count; more demand with more roofs.
    let scale = 1 + spec.roofs as u32 / 3;
    for g in s.members.iter_mut() {
        let base = g.count.max(10) * scale;
        g.available = Some(g.count + rng.random_range(0..3 * base));
    }
    if spec.battery {
        battery(&mut s, &mut rng, &mut label);
    }
    extreme(&mut s, &mut rng, &mut label);
    if spec.odd {
        odd_inputs(&mut s, spec, attempt, &mut label);
    }
    let v = validate(s).map_err(|e| format!("{e:?}"))?;
    let request = request(spec, &mut rng, &mut label);
    Ok(Variant {
        scenario: v,
        request,
        label: label.join(", "),
    })
}

/// Grants and roof potentials on the preset's own stand-alone plants.
fn grants_and_roofs(s: &mut Scenario, rng: &mut StdRng) {
    for p in s.plants.iter_mut() {
        p.capital_grant_pct = [0.0, 0.0, 20.0, 40.0][rng.random_range(0..4)];
        if p.host_category.is_none() && rng.random_bool(0.4) {
            let lo = p.kwp.max(50.0);
            p.roof_potential_kwp = Some(rng.random_range(lo..lo + 650.0));
        }
    }
}

/// Extra roofs across the 200 kW limit: copies of the first stand-alone plant, facing
/// anywhere from east to west, potentials of 200–1,000 kWp, built or not yet.
fn extra_roofs(s: &mut Scenario, spec: VariantSpec, rng: &mut StdRng, label: &mut Vec<String>) {
    let template = s
        .plants
        .iter()
        .find(|p| p.host_category.is_none())
        .or(s.plants.first())
        .cloned();
    let Some(t) = template else {
        return;
    };
    for r in 0..spec.roofs {
        let mut p = t.clone();
        p.id = format!("roof-{r:02}");
        p.name = format!("Tetto {r}");
        p.host_category = None;
        p.host_member = None;
        p.commissioning_order = Some(100 + r as u32);
        p.existing_plant = false;
        p.in_operation_date = None;
        p.capex_eur_per_kwp = None;
        p.incentive_eligible = true;
        p.tilt_deg = rng.random_range(0.0..35.0);
        p.azimuth_deg = rng.random_range(90.0..270.0);
        let roof: f64 = rng.random_range(201.0..1000.0);
        p.roof_potential_kwp = Some(roof);
        p.kwp = if rng.random_bool(0.3) {
            (rng.random_range(0.0..roof) * 10.0).round() / 10.0
        } else {
            0.0
        };
        p.capital_grant_pct = [0.0, 0.0, 20.0, 40.0][rng.random_range(0..4)];
        s.plants.push(p);
    }
    if spec.roofs > 0 {
        label.push(format!("{} roofs across 200 kW", spec.roofs));
    }
}

/// A community battery the optimiser sizes up to 200–4,000 kWh, at 0.25–1 C.
fn battery(s: &mut Scenario, rng: &mut StdRng, label: &mut Vec<String>) {
    let max = [200.0, 600.0, 1500.0, 4000.0][rng.random_range(0..4)];
    let c_rate = [0.25, 0.5, 1.0][rng.random_range(0..3)];
    let energy = ((rng.random_range(0.0..max) / 10.0f64).round() * 10.0).max(10.0);
    s.battery = Some(Battery {
        energy_kwh: energy,
        power_kw: (energy * c_rate).max(1.0),
        round_trip_efficiency_pct: 90.0,
        max_energy_kwh: Some(max),
        capex_eur_per_kwh: None,
    });
    label.push(format!("battery ≤ {max} kWh"));
}

/// Extreme but valid values, one case in four: a member of 1–10 GWh/yr, a plant of up to
/// 5 MWp without the tariff, or midday prices of −500 to −50 €/MWh.
fn extreme(s: &mut Scenario, rng: &mut StdRng, label: &mut Vec<String>) {
    match rng.random_range(0..12) {
        0 => {
            if let Some(g) = s.members.first_mut() {
                g.annual_kwh = Some(rng.random_range(1.0e6..1.0e7) / g.count.max(1) as f64);
                label.push("a very large member".into());
            }
        }
        1 => {
            if let Some(p) = s.plants.iter_mut().find(|p| p.host_category.is_none()) {
                p.incentive_eligible = false;
                p.roof_potential_kwp = Some(rng.random_range(1000.0..5000.0));
                label.push("a large plant without the tariff".into());
            }
        }
        2 => {
            let low: f64 = rng.random_range(-500.0..-50.0);
            s.hourly_price_eur_per_mwh = Some(
                (0..crate::calendar::HOURS_PER_YEAR)
                    .map(|h| {
                        if h % 24 >= 10 && h % 24 < 15 {
                            low
                        } else {
                            120.0
                        }
                    })
                    .collect(),
            );
            label.push(format!("midday prices {low:.0} €/MWh"));
        }
        _ => {}
    }
}

/// The request: an objective, and a budget, targets, limits and the CERS policy now and then.
fn request(spec: VariantSpec, rng: &mut StdRng, label: &mut Vec<String>) -> OptimizeRequest {
    let objective = [
        Objective::CommunityValue,
        Objective::SolidarityFund,
        Objective::SharedEnergy,
        Objective::MinInvestment,
    ][rng.random_range(0..4)];
    label.push(format!("{objective:?}"));
    let mut req = OptimizeRequest::new(objective);
    if objective != Objective::CommunityValue || rng.random_bool(0.3) {
        let b = rng.random_range(100_000.0..(1_500_000.0 + 400_000.0 * spec.roofs as f64));
        req.budget_eur = Some(b.round());
        label.push(format!("budget {:.0} k€", b / 1000.0));
    }
    if rng.random_bool(0.5) || objective == Objective::MinInvestment {
        let r = rng.random_range(40.0..90.0f64).round();
        req.min_shared_ratio_pct = Some(r);
        label.push(format!("shared ≥ {r} %"));
    }
    if objective == Objective::MinInvestment {
        let e = rng.random_range(50_000.0..400_000.0f64).round();
        req.min_shared_kwh = Some(e);
        label.push(format!("shared ≥ {:.0} MWh", e / 1000.0));
    }
    if rng.random_bool(0.25) {
        req.min_ep_households_supported = Some(rng.random_range(1..30));
    }
    if rng.random_bool(0.25) {
        req.max_business_share_pct = Some(rng.random_range(2.0..30.0f64).round());
    }
    if rng.random_bool(0.2) {
        req.min_self_sufficiency_pct = Some(rng.random_range(5.0..40.0f64).round());
    }
    if rng.random_bool(0.25) {
        req.min_energy_poor_members = Some(rng.random_range(5..80));
    }
    if rng.random_bool(0.3) {
        req = req.with_cers_policy();
        label.push("CERS policy".into());
    }
    req
}

/// Odd but valid inputs on a variant (`VariantSpec::odd`): one or two of them, drawn from a
/// stream of their own.
fn odd_inputs(s: &mut Scenario, spec: VariantSpec, attempt: u64, label: &mut Vec<String>) {
    let mut rng = StdRng::seed_from_u64(
        (spec.seed ^ 0x6f64_6421)
            .wrapping_mul(998_244_353)
            .wrapping_add(spec.case as u64 * 65_537)
            .wrapping_add(spec.roofs as u64 * 257)
            .wrapping_add(attempt * 17),
    );
    for _ in 0..rng.random_range(1..3) {
        // Kinds 0–4 change the battery: only drawn when there is one.
        let pick = rng.random_range(if s.battery.is_some() { 0 } else { 5 }..8);
        match (pick, s.battery.as_mut()) {
            (0, Some(b)) => {
                b.power_kw = 0.01;
                label.push("battery of 0.01 kW".into());
            }
            (1, Some(b)) => {
                b.power_kw = b.energy_kwh * 20.0;
                label.push("battery of 20 C".into());
            }
            (2, Some(b)) => {
                b.round_trip_efficiency_pct = [50.0, 100.0][rng.random_range(0..2)];
                label.push(format!(
                    "battery efficiency {} %",
                    b.round_trip_efficiency_pct
                ));
            }
            (3, Some(b)) => {
                b.max_energy_kwh = None;
                label.push(format!("battery fixed at {} kWh", b.energy_kwh));
            }
            (4, Some(b)) => {
                b.capex_eur_per_kwh = Some(1.0);
                label.push("battery at 1 €/kWh".into());
            }
            (5, _) => {
                for p in s
                    .plants
                    .iter_mut()
                    .filter(|p| p.roof_potential_kwp.is_some())
                {
                    p.roof_potential_kwp = Some(0.4);
                    p.kwp = 0.0;
                }
                label.push("roofs of 0.4 kWp".into());
            }
            (6, _) => {
                if let Some(p) = s.plants.iter_mut().find(|p| p.roof_potential_kwp.is_some()) {
                    p.tilt_deg = 90.0;
                    p.azimuth_deg = 0.0;
                    label.push("a north-facing wall".into());
                }
            }
            _ => {
                // Members fixed: none may join or leave.
                for g in s.members.iter_mut() {
                    g.available = Some(g.count);
                }
                label.push("members fixed".into());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_valid_and_repeatable() {
        for case in 0..20 {
            let spec = VariantSpec {
                seed: 7,
                case,
                roofs: case % 4 * 5,
                battery: case % 3 == 0,
                odd: case % 2 == 1,
            };
            let a = variant(spec).unwrap();
            let b = variant(spec).unwrap();
            assert_eq!(a.label, b.label);
            assert_eq!(
                serde_json::to_string(&a.scenario.scenario).unwrap(),
                serde_json::to_string(&b.scenario.scenario).unwrap()
            );
            let across = crate::optimize::roofs_across_200_kw(&a.scenario.scenario);
            let tiny = a.label.contains("roofs of 0.4 kWp");
            assert!(across >= spec.roofs || tiny, "{across} < {}", spec.roofs);
        }
    }
}

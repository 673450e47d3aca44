//! Every preset simulated end to end: the hourly identities of the rules hold and the report
//! totals are the sums of the hourly columns.

use cer_planner::economics::{tip_rate_eur_per_mwh, PowerBand};
use cer_planner::params::defaults;
use cer_planner::scenario::parse_and_validate;
use cer_planner::simulate::simulate;

fn presets() -> Vec<(&'static str, &'static str)> {
    cer_planner::presets::PRESETS.to_vec()
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn presets_satisfy_the_rules_hour_by_hour() {
    for (name, text) in presets() {
        let v = parse_and_validate(text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let sim = simulate(&v);
        let (h, r) = (&sim.hourly, &sim.report);
        assert_eq!(h.shared_kwh.len(), 8760);
        for t in 0..8760 {
            assert_eq!(
                h.shared_kwh[t],
                h.injected_kwh[t].min(h.withdrawn_kwh[t]),
                "{name} hour {t}"
            );
            assert!(h.self_consumption_kwh[t] <= h.production_kwh[t] + 1e-12);
            assert!(close(
                h.injected_kwh[t] + h.self_consumption_kwh[t],
                h.production_kwh[t],
                1e-12
            ));
            assert!(close(
                h.withdrawn_kwh[t] + h.self_consumption_kwh[t],
                h.consumption_kwh[t],
                1e-12
            ));
            if h.incentivised_shared_kwh[t] > 0.0 {
                assert!(close(
                    h.incentivised_shared_kwh[t] * h.tip_eur_per_mwh[t] / 1000.0,
                    h.tip_eur[t],
                    1e-12
                ));
            }
        }
        let sum = |v: &[f64]| v.iter().sum::<f64>();
        assert!(
            close(r.production_kwh, sum(&h.production_kwh), 1e-12),
            "{name}"
        );
        assert!(close(r.consumption_kwh, sum(&h.consumption_kwh), 1e-12));
        assert!(close(r.injected_kwh, sum(&h.injected_kwh), 1e-12));
        assert!(close(r.withdrawn_kwh, sum(&h.withdrawn_kwh), 1e-12));
        assert!(close(r.shared_kwh, sum(&h.shared_kwh), 1e-12));
        assert!(close(
            r.self_consumption_kwh,
            sum(&h.self_consumption_kwh),
            1e-12
        ));
        assert!(close(r.tip_eur, sum(&h.tip_eur), 1e-12));
        let tip_from_columns: f64 = (0..8760)
            .map(|t| h.incentivised_shared_kwh[t] * h.tip_eur_per_mwh[t] / 1000.0)
            .sum();
        assert!(close(r.tip_eur, tip_from_columns, 1e-9), "{name}");
        // Consumption = Σ count × annual kWh (the diversity keeps each category's total).
        let cats = &defaults().categories;
        let expected: f64 = v
            .scenario
            .members
            .iter()
            .map(|m| m.count as f64 * m.annual_kwh.unwrap_or(cats[&m.category].annual_kwh))
            .sum();
        assert!(
            close(r.consumption_kwh, expected, 1e-9),
            "{name}: {} vs {expected}",
            r.consumption_kwh
        );
        // 55 % / 45 % rule by its formula, from the plants' own figures: one group for the
        // plants with the tariff only (55 %), one for those with a grant (45 %), each on its
        // own injection; plants without the tariff in neither.
        let mut expect_min = 0.0;
        for (with_grant, threshold) in [(false, 0.55), (true, 0.45)] {
            let group: Vec<_> = r
                .plants
                .iter()
                .zip(&v.scenario.plants)
                .filter(|(_, sp)| {
                    sp.incentive_eligible && (sp.capital_grant_pct > 0.0) == with_grant
                })
                .map(|(rp, _)| rp)
                .collect();
            let inj: f64 = group.iter().map(|p| p.injected_kwh).sum();
            let sh: f64 = group.iter().map(|p| p.shared_kwh).sum();
            let tip: f64 = group.iter().map(|p| p.tip_eur).sum();
            if inj > 0.0 {
                expect_min += (sh / inj - threshold).max(0.0) * tip;
            }
        }
        assert!(close(r.solidarity_min_eur, expect_min, 1e-12), "{name}");
        let ratio = r.incentivised_shared_kwh / r.injected_kwh;
        // Valorisation on all shared energy at TRAS_E 2024 = 10.57 €/MWh (a CER gets no BTAU).
        assert!(close(
            r.valorisation_eur,
            r.shared_kwh * 10.57 / 1000.0,
            1e-12
        ));
        // Per-plant shares add up.
        let plant_shared: f64 = r.plants.iter().map(|p| p.shared_kwh).sum();
        assert!(close(plant_shared, r.shared_kwh, 1e-9));
        assert!(r.self_sufficiency >= 0.0 && r.self_sufficiency <= 1.0);
        // Monthly sums equal the totals.
        let msum: f64 = r.monthly.iter().map(|m| m.shared_kwh).sum();
        assert!(close(msum, r.shared_kwh, 1e-9));
        println!(
            "{name}: shared {:.0} kWh ({:.1} %), TIP {:.0} €",
            r.shared_kwh,
            ratio * 100.0,
            r.tip_eur
        );
    }
}

#[test]
fn single_band_tariff_follows_the_decree_formula_every_hour() {
    // Bovisa: six plants, all ≤ 200 kW, no grant → the paid tariff is the decree formula.
    let v = parse_and_validate(include_str!("../profiles/scenarios/bovisa.json")).unwrap();
    let sim = simulate(&v);
    for t in 0..8760 {
        let expected = tip_rate_eur_per_mwh(
            PowerBand::UpTo200Kw,
            sim.hourly.zonal_price_eur_per_mwh[t],
            &v.params,
        );
        let formula =
            (80.0 + (180.0 - sim.hourly.zonal_price_eur_per_mwh[t]).max(0.0)).min(120.0) + 10.0;
        assert!((sim.hourly.tip_eur_per_mwh[t] - expected).abs() < 1e-9);
        assert!((expected - formula).abs() < 1e-12);
    }
}

#[test]
fn simulation_is_deterministic_and_seed_dependent() {
    let text = include_str!("../profiles/scenarios/niguarda_affori.json");
    let v = parse_and_validate(text).unwrap();
    let a = simulate(&v);
    let b = simulate(&v);
    assert_eq!(a.hourly, b.hourly);
    let mut v2 = v.clone();
    v2.scenario.seed += 1;
    let c = simulate(&v2);
    assert_ne!(a.hourly.consumption_kwh, c.hourly.consumption_kwh);
    // Same annual consumption whatever the seed.
    assert!(close(
        a.report.consumption_kwh,
        c.report.consumption_kwh,
        1e-9
    ));
}

#[test]
fn grant_reduces_the_tariff_except_for_exempt_withdrawals() {
    let text = include_str!("../profiles/scenarios/template_new_cp.json");
    let base = simulate(&parse_and_validate(text).unwrap()).report;
    let granted = text.replace(
        "\"roof_potential_kwp\": 100",
        "\"roof_potential_kwp\": 100, \"capital_grant_pct\": 40",
    );
    assert_ne!(granted, text);
    let g = simulate(&parse_and_validate(&granted).unwrap()).report;
    // F = 0.5; shops (business) are not exempt, households are: the reduction is partial.
    assert!(
        g.tip_eur < base.tip_eur && g.tip_eur > 0.5 * base.tip_eur,
        "{} vs {}",
        g.tip_eur,
        base.tip_eur
    );
    // The template's one plant, with its grant, is in the 45 % group.
    let groups = &g.solidarity_quota.groups;
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(groups[0].threshold, 0.45);
}

#[test]
fn community_battery_moves_surplus_and_keeps_the_identities() {
    let text = std::fs::read_to_string("tests/fixtures/chiaravalle_battery.json").unwrap();
    let v = parse_and_validate(&text).unwrap();
    let sim = simulate(&v);
    let h = &sim.hourly;
    let mut no_battery = v.clone();
    no_battery.scenario.battery = None;
    let base = simulate(&no_battery).report;
    let b = v.scenario.battery.as_ref().unwrap();
    for t in 0..8760 {
        assert_eq!(h.shared_kwh[t], h.injected_kwh[t].min(h.withdrawn_kwh[t]));
        let expected = h.production_kwh[t] - h.self_consumption_kwh[t] - h.battery_charge_kwh[t]
            + h.battery_discharge_kwh[t];
        assert!(close(h.injected_kwh[t], expected, 1e-12), "hour {t}");
        assert!(
            h.battery_charge_kwh[t] <= b.power_kw + 1e-9
                && h.battery_discharge_kwh[t] <= b.power_kw + 1e-9
        );
        assert!(h.battery_charge_kwh[t] == 0.0 || h.battery_discharge_kwh[t] == 0.0);
    }
    let r = &sim.report;
    // 90 % round trip: what comes out is 90 % of what went in (the year is cyclic).
    assert!(
        close(r.battery_discharge_kwh, 0.9 * r.battery_charge_kwh, 1e-6),
        "{} vs {}",
        r.battery_discharge_kwh,
        r.battery_charge_kwh
    );
    assert!(
        r.shared_kwh > base.shared_kwh,
        "{} vs {}",
        r.shared_kwh,
        base.shared_kwh
    );
    assert!(
        close(
            r.shared_kwh - base.shared_kwh,
            r.battery_discharge_kwh,
            0.05
        ),
        "the discharge is (almost all) shared"
    );
    println!(
        "battery 100 kWh: shared {:.0} → {:.0} kWh, charge {:.0}, discharge {:.0}",
        base.shared_kwh, r.shared_kwh, r.battery_charge_kwh, r.battery_discharge_kwh
    );
}

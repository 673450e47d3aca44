//! The rules a planner defends in a council meeting, each pinned against a hand computation
//! from its source (DM MASE 414/2023, DM 127/2025, GSE Regole operative CACER, ARERA TIAD,
//! D.Lgs. 199/2021 art. 31), on scenarios built here rather than the presets.

use cer_planner::economics::QuotaGroupKind;
use cer_planner::finance::npv;
use cer_planner::scenario::parse_and_validate;
use cer_planner::simulate::simulate;

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1.0)
}

/// Two stand-alone plants and households, energy-poor families and shops; `PLANT_A`,
/// `PLANT_B` and `TOP` are replaced by extra fields.
const BASE: &str = r#"{"schema_version":1,"name":"rules","cp":{"name":"Test","code":"AC001E00934"},
  "members":[{"category":"household","count":120},{"category":"energy_poor_household","count":30},
             {"category":"shop","count":6}],
  "plants":[{"id":"a","owner":"school","kwp":60,"tilt_deg":30,"azimuth_deg":180PLANT_A},
            {"id":"b","owner":"public","kwp":40,"tilt_deg":20,"azimuth_deg":150PLANT_B}]TOP}"#;

fn scenario(a: &str, b: &str, top: &str) -> cer_planner::scenario::ValidScenario {
    let text = BASE
        .replace("PLANT_A", a)
        .replace("PLANT_B", b)
        .replace("TOP", top);
    parse_and_validate(&text).unwrap_or_else(|e| panic!("{e:?}"))
}

/// DM 414/2023: the tariff and the valorisation are paid for 20 years; over a 25-year horizon
/// years 21–25 keep only energy sales, avoided purchases and upkeep.
#[test]
fn incentives_stop_after_twenty_years_whatever_the_horizon() {
    for years in [25.0, 40.0] {
        let v = scenario(
            "",
            "",
            &format!(r#","parameters":{{"project_years":{years}}}"#),
        );
        let r = simulate(&v).report;
        let p = &v.params;
        assert_eq!(r.finance.years, years as u32);
        assert_eq!(r.finance.incentive_years, 20);
        let cf = &r.finance.configuration.cash_flow_eur;
        let community = &r.finance.community.cash_flow_eur;
        let d = |y: usize| (1.0 - p.pv_degradation_pct_per_year / 100.0).powi(y as i32 - 1);
        let energy: f64 = r
            .plants
            .iter()
            .map(|x| x.sales_eur + x.avoided_purchases_eur)
            .sum();
        let om = r.pv_kwp_total * p.pv_om_eur_per_kwp_year;
        for y in 1..=years as usize {
            let fund = if y <= 20 {
                r.fund.incentives_eur * d(y) - r.fund.running_costs_eur
            } else {
                0.0
            };
            let inverter = if y == p.inverter_replacement_year as usize {
                r.pv_kwp_total * p.inverter_replacement_eur_per_kwp
            } else {
                0.0
            };
            let expect = energy * d(y) - om - inverter + fund;
            assert!(
                close(cf[y], expect, 1e-9),
                "year {y}: {} vs {expect}",
                cf[y]
            );
            if y > 20 {
                assert_eq!(community[y], 0.0, "year {y}");
            } else {
                assert!(community[y] > 0.0, "year {y}");
            }
        }
        assert!(close(
            r.finance.configuration.npv_eur,
            npv(p.discount_rate_pct / 100.0, cf),
            1e-12
        ));
    }
}

/// DM 414/2023 art. 7: the grant covers a share of the *eligible* cost, capped per kW by size
/// (1,200 €/kW for 20–200 kW); the tariff is reduced by F = 0.5 × grant/40 % whatever the grant.
#[test]
fn grant_is_computed_on_the_capped_eligible_cost() {
    let v = scenario(
        r#","capex_eur_per_kwp":1500,"capital_grant_pct":40,"capital_grant_kind":"other""#,
        r#","capex_eur_per_kwp":1000,"capital_grant_pct":20,"capital_grant_kind":"other""#,
        "",
    );
    let r = simulate(&v).report;
    // a: 60 kWp × (1,500 − 0.40 × min(1,500, 1,200)) = 60 × 1,020 = 61,200 €.
    assert!(
        close(r.plants[0].capex_eur, 61_200.0, 1e-12),
        "{}",
        r.plants[0].capex_eur
    );
    // b: 40 kWp × (1,000 − 0.20 × 1,000) = 32,000 €.
    assert!(
        close(r.plants[1].capex_eur, 32_000.0, 1e-12),
        "{}",
        r.plants[1].capex_eur
    );
    assert_eq!(r.plants[0].grant_factor, 0.5);
    assert_eq!(r.plants[1].grant_factor, 0.25);
}

/// GSE: the 55 % rule for the plants with the tariff only and the 45 % rule for those with a
/// grant, each on its own plants' injection; a plant without the tariff counts in neither.
#[test]
fn solidarity_quota_is_computed_per_group_on_its_own_injection() {
    let v = scenario(
        "",
        r#","capital_grant_pct":40,"capital_grant_kind":"other""#,
        "",
    );
    let r = simulate(&v).report;
    let q = &r.solidarity_quota;
    assert_eq!(q.groups.len(), 2);
    let mut expect = 0.0;
    for (g, (plant, threshold, kind)) in q.groups.iter().zip([
        (0usize, 0.55, QuotaGroupKind::TariffOnly),
        (1, 0.45, QuotaGroupKind::TariffWithGrant),
    ]) {
        let p = &r.plants[plant];
        assert_eq!(g.group, kind);
        assert_eq!(g.plants, vec![p.id.clone()]);
        assert!(close(g.injected_kwh, p.injected_kwh, 1e-12));
        let ratio = p.shared_kwh / p.injected_kwh;
        assert!(close(g.shared_ratio, ratio, 1e-12));
        expect += (ratio - threshold).max(0.0) * p.tip_eur;
    }
    assert!(
        close(r.solidarity_min_eur, expect, 1e-12),
        "{} vs {expect}",
        r.solidarity_min_eur
    );
    // The old rule (45 % for all once any plant has a grant, on all injection) differs here.
    let old = (r.incentivised_shared_kwh / r.injected_kwh - 0.45).max(0.0) * r.tip_eur;
    assert!((old - expect).abs() > 1.0, "{old} vs {expect}");

    // A plant without the tariff is left out of the ratio's numerator and denominator.
    let v = scenario("", r#","incentive_eligible":false"#, "");
    let r = simulate(&v).report;
    let q = &r.solidarity_quota;
    assert_eq!(q.groups.len(), 1);
    let a = &r.plants[0];
    assert!(close(q.groups[0].injected_kwh, a.injected_kwh, 1e-12));
    let expect = (a.shared_kwh / a.injected_kwh - 0.55).max(0.0) * a.tip_eur;
    assert!(close(r.solidarity_min_eur, expect, 1e-12));
}

/// ARERA TIAD: a CER is paid TRAS_E on all shared energy (10.57 €/MWh in 2024), not BTAU.
#[test]
fn valorisation_is_tras_e_on_all_shared_energy() {
    let v = scenario("", r#","incentive_eligible":false"#, "");
    let r = simulate(&v).report;
    assert!(close(
        r.valorisation_eur,
        r.shared_kwh * 10.57 / 1000.0,
        1e-12
    ));
    assert!(r.incentivised_shared_kwh < r.shared_kwh);
}

/// Eligibility conditions come out as warnings with code, field and both languages; the
/// figures are still computed.
#[test]
fn a_milan_cp_with_a_pnrr_grant_is_warned_and_still_simulated() {
    let v = scenario(
        r#","capital_grant_pct":40,"capital_grant_kind":"pnrr","in_operation_date":"2026-03-01""#,
        r#","existing_plant":true,"incentive_eligible":false,"in_operation_date":"2020-05-01""#,
        r#","community_constituted_date":"2025-10-01""#,
    );
    let r = simulate(&v).report;
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code.as_str()).collect();
    for c in [
        "grant_pnrr_municipality",
        "grant_pnrr_closed",
        "existing_plants_over_30_pct",
        "business_members_sme",
    ] {
        assert!(codes.contains(&c), "{c} missing in {codes:?}");
    }
    let w = r
        .warnings
        .iter()
        .find(|w| w.code == "grant_pnrr_municipality")
        .unwrap();
    assert_eq!(w.field, "plants[0].capital_grant_kind");
    assert!(w.message_it.contains("50.000") && w.message_en.contains("50,000"));
    assert!(r.tip_eur > 0.0);
    // 40 of 100 kWp existing: over 30 %.
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["warnings"][0]["message_en"]
        .as_str()
        .unwrap()
        .contains("40 %"));
}

/// The fund's reach is never mixed up: members supported ≤ energy-poor members; the rest are
/// families in the area.
#[test]
fn families_supported_are_split_into_members_and_area() {
    for count in [0u32, 3, 30, 300] {
        let v = scenario(
            "",
            "",
            r#","parameters":{"support_target_eur_per_household":50}"#,
        );
        let mut v = v;
        v.scenario.members[1].count = count;
        let r = simulate(&v).report;
        let ep = &r.energy_poverty;
        assert!(ep.members_supportable_at_target <= count);
        assert_eq!(
            ep.members_supportable_at_target + ep.area_households_beyond_members,
            ep.households_supportable_at_target
        );
        assert_eq!(
            ep.households_supportable_at_target,
            (r.fund.energy_poor_eur / 50.0).floor() as u32
        );
        assert!(close(
            r.fund.social_eur,
            r.fund.energy_poor_eur + r.fund.territorial_eur,
            1e-12
        ));
    }
}

/// The solar capture factor lowers the price on sunny hours: sales fall, the tariff's
/// variable part rises; at 1.0 the band averages are used unchanged.
#[test]
fn solar_capture_factor_moves_sales_and_tariff_the_right_way() {
    let flat = simulate(&scenario(
        "",
        "",
        r#","parameters":{"solar_capture_factor":1.0}"#,
    ))
    .report;
    let low = simulate(&scenario(
        "",
        "",
        r#","parameters":{"solar_capture_factor":0.8}"#,
    ))
    .report;
    assert!(low.sales_eur < flat.sales_eur);
    assert!(low.tip_eur >= flat.tip_eur);
    assert!(close(low.shared_kwh, flat.shared_kwh, 1e-12));
}

/// Sensitivity knobs scale what they say.
#[test]
fn scale_parameters_scale_loads_production_members_and_cost() {
    let base = simulate(&scenario("", "", "")).report;
    let r = simulate(&scenario(
        "",
        "",
        r#","parameters":{"load_scale_pct":110,"pv_yield_scale_pct":95,"capex_scale_pct":120}"#,
    ))
    .report;
    assert!(close(r.consumption_kwh, 1.1 * base.consumption_kwh, 1e-9));
    assert!(close(r.production_kwh, 0.95 * base.production_kwh, 1e-9));
    assert!(close(
        r.finance.capex_eur,
        1.2 * base.finance.capex_eur,
        1e-9
    ));
    let r = simulate(&scenario(
        "",
        "",
        r#","parameters":{"participation_pct":50}"#,
    ))
    .report;
    // 120 → 60 households, 30 → 15 energy-poor, 6 → 3 shops.
    assert_eq!(r.members_total, 78);
}

/// A producer's bill (F1/F2/F3 kWh a year) reshapes its category's profile band by band, and
/// a metered curve is used as it is: the hourly consumption keeps both exactly.
#[test]
fn bills_and_curves_are_kept_hour_by_hour() {
    use cer_planner::calendar::{band_index, Calendar};
    let mut v = scenario("", "", "");
    let mut g = cer_planner::scenario::MemberGroup::new("school", 1);
    g.name = Some("Scuola".into());
    g.band_kwh = Some([30_000.0, 8_000.0, 12_000.0]);
    v.scenario.members = vec![g];
    let v = cer_planner::scenario::validate(v.scenario).unwrap();
    let sim = simulate(&v);
    let cal = Calendar::new(v.scenario.calendar_year);
    let mut bands = [0.0; 3];
    for (t, h) in cal.hours.iter().enumerate() {
        bands[band_index(h.band)] += sim.hourly.consumption_kwh[t];
    }
    for (b, want) in bands.iter().zip([30_000.0, 8_000.0, 12_000.0]) {
        assert!(close(*b, want, 1e-9), "{bands:?}");
    }
    // A metered curve: consumption equals it hour by hour.
    let curve: Vec<f64> = (0..8760).map(|t| 1.0 + (t % 24) as f64 * 0.1).collect();
    let mut w = v.scenario.clone();
    w.members[0].band_kwh = None;
    w.members[0].hourly_kwh = Some(curve.clone());
    let sim = simulate(&cer_planner::scenario::validate(w).unwrap());
    assert_eq!(sim.hourly.consumption_kwh.len(), curve.len());
    for (t, (got, want)) in sim.hourly.consumption_kwh.iter().zip(&curve).enumerate() {
        assert!(close(*got, *want, 1e-12), "hour {t}");
    }
}

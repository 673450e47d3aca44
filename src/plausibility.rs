//! Inputs that are valid but look like a unit mistake, as warnings to check (the same
//! [`Warning`] as the eligibility conditions, severity [`Severity::Check`]): the scenario still
//! simulates as given, and the warning names the field, the value and what was expected. Pure.
//!
//! * A member group's annual consumption far from its category's (more than 20 times smaller
//!   or larger than the category's default, `profiles/defaults.json`, from ARERA and the
//!   consumption benchmarks in `../shared/data`): 3.5 for a household is MWh typed as kWh.
//! * Hourly zonal prices that look like €/kWh where €/MWh are expected
//!   ([`crate::price::looks_per_kwh`]): the CSV reader refuses such a file, a scenario file may
//!   still carry one.

use crate::eligibility::{Severity, Warning};
use crate::scenario::ValidScenario;

/// How far (a factor either way) a group's annual consumption may be from its category's
/// default before it is flagged.
pub const ANNUAL_FACTOR: f64 = 20.0;

/// The warnings of a scenario, in the order of its members, then the prices.
pub fn check(v: &ValidScenario) -> Vec<Warning> {
    let mut out = Vec::new();
    annual_consumption(v, &mut out);
    prices_per_kwh(v, &mut out);
    out
}

fn annual_consumption(v: &ValidScenario, out: &mut Vec<Warning>) {
    use crate::format::{number, Lang};
    // One decimal below 100 (3,5 kWh; 25,3 times), none above, in either language.
    let num = |x: f64, lang| number(x, if x < 100.0 { 1 } else { 0 }, lang);
    let it = |x| num(x, Lang::It);
    let en = |x| num(x, Lang::En);
    for (i, g) in v.scenario.members.iter().enumerate() {
        let (Some(kwh), Some(cat)) = (
            g.annual_kwh,
            crate::params::defaults().categories.get(&g.category),
        ) else {
            continue;
        };
        if g.hourly_kwh.is_some() || cat.annual_kwh <= 0.0 {
            continue; // a metered curve replaces annual_kwh
        }
        let ratio = kwh / cat.annual_kwh;
        if (1.0 / ANNUAL_FACTOR..=ANNUAL_FACTOR).contains(&ratio) {
            continue;
        }
        let (less_it, less_en) = if ratio < 1.0 {
            ("meno", "less")
        } else {
            ("più", "more")
        };
        let times = if ratio < 1.0 { 1.0 / ratio } else { ratio };
        out.push(Warning {
            code: "annual_kwh_far_from_category".into(),
            field: format!("members[{i}].annual_kwh"),
            severity: Severity::Check,
            affects: vec!["shared_kwh".into(), "finance".into()],
            message_it: format!(
                "Verificare: {} kWh l'anno per ogni membro «{}» sono {} volte {less_it} del valore tipico della categoria ({} kWh): il valore è in kWh l'anno per membro?",
                it(kwh), cat.label_it, it(times), it(cat.annual_kwh)
            ),
            message_en: format!(
                "Check: {} kWh a year for each '{}' member is {} times {less_en} than the category's typical value ({} kWh): is it in kWh a year per member?",
                en(kwh), cat.label_en, en(times), en(cat.annual_kwh)
            ),
        });
    }
}

fn prices_per_kwh(v: &ValidScenario, out: &mut Vec<Warning>) {
    let Some(p) = &v.scenario.hourly_price_eur_per_mwh else {
        return;
    };
    let Some(mean_abs) = crate::price::looks_per_kwh(p) else {
        return;
    };
    out.push(Warning {
        code: "hourly_prices_look_per_kwh".into(),
        field: "hourly_price_eur_per_mwh".into(),
        severity: Severity::Check,
        affects: vec!["tip_eur".into(), "finance".into()],
        message_it: format!(
            "Verificare: i prezzi orari hanno media {} e nessuno supera 5: sembrano €/kWh, ma servono €/MWh (0,12 €/kWh = 120 €/MWh).",
            crate::format::number(mean_abs, 3, crate::format::Lang::It)
        ),
        message_en: format!(
            "Check: the hourly prices average {mean_abs:.3} and none exceeds 5: they look like €/kWh, but €/MWh are needed (0.12 €/kWh = 120 €/MWh)."
        ),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{parse_and_validate, MemberGroup};

    fn scenario_with(edit: impl FnOnce(&mut crate::scenario::Scenario)) -> ValidScenario {
        let text = std::fs::read_to_string("profiles/scenarios/bovisa.json").unwrap();
        let mut s: crate::scenario::Scenario = serde_json::from_str(&text).unwrap();
        edit(&mut s);
        parse_and_validate(&serde_json::to_string(&s).unwrap()).unwrap()
    }

    /// The preset with one more group of ten households consuming `annual_kwh` each, and
    /// a flat hourly price.
    fn with_households(name: &str, annual_kwh: f64, price: f64) -> ValidScenario {
        scenario_with(|s| {
            let mut g = MemberGroup::new("household", 10);
            g.name = Some(name.into());
            g.annual_kwh = Some(annual_kwh);
            s.members.push(g);
            s.hourly_price_eur_per_mwh = Some(vec![price; 8760]);
        })
    }

    #[test]
    fn unit_mistakes_are_flagged_and_typical_inputs_are_not() {
        assert!(check(&scenario_with(|_| {})).is_empty(), "the preset");
        let v = with_households("Condominio di via Tal dei Tali", 3.5, 0.11);
        let w = check(&v);
        let i = v.scenario.members.len() - 1;
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(w[0].field, format!("members[{i}].annual_kwh"));
        assert!(
            w[0].message_it.starts_with("Verificare: 3,5 kWh l'anno"),
            "{}",
            w[0].message_it
        );
        assert!(
            w[0].message_en.starts_with("Check: 3.5 kWh a year"),
            "{}",
            w[0].message_en
        );
        assert!(w[0]
            .message_en
            .contains("times less than the category's typical value"));
        assert_eq!(w[1].code, "hourly_prices_look_per_kwh");
        assert!(w[1].message_it.contains("media 0,110"));
        // Within a factor of 20 either way, and a flat price of 0 €/MWh, are not flagged.
        let v = with_households("Case con piscina", 20_000.0, 0.0);
        assert!(check(&v).is_empty(), "{:?}", check(&v));
    }
}

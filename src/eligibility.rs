//! Eligibility conditions of the tariff and of capital grants, as warnings. A scenario that
//! breaks a condition still simulates: the warning names the condition, the field and the
//! figures it affects, in Italian and English. Sources: D.Lgs. 199/2021 art. 31, DM MASE
//! 414/2023 as amended by DM MASE 127/2025, GSE Regole operative CACER, Lombardy's 2025 CER
//! call (`../shared/domain/cer-rules.md`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::params::defaults;
use crate::scenario::{parse_date, GrantKind, OwnerType, ValidScenario};

/// Inhabitants of Milan assumed when a scenario does not state its municipality's (ISTAT,
/// resident population ≈ 1.37 million in 2024); only compared with the 50,000 PNRR limit.
pub const MILAN_POPULATION: u32 = 1_370_000;
/// PNRR grants: municipalities under this many inhabitants (DM 127/2025; 5,000 in DM 414).
pub const PNRR_MAX_POPULATION: u32 = 50_000;
/// Largest share of the community's power that existing plants may have (D.Lgs. 199/2021
/// art. 31).
pub const EXISTING_PLANTS_MAX_SHARE: f64 = 0.30;

/// Last day a plant may enter operation for the tariff (DM 414/2023 as amended: 31 Dec 2027,
/// or earlier when the 5 GW contingent is used up).
pub fn tariff_window_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 12, 31).expect("valid date")
}

/// Plants in operation before this day (D.Lgs. 199/2021 in force: 16 Dec 2021) get no tariff.
pub fn dlgs_199_in_force() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 12, 16).expect("valid date")
}

/// How a warning bears on the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The scenario as given breaks the condition: the figures named are overstated.
    Breaks,
    /// A condition the scenario cannot show: the planner must check it.
    Check,
}

/// One eligibility warning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// Stable identifier, e.g. `grant_pnrr_municipality`.
    pub code: String,
    /// Field of the scenario it is about, e.g. `plants[2].capital_grant_kind`.
    pub field: String,
    /// Whether the scenario breaks it or the planner must check it.
    pub severity: Severity,
    /// Report keys of the figures it affects, e.g. `tip_eur`.
    pub affects: Vec<String>,
    /// Message in Italian.
    pub message_it: String,
    /// Message in English.
    pub message_en: String,
}

fn warn(
    out: &mut Vec<Warning>,
    code: &str,
    field: String,
    severity: Severity,
    affects: &[&str],
    it: String,
    en: String,
) {
    out.push(Warning {
        code: code.into(),
        field,
        severity,
        affects: affects.iter().map(|s| s.to_string()).collect(),
        message_it: it,
        message_en: en,
    });
}

/// Every warning of a scenario, in a stable order (scenario-level first, then by plant).
pub fn check(v: &ValidScenario) -> Vec<Warning> {
    let s = &v.scenario;
    let mut out = Vec::new();
    let population = s.municipality_population.unwrap_or(MILAN_POPULATION);
    let constituted = s.community_constituted_date.as_deref().and_then(parse_date);
    existing_plants_share(s, constituted, &mut out);
    business_members(s, &mut out);
    tariff_window(s, &mut out);
    for (i, p) in s.plants.iter().enumerate() {
        plant_dates(i, p, constituted, &mut out);
        plant_grant(i, p, population, &mut out);
    }
    out
}

/// Existing plants: at most 30 % of the community's power (a plant is existing when it is
/// marked so, or entered operation before D.Lgs. 199/2021 or before the community).
fn existing_plants_share(
    s: &crate::scenario::Scenario,
    constituted: Option<NaiveDate>,
    out: &mut Vec<Warning>,
) {
    let total_kwp: f64 = s.plants.iter().map(|p| p.kwp).sum();
    let is_existing = |p: &crate::scenario::Plant| {
        p.existing_plant
            || p.in_operation_date
                .as_deref()
                .and_then(parse_date)
                .is_some_and(|d| d < dlgs_199_in_force() || constituted.is_some_and(|c| d < c))
    };
    let existing_kwp: f64 = s
        .plants
        .iter()
        .filter(|p| is_existing(p))
        .map(|p| p.kwp)
        .sum();
    if total_kwp > 0.0 && existing_kwp / total_kwp > EXISTING_PLANTS_MAX_SHARE + 1e-12 {
        let pct = 100.0 * existing_kwp / total_kwp;
        warn(
            out,
            "existing_plants_over_30_pct",
            "plants".into(),
            Severity::Breaks,
            &["shared_kwh", "tip_eur", "valorisation_eur"],
            format!("Gli impianti già esistenti prima della comunità sono il {pct:.0} % della potenza: al massimo il 30 % (D.Lgs. 199/2021 art. 31). La configurazione così non è una CER ammissibile."),
            format!("Plants that existed before the community make up {pct:.0} % of the power: at most 30 % is allowed (D.Lgs. 199/2021 art. 31). As given, the configuration is not an admissible CER."),
        );
    }
}

/// Business members must be SMEs whose main activity is not energy (a check to make).
fn business_members(s: &crate::scenario::Scenario, out: &mut Vec<Warning>) {
    let cats = &defaults().categories;
    let business: Vec<(String, String)> = s
        .members
        .iter()
        .filter_map(|g| cats.get(&g.category).filter(|c| g.count > 0 && c.business))
        .map(|c| (c.label_it.to_lowercase(), c.label_en.to_lowercase()))
        .collect();
    if !business.is_empty() {
        let it: Vec<&str> = business.iter().map(|b| b.0.as_str()).collect();
        let en: Vec<&str> = business.iter().map(|b| b.1.as_str()).collect();
        warn(
            out,
            "business_members_sme",
            "members".into(),
            Severity::Check,
            &["members_total"],
            format!("Verificare: i membri impresa ({}) devono essere PMI la cui attività principale non è l'energia (D.Lgs. 199/2021 art. 31).", it.join(", ")),
            format!("Check: business members ({}) must be SMEs whose main activity is not energy (D.Lgs. 199/2021 art. 31).", en.join(", ")),
        );
    }
}

/// The tariff window: a check to make when an eligible plant has no date of entry into
/// operation.
fn tariff_window(s: &crate::scenario::Scenario, out: &mut Vec<Warning>) {
    let undated_eligible = s
        .plants
        .iter()
        .any(|p| p.incentive_eligible && p.in_operation_date.is_none());
    if undated_eligible {
        warn(
            out,
            "tariff_window",
            "plants".into(),
            Severity::Check,
            &["tip_eur"],
            "Verificare: la tariffa premio spetta agli impianti entrati in esercizio entro il 31/12/2027 (o fino all'esaurimento dei 5 GW) e dopo la costituzione della CER. Indicare la data di entrata in esercizio di ogni impianto per il controllo.".into(),
            "Check: the premium tariff goes to plants that enter operation by 31/12/2027 (or until the 5 GW contingent is used) and after the CER is constituted. Give each plant's date of entry into operation to check it.".into(),
        );
    }
}

/// Plant `i`'s date of entry into operation against the tariff's window, D.Lgs. 199/2021 and
/// the community's constitution; an existing plant marked as eligible.
fn plant_dates(
    i: usize,
    p: &crate::scenario::Plant,
    constituted: Option<NaiveDate>,
    out: &mut Vec<Warning>,
) {
    let f = format!("plants[{i}]");
    let date = p.in_operation_date.as_deref().and_then(parse_date);
    if p.incentive_eligible {
        if let Some(d) = date {
            let shown = d.format("%d/%m/%Y").to_string();
            if d > tariff_window_end() {
                warn(out, "tariff_window_closed", format!("{f}.in_operation_date"), Severity::Breaks, &["tip_eur"],
                    format!("Impianto '{}': entra in esercizio il {shown}, dopo il 31/12/2027, termine della tariffa premio (DM 414/2023).", p.id),
                    format!("Plant '{}': enters operation on {shown}, after 31/12/2027, when the premium tariff closes (DM 414/2023).", p.id));
            }
            if d < dlgs_199_in_force() {
                warn(out, "plant_before_dlgs_199", format!("{f}.in_operation_date"), Severity::Breaks, &["tip_eur"],
                    format!("Impianto '{}': in esercizio dal {shown}, prima del 16/12/2021: non ha diritto alla tariffa premio (conta solo per la valorizzazione ARERA).", p.id),
                    format!("Plant '{}': in operation since {shown}, before 16/12/2021: it gets no premium tariff (it counts only for the ARERA valorisation).", p.id));
            } else if let Some(c) = constituted.filter(|c| d < *c) {
                warn(out, "plant_before_community", format!("{f}.in_operation_date"), Severity::Breaks, &["tip_eur"],
                    format!("Impianto '{}': entra in esercizio il {shown}, prima della costituzione della comunità ({}): per una CER non ha diritto alla tariffa premio.", p.id, c.format("%d/%m/%Y")),
                    format!("Plant '{}': enters operation on {shown}, before the community was constituted ({}): in a CER it gets no premium tariff.", p.id, c.format("%d/%m/%Y")));
            }
        }
        if p.existing_plant {
            warn(out, "existing_plant_with_tariff", format!("{f}.existing_plant"), Severity::Breaks, &["tip_eur"],
                format!("Impianto '{}': è un impianto esistente ma è indicato come incentivabile; la tariffa spetta solo ai nuovi impianti o alla potenza aggiunta da un potenziamento.", p.id),
                format!("Plant '{}': an existing plant marked as eligible for the tariff; only new plants, or the power added by an upgrade, get it.", p.id));
        }
    }
}

/// Plant `i`'s capital grant against its call's conditions (PNRR: small municipalities and a
/// closed window; Lombardy's: public owners; any: at most 40 % with the tariff).
fn plant_grant(i: usize, p: &crate::scenario::Plant, population: u32, out: &mut Vec<Warning>) {
    let f = format!("plants[{i}]");
    let grant_figures = ["capex_eur", "finance", "tip_eur"];
    if p.capital_grant_pct <= 0.0 {
        return;
    }
    let kind_field = format!("{f}.capital_grant_kind");
    match p.capital_grant_kind {
        None => warn(out, "grant_kind_missing", kind_field, Severity::Check, &grant_figures,
            format!("Impianto '{}': contributo in conto capitale del {} % senza indicare quale bando; ogni bando ha le sue condizioni (il PNRR non è aperto a Milano).", p.id, p.capital_grant_pct),
            format!("Plant '{}': a {} % capital grant without saying which call; each call has its own conditions (PNRR is not open to Milan).", p.id, p.capital_grant_pct)),
        Some(GrantKind::Pnrr) => {
            if population >= PNRR_MAX_POPULATION {
                warn(out, "grant_pnrr_municipality", kind_field.clone(), Severity::Breaks, &grant_figures,
                    format!("Impianto '{}': il contributo PNRR è riservato ai comuni sotto i 50.000 abitanti (DM 127/2025); il comune della configurazione ne ha circa {}. Milano non può ottenerlo.", p.id, crate::format::number(population as f64, 0, crate::format::Lang::It)),
                    format!("Plant '{}': the PNRR grant is only for municipalities under 50,000 inhabitants (DM 127/2025); the configuration's has about {}. Milan cannot get it.", p.id, crate::format::number(population as f64, 0, crate::format::Lang::En)));
            }
            warn(out, "grant_pnrr_closed", kind_field, Severity::Breaks, &grant_figures,
                format!("Impianto '{}': lo sportello PNRR per le CER si è chiuso il 30/11/2025 e i lavori andavano conclusi entro il 30/06/2026.", p.id),
                format!("Plant '{}': the PNRR call for CERs closed on 30/11/2025 and works were due by 30/06/2026.", p.id));
        }
        Some(GrantKind::Regional) => {
            let public = matches!(p.owner, OwnerType::Public | OwnerType::School | OwnerType::University);
            if !public {
                warn(out, "grant_regional_owner", kind_field.clone(), Severity::Breaks, &grant_figures,
                    format!("Impianto '{}': il bando CER di Regione Lombardia (2025) finanziava impianti di soggetti pubblici su edifici pubblici; questo impianto non ha un proprietario pubblico.", p.id),
                    format!("Plant '{}': Lombardy's CER call (2025) funded plants of public owners on public buildings; this plant's owner is not public.", p.id));
            }
            warn(out, "grant_regional_window", kind_field, Severity::Check, &grant_figures,
                format!("Impianto '{}': verificare che ci sia un bando regionale aperto; le finestre del bando lombardo 2025 sono chiuse.", p.id),
                format!("Plant '{}': check that a regional call is open; the windows of Lombardy's 2025 call have closed.", p.id));
        }
        Some(GrantKind::Other) => warn(out, "grant_other", kind_field, Severity::Check, &grant_figures,
            format!("Impianto '{}': contributo pubblico in conto capitale del {} %: cumulabile con la tariffa solo fino al 40 %, che riduce del fattore F.", p.id, p.capital_grant_pct),
            format!("Plant '{}': a {} % public capital grant: combinable with the tariff only up to 40 %, and it reduces the tariff by the factor F.", p.id, p.capital_grant_pct)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse_and_validate;

    const BASE: &str = r#"{"schema_version":1,"name":"t","cp":{"name":"X","code":"AC001E00934"},
        "members":[{"category":"household","count":10}],
        "plants":[{"id":"a","owner":"school","kwp":50,"tilt_deg":30,"azimuth_deg":180,
                   "in_operation_date":"2026-06-01"PLANT_A},
                  {"id":"b","owner":"company","kwp":50,"tilt_deg":30,"azimuth_deg":180,
                   "in_operation_date":"2026-06-01"PLANT_B}]TOP}"#;

    fn codes(a: &str, b: &str, top: &str) -> Vec<String> {
        let text = BASE
            .replace("PLANT_A", a)
            .replace("PLANT_B", b)
            .replace("TOP", top);
        let v = parse_and_validate(&text).unwrap_or_else(|e| panic!("{e:?}"));
        check(&v).into_iter().map(|w| w.code).collect()
    }

    #[test]
    fn a_clean_configuration_has_no_warning() {
        assert!(codes("", "", "").is_empty());
    }

    #[test]
    fn pnrr_in_milan_is_flagged_and_small_towns_only_for_the_closed_call() {
        let c = codes(
            r#","capital_grant_pct":40,"capital_grant_kind":"pnrr""#,
            "",
            "",
        );
        assert!(c.contains(&"grant_pnrr_municipality".into()), "{c:?}");
        assert!(c.contains(&"grant_pnrr_closed".into()), "{c:?}");
        let c = codes(
            r#","capital_grant_pct":40,"capital_grant_kind":"pnrr""#,
            "",
            r#","municipality_population":4000"#,
        );
        assert!(!c.contains(&"grant_pnrr_municipality".into()), "{c:?}");
        let c = codes(r#","capital_grant_pct":20"#, "", "");
        assert_eq!(c, vec!["grant_kind_missing".to_string()]);
        let c = codes(
            "",
            r#","capital_grant_pct":20,"capital_grant_kind":"regional""#,
            "",
        );
        assert!(c.contains(&"grant_regional_owner".into()), "{c:?}");
    }

    #[test]
    fn dates_and_existing_plants() {
        let c = codes(
            r#","existing_plant":true,"incentive_eligible":false"#,
            "",
            "",
        );
        assert!(c.contains(&"existing_plants_over_30_pct".into()), "{c:?}");
        let c = codes("", "", r#","community_constituted_date":"2026-09-01""#);
        assert_eq!(
            c.iter().filter(|x| *x == "plant_before_community").count(),
            2
        );
        // Both plants predate the community: 100 % existing.
        assert!(c.contains(&"existing_plants_over_30_pct".into()), "{c:?}");
        let text = BASE
            .replace(
                "\"in_operation_date\":\"2026-06-01\"PLANT_A",
                "\"in_operation_date\":\"2028-01-10\"",
            )
            .replace("PLANT_B", "")
            .replace("TOP", "");
        let v = parse_and_validate(&text).unwrap();
        let c: Vec<String> = check(&v).into_iter().map(|w| w.code).collect();
        assert_eq!(c, vec!["tariff_window_closed".to_string()]);
    }
}

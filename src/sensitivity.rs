//! How sure each figure is: a one-at-a-time tornado over the main uncertain inputs, each moved
//! to the ends of a sourced range, and a P10–P50–P90 band of the configuration's NPV over
//! seeded price and consumption scenarios. Every run is an ordinary [`simulate`] of the
//! scenario with its `parameters` changed (and, for the band, its diversity seed), and each
//! run reports the parameters it applied, so anyone can re-simulate it.

use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::SeedableRng;
use rand_distr::{Distribution, Normal};
use serde::{Deserialize, Serialize};

use crate::load::derive_seed;
use crate::params::defaults;
use crate::report::Report;
use crate::scenario::{validate, ValidScenario};
use crate::simulate::simulate;

/// One uncertain input and the range it is moved over.
#[derive(Debug, Clone, Copy)]
pub struct UncertainInput {
    /// Identifier, e.g. `zonal_price`.
    pub input: &'static str,
    /// Italian name.
    pub label_it: &'static str,
    /// English name.
    pub label_en: &'static str,
    /// The parameter it moves (`profiles/defaults.json`).
    pub parameter: &'static str,
    /// Low end: added to the scenario's value when `relative`, else the value itself.
    pub low: f64,
    /// See `low`.
    pub high: f64,
    /// `true`: `low`/`high` are added to the scenario's value; `false`: they are the values.
    pub relative: bool,
    /// Where the range comes from.
    pub source: &'static str,
    /// The same, in Italian.
    pub source_it: &'static str,
}

/// The inputs of the tornado and their ranges.
pub const INPUTS: [UncertainInput; 7] = [
    UncertainInput {
        input: "zonal_price",
        label_it: "Prezzo zonale dell'energia (± 30 €/MWh)",
        label_en: "Zonal energy price (± 30 €/MWh)",
        parameter: "zonal_price_offset_eur_per_mwh",
        low: -30.0,
        high: 30.0,
        relative: true,
        source: "GME PUN monthly means 2024–2025 ranged about 94–150 €/MWh around a year of ≈ 110",
        source_it: "Medie mensili del PUN (GME) 2024–2025 fra circa 94 e 150 €/MWh attorno a un anno di ≈ 110",
    },
    UncertainInput {
        input: "solar_capture",
        label_it: "Prezzo nelle ore di sole (fattore di cattura 0,80–1,00)",
        label_en: "Price in sunny hours (capture factor 0.80–1.00)",
        parameter: "solar_capture_factor",
        low: 0.8,
        high: 1.0,
        relative: false,
        source: "Assumption: solar capture rates in Italy reported around 0.85–0.95 in 2024–2025",
        source_it: "Ipotesi: fattori di cattura del solare in Italia riportati intorno a 0,85–0,95 nel 2024–2025",
    },
    UncertainInput {
        input: "consumption",
        label_it: "Consumo dei membri (± 15 %)",
        label_en: "Members' consumption (± 15 %)",
        parameter: "load_scale_pct",
        low: 85.0,
        high: 115.0,
        relative: false,
        source: "ARERA 2024 Milan households: 1,627 to 2,462 kWh/yr between contract classes; ± 15 % on the category means",
        source_it: "Famiglie milanesi ARERA 2024: da 1.627 a 2.462 kWh/anno fra le classi di contratto; ± 15 % sulle medie delle categorie",
    },
    UncertainInput {
        input: "pv_yield",
        label_it: "Produzione fotovoltaica (± 5 %)",
        label_en: "PV yield (± 5 %)",
        parameter: "pv_yield_scale_pct",
        low: 95.0,
        high: 105.0,
        relative: false,
        source: "Year-to-year spread of PV yield in northern Italy ≈ ± 5 % around the PVGIS typical year",
        source_it: "Variazione da un anno all'altro della produzione FV nel Nord Italia ≈ ± 5 % attorno all'anno tipo PVGIS",
    },
    UncertainInput {
        input: "participation",
        label_it: "Adesione dei membri non impegnati (80–100 %)",
        label_en: "Participation of non-committed members (80–100 %)",
        parameter: "participation_pct",
        low: 80.0,
        high: 100.0,
        relative: false,
        source: "Assumption: up to one in five recruited but not committed members does not join",
        source_it: "Ipotesi: fino a un membro su cinque, reclutato ma non impegnato, non aderisce",
    },
    UncertainInput {
        input: "capex",
        label_it: "Costo degli impianti (−15 % / +20 %)",
        label_en: "Plant cost (−15 % / +20 %)",
        parameter: "capex_scale_pct",
        low: 85.0,
        high: 120.0,
        relative: false,
        source: "Rooftop PV market range 800–1,200 €/kWp for large roofs (cer-rules.md)",
        source_it: "Intervallo di mercato del FV su tetto 800–1.200 €/kWp per tetti grandi (cer-rules.md)",
    },
    UncertainInput {
        input: "discount_rate",
        label_it: "Tasso di sconto (3–5 %)",
        label_en: "Discount rate (3–5 %)",
        parameter: "discount_rate_pct",
        low: 3.0,
        high: 5.0,
        relative: false,
        source: "Range 3–5 % real (cer-rules.md)",
        source_it: "Intervallo 3–5 % reale (cer-rules.md)",
    },
];

/// Runs of the NPV band.
pub const BAND_RUNS: u32 = 40;
/// Standard deviation of the yearly price level in the band, €/MWh.
pub const BAND_PRICE_SIGMA_EUR_PER_MWH: f64 = 20.0;
/// Standard deviation of the members' consumption in the band, %.
pub const BAND_LOAD_SIGMA_PCT: f64 = 8.0;

/// The key figures of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyFigures {
    /// Shared energy, kWh/yr.
    pub shared_kwh: f64,
    /// Tariffa premio, €/yr.
    pub tip_eur: f64,
    /// Net solidarity fund, €/yr.
    pub net_fund_eur: f64,
    /// Energy-poor members the fund supports at the target.
    pub ep_members_supported: u32,
    /// Households (members or not) the fund could support at the target.
    pub households_supportable: u32,
    /// Configuration NPV over the horizon, €.
    pub configuration_npv_eur: f64,
}

impl KeyFigures {
    /// The key figures of a report.
    pub fn of(r: &Report) -> KeyFigures {
        KeyFigures {
            shared_kwh: r.shared_kwh,
            tip_eur: r.tip_eur,
            net_fund_eur: r.fund.net_fund_eur,
            ep_members_supported: r.energy_poverty.members_supportable_at_target,
            households_supportable: r.energy_poverty.households_supportable_at_target,
            configuration_npv_eur: r.finance.configuration.npv_eur,
        }
    }
}

/// One run of the tornado: an input at one end of its range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TornadoRun {
    /// Input identifier.
    pub input: String,
    /// Italian name.
    pub label_it: String,
    /// English name.
    pub label_en: String,
    /// `low` or `high`.
    pub side: String,
    /// The scenario's `parameters` as applied in this run (merge into the scenario to
    /// re-simulate it).
    pub parameters: BTreeMap<String, f64>,
    /// Where the range comes from.
    pub source: String,
    /// The same, in Italian.
    #[serde(default)]
    pub source_it: String,
    /// The key figures this run gave.
    #[serde(flatten)]
    pub figures: KeyFigures,
}

/// The whole sensitivity analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityReport {
    /// The scenario as given.
    pub base: KeyFigures,
    /// Two runs per input (low, high), inputs in [`INPUTS`] order.
    pub tornado: Vec<TornadoRun>,
    /// NPV percentiles over the seeded band, €.
    pub npv_p10_eur: f64,
    /// Median.
    pub npv_p50_eur: f64,
    /// 90th percentile.
    pub npv_p90_eur: f64,
    /// Net fund percentiles over the band, €/yr.
    pub net_fund_p10_eur: f64,
    /// 90th percentile of the net fund.
    pub net_fund_p90_eur: f64,
    /// Runs in the band.
    pub band_runs: u32,
    /// How the band was drawn.
    pub band_method: String,
}

/// The value a parameter has in a scenario (its override or the default).
fn current(v: &ValidScenario, name: &str) -> f64 {
    v.scenario
        .parameters
        .get(name)
        .copied()
        .unwrap_or_else(|| defaults().parameters[name].value)
}

/// The scenario with `changes` merged into its parameters, each clamped to its declared range.
fn with_parameters(v: &ValidScenario, changes: &[(&str, f64)]) -> Option<ValidScenario> {
    let mut s = v.scenario.clone();
    for (k, x) in changes {
        let m = &defaults().parameters[*k];
        s.parameters.insert(k.to_string(), x.clamp(m.min, m.max));
    }
    validate(s).ok()
}

/// Percentile `q` (0–1) of sorted values, by linear interpolation.
fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let x = q * (sorted.len() - 1) as f64;
    let (i, f) = (x.floor() as usize, x - x.floor());
    let j = (i + 1).min(sorted.len() - 1);
    sorted[i] * (1.0 - f) + sorted[j] * f
}

/// Runs the analysis; `progress(done, total)` after each simulation.
pub fn sensitivity(v: &ValidScenario, progress: &mut dyn FnMut(u32, u32)) -> SensitivityReport {
    let total = 1 + 2 * INPUTS.len() as u32 + BAND_RUNS;
    let mut done = 0;
    let mut tick = |progress: &mut dyn FnMut(u32, u32)| {
        done += 1;
        progress(done, total);
    };
    let base = KeyFigures::of(&simulate(v).report);
    tick(progress);
    let mut tornado = Vec::with_capacity(2 * INPUTS.len());
    for inp in INPUTS {
        for (side, change) in [("low", inp.low), ("high", inp.high)] {
            let value = if inp.relative {
                current(v, inp.parameter) + change
            } else {
                change
            };
            let Some(w) = with_parameters(v, &[(inp.parameter, value)]) else {
                continue;
            };
            let k = KeyFigures::of(&simulate(&w).report);
            tick(progress);
            tornado.push(TornadoRun {
                input: inp.input.into(),
                label_it: inp.label_it.into(),
                label_en: inp.label_en.into(),
                side: side.into(),
                parameters: w.scenario.parameters.clone(),
                source: inp.source.into(),
                source_it: inp.source_it.into(),
                figures: k,
            });
        }
    }
    // The band: price level and consumption drawn together, with a new diversity seed.
    let mut rng = StdRng::seed_from_u64(derive_seed(v.scenario.seed, "sensitivity-band"));
    let price = Normal::new(0.0, BAND_PRICE_SIGMA_EUR_PER_MWH).expect("σ > 0");
    let load = Normal::new(100.0, BAND_LOAD_SIGMA_PCT).expect("σ > 0");
    let (offset0, load0) = (
        current(v, "zonal_price_offset_eur_per_mwh"),
        current(v, "load_scale_pct"),
    );
    let mut npvs = Vec::with_capacity(BAND_RUNS as usize);
    let mut funds = Vec::with_capacity(BAND_RUNS as usize);
    for i in 0..BAND_RUNS {
        let dp: f64 = price.sample(&mut rng);
        let dl: f64 = load.sample(&mut rng);
        if let Some(mut w) = with_parameters(
            v,
            &[
                ("zonal_price_offset_eur_per_mwh", offset0 + dp),
                ("load_scale_pct", load0 * dl / 100.0),
            ],
        ) {
            w.scenario.seed = derive_seed(v.scenario.seed, &format!("band/{i}"));
            let r = simulate(&w).report;
            npvs.push(r.finance.configuration.npv_eur);
            funds.push(r.fund.net_fund_eur);
        }
        tick(progress);
    }
    npvs.sort_by(|a, b| a.total_cmp(b));
    funds.sort_by(|a, b| a.total_cmp(b));
    SensitivityReport {
        base,
        tornado,
        npv_p10_eur: percentile(&npvs, 0.1),
        npv_p50_eur: percentile(&npvs, 0.5),
        npv_p90_eur: percentile(&npvs, 0.9),
        net_fund_p10_eur: percentile(&funds, 0.1),
        net_fund_p90_eur: percentile(&funds, 0.9),
        band_runs: npvs.len() as u32,
        band_method: format!(
            "{BAND_RUNS} simulations; in each, the yearly price level moves by a normal draw \
             (σ = {BAND_PRICE_SIGMA_EUR_PER_MWH} €/MWh, zonal_price_offset_eur_per_mwh), the \
             members' consumption by a normal draw (σ = {BAND_LOAD_SIGMA_PCT} %, \
             load_scale_pct) and the load diversity by a new seed; seeded from the scenario's \
             seed, so the band is reproducible"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse_and_validate;

    #[test]
    fn percentiles() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(percentile(&v, 0.5), 3.0);
        assert!((percentile(&v, 0.1) - 1.4).abs() < 1e-12);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }

    /// Every tornado run equals `simulate` of the scenario with the run's parameters.
    #[test]
    fn tornado_runs_reproduce_with_their_parameters() {
        let v = parse_and_validate(crate::presets::preset("chiaravalle").unwrap()).unwrap();
        let r = sensitivity(&v, &mut |_, _| {});
        assert_eq!(r.tornado.len(), 2 * INPUTS.len());
        for run in &r.tornado {
            let mut s = v.scenario.clone();
            s.parameters = run.parameters.clone();
            let k = KeyFigures::of(&simulate(&validate(s).unwrap()).report);
            assert_eq!(k, run.figures, "{}", run.input);
        }
        assert!(r.npv_p10_eur <= r.npv_p50_eur && r.npv_p50_eur <= r.npv_p90_eur);
        assert_eq!(r.band_runs, BAND_RUNS);
        // Higher consumption shares more; a higher discount rate lowers the NPV.
        let get = |i: &str, s: &str| {
            r.tornado
                .iter()
                .find(|x| x.input == i && x.side == s)
                .unwrap()
        };
        assert!(
            get("consumption", "high").figures.shared_kwh
                > get("consumption", "low").figures.shared_kwh
        );
        assert!(
            get("discount_rate", "high").figures.configuration_npv_eur
                < get("discount_rate", "low").figures.configuration_npv_eur
        );
    }
}

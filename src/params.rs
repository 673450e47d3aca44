//! Parameters and member categories with their defaults, read from the embedded
//! `profiles/defaults.json`, where every value carries its unit, accepted range, source and
//! confidence. A scenario overrides parameters by name; unknown names and out-of-range values
//! are rejected by `scenario` validation with a message naming the field.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::data::DEFAULTS_JSON;

/// Metadata of one numeric parameter.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ParamMeta {
    /// Default value.
    pub value: f64,
    /// Smallest accepted value.
    pub min: f64,
    /// Largest accepted value.
    pub max: f64,
    /// Unit, as shown to the user.
    pub unit: String,
    /// Italian label.
    pub label_it: String,
    /// English label.
    pub label_en: String,
    /// Where the default comes from.
    pub source: String,
    /// Source, in Italian.
    pub source_it: String,
    /// H, M or L (L = assumption).
    pub confidence: String,
    /// Year a regulated value refers to (e.g. "2024" for an ARERA tariff component).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
}

/// How a category's base hourly shape is built.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ShapeSpec {
    /// ARERA Milan household shape of a contract-power class and residency.
    Arera {
        /// Power class: `0-1.5`, `1.5-3`, `3-4.5`, `4.5-6`, `>6`.
        class: String,
        /// `resident`, `non_resident` or `all`.
        residency: String,
    },
    /// BDEW 1999 standard load profile (G0–G6, H0, L0–L2) on an opening calendar.
    Bdew {
        /// Profile name, e.g. `G1`.
        profile: String,
        /// `standard` (national holidays = Sunday), `office` (also 7 Dec), `school`.
        calendar: String,
    },
}

/// An extra load component added on top of the base shape.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExtraLoad {
    /// Space-heating heat pump, energy ∝ heating degree-hours in the heating season.
    HeatPump {
        /// kWh per year of this component.
        annual_kwh: f64,
    },
    /// Electric-vehicle home charging in the evening and night.
    Ev {
        /// kWh per year of this component.
        annual_kwh: f64,
    },
}

/// A member category with its defaults.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CategoryDef {
    /// Italian name.
    pub label_it: String,
    /// English name.
    pub label_en: String,
    /// Default annual consumption per member, kWh (base shape + extras).
    pub annual_kwh: f64,
    /// Source of the annual consumption.
    pub annual_source: String,
    /// Source of the annual consumption, in Italian.
    pub annual_source_it: String,
    /// H, M or L.
    pub confidence: String,
    /// Base hourly shape.
    pub shape: ShapeSpec,
    /// Extra load components (their kWh are part of `annual_kwh`).
    #[serde(default)]
    pub extras: Vec<ExtraLoad>,
    /// Business (counts against the 55 % quota's recipients and the business-share limit).
    pub business: bool,
    /// DM 127/2025: the capital-grant reduction does not apply to shared energy attributable to
    /// this member's withdrawals (natural persons, local authorities, religious bodies, ETS).
    pub grant_exempt: bool,
    /// Retail electricity price, €/kWh (value of avoided purchases).
    pub retail_eur_per_kwh: f64,
    /// Source of the retail price.
    pub retail_source: String,
    /// Source of the retail price, in Italian.
    pub retail_source_it: String,
    /// Spread of annual consumption between members (lognormal σ).
    pub scale_sigma: f64,
}

/// Household categories (homes, energy-poor or not), as opposed to businesses, schools,
/// public buildings and condominium common services.
pub fn is_household(cat: &str) -> bool {
    cat.contains("household")
}

/// The whole defaults file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Defaults {
    /// What the file is.
    pub about: String,
    /// Numeric parameters by name.
    pub parameters: BTreeMap<String, ParamMeta>,
    /// Member categories by id.
    pub categories: BTreeMap<String, CategoryDef>,
}

/// The embedded defaults.
pub fn defaults() -> &'static Defaults {
    static D: OnceLock<Defaults> = OnceLock::new();
    D.get_or_init(|| {
        serde_json::from_str(DEFAULTS_JSON).expect("embedded defaults.json is valid (tested)")
    })
}

/// Numeric parameters of a simulation (names and units as in `profiles/defaults.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Parameters {
    pub tip_base_le200_eur_per_mwh: f64,
    pub tip_cap_le200_eur_per_mwh: f64,
    pub tip_base_le600_eur_per_mwh: f64,
    pub tip_cap_le600_eur_per_mwh: f64,
    pub tip_base_le1000_eur_per_mwh: f64,
    pub tip_cap_le1000_eur_per_mwh: f64,
    pub tip_price_pivot_eur_per_mwh: f64,
    pub tip_fc_pv_north_eur_per_mwh: f64,
    pub incentive_years: f64,
    pub arera_valorisation_eur_per_mwh: f64,
    pub solidarity_threshold_pct: f64,
    pub solidarity_threshold_with_grant_pct: f64,
    pub zonal_price_offset_eur_per_mwh: f64,
    pub solar_capture_factor: f64,
    pub rid_fee_eur_per_mwh: f64,
    pub pv_capex_le20_eur_per_kwp: f64,
    pub pv_capex_le200_eur_per_kwp: f64,
    pub pv_capex_le600_eur_per_kwp: f64,
    pub pv_capex_le1000_eur_per_kwp: f64,
    pub grant_cost_cap_le20_eur_per_kwp: f64,
    pub grant_cost_cap_le200_eur_per_kwp: f64,
    pub grant_cost_cap_le600_eur_per_kwp: f64,
    pub grant_cost_cap_le1000_eur_per_kwp: f64,
    pub pv_om_eur_per_kwp_year: f64,
    pub pv_degradation_pct_per_year: f64,
    pub inverter_replacement_year: f64,
    pub inverter_replacement_eur_per_kwp: f64,
    pub discount_rate_pct: f64,
    pub project_years: f64,
    pub community_fixed_cost_eur_per_year: f64,
    pub community_cost_eur_per_member_year: f64,
    pub co2_kg_per_kwh: f64,
    pub alloc_energy_poor_pct: f64,
    pub alloc_territorial_pct: f64,
    pub alloc_producers_pct: f64,
    pub alloc_members_pct: f64,
    pub support_target_eur_per_household: f64,
    pub energy_poverty_threshold_pct: f64,
    pub ep_income_median_eur: f64,
    pub ep_income_sigma: f64,
    pub ep_energy_spend_median_eur: f64,
    pub ep_energy_spend_sigma: f64,
    pub battery_capex_eur_per_kwh: f64,
    pub battery_om_eur_per_kwh_year: f64,
    pub albedo: f64,
    pub load_scale_pct: f64,
    pub pv_yield_scale_pct: f64,
    pub participation_pct: f64,
    pub capex_scale_pct: f64,
}

impl Parameters {
    /// Defaults with `overrides` applied. Names must exist; values must be finite and within
    /// the declared range. Errors: `(name, message_en, message_it)`.
    pub fn with_overrides(
        overrides: &BTreeMap<String, f64>,
    ) -> Result<Parameters, Vec<(String, String, String)>> {
        let d = defaults();
        let mut errors = Vec::new();
        let mut values = serde_json::Map::new();
        for (k, m) in &d.parameters {
            values.insert(k.clone(), serde_json::json!(m.value));
        }
        for (k, &v) in overrides {
            match d.parameters.get(k) {
                None => errors.push((
                    format!("parameters.{k}"),
                    format!("unknown parameter '{k}'"),
                    format!("parametro sconosciuto '{k}'"),
                )),
                Some(m) if !v.is_finite() || v < m.min || v > m.max => errors.push((
                    format!("parameters.{k}"),
                    format!(
                        "{v} is outside the accepted range {} to {} {}",
                        m.min, m.max, m.unit
                    ),
                    format!(
                        "{v} è fuori dall'intervallo ammesso da {} a {} {}",
                        m.min, m.max, m.unit
                    ),
                )),
                Some(_) => {
                    values.insert(k.clone(), serde_json::json!(v));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        serde_json::from_value(serde_json::Value::Object(values)).map_err(|e| {
            vec![(
                "parameters".into(),
                format!("defaults and code disagree: {e}"),
                format!("valori predefiniti e codice non concordano: {e}"),
            )]
        })
    }

    /// The defaults.
    pub fn defaults() -> Parameters {
        Parameters::with_overrides(&BTreeMap::new()).expect("defaults are consistent (tested)")
    }

    /// Default capex per kWp for a plant of `kwp` by size class (before `capex_scale_pct`).
    pub fn capex_eur_per_kwp(&self, kwp: f64) -> f64 {
        by_size(
            kwp,
            [
                self.pv_capex_le20_eur_per_kwp,
                self.pv_capex_le200_eur_per_kwp,
                self.pv_capex_le600_eur_per_kwp,
                self.pv_capex_le1000_eur_per_kwp,
            ],
        )
    }

    /// Largest cost per kWp eligible for a capital grant, for a plant of `kwp` (DM 414/2023
    /// art. 7 caps by size class).
    pub fn grant_cost_cap_eur_per_kwp(&self, kwp: f64) -> f64 {
        by_size(
            kwp,
            [
                self.grant_cost_cap_le20_eur_per_kwp,
                self.grant_cost_cap_le200_eur_per_kwp,
                self.grant_cost_cap_le600_eur_per_kwp,
                self.grant_cost_cap_le1000_eur_per_kwp,
            ],
        )
    }

    /// A plant's cost per kWp after its capital grant, €/kWp: `c − g · min(c, cap)`, with `c`
    /// the plant's own cost (or the default for the size of `class_kwp`) times
    /// `capex_scale_pct`, `g` the grant share and `cap` the eligible-cost cap of the size.
    pub fn net_capex_eur_per_kwp(
        &self,
        own_eur_per_kwp: Option<f64>,
        class_kwp: f64,
        grant_pct: f64,
    ) -> f64 {
        let c = own_eur_per_kwp.unwrap_or_else(|| self.capex_eur_per_kwp(class_kwp))
            * self.capex_scale_pct
            / 100.0;
        c - grant_pct / 100.0 * c.min(self.grant_cost_cap_eur_per_kwp(class_kwp))
    }

    /// Weight of one euro a year of incentives in an annuity over the analysis horizon:
    /// incentives last `incentive_years`, the horizon `project_years`, so the equivalent
    /// yearly value over the horizon is `crf(horizon) / crf(min(horizon, term))` (1 when the
    /// horizon is not longer than the term).
    pub fn incentive_annuity_weight(&self) -> f64 {
        let r = self.discount_rate_pct / 100.0;
        let n = self.project_years.round().max(1.0);
        let term = self.incentive_years.round().max(1.0).min(n);
        crf(r, n) / crf(r, term)
    }
}

/// Value of the size class of `kwp`: ≤ 20, ≤ 200, ≤ 600, above.
fn by_size(kwp: f64, v: [f64; 4]) -> f64 {
    if kwp <= 20.0 {
        v[0]
    } else if kwp <= 200.0 {
        v[1]
    } else if kwp <= 600.0 {
        v[2]
    } else {
        v[3]
    }
}

/// Capital recovery factor at `rate` over `years`: the annuity worth 1 today.
pub fn crf(rate: f64, years: f64) -> f64 {
    if rate.abs() < 1e-12 {
        1.0 / years
    } else {
        let a = (1.0 + rate).powf(years);
        rate * a / (a - 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse_and_cover_every_field() {
        let p = Parameters::defaults();
        assert_eq!(p.arera_valorisation_eur_per_mwh, 10.57);
        assert_eq!(defaults().parameters.len(), 49);
        for (k, m) in &defaults().parameters {
            assert!(m.value >= m.min && m.value <= m.max, "{k}");
            assert!(!m.source.is_empty(), "{k} has no source");
        }
        for (k, c) in &defaults().categories {
            assert!(c.annual_kwh > 0.0, "{k}");
            let extras: f64 = c
                .extras
                .iter()
                .map(|e| match e {
                    ExtraLoad::HeatPump { annual_kwh } | ExtraLoad::Ev { annual_kwh } => {
                        *annual_kwh
                    }
                })
                .sum();
            assert!(extras < c.annual_kwh, "{k}");
        }
    }

    #[test]
    fn overrides_are_checked() {
        let mut o = BTreeMap::new();
        o.insert("discount_rate_pct".to_string(), 99.0);
        o.insert("nonsense".to_string(), 1.0);
        let e = Parameters::with_overrides(&o).unwrap_err();
        assert_eq!(e.len(), 2);
        let mut o = BTreeMap::new();
        o.insert("discount_rate_pct".to_string(), 3.0);
        assert_eq!(
            Parameters::with_overrides(&o).unwrap().discount_rate_pct,
            3.0
        );
    }
}

//! Producer mode: a roof owner (a school, a company, a condominium, the Politecnico) sizes its
//! plant. For sizes from 0 to the roof's maximum (and the band limits 200 and 600 kW), the
//! whole configuration is simulated ([`SizeSweep`]: each point equals `simulate` of the
//! scenario with the plant at that size) and read from both sides:
//! * the producer: its investment after any grant, financed with own capital or a loan, its
//!   energy sales, its avoided purchases (self-consumption behind its meter at its retail
//!   price), its share of the community's fund if the statute gives one
//!   (`alloc_producers_pct`; CER.ca.MI: none), upkeep, an optional tax on the taxable income
//!   — NPV, IRR, payback, self-consumption and self-sufficiency;
//! * the community: shared energy, tariff, net solidarity fund.
//!
//! The recommended sizes answer the producer's goals (largest NPV, fastest payback, largest
//! self-sufficiency) and the community's (largest net fund).

use serde::{Deserialize, Serialize};

use crate::economics::PowerBand;
use crate::finance::{irr, npv, payback_years};
use crate::params::crf;
use crate::report::Report;
use crate::scenario::{ValidScenario, ValidationError};
use crate::simulate::{Simulation, SizeSweep};

/// How the producer pays for the plant, and its taxes (editable assumptions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Financing {
    /// Share of the investment borrowed, % (0 = own capital).
    #[serde(default)]
    pub loan_share_pct: f64,
    /// Loan interest rate, % per year (real, like the discount rate).
    #[serde(default = "default_loan_rate")]
    pub loan_rate_pct: f64,
    /// Loan term, years.
    #[serde(default = "default_loan_years")]
    pub loan_years: u32,
    /// Tax on the producer's taxable income (sales + fund share − upkeep − straight-line
    /// depreciation over the horizon), % (0 = not taxed, e.g. a public body).
    #[serde(default)]
    pub tax_rate_pct: f64,
}

fn default_loan_rate() -> f64 {
    4.0
}
fn default_loan_years() -> u32 {
    10
}

impl Default for Financing {
    fn default() -> Self {
        Financing {
            loan_share_pct: 0.0,
            loan_rate_pct: default_loan_rate(),
            loan_years: default_loan_years(),
            tax_rate_pct: 0.0,
        }
    }
}

/// What to size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SizeRequest {
    /// Id of the plant (in the scenario) to size.
    pub plant_id: String,
    /// Largest size, kWp (default: the roof potential, else the plant's size; at most 1,000
    /// for a plant with the tariff).
    #[serde(default)]
    pub max_kwp: Option<f64>,
    /// Sizes between 0 and the maximum (≥ 2; the band limits are added).
    #[serde(default = "default_steps")]
    pub steps: u32,
    /// Financing and tax.
    #[serde(default)]
    pub financing: Financing,
}

fn default_steps() -> u32 {
    50
}

/// The figures at one size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SizePoint {
    /// Plant size, kWp.
    pub kwp: f64,
    /// Tariff band of the size.
    pub power_band: Option<PowerBand>,
    /// Investment after grants, €.
    pub capex_eur: f64,
    /// Producer's NPV over the horizon, €.
    pub producer_npv_eur: f64,
    /// Producer's IRR (fraction), when defined.
    pub producer_irr: Option<f64>,
    /// Producer's simple payback, years, when reached.
    pub payback_years: Option<f64>,
    /// Production, kWh/yr.
    pub production_kwh: f64,
    /// Used behind the producer's meter, kWh/yr.
    pub self_consumption_kwh: f64,
    /// Self-consumption / the producer's consumption (0 for a plant with no host).
    pub self_sufficiency: f64,
    /// Self-consumption / production.
    pub self_consumption_share: f64,
    /// Injected (and sold), kWh/yr.
    pub injected_kwh: f64,
    /// Energy sales, €/yr.
    pub sales_eur: f64,
    /// Avoided purchases, €/yr.
    pub avoided_purchases_eur: f64,
    /// The plant's energy shared with the community, kWh/yr.
    pub shared_kwh: f64,
    /// The whole configuration's shared energy, kWh/yr.
    pub community_shared_kwh: f64,
    /// The configuration's tariff, €/yr.
    pub community_tip_eur: f64,
    /// The community's net solidarity fund, €/yr.
    pub community_fund_eur: f64,
    /// Energy-poor members the fund supports at the target.
    pub community_ep_members_supported: u32,
}

/// The recommended sizes, kWp.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommended {
    /// Largest producer NPV (the smallest such size on ties).
    pub max_producer_npv_kwp: f64,
    /// Shortest payback (`None` when no size pays back).
    pub fastest_payback_kwp: Option<f64>,
    /// Smallest size reaching 99 % of the largest self-sufficiency (`None` without a host).
    pub max_self_sufficiency_kwp: Option<f64>,
    /// Largest community net fund.
    pub max_community_fund_kwp: f64,
}

/// The sizing curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SizingReport {
    /// The plant sized.
    pub plant_id: String,
    /// Name of the producer hosting it behind its meter, if any.
    pub host: Option<String>,
    /// The producer's consumption, kWh/yr (0 without a host).
    pub producer_consumption_kwh: f64,
    /// Points by increasing size, from 0.
    pub points: Vec<SizePoint>,
    /// Recommended sizes.
    pub recommended: Recommended,
    /// Tariff band limits shown on the chart, kWp.
    pub band_limits_kwp: Vec<f64>,
    /// Largest size considered, kWp.
    pub max_kwp: f64,
    /// Financing used.
    pub financing: Financing,
    /// Share of the community's fund that goes to producers (the statute's choice), %.
    pub producers_fund_share_pct: f64,
}

/// The producer's yearly flows after financing and tax, from a simulation.
pub fn producer_flows(
    v: &ValidScenario,
    sim: &Simulation,
    plant: usize,
    f: &Financing,
) -> Vec<f64> {
    let r = &sim.report;
    let p = &v.params;
    let base = &r.finance.producers[plant].cash_flow_eur;
    let pr = &r.plants[plant];
    let capex = pr.capex_eur;
    let years = base.len().saturating_sub(1);
    let loan = capex * f.loan_share_pct.clamp(0.0, 100.0) / 100.0;
    let payment = if loan > 0.0 && f.loan_years > 0 {
        loan * crf(f.loan_rate_pct / 100.0, f.loan_years as f64)
    } else {
        0.0
    };
    let depreciation = if years > 0 { capex / years as f64 } else { 0.0 };
    let d = |y: usize| (1.0 - p.pv_degradation_pct_per_year / 100.0).powi(y as i32 - 1);
    let mut out = Vec::with_capacity(base.len());
    for (y, flow) in base.iter().enumerate() {
        if y == 0 {
            out.push(flow + loan);
            continue;
        }
        let interest = if (y as u32) <= f.loan_years && loan > 0.0 {
            // Interest part of the annuity: the balance before the payment times the rate.
            let r_ = f.loan_rate_pct / 100.0;
            let k = (y - 1) as i32;
            let balance = if r_.abs() < 1e-12 {
                loan - payment * k as f64
            } else {
                loan * (1.0 + r_).powi(k) - payment * ((1.0 + r_).powi(k) - 1.0) / r_
            };
            balance.max(0.0) * r_
        } else {
            0.0
        };
        // Taxable: the flow without the (untaxed) avoided purchases, less depreciation and
        // interest.
        let taxable = flow - pr.avoided_purchases_eur * d(y) - depreciation - interest;
        let tax = f.tax_rate_pct / 100.0 * taxable.max(0.0);
        let pay = if (y as u32) <= f.loan_years {
            payment
        } else {
            0.0
        };
        out.push(flow - pay - tax);
    }
    out
}

/// Sizes the plant; `progress(done, total)` after each point. A request that names no plant of
/// the scenario, or leaves no size to try (a plant of 0 kWp without a roof potential), is
/// refused with the field to fix, in Italian and English.
pub fn size_plant(
    v: &ValidScenario,
    req: &SizeRequest,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<SizingReport, ValidationError> {
    let s = &v.scenario;
    let Some(j) = s.plants.iter().position(|p| p.id == req.plant_id) else {
        let ids: Vec<&str> = s.plants.iter().map(|p| p.id.as_str()).collect();
        let id = crate::scenario::brief(&req.plant_id);
        return Err(ValidationError {
            field: "plant_id".into(),
            value: id.clone(),
            message_en: format!(
                "no plant '{id}' in the scenario; plants: {}",
                ids.join(", ")
            ),
            message_it: format!(
                "nessun impianto «{id}» nello scenario; impianti: {}",
                ids.join(", ")
            ),
        });
    };
    let pl = &s.plants[j];
    let cap = if pl.incentive_eligible {
        crate::scenario::MAX_INCENTIVISED_PLANT_KWP
    } else {
        10_000.0
    };
    let max_kwp = req
        .max_kwp
        .unwrap_or_else(|| pl.roof_potential_kwp.unwrap_or(pl.kwp))
        .min(cap);
    if !(max_kwp.is_finite() && max_kwp > 0.0) {
        let (field, what_en, what_it) = match req.max_kwp {
            Some(_) => (
                "max_kwp".to_string(),
                "give a largest size".to_string(),
                "indicare una potenza massima".to_string(),
            ),
            None => (
                format!("plants[{j}].roof_potential_kwp"),
                format!("give the roof potential of plant '{}'", pl.id),
                format!("indicare il potenziale del tetto dell'impianto «{}»", pl.id),
            ),
        };
        let it = |x: f64| crate::format::number(x, 0, crate::format::Lang::It);
        return Err(ValidationError {
            field,
            value: format!("{max_kwp}"),
            message_en: format!(
                "there is no size to try: {what_en}, more than 0 and at most {cap} kWp"
            ),
            message_it: format!(
                "non c'è una potenza da provare: {what_it}, più di 0 e al massimo {} kWp",
                it(cap)
            ),
        });
    }
    let (sizes, band_limits) = sizes_to_try(max_kwp, req.steps);
    let mut sweep = SizeSweep::new(v, j);
    let total = sizes.len() as u32;
    let mut points = Vec::with_capacity(sizes.len());
    let host = s.host_group(pl);
    let mut producer_consumption = 0.0;
    for (k, &kwp) in sizes.iter().enumerate() {
        let sim = sweep.at(kwp);
        let point = if kwp <= 0.0 {
            SizePoint::nothing_built(&sim.report)
        } else {
            let vk = sweep.scenario_at(kwp);
            let flows = producer_flows(&vk, &sim, j, &req.financing);
            producer_consumption = sim.report.plants[j].host_consumption_kwh;
            SizePoint::built(kwp, &sim.report, j, &flows)
        };
        points.push(point);
        progress(k as u32 + 1, total);
    }
    let recommended = Recommended::of(&points, host.is_some(), max_kwp);
    Ok(SizingReport {
        plant_id: pl.id.clone(),
        host: host.map(|g| {
            s.members[g]
                .name
                .clone()
                .unwrap_or_else(|| s.members[g].category.clone())
        }),
        producer_consumption_kwh: producer_consumption,
        points,
        recommended,
        band_limits_kwp: band_limits,
        max_kwp,
        financing: req.financing.clone(),
        producers_fund_share_pct: v.params.alloc_producers_pct,
    })
}

/// The sizes a sweep simulates: `steps` (2–400) equal steps from 0 to `max_kwp`, plus the
/// tariff bands' limits below it (200 and 600 kW), where the premium changes; and those limits.
fn sizes_to_try(max_kwp: f64, steps: u32) -> (Vec<f64>, Vec<f64>) {
    let steps = steps.clamp(2, 400);
    let mut sizes: Vec<f64> = (0..=steps)
        .map(|i| max_kwp * i as f64 / steps as f64)
        .collect();
    let band_limits: Vec<f64> = [200.0, 600.0]
        .into_iter()
        .filter(|b| *b < max_kwp)
        .collect();
    sizes.extend(band_limits.iter().copied());
    sizes.sort_by(|a, b| a.total_cmp(b));
    sizes.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    (sizes, band_limits)
}

impl SizePoint {
    /// No plant: the producer's figures are zero, the community's are those without it.
    fn nothing_built(r: &Report) -> SizePoint {
        SizePoint {
            kwp: 0.0,
            power_band: None,
            capex_eur: 0.0,
            producer_npv_eur: 0.0,
            producer_irr: None,
            payback_years: None,
            production_kwh: 0.0,
            self_consumption_kwh: 0.0,
            self_sufficiency: 0.0,
            self_consumption_share: 0.0,
            injected_kwh: 0.0,
            sales_eur: 0.0,
            avoided_purchases_eur: 0.0,
            shared_kwh: 0.0,
            community_shared_kwh: r.shared_kwh,
            community_tip_eur: r.tip_eur,
            community_fund_eur: r.fund.net_fund_eur,
            community_ep_members_supported: r.energy_poverty.members_supportable_at_target,
        }
    }

    /// Plant `j` at `kwp`, simulated in `r`, with the producer's cash flows `flows`.
    fn built(kwp: f64, r: &Report, j: usize, flows: &[f64]) -> SizePoint {
        let pr = &r.plants[j];
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
        SizePoint {
            kwp,
            power_band: Some(PowerBand::of(kwp)),
            capex_eur: pr.capex_eur,
            producer_npv_eur: npv(r.finance.discount_rate, flows),
            producer_irr: irr(flows),
            payback_years: payback_years(flows),
            production_kwh: pr.production_kwh,
            self_consumption_kwh: pr.self_consumption_kwh,
            self_sufficiency: ratio(pr.self_consumption_kwh, pr.host_consumption_kwh),
            self_consumption_share: ratio(pr.self_consumption_kwh, pr.production_kwh),
            injected_kwh: pr.injected_kwh,
            sales_eur: pr.sales_eur,
            avoided_purchases_eur: pr.avoided_purchases_eur,
            shared_kwh: pr.shared_kwh,
            community_shared_kwh: r.shared_kwh,
            community_tip_eur: r.tip_eur,
            community_fund_eur: r.fund.net_fund_eur,
            community_ep_members_supported: r.energy_poverty.members_supportable_at_target,
        }
    }
}

impl Recommended {
    /// The sizes a producer would pick from the sweep's `points`, by what they want: the
    /// smallest of equal best NPVs and funds, the fastest payback, and (with a host whose
    /// consumption the plant serves) the smallest size within 1 % of the best
    /// self-sufficiency.
    fn of(points: &[SizePoint], hosted: bool, max_kwp: f64) -> Recommended {
        let argmax = |f: &dyn Fn(&SizePoint) -> f64| -> f64 {
            let mut best = &points[0];
            for p in points {
                if f(p) > f(best) + 1e-9 {
                    best = p;
                }
            }
            best.kwp
        };
        let max_ss = points
            .iter()
            .map(|p| p.self_sufficiency)
            .fold(0.0, f64::max);
        Recommended {
            max_producer_npv_kwp: argmax(&|p| p.producer_npv_eur),
            fastest_payback_kwp: points
                .iter()
                .filter_map(|p| p.payback_years.map(|y| (y, p.kwp)))
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)))
                .map(|x| x.1),
            max_self_sufficiency_kwp: (hosted && max_ss > 0.0).then(|| {
                points
                    .iter()
                    .find(|p| p.self_sufficiency >= 0.99 * max_ss)
                    .map_or(max_kwp, |p| p.kwp)
            }),
            max_community_fund_kwp: argmax(&|p| p.community_fund_eur),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse_and_validate;
    use crate::simulate::simulate;

    /// Every point equals `simulate` of the scenario with the plant at that size.
    #[test]
    fn points_equal_simulate_at_the_same_size() {
        let text = crate::presets::preset("template_new_cp").unwrap();
        let v = parse_and_validate(text).unwrap();
        let id = v.scenario.plants[0].id.clone();
        let req = SizeRequest {
            plant_id: id,
            max_kwp: Some(700.0),
            steps: 7,
            financing: Financing::default(),
        };
        let r = size_plant(&v, &req, &mut |_, _| {}).unwrap();
        // 0, 100, …, 700 and the band limits 200 (already there) and 600.
        assert_eq!(r.points.len(), 8);
        assert_eq!(r.band_limits_kwp, vec![200.0, 600.0]);
        for p in &r.points[1..] {
            let mut w = v.clone();
            w.scenario.plants[0].kwp = p.kwp;
            let sim = simulate(&w);
            assert_eq!(sim.report.shared_kwh, p.community_shared_kwh, "{}", p.kwp);
            assert_eq!(sim.report.fund.net_fund_eur, p.community_fund_eur);
            assert_eq!(
                npv(
                    sim.report.finance.discount_rate,
                    &sim.report.finance.producers[0].cash_flow_eur
                ),
                p.producer_npv_eur
            );
        }
        let mut w = v.clone();
        w.scenario.plants.clear();
        assert_eq!(
            simulate(&w).report.shared_kwh,
            r.points[0].community_shared_kwh
        );
    }

    /// A loan at the discount rate leaves the NPV unchanged; tax lowers it.
    #[test]
    fn financing_and_tax() {
        let v = parse_and_validate(crate::presets::preset("template_new_cp").unwrap()).unwrap();
        let id = v.scenario.plants[0].id.clone();
        let at = |f: Financing| {
            let req = SizeRequest {
                plant_id: id.clone(),
                max_kwp: Some(100.0),
                steps: 2,
                financing: f,
            };
            size_plant(&v, &req, &mut |_, _| {}).unwrap().points[2].clone()
        };
        let own = at(Financing::default());
        let rate = v.params.discount_rate_pct;
        let loan = at(Financing {
            loan_share_pct: 80.0,
            loan_rate_pct: rate,
            loan_years: 10,
            tax_rate_pct: 0.0,
        });
        assert!((own.producer_npv_eur - loan.producer_npv_eur).abs() < 1e-6 * own.capex_eur);
        let taxed = at(Financing {
            tax_rate_pct: 24.0,
            ..Financing::default()
        });
        assert!(taxed.producer_npv_eur < own.producer_npv_eur);
        // A request the sizing refuses: its problem.
        let refusal = |v: &ValidScenario, plant_id: &str| {
            let req = SizeRequest {
                plant_id: plant_id.into(),
                max_kwp: None,
                steps: 5,
                financing: Financing::default(),
            };
            size_plant(v, &req, &mut |_, _| {}).unwrap_err()
        };
        let nope = refusal(&v, "nope");
        assert_eq!(nope.field, "plant_id");
        assert!(nope.message_it.contains("nessun impianto «nope»"));
        // A plant of 0 kWp without a roof potential leaves no size to try: the field to fix
        // is named, in both languages.
        let mut s = v.scenario.clone();
        s.plants[0].kwp = 0.0;
        s.plants[0].roof_potential_kwp = None;
        let zero = crate::scenario::validate(s).unwrap();
        let e = refusal(&zero, &zero.scenario.plants[0].id);
        assert_eq!(e.field, "plants[0].roof_potential_kwp");
        assert!(
            e.message_it.contains("indicare il potenziale del tetto"),
            "{e}"
        );
        assert!(e.message_en.contains("give the roof potential"), "{e}");
    }
}

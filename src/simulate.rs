//! The orchestrator: a validated scenario → loads, PV, hourly balance, incentives, fund,
//! finance → [`Simulation`] (hourly table + annual report). Pure: no IO, same results on
//! every target for the same scenario and seed.

use std::sync::OnceLock;

use crate::balance::{self, PlantInput};
use crate::calendar::{Calendar, HOURS_PER_YEAR};
use crate::data::{milan_tmy, TMY_LATITUDE_DEG, TMY_LONGITUDE_DEG};
use crate::economics::{
    grant_factor, quota_group, solidarity_quota, tip_after_grant, tip_rate_eur_per_mwh, PowerBand,
    QuotaGroupKind, SolidarityQuota,
};
use crate::eligibility;
use crate::finance::{lcoe_eur_per_kwh, ActorFinance};
use crate::load::{derive_seed, member_profile, synthesize, Diversity};
use crate::params::{defaults, Parameters};
use crate::price::scenario_hourly_price;
use crate::report::*;
use crate::scenario::{MemberGroup, Plant, ValidScenario};
use crate::solar::pv::{simulate_plant, PvSystem, SunPath};
use crate::solidarity::{self, FundReport};

/// Output of [`simulate`].
#[derive(Debug, Clone)]
pub struct Simulation {
    /// Hourly table.
    pub hourly: Hourly,
    /// Annual report.
    pub report: Report,
}

/// The sun's path over Milan (computed once).
pub fn milan_sun_path() -> &'static SunPath {
    static S: OnceLock<SunPath> = OnceLock::new();
    S.get_or_init(|| SunPath::new(TMY_LATITUDE_DEG, TMY_LONGITUDE_DEG))
}

/// The PV system model of a scenario plant.
pub fn pv_system(plant: &Plant, albedo: f64) -> PvSystem {
    let mut s = PvSystem::new(plant.kwp, plant.tilt_deg, plant.azimuth_deg);
    s.losses_pct = plant.losses_pct;
    s.dc_ac_ratio = plant.dc_ac_ratio;
    s.mounting = plant.mounting;
    s.sky_model = plant.sky_model;
    s.albedo = albedo;
    s
}

thread_local! {
    /// Unit (1 kWp) PV profiles by system description: a plant's production is linear in its
    /// kWp, and the same roofs are simulated again and again while a planner edits members.
    static PV_CACHE: std::cell::RefCell<std::collections::HashMap<[u64; 7], std::rc::Rc<Vec<f64>>>> = Default::default();
}

/// AC energy per kWp of a plant's orientation and losses, kWh per hour (memoised).
pub fn pv_per_kwp(plant: &Plant, albedo: f64) -> std::rc::Rc<Vec<f64>> {
    let key = [
        plant.tilt_deg.to_bits(),
        plant.azimuth_deg.to_bits(),
        plant.losses_pct.to_bits(),
        plant.dc_ac_ratio.to_bits(),
        albedo.to_bits(),
        plant.mounting as u64,
        plant.sky_model as u64,
    ];
    PV_CACHE.with(|c| {
        if let Some(v) = c.borrow().get(&key) {
            return v.clone();
        }
        let mut unit = plant.clone();
        unit.kwp = 1.0;
        let v = std::rc::Rc::new(simulate_plant(
            &pv_system(&unit, albedo),
            milan_sun_path(),
            milan_tmy(),
        ));
        let mut m = c.borrow_mut();
        if m.len() > 256 {
            m.clear();
        }
        m.insert(key, v.clone());
        v
    })
}

/// Mean member profiles by (category, annual kWh as bits, calendar year).
type ProfileCache = std::collections::HashMap<(String, u64, i32), std::rc::Rc<Vec<f64>>>;

thread_local! {
    static PROFILE_CACHE: std::cell::RefCell<ProfileCache> = Default::default();
}

/// Mean hourly profile of one member (memoised), kWh per hour.
pub fn mean_member_profile(
    category: &str,
    annual_kwh: f64,
    cal: &Calendar,
) -> std::rc::Rc<Vec<f64>> {
    let key = (category.to_string(), annual_kwh.to_bits(), cal.year);
    PROFILE_CACHE.with(|c| {
        if let Some(v) = c.borrow().get(&key) {
            return v.clone();
        }
        let v = std::rc::Rc::new(match defaults().categories.get(category) {
            Some(cat) => member_profile(cat, annual_kwh, cal, milan_tmy())
                .unwrap_or_else(|_| vec![annual_kwh / HOURS_PER_YEAR as f64; HOURS_PER_YEAR]),
            None => vec![annual_kwh / HOURS_PER_YEAR as f64; HOURS_PER_YEAR],
        });
        let mut m = c.borrow_mut();
        if m.len() > 256 {
            m.clear();
        }
        m.insert(key, v.clone());
        v
    })
}

/// Relative consumption per local month of a typical member of `category` in `year` (used to
/// scale an imported curve into months without data); `None` for an unknown category.
pub fn monthly_reference(category: &str, year: i32) -> Option<[f64; 12]> {
    let c = defaults().categories.get(category)?;
    let cal = Calendar::new(year);
    let profile = member_profile(c, c.annual_kwh, &cal, milan_tmy()).ok()?;
    let mut out = [0.0; 12];
    for (t, h) in cal.hours.iter().enumerate() {
        out[h.month as usize - 1] += profile[t];
    }
    Some(out)
}

/// Hourly member loads of a scenario.
pub struct Loads {
    /// Σ consumption of members who host no plant, kWh.
    pub other_kwh: Vec<f64>,
    /// Part of `other_kwh` from grant-exempt members, kWh.
    pub other_exempt_kwh: Vec<f64>,
    /// Per plant: the host member's consumption (prosumers), kWh.
    pub host_kwh: Vec<Option<Vec<f64>>>,
    /// Per category (scenario order): Σ consumption, kWh/yr.
    pub category_kwh: Vec<f64>,
}

/// Annual consumption of one member of a group, kWh: the group's value (or the category's)
/// times `load_scale_pct`; for a measured curve, its sum times the scale.
pub fn member_annual_kwh(g: &MemberGroup, p: &Parameters) -> f64 {
    match (&g.hourly_kwh, &g.band_kwh) {
        (Some(h), _) => h.iter().sum::<f64>() * p.load_scale_pct / 100.0,
        (None, Some(b)) => b.iter().sum::<f64>() * p.load_scale_pct / 100.0,
        (None, None) => {
            g.annual_kwh
                .unwrap_or_else(|| defaults().categories[&g.category].annual_kwh)
                * p.load_scale_pct
                / 100.0
        }
    }
}

/// Mean hourly profile of one member of a group, kWh: its measured curve (scaled by
/// `load_scale_pct`) or the category's shape at its annual consumption.
pub fn group_profile(g: &MemberGroup, p: &Parameters, cal: &Calendar) -> Vec<f64> {
    if let Some(h) = &g.hourly_kwh {
        return h.iter().map(|x| x * p.load_scale_pct / 100.0).collect();
    }
    let c = &defaults().categories[&g.category];
    let annual = member_annual_kwh(g, p);
    let mut profile = member_profile(c, annual, cal, milan_tmy())
        .unwrap_or_else(|_| vec![annual / HOURS_PER_YEAR as f64; HOURS_PER_YEAR]);
    if let Some(b) = g.band_kwh {
        // A bill's F1/F2/F3 totals: the shape rescaled band by band (a band the shape never
        // uses gets its energy spread evenly over its hours).
        let scale = p.load_scale_pct / 100.0;
        let mut shape_total = [0.0f64; 3];
        let mut hours = [0usize; 3];
        for (t, h) in cal.hours.iter().enumerate() {
            let k = crate::calendar::band_index(h.band);
            shape_total[k] += profile[t];
            hours[k] += 1;
        }
        for (t, h) in cal.hours.iter().enumerate() {
            let k = crate::calendar::band_index(h.band);
            profile[t] = if shape_total[k] > 0.0 {
                profile[t] * b[k] * scale / shape_total[k]
            } else {
                b[k] * scale / hours[k].max(1) as f64
            };
        }
    }
    profile
}

/// Retail price of a group's members, €/kWh (their own, else the category's).
pub fn group_retail(g: &MemberGroup) -> f64 {
    g.retail_eur_per_kwh
        .unwrap_or_else(|| defaults().categories[&g.category].retail_eur_per_kwh)
}

/// Seed label of a group's synthetic members (unnamed groups keep the labels of schema 1).
fn group_seed_label(g: &MemberGroup) -> String {
    match &g.name {
        Some(n) => format!("members/{}/{n}", g.category),
        None => format!("members/{}", g.category),
    }
}

/// Synthesises every member's load (aggregated per group; hosts individually). A measured
/// curve is used as it is, for each of the group's members, with no synthetic diversity.
pub fn build_loads(v: &ValidScenario, cal: &Calendar) -> Loads {
    let s = &v.scenario;
    let cats = &defaults().categories;
    let mut other = vec![0.0; HOURS_PER_YEAR];
    let mut exempt = vec![0.0; HOURS_PER_YEAR];
    let mut host_kwh: Vec<Option<Vec<f64>>> = vec![None; s.plants.len()];
    let mut category_kwh = Vec::with_capacity(s.members.len());
    let host_of: Vec<Option<usize>> = s.plants.iter().map(|p| s.host_group(p)).collect();
    for (gi, g) in s.members.iter().enumerate() {
        let c = &cats[&g.category];
        let base = group_profile(g, &v.params, cal);
        // A metered curve or a bill's band totals describe this member itself: no synthetic
        // diversity (it would move energy between bands).
        let measured = g.hourly_kwh.is_some() || g.band_kwh.is_some();
        let div = Diversity::with_scale(c.scale_sigma);
        let mut hosts = 0u32;
        let mut cat_total = 0.0;
        for (i, p) in s.plants.iter().enumerate() {
            if host_of[i] == Some(gi) {
                let l = if measured {
                    base.clone()
                } else {
                    synthesize(
                        &base,
                        1,
                        &div,
                        derive_seed(s.seed, &format!("host/{}", p.id)),
                    )
                };
                cat_total += l.iter().sum::<f64>();
                host_kwh[i] = Some(l);
                hosts += 1;
            }
        }
        let n = g.count.saturating_sub(hosts);
        let agg = if measured {
            base.iter().map(|x| x * n as f64).collect()
        } else {
            synthesize(&base, n, &div, derive_seed(s.seed, &group_seed_label(g)))
        };
        for t in 0..HOURS_PER_YEAR {
            other[t] += agg[t];
            if c.grant_exempt {
                exempt[t] += agg[t];
            }
        }
        cat_total += agg.iter().sum::<f64>();
        category_kwh.push(cat_total);
    }
    Loads {
        other_kwh: other,
        other_exempt_kwh: exempt,
        host_kwh,
        category_kwh,
    }
}

/// Rank of each plant in order of entry into operation (1 = oldest): explicit
/// `commissioning_order` first, then list position.
fn commissioning_ranks(plants: &[Plant]) -> Vec<u32> {
    let mut idx: Vec<usize> = (0..plants.len()).collect();
    idx.sort_by_key(|&i| (plants[i].commissioning_order.unwrap_or(u32::MAX), i));
    let mut ranks = vec![0; plants.len()];
    for (r, &i) in idx.iter().enumerate() {
        ranks[i] = r as u32 + 1;
    }
    ranks
}

/// The scenario with `participation_pct` applied: of each group's members not committed, that
/// share joins (rounded); committed members and plant hosts always count. The identity at 100 %.
pub fn participating(v: &ValidScenario) -> std::borrow::Cow<'_, ValidScenario> {
    let pct = v.params.participation_pct;
    if pct >= 100.0 {
        return std::borrow::Cow::Borrowed(v);
    }
    let mut w = v.clone();
    let host_of: Vec<Option<usize>> = v
        .scenario
        .plants
        .iter()
        .map(|p| v.scenario.host_group(p))
        .collect();
    for (gi, g) in w.scenario.members.iter_mut().enumerate() {
        let hosts = host_of.iter().filter(|h| **h == Some(gi)).count() as u32;
        let firm = g.committed.unwrap_or(0).max(hosts).min(g.count);
        let joining = ((g.count - firm) as f64 * pct / 100.0).round() as u32;
        g.count = firm + joining;
    }
    std::borrow::Cow::Owned(w)
}

/// Stage 1: what the balance needs, hour by hour.
struct Prepared {
    cal: Calendar,
    prices: Vec<f64>,
    loads: Loads,
    ranks: Vec<u32>,
    inputs: Vec<PlantInput>,
    battery: Option<balance::BatteryInput>,
}

fn prepare(v: &ValidScenario) -> Prepared {
    let s = &v.scenario;
    let p = &v.params;
    let cal = Calendar::new(s.calendar_year);
    let cats = &defaults().categories;
    let prices = scenario_hourly_price(s, p, &cal);
    let loads = build_loads(v, &cal);
    let ranks = commissioning_ranks(&s.plants);
    let pv_scale = p.pv_yield_scale_pct / 100.0;
    let inputs = s
        .plants
        .iter()
        .enumerate()
        .map(|(i, pl)| PlantInput {
            production_kwh: pv_per_kwp(pl, p.albedo)
                .iter()
                .map(|e| e * pl.kwp * pv_scale)
                .collect(),
            host_load_kwh: loads.host_kwh[i].clone(),
            host_grant_exempt: s
                .host_group(pl)
                .is_some_and(|g| cats[&s.members[g].category].grant_exempt),
            commissioning_rank: ranks[i],
        })
        .collect();
    let battery = s.battery.as_ref().map(|b| balance::BatteryInput {
        energy_kwh: b.energy_kwh,
        power_kw: b.power_kw,
        eta: (b.round_trip_efficiency_pct / 100.0).sqrt(),
        plant: ranks.iter().position(|r| *r == 1).unwrap_or(0),
    });
    Prepared {
        cal,
        prices,
        loads,
        ranks,
        inputs,
        battery,
    }
}

/// Stage 3 output: the tariff and the sales, hour by hour and plant by plant.
struct Incentives {
    hourly: Hourly,
    bands: Vec<PowerBand>,
    grant_factors: Vec<f64>,
    plant_tip_eur: Vec<f64>,
    plant_sales_eur: Vec<f64>,
}

/// Stage 3: tariffa premio (per plant and hour, after the grant factor and the DM 127/2025
/// exemption) and Ritiro Dedicato sales.
fn incentives(v: &ValidScenario, pre: &Prepared, bal: &balance::Balance) -> Incentives {
    let s = &v.scenario;
    let p = &v.params;
    let prices = &pre.prices;
    let bands: Vec<PowerBand> = s.plants.iter().map(|pl| PowerBand::of(pl.kwp)).collect();
    let fs: Vec<f64> = s
        .plants
        .iter()
        .map(|pl| grant_factor(pl.capital_grant_pct))
        .collect();
    let first_eligible = (0..s.plants.len())
        .filter(|&i| s.plants[i].incentive_eligible)
        .min_by_key(|&i| pre.ranks[i]);
    let cal = &pre.cal;
    let mut h = Hourly {
        local_month: cal.hours.iter().map(|x| x.month as u8).collect(),
        local_hour: cal.hours.iter().map(|x| x.hour as u8).collect(),
        production_kwh: bal.production_kwh.clone(),
        consumption_kwh: bal.consumption_kwh.clone(),
        self_consumption_kwh: bal.self_consumption_kwh.clone(),
        injected_kwh: bal.injected_kwh.clone(),
        withdrawn_kwh: bal.withdrawn_kwh.clone(),
        shared_kwh: bal.shared_kwh.clone(),
        incentivised_shared_kwh: vec![0.0; HOURS_PER_YEAR],
        zonal_price_eur_per_mwh: prices.clone(),
        tip_eur_per_mwh: vec![0.0; HOURS_PER_YEAR],
        tip_eur: vec![0.0; HOURS_PER_YEAR],
        battery_charge_kwh: bal.battery_charge_kwh.clone(),
        battery_discharge_kwh: bal.battery_discharge_kwh.clone(),
    };
    let mut plant_tip = vec![0.0; s.plants.len()];
    let mut plant_sales = vec![0.0; s.plants.len()];
    for (t, &pz) in prices.iter().enumerate() {
        let x = if bal.withdrawn_kwh[t] > 0.0 {
            bal.exempt_withdrawn_kwh[t] / bal.withdrawn_kwh[t]
        } else {
            0.0
        };
        let mut tip = 0.0;
        let mut inc = 0.0;
        for (i, pl) in s.plants.iter().enumerate() {
            plant_sales[i] += bal.plants[i].injected_kwh[t] * (pz - p.rid_fee_eur_per_mwh) / 1000.0;
            if !pl.incentive_eligible {
                continue;
            }
            let sh = bal.plants[i].shared_kwh[t];
            if sh > 0.0 {
                let rate = tip_after_grant(tip_rate_eur_per_mwh(bands[i], pz, p), fs[i], x);
                let eur = sh * rate / 1000.0;
                tip += eur;
                inc += sh;
                plant_tip[i] += eur;
            }
        }
        h.tip_eur[t] = tip;
        h.incentivised_shared_kwh[t] = inc;
        h.tip_eur_per_mwh[t] = if inc > 0.0 {
            tip / inc * 1000.0
        } else if let Some(i) = first_eligible {
            tip_after_grant(tip_rate_eur_per_mwh(bands[i], pz, p), fs[i], x)
        } else {
            0.0
        };
    }
    Incentives {
        hourly: h,
        bands,
        grant_factors: fs,
        plant_tip_eur: plant_tip,
        plant_sales_eur: plant_sales,
    }
}

/// Stage 4: the 55 % / 45 % rule, group by group (plants with the tariff only; plants with the
/// tariff and a capital grant), each on its own plants' injection.
fn legal_quota(v: &ValidScenario, bal: &balance::Balance, inc: &Incentives) -> SolidarityQuota {
    let s = &v.scenario;
    let p = &v.params;
    let sum = |v: &[f64]| v.iter().sum::<f64>();
    let mut groups = Vec::new();
    for (kind, with_grant, threshold_pct) in [
        (
            QuotaGroupKind::TariffOnly,
            false,
            p.solidarity_threshold_pct,
        ),
        (
            QuotaGroupKind::TariffWithGrant,
            true,
            p.solidarity_threshold_with_grant_pct,
        ),
    ] {
        let members: Vec<usize> = (0..s.plants.len())
            .filter(|&i| {
                s.plants[i].incentive_eligible
                    && (s.plants[i].capital_grant_pct > 0.0) == with_grant
            })
            .collect();
        if members.is_empty() {
            continue;
        }
        groups.push(quota_group(
            kind,
            members.iter().map(|&i| s.plants[i].id.clone()).collect(),
            members
                .iter()
                .map(|&i| sum(&bal.plants[i].shared_kwh))
                .sum(),
            members
                .iter()
                .map(|&i| sum(&bal.plants[i].injected_kwh))
                .sum(),
            members.iter().map(|&i| inc.plant_tip_eur[i]).sum(),
            threshold_pct / 100.0,
        ));
    }
    solidarity_quota(groups)
}

/// Stage 5: plant reports and cash flows of every actor. The tariff and the valorisation (and
/// with them the community's fund and running costs) last `incentive_years` from year 1;
/// energy sales, avoided purchases and upkeep go on to the horizon. Stages: each plant
/// ([`Finance::plant`]), the community's fund ([`Finance::community`]), the battery
/// ([`Finance::battery`]); the configuration's flows add up all three, in that order.
fn finance(
    v: &ValidScenario,
    pre: &Prepared,
    bal: &balance::Balance,
    inc: &Incentives,
    fund: &FundReport,
    shared_kwh: f64,
) -> (Vec<PlantReport>, FinanceReport) {
    let f = Finance {
        v,
        pre,
        bal,
        inc,
        fund,
        shared_kwh,
        horizon: Horizon::of(&v.params),
    };
    let years = f.horizon.years;
    let rate = f.horizon.rate;
    let mut config_flows = vec![0.0; years + 1];
    let mut capex_total = 0.0;
    let mut plants = Vec::with_capacity(v.scenario.plants.len());
    let mut producers = Vec::with_capacity(v.scenario.plants.len());
    for i in 0..v.scenario.plants.len() {
        let (report, producer) = f.plant(i, &mut config_flows);
        capex_total += report.capex_eur;
        plants.push(report);
        producers.push(producer);
    }
    let (community, members) = f.community(&mut config_flows);
    capex_total += f.battery(&mut config_flows);
    let report = FinanceReport {
        years: years as u32,
        incentive_years: f.horizon.term.min(years) as u32,
        discount_rate: rate,
        capex_eur: capex_total,
        producers,
        community: ActorFinance::new("community", rate, community),
        members: ActorFinance::new("members", rate, members),
        configuration: ActorFinance::new("configuration", rate, config_flows),
    };
    (plants, report)
}

/// The years the cash flows count: the horizon, the incentive term, the discount rate, the
/// panels' degradation and the inverter's replacement.
struct Horizon {
    years: usize,
    term: usize,
    rate: f64,
    degradation_pct_per_year: f64,
    inverter_year: usize,
}

impl Horizon {
    fn of(p: &Parameters) -> Horizon {
        Horizon {
            years: p.project_years.round().max(1.0) as usize,
            term: p.incentive_years.round().max(1.0) as usize,
            rate: p.discount_rate_pct / 100.0,
            degradation_pct_per_year: p.pv_degradation_pct_per_year,
            inverter_year: p.inverter_replacement_year.round() as usize,
        }
    }

    /// 1 while the incentives are paid (years 1 to the term), else 0.
    fn paid(&self, y: usize) -> f64 {
        if y <= self.term {
            1.0
        } else {
            0.0
        }
    }

    /// The panels' output in year `y` against year 1.
    fn degr(&self, y: usize) -> f64 {
        (1.0 - self.degradation_pct_per_year / 100.0).powi(y as i32 - 1)
    }
}

/// What stage 5 reads: the scenario, the balance, the incentives and the fund.
struct Finance<'a> {
    v: &'a ValidScenario,
    pre: &'a Prepared,
    bal: &'a balance::Balance,
    inc: &'a Incentives,
    fund: &'a FundReport,
    shared_kwh: f64,
    horizon: Horizon,
}

impl Finance<'_> {
    /// Plant `i`'s report and its producer's cash flows (investment, sales and avoided
    /// purchases, its share of the fund while paid, upkeep); its energy money and upkeep
    /// go into the configuration's flows.
    fn plant(&self, i: usize, config_flows: &mut [f64]) -> (PlantReport, ActorFinance) {
        let (s, p, h) = (&self.v.scenario, &self.v.params, &self.horizon);
        let (pre, inc) = (self.pre, self.inc);
        let sum = |v: &[f64]| v.iter().sum::<f64>();
        let pl = &s.plants[i];
        let f = &self.bal.plants[i];
        let prod = sum(&f.production_kwh);
        let sc = sum(&f.self_consumption_kwh);
        let inj = sum(&f.injected_kwh);
        let sh = sum(&f.shared_kwh);
        let retail = s
            .host_group(pl)
            .map_or(0.0, |g| group_retail(&s.members[g]));
        let avoided = sc * retail;
        let capex =
            pl.kwp * p.net_capex_eur_per_kwp(pl.capex_eur_per_kwp, pl.kwp, pl.capital_grant_pct);
        let producer_share = if self.shared_kwh > 0.0 {
            self.fund.producers_eur * sh / self.shared_kwh
        } else {
            0.0
        };
        let mut flows = vec![-capex];
        let mut costs = vec![capex];
        let mut energy = vec![0.0];
        for (y, config) in config_flows.iter_mut().enumerate().skip(1) {
            let d = h.degr(y);
            let om = pl.kwp * p.pv_om_eur_per_kwp_year
                + if y == h.inverter_year {
                    pl.kwp * p.inverter_replacement_eur_per_kwp
                } else {
                    0.0
                };
            let energy_eur = (inc.plant_sales_eur[i] + avoided) * d;
            flows.push(energy_eur + producer_share * d * h.paid(y) - om);
            *config += energy_eur - om;
            costs.push(om);
            energy.push(prod * d);
        }
        config_flows[0] -= capex;
        let report = PlantReport {
            host_consumption_kwh: pre.loads.host_kwh[i].as_ref().map_or(0.0, |l| sum(l)),
            id: pl.id.clone(),
            name: pl.name.clone(),
            owner: pl.owner,
            kwp: pl.kwp,
            tilt_deg: pl.tilt_deg,
            azimuth_deg: pl.azimuth_deg,
            power_band: inc.bands[i],
            host_category: pl.host_category.clone(),
            commissioning_rank: pre.ranks[i],
            incentive_eligible: pl.incentive_eligible,
            grant_factor: inc.grant_factors[i],
            production_kwh: prod,
            specific_yield_kwh_per_kwp: if pl.kwp > 0.0 { prod / pl.kwp } else { 0.0 },
            self_consumption_kwh: sc,
            injected_kwh: inj,
            shared_kwh: sh,
            tip_eur: inc.plant_tip_eur[i],
            tip_avg_eur_per_mwh: if sh > 0.0 {
                inc.plant_tip_eur[i] / sh * 1000.0
            } else {
                0.0
            },
            sales_eur: inc.plant_sales_eur[i],
            avoided_purchases_eur: avoided,
            capex_eur: capex,
            lcoe_eur_per_kwh: lcoe_eur_per_kwh(h.rate, &costs, &energy),
        };
        let producer = ActorFinance::new(format!("producer: {}", pl.id), h.rate, flows);
        (report, producer)
    }

    /// The community's and the members' yearly money: the fund (incentives − running costs)
    /// while paid, of which the members' share; the fund goes into the configuration's flows.
    fn community(&self, config_flows: &mut [f64]) -> (Vec<f64>, Vec<f64>) {
        let (p, h) = (&self.v.params, &self.horizon);
        let mut community = vec![0.0];
        let mut members = vec![0.0];
        for (y, config) in config_flows.iter_mut().enumerate().skip(1) {
            let d = h.degr(y);
            // The fund; producers' and members' shares are part of it.
            let yearly = (self.fund.incentives_eur * d - self.fund.running_costs_eur) * h.paid(y);
            let available = yearly.max(0.0);
            community.push(available);
            members.push(available * p.alloc_members_pct / 100.0);
            *config += yearly;
        }
        (community, members)
    }

    /// The community battery's investment (returned) and upkeep, in the configuration's
    /// flows (its effect on sales and sharing is in the plants' and the fund's).
    fn battery(&self, config_flows: &mut [f64]) -> f64 {
        let p = &self.v.params;
        let Some(b) = &self.v.scenario.battery else {
            return 0.0;
        };
        let capex = b.energy_kwh * b.capex_eur_per_kwh.unwrap_or(p.battery_capex_eur_per_kwh);
        config_flows[0] -= capex;
        for f in config_flows.iter_mut().skip(1) {
            *f -= b.energy_kwh * p.battery_om_eur_per_kwh_year;
        }
        capex
    }
}

/// Stage 6: monthly sums, typical days and the month × hour heat map (local time).
fn monthly_views(h: &Hourly) -> (Vec<MonthReport>, Vec<TypicalDay>, Vec<Vec<f64>>) {
    let mut monthly: Vec<MonthReport> = (1..=12)
        .map(|m| MonthReport {
            month: m,
            production_kwh: 0.0,
            consumption_kwh: 0.0,
            self_consumption_kwh: 0.0,
            injected_kwh: 0.0,
            withdrawn_kwh: 0.0,
            shared_kwh: 0.0,
            tip_eur: 0.0,
        })
        .collect();
    let mut heat = vec![vec![0.0; 24]; 12];
    let mut td_sum = vec![[[0.0f64; 24]; 3]; 12];
    let mut td_n = vec![[0u32; 24]; 12];
    for t in 0..HOURS_PER_YEAR {
        let m = h.local_month[t] as usize - 1;
        let hr = h.local_hour[t] as usize;
        let mr = &mut monthly[m];
        mr.production_kwh += h.production_kwh[t];
        mr.consumption_kwh += h.consumption_kwh[t];
        mr.self_consumption_kwh += h.self_consumption_kwh[t];
        mr.injected_kwh += h.injected_kwh[t];
        mr.withdrawn_kwh += h.withdrawn_kwh[t];
        mr.shared_kwh += h.shared_kwh[t];
        mr.tip_eur += h.tip_eur[t];
        heat[m][hr] += h.shared_kwh[t];
        td_sum[m][0][hr] += h.production_kwh[t];
        td_sum[m][1][hr] += h.consumption_kwh[t];
        td_sum[m][2][hr] += h.shared_kwh[t];
        td_n[m][hr] += 1;
    }
    let typical_days = (0..12)
        .map(|m| {
            let avg = |k: usize| {
                (0..24)
                    .map(|hr| td_sum[m][k][hr] / td_n[m][hr].max(1) as f64)
                    .collect()
            };
            TypicalDay {
                month: m as u32 + 1,
                production_kw: avg(0),
                consumption_kw: avg(1),
                shared_kw: avg(2),
            }
        })
        .collect();
    (monthly, typical_days, heat)
}

/// The parameters used whose default is an assumption (confidence L), with their values.
fn assumptions_used(p: &Parameters) -> Vec<AssumptionUsed> {
    let pv_json = serde_json::to_value(p).unwrap_or_default();
    defaults()
        .parameters
        .iter()
        .filter(|(_, m)| m.confidence == "L")
        .map(|(k, m)| AssumptionUsed {
            name: k.clone(),
            value: pv_json.get(k).and_then(|x| x.as_f64()).unwrap_or(m.value),
            unit: m.unit.clone(),
            source: m.source.clone(),
            source_it: m.source_it.clone(),
        })
        .collect()
}

/// Runs the whole simulation: prepare the hourly inputs → balance → incentives → legal quota →
/// fund and energy poverty → finance → monthly views → report.
pub fn simulate(v: &ValidScenario) -> Simulation {
    let part = participating(v);
    let pre = prepare(&part);
    run_prepared(v, &part, &pre)
}

/// The same scenario at many sizes of one plant, fast: what does not depend on the plant's
/// size (loads, prices, the other plants' production, the calendar) is prepared once; each
/// size runs the balance, incentives and finance. `at(kwp)` equals [`simulate`] of the
/// scenario with that plant set to `kwp` (0: the plant left out).
pub struct SizeSweep {
    orig: ValidScenario,
    part: ValidScenario,
    pre: Prepared,
    plant: usize,
    unit_kwh: std::rc::Rc<Vec<f64>>,
}

impl SizeSweep {
    /// Prepares the sweep of plant `plant` (an index of `v.scenario.plants`).
    pub fn new(v: &ValidScenario, plant: usize) -> SizeSweep {
        let part = participating(v).into_owned();
        let pre = prepare(&part);
        let unit_kwh = pv_per_kwp(&v.scenario.plants[plant], v.params.albedo);
        SizeSweep {
            orig: v.clone(),
            part,
            pre,
            plant,
            unit_kwh,
        }
    }

    /// The scenario with the plant at `kwp` (> 0), as given to [`simulate`].
    pub fn scenario_at(&self, kwp: f64) -> ValidScenario {
        let mut w = self.orig.clone();
        w.scenario.plants[self.plant].kwp = kwp;
        w
    }

    /// The simulation with the plant at `kwp`; 0 leaves the plant out.
    pub fn at(&mut self, kwp: f64) -> Simulation {
        if kwp <= 0.0 {
            let mut w = self.orig.clone();
            w.scenario.plants.remove(self.plant);
            return simulate(&w);
        }
        let orig = self.scenario_at(kwp);
        self.part.scenario.plants[self.plant].kwp = kwp;
        let scale = self.part.params.pv_yield_scale_pct / 100.0;
        self.pre.inputs[self.plant].production_kwh =
            self.unit_kwh.iter().map(|e| e * kwp * scale).collect();
        run_prepared(&orig, &self.part, &self.pre)
    }
}

/// The warnings a scenario's report lists: the eligibility conditions it breaks or the
/// planner must check, then the inputs that look like a unit mistake.
pub fn warnings(v: &ValidScenario) -> Vec<eligibility::Warning> {
    let mut out = eligibility::check(v);
    out.extend(crate::plausibility::check(v));
    out
}

/// Stages 2–7 on prepared inputs: `orig` is the scenario as given (for the warnings), `v` the
/// one with participation applied that `pre` was prepared from.
fn run_prepared(orig: &ValidScenario, v: &ValidScenario, pre: &Prepared) -> Simulation {
    let warnings = warnings(orig);
    let s = &v.scenario;
    let p = &v.params;
    let bal = balance::compute(
        &pre.inputs,
        &pre.loads.other_kwh,
        &pre.loads.other_exempt_kwh,
        s.sharing_rule,
        pre.battery.as_ref(),
    );
    let inc = incentives(v, pre, &bal);
    let quota = legal_quota(v, &bal, &inc);

    let h = &inc.hourly;
    let sum = |v: &[f64]| v.iter().sum::<f64>();
    let production = sum(&h.production_kwh);
    let consumption = sum(&h.consumption_kwh);
    let self_consumption = sum(&h.self_consumption_kwh);
    let injected = sum(&h.injected_kwh);
    let shared = sum(&h.shared_kwh);
    let tip_total = sum(&h.tip_eur);
    // ARERA valorisation on all shared energy, incentivised or not (TIAD).
    let valorisation = shared * p.arera_valorisation_eur_per_mwh / 1000.0;
    let members_total: u32 = s.members.iter().map(|m| m.count).sum();
    let (fund, energy_poverty) =
        fund_and_energy_poverty(v, tip_total + valorisation, quota.solidarity_min_eur);
    let (plants, finance) = finance(v, pre, &bal, &inc, &fund, shared);
    let (monthly, typical_days, heat) = monthly_views(h);
    let categories = category_reports(v, pre);

    let report = Report {
        report_version: REPORT_VERSION,
        scenario_name: s.name.clone(),
        cp_name: s.cp.name.clone(),
        cp_code: s.cp.code.clone(),
        illustrative: s.illustrative,
        seed: s.seed,
        calendar_year: s.calendar_year,
        sharing_rule: s.sharing_rule,
        members_total,
        pv_kwp_total: s.plants.iter().map(|x| x.kwp).sum(),
        production_kwh: production,
        consumption_kwh: consumption,
        self_consumption_kwh: self_consumption,
        injected_kwh: injected,
        withdrawn_kwh: sum(&h.withdrawn_kwh),
        shared_kwh: shared,
        incentivised_shared_kwh: sum(&h.incentivised_shared_kwh),
        shared_ratio_of_injection: if injected > 0.0 {
            shared / injected
        } else {
            0.0
        },
        self_sufficiency: if consumption > 0.0 {
            (self_consumption + shared) / consumption
        } else {
            0.0
        },
        tip_eur: tip_total,
        valorisation_eur: valorisation,
        sales_eur: inc.plant_sales_eur.iter().sum(),
        avoided_purchases_eur: plants.iter().map(|x| x.avoided_purchases_eur).sum(),
        solidarity_min_eur: quota.solidarity_min_eur,
        solidarity_quota: quota,
        co2_avoided_t: production * p.co2_kg_per_kwh / 1000.0,
        battery_energy_kwh: s.battery.as_ref().map_or(0.0, |b| b.energy_kwh),
        battery_charge_kwh: sum(&h.battery_charge_kwh),
        battery_discharge_kwh: sum(&h.battery_discharge_kwh),
        plants,
        categories,
        monthly,
        typical_days,
        heatmap_shared_kwh: heat,
        fund,
        energy_poverty,
        finance,
        assumptions: assumptions_used(p),
        warnings,
    };
    Simulation {
        hourly: inc.hourly,
        report,
    }
}

/// Stage 4: the community's fund (tariff and valorisation, `pool_eur`, shared out by the
/// CERS's rules with the legal minimum for social purposes) and the energy-poor households it
/// supports.
fn fund_and_energy_poverty(
    v: &ValidScenario,
    pool_eur: f64,
    solidarity_min_eur: f64,
) -> (FundReport, solidarity::EnergyPovertyReport) {
    let (s, p) = (&v.scenario, &v.params);
    let members_total: u32 = s.members.iter().map(|m| m.count).sum();
    let fund = solidarity::allocate(pool_eur, members_total, solidarity_min_eur, p);
    let ep_count: u32 = s
        .members
        .iter()
        .filter(|m| m.category == "energy_poor_household")
        .map(|m| m.count)
        .sum();
    let energy_poverty = solidarity::energy_poverty(
        ep_count,
        fund.energy_poor_eur,
        p,
        derive_seed(s.seed, "energy-poverty"),
    );
    (fund, energy_poverty)
}

/// Each member group's line of the report: its category, count and consumption.
fn category_reports(v: &ValidScenario, pre: &Prepared) -> Vec<CategoryReport> {
    let cats = &defaults().categories;
    v.scenario
        .members
        .iter()
        .zip(&pre.loads.category_kwh)
        .map(|(g, kwh)| {
            let c = &cats[&g.category];
            CategoryReport {
                category: g.category.clone(),
                name: g.name.clone(),
                measured: g.hourly_kwh.is_some(),
                label_it: c.label_it.clone(),
                label_en: c.label_en.clone(),
                count: g.count,
                annual_kwh_per_member: member_annual_kwh(g, &v.params),
                consumption_kwh: *kwh,
                business: c.business,
            }
        })
        .collect()
}

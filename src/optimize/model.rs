//! Builds the hourly sharing LP of `docs/formulation.md` for one assignment of tariff bands.
//! Equation ids (E1…E14) refer to that document.

use serde::{Deserialize, Serialize};

use super::lp::{Lp, RowKind, Sense};
use crate::calendar::{Calendar, HOURS_PER_YEAR};
use crate::economics::{grant_factor, tip_rate_eur_per_mwh, PowerBand};
use crate::params::defaults;
use crate::price::scenario_hourly_price;
use crate::scenario::ValidScenario;

/// What to optimise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// (E1a) Maximise the community's annual economic value: tariffa premio + ARERA
    /// valorisation + energy sales + avoided purchases − annualised capex − O&M − member costs.
    CommunityValue,
    /// (E1b) Maximise the annual solidarity fund (incentives − member running costs), within the budget.
    SolidarityFund,
    /// (E1c) Maximise annual shared energy, within the budget.
    SharedEnergy,
    /// (E1d) Minimise the investment that reaches the targets.
    MinInvestment,
}

impl std::str::FromStr for Objective {
    type Err = String;

    /// The command-line names: `community-value`, `solidarity-fund`, `shared-energy`,
    /// `min-investment`.
    fn from_str(s: &str) -> Result<Objective, String> {
        match s {
            "community-value" => Ok(Objective::CommunityValue),
            "solidarity-fund" => Ok(Objective::SolidarityFund),
            "shared-energy" => Ok(Objective::SharedEnergy),
            "min-investment" => Ok(Objective::MinInvestment),
            o => Err(format!("'{o}': accepted values are community-value, solidarity-fund, shared-energy, min-investment")),
        }
    }
}

impl Objective {
    /// Unit of the objective value.
    pub fn unit(self) -> &'static str {
        match self {
            Objective::CommunityValue | Objective::SolidarityFund => "€/yr",
            Objective::SharedEnergy => "kWh/yr",
            Objective::MinInvestment => "€",
        }
    }
}

/// Objective and constraints chosen by the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptimizeRequest {
    /// What to optimise.
    pub objective: Objective,
    /// (E6) Investment budget, €.
    #[serde(default)]
    pub budget_eur: Option<f64>,
    /// (E13) At least this many energy-poor members.
    #[serde(default)]
    pub min_energy_poor_members: Option<u32>,
    /// (E9) Business members at most this share of all members, %.
    #[serde(default)]
    pub max_business_share_pct: Option<f64>,
    /// (E10) Shared energy at least this share of injection, % (e.g. 55).
    #[serde(default)]
    pub min_shared_ratio_pct: Option<f64>,
    /// (E11) Self-sufficiency at least this %, (self-consumption + shared) / consumption.
    #[serde(default)]
    pub min_self_sufficiency_pct: Option<f64>,
    /// (E12) The fund supports at least this many energy-poor households at the target amount.
    #[serde(default)]
    pub min_ep_households_supported: Option<u32>,
    /// (E14) Shared energy at least this much, kWh/yr.
    #[serde(default)]
    pub min_shared_kwh: Option<f64>,
    /// CERS policy (E7''): energy-poor members not below the configuration's count. The web
    /// app turns it on for every new request; files and the CLI say it explicitly.
    #[serde(default)]
    pub keep_energy_poor: bool,
    /// CERS policy (E7''): households (every household category) not below the configuration's
    /// count, so that no plan trades families for businesses.
    #[serde(default)]
    pub keep_households: bool,
}

impl OptimizeRequest {
    /// A request with only an objective.
    pub fn new(objective: Objective) -> OptimizeRequest {
        OptimizeRequest {
            objective,
            budget_eur: None,
            min_energy_poor_members: None,
            max_business_share_pct: None,
            min_shared_ratio_pct: None,
            min_self_sufficiency_pct: None,
            min_ep_households_supported: None,
            min_shared_kwh: None,
            keep_energy_poor: false,
            keep_households: false,
        }
    }

    /// The CERS's own policy on: energy-poor members and households not below today's.
    pub fn with_cers_policy(mut self) -> OptimizeRequest {
        self.keep_energy_poor = true;
        self.keep_households = true;
        self
    }

    /// Whether the request's policy keeps category `cat` at least at its current count.
    pub fn keeps_category(&self, cat: &str) -> bool {
        (self.keep_energy_poor && cat == "energy_poor_household")
            || (self.keep_households && crate::params::is_household(cat))
    }
}

/// Data of the LP, computed once per scenario.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// Hours kept (all hours with some PV production; dropping the others is exact, E2).
    pub hours: Vec<usize>,
    /// PV per kWp of each plant, kWh per hour (all 8,760 hours).
    pub pv_per_kwp: Vec<Vec<f64>>,
    /// Mean member profile of each category group, kWh per hour.
    pub load_per_member: Vec<Vec<f64>>,
    /// Host category group index of each plant (prosumer).
    pub host_group: Vec<Option<usize>>,
    /// Zonal price, €/MWh.
    pub price: Vec<f64>,
    /// Tariff before grant by band [≤200, ≤600, ≤1000] and hour, €/MWh.
    pub tip_rate: [Vec<f64>; 3],
    /// Plant bounds (kWp).
    pub plant_lb: Vec<f64>,
    /// Plant upper bounds (kWp).
    pub plant_ub: Vec<f64>,
    /// Plant is a sizing decision (has a roof potential) rather than fixed.
    pub plant_candidate: Vec<bool>,
    /// Plant `j` may get the tariff: only then do tariff bands (and the 1 MW limit) apply.
    pub plant_eligible: Vec<bool>,
    /// Capex per kWp used by the optimiser, €/kWp.
    pub capex_eur_per_kwp: Vec<f64>,
    /// Grant factor F of each plant.
    pub grant_f: Vec<f64>,
    /// Retail price of each plant's host, €/kWh (0 for stand-alone).
    pub host_retail: Vec<f64>,
    /// Member bounds.
    pub member_lb: Vec<f64>,
    /// Member upper bounds.
    pub member_ub: Vec<f64>,
    /// Annual kWh per member of each group.
    pub annual_kwh: Vec<f64>,
    /// Business category.
    pub business: Vec<bool>,
    /// Energy-poor category.
    pub energy_poor: Vec<bool>,
    /// Capital recovery factor over the project horizon.
    pub crf: f64,
    /// Weight of each kept hour in sums over hours (1; more in a subsampled copy).
    pub hour_weight: f64,
    /// Community battery, if the scenario has one.
    pub battery: Option<BatteryData>,
    /// The request counts no tariff (shared energy or minimum investment, without a target on
    /// the fund): every plant is then in one class, so that the battery charges from the
    /// whole configuration's surplus, as the simulation core does (E19), and the bands do not
    /// matter at all.
    pub tariff_blind: bool,
}

/// The battery as the LP sees it.
#[derive(Debug, Clone, Copy)]
pub struct BatteryData {
    /// Capacity bounds, kWh (equal when the size is fixed).
    pub energy_lb: f64,
    /// Upper bound, kWh.
    pub energy_ub: f64,
    /// Power per kWh of capacity, kW/kWh.
    pub c_rate: f64,
    /// One-way efficiency.
    pub eta: f64,
    /// Capex, €/kWh.
    pub capex_eur_per_kwh: f64,
    /// Plant (oldest) whose connection injects the discharge.
    pub plant: usize,
}

/// (E2) The hours the LP keeps: without a battery, hours with no production have no shared
/// energy and are dropped; a battery that can hold energy keeps every hour.
fn kept_hours(s: &crate::scenario::Scenario, pv_per_kwp: &[Vec<f64>]) -> Vec<usize> {
    let battery = s
        .battery
        .as_ref()
        .is_some_and(|b| b.max_energy_kwh.unwrap_or(b.energy_kwh) > 0.0 && b.power_kw > 0.0);
    (0..HOURS_PER_YEAR)
        .filter(|&t| battery || pv_per_kwp.iter().any(|v| v[t] > 0.0))
        .collect()
}

/// The community battery as the LP sees it; a battery that cannot hold energy (capacity fixed
/// at 0, or no power) changes nothing and is left out.
fn battery_data(v: &ValidScenario) -> Option<BatteryData> {
    let (s, p) = (&v.scenario, &v.params);
    let b = s
        .battery
        .as_ref()
        .filter(|b| b.max_energy_kwh.unwrap_or(b.energy_kwh) > 0.0 && b.power_kw > 0.0)?;
    // The discharge goes out through the oldest plant's connection.
    let mut order: Vec<usize> = (0..s.plants.len()).collect();
    order.sort_by_key(|&i| (s.plants[i].commissioning_order.unwrap_or(u32::MAX), i));
    Some(BatteryData {
        energy_lb: if b.max_energy_kwh.is_some() {
            0.0
        } else {
            b.energy_kwh
        },
        energy_ub: b.max_energy_kwh.unwrap_or(b.energy_kwh),
        c_rate: if b.energy_kwh > 0.0 {
            b.power_kw / b.energy_kwh
        } else {
            0.5
        },
        eta: (b.round_trip_efficiency_pct / 100.0).sqrt(),
        capex_eur_per_kwh: b.capex_eur_per_kwh.unwrap_or(p.battery_capex_eur_per_kwh),
        plant: order.first().copied().unwrap_or(0),
    })
}

/// Per plant: whether its size is a decision, its bounds (kWp), whether it may get the tariff,
/// its capex after the grant, its grant factor F and its host's retail price.
struct PlantData {
    candidate: Vec<bool>,
    lb: Vec<f64>,
    ub: Vec<f64>,
    eligible: Vec<bool>,
    capex_eur_per_kwp: Vec<f64>,
    grant_f: Vec<f64>,
    host_retail: Vec<f64>,
}

impl PlantData {
    fn of(v: &ValidScenario) -> PlantData {
        let (s, p) = (&v.scenario, &v.params);
        // Prosumer plants keep their size: their self-consumption min(production, host load)
        // is not linear in size (docs/formulation.md, §Prosumers).
        let candidate: Vec<bool> = s
            .plants
            .iter()
            .map(|pl| pl.roof_potential_kwp.is_some() && s.host_group(pl).is_none())
            .collect();
        let ub: Vec<f64> = s
            .plants
            .iter()
            .zip(&candidate)
            .map(|(pl, c)| match (pl.roof_potential_kwp, c) {
                (Some(r), true) => r.min(if pl.incentive_eligible {
                    1000.0
                } else {
                    10_000.0
                }),
                _ => pl.kwp,
            })
            .collect();
        PlantData {
            lb: s
                .plants
                .iter()
                .zip(&candidate)
                .map(|(pl, c)| if *c { 0.0 } else { pl.kwp })
                .collect(),
            capex_eur_per_kwp: s
                .plants
                .iter()
                .zip(&ub)
                .map(|(pl, ub)| {
                    p.net_capex_eur_per_kwp(pl.capex_eur_per_kwp, *ub, pl.capital_grant_pct)
                })
                .collect(),
            eligible: s.plants.iter().map(|pl| pl.incentive_eligible).collect(),
            grant_f: s
                .plants
                .iter()
                .map(|pl| {
                    if pl.incentive_eligible {
                        grant_factor(pl.capital_grant_pct)
                    } else {
                        1.0
                    }
                })
                .collect(),
            host_retail: s
                .plants
                .iter()
                .map(|pl| {
                    s.host_group(pl)
                        .map_or(0.0, |g| crate::simulate::group_retail(&s.members[g]))
                })
                .collect(),
            candidate,
            ub,
        }
    }
}

/// Per member group: its bounds (committed, and at least the plants it hosts; available),
/// whether it is a business and whether it is energy-poor.
struct MemberData {
    lb: Vec<f64>,
    ub: Vec<f64>,
    business: Vec<bool>,
    energy_poor: Vec<bool>,
}

impl MemberData {
    fn of(s: &crate::scenario::Scenario, host_group: &[Option<usize>]) -> MemberData {
        let cats = &defaults().categories;
        let hosts_in = |gi: usize| host_group.iter().filter(|h| **h == Some(gi)).count() as f64;
        MemberData {
            lb: s
                .members
                .iter()
                .enumerate()
                .map(|(i, g)| (g.committed.unwrap_or(0) as f64).max(hosts_in(i)))
                .collect(),
            ub: s
                .members
                .iter()
                .map(|g| g.available.unwrap_or(g.count) as f64)
                .collect(),
            business: s
                .members
                .iter()
                .map(|g| cats[&g.category].business)
                .collect(),
            energy_poor: s
                .members
                .iter()
                .map(|g| g.category == "energy_poor_household")
                .collect(),
        }
    }
}

/// Capital recovery factor `r (1+r)^N / ((1+r)^N − 1)` (1/N when r = 0).
pub use crate::params::crf;

impl Inputs {
    /// Prepares the LP data of a scenario for a request (the request's policy raises the
    /// members' lower bounds, E7'').
    pub fn for_request(v: &ValidScenario, req: &OptimizeRequest) -> Inputs {
        let mut inp = Inputs::new(v);
        inp.tariff_blind = matches!(
            req.objective,
            Objective::SharedEnergy | Objective::MinInvestment
        ) && req.min_ep_households_supported.is_none();
        for (i, g) in v.scenario.members.iter().enumerate() {
            if req.keeps_category(&g.category) {
                inp.member_lb[i] = inp.member_lb[i].max(g.count as f64);
            }
        }
        inp
    }

    /// Prepares the LP data of a scenario. Stages: the hourly profiles (PV per kWp, members'
    /// loads, zonal price and the tariff per band), the hours kept ([`kept_hours`]), the
    /// battery ([`battery_data`]), the plants' bounds and costs ([`PlantData::of`]) and the
    /// members' ([`MemberData::of`]).
    pub fn new(v: &ValidScenario) -> Inputs {
        let (s, p) = (&v.scenario, &v.params);
        let cal = Calendar::new(s.calendar_year);
        let pv_per_kwp: Vec<Vec<f64>> = s
            .plants
            .iter()
            .map(|pl| {
                crate::simulate::pv_per_kwp(pl, p.albedo)
                    .iter()
                    .map(|e| e * p.pv_yield_scale_pct / 100.0)
                    .collect()
            })
            .collect();
        let load_per_member: Vec<Vec<f64>> = s
            .members
            .iter()
            .map(|g| crate::simulate::group_profile(g, p, &cal))
            .collect();
        let host_group: Vec<Option<usize>> = s.plants.iter().map(|pl| s.host_group(pl)).collect();
        let price = scenario_hourly_price(s, p, &cal);
        let tip_rate = [
            PowerBand::UpTo200Kw,
            PowerBand::UpTo600Kw,
            PowerBand::UpTo1000Kw,
        ]
        .map(|b| {
            price
                .iter()
                .map(|pz| tip_rate_eur_per_mwh(b, *pz, p))
                .collect::<Vec<f64>>()
        });
        let plants = PlantData::of(v);
        let members = MemberData::of(s, &host_group);
        Inputs {
            hours: kept_hours(s, &pv_per_kwp),
            annual_kwh: load_per_member.iter().map(|l| l.iter().sum()).collect(),
            pv_per_kwp,
            load_per_member,
            host_group,
            price,
            tip_rate,
            plant_lb: plants.lb,
            plant_ub: plants.ub,
            plant_candidate: plants.candidate,
            plant_eligible: plants.eligible,
            capex_eur_per_kwp: plants.capex_eur_per_kwp,
            grant_f: plants.grant_f,
            host_retail: plants.host_retail,
            member_lb: members.lb,
            member_ub: members.ub,
            business: members.business,
            energy_poor: members.energy_poor,
            crf: crf(p.discount_rate_pct / 100.0, p.project_years),
            hour_weight: 1.0,
            battery: battery_data(v),
            tariff_blind: false,
        }
    }

    /// (E5) Self-consumption of prosumer plant `j` in hour `t`: `min(kWp · pv, host load)`, a
    /// constant because prosumer plants keep their size; `None` for stand-alone plants.
    pub fn self_consumption_kwh(&self, j: usize, t: usize) -> Option<f64> {
        self.host_group[j]
            .map(|gi| (self.plant_lb[j] * self.pv_per_kwp[j][t]).min(self.load_per_member[gi][t]))
    }

    /// Σ self-consumption of all prosumer plants in hour `t`, kWh.
    pub fn total_self_consumption_kwh(&self, t: usize) -> f64 {
        (0..self.host_group.len())
            .filter_map(|j| self.self_consumption_kwh(j, t))
            .sum()
    }

    /// A copy without the battery (and without the hours that only the battery used).
    pub fn without_battery(&self) -> Inputs {
        let mut c = self.clone();
        c.battery = None;
        c.hours
            .retain(|&t| self.pv_per_kwp.iter().any(|v| v[t] > 0.0));
        c
    }

    /// A copy keeping every `step`-th hour, each weighing `step`: a cheap approximation
    /// used only to guess which side of each hour binds.
    pub fn subsampled(&self, step: usize) -> Inputs {
        // The battery couples the hours; the guess ignores it (the verification does not).
        let mut c = self.without_battery();
        let sunny = c.hours.len();
        c.hours = c.hours.into_iter().step_by(step.max(1)).collect();
        c.hour_weight = sunny as f64 / c.hours.len().max(1) as f64;
        c
    }

    /// A copy keeping the battery and every hour of one day in `step` (whole days, so that the
    /// battery's daily cycle is kept), each hour weighing the hours it stands for: a cheap
    /// battery-aware guess of which side of each hour binds.
    pub fn sampled_days(&self, step: usize) -> Inputs {
        let mut c = self.clone();
        let all = c.hours.len();
        c.hours.retain(|t| (t / 24) % step.max(1) == 0);
        c.hour_weight = self.hour_weight * all as f64 / c.hours.len().max(1) as f64;
        c
    }

    /// Tariff bands a plant can fall in, given its bounds (0 = ≤ 200 kW, 1 = ≤ 600, 2 = ≤ 1,000).
    pub fn allowed_bands(&self, j: usize) -> Vec<usize> {
        if !self.plant_eligible[j] {
            // No tariff: the bands do not apply (a plant without the tariff may exceed 1 MW).
            return Vec::new();
        }
        let (lb, ub) = (self.plant_lb[j], self.plant_ub[j]);
        BAND_KW
            .iter()
            .enumerate()
            .filter(|(_, (lo, hi))| lb <= *hi && ub >= *lo && !(ub <= *lo && *lo > 0.0))
            .map(|(b, _)| b)
            .collect()
    }
}

/// Band assignment of a plant in a node of the band search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BandChoice {
    /// Size restricted to band b; tariff of band b.
    Band(usize),
    /// Any size within bounds; tariff of the most generous band (≤ 200 kW): a relaxation.
    Relaxed,
    /// The band is left to the LP in its convex-hull form (E21): one size column per allowed
    /// band in that band's tariff class, `lo_b z_b ≤ x_b ≤ hi_b z_b`, `Σ_b z_b = 1`,
    /// `0 ≤ z_b ≤ 1` (binary in the exported mixed-integer model). Exact when one band holds
    /// the whole size within its interval; otherwise a tight relaxation to branch on.
    Hull,
}

/// Size interval `[lo, hi]` (kWp) of each tariff band: ≤ 200, 200–600, 600–1,000 kW.
pub const BAND_KW: [(f64, f64); 3] = [(0.0, 200.0), (200.0, 600.0), (600.0, 1000.0)];

/// Size of each plant in each band (kWp): the plant's size sits in its band's entry, except
/// for a plant in hull form (E21), whose size may be split across its bands.
pub type BandSizes = Vec<[f64; 3]>;

/// How an hour enters the LP (the active-set method of `docs/formulation.md`, §Speed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HourMode {
    /// Shared-energy columns with both sharing constraints (E3, E4).
    Full,
    /// Every class shares its whole injection (valid while Σ injection ≤ withdrawals).
    InjectionLimited,
    /// The withdrawals bind; by decreasing value, the first `r` tariff classes share their whole
    /// injection and the next one the rest of the withdrawals (valid while that is the greedy
    /// split of the hour, E20). With one class, `r = 0`: shared = withdrawals.
    WithdrawalLimited(u8),
}

/// Tariff classes of a band assignment: plants with the same (band, grant factor F) earn the
/// same €/kWh and share one shared-energy column per hour.
#[derive(Debug, Clone)]
pub struct Classes {
    /// (rate band, F bits) of each class.
    key: Vec<(usize, u64)>,
    /// Class of each plant's size in each band (`None`: the plant has no size in that band).
    pub of: Vec<[Option<usize>; 3]>,

    /// A class earns the tariff (some plant in it is incentive-eligible).
    eligible: Vec<bool>,
    /// Class whose injection carries the battery's net discharge (E19).
    pub battery: Option<usize>,
}

/// The class of a plant's first band (0 for a plant without any).
fn first_class(of: &[Option<usize>; 3]) -> usize {
    of.iter().flatten().next().copied().unwrap_or(0)
}

impl Classes {
    /// Classes of band assignment `choice` (a relaxed plant earns the ≤ 200 kW tariff).
    pub fn new(inp: &Inputs, v: &ValidScenario, choice: &[BandChoice]) -> Classes {
        let mut key: Vec<(usize, u64)> = Vec::new();
        let of: Vec<[Option<usize>; 3]> = choice
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let bands = match c {
                    BandChoice::Band(b) => vec![*b],
                    BandChoice::Relaxed => vec![0],
                    BandChoice::Hull => inp.allowed_bands(j),
                };
                let mut out = [None; 3];
                for band in bands {
                    let k = if inp.tariff_blind {
                        (0, 0)
                    } else {
                        (band, inp.grant_f[j].to_bits())
                    };
                    out[band] = Some(key.iter().position(|x| *x == k).unwrap_or_else(|| {
                        key.push(k);
                        key.len() - 1
                    }));
                }
                out
            })
            .collect();

        let eligible = (0..key.len())
            .map(|k| {
                v.scenario
                    .plants
                    .iter()
                    .zip(&of)
                    .any(|(pl, o)| o.contains(&Some(k)) && pl.incentive_eligible)
            })
            .collect();
        Classes {
            battery: inp.battery.as_ref().map(|b| first_class(&of[b.plant])),
            key,
            of,
            eligible,
        }
    }

    /// Class of plant `j`'s first band: its only one unless the plant is in hull form
    /// (prosumer plants, whose self-consumption is counted there, and the battery's plant
    /// never are).
    pub fn of_plant(&self, j: usize) -> usize {
        first_class(&self.of[j])
    }

    /// Number of classes.
    pub fn len(&self) -> usize {
        self.key.len()
    }

    /// Whether there is no class (no plant).
    pub fn is_empty(&self) -> bool {
        self.key.is_empty()
    }

    /// € per kWh shared in hour `t` by class `k`: (tariff after grant + valorisation) / 1000;
    /// ineligible plants earn no tariff (E1a).
    pub fn unit_value(&self, inp: &Inputs, valorisation: f64, k: usize, t: usize) -> f64 {
        let (band, fbits) = self.key[k];
        let rate = if self.eligible[k] {
            inp.tip_rate[band][t] * (1.0 - f64::from_bits(fbits))
        } else {
            0.0
        };
        (rate + valorisation) / 1000.0
    }

    /// Unit values of all classes in hour `t`, and the classes by decreasing value.
    pub fn ranked(&self, inp: &Inputs, valorisation: f64, t: usize) -> (Vec<f64>, Vec<usize>) {
        let u: Vec<f64> = (0..self.len())
            .map(|k| self.unit_value(inp, valorisation, k, t))
            .collect();
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.sort_by(|a, b| u[*b].total_cmp(&u[*a]).then(a.cmp(b)));
        (u, order)
    }

    /// Injection of each class and the withdrawals in hour `t` (kWh) for plant sizes by band
    /// `xb`, member counts `n` and the battery's net discharge (E3–E5, E19).
    pub fn flows(
        &self,
        inp: &Inputs,
        t: usize,
        xb: &[[f64; 3]],
        n: &[f64],
        net_discharge: f64,
    ) -> (Vec<f64>, f64) {
        let mut inj = vec![0.0; self.len()];
        let mut sc_total = 0.0;
        for (j, sizes) in xb.iter().enumerate() {
            let sc = inp.self_consumption_kwh(j, t).unwrap_or(0.0);
            for (b, k) in self.of[j].iter().enumerate() {
                if let Some(k) = k {
                    inj[*k] += sizes[b] * inp.pv_per_kwp[j][t];
                }
            }
            inj[self.of_plant(j)] -= sc;
            sc_total += sc;
        }
        if let Some(kb) = self.battery {
            inj[kb] += net_discharge;
        }
        let w: f64 = n
            .iter()
            .enumerate()
            .map(|(i, ni)| ni * inp.load_per_member[i][t])
            .sum::<f64>()
            - sc_total;
        (inj, w)
    }
}

/// The regime of an hour with class injections `inj` and withdrawals `w`: the greedy split
/// (highest-value classes first) that maximises the hour's value (E20).
pub fn regime(inj: &[f64], w: f64, order: &[usize]) -> HourMode {
    let mut cum = 0.0;
    for (r, &k) in order.iter().enumerate() {
        if cum + inj[k] > w {
            return HourMode::WithdrawalLimited(r as u8);
        }
        cum += inj[k];
    }
    HourMode::InjectionLimited
}

/// Coefficients of an hour's shared energy in a replaced regime, as a linear function
/// `Σ_k a_k I_k + b W` of the class injections and the withdrawals: `(a, b)` of its value
/// (unit values `u`, € per kWh) and of its quantity (kWh). The hour's best value is the minimum
/// of these expressions over the regimes (E20), so each one is an upper bound everywhere and
/// exact in its regime.
pub fn regime_coefs(
    mode: HourMode,
    u: &[f64],
    order: &[usize],
) -> ((Vec<f64>, f64), (Vec<f64>, f64)) {
    let k_n = u.len();
    match mode {
        HourMode::WithdrawalLimited(r) if k_n > 0 => {
            let r = (r as usize).min(k_n - 1);
            let next = u[order[r]];
            let mut a = vec![0.0; k_n];
            for &k in &order[..r] {
                a[k] = u[k] - next;
            }
            ((a, next), (vec![0.0; k_n], 1.0))
        }
        _ => ((u.to_vec(), 0.0), (vec![1.0; k_n], 0.0)),
    }
}

/// Whether regime `mode` is exact (up to `tol`, kWh) at flows `(inj, w)`: every class
/// injection is non-negative and the regime's value and quantity equal the hour's optimum.
pub fn regime_holds(
    mode: HourMode,
    inj: &[f64],
    w: f64,
    u: &[f64],
    order: &[usize],
    tol: f64,
) -> bool {
    if inj.iter().any(|i| *i < -tol) {
        return false;
    }
    let total: f64 = inj.iter().sum();
    let eval = |(a, b): &(Vec<f64>, f64)| -> f64 {
        a.iter().zip(inj).map(|(a, i)| a * i).sum::<f64>() + b * w
    };
    let ((va, vb), (qa, qb)) = regime_coefs(mode, u, order);
    let ((ta, tb), _) = regime_coefs(regime(inj, w, order), u, order);
    let umax = u.iter().cloned().fold(0.0, f64::max);
    eval(&(qa, qb)) <= total.min(w) + tol && eval(&(va, vb)) <= eval(&(ta, tb)) + tol * umax
}

/// Battery columns: capacity, then (charge — only in hours with production —, discharge) per
/// kept hour.
pub type BatteryCols = (usize, Vec<(Option<usize>, usize)>);

/// Indices of the decision columns in a built model.
#[derive(Debug, Clone)]
pub struct ModelIndex {
    /// kWp column of each plant.
    pub x: Vec<usize>,
    /// kWp column of each plant's size in each band: the plant's own column in its band, or
    /// one column per allowed band for a plant in hull form (E21).
    pub pieces: Vec<[Option<usize>; 3]>,
    /// Member-count column of each group.
    pub n: Vec<usize>,
    /// Shared-energy columns (all classes, all kept hours).
    pub shared: Vec<usize>,
    /// Named rows whose duals are explained: (kind, index in scenario, row).
    pub explained: Vec<(Explained, usize, usize)>,
    /// Tariff classes.
    pub classes: Classes,
    /// Battery columns: capacity, then (charge, discharge) per kept hour.
    pub battery: Option<BatteryCols>,
}

impl ModelIndex {
    /// Plant sizes by band (kWp) in solution `x`.
    pub fn band_sizes(&self, x: &[f64]) -> BandSizes {
        self.pieces
            .iter()
            .map(|p| p.map(|c| c.map_or(0.0, |c| x[c])))
            .collect()
    }
}

/// Rows whose shadow prices are turned into statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Explained {
    /// (E7) members available in a category.
    MemberAvailability,
    /// (E7') members committed in a category (lower bound).
    MemberCommitted,
    /// (E8) roof potential of a plant.
    RoofPotential,
    /// (E6) budget.
    Budget,
    /// (E9) business share.
    BusinessShare,
    /// (E10) shared ratio.
    SharedRatio,
    /// (E11) self-sufficiency.
    SelfSufficiency,
    /// (E12) energy-poor households supported.
    EpSupported,
    /// (E13) minimum energy-poor members.
    MinEnergyPoor,
    /// (E14) minimum shared energy.
    MinShared,
    /// Not a row: what the plan changes in the objective, or why no constraint limits it.
    Summary,
    /// Not a row: decisions that the optimum leaves open (ties).
    Ties,
}

/// A column or row name, built only for models that will be exported (names cost time).
macro_rules! nm {
    ($named:expr, $($t:tt)*) => {
        if $named { format!($($t)*) } else { String::new() }
    };
}

/// Builds the LP for one band assignment (`choice[j]` per plant).
/// `modes` has one entry per kept hour (`inp.hours`); `None` means every hour `Full`.
///
/// Stages, in the order their columns and rows are made: plants (E8), plants in hull form
/// (E21), members (E7), the community battery (E15–E18), every kept hour's sharing (E3–E5,
/// or E20 for a replaced hour), the request's optional rows (E6, E9–E14).
pub fn build(
    inp: &Inputs,
    v: &ValidScenario,
    req: &OptimizeRequest,
    choice: &[BandChoice],
    modes: Option<&[HourMode]>,
) -> (Lp, ModelIndex) {
    let mut b = Builder::new(inp, v, req, modes.is_none());
    b.plants(choice);
    b.hull_pieces(choice);
    b.members();
    let classes = Classes::new(inp, v, choice);
    b.battery();
    for (hi, &t) in inp.hours.iter().enumerate() {
        let mode = modes.map_or(HourMode::Full, |m| m[hi]);
        b.hour(&classes, hi, t, mode);
    }
    b.optional_rows();
    b.finish(classes)
}

/// The model under construction: the LP and the columns later stages refer to.
struct Builder<'a> {
    inp: &'a Inputs,
    v: &'a ValidScenario,
    req: &'a OptimizeRequest,
    /// Names for an exported model (they cost time otherwise).
    named: bool,
    lp: Lp,
    /// (E1a) The community's yearly money (tariff, valorisation, running costs) weighs
    /// crf(horizon)/crf(term) ≤ 1 when the horizon outlasts the incentive term.
    iw: f64,
    explained: Vec<(Explained, usize, usize)>,
    /// kWp column of each plant.
    x: Vec<usize>,
    /// kWp column of each plant's size per band (E21).
    pieces: Vec<[Option<usize>; 3]>,
    /// Member-count column of each group.
    n: Vec<usize>,
    battery: Option<BatteryCols>,
    /// The constant column (= 1) carrying self-consumption, made at its first use.
    one: Option<usize>,
    /// Shared-energy columns of the full hours.
    shared_cols: Vec<usize>,
    /// Annual shared energy (kWh) and its value (€) as sums over columns, dense.
    acc_shared: Vec<f64>,
    acc_value: Vec<f64>,
    /// Annual self-consumption, weighted, on the constant column.
    sum_sc: Vec<(usize, f64)>,
}

fn acc(v: &mut Vec<f64>, c: usize, a: f64) {
    if v.len() <= c {
        v.resize(c + 1, 0.0);
    }
    v[c] += a;
}

impl<'a> Builder<'a> {
    fn new(inp: &'a Inputs, v: &'a ValidScenario, req: &'a OptimizeRequest, named: bool) -> Self {
        let obj = req.objective;
        Builder {
            inp,
            v,
            req,
            named,
            lp: Lp::new(if obj == Objective::MinInvestment {
                Sense::Min
            } else {
                Sense::Max
            }),
            iw: if obj == Objective::CommunityValue {
                v.params.incentive_annuity_weight()
            } else {
                1.0
            },
            explained: Vec::new(),
            x: Vec::new(),
            pieces: Vec::new(),
            n: Vec::new(),
            battery: None,
            one: None,
            shared_cols: Vec::new(),
            acc_shared: Vec::new(),
            acc_value: Vec::new(),
            sum_sc: Vec::new(),
        }
    }

    /// Plant columns, their band's bounds, and the roof row of each candidate (E8, a row so
    /// that its dual is explained).
    fn plants(&mut self, choice: &[BandChoice]) {
        let (inp, p, named) = (self.inp, &self.v.params, self.named);
        let fee = p.rid_fee_eur_per_mwh;
        for (j, pl) in self.v.scenario.plants.iter().enumerate() {
            let (mut lo, mut hi) = (inp.plant_lb[j], inp.plant_ub[j]);
            if let BandChoice::Band(b) = choice[j] {
                lo = lo.max(if b == 0 { 0.0 } else { BAND_KW[b].0 });
                hi = hi.min(BAND_KW[b].1);
            }
            let sales: f64 = inp.pv_per_kwp[j]
                .iter()
                .zip(&inp.price)
                .map(|(e, pz)| e * (pz - fee) / 1000.0)
                .sum();
            let c = match self.req.objective {
                Objective::CommunityValue => {
                    sales - (inp.capex_eur_per_kwp[j] * inp.crf + p.pv_om_eur_per_kwp_year)
                }
                Objective::MinInvestment => inp.capex_eur_per_kwp[j],
                _ => 0.0,
            };
            let upper = if inp.plant_candidate[j] {
                f64::INFINITY
            } else {
                hi
            };
            let col = self
                .lp
                .col(nm!(named, "kwp_{}", mps_name(&pl.id)), lo.min(hi), upper, c);
            self.x.push(col);
        }
        for (j, pl) in self.v.scenario.plants.iter().enumerate() {
            if inp.plant_candidate[j] {
                let hi = match choice[j] {
                    BandChoice::Band(b) => inp.plant_ub[j].min(BAND_KW[b].1),
                    BandChoice::Relaxed | BandChoice::Hull => inp.plant_ub[j],
                };
                let r = self.lp.row(
                    nm!(named, "roof_{}", mps_name(&pl.id)),
                    vec![(self.x[j], 1.0)],
                    RowKind::Le,
                    hi,
                );
                self.explained.push((Explained::RoofPotential, j, r));
            }
        }
    }

    /// (E21) A plant in hull form: its size split into one column per allowed band, each in
    /// that band's tariff class and within the band's interval scaled by the band's weight
    /// z_b; the weights sum to one (binary in the mixed-integer model, so one band holds the
    /// size).
    fn hull_pieces(&mut self, choice: &[BandChoice]) {
        let (inp, named) = (self.inp, self.named);
        for (j, pl) in self.v.scenario.plants.iter().enumerate() {
            let mut out = [None; 3];
            match choice[j] {
                BandChoice::Band(b) => out[b] = Some(self.x[j]),
                BandChoice::Relaxed => out[0] = Some(self.x[j]),
                BandChoice::Hull => {
                    let lp = &mut self.lp;
                    let id = mps_name(&pl.id);
                    let mut link = vec![(self.x[j], 1.0)];
                    let mut weights = Vec::new();
                    for b in inp.allowed_bands(j) {
                        let lo = inp.plant_lb[j].max(BAND_KW[b].0);
                        let hi = inp.plant_ub[j].min(BAND_KW[b].1);
                        let xb = lp.col(nm!(named, "kwp_{id}_b{b}"), 0.0, f64::INFINITY, 0.0);
                        let z = lp.col(nm!(named, "z_{id}_b{b}"), 0.0, 1.0, 0.0);
                        lp.cols[z].integer = true;
                        link.push((xb, -1.0));
                        weights.push((z, 1.0));
                        lp.row(
                            nm!(named, "bandhi_{id}_b{b}"),
                            vec![(xb, 1.0), (z, -hi)],
                            RowKind::Le,
                            0.0,
                        );
                        if lo > 0.0 {
                            lp.row(
                                nm!(named, "bandlo_{id}_b{b}"),
                                vec![(xb, 1.0), (z, -lo)],
                                RowKind::Ge,
                                0.0,
                            );
                        }
                        out[b] = Some(xb);
                    }
                    lp.row(nm!(named, "bandsize_{id}"), link, RowKind::Eq, 0.0);
                    lp.row(nm!(named, "band_{id}"), weights, RowKind::Eq, 1.0);
                }
            }
            self.pieces.push(out);
        }
    }

    /// (E7) Member columns, each with its availability row and, when members are committed
    /// or the request's policy keeps them, its lower row.
    fn members(&mut self) {
        let (inp, named) = (self.inp, self.named);
        let member_cost = self.v.params.community_cost_eur_per_member_year;
        for (i, g) in self.v.scenario.members.iter().enumerate() {
            let c = match self.req.objective {
                Objective::CommunityValue | Objective::SolidarityFund => -member_cost * self.iw,
                _ => 0.0,
            };
            let col = self.lp.col(
                nm!(named, "n_{}", mps_name(&g.category)),
                0.0,
                f64::INFINITY,
                c,
            );
            self.n.push(col);
            let r = self.lp.row(
                nm!(named, "avail_{}", mps_name(&g.category)),
                vec![(col, 1.0)],
                RowKind::Le,
                inp.member_ub[i],
            );
            self.explained.push((Explained::MemberAvailability, i, r));
            if inp.member_lb[i] > 0.0 {
                let r = self.lp.row(
                    nm!(named, "committed_{}", mps_name(&g.category)),
                    vec![(col, 1.0)],
                    RowKind::Ge,
                    inp.member_lb[i],
                );
                self.explained.push((Explained::MemberCommitted, i, r));
            }
        }
    }

    /// Community battery (E15–E18): capacity, and per kept hour charge (only in hours with
    /// production), discharge and state of charge.
    fn battery(&mut self) {
        let (inp, named) = (self.inp, self.named);
        let Some(b) = &inp.battery else {
            return;
        };
        let p = &self.v.params;
        let obj = self.req.objective;
        let lp = &mut self.lp;
        let e_obj = match obj {
            Objective::CommunityValue => {
                -(b.capex_eur_per_kwh * inp.crf + p.battery_om_eur_per_kwh_year)
            }
            Objective::MinInvestment => b.capex_eur_per_kwh,
            _ => 0.0,
        };
        let e = lp.col("battery_kwh", b.energy_lb, b.energy_ub, e_obj);
        let nh = inp.hours.len();
        let mut cd = Vec::with_capacity(nh);
        for &t in &inp.hours {
            // (Weighted like every hourly term: a sampled model's hours stand for several.)
            let sale = if obj == Objective::CommunityValue {
                inp.hour_weight * (inp.price[t] - p.rid_fee_eur_per_mwh) / 1000.0
            } else {
                0.0
            };
            // No production, no charge (E18): no charge column at all in those hours.
            let sunny = inp.pv_per_kwp.iter().any(|v| v[t] > 0.0);
            let c = sunny.then(|| lp.col(nm!(named, "ch_{t}"), 0.0, f64::INFINITY, -sale));
            let d = lp.col(nm!(named, "dis_{t}"), 0.0, f64::INFINITY, sale);
            cd.push((c, d));
        }
        // (E15) State of charge, cyclic over the year, at the end of each segment: an hour with
        // production, or a run of hours without (they can only discharge, so the state falls
        // through the run and `s ≥ 0` at its end implies it within; `s ≤ E` holds at its start).
        let mut segments: Vec<(usize, usize)> = Vec::new(); // [first, last] kept-hour index
        for hi in 0..nh {
            match segments.last_mut() {
                Some(seg) if cd[hi].0.is_none() && cd[seg.1].0.is_none() => seg.1 = hi,
                _ => segments.push((hi, hi)),
            }
        }
        let states: Vec<usize> = segments
            .iter()
            .map(|&(_, last)| {
                let t = inp.hours[last];
                lp.col(nm!(named, "soc_{t}"), 0.0, f64::INFINITY, 0.0)
            })
            .collect();
        for (si, &(first, last)) in segments.iter().enumerate() {
            let prev = states[if si == 0 { states.len() - 1 } else { si - 1 }];
            let t = inp.hours[last];
            let mut bal = vec![(states[si], 1.0), (prev, -1.0)];
            for &(c, d) in &cd[first..=last] {
                bal.push((d, 1.0 / b.eta));
                if let Some(c) = c {
                    bal.push((c, -b.eta));
                }
            }
            lp.row(nm!(named, "socbal_{t}"), bal, RowKind::Eq, 0.0);
            // (E16) capacity.
            lp.row(
                nm!(named, "cap_{t}"),
                vec![(states[si], 1.0), (e, -1.0)],
                RowKind::Le,
                0.0,
            );
        }
        for (hi, &t) in inp.hours.iter().enumerate() {
            let (c, d) = cd[hi];
            // (E17) power.
            lp.row(
                nm!(named, "pdis_{t}"),
                vec![(d, 1.0), (e, -b.c_rate)],
                RowKind::Le,
                0.0,
            );
            let Some(c) = c else { continue };
            lp.row(
                nm!(named, "pch_{t}"),
                vec![(c, 1.0), (e, -b.c_rate)],
                RowKind::Le,
                0.0,
            );
            // (E18) charge only from the configuration's PV injection.
            let sc_t = inp.total_self_consumption_kwh(t);
            let mut row = vec![(c, 1.0)];
            for (xj, pv) in self.x.iter().zip(&inp.pv_per_kwp) {
                row.push((*xj, -pv[t]));
            }
            lp.row(nm!(named, "chpv_{t}"), row, RowKind::Le, -sc_t);
        }
        self.battery = Some((e, cd));
    }

    /// (E5) Self-consumption of each prosumer plant in hour `t`, a constant carried by the
    /// constant column (its value in the objective, its weight in the annual sums).
    fn self_consumption(&mut self, t: usize) -> Vec<Option<f64>> {
        let inp = self.inp;
        let fee = self.v.params.rid_fee_eur_per_mwh;
        let w = inp.hour_weight;
        let mut sc_t: Vec<Option<f64>> = vec![None; self.x.len()];
        for (j, sc) in sc_t.iter_mut().enumerate() {
            if let Some(fixed) = inp.self_consumption_kwh(j, t) {
                let coef = if self.req.objective == Objective::CommunityValue {
                    (inp.host_retail[j] * 1000.0 - (inp.price[t] - fee)) / 1000.0
                } else {
                    0.0
                };
                let lp = &mut self.lp;
                let one = *self.one.get_or_insert_with(|| lp.col("one", 1.0, 1.0, 0.0));
                lp.cols[one].obj += coef * fixed * w;
                *sc = Some(fixed);
                self.sum_sc.push((one, fixed * w));
            }
        }
        sc_t
    }

    /// Net injection of class `k` in kept hour `hi` (hour `t`),
    /// `I_k = Σ_{j∈k} (p_jt x_j − sc_jt) − c_t + d_t` (the battery's terms in its own class,
    /// E19), as column terms: E4 bounds each class's shared energy by it, and a replaced
    /// hour's regime is a combination of them (E20).
    fn class_injection(
        &self,
        cls: &Classes,
        sc_t: &[Option<f64>],
        hi: usize,
        t: usize,
        k: usize,
    ) -> Vec<(usize, f64)> {
        let mut out = Vec::new();
        for (j, (cols, ks)) in self.pieces.iter().zip(&cls.of).enumerate() {
            for (col, kj) in cols.iter().zip(ks) {
                // No production (a night hour): no term, rather than a zero that the solver
                // would still carry in the matrix's pattern (every plant in every night row).
                let pv = self.inp.pv_per_kwp[j][t];
                if let (Some(col), Some(kj), true) = (col, kj, pv != 0.0) {
                    if *kj == k {
                        out.push((*col, pv));
                    }
                }
            }
            if let (true, Some(sc), Some(o)) = (cls.of_plant(j) == k, sc_t[j], self.one) {
                if sc != 0.0 {
                    out.push((o, -sc));
                }
            }
        }
        if let (Some((_, cd)), Some(kb)) = (&self.battery, cls.battery) {
            if kb == k {
                out.push((cd[hi].1, 1.0));
                if let Some(c) = cd[hi].0 {
                    out.push((c, -1.0));
                }
            }
        }
        out
    }

    /// One kept hour: in full, a shared-energy column per class within its injection (E4)
    /// and their sum within the withdrawals (E3); replaced, its regime's expressions (E20).
    fn hour(&mut self, cls: &Classes, hi: usize, t: usize, mode: HourMode) {
        let sc_t = self.self_consumption(t);
        let (u, order) = cls.ranked(self.inp, self.v.params.arera_valorisation_eur_per_mwh, t);
        if mode == HourMode::Full {
            self.full_hour(cls, &sc_t, &u, hi, t);
        } else {
            self.replaced_hour(cls, &sc_t, &u, &order, hi, t, mode);
        }
    }

    fn full_hour(&mut self, cls: &Classes, sc_t: &[Option<f64>], u: &[f64], hi: usize, t: usize) {
        let (inp, named) = (self.inp, self.named);
        let w = inp.hour_weight;
        let mut shared_t = Vec::new();
        for (k, uk) in u.iter().enumerate().take(cls.len()) {
            let value = w * uk;
            let c = match self.req.objective {
                Objective::CommunityValue | Objective::SolidarityFund => value * self.iw,
                Objective::SharedEnergy => w,
                Objective::MinInvestment => 0.0,
            };
            let injection = self.class_injection(cls, sc_t, hi, t, k);
            // A class that cannot inject in this hour (no production, not the battery's; at
            // most a self-consumption, which lowers it) shares nothing: no column, rather than
            // one that a row `sh ≤ 0` holds at zero (thousands at night with several classes:
            // an interior-point method has no interior in them).
            if injection.iter().all(|&(c, _)| Some(c) == self.one) {
                continue;
            }
            let col = self.lp.col(nm!(named, "sh_{k}_{t}"), 0.0, f64::INFINITY, c);
            let mut row = vec![(col, 1.0)];
            row.extend(injection.into_iter().map(|(c, v)| (c, -v)));
            self.lp
                .row(nm!(named, "inj_{k}_{t}"), row, RowKind::Le, 0.0);
            shared_t.push(col);
            self.shared_cols.push(col);
            acc(&mut self.acc_shared, col, w);
            acc(&mut self.acc_value, col, value);
        }
        // Shared ≤ withdrawals (E3): Σ sh + Σ sc − Σ n l ≤ 0.
        let mut row: Vec<(usize, f64)> = shared_t.iter().map(|c| (*c, 1.0)).collect();
        if let Some(o) = self.one {
            for sc in sc_t.iter().flatten() {
                row.push((o, *sc));
            }
        }
        for (i, ni) in self.n.iter().enumerate() {
            row.push((*ni, -inp.load_per_member[i][t]));
        }
        self.lp.row(nm!(named, "wd_{t}"), row, RowKind::Le, 0.0);
    }

    /// (E20) The hour's shared energy replaced by its regime's linear expression in the class
    /// injections I_k and the withdrawals W, for its value and its quantity.
    #[allow(clippy::too_many_arguments)]
    fn replaced_hour(
        &mut self,
        cls: &Classes,
        sc_t: &[Option<f64>],
        u: &[f64],
        order: &[usize],
        hi: usize,
        t: usize,
        mode: HourMode,
    ) {
        let inp = self.inp;
        let w = inp.hour_weight;
        let obj = self.req.objective;
        let ((av, bv), (aq, bq)) = regime_coefs(mode, u, order);
        // Each class's injection once: the value, the quantity and the battery's row use them.
        let injection: Vec<Vec<(usize, f64)>> = (0..cls.len())
            .map(|k| self.class_injection(cls, sc_t, hi, t, k))
            .collect();
        // `Σ_k a_k I_k + b W`, with W = Σ_c n_c l_ct − Σ_j sc_jt (withdrawals net of
        // self-consumption).
        let terms = |a: &[f64], b: f64| -> Vec<(usize, f64)> {
            let mut out = Vec::new();
            for (k, &ak) in a.iter().enumerate().filter(|(_, ak)| **ak != 0.0) {
                out.extend(injection[k].iter().map(|&(c, v)| (c, ak * v)));
            }
            if b != 0.0 {
                for (i, ni) in self.n.iter().enumerate() {
                    out.push((*ni, b * inp.load_per_member[i][t]));
                }
                if let Some(o) = self.one {
                    out.push((o, -b * sc_t.iter().flatten().sum::<f64>()));
                }
            }
            out
        };
        let tv = terms(&av, bv);
        let tq = terms(&aq, bq);
        for &(c, a) in &tv {
            acc(&mut self.acc_value, c, w * a);
            if matches!(obj, Objective::CommunityValue | Objective::SolidarityFund) {
                self.lp.cols[c].obj += w * a * self.iw;
            }
        }
        for &(c, a) in &tq {
            acc(&mut self.acc_shared, c, w * a);
            if obj == Objective::SharedEnergy {
                self.lp.cols[c].obj += w * a;
            }
        }
        // (E19) With several classes the battery's class injection `I_b − c + d` stays
        // ≥ 0 (in a full hour, E4 with `sh ≥ 0` says so): without this row the replaced
        // regime would let the battery charge from another class's surplus and count the
        // transfer at the difference of their tariffs. Implied by the full LP, so the
        // reduced LP stays a relaxation of it.
        if let (Some((_, cd)), Some(kb), true) = (&self.battery, cls.battery, cls.len() > 1) {
            if cd[hi].0.is_some() {
                let row = injection[kb].clone();
                self.lp
                    .row(nm!(self.named, "chcls_{t}"), row, RowKind::Ge, 0.0);
            }
        }
    }

    /// The request's optional rows (E6, E9–E14), on the annual sums of the hours.
    fn optional_rows(&mut self) {
        let (inp, req, p) = (self.inp, self.req, &self.v.params);
        let w = inp.hour_weight;
        let member_cost = p.community_cost_eur_per_member_year;
        let nonzero = |v: &[f64]| -> Vec<(usize, f64)> {
            v.iter()
                .enumerate()
                .filter(|(_, a)| **a != 0.0)
                .map(|(c, a)| (c, *a))
                .collect()
        };
        let sum_shared = nonzero(&self.acc_shared);
        let sum_shared_value = nonzero(&self.acc_value);
        let (x, n, lp) = (&self.x, &self.n, &mut self.lp);
        let mut rows: Vec<(Explained, usize)> = Vec::new();
        if let Some(b) = req.budget_eur {
            let mut row: Vec<(usize, f64)> = (0..x.len())
                .map(|j| (x[j], inp.capex_eur_per_kwp[j]))
                .collect();
            if let (Some((e, _)), Some(bd)) = (&self.battery, &inp.battery) {
                row.push((*e, bd.capex_eur_per_kwh));
            }
            rows.push((Explained::Budget, lp.row("budget", row, RowKind::Le, b)));
        }
        if let Some(share) = req.max_business_share_pct {
            let sh = share / 100.0;
            let row = (0..n.len())
                .map(|i| (n[i], if inp.business[i] { 1.0 - sh } else { -sh }))
                .collect();
            let r = lp.row("business_share", row, RowKind::Le, 0.0);
            rows.push((Explained::BusinessShare, r));
        }
        if let Some(ratio) = req.min_shared_ratio_pct {
            let rho = ratio / 100.0;
            let mut row = sum_shared.clone();
            for (xj, pv) in x.iter().zip(&inp.pv_per_kwp) {
                row.push((*xj, -rho * pv.iter().sum::<f64>()));
            }
            for (c, a) in &self.sum_sc {
                row.push((*c, rho * a));
            }
            if let Some((_, cd)) = &self.battery {
                for (c, d) in cd {
                    if let Some(c) = c {
                        row.push((*c, rho * w));
                    }
                    row.push((*d, -rho * w));
                }
            }
            let r = lp.row("shared_ratio", row, RowKind::Ge, 0.0);
            rows.push((Explained::SharedRatio, r));
        }
        if let Some(ss) = req.min_self_sufficiency_pct {
            let sigma = ss / 100.0;
            let mut row = sum_shared.clone();
            row.extend(self.sum_sc.iter().cloned());
            for (ni, kwh) in n.iter().zip(&inp.annual_kwh) {
                row.push((*ni, -sigma * kwh));
            }
            let r = lp.row("self_sufficiency", row, RowKind::Ge, 0.0);
            rows.push((Explained::SelfSufficiency, r));
        }
        if let Some(k) = req.min_ep_households_supported {
            let alpha = p.alloc_energy_poor_pct / 100.0;
            let mut row: Vec<(usize, f64)> = sum_shared_value
                .iter()
                .map(|(c, v)| (*c, alpha * v))
                .collect();
            for ni in n {
                row.push((*ni, -alpha * member_cost));
            }
            let r = lp.row(
                "ep_supported",
                row,
                RowKind::Ge,
                k as f64 * p.support_target_eur_per_household
                    + alpha * p.community_fixed_cost_eur_per_year,
            );
            rows.push((Explained::EpSupported, r));
        }
        if let Some(m) = req.min_energy_poor_members {
            let row = (0..n.len())
                .filter(|&i| inp.energy_poor[i])
                .map(|i| (n[i], 1.0))
                .collect();
            let r = lp.row("min_energy_poor", row, RowKind::Ge, m as f64);
            rows.push((Explained::MinEnergyPoor, r));
        }
        if let Some(e) = req.min_shared_kwh {
            let r = lp.row("min_shared", sum_shared, RowKind::Ge, e);
            rows.push((Explained::MinShared, r));
        }
        self.explained
            .extend(rows.into_iter().map(|(kind, r)| (kind, 0, r)));
    }

    fn finish(self, classes: Classes) -> (Lp, ModelIndex) {
        (
            self.lp,
            ModelIndex {
                x: self.x,
                pieces: self.pieces,
                n: self.n,
                shared: self.shared_cols,
                explained: self.explained,
                classes,
                battery: self.battery,
            },
        )
    }
}

/// MPS-safe name: ASCII letters, digits and `_` only.
pub fn mps_name(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regimes_of_an_hour_with_three_classes() {
        // Classes worth 0.14, 0.10, 0.08 €/kWh inject 10, 20, 30 kWh; members withdraw 25 kWh.
        // Greedy: class 0 all 10, class 1 the remaining 15 → 2.9 €, 25 kWh.
        let u = [0.14, 0.10, 0.08];
        let order = [0, 1, 2];
        let inj = [10.0, 20.0, 30.0];
        let w = 25.0;
        assert_eq!(regime(&inj, w, &order), HourMode::WithdrawalLimited(1));
        let value = |m: HourMode| {
            let ((a, b), _) = regime_coefs(m, &u, &order);
            a.iter().zip(&inj).map(|(a, i)| a * i).sum::<f64>() + b * w
        };
        assert!((value(HourMode::WithdrawalLimited(1)) - 2.9).abs() < 1e-12);
        // Every other regime overstates it (upper bounds): 3.5, 3.0, 5.8.
        assert!((value(HourMode::WithdrawalLimited(0)) - 3.5).abs() < 1e-12);
        assert!((value(HourMode::WithdrawalLimited(2)) - 3.0).abs() < 1e-12);
        assert!((value(HourMode::InjectionLimited) - 5.8).abs() < 1e-12);
        assert!(regime_holds(
            HourMode::WithdrawalLimited(1),
            &inj,
            w,
            &u,
            &order,
            1e-9
        ));
        assert!(!regime_holds(
            HourMode::WithdrawalLimited(0),
            &inj,
            w,
            &u,
            &order,
            1e-9
        ));
        assert!(!regime_holds(
            HourMode::InjectionLimited,
            &inj,
            w,
            &u,
            &order,
            1e-9
        ));
        // More withdrawals than injection: injection-limited; a negative class injection
        // (a battery charging beyond its class) is never accepted.
        assert_eq!(regime(&inj, 80.0, &order), HourMode::InjectionLimited);
        assert!(regime_holds(
            HourMode::InjectionLimited,
            &inj,
            80.0,
            &u,
            &order,
            1e-9
        ));
        assert!(!regime_holds(
            HourMode::InjectionLimited,
            &[-1.0, 20.0, 30.0],
            80.0,
            &u,
            &order,
            1e-9
        ));
    }
}

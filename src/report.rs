//! Results of a simulation: the hourly table and the annual [`Report`] (serialised as the
//! CLI's `--report` JSON, documented in `docs/report.md`). Writers here return strings; the
//! CLI and the web app decide where they go.

use serde::{Deserialize, Serialize};

use crate::economics::{PowerBand, SolidarityQuota};
use crate::eligibility::Warning;
use crate::finance::ActorFinance;
use crate::scenario::{OwnerType, SharingRule};
use crate::solidarity::{EnergyPovertyReport, FundReport};

/// Report format version.
pub const REPORT_VERSION: u32 = 2;

/// Hourly results (8,760 rows, UTC hours of the typical year).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hourly {
    /// Local month 1–12 of each hour.
    pub local_month: Vec<u8>,
    /// Local hour 0–23.
    pub local_hour: Vec<u8>,
    /// Σ PV production, kWh.
    pub production_kwh: Vec<f64>,
    /// Σ members' consumption, kWh.
    pub consumption_kwh: Vec<f64>,
    /// Σ prosumers' self-consumption, kWh.
    pub self_consumption_kwh: Vec<f64>,
    /// Σ net injection, kWh.
    pub injected_kwh: Vec<f64>,
    /// Σ withdrawals, kWh.
    pub withdrawn_kwh: Vec<f64>,
    /// Shared energy = min(injected, withdrawn), kWh.
    pub shared_kwh: Vec<f64>,
    /// Shared energy assigned to tariff-eligible plants, kWh.
    pub incentivised_shared_kwh: Vec<f64>,
    /// Zonal price, €/MWh.
    pub zonal_price_eur_per_mwh: Vec<f64>,
    /// Tariff actually paid on this hour's incentivised shared energy, €/MWh.
    pub tip_eur_per_mwh: Vec<f64>,
    /// Tariffa premio earned this hour, €.
    pub tip_eur: Vec<f64>,
    /// Community battery charge, kWh.
    pub battery_charge_kwh: Vec<f64>,
    /// Community battery discharge, kWh.
    pub battery_discharge_kwh: Vec<f64>,
}

/// Columns of the hourly CSV, in order.
pub const HOURLY_COLUMNS: [&str; 15] = [
    "hour",
    "local_month",
    "local_hour",
    "production_kwh",
    "consumption_kwh",
    "self_consumption_kwh",
    "injected_kwh",
    "withdrawn_kwh",
    "shared_kwh",
    "incentivised_shared_kwh",
    "zonal_price_eur_per_mwh",
    "tip_eur_per_mwh",
    "tip_eur",
    "battery_charge_kwh",
    "battery_discharge_kwh",
];

/// CSV number style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvStyle {
    /// `,` separator, `.` decimal point.
    Plain,
    /// Italian Excel: `;` separator, `,` decimal comma.
    Italian,
}

impl Hourly {
    /// The hourly table as CSV text (header + 8,760 rows, 6 decimals).
    pub fn to_csv(&self, style: CsvStyle) -> String {
        let sep = if style == CsvStyle::Italian { ";" } else { "," };
        let mut out = String::with_capacity(8760 * 140);
        out.push_str(&HOURLY_COLUMNS.join(sep));
        out.push('\n');
        let num = |x: f64| {
            let s = format!("{x:.6}");
            if style == CsvStyle::Italian {
                s.replace('.', ",")
            } else {
                s
            }
        };
        for t in 0..self.production_kwh.len() {
            let cols = [
                self.production_kwh[t],
                self.consumption_kwh[t],
                self.self_consumption_kwh[t],
                self.injected_kwh[t],
                self.withdrawn_kwh[t],
                self.shared_kwh[t],
                self.incentivised_shared_kwh[t],
                self.zonal_price_eur_per_mwh[t],
                self.tip_eur_per_mwh[t],
                self.tip_eur[t],
                self.battery_charge_kwh[t],
                self.battery_discharge_kwh[t],
            ];
            out.push_str(&format!(
                "{t}{sep}{}{sep}{}",
                self.local_month[t], self.local_hour[t]
            ));
            for c in cols {
                out.push_str(sep);
                out.push_str(&num(c));
            }
            out.push('\n');
        }
        out
    }
}

/// One plant's annual results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlantReport {
    /// Consumption of the member hosting the plant behind its meter, kWh/yr (0 when none).
    pub host_consumption_kwh: f64,
    /// Plant id.
    pub id: String,
    /// Description.
    pub name: String,
    /// Owner type.
    pub owner: OwnerType,
    /// kWp.
    pub kwp: f64,
    /// Tilt, degrees.
    pub tilt_deg: f64,
    /// Azimuth, degrees clockwise from north.
    pub azimuth_deg: f64,
    /// Tariff power band.
    pub power_band: PowerBand,
    /// Behind the meter of a member of this category (prosumer), if any.
    pub host_category: Option<String>,
    /// Rank in order of entry into operation (1 = oldest).
    pub commissioning_rank: u32,
    /// Eligible for the tariffa premio.
    pub incentive_eligible: bool,
    /// Capital-grant factor F.
    pub grant_factor: f64,
    /// AC production, kWh/yr.
    pub production_kwh: f64,
    /// kWh per kWp per year.
    pub specific_yield_kwh_per_kwp: f64,
    /// Self-consumption behind the host's meter, kWh/yr.
    pub self_consumption_kwh: f64,
    /// Net injection, kWh/yr.
    pub injected_kwh: f64,
    /// Shared energy assigned to the plant, kWh/yr.
    pub shared_kwh: f64,
    /// Tariffa premio earned, €/yr.
    pub tip_eur: f64,
    /// Average tariff on its shared energy, €/MWh.
    pub tip_avg_eur_per_mwh: f64,
    /// Energy sales (Ritiro Dedicato), €/yr.
    pub sales_eur: f64,
    /// Avoided purchases of the host, €/yr.
    pub avoided_purchases_eur: f64,
    /// Investment after capital grant, €.
    pub capex_eur: f64,
    /// Levelised cost of energy, €/kWh.
    pub lcoe_eur_per_kwh: Option<f64>,
}

/// One member category's annual figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryReport {
    /// Category id.
    pub category: String,
    /// Name of a named member group.
    pub name: Option<String>,
    /// The group's consumption is its own metered curve.
    pub measured: bool,
    /// Italian label.
    pub label_it: String,
    /// English label.
    pub label_en: String,
    /// Members.
    pub count: u32,
    /// Annual consumption per member, kWh.
    pub annual_kwh_per_member: f64,
    /// Σ consumption, kWh/yr.
    pub consumption_kwh: f64,
    /// Business member.
    pub business: bool,
}

/// One local month's totals, kWh.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct MonthReport {
    pub month: u32,
    pub production_kwh: f64,
    pub consumption_kwh: f64,
    pub self_consumption_kwh: f64,
    pub injected_kwh: f64,
    pub withdrawn_kwh: f64,
    pub shared_kwh: f64,
    pub tip_eur: f64,
}

/// Mean day of a month by local hour, kW (= kWh per hour).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct TypicalDay {
    pub month: u32,
    pub production_kw: Vec<f64>,
    pub consumption_kw: Vec<f64>,
    pub shared_kw: Vec<f64>,
}

/// Finance over the project horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinanceReport {
    /// Years analysed.
    pub years: u32,
    /// Years the tariff and the valorisation are paid (from year 1); later years have only
    /// energy sales, avoided purchases and costs.
    pub incentive_years: u32,
    /// Discount rate (fraction).
    pub discount_rate: f64,
    /// Σ investment after grants, €.
    pub capex_eur: f64,
    /// Each producer (one per plant).
    pub producers: Vec<ActorFinance>,
    /// The community: incentives minus running costs, i.e. the fund available each year.
    pub community: ActorFinance,
    /// Members: the members' share of the fund.
    pub members: ActorFinance,
    /// The whole configuration: investment, O&M, sales, avoided purchases, incentives, costs.
    pub configuration: ActorFinance,
}

/// A parameter value in use whose confidence is L (an assumption).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssumptionUsed {
    /// Parameter name.
    pub name: String,
    /// Value used.
    pub value: f64,
    /// Unit.
    pub unit: String,
    /// Source note.
    pub source: String,
    /// Source note, in Italian.
    #[serde(default)]
    pub source_it: String,
}

/// Annual report of a simulation. Totals are sums of the hourly columns of the same name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Report format version.
    pub report_version: u32,
    /// Scenario name.
    pub scenario_name: String,
    /// CP name.
    pub cp_name: String,
    /// CP code.
    pub cp_code: String,
    /// The scenario's numbers are illustrative.
    pub illustrative: bool,
    /// Seed used.
    pub seed: u64,
    /// Calendar year used.
    pub calendar_year: i32,
    /// Sharing rule used.
    pub sharing_rule: SharingRule,
    /// Members in total.
    pub members_total: u32,
    /// Installed PV, kWp.
    pub pv_kwp_total: f64,
    /// Σ production, kWh/yr.
    pub production_kwh: f64,
    /// Σ consumption, kWh/yr.
    pub consumption_kwh: f64,
    /// Σ self-consumption, kWh/yr.
    pub self_consumption_kwh: f64,
    /// Σ injection, kWh/yr.
    pub injected_kwh: f64,
    /// Σ withdrawals, kWh/yr.
    pub withdrawn_kwh: f64,
    /// Σ shared energy, kWh/yr.
    pub shared_kwh: f64,
    /// Σ incentivised shared energy, kWh/yr.
    pub incentivised_shared_kwh: f64,
    /// shared / injected.
    pub shared_ratio_of_injection: f64,
    /// (self-consumption + shared) / consumption.
    pub self_sufficiency: f64,
    /// Tariffa premio, €/yr.
    pub tip_eur: f64,
    /// ARERA valorisation, €/yr.
    pub valorisation_eur: f64,
    /// Energy sales (Ritiro Dedicato), €/yr.
    pub sales_eur: f64,
    /// Prosumers' avoided purchases, €/yr.
    pub avoided_purchases_eur: f64,
    /// Legal solidarity minimum (55 % rule), €/yr.
    pub solidarity_min_eur: f64,
    /// Details of the 55 % rule.
    pub solidarity_quota: SolidarityQuota,
    /// CO₂ avoided, tonnes/yr.
    pub co2_avoided_t: f64,
    /// Community battery capacity, kWh (0 = none).
    pub battery_energy_kwh: f64,
    /// Σ battery charge, kWh/yr.
    pub battery_charge_kwh: f64,
    /// Σ battery discharge, kWh/yr.
    pub battery_discharge_kwh: f64,
    /// Plants.
    pub plants: Vec<PlantReport>,
    /// Member categories.
    pub categories: Vec<CategoryReport>,
    /// Local months.
    pub monthly: Vec<MonthReport>,
    /// Mean day per local month.
    pub typical_days: Vec<TypicalDay>,
    /// Shared energy by local month (rows) and local hour (columns), kWh.
    pub heatmap_shared_kwh: Vec<Vec<f64>>,
    /// Solidarity fund allocation.
    pub fund: FundReport,
    /// Energy-poverty effect.
    pub energy_poverty: EnergyPovertyReport,
    /// Cash flows and indicators.
    pub finance: FinanceReport,
    /// Parameters used whose default is an assumption (confidence L).
    pub assumptions: Vec<AssumptionUsed>,
    /// Eligibility conditions the scenario breaks or the planner must check (`eligibility`),
    /// then inputs that look like a unit mistake (`plausibility`).
    pub warnings: Vec<Warning>,
}

//! Scenario files (JSON, `schema_version` 1): the raw input a planner writes, and its
//! validation into a [`ValidScenario`] the core can simulate without further checks.
//! Field-by-field documentation with units: `docs/scenario.md`.
//!
//! Validation never panics: every problem becomes a [`ValidationError`] naming the field, the
//! value and the accepted range, in English and Italian.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::calendar::HOURS_PER_YEAR;
use crate::params::{defaults, Parameters};
use crate::solar::irradiance::SkyModel;
use crate::solar::temperature::Mounting;

/// Current scenario schema version.
pub const SCHEMA_VERSION: u32 = 1;
/// Largest scenario file accepted, bytes (four metered curves and an hourly price series take
/// about 1 MB).
pub const MAX_SCENARIO_BYTES: usize = 20_000_000;
/// Deepest JSON nesting accepted (a scenario needs 4).
pub const MAX_JSON_DEPTH: usize = 32;
/// Longest description, characters.
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
/// Most member groups.
pub const MAX_MEMBER_GROUPS: usize = 500;
/// Largest plant eligible for the tariffa premio, kW (DM 414/2023 art. 3).
pub const MAX_INCENTIVISED_PLANT_KWP: f64 = 1000.0;

/// The cabina primaria (primary-substation area) of the configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CabinaPrimaria {
    /// Human name, e.g. "Città Studi".
    pub name: String,
    /// GSE CP code: "AC" followed by 9 characters, e.g. `AC001E00934`.
    pub code: String,
    /// Neighbourhoods (NIL) in the area.
    #[serde(default)]
    pub neighbourhoods: Vec<String>,
}

/// A group of members of one category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberGroup {
    /// Category id (see `profiles/defaults.json`), e.g. `household`.
    pub category: String,
    /// Number of members in the configuration.
    pub count: u32,
    /// Members of this category available in the CP area (upper bound for the optimiser).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<u32>,
    /// Members already committed (the optimiser's lower bound; default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub committed: Option<u32>,
    /// Annual consumption per member, kWh (default: the category's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_kwh: Option<f64>,
    /// A named member (a specific school, company, condominium): several groups of one category
    /// may exist when they have different names; plants name it in `host_member`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The member's own metered curve, kWh per simulated hour (8,760 values on the simulation's
    /// clock, from `curve::read_curve`); replaces the category's shape and `annual_kwh`, with no
    /// synthetic diversity. Each of the `count` members consumes this curve.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hourly_kwh: Option<Vec<f64>>,
    /// Annual consumption per member by ARERA band from a bill, kWh `[F1, F2, F3]`: the
    /// category's shape is rescaled band by band to these totals (not with `hourly_kwh`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band_kwh: Option<[f64; 3]>,
    /// Retail electricity price of these members, €/kWh (default: the category's), the value of
    /// their self-consumed energy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retail_eur_per_kwh: Option<f64>,
}

impl MemberGroup {
    /// A group of `count` members of `category` with the category's defaults.
    pub fn new(category: &str, count: u32) -> MemberGroup {
        MemberGroup {
            category: category.to_string(),
            count,
            available: None,
            committed: None,
            annual_kwh: None,
            name: None,
            hourly_kwh: None,
            band_kwh: None,
            retail_eur_per_kwh: None,
        }
    }
}

impl Plant {
    /// A stand-alone, new plant with the defaults of the scenario format (14 % losses, DC/AC 1,
    /// open rack, Hay-Davies, no host, no grant, eligible for the tariff).
    pub fn new(id: &str, owner: OwnerType, kwp: f64, tilt_deg: f64, azimuth_deg: f64) -> Plant {
        Plant {
            id: id.to_string(),
            name: String::new(),
            owner,
            kwp,
            tilt_deg,
            azimuth_deg,
            losses_pct: default_losses(),
            dc_ac_ratio: default_dc_ac(),
            mounting: default_mounting(),
            sky_model: default_sky(),
            host_category: None,
            host_member: None,
            commissioning_order: None,
            capital_grant_pct: 0.0,
            capital_grant_kind: None,
            in_operation_date: None,
            existing_plant: false,
            capex_eur_per_kwp: None,
            roof_potential_kwp: None,
            incentive_eligible: true,
        }
    }
}

impl Scenario {
    /// The member group whose member hosts `plant` behind its meter: the group named by
    /// `host_member`, else the first unnamed group of `host_category` (else any of it).
    pub fn host_group(&self, plant: &Plant) -> Option<usize> {
        if let Some(n) = &plant.host_member {
            return self.members.iter().position(|g| g.name.as_ref() == Some(n));
        }
        let c = plant.host_category.as_deref()?;
        self.members
            .iter()
            .position(|g| g.category == c && g.name.is_none())
            .or_else(|| self.members.iter().position(|g| g.category == c))
    }
}

/// Who owns a plant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OwnerType {
    /// Comune or other public body.
    Public,
    /// School.
    School,
    /// Company.
    Company,
    /// Condominium.
    Condominium,
    /// University (e.g. Politecnico di Milano).
    University,
    /// Cooperative or third-sector body.
    Cooperative,
    /// Private citizen.
    Citizen,
}

/// How the hour's shared energy is split between plants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SharingRule {
    /// GSE: in order of entry into operation, oldest first, each up to its injection.
    #[default]
    CommissioningOrder,
    /// Pro-rata to each plant's injection in the hour.
    ProRata,
}

fn default_losses() -> f64 {
    14.0
}
fn default_dc_ac() -> f64 {
    1.0
}
fn default_true() -> bool {
    true
}
fn default_mounting() -> Mounting {
    Mounting::OpenRackGlassGlass
}
fn default_sky() -> SkyModel {
    SkyModel::HayDavies
}
fn is_false(b: &bool) -> bool {
    !*b
}
fn default_seed() -> u64 {
    42
}
fn default_year() -> i32 {
    2025
}

/// Which capital grant a plant receives (each has its own eligibility conditions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantKind {
    /// PNRR M2C2 I1.2 grant of DM 414/2023 (municipalities under 50,000 inhabitants since
    /// DM 127/2025; call closed on 30 Nov 2025).
    Pnrr,
    /// A regional call (e.g. Lombardy's 2025 CER call: public owners, public buildings).
    Regional,
    /// Another public capital grant (≤ 40 % to be combined with the tariff).
    Other,
}

/// A PV plant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plant {
    /// Unique id within the scenario.
    pub id: String,
    /// Description (building, address).
    #[serde(default)]
    pub name: String,
    /// Owner type.
    pub owner: OwnerType,
    /// DC nameplate power, kWp; 0 = a roof kept in the configuration but not built (e.g. a plan
    /// sized it at 0), so that it can be optimised again.
    pub kwp: f64,
    /// Tilt, degrees from horizontal (0–90).
    pub tilt_deg: f64,
    /// Azimuth, degrees clockwise from north (180 = south).
    pub azimuth_deg: f64,
    /// DC system losses, % (default 14).
    #[serde(default = "default_losses")]
    pub losses_pct: f64,
    /// DC/AC ratio (default 1.0).
    #[serde(default = "default_dc_ac")]
    pub dc_ac_ratio: f64,
    /// Mounting, for the cell temperature model (default open rack).
    #[serde(default = "default_mounting")]
    pub mounting: Mounting,
    /// Sky diffuse model: `hay_davies` (default), `perez` or `isotropic`.
    #[serde(default = "default_sky")]
    pub sky_model: SkyModel,
    /// Prosumer: the plant sits behind the meter of one member of this category, who uses
    /// its production first. `None`: stand-alone plant, all production injected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_category: Option<String>,
    /// Prosumer hosted by a named member (`members[].name`); takes the place of
    /// `host_category`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_member: Option<String>,
    /// Order of entry into operation (1 = oldest); default: position in the list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commissioning_order: Option<u32>,
    /// Capital grant as % of the eligible cost (0–40); reduces the tariff (factor F). The
    /// eligible cost is the plant's cost up to the decree's cap per kW of its size class.
    #[serde(default)]
    pub capital_grant_pct: f64,
    /// Which grant `capital_grant_pct` is (its eligibility conditions are checked and shown as
    /// warnings, `eligibility`); unset with a grant = not stated, shown as a warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capital_grant_kind: Option<GrantKind>,
    /// Date of entry into operation, `aaaa-mm-gg` (planned or actual); used only for the
    /// eligibility warnings (tariff window, after the community's constitution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_operation_date: Option<String>,
    /// The plant existed before the community (an older or upgraded plant): such plants may
    /// make up at most 30 % of the community's power (D.Lgs. 199/2021 art. 31).
    #[serde(default, skip_serializing_if = "is_false")]
    pub existing_plant: bool,
    /// Turnkey cost, €/kWp (default: by size class from the parameters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capex_eur_per_kwp: Option<f64>,
    /// Largest plant the roof can hold, kWp (the optimiser's upper bound).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roof_potential_kwp: Option<f64>,
    /// New plant eligible for the tariffa premio (default true).
    #[serde(default = "default_true")]
    pub incentive_eligible: bool,
}

/// A scenario as written in a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Must be 1.
    pub schema_version: u32,
    /// Scenario name.
    pub name: String,
    /// Free text: what the scenario is, where its numbers come from.
    #[serde(default)]
    pub description: String,
    /// The description in English, when the file gives one (the English app shows it instead
    /// of `description`, which is Italian first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_en: Option<String>,
    /// True when the numbers are illustrative rather than public facts.
    #[serde(default)]
    pub illustrative: bool,
    /// The cabina primaria.
    pub cp: CabinaPrimaria,
    /// Seed of the load diversity.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Calendar year for weekdays, holidays and DST (weather is the typical year).
    #[serde(default = "default_year")]
    pub calendar_year: i32,
    /// Members by category.
    pub members: Vec<MemberGroup>,
    /// PV plants.
    pub plants: Vec<Plant>,
    /// Sharing rule between plants.
    #[serde(default)]
    pub sharing_rule: SharingRule,
    /// Parameter overrides by name (see `profiles/defaults.json`).
    #[serde(default)]
    pub parameters: BTreeMap<String, f64>,
    /// Optional hourly zonal price (8,760 values, €/MWh, UTC hours of the typical year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hourly_price_eur_per_mwh: Option<Vec<f64>>,
    /// Optional community battery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub battery: Option<Battery>,
    /// Date the community (the legal entity) was constituted, `aaaa-mm-gg`; plants must enter
    /// operation after it to get the tariff (eligibility warnings only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_constituted_date: Option<String>,
    /// Inhabitants of the municipality of the plants (default: Milan, ISTAT ≈ 1.37 million);
    /// PNRR grants need fewer than 50,000 (DM 127/2025).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality_population: Option<u32>,
}

fn default_rte() -> f64 {
    90.0
}

/// A community battery, co-located with the oldest plant: it charges only from the
/// configuration's injection and its discharge is injected through that plant's connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Battery {
    /// Usable energy capacity, kWh.
    pub energy_kwh: f64,
    /// Charge and discharge power limit, kW.
    pub power_kw: f64,
    /// Round-trip efficiency, % (default 90).
    #[serde(default = "default_rte")]
    pub round_trip_efficiency_pct: f64,
    /// The optimiser sizes the energy capacity between 0 and this, kWh (power scales with it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_energy_kwh: Option<f64>,
    /// Installed cost, €/kWh (default from the parameters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capex_eur_per_kwh: Option<f64>,
}

/// One validation problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidationError {
    /// Path of the field, e.g. `plants[2].kwp`.
    pub field: String,
    /// The offending value as text.
    pub value: String,
    /// Message in English.
    pub message_en: String,
    /// Message in Italian.
    pub message_it: String,
}

impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} / {}",
            self.field, self.message_en, self.message_it
        )
    }
}

/// A scenario that passed validation, with its parameters resolved.
#[derive(Debug, Clone)]
pub struct ValidScenario {
    /// The scenario as given.
    pub scenario: Scenario,
    /// Defaults with the scenario's overrides.
    pub params: Parameters,
}

struct Errors(Vec<ValidationError>);

impl Errors {
    fn push(
        &mut self,
        field: impl Into<String>,
        value: impl ToString,
        en: impl Into<String>,
        it: impl Into<String>,
    ) {
        self.0.push(ValidationError {
            field: field.into(),
            value: brief(&value.to_string()),
            message_en: en.into(),
            message_it: it.into(),
        });
    }

    fn range(&mut self, field: String, v: f64, lo: f64, hi: f64, unit: &str) {
        if !v.is_finite() || v < lo || v > hi {
            let (v, lo, hi) = (num(v), num(lo), num(hi));
            self.push(
                field,
                &v,
                format!("{v} is outside the accepted range {lo} to {hi} {unit}"),
                format!("{v} è fuori dall'intervallo ammesso da {lo} a {hi} {unit}"),
            );
        }
    }
}

/// A date `aaaa-mm-gg` from 1990 to 2099, or `None`.
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    let d = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    let lo = chrono::NaiveDate::from_ymd_opt(1990, 1, 1)?;
    let hi = chrono::NaiveDate::from_ymd_opt(2099, 12, 31)?;
    (lo..=hi).contains(&d).then_some(d)
}

/// A value quoted briefly in a message: at most 40 characters, control characters and
/// terminal escapes shown as `\u{..}`.
pub fn brief(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == 40 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// A number for a message: plain when reasonable, else in scientific notation (1e308 is not
/// printed as 309 digits).
pub fn num(v: f64) -> String {
    if v.is_finite() && (v == 0.0 || (1e-4..1e9).contains(&v.abs())) {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

/// Checks the JSON text's structure before it is read: no key twice in one object (serde
/// would keep the last silently) and no nesting deeper than [`MAX_JSON_DEPTH`]; the error
/// names the path, e.g. `plants[0]`.
fn check_json_structure(text: &str) -> Result<(), (String, String)> {
    use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
    struct Check {
        path: String,
        depth: usize,
    }
    impl Check {
        fn child(&self, seg: String) -> Result<Check, String> {
            let path = if self.path.is_empty() || seg.starts_with('[') {
                format!("{}{seg}", self.path)
            } else {
                format!("{}.{seg}", self.path)
            };
            if self.depth + 1 > MAX_JSON_DEPTH {
                return Err(both(
                    format!(
                        "nested more than {MAX_JSON_DEPTH} levels deep at '{}'",
                        brief(&path)
                    ),
                    format!(
                        "annidato oltre {MAX_JSON_DEPTH} livelli in «{}»",
                        brief(&path)
                    ),
                ));
            }
            Ok(Check {
                path,
                depth: self.depth + 1,
            })
        }
    }
    impl<'de> DeserializeSeed<'de> for Check {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    impl<'de> Visitor<'de> for Check {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut i = 0usize;
            loop {
                let child = self.child(format!("[{i}]")).map_err(A::Error::custom)?;
                if seq.next_element_seed(child)?.is_none() {
                    return Ok(());
                }
                i += 1;
            }
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut keys = HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                if !keys.insert(key.clone()) {
                    let (key, path) = (brief(&key), brief(&self.path));
                    let (en, it) = if path.is_empty() {
                        ("the scenario".to_string(), "nello scenario".to_string())
                    } else {
                        (format!("'{path}'"), format!("in «{path}»"))
                    };
                    return Err(A::Error::custom(both(
                        format!("the key '{key}' appears twice in {en}"),
                        format!("la chiave «{key}» compare due volte {it}"),
                    )));
                }
                let child = self.child(key).map_err(A::Error::custom)?;
                map.next_value_seed(child)?;
            }
            Ok(())
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    Check {
        path: String::new(),
        depth: 0,
    }
    .deserialize(&mut de)
    .and_then(|_| de.end())
    .map_err(|e| {
        let (l, c) = (e.line(), e.column());
        let text = e.to_string();
        let text = text
            .strip_suffix(&format!(" at line {l} column {c}"))
            .unwrap_or(&text);
        match text.split_once(SEP) {
            // Ours, in both languages.
            Some((en, it)) => (
                format!("{en} (line {l}, column {c})"),
                format!("{it} (riga {l}, colonna {c})"),
            ),
            // serde_json's own (syntax, end of file): its words in English, the place in both.
            None => {
                let it = match e.classify() {
                    serde_json::error::Category::Eof => "il file finisce prima del previsto",
                    _ => "la sintassi JSON non è valida",
                };
                (
                    format!("{text} (line {l}, column {c})"),
                    format!(
                        "{it} (riga {l}, colonna {c}: {})",
                        crate::serde_it::syntax_italian(text)
                    ),
                )
            }
        }
    })
}

/// Separates the English and Italian halves of a structure check's own message (a control
/// character, which [`brief`] removes from anything quoted from the file).
const SEP: char = '\u{1e}';

/// A structure check's message in both languages, as one serde error text.
fn both(en: String, it: String) -> String {
    format!("{en}{SEP}{it}")
}

/// True for a GSE CP code: "AC" + 9 uppercase letters or digits.
pub fn is_valid_cp_code(code: &str) -> bool {
    code.len() == 11
        && code.starts_with("AC")
        && code
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
}

/// Parses a scenario from JSON text; type errors name the field path.
pub fn parse(text: &str) -> Result<Scenario, Vec<ValidationError>> {
    let file_error = |en: String, it: String| {
        vec![ValidationError {
            field: "(file)".into(),
            value: String::new(),
            message_en: en,
            message_it: it,
        }]
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_SCENARIO_BYTES {
        return Err(file_error(
            format!(
                "the scenario is {:.1} MB: at most {} MB",
                text.len() as f64 / 1e6,
                MAX_SCENARIO_BYTES / 1_000_000
            ),
            format!(
                "lo scenario è di {:.1} MB: al massimo {} MB",
                text.len() as f64 / 1e6,
                MAX_SCENARIO_BYTES / 1_000_000
            ),
        ));
    }
    if let Err((en, it)) = check_json_structure(text) {
        return Err(file_error(
            format!("not a valid scenario file: {en}"),
            format!("file di scenario non valido: {it}"),
        ));
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        file_error(
            format!("not valid JSON: {e}"),
            format!(
                "non è un JSON valido: {e} (riga {}, colonna {})",
                e.line(),
                e.column()
            ),
        )
    })?;
    if !value.is_object() {
        return Err(file_error(
            "a scenario must be a JSON object { ... }".into(),
            "uno scenario deve essere un oggetto JSON { ... }".into(),
        ));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        vec![ValidationError {
            field: if path == "." { "(file)".into() } else { path },
            value: String::new(),
            message_it: format!(
                "impossibile leggere lo scenario: {}",
                crate::serde_it::italian(&inner.to_string())
            ),
            message_en: format!("cannot read the scenario: {inner}"),
        }]
    })
}

/// Parses and validates.
pub fn parse_and_validate(text: &str) -> Result<ValidScenario, Vec<ValidationError>> {
    validate(parse(text)?)
}

/// Validates a scenario: every field against its accepted range, stage by stage (identity,
/// members, plants, market prices, battery, parameters), so that one pass names every bad
/// field (in English and Italian) rather than stopping at the first.
pub fn validate(s: Scenario) -> Result<ValidScenario, Vec<ValidationError>> {
    let mut e = Errors(Vec::new());
    check_identity(&s, &mut e);
    check_members(&s, &mut e);
    check_plants(&s, &mut e);
    check_prices(&s, &mut e);
    if let Some(b) = &s.battery {
        check_battery(b, &s, &mut e);
    }
    let params = resolve_parameters(&s, &mut e);
    match (e.0.is_empty(), params) {
        (true, Some(params)) => Ok(ValidScenario {
            scenario: s,
            params,
        }),
        _ => Err(e.0),
    }
}

/// Schema version, names, CP, calendar year, constitution date.
fn check_identity(s: &Scenario, e: &mut Errors) {
    if s.schema_version != SCHEMA_VERSION {
        e.push(
            "schema_version",
            s.schema_version,
            format!("unsupported schema version {}; this program reads version {SCHEMA_VERSION}", s.schema_version),
            format!("versione dello schema {} non supportata; questo programma legge la versione {SCHEMA_VERSION}", s.schema_version),
        );
    }
    if s.name.trim().is_empty() || s.name.chars().count() > 200 {
        e.push(
            "name",
            &s.name,
            "must be 1 to 200 characters",
            "deve avere da 1 a 200 caratteri",
        );
    }
    for (field, text) in [
        ("description", Some(&s.description)),
        ("description_en", s.description_en.as_ref()),
    ] {
        if let Some(text) = text.filter(|t| t.chars().count() > MAX_DESCRIPTION_CHARS) {
            e.push(
                field,
                text,
                format!("at most {MAX_DESCRIPTION_CHARS} characters"),
                format!("al massimo {MAX_DESCRIPTION_CHARS} caratteri"),
            );
        }
    }
    if s.cp.neighbourhoods.len() > 200
        || s.cp.neighbourhoods.iter().any(|n| n.chars().count() > 200)
    {
        e.push(
            "cp.neighbourhoods",
            s.cp.neighbourhoods.len(),
            "at most 200 neighbourhoods of at most 200 characters each",
            "al massimo 200 quartieri di al massimo 200 caratteri ciascuno",
        );
    }
    if s.cp.name.trim().is_empty() || s.cp.name.chars().count() > 200 {
        e.push(
            "cp.name",
            &s.cp.name,
            "must be 1 to 200 characters",
            "deve avere da 1 a 200 caratteri",
        );
    }
    if !is_valid_cp_code(&s.cp.code) {
        e.push(
            "cp.code",
            &s.cp.code,
            "must be 'AC' followed by 9 capital letters or digits (11 characters), e.g. AC001E00934",
            "deve essere 'AC' seguito da 9 lettere maiuscole o cifre (11 caratteri), es. AC001E00934",
        );
    }
    if !(1901..=2099).contains(&s.calendar_year) {
        e.push(
            "calendar_year",
            s.calendar_year,
            "is outside the accepted range 1901 to 2099",
            "è fuori dall'intervallo ammesso da 1901 a 2099",
        );
    }
    if let Some(d) = &s.community_constituted_date {
        if parse_date(d).is_none() {
            e.push(
                "community_constituted_date",
                brief(d),
                "must be a date aaaa-mm-gg between 1990-01-01 and 2099-12-31",
                "deve essere una data aaaa-mm-gg tra 1990-01-01 e 2099-12-31",
            );
        }
    }
}

/// Member groups: known categories, unique names, and each group's data.
fn check_members(s: &Scenario, e: &mut Errors) {
    if s.members.len() > MAX_MEMBER_GROUPS {
        e.push(
            "members",
            s.members.len(),
            format!("at most {MAX_MEMBER_GROUPS} member groups"),
            format!("al massimo {MAX_MEMBER_GROUPS} gruppi di membri"),
        );
    }
    let cats = &defaults().categories;
    let mut seen_cats = HashSet::new();
    let mut names = HashSet::new();
    let mut total_members: u64 = 0;
    for (i, m) in s.members.iter().enumerate() {
        let f = format!("members[{i}]");
        if !cats.contains_key(&m.category) {
            let known: Vec<&str> = cats.keys().map(|k| k.as_str()).collect();
            e.push(
                format!("{f}.category"),
                &m.category,
                format!("unknown category; accepted: {}", known.join(", ")),
                format!("categoria sconosciuta; ammesse: {}", known.join(", ")),
            );
        }
        if !seen_cats.insert((m.category.clone(), m.name.clone())) {
            e.push(
                format!("{f}.category"),
                &m.category,
                "appears twice without a distinguishing name; merge the groups or name them",
                "compare due volte senza un nome che le distingua; unire i gruppi o dare un nome",
            );
        }
        if let Some(n) = &m.name {
            if n.trim().is_empty() || n.chars().count() > 200 {
                e.push(
                    format!("{f}.name"),
                    brief(n),
                    "must be 1 to 200 characters",
                    "deve avere da 1 a 200 caratteri",
                );
            } else if !names.insert(n.clone()) {
                e.push(
                    format!("{f}.name"),
                    brief(n),
                    "two members have this name; names must be unique",
                    "due membri hanno questo nome; i nomi devono essere unici",
                );
            }
        }
        check_member_group(&f, m, e);
        total_members += m.count as u64;
    }
    if total_members > 100_000 {
        e.push(
            "members",
            total_members,
            "more than 100,000 members in total",
            "più di 100.000 membri in totale",
        );
    }
}

/// One member group's consumption data (a metered curve or band totals), retail price, count
/// and availability for the optimiser.
fn check_member_group(f: &str, m: &MemberGroup, e: &mut Errors) {
    if let Some(h) = &m.hourly_kwh {
        if h.len() != HOURS_PER_YEAR {
            e.push(
                format!("{f}.hourly_kwh"),
                h.len(),
                format!(
                    "must have {HOURS_PER_YEAR} values (one per simulated hour), has {}",
                    h.len()
                ),
                format!(
                    "deve avere {HOURS_PER_YEAR} valori (uno per ora simulata), ne ha {}",
                    h.len()
                ),
            );
        } else if let Some((k, v)) = h
            .iter()
            .enumerate()
            .find(|(_, v)| !v.is_finite() || **v < 0.0 || **v > 100_000.0)
        {
            e.push(
                format!("{f}.hourly_kwh[{k}]"),
                v,
                "is outside the accepted range 0 to 100000 kWh per hour",
                "è fuori dall'intervallo ammesso da 0 a 100000 kWh per ora",
            );
        }
    }
    if let Some(b) = m.band_kwh {
        for (k, x) in b.iter().enumerate() {
            e.range(format!("{f}.band_kwh[{k}]"), *x, 0.0, 10_000_000.0, "kWh");
        }
        if b.iter().sum::<f64>() <= 0.0 {
            e.push(
                format!("{f}.band_kwh"),
                "0",
                "the three bands add up to 0 kWh: give at least one",
                "le tre fasce sommano a 0 kWh: indicarne almeno una",
            );
        }
        if m.hourly_kwh.is_some() {
            e.push(
                format!("{f}.band_kwh"),
                "",
                "give either a metered curve (hourly_kwh) or band totals (band_kwh), not both",
                "indicare una curva misurata (hourly_kwh) oppure i totali per fascia (band_kwh), non entrambi",
            );
        }
    }
    if let Some(r) = m.retail_eur_per_kwh {
        e.range(format!("{f}.retail_eur_per_kwh"), r, 0.0, 2.0, "€/kWh");
    }
    e.range(
        format!("{f}.count"),
        m.count as f64,
        0.0,
        100_000.0,
        "members",
    );
    if let Some(a) = m.available {
        if a < m.count {
            e.push(
                format!("{f}.available"),
                a,
                format!("must be at least count ({})", m.count),
                format!("deve essere almeno pari a count ({})", m.count),
            );
        }
    }
    if let Some(c) = m.committed {
        let most = m.available.unwrap_or(m.count).max(m.count);
        if c > most {
            e.push(
                format!("{f}.committed"),
                c,
                format!("must be at most available ({most})"),
                format!("deve essere al massimo pari a available ({most})"),
            );
        }
    }
    if let Some(k) = m.annual_kwh {
        e.range(format!("{f}.annual_kwh"), k, 1.0, 10_000_000.0, "kWh");
    }
}

/// Plants: unique ids, each plant's fields, and no more plants behind a group's meters than
/// the group has members.
fn check_plants(s: &Scenario, e: &mut Errors) {
    let cats = &defaults().categories;
    if s.plants.len() > 500 {
        e.push(
            "plants",
            s.plants.len(),
            "at most 500 plants",
            "al massimo 500 impianti",
        );
    }
    let mut ids = HashSet::new();
    let mut hosts: BTreeMap<usize, u32> = BTreeMap::new();
    for (i, p) in s.plants.iter().enumerate() {
        let f = format!("plants[{i}]");
        if p.id.trim().is_empty() || p.id.chars().count() > 100 || !ids.insert(p.id.clone()) {
            e.push(
                format!("{f}.id"),
                &p.id,
                "must be 1 to 100 characters and unique",
                "deve avere da 1 a 100 caratteri ed essere unico",
            );
        }
        check_plant(&f, p, s, e);
        if p.host_category
            .as_ref()
            .is_some_and(|h| cats.contains_key(h))
            || p.host_member.is_some()
        {
            match s.host_group(p) {
                Some(gi) => *hosts.entry(gi).or_default() += 1,
                None => e.push(
                    format!("{f}.host_category"),
                    p.host_category.as_deref().map(brief).unwrap_or_default(),
                    "no member group of this category in the scenario",
                    "nessun gruppo di membri di questa categoria nello scenario",
                ),
            }
        }
    }
    for (gi, n) in hosts {
        let g = &s.members[gi];
        if n > g.count {
            let who = g.name.clone().unwrap_or_else(|| g.category.clone());
            e.push(
                format!("members[{gi}].count"),
                g.count,
                format!("{n} plants are behind the meter of a '{who}' member but the group has {} members", g.count),
                format!("{n} impianti sono dietro al contatore di un membro '{who}' ma il gruppo ha {} membri", g.count),
            );
        }
    }
}

/// One plant's size, orientation, losses, costs, grant, roof, date and host.
fn check_plant(f: &str, p: &Plant, s: &Scenario, e: &mut Errors) {
    let cats = &defaults().categories;
    if p.name.chars().count() > 200 {
        e.push(
            format!("{f}.name"),
            &p.name,
            "at most 200 characters",
            "al massimo 200 caratteri",
        );
    }
    let max_kwp = if p.incentive_eligible {
        MAX_INCENTIVISED_PLANT_KWP
    } else {
        10_000.0
    };
    if !p.kwp.is_finite() || p.kwp < 0.0 || p.kwp > max_kwp {
        e.push(
            format!("{f}.kwp"),
            num(p.kwp),
            format!("must be from 0 (a roof not built) to {max_kwp} kWp (the tariffa premio applies up to 1 MW per plant)"),
            format!("deve essere da 0 (tetto non realizzato) a {max_kwp} kWp (la tariffa premio vale fino a 1 MW per impianto)"),
        );
    }
    e.range(format!("{f}.tilt_deg"), p.tilt_deg, 0.0, 90.0, "°");
    e.range(
        format!("{f}.azimuth_deg"),
        p.azimuth_deg,
        0.0,
        360.0,
        "° (0 = N, 90 = E, 180 = S, 270 = W)",
    );
    e.range(format!("{f}.losses_pct"), p.losses_pct, 0.0, 50.0, "%");
    e.range(format!("{f}.dc_ac_ratio"), p.dc_ac_ratio, 0.5, 2.0, "");
    e.range(
        format!("{f}.capital_grant_pct"),
        p.capital_grant_pct,
        0.0,
        40.0,
        "% (grants above 40 % exclude the tariff)",
    );
    if let Some(c) = p.capex_eur_per_kwp {
        e.range(format!("{f}.capex_eur_per_kwp"), c, 0.0, 10_000.0, "€/kWp");
    }
    if let Some(r) = p.roof_potential_kwp {
        if !r.is_finite() || r < p.kwp || r > 10_000.0 {
            e.push(
                format!("{f}.roof_potential_kwp"),
                r,
                format!("must be at least kwp ({}) and at most 10000 kWp", p.kwp),
                format!("deve essere almeno kwp ({}) e al massimo 10000 kWp", p.kwp),
            );
        }
    }
    if let Some(d) = &p.in_operation_date {
        if parse_date(d).is_none() {
            e.push(
                format!("{f}.in_operation_date"),
                brief(d),
                "must be a date aaaa-mm-gg between 1990-01-01 and 2099-12-31",
                "deve essere una data aaaa-mm-gg tra 1990-01-01 e 2099-12-31",
            );
        }
    }
    if p.host_category.is_some() && p.host_member.is_some() {
        e.push(
            format!("{f}.host_member"),
            "",
            "give either host_category or host_member, not both",
            "indicare host_category oppure host_member, non entrambi",
        );
    }
    if let Some(h) = &p.host_category {
        if !cats.contains_key(h) {
            e.push(
                format!("{f}.host_category"),
                brief(h),
                "unknown category",
                "categoria sconosciuta",
            );
        }
    }
    if let Some(n) = &p.host_member {
        if !s.members.iter().any(|g| g.name.as_ref() == Some(n)) {
            e.push(
                format!("{f}.host_member"),
                brief(n),
                "no member has this name",
                "nessun membro ha questo nome",
            );
        }
    }
}

/// The zonal price series, when given.
fn check_prices(s: &Scenario, e: &mut Errors) {
    if let Some(prices) = &s.hourly_price_eur_per_mwh {
        if prices.len() != HOURS_PER_YEAR {
            e.push(
                "hourly_price_eur_per_mwh",
                prices.len(),
                format!("must have {HOURS_PER_YEAR} values, has {}", prices.len()),
                format!("deve avere {HOURS_PER_YEAR} valori, ne ha {}", prices.len()),
            );
        } else {
            // The first price outside the range, named with its hour.
            let (lo, hi) = (
                crate::price::PRICE_MIN_EUR_PER_MWH,
                crate::price::PRICE_MAX_EUR_PER_MWH,
            );
            let inside = |v: &f64| (lo..=hi).contains(v);
            if let Some((i, v)) = prices.iter().enumerate().find(|(_, v)| !inside(v)) {
                e.range(
                    format!("hourly_price_eur_per_mwh[{i}]"),
                    *v,
                    lo,
                    hi,
                    "€/MWh",
                );
            }
        }
    }
}

/// The community battery.
fn check_battery(b: &Battery, s: &Scenario, e: &mut Errors) {
    e.range(
        "battery.energy_kwh".into(),
        b.energy_kwh,
        0.0,
        100_000.0,
        "kWh",
    );
    e.range("battery.power_kw".into(), b.power_kw, 0.0, 100_000.0, "kW");
    e.range(
        "battery.round_trip_efficiency_pct".into(),
        b.round_trip_efficiency_pct,
        50.0,
        100.0,
        "%",
    );
    if let Some(c) = b.capex_eur_per_kwh {
        e.range(
            "battery.capex_eur_per_kwh".into(),
            c,
            0.0,
            10_000.0,
            "€/kWh",
        );
    }
    if let Some(m) = b.max_energy_kwh {
        if !m.is_finite() || m < b.energy_kwh || m > 100_000.0 {
            e.push(
                "battery.max_energy_kwh",
                m,
                format!(
                    "must be at least energy_kwh ({}) and at most 100000 kWh",
                    b.energy_kwh
                ),
                format!(
                    "deve essere almeno energy_kwh ({}) e al massimo 100000 kWh",
                    b.energy_kwh
                ),
            );
        }
    }
    if b.energy_kwh > 0.0 && b.power_kw <= 0.0 {
        e.push(
            "battery.power_kw",
            b.power_kw,
            "must be more than 0 when the battery has capacity",
            "deve essere maggiore di 0 se la batteria ha capacità",
        );
    }
    if s.plants.is_empty() {
        e.push(
            "battery",
            "",
            "a battery needs at least one plant to charge from",
            "una batteria richiede almeno un impianto da cui caricarsi",
        );
    }
}

/// The parameters with the scenario's overrides (`None` when an override is refused), and
/// the four allocation shares adding up to 100 %.
fn resolve_parameters(s: &Scenario, e: &mut Errors) -> Option<Parameters> {
    let params = match Parameters::with_overrides(&s.parameters) {
        Ok(p) => Some(p),
        Err(errs) => {
            for (field, en, it) in errs {
                let v = field
                    .strip_prefix("parameters.")
                    .and_then(|k| s.parameters.get(k))
                    .map(|v| v.to_string())
                    .unwrap_or_default();
                e.push(field, v, en, it);
            }
            None
        }
    };
    if let Some(p) = &params {
        let sum = p.alloc_energy_poor_pct
            + p.alloc_territorial_pct
            + p.alloc_producers_pct
            + p.alloc_members_pct;
        if (sum - 100.0).abs() > 0.01 {
            e.push(
                "parameters.alloc_*_pct",
                sum,
                format!("the four allocation shares must add up to 100 %, they add up to {sum} %"),
                format!(
                    "le quattro quote di ripartizione devono sommare a 100 %, sommano a {sum} %"
                ),
            );
        }
    }
    params
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"schema_version":1,"name":"t","cp":{"name":"X","code":"AC001E00934"},
        "members":[{"category":"household","count":10}],
        "plants":[{"id":"p1","owner":"school","kwp":50,"tilt_deg":30,"azimuth_deg":180}]}"#;

    #[test]
    fn minimal_scenario_is_valid() {
        let v = parse_and_validate(MINIMAL).unwrap();
        assert_eq!(v.scenario.seed, 42);
        assert_eq!(v.scenario.plants[0].losses_pct, 14.0);
    }

    #[test]
    fn bad_values_are_named() {
        let bad = MINIMAL
            .replace("\"kwp\":50", "\"kwp\":1500")
            .replace("AC001E00934", "XX1");
        let e = parse_and_validate(&bad).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|x| x.field.as_str()).collect();
        assert!(fields.contains(&"plants[0].kwp"), "{fields:?}");
        assert!(fields.contains(&"cp.code"), "{fields:?}");
        let e =
            parse_and_validate(&MINIMAL.replace("\"kwp\":50", "\"kwp\":\"fifty\"")).unwrap_err();
        assert_eq!(e[0].field, "plants[0].kwp");
        let e = parse_and_validate(&MINIMAL.replace("\"tilt_deg\"", "\"tilt\"")).unwrap_err();
        assert!(e[0].message_en.contains("unknown field"), "{:?}", e[0]);
        assert!(parse_and_validate("not json").is_err());
        assert!(parse_and_validate("").is_err());
    }

    #[test]
    fn hostile_json_is_refused_with_its_path() {
        let dup = MINIMAL.replace("\"kwp\":50", "\"kwp\":50,\"kwp\":60");
        let e = parse_and_validate(&dup).unwrap_err();
        assert!(
            e[0].message_en
                .contains("'kwp' appears twice in 'plants[0]'"),
            "{:?}",
            e[0]
        );
        let e = parse_and_validate(&MINIMAL.replacen(
            "\"name\":\"t\"",
            "\"name\":\"t\",\"name\":\"u\"",
            1,
        ))
        .unwrap_err();
        assert!(
            e[0].message_en.contains("appears twice in the scenario"),
            "{:?}",
            e[0]
        );
        // In Italian too, with the place in the file; no English in the Italian message.
        assert!(
            e[0].message_it
                .contains("la chiave «name» compare due volte nello scenario (riga 1"),
            "{:?}",
            e[0]
        );
        let e = parse_and_validate("{\"name\": ").unwrap_err();
        assert!(e[0].message_it.contains("il file finisce prima del previsto (riga 1, colonna 9: il file finisce dove serve un valore)"), "{:?}", e[0]);
        let e = parse_and_validate("{\"name\" \"t\"}").unwrap_err();
        assert!(e[0].message_it.contains("la sintassi JSON non è valida (riga 1, colonna 9: manca «:» dopo il nome del campo)"), "{:?}", e[0]);
        // A BOM is accepted.
        assert!(parse_and_validate(&format!("\u{feff}{MINIMAL}")).is_ok());
        // Deep nesting inside a field names the field.
        let deep = MINIMAL.replace("\"seed\"", "\"x\"").replace(
            "\"members\"",
            &format!(
                "\"parameters\":{}1{},\"members\"",
                "[".repeat(100),
                "]".repeat(100)
            ),
        );
        let e = parse_and_validate(&deep).unwrap_err();
        assert!(
            e[0].message_en.contains("levels deep at 'parameters[0]"),
            "{:?}",
            e[0]
        );
        assert!(
            e[0].message_it.contains("livelli in «parameters[0]"),
            "{:?}",
            e[0]
        );
        // A huge name is quoted briefly; a huge number compactly; control characters escaped.
        let long = MINIMAL.replace(
            "\"name\":\"t\"",
            &format!("\"name\":\"{}\"", "x".repeat(1_000_000)),
        );
        let e = parse_and_validate(&long).unwrap_err();
        assert!(e[0].value.chars().count() <= 41, "{}", e[0].value.len());
        let e = parse_and_validate(&MINIMAL.replace("\"tilt_deg\":30", "\"tilt_deg\":1e308"))
            .unwrap_err();
        assert!(
            e[0].message_en.starts_with("1e308 is outside"),
            "{}",
            e[0].message_en
        );
        let e = parse_and_validate(
            &MINIMAL
                .replace("\"id\":\"p1\"", "\"id\":\"\\u001b[31mred\"")
                .replace("\"kwp\":50", "\"kwp\":-1"),
        )
        .unwrap_err();
        assert!(e.iter().all(|x| !x.value.contains('\u{1b}')), "{e:?}");
    }

    #[test]
    fn cp_codes() {
        assert!(is_valid_cp_code("AC001E00934"));
        assert!(!is_valid_cp_code("AC001e00934"));
        assert!(!is_valid_cp_code("AC001E0093"));
        assert!(!is_valid_cp_code("BC001E00934"));
    }
}

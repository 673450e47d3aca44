//! The command-line tool (native build only): `pv`, `simulate`, `validate`, `bench`.
//! This is the only place, with the web front end, that does IO.
//!
//! Exit codes: 0 success; 1 solver failure; 2 bad command line; 3 invalid scenario;
//! 4 file error; 5 optimisation infeasible (the conflicting constraints are listed).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::calendar::Calendar;
use crate::charts::{render_svgs, EN, IT};
use crate::data::milan_tmy;
use crate::load::{member_profile, synthesize, Diversity};
use crate::optimize::variants::VariantSpec;
use crate::optimize::{optimize, Objective, OptimizeOutcome, OptimizeRequest};
use crate::params::defaults;
use crate::report::CsvStyle;
use crate::scenario::{parse_and_validate, ValidationError};
use crate::simulate::{milan_sun_path, simulate};
use crate::solar::pv::{simulate_plant, PvSystem, SunPath};
use crate::solar::temperature::Mounting;

/// Planning simulator for renewable energy communities in Milan (CER/CERS).
#[derive(Parser, Debug)]
#[command(name = "cer-planner", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Hourly PV AC energy over the embedded Milan typical year, as CSV on stdout
    /// (`hour,ac_kwh`; hour 0 = 1 Jan 00:00 UTC of the typical year).
    Pv(PvArgs),
    /// Simulates a scenario file for the typical year.
    Simulate(SimulateArgs),
    /// Checks a scenario file and prints every problem.
    Validate {
        /// Scenario JSON file.
        scenario: PathBuf,
    },
    /// Optimises member mix and plant sizes of a scenario by linear programming.
    Optimize(OptimizeArgs),
    /// Reads a metered load curve (CSV or spreadsheet) and prints what it detected; maps it
    /// onto the simulation's 8,760 hours. Exit code 3 with the line number for a bad file.
    Curve(CurveArgs),
    /// The scenario of an event-mode link (`evento=1.<base>.<families>.<roofs>.<school>.<supermarket>`,
    /// as in the QR code at the stand): what a visitor's variant is, to check its figures.
    Event(EventArgs),
    /// Producer mode: the plant's outcomes against its size from 0 to the roof's maximum (the
    /// producer's NPV, IRR, payback, self-consumption; the community's shared energy and fund),
    /// and the recommended sizes.
    SizePlant(SizePlantArgs),
    /// How sure the key figures are: a tornado of the main uncertain inputs over sourced
    /// ranges, and the P10–P90 band of the configuration NPV over seeded price and
    /// consumption scenarios.
    Sensitivity {
        /// Scenario JSON file.
        scenario: PathBuf,
        /// Write the sensitivity report (JSON) here.
        #[arg(long)]
        report: Option<PathBuf>,
    },
    /// The optimiser on seeded random variants of the presets (`optimize::variants`): per case
    /// the time of the whole optimisation, its nodes and LPs; with `--out`, the band choice as
    /// mixed-integer MPS models, each variant's scenario JSON and a summary (with its request)
    /// for `scripts/bench_optimizer.py` (HiGHS).
    BenchOpt {
        /// Seed of the series.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Number of variants.
        #[arg(long, default_value_t = 20)]
        cases: usize,
        /// Extra roofs whose potential straddles 200 kW, per variant.
        #[arg(long, default_value_t = 0)]
        roofs: usize,
        /// A community battery sized by the optimiser in every variant.
        #[arg(long)]
        battery: bool,
        /// Odd but valid inputs on top of each variant (batteries of almost no power or of
        /// 20 C, efficiencies of 50 or 100 %, tiny roofs, north-facing walls, fixed members).
        #[arg(long)]
        odd: bool,
        /// Only this case of the series.
        #[arg(long)]
        only: Option<usize>,
        /// Directory for the MPS models and `summary.json`.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Prints timings of the PV model, load synthesis and a full simulation (2,000 members, 20 plants).
    Bench {
        /// Repetitions per measurement.
        #[arg(long, default_value_t = 20)]
        reps: u32,
    },
}

#[derive(clap::Args, Debug)]
struct PvArgs {
    /// Latitude, degrees north (the weather is always the embedded Milan TMY).
    #[arg(long, default_value_t = 45.464, allow_hyphen_values = true)]
    lat: f64,
    /// Longitude, degrees east.
    #[arg(long, default_value_t = 9.19, allow_hyphen_values = true)]
    lon: f64,
    /// Tilt from horizontal, degrees (0–90).
    #[arg(long, allow_hyphen_values = true)]
    tilt: f64,
    /// Azimuth, degrees clockwise from north (180 = south).
    #[arg(long, allow_hyphen_values = true)]
    azimuth: f64,
    /// DC nameplate, kWp.
    #[arg(long, default_value_t = 1.0, allow_hyphen_values = true)]
    kwp: f64,
    /// DC system losses, %.
    #[arg(long, default_value_t = 14.0, allow_hyphen_values = true)]
    losses: f64,
    /// DC/AC ratio.
    #[arg(long = "dc-ac", default_value_t = 1.0, allow_hyphen_values = true)]
    dc_ac: f64,
    /// Mounting: open-rack (default) or close-mount.
    #[arg(long, default_value = "open-rack")]
    mounting: String,
    /// Sky diffuse model: hay-davies (default), perez or isotropic.
    #[arg(long, default_value = "hay-davies")]
    sky_model: String,
}

#[derive(clap::Args, Debug)]
struct SimulateArgs {
    /// Scenario JSON file.
    scenario: PathBuf,
    /// Write the hourly table (CSV) here.
    #[arg(long)]
    hourly: Option<PathBuf>,
    /// Italian CSV convention (`;` and decimal comma) for --hourly.
    #[arg(long)]
    italian_csv: bool,
    /// Write the annual report (JSON) here.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Write the charts (SVG) into this folder.
    #[arg(long)]
    svg: Option<PathBuf>,
    /// Chart language: it or en.
    #[arg(long, default_value = "it")]
    lang: String,
    /// Hourly zonal prices (CSV, 8,760 rows, €/MWh) replacing the PUN 2025 band prices.
    #[arg(long)]
    prices: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct OptimizeArgs {
    /// Scenario JSON file (plants with `roof_potential_kwp` are sized; members range
    /// between `committed` and `available`).
    scenario: PathBuf,
    /// community-value, solidarity-fund, shared-energy or min-investment.
    #[arg(long, default_value = "community-value")]
    objective: String,
    /// Investment budget, €.
    #[arg(long)]
    budget: Option<f64>,
    /// At least this many energy-poor members.
    #[arg(long)]
    min_energy_poor: Option<u32>,
    /// Business members at most this % of all members.
    #[arg(long)]
    max_business_share: Option<f64>,
    /// Shared energy at least this % of injection (e.g. 55).
    #[arg(long)]
    min_shared_ratio: Option<f64>,
    /// Self-sufficiency at least this %.
    #[arg(long)]
    min_self_sufficiency: Option<f64>,
    /// The fund supports at least this many energy-poor households.
    #[arg(long)]
    min_ep_supported: Option<u32>,
    /// Shared energy at least this many kWh/yr.
    #[arg(long)]
    min_shared_kwh: Option<f64>,
    /// CERS policy: energy-poor members not below the configuration's count.
    #[arg(long)]
    keep_energy_poor: bool,
    /// CERS policy: households not below the configuration's count.
    #[arg(long)]
    keep_households: bool,
    /// Write the optimisation report (JSON) here.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Write the scenario with the rounded optimal plan here.
    #[arg(long)]
    apply: Option<PathBuf>,
    /// Write the final LP in MPS format here.
    #[arg(long)]
    mps: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct EventArgs {
    /// The link or its fragment.
    link: String,
    /// Write the variant's scenario JSON here.
    #[arg(long)]
    scenario: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct SizePlantArgs {
    /// Scenario JSON file.
    scenario: PathBuf,
    /// Id of the plant to size.
    #[arg(long)]
    plant: String,
    /// Largest size, kWp (default: the roof potential, else the plant's size).
    #[arg(long)]
    max_kwp: Option<f64>,
    /// Number of equal steps from 0 to the maximum (the band limits are added).
    #[arg(long, default_value_t = 50)]
    steps: u32,
    /// Share of the investment borrowed, %.
    #[arg(long, default_value_t = 0.0)]
    loan_share: f64,
    /// Loan rate, % per year.
    #[arg(long, default_value_t = 4.0)]
    loan_rate: f64,
    /// Loan term, years.
    #[arg(long, default_value_t = 10)]
    loan_years: u32,
    /// Tax on the producer's taxable income, %.
    #[arg(long, default_value_t = 0.0)]
    tax_rate: f64,
    /// Write the sizing report (JSON) here.
    #[arg(long)]
    report: Option<PathBuf>,
}

fn fail(code: u8, msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(code)
}

fn print_validation(path: &Path, errs: &[ValidationError]) {
    eprintln!(
        "error: {} is not a valid scenario ({} problem(s)):",
        path.display(),
        errs.len()
    );
    // Names and codes come from the file: control characters and terminal escapes are shown
    // escaped, never sent to the terminal.
    let clean = |t: &str| -> String {
        t.chars()
            .flat_map(|c| {
                if c.is_control() {
                    c.escape_unicode().collect::<Vec<_>>()
                } else {
                    vec![c]
                }
            })
            .collect()
    };
    for e in errs {
        if e.value.is_empty() {
            eprintln!("  - {}: {}", clean(&e.field), clean(&e.message_en));
        } else {
            eprintln!(
                "  - {} = {}: {}",
                clean(&e.field),
                clean(&e.value),
                clean(&e.message_en)
            );
        }
        eprintln!("    ({})", clean(&e.message_it));
    }
}

/// Reads and validates a scenario file; on failure prints why and gives the exit code
/// (4 unreadable file, 3 invalid scenario).
fn load_scenario(path: &Path) -> Result<crate::scenario::ValidScenario, ExitCode> {
    let text = read_text_limited(path, crate::scenario::MAX_SCENARIO_BYTES)?;
    parse_and_validate(&text).map_err(|errs| {
        print_validation(path, &errs);
        ExitCode::from(3)
    })
}

/// Eligibility warnings on stderr, one per line, both languages.
fn print_warnings(warnings: &[crate::eligibility::Warning]) {
    for w in warnings {
        let tag = match w.severity {
            crate::eligibility::Severity::Breaks => "warning",
            crate::eligibility::Severity::Check => "check",
        };
        eprintln!(
            "{tag} [{}] {}: {} / {}",
            w.code, w.field, w.message_en, w.message_it
        );
    }
}

#[derive(clap::Args, Debug)]
struct CurveArgs {
    /// The file (CSV, .xlsx, .xls, .ods).
    file: PathBuf,
    /// Calendar year of the simulation the curve is mapped onto.
    #[arg(long, default_value_t = 2025)]
    year: i32,
    /// Write the import report (JSON) here.
    #[arg(long)]
    report: Option<PathBuf>,
    /// Write the hourly curve (`hour,kwh`, 8,760 rows, UTC hour index) here.
    #[arg(long)]
    hourly: Option<PathBuf>,
    /// Override the detected unit: kwh, kw, wh, w, mwh.
    #[arg(long)]
    unit: Option<String>,
    /// Override the detected step, minutes (15, 30, 60).
    #[arg(long)]
    step: Option<u32>,
    /// Override the detected separator (one character, `tab` for a tab).
    #[arg(long)]
    separator: Option<String>,
    /// Override the value column (1-based).
    #[arg(long)]
    column: Option<usize>,
    /// Member category whose monthly profile scales months without data (e.g. school).
    #[arg(long)]
    category: Option<String>,
    /// Whether the values are a meter's readings (cumulative): yes or no (detected if not
    /// given).
    #[arg(long)]
    readings: Option<String>,
}

/// `cer-planner curve`: reads a load curve, prints what it detected, writes the report and the
/// hourly curve.
fn run_curve(a: CurveArgs) -> ExitCode {
    use crate::curve::read_curve;
    let (opts, reference) = match curve_options(&a) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let bytes = match read_limited(&a.file, crate::curve::MAX_FILE_BYTES) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let c = match read_curve(&bytes, &opts, a.year, reference) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}: {e} / {}", a.file.display(), e.italian());
            print_refused_rows(&e);
            return ExitCode::from(3);
        }
    };
    print_curve(&a.file, a.year, &c);
    if let Some(p) = &a.report {
        if let Err(e) = write(
            p,
            &serde_json::to_string_pretty(&c.report).unwrap_or_default(),
        ) {
            return fail(4, e);
        }
    }
    if let Some(p) = &a.hourly {
        if let Err(e) = write(p, &crate::curve::hourly_csv(&c)) {
            return fail(4, e);
        }
    }
    ExitCode::SUCCESS
}

/// What a refused curve file holds, as read: its rows shown (the first ones and the refused
/// line) and its columns by number, the numbers `--column` takes.
fn print_refused_rows(e: &crate::curve::CurveError) {
    let Some(seen) = e.seen.as_deref() else {
        return;
    };
    // The columns the app shows too; a refused column shown apart says its number.
    let shown = seen.shown_columns(e.column);
    let apart = matches!(shown.as_slice(), [.., None, Some(_)]);
    for (line, cells) in &seen.rows {
        let text: Vec<String> = shown
            .iter()
            .enumerate()
            .map(|(i, c)| match c {
                None => "…".to_string(),
                Some(c) => {
                    let v = cells.get(c - 1).map_or("", String::as_str);
                    if apart && i + 1 == shown.len() {
                        format!("{c}: {v}")
                    } else {
                        v.to_string()
                    }
                }
            })
            .collect();
        eprintln!("  {line:>6} | {}", text.join(" | "));
    }
    if !seen.columns.is_empty() {
        const LISTED: usize = 12;
        let mut cols: Vec<String> = seen
            .columns
            .iter()
            .take(LISTED)
            .enumerate()
            .map(|(i, c)| format!("{} «{c}»", i + 1))
            .collect();
        if seen.columns.len() > LISTED {
            cols.push(format!("… {}", seen.columns.len()));
        }
        eprintln!("  colonne / columns (--column N): {}", cols.join(", "));
    }
}

/// The `curve` command's reading options and the category's monthly reference (for the
/// check of a curve against its category), or exit code 2 naming the option and what it
/// accepts.
fn curve_options(
    a: &CurveArgs,
) -> Result<(crate::curve::CurveOptions, Option<[f64; 12]>), ExitCode> {
    use crate::curve::{CurveOptions, Unit};
    if !(1901..=2099).contains(&a.year) {
        return Err(fail(
            2,
            "--year: accepted range 1901 to 2099 / intervallo ammesso da 1901 a 2099",
        ));
    }
    let unit = match a.unit.as_deref() {
        None => None,
        Some("kwh") => Some(Unit::Kwh),
        Some("kw") => Some(Unit::Kw),
        Some("wh") => Some(Unit::Wh),
        Some("w") => Some(Unit::W),
        Some("mwh") => Some(Unit::Mwh),
        Some(o) => {
            return Err(fail(
                2,
                format!(
                    "--unit '{}': accepted kwh, kw, wh, w, mwh / ammesse kwh, kw, wh, w, mwh",
                    o.escape_debug()
                ),
            ))
        }
    };
    let separator = match a.separator.as_deref() {
        None => None,
        Some("tab") => Some('\t'),
        Some(s) if s.chars().count() == 1 => s.chars().next(),
        Some(o) => {
            return Err(fail(
                2,
                format!(
                    "--separator '{}': one character, or 'tab' / un carattere, oppure 'tab'",
                    o.escape_debug()
                ),
            ))
        }
    };
    if a.step.is_some_and(|s| ![15, 30, 60].contains(&s)) {
        return Err(fail(
            2,
            "--step: accepted 15, 30 or 60 minutes / ammessi 15, 30 o 60 minuti",
        ));
    }
    let reference = match a.category.as_deref() {
        None => None,
        Some(c) => match crate::simulate::monthly_reference(c, a.year) {
            Some(r) => Some(r),
            None => {
                let known: Vec<&str> = crate::params::defaults()
                    .categories
                    .keys()
                    .map(|k| k.as_str())
                    .collect();
                let known = known.join(", ");
                return Err(fail(
                    2,
                    format!(
                        "--category '{}': accepted {known} / ammesse {known}",
                        c.escape_debug()
                    ),
                ));
            }
        },
    };
    let cumulative = match a.readings.as_deref() {
        None => None,
        Some("yes") => Some(true),
        Some("no") => Some(false),
        Some(o) => {
            return Err(fail(
                2,
                format!(
                    "--readings '{}': accepted yes, no / ammessi yes, no",
                    o.escape_debug()
                ),
            ))
        }
    };
    let opts = CurveOptions {
        separator,
        unit,
        cumulative,
        step_minutes: a.step,
        value_column: a.column.map(|c| c.saturating_sub(1)),
        ..CurveOptions::default()
    };
    Ok((opts, reference))
}

/// What the `curve` command detected and mapped, as a planner checks it (the notes on
/// standard error).
fn print_curve(file: &Path, year: i32, c: &crate::curve::Curve) {
    let r = &c.report;
    let d = &r.detection;
    println!("{}", file.display());
    println!(
        "  format {}{}, decimal {}, first data row {}",
        d.format,
        d.separator
            .map(|s| format!(", separator '{}'", s.escape_debug()))
            .unwrap_or_default(),
        if d.decimal_comma { "comma" } else { "point" },
        d.first_data_row + 1
    );
    println!("  layout {:?}, time: {}", d.layout, d.time_description.en);
    if let Some(vc) = d.value_column {
        println!(
            "  values: column {} '{}'{}",
            vc + 1,
            d.columns.get(vc).cloned().unwrap_or_default(),
            if d.cumulative {
                ", a meter's readings: the differences are the consumption"
            } else {
                ""
            }
        );
    }
    println!(
        "  step {} min, unit {:?}, {} rows, {} → {} ({} days with data)",
        r.step_minutes, d.unit, r.rows, r.first_day, r.last_day, r.days_with_data
    );
    println!(
        "  energy in the file {:.1} kWh; on the {} simulation year {:.1} kWh ({} filled)",
        r.total_kwh,
        year,
        r.mapped_total_kwh,
        match r.filled_hours {
            1 => "1 hour".to_string(),
            n => format!("{n} hours"),
        }
    );
    if !d.unsure.is_empty() {
        println!("  assumed (check): {}", d.unsure.join(", "));
    }
    for w in &r.warnings {
        eprintln!("note: {}", w.en);
    }
}

/// Reads a UTF-8 text file of at most `limit` bytes (bounded memory; exit code 4 otherwise).
fn read_text_limited(path: &Path, limit: usize) -> Result<String, ExitCode> {
    let bytes = read_limited(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        fail(
            4,
            format!(
                "{p} is not UTF-8 text (byte {b}): save it as UTF-8 / {p} non è testo UTF-8 \
                 (byte {b}): salvarlo come UTF-8",
                p = path.display(),
                b = e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Reads a file of at most `limit` bytes without reading more than that (a device or a huge
/// file is refused with its size, exit code 4).
fn read_limited(path: &Path, limit: usize) -> Result<Vec<u8>, ExitCode> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| fail(4, io_words(path, &e, false)))?;
    let mut buf = Vec::new();
    f.take(limit as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| fail(4, io_words(path, &e, false)))?;
    if buf.len() > limit {
        return Err(fail(
            4,
            format!(
                "{p}: larger than the {mb} MB limit / {p}: più grande del limite di {mb} MB",
                p = path.display(),
                mb = limit / 1_000_000
            ),
        ));
    }
    Ok(buf)
}

/// The sizing curve of `req` as a table and optionally JSON.
fn print_size_plant(
    path: &Path,
    req: &crate::producer::SizeRequest,
    report: Option<&Path>,
) -> ExitCode {
    let v = match load_scenario(path) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let t0 = Instant::now();
    let r = match crate::producer::size_plant(&v, req, &mut |_, _| {}) {
        Ok(r) => r,
        Err(e) => return fail(2, e),
    };
    let ms = t0.elapsed().as_secs_f64() * 1000.0;
    if let Some(p) = report {
        if let Err(e) = write(p, &serde_json::to_string_pretty(&r).unwrap_or_default()) {
            return fail(4, e);
        }
    }
    println!(
        "{}: plant {}{}, {} sizes in {ms:.0} ms",
        path.display(),
        r.plant_id,
        r.host
            .as_ref()
            .map(|h| format!(" behind the meter of '{h}'"))
            .unwrap_or_default(),
        r.points.len()
    );
    println!(
        "  {:>8} {:>12} {:>7} {:>8} {:>12} {:>8} {:>12} {:>12}",
        "kWp", "NPV €", "IRR", "payback", "self-use kWh", "self-suf", "shared kWh", "fund €/yr"
    );
    for p in &r.points {
        println!(
            "  {:>8.1} {:>12.0} {:>7} {:>8} {:>12.0} {:>7.1}% {:>12.0} {:>12.0}",
            p.kwp,
            p.producer_npv_eur,
            p.producer_irr
                .map(|x| format!("{:.1}%", x * 100.0))
                .unwrap_or_else(|| "–".into()),
            p.payback_years
                .map(|x| format!("{x:.1}"))
                .unwrap_or_else(|| "–".into()),
            p.self_consumption_kwh,
            p.self_sufficiency * 100.0,
            p.shared_kwh,
            p.community_fund_eur
        );
    }
    let rec = &r.recommended;
    println!(
        "  recommended: largest producer NPV at {:.1} kWp; fastest payback at {}; self-sufficiency at {}; largest community fund at {:.1} kWp",
        rec.max_producer_npv_kwp,
        rec.fastest_payback_kwp
            .map(|x| format!("{x:.1} kWp"))
            .unwrap_or_else(|| "– (no size pays back)".into()),
        rec.max_self_sufficiency_kwp
            .map(|x| format!("{x:.1} kWp"))
            .unwrap_or_else(|| "– (no host)".into()),
        rec.max_community_fund_kwp
    );
    ExitCode::SUCCESS
}

/// `cer-planner sensitivity`: the tornado and the NPV band, as a table and optionally JSON.
fn run_sensitivity(path: &Path, report: Option<&Path>) -> ExitCode {
    let v = match load_scenario(path) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let t0 = Instant::now();
    let r = crate::sensitivity::sensitivity(&v, &mut |_, _| {});
    let ms = t0.elapsed().as_secs_f64() * 1000.0;
    if let Some(p) = report {
        let json = serde_json::to_string_pretty(&r).unwrap_or_default();
        if let Err(e) = write(p, &json) {
            return fail(4, e);
        }
    }
    println!(
        "{}: {} simulations in {ms:.0} ms",
        path.display(),
        1 + r.tornado.len() as u32 + r.band_runs
    );
    println!(
        "  {:<52} {:>14} {:>12} {:>12} {:>14}",
        "run", "shared kWh", "TIP €/yr", "fund €/yr", "NPV €"
    );
    let row = |name: &str, k: (f64, f64, f64, f64)| {
        println!(
            "  {name:<52} {:>14.0} {:>12.0} {:>12.0} {:>14.0}",
            k.0, k.1, k.2, k.3
        )
    };
    let b = &r.base;
    row(
        "as given",
        (
            b.shared_kwh,
            b.tip_eur,
            b.net_fund_eur,
            b.configuration_npv_eur,
        ),
    );
    for t in &r.tornado {
        row(
            &format!("{} ({})", t.label_en, t.side),
            (
                t.figures.shared_kwh,
                t.figures.tip_eur,
                t.figures.net_fund_eur,
                t.figures.configuration_npv_eur,
            ),
        );
    }
    println!(
        "  NPV band over {} seeded runs: P10 {:.0} €, P50 {:.0} €, P90 {:.0} €",
        r.band_runs, r.npv_p10_eur, r.npv_p50_eur, r.npv_p90_eur
    );
    ExitCode::SUCCESS
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| io_words(path, &e, true))
}

/// A file that could not be read or written, in English (with the system's own words) and
/// Italian.
fn io_words(path: &Path, e: &std::io::Error, writing: bool) -> String {
    use std::io::ErrorKind as K;
    let p = path.display();
    let why = match e.kind() {
        K::NotFound if writing => "la cartella non esiste",
        K::NotFound => "il file non esiste",
        K::PermissionDenied => "permesso negato",
        K::IsADirectory => "è una cartella, non un file",
        K::StorageFull => "il disco è pieno",
        K::ReadOnlyFilesystem => "il disco è di sola lettura",
        _ => "errore del sistema",
    };
    if writing {
        format!("cannot write {p}: {e} / impossibile scrivere {p}: {why}")
    } else {
        format!("cannot read {p}: {e} / impossibile leggere {p}: {why}")
    }
}

fn check_range(name: &str, v: f64, lo: f64, hi: f64) -> Result<(), String> {
    if v.is_finite() && v >= lo && v <= hi {
        Ok(())
    } else {
        Err(both(
            format!("--{name} {v} is outside the accepted range {lo} to {hi}"),
            format!("--{name} {v} è fuori dall'intervallo ammesso, da {lo} a {hi}"),
        ))
    }
}

/// A command-line problem in English and Italian, as one line.
fn both(en: String, it: String) -> String {
    format!("{en} / {it}")
}

/// `cer-planner pv`: the plant's hourly AC energy over the Milan typical year.
fn run_pv(
    PvArgs {
        lat,
        lon,
        tilt,
        azimuth,
        kwp,
        losses,
        dc_ac,
        mounting,
        sky_model,
    }: PvArgs,
) -> ExitCode {
    let checks = [
        check_range("lat", lat, -90.0, 90.0),
        check_range("lon", lon, -180.0, 180.0),
        check_range("tilt", tilt, 0.0, 90.0),
        check_range("azimuth", azimuth, 0.0, 360.0),
        check_range("kwp", kwp, 1e-6, 1e6),
        check_range("losses", losses, 0.0, 99.0),
        check_range("dc-ac", dc_ac, 0.1, 10.0),
    ];
    if let Some(Err(e)) = checks.into_iter().find(|c| c.is_err()) {
        return fail(2, e);
    }
    let mut sys = PvSystem::new(kwp, tilt, azimuth);
    sys.losses_pct = losses;
    sys.dc_ac_ratio = dc_ac;
    sys.mounting = match mounting.as_str() {
        "open-rack" => Mounting::OpenRackGlassGlass,
        "close-mount" => Mounting::CloseMountGlassGlass,
        other => {
            return fail(
                2,
                format!("--mounting '{other}': accepted values are open-rack, close-mount / valori ammessi: open-rack, close-mount"),
            )
        }
    };
    sys.sky_model = match sky_model.as_str() {
        "hay-davies" => crate::solar::irradiance::SkyModel::HayDavies,
        "perez" => crate::solar::irradiance::SkyModel::Perez,
        "isotropic" => crate::solar::irradiance::SkyModel::Isotropic,
        other => {
            return fail(
                2,
                format!("--sky-model '{other}': accepted values are hay-davies, perez, isotropic / valori ammessi: hay-davies, perez, isotropic"),
            )
        }
    };
    let sun = SunPath::new(lat, lon);
    let ac = simulate_plant(&sys, &sun, milan_tmy());
    let mut out = String::with_capacity(8760 * 16);
    out.push_str("hour,ac_kwh\n");
    for (h, v) in ac.iter().enumerate() {
        out.push_str(&format!("{h},{v:.6}\n"));
    }
    print!("{out}");
    eprintln!(
        "annual: {:.1} kWh ({:.1} kWh/kWp)",
        ac.iter().sum::<f64>(),
        ac.iter().sum::<f64>() / kwp
    );
    ExitCode::SUCCESS
}

/// `cer-planner simulate`: the scenario (with zonal prices from a file, if given), its
/// hourly table, report and charts written where asked, and the key figures printed.
fn run_simulate(
    SimulateArgs {
        scenario,
        hourly,
        italian_csv,
        report,
        svg,
        lang,
        prices,
    }: SimulateArgs,
) -> ExitCode {
    let mut v = match load_scenario(&scenario) {
        Ok(v) => v,
        Err(code) => return code,
    };
    if let Some(p) = prices {
        let text = match read_text_limited(&p, 5_000_000) {
            Ok(t) => t,
            Err(code) => return code,
        };
        let series = match crate::price::parse_hourly_csv(&text) {
            Ok(s) => s,
            Err(e) => return fail(3, format!("{}: {e} / {}", p.display(), e.italian())),
        };
        let mut s = v.scenario.clone();
        s.hourly_price_eur_per_mwh = Some(series);
        v = match crate::scenario::validate(s) {
            Ok(v) => v,
            Err(errs) => {
                print_validation(&p, &errs);
                return ExitCode::from(3);
            }
        };
    }
    let t0 = Instant::now();
    let sim = simulate(&v);
    let ms = t0.elapsed().as_secs_f64() * 1000.0;
    let r = &sim.report;
    print_warnings(&r.warnings);
    if let Some(p) = hourly {
        let style = if italian_csv {
            CsvStyle::Italian
        } else {
            CsvStyle::Plain
        };
        if let Err(e) = write(&p, &sim.hourly.to_csv(style)) {
            return fail(4, e);
        }
    }
    if let Some(p) = report {
        let json = serde_json::to_string_pretty(r).unwrap_or_default();
        if let Err(e) = write(&p, &json) {
            return fail(4, e);
        }
    }
    if let Some(dir) = svg {
        if let Err(e) = std::fs::create_dir_all(&dir) {
            return fail(4, io_words(&dir, &e, true));
        }
        let t = if lang == "en" { &EN } else { &IT };
        for (name, s) in render_svgs(r, t) {
            if let Err(e) = write(&dir.join(name), &s) {
                return fail(4, e);
            }
        }
    }
    print_simulation(r, ms);
    ExitCode::SUCCESS
}

/// The simulation's key figures (`ms`: its time).
fn print_simulation(r: &crate::report::Report, ms: f64) {
    println!(
        "{} — CP {} ({}){}",
        r.scenario_name,
        r.cp_name,
        r.cp_code,
        if r.illustrative {
            " [illustrative numbers]"
        } else {
            ""
        }
    );
    println!(
        "  members {}, PV {:.1} kWp, simulated in {ms:.1} ms",
        r.members_total, r.pv_kwp_total
    );
    println!("  production        {:>14.0} kWh", r.production_kwh);
    println!("  consumption       {:>14.0} kWh", r.consumption_kwh);
    println!("  self-consumption  {:>14.0} kWh", r.self_consumption_kwh);
    println!("  injected          {:>14.0} kWh", r.injected_kwh);
    println!(
        "  shared            {:>14.0} kWh ({:.1} % of injection)",
        r.shared_kwh,
        r.shared_ratio_of_injection * 100.0
    );
    println!("  tariffa premio    {:>14.0} €/yr", r.tip_eur);
    println!("  ARERA valorisation{:>14.0} €/yr", r.valorisation_eur);
    println!("  energy sales      {:>14.0} €/yr", r.sales_eur);
    println!("  55 % quota (min)  {:>14.0} €/yr", r.solidarity_min_eur);
    println!(
        "  solidarity fund   {:>14.0} €/yr (energy-poor support {:.0} €/yr)",
        r.fund.net_fund_eur, r.fund.energy_poor_eur
    );
    println!("  CO₂ avoided       {:>14.1} t/yr", r.co2_avoided_t);
}

/// `cer-planner optimize`: checks the request, optimises, writes the model, the applied
/// scenario and the report where asked, and prints the plan. Exit 5 when no plan satisfies
/// the constraints (they are named), 1 when the solver fails.
fn run_optimize(
    OptimizeArgs {
        scenario,
        objective,
        budget,
        min_energy_poor,
        max_business_share,
        min_shared_ratio,
        min_self_sufficiency,
        min_ep_supported,
        min_shared_kwh,
        keep_energy_poor,
        keep_households,
        report,
        apply,
        mps,
    }: OptimizeArgs,
) -> ExitCode {
    let objective: Objective = match objective.parse() {
        Ok(o) => o,
        Err(e) => {
            return fail(
                2,
                format!("--objective {e} / valori ammessi: community-value, solidarity-fund, shared-energy, min-investment"),
            )
        }
    };
    let checks = [
        budget.map(|b| check_range("budget", b, 0.0, 1e10)),
        max_business_share.map(|b| check_range("max-business-share", b, 0.0, 100.0)),
        min_shared_ratio.map(|b| check_range("min-shared-ratio", b, 0.0, 100.0)),
        min_self_sufficiency.map(|b| check_range("min-self-sufficiency", b, 0.0, 100.0)),
        min_shared_kwh.map(|b| check_range("min-shared-kwh", b, 0.0, 1e12)),
    ];
    if let Some(Err(e)) = checks.into_iter().flatten().find(|c| c.is_err()) {
        return fail(2, e);
    }
    let v = match load_scenario(&scenario) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let req = OptimizeRequest {
        objective,
        budget_eur: budget,
        min_energy_poor_members: min_energy_poor,
        max_business_share_pct: max_business_share,
        min_shared_ratio_pct: min_shared_ratio,
        min_self_sufficiency_pct: min_self_sufficiency,
        min_ep_households_supported: min_ep_supported,
        min_shared_kwh,
        keep_energy_poor,
        keep_households,
    };
    match optimize(&v, &req) {
        OptimizeOutcome::Solved {
            report: r,
            applied,
            lp,
        } => {
            if let Some(p) = mps {
                if let Err(e) = write(&p, &lp.to_mps("cer_planner")) {
                    return fail(4, e);
                }
            }
            if let Some(p) = apply {
                let json = serde_json::to_string_pretty(&applied.scenario).unwrap_or_default();
                if let Err(e) = write(&p, &json) {
                    return fail(4, e);
                }
            }
            if let Some(p) = report {
                if let Err(e) = write(&p, &serde_json::to_string_pretty(&r).unwrap_or_default()) {
                    return fail(4, e);
                }
            }
            print_plan(&r, req.objective);
            ExitCode::SUCCESS
        }
        OptimizeOutcome::Infeasible { conflicts } => {
            eprintln!("error: no plan satisfies the constraints:");
            for (it, en) in conflicts {
                eprintln!("  - {en}\n    ({it})");
            }
            ExitCode::from(5)
        }
        OptimizeOutcome::Failed(e) => fail(
            1,
            format!("solver failed: {e} / il risolutore non è riuscito: {e}"),
        ),
    }
}

/// The plan: optimum, re-simulated figures, constraints not kept, sizes and members before
/// and after rounding, social figures and the explanations.
fn print_plan(r: &crate::optimize::OptimizeReport, objective: Objective) {
    println!(
        "objective {:?}: LP optimum {:.6} {} ({} LP solves, {} columns × {} rows, {:.0} ms)",
        objective,
        r.objective_value,
        r.objective_unit,
        r.lp_solves,
        r.lp_columns,
        r.lp_rows,
        r.solve_ms
    );
    println!(
        "  re-simulated rounded plan: {:.2} {} (scenario as given: {:.2})",
        r.simulated.objective_value, r.objective_unit, r.current.objective_value
    );
    if let Some((_, en)) = &r.note {
        println!("  note: {en}");
    }
    for c in r.constraint_checks.iter().filter(|c| !c.kept) {
        println!(
            "  constraint {} NOT kept by the rounded plan: {:.2} {} against {:.2}",
            c.constraint, c.value, c.unit, c.limit
        );
    }
    println!("  plants:");
    for (c, p) in r.continuous.plants.iter().zip(&r.rounded.plants) {
        println!("    {:<24} {:>9.2} kWp → {:>7.1} kWp", c.id, c.kwp, p.kwp);
    }
    if let (Some(c), Some(b)) = (r.continuous.battery_kwh, r.rounded.battery_kwh) {
        println!("  battery: {:>22.2} kWh → {:>7.0} kWh", c, b);
    }
    println!("  members:");
    for (c, m) in r.continuous.members.iter().zip(&r.rounded.members) {
        println!("    {:<24} {:>9.2} → {:>5}", c.category, c.count, m.count);
    }
    if let Some(soc) = &r.social {
        println!(
            "  social: households {} → {}, energy-poor members {} → {}, business share {:.1} % → {:.1} %, households the fund can support {} → {}",
            soc.current.households, soc.plan.households,
            soc.current.energy_poor_members, soc.plan.energy_poor_members,
            soc.current.business_share_pct, soc.plan.business_share_pct,
            soc.current.households_supportable, soc.plan.households_supportable
        );
        if !soc.dropped_categories.is_empty() {
            println!(
                "  WARNING: the plan drops every member of: {}",
                soc.dropped_categories.join(", ")
            );
        }
    }
    for e in &r.explanations {
        println!("  · {}", e.en);
    }
}

/// `cer-planner event`: the scenario behind an event-mode link.
fn run_event(EventArgs { link, scenario }: EventArgs) -> ExitCode {
    let fragment = link.rsplit_once('#').map_or(link.as_str(), |(_, f)| f);
    let choice = match crate::event::EventChoice::from_fragment(fragment) {
        Ok(c) => c,
        Err((it, en)) => return fail(2, format!("event link: {en} / link dell'evento: {it}")),
    };
    let Some(s) = choice.scenario() else {
        return fail(
            2,
            "event link: unknown neighbourhood / link dell'evento: quartiere sconosciuto",
        );
    };
    if let Some(p) = scenario {
        if let Err(e) = write(&p, &serde_json::to_string_pretty(&s).unwrap_or_default()) {
            return fail(4, e);
        }
    }
    println!(
        "{}: {} members, {} roofs built ({:.1} kWp)",
        s.name,
        s.members.iter().map(|g| g.count).sum::<u32>(),
        s.plants.iter().filter(|p| p.kwp > 0.0).count(),
        s.plants.iter().map(|p| p.kwp).sum::<f64>()
    );
    ExitCode::SUCCESS
}

/// `cer-planner size-plant`: checks the financing arguments and prints the sizing curve.
fn run_size_plant(
    SizePlantArgs {
        scenario,
        plant,
        max_kwp,
        steps,
        loan_share,
        loan_rate,
        loan_years,
        tax_rate,
        report,
    }: SizePlantArgs,
) -> ExitCode {
    let checks = [
        check_range("loan-share", loan_share, 0.0, 100.0),
        check_range("loan-rate", loan_rate, -5.0, 30.0),
        check_range("loan-years", loan_years as f64, 1.0, 40.0),
        check_range("tax-rate", tax_rate, 0.0, 80.0),
        check_range("steps", steps as f64, 2.0, 400.0),
        max_kwp.map_or(Ok(()), |k| check_range("max-kwp", k, 0.001, 10_000.0)),
    ];
    if let Some(Err(e)) = checks.into_iter().find(|c| c.is_err()) {
        return fail(2, e);
    }
    let req = crate::producer::SizeRequest {
        plant_id: plant,
        max_kwp,
        steps,
        financing: crate::producer::Financing {
            loan_share_pct: loan_share,
            loan_rate_pct: loan_rate,
            loan_years,
            tax_rate_pct: tax_rate,
        },
    };
    print_size_plant(&scenario, &req, report.as_deref())
}

/// clap's message for a malformed command line said again in Italian (clap writes English
/// only): what is wrong, the argument or value it names, and clap's suggestion if any.
fn clap_italian(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind as C, ContextValue, ErrorKind as K};
    let ctx = |k: C| -> Option<String> {
        e.get(k).map(|v| match v {
            ContextValue::String(s) => s.clone(),
            ContextValue::Strings(v) => v.join(", "),
            ContextValue::StyledStr(s) => s.to_string(),
            ContextValue::StyledStrs(v) => v
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            ContextValue::Number(n) => n.to_string(),
            ContextValue::Bool(b) => b.to_string(),
            ContextValue::None => String::new(),
            _ => String::new(),
        })
    };
    let arg = ctx(C::InvalidArg).unwrap_or_default();
    let value = ctx(C::InvalidValue).unwrap_or_default();
    let mut it = match e.kind() {
        K::UnknownArgument => format!("argomento sconosciuto «{arg}»"),
        K::InvalidSubcommand => format!(
            "comando sconosciuto «{}»",
            ctx(C::InvalidSubcommand).unwrap_or_default()
        ),
        K::InvalidValue if value.is_empty() => format!("manca il valore di «{arg}»"),
        K::InvalidValue => format!("valore non valido «{value}» per «{arg}»"),
        K::ValueValidation => {
            let cause = std::error::Error::source(e).map(|c| c.to_string());
            let wanted = match cause.as_deref() {
                Some(c) if c.contains("float") => ": atteso un numero (con il punto decimale)",
                Some(c) if c.contains("digit") || c.contains("number") => {
                    ": atteso un numero intero"
                }
                _ => "",
            };
            format!("valore non valido «{value}» per «{arg}»{wanted}")
        }
        K::NoEquals => format!("«{arg}» vuole il valore dopo «=»"),
        K::TooManyValues => format!("troppi valori per «{arg}»"),
        K::TooFewValues | K::WrongNumberOfValues => {
            format!("numero di valori sbagliato per «{arg}»")
        }
        K::ArgumentConflict => match ctx(C::PriorArg) {
            Some(prior) if prior != arg => format!("«{arg}» non si può usare insieme a «{prior}»"),
            _ => format!("«{arg}» si può dare una sola volta"),
        },
        K::MissingRequiredArgument => format!("manca un argomento obbligatorio: {arg}"),
        K::MissingSubcommand | K::DisplayHelpOnMissingArgumentOrSubcommand => {
            "manca il comando: pv, simulate, validate, optimize, curve, event, size-plant, \
             sensitivity, bench, bench-opt"
                .to_string()
        }
        K::InvalidUtf8 => "un argomento non è testo UTF-8".to_string(),
        _ => return None,
    };
    let suggestion = ctx(C::SuggestedArg)
        .or_else(|| ctx(C::SuggestedSubcommand))
        .or_else(|| ctx(C::SuggestedValue))
        .filter(|s| !s.is_empty());
    if let Some(s) = suggestion {
        it.push_str(&format!(" (forse «{}»?)", s.replace(", ", "» o «")));
    }
    if let Some(valid) = ctx(C::ValidValue).filter(|s| !s.is_empty()) {
        it.push_str(&format!("; valori ammessi: {valid}"));
    }
    it.push_str("; «--help» elenca gli argomenti");
    Some(it)
}

/// Runs the CLI and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            if !e.use_stderr() {
                let _ = e.print();
                return ExitCode::SUCCESS; // --help, --version
            }
            // Italian first, then clap's English (with its usage line).
            if let Some(it) = clap_italian(&e) {
                eprintln!("errore: {it}");
            }
            let _ = e.print();
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Pv(a) => run_pv(a),
        Command::Validate { scenario } => match load_scenario(&scenario) {
            Ok(v) => {
                println!("{}: valid", scenario.display());
                print_warnings(&crate::simulate::warnings(&v));
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Command::Simulate(a) => run_simulate(a),
        Command::Optimize(a) => run_optimize(a),
        Command::Curve(args) => run_curve(args),
        Command::Event(a) => run_event(a),
        Command::SizePlant(a) => run_size_plant(a),
        Command::Sensitivity { scenario, report } => run_sensitivity(&scenario, report.as_deref()),
        Command::Bench { reps } => bench(reps.max(1)),
        Command::BenchOpt {
            seed,
            cases,
            roofs,
            battery,
            odd,
            only,
            out,
        } => bench_opt(
            VariantSpec {
                seed,
                case: 0,
                roofs,
                battery,
                odd,
            },
            cases,
            only,
            out,
        ),
    }
}

/// `series`: the variants' seed, roofs, battery and odd inputs (its `case` is ignored). A line
/// per case ([`bench_case`]) and, with `out`, the summary for `scripts/bench_optimizer.py`.
fn bench_opt(
    series: VariantSpec,
    cases: usize,
    only: Option<usize>,
    out: Option<PathBuf>,
) -> ExitCode {
    let VariantSpec {
        seed,
        roofs,
        battery,
        odd,
        ..
    } = series;
    if let Some(d) = &out {
        if let Err(e) = std::fs::create_dir_all(d) {
            return fail(4, io_words(d, &e, true));
        }
    }
    println!("optimiser on seeded variants: seed {seed}, {roofs} extra roofs across 200 kW, battery {battery}, odd inputs {odd}");
    let mut summary = Vec::new();
    for case in (0..cases).filter(|c| only.is_none_or(|o| o == *c)) {
        match bench_case(VariantSpec { case, ..series }, out.as_deref()) {
            Ok(row) => summary.push(row),
            Err(code) => return code,
        }
    }
    if let Some(d) = &out {
        let text = serde_json::to_string_pretty(&summary).unwrap_or_default();
        if let Err(e) = write(&d.join("summary.json"), &text) {
            return fail(4, e);
        }
    }
    ExitCode::SUCCESS
}

/// One variant of a `bench-opt` series: optimised and timed, its line printed, with `out` its
/// models and scenario written ([`bench_case_files`]); its row of the summary.
fn bench_case(spec: VariantSpec, out: Option<&Path>) -> Result<serde_json::Value, ExitCode> {
    let case = spec.case;
    let var = crate::optimize::variants::variant(spec)
        .map_err(|e| fail(1, format!("case {case}: {e}")))?;
    let t = Instant::now();
    let outcome = optimize(&var.scenario, &var.request);
    let total_ms = t.elapsed().as_secs_f64() * 1000.0;
    let detail = std::env::var("CER_BENCH_DETAIL").is_ok();
    let (status, objective, solve_ms, nodes, lps) = match &outcome {
        OptimizeOutcome::Solved { report, .. } => {
            if detail {
                println!(
                    "  last LP {} cols × {} rows, {} of {} hours in full",
                    report.reduced_columns, report.reduced_rows, report.full_hours, report.lp_hours
                );
            }
            let r = report;
            (
                "optimal",
                Some(r.objective_value),
                r.solve_ms,
                r.band_nodes,
                r.lp_solves,
            )
        }
        OptimizeOutcome::Infeasible { conflicts } => {
            if detail {
                for (_, en) in conflicts {
                    println!("  conflict: {en}");
                }
            }
            ("infeasible", None, total_ms, 0, 0)
        }
        OptimizeOutcome::Failed(e) => {
            println!("case {case}: FAILED {e} ({})", var.label);
            ("failed", None, total_ms, 0, 0)
        }
    };
    println!(
        "case {case:3}: {status:10} {:>18} | search {solve_ms:8.1} ms, whole {total_ms:8.1} ms, {nodes:3} nodes, {lps:3} LPs | {}",
        objective.map_or("-".into(), |o| format!("{o:.4}")),
        var.label
    );
    let files = match out {
        Some(d) => bench_case_files(d, case, &var)?,
        None => Vec::new(),
    };
    let sense = if var.request.objective == Objective::MinInvestment {
        "min"
    } else {
        "max"
    };
    Ok(serde_json::json!({
        "seed": spec.seed, "case": case, "roofs": spec.roofs, "battery": spec.battery,
        "odd": spec.odd, "label": var.label, "status": status, "objective": objective,
        "sense": sense, "request": var.request,
        "search_ms": solve_ms, "whole_ms": total_ms, "nodes": nodes, "lp_solves": lps,
        "milps": files,
    }))
}

/// A variant's band choice as mixed-integer MPS models (their paths returned) and the variant
/// itself, to open in the app or run with `optimize` (its request is in the summary).
fn bench_case_files(
    d: &Path,
    case: usize,
    var: &crate::optimize::variants::Variant,
) -> Result<Vec<String>, ExitCode> {
    let mut files = Vec::new();
    let milps = crate::optimize::band_milps(&var.scenario, &var.request);
    for (k, m) in milps.iter().enumerate() {
        let f = d.join(format!("case_{case}_{k}.mps"));
        write(&f, &m.to_mps("cer_planner_milp")).map_err(|e| fail(4, e))?;
        files.push(f.display().to_string());
    }
    let f = d.join(format!("case_{case}_scenario.json"));
    let text = serde_json::to_string_pretty(&var.scenario.scenario).unwrap_or_default();
    write(&f, &text).map_err(|e| fail(4, e))?;
    Ok(files)
}

fn time_ms<T>(reps: u32, mut f: impl FnMut() -> T) -> (f64, f64) {
    let mut v = Vec::with_capacity(reps as usize);
    for _ in 0..reps {
        let t = Instant::now();
        std::hint::black_box(f());
        v.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    v.sort_by(|a, b| a.total_cmp(b));
    (v[v.len() / 2], v[0])
}

fn bench(reps: u32) -> ExitCode {
    let cal = Calendar::new(2025);
    let weather = milan_tmy();
    let _ = milan_sun_path();
    println!("cer-planner bench ({reps} repetitions; median / best, ms)");
    let (m, b) = time_ms(reps, || SunPath::new(45.464, 9.19));
    println!("  solar position, 8,760 h             {m:8.2} / {b:8.2}");
    let sys = PvSystem::new(100.0, 30.0, 180.0);
    let (m, b) = time_ms(reps, || simulate_plant(&sys, milan_sun_path(), weather));
    println!("  PV plant, 8,760 h                   {m:8.2} / {b:8.2}");
    let cat = &defaults().categories["household"];
    let base = match member_profile(cat, 2462.0, &cal, weather) {
        Ok(b) => b,
        Err(e) => return fail(1, e),
    };
    let (m, b) = time_ms(reps, || {
        synthesize(&base, 2000, &Diversity::with_scale(0.3), 1)
    });
    println!("  load synthesis, 2,000 households    {m:8.2} / {b:8.2}");
    let scenario = bench_scenario();
    let v = match parse_and_validate(&scenario) {
        Ok(v) => v,
        Err(e) => return fail(1, format!("{:?}", e)),
    };
    let (m, b) = time_ms(reps, || simulate(&v));
    println!("  full simulation, 2,000 members, 20 plants {m:8.2} / {b:8.2}");
    println!("  optimisation, community value (search + re-simulation of plan and current):");
    for (id, text) in crate::presets::PRESETS {
        let Ok(v) = parse_and_validate(text) else {
            continue;
        };
        let req = OptimizeRequest::new(Objective::CommunityValue);
        let mut solves = 0;
        let (m, b) = time_ms(reps.min(5), || {
            if let OptimizeOutcome::Solved { report, .. } = optimize(&v, &req) {
                solves = report.lp_solves;
            }
        });
        println!("    {id:<18}                {m:8.2} / {b:8.2}   ({solves} LPs)");
    }
    println!(
        "  (HiGHS on the exported models: scripts/bench.sh; in wasm: the browser test's benchmark)"
    );
    ExitCode::SUCCESS
}

/// A 2,000-member, 20-plant scenario for benchmarks.
pub fn bench_scenario() -> String {
    let plants: Vec<String> = (0..20)
        .map(|i| {
            format!(
                r#"{{"id":"p{i}","owner":"public","kwp":{},"tilt_deg":{},"azimuth_deg":{}{}}}"#,
                40 + 25 * i,
                10 + i % 4 * 10,
                120 + i * 6,
                if i < 3 {
                    r#","host_category":"school""#
                } else {
                    ""
                }
            )
        })
        .collect();
    format!(
        r#"{{"schema_version":1,"name":"bench","cp":{{"name":"Bench","code":"AC001E00934"}},"members":[
        {{"category":"household","count":1200}},{{"category":"household_small","count":300}},
        {{"category":"energy_poor_household","count":300}},{{"category":"shop","count":120}},
        {{"category":"office","count":50}},{{"category":"school","count":20}},{{"category":"public_building","count":10}}],
        "plants":[{}]}}"#,
        plants.join(",")
    )
}

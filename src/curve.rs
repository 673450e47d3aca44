//! Metered load curves in, the simulation's 8,760 hours out. Reads what Italian customers can
//! download (distributors' portals, Portale Consumi) and any sensible CSV or spreadsheet
//! (`.xlsx`, `.ods`, `.xls`, read in bounded memory by [`sheet`]): it detects the separator, the decimal mark,
//! quoting, header rows, the date and time formats, the layout (long: one row per interval,
//! with a timestamp, date + time, or start and end columns; wide: one row per day with 24 or
//! 96 interval columns, 23/25 or 92/100 on the daylight-saving days), the step (15, 30, 60
//! minutes) and the unit (kWh per interval, or average kW when the column is titled in kW).
//! Whatever it had to assume is listed in [`Detection::unsure`] and can be overridden with
//! [`CurveOptions`]; nothing is guessed silently.
//!
//! Mapping onto the simulation's year (`docs/curves.md`):
//! * intervals are summed into local (Italian) hours of their start; on the autumn day the
//!   repeated hour is averaged, on the spring day the missing hour stays missing;
//! * each local day of the simulation year takes the closest day of the file (within ±10 days
//!   of the same date) of the same kind — weekday, Saturday, Sunday or holiday — so a full year
//!   of any calendar year is aligned by weekday and holiday (29 February is never used: the
//!   simulated year has 28 days in February);
//! * an hour missing in an otherwise measured day is filled from the mean of that hour on the
//!   file's days of the same month and kind; a day with no measured day near it (a partial
//!   year) takes the typical day of its month and kind, or of the nearest month with data
//!   scaled by a reference monthly profile; those months are flagged as estimated.
//!
//! Pure: bytes in, numbers and messages out (no IO).

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike, Weekday};
use serde::{Deserialize, Serialize};

use crate::calendar::{is_national_holiday, Calendar, DayType, HOURS_PER_YEAR};

mod intervals;
use intervals::{parse_intervals, Interval};
mod sheet;
#[cfg(test)]
use sheet::excel_serial;

/// Largest file accepted, bytes (a year at 15 minutes is ≈ 1–2 MB).
pub const MAX_FILE_BYTES: usize = 20_000_000;
/// Largest number of rows accepted.
pub const MAX_ROWS: usize = 400_000;
/// Least data needed, days.
pub const MIN_DAYS: usize = 28;
/// Largest value per interval accepted, kWh (or kW): 100 MW for an hour.
pub const MAX_VALUE: f64 = 100_000.0;

/// A problem that stops the import, with where it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurveError {
    /// 1-based line (row) of the file, when it is about one.
    pub line: Option<usize>,
    /// 1-based column, when it is about one.
    pub column: Option<usize>,
    /// Message in Italian.
    pub message_it: String,
    /// Message in English.
    pub message_en: String,
    /// What the file holds as read, when it could be read as a table: what the user sees to
    /// correct the reading (boxed: an error stays small on the happy path's stack).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<Box<Seen>>,
}

/// A refused file as read ([`CurveError::seen`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Seen {
    /// Rows (the first ones, and the refused line with the one before it), each with its
    /// 1-based line.
    pub rows: Vec<(usize, Vec<String>)>,
    /// The column titles (the row above the first dated one), or "1", "2", … when no dated
    /// row was found: for choosing the consumption column after a refusal.
    pub columns: Vec<String>,
}

impl Seen {
    /// Columns shown of each row (1-based; `None` is a gap): twelve, or, when the refused
    /// column lies beyond (a wide file's day has 96), the first three and it, so that it is in
    /// sight on a phone; a gap at the end when more columns follow. The app and the CLI show
    /// these.
    pub fn shown_columns(&self, refused: Option<usize>) -> Vec<Option<usize>> {
        const SHOWN: usize = 12;
        let width = self.rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
        match refused.filter(|c| *c > SHOWN && *c <= width) {
            Some(c) => vec![Some(1), Some(2), Some(3), None, Some(c)],
            None => {
                let mut cols: Vec<Option<usize>> = (1..=width.min(SHOWN)).map(Some).collect();
                if width > SHOWN {
                    cols.push(None);
                }
                cols
            }
        }
    }
}

/// Rows shown with a refusal: the first ones, and the refused line with the one before it.
const ROWS_SHOWN: usize = 6;
/// Cells shown of each such row (a wide file's day has 96 to 100).
const MAX_CELLS_SHOWN: usize = 101;

impl std::fmt::Display for CurveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message_en),
            (Some(l), None) => write!(f, "line {l}: {}", self.message_en),
            _ => write!(f, "{}", self.message_en),
        }
    }
}

impl CurveError {
    /// The message in Italian with its place, as `Display` gives it in English
    /// (`riga 12, colonna 3: …`).
    pub fn italian(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("riga {l}, colonna {c}: {}", self.message_it),
            (Some(l), None) => format!("riga {l}: {}", self.message_it),
            _ => self.message_it.clone(),
        }
    }

    /// The same refusal with what the user needs to correct it: `table`'s first rows, the
    /// refused line, and its column titles ([`CurveError::seen`]).
    fn with_table(mut self, table: &Table, opts: &CurveOptions, dated: bool) -> CurveError {
        let shown = |(line, cells): &(usize, Vec<String>)| {
            (
                *line,
                cells
                    .iter()
                    .take(MAX_CELLS_SHOWN)
                    .map(|c| brief(c))
                    .collect(),
            )
        };
        let mut rows: Vec<(usize, Vec<String>)> =
            table.rows.iter().take(ROWS_SHOWN).map(shown).collect();
        if let Some(at) = self
            .line
            .and_then(|l| table.rows.iter().position(|(n, _)| *n == l))
        {
            for r in &table.rows[at.saturating_sub(1)..=at] {
                if rows.iter().all(|(n, _)| *n != r.0) {
                    rows.push(shown(r));
                }
            }
        }
        self.seen = Some(Box::new(Seen {
            rows,
            columns: intervals::column_titles(table, opts, dated),
        }));
        self
    }
}

pub(crate) fn err(
    line: Option<usize>,
    column: Option<usize>,
    it: String,
    en: String,
) -> CurveError {
    CurveError {
        line,
        column,
        message_it: it,
        message_en: en,
        seen: None,
    }
}

/// A cell quoted briefly in a message.
fn brief(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { '·' } else { c })
        .take(30)
        .collect();
    if text.chars().count() > 30 {
        format!("{clean}…")
    } else {
        clean
    }
}

/// A refused cell (0-based column `col` of 1-based `line`): `'…' what`, in both languages,
/// and, when the cell runs over several lines, why: a double quote opened there and never
/// closed makes the CSV reader take the following lines into the cell (legal CSV for a
/// title written on two lines, never for a reading).
fn bad_cell(line: usize, col: usize, cell: &str, what_it: &str, what_en: &str) -> CurveError {
    let (why_it, why_en) = if cell.contains('\n') {
        (
            format!(" — la cella prosegue su più righe: le virgolette (\") aperte alla riga {line} non si chiudono"),
            format!(" — the cell runs over several lines: the double quote (\") opened on line {line} is never closed"),
        )
    } else {
        Default::default()
    };
    err(
        Some(line),
        Some(col + 1),
        format!("'{}' {what_it}{why_it}", brief(cell)),
        format!("'{}' {what_en}{why_en}", brief(cell)),
    )
}

/// Unit of the values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Energy per interval, kWh.
    Kwh,
    /// Average power over the interval, kW (energy = kW × step).
    Kw,
    /// Energy per interval, Wh.
    Wh,
    /// Average power, W.
    W,
    /// Energy per interval, MWh.
    Mwh,
}

impl Unit {
    /// kWh of one interval of `step_h` hours with value `v`.
    pub fn kwh(self, v: f64, step_h: f64) -> f64 {
        match self {
            Unit::Kwh => v,
            Unit::Kw => v * step_h,
            Unit::Wh => v / 1000.0,
            Unit::W => v * step_h / 1000.0,
            Unit::Mwh => v * 1000.0,
        }
    }

    /// `kwh` or `kw` as in the report (Wh and MWh count as energy, W as power).
    pub fn kind(self) -> &'static str {
        match self {
            Unit::Kwh | Unit::Wh | Unit::Mwh => "kwh",
            Unit::Kw | Unit::W => "kw",
        }
    }
}

/// Whether a single timestamp marks the start or the end of its interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stamp {
    /// The interval starts at the timestamp.
    Start,
    /// The interval ends at the timestamp (e.g. 00:15 … 24:00).
    End,
}

/// Layout of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// One row per interval.
    Long,
    /// One row per day, one column per interval.
    Wide,
}

/// Choices that override detection (all optional).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CurveOptions {
    /// Field separator of a text file.
    #[serde(default)]
    pub separator: Option<char>,
    /// Decimal comma (`true`) or point (`false`).
    #[serde(default)]
    pub decimal_comma: Option<bool>,
    /// 0-based index of the first data row.
    #[serde(default)]
    pub first_data_row: Option<usize>,
    /// 0-based column of the values (long layout).
    #[serde(default)]
    pub value_column: Option<usize>,
    /// Unit of the values.
    #[serde(default)]
    pub unit: Option<Unit>,
    /// Interval length, minutes (15, 30 or 60).
    #[serde(default)]
    pub step_minutes: Option<u32>,
    /// Start or end stamps.
    #[serde(default)]
    pub stamp: Option<Stamp>,
    /// Dates written day first (`gg/mm/aaaa`, default) or month first.
    #[serde(default)]
    pub day_first: Option<bool>,
    /// The values are a meter's readings (cumulative), not each interval's consumption
    /// (long layout); detected when not given.
    #[serde(default)]
    pub cumulative: Option<bool>,
}

/// What was detected, for the user to see and correct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Detection {
    /// `csv` or `spreadsheet`.
    pub format: String,
    /// Separator of a text file.
    pub separator: Option<char>,
    /// Decimal comma.
    pub decimal_comma: bool,
    /// 0-based first data row.
    pub first_data_row: usize,
    /// Column names (from the header row, or "1", "2", …).
    pub columns: Vec<String>,
    /// Long or wide.
    pub layout: Layout,
    /// How time is read, in words (e.g. "column 1: date and time, interval end").
    pub time_description: Note,
    /// 0-based value column (long layout).
    pub value_column: Option<usize>,
    /// Unit.
    pub unit: Unit,
    /// Step, minutes.
    pub step_minutes: u32,
    /// Start or end stamps (long layout with one timestamp).
    pub stamp: Stamp,
    /// Dates day first.
    pub day_first: bool,
    /// The values were a meter's readings, read as the differences between consecutive ones.
    #[serde(default)]
    pub cumulative: bool,
    /// What detection could not tell from the file and assumed (`unit`, `value_column`,
    /// `stamp`, `day_first`, `step_minutes`): ask the user to confirm.
    pub unsure: Vec<String>,
    /// The first rows as read (at most 8), for the user to check the mapping.
    pub preview: Vec<Vec<String>>,
}

/// A stretch of time with no data inside the file's span.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    /// First missing local hour, `aaaa-mm-gg hh:00`.
    pub from: String,
    /// Last missing local hour.
    pub to: String,
    /// Hours missing.
    pub hours: u32,
}

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// Italian.
    pub it: String,
    /// English.
    pub en: String,
}

/// The import's report (`cer-planner curve --report`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurveReport {
    /// Data rows read.
    pub rows: usize,
    /// Interval length, minutes.
    pub step_minutes: u32,
    /// `kwh` (energy per interval) or `kw` (average power).
    pub unit: String,
    /// Energy in the file as read, kWh.
    pub total_kwh: f64,
    /// First and last day with data, `aaaa-mm-gg`.
    pub first_day: String,
    /// Last day with data.
    pub last_day: String,
    /// Days with at least one measured hour.
    pub days_with_data: usize,
    /// Energy on the simulation's 8,760 hours, kWh.
    pub mapped_total_kwh: f64,
    /// Simulation hours not taken from a measured hour of the file (filled).
    pub filled_hours: u32,
    /// Local months of the simulation year estimated from other months (no data in them).
    pub estimated_months: Vec<u32>,
    /// Missing stretches inside the file's span.
    pub gaps: Vec<Gap>,
    /// What was detected.
    pub detection: Detection,
    /// Things the user should know (DST handling, fills, assumptions).
    pub warnings: Vec<Note>,
}

/// An imported curve on the simulation's clock.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// kWh per simulated hour (UTC index, `docs/time.md`).
    pub hourly_kwh: Vec<f64>,
    /// What was read and how.
    pub report: CurveReport,
}

/// Rows of text cells, each with its 1-based line number.
pub type Rows = Vec<(usize, Vec<String>)>;

/// Raw rows (cells as text) with their 1-based line numbers.
struct Table {
    rows: Rows,
    format: &'static str,
    separator: Option<char>,
    /// Numbers from a spreadsheet are written with a point.
    numbers_with_point: bool,
}

/// Reads bytes as a table: a spreadsheet (zip or OLE signature) or text.
fn read_table(bytes: &[u8], opts: &CurveOptions) -> Result<Table, CurveError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(err(
            None,
            None,
            format!(
                "file troppo grande ({:.1} MB): il limite è {} MB (un anno a 15 minuti occupa 1–2 MB)",
                bytes.len() as f64 / 1e6,
                MAX_FILE_BYTES / 1_000_000
            ),
            format!(
                "file too large ({:.1} MB): the limit is {} MB (a year at 15 minutes takes 1–2 MB)",
                bytes.len() as f64 / 1e6,
                MAX_FILE_BYTES / 1_000_000
            ),
        ));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(err(
            None,
            None,
            "il file è vuoto".into(),
            "the file is empty".into(),
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return read_spreadsheet(bytes);
    }
    let text = decode_text(bytes);
    if text.chars().filter(|c| *c == '\u{0}').count() > 0 {
        return Err(err(
            None,
            None,
            "il file non è un testo CSV né un foglio di calcolo (contiene byte binari)".into(),
            "the file is neither CSV text nor a spreadsheet (it contains binary bytes)".into(),
        ));
    }
    let (sep, rows) = read_csv_rows(&text, opts.separator)?;
    Ok(Table {
        rows,
        format: "csv",
        separator: Some(sep),
        numbers_with_point: false,
    })
}

/// The product's one CSV reader (load curves and hourly prices): the separator (given, or
/// detected: `;`, tab, `,`, `|`), quoted fields, blank lines skipped, cells trimmed, each row
/// with its 1-based line number; at most [`MAX_ROWS`] rows.
pub fn read_csv_rows(text: &str, separator: Option<char>) -> Result<(char, Rows), CurveError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sep = separator.unwrap_or_else(|| detect_separator(text));
    let mut rows = Vec::new();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep as u8)
        .from_reader(text.as_bytes());
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            err(
                line,
                None,
                format!("riga non leggibile come CSV: {e}"),
                format!("line not readable as CSV: {e}"),
            )
        })?;
        let line = rec.position().map_or(rows.len() + 1, |p| p.line() as usize);
        let cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        rows.push((line, cells));
        if rows.len() > MAX_ROWS {
            return Err(err(
                Some(line),
                None,
                format!("più di {MAX_ROWS} righe: al massimo due anni a 15 minuti"),
                format!("more than {MAX_ROWS} rows: at most two years at 15 minutes"),
            ));
        }
    }
    Ok((sep, rows))
}

/// A number with a decimal comma or point, as written in a cell (`pub` for the price reader).
pub fn parse_number(s: &str, decimal_comma: bool) -> Option<f64> {
    parse_num(s, decimal_comma)
}

/// UTF-8 (BOM removed) or, when that fails, Windows-1252 (Excel's Italian CSV).
fn decode_text(bytes: &[u8]) -> String {
    let b = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(b) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(b).0.into_owned(),
    }
}

/// The separator whose split gives the most rows with the same number (≥ 2) of fields; `;`
/// first (the Italian convention: with it a decimal comma is unambiguous), then tab, `,`, `|`.
fn detect_separator(text: &str) -> char {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(300)
        .collect();
    let n = lines.len().max(1);
    for sep in [';', '\t', ',', '|'] {
        let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
        for l in &lines {
            let k = split_quoted(l, sep);
            *counts.entry(k).or_default() += 1;
        }
        if let Some((&fields, &rows)) = counts.iter().max_by_key(|(_, r)| **r) {
            if fields >= 2 && rows * 10 >= n * 6 {
                return sep;
            }
        }
    }
    ';'
}

/// Fields of a line split on `sep`, ignoring separators inside double quotes.
fn split_quoted(line: &str, sep: char) -> usize {
    let mut n = 1;
    let mut quoted = false;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            n += 1;
        }
    }
    n
}

fn read_spreadsheet(bytes: &[u8]) -> Result<Table, CurveError> {
    // the sheet with the most rows holds the curve
    let rows = sheet::read_sheet(bytes)?.rows;
    if rows.is_empty() {
        return Err(err(
            None,
            None,
            "il foglio di calcolo non contiene dati".into(),
            "the spreadsheet holds no data".into(),
        ));
    }
    Ok(Table {
        rows,
        format: "spreadsheet",
        separator: None,
        numbers_with_point: true,
    })
}

/// A number written with `decimal_comma` or a point; thousands separators of the other kind
/// are removed. `None` for text.
fn parse_num(s: &str, decimal_comma: bool) -> Option<f64> {
    let t = s.trim().trim_matches('"').replace([' ', '\u{a0}'], "");
    if t.is_empty() {
        return None;
    }
    let norm = if decimal_comma {
        t.replace('.', "").replace(',', ".")
    } else {
        t.replace(',', "")
    };
    let ok = norm
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if !ok || !norm.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    norm.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A time of day `hh:mm[:ss]` (24:00 allowed, returned as 24 h).
fn parse_time(s: &str) -> Option<(u32, u32)> {
    let (t, half) = twelve_hour(s.trim());
    let mut it = t.split([':', '.']);
    let h: u32 = it.next()?.trim().parse().ok()?;
    let m: u32 = it.next()?.trim().parse().ok()?;
    if let Some(sec) = it.next() {
        let sec: f64 = sec.trim().parse().ok()?;
        if !(0.0..60.0).contains(&sec) {
            return None;
        }
    }
    if it.next().is_some() || m >= 60 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    match half {
        None => Some((h, m)),
        Some(_) if !(1..=12).contains(&h) => None,
        Some(pm) => Some((h % 12 + if pm { 12 } else { 0 }, m)),
    }
}

/// A 12-hour clock's suffix (`AM`, `PM`, `a.m.`, `p.m.`, any case) taken off: the time
/// before it and whether it is after noon (`None`: a 24-hour time).
fn twelve_hour(t: &str) -> (&str, Option<bool>) {
    let lower = t.to_ascii_lowercase();
    for (suffix, pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] {
        if lower.ends_with(suffix) {
            return (t[..t.len() - suffix.len()].trim_end(), Some(pm));
        }
    }
    (t, None)
}

/// The month a name or abbreviation stands for, in Italian or English (`gen`, `gennaio`,
/// `Jan`, `January`, any case).
fn month_named(s: &str) -> Option<u32> {
    const IT: [&str; 12] = [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ];
    const EN: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let t = s.trim().trim_end_matches('.').to_lowercase();
    if t.chars().count() < 3 {
        return None;
    }
    (0..12)
        .find(|&i| {
            let abbr = |name: &str| name.starts_with(t.as_str()) || t == name;
            abbr(IT[i]) || abbr(EN[i]) || (i == 8 && t == "sept")
        })
        .map(|i| i as u32 + 1)
}

/// A parsed timestamp: naive local time, or an instant with its UTC offset in minutes.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Stamped {
    local: NaiveDateTime,
    offset_min: Option<i32>,
}

/// A date `gg/mm/aaaa` (or `-`, `.`), `aaaa-mm-gg`, `aaaa/mm/gg`; `day_first` decides `dd/mm`.
fn parse_date(s: &str, day_first: bool) -> Option<NaiveDate> {
    let t = s.trim();
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    // A month by name (`01-gen-2025`, `1-Jan-25`): day, month, year whatever `day_first`.
    if let [d, m, y] = parts[..] {
        if let Some(month) = m
            .chars()
            .all(|c| c.is_alphabetic())
            .then(|| month_named(m))
            .flatten()
        {
            let d: u32 = d.parse().ok()?;
            let y: i32 = match y.len() {
                2 => 2000 + y.parse::<i32>().ok()?,
                4 => y.parse().ok()?,
                _ => return None,
            };
            return NaiveDate::from_ymd_opt(y, month, d);
        }
    }
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    let n: Vec<i64> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (y, m, d) = if parts[0].len() == 4 {
        (n[0], n[1], n[2])
    } else if parts[2].len() == 4 || parts[2].len() == 2 {
        let y = if parts[2].len() == 2 {
            2000 + n[2]
        } else {
            n[2]
        };
        if day_first {
            (y, n[1], n[0])
        } else {
            (y, n[0], n[1])
        }
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32)
}

/// A full timestamp: date and time separated by a space or `T`, with an optional offset
/// (`Z`, `±hh:mm`, `±hhmm`). Time 24:00 is the next day's midnight.
fn parse_stamp(s: &str, day_first: bool) -> Option<Stamped> {
    let t = s.trim().trim_matches('"');
    let (date_s, rest) = match t.find(['T', ' ']) {
        Some(i) => (&t[..i], t[i + 1..].trim()),
        None => (t, ""),
    };
    let date = parse_date(date_s, day_first)?;
    if rest.is_empty() {
        return Some(Stamped {
            local: date.and_hms_opt(0, 0, 0)?,
            offset_min: None,
        });
    }
    // Offset.
    let (time_s, offset_min) = if let Some(x) = rest.strip_suffix('Z') {
        (x, Some(0))
    } else if let Some(i) = rest.rfind(['+', '-']).filter(|&i| i >= 4) {
        let (a, b) = rest.split_at(i);
        let sign = if b.starts_with('-') { -1 } else { 1 };
        let digits: String = b[1..].chars().filter(|c| c.is_ascii_digit()).collect();
        if digits.len() != 4 && digits.len() != 2 {
            return None;
        }
        let hh: i32 = digits[..2].parse().ok()?;
        let mm: i32 = if digits.len() == 4 {
            digits[2..].parse().ok()?
        } else {
            0
        };
        (a, Some(sign * (hh * 60 + mm)))
    } else {
        (rest, None)
    };
    let time_s = time_s.split('.').next().unwrap_or(time_s);
    let (h, m) = parse_time(time_s)?;
    let local = if h == 24 {
        date.succ_opt()?.and_hms_opt(0, 0, 0)?
    } else {
        date.and_hms_opt(h, m, 0)?
    };
    Some(Stamped { local, offset_min })
}

/// Italian local time of a UTC instant (EU rule: summer time from the last Sunday of March
/// 01:00 UTC to the last Sunday of October 01:00 UTC).
pub fn utc_to_local(utc: NaiveDateTime) -> NaiveDateTime {
    utc + Duration::hours(if is_summer_time_utc(utc) { 2 } else { 1 })
}

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .expect("valid date");
    let last = next.pred_opt().expect("valid date");
    last - Duration::days(last.weekday().num_days_from_sunday() as i64)
}

fn is_summer_time_utc(utc: NaiveDateTime) -> bool {
    let y = utc.year();
    let start = last_sunday(y, 3).and_hms_opt(1, 0, 0).expect("valid");
    let end = last_sunday(y, 10).and_hms_opt(1, 0, 0).expect("valid");
    utc >= start && utc < end
}

/// UTC instant of local midnight of `d`.
fn local_midnight_utc(d: NaiveDate) -> NaiveDateTime {
    let guess = d.and_hms_opt(0, 0, 0).expect("valid") - Duration::hours(1);
    if is_summer_time_utc(guess - Duration::hours(1)) {
        guess - Duration::hours(1)
    } else {
        guess
    }
}

/// Local hours of day `d` (23, 24 or 25).
fn local_day_hours(d: NaiveDate) -> i64 {
    let a = local_midnight_utc(d);
    let b = local_midnight_utc(d.succ_opt().expect("valid"));
    (b - a).num_hours()
}

/// What one column holds, from a sample of data rows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Stamp,
    Date,
    Time,
    TimeRange,
    Number,
    Text,
    Empty,
}

fn cell_kind(s: &str, day_first: bool, decimal_comma: bool) -> Kind {
    let t = s.trim();
    if t.is_empty() {
        return Kind::Empty;
    }
    let has_date_sep =
        t.contains('/') || t.matches('-').count() >= 2 || t.matches('.').count() == 2;
    if has_date_sep
        && (t.contains(' ') || t.contains('T') || t.contains(':'))
        && parse_stamp(t, day_first).is_some()
    {
        return Kind::Stamp;
    }
    if has_date_sep && parse_date(t, day_first).is_some() {
        return Kind::Date;
    }
    if t.contains(':') {
        if parse_time(t).is_some() {
            return Kind::Time;
        }
        if let Some((a, b)) = t.split_once('-') {
            if parse_time(a).is_some() && parse_time(b).is_some() {
                return Kind::TimeRange;
            }
        }
    }
    if parse_num(t, decimal_comma).is_some() {
        return Kind::Number;
    }
    Kind::Text
}

/// The most common kind of a column over rows, ignoring empty cells.
fn column_kind(rows: &[&Vec<String>], col: usize, day_first: bool, dc: bool) -> Kind {
    let mut counts: BTreeMap<u8, (usize, Kind)> = BTreeMap::new();
    for r in rows {
        let k = r
            .get(col)
            .map_or(Kind::Empty, |c| cell_kind(c, day_first, dc));
        if k == Kind::Empty {
            continue;
        }
        let e = counts.entry(k as u8).or_insert((0, k));
        e.0 += 1;
    }
    counts
        .values()
        .max_by_key(|(n, _)| *n)
        .map_or(Kind::Empty, |(_, k)| *k)
}

/// The unit a title or note names, and whether it names it (`false`: it only says "power",
/// read as kW, which the user should confirm). Words are whole: `W`, `(W)`, `power_W`, `Watt`
/// are watts; `kW`, `kWh`, `Wh`, `MWh` as written.
pub(crate) fn unit_named(s: &str) -> Option<(Unit, bool)> {
    let lower = s.to_lowercase();
    let t = lower.replace(' ', "");
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let word = |w: &[&str]| words.iter().any(|x| w.contains(x));
    if t.contains("mwh") {
        Some((Unit::Mwh, true))
    } else if t.contains("kwh") {
        Some((Unit::Kwh, true))
    } else if t.contains("wh") {
        Some((Unit::Wh, true))
    } else if t.contains("kw") || word(&["kilowatt"]) {
        Some((Unit::Kw, true))
    } else if word(&["w", "watt", "watts"]) {
        Some((Unit::W, true))
    } else if t.contains("potenza") || t.contains("power") {
        Some((Unit::Kw, false))
    } else {
        None
    }
}

/// How likely a column title names the consumption (higher = better; negative = not it).
fn value_title_score(s: &str) -> i32 {
    let t = s.to_lowercase();
    let bad = [
        "immess",
        "immiss",
        "inject",
        "export",
        "reattiv",
        "reactive",
        "fascia",
        "band",
        "pod",
        "prodott",
        "produz",
        "generat",
        "fotovolt",
        "photovolt",
        "solar",
        "yield",
        "totale",
        "total",
        "somma",
        "cliente",
        "codice",
        "code",
        "id",
        "flag",
        "qualit",
        "stato",
        "tipo",
        "ora",
        "hour",
        "giorno",
        "day",
    ];
    if bad
        .iter()
        .any(|b| t == *b || (b.len() > 3 && t.contains(b)))
    {
        return -1;
    }
    let good = [
        ("prelev", 4),
        ("consum", 4),
        ("attiva", 3),
        ("active", 3),
        ("kwh", 3),
        ("energia", 2),
        ("energy", 2),
        ("load", 2),
        ("carico", 2),
        ("kw", 2),
        ("valore", 1),
        ("value", 1),
    ];
    good.iter()
        .filter(|(g, _)| t.contains(g))
        .map(|(_, s)| *s)
        .max()
        .unwrap_or(0)
}

/// Reads a curve and maps it onto `year`'s simulated hours. `reference_monthly` (relative
/// consumption per local month, e.g. of the member's category) scales typical days into months
/// without data; `None` = flat.
pub fn read_curve(
    bytes: &[u8],
    opts: &CurveOptions,
    year: i32,
    reference_monthly: Option<[f64; 12]>,
) -> Result<Curve, CurveError> {
    let mut table = read_table(bytes, opts)?;
    let mut dated = intervals::has_dated_row(&table, opts);
    let epoch = (!dated).then(|| unix_times_to_iso(&mut table)).flatten();
    dated |= epoch.is_some();
    // A refusal says how the file was read: its rows as read and, if its times were Unix
    // times, that they were taken as such (its rows show them as instants).
    let refused = |mut e: CurveError| {
        if let Some(n) = &epoch {
            e.message_it = format!("{} ({})", e.message_it, n.it);
            e.message_en = format!("{} ({})", e.message_en, n.en);
        }
        e.with_table(&table, opts, dated)
    };
    let (intervals, det, mut warnings) = parse_intervals(&table, opts).map_err(refused)?;
    warnings.extend(epoch.clone());
    map_to_year(intervals, det, &mut warnings, year, reference_monthly).map_err(refused)
}

/// Unix times (seconds since 1 January 1970 UTC, or milliseconds), as data loggers, home
/// automation and time-series databases export them (emoncms, InfluxDB, Node-RED): in a file
/// with no date anywhere (the caller asks), a column whose cells are such times between 2000 and 2100 (at
/// least 48 distinct ones, 90 % of its non-empty cells) is rewritten as ISO 8601 UTC instants,
/// which the reading then converts to Italian time; said in a note naming the column. No
/// consumption can be such a number (above the 100,000 kWh an interval may hold).
fn unix_times_to_iso(table: &mut Table) -> Option<Note> {
    const FROM_S: i64 = 946_684_800; // 2000-01-01T00:00:00Z
    const TO_S: i64 = 4_102_444_800; // 2100-01-01T00:00:00Z
    let seconds = |cell: &str| -> Option<(i64, bool)> {
        let t = cell.trim().trim_matches('"');
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let v: i64 = int.parse().ok()?;
        if (FROM_S..TO_S).contains(&v) {
            Some((v, false))
        } else if (FROM_S * 1000..TO_S * 1000).contains(&v) {
            Some((v.div_euclid(1000), true))
        } else {
            None
        }
    };
    let ncols = table.rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
    let col = (0..ncols).find(|&c| {
        let cells = || {
            table
                .rows
                .iter()
                .filter_map(move |(_, r)| r.get(c).map(|s| s.as_str()))
                .filter(|s| !s.trim().is_empty())
        };
        // Most of the first cells first: a column of anything else is passed over at once.
        let mostly = |n: usize, times: usize| times * 10 >= n * 9;
        let head: Vec<&str> = cells().take(400).collect();
        if !mostly(
            head.len(),
            head.iter().filter(|s| seconds(s).is_some()).count(),
        ) {
            return false;
        }
        let mut times = std::collections::BTreeSet::new();
        let (mut n, mut parsed) = (0, 0);
        for s in cells() {
            n += 1;
            if let Some((v, _)) = seconds(s) {
                parsed += 1;
                times.insert(v);
            }
        }
        times.len() >= 48 && mostly(n, parsed)
    })?;
    let mut millis = false;
    for (_, r) in table.rows.iter_mut() {
        if let Some(cell) = r.get_mut(col) {
            if let Some((v, ms)) = seconds(cell) {
                let utc = chrono::DateTime::from_timestamp(v, 0)?.naive_utc();
                *cell = utc.format("%Y-%m-%dT%H:%M:%SZ").to_string();
                millis |= ms;
            }
        }
    }
    let (unit_it, unit_en) = if millis {
        ("millisecondi", "milliseconds")
    } else {
        ("secondi", "seconds")
    };
    Some(Note {
        it: format!(
            "colonna {}: istanti Unix ({unit_it} dal 1/1/1970, UTC) convertiti in ora italiana",
            col + 1
        ),
        en: format!(
            "column {}: Unix times ({unit_en} since 1/1/1970, UTC) converted to Italian time",
            col + 1
        ),
    })
}

/// Minutes from `a` to `b`: instants when both carry an offset, else local clock times.
fn minutes_between(a: &Stamped, b: &Stamped) -> i64 {
    match (a.offset_min, b.offset_min) {
        (Some(x), Some(y)) => ((b.local - Duration::minutes(y as i64))
            - (a.local - Duration::minutes(x as i64)))
        .num_minutes(),
        _ => (b.local - a.local).num_minutes(),
    }
}

/// Whether a local time falls in the hour that occurs twice when summer time ends.
fn is_repeated_local_hour(t: NaiveDateTime) -> bool {
    t.date() == last_sunday(t.year(), 10) && t.hour() == 2
}

fn check_value(v: f64, line: usize, col: usize) -> Result<(), CurveError> {
    if v < 0.0 {
        return Err(err(
            Some(line),
            Some(col + 1),
            format!("valore negativo ({v}): una curva di prelievo non può essere negativa (l'energia immessa va in un'altra colonna)"),
            format!("negative value ({v}): a withdrawal curve cannot be negative (injected energy belongs in another column)"),
        ));
    }
    if v > MAX_VALUE {
        return Err(err(
            Some(line),
            Some(col + 1),
            format!("valore {v} fuori scala: al massimo {MAX_VALUE} per intervallo"),
            format!("value {v} out of range: at most {MAX_VALUE} per interval"),
        ));
    }
    Ok(())
}

/// The day kind used to align days: weekday, Saturday, or Sunday/holiday.
fn day_kind(d: NaiveDate) -> DayType {
    if is_national_holiday(d) || d.weekday() == Weekday::Sun {
        DayType::Sunday
    } else if d.weekday() == Weekday::Sat {
        DayType::Saturday
    } else {
        DayType::Weekday
    }
}

fn kind_index(k: DayType) -> usize {
    match k {
        DayType::Weekday => 0,
        DayType::Saturday => 1,
        DayType::Sunday => 2,
    }
}

/// Circular distance between days of the year (1–366).
fn doy_distance(a: u32, b: u32) -> u32 {
    let d = a.abs_diff(b);
    d.min(365 - d.min(365))
}

/// Sums intervals into local hours and maps them onto `year`: measured hours by local day,
/// the gaps inside the file's span, typical days per month and day kind, then every simulated
/// hour from the aligned measured day or, where there is none, a typical day.
fn map_to_year(
    intervals: Vec<Interval>,
    det: Detection,
    warnings: &mut Vec<Note>,
    year: i32,
    reference_monthly: Option<[f64; 12]>,
) -> Result<Curve, CurveError> {
    let rows = intervals
        .iter()
        .map(|i| i.line)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let total_kwh: f64 = intervals.iter().map(|i| i.kwh).sum();
    let measured = local_hours(&intervals);
    let (Some(&first_day), Some(&last_day)) = (measured.keys().next(), measured.keys().next_back())
    else {
        return Err(intervals::no_value());
    };
    if measured.len() < MIN_DAYS {
        return Err(err(
            None,
            None,
            format!(
                "il file copre {} giorni: serve almeno un mese di dati",
                measured.len()
            ),
            format!(
                "the file covers {} days: at least one month of data is needed",
                measured.len()
            ),
        ));
    }
    let gaps = gaps_in_span(&measured, first_day, last_day);
    let typical = TypicalDays::new(&measured, reference_monthly);
    let (out, filled, estimated_months) = fill_year(&measured, &typical, year);
    import_notes(
        warnings,
        &estimated_months,
        &gaps,
        measured_span(&measured),
        &det,
        reference_monthly.is_some(),
    );
    let report = CurveReport {
        rows,
        step_minutes: det.step_minutes,
        unit: det.unit.kind().into(),
        total_kwh,
        first_day: first_day.format("%Y-%m-%d").to_string(),
        last_day: last_day.format("%Y-%m-%d").to_string(),
        days_with_data: measured.len(),
        mapped_total_kwh: out.iter().sum(),
        filled_hours: filled,
        estimated_months,
        gaps,
        detection: det,
        warnings: std::mem::take(warnings),
    };
    Ok(Curve {
        hourly_kwh: out,
        report,
    })
}

/// Measured kWh per local day and hour (`None`: not measured); the repeated autumn hour is
/// the mean of its two occurrences.
fn local_hours(intervals: &[Interval]) -> BTreeMap<NaiveDate, [Option<f64>; 24]> {
    let mut days: BTreeMap<NaiveDate, [[f64; 2]; 24]> = BTreeMap::new();
    let mut seen: BTreeMap<NaiveDate, [[bool; 2]; 24]> = BTreeMap::new();
    for i in intervals {
        let d = i.start.date();
        let h = i.start.hour() as usize;
        let o = (i.occurrence as usize - 1).min(1);
        days.entry(d).or_insert([[0.0; 2]; 24])[h][o] += i.kwh;
        seen.entry(d).or_insert([[false; 2]; 24])[h][o] = true;
    }
    days.iter()
        .map(|(d, hours)| {
            let s = &seen[d];
            let mut out = [None; 24];
            for h in 0..24 {
                out[h] = match (s[h][0], s[h][1]) {
                    (true, true) => Some(0.5 * (hours[h][0] + hours[h][1])),
                    (true, false) => Some(hours[h][0]),
                    (false, true) => Some(hours[h][1]),
                    _ => None,
                };
            }
            (*d, out)
        })
        .collect()
}

/// The first and last measured local hours.
fn measured_span(
    measured: &BTreeMap<NaiveDate, [Option<f64>; 24]>,
) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let (d0, h0) = measured.iter().next()?;
    let (d1, h1) = measured.iter().next_back()?;
    let first = h0.iter().position(|v| v.is_some())? as u32;
    let last = h1.iter().rposition(|v| v.is_some())? as u32;
    Some((d0.and_hms_opt(first, 0, 0)?, d1.and_hms_opt(last, 0, 0)?))
}

/// Stretches of local hours with no data between the first and last measured hour (the
/// spring day's 02:00, which does not exist, is not a gap; the hours before the file begins
/// and after it ends are not gaps either, they are said by [`import_notes`]).
fn gaps_in_span(
    measured: &BTreeMap<NaiveDate, [Option<f64>; 24]>,
    first_day: NaiveDate,
    last_day: NaiveDate,
) -> Vec<Gap> {
    let mut gaps = Vec::new();
    let Some((begin, end)) = measured_span(measured) else {
        return gaps;
    };
    let mut d = first_day;
    let mut open: Option<(NaiveDateTime, NaiveDateTime, u32)> = None;
    while d <= last_day {
        let hours_today = local_day_hours(d);
        for h in 0..24u32 {
            if hours_today == 23 && h == 2 {
                continue;
            }
            let at = d.and_hms_opt(h, 0, 0).expect("valid");
            if at < begin || at > end {
                continue;
            }
            let missing = measured.get(&d).is_none_or(|m| m[h as usize].is_none());
            let t = d.and_hms_opt(h, 0, 0).expect("valid");
            if missing {
                open = Some(match open {
                    Some((a, _, n)) => (a, t, n + 1),
                    None => (t, t, 1),
                });
            } else if let Some((a, b, n)) = open.take() {
                gaps.push(Gap {
                    from: a.format("%Y-%m-%d %H:00").to_string(),
                    to: b.format("%Y-%m-%d %H:00").to_string(),
                    hours: n,
                });
            }
        }
        d = d.succ_opt().expect("valid");
    }
    if let Some((a, b, n)) = open {
        gaps.push(Gap {
            from: a.format("%Y-%m-%d %H:00").to_string(),
            to: b.format("%Y-%m-%d %H:00").to_string(),
            hours: n,
        });
    }
    gaps
}

/// Typical day per (month, day kind): the mean of each hour over its measured values.
struct TypicalDays {
    sum: [[[f64; 24]; 3]; 12],
    n: [[[u32; 24]; 3]; 12],
    months_with_data: Vec<usize>,
    /// Relative consumption per month, to scale a typical day into a month without data.
    reference: [f64; 12],
}

impl TypicalDays {
    fn new(
        measured: &BTreeMap<NaiveDate, [Option<f64>; 24]>,
        reference_monthly: Option<[f64; 12]>,
    ) -> TypicalDays {
        let mut sum = [[[0.0f64; 24]; 3]; 12];
        let mut n = [[[0u32; 24]; 3]; 12];
        for (d, hrs) in measured {
            let (m, k) = (d.month0() as usize, kind_index(day_kind(*d)));
            for h in 0..24 {
                if let Some(v) = hrs[h] {
                    sum[m][k][h] += v;
                    n[m][k][h] += 1;
                }
            }
        }
        let mut t = TypicalDays {
            sum,
            n,
            months_with_data: Vec::new(),
            reference: reference_monthly.unwrap_or([1.0; 12]),
        };
        t.months_with_data = (0..12).filter(|&m| t.month_has(m)).collect();
        t
    }

    /// Whether month `m` (0-based) has any measured hour.
    fn month_has(&self, m: usize) -> bool {
        (0..3).any(|k| self.n[m][k].iter().any(|n| *n > 0))
    }

    /// The typical value of hour `h` on a day of (month `m`, kind `k`): from `m` if it has that
    /// kind, else another kind of `m`, else the nearest month with data scaled by the
    /// reference (then `true`: an estimate).
    fn value(&self, m: usize, k: usize, h: usize) -> (f64, bool) {
        let from = |mm: usize, kk: usize| -> Option<f64> {
            (self.n[mm][kk][h] > 0).then(|| self.sum[mm][kk][h] / self.n[mm][kk][h] as f64)
        };
        let order = [k, if k == 0 { 1 } else { 0 }, 2 - k.min(2)];
        if let Some(v) = order.iter().find_map(|&kk| from(m, kk)) {
            return (v, false);
        }
        let mut by_dist: Vec<usize> = self.months_with_data.clone();
        by_dist.sort_by_key(|&mm| {
            let d = (mm as i32 - m as i32)
                .rem_euclid(12)
                .min((m as i32 - mm as i32).rem_euclid(12));
            (d, mm)
        });
        for mm in by_dist {
            if let Some(v) = order.iter().find_map(|&kk| from(mm, kk)) {
                let scale = if self.reference[mm] > 0.0 {
                    self.reference[m] / self.reference[mm]
                } else {
                    1.0
                };
                return (v * scale, true);
            }
        }
        (0.0, true)
    }
}

/// Every simulated hour of `year`: from the measured day of the same kind closest to the
/// same date (within ±10 days, never 29 February), else the typical day. Also the hours
/// filled and the months estimated from other months.
fn fill_year(
    measured: &BTreeMap<NaiveDate, [Option<f64>; 24]>,
    typical: &TypicalDays,
    year: i32,
) -> (Vec<f64>, u32, Vec<u32>) {
    let cal = Calendar::new(year);
    let mut out = vec![0.0; HOURS_PER_YEAR];
    let mut filled = 0u32;
    let mut estimated = std::collections::BTreeSet::new();
    let measured_days: Vec<(NaiveDate, DayType, u32)> = measured
        .keys()
        .map(|d| (*d, day_kind(*d), d.ordinal()))
        .collect();
    let mut choice: BTreeMap<(u32, u32), Option<NaiveDate>> = BTreeMap::new();
    for (t, hi) in cal.hours.iter().enumerate() {
        let target = NaiveDate::from_ymd_opt(year, hi.month, hi.day).expect("valid date");
        let src = *choice.entry((hi.month, hi.day)).or_insert_with(|| {
            let kind = day_kind(target);
            let doy = target.ordinal();
            measured_days
                .iter()
                .filter(|(_, k, _)| *k == kind)
                .filter(|(d, _, _)| !(d.month() == 2 && d.day() == 29))
                .map(|(d, _, o)| (doy_distance(*o, doy), d.year().abs_diff(year), *d))
                .filter(|(dist, _, _)| *dist <= 10)
                .min()
                .map(|(_, _, d)| d)
        });
        let (m, k, h) = (
            hi.month as usize - 1,
            kind_index(hi.day_type),
            hi.hour as usize,
        );
        match src.and_then(|d| measured.get(&d)).and_then(|hrs| hrs[h]) {
            Some(v) => out[t] = v,
            None => {
                let (v, est) = typical.value(m, k, h);
                out[t] = v;
                filled += 1;
                if est || src.is_none() && !typical.month_has(m) {
                    estimated.insert(hi.month);
                }
            }
        }
    }
    (out, filled, estimated.into_iter().collect())
}

/// What the user should know about the mapping: estimated months, gaps, an assumed unit,
/// daylight saving and the alignment of days.
fn import_notes(
    warnings: &mut Vec<Note>,
    estimated_months: &[u32],
    gaps: &[Gap],
    span: Option<(NaiveDateTime, NaiveDateTime)>,
    det: &Detection,
    scaled_by_category: bool,
) {
    if !estimated_months.is_empty() {
        warnings.push(Note {
            it: format!("Mesi stimati (nessun dato nel file): {}. Giorno tipo del mese più vicino con dati{}.",
                estimated_months.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", "),
                if scaled_by_category { ", scalato con il profilo mensile della categoria" } else { "" }),
            en: format!("Estimated months (no data in the file): {}. Typical day of the nearest month with data{}.",
                estimated_months.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", "),
                if scaled_by_category { ", scaled by the category's monthly profile" } else { "" }),
        });
    }
    if !gaps.is_empty() {
        let h: u32 = gaps.iter().map(|g| g.hours).sum();
        warnings.push(Note {
            it: format!("{} ore mancanti in {} tratti (il primo dal {}): riempite con la media della stessa ora nei giorni dello stesso mese e tipo.", h, gaps.len(), gaps[0].from),
            en: format!("{} hours missing in {} stretches (the first from {}): filled with the mean of the same hour on days of the same month and kind.", h, gaps.len(), gaps[0].from),
        });
    }
    if let Some((begin, end)) = span.filter(|(b, e)| b.hour() != 0 || e.hour() != 23) {
        let (b, e) = (begin.format("%d/%m/%Y %H:00"), end.format("%d/%m/%Y %H:00"));
        warnings.push(Note {
            it: format!("Il file inizia con l'ora {b} e finisce con l'ora {e} (ora italiana): le altre ore di quei due giorni sono riempite come le ore mancanti."),
            en: format!("The file begins with the hour {b} and ends with the hour {e} (Italian time): the other hours of those two days are filled as missing hours are."),
        });
    }
    if det.unsure.iter().any(|u| u == "unit") {
        warnings.push(if det.unit == Unit::Kw {
            Note {
                it: "Unità non indicata nel file (solo «potenza»): letta come kW medi per intervallo. Se i valori sono in W, sceglierlo.".into(),
                en: "Unit not stated in the file (only “power”): read as average kW per interval. If the values are in W, choose it.".into(),
            }
        } else {
            Note {
                it: "Unità non indicata nel file: letta come kWh per intervallo. Se i valori sono potenze medie (kW), sceglierlo.".into(),
                en: "Unit not stated in the file: read as kWh per interval. If the values are average power (kW), choose it.".into(),
            }
        });
    }
    if det.cumulative {
        let found = det.unsure.iter().any(|u| u == "cumulative");
        warnings.push(Note {
            it: format!("{} letti come letture di un contatore: il consumo di ogni intervallo è la differenza tra una lettura e la successiva.{}",
                if found { "I valori crescono sempre, quindi sono" } else { "Valori" },
                if found { " Se sono già i consumi di ogni intervallo, sceglierlo." } else { "" }),
            en: format!("{} read as a meter's readings: each interval's consumption is the difference between one reading and the next.{}",
                if found { "The values only ever rise, so they are" } else { "Values" },
                if found { " If they already are each interval's consumption, choose it." } else { "" }),
        });
    }
    warnings.push(Note {
        it: "Ora legale: nel giorno di ottobre l'ora ripetuta è la media delle due; nel giorno di marzo l'ora mancante non c'è. I giorni sono allineati per giorno della settimana e festività; il 29 febbraio non è usato.".into(),
        en: "Daylight saving: on the October day the repeated hour is the mean of the two; on the March day the missing hour does not exist. Days are aligned by weekday and holiday; 29 February is not used.".into(),
    });
}

/// Whether a column title names an interval (`00:15`, `00:00-00:15`, `h1`, `q96`, `1`…`100`).
fn is_interval_title(s: &str) -> bool {
    let t = s.trim().to_lowercase();
    if parse_time(&t).is_some() {
        return true;
    }
    if let Some((a, b)) = t.split_once('-') {
        if parse_time(a).is_some() && parse_time(b).is_some() {
            return true;
        }
    }
    let digits = t
        .trim_start_matches(['h', 'q', 'o'])
        .trim_start_matches("ora");
    digits.parse::<u32>().is_ok_and(|n| (1..=100).contains(&n))
}

/// The hourly CSV of a curve (`hour,kwh`, 8,760 rows on the simulation's clock).
pub fn hourly_csv(c: &Curve) -> String {
    let mut out = String::with_capacity(8760 * 16);
    out.push_str("hour,kwh\n");
    for (h, v) in c.hourly_kwh.iter().enumerate() {
        out.push_str(&format!("{h},{v:.6}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A year of 15-minute data in the e-distribuzione long style: `gg/mm/aaaa hh:mm` end
    /// stamps, `;` and decimal comma, a preamble, local clock time with the DST days.
    fn long_year(year: i32, kwh: impl Fn(NaiveDateTime) -> f64) -> (String, f64) {
        let mut s = String::from("POD IT001E00000000;;\nCurva di carico quartoraria;;\nData e ora;Energia attiva prelevata (kWh);Energia immessa (kWh)\n");
        let mut total = 0.0;
        let mut utc = local_midnight_utc(NaiveDate::from_ymd_opt(year, 1, 1).unwrap());
        let end = local_midnight_utc(NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap());
        while utc < end {
            let start = utc_to_local(utc);
            let stamp = start + Duration::minutes(15);
            let v = kwh(start);
            total += (v * 1000.0).round() / 1000.0;
            let text = if stamp.hour() == 0 && stamp.minute() == 0 {
                format!(
                    "{} 24:00",
                    (stamp.date().pred_opt().unwrap()).format("%d/%m/%Y")
                )
            } else {
                stamp.format("%d/%m/%Y %H:%M").to_string()
            };
            s.push_str(&format!(
                "{text};{};0,000\n",
                format!("{v:.3}").replace('.', ",")
            ));
            utc += Duration::minutes(15);
        }
        (s, total)
    }

    #[test]
    fn a_full_year_long_file_keeps_its_energy_and_weekly_shape() {
        // Weekdays 1 kWh per quarter hour from 08 to 18, else 0.1.
        let shape = |t: NaiveDateTime| {
            let work = day_kind(t.date()) == DayType::Weekday && (8..18).contains(&t.hour());
            if work {
                1.0
            } else {
                0.1
            }
        };
        let (text, total) = long_year(2024, shape);
        let c = read_curve(text.as_bytes(), &CurveOptions::default(), 2025, None).unwrap();
        let r = &c.report;
        assert_eq!(r.step_minutes, 15);
        assert_eq!(r.unit, "kwh");
        assert_eq!(r.detection.stamp, Stamp::End);
        assert_eq!(r.detection.layout, Layout::Long);
        assert!(r.detection.decimal_comma);
        assert_eq!(r.detection.value_column, Some(1), "{:?}", r.detection);
        assert!(
            (r.total_kwh - total).abs() < 1e-6,
            "{} vs {total}",
            r.total_kwh
        );
        assert!(r.gaps.is_empty(), "{:?}", r.gaps);
        assert_eq!(c.hourly_kwh.len(), 8760);
        // Every simulated weekday 10:00 local is 4 kWh, every Sunday 10:00 is 0.4 kWh.
        let cal = Calendar::new(2025);
        for (t, h) in cal.hours.iter().enumerate() {
            if h.hour == 10 {
                let want = if h.day_type == DayType::Weekday {
                    4.0
                } else {
                    0.4
                };
                assert!(
                    (c.hourly_kwh[t] - want).abs() < 1e-9,
                    "hour {t} ({h:?}): {}",
                    c.hourly_kwh[t]
                );
            }
        }
        // 2024 has 29 Feb and a different weekday calendar: totals close, not equal.
        assert!((r.mapped_total_kwh / r.total_kwh - 1.0).abs() < 0.01);
    }

    #[test]
    fn wide_hourly_file_with_dst_days_and_kw() {
        // One row per day, 24 hourly columns titled in kW (average power), 23/25 on DST days.
        let mut s = String::from("Data;Potenza media (kW);");
        for h in 1..=25 {
            s.push_str(&format!("H{h};"));
        }
        s.push('\n');
        let mut d = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let mut total = 0.0;
        while d.year() == 2025 {
            let n = local_day_hours(d);
            s.push_str(&format!("{};", d.format("%d/%m/%Y")));
            s.push(';');
            for _ in 0..n {
                s.push_str("2,5;");
                total += 2.5;
            }
            s.push('\n');
            d = d.succ_opt().unwrap();
        }
        let c = read_curve(s.as_bytes(), &CurveOptions::default(), 2025, None).unwrap();
        assert_eq!(c.report.detection.layout, Layout::Wide);
        assert_eq!(c.report.step_minutes, 60);
        assert_eq!(c.report.unit, "kw");
        assert!((c.report.total_kwh - total).abs() < 1e-9);
        // Same calendar year: every hour 2.5 kWh.
        assert!(c.hourly_kwh.iter().all(|v| (v - 2.5).abs() < 1e-9));
        assert_eq!(c.report.filled_hours, 0);
    }

    #[test]
    fn a_step_outside_15_30_60_is_refused_in_either_layout() {
        // The library's callers (the worker, the CLI) offer only 15, 30 and 60 minutes; a
        // step given otherwise is refused with a message, never divided by (it panicked on
        // a wide file with 0 minutes).
        let mut wide = String::new();
        let mut long = String::new();
        for day in 1..=31 {
            wide.push_str(&format!("{day:02}/01/2025"));
            for h in 0..24 {
                wide.push_str(";1,5");
                long.push_str(&format!("{day:02}/01/2025 {h:02}:00;1,5\n"));
            }
            wide.push('\n');
        }
        for text in [&wide, &long] {
            for step in [0, 1, 7, 45, 61, 1440] {
                let opts = CurveOptions {
                    step_minutes: Some(step),
                    ..CurveOptions::default()
                };
                let e = read_curve(text.as_bytes(), &opts, 2025, None).unwrap_err();
                assert!(e.message_en.contains("15, 30 or 60"), "{step}: {e}");
                assert!(e.message_it.contains("15, 30 o 60"), "{step}: {e}");
            }
            let c = read_curve(text.as_bytes(), &CurveOptions::default(), 2025, None).unwrap();
            assert_eq!(c.report.step_minutes, 60);
        }
    }

    #[test]
    fn iso_offsets_and_start_end_columns() {
        let mut s = String::from("start,end,kWh\n");
        let mut utc = local_midnight_utc(NaiveDate::from_ymd_opt(2025, 3, 1).unwrap());
        let stop = local_midnight_utc(NaiveDate::from_ymd_opt(2025, 5, 1).unwrap());
        let mut hours = 0.0;
        while utc < stop {
            hours += 1.0;
            let l = utc_to_local(utc);
            let off = (l - utc).num_hours();
            let e = utc + Duration::hours(1);
            let le = utc_to_local(e);
            let offe = (le - e).num_hours();
            s.push_str(&format!(
                "{}+0{off}:00,{}+0{offe}:00,1.25\n",
                l.format("%Y-%m-%dT%H:%M:%S"),
                le.format("%Y-%m-%dT%H:%M:%S")
            ));
            utc = e;
        }
        let c = read_curve(s.as_bytes(), &CurveOptions::default(), 2025, None).unwrap();
        assert_eq!(c.report.step_minutes, 60);
        assert!(!c.report.detection.decimal_comma);
        assert!(c.report.gaps.is_empty(), "{:?}", c.report.gaps);
        assert!((c.report.total_kwh - 1.25 * hours).abs() < 1e-9);
        assert_eq!(hours, 61.0 * 24.0 - 1.0, "the spring day has 23 hours");
        // A partial year: the other months are estimated and flagged.
        assert!(c.report.estimated_months.contains(&7));
        assert!(!c.report.estimated_months.contains(&3));
    }

    /// A year of UTC stamps (`…+00:00`): the conversion to Italian time and the ISO date order
    /// are said; the hour before the file begins and the hours after it ends are not "missing",
    /// they are said apart; no hour inside the file is a gap.
    #[test]
    fn utc_stamps_are_said_and_the_file_edges_are_not_gaps() {
        let mut s = String::from("timestamp,kWh\n");
        let mut t = NaiveDate::from_ymd_opt(2025, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        while t.year() == 2025 {
            s.push_str(&format!("{}+00:00,0.25\n", t.format("%Y-%m-%dT%H:%M:%S")));
            t += Duration::minutes(15);
        }
        let c = read_curve(s.as_bytes(), &CurveOptions::default(), 2025, None).unwrap();
        let d = &c.report.detection.time_description;
        assert!(
            d.en.contains("(yyyy-mm-dd)") && d.it.contains("(aaaa-mm-gg)"),
            "{d:?}"
        );
        assert!(
            d.en.ends_with("times with a UTC offset (UTC+00:00) converted to Italian time")
                && d.it
                    .ends_with("orari con fuso (UTC+00:00) convertiti in ora italiana"),
            "{d:?}"
        );
        assert!(c.report.gaps.is_empty(), "{:?}", c.report.gaps);
        assert_eq!(c.report.filled_hours, 1, "1 January 00:00 Italian time");
        let edge = c
            .report
            .warnings
            .iter()
            .find(|w| w.it.starts_with("Il file inizia"))
            .expect("the edges are said");
        assert!(
            edge.it.contains("01/01/2025 01:00") && edge.en.contains("01/01/2026 00:00"),
            "{edge:?}"
        );
        assert!(!c
            .report
            .warnings
            .iter()
            .any(|w| w.en.contains("missing in")));
        assert!((c.report.total_kwh - 0.25 * 4.0 * 8760.0).abs() < 1e-6);
    }

    /// A meter's readings (a counter that only rises) are read as the differences between
    /// consecutive readings, said, and can be refused; a reset and a missing reading are not
    /// used and counted; a real consumption curve is never taken for readings.
    #[test]
    fn meter_readings_become_differences_and_are_said() {
        let start = NaiveDate::from_ymd_opt(2025, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let mut s = String::from("Data e ora;Lettura (kWh)\n");
        let mut counter = 12_345.0;
        let mut consumed = 0.0;
        for h in 0..24 * 60 {
            let t = start + Duration::hours(h);
            if h == 500 {
                continue; // a missing reading: its difference spans two steps, not used
            }
            if h == 900 {
                counter = 3.0; // the meter replaced: one difference not used
            }
            s.push_str(&format!(
                "{};{}\n",
                t.format("%d/%m/%Y %H:%M"),
                format!("{counter:.3}").replace('.', ",")
            ));
            let use_kwh = 0.5 + 0.25 * ((h % 24) as f64 / 24.0);
            if ![499, 500, 899, 24 * 60 - 1].contains(&h) {
                consumed += use_kwh;
            }
            counter += use_kwh;
        }
        let c = read_curve(s.as_bytes(), &CurveOptions::default(), 2025, None).unwrap();
        let r = &c.report;
        assert!(r.detection.cumulative);
        assert!(r.detection.unsure.contains(&"cumulative".to_string()));
        assert!(
            (r.total_kwh - consumed).abs() < 0.01,
            "{} vs {consumed}",
            r.total_kwh
        );
        let said = |w: &str| r.warnings.iter().any(|n| n.it.contains(w));
        assert!(said(
            "I valori crescono sempre, quindi sono letti come letture di un contatore"
        ));
        assert!(said("2 differenze non usate"), "{:?}", r.warnings);
        // The user says they are consumption: read as they are (readings of ≈ 12 MWh each,
        // within the scale of one interval, so the total is the readings' sum).
        let opts = CurveOptions {
            cumulative: Some(false),
            ..CurveOptions::default()
        };
        let c = read_curve(s.as_bytes(), &opts, 2025, None).unwrap();
        assert!(!c.report.detection.cumulative);
        assert!(c.report.total_kwh > 1e6);
        // A counter read to whole kWh every 15 minutes (a household: it rises every few
        // steps) is readings too, and keeps its energy.
        let mut s = String::from("Data e ora;Lettura (kWh)\n");
        let mut exact = 5_000.0_f64;
        for q in 0..96 * 30 {
            let t = start + Duration::minutes(15 * q);
            s.push_str(&format!(
                "{};{}\n",
                t.format("%d/%m/%Y %H:%M"),
                exact.floor()
            ));
            exact += 0.08 + 0.04 * ((q % 96) as f64 / 96.0);
        }
        let c = read_curve(s.as_bytes(), &CurveOptions::default(), 2025, None).unwrap();
        assert!(c.report.detection.cumulative);
        let want = (exact - 0.08 - 0.04 * (95.0 / 96.0)).floor() - 5_000.0;
        assert!(
            (c.report.total_kwh - want).abs() < 1e-9,
            "{} vs {want}",
            c.report.total_kwh
        );
        // A consumption curve that rises and falls every day is not readings.
        let mut s = String::from("Data e ora;Consumo (kWh)\n");
        for h in 0..24 * 60 {
            let t = start + Duration::hours(h);
            let v = 0.2 + (h % 24) as f64 * 0.01 + (h / 24) as f64 * 0.001;
            s.push_str(&format!(
                "{};{}\n",
                t.format("%d/%m/%Y %H:%M"),
                format!("{v:.3}").replace('.', ",")
            ));
        }
        let c = read_curve(s.as_bytes(), &CurveOptions::default(), 2025, None).unwrap();
        assert!(!c.report.detection.cumulative);
    }

    /// A plant's production (what a producer may download from the inverter) is not taken
    /// for consumption: refused naming the column; beside a withdrawal column it is skipped.
    #[test]
    fn production_is_not_read_as_consumption() {
        let start = NaiveDate::from_ymd_opt(2025, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let year = |title: &str, two: bool| {
            let mut s = format!(
                "Data e ora;{title}{}\n",
                if two { ";Prelievo (kWh)" } else { "" }
            );
            for h in 0..24 * 40 {
                let t = start + Duration::hours(h);
                s.push_str(&format!(
                    "{};2,5{}\n",
                    t.format("%d/%m/%Y %H:%M"),
                    if two { ";1,0" } else { "" }
                ));
            }
            s
        };
        for title in [
            "Energia prodotta (kWh)",
            "Produzione FV",
            "PV yield kWh",
            "Generation (kWh)",
        ] {
            let read = |two| {
                read_curve(
                    year(title, two).as_bytes(),
                    &CurveOptions::default(),
                    2025,
                    None,
                )
            };
            let e = read(false).unwrap_err();
            assert!(
                e.message_it.starts_with("nessuna colonna di consumi: «")
                    && e.message_en.contains("load the withdrawal curve"),
                "{title}: {e:?}"
            );
            // The refusal carries the file's titles and first rows, for choosing the column.
            assert_eq!(
                seen(&e).columns,
                vec!["Data e ora".to_string(), title.to_string()]
            );
            assert_eq!(seen(&e).rows.len(), 6);
            assert_eq!(
                seen(&e).rows[0],
                (1, vec!["Data e ora".to_string(), title.to_string()])
            );
            assert_eq!(
                seen(&e).rows[1],
                (2, vec!["01/01/2025 00:00".into(), "2,5".into()])
            );
            let c = read(true).unwrap();
            assert_eq!(c.report.detection.value_column, Some(2), "{title}");
        }
    }

    /// Unix times (seconds or milliseconds, UTC) of a logger's export are read as instants,
    /// said in a note; a file with dates keeps its reading whatever other numbers it holds.
    #[test]
    fn unix_times_are_read_as_utc_instants() {
        // 2024-12-31T23:00:00Z = 1 January 2025, 00:00 in Italy; hourly, 40 days, 0.1 kWh at
        // local midnight rising by 0.1 each hour (40 × 30 kWh).
        let start = 1_735_686_000i64;
        for (scale, title, unit_word) in
            [(1, "timestamp", "secondi"), (1000, "time", "millisecondi")]
        {
            let mut s = format!("{title},kWh\n");
            for h in 0..24 * 40 {
                s.push_str(&format!(
                    "{},{:.1}\n",
                    (start + h * 3600) * scale,
                    0.1 * (h % 24 + 1) as f64
                ));
            }
            let c = read_curve(s.as_bytes(), &CurveOptions::default(), 2025, None).unwrap();
            assert!(
                (c.report.total_kwh - 1200.0).abs() < 1e-9,
                "{}",
                c.report.total_kwh
            );
            assert_eq!(c.report.first_day, "2025-01-01");
            assert_eq!(c.report.last_day, "2025-02-09");
            assert_eq!(c.report.detection.step_minutes, 60);
            assert!(
                c.report.warnings.iter().any(|w| w.it.starts_with(&format!(
                    "colonna 1: istanti Unix ({unit_word} dal 1/1/1970, UTC)"
                ))),
                "{:?}",
                c.report.warnings
            );
            // 2 January, 10:00 in Italy is 09:00 UTC, the simulation's hour 24 + 9 (docs/time.md).
            assert!(
                (c.hourly_kwh[24 + 9] - 1.1).abs() < 1e-9,
                "{}",
                c.hourly_kwh[33]
            );
        }
        // A file with dates and a column of such numbers (a meter's serial number) reads as
        // before: no note.
        let mut s = String::from("Data;Ora;Matricola;kWh\n");
        for h in 0..24 * 40 {
            s.push_str(&format!(
                "{:02}/{:02}/2025;{};{};0,5\n",
                1 + h / 24 % 28,
                1 + h / 672,
                h % 24 + 1,
                1_735_686_000 + h
            ));
        }
        let c = read_curve(s.as_bytes(), &CurveOptions::default(), 2025, None).unwrap();
        assert!(c.report.warnings.iter().all(|w| !w.it.contains("Unix")));
        assert_eq!(c.report.detection.value_column, Some(3));
    }

    /// Daily or monthly totals have no hours: refused as such, with their span and sum and
    /// what to use instead.
    #[test]
    fn totals_per_day_or_month_are_refused_as_such() {
        let mut daily = String::from("Data;Consumo giornaliero (kWh)\n");
        let mut day = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        for _ in 0..365 {
            daily.push_str(&format!("{};15,0\n", day.format("%d/%m/%Y")));
            day += Duration::days(1);
        }
        let monthly: String = std::iter::once("Mese;Consumo (kWh)\n".to_string())
            .chain((1..=12).map(|m| format!("01/{m:02}/2025;300,5\n")))
            .collect();
        for (text, it, en) in [
            (daily, "il file ha un valore al giorno (365 righe dal 01/01/2025 al 31/12/2025; somma della colonna «Consumo giornaliero (kWh)»: 5.475,0): sono totali, senza l'ora.", "the file has one value per day (365 rows from 01/01/2025 to 31/12/2025; sum of the column «Consumo giornaliero (kWh)»: 5,475.0)"),
            (monthly, "il file ha un valore per data, a intervalli di settimane o mesi (12 righe dal 01/01/2025 al 01/12/2025; somma della colonna «Consumo (kWh)»: 3.606,0)", "the file has one value per date, weeks or months apart (12 rows"),
        ] {
            let e = read_curve(text.as_bytes(), &CurveOptions::default(), 2025, None).unwrap_err();
            assert!(e.message_it.starts_with(it), "{}", e.message_it);
            assert!(e.message_en.starts_with(en), "{}", e.message_en);
            assert!(e.message_it.ends_with("usare i consumi per fascia F1, F2, F3 della bolletta"));
        }
    }

    fn seen(e: &CurveError) -> &Seen {
        e.seen.as_deref().expect("the file's rows as read")
    }

    /// A refusal shows the rows the user needs: the first ones and the refused line with the
    /// one before it; a file with no dated row has its columns by number.
    #[test]
    fn a_refusal_carries_the_rows_to_correct_it() {
        let mut s = String::from("Data;Ora;Prelievo (kWh)\n");
        for h in 0..24 * 40 {
            let v = if h == 500 { "abc" } else { "0,4" };
            s.push_str(&format!(
                "{:02}/01/2025;{:02}:00;{v}\n",
                1 + h / 24 % 28,
                h % 24
            ));
        }
        let e = read_curve(s.as_bytes(), &CurveOptions::default(), 2025, None).unwrap_err();
        assert_eq!((e.line, e.column), (Some(502), Some(3)), "{e:?}");
        let lines: Vec<usize> = seen(&e).rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![1, 2, 3, 4, 5, 6, 501, 502]);
        assert_eq!(seen(&e).rows[7].1[2], "abc");
        assert_eq!(seen(&e).columns, vec!["Data", "Ora", "Prelievo (kWh)"]);
        assert!(!e.message_en.contains("quote"), "{}", e.message_en);
        // A double quote never closed: the reader takes the following lines into the cell,
        // and the message says so (it named only a strange number).
        let s = s.replace(";abc\n", ";\"0,4\n");
        let e = read_curve(s.as_bytes(), &CurveOptions::default(), 2025, None).unwrap_err();
        assert_eq!((e.line, e.column), (Some(502), Some(3)), "{e:?}");
        assert!(
            e.message_en
                .contains("the double quote (\") opened on line 502 is never closed")
                && e.message_it
                    .contains("virgolette (\") aperte alla riga 502 non si chiudono"),
            "{e:?}"
        );
        // A wide file (a day per row, 96 quarter hours): the refused cell is in its row.
        let mut s = format!(
            "Giorno;{}\n",
            (1..=96)
                .map(|q| format!("Q{q}"))
                .collect::<Vec<_>>()
                .join(";")
        );
        for d in 1..=40 {
            let day = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + Duration::days(d - 1);
            let v: Vec<&str> = (0..96)
                .map(|q| if d == 11 && q == 58 { "x?" } else { "0,1" })
                .collect();
            s.push_str(&format!("{};{}\n", day.format("%d/%m/%Y"), v.join(";")));
        }
        let e = read_curve(s.as_bytes(), &CurveOptions::default(), 2025, None).unwrap_err();
        assert_eq!((e.line, e.column), (Some(12), Some(60)), "{e:?}");
        assert_eq!(
            seen(&e).rows.last().map(|(l, r)| (*l, r[59].as_str())),
            Some((12, "x?"))
        );
        assert_eq!(seen(&e).columns.len(), 97);
        // Shown: the first three columns and the refused one apart; without it, twelve and a
        // gap.
        let (s3, gap) = ((1..=3).map(Some), None);
        let apart: Vec<_> = s3.chain([gap, Some(60)]).collect();
        assert_eq!(seen(&e).shown_columns(e.column), apart);
        let twelve: Vec<_> = (1..=12).map(Some).chain([None]).collect();
        assert_eq!(seen(&e).shown_columns(None), twelve);
        // No date anywhere: the columns by number; a very long cell is shown briefly.
        let text = format!("a;b;{}\n1;2;3\n", "x".repeat(500));
        let e = read_curve(text.as_bytes(), &CurveOptions::default(), 2025, None).unwrap_err();
        assert_eq!(seen(&e).columns, vec!["1", "2", "3"]);
        assert_eq!(seen(&e).rows.len(), 2);
        assert_eq!(seen(&e).rows[0].1[2].chars().count(), 31);
        // It crosses the worker's protocol and reads back without the new fields too.
        let back: CurveError = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        assert_eq!(back, e);
        let old: CurveError = serde_json::from_str(
            r#"{"line":null,"column":null,"message_it":"x","message_en":"x"}"#,
        )
        .unwrap();
        assert!(old.seen.is_none());
    }

    #[test]
    fn units_are_read_from_whole_words() {
        for (title, unit, sure) in [
            ("power_W", Unit::W, true),
            ("Potenza (W)", Unit::W, true),
            ("Potenza media [Watt]", Unit::W, true),
            ("Potenza (kW)", Unit::Kw, true),
            ("Energia attiva (kWh)", Unit::Kwh, true),
            ("Consumo Wh", Unit::Wh, true),
            ("MWh", Unit::Mwh, true),
            ("Potenza", Unit::Kw, false),
        ] {
            assert_eq!(unit_named(title), Some((unit, sure)), "{title}");
        }
        assert_eq!(unit_named("Consumo"), None);
        assert_eq!(unit_named("Lettura"), None);
        assert_eq!(unit_named("Data e ora"), None);
    }

    #[test]
    fn bad_files_name_the_line() {
        let e = read_curve(b"", &CurveOptions::default(), 2025, None).unwrap_err();
        assert!(e.message_en.contains("empty"));
        let e = read_curve(
            b"hello world\njust text\n",
            &CurveOptions::default(),
            2025,
            None,
        )
        .unwrap_err();
        assert!(e.message_en.contains("date"), "{e}");
        let (mut text, _) = long_year(2025, |_| 0.5);
        text = text.replacen("0,500", "-0,500", 1);
        let e = read_curve(text.as_bytes(), &CurveOptions::default(), 2025, None).unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.message_en.contains("negative"));
        let (text, _) = long_year(2025, |_| 0.5);
        let mut lines: Vec<&str> = text.lines().collect();
        let dup = lines[10];
        lines.insert(20, dup);
        let e = read_curve(
            lines.join("\n").as_bytes(),
            &CurveOptions::default(),
            2025,
            None,
        )
        .unwrap_err();
        assert!(e.message_en.contains("duplicate"), "{e}");
        assert_eq!(e.line, Some(21), "{e}");
        let (text, _) = long_year(2025, |_| 0.5);
        let bad = text.replacen("0,500", "abc", 1);
        let e = read_curve(bad.as_bytes(), &CurveOptions::default(), 2025, None).unwrap_err();
        assert_eq!((e.line, e.column), (Some(4), Some(2)), "{e}");
        let short = text.lines().take(500).collect::<Vec<_>>().join("\n");
        let e = read_curve(short.as_bytes(), &CurveOptions::default(), 2025, None).unwrap_err();
        assert!(e.message_en.contains("at least one month"), "{e}");
        let big = vec![b'1'; MAX_FILE_BYTES + 1];
        assert!(read_curve(&big, &CurveOptions::default(), 2025, None)
            .unwrap_err()
            .message_en
            .contains("too large"));
    }

    #[test]
    fn numbers_and_dates() {
        assert_eq!(parse_num("1.234,5", true), Some(1234.5));
        assert_eq!(parse_num("1,234.5", false), Some(1234.5));
        assert_eq!(parse_num("0,25", true), Some(0.25));
        assert_eq!(parse_num("abc", true), None);
        assert_eq!(
            parse_date("31/12/2025", true),
            NaiveDate::from_ymd_opt(2025, 12, 31)
        );
        assert_eq!(
            parse_date("2025-12-31", true),
            NaiveDate::from_ymd_opt(2025, 12, 31)
        );
        assert_eq!(
            parse_date("12/31/2025", false),
            NaiveDate::from_ymd_opt(2025, 12, 31)
        );
        // Months by name, as an Italian spreadsheet exports them (and English ones).
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        for (text, want) in [
            ("01-gen-2025", ymd(2025, 1, 1)),
            ("15-mag-25", ymd(2025, 5, 15)),
            ("3/Set/2025", ymd(2025, 9, 3)),
            ("31-dicembre-2025", ymd(2025, 12, 31)),
            ("1-Jan-2025", ymd(2025, 1, 1)),
            ("7-Sept-2025", ymd(2025, 9, 7)),
            ("30-feb-2025", None),
            ("01-xyz-2025", None),
        ] {
            assert_eq!(parse_date(text, false), want, "{text}");
        }
        // A 12-hour clock.
        assert_eq!(parse_time("12:00 AM"), Some((0, 0)));
        assert_eq!(parse_time("1:15 am"), Some((1, 15)));
        assert_eq!(parse_time("12:30 PM"), Some((12, 30)));
        assert_eq!(parse_time("11:45 p.m."), Some((23, 45)));
        assert_eq!(parse_time("13:00 PM"), None);
        assert_eq!(
            parse_stamp("7/4/2025 3:00 PM", false).unwrap().local,
            ymd(2025, 7, 4).unwrap().and_hms_opt(15, 0, 0).unwrap()
        );
        let s = parse_stamp("2025-07-01T10:15:00+02:00", true).unwrap();
        assert_eq!(s.offset_min, Some(120));
        assert_eq!(
            parse_stamp("01/01/2025 24:00", true).unwrap().local.date(),
            NaiveDate::from_ymd_opt(2025, 1, 2).unwrap()
        );
        assert_eq!(
            local_day_hours(NaiveDate::from_ymd_opt(2025, 3, 30).unwrap()),
            23
        );
        assert_eq!(
            local_day_hours(NaiveDate::from_ymd_opt(2025, 10, 26).unwrap()),
            25
        );
        assert_eq!(
            excel_serial(45658.5).unwrap(),
            NaiveDate::from_ymd_opt(2025, 1, 1)
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap()
        );
    }
}

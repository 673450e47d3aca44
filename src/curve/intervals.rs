//! From a table of text cells to the intervals it measures, in three stages:
//! 1. **conventions** ([`Shape::detect`]): the decimal mark, the order of day and month, the
//!    first data row, the header, each column's kind (timestamp, date, time, number, …);
//! 2. **layout**: *wide* when a date column faces at least 23 value columns (one row per
//!    day, [`read_wide`]), else *long* (one row per interval, [`read_long`]: its time columns,
//!    its value column, the step and whether stamps mark an interval's start or end);
//! 3. **intervals**: every value becomes an [`Interval`] at its local start time, with the
//!    file's line for messages.
//!
//! Each choice not given in [`CurveOptions`] is either certain from the file or listed in
//! [`Detection::unsure`].

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate, NaiveDateTime, Timelike};

use super::{
    bad_cell, brief, check_value, column_kind, err, is_interval_title, is_repeated_local_hour,
    local_day_hours, local_midnight_utc, minutes_between, parse_date, parse_num, parse_stamp,
    parse_time, unit_named, utc_to_local, value_title_score, CurveError, CurveOptions, Detection,
    Kind, Layout, Note, Stamp, Stamped, Table, Unit,
};

/// One interval read from the file: local start, energy, line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Interval {
    /// Local naive start time.
    pub start: NaiveDateTime,
    /// Occurrence of this local start (2 for the repeated autumn hour).
    pub occurrence: u8,
    pub kwh: f64,
    pub line: usize,
}

/// Detects the structure and turns rows into intervals; the warnings are the wide layout's
/// daylight-saving days read as clock times.
pub(super) fn parse_intervals(
    table: &Table,
    opts: &CurveOptions,
) -> Result<(Vec<Interval>, Detection, Vec<Note>), CurveError> {
    if let Some(s) = opts.step_minutes.filter(|s| ![15, 30, 60].contains(s)) {
        return Err(step_refused(s));
    }
    let shape = Shape::detect(table, opts)?;
    let mut warnings = Vec::new();
    let (intervals, detection) = match shape.wide_columns() {
        Some((date_col, value_cols)) => {
            read_wide(&shape, date_col, &value_cols, opts, &mut warnings)?
        }
        None => read_long(&shape, opts, &mut warnings)?,
    };
    if intervals.is_empty() {
        return Err(no_value());
    }
    Ok((intervals, detection, warnings))
}

/// A file of daily (or monthly) totals — a date and numbers, each date once — refused as such:
/// the simulation needs the hours. Says the file's span and the sum of its value column, and
/// what to use instead (the hourly curve, or the bill's consumption by band).
fn one_value_per_date(shape: &Shape, date_col: usize) -> Option<CurveError> {
    let value_col = shape
        .columns_of(Kind::Number)
        .into_iter()
        .filter(|&c| c != date_col)
        .max_by_key(|&c| (value_title_score(&shape.columns[c]), std::cmp::Reverse(c)))?;
    let mut dates = Vec::with_capacity(shape.data.len());
    let mut total = 0.0;
    for (_, r) in shape.data {
        let Some(d) = r.get(date_col).and_then(|c| parse_date(c, shape.day_first)) else {
            continue;
        };
        dates.push(d);
        total += r
            .get(value_col)
            .and_then(|c| parse_num(c, shape.decimal_comma))
            .unwrap_or(0.0);
    }
    let rows = dates.len();
    dates.sort_unstable();
    dates.dedup();
    if rows < 2 || dates.len() != rows {
        return None;
    }
    let (first, last) = (dates[0], dates[rows - 1]);
    let daily = (last - first).num_days() < 2 * rows as i64;
    let (what_it, what_en) = if daily {
        ("un valore al giorno", "one value per day")
    } else {
        (
            "un valore per data, a intervalli di settimane o mesi",
            "one value per date, weeks or months apart",
        )
    };
    use crate::format::{number, Lang};
    let (from, to) = (first.format("%d/%m/%Y"), last.format("%d/%m/%Y"));
    let (sum_it, sum_en) = (number(total, 1, Lang::It), number(total, 1, Lang::En));
    let title = brief(&shape.columns[value_col]);
    Some(err(
        Some(shape.data[0].0),
        None,
        format!("il file ha {what_it} ({rows} righe dal {from} al {to}; somma della colonna «{title}»: {sum_it}): sono totali, senza l'ora. La simulazione è oraria: serve la curva di carico oraria o al quarto d'ora (portale del distributore o Portale Consumi); senza curva, usare i consumi per fascia F1, F2, F3 della bolletta"),
        format!("the file has {what_en} ({rows} rows from {from} to {to}; sum of the column «{title}»: {sum_en}): totals, without the hour. The simulation is hourly: it needs the hourly or quarter-hourly load curve (distributor's portal or Portale Consumi); without one, use the bill's consumption by band F1, F2, F3"),
    ))
}

/// Whether some row of `table` begins three consecutive rows holding a date (where the data
/// start), with the order of day and month and the decimal mark that the reading detects:
/// where it does not, the reading refuses the file for having no date.
pub(super) fn has_dated_row(table: &Table, opts: &CurveOptions) -> bool {
    let (decimal_comma, day_first) = marks(table, opts);
    first_dated_row(&table.rows, day_first, decimal_comma).is_ok()
}

/// The column titles of `table` as its reading finds them (the row above the first dated
/// one), or "1", "2", … when it finds no dated row (`dated`: whether it has one, known
/// beforehand, which spares a large undated file another pass): for choosing a column after a
/// refusal.
pub(super) fn column_titles(table: &Table, opts: &CurveOptions, dated: bool) -> Vec<String> {
    match dated.then(|| Shape::detect(table, opts)) {
        Some(Ok(shape)) => shape.columns.iter().map(|c| super::brief(c)).collect(),
        _ => {
            let n = table.rows.iter().take(400).map(|(_, r)| r.len()).max();
            (1..=n.unwrap_or(0)).map(|c| c.to_string()).collect()
        }
    }
}

pub(super) fn no_value() -> CurveError {
    err(
        None,
        None,
        "nessun valore nel file".into(),
        "no value in the file".into(),
    )
}

fn step_refused(s: u32) -> CurveError {
    err(
        None,
        None,
        format!("passo di {s} minuti tra le righe: sono ammessi 15, 30 o 60 minuti"),
        format!("a step of {s} minutes between rows: 15, 30 or 60 minutes are accepted"),
    )
}

/// A table's conventions and columns, before its layout is read.
struct Shape<'a> {
    table: &'a Table,
    decimal_comma: bool,
    day_first: bool,
    /// Index (in `table.rows`) of the first data row.
    first: usize,
    /// The row above the first data row, if any.
    header: Option<&'a Vec<String>>,
    data: &'a [(usize, Vec<String>)],
    /// Column titles (from the header, or "1", "2", …).
    columns: Vec<String>,
    /// Every cell above the first data row, joined (a unit may be named there).
    preamble: String,
    /// Each column's most common kind over the first 400 data rows.
    kinds: Vec<Kind>,
    /// The rows around the first data row, for the user to check.
    preview: Vec<Vec<String>>,
}

/// The decimal mark and the order of day and month of `table` (`opts`, else detected):
/// whether the decimal mark is the comma, whether dates put the day first.
fn marks(table: &Table, opts: &CurveOptions) -> (bool, bool) {
    let rows = &table.rows;
    let decimal_comma = opts
        .decimal_comma
        .unwrap_or_else(|| !table.numbers_with_point && comma_is_decimal(rows));
    (
        decimal_comma,
        opts.day_first.unwrap_or_else(|| dates_day_first(rows)),
    )
}

impl<'a> Shape<'a> {
    fn detect(table: &'a Table, opts: &CurveOptions) -> Result<Self, CurveError> {
        let rows = &table.rows;
        let (decimal_comma, day_first) = marks(table, opts);
        if table.separator == Some(',') && decimal_comma {
            return Err(err(
                None,
                None,
                "il file usa la virgola sia come separatore sia come decimale: indicare il separatore (es. ';') o il segno decimale".into(),
                "the file uses the comma both as separator and as decimal mark: state the separator (e.g. ';') or the decimal mark".into(),
            ));
        }
        let first = match opts.first_data_row {
            Some(f) => f.min(rows.len()),
            None => first_dated_row(rows, day_first, decimal_comma)?,
        };
        let header = first.checked_sub(1).map(|i| &rows[i].1);
        let data = &rows[first..];
        if data.is_empty() {
            return Err(err(
                None,
                None,
                "nessuna riga di dati".into(),
                "no data row".into(),
            ));
        }
        let ncols = data.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
        let columns = (0..ncols)
            .map(|c| {
                header
                    .and_then(|h| h.get(c))
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .unwrap_or_else(|| format!("{}", c + 1))
            })
            .collect();
        let preamble = rows[..first]
            .iter()
            .flat_map(|(_, r)| r.iter())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        let sample: Vec<&Vec<String>> = data.iter().take(400).map(|(_, r)| r).collect();
        let kinds = (0..ncols)
            .map(|c| column_kind(&sample, c, day_first, decimal_comma))
            .collect();
        let preview = rows
            .iter()
            .take((first + 6).min(rows.len()))
            .skip(first.saturating_sub(2))
            .map(|(_, r)| r.iter().map(|c| brief(c)).collect())
            .collect();
        Ok(Shape {
            table,
            decimal_comma,
            day_first,
            first,
            header,
            data,
            columns,
            preamble,
            kinds,
            preview,
        })
    }

    fn ncols(&self) -> usize {
        self.columns.len()
    }

    /// The columns of one kind, left to right.
    fn columns_of(&self, kind: Kind) -> Vec<usize> {
        (0..self.ncols())
            .filter(|&c| self.kinds[c] == kind)
            .collect()
    }

    fn date_column(&self) -> Option<usize> {
        self.columns_of(Kind::Date).first().copied()
    }

    /// Wide layout: no timestamp column, a date column and at least 23 numeric columns (with
    /// a header, only those whose title may be an interval or a consumption).
    fn wide_columns(&self) -> Option<(usize, Vec<usize>)> {
        let date_col = self.date_column()?;
        if !self.columns_of(Kind::Stamp).is_empty() {
            return None;
        }
        let values: Vec<usize> = self
            .columns_of(Kind::Number)
            .into_iter()
            .filter(|&c| {
                self.header.is_none_or(|_| {
                    value_title_score(&self.columns[c]) >= 0 || is_interval_title(&self.columns[c])
                })
            })
            .collect();
        (values.len() >= 23).then_some((date_col, values))
    }

    /// The unit: given, else named by the value column's title, the header or the preamble,
    /// else kWh per interval, listed as unsure.
    fn unit(&self, opts: &CurveOptions, column: Option<usize>, unsure: &mut Vec<String>) -> Unit {
        let named = column
            .and_then(|c| unit_named(&self.columns[c]))
            .or_else(|| {
                self.header
                    .and_then(|h| h.iter().find_map(|x| unit_named(x)))
            })
            .or_else(|| unit_named(&self.preamble));
        if let Some(u) = opts.unit {
            return u;
        }
        match named {
            Some((u, true)) => u,
            Some((u, false)) => {
                unsure.push("unit".to_string());
                u
            }
            None => {
                unsure.push("unit".to_string());
                Unit::Kwh
            }
        }
    }

    /// What was detected, with the layout's own findings.
    #[allow(clippy::too_many_arguments)]
    fn detection(
        &self,
        layout: Layout,
        time_description: Note,
        value_column: Option<usize>,
        unit: Unit,
        step_minutes: u32,
        stamp: Stamp,
        unsure: Vec<String>,
    ) -> Detection {
        Detection {
            format: self.table.format.into(),
            separator: self.table.separator,
            decimal_comma: self.decimal_comma,
            first_data_row: self.first,
            columns: self.columns.clone(),
            layout,
            time_description,
            value_column,
            unit,
            step_minutes,
            stamp,
            day_first: self.day_first,
            cumulative: false,
            unsure,
            preview: self.preview.clone(),
        }
    }

    /// A cell that should be a number: its value, or an error naming line and column.
    fn number(&self, line: usize, col: usize, text: &str) -> Result<f64, CurveError> {
        parse_num(text, self.decimal_comma)
            .ok_or_else(|| bad_cell(line, col, text, "non è un numero", "is not a number"))
    }
}

/// Decimal mark of a text file: the comma when more numeric-looking cells (of the first 2,000
/// rows) read as decimal commas than as decimal points.
fn comma_is_decimal(rows: &[(usize, Vec<String>)]) -> bool {
    let (mut comma, mut point) = (0usize, 0usize);
    for (_, r) in rows.iter().take(2000) {
        for c in r {
            let t = c.trim();
            if t.contains(':') || t.contains('/') || t.matches('-').count() >= 2 {
                continue;
            }
            if t.chars()
                .all(|ch| ch.is_ascii_digit() || ch == ',' || ch == '.' || ch == '-')
            {
                match (t.rfind(','), t.rfind('.')) {
                    (Some(a), Some(b)) if a > b => comma += 1,
                    (Some(_), Some(_)) => point += 1,
                    (Some(a), None) if t.len() - a - 1 != 3 || t.matches(',').count() == 1 => {
                        comma += 1
                    }
                    (None, Some(_)) => point += 1,
                    _ => {}
                }
            }
        }
    }
    comma > point
}

/// Day first, unless some date's second field (and never its first) exceeds 12.
fn dates_day_first(rows: &[(usize, Vec<String>)]) -> bool {
    let mut month_first_evidence = false;
    let mut day_first_evidence = false;
    for (_, r) in rows.iter().take(5000) {
        for c in r {
            let d = c.trim().split([' ', 'T']).next().unwrap_or("");
            let p: Vec<&str> = d.split(['/', '-', '.']).collect();
            if p.len() == 3 && p[2].len() == 4 {
                if let (Ok(a), Ok(b)) = (p[0].parse::<u32>(), p[1].parse::<u32>()) {
                    if a > 12 && b <= 12 {
                        day_first_evidence = true;
                    }
                    if b > 12 && a <= 12 {
                        month_first_evidence = true;
                    }
                }
            }
        }
    }
    day_first_evidence || !month_first_evidence
}

/// The first data row: the first of 3 consecutive rows holding a date.
fn first_dated_row(
    rows: &[(usize, Vec<String>)],
    day_first: bool,
    decimal_comma: bool,
) -> Result<usize, CurveError> {
    let has_date = |r: &Vec<String>| {
        r.iter().any(|c| {
            matches!(
                super::cell_kind(c, day_first, decimal_comma),
                Kind::Stamp | Kind::Date
            )
        })
    };
    (0..rows.len())
        .find(|&i| (i..(i + 3).min(rows.len())).all(|j| has_date(&rows[j].1)))
        .ok_or_else(|| {
            err(
                None,
                None,
                "nessuna riga con una data: il file non sembra una curva di carico (servono date e consumi, es. 01/01/2025 00:15;0,123)".into(),
                "no row with a date: the file does not look like a load curve (dates and consumption are needed, e.g. 01/01/2025 00:15;0.123)".into(),
            )
        })
}

/// Wide layout: one row per day, its values in `value_cols`, the step from their number
/// (24 → 60 min, 48 → 30, else 15) unless given.
fn read_wide(
    shape: &Shape,
    date_col: usize,
    value_cols: &[usize],
    opts: &CurveOptions,
    warnings: &mut Vec<Note>,
) -> Result<(Vec<Interval>, Detection), CurveError> {
    let mut unsure = Vec::new();
    let n_vals = value_cols.len();
    let step = opts.step_minutes.unwrap_or(match n_vals {
        23..=25 => 60,
        46..=50 => 30,
        _ => 15,
    });
    let unit = shape.unit(opts, None, &mut unsure);
    let mut intervals = Vec::with_capacity(shape.data.len() * n_vals);
    for (line, r) in shape.data {
        let Some(cell) = r.get(date_col) else {
            continue;
        };
        let Some(day) = parse_date(cell, shape.day_first) else {
            return Err(bad_cell(
                *line,
                date_col,
                cell,
                "non è una data (atteso gg/mm/aaaa)",
                "is not a date (expected dd/mm/yyyy)",
            ));
        };
        let mut values: Vec<(usize, f64)> = Vec::with_capacity(n_vals);
        for &c in value_cols {
            match r.get(c) {
                Some(s) if !s.trim().is_empty() => values.push((c, shape.number(*line, c, s)?)),
                _ => {}
            }
        }
        day_intervals(day, &values, step, unit, *line, &mut intervals, warnings)?;
    }
    let (order_it, order_en) = date_order(shape, date_col);
    let description = Note {
        it: format!(
            "colonna {}: data ({order_it}); {n_vals} colonne di valori per giorno",
            date_col + 1,
        ),
        en: format!(
            "column {}: date ({order_en}); {n_vals} value columns per day",
            date_col + 1,
        ),
    };
    let detection = shape.detection(
        Layout::Wide,
        description,
        None,
        unit,
        step,
        Stamp::Start,
        unsure,
    );
    Ok((intervals, detection))
}

/// One day's values of a wide row. As many values as the day has intervals (92 or 100 on
/// the daylight-saving days at 15 minutes) are consecutive instants from local midnight;
/// any other number is read as clock times from 00:00, with a warning on those days.
fn day_intervals(
    day: NaiveDate,
    values: &[(usize, f64)],
    step: u32,
    unit: Unit,
    line: usize,
    intervals: &mut Vec<Interval>,
    warnings: &mut Vec<Note>,
) -> Result<(), CurveError> {
    let per_hour = 60 / step as i64;
    let expected = local_day_hours(day) * per_hour;
    let utc0 = local_midnight_utc(day);
    let use_clock = values.len() as i64 != expected;
    if use_clock && local_day_hours(day) != 24 {
        warnings.push(Note {
            it: format!("{}: giorno del cambio dell'ora con {} valori invece di {}: letti come ore dell'orologio", day.format("%d/%m/%Y"), values.len(), expected),
            en: format!("{}: daylight-saving day with {} values instead of {}: read as clock times", day.format("%d/%m/%Y"), values.len(), expected),
        });
    }
    let step_h = step as f64 / 60.0;
    let mut seen: BTreeMap<NaiveDateTime, u8> = BTreeMap::new();
    for (i, (c, v)) in values.iter().enumerate() {
        check_value(*v, line, *c)?;
        let offset = Duration::minutes(i as i64 * step as i64);
        let start = if use_clock {
            day.and_hms_opt(0, 0, 0).expect("midnight exists") + offset
        } else {
            utc_to_local(utc0 + offset)
        };
        let occurrence = seen.entry(start).or_insert(0);
        *occurrence += 1;
        intervals.push(Interval {
            start,
            occurrence: *occurrence,
            kwh: unit.kwh(*v, step_h),
            line,
        });
    }
    Ok(())
}

/// How a long file writes the time of its rows (column indices).
#[derive(Debug, Clone, Copy)]
enum TimeColumns {
    /// One timestamp.
    Stamp(usize),
    /// Start and end timestamps.
    StartEnd(usize, usize),
    /// A date and a time of day.
    DateTime(usize, usize),
    /// A date and a time range (`00:00-00:15`).
    DateRange(usize, usize),
    /// A date and the interval's number in the day (0…23 or 1…24, or up to 96).
    DateIndex(usize, usize),
}

impl TimeColumns {
    /// The time columns: timestamps first, else a date beside a time, a time range or an
    /// interval number.
    fn find(shape: &Shape) -> Result<TimeColumns, CurveError> {
        let stamps = shape.columns_of(Kind::Stamp);
        let date = shape.date_column();
        let first_of = |k| shape.columns_of(k).first().copied();
        let index = (0..shape.ncols()).find(|&c| {
            shape.kinds[c] == Kind::Number
                && shape.header.is_some_and(|_| {
                    let t = shape.columns[c].to_lowercase();
                    t == "ora"
                        || t == "hour"
                        || t.starts_with("ora ")
                        || t.contains("quarto")
                        || t == "h"
                })
        });
        Ok(if stamps.len() >= 2 {
            TimeColumns::StartEnd(stamps[0], stamps[1])
        } else if let Some(&s) = stamps.first() {
            TimeColumns::Stamp(s)
        } else if let (Some(d), Some(t)) = (date, first_of(Kind::Time)) {
            TimeColumns::DateTime(d, t)
        } else if let (Some(d), Some(t)) = (date, first_of(Kind::TimeRange)) {
            TimeColumns::DateRange(d, t)
        } else if let (Some(d), Some(i)) = (date, index) {
            TimeColumns::DateIndex(d, i)
        } else if let Some(refusal) = date.and_then(|d| one_value_per_date(shape, d)) {
            return Err(refusal);
        } else {
            return Err(err(
                Some(shape.data[0].0),
                None,
                "non trovo l'ora degli intervalli: servono data e ora (una colonna 'gg/mm/aaaa hh:mm', oppure data e ora separate, oppure una riga per giorno con 24 o 96 colonne)".into(),
                "cannot find the time of the intervals: a date and a time are needed (one column 'dd/mm/yyyy hh:mm', or separate date and time, or one row per day with 24 or 96 columns)".into(),
            ));
        })
    }

    fn columns(self) -> Vec<usize> {
        match self {
            TimeColumns::Stamp(a) => vec![a],
            TimeColumns::StartEnd(a, b)
            | TimeColumns::DateTime(a, b)
            | TimeColumns::DateRange(a, b)
            | TimeColumns::DateIndex(a, b) => vec![a, b],
        }
    }

    /// One timestamp per row (start or end of the interval, to be decided).
    fn single(self) -> bool {
        matches!(self, TimeColumns::Stamp(_) | TimeColumns::DateTime(..))
    }

    /// A row's start, its end when written, and its interval number (`DateIndex`: the
    /// start is then the day's midnight, placed by [`place_indices`]).
    fn read(
        self,
        r: &[String],
        line: usize,
        shape: &Shape,
    ) -> Result<(Stamped, Option<Stamped>, Option<u32>), CurveError> {
        let cell = |c: usize| r.get(c).map_or("", |s| s.as_str());
        let bad = |c: usize| {
            bad_cell(
                line,
                c,
                cell(c),
                "non è una data/ora leggibile (es. 01/01/2025 00:15 o 2025-01-01T00:15+01:00)",
                "is not a readable date/time (e.g. 01/01/2025 00:15 or 2025-01-01T00:15+01:00)",
            )
        };
        let stamp = |c: usize| parse_stamp(cell(c), shape.day_first).ok_or_else(|| bad(c));
        let date = |c: usize| parse_date(cell(c), shape.day_first).ok_or_else(|| bad(c));
        let clock = |local: Option<NaiveDateTime>, c: usize| {
            local
                .map(|local| Stamped {
                    local,
                    offset_min: None,
                })
                .ok_or_else(|| bad(c))
        };
        Ok(match self {
            TimeColumns::Stamp(a) => (stamp(a)?, None, None),
            TimeColumns::StartEnd(a, b) => (stamp(a)?, Some(stamp(b)?), None),
            TimeColumns::DateTime(a, b) => {
                let d = date(a)?;
                let (h, m) = parse_time(cell(b)).ok_or_else(|| bad(b))?;
                let local = if h == 24 {
                    d.succ_opt().and_then(|x| x.and_hms_opt(0, 0, 0))
                } else {
                    d.and_hms_opt(h, m, 0)
                };
                (clock(local, b)?, None, None)
            }
            TimeColumns::DateRange(a, b) => {
                let d = date(a)?;
                let (s, e) = cell(b).split_once('-').ok_or_else(|| bad(b))?;
                let (h, m) = parse_time(s).ok_or_else(|| bad(b))?;
                let (h2, m2) = parse_time(e).ok_or_else(|| bad(b))?;
                let end = if h2 == 24 || (h2, m2) <= (h, m) {
                    d.succ_opt().and_then(|x| x.and_hms_opt(h2 % 24, m2, 0))
                } else {
                    d.and_hms_opt(h2, m2, 0)
                };
                (
                    clock(d.and_hms_opt(h.min(23), m, 0), b)?,
                    Some(clock(end, b)?),
                    None,
                )
            }
            TimeColumns::DateIndex(a, b) => {
                let d = date(a)?;
                let i = parse_num(cell(b), shape.decimal_comma)
                    .filter(|x| *x >= 0.0 && x.fract() == 0.0 && *x <= 100.0)
                    .ok_or_else(|| bad(b))? as u32;
                (clock(d.and_hms_opt(0, 0, 0), b)?, None, Some(i))
            }
        })
    }

    /// How time is read, in words (`order`: the dates' order as written, in each language).
    fn describe(self, stamp: Stamp, order: (&str, &str)) -> Note {
        let end = stamp == Stamp::End;
        let (it, en) = match self {
            TimeColumns::Stamp(a) => (
                format!(
                    "colonna {}: data e ora ({}), {} dell'intervallo",
                    a + 1,
                    order.0,
                    if end { "fine" } else { "inizio" }
                ),
                format!(
                    "column {}: date and time ({}), interval {}",
                    a + 1,
                    order.1,
                    if end { "end" } else { "start" }
                ),
            ),
            TimeColumns::StartEnd(a, b) => (
                format!("colonne {} e {}: inizio e fine", a + 1, b + 1),
                format!("columns {} and {}: start and end", a + 1, b + 1),
            ),
            TimeColumns::DateTime(a, b) => (
                format!(
                    "colonne {} e {}: data e ora, {} dell'intervallo",
                    a + 1,
                    b + 1,
                    if end { "fine" } else { "inizio" }
                ),
                format!(
                    "columns {} and {}: date and time, interval {}",
                    a + 1,
                    b + 1,
                    if end { "end" } else { "start" }
                ),
            ),
            TimeColumns::DateRange(a, b) => (
                format!("colonne {} e {}: data e fascia oraria", a + 1, b + 1),
                format!("columns {} and {}: date and time range", a + 1, b + 1),
            ),
            TimeColumns::DateIndex(a, b) => (
                format!(
                    "colonne {} e {}: data e numero dell'intervallo",
                    a + 1,
                    b + 1
                ),
                format!("columns {} and {}: date and interval number", a + 1, b + 1),
            ),
        };
        Note { it, en }
    }
}

/// The order of the dates in column `c` as written on the first data row, in Italian and
/// English: year first (ISO, `aaaa-mm-gg`) or day or month first as detected.
fn date_order(shape: &Shape, c: usize) -> (&'static str, &'static str) {
    let first = shape.data.first().and_then(|(_, r)| r.get(c));
    let year_first = first.is_some_and(|s| {
        let b = s.trim().as_bytes();
        b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && !b[4].is_ascii_digit()
    });
    match (year_first, shape.day_first) {
        (true, _) => ("aaaa-mm-gg", "yyyy-mm-dd"),
        (false, true) => ("gg/mm/aaaa", "dd/mm/yyyy"),
        (false, false) => ("mm/gg/aaaa", "mm/dd/yyyy"),
    }
}

/// When the timestamps carry a UTC offset, which ones and that they were converted to Italian
/// time (a conversion the user should see).
fn zone_words(rows: &[Row]) -> Option<Note> {
    let offsets: std::collections::BTreeSet<i32> =
        rows.iter().filter_map(|r| r.start.offset_min).collect();
    if offsets.is_empty() {
        return None;
    }
    let list = offsets
        .iter()
        .map(|m| {
            let sign = if *m < 0 { '−' } else { '+' };
            format!("UTC{sign}{:02}:{:02}", m.abs() / 60, m.abs() % 60)
        })
        .collect::<Vec<_>>()
        .join(", ");
    Some(Note {
        it: format!("; orari con fuso ({list}) convertiti in ora italiana"),
        en: format!("; times with a UTC offset ({list}) converted to Italian time"),
    })
}

/// A long row as read.
struct Row {
    line: usize,
    start: Stamped,
    end: Option<Stamped>,
    value: f64,
    /// The interval's number in the day (`TimeColumns::DateIndex`) until [`place_indices`].
    index: Option<u32>,
}

/// Long layout: one row per interval. Stages: the time columns, the value column, the unit,
/// every row's time and value, the step, start or end stamps, the intervals.
fn read_long(
    shape: &Shape,
    opts: &CurveOptions,
    warnings: &mut Vec<Note>,
) -> Result<(Vec<Interval>, Detection), CurveError> {
    let mut unsure = Vec::new();
    let time = TimeColumns::find(shape)?;
    let value_col = value_column(shape, opts, &time.columns(), &mut unsure)?;
    let unit = shape.unit(opts, Some(value_col), &mut unsure);
    let (mut rows, saw_2400) = read_rows(shape, time, value_col)?;
    if rows.is_empty() {
        return Err(no_value());
    }
    place_indices(&mut rows);
    let step = match opts.step_minutes.or_else(|| common_step(&rows)) {
        Some(s) if [15, 30, 60].contains(&s) => s,
        Some(s) => return Err(step_refused(s)),
        None => {
            unsure.push("step_minutes".to_string());
            60
        }
    };
    let readings = opts.cumulative.unwrap_or_else(|| {
        let counter = looks_like_readings(&rows, time);
        if counter {
            unsure.push("cumulative".to_string());
        }
        counter
    });
    let stamp = if readings {
        rows = differences(rows, step, warnings);
        if rows.is_empty() {
            return Err(no_value());
        }
        Stamp::Start
    } else {
        stamp_side(opts, time, &rows, step, saw_2400, &mut unsure)
    };
    for r in &rows {
        check_value(r.value, r.line, value_col)?;
    }
    let intervals = long_intervals(&rows, step, stamp, unit)?;
    let mut description = time.describe(stamp, date_order(shape, time.columns()[0]));
    if let Some(z) = zone_words(&rows) {
        description.it.push_str(&z.it);
        description.en.push_str(&z.en);
    }
    let mut detection = shape.detection(
        Layout::Long,
        description,
        Some(value_col),
        unit,
        step,
        stamp,
        unsure,
    );
    detection.cumulative = readings;
    Ok((intervals, detection))
}

/// The value column: given, else the numeric column (not a time column) whose title names
/// consumption best; unsure when titles do not single one out.
fn value_column(
    shape: &Shape,
    opts: &CurveOptions,
    time_cols: &[usize],
    unsure: &mut Vec<String>,
) -> Result<usize, CurveError> {
    let ncols = shape.ncols();
    match opts.value_column {
        Some(c) if c < ncols => return Ok(c),
        Some(c) => {
            return Err(err(
                None,
                Some(c + 1),
                format!("la colonna {} non esiste (il file ne ha {ncols})", c + 1),
                format!("column {} does not exist (the file has {ncols})", c + 1),
            ))
        }
        None => {}
    }
    let scored: Vec<(i32, usize)> = shape
        .columns_of(Kind::Number)
        .into_iter()
        .filter(|c| !time_cols.contains(c))
        .map(|c| match shape.header {
            Some(_) => (value_title_score(&shape.columns[c]), c),
            None => (0, c),
        })
        .filter(|(s, _)| *s >= 0)
        .collect();
    let Some(best) = scored.iter().map(|(s, _)| *s).max() else {
        // Numeric columns whose titles say they are not consumption (injection, production,
        // totals, bands, codes): named, so that a producer who loaded the plant's production
        // knows what to load instead.
        let excluded: Vec<usize> = shape
            .columns_of(Kind::Number)
            .into_iter()
            .filter(|c| !time_cols.contains(c))
            .collect();
        if shape.header.is_some() && !excluded.is_empty() {
            let list = excluded
                .iter()
                .map(|c| format!("«{}»", crate::scenario::brief(&shape.columns[*c])))
                .collect::<Vec<_>>()
                .join(", ");
            // The place is the title row (the titles are the reason), and the column when
            // there is one.
            return Err(err(
                Some(shape.table.rows[shape.first - 1].0),
                (excluded.len() == 1).then(|| excluded[0] + 1),
                format!("nessuna colonna di consumi: {list} per il titolo è immissione, produzione, un totale, una fascia o un codice, non il prelievo; caricare la curva dei prelievi (se è davvero il consumo, indicarla come colonna dei consumi)"),
                format!("no consumption column: by its title {list} is injection, production, a total, a band or a code, not withdrawal; load the withdrawal curve (if it really is consumption, choose it as the consumption column)"),
            ));
        }
        return Err(err(
            Some(shape.data[0].0),
            None,
            "nessuna colonna di consumi numerici accanto alla data".into(),
            "no numeric consumption column next to the date".into(),
        ));
    };
    let top: Vec<usize> = scored
        .iter()
        .filter(|(s, _)| *s == best)
        .map(|(_, c)| *c)
        .collect();
    if top.len() > 1 || best == 0 && scored.len() > 1 {
        unsure.push("value_column".to_string());
    }
    Ok(top[0])
}

/// Every data row's time and value (rows without a value are skipped: reported as gaps);
/// also whether a `24:00` appears (then stamps mark ends).
fn read_rows(
    shape: &Shape,
    time: TimeColumns,
    value_col: usize,
) -> Result<(Vec<Row>, bool), CurveError> {
    let time_cols = time.columns();
    let mut rows = Vec::with_capacity(shape.data.len());
    let mut saw_2400 = false;
    for (line, r) in shape.data {
        let cell = |c: usize| r.get(c).map_or("", |s| s.as_str());
        let text = cell(value_col);
        if text.trim().is_empty() {
            continue;
        }
        let value = shape.number(*line, value_col, text)?;
        if value < 0.0 {
            check_value(value, *line, value_col)?;
        }
        saw_2400 |= time_cols.iter().any(|&c| cell(c).contains("24:00"));
        let (start, end, index) = time.read(r, *line, shape)?;
        rows.push(Row {
            line: *line,
            start,
            end,
            value,
            index,
        });
    }
    Ok((rows, saw_2400))
}

/// The instant of a stamp on one clock (its UTC time when it has an offset, else its local
/// time): enough to order the rows of one file.
fn instant(s: &Stamped) -> NaiveDateTime {
    s.offset_min
        .map_or(s.local, |off| s.local - Duration::minutes(off as i64))
}

/// Whether the values are a meter's readings (a counter) rather than the consumption of each
/// interval: in time order they never fall (at most 1 % of the steps, a meter replaced) and
/// rise in at least 1 % of them (a counter read to 1 kWh at 15 minutes rises every few
/// steps), over at least two days of single timestamps. Consumption per interval rises and
/// falls every day.
fn looks_like_readings(rows: &[Row], time: TimeColumns) -> bool {
    if !time.single() || rows.len() < 48 {
        return false;
    }
    let mut order: Vec<&Row> = rows.iter().collect();
    order.sort_by_key(|r| instant(&r.start));
    let (mut up, mut down) = (0usize, 0usize);
    for w in order.windows(2) {
        let d = w[1].value - w[0].value;
        if d > 0.0 {
            up += 1;
        } else if d < 0.0 {
            down += 1;
        }
    }
    let steps = order.len() - 1;
    down * 100 <= steps && up * 100 >= steps && up > 2 * down
}

/// Meter readings to the consumption of each interval: the difference between a reading and
/// the next one, at the first one's time. A difference over more than one step (a missing
/// reading) or below zero (a meter replaced or reset) is not used: those hours are filled
/// as missing hours are, and a note says how many.
fn differences(rows: Vec<Row>, step: u32, warnings: &mut Vec<Note>) -> Vec<Row> {
    let mut order = rows;
    order.sort_by_key(|r| instant(&r.start));
    let mut out = Vec::with_capacity(order.len());
    let mut unused = 0usize;
    for w in order.windows(2) {
        let d = w[1].value - w[0].value;
        if d >= 0.0 && minutes_between(&w[0].start, &w[1].start) == step as i64 {
            out.push(Row {
                line: w[0].line,
                start: w[0].start,
                end: None,
                value: d,
                index: None,
            });
        } else {
            unused += 1;
        }
    }
    if unused > 0 {
        warnings.push(Note {
            it: format!("Letture del contatore: {unused} differenze non usate (una lettura mancante, o il contatore azzerato o sostituito); quelle ore sono riempite come le ore mancanti."),
            en: format!("Meter readings: {unused} differences not used (a missing reading, or the meter reset or replaced); those hours are filled as missing hours are."),
        });
    }
    out
}

/// Interval numbers: 1…24 (or 1…96) count ends, 0…23 starts; a number above 25 means
/// quarters of an hour.
fn place_indices(rows: &mut [Row]) {
    let indices = rows.iter().filter_map(|r| r.index);
    let (Some(min), Some(max)) = (indices.clone().min(), indices.max()) else {
        return;
    };
    let step_min = if max > 25 { 15 } else { 60 };
    for r in rows.iter_mut() {
        if let Some(i) = r.index.take() {
            let start_i = if min >= 1 { i as i64 - 1 } else { i as i64 };
            r.start.local += Duration::minutes(start_i * step_min);
        }
    }
}

/// The step: the most common positive difference between consecutive starts (or a row's
/// end − start).
fn common_step(rows: &[Row]) -> Option<u32> {
    let mut diffs: BTreeMap<i64, usize> = BTreeMap::new();
    for w in rows.windows(2) {
        let d = match w[0].end {
            Some(e) => minutes_between(&w[0].start, &e),
            None => minutes_between(&w[0].start, &w[1].start),
        };
        if d > 0 {
            *diffs.entry(d).or_default() += 1;
        }
    }
    diffs
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(d, _)| u32::try_from(*d).unwrap_or(u32::MAX))
}

/// Whether one timestamp per row marks the interval's start or end: end when the earliest
/// stamp's time of day is one step past midnight (00:15, 01:00) or a `24:00` appears, start
/// when it is 00:00, else start, listed as unsure.
fn stamp_side(
    opts: &CurveOptions,
    time: TimeColumns,
    rows: &[Row],
    step: u32,
    saw_2400: bool,
    unsure: &mut Vec<String>,
) -> Stamp {
    if let Some(s) = opts.stamp {
        return s;
    }
    if !time.single() {
        return Stamp::Start;
    }
    let m0 = rows
        .iter()
        .map(|r| r.start.local)
        .min()
        .map(|t| t.hour() * 60 + t.minute());
    if saw_2400 || m0 == Some(step) {
        return Stamp::End;
    }
    if m0 != Some(0) {
        unsure.push("stamp".to_string());
    }
    Stamp::Start
}

/// The rows as intervals at their local start: instants (with a UTC offset) through UTC to
/// Italian time, end stamps moved back one step. A local start may repeat only in the autumn
/// hour that occurs twice; an interval lasts more than nothing and at most an hour.
fn long_intervals(
    rows: &[Row],
    step: u32,
    stamp: Stamp,
    unit: Unit,
) -> Result<Vec<Interval>, CurveError> {
    let step_h = step as f64 / 60.0;
    let one_step = Duration::minutes(step as i64);
    let mut seen: BTreeMap<NaiveDateTime, (u8, usize)> = BTreeMap::new();
    let mut intervals = Vec::with_capacity(rows.len());
    for row in rows {
        let stamped_end = row.end.is_none() && stamp == Stamp::End;
        let back = if stamped_end {
            one_step
        } else {
            Duration::zero()
        };
        let start = match row.start.offset_min {
            Some(off) => utc_to_local(row.start.local - Duration::minutes(off as i64) - back),
            None => row.start.local - back,
        };
        let len_h = row
            .end
            .map_or(step_h, |e| minutes_between(&row.start, &e) as f64 / 60.0);
        let (occurrence, first_line) = seen.entry(start).or_insert((0, row.line));
        *occurrence += 1;
        if *occurrence > 1 && !(*occurrence == 2 && is_repeated_local_hour(start)) {
            return Err(err(
                Some(row.line),
                None,
                format!(
                    "intervallo duplicato: {} compare già alla riga {first_line}",
                    start.format("%d/%m/%Y %H:%M"),
                ),
                format!(
                    "duplicate interval: {} already appears at line {first_line}",
                    start.format("%d/%m/%Y %H:%M"),
                ),
            ));
        }
        if !(len_h > 0.0 && len_h <= 1.0 + 1e-9) {
            return Err(err(
                Some(row.line),
                None,
                "la fine dell'intervallo non segue l'inizio entro un'ora".into(),
                "the interval's end does not follow its start within an hour".into(),
            ));
        }
        intervals.push(Interval {
            start,
            occurrence: *occurrence,
            kwh: unit.kwh(row.value, len_h),
            line: row.line,
        });
    }
    Ok(intervals)
}

//! The simulation clock: maps each of the 8,760 hours of the embedded typical year (UTC, as
//! PVGIS labels them) to Italian local time, day type, ARERA time band, holidays and school days.
//!
//! Conventions (see `docs/time.md`):
//! - Hour index `h` = 0 … 8,759 is the UTC hour `[HH:00, HH+1:00)` of the PVGIS row with the same
//!   position (1 Jan 00:00 UTC is `h = 0`). Feb has 28 days (the TMY is a non-leap year).
//! - The TMY's month/day/hour are placed in the scenario's `calendar_year` (default 2025) to get
//!   weekdays, Easter and daylight-saving time. In a leap year 29 Feb is simply absent.
//! - Local time is CET (UTC+1), or CEST (UTC+2) from the last Sunday of March 01:00 UTC to the
//!   last Sunday of October 01:00 UTC (EU Directive 2000/84/EC). Load shapes and price bands are
//!   indexed by local time. The last UTC hour of the year (31 Dec 23:00 UTC = 1 Jan 00:00 local)
//!   wraps onto 1 Jan of the same calendar year.

use chrono::{Datelike, Duration, NaiveDate, Timelike, Weekday};

/// Hours in the typical year.
pub const HOURS_PER_YEAR: usize = 8760;

/// Days in each month of the typical (non-leap) year.
pub const DAYS_IN_MONTH: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// Day type used by load shapes: holidays count as Sundays (ARERA and BDEW conventions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayType {
    /// Monday–Friday, not a holiday.
    Weekday,
    /// Saturday, not a holiday.
    Saturday,
    /// Sunday or public holiday.
    Sunday,
}

/// ARERA time band (delibera 181/06, TIV): F1 peak, F2 shoulder, F3 off-peak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Band {
    /// Mon–Fri 08–19, not national holidays.
    F1,
    /// Mon–Fri 07–08 and 19–23, Sat 07–23.
    F2,
    /// Mon–Sat 23–07, Sundays and national holidays all day.
    F3,
}

/// Everything the models need to know about one simulated hour.
#[derive(Debug, Clone, Copy)]
pub struct HourInfo {
    /// UTC month 1–12 of the TMY row (the month whose weather is used).
    pub utc_month: u32,
    /// UTC day of month.
    pub utc_day: u32,
    /// UTC hour 0–23.
    pub utc_hour: u32,
    /// UTC day of year 1–365.
    pub utc_doy: u32,
    /// Local (Italian) month 1–12.
    pub month: u32,
    /// Local day of month.
    pub day: u32,
    /// Local hour 0–23.
    pub hour: u32,
    /// Local day of year 1–366.
    pub doy: u32,
    /// Local weekday.
    pub weekday: Weekday,
    /// Italian national public holiday (used for ARERA bands).
    pub national_holiday: bool,
    /// National holiday or Milan's patron day (7 Dec, Sant'Ambrogio): offices and schools close.
    pub local_holiday: bool,
    /// Day type for load shapes (national holidays count as Sundays).
    pub day_type: DayType,
    /// ARERA band of this local hour.
    pub band: Band,
    /// Lessons are held (Lombardy school calendar approximation, see [`is_school_day`]).
    pub school_day: bool,
    /// Daylight-saving time is in force.
    pub dst: bool,
}

/// The 8,760-hour clock for one calendar year.
#[derive(Debug, Clone)]
pub struct Calendar {
    /// Calendar year used for weekdays, holidays and DST.
    pub year: i32,
    /// One entry per simulated hour.
    pub hours: Vec<HourInfo>,
}

/// Easter Sunday (Gregorian), anonymous algorithm (Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("valid Easter date")
}

/// Italian national public holidays (L. 260/1949 and later amendments): 1 Jan, 6 Jan,
/// Easter Monday, 25 Apr, 1 May, 2 Jun, 15 Aug, 1 Nov, 8 Dec, 25 Dec, 26 Dec.
pub fn is_national_holiday(date: NaiveDate) -> bool {
    let fixed = [
        (1, 1),
        (1, 6),
        (4, 25),
        (5, 1),
        (6, 2),
        (8, 15),
        (11, 1),
        (12, 8),
        (12, 25),
        (12, 26),
    ];
    if fixed.contains(&(date.month(), date.day())) {
        return true;
    }
    date == easter_sunday(date.year()) + Duration::days(1)
}

/// Milan's patron saint day, Sant'Ambrogio (7 Dec): a local holiday for offices and schools,
/// but not for the ARERA bands.
pub fn is_milan_patron_day(date: NaiveDate) -> bool {
    date.month() == 12 && date.day() == 7
}

/// Lessons are held on this day, approximating the Lombardy permanent school calendar
/// (Regione Lombardia, DGR IX/3318 of 18 Apr 2012): lessons from 12 Sep to 8 Jun, Christmas
/// break 23 Dec–6 Jan, Easter break from the Thursday before to the Tuesday after Easter,
/// no lessons on Saturdays (most Milan schools run Mon–Fri), Sundays and holidays.
/// Confidence L: individual schools adjust the dates.
pub fn is_school_day(date: NaiveDate) -> bool {
    let (m, d) = (date.month(), date.day());
    let wd = date.weekday();
    if wd == Weekday::Sat || wd == Weekday::Sun {
        return false;
    }
    if is_national_holiday(date) || is_milan_patron_day(date) {
        return false;
    }
    // Summer break: 9 Jun – 11 Sep.
    if (m == 6 && d >= 9) || m == 7 || m == 8 || (m == 9 && d < 12) {
        return false;
    }
    // Christmas break: 23 Dec – 6 Jan.
    if (m == 12 && d >= 23) || (m == 1 && d <= 6) {
        return false;
    }
    let easter = easter_sunday(date.year());
    let from = easter - Duration::days(3);
    let to = easter + Duration::days(2);
    !(date >= from && date <= to)
}

/// ARERA band of a local hour.
pub fn arera_band(weekday: Weekday, national_holiday: bool, hour: u32) -> Band {
    if national_holiday || weekday == Weekday::Sun {
        return Band::F3;
    }
    if weekday == Weekday::Sat {
        return if (7..23).contains(&hour) {
            Band::F2
        } else {
            Band::F3
        };
    }
    match hour {
        8..=18 => Band::F1,
        7 | 19..=22 => Band::F2,
        _ => Band::F3,
    }
}

/// Last Sunday of a month.
fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let last = if month == 12 {
        NaiveDate::from_ymd_opt(year, 12, 31)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1).map(|d| d - Duration::days(1))
    }
    .expect("valid month");
    let back = last.weekday().num_days_from_sunday() as i64;
    last - Duration::days(back)
}

impl Calendar {
    /// Builds the clock for `year` (1901–2099 are accepted by scenario validation).
    pub fn new(year: i32) -> Calendar {
        let dst_start = last_sunday(year, 3)
            .and_hms_opt(1, 0, 0)
            .expect("valid time");
        let dst_end = last_sunday(year, 10)
            .and_hms_opt(1, 0, 0)
            .expect("valid time");
        // Holidays and school days by local day of the year (each needs Easter's date: once
        // per day rather than once per hour).
        let day_kinds: Vec<(bool, bool, bool)> = (1..=366)
            .map_while(|o| NaiveDate::from_yo_opt(year, o))
            .map(|d| {
                (
                    is_national_holiday(d),
                    is_milan_patron_day(d),
                    is_school_day(d),
                )
            })
            .collect();
        let mut hours = Vec::with_capacity(HOURS_PER_YEAR);
        let mut utc_doy = 0;
        for (mi, &ndays) in DAYS_IN_MONTH.iter().enumerate() {
            let month = mi as u32 + 1;
            for day in 1..=ndays {
                utc_doy += 1;
                let date = NaiveDate::from_ymd_opt(year, month, day).expect("valid date");
                for hour in 0..24 {
                    let utc = date.and_hms_opt(hour, 0, 0).expect("valid time");
                    let dst = utc >= dst_start && utc < dst_end;
                    let mut local = utc + Duration::hours(if dst { 2 } else { 1 });
                    if local.year() != year {
                        // 31 Dec 23:00 UTC → 1 Jan 00:00 local: wrap onto the same year.
                        local = NaiveDate::from_ymd_opt(year, 1, 1)
                            .expect("valid date")
                            .and_time(local.time());
                    }
                    let ld = local.date();
                    let lh = local.hour();
                    let weekday = ld.weekday();
                    let (national_holiday, patron_day, school_day) =
                        day_kinds[ld.ordinal0() as usize];
                    let local_holiday = national_holiday || patron_day;
                    let day_type = if national_holiday || weekday == Weekday::Sun {
                        DayType::Sunday
                    } else if weekday == Weekday::Sat {
                        DayType::Saturday
                    } else {
                        DayType::Weekday
                    };
                    hours.push(HourInfo {
                        utc_month: month,
                        utc_day: day,
                        utc_hour: hour,
                        utc_doy,
                        month: ld.month(),
                        day: ld.day(),
                        hour: lh,
                        doy: ld.ordinal(),
                        weekday,
                        national_holiday,
                        local_holiday,
                        day_type,
                        band: arera_band(weekday, national_holiday, lh),
                        school_day,
                        dst,
                    });
                }
            }
        }
        Calendar { year, hours }
    }

    /// Number of hours of each band in each local month, `[month][band]`.
    pub fn band_hours(&self) -> [[u32; 3]; 12] {
        let mut out = [[0u32; 3]; 12];
        for h in &self.hours {
            out[h.month as usize - 1][band_index(h.band)] += 1;
        }
        out
    }
}

/// 0 for F1, 1 for F2, 2 for F3.
pub fn band_index(b: Band) -> usize {
    match b {
        Band::F1 => 0,
        Band::F2 => 1,
        Band::F3 => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_dates_match_published_calendar() {
        assert_eq!(
            easter_sunday(2024),
            NaiveDate::from_ymd_opt(2024, 3, 31).unwrap()
        );
        assert_eq!(
            easter_sunday(2025),
            NaiveDate::from_ymd_opt(2025, 4, 20).unwrap()
        );
        assert_eq!(
            easter_sunday(2026),
            NaiveDate::from_ymd_opt(2026, 4, 5).unwrap()
        );
    }

    #[test]
    fn clock_alignment_2025() {
        let c = Calendar::new(2025);
        assert_eq!(c.hours.len(), HOURS_PER_YEAR);
        // h = 0 is 1 Jan 00:00 UTC = 01:00 CET, a holiday.
        let h0 = c.hours[0];
        assert_eq!((h0.month, h0.day, h0.hour), (1, 1, 1));
        assert_eq!(h0.band, Band::F3);
        // 1 Jul 10:00 UTC = 12:00 CEST, Tuesday → F1.
        let idx = (181 * 24 + 10) as usize;
        let h = c.hours[idx];
        assert_eq!((h.month, h.day, h.hour), (7, 1, 12));
        assert!(h.dst);
        assert_eq!(h.weekday, Weekday::Tue);
        assert_eq!(h.band, Band::F1);
        // The last hour wraps onto 1 Jan 00:00 local.
        let last = c.hours[HOURS_PER_YEAR - 1];
        assert_eq!((last.month, last.day, last.hour), (1, 1, 0));
    }

    #[test]
    fn band_hours_sum_to_month_hours() {
        let c = Calendar::new(2025);
        let bh = c.band_hours();
        let total: u32 = bh.iter().flatten().sum();
        assert_eq!(total, 8760);
        // January 2025 (local): 21 working days that are not holidays (1 and 6 Jan are) → 231 F1 hours.
        assert_eq!(bh[0][0], 21 * 11);
    }

    #[test]
    fn school_calendar() {
        assert!(!is_school_day(
            NaiveDate::from_ymd_opt(2025, 7, 15).unwrap()
        ));
        assert!(is_school_day(
            NaiveDate::from_ymd_opt(2025, 10, 15).unwrap()
        ));
        assert!(!is_school_day(
            NaiveDate::from_ymd_opt(2025, 12, 8).unwrap()
        ));
        assert!(!is_school_day(
            NaiveDate::from_ymd_opt(2025, 4, 22).unwrap()
        ));
    }
}

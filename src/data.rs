//! Embedded default data (`profiles/`), compiled into the binary with `include_str!` and parsed
//! once. Parsing static text is not IO: the core stays pure and builds for native and wasm32.
//! Provenance and licences of every file: `profiles/README.md`.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::calendar::HOURS_PER_YEAR;

/// PVGIS TMY for Milan (45.464 N, 9.190 E), 2005–2023. © European Union, 2001–2026.
pub const TMY_CSV: &str = include_str!("../profiles/milan_tmy_pvgis_2005_2023.csv");
/// ARERA Milan household daily shapes 2024 (derived from ARERA hourly profiles).
pub const HOUSEHOLD_SHAPES_CSV: &str =
    include_str!("../profiles/arera_milano_household_shapes_2024.csv");
/// BDEW standard load profiles as typical days (via demandlib, MIT).
pub const BDEW_CSV: &str = include_str!("../profiles/bdew_typical_days_hourly.csv");
/// GME PUN Index 2025 monthly means by band.
pub const PUN_CSV: &str = include_str!("../profiles/pun_index_2025_monthly_eur_per_mwh.csv");
/// Default parameters and member categories, each with its source.
pub const DEFAULTS_JSON: &str = include_str!("../profiles/defaults.json");

/// Latitude of the embedded TMY, degrees north.
pub const TMY_LATITUDE_DEG: f64 = 45.464;
/// Longitude of the embedded TMY, degrees east.
pub const TMY_LONGITUDE_DEG: f64 = 9.190;

/// Hourly weather of the typical year (UTC hours, see `calendar`).
#[derive(Debug, Clone)]
pub struct WeatherYear {
    /// Global horizontal irradiance, W/m².
    pub ghi_w_per_m2: Vec<f64>,
    /// Direct normal irradiance, W/m².
    pub dni_w_per_m2: Vec<f64>,
    /// Diffuse horizontal irradiance, W/m².
    pub dhi_w_per_m2: Vec<f64>,
    /// 2-m air temperature, °C.
    pub temp_air_c: Vec<f64>,
    /// 10-m wind speed, m/s.
    pub wind_speed_m_per_s: Vec<f64>,
    /// Surface pressure, Pa.
    pub pressure_pa: Vec<f64>,
}

/// Parses a PVGIS TMY CSV export (`;`-separated, header, 8,760 rows, footer).
pub fn parse_pvgis_tmy(text: &str) -> Result<WeatherYear, String> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let mut w = WeatherYear {
        ghi_w_per_m2: Vec::with_capacity(HOURS_PER_YEAR),
        dni_w_per_m2: Vec::with_capacity(HOURS_PER_YEAR),
        dhi_w_per_m2: Vec::with_capacity(HOURS_PER_YEAR),
        temp_air_c: Vec::with_capacity(HOURS_PER_YEAR),
        wind_speed_m_per_s: Vec::with_capacity(HOURS_PER_YEAR),
        pressure_pa: Vec::with_capacity(HOURS_PER_YEAR),
    };
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| format!("TMY row {}: {e}", i + 2))?;
        let ts = rec.get(0).unwrap_or("");
        if !ts.starts_with(|c: char| c.is_ascii_digit()) {
            break; // footer
        }
        let f = |k: usize| -> Result<f64, String> {
            rec.get(k)
                .and_then(|s| s.trim().parse::<f64>().ok())
                .ok_or_else(|| format!("TMY row {}: column {k} is not a number", i + 2))
        };
        w.temp_air_c.push(f(1)?);
        w.ghi_w_per_m2.push(f(3)?);
        w.dni_w_per_m2.push(f(4)?);
        w.dhi_w_per_m2.push(f(5)?);
        w.wind_speed_m_per_s.push(f(7)?);
        w.pressure_pa.push(f(9)?);
    }
    if w.ghi_w_per_m2.len() != HOURS_PER_YEAR {
        return Err(format!(
            "TMY has {} hourly rows, expected {HOURS_PER_YEAR}",
            w.ghi_w_per_m2.len()
        ));
    }
    Ok(w)
}

/// The embedded Milan typical year.
pub fn milan_tmy() -> &'static WeatherYear {
    static W: OnceLock<WeatherYear> = OnceLock::new();
    W.get_or_init(|| parse_pvgis_tmy(TMY_CSV).expect("embedded TMY is valid (tested)"))
}

/// Key of an ARERA household shape: power class, residency, month (0 = year), day type.
pub type HouseholdKey = (String, String, u32, String);

/// One ARERA daily shape: energy of the average day and the 24 hourly fractions.
#[derive(Debug, Clone, Copy)]
pub struct DailyShape {
    /// kWh drawn on an average day of this type by the average customer.
    pub daily_kwh: f64,
    /// Fraction of the day's energy in each local hour (sums to 1).
    pub fractions: [f64; 24],
}

/// ARERA household shapes, by (class, residency, month, day type).
pub fn household_shapes() -> &'static HashMap<HouseholdKey, DailyShape> {
    static S: OnceLock<HashMap<HouseholdKey, DailyShape>> = OnceLock::new();
    S.get_or_init(|| {
        let mut rdr = csv::Reader::from_reader(HOUSEHOLD_SHAPES_CSV.as_bytes());
        let mut map = HashMap::new();
        for rec in rdr.records() {
            let rec = rec.expect("embedded household shapes are valid CSV");
            let month: u32 = rec[2].parse().expect("month");
            let daily_kwh: f64 = rec[4].parse().expect("daily_kwh");
            let mut fractions = [0.0; 24];
            for (h, f) in fractions.iter_mut().enumerate() {
                *f = rec[5 + h].parse().expect("fraction");
            }
            map.insert(
                (
                    rec[0].to_string(),
                    rec[1].to_string(),
                    month,
                    rec[3].to_string(),
                ),
                DailyShape {
                    daily_kwh,
                    fractions,
                },
            );
        }
        map
    })
}

/// Key of a BDEW typical day: set (1999/2025), profile, period, day type.
pub type BdewKey = (String, String, String, String);

/// BDEW typical days: hourly mean power in W per 1,000 kWh/yr.
pub fn bdew_days() -> &'static HashMap<BdewKey, [f64; 24]> {
    static S: OnceLock<HashMap<BdewKey, [f64; 24]>> = OnceLock::new();
    S.get_or_init(|| {
        let mut rdr = csv::Reader::from_reader(BDEW_CSV.as_bytes());
        let mut map = HashMap::new();
        for rec in rdr.records() {
            let rec = rec.expect("embedded BDEW table is valid CSV");
            let mut w = [0.0; 24];
            for (h, v) in w.iter_mut().enumerate() {
                *v = rec[4 + h].parse().expect("BDEW value");
            }
            map.insert(
                (
                    rec[0].to_string(),
                    rec[1].to_string(),
                    rec[2].to_string(),
                    rec[3].to_string(),
                ),
                w,
            );
        }
        map
    })
}

/// PUN Index 2025 monthly means, €/MWh: `[month] = (monoraria, F1, F2)`.
pub fn pun_2025_monthly() -> [(f64, f64, f64); 12] {
    let mut out = [(0.0, 0.0, 0.0); 12];
    let mut rdr = csv::Reader::from_reader(PUN_CSV.as_bytes());
    for rec in rdr.records() {
        let rec = rec.expect("embedded PUN table is valid CSV");
        let m: usize = rec[0].parse().expect("month");
        let p = |k: usize| rec[k].parse::<f64>().expect("price");
        out[m - 1] = (p(1), p(2), p(3));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tmy_matches_data_readme_checks() {
        let w = milan_tmy();
        let ghi: f64 = w.ghi_w_per_m2.iter().sum::<f64>() / 1000.0;
        let dhi: f64 = w.dhi_w_per_m2.iter().sum::<f64>() / 1000.0;
        let t: f64 = w.temp_air_c.iter().sum::<f64>() / 8760.0;
        // shared/data/README.md: 1,514.7 kWh/m², diffuse 548.9 kWh/m², mean 13.40 °C.
        assert!((ghi - 1514.7).abs() < 0.1, "{ghi}");
        assert!((dhi - 548.9).abs() < 0.1, "{dhi}");
        assert!((t - 13.40).abs() < 0.01, "{t}");
    }

    #[test]
    fn household_shape_readme_check() {
        let s = household_shapes();
        assert_eq!(s.len(), 585);
        let k = (
            "1.5-3".to_string(),
            "resident".to_string(),
            0,
            "weekday".to_string(),
        );
        let d = s[&k];
        assert!((d.daily_kwh - 4.457).abs() < 0.001);
        let peak = d.fractions[18] + d.fractions[19] + d.fractions[20];
        assert!((peak - 0.186).abs() < 0.001);
    }

    #[test]
    fn bdew_readme_check() {
        let b = bdew_days();
        // The data README's "≈ 70.8 W" is BDEW's first quarter-hour (00:00–00:15); the file
        // holds the hourly mean of the four quarter-hours: 67.04 W per 1,000 kWh/yr.
        let k = (
            "1999".into(),
            "H0".into(),
            "winter".into(),
            "saturday".into(),
        );
        assert!((b[&k][0] - 67.04).abs() < 1e-9);
        assert_eq!(b.len(), 243);
    }
}

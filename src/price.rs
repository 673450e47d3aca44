//! Hourly zonal electricity price (zone NORD) for Ritiro Dedicato sales and the tariffa premio.
//!
//! Default: GME PUN Index 2025 monthly means by ARERA band (F1, F2 from GME; F3 derived),
//! applied to every hour of the band in that local month, plus an editable NORD offset.
//! F3 is not published in the table we ship; it is derived so that the hour-weighted mean of
//! the three bands equals the published monthly "monoraria" mean on the 2025 calendar:
//! `F3 = (mono·H − F1·H1 − F2·H2) / H3`, with `H_b` the 2025 hours of band b in the month.
//! A full hourly series (8,760 values, €/MWh) can replace it.
//!
//! Band averages ignore the midday dip of prices on sunny hours, so they overstate what injected
//! PV energy sells for and understate the tariff's variable part. [`scenario_hourly_price`]
//! therefore reshapes the default within each month so that the sun-weighted mean price is
//! `solar_capture_factor` × the month's mean (an editable, low-confidence assumption), keeping
//! the monthly mean (see [`apply_solar_capture`]). An imported series is used as given (plus the
//! offset, 0 by default).

use crate::calendar::{band_index, Calendar};
use crate::curve::{err, CurveError};
use crate::data::{milan_tmy, pun_2025_monthly};
use crate::params::Parameters;
use crate::scenario::Scenario;

/// Lowest hourly price accepted, €/MWh: the harmonised minimum clearing price of the European
/// day-ahead market coupling (SDAC), ACER Decision 01/2023.
pub const PRICE_MIN_EUR_PER_MWH: f64 = -500.0;
/// Highest hourly price accepted, €/MWh: above the SDAC harmonised maximum clearing price
/// (4,000 €/MWh, ACER Decision 01/2023), which that methodology raises when prices approach it.
pub const PRICE_MAX_EUR_PER_MWH: f64 = 5000.0;

/// Band prices by local month `[month][F1, F2, F3]`, €/MWh (derived once).
pub fn pun_2025_band_prices() -> [[f64; 3]; 12] {
    static P: std::sync::OnceLock<[[f64; 3]; 12]> = std::sync::OnceLock::new();
    *P.get_or_init(derive_pun_2025_band_prices)
}

fn derive_pun_2025_band_prices() -> [[f64; 3]; 12] {
    let cal = Calendar::new(2025);
    let hours = cal.band_hours();
    let pun = pun_2025_monthly();
    let mut out = [[0.0; 3]; 12];
    for m in 0..12 {
        let (mono, f1, f2) = pun[m];
        let [h1, h2, h3] = hours[m].map(|x| x as f64);
        let f3 = (mono * (h1 + h2 + h3) - f1 * h1 - f2 * h2) / h3;
        out[m] = [f1, f2, f3];
    }
    out
}

/// Hourly zonal price for the calendar, €/MWh: PUN 2025 band price + `offset`.
pub fn default_hourly_price(cal: &Calendar, offset_eur_per_mwh: f64) -> Vec<f64> {
    let bands = pun_2025_band_prices();
    cal.hours
        .iter()
        .map(|h| bands[h.month as usize - 1][band_index(h.band)] + offset_eur_per_mwh)
        .collect()
}

/// The hourly zonal price a scenario is simulated and optimised with, €/MWh: its imported
/// series + offset, or the PUN 2025 band prices + offset reshaped by the solar capture factor.
pub fn scenario_hourly_price(s: &Scenario, p: &Parameters, cal: &Calendar) -> Vec<f64> {
    match &s.hourly_price_eur_per_mwh {
        Some(h) => h
            .iter()
            .map(|x| x + p.zonal_price_offset_eur_per_mwh)
            .collect(),
        None => {
            let mut v = default_hourly_price(cal, p.zonal_price_offset_eur_per_mwh);
            apply_solar_capture(
                &mut v,
                cal,
                &milan_tmy().ghi_w_per_m2,
                p.solar_capture_factor,
            );
            v
        }
    }
}

/// Reshapes `price` month by month (local months) so that its mean weighted by `sun` (e.g.
/// global horizontal irradiance) is `factor` × the month's mean, keeping the mean:
/// `p'_h = p_h + α (s_h − s̄)` with `α = (factor·p̄ − Σ s p / Σ s) / (Σ s² / Σ s − s̄)`.
/// The change is largest at the sunniest hours and zero on average; a month without sun is
/// left as it is.
pub fn apply_solar_capture(price: &mut [f64], cal: &Calendar, sun: &[f64], factor: f64) {
    for m in 1..=12u32 {
        let idx: Vec<usize> = (0..price.len().min(cal.hours.len()).min(sun.len()))
            .filter(|&t| cal.hours[t].month == m)
            .collect();
        if idx.is_empty() {
            continue;
        }
        let n = idx.len() as f64;
        let mean_p = idx.iter().map(|&t| price[t]).sum::<f64>() / n;
        let ss: f64 = idx.iter().map(|&t| sun[t].max(0.0)).sum();
        if ss <= 0.0 {
            continue;
        }
        let mean_s = ss / n;
        let sp = idx.iter().map(|&t| sun[t].max(0.0) * price[t]).sum::<f64>() / ss;
        let s2 = idx.iter().map(|&t| sun[t].max(0.0).powi(2)).sum::<f64>() / ss;
        let spread = s2 - mean_s;
        if spread <= 1e-12 {
            continue;
        }
        let alpha = (factor * mean_p - sp) / spread;
        for &t in &idx {
            price[t] += alpha * (sun[t].max(0.0) - mean_s);
        }
    }
}

/// Reads an hourly price series from CSV text: 8,760 rows of either `price` or `hour,price`
/// (header optional), €/MWh, in the simulation's hour order (UTC hours of the typical year,
/// `docs/time.md`). Unambiguous or refused: with `;` or a tab as separator the decimal mark
/// may be a comma (`100,55`); with `,` as separator a row must be `hour,price` with the hour
/// counting 0…8759 (or 1…8760) and the price written with a point — a row like `100,55`, which
/// could be a decimal comma, is refused with its line instead of being read as 55.
pub fn parse_hourly_csv(text: &str) -> Result<Vec<f64>, CurveError> {
    let (sep, rows) = crate::curve::read_csv_rows(text, None)?;
    let mut out = Vec::with_capacity(crate::calendar::HOURS_PER_YEAR);
    let mut first_index: Option<i64> = None;
    let mut header = String::new();
    for (k, (n, fields)) in rows.iter().enumerate() {
        let line = |it: String, en: String| err(Some(*n), None, it, en);
        if fields.len() > 2 {
            return Err(line(
                format!(
                    "{} campi; attesi «prezzo» oppure «ora{sep}prezzo»",
                    fields.len()
                ),
                format!(
                    "{} fields; expected 'price' or 'hour{sep}price'",
                    fields.len()
                ),
            ));
        }
        let value_text = fields[fields.len() - 1].as_str();
        // A comma is a decimal mark only when it cannot be the separator.
        let comma = sep != ',' && value_text.contains(',');
        let Some(value) = crate::curve::parse_number(value_text, comma) else {
            if k == 0 {
                header = fields.join(" ").to_lowercase();
                continue; // header
            }
            let cell = crate::scenario::brief(value_text);
            return Err(line(
                format!("«{cell}» non è un prezzo in €/MWh"),
                format!("'{cell}' is not a price in €/MWh"),
            ));
        };
        if !(PRICE_MIN_EUR_PER_MWH..=PRICE_MAX_EUR_PER_MWH).contains(&value) {
            let (lo, hi) = (PRICE_MIN_EUR_PER_MWH, PRICE_MAX_EUR_PER_MWH);
            let it = |x: f64| crate::format::number(x, 0, crate::format::Lang::It);
            let cell = crate::scenario::brief(value_text);
            return Err(line(
                format!(
                    "{cell} €/MWh è fuori dall'intervallo ammesso, da {} a {} €/MWh",
                    it(lo),
                    it(hi)
                ),
                format!("{cell} €/MWh is outside the accepted range, {lo} to {hi} €/MWh"),
            ));
        }
        if fields.len() == 2 && sep == ',' {
            // `a,b`: only an hour index and a price; anything else may be a decimal comma.
            let idx = fields[0].parse::<i64>().ok();
            let expected = out.len() as i64 + first_index.unwrap_or(0);
            match idx {
                Some(i) if first_index.is_none() && (i == 0 || i == 1) && out.is_empty() => {
                    first_index = Some(i)
                }
                Some(i) if first_index.is_some() && i == expected => {}
                _ => {
                    let row = crate::scenario::brief(&fields.join(","));
                    return Err(line(
                        format!("«{row}» è ambiguo: con «,» come separatore una riga dev'essere «ora,prezzo» con l'ora contata da 0 (o da 1); se «,» è la virgola decimale, separare le colonne con «;» (es. 0;100,55) o scrivere un prezzo per riga con il punto (100.55)"),
                        format!("'{row}' is ambiguous: with ',' as separator a row must be 'hour,price' with the hour counting from 0 (or 1); if ',' is a decimal comma, separate the columns with ';' (e.g. 0;100,55) or write one price per row with a point (100.55)"),
                    ));
                }
            }
        }
        out.push(value);
    }
    if out.len() != crate::calendar::HOURS_PER_YEAR {
        return Err(err(
            None,
            None,
            format!(
                "{} prezzi trovati, ne servono 8.760 (uno per ora dell'anno)",
                out.len()
            ),
            format!(
                "{} prices found, 8760 expected (one per hour of the year)",
                out.len()
            ),
        ));
    }
    per_kwh_refused(&header, &out)?;
    Ok(out)
}

/// The mean magnitude of `prices` when they look like €/kWh rather than €/MWh: every price
/// within ±5 and their mean magnitude above 0.005 (an hourly wholesale price in €/kWh is
/// 0.05–0.5; in €/MWh a year whose prices all stay within ±5 €/MWh has never been seen in the
/// Italian market — zeros are zero in either unit). Shared by the CSV reader, which refuses
/// such a file, and `plausibility`, which flags a scenario carrying one.
pub fn looks_per_kwh(prices: &[f64]) -> Option<f64> {
    let mean_abs = prices.iter().map(|p| p.abs()).sum::<f64>() / prices.len().max(1) as f64;
    (!prices.is_empty() && prices.iter().all(|p| p.abs() <= 5.0) && mean_abs > 0.005)
        .then_some(mean_abs)
}

/// Prices in €/kWh instead of €/MWh are refused, not read 1,000 times too small: a header
/// naming kWh (and not MWh), or prices that [`looks_per_kwh`].
fn per_kwh_refused(header: &str, prices: &[f64]) -> Result<(), CurveError> {
    let named = header.contains("kwh") && !header.contains("mwh");
    let small = looks_per_kwh(prices);
    if !named && small.is_none() {
        return Ok(());
    }
    let mean_abs = small.unwrap_or_default();
    let it = |x: f64, d| crate::format::number(x, d, crate::format::Lang::It);
    let why_it = if named {
        "l'intestazione indica kWh".to_string()
    } else {
        format!("la loro media è {} e nessuno supera 5", it(mean_abs, 3))
    };
    let why_en = if named {
        "the header names kWh".to_string()
    } else {
        format!("their mean is {mean_abs:.3} and none exceeds 5")
    };
    Err(err(
        None,
        None,
        format!("i prezzi sembrano in €/kWh ({why_it}): servono €/MWh, cioè moltiplicati per 1.000 (0,12 €/kWh = 120 €/MWh)"),
        format!("the prices look like €/kWh ({why_en}): €/MWh are needed, i.e. multiplied by 1,000 (0.12 €/kWh = 120 €/MWh)"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hourly_csv_formats() {
        let plain: String = std::iter::once("hour,price_eur_per_mwh".to_string())
            .chain((0..8760).map(|h| format!("{h},{}.5", h % 200)))
            .collect::<Vec<_>>()
            .join("\n");
        let v = parse_hourly_csv(&plain).unwrap();
        assert_eq!(v[3], 3.5);
        let italian: String = (0..8760)
            .map(|h| format!("{h};{},25", h % 100))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(parse_hourly_csv(&italian).unwrap()[7], 7.25);
        // Prices in €/kWh: refused, by their header or by their size; zeros are accepted.
        let per_kwh: String = std::iter::once("ora;prezzo €/kWh".to_string())
            .chain((0..8760).map(|h| format!("{h};{}", 100 + h % 50)))
            .collect::<Vec<_>>()
            .join("\n");
        let e = parse_hourly_csv(&per_kwh).unwrap_err();
        assert!(
            e.message_it.contains("l'intestazione indica kWh")
                && e.message_en.contains("€/MWh are needed"),
            "{e:?}"
        );
        let small: String = (0..8760)
            .map(|h| format!("0.{:03}", 80 + h % 100))
            .collect::<Vec<_>>()
            .join("\n");
        let e = parse_hourly_csv(&small).unwrap_err();
        assert!(
            e.message_it
                .contains("sembrano in €/kWh (la loro media è 0,"),
            "{e:?}"
        );
        let zeros = vec!["0"; 8760].join("\n");
        assert_eq!(parse_hourly_csv(&zeros).unwrap()[5], 0.0);
        let few = parse_hourly_csv("1\n2\n").unwrap_err();
        assert!(few.message_en.contains("8760") && few.message_it.contains("8.760"));
        let bad = parse_hourly_csv("hour,price\n0,abc\n").unwrap_err();
        assert_eq!(bad.line, Some(2));
        assert!(bad.to_string().contains("line 2") && bad.message_it.contains("«abc»"));
        // One price per row with decimal commas and ',' read as separator: refused, not 55.
        let comma: String = (0..8760)
            .map(|_| "100,55".to_string())
            .collect::<Vec<_>>()
            .join("\n");
        let e = parse_hourly_csv(&comma).unwrap_err().to_string();
        assert!(e.contains("line 1") && e.contains("ambiguous"), "{e}");
        // The same with ';' is unambiguous.
        let semi: String = (0..8760)
            .map(|h| format!("{h};100,55"))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(parse_hourly_csv(&semi).unwrap()[9], 100.55);
        // One column with points, and a BOM.
        let points: String = std::iter::once("\u{feff}prezzo".to_string())
            .chain((0..8760).map(|_| "100.55".to_string()))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(parse_hourly_csv(&points).unwrap()[0], 100.55);
        // 1-based hours are accepted; a skipped hour is not.
        let one: String = (1..=8760)
            .map(|h| format!("{h},50.5"))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(parse_hourly_csv(&one).unwrap().len(), 8760);
        let skip: String = (0..8761)
            .filter(|h| *h != 7)
            .map(|h| format!("{h},50.5"))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(parse_hourly_csv(&skip).unwrap_err().line, Some(8));
        // A price outside the market's range is refused at its line, in both languages.
        let high: String = (0..8760)
            .map(|h| {
                if h == 11 {
                    "9999".to_string()
                } else {
                    "50.5".to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let e = parse_hourly_csv(&high).unwrap_err();
        assert_eq!(e.line, Some(12));
        assert!(
            e.message_it.contains("9999 €/MWh è fuori")
                && e.message_it.contains("da −500 a 5.000 €/MWh"),
            "{}",
            e.message_it
        );
        assert!(
            e.message_en
                .contains("9999 €/MWh is outside the accepted range, -500 to 5000 €/MWh"),
            "{}",
            e.message_en
        );
        // The range's ends are accepted.
        let ends: String = (0..8760)
            .map(|h| if h % 2 == 0 { "-500" } else { "5000" })
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(parse_hourly_csv(&ends).unwrap()[1], 5000.0);
    }

    /// The reshaped price keeps every monthly mean and has the requested sun-weighted mean.
    #[test]
    fn solar_capture_keeps_the_mean_and_sets_the_capture() {
        let cal = Calendar::new(2025);
        let sun = &milan_tmy().ghi_w_per_m2;
        for factor in [0.8, 0.9, 1.0] {
            let mut p = default_hourly_price(&cal, 0.0);
            let before = p.clone();
            apply_solar_capture(&mut p, &cal, sun, factor);
            for m in 1..=12u32 {
                let idx: Vec<usize> = (0..8760).filter(|&t| cal.hours[t].month == m).collect();
                let mean = |v: &[f64]| idx.iter().map(|&t| v[t]).sum::<f64>() / idx.len() as f64;
                assert!((mean(&p) - mean(&before)).abs() < 1e-9, "month {m}");
                let ss: f64 = idx.iter().map(|&t| sun[t]).sum();
                let cap = idx.iter().map(|&t| sun[t] * p[t]).sum::<f64>() / ss;
                assert!(
                    (cap - factor * mean(&before)).abs() < 1e-6,
                    "month {m}: {cap}"
                );
            }
        }
    }

    #[test]
    fn band_prices_reproduce_the_monthly_mean() {
        let cal = Calendar::new(2025);
        let p = default_hourly_price(&cal, 0.0);
        let pun = pun_2025_monthly();
        for m in 1..=12u32 {
            let v: Vec<f64> = cal
                .hours
                .iter()
                .zip(&p)
                .filter(|(h, _)| h.month == m)
                .map(|(_, x)| *x)
                .collect();
            let mean = v.iter().sum::<f64>() / v.len() as f64;
            assert!(
                (mean - pun[m as usize - 1].0).abs() < 1e-9,
                "month {m}: {mean}"
            );
        }
        let f3 = pun_2025_band_prices();
        assert!(f3.iter().all(|b| b[2] > 50.0 && b[2] < 200.0), "{f3:?}");
    }
}

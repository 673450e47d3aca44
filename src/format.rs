//! Number formatting for people: Italian (`1.234,5`) or English (`1,234.5`).

/// Display language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Italiano (default).
    #[default]
    It,
    /// English.
    En,
}

/// Formats `x` with `decimals` decimals and thousands separators in the language's style.
pub fn number(x: f64, decimals: usize, lang: Lang) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let (thousands, point) = match lang {
        Lang::It => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    let negative = x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('−');
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push(point);
        out.push_str(&f);
    }
    out
}

/// A unit in the language: the parameters' units are written in Italian (`€/anno`, `anni`,
/// `€/membro/anno`); English gets `€/yr`, `years`, `€/member/yr`, and Italian gets `anno` for
/// `yr` in units written in English.
pub fn unit(u: &str, lang: Lang) -> String {
    match lang {
        Lang::En => {
            if u == "anni" {
                return "years".into();
            }
            if u == "anno" {
                return "year".into();
            }
            u.replace("/anno", "/yr").replace("/membro", "/member")
        }
        Lang::It => {
            if u == "years" {
                return "anni".into();
            }
            u.replace("/yr", "/anno").replace("/member", "/membro")
        }
    }
}

/// Percentage of a fraction, e.g. 0.553 → "55,3 %".
pub fn percent(fraction: f64, decimals: usize, lang: Lang) -> String {
    format!("{} %", number(fraction * 100.0, decimals, lang))
}

/// Euros, no decimals: "€ 12.345".
pub fn euros(x: f64, lang: Lang) -> String {
    format!("€ {}", number(x, 0, lang))
}

/// Energy with a sensible unit (kWh, MWh, GWh).
pub fn energy_kwh(kwh: f64, lang: Lang) -> String {
    let a = kwh.abs();
    if a >= 1e6 {
        format!("{} GWh", number(kwh / 1e6, 2, lang))
    } else if a >= 1e4 {
        format!("{} MWh", number(kwh / 1e3, 1, lang))
    } else {
        format!("{} kWh", number(kwh, 0, lang))
    }
}

/// A duration: whole milliseconds below one second ("850 ms"), else seconds with two
/// decimals ("1,16 s"), so that an Italian "1.164 ms" is never read as one millisecond.
pub fn duration_ms(ms: f64, lang: Lang) -> String {
    if ms < 999.5 {
        format!("{} ms", number(ms, 0, lang))
    } else {
        format!("{} s", number(ms / 1000.0, 2, lang))
    }
}

/// Parses a number typed by a person: `1.234,5` / `1234,5` (Italian) or `1,234.5` / `1234.5`.
pub fn parse_number(text: &str, lang: Lang) -> Option<f64> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if t.is_empty() {
        return None;
    }
    let normalised = match lang {
        Lang::It => {
            if t.contains(',') {
                t.replace('.', "").replace(',', ".")
            } else if t.matches('.').count() == 1
                && t.split('.').nth(1).is_some_and(|d| d.len() != 3)
            {
                t
            } else {
                t.replace('.', "")
            }
        }
        Lang::En => t.replace(',', ""),
    };
    normalised.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Shows a number for editing (no thousands separators).
pub fn edit_text(v: f64, lang: Lang) -> String {
    let mut s = format!("{}", (v * 1e6).round() / 1e6);
    if lang == Lang::It {
        s = s.replace('.', ",");
    }
    s
}

/// A date for display: `gg/mm/aaaa` in Italian, `dd/mm/yyyy` in English (the same order:
/// the product is Italian), from `aaaa-mm-gg`; the text itself when it is not a date.
pub fn date(iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso.trim(), "%Y-%m-%d") {
        Ok(d) => d.format("%d/%m/%Y").to_string(),
        Err(_) => iso.to_string(),
    }
}

/// Parses a date typed as `gg/mm/aaaa` (also `gg-mm-aaaa`, `gg.mm.aaaa`) or `aaaa-mm-gg`, and
/// returns it as `aaaa-mm-gg`; `None` when it is not a real date.
pub fn parse_date(text: &str) -> Option<String> {
    let t = text.trim();
    let d = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(&t.replace(['-', '.'], "/"), "%d/%m/%Y"))
        .ok()?;
    Some(d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration_ms(23.4, Lang::It), "23 ms");
        assert_eq!(duration_ms(1164.0, Lang::It), "1,16 s");
        assert_eq!(duration_ms(1164.0, Lang::En), "1.16 s");
        assert_eq!(duration_ms(999.4, Lang::En), "999 ms");
    }

    #[test]
    fn italian_and_english() {
        assert_eq!(number(1234.5, 1, Lang::It), "1.234,5");
        assert_eq!(number(1234.5, 1, Lang::En), "1,234.5");
        assert_eq!(number(1234567.0, 0, Lang::It), "1.234.567");
        assert_eq!(number(-12.0, 0, Lang::It), "−12");
        assert_eq!(number(-0.0001, 1, Lang::It), "0,0");
        assert_eq!(number(999.0, 0, Lang::It), "999");
        assert_eq!(percent(0.553, 1, Lang::It), "55,3 %");
        assert_eq!(energy_kwh(1_308_705.0, Lang::It), "1,31 GWh");
        assert_eq!(number(f64::NAN, 1, Lang::It), "–");
        assert_eq!(parse_number("1.234,5", Lang::It), Some(1234.5));
        assert_eq!(parse_number("1234,5", Lang::It), Some(1234.5));
        assert_eq!(parse_number("0.5", Lang::It), Some(0.5));
        assert_eq!(parse_number("1.234", Lang::It), Some(1234.0));
        assert_eq!(parse_number("1,234.5", Lang::En), Some(1234.5));
        assert_eq!(parse_number("abc", Lang::It), None);
        assert_eq!(parse_number("", Lang::It), None);
        assert_eq!(edit_text(1049.5, Lang::It), "1049,5");
    }

    #[test]
    fn dates_in_the_italian_order() {
        assert_eq!(date("2026-09-01"), "01/09/2026");
        assert_eq!(parse_date("01/09/2026").as_deref(), Some("2026-09-01"));
        assert_eq!(parse_date("1.9.2026").as_deref(), Some("2026-09-01"));
        assert_eq!(parse_date("2026-09-01").as_deref(), Some("2026-09-01"));
        assert_eq!(parse_date("31/02/2026"), None);
        assert_eq!(parse_date("09/31/2026"), None);
        assert_eq!(parse_date(""), None);
    }
}

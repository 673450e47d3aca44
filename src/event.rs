//! Event mode's "what if": a visitor's variant of a neighbourhood from a few everyday choices
//! (how many families join, how many roofs get panels, whether the school and the supermarket
//! join), built as an ordinary scenario so that the same simulation gives the same numbers as
//! the planners' app; and the short link that carries those choices in a QR code. Pure.

use crate::params::is_household;
use crate::presets::preset;
use crate::scenario::{parse, Scenario};

/// Neighbourhoods offered at the stand: the four configurations and "my neighbourhood".
pub const BASES: [&str; 5] = [
    "citta_studi",
    "bovisa",
    "niguarda_affori",
    "chiaravalle",
    "mio",
];

/// Most families a visitor can add to a neighbourhood.
pub const MAX_FAMILIES: u32 = 3000;
/// Most roofs in "my neighbourhood".
pub const MAX_OWN_ROOFS: u32 = 12;
/// Size of a roof in "my neighbourhood" (a condominium roof), kWp.
pub const OWN_ROOF_KWP: f64 = 40.0;

/// A visitor's choices.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EventChoice {
    /// One of [`BASES`].
    pub base: String,
    /// Household members (every household category together).
    pub families: u32,
    /// Roofs with panels (the neighbourhood's first `roofs` roofs).
    pub roofs: u32,
    /// The school joins.
    pub school: bool,
    /// The supermarket joins.
    pub supermarket: bool,
}

fn base_scenario(base: &str) -> Option<Scenario> {
    let id = if base == "mio" {
        "template_new_cp"
    } else {
        base
    };
    if !BASES.contains(&base) {
        return None;
    }
    parse(preset(id)?).ok()
}

/// Household members of a scenario (every household category together).
fn households(s: &Scenario) -> u32 {
    s.members
        .iter()
        .filter(|g| is_household(&g.category))
        .map(|g| g.count)
        .sum()
}

/// Roofs the visitor can choose from in a neighbourhood.
pub fn max_roofs(base: &str) -> u32 {
    if base == "mio" {
        return MAX_OWN_ROOFS;
    }
    base_scenario(base).map_or(0, |s| s.plants.len() as u32)
}

impl EventChoice {
    /// The neighbourhood as it is configured (the starting point of the minute).
    pub fn start(base: &str) -> Option<EventChoice> {
        let s = base_scenario(base)?;
        let count = |c: &str| {
            s.members
                .iter()
                .filter(|g| g.category == c)
                .map(|g| g.count)
                .sum::<u32>()
        };
        Some(EventChoice {
            base: base.to_string(),
            families: households(&s),
            roofs: if base == "mio" {
                3
            } else {
                s.plants.len() as u32
            },
            school: count("school") > 0 || base == "mio",
            supermarket: count("supermarket") > 0,
        })
    }

    /// The scenario of these choices: household groups scaled to `families` (keeping their
    /// mix), the first `roofs` roofs built as configured and the others not built (0 kWp), a
    /// school and a supermarket added or left out. `None` for an unknown neighbourhood.
    pub fn scenario(&self) -> Option<Scenario> {
        let mut s = base_scenario(&self.base)?;
        let families = self.families.min(MAX_FAMILIES);
        // Households: the configured mix, scaled; the rounding remainder to the largest group.
        let total = households(&s);
        if total == 0 {
            s.members
                .push(crate::scenario::MemberGroup::new("household", families));
        } else {
            let mut given = 0;
            let mut largest = None;
            for (i, g) in s.members.iter_mut().enumerate() {
                if !is_household(&g.category) {
                    continue;
                }
                let n = (g.count as f64 * families as f64 / total as f64).floor() as u32;
                if largest.is_none_or(|(_, c)| g.count > c) {
                    largest = Some((i, g.count));
                }
                g.count = n;
                given += n;
            }
            if let Some((i, _)) = largest {
                s.members[i].count += families - given;
            }
        }
        for (cat, on) in [("school", self.school), ("supermarket", self.supermarket)] {
            match s.members.iter_mut().find(|g| g.category == cat) {
                Some(g) => g.count = if on { g.count.max(1) } else { 0 },
                None if on => s.members.push(crate::scenario::MemberGroup::new(cat, 1)),
                None => {}
            }
        }
        // Roofs: "my neighbourhood" has condominium roofs of the same size.
        if self.base == "mio" {
            let template = s.plants[0].clone();
            s.plants = (0..self.roofs.clamp(1, MAX_OWN_ROOFS))
                .map(|i| {
                    let mut p = template.clone();
                    p.id = format!("tetto-{}", i + 1);
                    p.name = format!("Tetto condominiale {}", i + 1);
                    p.kwp = OWN_ROOF_KWP;
                    p.roof_potential_kwp = Some(OWN_ROOF_KWP * 2.0);
                    p
                })
                .collect();
            if self.roofs == 0 {
                s.plants[0].kwp = 0.0;
            }
            s.name = "Il mio quartiere".into();
            s.cp.name = "Il mio quartiere".into();
        } else {
            for (i, p) in s.plants.iter_mut().enumerate() {
                if i as u32 >= self.roofs {
                    p.kwp = 0.0;
                }
            }
        }
        // A plant whose host left the community is not built (and has no host).
        let hostless: Vec<bool> = s
            .plants
            .iter()
            .map(|p| s.host_group(p).is_some_and(|h| s.members[h].count == 0))
            .collect();
        for (p, off) in s.plants.iter_mut().zip(hostless) {
            if off {
                p.kwp = 0.0;
                p.host_category = None;
                p.host_member = None;
            }
        }
        // Keep the member bounds consistent with the new counts.
        for g in s.members.iter_mut() {
            if let Some(a) = g.available {
                g.available = Some(a.max(g.count));
            }
            if let Some(c) = g.committed {
                g.committed = Some(c.min(g.count));
            }
        }
        Some(s)
    }

    /// The choices as a short link fragment: `evento=1.<base>.<families>.<roofs>.<school>.<supermarket>`.
    pub fn to_fragment(&self) -> String {
        format!(
            "evento=1.{}.{}.{}.{}.{}",
            self.base, self.families, self.roofs, self.school as u8, self.supermarket as u8
        )
    }

    /// Reads a link fragment written by [`EventChoice::to_fragment`] (with or without `#`).
    /// Errors name what is wrong, in Italian and English.
    pub fn from_fragment(f: &str) -> Result<EventChoice, (String, String)> {
        let bad = |it: &str, en: &str| (it.to_string(), en.to_string());
        let body = f
            .trim_start_matches('#')
            .strip_prefix("evento=")
            .ok_or_else(|| {
                bad(
                    "il link non contiene «evento=»",
                    "the link has no “evento=”",
                )
            })?;
        let parts: Vec<&str> = body.split('.').collect();
        if parts.len() != 6 || parts[0] != "1" {
            return Err(bad(
                "link dell'evento non riconosciuto (versione o numero di parti)",
                "event link not recognised (version or number of parts)",
            ));
        }
        let base = parts[1];
        if !BASES.contains(&base) {
            return Err(bad(
                "quartiere sconosciuto nel link",
                "unknown neighbourhood in the link",
            ));
        }
        let num = |s: &str, max: u32| s.parse::<u32>().ok().filter(|n| *n <= max);
        let families = num(parts[2], MAX_FAMILIES).ok_or_else(|| {
            bad(
                &format!("famiglie: un numero da 0 a {MAX_FAMILIES}"),
                &format!("families: a number from 0 to {MAX_FAMILIES}"),
            )
        })?;
        let roofs = num(parts[3], max_roofs(base)).ok_or_else(|| {
            bad(
                &format!("tetti: un numero da 0 a {}", max_roofs(base)),
                &format!("roofs: a number from 0 to {}", max_roofs(base)),
            )
        })?;
        let flag = |s: &str| match s {
            "0" => Ok(false),
            "1" => Ok(true),
            _ => Err(bad(
                "scuola e supermercato: 0 o 1",
                "school and supermarket: 0 or 1",
            )),
        };
        Ok(EventChoice {
            base: base.to_string(),
            families,
            roofs,
            school: flag(parts[4])?,
            supermarket: flag(parts[5])?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::validate;

    #[test]
    fn every_choice_is_a_valid_scenario_and_the_link_round_trips() {
        for base in BASES {
            let start = EventChoice::start(base).unwrap();
            for families in [0, 1, 37, start.families, 1200, MAX_FAMILIES] {
                for roofs in [0, 1, max_roofs(base) / 2, max_roofs(base)] {
                    for (school, supermarket) in
                        [(false, false), (true, false), (false, true), (true, true)]
                    {
                        let c = EventChoice {
                            base: base.into(),
                            families,
                            roofs,
                            school,
                            supermarket,
                        };
                        let s = c.scenario().unwrap();
                        validate(s.clone()).unwrap_or_else(|e| panic!("{c:?}: {e:?}"));
                        let h: u32 = s
                            .members
                            .iter()
                            .filter(|g| is_household(&g.category))
                            .map(|g| g.count)
                            .sum();
                        assert_eq!(h, families, "{c:?}");
                        assert_eq!(EventChoice::from_fragment(&c.to_fragment()).unwrap(), c);
                    }
                }
            }
        }
    }

    #[test]
    fn the_start_is_the_configuration_as_it_is() {
        for base in ["citta_studi", "bovisa", "niguarda_affori", "chiaravalle"] {
            let c = EventChoice::start(base).unwrap();
            let s = c.scenario().unwrap();
            let orig = parse(preset(base).unwrap()).unwrap();
            assert_eq!(s, orig, "{base}");
        }
    }

    #[test]
    fn bad_links_are_refused_with_a_reason() {
        for f in [
            "",
            "#evento=",
            "evento=2.bovisa.1.1.0.0",
            "evento=1.roma.1.1.0.0",
            "evento=1.bovisa.-1.1.0.0",
            "evento=1.bovisa.99999.1.0.0",
            "evento=1.bovisa.10.99.0.0",
            "evento=1.bovisa.10.1.2.0",
            "evento=1.bovisa.10.1.0",
        ] {
            assert!(EventChoice::from_fragment(f).is_err(), "{f}");
        }
    }
}

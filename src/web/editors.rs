//! Editors for members, plants and assumptions. Each edit builds a new scenario and
//! dispatches it; results follow from the worker.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::ctx::Ctx;
use super::fields::{checked, select_value, selected_index, DateField, NumField, TextField};
use super::t;
use crate::economics::PowerBand;
use crate::format::{self, Lang};
use crate::params::{defaults, ParamMeta, ShapeSpec};
use crate::scenario::{GrantKind, MemberGroup, OwnerType, Plant, Scenario};

pub(super) fn category_label(id: &str, lang: Lang) -> String {
    defaults()
        .categories
        .get(id)
        .map(|c| {
            if lang == Lang::It {
                c.label_it.clone()
            } else {
                c.label_en.clone()
            }
        })
        .unwrap_or_else(|| id.to_string())
}

pub(super) fn edit_scenario(ctx: &Ctx, f: impl FnOnce(&mut Scenario)) {
    let mut s = ctx.state.saved.scenario.clone();
    f(&mut s);
    ctx.set_scenario(s);
}

/// A callback that edits the scenario with `f` and the value it receives ([`edit_scenario`]).
pub(super) fn scenario_callback<T: 'static>(
    ctx: &Ctx,
    f: impl Fn(&mut Scenario, T) + 'static,
) -> Callback<T> {
    let ctx = ctx.clone();
    Callback::from(move |v: T| edit_scenario(&ctx, |s| f(s, v)))
}

/// Members by category.
#[function_component(MembersEditor)]
pub fn members_editor() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let s = &ctx.state.saved.scenario;
    let cats = &defaults().categories;
    let missing: Vec<&String> = cats
        .keys()
        .filter(|k| !s.members.iter().any(|m| &m.category == *k))
        .collect();
    let add_sel = use_node_ref();
    let add = {
        let ctx = ctx.clone();
        let add_sel = add_sel.clone();
        Callback::from(move |_| {
            if let Some(sel) = add_sel.cast::<HtmlSelectElement>() {
                let v = sel.value();
                if !v.is_empty() {
                    edit_scenario(&ctx, |s| {
                        // Nothing is invented: the optimiser may not go beyond these members
                        // until the planner says how many are available.
                        s.members.push(MemberGroup::new(&v, 10))
                    });
                }
            }
        })
    };
    let rows = s.members.iter().enumerate().map(|(i, g)| {
        let c = &cats[&g.category];
        let set = |f: fn(&mut MemberGroup, Option<f64>)| {
            let ctx = ctx.clone();
            Callback::from(move |v: Option<f64>| edit_scenario(&ctx, |s| f(&mut s.members[i], v)))
        };
        let remove = {
            let ctx = ctx.clone();
            Callback::from(move |_| edit_scenario(&ctx, |s| {
                let g = s.members.remove(i);
                let still = s.members.iter().any(|m| m.category == g.category);
                for p in s.plants.iter_mut() {
                    if g.name.is_some() && p.host_member == g.name {
                        p.host_member = None;
                    }
                    if !still && p.host_category.as_deref() == Some(g.category.as_str()) {
                        p.host_category = None;
                    }
                }
            }))
        };
        let label = match &g.name {
            Some(n) => format!("{n} ({})", category_label(&g.category, lang)),
            None => category_label(&g.category, lang),
        };
        let shape_note = match &c.shape {
            ShapeSpec::Arera { .. } => t(lang, "profilo ARERA Milano", "ARERA Milan profile"),
            ShapeSpec::Bdew { profile, .. } => format!("{} BDEW {profile}", t(lang, "profilo tedesco", "German profile")),
        };
        html! {
            <tr>
                <th scope="row">{ label.clone() }<div class="hint">{ if g.hourly_kwh.is_some() { t(lang, "curva misurata importata", "imported metered curve") } else { shape_note } }{ if c.confidence == "L" && g.hourly_kwh.is_none() { t(lang, " · consumo: ipotesi", " · consumption: assumption") } else { String::new() } }</div></th>
                <td><NumField id={format!("m{i}-count")} label={t(lang, "Membri", "Members")} value={Some(g.count as f64)} min={0.0} max={100000.0} integer=true {lang} on_change={set(|m, v| m.count = v.unwrap_or(0.0) as u32)} /></td>
                <td><NumField id={format!("m{i}-available")} label={t(lang, "Disponibili nell'area", "Available in the area")} value={g.available.map(|x| x as f64)} min={0.0} max={100000.0} integer=true optional=true {lang} on_change={set(|m, v| m.available = v.map(|x| x as u32))} /></td>
                <td><NumField id={format!("m{i}-committed")} label={t(lang, "Già impegnati", "Already committed")} value={g.committed.map(|x| x as f64)} min={0.0} max={100000.0} integer=true optional=true {lang} on_change={set(|m, v| m.committed = v.map(|x| x as u32))} /></td>
                <td>if let Some(h) = &g.hourly_kwh {
                    <span class="measured">{ format!("{} kWh {}", format::number(h.iter().sum::<f64>(), 0, lang), t(lang, "(dalla curva)", "(from the curve)")) }</span>
                } else {
                    <NumField id={format!("m{i}-kwh")} label={t(lang, "Consumo annuo per membro", "Annual consumption per member")} unit="kWh" value={g.annual_kwh} min={1.0} max={10000000.0} optional=true placeholder={format::number(c.annual_kwh, 0, lang)} {lang} on_change={set(|m, v| m.annual_kwh = v)} />
                }</td>
                <td><button class="small" aria-label={format!("{} {label}", t(lang, "Rimuovi", "Remove"))} onclick={remove}>{ "✕" }</button></td>
            </tr>
        }
    });
    html! {
        <div>
            <p class="hint">{ t(lang,
                "Per ogni categoria: membri nella configurazione, quanti se ne potrebbero coinvolgere nell'area (limite per l'ottimizzazione) e quanti sono già impegnati. Il consumo vuoto usa il valore predefinito con la sua fonte.",
                "For each category: members in the configuration, how many could join in the area (the optimiser's bound) and how many are already committed. An empty consumption uses the default with its source.") }</p>
            <table class="members">
                <thead><tr><th scope="col">{ t(lang, "Categoria", "Category") }</th><th scope="col">{ t(lang, "Membri", "Members") }</th><th scope="col">{ t(lang, "Disponibili", "Available") }</th><th scope="col">{ t(lang, "Impegnati", "Committed") }</th><th scope="col">{ t(lang, "kWh/anno", "kWh/yr") }</th><th scope="col"><span class="visually-hidden">{ t(lang, "Azioni", "Actions") }</span></th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            if !missing.is_empty() {
                <div class="add-row">
                    <label for="add-category">{ t(lang, "Aggiungi categoria", "Add category") }</label>
                    <select id="add-category" ref={add_sel}>
                        { for missing.iter().map(|k| html! { <option value={(*k).clone()}>{ category_label(k, lang) }</option> }) }
                    </select>
                    <button id="add-category-button" onclick={add}>{ t(lang, "Aggiungi", "Add") }</button>
                </div>
            }
        </div>
    }
}

/// The capital grants a plant may have: kind, form value, Italian and English names.
const GRANTS: [(Option<GrantKind>, &str, &str, &str); 4] = [
    (None, "none", "Nessuno", "None"),
    (
        Some(GrantKind::Pnrr),
        "pnrr",
        "PNRR (solo comuni sotto 50.000 abitanti; sportello chiuso)",
        "PNRR (only municipalities under 50,000; call closed)",
    ),
    (
        Some(GrantKind::Regional),
        "regional",
        "Bando regionale (enti pubblici, edifici pubblici)",
        "Regional call (public owners, public buildings)",
    ),
    (
        Some(GrantKind::Other),
        "other",
        "Altro contributo pubblico (≤ 40 %)",
        "Other public grant (≤ 40 %)",
    ),
];

const OWNERS: [(OwnerType, &str, &str); 7] = [
    (OwnerType::Public, "Ente pubblico", "Public body"),
    (OwnerType::School, "Scuola", "School"),
    (OwnerType::Company, "Impresa", "Company"),
    (OwnerType::Condominium, "Condominio", "Condominium"),
    (OwnerType::University, "Università", "University"),
    (
        OwnerType::Cooperative,
        "Cooperativa / ETS",
        "Cooperative / third sector",
    ),
    (OwnerType::Citizen, "Cittadino", "Citizen"),
];

#[derive(Properties, PartialEq)]
struct CompassProps {
    id: AttrValue,
    azimuth: f64,
    lang: Lang,
    on_change: Callback<f64>,
}

/// Orientation picker: eight directions around a compass rose, plus the exact angle field.
#[function_component(Compass)]
fn compass(p: &CompassProps) -> Html {
    let dirs = [
        (0.0, "N", "N"),
        (45.0, "NE", "NE"),
        (90.0, "E", "E"),
        (135.0, "SE", "SE"),
        (180.0, "S", "S"),
        (225.0, "SO", "SW"),
        (270.0, "O", "W"),
        (315.0, "NO", "NW"),
    ];
    let rad = p.azimuth.to_radians();
    let (x2, y2) = (50.0 + 30.0 * rad.sin(), 50.0 - 30.0 * rad.cos());
    html! {
        <div class="compass" role="group" aria-label={t(p.lang, "Orientamento", "Orientation")}>
            <svg viewBox="0 0 100 100" width="100" height="100" aria-hidden="true">
                <circle cx="50" cy="50" r="34" fill="#f6f7f9" stroke="#8a939e" />
                <line x1="50" y1="50" x2={format!("{x2:.1}")} y2={format!("{y2:.1}")} stroke="#a35f00" stroke-width="4" stroke-linecap="round" />
                <text x="50" y="12" text-anchor="middle" font-size="10">{ "N" }</text>
            </svg>
            <div class="compass-buttons">
                { for dirs.iter().map(|(az, it, en)| {
                    let cb = p.on_change.clone();
                    let az = *az;
                    let label = if p.lang == Lang::It { *it } else { *en };
                    html! { <button class="small" id={format!("{}-{}", p.id, en)} aria-pressed={((p.azimuth - az).abs() < 0.5).to_string()}
                        aria-label={format!("{} {label} ({az:.0}°)", t(p.lang, "Orientamento", "Orientation"))}
                        onclick={Callback::from(move |_| cb.emit(az))}>{ label }</button> }
                }) }
            </div>
        </div>
    }
}

/// Candidate roofs and plants.
#[function_component(PlantsEditor)]
pub fn plants_editor() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let s = &ctx.state.saved.scenario;
    let add = {
        let ctx = ctx.clone();
        Callback::from(move |_| {
            edit_scenario(&ctx, |s| {
                let n = s.plants.len() + 1;
                let mut id = format!("roof-{n}");
                while s.plants.iter().any(|p| p.id == id) {
                    id.push('b');
                }
                let mut p = Plant::new(&id, OwnerType::Public, 50.0, 15.0, 180.0);
                p.roof_potential_kwp = Some(80.0);
                s.plants.push(p);
            })
        })
    };
    html! {
        <div>
            { for (0..s.plants.len()).map(|index| html! { <PlantCard {index} /> }) }
            <button id="add-plant" onclick={add}>{ t(lang, "Aggiungi tetto / impianto", "Add roof / plant") }</button>
            <BatteryEditor />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PlantCardProps {
    /// Position in the scenario's plants.
    index: usize,
}

/// One roof or plant: where and how it is built, its grant and tariff, whose meter it is
/// behind, and the simulation's warnings about it. Its parts with their own actions: the
/// owner ([`owner_field`]), the grant ([`grant_fields`]), the tariff's and the existing
/// plant's checks ([`plant_checks`]), the sky model ([`sky_field`]), the host
/// ([`host_field`]) and the warnings ([`plant_warnings`]).
#[function_component(PlantCard)]
fn plant_card(props: &PlantCardProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let s = &ctx.state.saved.scenario;
    let j = props.index;
    let Some(p) = s.plants.get(j) else {
        return html! {};
    };
    let setf = |f: fn(&mut Plant, Option<f64>)| {
        let ctx = ctx.clone();
        Callback::from(move |v: Option<f64>| edit_scenario(&ctx, |s| f(&mut s.plants[j], v)))
    };
    let on_az = {
        let ctx = ctx.clone();
        Callback::from(move |az: f64| edit_scenario(&ctx, |s| s.plants[j].azimuth_deg = az))
    };
    let remove = {
        let ctx = ctx.clone();
        Callback::from(move |_| {
            edit_scenario(&ctx, |s| {
                s.plants.remove(j);
            })
        })
    };
    let on_date = {
        let ctx = ctx.clone();
        Callback::from(move |v: Option<String>| {
            edit_scenario(&ctx, |s| s.plants[j].in_operation_date = v)
        })
    };
    let band = PowerBand::of(p.kwp).label();
    html! {
        <fieldset class="plant">
            <legend>{ format!("{} — {}", p.id, if p.name.is_empty() { t(lang, "senza nome", "unnamed") } else { p.name.clone() }) }</legend>
            <div class="plant-grid">
                <TextField id={format!("p{j}-name")} label={t(lang, "Nome del tetto (edificio, indirizzo)", "Roof name (building, address)")} value={p.name.clone()}
                    error={(p.name.chars().count() > 200).then(|| AttrValue::from(t(lang, "Al massimo 200 caratteri", "At most 200 characters")))}
                    on_change={{ let ctx = ctx.clone(); Callback::from(move |v: String| edit_scenario(&ctx, |s| s.plants[j].name = v.trim().to_string())) }} />
                { owner_field(&ctx, j, p, lang) }
                <NumField id={format!("p{j}-kwp")} label={if p.kwp > 0.0 { t(lang, "Potenza", "Power") } else { t(lang, "Potenza (0 = non realizzato)", "Power (0 = not built)") }} unit="kWp" value={Some(p.kwp)} min={0.0} max={if p.incentive_eligible { 1000.0 } else { 10000.0 }} {lang} on_change={setf(|p, v| p.kwp = v.unwrap_or(p.kwp))} />
                <NumField id={format!("p{j}-roof")} label={t(lang, "Potenziale del tetto (ottimizzazione)", "Roof potential (optimiser)")} unit="kWp" value={p.roof_potential_kwp} min={p.kwp} max={10000.0} optional=true {lang} on_change={setf(|p, v| p.roof_potential_kwp = v)} />
                <NumField id={format!("p{j}-tilt")} label={t(lang, "Inclinazione", "Tilt")} unit="°" value={Some(p.tilt_deg)} min={0.0} max={90.0} {lang} on_change={setf(|p, v| p.tilt_deg = v.unwrap_or(p.tilt_deg))} />
                <NumField id={format!("p{j}-azimuth")} label={t(lang, "Azimut (180 = Sud)", "Azimuth (180 = South)")} unit="°" value={Some(p.azimuth_deg)} min={0.0} max={360.0} {lang} on_change={setf(|p, v| p.azimuth_deg = v.unwrap_or(p.azimuth_deg))} />
                <Compass id={format!("p{j}-compass")} azimuth={p.azimuth_deg} {lang} on_change={on_az} />
                <NumField id={format!("p{j}-losses")} label={t(lang, "Perdite di sistema", "System losses")} unit="%" value={Some(p.losses_pct)} min={0.0} max={50.0} {lang} on_change={setf(|p, v| p.losses_pct = v.unwrap_or(p.losses_pct))} />
                <NumField id={format!("p{j}-capex")} label={t(lang, "Costo chiavi in mano", "Turnkey cost")} unit="€/kWp" value={p.capex_eur_per_kwp} min={0.0} max={10000.0} optional=true placeholder={t(lang, "predefinito", "default")} {lang} on_change={setf(|p, v| p.capex_eur_per_kwp = v)} />
                { grant_fields(&ctx, j, p, lang) }
                <DateField id={format!("p{j}-date")} label={t(lang, "Entrata in esercizio (prevista)", "Entry into operation (planned)")} value={p.in_operation_date.clone()} {lang} on_change={on_date} />
                { plant_checks(&ctx, j, p, lang) }
                { sky_field(&ctx, j, p, lang) }
                { host_field(&ctx, j, p, s, lang) }
            </div>
            <p class="band">{ t(lang, "Fascia della tariffa premio: ", "Premium tariff band: ") }<strong>{ band }</strong></p>
            { plant_warnings(&ctx, j, lang) }
            <button class="small" aria-label={format!("{} {}", t(lang, "Rimuovi impianto", "Remove plant"), p.id)} onclick={remove}>{ t(lang, "Rimuovi", "Remove") }</button>
        </fieldset>
    }
}

/// A select's change applied to plant `j` by `f`, with the chosen option's value.
fn plant_select(ctx: &Ctx, j: usize, f: fn(&mut Plant, String)) -> Callback<Event> {
    let ctx = ctx.clone();
    Callback::from(move |e: Event| {
        let v = select_value(&e);
        edit_scenario(&ctx, |s| f(&mut s.plants[j], v))
    })
}

/// Who owns plant `j`.
fn owner_field(ctx: &Ctx, j: usize, p: &Plant, lang: Lang) -> Html {
    let on_owner = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let i = selected_index(&e, OWNERS.len());
            edit_scenario(&ctx, |s| s.plants[j].owner = OWNERS[i].0);
        })
    };
    html! {
        <div class="field">
            <label for={format!("p{j}-owner")}>{ t(lang, "Proprietario", "Owner") }</label>
            <select id={format!("p{j}-owner")} onchange={on_owner}>
                { for OWNERS.iter().enumerate().map(|(i, (o, it, en))| html! { <option value={i.to_string()} selected={*o == p.owner}>{ if lang == Lang::It { *it } else { *en } }</option> }) }
            </select>
        </div>
    }
}

/// Plant `j`'s capital grant: its kind and, when there is one, its share of the eligible cost.
fn grant_fields(ctx: &Ctx, j: usize, p: &Plant, lang: Lang) -> Html {
    let on_grant_kind = plant_select(ctx, j, |pl, v| {
        if let Some((k, ..)) = GRANTS.iter().find(|g| g.1 == v) {
            pl.capital_grant_kind = *k;
            if k.is_none() {
                pl.capital_grant_pct = 0.0;
            }
        }
    });
    let on_pct = {
        let ctx = ctx.clone();
        Callback::from(move |v: Option<f64>| {
            edit_scenario(&ctx, |s| s.plants[j].capital_grant_pct = v.unwrap_or(0.0))
        })
    };
    html! {
        <>
            <div class="field">
                <label for={format!("p{j}-grant-kind")}>{ t(lang, "Contributo in conto capitale", "Capital grant") }</label>
                <select id={format!("p{j}-grant-kind")} onchange={on_grant_kind}>
                    { for GRANTS.iter().map(|(k, v, it, en)| html! { <option value={*v} selected={p.capital_grant_kind == *k && (k.is_some() || p.capital_grant_pct == 0.0)}>{ if lang == Lang::It { *it } else { *en } }</option> }) }
                    if p.capital_grant_kind.is_none() && p.capital_grant_pct > 0.0 {
                        <option value="unstated" selected=true>{ t(lang, "Non indicato (da specificare)", "Not stated (to be specified)") }</option>
                    }
                </select>
            </div>
            if p.capital_grant_kind.is_some() || p.capital_grant_pct > 0.0 {
                <NumField id={format!("p{j}-grant")} label={t(lang, "Quota del contributo sul costo ammissibile", "Grant share of the eligible cost")} unit="%" value={Some(p.capital_grant_pct)} min={0.0} max={40.0} {lang} on_change={on_pct} />
            }
        </>
    }
}

/// Whether plant `j` may get the premium tariff, and whether it existed before the community.
fn plant_checks(ctx: &Ctx, j: usize, p: &Plant, lang: Lang) -> Html {
    let check = |f: fn(&mut Plant, bool)| {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let on = checked(&e);
            edit_scenario(&ctx, |s| f(&mut s.plants[j], on))
        })
    };
    let on_eligible = check(|p, on| p.incentive_eligible = on);
    let on_existing = check(|p, on| p.existing_plant = on);
    html! {
        <>
            <div class="check">
                <input type="checkbox" id={format!("p{j}-eligible")} checked={p.incentive_eligible} onchange={on_eligible} />
                <label for={format!("p{j}-eligible")}>{ t(lang, "Nuovo impianto con diritto alla tariffa premio", "New plant eligible for the premium tariff") }</label>
            </div>
            <div class="check">
                <input type="checkbox" id={format!("p{j}-existing")} checked={p.existing_plant} onchange={on_existing} />
                <label for={format!("p{j}-existing")}>{ t(lang, "Impianto già esistente prima della comunità (max 30 % della potenza)", "Plant existing before the community (at most 30 % of the power)") }</label>
            </div>
        </>
    }
}

/// The sky diffuse model of plant `j`'s PV.
fn sky_field(ctx: &Ctx, j: usize, p: &Plant, lang: Lang) -> Html {
    let on_sky = plant_select(ctx, j, |p, v| {
        use crate::solar::irradiance::SkyModel;
        p.sky_model = match v.as_str() {
            "perez" => SkyModel::Perez,
            "isotropic" => SkyModel::Isotropic,
            _ => SkyModel::HayDavies,
        };
    });
    html! {
        <div class="field">
            <label for={format!("p{j}-sky")}>{ t(lang, "Modello del cielo diffuso", "Sky diffuse model") }</label>
            <select id={format!("p{j}-sky")} onchange={on_sky}>
                { for [("hay_davies", "Hay-Davies (1980)"), ("perez", "Perez (1990)"), ("isotropic", "Isotropo / isotropic")].iter().map(|(v, l)| {
                    let cur = serde_json::to_value(p.sky_model).ok().and_then(|x| x.as_str().map(|s| s.to_string())).unwrap_or_default();
                    html! { <option value={*v} selected={cur == *v}>{ *l }</option> }
                }) }
            </select>
        </div>
    }
}

/// Whose meter plant `j` is behind: nobody, a member of a category, or a named member.
fn host_field(ctx: &Ctx, j: usize, p: &Plant, s: &Scenario, lang: Lang) -> Html {
    let on_host = plant_select(ctx, j, |p, v| {
        if let Some(name) = v.strip_prefix("member:") {
            p.host_member = Some(name.to_string());
            p.host_category = None;
        } else {
            p.host_member = None;
            p.host_category = if v.is_empty() { None } else { Some(v) };
        }
    });
    html! {
        <div class="field">
            <label for={format!("p{j}-host")}>{ t(lang, "Autoconsumo dietro il contatore di", "Behind the meter of") }</label>
            <select id={format!("p{j}-host")} onchange={on_host}>
                <option value="" selected={p.host_category.is_none()}>{ t(lang, "nessuno (impianto che immette tutto)", "nobody (plant injects everything)") }</option>
                { for s.members.iter().filter(|m| m.name.is_none()).map(|m| html! { <option value={m.category.clone()} selected={p.host_member.is_none() && p.host_category.as_deref() == Some(m.category.as_str())}>{ format!("{} {}", t(lang, "un membro:", "a member:"), category_label(&m.category, lang)) }</option> }) }
                { for s.members.iter().filter_map(|m| m.name.clone().map(|n| (n, m))).map(|(n, m)| html! { <option value={format!("member:{n}")} selected={p.host_member.as_deref() == Some(n.as_str())}>{ format!("{n} ({})", category_label(&m.category, lang)) }</option> }) }
            </select>
        </div>
    }
}

/// The simulation's warnings about plant `j` (its fields or the plant as a whole).
fn plant_warnings(ctx: &Ctx, j: usize, lang: Lang) -> Html {
    let prefix = format!("plants[{j}]");
    let items: Vec<Html> = ctx
        .state
        .report
        .as_ref()
        .map(|r| {
            r.0.warnings
                .iter()
                .filter(|w| w.field.starts_with(&format!("{prefix}.")) || w.field == prefix)
                .map(|w| html! { <li>{ if lang == Lang::It { w.message_it.clone() } else { w.message_en.clone() } }</li> })
                .collect()
        })
        .unwrap_or_default();
    if items.is_empty() {
        return html! {};
    }
    html! { <ul class="plant-warnings" role="status">{ for items }</ul> }
}

/// The community battery: present or not, its size, power, efficiency and cost.
#[function_component(BatteryEditor)]
fn battery_editor() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let s = &ctx.state.saved.scenario;
    let battery = s.battery.clone();
    let toggle_battery = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let on = checked(&e);
            edit_scenario(&ctx, |s| {
                s.battery = on.then_some(crate::scenario::Battery {
                    energy_kwh: 100.0,
                    power_kw: 50.0,
                    round_trip_efficiency_pct: 90.0,
                    max_energy_kwh: Some(500.0),
                    capex_eur_per_kwh: None,
                })
            });
        })
    };
    let setb = |f: fn(&mut crate::scenario::Battery, Option<f64>)| {
        let ctx = ctx.clone();
        Callback::from(move |v: Option<f64>| {
            edit_scenario(&ctx, |s| {
                if let Some(b) = s.battery.as_mut() {
                    f(b, v);
                }
            })
        })
    };
    html! {
        <fieldset class="plant" id="battery-section">
            <legend>{ t(lang, "Batteria di comunità", "Community battery") }</legend>
            <div class="check">
                <input type="checkbox" id="battery-on" checked={battery.is_some()} onchange={toggle_battery} />
                <label for="battery-on">{ t(lang, "Presente (si carica solo dall'energia immessa dagli impianti; scarica nelle ore di deficit)", "Present (charges only from the plants' injection; discharges in deficit hours)") }</label>
            </div>
            if let Some(b) = battery {
                <div class="plant-grid">
                    <NumField id="battery-kwh" label={t(lang, "Capacità", "Capacity")} unit="kWh" value={Some(b.energy_kwh)} min={0.0} max={b.max_energy_kwh.unwrap_or(100000.0)} {lang} on_change={setb(|b, v| b.energy_kwh = v.unwrap_or(b.energy_kwh))} />
                    <NumField id="battery-kw" label={t(lang, "Potenza", "Power")} unit="kW" value={Some(b.power_kw)} min={0.0} max={100000.0} {lang} on_change={setb(|b, v| b.power_kw = v.unwrap_or(b.power_kw))} />
                    <NumField id="battery-rte" label={t(lang, "Rendimento di andata e ritorno", "Round-trip efficiency")} unit="%" value={Some(b.round_trip_efficiency_pct)} min={50.0} max={100.0} {lang} on_change={setb(|b, v| b.round_trip_efficiency_pct = v.unwrap_or(90.0))} />
                    <NumField id="battery-max" label={t(lang, "Capacità massima (ottimizzazione)", "Maximum capacity (optimiser)")} unit="kWh" value={b.max_energy_kwh} min={b.energy_kwh} max={100000.0} optional=true {lang} on_change={setb(|b, v| b.max_energy_kwh = v)} />
                    <NumField id="battery-capex" label={t(lang, "Costo installato", "Installed cost")} unit="€/kWh" value={b.capex_eur_per_kwh} min={0.0} max={10000.0} optional=true placeholder={t(lang, "predefinito", "default")} {lang} on_change={setb(|b, v| b.capex_eur_per_kwh = v)} />
                </div>
                <p class="hint">{ t(lang,
                    "Con una batteria l'ottimizzazione considera tutte le 8.760 ore insieme e richiede alcuni secondi: gira nel web worker, la pagina resta utilizzabile e si può annullare.",
                    "With a battery the optimiser couples all 8,760 hours and takes a few seconds: it runs in the web worker, the page stays usable and it can be cancelled.") }</p>
            }
        </fieldset>
    }
}

/// Every parameter with unit, source, confidence and a reset to default; the hourly prices;
/// the rules applied.
#[function_component(AssumptionsEditor)]
pub fn assumptions_editor() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let s = &ctx.state.saved.scenario;
    let rows = defaults()
        .parameters
        .iter()
        .map(|(name, m)| parameter_row(&ctx, name, m, s.parameters.get(name).copied()));
    html! {
        <div>
            { prices_box(&ctx, s.hourly_price_eur_per_mwh.is_some()) }
            <p class="hint">{ t(lang,
                "Ogni valore ha una fonte. «Ipotesi» segnala valori da verificare. I valori regolati indicano l'anno a cui si riferiscono («valore 2024»): per un altro anno inserire il valore pubblicato da ARERA o GSE. I valori modificati sono evidenziati e si possono ripristinare.",
                "Every value has a source. “Assumption” marks values to be checked. Regulated values state the year they refer to (“value 2024”): for another year enter the value published by ARERA or GSE. Changed values are highlighted and can be reset.") }</p>
            { rules_applied(lang) }
            <table class="assumptions">
                <thead><tr><th scope="col">{ t(lang, "Valore", "Value") }</th><th scope="col">{ t(lang, "Fonte e confidenza", "Source and confidence") }{ " " }<super::help::Help term="confidenza" {lang} /></th><th scope="col"><span class="visually-hidden">{ t(lang, "Ripristina", "Reset") }</span></th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}

/// One parameter: its field (highlighted when `overridden`), its source and confidence, and a
/// reset to the default when changed.
fn parameter_row(ctx: &Ctx, name: &str, m: &ParamMeta, overridden: Option<f64>) -> Html {
    let lang = ctx.lang();
    let value = overridden.unwrap_or(m.value);
    let set = {
        let ctx = ctx.clone();
        let name = name.to_string();
        let default = m.value;
        Callback::from(move |v: Option<f64>| {
            edit_scenario(&ctx, |s| match v {
                Some(x) if x != default => {
                    s.parameters.insert(name.clone(), x);
                }
                _ => {
                    s.parameters.remove(&name);
                }
            })
        })
    };
    let reset = {
        let ctx = ctx.clone();
        let name = name.to_string();
        Callback::from(move |_| {
            edit_scenario(&ctx, |s| {
                s.parameters.remove(&name);
            })
        })
    };
    let label = if lang == Lang::It {
        m.label_it.clone()
    } else {
        m.label_en.clone()
    };
    html! {
        <tr class={classes!(overridden.is_some().then_some("changed"))}>
            <td><NumField id={format!("param-{name}")} {label} unit={m.unit.clone()} value={Some(value)} min={m.min} max={m.max} {lang} on_change={set} /></td>
            <td>
                if m.confidence == "L" { <span class="badge">{ t(lang, "ipotesi", "assumption") }</span>{ " " } }
                <span class="badge conf" title={t(lang, "confidenza", "confidence")}>{ m.confidence.clone() }</span>{ " " }
                if let Some(y) = &m.year { <span class="badge year">{ format!("{} {y}", t(lang, "valore", "value")) }</span>{ " " } }
                <span class="source">{ if lang == Lang::It { m.source_it.clone() } else { m.source.clone() } }</span>
            </td>
            <td>
                if overridden.is_some() {
                    <button class="small" aria-label={format!("{} {name}", t(lang, "Ripristina il valore predefinito di", "Reset to default:"))} onclick={reset}>
                        { format!("{} ({})", t(lang, "predefinito", "default"), format::number(m.value, 2, lang)) }
                    </button>
                }
            </td>
        </tr>
    }
}

/// The hourly zonal price in use (the default PUN series or the user's), a file input to load
/// an hourly series and, with one loaded, the way back to the default.
fn prices_box(ctx: &Ctx, custom_prices: bool) -> Html {
    let lang = ctx.lang();
    let on_prices = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let ctx = ctx.clone();
            super::io::read_chosen_file(&e, 5_000_000, move |text| load_prices(&ctx, text));
        })
    };
    let reset_prices = scenario_callback(ctx, |s, _: MouseEvent| s.hourly_price_eur_per_mwh = None);
    html! {
        <div class="prices">
            <p>
                <strong>{ t(lang, "Prezzo zonale orario: ", "Hourly zonal price: ") }</strong>
                { if custom_prices { t(lang, "serie oraria caricata dall'utente (più lo scarto zonale, se indicato)", "hourly series loaded by the user (plus the zonal offset, if set)") }
                  else { t(lang, "PUN Index GME 2025, medie mensili per fascia F1/F2/F3 (F3 derivata), ridistribuite nel mese con il fattore di cattura solare: le medie di fascia ignorano il calo di prezzo nelle ore di sole (stima, confidenza bassa)", "GME PUN Index 2025, monthly means by band F1/F2/F3 (F3 derived), reshaped within the month by the solar capture factor: band means ignore the price dip in sunny hours (estimate, low confidence)") } }
            </p>
            <label class="button" for="prices-csv">{ t(lang, "Carica prezzi orari (CSV, 8.760 righe, €/MWh)", "Load hourly prices (CSV, 8,760 rows, €/MWh)") }</label>
            <input id="prices-csv" class="visually-hidden" type="file" accept=".csv,text/csv" onchange={on_prices} />
            if custom_prices { { " " }<button id="reset-prices" onclick={reset_prices}>{ t(lang, "Torna al PUN 2025", "Back to PUN 2025") }</button> }
        </div>
    }
}

/// An hourly price file read (or its size, when over the 5 MB limit): into the scenario when it
/// parses, and a notice either way.
fn load_prices(ctx: &Ctx, text: Result<String, f64>) {
    let problem =
        |it: String, en: String| ctx.state.dispatch(super::state::Action::Problem(it, en));
    let text = match text {
        Ok(t) => t,
        Err(size) => {
            return problem(
                format!(
                    "Prezzi non caricati: il file è di {} MB, il limite è 5 MB.",
                    format::number(size / 1e6, 1, Lang::It)
                ),
                format!(
                    "Prices not loaded: the file is {} MB, the limit is 5 MB.",
                    format::number(size / 1e6, 1, Lang::En)
                ),
            );
        }
    };
    match crate::price::parse_hourly_csv(&text) {
        Ok(series) => {
            edit_scenario(ctx, |s| s.hourly_price_eur_per_mwh = Some(series));
            ctx.state.dispatch(super::state::Action::Notice(
                "Prezzi orari caricati.".into(),
                "Hourly prices loaded.".into(),
            ));
        }
        Err(e) => problem(
            format!("Prezzi non caricati: {}", e.italian()),
            format!("Prices not loaded: {e}"),
        ),
    }
}

/// The rules applied where a quick reading of them misleads, each with its source.
fn rules_applied(lang: Lang) -> Html {
    html! {
        <details class="rules-changes" id="rules-changes">
            <summary>{ t(lang, "Regole applicate (verificate sulle fonti)", "Rules applied (checked against the sources)") }</summary>
            <ul>
                <li>{ t(lang, "Tariffa premio e valorizzazione ARERA sono pagate per 20 anni dall'entrata in esercizio (DM 414/2023): con un orizzonte più lungo, gli anni successivi hanno solo vendita dell'energia, risparmi in bolletta e costi.", "The premium tariff and the ARERA valorisation are paid for 20 years from entry into operation (DM 414/2023): over a longer horizon, later years have only energy sales, avoided purchases and costs.") }</li>
                <li>{ t(lang, "Valorizzazione ARERA per una CER: solo la componente di trasmissione TRAS_E (TIAD); BTAU e perdite evitate valgono solo per l'autoconsumo collettivo nello stesso edificio.", "ARERA valorisation for a CER: the transmission component TRAS_E only (TIAD); BTAU and avoided losses apply only to collective self-consumption in one building.") }</li>
                <li>{ t(lang, "Regola del 55 %: calcolata separatamente per gli impianti con sola tariffa (55 %) e per quelli con contributo in conto capitale (45 %), ciascun gruppo sulla propria energia immessa; gli impianti senza tariffa non entrano nel rapporto (GSE, Regole operative).", "55 % rule: computed separately for the plants with the tariff only (55 %) and those with a capital grant (45 %), each group on its own injection; plants without the tariff are left out of the ratio (GSE operating rules).") }</li>
                <li>{ t(lang, "Contributo in conto capitale: sul costo ammissibile, con i massimali per kW del DM 414/2023; riduce la tariffa del fattore F = 0,5 × contributo / 40 %. Il PNRR è riservato ai comuni sotto i 50.000 abitanti (DM 127/2025) e il suo sportello è chiuso: Milano non può ottenerlo.", "Capital grant: on the eligible cost, with the DM 414/2023 caps per kW; it reduces the tariff by F = 0.5 × grant / 40 %. PNRR grants are only for municipalities under 50,000 inhabitants (DM 127/2025) and the call has closed: Milan cannot get one.") }</li>
                <li>{ t(lang, "Condizioni di ammissibilità (impianti entro il 31/12/2027 e dopo la costituzione, impianti esistenti al massimo 30 %, imprese PMI) sono mostrate come avvisi accanto alle cifre che toccano.", "Eligibility conditions (plants by 31/12/2027 and after the constitution, existing plants at most 30 %, businesses SMEs) are shown as warnings beside the figures they affect.") }</li>
            </ul>
        </details>
    }
}

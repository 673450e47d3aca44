//! Producer mode: a roof owner sizes its plant from its own metered consumption. Import the
//! curve (CSV or spreadsheet, read in the worker; what was detected is shown with the first
//! rows and can be corrected), attach it to the producer's building (a named member), set the
//! financing, compute the curve of outcomes against size in the worker, read what the producer
//! and the community get at a chosen size, and put that size into the configuration.

use std::rc::Rc;

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::ctx::{Ctx, Work};
use super::fields::{input_number, select_value, NumField, TextField};
use super::io;
use super::t;
use crate::charts::{draw_size_curves, SizePanel, CONSUMPTION, PRODUCTION, SHARED};
use crate::curve::{CurveOptions, CurveReport, Seen, Stamp, Unit, MAX_FILE_BYTES};
use crate::format::{self, Lang};
use crate::producer::{Financing, SizePoint, SizeRequest, SizingReport};
use crate::scenario::{MemberGroup, OwnerType, Plant, Scenario};

/// Categories a producer's building can be.
const BUILDINGS: [(&str, OwnerType); 7] = [
    ("school", OwnerType::School),
    ("office", OwnerType::Company),
    ("supermarket", OwnerType::Company),
    ("condominium_common", OwnerType::Condominium),
    ("public_building", OwnerType::Public),
    ("university", OwnerType::University),
    ("shop", OwnerType::Company),
];

use super::editors::{category_label, edit_scenario as edit};

#[derive(Properties, PartialEq)]
struct CurveChartProps {
    sized: std::rc::Rc<(SizingReport, f64)>,
    chosen: Option<f64>,
    lang: Lang,
}

/// Producer NPV, community fund and self-sufficiency against size, with the band limits.
#[function_component(SizeChart)]
fn size_chart(p: &CurveChartProps) -> Html {
    let canvas = use_node_ref();
    let w = super::fit::use_fit_width(&canvas, 900);
    let full_h = if p.sized.0.host.is_some() { 620 } else { 420 };
    let h = super::fit::fit_height(w, 900, full_h, 0.85);
    {
        let canvas = canvas.clone();
        use_effect_with(
            (p.sized.clone(), p.chosen, p.lang, w, h),
            move |(sized, chosen, lang, _, _)| {
                if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                    if let Some(backend) = CanvasBackend::with_canvas_object(c) {
                        let area = backend.into_drawing_area();
                        let r = &sized.0;
                        let lang = *lang;
                        let pts = |f: &dyn Fn(&SizePoint) -> f64| {
                            r.points.iter().map(|p| (p.kwp, f(p))).collect::<Vec<_>>()
                        };
                        let t_npv = t(lang, "VAN del produttore (€)", "Producer's NPV (€)");
                        let t_fund = t(
                            lang,
                            "Fondo solidale netto della comunità (€/anno)",
                            "Community's net solidarity fund (€/yr)",
                        );
                        let t_ss = t(
                            lang,
                            "Autosufficienza del produttore (%)",
                            "Producer's self-sufficiency (%)",
                        );
                        let mut panels = vec![
                            SizePanel {
                                title: &t_npv,
                                points: pts(&|p| p.producer_npv_eur),
                                color: CONSUMPTION,
                            },
                            SizePanel {
                                title: &t_fund,
                                points: pts(&|p| p.community_fund_eur),
                                color: SHARED,
                            },
                        ];
                        if r.host.is_some() {
                            panels.push(SizePanel {
                                title: &t_ss,
                                points: pts(&|p| p.self_sufficiency * 100.0),
                                color: PRODUCTION,
                            });
                        }
                        let _ = draw_size_curves(
                            &area,
                            &panels,
                            &r.band_limits_kwp,
                            *chosen,
                            "kWp",
                            &|v| format::number(v, 0, lang),
                        );
                        let _ = area.present();
                    }
                }
                || ()
            },
        );
    }
    html! { <canvas ref={canvas} width={w.to_string()} height={h.to_string()} class="chart" role="img"
    aria-label={t(p.lang, "Curve del VAN del produttore, del fondo della comunità e dell'autosufficienza rispetto alla potenza, con le soglie di 200 e 600 kW", "Curves of the producer's NPV, the community's fund and self-sufficiency against plant size, with the 200 and 600 kW limits")}></canvas> }
}

/// The producer tab: four steps sharing the plant being sized, the financing and the size
/// chosen on the curve.
#[function_component(ProducerPanel)]
pub fn producer_panel() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let plants = &ctx.state.saved.scenario.plants;
    let plant_id = use_state(|| plants.first().map(|p| p.id.clone()).unwrap_or_default());
    let financing = use_state(Financing::default);
    let chosen = use_state(|| None::<usize>);
    let on_plant = {
        let plant_id = plant_id.clone();
        let chosen = chosen.clone();
        Callback::from(move |id: String| {
            plant_id.set(id);
            chosen.set(None);
        })
    };
    let on_financing = {
        let financing = financing.clone();
        Callback::from(move |f: Financing| financing.set(f))
    };
    let on_chosen = {
        let chosen = chosen.clone();
        Callback::from(move |c: Option<usize>| chosen.set(c))
    };
    html! {
        <div class="producer">
            <p class="hint">{ t(lang,
                "Per chi ha un tetto (scuola, azienda, condominio, Politecnico): carica i tuoi consumi reali, scegli come finanzi l'impianto e guarda, per ogni potenza, cosa ottieni tu e cosa ottiene la comunità. I dati restano in questo browser.",
                "For roof owners (a school, a company, a condominium, the Politecnico): load your real consumption, choose how you finance the plant and see, for every size, what you get and what the community gets. Your data stays in this browser.") }</p>
            <RoofStep plant_id={(*plant_id).clone()} {on_plant} />
            <CurveStep plant_id={(*plant_id).clone()} />
            <FinancingStep financing={(*financing).clone()} on_change={on_financing} />
            <SizingStep plant_id={(*plant_id).clone()} financing={(*financing).clone()} chosen={*chosen} {on_chosen} />
        </div>
    }
}

/// The plant being sized (by id) and the member group behind whose meter it is.
fn plant_and_host(s: &Scenario, id: &str) -> (Option<Plant>, Option<usize>) {
    let plant = s.plants.iter().find(|p| p.id == id).cloned();
    let host = plant.as_ref().and_then(|p| s.host_group(p));
    (plant, host)
}

#[derive(Properties, PartialEq)]
struct RoofProps {
    plant_id: String,
    on_plant: Callback<String>,
}

/// 1. The roof to size and its building (the price it pays, behind the meter or not); or the
/// producer's own building and roof, added to the configuration.
#[function_component(RoofStep)]
fn roof_step(props: &RoofProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let s = ctx.state.saved.scenario.clone();
    let (plant, host) = plant_and_host(&s, &props.plant_id);
    let n = |x: f64, d: usize| format::number(x, d, lang);
    let new_name = use_state(|| t(lang, "Il mio edificio", "My building"));
    let new_cat = use_state(|| "school".to_string());
    let on_plant = {
        let on_plant = props.on_plant.clone();
        Callback::from(move |e: Event| on_plant.emit(select_value(&e)))
    };
    let add_building = {
        let ctx = ctx.clone();
        let on_plant = props.on_plant.clone();
        let new_name = new_name.clone();
        let new_cat = new_cat.clone();
        Callback::from(move |_| {
            let name = new_name.trim().to_string();
            if name.is_empty() {
                return;
            }
            let cat = (*new_cat).clone();
            let owner = BUILDINGS
                .iter()
                .find(|b| b.0 == cat)
                .map_or(OwnerType::Company, |b| b.1);
            let mut id: String = format!(
                "tetto-{}",
                name.to_lowercase()
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { '-' })
                    .collect::<String>()
            );
            edit(&ctx, |s| {
                while s.plants.iter().any(|p| p.id == id) {
                    id.push('2');
                }
                let mut mname = name.clone();
                while s
                    .members
                    .iter()
                    .any(|g| g.name.as_deref() == Some(mname.as_str()))
                {
                    mname.push_str(" (2)");
                }
                let mut g = MemberGroup::new(&cat, 1);
                g.name = Some(mname.clone());
                g.committed = Some(1);
                s.members.push(g);
                let mut p = Plant::new(&id, owner, 50.0, 10.0, 180.0);
                p.name = mname.clone();
                p.host_member = Some(mname);
                p.roof_potential_kwp = Some(200.0);
                s.plants.push(p);
            });
            on_plant.emit(id);
        })
    };
    html! {
        <>
            <h3>{ t(lang, "1. Il tuo tetto", "1. Your roof") }</h3>
            <div class="grid">
                <div class="field">
                    <label for="producer-plant">{ t(lang, "Impianto da dimensionare", "Plant to size") }</label>
                    <select id="producer-plant" onchange={on_plant}>
                        { for s.plants.iter().map(|p| html! { <option value={p.id.clone()} selected={p.id == props.plant_id}>{ format!("{}{}", p.id, if p.name.is_empty() { String::new() } else { format!(" — {}", p.name) }) }</option> }) }
                    </select>
                </div>
                if let Some(p) = &plant {
                    <p class="hint">{ format!("{}: {} kWp · {}: {} · {}", t(lang, "Ora", "Now"), n(p.kwp, 1), t(lang, "tetto fino a", "roof up to"), p.roof_potential_kwp.map(|r| format!("{} kWp", n(r, 1))).unwrap_or_else(|| t(lang, "non indicato (impostalo in Impianti)", "not given (set it in Plants)")),
                        match host { Some(g) => format!("{} «{}»", t(lang, "dietro il contatore di", "behind the meter of"), s.members[g].name.clone().unwrap_or_else(|| category_label(&s.members[g].category, lang))), None => t(lang, "impianto che immette tutto (nessun autoconsumo)", "injection-only plant (no self-consumption)") }) }</p>
                }
            </div>
            if let (Some(p), Some(g)) = (&plant, host) {
                <div class="grid">
                    <NumField id="producer-retail" label={t(lang, "Prezzo dell'energia che paghi (tutto compreso)", "Price you pay for electricity (all-in)")} unit="€/kWh"
                        value={Some(crate::simulate::group_retail(&s.members[g]))} min={0.0} max={2.0} {lang}
                        on_change={{ let ctx = ctx.clone(); Callback::from(move |v: Option<f64>| edit(&ctx, |s| s.members[g].retail_eur_per_kwh = v)) }} />
                    <div class="check">
                        <input type="checkbox" id="producer-behind-meter" checked=true onchange={{ let ctx = ctx.clone(); let id = p.id.clone(); Callback::from(move |_| edit(&ctx, |s| if let Some(pl) = s.plants.iter_mut().find(|x| x.id == id) { pl.host_member = None; pl.host_category = None; })) }} />
                        <label for="producer-behind-meter">{ t(lang, "Dietro il contatore dell'edificio (autoconsumo); togli la spunta per un impianto che immette tutto", "Behind the building's meter (self-consumption); untick for an injection-only plant") }</label>
                    </div>
                </div>
            }
            <details class="add-building">
                <summary>{ t(lang, "Aggiungi il tuo edificio e il suo tetto alla configurazione", "Add your building and its roof to the configuration") }</summary>
                <div class="grid">
                    <TextField id="producer-name" label={t(lang, "Nome dell'edificio", "Building name")} value={(*new_name).clone()} on_change={{ let new_name = new_name.clone(); Callback::from(move |v: String| new_name.set(v)) }} />
                    <div class="field"><label for="producer-category">{ t(lang, "Tipo", "Kind") }</label>
                        <select id="producer-category" onchange={{ let new_cat = new_cat.clone(); Callback::from(move |e: Event| new_cat.set(select_value(&e))) }}>
                            { for BUILDINGS.iter().map(|(c, _)| html! { <option value={*c} selected={*c == new_cat.as_str()}>{ category_label(c, lang) }</option> }) }
                        </select></div>
                    <button id="producer-add" onclick={add_building}>{ t(lang, "Aggiungi edificio e tetto", "Add building and roof") }</button>
                </div>
            </details>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct PlantProps {
    plant_id: String,
}

/// 2. The producer's consumption: the bill's band totals, or a metered curve read in the
/// worker, shown as detected (with the first rows and corrections) and attached to a member.
#[function_component(CurveStep)]
fn curve_step(props: &PlantProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let s = ctx.state.saved.scenario.clone();
    let (_, host) = plant_and_host(&s, &props.plant_id);
    let ps = &ctx.state.producer;
    let file = use_state(|| None::<(String, String)>); // (name, base64)
    let opts = use_state(CurveOptions::default);

    // 2. The consumption curve.
    let send_read = {
        let ctx = ctx.clone();
        let cat = host.map(|g| s.members[g].category.clone());
        let year = s.calendar_year;
        move |b64: String, o: CurveOptions| {
            ctx.work.emit(Work::ReadCurve(b64, o, year, cat.clone()))
        }
    };
    let on_file = {
        let file = file.clone();
        let opts = opts.clone();
        let send_read = send_read.clone();
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let file = file.clone();
            let opts = opts.clone();
            let send_read = send_read.clone();
            let ctx = ctx.clone();
            io::read_chosen_bytes(&e, MAX_FILE_BYTES, move |name, res| match res {
                Ok(bytes) => {
                    use base64::Engine;
                    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
                    file.set(Some((name, b64.clone())));
                    opts.set(CurveOptions::default());
                    send_read(b64, CurveOptions::default());
                }
                Err(size) => ctx.state.dispatch(super::state::Action::Problem(
                    format!(
                        "File non letto: {} MB, il limite è {} MB.",
                        format::number(size / 1e6, 1, Lang::It),
                        MAX_FILE_BYTES / 1_000_000
                    ),
                    format!(
                        "File not read: {} MB, the limit is {} MB.",
                        format::number(size / 1e6, 1, Lang::En),
                        MAX_FILE_BYTES / 1_000_000
                    ),
                )),
            });
        })
    };
    let reread = {
        let file = file.clone();
        let opts = opts.clone();
        let send_read = send_read.clone();
        Callback::from(move |_: ()| {
            if let Some((_, b64)) = &*file {
                send_read(b64.clone(), (*opts).clone());
            }
        })
    };

    let curve_view = ps.curve.clone().map(|c| {
        let r = &c.1;
        html! {
            <div class="curve-detected" id="curve-detected" data-total-kwh={r.total_kwh.to_string()} data-mapped-kwh={r.mapped_total_kwh.to_string()}>
                <CurveRead curve={c.clone()} />
                <CurveOverrides opts={opts.clone()} columns={r.detection.columns.clone()} on_reread={reread.clone()} />
                <CurveAttach {host} />
            </div>
        }
    });
    // A file refused may be read with the user's corrections (separator, column, unit…): the
    // same choices as after a reading, below the file's rows as read (the first ones and the
    // refused line) and with its column titles.
    let curve_error = ps.curve_error.clone().map(|e| html! {
        <>
            <p class="field-error" role="alert" id="curve-error">{ format!("{}{}{}",
                e.line.map(|l| format!("{} {l}: ", t(lang, "Riga", "Line"))).unwrap_or_default(),
                e.column.map(|c| format!("{} {c}: ", t(lang, "colonna", "column"))).unwrap_or_default(),
                if lang == Lang::It { e.message_it.clone() } else { e.message_en.clone() }) }</p>
            if let Some(seen) = &e.seen {
                <RefusedRows seen={(**seen).clone()} line={e.line} column={e.column} />
            }
            if file.is_some() {
                <CurveOverrides opts={opts.clone()} columns={e.seen.as_ref().map(|s| s.columns.clone()).unwrap_or_default()} on_reread={reread.clone()} />
            }
        </>
    });

    html! {
        <>
            <h3>{ t(lang, "2. I tuoi consumi", "2. Your consumption") }</h3>
            <p class="hint">{ t(lang,
                "Scarica la curva di carico dal portale del distributore (e-distribuzione, Unareti) o dal Portale Consumi, oppure usa un tuo CSV o foglio di calcolo (.xlsx, .xls, .ods): quarti d'ora, mezz'ore o ore, in kWh o kW. Ti mostro cosa ho capito prima di usarla.",
                "Download your load curve from the distributor's portal (e-distribuzione, Unareti) or the Portale Consumi, or use your own CSV or spreadsheet (.xlsx, .xls, .ods): quarter hours, half hours or hours, in kWh or kW. I show what I understood before using it.") }</p>
            if let Some(g) = host { <BillBands host={g} /> }
            <label class="button" for="curve-file">{ t(lang, "Carica la curva di carico (CSV, XLSX, XLS, ODS)", "Load the load curve (CSV, XLSX, XLS, ODS)") }</label>
            <input id="curve-file" class="visually-hidden" type="file" accept=".csv,.txt,.xlsx,.xls,.ods,text/csv" onchange={on_file} />
            if let Some((name, _)) = &*file { <span class="meta">{ format!(" {name}") }</span> }
            if ps.reading.is_some() { <p role="status">{ t(lang, "Lettura del file…", "Reading the file…") }</p> }
            { curve_error.unwrap_or_default() }
            { curve_view.unwrap_or_default() }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct HostProps {
    /// The member group behind whose meter the plant is.
    host: usize,
}

/// No curve: the bill's yearly consumption by band (F1, F2, F3) rescales the category's
/// typical profile.
#[function_component(BillBands)]
fn bill_bands(props: &HostProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let s = &ctx.state.saved.scenario;
    let g = props.host;
    if g >= s.members.len() {
        return html! {};
    }
    html! {
        <details class="bill" id="bill">
            <summary>{ t(lang, "Non hai la curva? Usa i consumi annui della bolletta per fascia (F1, F2, F3)", "No curve? Use your bill's yearly consumption by band (F1, F2, F3)") }</summary>
            <div class="grid">
                { for ["F1", "F2", "F3"].iter().enumerate().map(|(k, label)| {
                    let ctx = ctx.clone();
                    let cur = s.members[g].band_kwh;
                    html! { <NumField id={format!("bill-{}", label.to_lowercase())} label={format!("{label} ({})", t(lang, "kWh/anno", "kWh/yr"))} unit="kWh"
                        value={cur.map(|b| b[k])} min={0.0} max={10000000.0} optional=true {lang}
                        on_change={Callback::from(move |v: Option<f64>| edit(&ctx, |s| {
                            let m = &mut s.members[g];
                            let mut b = m.band_kwh.unwrap_or([0.0; 3]);
                            b[k] = v.unwrap_or(0.0);
                            m.band_kwh = (b.iter().sum::<f64>() > 0.0).then_some(b);
                            if m.band_kwh.is_some() { m.hourly_kwh = None; m.annual_kwh = None; }
                        }))} /> }
                }) }
            </div>
            <p class="hint">{ t(lang, "Il profilo orario tipico della categoria viene riscalato fascia per fascia a questi totali (stima; una curva misurata è più precisa).", "The category's typical hourly profile is rescaled band by band to these totals (an estimate; a metered curve is more precise).") }</p>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct CurveReadProps {
    curve: Rc<(Vec<f64>, CurveReport)>,
}

/// What was read in the file: rows and days, time and unit as detected (unsure ones marked),
/// the energy before and after mapping to the simulated year, notes and the first rows.
#[function_component(CurveRead)]
fn curve_read(props: &CurveReadProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let n = |x: f64, d: usize| format::number(x, d, lang);
    let r = &props.curve.1;
    let d = &r.detection;
    let unsure = |k: &str| d.unsure.iter().any(|u| u == k);
    html! {
        <>
            <h4>{ t(lang, "Cosa ho letto nel file", "What I read in the file") }</h4>
            <ul>
                <li>{ format!("{}: {} {} ({} → {}), {} {}", t(lang, "Righe", "Rows"), n(r.rows as f64, 0), t(lang, "di dati", "of data"), format::date(&r.first_day), format::date(&r.last_day), n(r.days_with_data as f64, 0), t(lang, "giorni con dati", "days with data")) }</li>
                <li>{ format!("{}: {}", t(lang, "Tempo", "Time"), if lang == Lang::It { d.time_description.it.clone() } else { d.time_description.en.clone() }) }</li>
                <li class={classes!(unsure("unit").then_some("unsure"))}>{ format!("{}: {} · {}: {} min", t(lang, "Unità", "Unit"), match d.unit { Unit::Kwh => "kWh", Unit::Kw => "kW (potenza media)", Unit::Wh => "Wh", Unit::W => "W", Unit::Mwh => "MWh" }, t(lang, "passo", "step"), r.step_minutes) }
                    if unsure("unit") { <strong>{ t(lang, " — non indicata nel file: verificare", " — not stated in the file: please check") }</strong> }</li>
                if let Some(vc) = d.value_column {
                    <li class={classes!(unsure("value_column").then_some("unsure"))}>{ format!("{}: {} «{}»", t(lang, "Consumi nella colonna", "Consumption in column"), vc + 1, d.columns.get(vc).cloned().unwrap_or_default()) }</li>
                }
                if d.cumulative {
                    <li class={classes!(unsure("cumulative").then_some("unsure"))}>{ t(lang, "Valori: letture di un contatore; i consumi sono le differenze tra letture consecutive", "Values: a meter's readings; the consumption is the difference between consecutive readings") }
                        if unsure("cumulative") { <strong>{ t(lang, " — rilevato perché crescono sempre: verificare", " — detected because they only ever rise: please check") }</strong> }</li>
                }
                <li><strong>{ format!("{}: {} kWh", t(lang, "Energia nel file", "Energy in the file"), n(r.total_kwh, 0)) }</strong>{ format!(" · {} {}: {} kWh ({} {})", t(lang, "sull'anno simulato", "on the simulated year"), ctx.state.saved.scenario.calendar_year, n(r.mapped_total_kwh, 0), n(r.filled_hours as f64, 0), t(lang, "ore riempite", "hours filled")) }</li>
            </ul>
            if !r.estimated_months.is_empty() {
                <p class="warning">{ format!("{}: {}", t(lang, "Anno parzialmente stimato, mesi senza dati", "Year partly estimated, months without data"), r.estimated_months.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", ")) }</p>
            }
            <ul class="notes">{ for r.warnings.iter().map(|w| html! { <li>{ if lang == Lang::It { w.it.clone() } else { w.en.clone() } }</li> }) }</ul>
            <div class="table-scroll"><table class="preview"><caption>{ t(lang, "Prime righe del file", "First rows of the file") }</caption>
                <tbody>{ for d.preview.iter().map(|row| html! { <tr>{ for row.iter().take(12).map(|c| html! { <td>{ c.clone() }</td> }) }</tr> }) }</tbody></table></div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct RefusedRowsProps {
    /// The file as read: its rows shown, each with its 1-based line.
    seen: Seen,
    /// The refused line and column (1-based), marked.
    line: Option<usize>,
    column: Option<usize>,
}

/// A refused file's rows as read, numbered by line and column (the numbers the message and
/// the column choice use), the refused cell marked.
#[function_component(RefusedRows)]
fn refused_rows(props: &RefusedRowsProps) -> Html {
    let lang = use_context::<Ctx>().expect("context").lang();
    let cols = props.seen.shown_columns(props.column);
    html! {
        <div class="table-scroll"><table class="preview" id="curve-error-rows">
            <caption>{ t(lang, "Righe del file come le ho lette", "The file's rows as I read them") }</caption>
            <thead><tr><th scope="col">{ t(lang, "Riga", "Line") }</th>
                { for cols.iter().map(|c| html! { <th scope="col">{ c.map_or("…".to_string(), |c| c.to_string()) }</th> }) }</tr></thead>
            <tbody>{ for props.seen.rows.iter().map(|(line, cells)| {
                let here = props.line == Some(*line);
                html! { <tr class={classes!(here.then_some("refused"))}><th scope="row">{ line }</th>
                    { for cols.iter().map(|c| {
                        let v = c.and_then(|c| cells.get(c - 1)).cloned().unwrap_or_default();
                        let refused = here && c.is_some() && *c == props.column;
                        html! { <td class={classes!(refused.then_some("refused"))}>{ v }</td> }
                    }) }</tr> }
            }) }</tbody></table></div>
    }
}

#[derive(Properties, PartialEq)]
struct CurveOverridesProps {
    opts: UseStateHandle<CurveOptions>,
    /// The file's column titles ("1", "2", … when it has none; empty: offer 20 by number).
    columns: Vec<String>,
    on_reread: Callback<()>,
}

/// Corrections of what was detected (unit, step, column, stamp side, readings or consumption,
/// separator), then a new reading with them.
#[function_component(CurveOverrides)]
fn curve_overrides(props: &CurveOverridesProps) -> Html {
    let lang = use_context::<Ctx>().expect("context").lang();
    let opts = props.opts.clone();
    let set_opt = |f: fn(&mut CurveOptions, String)| {
        let opts = opts.clone();
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            let mut o = (*opts).clone();
            f(&mut o, v);
            opts.set(o);
        })
    };
    let o = (*opts).clone();
    let reread = props.on_reread.reform(|_: MouseEvent| ());
    html! {
        <fieldset class="curve-overrides"><legend>{ t(lang, "Correggi se serve", "Correct if needed") }</legend>
            <div class="field"><label for="curve-unit">{ t(lang, "Unità", "Unit") }</label>
                <select id="curve-unit" onchange={set_opt(|o, v| o.unit = match v.as_str() { "kwh" => Some(Unit::Kwh), "kw" => Some(Unit::Kw), "wh" => Some(Unit::Wh), "w" => Some(Unit::W), "mwh" => Some(Unit::Mwh), _ => None })}>
                    <option value="" selected={o.unit.is_none()}>{ t(lang, "come rilevato", "as detected") }</option>
                    <option value="kwh" selected={o.unit == Some(Unit::Kwh)}>{ "kWh" }</option><option value="kw" selected={o.unit == Some(Unit::Kw)}>{ t(lang, "kW (potenza media)", "kW (average power)") }</option>
                    <option value="wh" selected={o.unit == Some(Unit::Wh)}>{ "Wh" }</option><option value="w" selected={o.unit == Some(Unit::W)}>{ "W" }</option><option value="mwh" selected={o.unit == Some(Unit::Mwh)}>{ "MWh" }</option>
                </select></div>
            <div class="field"><label for="curve-step">{ t(lang, "Passo", "Step") }</label>
                <select id="curve-step" onchange={set_opt(|o, v| o.step_minutes = v.parse().ok())}>
                    <option value="" selected={o.step_minutes.is_none()}>{ t(lang, "come rilevato", "as detected") }</option>
                    { for [15u32, 30, 60].iter().map(|m| html! { <option value={m.to_string()} selected={o.step_minutes == Some(*m)}>{ format!("{m} min") }</option> }) }
                </select></div>
            <div class="field"><label for="curve-column">{ t(lang, "Colonna dei consumi", "Consumption column") }</label>
                <select id="curve-column" onchange={set_opt(|o, v| o.value_column = v.parse().ok())}>
                    <option value="" selected={o.value_column.is_none()}>{ t(lang, "come rilevata", "as detected") }</option>
                    { for props.columns.iter().enumerate().map(|(i, c)| html! { <option value={i.to_string()} selected={o.value_column == Some(i)}>{ format!("{} — {}", i + 1, c) }</option> }) }
                    if props.columns.is_empty() {
                        { for (0..20usize).map(|i| html! { <option value={i.to_string()} selected={o.value_column == Some(i)}>{ format!("{} {}", t(lang, "colonna", "column"), i + 1) }</option> }) }
                    }
                </select></div>
            <div class="field"><label for="curve-stamp">{ t(lang, "L'ora indica", "The time marks") }</label>
                <select id="curve-stamp" onchange={set_opt(|o, v| o.stamp = match v.as_str() { "start" => Some(Stamp::Start), "end" => Some(Stamp::End), _ => None })}>
                    <option value="" selected={o.stamp.is_none()}>{ t(lang, "come rilevato", "as detected") }</option>
                    <option value="start" selected={o.stamp == Some(Stamp::Start)}>{ t(lang, "l'inizio dell'intervallo", "the interval's start") }</option>
                    <option value="end" selected={o.stamp == Some(Stamp::End)}>{ t(lang, "la fine dell'intervallo", "the interval's end") }</option>
                </select></div>
            <div class="field"><label for="curve-readings">{ t(lang, "I valori sono", "The values are") }</label>
                <select id="curve-readings" onchange={set_opt(|o, v| o.cumulative = match v.as_str() { "interval" => Some(false), "readings" => Some(true), _ => None })}>
                    <option value="" selected={o.cumulative.is_none()}>{ t(lang, "come rilevato", "as detected") }</option>
                    <option value="interval" selected={o.cumulative == Some(false)}>{ t(lang, "consumi di ogni intervallo", "each interval's consumption") }</option>
                    <option value="readings" selected={o.cumulative == Some(true)}>{ t(lang, "letture di un contatore (crescenti)", "a meter's readings (rising)") }</option>
                </select></div>
            <div class="field"><label for="curve-sep">{ t(lang, "Separatore", "Separator") }</label>
                <select id="curve-sep" onchange={set_opt(|o, v| o.separator = match v.as_str() { "tab" => Some('\t'), x if x.chars().count() == 1 => x.chars().next(), _ => None })}>
                    <option value="" selected={o.separator.is_none()}>{ t(lang, "come rilevato", "as detected") }</option>
                    { for [(";", ';'), (",", ','), ("tab", '\t'), ("|", '|')].iter().map(|(v, c)| html! { <option value={*v} selected={o.separator == Some(*c)}>{ *v }</option> }) }
                </select></div>
            <button id="curve-reread" onclick={reread}>{ t(lang, "Rileggi con queste scelte", "Read again with these choices") }</button>
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
struct CurveAttachProps {
    /// The member group behind the plant's meter, if any: the default choice.
    host: Option<usize>,
}

/// Whose consumption the curve is, and attaching it to that member group.
#[function_component(CurveAttach)]
fn curve_attach(props: &CurveAttachProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let n = |x: f64, d: usize| format::number(x, d, lang);
    let s = &ctx.state.saved.scenario;
    let host = props.host;
    let target = use_state(|| None::<usize>);
    let attach_to = (*target).filter(|g| *g < s.members.len()).or(host);
    let on_target = {
        let target = target.clone();
        Callback::from(move |e: Event| target.set(select_value(&e).parse().ok()))
    };
    let attach = {
        let ctx = ctx.clone();
        Callback::from(move |_| {
            let Some(c) = ctx.state.producer.curve.clone() else {
                return;
            };
            let Some(g) = attach_to else { return };
            edit(&ctx, |s| {
                s.members[g].hourly_kwh = Some(c.0.clone());
                s.members[g].annual_kwh = None;
                s.members[g].band_kwh = None;
            });
            ctx.state.dispatch(super::state::Action::Notice(
                "Curva di consumo collegata al produttore: i risultati la usano.".into(),
                "Consumption curve attached to the producer: the results use it.".into(),
            ));
        })
    };
    html! {
        <div class="field inline">
            <label for="curve-target">{ t(lang, "Consumi di", "Consumption of") }</label>
            <select id="curve-target" onchange={on_target}>
                { for s.members.iter().enumerate().map(|(i, g)| html! {
                    <option value={i.to_string()} selected={Some(i) == attach_to}>{ format!("{}{}", g.name.clone().unwrap_or_else(|| category_label(&g.category, lang)),
                        if g.name.is_none() && g.count > 1 { format!(" ({} {})", n(g.count as f64, 0), t(lang, "membri, ciascuno con questa curva", "members, each with this curve")) } else { String::new() }) }</option>
                }) }
            </select>
            <button class="primary" id="curve-attach" onclick={attach.clone()} disabled={attach_to.is_none()}>{ t(lang, "Usa questa curva", "Use this curve") }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct FinancingProps {
    financing: Financing,
    on_change: Callback<Financing>,
}

/// 3. How the producer pays for the plant (loan, rate, term, taxes).
#[function_component(FinancingStep)]
fn financing_step(props: &FinancingProps) -> Html {
    let lang = use_context::<Ctx>().expect("context").lang();
    let set_fin = |f: fn(&mut Financing, Option<f64>)| {
        let current = props.financing.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |v: Option<f64>| {
            let mut x = current.clone();
            f(&mut x, v);
            on_change.emit(x);
        })
    };
    let fin = props.financing.clone();
    html! {
        <>
            <h3>{ t(lang, "3. Come finanzi l'impianto", "3. How you finance the plant") }</h3>
            <div class="grid">
                <NumField id="fin-loan" label={t(lang, "Quota finanziata con un prestito", "Share financed with a loan")} unit="%" value={Some(fin.loan_share_pct)} min={0.0} max={100.0} {lang} on_change={set_fin(|f, v| f.loan_share_pct = v.unwrap_or(0.0))} />
                <NumField id="fin-rate" label={t(lang, "Tasso del prestito", "Loan rate")} unit="%" value={Some(fin.loan_rate_pct)} min={-5.0} max={30.0} {lang} on_change={set_fin(|f, v| f.loan_rate_pct = v.unwrap_or(4.0))} />
                <NumField id="fin-years" label={t(lang, "Durata del prestito", "Loan term")} unit={t(lang, "anni", "years")} value={Some(fin.loan_years as f64)} min={1.0} max={40.0} integer=true {lang} on_change={set_fin(|f, v| f.loan_years = v.unwrap_or(10.0) as u32)} />
                <NumField id="fin-tax" label={t(lang, "Imposte sul reddito dell'impianto (ipotesi)", "Tax on the plant's income (assumption)")} unit="%" value={Some(fin.tax_rate_pct)} min={0.0} max={80.0} {lang} on_change={set_fin(|f, v| f.tax_rate_pct = v.unwrap_or(0.0))} />
            </div>
            <p class="hint">{ t(lang,
                "Il produttore tiene i risparmi in bolletta e la vendita dell'energia; gli incentivi sull'energia condivisa vanno alla comunità secondo il suo statuto (CER.ca.MI: tutti a progetti sociali). La quota ai produttori è un'ipotesi modificabile in Ipotesi («Fondo: ai produttori»); eventuali contributi si indicano sull'impianto in Impianti.",
                "The producer keeps its bill savings and energy sales; the incentives on shared energy go to the community under its statute (CER.ca.MI: all to social projects). The producers' share is an editable assumption in Assumptions (“Fund: to producers”); any grant is set on the plant in Plants.") }</p>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct SizingProps {
    plant_id: String,
    financing: Financing,
    chosen: Option<usize>,
    on_chosen: Callback<Option<usize>>,
}

/// 4. The curve of outcomes against size (computed in the worker), a size chosen on it in
/// words, and that size put into the configuration.
#[function_component(SizingStep)]
fn sizing_step(props: &SizingProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let s = ctx.state.saved.scenario.clone();
    let (plant, _) = plant_and_host(&s, &props.plant_id);
    let n = |x: f64, d: usize| format::number(x, d, lang);
    let ps = &ctx.state.producer;
    let chosen = props.chosen;
    let run = {
        let ctx = ctx.clone();
        let financing = props.financing.clone();
        let plant_id = props.plant_id.clone();
        let on_chosen = props.on_chosen.clone();
        Callback::from(move |_| {
            on_chosen.emit(None);
            ctx.work.emit(Work::SizePlant(
                Box::new(ctx.state.saved.scenario.clone()),
                SizeRequest {
                    plant_id: plant_id.clone(),
                    max_kwp: None,
                    steps: 50,
                    financing: financing.clone(),
                },
            ))
        })
    };
    let sized = ps
        .sized
        .clone()
        .filter(|r| Some(&r.0.plant_id) == plant.as_ref().map(|p| &p.id));
    let chosen_point: Option<SizePoint> = sized.as_ref().map(|r| {
        let i = chosen.unwrap_or_else(|| {
            r.0.points
                .iter()
                .position(|p| (p.kwp - r.0.recommended.max_producer_npv_kwp).abs() < 1e-9)
                .unwrap_or(0)
        });
        r.0.points[i.min(r.0.points.len() - 1)].clone()
    });
    let on_size = {
        let on_chosen = props.on_chosen.clone();
        Callback::from(move |e: InputEvent| {
            on_chosen.emit(Some(input_number(&e, 0usize)));
        })
    };
    let use_size = apply_size_callback(
        &ctx,
        chosen_point.clone(),
        plant.as_ref().map(|p| p.id.clone()),
    );

    let result = sized.clone().map(|r| {
        let rep = &r.0;
        let rec = &rep.recommended;
        let idx = chosen.unwrap_or_else(|| rep.points.iter().position(|p| (p.kwp - rec.max_producer_npv_kwp).abs() < 1e-9).unwrap_or(0));
        let p = chosen_point.clone().unwrap_or_else(|| rep.points[0].clone());
        let kwp_s = |x: f64| format!("{} kWp", n(x, 1));
        let years = ctx.state.report.as_ref().map_or(20, |r| r.0.finance.years);
        let words = size_words(&p, rep.producers_fund_share_pct, years, lang);
        html! {
            <div id="sizing-result" data-points={rep.points.len().to_string()} data-best-npv-kwp={rec.max_producer_npv_kwp.to_string()}
                data-curve={serde_json::to_string(&rep.points.iter().map(|p| [p.kwp, p.producer_npv_eur, p.community_fund_eur, p.self_consumption_kwh]).collect::<Vec<_>>()).unwrap_or_default()}>
                <ul class="recommended">
                    <li>{ t(lang, "VAN più alto per il produttore: ", "Largest NPV for the producer: ") }<strong>{ kwp_s(rec.max_producer_npv_kwp) }</strong></li>
                    <li>{ t(lang, "Rientro più rapido: ", "Fastest payback: ") }<strong>{ rec.fastest_payback_kwp.map(kwp_s).unwrap_or_else(|| t(lang, "nessuna taglia rientra", "no size pays back")) }</strong></li>
                    if let Some(x) = rec.max_self_sufficiency_kwp { <li>{ t(lang, "Massima autosufficienza (99 % del massimo): ", "Largest self-sufficiency (99 % of the maximum): ") }<strong>{ kwp_s(x) }</strong></li> }
                    <li>{ t(lang, "Fondo più alto per la comunità: ", "Largest fund for the community: ") }<strong>{ kwp_s(rec.max_community_fund_kwp) }</strong></li>
                </ul>
                <SizeChart sized={r.clone()} chosen={Some(p.kwp)} {lang} />
                <div class="field">
                    <label for="size-slider">{ format!("{}: {}", t(lang, "Potenza scelta", "Chosen size"), kwp_s(p.kwp)) }</label>
                    <input id="size-slider" type="range" min="0" max={(rep.points.len() - 1).to_string()} step="1" value={idx.to_string()} oninput={on_size} />
                </div>
                <p id="size-words" class="size-words">{ words }</p>
                <button class="primary" id="use-size" onclick={use_size} disabled={p.kwp <= 0.0}>{ format!("{} ({})", t(lang, "Usa questa potenza nella configurazione", "Use this size in the configuration"), kwp_s(p.kwp)) }</button>
                <p class="meta">{ format!("{} {} {} {} ms", n(rep.points.len() as f64, 0), t(lang, "simulazioni annuali complete nel web worker in", "full-year simulations in the web worker in"), "", n(r.1, 0)) }</p>
            </div>
        }
    });

    html! {
        <>
            <h3>{ t(lang, "4. Quale potenza", "4. Which size") }</h3>
            if ps.sizing.is_some() {
                <p role="status" id="sizing-progress"><progress max="1" value={ps.progress.to_string()}></progress></p>
            } else {
                <button class="primary" id="run-sizing" onclick={run} disabled={plant.is_none()}>{ t(lang, "Calcola la curva da 0 alla potenza massima del tetto", "Compute the curve from 0 to the roof's maximum") }</button>
            }
            if let Some((it, en)) = &ps.size_error { <p class="field-error" role="alert" id="sizing-error">{ if lang == Lang::It { it.clone() } else { en.clone() } }</p> }
            { result.unwrap_or_default() }
        </>
    }
}

/// "Use this size": the plant gets the chosen size (rounded to 0.1 kWp; its roof potential
/// raised to it if below), undoable, and a notice says so.
fn apply_size_callback(
    ctx: &Ctx,
    point: Option<SizePoint>,
    plant_id: Option<String>,
) -> Callback<MouseEvent> {
    let ctx = ctx.clone();
    Callback::from(move |_| {
        let (Some(p), Some(id)) = (&point, &plant_id) else {
            return;
        };
        if p.kwp <= 0.0 {
            return;
        }
        let kwp = (p.kwp * 10.0).round() / 10.0;
        edit(&ctx, |s| {
            if let Some(pl) = s.plants.iter_mut().find(|x| &x.id == id) {
                pl.kwp = kwp;
                if pl.roof_potential_kwp.is_some_and(|r| r < kwp) {
                    pl.roof_potential_kwp = Some(kwp);
                }
            }
        });
        ctx.state.dispatch(super::state::Action::Notice(
            format!(
                "Impianto {id} impostato a {} kWp.",
                format::number(kwp, 1, Lang::It)
            ),
            format!(
                "Plant {id} set to {} kWp.",
                format::number(kwp, 1, Lang::En)
            ),
        ));
    })
}

/// The chosen size in words: what the producer invests and earns, what it uses and sells,
/// what the community shares and its fund (and who gets the fund, by the statute).
fn size_words(p: &SizePoint, producers_fund_share_pct: f64, years: u32, lang: Lang) -> String {
    let it = lang == Lang::It;
    let n = |x: f64, d: usize| format::number(x, d, lang);
    let e = |x: f64| format::euros(x, lang);
    let (kwp, years) = (n(p.kwp, 1), n(years as f64, 0));
    let (capex, npv, fund) = (
        e(p.capex_eur),
        e(p.producer_npv_eur),
        e(p.community_fund_eur),
    );
    let (own, sold, shared) = (
        n(p.self_consumption_kwh, 0),
        n(p.injected_kwh, 0),
        n(p.shared_kwh, 0),
    );
    let share = format::percent(p.self_sufficiency, 0, lang);
    let payback = match (p.payback_years, it) {
        (Some(y), true) => format!("{} anni", n(y, 1)),
        (Some(y), false) => format!("{} years", n(y, 1)),
        (None, true) => "non raggiunto".into(),
        (None, false) => "not reached".into(),
    };
    let to = n(producers_fund_share_pct, 0);
    let whom = match (producers_fund_share_pct > 0.0, it) {
        (true, true) => format!(", di cui il {to} % va ai produttori"),
        (true, false) => format!(", of which {to} % goes to producers"),
        (false, true) => {
            ": per statuto CER.ca.MI tutto va a progetti sociali e povertà energetica".into()
        }
        (false, false) => {
            ": under the CER.ca.MI statute all of it goes to social projects and energy poverty"
                .into()
        }
    };
    if it {
        format!("Con {kwp} kWp: il produttore investe {capex} e ha un VAN di {npv} in {years} anni (rientro {payback}); usa direttamente {own} kWh l'anno ({share} dei suoi consumi) e vende {sold} kWh. La comunità condivide {shared} kWh con questo impianto e il suo fondo solidale netto è di {fund} l'anno{whom}.")
    } else {
        format!("At {kwp} kWp: the producer invests {capex} and has an NPV of {npv} over {years} years (payback {payback}); it uses {own} kWh a year itself ({share} of its consumption) and sells {sold} kWh. The community shares {shared} kWh with this plant and its net solidarity fund is {fund} a year{whom}.")
    }
}

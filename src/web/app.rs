//! The first page: choose a configuration, see its key figures and charts.

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use web_sys::{HtmlCanvasElement, HtmlSelectElement};
use yew::prelude::*;

use super::i18n::{self, Text};
use crate::charts::{self, ChartText};
use crate::format::{self, Lang};
use crate::presets::{preset, PRESETS};
use crate::report::Report;
use crate::scenario::{parse_and_validate, ValidationError};
use crate::simulate::simulate;

const STORAGE_KEY: &str = "cer-planner/v1/ui";

#[derive(Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct UiState {
    lang: Lang,
    preset: String,
}

fn load_ui() -> UiState {
    gloo::storage::LocalStorage::get::<UiState>(STORAGE_KEY).unwrap_or(UiState {
        lang: Lang::It,
        preset: "citta_studi".into(),
    })
}

use gloo::storage::Storage;

#[derive(Clone, PartialEq)]
enum Outcome {
    Done {
        report: Box<Report>,
        ms: f64,
        description: String,
    },
    Invalid(Vec<ValidationError>),
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

fn run(id: &str) -> Outcome {
    let Some(text) = preset(id) else {
        return Outcome::Invalid(vec![ValidationError {
            field: "preset".into(),
            value: id.into(),
            message_en: "unknown preset".into(),
            message_it: "configurazione sconosciuta".into(),
        }]);
    };
    let t0 = now_ms();
    match parse_and_validate(text) {
        Ok(v) => {
            let sim = simulate(&v);
            Outcome::Done {
                description: v.scenario.description.clone(),
                report: Box::new(sim.report),
                ms: now_ms() - t0,
            }
        }
        Err(e) => Outcome::Invalid(e),
    }
}

#[derive(Properties, PartialEq)]
struct ChartProps {
    report: Box<Report>,
    lang: Lang,
    kind: &'static str,
    width: u32,
    height: u32,
    label: String,
}

#[function_component(Chart)]
fn chart(p: &ChartProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        let deps = (p.report.clone(), p.lang, p.kind);
        use_effect_with(deps, move |(report, lang, kind)| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                if let Some(backend) = CanvasBackend::with_canvas_object(c) {
                    let area = backend.into_drawing_area();
                    let t: &ChartText = if *lang == Lang::En {
                        &charts::EN
                    } else {
                        &charts::IT
                    };
                    let _ = match *kind {
                        "monthly" => charts::draw_monthly(&area, report, t),
                        "typical" => charts::draw_typical_days(&area, report, t),
                        _ => charts::draw_heatmap(&area, report, t),
                    };
                    let _ = area.present();
                }
            }
            || ()
        });
    }
    html! {
        <canvas ref={canvas} width={p.width.to_string()} height={p.height.to_string()}
            role="img" aria-label={p.label.clone()} class="chart"></canvas>
    }
}

fn figure(
    label: &Text,
    value: String,
    raw: f64,
    note: Option<String>,
    lang: Lang,
    id: &str,
) -> Html {
    html! {
        <div class="figure" id={id.to_string()} data-value={raw.to_string()}>
            <div class="figure-label">{ label.get(lang) }</div>
            <div class="figure-value">{ value }</div>
            if let Some(n) = note { <div class="figure-note">{ n }</div> }
        </div>
    }
}

/// The application root.
#[function_component(App)]
pub fn app() -> Html {
    let ui = use_state(load_ui);
    let outcome = {
        let id = ui.preset.clone();
        use_memo(id, |id| run(id))
    };
    {
        let ui = (*ui).clone();
        use_effect_with(ui, |ui| {
            let _ = gloo::storage::LocalStorage::set(STORAGE_KEY, ui);
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                if let Some(el) = doc.document_element() {
                    let _ = el.set_attribute("lang", if ui.lang == Lang::En { "en" } else { "it" });
                }
            }
            || ()
        });
    }
    let lang = ui.lang;
    let on_preset = {
        let ui = ui.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            ui.set(UiState {
                preset: v,
                ..(*ui).clone()
            });
        })
    };
    let set_lang = |l: Lang| {
        let ui = ui.clone();
        Callback::from(move |_| {
            ui.set(UiState {
                lang: l,
                ..(*ui).clone()
            })
        })
    };
    let names: Vec<(String, String)> = PRESETS
        .iter()
        .map(|(id, text)| {
            let name = serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| v["cp"]["name"].as_str().map(|s| s.to_string()))
                .unwrap_or_else(|| id.to_string());
            let name = if *id == "template_new_cp" {
                match lang {
                    Lang::It => "Nuova configurazione (modello)".to_string(),
                    Lang::En => "New configuration (template)".to_string(),
                }
            } else {
                name
            };
            (id.to_string(), name)
        })
        .collect();
    let body = match &*outcome {
        Outcome::Invalid(errs) => html! {
            <section class="errors" role="alert">
                <h2>{ i18n::ERRORS.get(lang) }</h2>
                <ul>{ for errs.iter().map(|e| html!{ <li><code>{ &e.field }</code>{ ": " }{ if lang == Lang::It { &e.message_it } else { &e.message_en } }</li> }) }</ul>
            </section>
        },
        Outcome::Done {
            report,
            ms,
            description,
        } => {
            let r = report;
            let n = |x: f64, d: usize| format::number(x, d, lang);
            let ep = &r.energy_poverty;
            html! {
                <>
                <p class="description">
                    if r.illustrative { <strong class="badge">{ i18n::ILLUSTRATIVE.get(lang) }</strong>{ " " } }
                    { description.clone() }
                </p>
                <p class="meta">{ format!("CP {} · {} {} · {} kWp · {} {} ms", r.cp_code, n(r.members_total as f64, 0), i18n::MEMBERS.get(lang), n(r.pv_kwp_total, 1), i18n::COMPUTED_IN.get(lang), n(*ms, 0)) }</p>
                <section aria-labelledby="kf-title">
                    <h2 id="kf-title">{ i18n::KEY_FIGURES.get(lang) }</h2>
                    <div class="figures">
                        { figure(&i18n::PRODUCTION, format::energy_kwh(r.production_kwh, lang), r.production_kwh, Some(format!("{} kWh/kWp", n(r.production_kwh / r.pv_kwp_total.max(1e-9), 0))), lang, "fig-production") }
                        { figure(&i18n::SHARED, format::energy_kwh(r.shared_kwh, lang), r.shared_kwh, Some(format!("{} {}", format::percent(r.shared_ratio_of_injection, 1, lang), i18n::OF_INJECTION.get(lang))), lang, "fig-shared") }
                        { figure(&i18n::SELF_SUFFICIENCY, format::percent(r.self_sufficiency, 1, lang), r.self_sufficiency, Some(format!("{} {}", i18n::CONSUMPTION.get(lang), format::energy_kwh(r.consumption_kwh, lang))), lang, "fig-selfsuff") }
                        { figure(&i18n::TIP, format!("{}{}", format::euros(r.tip_eur, lang), i18n::PER_YEAR.get(lang)), r.tip_eur, None, lang, "fig-tip") }
                        { figure(&i18n::VALORISATION, format!("{}{}", format::euros(r.valorisation_eur, lang), i18n::PER_YEAR.get(lang)), r.valorisation_eur, None, lang, "fig-valorisation") }
                        { figure(&i18n::SALES, format!("{}{}", format::euros(r.sales_eur, lang), i18n::PER_YEAR.get(lang)), r.sales_eur, None, lang, "fig-sales") }
                        { figure(&i18n::SOLIDARITY_MIN, format!("{}{}", format::euros(r.solidarity_min_eur, lang), i18n::PER_YEAR.get(lang)), r.solidarity_min_eur, None, lang, "fig-solidarity-min") }
                        { figure(&i18n::FUND, format!("{}{}", format::euros(r.fund.net_fund_eur, lang), i18n::PER_YEAR.get(lang)), r.fund.net_fund_eur, None, lang, "fig-fund") }
                        { figure(&i18n::EP_SUPPORTED, n(ep.households_supportable_at_target as f64, 0), ep.households_supportable_at_target as f64, Some(format!("{} {}{}", i18n::EP_AT.get(lang), format::euros(ep.support_target_eur_per_household, lang), i18n::PER_YEAR.get(lang))), lang, "fig-ep") }
                        { figure(&i18n::CO2, format!("{} t{}", n(r.co2_avoided_t, 1), i18n::PER_YEAR.get(lang)), r.co2_avoided_t, None, lang, "fig-co2") }
                    </div>
                </section>
                <section class="charts">
                    <figure>
                        <figcaption>{ i18n::CHART_MONTHLY.get(lang) }</figcaption>
                        <Chart report={r.clone()} lang={lang} kind="monthly" width={720} height={340} label={i18n::CHART_MONTHLY.get(lang).to_string()} />
                    </figure>
                    <figure>
                        <figcaption>{ i18n::CHART_HEATMAP.get(lang) }</figcaption>
                        <Chart report={r.clone()} lang={lang} kind="heatmap" width={720} height={340} label={i18n::CHART_HEATMAP.get(lang).to_string()} />
                    </figure>
                    <figure class="wide">
                        <figcaption>{ i18n::CHART_TYPICAL.get(lang) }</figcaption>
                        <Chart report={r.clone()} lang={lang} kind="typical" width={960} height={560} label={i18n::CHART_TYPICAL.get(lang).to_string()} />
                    </figure>
                </section>
                <section>
                    <h2>{ i18n::PLANTS.get(lang) }</h2>
                    <table class="plants">
                        <thead><tr>
                            <th scope="col">{ i18n::PLANT.get(lang) }</th><th scope="col">{ "kWp" }</th>
                            <th scope="col">{ i18n::BAND.get(lang) }</th><th scope="col">{ format!("{} (kWh/kWp)", i18n::YIELD.get(lang)) }</th>
                            <th scope="col">{ format!("{} (kWh)", i18n::PLANT_SHARED.get(lang)) }</th><th scope="col">{ format!("{} (€)", i18n::TIP.get(lang)) }</th>
                        </tr></thead>
                        <tbody>{ for r.plants.iter().map(|p| html!{
                            <tr>
                                <td>{ &p.id }</td><td class="num">{ n(p.kwp, 1) }</td><td>{ p.power_band.label() }</td>
                                <td class="num">{ n(p.specific_yield_kwh_per_kwp, 0) }</td><td class="num">{ n(p.shared_kwh, 0) }</td><td class="num">{ n(p.tip_eur, 0) }</td>
                            </tr>
                        }) }</tbody>
                    </table>
                </section>
                </>
            }
        }
    };
    html! {
        <>
        <header>
            <div>
                <h1>{ i18n::TITLE.get(lang) }</h1>
                <p class="subtitle">{ i18n::SUBTITLE.get(lang) }</p>
            </div>
            <div class="lang" role="group" aria-label={i18n::LANGUAGE.get(lang)}>
                <button id="lang-it" aria-pressed={(lang == Lang::It).to_string()} onclick={set_lang(Lang::It)}>{ "IT" }</button>
                <button id="lang-en" aria-pressed={(lang == Lang::En).to_string()} onclick={set_lang(Lang::En)}>{ "EN" }</button>
            </div>
        </header>
        <main>
            <div class="controls">
                <label for="preset">{ i18n::CONFIGURATION.get(lang) }</label>
                <select id="preset" onchange={on_preset}>
                    { for names.iter().map(|(id, name)| html!{ <option value={id.clone()} selected={*id == ui.preset}>{ name }</option> }) }
                </select>
            </div>
            { body }
        </main>
        <footer><p>{ i18n::SOURCES.get(lang) }</p></footer>
        </>
    }
}

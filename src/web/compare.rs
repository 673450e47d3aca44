//! Compare two to four scenarios side by side: key figures and overlaid monthly shared energy.

use std::rc::Rc;

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::ctx::{Ctx, Work};
use super::results::chart_text;
use super::state::{Action, Purpose};
use super::t;
use crate::charts;
use crate::format::{self, Lang};
use crate::report::Report;
use crate::scenario::Scenario;

#[derive(Properties, PartialEq)]
struct OverlayProps {
    series: Vec<(String, Rc<Report>)>,
    lang: Lang,
}

#[function_component(Overlay)]
fn overlay(p: &OverlayProps) -> Html {
    let canvas = use_node_ref();
    let w = super::fit::use_fit_width(&canvas, 900);
    let h = super::fit::fit_height(w, 900, 340, 0.8);
    {
        let canvas = canvas.clone();
        use_effect_with(
            (p.series.clone(), p.lang, w, h),
            move |(series, lang, _, _)| {
                if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                    if let Some(b) = CanvasBackend::with_canvas_object(c) {
                        let area = b.into_drawing_area();
                        let s: Vec<(String, &Report)> = series
                            .iter()
                            .map(|(n, r)| (n.clone(), r.as_ref()))
                            .collect();
                        let _ = charts::draw_compare_monthly(&area, &s, chart_text(*lang));
                        let _ = area.present();
                    }
                }
                || ()
            },
        );
    }
    html! { <canvas ref={canvas} width={w.to_string()} height={h.to_string()} class="chart" role="img" aria-label={t(p.lang, "Energia condivisa per mese, scenari a confronto", "Shared energy by month, scenarios compared")}></canvas> }
}

/// The comparison screen: the candidates to tick, the button, and the table and overlaid chart
/// of the chosen scenarios once simulated.
#[function_component(ComparePanel)]
pub fn compare_panel() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let chosen = use_state(Vec::<usize>::new);
    let candidates = candidates(&ctx, lang);
    let toggle = |i: usize| toggle_callback(&chosen, i);
    let run = run_callback(&ctx, &chosen, &candidates);
    let cols = ctx.state.compare.clone();
    let done: Vec<(String, Rc<Report>)> = cols
        .iter()
        .filter_map(|(n, r)| r.clone().map(|r| (n.clone(), r)))
        .collect();
    html! {
        <div class="compare">
            <p class="hint">{ t(lang,
                "Scegli da 2 a 4 scenari (l'attuale e quelli salvati nella raccolta, sezione «Salva e condividi»).",
                "Choose 2 to 4 scenarios (the current one and those saved in the collection, “Save and share”).") }</p>
            <ul class="choices">{ for candidates.iter().enumerate().map(|(i, (name, _))| html! {
                <li><input type="checkbox" id={format!("cmp-{i}")} checked={chosen.contains(&i)} onchange={toggle(i)} /><label for={format!("cmp-{i}")}>{ name.clone() }</label></li>
            }) }</ul>
            <button id="run-compare" disabled={chosen.len() < 2} onclick={run}>{ t(lang, "Confronta", "Compare") }</button>
            if !cols.is_empty() {
                { compare_table(&cols, lang) }
                if done.len() == cols.len() { <Overlay series={done} {lang} /> }
            }
        </div>
    }
}

/// What can be compared: the current scenario (index 0) and the collection (1…), with the
/// names shown.
fn candidates(ctx: &Ctx, lang: Lang) -> Vec<(String, Scenario)> {
    let current = (
        t(lang, "Attuale: ", "Current: ") + &ctx.state.saved.scenario.name,
        ctx.state.saved.scenario.clone(),
    );
    let saved = ctx.state.saved.library.iter();
    std::iter::once(current)
        .chain(saved.map(|s| (s.name.clone(), s.clone())))
        .collect()
}

/// Ticking candidate `i` on or off (at most four chosen, kept in the candidates' order).
fn toggle_callback(chosen: &UseStateHandle<Vec<usize>>, i: usize) -> Callback<Event> {
    let chosen = chosen.clone();
    Callback::from(move |e: Event| {
        let on = super::fields::checked(&e);
        let mut v = (*chosen).clone();
        v.retain(|x| *x != i);
        if on && v.len() < 4 {
            v.push(i);
        }
        v.sort();
        chosen.set(v);
    })
}

/// «Confronta»: one column per chosen scenario, each simulated in the worker.
fn run_callback(
    ctx: &Ctx,
    chosen: &UseStateHandle<Vec<usize>>,
    candidates: &[(String, Scenario)],
) -> Callback<MouseEvent> {
    let ctx = ctx.clone();
    let chosen = chosen.clone();
    let candidates = candidates.to_vec();
    Callback::from(move |_| {
        let picks: Vec<(String, Scenario)> = chosen
            .iter()
            .filter_map(|i| candidates.get(*i).cloned())
            .collect();
        ctx.state.dispatch(Action::StartCompare(
            picks.iter().map(|p| p.0.clone()).collect(),
        ));
        for (k, (_, s)) in picks.into_iter().enumerate() {
            ctx.work
                .emit(Work::Simulate(Purpose::Compare(k), Box::new(s)));
        }
    })
}

/// One figure of a report as the comparison's cell shows it.
type Cell = Box<dyn Fn(&Report) -> String>;

/// The rows of the comparison: a label and how each scenario's cell reads.
fn compare_rows(lang: Lang) -> Vec<(String, Cell)> {
    let n = move |x: f64, d: usize| format::number(x, d, lang);
    let row = |label: String, cell: Cell| (label, cell);
    vec![
        row(
            t(lang, "Membri", "Members"),
            Box::new(move |r| n(r.members_total as f64, 0)),
        ),
        row(
            t(lang, "FV (kWp)", "PV (kWp)"),
            Box::new(move |r| n(r.pv_kwp_total, 1)),
        ),
        row(
            t(lang, "Produzione (kWh)", "Production (kWh)"),
            Box::new(move |r| n(r.production_kwh, 0)),
        ),
        row(
            t(lang, "Energia condivisa (kWh)", "Shared energy (kWh)"),
            Box::new(move |r| n(r.shared_kwh, 0)),
        ),
        row(
            t(lang, "Condivisa / immessa", "Shared / injected"),
            Box::new(move |r| format::percent(r.shared_ratio_of_injection, 1, lang)),
        ),
        row(
            t(lang, "Tariffa premio (€/anno)", "Premium tariff (€/yr)"),
            Box::new(move |r| n(r.tip_eur, 0)),
        ),
        row(
            t(
                lang,
                "Quota solidale minima (€/anno)",
                "Minimum solidarity quota (€/yr)",
            ),
            Box::new(move |r| n(r.solidarity_min_eur, 0)),
        ),
        row(
            t(lang, "Fondo solidale (€/anno)", "Solidarity fund (€/yr)"),
            Box::new(move |r| n(r.fund.net_fund_eur, 0)),
        ),
        row(
            t(
                lang,
                "Membri in povertà energetica sostenuti (stima)",
                "Energy-poor members supported (estimate)",
            ),
            Box::new(move |r| {
                format!(
                    "{} / {}",
                    n(r.energy_poverty.members_supportable_at_target as f64, 0),
                    n(r.energy_poverty.energy_poor_members as f64, 0)
                )
            }),
        ),
        row(
            t(lang, "VAN configurazione (€)", "Configuration NPV (€)"),
            Box::new(move |r| n(r.finance.configuration.npv_eur, 0)),
        ),
    ]
}

/// The scenarios side by side, a column each («…» until its simulation arrives).
fn compare_table(cols: &[(String, Option<Rc<Report>>)], lang: Lang) -> Html {
    let rows = compare_rows(lang);
    html! {
        <table class="compare-table" id="compare-table">
            <thead><tr><th scope="col"></th>{ for cols.iter().map(|(name, _)| html! { <th scope="col">{ name.clone() }</th> }) }</tr></thead>
            <tbody>{ for rows.iter().map(|(label, f)| html! {
                <tr><th scope="row">{ label.clone() }</th>{ for cols.iter().map(|(_, r)| html! { <td class="num">{ r.as_ref().map(|r| f(r)).unwrap_or_else(|| "…".into()) }</td> }) }</tr>
            }) }</tbody>
        </table>
    }
}

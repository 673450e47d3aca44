//! "How sure is each figure": the sensitivity analysis of the current scenario, computed in
//! the worker on request — a tornado chart of the main uncertain inputs for a chosen key
//! figure, the P10–P90 band of the configuration's NPV, and every run with the parameters that
//! reproduce it (also as CSV and JSON downloads).

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::ctx::{Ctx, Work};
use super::io;
use super::t;
use crate::charts::{draw_tornado, TornadoBar};
use crate::format::{self, Lang};
use crate::sensitivity::{SensitivityReport, TornadoRun, INPUTS};

/// Which key figure the tornado shows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Configuration NPV, €.
    Npv,
    /// Net solidarity fund, €/yr.
    Fund,
    /// Shared energy, kWh/yr.
    Shared,
    /// Tariffa premio, €/yr.
    Tip,
    /// Energy-poor members supported.
    Families,
}

impl Metric {
    const ALL: [Metric; 5] = [
        Metric::Npv,
        Metric::Fund,
        Metric::Shared,
        Metric::Tip,
        Metric::Families,
    ];

    fn label(self, lang: Lang) -> String {
        match self {
            Metric::Npv => t(
                lang,
                "VAN della configurazione (€)",
                "Configuration NPV (€)",
            ),
            Metric::Fund => t(
                lang,
                "Fondo solidale netto (€/anno)",
                "Net solidarity fund (€/yr)",
            ),
            Metric::Shared => t(
                lang,
                "Energia condivisa (kWh/anno)",
                "Shared energy (kWh/yr)",
            ),
            Metric::Tip => t(lang, "Tariffa premio (€/anno)", "Premium tariff (€/yr)"),
            Metric::Families => t(
                lang,
                "Membri in povertà energetica sostenuti",
                "Energy-poor members supported",
            ),
        }
    }

    fn of_run(self, r: &TornadoRun) -> f64 {
        match self {
            Metric::Npv => r.figures.configuration_npv_eur,
            Metric::Fund => r.figures.net_fund_eur,
            Metric::Shared => r.figures.shared_kwh,
            Metric::Tip => r.figures.tip_eur,
            Metric::Families => r.figures.ep_members_supported as f64,
        }
    }

    fn of_base(self, s: &SensitivityReport) -> f64 {
        let b = &s.base;
        match self {
            Metric::Npv => b.configuration_npv_eur,
            Metric::Fund => b.net_fund_eur,
            Metric::Shared => b.shared_kwh,
            Metric::Tip => b.tip_eur,
            Metric::Families => b.ep_members_supported as f64,
        }
    }
}

/// Bars of the tornado for a metric: one per input, low and high runs.
fn bars(s: &SensitivityReport, m: Metric, lang: Lang) -> Vec<TornadoBar> {
    INPUTS
        .iter()
        .filter_map(|inp| {
            let run = |side: &str| {
                s.tornado
                    .iter()
                    .find(|r| r.input == inp.input && r.side == side)
            };
            let (lo, hi) = (run("low")?, run("high")?);
            Some(TornadoBar {
                label: if lang == Lang::It {
                    inp.label_it.to_string()
                } else {
                    inp.label_en.to_string()
                },
                low: m.of_run(lo),
                high: m.of_run(hi),
            })
        })
        .collect()
}

#[derive(Properties, PartialEq)]
struct TornadoProps {
    sens: std::rc::Rc<(SensitivityReport, crate::scenario::Scenario, f64)>,
    metric: Metric,
    lang: Lang,
}

#[function_component(TornadoChart)]
fn tornado_chart(p: &TornadoProps) -> Html {
    let canvas = use_node_ref();
    let w = super::fit::use_fit_width(&canvas, 760);
    let h = super::fit::fit_height(w, 760, 330, 0.9);
    {
        let canvas = canvas.clone();
        use_effect_with(
            (p.sens.clone(), p.metric, p.lang, w, h),
            move |(sens, metric, lang, _, _)| {
                if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                    if let Some(backend) = CanvasBackend::with_canvas_object(c) {
                        let area = backend.into_drawing_area();
                        let s = &sens.0;
                        let lang = *lang;
                        let _ = draw_tornado(
                            &area,
                            &bars(s, *metric, lang),
                            metric.of_base(s),
                            &t(
                                lang,
                                "estremo basso dell'intervallo",
                                "low end of the range",
                            ),
                            &t(
                                lang,
                                "estremo alto dell'intervallo",
                                "high end of the range",
                            ),
                            &|v| format::number(v, 0, lang),
                        );
                        let _ = area.present();
                    }
                }
                || ()
            },
        );
    }
    html! { <canvas ref={canvas} width={w.to_string()} height={h.to_string()} role="img" class="chart"
    aria-label={format!("{}: {}", t(p.lang, "Diagramma a tornado", "Tornado chart"), p.metric.label(p.lang))}></canvas> }
}

/// The runs as CSV (one row per run, parameters as `name=value` pairs).
pub fn runs_csv(s: &SensitivityReport, lang: Lang) -> String {
    let sep = if lang == Lang::It { ";" } else { "," };
    let num = |x: f64, d: usize| {
        let v = format!("{x:.d$}");
        if lang == Lang::It {
            v.replace('.', ",")
        } else {
            v
        }
    };
    let mut out = [
        "input",
        "side",
        "parameters",
        "shared_kwh",
        "tip_eur",
        "net_fund_eur",
        "ep_members_supported",
        "configuration_npv_eur",
        "source",
    ]
    .join(sep);
    out.push('\n');
    let quote = |x: &str| format!("\"{}\"", x.replace('"', "\"\""));
    for r in &s.tornado {
        let params = r
            .parameters
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(
            &[
                r.input.clone(),
                r.side.clone(),
                quote(&params),
                num(r.figures.shared_kwh, 1),
                num(r.figures.tip_eur, 2),
                num(r.figures.net_fund_eur, 2),
                r.figures.ep_members_supported.to_string(),
                num(r.figures.configuration_npv_eur, 2),
                quote(if lang == Lang::It {
                    &r.source_it
                } else {
                    &r.source
                }),
            ]
            .join(sep),
        );
        out.push('\n');
    }
    out
}

/// The sensitivity section under the key figures.
#[function_component(Uncertainty)]
pub fn uncertainty() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let metric = use_state(|| Metric::Npv);
    let st = &ctx.state;
    let run = {
        let ctx = ctx.clone();
        Callback::from(move |_| {
            ctx.work.emit(Work::Sensitivity(Box::new(
                ctx.state.saved.scenario.clone(),
            )))
        })
    };
    let on_metric = {
        let metric = metric.clone();
        Callback::from(move |e: Event| {
            metric.set(Metric::ALL[super::fields::selected_index(&e, Metric::ALL.len())]);
        })
    };
    let n = |x: f64| format::number(x, 0, lang);
    let result = st.sens.result.clone().map(|res| {
        let s = &res.0;
        let stale = res.1 != st.saved.scenario;
        let csv = {
            let s = s.clone();
            Callback::from(move |_| io::download(if lang == Lang::It { "cer-incertezza-it.csv" } else { "cer-sensitivity.csv" }, "text/csv", &runs_csv(&s, lang)))
        };
        let json = {
            let s = s.clone();
            Callback::from(move |_| io::download(if lang == Lang::It { "cer-incertezza.json" } else { "cer-sensitivity.json" }, "application/json", &serde_json::to_string_pretty(&s).unwrap_or_default()))
        };
        html! {
            <div id="sensitivity-result" data-npv-p10={s.npv_p10_eur.to_string()} data-npv-p90={s.npv_p90_eur.to_string()}>
                if stale {
                    <p class="warning" role="status">{ t(lang, "Lo scenario è cambiato dopo il calcolo: ricalcolare per aggiornare.", "The scenario changed after this was computed: compute again to update.") }</p>
                }
                <p id="npv-band" class="band-figure">
                    { t(lang, "VAN della configurazione, fascia P10–P90 su ", "Configuration NPV, P10–P90 band over ") }
                    { format!("{} ", s.band_runs) }{ t(lang, "scenari di prezzo e consumo: ", "price and consumption scenarios: ") }
                    <strong>{ format!("{} – {} €", n(s.npv_p10_eur), n(s.npv_p90_eur)) }</strong>
                    { format!(" ({} {} €)", t(lang, "mediana", "median"), n(s.npv_p50_eur)) }
                    <br/>{ t(lang, "Fondo solidale netto, P10–P90: ", "Net solidarity fund, P10–P90: ") }
                    <strong>{ format!("{} – {} €{}", n(s.net_fund_p10_eur), n(s.net_fund_p90_eur), t(lang, "/anno", "/yr")) }</strong>
                </p>
                <div class="field inline">
                    <label for="tornado-metric">{ t(lang, "Cifra mostrata", "Figure shown") }</label>
                    <select id="tornado-metric" onchange={on_metric}>
                        { for Metric::ALL.iter().enumerate().map(|(i, m)| html! { <option value={i.to_string()} selected={*m == *metric}>{ m.label(lang) }</option> }) }
                    </select>
                </div>
                <figure class="wide"><figcaption>{ format!("{} — {}", t(lang, "Effetto di ciascun dato incerto, uno alla volta", "Effect of each uncertain input, one at a time"), metric.label(lang)) }</figcaption>
                    <TornadoChart sens={res.clone()} metric={*metric} {lang} /></figure>
                <details>
                    <summary>{ t(lang, "Tutte le simulazioni, con i parametri per ripeterle e le fonti degli intervalli", "Every run, with the parameters that repeat it and the sources of the ranges") }</summary>
                    <div class="table-scroll"><table id="tornado-table">
                        <thead><tr><th scope="col">{ t(lang, "Dato", "Input") }</th><th scope="col">{ t(lang, "Estremo", "End") }</th>
                            <th scope="col">{ t(lang, "Condivisa (kWh)", "Shared (kWh)") }</th><th scope="col">{ t(lang, "Fondo netto (€)", "Net fund (€)") }</th>
                            <th scope="col">{ t(lang, "VAN (€)", "NPV (€)") }</th><th scope="col">{ t(lang, "Parametri", "Parameters") }</th><th scope="col">{ t(lang, "Fonte", "Source") }</th></tr></thead>
                        <tbody>{ for s.tornado.iter().map(|r| html! {
                            <tr><td>{ if lang == Lang::It { r.label_it.clone() } else { r.label_en.clone() } }</td>
                                <td>{ if r.side == "low" { t(lang, "basso", "low") } else { t(lang, "alto", "high") } }</td>
                                <td class="num">{ n(r.figures.shared_kwh) }</td><td class="num">{ n(r.figures.net_fund_eur) }</td><td class="num">{ n(r.figures.configuration_npv_eur) }</td>
                                <td><code>{ r.parameters.iter().map(|(k, v)| format!("{k} = {}", format::number(*v, 2, lang))).collect::<Vec<_>>().join(", ") }</code></td>
                                <td>{ if lang == Lang::It { r.source_it.clone() } else { r.source.clone() } }</td></tr>
                        }) }</tbody>
                    </table></div>
                    <p class="hint">{ s.band_method.clone() }</p>
                </details>
                <div class="buttons">
                    <button id="sensitivity-csv" onclick={csv}>{ t(lang, "Scarica le simulazioni (CSV)", "Download the runs (CSV)") }</button>
                    <button id="sensitivity-json" onclick={json}>{ t(lang, "Scarica l'analisi (JSON)", "Download the analysis (JSON)") }</button>
                </div>
                <p class="meta">{ format!("{} {} ms", t(lang, "Calcolato nel web worker in", "Computed in the web worker in"), n(res.2)) }</p>
            </div>
        }
    });
    html! {
        <section class="uncertainty" aria-labelledby="uncertainty-title" id="uncertainty">
            <h2 id="uncertainty-title">{ t(lang, "Quanto sono sicuri questi numeri?", "How sure are these numbers?") }</h2>
            <p class="hint">{ t(lang,
                "Stime: ogni dato incerto (prezzo, consumi, produzione, adesione, costi, tasso di sconto) viene spostato agli estremi di un intervallo documentato, uno alla volta, e si ripete la simulazione completa; poi 40 scenari casuali ma riproducibili di prezzo e consumo danno la fascia P10–P90 del VAN.",
                "Estimates: each uncertain input (price, consumption, production, participation, costs, discount rate) is moved to the ends of a documented range, one at a time, and the full simulation is repeated; then 40 random but reproducible price and consumption scenarios give the P10–P90 band of the NPV.") }</p>
            if st.sens.running.is_some() {
                <p role="status" id="sensitivity-progress"><progress max="1" value={st.sens.progress.to_string()}></progress>{ format!(" {} %", n(st.sens.progress * 100.0)) }</p>
            } else {
                <button id="run-sensitivity" onclick={run}>{ t(lang, "Calcola l'incertezza", "Compute the uncertainty") }</button>
            }
            { result.unwrap_or_default() }
        </section>
    }
}

//! Results of the current scenario: key figures, charts, plants, and (for print) the
//! assumptions with their sources.

use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::ctx::Ctx;
use super::t;
use crate::charts::{self, ChartText};
use crate::economics::QuotaGroupKind;
use crate::eligibility::Severity;
use crate::format::{self, Lang};
use crate::params::defaults;
use crate::report::Report;

/// Which chart.
#[derive(Clone, Copy, PartialEq)]
pub enum ChartKind {
    /// Monthly bars.
    Monthly,
    /// Month × hour heat map.
    Heatmap,
    /// Typical days.
    Typical,
    /// 20-year cash flow.
    CashFlow,
    /// Where the money goes.
    Money,
}

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub report: std::rc::Rc<(Report, f64)>,
    pub lang: Lang,
    pub kind: ChartKind,
    pub width: u32,
    pub height: u32,
    pub label: AttrValue,
}

pub fn chart_text(lang: Lang) -> &'static ChartText {
    if lang == Lang::En {
        &charts::EN
    } else {
        &charts::IT
    }
}

/// A plotters chart drawn on a canvas.
#[function_component(Chart)]
pub fn chart(p: &ChartProps) -> Html {
    let canvas = use_node_ref();
    let w = super::fit::use_fit_width(&canvas, p.width);
    let h = if p.kind == ChartKind::Typical && w < 560 {
        // Two columns of six months on a narrow screen.
        (w as f64 * 1.7) as u32
    } else {
        super::fit::fit_height(w, p.width, p.height, 0.75)
    };
    {
        let canvas = canvas.clone();
        use_effect_with(
            (p.report.clone(), p.lang, p.kind, w, h),
            move |(report, lang, kind, _, _)| {
                if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                    if let Some(backend) = CanvasBackend::with_canvas_object(c) {
                        let area = backend.into_drawing_area();
                        let t = chart_text(*lang);
                        let r = &report.0;
                        let _ = match kind {
                            ChartKind::Monthly => charts::draw_monthly(&area, r, t),
                            ChartKind::Heatmap => charts::draw_heatmap(&area, r, t),
                            ChartKind::Typical => charts::draw_typical_days(&area, r, t),
                            ChartKind::CashFlow => charts::draw_cash_flow(&area, r, t),
                            ChartKind::Money => charts::draw_money(&area, r, t),
                        };
                        let _ = area.present();
                    }
                }
                || ()
            },
        );
    }
    html! { <canvas ref={canvas} width={w.to_string()} height={h.to_string()} role="img" aria-label={p.label.clone()} class="chart"></canvas> }
}

/// Today's date as gg/mm/aaaa.
fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:02}/{:02}/{:04}",
        d.get_date(),
        d.get_month() + 1,
        d.get_full_year()
    )
}

/// The glossary term that explains a key figure.
fn figure_term(id: &str) -> Option<&'static str> {
    Some(match id {
        "fig-shared" => "energia_condivisa",
        "fig-selfsuff" => "autosufficienza",
        "fig-tip" => "tariffa_premio",
        "fig-valorisation" => "valorizzazione",
        "fig-solidarity-min" => "regola_55",
        "fig-fund" => "fondo_solidale",
        "fig-ep" => "famiglie_sostenibili",
        "fig-ep-lifted" => "poverta_energetica",
        "fig-sales" => "stima",
        "fig-npv" => "van",
        _ => return None,
    })
}

fn figure(
    label: String,
    value: String,
    raw: f64,
    note: Option<String>,
    id: &str,
    warned: bool,
    lang: Lang,
) -> Html {
    html! {
        <div class={classes!("figure", warned.then_some("warned"))} id={id.to_string()} data-value={raw.to_string()}>
            <div class="figure-label">{ label }if let Some(term) = figure_term(id) { { " " }<super::help::Help {term} {lang} /> }if warned { <a class="warn-mark" href="#warnings" title="⚠">{ " ⚠" }</a> }</div>
            <div class="figure-value">{ value }</div>
            if let Some(n) = note { <div class="figure-note">{ n }</div> }
        </div>
    }
}

/// The eligibility and plausibility warnings of a report, if any.
fn warnings_list(r: &Report, lang: Lang) -> Html {
    if r.warnings.is_empty() {
        return html! {};
    }
    html! {
        <section class="warnings" id="warnings" aria-labelledby="warnings-title">
            <h2 id="warnings-title">{ t(lang, "Condizioni di ammissibilità e dati da verificare", "Eligibility conditions and inputs to check") }</h2>
            <ul>{ for r.warnings.iter().map(|w| html! {
                <li class={if w.severity == Severity::Breaks { "w-breaks" } else { "w-check" }} data-code={w.code.clone()}>
                    if w.severity == Severity::Breaks { <strong>{ t(lang, "Non rispettata: ", "Not met: ") }</strong> }
                    { if lang == Lang::It { w.message_it.clone() } else { w.message_en.clone() } }
                    { " " }<span class="field-path">{ format!("({})", w.field) }</span>
                </li>
            }) }</ul>
        </section>
    }
}

/// Key figures and charts; validation problems when the scenario is invalid. Stages: the
/// problems ([`scenario_errors`]), the key figures ([`key_figures`]), the charts
/// ([`charts_grid`]), the actors' and the plants' tables ([`actors_table`], [`plants_table`])
/// and what only the printed report shows ([`print_report`]).
#[function_component(Results)]
pub fn results() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let st = &ctx.state;
    // Invalid input is never computed: with figures from before, they are said to be the last
    // valid version's; with none (e.g. a reload of a save left invalid), no spinner is shown.
    let Some(rep) = st.report.clone() else {
        if !st.errors.is_empty() {
            return scenario_errors(
                &st.errors,
                t(
                    lang,
                    "Lo scenario contiene errori: i risultati compariranno quando saranno corretti",
                    "The scenario has errors: the results will appear once they are corrected",
                ),
                lang,
            );
        }
        return html! { <p class="meta" role="status">{ t(lang, "Calcolo in corso…", "Computing…") }</p> };
    };
    let stale = !st.errors.is_empty();
    let errors = stale.then(|| scenario_errors(&st.errors, t(lang, "Lo scenario contiene errori: i risultati qui sotto si riferiscono all'ultima versione valida", "The scenario has errors: the results below are for the last valid version"), lang));
    let r = &rep.0;
    let n = |x: f64, d: usize| format::number(x, d, lang);
    let sc = &st.saved.scenario;
    html! {
        <>
        { errors.unwrap_or_default() }
        <section class={classes!("results", stale.then_some("stale"))} aria-labelledby="kf-title">
            <p class="meta">{ format!("{} · CP {} · {} {} · {} kWp · {} {} ms", r.scenario_name, r.cp_code, n(r.members_total as f64, 0), t(lang, "membri", "members"), n(r.pv_kwp_total, 1), t(lang, "calcolato nel browser (web worker) in", "computed in the browser (web worker) in"), n(rep.1, 0)) }</p>
            { warnings_list(r, lang) }
            <h2 id="kf-title">{ t(lang, "Cifre chiave (anno tipo)", "Key figures (typical year)") }</h2>
            { key_figures(r, sc, lang) }
        </section>
        <section class={classes!("results-detail", stale.then_some("stale"))} aria-label={t(lang, "Grafici e tabelle", "Charts and tables")}>
            { charts_grid(&rep, lang) }
            <super::uncertainty::Uncertainty />
            { actors_table(r, lang) }
            { plants_table(r, lang) }
            { print_report(sc, st.opt.result.as_ref().map(|res| &res.0), lang) }
        </section>
        </>
    }
}

/// The scenario's validation problems under `heading`, each with its field.
fn scenario_errors(
    errors: &[crate::scenario::ValidationError],
    heading: String,
    lang: Lang,
) -> Html {
    html! {
        <section class="errors" role="alert" id="scenario-errors">
            <h2>{ heading }</h2>
            <ul>{ for errors.iter().map(|e| html! { <li><code>{ e.field.clone() }</code>{ ": " }{ if lang == Lang::It { e.message_it.clone() } else { e.message_en.clone() } }</li> }) }</ul>
        </section>
    }
}

/// The key figures of the typical year, each with its note; a figure whose rule a warning says
/// is broken is marked.
fn key_figures(r: &Report, sc: &crate::scenario::Scenario, lang: Lang) -> Html {
    let n = |x: f64, d: usize| format::number(x, d, lang);
    let per_year = t(lang, "/anno", "/yr");
    let eur_y = |x: f64| format!("{}{}", format::euros(x, lang), per_year);
    let ep = &r.energy_poverty;
    let cfg = &r.finance.configuration;
    let ctx_val = sc
        .parameters
        .get("arera_valorisation_eur_per_mwh")
        .copied()
        .unwrap_or_else(|| defaults().parameters["arera_valorisation_eur_per_mwh"].value);
    let warned = |key: &str| {
        r.warnings
            .iter()
            .any(|w| w.severity == Severity::Breaks && w.affects.iter().any(|a| a == key))
    };
    let quota_note = r
        .solidarity_quota
        .groups
        .iter()
        .map(|g| {
            format!(
                "{} {} {} {}",
                match g.group {
                    QuotaGroupKind::TariffOnly => t(lang, "senza contributo:", "no grant:"),
                    QuotaGroupKind::TariffWithGrant => t(lang, "con contributo:", "with a grant:"),
                },
                format::percent(g.shared_ratio, 1, lang),
                t(lang, "soglia", "threshold"),
                format::percent(g.threshold, 0, lang)
            )
        })
        .collect::<Vec<_>>()
        .join(" · ");
    let ep_note = format!(
        "{} {}{} · {} {} {}",
        t(lang, "a", "at"),
        format::euros(ep.support_target_eur_per_household, lang),
        per_year,
        t(
            lang,
            "il fondo raggiungerebbe anche altre",
            "the fund would also reach"
        ),
        n(ep.area_households_beyond_members as f64, 0),
        t(
            lang,
            "famiglie del quartiere (non membri)",
            "more families in the area (not members)"
        )
    );
    html! {
    <div class="figures">
        { figure(t(lang, "Produzione fotovoltaica", "PV production"), format::energy_kwh(r.production_kwh, lang), r.production_kwh, Some(format!("{} kWh/kWp", n(r.production_kwh / r.pv_kwp_total.max(1e-9), 0))), "fig-production", warned("production_kwh"), lang) }
        { figure(t(lang, "Energia condivisa", "Shared energy"), format::energy_kwh(r.shared_kwh, lang), r.shared_kwh, Some(format!("{} {}", format::percent(r.shared_ratio_of_injection, 1, lang), t(lang, "dell'energia immessa", "of injected energy"))), "fig-shared", warned("shared_kwh"), lang) }
        { figure(t(lang, "Autosufficienza", "Self-sufficiency"), format::percent(r.self_sufficiency, 1, lang), r.self_sufficiency, Some(format!("{} {}", t(lang, "Consumo dei membri", "Members' consumption"), format::energy_kwh(r.consumption_kwh, lang))), "fig-selfsuff", false, lang) }
        { figure(t(lang, "Tariffa premio (MASE)", "Premium tariff (MASE)"), eur_y(r.tip_eur), r.tip_eur, Some(format!("{} {} {}", t(lang, "per", "for"), n(r.finance.incentive_years as f64, 0), t(lang, "anni dall'entrata in esercizio", "years from entry into operation"))), "fig-tip", warned("tip_eur"), lang) }
        { figure(t(lang, "Valorizzazione ARERA", "ARERA valorisation"), eur_y(r.valorisation_eur), r.valorisation_eur, Some(format!("{} {} €/MWh", t(lang, "TRAS_E", "TRAS_E"), n(ctx_val, 2))), "fig-valorisation", warned("valorisation_eur"), lang) }
        { figure(t(lang, "Vendita dell'energia immessa", "Sale of injected energy"), eur_y(r.sales_eur), r.sales_eur, Some(t(lang, "stima: prezzo zonale con fattore di cattura solare", "estimate: zonal price with the solar capture factor")), "fig-sales", false, lang) }
        { figure(t(lang, "Quota solidale minima di legge (regola del 55 %)", "Legal minimum solidarity quota (55 % rule)"), eur_y(r.solidarity_min_eur), r.solidarity_min_eur, Some(quota_note), "fig-solidarity-min", false, lang) }
        { figure(t(lang, "Fondo solidale netto", "Net solidarity fund"), eur_y(r.fund.net_fund_eur), r.fund.net_fund_eur, Some(format!("{} {} {} · {}", t(lang, "incentivi meno costi di gestione;", "incentives less running costs;"), format::euros(r.fund.social_eur, lang), t(lang, "per progetti sociali", "for social projects"), if r.fund.meets_legal_minimum { t(lang, "rispetta il minimo di legge", "meets the legal minimum") } else { t(lang, "NON rispetta il minimo di legge", "does NOT meet the legal minimum") })), "fig-fund", warned("tip_eur"), lang) }
        { figure(t(lang, "Membri in povertà energetica sostenuti (stima)", "Energy-poor members supported (estimate)"), format!("{} / {}", n(ep.members_supportable_at_target as f64, 0), n(ep.energy_poor_members as f64, 0)), ep.members_supportable_at_target as f64, Some(ep_note), "fig-ep", false, lang) }
        { figure(t(lang, "Membri portati sotto la soglia del 10 % (stima)", "Members brought below the 10 % threshold (estimate)"), format!("{} / {}", n(ep.lifted_targeted as f64, 0), n(ep.energy_poor_members as f64, 0)), ep.lifted_targeted as f64, Some(format!("{} {} · {}", t(lang, "con ripartizione uguale:", "with an equal split:"), n(ep.lifted_equal_split as f64, 0), t(lang, "popolazione sintetica (vedi Ipotesi)", "synthetic population (see Assumptions)"))), "fig-ep-lifted", false, lang) }
        if r.battery_energy_kwh > 0.0 {
            { figure(t(lang, "Batteria di comunità", "Community battery"), format!("{} kWh", n(r.battery_energy_kwh, 0)), r.battery_discharge_kwh,
                Some(format!("{} {}", format::energy_kwh(r.battery_discharge_kwh, lang), t(lang, "restituiti all'anno", "returned per year"))), "fig-battery", false, lang) }
        }
        { figure(t(lang, "CO₂ evitata", "CO₂ avoided"), format!("{} t{}", n(r.co2_avoided_t, 1), per_year), r.co2_avoided_t, None, "fig-co2", false, lang) }
        { figure(format!("{} ({} {})", t(lang, "VAN della configurazione", "Configuration NPV"), n(r.finance.years as f64, 0), t(lang, "anni", "years")), format::euros(cfg.npv_eur, lang), cfg.npv_eur,
            Some(format!("TIR {} · {} {}", cfg.irr.map(|x| format::percent(x, 1, lang)).unwrap_or_else(|| "–".into()), t(lang, "rientro", "payback"), cfg.payback_years.map(|y| format!("{} {}", n(y, 1), t(lang, "anni", "years"))).unwrap_or_else(|| "–".into()))), "fig-npv", warned("finance"), lang) }
    </div>
    }
}

/// The charts of the typical year and of the cash flows.
fn charts_grid(rep: &std::rc::Rc<(Report, f64)>, lang: Lang) -> Html {
    let n = |x: f64, d: usize| format::number(x, d, lang);
    let r = &rep.0;
    html! {
    <div class="charts">
        <figure><figcaption>{ t(lang, "Energia per mese", "Energy by month") }</figcaption>
            <Chart report={rep.clone()} {lang} kind={ChartKind::Monthly} width={720} height={340} label={t(lang, "Produzione, consumo ed energia condivisa per mese", "Production, consumption and shared energy by month")} /></figure>
        <figure><figcaption>{ t(lang, "Energia condivisa per mese e ora", "Shared energy by month and hour") }</figcaption>
            <Chart report={rep.clone()} {lang} kind={ChartKind::Heatmap} width={720} height={340} label={t(lang, "Mappa di calore dell'energia condivisa", "Heat map of shared energy")} /></figure>
        <figure class="wide"><figcaption>{ t(lang, "Giorno tipo per mese (kW)", "Typical day by month (kW)") }</figcaption>
            <Chart report={rep.clone()} {lang} kind={ChartKind::Typical} width={960} height={560} label={t(lang, "Giorno tipo per mese", "Typical day by month")} /></figure>
        <figure><figcaption>{ format!("{} {} {}", t(lang, "Flussi di cassa in", "Cash flows over"), n(r.finance.years as f64, 0), t(lang, "anni", "years")) }</figcaption>
            <Chart report={rep.clone()} {lang} kind={ChartKind::CashFlow} width={720} height={340} label={t(lang, "Flusso di cassa cumulato e fondo annuo", "Cumulative cash flow and yearly fund")} /></figure>
        <figure><figcaption>{ t(lang, "Dove vanno i soldi (ogni anno)", "Where the money goes (each year)") }</figcaption>
            <Chart report={rep.clone()} {lang} kind={ChartKind::Money} width={720} height={240} label={t(lang, "Ripartizione degli incentivi", "Allocation of the incentives")} /></figure>
    </div>
    }
}

/// NPV, IRR and payback of the configuration, the community, the members and each producer.
fn actors_table(r: &Report, lang: Lang) -> Html {
    let n = |x: f64, d: usize| format::number(x, d, lang);
    html! {
        <>
        <h2>{ format!("{} ({} {}; {} {})", t(lang, "Indicatori finanziari per attore", "Financial indicators by actor"), n(r.finance.years as f64, 0), t(lang, "anni", "years"), t(lang, "incentivi per", "incentives for"), n(r.finance.incentive_years as f64, 0)) }</h2>
        <table class="actors stack" id="actors">
            <thead><tr>
                <th scope="col">{ t(lang, "Attore", "Actor") }</th><th scope="col">{ t(lang, "VAN (€)", "NPV (€)") }</th>
                <th scope="col">{ t(lang, "TIR", "IRR") }</th><th scope="col">{ t(lang, "Rientro (anni)", "Payback (years)") }</th>
            </tr></thead>
            <tbody>{ for std::iter::once((t(lang, "Configurazione (tutti)", "Configuration (all)"), &r.finance.configuration))
                .chain(std::iter::once((t(lang, "Comunità (fondo disponibile)", "Community (fund available)"), &r.finance.community)))
                .chain(std::iter::once((t(lang, "Membri (quota del fondo)", "Members (share of the fund)"), &r.finance.members)))
                .chain(r.finance.producers.iter().map(|a| (format!("{} {}", t(lang, "Produttore:", "Producer:"), a.actor.trim_start_matches("producer: ")), a)))
                .map(|(name, a)| html! {
                    <tr><td>{ name }</td><td class="num" data-label={t(lang, "VAN (€)", "NPV (€)")}>{ n(a.npv_eur, 0) }</td>
                        <td class="num" data-label={t(lang, "TIR", "IRR")}>{ a.irr.map(|x| format::percent(x, 1, lang)).unwrap_or_else(|| "–".into()) }</td>
                        <td class="num" data-label={t(lang, "Rientro (anni)", "Payback (years)")}>{ a.payback_years.map(|y| n(y, 1)).unwrap_or_else(|| "–".into()) }</td></tr>
                }) }</tbody>
        </table>
        </>
    }
}

/// Each plant's size, band, yield, shared energy, tariff and LCOE.
fn plants_table(r: &Report, lang: Lang) -> Html {
    let n = |x: f64, d: usize| format::number(x, d, lang);
    html! {
        <>
        <h2>{ t(lang, "Impianti", "Plants") }</h2>
        <table class="plants stack">
            <thead><tr>
                <th scope="col">{ t(lang, "Impianto", "Plant") }</th><th scope="col">{ "kWp" }</th><th scope="col">{ t(lang, "Fascia", "Band") }</th>
                <th scope="col">{ "kWh/kWp" }</th><th scope="col">{ t(lang, "Condivisa (kWh)", "Shared (kWh)") }</th><th scope="col">{ t(lang, "Tariffa premio (€)", "Premium tariff (€)") }</th>
                <th scope="col">{ t(lang, "LCOE (€/kWh)", "LCOE (€/kWh)") }</th>
            </tr></thead>
            <tbody>{ for r.plants.iter().map(|p| html! {
                <tr><td>{ p.id.clone() }</td><td class="num" data-label="kWp">{ n(p.kwp, 1) }</td><td data-label={t(lang, "Fascia", "Band")}>{ p.power_band.label() }</td>
                    <td class="num" data-label="kWh/kWp">{ n(p.specific_yield_kwh_per_kwp, 0) }</td><td class="num" data-label={t(lang, "Condivisa (kWh)", "Shared (kWh)")}>{ n(p.shared_kwh, 0) }</td>
                    <td class="num" data-label={t(lang, "Tariffa premio (€)", "Premium tariff (€)")}>{ n(p.tip_eur, 0) }</td>
                    <td class="num" data-label={t(lang, "LCOE (€/kWh)", "LCOE (€/kWh)")}>{ p.lcoe_eur_per_kwh.map(|x| n(x, 3)).unwrap_or_else(|| "–".into()) }</td></tr>
            }) }</tbody>
        </table>
        </>
    }
}

/// What only the printed report shows: the date, the configuration, the optimisation, the
/// assumptions with their sources, the glossary.
fn print_report(
    sc: &crate::scenario::Scenario,
    optimised: Option<&crate::optimize::OptimizeReport>,
    lang: Lang,
) -> Html {
    let n = |x: f64, d: usize| format::number(x, d, lang);
    html! {
    <section class="print-only" id="print-report">
        <p>{ format!("{} {}", t(lang, "Rapporto generato il", "Report generated on"), today()) }</p>
        if sc.illustrative {
            <p><strong>{ t(lang, "Numeri illustrativi:", "Illustrative numbers:") }</strong>{ " " }{ t(lang,
                "i membri, i tetti e le loro caratteristiche di questo scenario sono esempi, non dati reali; le cifre sono stime su un anno tipo, non una previsione né un impegno del GSE.",
                "the members, roofs and their settings in this scenario are examples, not real data; the figures are estimates for a typical year, neither a forecast nor a commitment of the GSE.") }</p>
        }
        { print_configuration(sc, lang) }
        if let Some(res) = optimised { { print_optimisation(res, lang) } }
        <h2>{ t(lang, "Ipotesi e fonti", "Assumptions and sources") }</h2>
        <table><tbody>{ for defaults().parameters.iter().map(|(k, m)| {
            let v = sc.parameters.get(k).copied().unwrap_or(m.value);
            html! { <tr><td>{ if lang == Lang::It { m.label_it.clone() } else { m.label_en.clone() } }</td><td class="num">{ format!("{} {}", n(v, 2), format::unit(&m.unit, lang)) }</td><td>{ format!("{} ({})", if lang == Lang::It { &m.source_it } else { &m.source }, m.confidence) }</td></tr> }
        }) }</tbody></table>
        <super::help::Glossary {lang} />
    </section>
    }
}

/// The configuration in the printed report: members and roofs with their settings.
fn print_configuration(sc: &crate::scenario::Scenario, lang: Lang) -> Html {
    let n = |x: f64, d: usize| format::number(x, d, lang);
    let opt = |x: Option<f64>, d: usize| x.map(|v| n(v, d)).unwrap_or_else(|| "–".into());
    let cats = &defaults().categories;
    html! { <>
        <h2>{ format!("{} — CP {} ({})", t(lang, "Configurazione", "Configuration"), sc.cp.code, sc.cp.name) }</h2>
        <table id="print-members">
            <thead><tr><th scope="col">{ t(lang, "Membri", "Members") }</th><th scope="col">{ t(lang, "Numero", "Count") }</th><th scope="col">{ t(lang, "Impegnati", "Committed") }</th><th scope="col">{ t(lang, "Disponibili", "Available") }</th><th scope="col">{ t(lang, "Consumo", "Consumption") }</th></tr></thead>
            <tbody>{ for sc.members.iter().map(|g| {
                let label = cats.get(&g.category).map(|c| if lang == Lang::It { c.label_it.clone() } else { c.label_en.clone() }).unwrap_or_else(|| g.category.clone());
                let name = if g.name.as_deref().unwrap_or("").is_empty() { label } else { format!("{} ({label})", g.name.clone().unwrap_or_default()) };
                let cons = if g.hourly_kwh.is_some() { t(lang, "curva misurata", "metered curve") } else if g.band_kwh.is_some() { t(lang, "bolletta F1/F2/F3", "bill F1/F2/F3") } else { g.annual_kwh.map(|k| format!("{} kWh", n(k, 0))).unwrap_or_else(|| t(lang, "profilo tipo", "standard profile")) };
                html! { <tr><td>{ name }</td><td class="num">{ n(g.count as f64, 0) }</td><td class="num">{ opt(g.committed.map(|x| x as f64), 0) }</td><td class="num">{ opt(g.available.map(|x| x as f64), 0) }</td><td>{ cons }</td></tr> }
            }) }</tbody>
        </table>
        <table id="print-plants">
            <thead><tr><th scope="col">{ t(lang, "Tetto", "Roof") }</th><th scope="col">{ "kWp" }</th><th scope="col">{ t(lang, "Potenziale (kWp)", "Potential (kWp)") }</th><th scope="col">{ t(lang, "Inclinazione / azimut", "Tilt / azimuth") }</th><th scope="col">{ t(lang, "Ospitato da", "Hosted by") }</th><th scope="col">{ t(lang, "Contributo", "Grant") }</th></tr></thead>
            <tbody>{ for sc.plants.iter().map(|p| html! {
                <tr><td>{ if p.name.is_empty() { p.id.clone() } else { format!("{} ({})", p.name, p.id) } }</td><td class="num">{ n(p.kwp, 1) }</td><td class="num">{ opt(p.roof_potential_kwp, 1) }</td>
                    <td>{ format!("{}° / {}°", n(p.tilt_deg, 0), n(p.azimuth_deg, 0)) }</td>
                    <td>{ p.host_member.clone().or_else(|| p.host_category.clone()).unwrap_or_else(|| t(lang, "impianto a sé", "stand-alone")) }</td>
                    <td>{ if p.capital_grant_pct > 0.0 { format!("{} %", n(p.capital_grant_pct, 0)) } else { "–".into() } }</td></tr>
            }) }</tbody>
        </table>
    </> }
}

/// The last optimisation in the printed report: objective, plan, every constraint of the request
/// checked on it (the checks carry the request's limits, CERS policy included), explanations.
fn print_optimisation(rep: &crate::optimize::OptimizeReport, lang: Lang) -> Html {
    let n = |x: f64, d: usize| format::number(x, d, lang);
    html! { <>
        <h2>{ t(lang, "Ottimizzazione", "Optimisation") }</h2>
        <p id="print-request">{ format!("{} {}", t(lang, "Obiettivo:", "Objective:"), super::optimize_view::objective_text(rep.request.objective, lang).0) }</p>
        <table id="print-plan">
            <thead><tr><th scope="col"></th><th scope="col">{ t(lang, "Attuale", "Current") }</th><th scope="col">{ t(lang, "Piano", "Plan") }</th></tr></thead>
            <tbody>
                <tr><th scope="row">{ format!("{} ({})", t(lang, "Obiettivo", "Objective"), rep.objective_unit) }</th><td class="num">{ n(rep.current.objective_value, 0) }</td><td class="num">{ n(rep.simulated.objective_value, 0) }</td></tr>
                <tr><th scope="row">{ t(lang, "Investimento (€)", "Investment (€)") }</th><td class="num">{ n(rep.current.investment_eur, 0) }</td><td class="num">{ n(rep.simulated.investment_eur, 0) }</td></tr>
                <tr><th scope="row">{ t(lang, "Fondo solidale netto (€/anno)", "Net solidarity fund (€/yr)") }</th><td class="num">{ n(rep.current.net_fund_eur, 0) }</td><td class="num">{ n(rep.simulated.net_fund_eur, 0) }</td></tr>
                { for rep.rounded.plants.iter().map(|p| html! { <tr><th scope="row">{ format!("{} (kWp)", p.id) }</th><td></td><td class="num">{ n(p.kwp, 1) }</td></tr> }) }
                { for rep.rounded.members.iter().map(|m| html! { <tr><th scope="row">{ defaults().categories.get(&m.category).map(|c| if lang == Lang::It { c.label_it.clone() } else { c.label_en.clone() }).unwrap_or_else(|| m.category.clone()) }</th><td></td><td class="num">{ n(m.count, 0) }</td></tr> }) }
            </tbody>
        </table>
        <ul>{ for rep.constraint_checks.iter().map(|c| html! { <li>{ super::optimize_view::check_line(c, lang) }</li> }) }</ul>
        <ul>{ for rep.explanations.iter().map(|e| html! { <li>{ if lang == Lang::It { e.it.clone() } else { e.en.clone() } }</li> }) }</ul>
    </> }
}

//! Optimise: objective and constraints, run in the worker with progress and cancel, the plan
//! beside the current configuration with differences highlighted, explanations, apply.

use std::rc::Rc;

use yew::prelude::*;

use super::ctx::{Ctx, Work};
use super::fields::NumField;
use super::state::Action;
use super::t;
use crate::format::{self, Lang};
use crate::optimize::{ConstraintCheck, Objective, OptimizeReport, OptimizeRequest};
use crate::report::Report;
use crate::scenario::Scenario;

/// The name of a checked constraint (`ConstraintCheck::constraint`) in the language.
fn constraint_name(c: &str, lang: Lang) -> String {
    match c {
        "budget" => t(lang, "Budget", "Budget"),
        "min_shared_ratio" => t(lang, "Quota condivisa minima", "Minimum shared share"),
        "min_self_sufficiency" => t(lang, "Autosufficienza minima", "Minimum self-sufficiency"),
        "min_shared_kwh" => t(lang, "Energia condivisa minima", "Minimum shared energy"),
        "min_ep_supported" => t(
            lang,
            "Famiglie sostenute minime",
            "Minimum households supported",
        ),
        "min_energy_poor" => t(
            lang,
            "Membri in povertà energetica minimi",
            "Minimum energy-poor members",
        ),
        "max_business_share" => t(lang, "Quota massima di imprese", "Maximum business share"),
        "keep_energy_poor" => t(
            lang,
            "Politica CERS: famiglie in povertà energetica non meno di oggi",
            "CERS policy: energy-poor households not fewer than today",
        ),
        "keep_households" => t(
            lang,
            "Politica CERS: famiglie non meno di oggi",
            "CERS policy: households not fewer than today",
        ),
        other => other.to_string(),
    }
}

/// One constraint of the request checked on the re-simulated plan, in words (the plan view and
/// the printed report).
pub(super) fn check_line(c: &ConstraintCheck, lang: Lang) -> String {
    let n = |x: f64, d: usize| format::number(x, d, lang);
    let d = if c.unit == "%" { 1 } else { 0 };
    format!(
        "{} {}: {} {} {} {}",
        if c.kept { "✓" } else { "✗" },
        constraint_name(&c.constraint, lang),
        n(c.value, d),
        c.unit,
        if c.kept {
            t(lang, "rispetta", "keeps")
        } else {
            t(lang, "NON rispetta, spostato di", "does NOT keep, moved by")
        },
        if c.kept {
            format!("{} {}", n(c.limit, d), c.unit)
        } else {
            format!("{} {}", n((c.value - c.limit).abs(), d), c.unit)
        }
    )
}

/// The objective's name and what it means, in the language.
pub(super) fn objective_text(o: Objective, lang: Lang) -> (String, String) {
    match o {
        Objective::CommunityValue => (
            t(lang, "Massimo valore economico annuo", "Maximum annual economic value"),
            t(lang, "Tariffa premio + valorizzazione ARERA + vendita dell'energia + acquisti evitati, meno investimento annualizzato, manutenzione e costi per membro: quanto rende ogni anno la configurazione nel suo insieme.",
                "Premium tariff + ARERA valorisation + energy sales + avoided purchases, minus annualised investment, maintenance and per-member costs: what the whole configuration yields each year."),
        ),
        Objective::SolidarityFund => (
            t(lang, "Massimo fondo solidale annuo (entro il budget)", "Maximum annual solidarity fund (within the budget)"),
            t(lang, "Gli incentivi che la comunità riceve, meno i costi di gestione: il denaro per le famiglie in povertà energetica e i progetti sociali.",
                "The incentives the community receives, minus running costs: the money for energy-poor households and social projects."),
        ),
        Objective::SharedEnergy => (
            t(lang, "Massima energia condivisa (entro il budget)", "Maximum shared energy (within the budget)"),
            t(lang, "I kWh prodotti e consumati nella stessa ora all'interno della cabina primaria: la base di ogni incentivo.",
                "kWh produced and consumed in the same hour inside the primary-substation area: the basis of every incentive."),
        ),
        Objective::MinInvestment => (
            t(lang, "Minimo investimento per raggiungere gli obiettivi", "Minimum investment to reach the targets"),
            t(lang, "Il costo più basso degli impianti che soddisfa gli obiettivi indicati sotto (quota condivisa, autosufficienza, famiglie sostenute…).",
                "The lowest plant cost that meets the targets below (shared ratio, self-sufficiency, households supported…)."),
        ),
    }
}

/// The optimisation screen: the objective and constraints ([`request_fields`]), the estimate
/// before a long search ([`long_search_warning`]), the button or the progress, and the outcome:
/// no plan with its conflicting constraints, an error, or the plan.
#[function_component(OptimizePanel)]
pub fn optimize_panel() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let opt = ctx.state.opt.clone();
    let run = {
        let ctx = ctx.clone();
        Callback::from(move |_| {
            ctx.work.emit(Work::Optimize(
                Box::new(ctx.state.saved.scenario.clone()),
                ctx.state.saved.request.clone(),
            ))
        })
    };
    let words = |(it, en): &(String, String)| {
        if lang == Lang::It {
            it.clone()
        } else {
            en.clone()
        }
    };
    html! {
        <div class="optimize">
            { request_fields(&ctx) }
            <p class="hint">{ t(lang,
                "Si dimensionano i tetti con un «potenziale» indicato (gli impianti in autoconsumo dietro un contatore restano della loro taglia); i membri variano tra «impegnati» e «disponibili». Le cifre del piano vengono dalla simulazione completa del piano arrotondato.",
                "Roofs with a “potential” are sized (plants behind a member's meter keep their size); members range between “committed” and “available”. The plan's figures come from the full simulation of the rounded plan.") }</p>
            { long_search_warning(&ctx.state.saved.scenario, &ctx.state.saved.request, lang) }
            if opt.running.is_some() {
                <OptimizeProgress />
            } else {
                <button id="run-optimize" class="primary" onclick={run}>{ t(lang, "Ottimizza", "Optimise") }</button>
            }
            if !opt.conflicts.is_empty() {
                <div class="errors" role="alert" id="opt-conflicts">
                    <h3>{ t(lang, "Nessun piano possibile", "No feasible plan") }</h3>
                    <ul>{ for opt.conflicts.iter().map(|c| html! { <li>{ words(c) }</li> }) }</ul>
                </div>
            }
            if let Some(e) = &opt.error { <div class="errors" role="alert" id="opt-error">{ words(e) }</div> }
            if let Some(res) = opt.result.clone() { <PlanResult {res} /> }
        </div>
    }
}

/// The request: its objective with what it means, the optional constraints, and the CERS's
/// policy (on by default, relaxable). Each edit dispatches the whole request.
fn request_fields(ctx: &Ctx) -> Html {
    let lang = ctx.lang();
    let req = &ctx.state.saved.request;
    const OBJECTIVES: [Objective; 4] = [
        Objective::CommunityValue,
        Objective::SolidarityFund,
        Objective::SharedEnergy,
        Objective::MinInvestment,
    ];
    let set_req = |f: fn(&mut OptimizeRequest, Option<f64>)| {
        let ctx = ctx.clone();
        Callback::from(move |v: Option<f64>| {
            let mut r = ctx.state.saved.request.clone();
            f(&mut r, v);
            ctx.state.dispatch(Action::SetRequest(r));
        })
    };
    let set_flag = |f: fn(&mut OptimizeRequest, bool)| {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let on = super::fields::checked(&e);
            let mut r = ctx.state.saved.request.clone();
            f(&mut r, on);
            ctx.state.dispatch(Action::SetRequest(r));
        })
    };
    let on_objective = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let mut r = ctx.state.saved.request.clone();
            r.objective = OBJECTIVES[super::fields::selected_index(&e, OBJECTIVES.len())];
            ctx.state.dispatch(Action::SetRequest(r));
        })
    };
    let (title, meaning) = objective_text(req.objective, lang);
    html! { <>
        <div class="field">
            <label for="objective">{ t(lang, "Obiettivo", "Objective") }</label>
            <select id="objective" onchange={on_objective}>
                { for OBJECTIVES.iter().enumerate().map(|(i, o)| html! { <option value={i.to_string()} selected={*o == req.objective}>{ objective_text(*o, lang).0 }</option> }) }
            </select>
            <p class="hint" id="objective-meaning">{ format!("{title}: {meaning}") }</p>
        </div>
        <div class="grid">
            <NumField id="opt-budget" label={t(lang, "Budget di investimento", "Investment budget")} unit="€" value={req.budget_eur} min={0.0} max={1e10} optional=true {lang} on_change={set_req(|r, v| r.budget_eur = v)} />
            <NumField id="opt-min-ep" label={t(lang, "Minimo famiglie in povertà energetica (membri)", "Minimum energy-poor members")} value={req.min_energy_poor_members.map(|x| x as f64)} min={0.0} max={100000.0} integer=true optional=true {lang} on_change={set_req(|r, v| r.min_energy_poor_members = v.map(|x| x as u32))} />
            <NumField id="opt-max-business" label={t(lang, "Quota massima di imprese", "Maximum share of businesses")} unit="%" value={req.max_business_share_pct} min={0.0} max={100.0} optional=true {lang} on_change={set_req(|r, v| r.max_business_share_pct = v)} />
            <NumField id="opt-min-ratio" label={t(lang, "Energia condivisa ≥ % dell'immessa", "Shared energy ≥ % of injection")} unit="%" value={req.min_shared_ratio_pct} min={0.0} max={100.0} optional=true {lang} on_change={set_req(|r, v| r.min_shared_ratio_pct = v)} />
            <NumField id="opt-min-ss" label={t(lang, "Autosufficienza minima", "Minimum self-sufficiency")} unit="%" value={req.min_self_sufficiency_pct} min={0.0} max={100.0} optional=true {lang} on_change={set_req(|r, v| r.min_self_sufficiency_pct = v)} />
            <NumField id="opt-min-supported" label={t(lang, "Famiglie da sostenere con il fondo (membri e quartiere)", "Households the fund must support (members and area)")} value={req.min_ep_households_supported.map(|x| x as f64)} min={0.0} max={100000.0} integer=true optional=true {lang} on_change={set_req(|r, v| r.min_ep_households_supported = v.map(|x| x as u32))} />
            <NumField id="opt-min-shared" label={t(lang, "Energia condivisa minima", "Minimum shared energy")} unit="kWh" value={req.min_shared_kwh} min={0.0} max={1e12} optional=true {lang} on_change={set_req(|r, v| r.min_shared_kwh = v)} />
        </div>
        <fieldset class="policy" id="cers-policy">
            <legend>{ t(lang, "Politica della CERS (si può allentare)", "The CERS's policy (can be relaxed)") }</legend>
            <label><input type="checkbox" id="keep-energy-poor" checked={req.keep_energy_poor} onchange={set_flag(|r, on| r.keep_energy_poor = on)} />
                { format!(" {}", t(lang, "Famiglie in povertà energetica non meno di oggi", "Energy-poor households not fewer than today")) }</label>
            <label><input type="checkbox" id="keep-households" checked={req.keep_households} onchange={set_flag(|r, on| r.keep_households = on)} />
                { format!(" {}", t(lang, "Famiglie (utenze domestiche) non meno di oggi", "Households (home members) not fewer than today")) }</label>
        </fieldset>
    </> }
}

/// Said before the user waits, when slow cases of this configuration's size and request (roofs
/// across the band limits, a battery, an objective in euros) take 3 s or more: what makes it
/// long, the estimate, and that progress shows and it can be cancelled. Nothing otherwise.
fn long_search_warning(s: &Scenario, req: &OptimizeRequest, lang: Lang) -> Html {
    let est = crate::optimize::estimate_time(s, req);
    if est.slow_s < 3.0 {
        return html! {};
    }
    let n = |x: f64, d: usize| format::number(x, d, lang);
    html! {
        <p class="warning" id="opt-long">{ format!("{}. {} {} {} {} {} {}",
            what_makes_it_long(est.roofs_across, est.battery, lang),
            t(lang, "Stima del tempo: di solito circa", "Estimated time: usually about"),
            n(est.typical_s.max(0.1), 1),
            t(lang, "s, nei casi lenti circa", "s, in slow cases about"),
            n(est.slow_s, 0),
            t(lang, "s, raramente di più (misurata su configurazioni simili; la ricerca esatta delle fasce di potenza esamina più combinazioni quando i tetti sono vicini fra loro nel valore; durante la ricerca si vede il ritmo).",
                "s, rarely more (measured on similar configurations; the exact search over the power bands examines more combinations when roofs are close in value; its pace shows while it runs)."),
            t(lang, "L'avanzamento è mostrato e si può annullare.", "Progress is shown and it can be cancelled.")) }</p>
    }
}

#[derive(Properties, PartialEq)]
struct PlanResultProps {
    res: Rc<(OptimizeReport, Scenario, Report, f64)>,
}

/// The plan against the configuration: figures, sizes, members, social consequences, the
/// constraints checked on the rounded plan, why, and applying it. Its parts: the figures, sizes
/// and members against today's ([`plan_table`]), the social consequences ([`social_table`]),
/// the checks and the reasons ([`checks_and_reasons`]).
#[function_component(PlanResult)]
fn plan_result(props: &PlanResultProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let n = |x: f64, d: usize| format::number(x, d, lang);
    let res = props.res.clone();
    let (rep, applied, _applied_report, ms) = &*res;
    let apply = {
        let ctx = ctx.clone();
        let applied = applied.clone();
        Callback::from(move |_| {
            ctx.replace_scenario(applied.clone(), "Piano ottimale applicato alla configurazione (i tetti a 0 kWp restano, non realizzati).", "Optimal plan applied to the configuration (roofs at 0 kWp stay, not built).");
        })
    };
    let current = &ctx.state.saved.scenario;
    let unit = match (rep.objective_unit.as_str(), lang) {
        ("€/yr", Lang::It) => "€/anno".to_string(),
        ("kWh/yr", Lang::It) => "kWh/anno".to_string(),
        (u, _) => u.to_string(),
    };
    let objective_def = objective_definition(rep.request.objective, current, lang);
    html! {
        <section class="opt-result" id="opt-result" data-investment={rep.simulated.investment_eur.to_string()}
            data-objective={rep.simulated.objective_value.to_string()} data-current-objective={rep.current.objective_value.to_string()}>
            <p class="meta" id="opt-time" data-solve-ms={ format!("{:.1}", rep.solve_ms) }>{ format!("{} {} ({} {}, {} {}); {} {}",
                t(lang, "Ottimizzazione nel web worker:", "Optimisation in the web worker:"), format::duration_ms(rep.solve_ms, lang), rep.lp_solves, if rep.lp_solves == 1 { t(lang, "LP risolto", "LP solved") } else { t(lang, "LP risolti", "LPs solved") },
                n(rep.full_hours as f64, 0), t(lang, "ore in forma completa", "hours in full form"),
                t(lang, "totale con ri-simulazione", "total with re-simulation"), format::duration_ms(*ms, lang)) }{ " " }<super::help::Help term="ore_complete" {lang} /></p>
            { plan_table(rep, current, &unit, objective_def, lang) }
            if let Some(soc) = &rep.social {
                { social_table(soc, lang) }
            }
            <p class="hint">{ format!("{} {} {} · {} {}", t(lang, "Ottimo del modello lineare:", "Linear-model optimum:"), n(rep.objective_value, 2), unit,
                t(lang, "valore del piano arrotondato ri-simulato:", "rounded plan re-simulated:"), n(rep.simulated.objective_value, 2)) }</p>
            if let Some((it, en)) = &rep.note {
                <p class="warning" id="plan-note">{ if lang == Lang::It { it.clone() } else { en.clone() } }</p>
            }
            { checks_and_reasons(rep, lang) }
            <button id="apply-plan" class="primary" onclick={apply}>{ t(lang, "Applica il piano alla configurazione", "Apply the plan to the configuration") }</button>
        </section>
    }
}

/// Column names, repeated before each figure where a phone shows a row as a card.
fn column_names(lang: Lang) -> (String, String) {
    (t(lang, "Attuale", "Current"), t(lang, "Piano", "Plan"))
}

/// What the objective counts, in words (the fund's fixed running costs from the scenario's
/// parameters).
fn objective_definition(objective: Objective, params: &Scenario, lang: Lang) -> String {
    let fixed_cost = crate::params::Parameters::with_overrides(&params.parameters)
        .map(|p| p.community_fixed_cost_eur_per_year)
        .unwrap_or(0.0);
    match objective {
        Objective::CommunityValue => t(lang,
            "L'obiettivo conta: (tariffa premio + valorizzazione − costi per membro) pesati sui 20 anni di incentivo, + vendita dell'energia + acquisti evitati − investimento annualizzato − manutenzione. È il valore per tutta la configurazione, non il denaro del fondo.",
            "The objective counts: (premium tariff + valorisation − per-member costs) weighted over the 20 incentive years, + energy sales + avoided purchases − annualised investment − maintenance. It is the value for the whole configuration, not the fund's money."),
        Objective::SolidarityFund => format!("{} {} {}", t(lang,
            "L'obiettivo conta: tariffa premio + valorizzazione − costi di gestione per membro. Il «fondo solidale netto» toglie anche i costi fissi di gestione",
            "The objective counts: premium tariff + valorisation − per-member running costs. The “net solidarity fund” also takes off the fixed running costs"),
            format::euros(fixed_cost, lang),
            t(lang, "all'anno (uguali per ogni piano, quindi fuori dall'obiettivo) e non scende sotto zero.", "a year (the same for every plan, so outside the objective) and never goes below zero.")),
        Objective::SharedEnergy => t(lang, "L'obiettivo conta l'energia condivisa in un anno (kWh/anno).", "The objective counts the energy shared in one year (kWh/yr)."),
        Objective::MinInvestment => t(lang, "L'obiettivo conta l'investimento negli impianti (e nella batteria), al netto dei contributi.", "The objective counts the investment in plants (and battery), net of grants."),
    }
}

/// The plan's figures, plant sizes, battery and members against the configuration's, changed
/// rows marked; the objective's definition under its row.
fn plan_table(
    rep: &OptimizeReport,
    current: &Scenario,
    unit: &str,
    objective_def: String,
    lang: Lang,
) -> Html {
    let n = |x: f64, d: usize| format::number(x, d, lang);
    let (cur_l, plan_l) = column_names(lang);
    let fig_rows = [
        (
            t(lang, "Obiettivo (ri-simulato)", "Objective (re-simulated)"),
            rep.current.objective_value,
            rep.simulated.objective_value,
            0usize,
            unit.to_string(),
        ),
        (
            t(lang, "Energia condivisa", "Shared energy"),
            rep.current.shared_kwh,
            rep.simulated.shared_kwh,
            0,
            "kWh".to_string(),
        ),
        (
            t(lang, "Tariffa premio", "Premium tariff"),
            rep.current.tip_eur,
            rep.simulated.tip_eur,
            0,
            "€".into(),
        ),
        (
            t(lang, "Fondo solidale netto", "Net solidarity fund"),
            rep.current.net_fund_eur,
            rep.simulated.net_fund_eur,
            0,
            "€".into(),
        ),
        (
            t(lang, "Investimento", "Investment"),
            rep.current.investment_eur,
            rep.simulated.investment_eur,
            0,
            "€".into(),
        ),
        (
            t(
                lang,
                "Famiglie che il fondo può sostenere (membri e quartiere, stima)",
                "Households the fund can support (members and area, estimate)",
            ),
            rep.current.energy_poor_supportable as f64,
            rep.simulated.energy_poor_supportable as f64,
            0,
            String::new(),
        ),
    ];
    html! {
    <table class="compare-plan stack-narrow">
        <thead><tr><th scope="col"></th><th scope="col">{ t(lang, "Attuale", "Current") }</th><th scope="col">{ t(lang, "Piano", "Plan") }</th></tr></thead>
        <tbody>
            { for fig_rows.iter().enumerate().map(|(k, (label, a, b, d, u))| html! { <>
                <tr class={classes!(((a - b).abs() > 0.5).then_some("diff"))}><th scope="row">{ format!("{label} {}", if u.is_empty() { String::new() } else { format!("({u})") }) }</th><td class="num" data-label={cur_l.clone()}>{ n(*a, *d) }</td><td class="num" data-label={plan_l.clone()}>{ n(*b, *d) }</td></tr>
                if k == 0 { <tr class="objective-def"><td colspan="3" id="objective-def">{ objective_def.clone() }</td></tr> }
            </> }) }
            { for rep.rounded.plants.iter().map(|p| {
                let cur = current.plants.iter().find(|x| x.id == p.id).map(|x| x.kwp).unwrap_or(0.0);
                html! { <tr class={classes!(((cur - p.kwp).abs() > 0.05).then_some("diff"))}><th scope="row">{ format!("{} (kWp)", p.id) }</th><td class="num" data-label={cur_l.clone()}>{ n(cur, 1) }</td><td class="num" data-label={plan_l.clone()}>{ n(p.kwp, 1) }</td></tr> }
            }) }
            if let (Some(plan), Some(cur)) = (rep.rounded.battery_kwh, current.battery.as_ref()) {
                <tr class={classes!(((cur.energy_kwh - plan).abs() > 0.5).then_some("diff"))}><th scope="row">{ t(lang, "Batteria (kWh)", "Battery (kWh)") }</th><td class="num" data-label={cur_l.clone()}>{ n(cur.energy_kwh, 0) }</td><td class="num" data-label={plan_l.clone()}>{ n(plan, 0) }</td></tr>
            }
            { for rep.rounded.members.iter().map(|m| {
                let cur = current.members.iter().find(|x| x.category == m.category).map(|x| x.count as f64).unwrap_or(0.0);
                let label = crate::params::defaults().categories.get(&m.category).map(|c| if lang == Lang::It { c.label_it.clone() } else { c.label_en.clone() }).unwrap_or_default();
                html! { <tr class={classes!(((cur - m.count).abs() > 0.5).then_some("diff"))}><th scope="row">{ label }</th><td class="num" data-label={cur_l.clone()}>{ n(cur, 0) }</td><td class="num" data-label={plan_l.clone()}>{ n(m.count, 0) }</td></tr> }
            }) }
        </tbody>
    </table>
    }
}

/// Households, energy-poor members, households the fund can support and the business share,
/// today and with the plan; a warning when the plan drops a whole category.
fn social_table(soc: &crate::optimize::SocialComparison, lang: Lang) -> Html {
    let n = |x: f64, d: usize| format::number(x, d, lang);
    let (cur_l, plan_l) = column_names(lang);
    html! {
        <>
        <h3>{ t(lang, "Conseguenze sociali del piano", "Social consequences of the plan") }</h3>
        if !soc.dropped_categories.is_empty() {
            <p class="warning" id="dropped-groups" role="alert">{ format!("⚠ {} {}. {}",
                t(lang, "Il piano esclude del tutto:", "The plan drops every member of:"),
                soc.dropped_categories.iter().map(|c| crate::params::defaults().categories.get(c).map(|d| if lang == Lang::It { d.label_it.clone() } else { d.label_en.clone() }).unwrap_or_else(|| c.clone())).collect::<Vec<_>>().join(", "),
                t(lang, "Per tenerli: attivare la politica della CERS qui sopra o indicare i membri «impegnati» in Membri.", "To keep them: turn on the CERS policy above or set the “committed” members in Members.")) }</p>
        }
        <table class="compare-plan stack-narrow" id="social-table">
            <thead><tr><th scope="col"></th><th scope="col">{ t(lang, "Attuale", "Current") }</th><th scope="col">{ t(lang, "Piano", "Plan") }</th></tr></thead>
            <tbody>
                { for [
                    (t(lang, "Famiglie (utenze domestiche)", "Households (home members)"), soc.current.households as f64, soc.plan.households as f64, 0usize, ""),
                    (t(lang, "Famiglie in povertà energetica (membri)", "Energy-poor households (members)"), soc.current.energy_poor_members as f64, soc.plan.energy_poor_members as f64, 0, ""),
                    (t(lang, "Famiglie che il fondo può sostenere (stima)", "Households the fund can support (estimate)"), soc.current.households_supportable as f64, soc.plan.households_supportable as f64, 0, ""),
                    (t(lang, "Quota di imprese fra i membri", "Business share of members"), soc.current.business_share_pct, soc.plan.business_share_pct, 1, "%"),
                ].into_iter().map(|(label, a, b, d, u)| html! {
                    <tr class={classes!(((a - b).abs() > 0.05).then_some("diff"))}><th scope="row">{ label }</th><td class="num" data-label={cur_l.clone()}>{ format!("{} {u}", n(a, d)) }</td><td class="num" data-label={plan_l.clone()}>{ format!("{} {u}", n(b, d)) }</td></tr>
                }) }
            </tbody>
        </table>
        </>
    }
}

/// The request's constraints checked on the rounded plan, and why the plan is what it is.
fn checks_and_reasons(rep: &OptimizeReport, lang: Lang) -> Html {
    html! {
        <>
    if !rep.constraint_checks.is_empty() {
        <h3>{ t(lang, "Vincoli, verificati sul piano arrotondato e ri-simulato", "Constraints, checked on the rounded and re-simulated plan") }</h3>
        <ul id="constraint-checks">{ for rep.constraint_checks.iter().map(|c| {
            html! { <li class={if c.kept { "kept" } else { "moved" }} data-constraint={c.constraint.clone()} data-kept={c.kept.to_string()}>
                { check_line(c, lang) }
            </li> }
        }) }</ul>
    }
    <h3>{ t(lang, "Perché", "Why") }</h3>
    <ul id="explanations">{ for rep.explanations.iter().map(|e| html! { <li>{ if lang == Lang::It { e.it.clone() } else { e.en.clone() } }</li> }) }</ul>
        </>
    }
}

/// A running optimisation: progress, the band search's pace, cancel.
#[function_component(OptimizeProgress)]
fn optimize_progress() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let n = |x: f64, d: usize| format::number(x, d, lang);
    let opt = &ctx.state.opt;
    let search = crate::optimize::search_progress(&opt.progress.1);
    let cancel = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.work.emit(Work::Cancel))
    };
    html! {
        <div class="progress" role="status">
            <label for="opt-progress">{ t(lang, "Ottimizzazione in corso…", "Optimising…") }</label>
            <progress id="opt-progress" max="1" value={opt.progress.0.to_string()}></progress>
            if let Some(sp) = search {
                <span id="opt-search">{ format!("{} {}, {} {}; {} {}", n(sp.done as f64, 0),
                    if sp.done == 1 { t(lang, "combinazione di fasce esaminata", "band combination examined") } else { t(lang, "combinazioni di fasce esaminate", "band combinations examined") },
                    n(sp.open as f64, 0), t(lang, "da esaminare", "to examine"), n(sp.lps as f64, 0),
                    if sp.lps == 1 { t(lang, "LP risolto", "LP solved") } else { t(lang, "LP risolti", "LPs solved") }) }</span>
                if sp.elapsed_s >= 2.0 {
                    if let Some(rest) = sp.remaining_s {
                        <span id="opt-pace">{ format!("{} {} s; {} {} s {}",
                            t(lang, "Trascorsi", "Elapsed"), n(sp.elapsed_s, 0),
                            t(lang, "al ritmo attuale ancora circa", "at this pace about"), n(rest.max(1.0), 0),
                            t(lang, "(stima: le combinazioni aperte possono essere scartate o aprirne altre)", "more (an estimate: open combinations may be discarded or open others)")) }</span>
                    } else {
                        <span id="opt-elapsed">{ format!("{} {} s", t(lang, "Trascorsi", "Elapsed"), n(sp.elapsed_s, 0)) }</span>
                    }
                }
            }
            if let Some((k, total)) = crate::optimize::diagnose_progress(&opt.progress.1) {
                <span id="opt-diagnose">{ format!("{} {} {} {}…",
                    t(lang, "Nessun piano rispetta tutti i vincoli: cerco quale è in conflitto, verifica", "No plan meets every constraint: finding which one conflicts, check"),
                    n(k as f64 + 1.0, 0), t(lang, "di", "of"), n(total as f64, 0)) }</span>
            }
            <button id="cancel-optimize" onclick={cancel}>{ t(lang, "Annulla", "Cancel") }</button>
        </div>
    }
}

/// What makes an optimisation long, said before it starts: the roofs whose size may cross
/// 200 kW (each can double the band combinations) and a community battery (every LP then
/// follows all the hours of the year).
fn what_makes_it_long(across: usize, battery: bool, lang: Lang) -> String {
    let roofs = match across {
        0 => None,
        1 => Some(t(
            lang,
            "1 tetto che può stare sopra o sotto i 200 kW",
            "1 roof that may sit above or below 200 kW",
        )),
        k => Some(format!(
            "{k} {}",
            t(
                lang,
                "tetti che possono stare sopra o sotto i 200 kW",
                "roofs that may sit above or below 200 kW"
            )
        )),
    };
    let bat = battery.then(|| {
        t(
            lang,
            "una batteria di comunità (ogni calcolo segue tutte le ore dell'anno)",
            "a community battery (every computation follows all the hours of the year)",
        )
    });
    let what: Vec<String> = roofs.into_iter().chain(bat).collect();
    format!(
        "{} {}",
        t(lang, "Questa configurazione ha", "This configuration has"),
        what.join(&format!(" {} ", t(lang, "e", "and")))
    )
}

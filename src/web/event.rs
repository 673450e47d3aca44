//! Event mode for the public (Milano Green Week): pick a neighbourhood, move two or three big
//! controls in everyday words, watch a day of shared energy, read the outcome in human terms
//! and take it home with a QR code. Every change re-runs the same simulation as the planners'
//! app in the worker (at most one run in flight: the newest choice is computed next, so a
//! finger on a slider never queues up stale work). Kiosk mode (`?chiosco=SECONDS`) returns to
//! the start after that many seconds without touch, shows no links or downloads, and is left
//! by holding the title for 3 seconds (or Ctrl+Shift+E).

use std::rc::Rc;

use gloo::timers::callback::{Interval, Timeout};
use yew::prelude::*;

use super::ctx::{Ctx, Work};
use super::fields::input_number;
use super::state::{Action, Purpose};
use super::t;
use crate::event::{max_roofs, EventChoice, BASES, MAX_FAMILIES};
use crate::format::{self, Lang};
use crate::report::{Report, TypicalDay};

fn base_name(base: &str, lang: Lang) -> String {
    match base {
        "citta_studi" => "Città Studi".into(),
        "bovisa" => "Bovisa".into(),
        "niguarda_affori" => "Niguarda-Affori".into(),
        "chiaravalle" => "Chiaravalle".into(),
        _ => t(lang, "Il mio quartiere", "My neighbourhood"),
    }
}

fn base_blurb(base: &str, lang: Lang) -> String {
    match base {
        "citta_studi" => t(
            lang,
            "I tetti del Politecnico e il quartiere",
            "The Politecnico's roofs and the neighbourhood",
        ),
        "bovisa" => t(
            lang,
            "Il campus Bovisa e le case intorno",
            "The Bovisa campus and the homes around it",
        ),
        "niguarda_affori" => t(
            lang,
            "Una scuola, un condominio, il Municipio 9",
            "A school, a condominium, Municipio 9",
        ),
        "chiaravalle" => t(
            lang,
            "Un borgo agricolo alle porte della città",
            "A farming village at the city's edge",
        ),
        _ => t(
            lang,
            "Scegli tu famiglie e tetti",
            "You choose families and roofs",
        ),
    }
}

/// Whether the visitor asked the system for reduced motion.
fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// The link that opens these choices on a phone.
pub fn event_link(c: &EventChoice) -> String {
    let base = web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default();
    format!("{base}#{}", c.to_fragment())
}

/// A QR code as SVG (quiet zone of 4 modules), or nothing if the text is too long.
pub fn qr_svg(text: &str, label: String) -> Html {
    use qrcodegen::{QrCode, QrCodeEcc};
    let Ok(qr) = QrCode::encode_text(text, QrCodeEcc::Medium) else {
        return html! {};
    };
    let n = qr.size();
    let mut d = String::new();
    for y in 0..n {
        for x in 0..n {
            if qr.get_module(x, y) {
                d.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    let view = format!("0 0 {} {}", n + 8, n + 8);
    html! {
        <svg class="qr" viewBox={view} role="img" aria-label={label} shape-rendering="crispEdges" data-qr-text={text.to_string()}>
            <rect width="100%" height="100%" fill="#fff" />
            <path d={d} fill="#000" />
        </svg>
    }
}

/// The whole event screen: the neighbourhood to pick, then the controls, the outcomes, the
/// day and what to take home; runs and the kiosk's idle return are hooks below.
#[function_component(EventView)]
pub fn event_view() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let ev = ctx.state.event.clone();
    use_event_runs(&ctx);
    use_kiosk(&ctx, ev.kiosk_idle_s);
    let kiosk = ev.kiosk_idle_s.is_some();
    let Some(choice) = ev.choice.clone() else {
        return html! { <NeighbourhoodPick {kiosk} /> };
    };
    let shown = ev.shown.clone();
    let computing = ev.in_flight.is_some() || shown.as_ref().map(|s| &s.0) != Some(&choice);
    html! {
        <section class={classes!("event", kiosk.then_some("kiosk"))} aria-labelledby="event-title">
            <EventTitle />
            { event_where(&ctx, &choice) }
            <div class="event-body"><div class="event-left">
            { event_controls(&ctx, &choice) }
            <p class="event-status" role="status" id="event-status" data-computing={computing.to_string()}>
                { if computing { t(lang, "Calcolo…", "Computing…") } else { t(lang, "Calcolato ora, con la stessa simulazione del simulatore completo.", "Computed just now, with the same simulation as the full simulator.") } }</p>
            if let Some((c, rep)) = shown.clone() {
                { outcomes(&rep.0, &c, lang) }
            }
            </div><div class="event-right">
            if let Some((c, rep)) = shown {
                <DayAnimation report={rep.clone()} {lang} />
                <TakeHome choice={c.clone()} {lang} {kiosk} />
            }
            </div></div>
            if !kiosk {
                <p class="event-full"><button id="event-open-full" onclick={open_full_callback(&ctx, &choice)}>{ t(lang, "Apri questa variante nel simulatore completo", "Open this variant in the full simulator") }</button></p>
            }
        </section>
    }
}

/// The neighbourhood shown, and the ways to another one or back to how it is today.
fn event_where(ctx: &Ctx, choice: &EventChoice) -> Html {
    let lang = ctx.lang();
    let back = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.state.dispatch(Action::EventSet(None)))
    };
    let reset = {
        let ctx = ctx.clone();
        let start = EventChoice::start(&choice.base);
        Callback::from(move |_| ctx.state.dispatch(Action::EventSet(start.clone())))
    };
    html! {
        <div class="event-where">
            <span class="event-place" id="event-place">{ base_name(&choice.base, lang) }</span>
            <button class="small" id="event-back" onclick={back}>{ t(lang, "Cambia quartiere", "Change neighbourhood") }</button>
            <button class="small" id="event-reset" onclick={reset}>{ t(lang, "Com'è oggi", "As it is today") }</button>
        </div>
    }
}

/// The big controls in everyday words: families (up to three times today's, at least 300),
/// roofs with panels, the school and the supermarket. Each move dispatches the new choice.
fn event_controls(ctx: &Ctx, choice: &EventChoice) -> Html {
    let lang = ctx.lang();
    let set = |f: fn(&mut EventChoice, u32)| {
        let ctx = ctx.clone();
        let choice = choice.clone();
        Callback::from(move |e: InputEvent| {
            let v: u32 = input_number(&e, 0);
            let mut c = choice.clone();
            f(&mut c, v);
            ctx.state.dispatch(Action::EventSet(Some(c)));
        })
    };
    let toggle = |f: fn(&mut EventChoice)| {
        let ctx = ctx.clone();
        let choice = choice.clone();
        Callback::from(move |_| {
            let mut c = choice.clone();
            f(&mut c);
            ctx.state.dispatch(Action::EventSet(Some(c)));
        })
    };
    let fam_max = EventChoice::start(&choice.base)
        .map_or(300, |s| (s.families * 3).max(300))
        .min(MAX_FAMILIES);
    let roofs_max = max_roofs(&choice.base);
    html! {
        <div class="event-controls">
            <div class="event-control">
                <label for="event-families">{ t(lang, "Quante famiglie partecipano?", "How many families join?") }</label>
                <output for="event-families" id="event-families-value">{ format::number(choice.families as f64, 0, lang) }</output>
                <input type="range" id="event-families" min="0" max={fam_max.to_string()} step="10" value={choice.families.to_string()} oninput={set(|c, v| c.families = v)} />
            </div>
            <div class="event-control">
                <label for="event-roofs">{ t(lang, "Quanti tetti hanno i pannelli?", "How many roofs have panels?") }</label>
                <output for="event-roofs" id="event-roofs-value">{ format!("{} / {}", choice.roofs, roofs_max) }</output>
                <input type="range" id="event-roofs" min="0" max={roofs_max.to_string()} step="1" value={choice.roofs.to_string()} oninput={set(|c, v| c.roofs = v)} />
            </div>
            <div class="event-control toggles">
                <button class="big toggle" id="event-school" aria-pressed={choice.school.to_string()} onclick={toggle(|c| c.school = !c.school)}>
                    { if choice.school { t(lang, "✓ La scuola partecipa", "✓ The school joins") } else { t(lang, "✗ La scuola non partecipa", "✗ The school does not join") } }</button>
                <button class="big toggle" id="event-supermarket" aria-pressed={choice.supermarket.to_string()} onclick={toggle(|c| c.supermarket = !c.supermarket)}>
                    { if choice.supermarket { t(lang, "✓ Il supermercato partecipa", "✓ The supermarket joins") } else { t(lang, "✗ Il supermercato non partecipa", "✗ The supermarket does not join") } }</button>
            </div>
        </div>
    }
}

/// «Open this variant in the full simulator»: the variant replaces the configuration (the
/// previous one kept in the collection) and event mode ends.
fn open_full_callback(ctx: &Ctx, choice: &EventChoice) -> Callback<MouseEvent> {
    let ctx = ctx.clone();
    let choice = choice.clone();
    Callback::from(move |_| {
        if let Some(s) = choice.scenario() {
            ctx.replace_scenario(
                s,
                "La variante dell'evento è ora la configurazione del simulatore.",
                "The event variant is now the simulator's configuration.",
            );
            ctx.state.dispatch(Action::SetEventMode(false));
        }
    })
}

/// One run in flight; the newest choice next (a visitor moving a slider never queues runs).
#[hook]
fn use_event_runs(ctx: &Ctx) {
    let ev = &ctx.state.event;
    let ctx = ctx.clone();
    use_effect_with(
        (
            ev.choice.clone(),
            ev.in_flight.clone(),
            ev.shown.as_ref().map(|s| s.0.clone()),
        ),
        move |(choice, in_flight, shown)| {
            if let (Some(c), None) = (choice, in_flight) {
                if shown.as_ref() != Some(c) {
                    if let Some(s) = c.scenario() {
                        ctx.work
                            .emit(Work::Simulate(Purpose::Event(c.clone()), Box::new(s)));
                    }
                }
            }
            || ()
        },
    );
}

/// Kiosk: back to the start after the idle time; the back button and the context menu stay
/// in the app.
#[hook]
fn use_kiosk(ctx: &Ctx, kiosk: Option<u32>) {
    let ctx = ctx.clone();
    use_effect_with(kiosk, move |kiosk| {
        let mut keep: Vec<gloo::events::EventListener> = Vec::new();
        let mut timer = None;
        if let (Some(idle), Some(w)) = (*kiosk, web_sys::window()) {
            let last = Rc::new(std::cell::Cell::new(js_sys::Date::now()));
            for kind in ["pointerdown", "keydown", "input", "wheel", "touchstart"] {
                let last = last.clone();
                keep.push(gloo::events::EventListener::new(&w, kind, move |_| {
                    last.set(js_sys::Date::now())
                }));
            }
            keep.push(gloo::events::EventListener::new_with_options(
                &w,
                "contextmenu",
                gloo::events::EventListenerOptions::enable_prevent_default(),
                |e| e.prevent_default(),
            ));
            if let Ok(h) = w.history() {
                let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", None);
            }
            let w2 = w.clone();
            keep.push(gloo::events::EventListener::new(
                &w,
                "popstate",
                move |_| {
                    if let Ok(h) = w2.history() {
                        let _ = h.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", None);
                    }
                },
            ));
            let ctx = ctx.clone();
            timer = Some(Interval::new(1000, move || {
                if js_sys::Date::now() - last.get() > idle as f64 * 1000.0 {
                    last.set(js_sys::Date::now());
                    ctx.state.dispatch(Action::EventIdle);
                }
            }));
        }
        move || {
            drop(keep);
            drop(timer);
        }
    });
}

/// The title (staff leave the kiosk by holding it for 3 s, or Ctrl+Shift+E) and a notice.
#[function_component(EventTitle)]
fn event_title() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    // Staff exit: hold the title for 3 s (or Ctrl+Shift+E).
    let hold: Rc<std::cell::RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let on_down = {
        let ctx = ctx.clone();
        let hold = hold.clone();
        Callback::from(move |_: PointerEvent| {
            let ctx = ctx.clone();
            *hold.borrow_mut() = Some(Timeout::new(3000, move || {
                ctx.state.dispatch(Action::EventKiosk(None))
            }));
        })
    };
    let on_up = {
        let hold = hold.clone();
        Callback::from(move |_: PointerEvent| {
            hold.borrow_mut().take();
        })
    };
    let notice = ctx.state.notice.clone();
    html! { <>
        <h2 class="event-title" id="event-title" onpointerdown={on_down} onpointerup={on_up.clone()} onpointerleave={on_up}>
            { t(lang, "La tua comunità energetica in un minuto", "Your energy community in one minute") }</h2>
        if let Some(n) = notice {
            { super::ctx::notice_view(&n, lang) }
        }
    </> }
}

#[derive(Properties, PartialEq)]
struct PickProps {
    kiosk: bool,
}

/// The first screen: a neighbourhood to start from.
#[function_component(NeighbourhoodPick)]
fn neighbourhood_pick(props: &PickProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let kiosk = props.kiosk;
    let pick = |base: &'static str| {
        let ctx = ctx.clone();
        Callback::from(move |_| {
            if let Some(c) = EventChoice::start(base) {
                ctx.state.dispatch(Action::EventSet(Some(c)));
            }
        })
    };
    html! {
        <section class={classes!("event", kiosk.then_some("kiosk"))} aria-labelledby="event-title">
            <EventTitle />
            <p class="event-lead">{ t(lang, "Pannelli sui tetti, energia condivisa tra vicini, soldi per chi fatica a pagare le bollette. Scegli un quartiere:", "Panels on the roofs, energy shared between neighbours, money for those who struggle to pay their bills. Choose a neighbourhood:") }</p>
            <div class="event-pick" role="group" aria-label={t(lang, "Quartiere", "Neighbourhood")}>
                { for BASES.iter().map(|b| html! {
                    <button class="big pick" id={format!("event-{b}")} onclick={pick(b)}>
                        <span class="pick-name">{ base_name(b, lang) }</span>
                        <span class="pick-blurb">{ base_blurb(b, lang) }</span>
                    </button>
                }) }
            </div>
            if !kiosk { <KioskSetup /> }
        </section>
    }
}

/// The outcome in human terms, each with how it is estimated.
fn outcomes(r: &Report, c: &EventChoice, lang: Lang) -> Html {
    let n = |x: f64, d: usize| format::number(x, d, lang);
    let ep = &r.energy_poverty;
    let card = |id: &str, raw: f64, big: String, what: String, how: String| {
        html! {
            <div class="event-figure" id={id.to_string()} data-value={raw.to_string()}>
                <span class="big-number">{ big }</span><span class="event-what">{ what }</span><span class="event-how">{ how }</span>
            </div>
        }
    };
    html! {
        <div class="event-figures" data-choice={c.to_fragment()}>
            { card("event-money", r.fund.social_eur, format::euros(r.fund.social_eur, lang),
                t(lang, "all'anno per i progetti sociali del quartiere", "a year for the neighbourhood's social projects"),
                t(lang, "Stima: incentivi sull'energia condivisa meno i costi di gestione, per 20 anni; anno tipo.", "Estimate: incentives on shared energy minus running costs, for 20 years; typical year.")) }
            { card("event-supported", ep.households_supportable_at_target as f64, n(ep.households_supportable_at_target as f64, 0),
                format!("{} {} {}", t(lang, "famiglie in povertà energetica aiutate con", "energy-poor families helped with"), format::euros(ep.support_target_eur_per_household, lang), t(lang, "l'anno ciascuna", "a year each")),
                t(lang, "Stima: la parte del fondo per la povertà energetica divisa per l'aiuto a famiglia (modificabile nel simulatore).", "Estimate: the fund's energy-poverty share divided by the help per family (editable in the simulator).")) }
            { card("event-co2", r.co2_avoided_t, format!("{} t", n(r.co2_avoided_t, 0)),
                t(lang, "di CO₂ evitata all'anno", "of CO₂ avoided a year"),
                t(lang, "Produzione dei pannelli × emissioni medie della rete italiana (ISPRA).", "Panel production × average emissions of the Italian grid (ISPRA).")) }
            { card("event-own", r.self_sufficiency, format::percent(r.self_sufficiency, 0, lang),
                t(lang, "dell'elettricità delle famiglie e dei membri viene dai loro tetti", "of the members' electricity comes from their own roofs"),
                t(lang, "Energia usata sul posto o condivisa nella stessa ora, sul consumo dei membri; anno tipo.", "Energy used on site or shared in the same hour, over the members' consumption; typical year.")) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct DayProps {
    report: Rc<(Report, f64)>,
    lang: Lang,
}

/// A day of sun, production, consumption and energy shared between neighbours, hour by hour:
/// summer (July) or winter (January), playable and pausable; with reduced motion it does not
/// play by itself and shows the same information hour by hour on request.
#[function_component(DayAnimation)]
fn day_animation(p: &DayProps) -> Html {
    let lang = p.lang;
    let summer = use_state(|| true);
    let hour = use_state(|| 12usize);
    let playing = use_state(|| !reduced_motion());
    {
        let hour = hour.clone();
        use_effect_with(*playing, move |on| {
            let timer = on.then(|| {
                let h = hour.clone();
                Interval::new(700, move || h.set((*h + 1) % 24))
            });
            move || drop(timer)
        });
    }
    let r = &p.report.0;
    let month = if *summer { 7 } else { 1 };
    let Some(day) = r.typical_days.iter().find(|d| d.month == month) else {
        return html! {};
    };
    let at = DayHour::of(day, *hour, day_scale(&r.typical_days));
    let set_hour = {
        let hour = hour.clone();
        let playing = playing.clone();
        Callback::from(move |e: InputEvent| {
            playing.set(false);
            hour.set(input_number(&e, 12usize).min(23));
        })
    };
    let play = {
        let playing = playing.clone();
        Callback::from(move |_| playing.set(!*playing))
    };
    let season = |s: bool| {
        let summer = summer.clone();
        Callback::from(move |_| summer.set(s))
    };
    let h = at.h;
    html! {
        <section class="event-day" aria-labelledby="event-day-title">
            <h3 id="event-day-title">{ t(lang, "Un giorno nel quartiere, ora per ora", "A day in the neighbourhood, hour by hour") }</h3>
            <div class="day-buttons">
                <button class="big" id="day-play" aria-pressed={(*playing).to_string()} onclick={play}>{ if *playing { t(lang, "⏸ Pausa", "⏸ Pause") } else { t(lang, "▶ Avvia", "▶ Play") } }</button>
                <button class="big" id="day-summer" aria-pressed={(*summer).to_string()} onclick={season(true)}>{ t(lang, "☀ Estate (luglio)", "☀ Summer (July)") }</button>
                <button class="big" id="day-winter" aria-pressed={(!*summer).to_string()} onclick={season(false)}>{ t(lang, "❄ Inverno (gennaio)", "❄ Winter (January)") }</button>
            </div>
            { day_scene(&at, lang) }
            { day_numbers(&at, lang) }
            { day_curves(day, &at, lang) }
            <label for="day-hour" class="day-hour-label">{ format!("{} {:02}:00", t(lang, "Ora del giorno:", "Hour of the day:"), h) }</label>
            <input type="range" id="day-hour" min="0" max="23" step="1" value={h.to_string()} oninput={set_hour} />
            <p class="event-how">{ t(lang, "Giorno tipo del mese dall'anno meteorologico tipo di Milano (PVGIS) e dai profili di consumo dei membri. «Condivisa»: energia dei tetti usata dai vicini nella stessa ora.", "Typical day of the month from Milan's typical meteorological year (PVGIS) and the members' consumption profiles. “Shared”: roof energy used by neighbours in the same hour.") }</p>
        </section>
    }
}

/// The largest production or consumption of any typical day (kW): the drawings' full scale,
/// the same for summer and winter so that the two can be compared.
fn day_scale(days: &[TypicalDay]) -> f64 {
    days.iter()
        .flat_map(|d| d.production_kw.iter().chain(&d.consumption_kw))
        .fold(1e-9f64, |a, b| a.max(*b))
}

/// One hour of a typical day as the scene draws it: its flows (kW) and the day's full scale.
struct DayHour {
    h: usize,
    prod: f64,
    cons: f64,
    shared: f64,
    scale: f64,
}

impl DayHour {
    fn of(day: &TypicalDay, h: usize, scale: f64) -> DayHour {
        DayHour {
            h,
            prod: day.production_kw[h],
            cons: day.consumption_kw[h],
            shared: day.shared_kw[h],
            scale,
        }
    }

    /// A flow as a fraction of the full scale (0–1).
    fn f(&self, x: f64) -> f64 {
        (x / self.scale).clamp(0.0, 1.0)
    }

    /// The hour in words, for screen readers.
    fn label(&self, lang: Lang) -> String {
        let n = |x: f64| format::number(x, 0, lang);
        format!(
            "{} {:02}:00 — {} {} kW, {} {} kW, {} {} kW",
            t(lang, "Ore", "Hour"),
            self.h,
            t(lang, "i tetti producono", "the roofs produce"),
            n(self.prod),
            t(lang, "il quartiere consuma", "the neighbourhood uses"),
            n(self.cons),
            t(lang, "condivisa tra vicini", "shared between neighbours"),
            n(self.shared)
        )
    }
}

/// A house of the scene at `x`: its windows lit by `lit` (0–1) and, with `panel`, panels on its
/// roof glowing with the production (0–1).
fn house(x: f64, lit: f64, panel: Option<f64>) -> Html {
    let roof = format!("{},250 {},222 {},250", x - 6.0, x + 30.0, x + 66.0);
    let panels = format!(
        "{},246 {},228 {},236 {},250",
        x + 4.0,
        x + 28.0,
        x + 40.0,
        x + 16.0
    );
    let window = format!("{:.2}", 0.15 + 0.85 * lit);
    html! { <g>
        <rect x={format!("{x}")} y="250" width="60" height="50" fill="#e9e2d6" stroke="#6d5f4b" />
        <polygon points={roof} fill="#b0523a" />
        if let Some(pv) = panel {
            <polygon points={panels.clone()} fill="#1f3f6a" />
            <polygon points={panels} fill="#ffb000" opacity={format!("{:.2}", 0.85 * pv)} />
        }
        <rect x={format!("{}", x + 10.0)} y="265" width="14" height="14" fill="#ffd75e" opacity={window.clone()} />
        <rect x={format!("{}", x + 36.0)} y="265" width="14" height="14" fill="#ffd75e" opacity={window} />
    </g> }
}

/// The scene: sky and sun (or moon), roofs with panels on the left and homes on the right, the
/// energy shared between them and what goes to or comes from the grid.
fn day_scene(at: &DayHour, lang: Lang) -> Html {
    let n = |x: f64| format::number(x, 0, lang);
    let (h, prod, cons, shared) = (at.h, at.prod, at.cons, at.shared);
    let day_time = prod > 0.0;
    let sun_x = 40.0 + 720.0 * (h as f64 + 0.5) / 24.0;
    let sun_y = 235.0 - 185.0 * at.f(prod).sqrt();
    let from_grid = (cons - shared).max(0.0);
    let to_grid = (prod - shared).max(0.0);
    let flow_w = 3.0 + 22.0 * at.f(shared);
    let (lit, pv) = (at.f(cons), at.f(prod));
    html! {
        <svg class="day-scene" viewBox="0 0 800 330" role="img" aria-label={at.label(lang)} data-hour={h.to_string()}>
            <rect width="800" height="300" fill={if day_time { "#cfe6fb" } else { "#1d2b44" }} />
            if day_time {
                <circle cx={format!("{sun_x:.1}")} cy={format!("{sun_y:.1}")} r="22" fill="#ffb000" />
            } else {
                <circle cx="700" cy="60" r="16" fill="#f4f1e1" />
            }
            <rect y="300" width="800" height="30" fill="#7f9c6b" />
            <text x="20" y="34" class="day-clock" fill={if day_time { "#1b1f24" } else { "#ffffff" }}>{ format!("{:02}:00", h) }</text>
            // Roofs with panels (left), homes, school and shops (right).
            { house(60.0, lit, Some(pv)) }{ house(140.0, lit, Some(pv)) }{ house(220.0, lit, Some(pv)) }
            { house(500.0, lit, None) }{ house(580.0, lit, None) }{ house(660.0, lit, None) }
            if shared > 0.0 {
                <path class="flow" d="M 260 215 C 340 120, 460 120, 540 215" fill="none" stroke="#14824a" stroke-width={format!("{flow_w:.1}")} stroke-linecap="round" />
                <text x="400" y="118" text-anchor="middle" class="day-flow-label">{ format!("{} {} kW", t(lang, "condivisa", "shared"), n(shared)) }</text>
            }
            if to_grid > 0.5 { <text x="150" y="322" text-anchor="middle" class="day-grid-label">{ format!("↓ {} {} kW", t(lang, "in rete", "to the grid"), n(to_grid)) }</text> }
            if from_grid > 0.5 { <text x="610" y="322" text-anchor="middle" class="day-grid-label">{ format!("↑ {} {} kW", t(lang, "dalla rete", "from the grid"), n(from_grid)) }</text> }
        </svg>
    }
}

/// The hour's three flows in words beside the scene (the scene's label says them to screen
/// readers).
fn day_numbers(at: &DayHour, lang: Lang) -> Html {
    let n = |x: f64| format::number(x, 0, lang);
    html! {
        <div class="day-numbers" aria-hidden="true">
            <div><span class="dot prod"></span>{ format!("{} {} kW", t(lang, "I tetti producono", "The roofs produce"), n(at.prod)) }</div>
            <div><span class="dot cons"></span>{ format!("{} {} kW", t(lang, "Il quartiere consuma", "The neighbourhood uses"), n(at.cons)) }</div>
            <div><span class="dot shared"></span>{ format!("{} {} kW", t(lang, "Condivisa tra vicini", "Shared between neighbours"), n(at.shared)) }</div>
        </div>
    }
}

/// The whole day's production, consumption and shared energy as curves, the hour marked.
fn day_curves(day: &TypicalDay, at: &DayHour, lang: Lang) -> Html {
    let x_of = |i: usize| 20.0 + 760.0 * (i as f64 + 0.5) / 24.0;
    let curve = |v: &[f64]| {
        v.iter()
            .enumerate()
            .map(|(i, y)| format!("{:.1},{:.1}", x_of(i), 110.0 - 95.0 * at.f(*y)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mark = format!("{:.1}", x_of(at.h));
    html! {
        <svg class="day-curve" viewBox="0 0 800 120" role="img" aria-label={t(lang, "Curve del giorno: produzione, consumo, energia condivisa", "The day's curves: production, consumption, shared energy")}>
            <polyline points={curve(&day.production_kw)} fill="none" stroke="#c46a00" stroke-width="3" />
            <polyline points={curve(&day.consumption_kw)} fill="none" stroke="#1f5faa" stroke-width="3" />
            <polyline points={curve(&day.shared_kw)} fill="none" stroke="#14824a" stroke-width="5" />
            <line x1={mark.clone()} x2={mark} y1="5" y2="115" stroke="#1b1f24" stroke-dasharray="4 3" />
        </svg>
    }
}

#[derive(Properties, PartialEq)]
struct TakeHomeProps {
    choice: EventChoice,
    lang: Lang,
    kiosk: bool,
}

/// The QR code of the visitor's variant, and a printable card.
#[function_component(TakeHome)]
fn take_home(p: &TakeHomeProps) -> Html {
    let lang = p.lang;
    let link = event_link(&p.choice);
    html! {
        <section class="take-home" id="take-home" aria-labelledby="take-home-title">
            <h3 id="take-home-title">{ t(lang, "Portala a casa", "Take it home") }</h3>
            <div class="take-home-body">
                { qr_svg(&link, t(lang, "Codice QR con il link a questa variante", "QR code with the link to this variant")) }
                <div>
                    <p>{ t(lang, "Inquadra il codice con il telefono: si apre questa stessa comunità, con le tue scelte. Nessun dato viene inviato: le scelte sono scritte nel link.", "Scan the code with your phone: this same community opens, with your choices. Nothing is sent anywhere: the choices are written in the link.") }</p>
                    if !p.kiosk {
                        <p class="event-link"><code id="event-link">{ link.clone() }</code></p>
                        <button id="event-print" onclick={Callback::from(|_| super::io::print())}>{ t(lang, "Stampa la scheda con il QR", "Print the card with the QR") }</button>
                    }
                </div>
            </div>
        </section>
    }
}

/// Staff setup of kiosk mode (not shown in kiosk mode itself).
#[function_component(KioskSetup)]
fn kiosk_setup() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let secs = use_state(|| 90u32);
    let on_secs = {
        let secs = secs.clone();
        Callback::from(move |e: Event| {
            let v: u32 = input_number(&e, 90);
            secs.set(v.clamp(15, 3600));
        })
    };
    let start = {
        let ctx = ctx.clone();
        let secs = secs.clone();
        Callback::from(move |_| {
            // A stand's screen: full screen too (the browser asks for this click).
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = el.request_fullscreen();
            }
            ctx.state.dispatch(Action::EventKiosk(Some(*secs)))
        })
    };
    html! {
        <details class="kiosk-setup">
            <summary>{ t(lang, "Per lo staff: modalità chiosco", "For staff: kiosk mode") }</summary>
            <p class="hint">{ t(lang, "Torna all'inizio dopo il tempo indicato senza tocchi; niente link né download; per uscire tenere premuto il titolo per 3 secondi (o Ctrl+Maiusc+E). Si può aprire anche con l'indirizzo ?chiosco=90.", "Returns to the start after the given time without touch; no links or downloads; to leave, hold the title for 3 seconds (or Ctrl+Shift+E). Also opens with the address ?chiosco=90.") }</p>
            <label for="kiosk-seconds">{ t(lang, "Secondi senza tocchi prima di tornare all'inizio", "Seconds without touch before returning to the start") }</label>
            <input id="kiosk-seconds" type="number" min="15" max="3600" value={secs.to_string()} onchange={on_secs} />
            <button id="kiosk-start" onclick={start}>{ t(lang, "Avvia il chiosco (a schermo intero)", "Start the kiosk (full screen)") }</button>
        </details>
    }
}

//! The application root: state, worker, storage and URL effects, header, tabs and the
//! always-visible results.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::ctx::{Ctx, Work};
use super::fields::{DateField, NumField, TextField};
use super::io::{self, WorkerClient};
use super::state::{preset_scenario, Action, Purpose, Saved, State, Tab};
use super::{compare, editors, optimize_view, producer_view, results, t};
use crate::format::Lang;
use crate::presets::PRESETS;
use crate::protocol::{Request, Response};
use crate::scenario::{is_valid_cp_code, parse, validate, Scenario, SharingRule};
use crate::share;

fn preset_name(id: &str, lang: Lang) -> String {
    match id {
        "template_new_cp" => t(
            lang,
            "Nuova configurazione (modello)",
            "New configuration (template)",
        ),
        _ => preset_scenario(id).cp.name,
    }
}

/// The application root: the state, the worker and the effects on the page (each a hook
/// below), then the header, the tabs and the always-visible results.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let (saved, notice) = Saved::load();
        State::new(saved, notice)
    });
    let work = use_worker(&state);
    let ctx = Ctx {
        state: state.clone(),
        work: work.clone(),
    };
    use_opening_link(&ctx);
    use_offline_cache(state.report.is_some() || state.event.shown.is_some());
    use_tools_on_demand(&ctx, state.saved.tab);
    use_simulate_on_change(&ctx);
    use_autosave(&state);
    use_other_tabs_and_keys(&state);
    use_document_lang(state.saved.lang);
    let lang = state.saved.lang;
    let tab = state.saved.tab;
    let kiosk = state.event.kiosk_idle_s.is_some();
    let tabs = [
        (Tab::Start, t(lang, "Configurazione", "Configuration")),
        (Tab::Members, t(lang, "Membri", "Members")),
        (Tab::Plants, t(lang, "Impianti", "Plants")),
        (Tab::Producer, t(lang, "Produttore", "Producer")),
        (Tab::Assumptions, t(lang, "Ipotesi", "Assumptions")),
        (Tab::Optimize, t(lang, "Ottimizza", "Optimise")),
        (Tab::Compare, t(lang, "Confronta", "Compare")),
        (Tab::Share, t(lang, "Salva e condividi", "Save and share")),
        (Tab::Glossary, t(lang, "Glossario", "Glossary")),
    ];
    let panel = match tab {
        Tab::Start => html! { <StartPanel /> },
        Tab::Members => html! { <editors::MembersEditor /> },
        Tab::Plants => html! { <editors::PlantsEditor /> },
        Tab::Producer => html! { <producer_view::ProducerPanel /> },
        Tab::Assumptions => html! { <editors::AssumptionsEditor /> },
        Tab::Optimize => html! { <optimize_view::OptimizePanel /> },
        Tab::Compare => html! { <compare::ComparePanel /> },
        Tab::Share => html! { <SharePanel /> },
        Tab::Glossary => html! { <super::help::Glossary {lang} /> },
    };
    html! {
        <ContextProvider<Ctx> context={ctx}>
        <AppHeader />
        if state.saved.event_mode {
            <main class="event-main"><super::event::EventView /></main>
        } else {
        <main>
            if state.other_tab {
                <OtherTabConflict />
            }
            if let Some(n) = &state.notice {
                { super::ctx::notice_view(n, lang) }
            }
            <nav class="tabs" aria-label={t(lang, "Sezioni", "Sections")}>
                { for tabs.iter().map(|(tb, label)| {
                    let s = state.clone();
                    let tb = *tb;
                    let id = format!("tab-{}", serde_json::to_value(tb).ok().and_then(|v| v.as_str().map(|x| x.to_string())).unwrap_or_default());
                    html! { <button {id} class="tab" aria-current={(tb == tab).then_some("page")} onclick={Callback::from(move |_| s.dispatch(Action::SetTab(tb)))}>{ label.clone() }</button> }
                }) }
            </nav>
            <section class="panel" aria-live="polite">{ panel }</section>
            <results::Results />
        </main>
        }
        <footer hidden={kiosk}><p>{ t(lang,
            "Fonti dei dati: PVGIS © Unione Europea 2001–2026 (anno meteorologico tipo di Milano); ARERA (profili orari delle famiglie milanesi 2024); BDEW (profili standard per negozi, uffici, scuole: nessun profilo italiano pubblicato); GME (PUN Index 2025); DM MASE 414/2023; DM 127/2025; ARERA TIAD. Tutti i calcoli avvengono nel browser: nessun dato lascia il dispositivo.",
            "Data sources: PVGIS © European Union 2001–2026 (Milan typical meteorological year); ARERA (Milan household hourly profiles 2024); BDEW (standard profiles for shops, offices, schools: no Italian profile is published); GME (PUN Index 2025); DM MASE 414/2023; DM 127/2025; ARERA TIAD. All computation runs in the browser: no data leaves the device.") }</p></footer>
        </ContextProvider<Ctx>>
    }
}

/// The header: title, event mode, undo and redo, language.
#[function_component(AppHeader)]
fn app_header() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let state = &ctx.state;
    let lang = state.saved.lang;
    let kiosk = state.event.kiosk_idle_s.is_some();
    let set_lang = |l: Lang| {
        let s = state.clone();
        Callback::from(move |_| s.dispatch(Action::SetLang(l)))
    };
    html! {
        <header class={classes!(state.saved.event_mode.then_some("event-header"))}>
            <div>
                <h1>{ t(lang, "Simulatore di configurazioni CER", "Energy community configuration simulator") }</h1>
                <p class="subtitle">{ t(lang, "CER.ca.MI Solidale · Comunità Energetica Rinnovabile e Solidale di Milano", "CER.ca.MI Solidale · Milan's renewable and solidarity energy community") }</p>
            </div>
            <div class="lang" role="group" aria-label={t(lang, "Lingua e modalità", "Language and mode")}>
                if !kiosk {
                <button id="event-mode" aria-pressed={state.saved.event_mode.to_string()} onclick={{
                    let s = state.clone();
                    let on = !state.saved.event_mode;
                    Callback::from(move |_| s.dispatch(Action::SetEventMode(on)))
                }}>{ if state.saved.event_mode { t(lang, "Esci dalla modalità evento", "Leave event mode") } else { t(lang, "Modalità evento", "Event mode") } }</button>
                if !state.saved.event_mode {
                <button id="undo" disabled={state.undo.is_empty()} aria-label={t(lang, "Annulla l'ultima modifica (Ctrl+Z)", "Undo the last change (Ctrl+Z)")} title={t(lang, "Annulla (Ctrl+Z)", "Undo (Ctrl+Z)")}
                    onclick={{ let s = state.clone(); Callback::from(move |_| s.dispatch(Action::Undo)) }}>{ "↶" }</button>
                <button id="redo" disabled={state.redo.is_empty()} aria-label={t(lang, "Ripeti la modifica annullata (Ctrl+Y)", "Redo the undone change (Ctrl+Y)")} title={t(lang, "Ripeti (Ctrl+Y)", "Redo (Ctrl+Y)")}
                    onclick={{ let s = state.clone(); Callback::from(move |_| s.dispatch(Action::Redo)) }}>{ "↷" }</button>
                }
                }
                <button id="lang-it" aria-pressed={(lang == Lang::It).to_string()} onclick={set_lang(Lang::It)}>{ "IT" }</button>
                <button id="lang-en" aria-pressed={(lang == Lang::En).to_string()} onclick={set_lang(Lang::En)}>{ "EN" }</button>
            </div>
        </header>
    }
}

/// Another tab saved its work: this tab's autosave waits until the user continues here or
/// loads the other tab's work (nothing is dropped either way).
#[function_component(OtherTabConflict)]
fn other_tab_conflict() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let state = &ctx.state;
    let lang = state.saved.lang;
    html! {
    <div class="conflict" role="alert" id="other-tab">
                        <p>{ t(lang, "Un'altra scheda di questa app ha salvato il suo lavoro. Il salvataggio automatico di questa scheda è sospeso finché non scegli:", "Another tab of this app saved its work. This tab's autosave is paused until you choose:") }</p>
                        <button id="keep-mine" onclick={{ let s = state.clone(); Callback::from(move |_| s.dispatch(Action::KeepMine(Box::new(Saved::stored())))) }}>
                            { t(lang, "Continua qui (la configurazione e la raccolta dell'altra scheda restano nella raccolta)", "Continue here (the other tab's configuration and collection stay in the collection)") }</button>
                        <button id="load-theirs" onclick={{ let st = state.clone(); Callback::from(move |_| {
                            // Keep this tab's scenario in the other tab's save, then load it.
                            if let Some(mut theirs) = Saved::stored() {
                                let mut mine = st.saved.scenario.clone();
                                if mine != theirs.scenario && !theirs.library.contains(&mine) {
                                    mine.name = format!("{} (questa scheda)", mine.name);
                                    theirs.library.push(mine);
                                    let _ = theirs.store();
                                }
                            }
                            if let Some(w) = web_sys::window() { let _ = w.location().reload(); }
                        }) }}>{ t(lang, "Carica il lavoro dell'altra scheda (questa configurazione resta nella raccolta)", "Load the other tab's work (this configuration stays in the collection)") }</button>
                    </div>
        }
}

/// The worker: responses become actions (CSV exports are downloaded here); work sent to
/// it is recorded as sent.
#[hook]
fn use_worker(state: &UseReducerHandle<State>) -> Callback<Work> {
    let client: Rc<RefCell<Option<WorkerClient>>> = use_mut_ref(|| None);
    if client.borrow().is_none() {
        let dispatcher = state.dispatcher();
        let on_response: Rc<dyn Fn(Response)> = Rc::new(move |r: Response| {
            if let Response::Csv { text, .. } = &r {
                let italian = text.lines().next().is_some_and(|h| h.contains(';'));
                io::download(
                    if italian {
                        "cer-orario-it.csv"
                    } else {
                        "cer-hourly.csv"
                    },
                    "text/csv",
                    text,
                );
            }
            dispatcher.dispatch(Action::Worker(r));
        });
        *client.borrow_mut() = Some(WorkerClient::new(on_response));
    }
    {
        let client = client.clone();
        let state = state.clone();
        Callback::from(move |w: Work| {
            let mut guard = client.borrow_mut();
            let Some(c) = guard.as_mut() else { return };
            match w {
                Work::Simulate(p, s) => {
                    let id = c.send(|id| Request::Simulate { id, scenario: *s });
                    state.dispatch(Action::Sent(id, p));
                }
                Work::Optimize(s, r) => {
                    let id = c.send(|id| Request::Optimize {
                        id,
                        scenario: *s,
                        request: r,
                    });
                    state.dispatch(Action::Sent(id, Purpose::Optimize));
                }
                Work::Csv(s, italian) => {
                    let id = c.send(|id| Request::HourlyCsv {
                        id,
                        scenario: *s,
                        italian,
                    });
                    state.dispatch(Action::Sent(id, Purpose::Csv(italian)));
                }
                Work::ReadCurve(bytes_base64, options, year, category) => {
                    let id = c.send(|id| Request::ReadCurve {
                        id,
                        bytes_base64,
                        options,
                        year,
                        category,
                    });
                    state.dispatch(Action::Sent(id, Purpose::Curve));
                }
                Work::SizePlant(s, request) => {
                    let id = c.send(|id| Request::SizePlant {
                        id,
                        scenario: *s,
                        request,
                    });
                    state.dispatch(Action::Sent(id, Purpose::Size));
                }
                Work::Sensitivity(s) => {
                    let id = c.send(|id| Request::Sensitivity { id, scenario: *s });
                    state.dispatch(Action::Sent(id, Purpose::Sensitivity));
                }
                Work::Cancel => {
                    c.restart_tools();
                    state.dispatch(Action::CancelOptimize);
                }
                Work::PrepareTools => c.prepare_tools(),
            }
        })
    }
}

/// What the page was opened with, once: an event link (#evento=…) opens event mode with
/// those choices without touching the planner's configuration; ?chiosco=SECONDS starts
/// kiosk mode; a shared scenario (#s=…) replaces the current one.
#[hook]
fn use_opening_link(ctx: &Ctx) {
    let ctx = ctx.clone();
    use_effect_with((), move |_| {
        // A visitor's event link (#evento=…) opens event mode with those choices; it does
        // not touch the planner's configuration.
        if let Some(f) = io::event_fragment() {
            match crate::event::EventChoice::from_fragment(&f) {
                Ok(c) => {
                    ctx.state.dispatch(Action::SetEventMode(true));
                    ctx.state.dispatch(Action::EventSet(Some(c)));
                }
                Err((it, en)) => ctx.state.dispatch(Action::Problem(
                    format!("Link dell'evento non valido: {it}."),
                    format!("Event link not valid: {en}."),
                )),
            }
            io::clear_fragment();
        }
        // A stand's screen: ?chiosco=SECONDS starts kiosk mode.
        if let Some(secs) = io::query_param("chiosco") {
            let secs = secs.parse::<u32>().unwrap_or(90).clamp(15, 3600);
            ctx.state.dispatch(Action::EventKiosk(Some(secs)));
        }
        if let Some(payload) = io::fragment_payload() {
            match share::decode(&payload) {
                Ok(s) => ctx.replace_scenario(
                    s,
                    "Configurazione aperta dal link condiviso.",
                    "Configuration opened from the shared link.",
                ),
                Err(e) => ctx.state.dispatch(Action::Problem(
                    e[0].message_it.clone(),
                    e[0].message_en.clone(),
                )),
            }
            io::clear_fragment();
        }
        || ()
    });
}

/// Once the first figures are shown (in either mode), the service worker may cache the
/// app's files for offline use (never before, so that it does not slow the first visit).
#[hook]
fn use_offline_cache(shown: bool) {
    use_effect_with(shown, move |shown| {
        if *shown {
            if let Some(w) = web_sys::window() {
                if let Ok(f) = js_sys::Reflect::get(&w, &"__cerRegisterSw".into()) {
                    if let Ok(f) = f.dyn_into::<js_sys::Function>() {
                        let _ = f.call0(&w);
                    }
                }
            }
        }
        || ()
    });
}

/// The tools worker (optimiser, curve reader) loads when the user opens a screen that
/// needs it.
#[hook]
fn use_tools_on_demand(ctx: &Ctx, tab: Tab) {
    let work = ctx.work.clone();
    use_effect_with(tab, move |tab| {
        if matches!(tab, Tab::Optimize | Tab::Producer) {
            work.emit(Work::PrepareTools);
        }
        || ()
    });
}

/// Every scenario change: validated here (cheap), simulated in the worker.
#[hook]
fn use_simulate_on_change(ctx: &Ctx) {
    let ctx = ctx.clone();
    use_effect_with(ctx.state.saved.scenario.clone(), move |s| {
        match validate(s.clone()) {
            Ok(_) => {
                ctx.state.dispatch(Action::Validated(Vec::new()));
                ctx.work
                    .emit(Work::Simulate(Purpose::Main, Box::new(s.clone())));
            }
            Err(e) => ctx.state.dispatch(Action::Validated(e)),
        }
        || ()
    });
}

/// Autosave on every change, paused while another tab's save waits for the user's choice;
/// a full storage is said, with what to do.
#[hook]
fn use_autosave(state: &UseReducerHandle<State>) {
    let st = state.clone();
    use_effect_with(
        (state.saved.clone(), state.other_tab),
        move |(saved, other_tab)| {
            // Paused while another tab's save waits for the user's choice.
            if !*other_tab {
                if let Err(e) = saved.store() {
                    st.dispatch(Action::Problem(
                    format!("Attenzione: il lavoro NON è salvato nel browser (spazio esaurito: circa 5 MB per sito; {e}). Esporta lo scenario in JSON da «Salva e condividi» per non perderlo."),
                    format!("Warning: the work is NOT saved in the browser (storage full: about 5 MB per site; {e}). Export the scenario as JSON from “Save and share” to keep it."),
                ));
                }
            }
            || ()
        },
    );
}

/// Another tab saved (the `storage` event fires only in the other tabs), and Ctrl+Z /
/// Ctrl+Y (undo, redo) and Ctrl+Shift+E (staff leave the kiosk) outside fields.
#[hook]
fn use_other_tabs_and_keys(state: &UseReducerHandle<State>) {
    let st = state.clone();
    use_effect_with((), move |_| {
        let window = web_sys::window().expect("window");
        let st2 = st.clone();
        let storage = gloo::events::EventListener::new(&window, "storage", move |e| {
            let key = js_sys::Reflect::get(e, &"key".into())
                .ok()
                .and_then(|k| k.as_string());
            if key.as_deref() == Some(super::state::STATE_KEY) {
                st2.dispatch(Action::OtherTab);
            }
        });
        let keys = gloo::events::EventListener::new_with_options(
            &window,
            "keydown",
            gloo::events::EventListenerOptions::enable_prevent_default(),
            move |e| {
                let get = |k: &str| js_sys::Reflect::get(e, &k.into()).ok();
                let flag = |k: &str| get(k).and_then(|v| v.as_bool()).unwrap_or(false);
                let key = get("key")
                    .and_then(|v| v.as_string())
                    .unwrap_or_default()
                    .to_lowercase();
                if !(flag("ctrlKey") || flag("metaKey")) {
                    return;
                }
                // Fields keep their own undo.
                let in_field = get("target")
                    .and_then(|t| js_sys::Reflect::get(&t, &"tagName".into()).ok())
                    .and_then(|t| t.as_string())
                    .is_some_and(|t| matches!(t.as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
                if in_field {
                    return;
                }
                let action = match (key.as_str(), flag("shiftKey")) {
                    ("z", false) => Some(Action::Undo),
                    ("y", _) | ("z", true) => Some(Action::Redo),
                    // Staff leave the kiosk.
                    ("e", true) => Some(Action::EventKiosk(None)),
                    _ => None,
                };
                if let Some(a) = action {
                    if let Ok(ev) = e.clone().dyn_into::<web_sys::Event>() {
                        ev.prevent_default();
                    }
                    st.dispatch(a);
                }
            },
        );
        move || {
            drop(storage);
            drop(keys);
        }
    });
}

/// The document's language (for screen readers and hyphenation).
#[hook]
fn use_document_lang(lang: Lang) {
    use_effect_with(lang, |lang| {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = el.set_attribute("lang", if *lang == Lang::En { "en" } else { "it" });
        }
        || ()
    });
}

/// Start: choose a preset, a saved scenario or a new configuration; name and CP.
#[function_component(StartPanel)]
fn start_panel() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let s = ctx.state.saved.scenario.clone();
    let description = match (&s.description_en, lang) {
        (Some(en), Lang::En) => en.clone(),
        _ => s.description.clone(),
    };
    let code_error = (!is_valid_cp_code(&s.cp.code)).then(|| {
        AttrValue::from(t(lang,
        "Codice CP: «AC» seguito da 9 lettere maiuscole o cifre (11 caratteri), es. AC001E00934",
        "CP code: “AC” followed by 9 capital letters or digits (11 characters), e.g. AC001E00934"))
    });
    let on_rule = editors::scenario_callback(&ctx, |sc, e: Event| {
        sc.sharing_rule = if super::fields::select_value(&e) == "pro_rata" {
            SharingRule::ProRata
        } else {
            SharingRule::CommissioningOrder
        };
    });
    // An emptied seed keeps the scenario's (the field says the value is required).
    let on_seed = editors::scenario_callback(&ctx, |sc, v: Option<f64>| {
        if let Some(seed) = v {
            sc.seed = seed as u64;
        }
    });
    let on_constituted = editors::scenario_callback(&ctx, |sc, v: Option<String>| {
        sc.community_constituted_date = v;
    });
    let on_population = editors::scenario_callback(&ctx, |sc, v: Option<f64>| {
        sc.municipality_population = v.map(|x| x as u32);
    });
    html! {
        <div class="start">
            { preset_select(&ctx) }
            if s.illustrative {
                <p class="description"><strong class="badge">{ t(lang, "Numeri illustrativi", "Illustrative numbers") }</strong>{ " " }{ description.clone() }</p>
            } else if !description.is_empty() {
                <p class="description">{ description.clone() }</p>
            }
            <div class="grid">
                <TextField id="scenario-name" label={t(lang, "Nome dello scenario", "Scenario name")} value={s.name.clone()}
                    error={s.name.trim().is_empty().then(|| AttrValue::from(t(lang, "Il nome non può essere vuoto", "The name cannot be empty")))}
                    on_change={editors::scenario_callback(&ctx, |sc: &mut Scenario, v: String| sc.name = v)} />
                <TextField id="cp-name" label={t(lang, "Cabina primaria (nome)", "Primary substation area (name)")} value={s.cp.name.clone()}
                    on_change={editors::scenario_callback(&ctx, |sc: &mut Scenario, v: String| sc.cp.name = v)} />
                <TextField id="cp-code" {lang} help={Some("cabina_primaria")} label={t(lang, "Codice CP (GSE)", "CP code (GSE)")} value={s.cp.code.clone()} error={code_error}
                    on_change={editors::scenario_callback(&ctx, |sc: &mut Scenario, v: String| sc.cp.code = v.trim().to_uppercase())} />
                <TextField id="cp-neighbourhoods" label={t(lang, "Quartieri (separati da virgole)", "Neighbourhoods (comma-separated)")} value={s.cp.neighbourhoods.join(", ")}
                    on_change={editors::scenario_callback(&ctx, |sc: &mut Scenario, v: String| sc.cp.neighbourhoods = v.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect())} />
                <div class="field">
                    <label for="sharing-rule">{ t(lang, "Ripartizione dell'energia condivisa tra impianti", "Split of shared energy between plants") }</label>
                    <select id="sharing-rule" onchange={on_rule}>
                        <option value="commissioning_order" selected={s.sharing_rule == SharingRule::CommissioningOrder}>{ t(lang, "Ordine di entrata in esercizio (GSE)", "Order of entry into operation (GSE)") }</option>
                        <option value="pro_rata" selected={s.sharing_rule == SharingRule::ProRata}>{ t(lang, "Proporzionale all'immissione", "Pro-rata to injection") }</option>
                    </select>
                </div>
                <NumField id="seed" help={Some("seme")} label={t(lang, "Seme della variabilità dei consumi", "Seed of consumption diversity")} value={Some(s.seed as f64)} min={0.0} max={9007199254740991.0} integer=true {lang} on_change={on_seed} />
                <DateField id="constituted" label={t(lang, "Costituzione della comunità (gli impianti incentivati devono entrare in esercizio dopo)", "Community constituted on (incentivised plants must enter operation later)")}
                    value={s.community_constituted_date.clone()} {lang} on_change={on_constituted} />
                <NumField id="population" label={t(lang, "Abitanti del comune (contributi PNRR solo sotto 50.000)", "Inhabitants of the municipality (PNRR grants only under 50,000)")}
                    value={s.municipality_population.map(|x| x as f64)} min={0.0} max={100000000.0} integer=true optional=true
                    placeholder={t(lang, "Milano, circa 1.370.000", "Milan, about 1,370,000")} {lang} on_change={on_population} />
            </div>
            <p class="hint">{ t(lang,
                "Nuova configurazione: scegli «Nuova configurazione (modello)», poi cambia nome, codice CP, membri e tetti.",
                "New configuration: choose “New configuration (template)”, then change name, CP code, members and roofs.") }</p>
        </div>
    }
}

/// "Start from": a CER.ca.MI configuration or a scenario saved in the collection.
fn preset_select(ctx: &Ctx) -> Html {
    let lang = ctx.lang();
    let on_preset = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let v = super::fields::select_value(&e);
            if let Some(i) = v.strip_prefix("lib:").and_then(|x| x.parse::<usize>().ok()) {
                if let Some(sc) = ctx.state.saved.library.get(i) {
                    ctx.replace_scenario(
                        sc.clone(),
                        "Scenario aperto dalla raccolta.",
                        "Scenario opened from the collection.",
                    );
                }
            } else if !v.is_empty() {
                ctx.replace_scenario(
                    preset_scenario(&v),
                    "Nuova configurazione di partenza.",
                    "New starting configuration.",
                );
            }
        })
    };
    html! {
        <div class="field">
            <label for="preset">{ t(lang, "Parti da", "Start from") }</label>
            <select id="preset" onchange={on_preset}>
                <option value="" selected=true>{ t(lang, "— scegli una configurazione —", "— choose a configuration —") }</option>
                <optgroup label={t(lang, "Configurazioni CER.ca.MI", "CER.ca.MI configurations")}>
                    { for PRESETS.iter().map(|(id, _)| html! { <option value={*id}>{ preset_name(id, lang) }</option> }) }
                </optgroup>
                if !ctx.state.saved.library.is_empty() {
                    <optgroup label={t(lang, "Scenari salvati", "Saved scenarios")}>
                        { for ctx.state.saved.library.iter().enumerate().map(|(i, sc)| html! { <option value={format!("lib:{i}")}>{ sc.name.clone() }</option> }) }
                    </optgroup>
                }
            </select>
        </div>
    }
}

/// Save, export, import, link, CSV, print.
#[function_component(SharePanel)]
fn share_panel() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang();
    let link = use_state(String::new);
    let s = ctx.state.saved.scenario.clone();
    let save = {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.state.dispatch(Action::SaveToLibrary))
    };
    let export = {
        let s = s.clone();
        Callback::from(move |_| {
            let name: String = s
                .name
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '_' })
                .collect();
            io::download(
                &format!("{name}.json"),
                "application/json",
                &serde_json::to_string_pretty(&s).unwrap_or_default(),
            );
        })
    };
    let import = {
        let ctx = ctx.clone();
        Callback::from(move |e: Event| {
            let ctx = ctx.clone();
            super::io::read_chosen_file(&e, crate::scenario::MAX_SCENARIO_BYTES, move |text| {
                import_scenario(&ctx, text)
            });
        })
    };
    let make_link = {
        let s = s.clone();
        let link = link.clone();
        Callback::from(move |_| {
            let l = io::link_with_fragment(&share::encode(&s));
            io::copy_to_clipboard(&l);
            link.set(l);
        })
    };
    let csv = |italian: bool| {
        let ctx = ctx.clone();
        Callback::from(move |_| {
            ctx.work.emit(Work::Csv(
                Box::new(ctx.state.saved.scenario.clone()),
                italian,
            ))
        })
    };
    html! {
        <div class="share">
            <p class="hint">{ t(lang,
                "Tutto resta in questo browser: il lavoro è salvato automaticamente e torna dopo un ricaricamento.",
                "Everything stays in this browser: work is saved automatically and comes back after a reload.") }</p>
            <div class="buttons">
                <button id="save-library" onclick={save}>{ t(lang, "Salva nella raccolta", "Save to the collection") }</button>
                <button id="export-json" onclick={export}>{ t(lang, "Esporta scenario (JSON)", "Export scenario (JSON)") }</button>
                <label class="button" for="import-json">{ t(lang, "Importa scenario (JSON)", "Import scenario (JSON)") }</label>
                <input id="import-json" class="visually-hidden" type="file" accept=".json,application/json" onchange={import} />
                <button id="export-csv-it" onclick={csv(true)}>{ t(lang, "Risultati orari CSV (Excel italiano)", "Hourly results CSV (Italian Excel)") }</button>
                <button id="export-csv" onclick={csv(false)}>{ t(lang, "Risultati orari CSV (standard)", "Hourly results CSV (plain)") }</button>
                <button id="make-link" onclick={make_link}>{ t(lang, "Crea link condivisibile", "Create a shareable link") }</button>
                if let Some(raw) = super::state::unreadable_save() {
                    <button id="download-unreadable" onclick={Callback::from(move |_| io::download("cer-planner-salvataggio-non-letto.json", "application/json", &raw))}>
                        { t(lang, "Scarica il salvataggio non letto", "Download the save that could not be read") }</button>
                }
                <button id="print" onclick={Callback::from(|_| io::print())}>{ t(lang, "Stampa / PDF", "Print / PDF") }</button>
            </div>
            if s.members.iter().any(|m| m.hourly_kwh.is_some() || m.band_kwh.is_some()) {
                <p class="warning" id="link-privacy">{ format!("{} {}", t(lang,
                    "Attenzione: il link e l'esportazione contengono i consumi misurati di",
                    "Note: the link and the export carry the metered consumption of"),
                    s.members.iter().filter(|m| m.hourly_kwh.is_some() || m.band_kwh.is_some()).map(|m| m.name.clone().unwrap_or_else(|| m.category.clone())).collect::<Vec<_>>().join(", ")) }
                    { t(lang, ": chi li riceve li vede. Nulla è inviato a un server.", ": whoever receives them sees it. Nothing is sent to a server.") }</p>
            }
            if !link.is_empty() {
                <div class="field">
                    <label for="share-link">{ t(lang, "Link (copiato negli appunti se consentito); la configurazione è nel link stesso, non su un server", "Link (copied to the clipboard if allowed); the configuration is inside the link itself, not on a server") }</label>
                    <input id="share-link" type="text" readonly=true value={(*link).clone()} />
                </div>
            }
            <h3>{ t(lang, "Raccolta", "Collection") }</h3>
            { library_list(&ctx) }
        </div>
    }
}

/// A chosen scenario file's text (or its size, when over the limit) into the page: the
/// scenario replaces the current one (undoable), or a notice names every bad field, in both
/// languages, and nothing changes.
fn import_scenario(ctx: &Ctx, text: Result<String, f64>) {
    let text = match text {
        Ok(t) => t,
        Err(size) => {
            ctx.state.dispatch(Action::Problem(
                format!(
                    "File non importato: {} MB, il limite è {} MB.",
                    crate::format::number(size / 1e6, 1, Lang::It),
                    crate::scenario::MAX_SCENARIO_BYTES / 1_000_000
                ),
                format!(
                    "File not imported: {} MB, the limit is {} MB.",
                    crate::format::number(size / 1e6, 1, Lang::En),
                    crate::scenario::MAX_SCENARIO_BYTES / 1_000_000
                ),
            ));
            return;
        }
    };
    match parse(&text).and_then(|s| validate(s).map(|v| v.scenario)) {
        Ok(sc) => ctx.replace_scenario(sc, "Scenario importato.", "Scenario imported."),
        Err(errs) => {
            let it = errs
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message_it))
                .collect::<Vec<_>>()
                .join("; ");
            let en = errs
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message_en))
                .collect::<Vec<_>>()
                .join("; ");
            ctx.state.dispatch(Action::Problem(
                format!("File non importato — {it}"),
                format!("File not imported — {en}"),
            ));
        }
    }
}

/// The scenarios saved in this browser's collection, each with its delete button.
fn library_list(ctx: &Ctx) -> Html {
    let lang = ctx.lang();
    if ctx.state.saved.library.is_empty() {
        return html! { <p class="hint">{ t(lang, "Nessuno scenario salvato.", "No saved scenario.") }</p> };
    }
    let remove = |i: usize| {
        let ctx = ctx.clone();
        Callback::from(move |_| ctx.state.dispatch(Action::RemoveFromLibrary(i)))
    };
    html! {
        <ul class="library">{ for ctx.state.saved.library.iter().enumerate().map(|(i, sc)| html! {
            <li>{ sc.name.clone() }{ " " }<button class="small" aria-label={format!("{} {}", t(lang, "Elimina", "Delete"), sc.name)} onclick={remove(i)}>{ "✕" }</button></li>
        }) }</ul>
    }
}

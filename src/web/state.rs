//! The app's state: what is saved (language, current scenario, library of saved scenarios,
//! tab) and what is derived from the worker (reports, optimisation). One reducer, actions
//! from components; effects (storage, worker) live in `app.rs`.

use std::collections::BTreeMap;
use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::curve::{CurveError, CurveReport};
use crate::format::Lang;
use crate::optimize::{Objective, OptimizeReport, OptimizeRequest};
use crate::presets::preset;
use crate::producer::SizingReport;
use crate::protocol::Response;
use crate::report::Report;
use crate::scenario::{parse, Scenario, ValidationError};
use crate::sensitivity::SensitivityReport;

/// Storage key of the saved state.
pub const STATE_KEY: &str = "cer-planner/state";
/// Key used by the first version of the page (language and preset only).
pub const LEGACY_UI_KEY: &str = "cer-planner/v1/ui";
/// Where a save that could not be read (damaged, or from a newer version) is kept.
pub const UNREADABLE_KEY: &str = "cer-planner/state.unreadable";
/// Most edits that can be undone.
pub const UNDO_DEPTH: usize = 100;
/// Current saved-state version.
pub const STATE_VERSION: u32 = 2;

/// Screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Tab {
    /// Start: choose or create a configuration.
    #[default]
    Start,
    /// Members.
    Members,
    /// Plants.
    Plants,
    /// Producer mode: size a plant from the producer's own data.
    Producer,
    /// Assumptions.
    Assumptions,
    /// Optimise.
    Optimize,
    /// Compare.
    Compare,
    /// Share and keep.
    Share,
    /// Glossary of terms.
    Glossary,
}

/// What survives a reload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    /// Format version.
    pub version: u32,
    /// Language.
    pub lang: Lang,
    /// Screen.
    #[serde(default)]
    pub tab: Tab,
    /// The scenario being edited.
    pub scenario: Scenario,
    /// Saved scenarios (for comparison and later use).
    #[serde(default)]
    pub library: Vec<Scenario>,
    /// Last optimisation request.
    #[serde(default = "default_request")]
    pub request: OptimizeRequest,
    /// Event mode: a one-screen summary for the public (stands, Milano Green Week).
    #[serde(default)]
    pub event_mode: bool,
}

fn default_request() -> OptimizeRequest {
    // The CERS's own policy is the app's default; the planner can relax it.
    OptimizeRequest::new(Objective::CommunityValue).with_cers_policy()
}

#[derive(Deserialize)]
struct LegacyUi {
    lang: Lang,
    preset: String,
}

/// A preset's scenario (the template if the id is unknown).
pub fn preset_scenario(id: &str) -> Scenario {
    parse(preset(id).unwrap_or(crate::presets::PRESETS[0].1)).unwrap_or_else(|_| {
        parse(crate::presets::PRESETS[0].1).expect("presets are valid (tested)")
    })
}

impl Saved {
    /// A fresh state.
    pub fn fresh() -> Saved {
        Saved {
            version: STATE_VERSION,
            lang: Lang::It,
            tab: Tab::Start,
            scenario: preset_scenario("citta_studi"),
            library: Vec::new(),
            request: default_request(),
            event_mode: false,
        }
    }

    /// Loads from local storage, migrating older formats. A save that cannot be read (damaged,
    /// truncated, or written by a newer version) is never overwritten silently: it is copied to
    /// [`UNREADABLE_KEY`] first and the notice says so.
    pub fn load() -> (Saved, Option<Notice>) {
        let raw = web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|st| st.get_item(STATE_KEY).ok().flatten());
        if let Some(raw) = raw {
            let value = serde_json::from_str::<serde_json::Value>(&raw).ok();
            let version = value
                .as_ref()
                .and_then(|v| v.get("version"))
                .and_then(|x| x.as_u64());
            if version == Some(STATE_VERSION as u64) {
                if let Some(s) = value.and_then(|v| serde_json::from_value::<Saved>(v).ok()) {
                    return (s, None);
                }
            }
            let newer = version.is_some_and(|v| v > STATE_VERSION as u64);
            let kept = web_sys::window()
                .and_then(|w| w.local_storage().ok().flatten())
                .is_some_and(|st| st.set_item(UNREADABLE_KEY, &raw).is_ok());
            let (it, en) = match (newer, kept) {
                (true, true) => (
                    "Il lavoro salvato è di una versione più recente dell'app: non è stato sovrascritto, è conservato a parte e si può scaricare da «Salva e condividi». Si riparte da Città Studi.",
                    "The saved work is from a newer version of the app: it was not overwritten, it is kept apart and can be downloaded from “Save and share”. Starting from Città Studi.",
                ),
                (false, true) => (
                    "Il salvataggio precedente era danneggiato: non è stato cancellato, è conservato a parte e si può scaricare da «Salva e condividi». Si riparte da Città Studi.",
                    "The previous save was damaged: it was not deleted, it is kept apart and can be downloaded from “Save and share”. Starting from Città Studi.",
                ),
                (_, false) => (
                    "Il salvataggio precedente non era leggibile e lo spazio del browser non basta per conservarlo a parte: scaricalo subito da «Salva e condividi» prima di modificare.",
                    "The previous save could not be read and the browser has no room to keep it apart: download it now from “Save and share” before editing.",
                ),
            };
            return (
                Saved::fresh(),
                Some(Notice::problem(it.to_string(), en.to_string())),
            );
        }
        if let Ok(old) = LocalStorage::get::<LegacyUi>(LEGACY_UI_KEY) {
            let mut s = Saved::fresh();
            s.lang = old.lang;
            s.scenario = preset_scenario(&old.preset);
            LocalStorage::delete(LEGACY_UI_KEY);
            return (
                s,
                Some(Notice::info(
                    "Salvataggio aggiornato alla nuova versione.".into(),
                    "Saved state upgraded to the new version.".into(),
                )),
            );
        }
        (Saved::fresh(), None)
    }

    /// Writes to local storage; `Err` when the browser refuses (storage full).
    pub fn store(&self) -> Result<(), String> {
        LocalStorage::set(STATE_KEY, self).map_err(|e| e.to_string())
    }

    /// The save written by another tab, if it can be read.
    pub fn stored() -> Option<Saved> {
        LocalStorage::get::<Saved>(STATE_KEY).ok()
    }
}

/// The raw text of a save that could not be read, if one is kept.
pub fn unreadable_save() -> Option<String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|st| st.get_item(UNREADABLE_KEY).ok().flatten())
}

/// Event mode's screen (not saved: a stand's visitors leave nothing in the planner's work).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventUi {
    /// The visitor's choices; `None` = choose a neighbourhood.
    pub choice: Option<crate::event::EventChoice>,
    /// The choices being computed in the worker.
    pub in_flight: Option<crate::event::EventChoice>,
    /// The last computed choices and their report.
    pub shown: Option<(crate::event::EventChoice, Rc<(Report, f64)>)>,
    /// Kiosk mode: seconds without touch before returning to the start.
    pub kiosk_idle_s: Option<u32>,
}

/// What a worker request was for.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    /// The live results of the current scenario.
    Main,
    /// Event mode: the visitor's variant.
    Event(crate::event::EventChoice),
    /// Column `i` of the comparison.
    Compare(usize),
    /// The optimisation.
    Optimize,
    /// CSV export (Italian convention or plain).
    Csv(bool),
    /// The sensitivity analysis.
    Sensitivity,
    /// Reading a load curve.
    Curve,
    /// The sizing curve.
    Size,
}

/// Producer mode's worker results.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProducerState {
    /// A curve being read (request id).
    pub reading: Option<u64>,
    /// The last curve read: kWh per simulated hour and the import report.
    pub curve: Option<Rc<(Vec<f64>, CurveReport)>>,
    /// Why the last file could not be read.
    pub curve_error: Option<CurveError>,
    /// A sizing running (request id) and its progress.
    pub sizing: Option<u64>,
    /// Progress 0–1.
    pub progress: f64,
    /// The last sizing curve and the worker time.
    pub sized: Option<Rc<(SizingReport, f64)>>,
    /// Why the last sizing failed (Italian, English).
    pub size_error: Option<(String, String)>,
}

/// Sensitivity state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SensState {
    /// Running request id.
    pub running: Option<u64>,
    /// Progress 0–1.
    pub progress: f64,
    /// The scenario sent.
    pub sent: Option<Scenario>,
    /// Result, the scenario it was computed for, worker time.
    pub result: Option<Rc<(SensitivityReport, Scenario, f64)>>,
}

/// Optimisation state.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OptState {
    /// Running request id.
    pub running: Option<u64>,
    /// Progress 0–1 and stage.
    pub progress: (f64, String),
    /// Result: report, applied scenario, its report, worker time.
    pub result: Option<Rc<(OptimizeReport, Scenario, Report, f64)>>,
    /// Conflicts (IT, EN) when infeasible.
    pub conflicts: Vec<(String, String)>,
    /// Why the last optimisation failed (Italian, English).
    pub error: Option<(String, String)>,
}

/// The whole app state.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// Saved part.
    pub saved: Saved,
    /// Report of the current scenario and worker time.
    pub report: Option<Rc<(Report, f64)>>,
    /// Validation problems of the current scenario.
    pub errors: Vec<ValidationError>,
    /// Latest main simulation id (older answers are ignored).
    pub main_id: u64,
    /// Open worker requests.
    pub pending: BTreeMap<u64, Purpose>,
    /// Optimisation.
    pub opt: OptState,
    /// Event mode.
    pub event: EventUi,
    /// Sensitivity analysis.
    pub sens: SensState,
    /// Producer mode.
    pub producer: ProducerState,
    /// Comparison: names and reports.
    pub compare: Vec<(String, Option<Rc<Report>>)>,
    /// A message for the user.
    pub notice: Option<Notice>,
    /// Earlier versions of the scenario (newest last), for undo.
    pub undo: Vec<Scenario>,
    /// Undone versions (newest last), for redo.
    pub redo: Vec<Scenario>,
    /// Another tab saved its work: autosave is paused until the user chooses.
    pub other_tab: bool,
}

/// Actions.
pub enum Action {
    /// Switch language.
    SetLang(Lang),
    /// Event mode on or off.
    SetEventMode(bool),
    /// Event mode: the visitor's choices (`None` = back to choosing a neighbourhood).
    EventSet(Option<crate::event::EventChoice>),
    /// Event mode: nobody touched the kiosk for its idle time.
    EventIdle,
    /// Kiosk mode on (idle seconds) or off.
    EventKiosk(Option<u32>),
    /// Switch screen.
    SetTab(Tab),
    /// Change the scenario (an edit): undoable.
    SetScenario(Box<Scenario>),
    /// Replace the whole scenario (another start, a link, an import, an applied plan): undoable,
    /// and the work it replaces is kept in the collection when it is not there yet. The texts
    /// (IT, EN) say what happened.
    Replace(Box<Scenario>, String, String),
    /// Undo the last change of the scenario.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Another tab saved its work.
    OtherTab,
    /// Continue here after another tab saved: its collection entries are merged into ours.
    KeepMine(Box<Option<Saved>>),
    /// Save the current scenario to the library.
    SaveToLibrary,
    /// Remove a library entry.
    RemoveFromLibrary(usize),
    /// Set the optimisation request.
    SetRequest(OptimizeRequest),
    /// A request was sent.
    Sent(u64, Purpose),
    /// Local validation result for the current scenario.
    Validated(Vec<ValidationError>),
    /// A worker response.
    Worker(crate::protocol::Response),
    /// The optimisation was cancelled.
    CancelOptimize,
    /// Start a comparison of these named scenarios.
    StartCompare(Vec<String>),
    /// Show a notice (IT, EN): what was done.
    Notice(String, String),
    /// Show a problem (IT, EN): what was refused or went wrong, and why.
    Problem(String, String),
}

/// A sentence for the user above the tabs, in both languages. A `problem` (something refused,
/// damaged or not saved) is shown as an alert in the warning colour; the rest as a status.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// In Italian.
    pub it: String,
    /// In English.
    pub en: String,
    /// Something was refused or went wrong.
    pub problem: bool,
}

impl Notice {
    /// What was done.
    pub fn info(it: String, en: String) -> Notice {
        Notice {
            it,
            en,
            problem: false,
        }
    }

    /// What was refused or went wrong, and why.
    pub fn problem(it: String, en: String) -> Notice {
        Notice {
            it,
            en,
            problem: true,
        }
    }
}

impl State {
    /// Initial state.
    /// `notice`: what loading the saved work found (a save kept apart, an upgrade).
    pub fn new(saved: Saved, notice: Option<Notice>) -> State {
        State {
            saved,
            report: None,
            errors: Vec::new(),
            main_id: 0,
            pending: BTreeMap::new(),
            opt: OptState::default(),
            event: EventUi::default(),
            sens: SensState::default(),
            producer: ProducerState::default(),
            compare: Vec::new(),
            notice,
            undo: Vec::new(),
            redo: Vec::new(),
            other_tab: false,
        }
    }
}

impl Reducible for State {
    type Action = Action;

    /// One arm per action; the scenario's history, the collection and the worker's answers
    /// each have their own methods below.
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::SetLang(l) => s.saved.lang = l,
            Action::SetEventMode(on) => s.saved.event_mode = on,
            Action::EventSet(c) => s.event.choice = c,
            Action::EventIdle => {
                s.event.choice = None;
                s.saved.lang = Lang::It;
            }
            Action::EventKiosk(k) => {
                s.event.kiosk_idle_s = k;
                if k.is_some() {
                    s.saved.event_mode = true;
                    s.event.choice = None;
                }
            }
            Action::SetTab(t) => {
                s.saved.tab = t;
                s.notice = None;
            }
            Action::SetScenario(sc) => s.edit(*sc),
            Action::Replace(sc, it, en) => s.replace(*sc, &it, &en),
            Action::Undo => {
                if let Some(prev) = s.undo.pop() {
                    let cur = std::mem::replace(&mut s.saved.scenario, prev);
                    s.redo.push(cur);
                }
            }
            Action::Redo => {
                if let Some(next) = s.redo.pop() {
                    let cur = std::mem::replace(&mut s.saved.scenario, next);
                    s.undo.push(cur);
                }
            }
            Action::OtherTab => s.other_tab = true,
            Action::KeepMine(theirs) => {
                if let Some(theirs) = *theirs {
                    s.merge_other_tab(theirs);
                }
                s.other_tab = false;
            }
            Action::SaveToLibrary => {
                let sc = s.saved.scenario.clone();
                s.saved.library.retain(|x| x.name != sc.name);
                s.saved.library.push(sc);
            }
            Action::RemoveFromLibrary(i) => {
                if i < s.saved.library.len() {
                    s.saved.library.remove(i);
                }
            }
            Action::SetRequest(r) => s.saved.request = r,
            Action::Sent(id, p) => s.sent(id, p),
            Action::Validated(e) => s.errors = e,
            Action::CancelOptimize => {
                if let Some(id) = s.opt.running.take() {
                    s.pending.remove(&id);
                }
                s.opt.progress = (0.0, String::new());
            }
            Action::StartCompare(names) => {
                s.compare = names.into_iter().map(|n| (n, None)).collect()
            }
            Action::Notice(it, en) => s.notice = Some(Notice::info(it, en)),
            Action::Problem(it, en) => s.notice = Some(Notice::problem(it, en)),
            Action::Worker(resp) => s.answered(resp),
        }
        Rc::new(s)
    }
}

/// The scenario's history: every change is undoable; a replacement keeps the work it replaces.
impl State {
    /// An edit of the scenario (a no-op edit is not history).
    fn edit(&mut self, sc: Scenario) {
        if sc != self.saved.scenario {
            let old = std::mem::replace(&mut self.saved.scenario, sc);
            self.remember(old);
        }
    }

    /// A whole new scenario (another start, a link, an import, an applied plan): the work it
    /// replaces goes to the collection unless it is a preset as shipped or already there, and a
    /// notice (`it`, `en` first) says where it is.
    fn replace(&mut self, sc: Scenario, it: &str, en: &str) {
        if sc == self.saved.scenario {
            return;
        }
        let old = std::mem::replace(&mut self.saved.scenario, sc);
        let kept = self.keep_in_library(&old);
        self.remember(old);
        self.notice = Some(match kept {
            Some(n) => Notice::info(
                format!("{it} Il lavoro precedente è nella raccolta come «{n}»; Annulla (Ctrl+Z) lo riporta qui."),
                format!("{en} The previous work is in the collection as “{n}”; Undo (Ctrl+Z) brings it back."),
            ),
            None => Notice::info(
                format!("{it} Annulla (Ctrl+Z) riporta la configurazione precedente."),
                format!("{en} Undo (Ctrl+Z) brings the previous configuration back."),
            ),
        });
    }

    /// `old` on the undo stack (at most `UNDO_DEPTH`); a new change clears redo.
    fn remember(&mut self, old: Scenario) {
        self.undo.push(old);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// A copy of `old` in the collection, under a name not taken yet, unless it is a pristine
    /// preset or already there: the name it got.
    fn keep_in_library(&mut self, old: &Scenario) -> Option<String> {
        let pristine = crate::presets::PRESETS
            .iter()
            .any(|(id, _)| preset_scenario(id) == *old);
        if pristine || self.saved.library.iter().any(|x| x == old) {
            return None;
        }
        let base = format!(
            "{} (copia automatica)",
            old.name.chars().take(150).collect::<String>()
        );
        let mut name = base.clone();
        let mut k = 2;
        while self.saved.library.iter().any(|x| x.name == name) {
            name = format!("{base} {k}");
            k += 1;
        }
        let mut copy = old.clone();
        copy.name = name.clone();
        self.saved.library.push(copy);
        Some(name)
    }

    /// Continuing here after another tab saved: its collection entries and its scenario join
    /// ours (renamed "(altra scheda)" where a name is taken), nothing of either is lost.
    fn merge_other_tab(&mut self, theirs: Saved) {
        for mut x in theirs.library {
            if !self
                .saved
                .library
                .iter()
                .any(|y| y.name == x.name && *y == x)
            {
                if self.saved.library.iter().any(|y| y.name == x.name) {
                    x.name = format!("{} (altra scheda)", x.name);
                }
                self.saved.library.push(x);
            }
        }
        if theirs.scenario != self.saved.scenario && !self.saved.library.contains(&theirs.scenario)
        {
            let mut x = theirs.scenario;
            x.name = format!("{} (altra scheda)", x.name);
            self.saved.library.push(x);
        }
    }
}

/// Requests to the worker and its answers, by purpose.
impl State {
    /// Request `id` was sent for `p`: what waits for it.
    fn sent(&mut self, id: u64, p: Purpose) {
        match &p {
            Purpose::Main => self.main_id = id,
            Purpose::Event(c) => self.event.in_flight = Some(c.clone()),
            Purpose::Curve => {
                self.producer.reading = Some(id);
                self.producer.curve_error = None;
            }
            Purpose::Size => {
                self.producer.sizing = Some(id);
                self.producer.progress = 0.0;
                self.producer.size_error = None;
            }
            Purpose::Sensitivity => {
                self.sens.running = Some(id);
                self.sens.progress = 0.0;
                self.sens.sent = Some(self.saved.scenario.clone());
            }
            Purpose::Optimize => {
                self.opt = OptState {
                    running: Some(id),
                    ..OptState::default()
                }
            }
            Purpose::Compare(_) | Purpose::Csv(_) => {}
        }
        self.pending.insert(id, p);
    }

    /// A worker's answer, to the request it answers (a progress report keeps it pending).
    fn answered(&mut self, resp: Response) {
        let id = resp.id();
        let purpose = match &resp {
            Response::Progress { .. } => self.pending.get(&id).cloned(),
            _ => self.pending.remove(&id),
        };
        match purpose {
            None => {}
            // An older simulation than the one shown is not news.
            Some(Purpose::Main) if id != self.main_id => {}
            Some(Purpose::Main) => self.answered_main(resp),
            Some(Purpose::Event(c)) => self.answered_event(c, resp),
            Some(Purpose::Compare(i)) => match resp {
                Response::Simulated { report, .. } => {
                    if let Some(c) = self.compare.get_mut(i) {
                        c.1 = Some(Rc::new(*report));
                    }
                }
                other => self.refused_aloud(other),
            },
            Some(Purpose::Optimize) => self.answered_optimize(resp),
            Some(Purpose::Curve) => self.answered_curve(resp),
            Some(Purpose::Size) => self.answered_size(resp),
            Some(Purpose::Sensitivity) => self.answered_sensitivity(resp),
            Some(Purpose::Csv(_)) => match resp {
                Response::Invalid { errors, .. } => {
                    self.notice = Some(refused(
                        "File CSV non creato",
                        "CSV file not made",
                        invalid(&errors),
                    ))
                }
                // The file itself is saved where the request was sent.
                other => self.refused_aloud(other),
            },
        }
    }

    fn answered_main(&mut self, resp: Response) {
        match resp {
            Response::Simulated { report, ms, .. } => self.report = Some(Rc::new((*report, ms))),
            Response::Invalid { errors, .. } => self.errors = errors,
            other => self.refused_aloud(other),
        }
    }

    /// Event mode says nothing of a variant it could not compute: the figures shown stay.
    fn answered_event(&mut self, c: crate::event::EventChoice, resp: Response) {
        match resp {
            Response::Progress { .. } => {}
            Response::Simulated { report, ms, .. } => {
                self.event.in_flight = None;
                self.event.shown = Some((c, Rc::new((*report, ms))));
            }
            _ => self.event.in_flight = None,
        }
    }

    fn answered_optimize(&mut self, resp: Response) {
        match resp {
            Response::Progress {
                stage, fraction, ..
            } => self.opt.progress = (fraction, stage),
            Response::Optimized {
                report,
                applied,
                applied_report,
                ms,
                ..
            } => {
                self.opt.running = None;
                self.opt.result = Some(Rc::new((*report, *applied, *applied_report, ms)));
            }
            Response::Infeasible { conflicts, .. } => {
                self.opt.running = None;
                self.opt.conflicts = conflicts;
            }
            other => {
                if let Some(why) = refusal(&other) {
                    self.opt.running = None;
                    self.opt.error = Some(why);
                }
            }
        }
    }

    fn answered_curve(&mut self, resp: Response) {
        match resp {
            Response::Curve {
                hourly_kwh, report, ..
            } => {
                self.producer.reading = None;
                self.producer.curve = Some(Rc::new((hourly_kwh, *report)));
                self.producer.curve_error = None;
            }
            Response::CurveFailed { error, .. } => {
                self.producer.reading = None;
                self.producer.curve = None;
                self.producer.curve_error = Some(error);
            }
            Response::Failed { message, .. } => {
                self.producer.reading = None;
                let (message_it, message_en) = failed(&message);
                self.producer.curve_error =
                    Some(crate::curve::err(None, None, message_it, message_en));
            }
            other => self.refused_aloud(other),
        }
    }

    fn answered_size(&mut self, resp: Response) {
        match resp {
            Response::Progress { fraction, .. } => self.producer.progress = fraction,
            Response::Sized { report, ms, .. } => {
                self.producer.sizing = None;
                self.producer.sized = Some(Rc::new((*report, ms)));
            }
            other => {
                if let Some(why) = refusal(&other) {
                    self.producer.sizing = None;
                    self.producer.size_error = Some(why);
                }
            }
        }
    }

    fn answered_sensitivity(&mut self, resp: Response) {
        let why = match resp {
            Response::Progress { fraction, .. } => {
                self.sens.progress = fraction;
                return;
            }
            Response::Sensitivity { report, ms, .. } => {
                let sc = self.sens.sent.take();
                let sc = sc.unwrap_or_else(|| self.saved.scenario.clone());
                self.sens.result = Some(Rc::new((*report, sc, ms)));
                None
            }
            other => refusal(&other),
        };
        self.sens.running = None;
        if let Some(why) = why {
            self.notice = Some(refused(
                "Incertezza non calcolata",
                "Uncertainty not computed",
                why,
            ));
        }
    }

    /// Any other request the worker refused or failed: said, never dropped.
    fn refused_aloud(&mut self, resp: Response) {
        match resp {
            Response::Invalid { errors, .. } => {
                self.notice = Some(refused(
                    "Calcolo non eseguito",
                    "Not computed",
                    invalid(&errors),
                ))
            }
            Response::Failed { message, .. } => {
                self.notice = Some(refused(
                    "Calcolo non riuscito",
                    "Computation failed",
                    failed(&message),
                ))
            }
            _ => {}
        }
    }
}

/// Why the worker did not answer a request, in both languages, when `resp` says so (a
/// scenario it refused, or a computation that failed).
fn refusal(resp: &Response) -> Option<(String, String)> {
    match resp {
        Response::Invalid { errors, .. } => Some(invalid(errors)),
        Response::Failed { message, .. } => Some(failed(message)),
        _ => None,
    }
}

/// A scenario the worker refused, in both languages: each field with its message.
fn invalid(errors: &[ValidationError]) -> (String, String) {
    let list = |it: bool| {
        errors
            .iter()
            .map(|e| {
                format!(
                    "{}: {}",
                    e.field,
                    if it { &e.message_it } else { &e.message_en }
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    (
        format!("lo scenario contiene errori — {}", list(true)),
        format!("the scenario has errors — {}", list(false)),
    )
}

/// A computation that failed in the worker (its message is technical, in English).
fn failed(message: &str) -> (String, String) {
    (
        format!("il calcolo non è riuscito ({message})"),
        format!("the computation failed ({message})"),
    )
}

/// `what` was not done, and why: a problem notice.
fn refused(what_it: &str, what_en: &str, why: (String, String)) -> Notice {
    Notice::problem(
        format!("{what_it}: {}.", why.0),
        format!("{what_en}: {}.", why.1),
    )
}

//! What every component shares: the state with its dispatcher, and the channel to the worker.
//! Components import this module, never the application root.

use yew::prelude::*;

use super::state::{Action, Notice, Purpose, State};
use crate::format::Lang;
use crate::optimize::OptimizeRequest;
use crate::scenario::Scenario;

/// What components may ask of the worker.
#[derive(Clone, PartialEq)]
pub enum Work {
    /// Simulate for a purpose (main results or a comparison column).
    Simulate(Purpose, Box<Scenario>),
    /// Optimise.
    Optimize(Box<Scenario>, OptimizeRequest),
    /// Export the hourly CSV (Italian convention?).
    Csv(Box<Scenario>, bool),
    /// How sure the figures are.
    Sensitivity(Box<Scenario>),
    /// Read a load curve: file bytes (base64), overrides, year, category.
    ReadCurve(String, crate::curve::CurveOptions, i32, Option<String>),
    /// Sizing curve of a plant.
    SizePlant(Box<Scenario>, crate::producer::SizeRequest),
    /// Cancel the running optimisation.
    Cancel,
    /// Start the tools worker ahead of need (the user opened Optimise or Producer).
    PrepareTools,
}

/// Shared with every component.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    /// State and dispatcher.
    pub state: UseReducerHandle<State>,
    /// Sends work to the worker.
    pub work: Callback<Work>,
}

impl Ctx {
    /// Current language.
    pub fn lang(&self) -> Lang {
        self.state.saved.lang
    }

    /// Changes the scenario (an edit; undoable).
    pub fn set_scenario(&self, s: Scenario) {
        self.state.dispatch(Action::SetScenario(Box::new(s)));
    }

    /// Replaces the whole scenario (undoable; the replaced work is kept in the collection);
    /// `it`/`en` say what happened.
    pub fn replace_scenario(&self, s: Scenario, it: &str, en: &str) {
        self.state
            .dispatch(Action::Replace(Box::new(s), it.to_string(), en.to_string()));
    }
}

/// The notice above the page (the planners' app and event mode): a problem as an alert in the
/// warning colour, the rest as a status.
pub fn notice_view(n: &Notice, lang: Lang) -> Html {
    html! {
        <p class={classes!("notice", n.problem.then_some("problem"))} role={if n.problem { "alert" } else { "status" }}>
            { if lang == Lang::It { n.it.clone() } else { n.en.clone() } }</p>
    }
}

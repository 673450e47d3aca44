//! Member-mix and plant-sizing optimisation by linear programming (issue #3).
//! Formulation with numbered equations: `docs/formulation.md`.
//!
//! Phases (as in PyPSA): build → solve → write back. The tariff band of each plant depends on
//! its size, which makes the model non-convex; it is solved exactly by branch and bound over
//! band assignments: a node where a plant's band is open uses the most generous tariff
//! (≤ 200 kW) over the plant's whole size range, a relaxation whose optimum bounds every
//! assignment below it; when that optimum keeps every open plant ≤ 200 kW it is exact,
//! otherwise the node branches on the plant's bands. Member counts are then rounded and the
//! rounded plan is re-simulated with the core: the figures users see come from the simulation.

pub mod lp;
pub mod model;
pub mod solve;
pub mod variants;

use serde::{Deserialize, Serialize};

use crate::economics::PowerBand;
use crate::format::{self, Lang};
use crate::params::defaults;
use crate::report::Report;
use crate::scenario::{validate, ValidScenario};
use crate::simulate::simulate;
use lp::RowKind;
pub use model::{BandChoice, Explained, HourMode, Inputs, Objective, OptimizeRequest, BAND_KW};
use solve::SolveOutcome;

/// A plan: plant sizes and member counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Plants: id, kWp, tariff band.
    pub plants: Vec<PlantPlan>,
    /// Members: category, count.
    pub members: Vec<MemberPlan>,
    /// Community battery capacity, kWh (when the scenario has a battery).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub battery_kwh: Option<f64>,
}

/// A plant in a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlantPlan {
    /// Plant id.
    pub id: String,
    /// kWp (0 = not built).
    pub kwp: f64,
    /// Tariff band at that size.
    pub power_band: PowerBand,
}

/// A member group in a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberPlan {
    /// Category id.
    pub category: String,
    /// Members (fractional in the continuous plan).
    pub count: f64,
}

/// A shadow price turned into a sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// Which constraint.
    pub constraint: Explained,
    /// What it is about (category, plant id, or empty).
    pub subject: String,
    /// Shadow price: change of the objective per unit of the constraint's right-hand side.
    pub shadow_price: f64,
    /// Italian sentence.
    pub it: String,
    /// English sentence.
    pub en: String,
}

/// Figures of the re-simulated rounded plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct SimulatedFigures {
    pub objective_value: f64,
    pub production_kwh: f64,
    pub injected_kwh: f64,
    pub shared_kwh: f64,
    pub shared_ratio_of_injection: f64,
    pub self_sufficiency: f64,
    pub tip_eur: f64,
    pub valorisation_eur: f64,
    pub sales_eur: f64,
    pub solidarity_min_eur: f64,
    pub net_fund_eur: f64,
    pub investment_eur: f64,
    pub energy_poor_supportable: u32,
}

/// Result of an optimisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptimizeReport {
    /// Every hard constraint of the request checked on the rounded, re-simulated plan: kept,
    /// or by how much it moved.
    #[serde(default)]
    pub constraint_checks: Vec<ConstraintCheck>,
    /// Why the plan is the configuration as given, when it is (IT, EN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<(String, String)>,
    /// Social consequences of the plan (who is kept, who is dropped).
    #[serde(default)]
    pub social: Option<SocialComparison>,
    /// Decisions the optimum leaves open (ties): any value in the range is as good.
    #[serde(default)]
    pub equivalent: Vec<EquivalentRange>,
    /// The request.
    pub request: OptimizeRequest,
    /// `max` or `min`.
    pub sense: String,
    /// Unit of the objective.
    pub objective_unit: String,
    /// LP optimum, in the units and sense of the exported MPS model.
    pub objective_value: f64,
    /// Wall time of the whole search, ms.
    pub solve_ms: f64,
    /// LPs solved (band nodes × active-set rounds).
    pub lp_solves: u32,
    /// Nodes of the band search.
    pub band_nodes: u32,
    /// Columns of the final LP.
    pub lp_columns: usize,
    /// Rows of the final LP.
    pub lp_rows: usize,
    /// Hours in the LP (hours without any PV production are dropped: exact).
    pub lp_hours: usize,
    /// Columns of the last reduced LP actually solved.
    pub reduced_columns: usize,
    /// Rows of the last reduced LP.
    pub reduced_rows: usize,
    /// Hours kept in full in the last reduced LP.
    pub full_hours: usize,
    /// Continuous optimum.
    pub continuous: Plan,
    /// Rounded plan (whole members, 0.1 kWp).
    pub rounded: Plan,
    /// The rounded plan re-simulated with the core.
    pub simulated: SimulatedFigures,
    /// The scenario as given, simulated and valued with the same objective.
    pub current: SimulatedFigures,
    /// Shadow prices in words.
    pub explanations: Vec<Explanation>,
}

/// Outcome of [`optimize`].
#[derive(Debug, Clone)]
pub enum OptimizeOutcome {
    /// Solved: the report, the scenario with the rounded plan applied, the MPS of the final LP.
    Solved {
        /// The report.
        report: Box<OptimizeReport>,
        /// The scenario with the plan applied.
        applied: Box<ValidScenario>,
        /// The final LP.
        lp: Box<lp::Lp>,
    },
    /// No plan satisfies the constraints; which ones conflict, in words.
    Infeasible {
        /// Italian and English sentences.
        conflicts: Vec<(String, String)>,
    },
    /// The solver failed.
    Failed(String),
}

struct Node {
    choice: Vec<BandChoice>,
    idx: model::ModelIndex,
    x: Vec<f64>,
    duals: Vec<f64>,
    objective: f64,
    /// Verified optimum of the node's full LP (else only a relaxation's: a bound).
    exact: bool,
    /// A battery node put back after its first relaxation (see [`Start::Deferrable`]): where
    /// its rounds resume.
    resume: Option<Rounds>,
}

/// With a battery, the number of contradicted reduced rounds after which a node's next LP is
/// the full one (see `solve_node`).
const BATTERY_ROUNDS_BEFORE_FULL: usize = 2;

/// Where a node's active-set rounds stand: the hours' modes and the round counters.
#[derive(Debug, Clone)]
struct Rounds {
    modes: Vec<HourMode>,
    /// The node may still make its own guess once (it started from its parent's).
    may_restart: bool,
    /// Contradicted rounds with a battery.
    battery_rounds: usize,
    /// The current modes come from the node's own fresh guess.
    restarted: bool,
}

impl Rounds {
    /// Every hour in full: the next LP is the node's full LP (and no reduced round follows).
    fn all_full(&mut self) {
        self.battery_rounds = self.battery_rounds.max(BATTERY_ROUNDS_BEFORE_FULL);
        self.modes.iter_mut().for_each(|m| *m = HourMode::Full);
    }

    /// The next round's modes after a relaxation that contradicts `violated` of its
    /// `replaced` hours at its solution `at` (`fresh`: the node's own guess, made at most once).
    fn advance(
        &mut self,
        violated: &[usize],
        replaced: usize,
        at: &Point,
        regimes: &Regimes,
        battery: bool,
        fresh: &mut dyn FnMut() -> Result<Option<Guess>, String>,
    ) -> Result<(), String> {
        let poor = violated.len() * 4 > replaced;
        // With a battery, a fresh guess that proves as poor (a quarter of its replaced hours
        // contradicted again) means the battery reshapes the hours beyond what the model
        // without it can tell (a battery larger than the plants' midday surplus, a budget it
        // competes for): the next LP is the full one, at once exact, rather than three
        // reduced rounds of the same size that add the hours piecemeal (seeded variants:
        // 44 → 37 LPs, 25.2 → 17.8 s, and 14 → 12 LPs, 4.1 → 2.9 s; the other 38 of 40 solve
        // the same LPs).
        if std::mem::take(&mut self.restarted) && battery && poor {
            self.all_full();
            return Ok(());
        }
        // A child node starts from its parent's solution; if that guess proves poor (a
        // quarter of the replaced hours contradicted), the node makes its own guess once.
        if std::mem::take(&mut self.may_restart) && poor {
            if let Some(g) = fresh()? {
                let modes = regimes.classify(&g);
                if modes != self.modes {
                    self.modes = modes;
                    self.restarted = true;
                    return Ok(());
                }
                // The node's own guess gives the modes just contradicted (a child of the
                // battery's plant starts from the same optimum without the battery): this
                // round was already that fresh guess's, so with a battery the rule above
                // applies now rather than after solving the same LP again (a seeded variant:
                // two battery LPs fewer, 4.4 → 3.4 s).
                if battery {
                    self.all_full();
                    return Ok(());
                }
            }
        }
        // With a battery a contradicted hour's neighbours go to full too: the dispatch moves
        // energy between adjacent hours, so they are the likeliest to be contradicted one
        // round later (40 seeded battery variants: two solve one battery LP fewer, 8.1 → 6.7 s
        // and 4.2 → 3.1 s; the others the same LPs, within ±4 %; ±2 hours saved a third
        // variant's LP but made the large ones 3–9 % slower).
        let reach = usize::from(battery);
        for &hi in violated {
            for h in hi.saturating_sub(reach)..(hi + reach + 1).min(self.modes.len()) {
                self.modes[h] = HourMode::Full;
            }
        }
        if battery {
            self.battery_rounds += 1;
            // With a battery the replaced hours let its dispatch exploit them (charging below
            // a surplus hour's withdrawals is free in its regime), and when the relaxation is
            // degenerate the contradictions trickle over many rounds, each a battery LP
            // (a variant took 10 rounds, 16.5 s). After 2 contradicted rounds the node's next
            // LP is the full one: ≈ 2 reduced rounds' time, exact at once. (40 seeded battery
            // variants, with the contradicted hours' neighbours in full: after 3 rounds, 7 of
            // them took one or two battery LPs more, 88.6 s in all against 78.6 s; after 1
            // round 76.9 s in all, but four variants 1.2–2× slower.)
            if self.battery_rounds >= BATTERY_ROUNDS_BEFORE_FULL {
                self.all_full();
                return Ok(());
            }
            // Otherwise hours that are unclear at this solution go to full as well, before
            // they are contradicted one round later.
            regimes.unclear_to_full(&mut self.modes, at);
        }
        Ok(())
    }
}

/// How `solve_node` starts.
#[derive(Debug, Clone)]
enum Start {
    /// From a guess, solved to the end.
    Fresh,
    /// From a guess; with a battery, a node whose first relaxation is not exact returns it as
    /// a bound (with where to resume) instead of going on with its rounds, each a battery LP:
    /// the band search then goes on with the open node of the best bound, so that a sibling
    /// with a better plan can prune this one by its first relaxation alone.
    Deferrable,
    /// Where a deferred node stopped.
    Resume(Rounds),
    /// From a guess, asking only whether the node has a plan: it stops at the first
    /// relaxation whose solution is a point of the full LP ([`Relaxation::is_plan`]), with
    /// that relaxation's value, not verified (the diagnosis of an infeasible request).
    AnyPlan,
}

fn better(sense_max: bool, a: f64, b: f64) -> bool {
    // Relative optimality tolerance 1e-7 (HiGHS's default MIP gap is 1e-4): two values closer
    // than that are the same optimum within the solver's own accuracy, and a node whose bound
    // is no better is not explored.
    let tol = 1e-7 * a.abs().max(b.abs()).max(1.0);
    if sense_max {
        a > b + tol
    } else {
        a < b - tol
    }
}

/// Counters of the search.
#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    lp_solves: u32,
    nodes: u32,
    reduced_cols: usize,
    reduced_rows: usize,
    full_hours: usize,
}

/// A starting point of a node: plant sizes by band, member counts, battery power (kW).
#[derive(Debug, Clone)]
struct Guess {
    x: model::BandSizes,
    n: Vec<f64>,
    battery_kw: f64,
}

impl Guess {
    /// A node's solution as a guess, with the battery's power for the margin of charging.
    fn from_node(nd: &Node, battery_kw: f64) -> Guess {
        Guess::at(&nd.idx, &nd.x, battery_kw)
    }

    /// The sizes and members of an LP's solution `x` (columns as in `idx`).
    fn at(idx: &model::ModelIndex, x: &[f64], battery_kw: f64) -> Guess {
        Guess {
            x: idx.band_sizes(x),
            n: idx.n.iter().map(|c| x[*c]).collect(),
            battery_kw,
        }
    }

    /// Builds and enrols (almost) nothing: nothing flows, so it tells no hour's side.
    fn is_empty(&self) -> bool {
        self.x.iter().flatten().sum::<f64>() < 1.0 || self.n.iter().sum::<f64>() < 1.0
    }
}

/// A battery node's guess: the optimum of the same node *without* the battery (fast, every
/// hour weighed), with the scenario's battery power as the margin by which charging can eat a
/// surplus (none for a node that will branch: it needs no exact solution) — unless that
/// optimum builds and enrols (almost) nothing, which says nothing about the hours (the
/// battery may be what makes building worth it, e.g. with midday prices below zero): then
/// the node's LP with the battery on one day in 14 (`battery_guess`).
fn battery_free_guess(
    inp: &Inputs,
    v: &ValidScenario,
    req: &OptimizeRequest,
    choice: &[BandChoice],
    parent_bound: Option<f64>,
    will_branch: &dyn Fn(&[[f64; 3]]) -> bool,
    stats: &mut Stats,
) -> Result<Option<Guess>, String> {
    let power = v.scenario.battery.as_ref().map_or(0.0, |b| b.power_kw);
    let plain = inp.without_battery();
    let g = solve_node(
        &plain,
        v,
        req,
        choice,
        None,
        parent_bound,
        None,
        will_branch,
        Start::Fresh,
        stats,
        &mut |_| {},
    )?
    .map(|nd| {
        let branches = will_branch(&nd.idx.band_sizes(&nd.x));
        Guess::from_node(&nd, if branches { 0.0 } else { power })
    });
    Ok(match g {
        Some(g) if !g.is_empty() => Some(g),
        _ => battery_guess(inp, v, req, choice, stats).or(g),
    })
}

/// A battery node's guess: its LP on one day in 14, with the battery and those days' hours in
/// full (≈ 600 hours: tens of milliseconds), or `None` if that LP has no optimum.
fn battery_guess(
    inp: &Inputs,
    v: &ValidScenario,
    req: &OptimizeRequest,
    choice: &[BandChoice],
    stats: &mut Stats,
) -> Option<Guess> {
    let b = inp.battery?;
    let sample = inp.sampled_days(14);
    let (lp, idx) = model::build(&sample, v, req, choice, None);
    stats.lp_solves += 1;
    match solve::solve(&lp) {
        SolveOutcome::Optimal { x, .. } => {
            let battery_kw = idx.battery.as_ref().map_or(0.0, |(e, _)| x[*e] * b.c_rate);
            Some(Guess::at(&idx, &x, battery_kw))
        }
        _ => None,
    }
}

/// Solves one band node exactly with the active-set method: hours whose binding side is clear
/// enter the LP as linear terms (a relaxation), the others in full; hours whose guess the
/// solution contradicts are moved to full and the LP is solved again, until the solution
/// satisfies every replaced constraint — then it is the optimum of the full LP (§Speed).
/// `None`: the node is infeasible, or its relaxation cannot beat `incumbent` (pruned).
///
/// Stages: the first modes from a guess ([`first_rounds`]); then rounds of a relaxation
/// ([`relaxation`]), checked at its solution, until it is exact or enough for the search
/// ([`bound_enough`]), each contradicted round choosing the next modes
/// ([`Rounds::advance`]). A deferrable battery node returns after its first round.
/// `tick` is told after each relaxation (the band search's progress line).
#[allow(clippy::too_many_arguments)] // the node, its start and the search's counters
fn solve_node(
    inp: &Inputs,
    v: &ValidScenario,
    req: &OptimizeRequest,
    choice: &[BandChoice],
    guess: Option<&Guess>,
    parent_bound: Option<f64>,
    incumbent: Option<f64>,
    will_branch: &dyn Fn(&[[f64; 3]]) -> bool,
    how: Start,
    stats: &mut Stats,
    tick: &mut dyn FnMut(&Stats),
) -> Result<Option<Node>, String> {
    let sense_max = req.objective != Objective::MinInvestment;
    let battery = inp.battery.is_some();
    let regimes = Regimes::new(inp, v, choice);
    let any_plan = matches!(how, Start::AnyPlan);
    let (mut defer, mut st) = match how {
        Start::Resume(r) => (false, r),
        how => {
            let first = first_rounds(
                inp,
                v,
                req,
                choice,
                guess,
                parent_bound,
                will_branch,
                &regimes,
                stats,
            )?;
            let Some(st) = first else {
                return Ok(None);
            };
            (matches!(how, Start::Deferrable) && battery, st)
        }
    };
    loop {
        let r = relaxation(inp, v, req, choice, &st.modes, stats)?;
        tick(stats);
        let Some(r) = r else {
            return Ok(None);
        };
        // The reduced LP is a relaxation of the node: when even it cannot beat the search's
        // best plan, neither can the node (pruned, as if infeasible, without further rounds).
        if incumbent.is_some_and(|inc| !better(sense_max, r.objective, inc)) {
            return Ok(None);
        }
        let at = Point::of(inp, &r.idx, &r.x);
        let (violated, replaced) = regimes.contradicted(&st.modes, &at);
        #[cfg(not(target_arch = "wasm32"))]
        if solve::tracing() {
            eprintln!(
                "  node {:?}: {} of {} replaced hours contradicted",
                choice,
                violated.len(),
                replaced
            );
        }
        let looser_than_parent = parent_bound.is_some_and(|b| better(sense_max, r.objective, b));
        let enough = || {
            will_branch(&at.sizes)
                && bound_enough(
                    violated.len(),
                    replaced,
                    looser_than_parent,
                    parent_bound.is_none(),
                    battery,
                )
        };
        let plan = || {
            let rebuild = |m: &[HourMode]| model::build(inp, v, req, choice, Some(m)).0;
            r.is_plan(&st.modes, &violated, &at, &regimes, &rebuild)
        };
        let is_plan = any_plan && !violated.is_empty() && plan();
        #[cfg(not(target_arch = "wasm32"))]
        if is_plan && solve::tracing() {
            eprintln!("  node {choice:?}: its solution is a plan (the question was only whether one exists)");
        }
        if violated.is_empty() || enough() || is_plan {
            stats.reduced_cols = r.lp.cols.len();
            stats.reduced_rows = r.lp.rows.len();
            stats.full_hours = st.modes.iter().filter(|m| **m == HourMode::Full).count();
            return Ok(Some(r.into_node(choice, violated.is_empty(), None)));
        }
        st.advance(&violated, replaced, &at, &regimes, battery, &mut || {
            if battery {
                battery_free_guess(inp, v, req, choice, None, &|_| false, stats)
            } else {
                Ok(coarse_guess(inp, v, req, choice, stats))
            }
        })?;
        if std::mem::take(&mut defer) {
            return Ok(Some(r.into_node(choice, false, Some(st))));
        }
    }
}

/// Whether a relaxation that contradicts `violated` of its `replaced` hours is enough for a
/// node that is going to branch on a plant's size: such a node needs only a bound and a
/// branching point, and the reduced LP, a relaxation of the full one, gives both (§Speed) —
/// unless that relaxation is looser than the parent's bound (the parent's solution was a poor
/// guess for this node): then it is no help to the search, and the node goes on. The same, at
/// the root (no parent bound) or with a battery, when the relaxation contradicts more than
/// 2 % of its replaced hours: its bound is then loose and its solution a poor guess for the
/// children (elsewhere the extra rounds cost more than they save: measured on the 15–20-roof
/// variants).
fn bound_enough(
    violated: usize,
    replaced: usize,
    looser_than_parent: bool,
    root: bool,
    battery: bool,
) -> bool {
    !(looser_than_parent || ((root || battery) && violated * 50 > replaced))
}

/// A node's first modes, from its guess: the parent's solution for a child, else the optimum
/// without the battery ([`battery_free_guess`]) or of every 24th hour ([`coarse_guess`]).
/// `None`: the node is infeasible, which with no guess at all (the coarse model is infeasible,
/// often because the request is) is asked first of the cheapest relaxation, every hour
/// replaced by its regime at the fallback guess (each an upper bound of the hour's shared
/// energy and value): if even that is infeasible, so is the node, without the large LP that
/// the fallback guess's unclear hours would need.
#[allow(clippy::too_many_arguments)] // the node, its start and the search's counters
fn first_rounds(
    inp: &Inputs,
    v: &ValidScenario,
    req: &OptimizeRequest,
    choice: &[BandChoice],
    guess: Option<&Guess>,
    parent_bound: Option<f64>,
    will_branch: &dyn Fn(&[[f64; 3]]) -> bool,
    regimes: &Regimes,
    stats: &mut Stats,
) -> Result<Option<Rounds>, String> {
    let start = match guess {
        Some(g) => Some(g.clone()),
        None if inp.battery.is_some() => {
            battery_free_guess(inp, v, req, choice, parent_bound, will_branch, stats)?
        }
        None => coarse_guess(inp, v, req, choice, stats),
    };
    let g0 = match start {
        Some(g) => g,
        None => {
            let g0 = Guess::fallback(inp, v, choice, fixed_battery_kw(inp));
            let quick = regimes.all_replaced(&g0);
            let (lp, _) = model::build(inp, v, req, choice, Some(&quick));
            stats.lp_solves += 1;
            if matches!(solve::solve(&lp), SolveOutcome::Infeasible) {
                return Ok(None);
            }
            g0
        }
    };
    Ok(Some(Rounds {
        modes: regimes.classify(&g0),
        may_restart: guess.is_some(),
        battery_rounds: 0,
        restarted: false,
    }))
}

/// Power of a battery whose size is fixed (0 when the optimiser sizes it).
fn fixed_battery_kw(inp: &Inputs) -> f64 {
    inp.battery.map_or(0.0, |b| b.energy_lb * b.c_rate)
}

/// A guess from the same LP on every 24th hour (weighted): close to the optimum, cheap.
fn coarse_guess(
    inp: &Inputs,
    v: &ValidScenario,
    req: &OptimizeRequest,
    choice: &[BandChoice],
    stats: &mut Stats,
) -> Option<Guess> {
    let coarse_inp = inp.subsampled(24);
    let (coarse, cidx) = model::build(&coarse_inp, v, req, choice, None);
    stats.lp_solves += 1;
    match solve::solve(&coarse) {
        SolveOutcome::Optimal { x, .. } => Some(Guess::at(&cidx, &x, fixed_battery_kw(inp))),
        _ => None,
    }
}

/// The optimum of a node's LP with the given modes of its hours.
struct Relaxation {
    /// The LP solved.
    lp: lp::Lp,
    idx: model::ModelIndex,
    x: Vec<f64>,
    duals: Vec<f64>,
    objective: f64,
}

impl Relaxation {
    /// Whether this relaxation's solution is a point of the node's full LP although it
    /// contradicts the regimes its hours' `modes` assumed in the hours `violated`: each valued
    /// at the regime it attains at the point (its true shared energy and value: the greedy
    /// split, E20) instead of the one
    /// the LP assumed, every row must hold as well as it did (to 1e-7 of its scale). The full
    /// LP then has a feasible point: this point with every hour's greedy split as its shared
    /// energy. Exact regardless of the objective; a feasibility question asks it with an
    /// objective that leaves the targets slack (see `diagnose`).
    fn is_plan(
        &self,
        modes: &[HourMode],
        violated: &[usize],
        at: &Point,
        regimes: &Regimes,
        rebuild: &dyn Fn(&[HourMode]) -> lp::Lp,
    ) -> bool {
        let inp = regimes.inp;
        let mut modes = modes.to_vec();
        for &hi in violated {
            let (inj, w, u, order) =
                regimes.hour(inp.hours[hi], &at.sizes, &at.members, at.net_discharge[hi]);
            let tol = 1e-7 * w.abs().max(inj.iter().map(|i| i.abs()).sum()).max(1.0);
            let attained = model::regime(&inj, w, &order);
            // A class injection below zero has no greedy split (E4 with `sh ≥ 0`).
            if !model::regime_holds(attained, &inj, w, &u, &order, tol) {
                return false;
            }
            modes[hi] = attained;
        }
        let lp = rebuild(&modes);
        if lp.cols.len() != self.lp.cols.len() || lp.rows.len() != self.lp.rows.len() {
            return false;
        }
        lp.rows.iter().zip(&self.lp.rows).all(|(now, before)| {
            let (v, scale) = now.violation(&self.x);
            v <= before.violation(&self.x).0.max(1e-7 * scale)
        })
    }

    fn into_node(self, choice: &[BandChoice], exact: bool, resume: Option<Rounds>) -> Node {
        Node {
            choice: choice.to_vec(),
            idx: self.idx,
            x: self.x,
            duals: self.duals,
            objective: self.objective,
            exact,
            resume,
        }
    }
}

/// Builds and solves a node's LP with the hours in `modes`: `None` if it is infeasible.
fn relaxation(
    inp: &Inputs,
    v: &ValidScenario,
    req: &OptimizeRequest,
    choice: &[BandChoice],
    modes: &[HourMode],
    stats: &mut Stats,
) -> Result<Option<Relaxation>, String> {
    let (lp, idx) = model::build(inp, v, req, choice, Some(modes));
    // Bounds alone may prove it infeasible, as at the root (`bound_conflicts`) but with the
    // node's bands: e.g. a band whose smallest size costs more than the budget. No solve then
    // (with a battery one would take 0.3–0.5 s to say the same).
    let rows: Vec<usize> = (0..lp.rows.len()).collect();
    if lp.bound_conflict(&rows).is_some() {
        return Ok(None);
    }
    stats.lp_solves += 1;
    match solve::solve(&lp) {
        SolveOutcome::Optimal {
            x,
            duals,
            objective,
        } => Ok(Some(Relaxation {
            lp,
            idx,
            x,
            duals,
            objective,
        })),
        SolveOutcome::Infeasible => Ok(None),
        SolveOutcome::Failed(e) => Err(e),
    }
}

impl Guess {
    /// A guess when there is none (the coarse model is infeasible): every candidate roof at
    /// its band's largest size (a plant in hull form: in its largest band), every member group
    /// at its count within its bounds.
    fn fallback(inp: &Inputs, v: &ValidScenario, choice: &[BandChoice], battery_kw: f64) -> Guess {
        Guess {
            x: (0..v.scenario.plants.len())
                .map(|j| {
                    let mut sizes = [0.0; 3];
                    match choice[j] {
                        BandChoice::Band(b) => {
                            sizes[b] = inp.plant_ub[j].min(BAND_KW[b].1).max(inp.plant_lb[j])
                        }
                        BandChoice::Relaxed => sizes[0] = inp.plant_ub[j],
                        BandChoice::Hull => {
                            let b = *inp.allowed_bands(j).last().unwrap_or(&0);
                            sizes[b] = inp.plant_ub[j].min(BAND_KW[b].1);
                        }
                    }
                    sizes
                })
                .collect(),
            n: v.scenario
                .members
                .iter()
                .enumerate()
                .map(|(i, g)| (g.count as f64).clamp(inp.member_lb[i], inp.member_ub[i]))
                .collect(),
            battery_kw,
        }
    }
}

/// A reduced LP's solution where the hours' regimes are checked: plant sizes by band, member
/// counts, and the battery's net discharge per kept hour.
struct Point {
    sizes: model::BandSizes,
    members: Vec<f64>,
    net_discharge: Vec<f64>,
}

impl Point {
    fn of(inp: &Inputs, idx: &model::ModelIndex, x: &[f64]) -> Point {
        Point {
            sizes: idx.band_sizes(x),
            members: idx.n.iter().map(|c| x[*c]).collect(),
            net_discharge: match &idx.battery {
                Some((_, cd)) => cd
                    .iter()
                    .map(|(c, d)| x[*d] - c.map_or(0.0, |c| x[c]))
                    .collect(),
                None => vec![0.0; inp.hours.len()],
            },
        }
    }
}

/// The hours' regimes (E20) at a point of one band node, and the active-set method's
/// judgements on them (§Speed): clear enough to replace, contradicted by a solution.
struct Regimes<'a> {
    inp: &'a Inputs,
    cls: model::Classes,
    valorisation: f64,
    /// How far (a share of the hour's flows) every regime boundary must be for the hour to be
    /// replaced: 3 %, or 10 % with a battery, whose guess comes from the model without it.
    margin_share: f64,
}

impl<'a> Regimes<'a> {
    fn new(inp: &'a Inputs, v: &ValidScenario, choice: &[BandChoice]) -> Regimes<'a> {
        Regimes {
            inp,
            cls: model::Classes::new(inp, v, choice),
            valorisation: v.params.arera_valorisation_eur_per_mwh,
            margin_share: if inp.battery.is_some() { 0.1 } else { 0.03 },
        }
    }

    /// Whether an hour with class injections `inj` and withdrawals `w` is too close to a
    /// boundary of the greedy split to replace (the battery's power widens the surplus side).
    fn unclear(&self, inj: &[f64], w: f64, order: &[usize], battery_kw: f64) -> bool {
        let margin = self.margin_share * w.max(inj.iter().sum());
        // Nothing flows at the guess (nothing built, no members): no side to guess.
        if w.abs().max(inj.iter().map(|i| i.abs()).sum()) < 1e-6 {
            return false;
        }
        let mut cum = 0.0;
        for (r, &k) in order.iter().enumerate() {
            cum += inj[k];
            // The battery charges from the surplus: it can turn a small surplus into a
            // deficit (its discharge is rarely spent on a sunny hour's small deficit).
            let m = if r + 1 == order.len() && cum > w {
                margin + battery_kw
            } else {
                margin
            };
            if (cum - w).abs() < m {
                return true;
            }
        }
        false
    }

    /// Hour `t` at a point: class injections, withdrawals, the classes' values and their
    /// ranking (E20).
    fn hour(
        &self,
        t: usize,
        sizes: &model::BandSizes,
        members: &[f64],
        net_discharge: f64,
    ) -> (Vec<f64>, f64, Vec<f64>, Vec<usize>) {
        let (inj, w) = self.cls.flows(self.inp, t, sizes, members, net_discharge);
        let (u, order) = self.cls.ranked(self.inp, self.valorisation, t);
        (inj, w, u, order)
    }

    /// Each kept hour's mode at a guess: its regime, or in full where it is unclear and
    /// `unclear_in_full`.
    fn modes_at(&self, g: &Guess, unclear_in_full: bool) -> Vec<HourMode> {
        self.inp
            .hours
            .iter()
            .map(|&t| {
                let (inj, w, _, order) = self.hour(t, &g.x, &g.n, 0.0);
                if unclear_in_full && self.unclear(&inj, w, &order, g.battery_kw) {
                    HourMode::Full
                } else {
                    model::regime(&inj, w, &order)
                }
            })
            .collect()
    }

    /// Each kept hour's mode at a guess: its regime where clear, else in full.
    fn classify(&self, g: &Guess) -> Vec<HourMode> {
        self.modes_at(g, true)
    }

    /// Every kept hour replaced by its regime at `g`: the cheapest relaxation.
    fn all_replaced(&self, g: &Guess) -> Vec<HourMode> {
        self.modes_at(g, false)
    }

    /// The replaced hours whose regime the point contradicts (tolerance 1e-7 of the hour's
    /// flows), and how many hours were replaced.
    fn contradicted(&self, modes: &[HourMode], at: &Point) -> (Vec<usize>, usize) {
        let mut violated = Vec::new();
        let mut replaced = 0usize;
        for (hi, &t) in self.inp.hours.iter().enumerate() {
            if modes[hi] == HourMode::Full {
                continue;
            }
            replaced += 1;
            let (inj, w, u, order) = self.hour(t, &at.sizes, &at.members, at.net_discharge[hi]);
            let tol = 1e-7 * w.abs().max(inj.iter().map(|i| i.abs()).sum()).max(1.0);
            if !model::regime_holds(modes[hi], &inj, w, &u, &order, tol) {
                violated.push(hi);
            }
        }
        (violated, replaced)
    }

    /// Replaced hours that are unclear at the point go to full.
    fn unclear_to_full(&self, modes: &mut [HourMode], at: &Point) {
        for (hi, &t) in self.inp.hours.iter().enumerate() {
            if modes[hi] != HourMode::Full {
                let (inj, w, _, order) = self.hour(t, &at.sizes, &at.members, at.net_discharge[hi]);
                if self.unclear(&inj, w, &order, 0.0) {
                    modes[hi] = HourMode::Full;
                }
            }
        }
    }
}

/// Roofs whose size the optimiser chooses across the 200 kW tariff limit (eligible, with a
/// potential above 200 kW): each may need both sides examined, so the band search can grow
/// as 2^n of them (what the page says before a long search).
pub fn roofs_across_200_kw(s: &crate::scenario::Scenario) -> usize {
    s.plants
        .iter()
        .filter(|p| p.incentive_eligible && p.roof_potential_kwp.is_some_and(|r| r > 200.0))
        .count()
}

/// A rough range of the optimiser's time in the browser's worker, from the model's size and
/// the request: the roofs across 200 kW (each can add band nodes), a battery (each of its LPs
/// keeps every hour) and, with a battery, whether the objective is in euros (the solidarity
/// fund or the community's value: their relaxations leave more hours to verify and their
/// members cannot be fixed before the solve, see `Lp::dual_fixing`). Calibrated on the seeded
/// variants of `scripts/bench_optimizer.py` (natively on a 2-core machine; the worker
/// measured ≈ 1.2–1.4 × slower): an estimate, said as one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeEstimate {
    /// Eligible roofs whose potential crosses 200 kW.
    pub roofs_across: usize,
    /// The configuration has a community battery.
    pub battery: bool,
    /// Likely time, s (the median of similar variants).
    pub typical_s: f64,
    /// Slow cases, s (their 90th percentile).
    pub slow_s: f64,
}

/// The time estimate of optimising scenario `s` for request `req` (see [`TimeEstimate`]).
pub fn estimate_time(s: &crate::scenario::Scenario, req: &OptimizeRequest) -> TimeEstimate {
    let across = roofs_across_200_kw(s);
    let battery = s.battery.is_some();
    let k = across as f64;
    let in_euros = matches!(
        req.objective,
        Objective::SolidarityFund | Objective::CommunityValue
    );
    // Without a battery an LP takes 10–300 ms and the search needs 1 to about 3 nodes per
    // roof across 200 kW; with one, each LP keeps every hour (≈ 0.3–1.5 s) and the battery's
    // own plant may add two. With a battery, calibrated on 32 seeded variants with 0–2 such
    // roofs (`bench-opt --battery`, seeds 14, 4, 25, 22, 52, 83; natively, 2026-12-07, a slow
    // day for the machine): objectives in euros at 0 roofs median 2.9 s (1.0–11.7 s), at 2
    // roofs 7.2 s (5.4–11 s), one at 1 roof 42 s (36 LPs; HiGHS is slower on such ones);
    // shared energy and minimum investment 0.35–2.9 s, median 0.7 s whatever the roofs (one
    // infeasible request 21 s: the search per constraint that names the conflict); and on the
    // presets with a battery in the worker (Bovisa 0.8 s, Chiaravalle 1.1 s, Città Studi with
    // a fund objective 2.1 s the same day), which the typical time in euros leans towards, the
    // slow time covering the variants. Without a battery on 125 variants with 0–12 extra such
    // roofs (seeds 31, 40–45; median 0.08 s, the 90th percentile 0.8 s at 4–6 roofs and 1.1 s
    // at 9–12; one of 29 at 9–12 roofs took 16 s, 38 band nodes — HiGHS 34.5 s — hence "rarely
    // more", and the page's pace while it runs) and 50 roofs (0.9–27 s).
    let (typical_s, slow_s) = match (battery, in_euros) {
        (true, true) => (1.5 + 1.5 * k, 10.0 + 5.0 * k),
        (true, false) => (0.7 + 0.1 * k, 3.0 + k),
        (false, _) => (0.05 + 0.03 * k, 0.1 + 0.5 * k),
    };
    let browser = 1.3;
    TimeEstimate {
        roofs_across: across,
        battery,
        typical_s: typical_s * browser,
        slow_s: slow_s * browser,
    }
}

/// The band search's progress as the page shows it, read from its progress stage
/// `search:done:open:ms:lps` (see `band_search`): told when a combination is taken up and
/// after each of its LPs (with a battery each takes 0.2–2 s, and one combination may take
/// several).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchProgress {
    /// Band combinations examined.
    pub done: u32,
    /// Combinations still open (each may be pruned without an LP, or add children).
    pub open: u32,
    /// The search's time so far, s.
    pub elapsed_s: f64,
    /// At the pace so far, the time the open combinations would take, s: an estimate (the
    /// open ones may be pruned or branch), given once two combinations have been examined.
    pub remaining_s: Option<f64>,
    /// LPs solved so far.
    pub lps: u32,
}

impl SearchProgress {
    /// The progress stage `band_search` reports: combinations examined, open, ms and LPs so
    /// far.
    fn stage(done: u32, open: usize, elapsed_ms: f64, lps: u32) -> String {
        format!("search:{done}:{open}:{elapsed_ms:.0}:{lps}")
    }
}

/// Reads a progress stage of the band search (`None` for the other stages).
pub fn search_progress(stage: &str) -> Option<SearchProgress> {
    let mut parts = stage.strip_prefix("search:")?.split(':');
    let done: u32 = parts.next()?.parse().ok()?;
    let open: u32 = parts.next()?.parse().ok()?;
    let elapsed_s = parts
        .next()
        .and_then(|m| m.parse::<f64>().ok())
        .filter(|m| m.is_finite() && *m >= 0.0)
        .map_or(0.0, |m| m / 1000.0);
    let lps: u32 = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let remaining_s = (done >= 2 && elapsed_s > 0.0).then(|| elapsed_s / done as f64 * open as f64);
    Some(SearchProgress {
        done,
        open,
        elapsed_s,
        remaining_s,
        lps,
    })
}

/// Reads a progress stage of the diagnosis of an infeasible request, `diagnose:k:n`: the
/// constraint being dropped to see whether a plan then exists (0-based) and how many there are.
pub fn diagnose_progress(stage: &str) -> Option<(u32, u32)> {
    let mut parts = stage.strip_prefix("diagnose:")?.split(':');
    let k: u32 = parts.next()?.parse().ok()?;
    let n: u32 = parts.next()?.parse().ok()?;
    (k < n).then_some((k, n))
}

/// How far a plant's sizes by band are from one band holding the whole size within its
/// interval (kWp; 0 when they are: the hull form (E21) is then exact for this plant), and
/// the band holding most of it.
fn band_split(sizes: &[f64; 3], inp: &Inputs, j: usize) -> (f64, usize) {
    let total: f64 = sizes.iter().map(|x| x.max(0.0)).sum();
    let tol = 1e-6 * inp.plant_ub[j].clamp(1.0, 1000.0);
    // Nothing built (the interior point's sizes are zero up to round-off, e.g. 1e-14 kWp in
    // every band): that is the lowest band, not a split — the largest of the round-off values
    // would otherwise name a band above 200 kW, 200 kWp away, and the search would branch
    // on nothing (a seeded variant: 16 band nodes and 9.5 s for a plan that builds nothing).
    if total <= tol {
        return (0.0, inp.allowed_bands(j).first().copied().unwrap_or(0));
    }
    let home = (0..3)
        .max_by(|a, b| sizes[*a].total_cmp(&sizes[*b]))
        .unwrap_or(0);
    let lo = inp.plant_lb[j].max(BAND_KW[home].0);
    let hi = inp.plant_ub[j].min(BAND_KW[home].1);
    let outside = (lo - sizes[home]).max(sizes[home] - hi).max(0.0);
    let gap = total - sizes[home].max(0.0) + if home > 0 { outside } else { 0.0 };
    (if gap > tol { gap } else { 0.0 }, home)
}

/// The plant to branch on in a node's solution, if any: a relaxed plant above 200 kW (the
/// battery's plant), else the plant in hull form whose size is most split across bands.
fn branch_plant(
    choice: &[BandChoice],
    xb: &[[f64; 3]],
    inp: &Inputs,
    rate_matters: bool,
) -> Option<usize> {
    if !rate_matters {
        return None;
    }
    let relaxed = (0..choice.len()).find(|&j| {
        inp.plant_eligible[j]
            && choice[j] == BandChoice::Relaxed
            && xb[j].iter().sum::<f64>() > 200.0 + 1e-6
    });
    relaxed.or_else(|| {
        (0..choice.len())
            .filter(|&j| choice[j] == BandChoice::Hull)
            .map(|j| (j, band_split(&xb[j], inp, j).0))
            .filter(|(_, gap)| *gap > 0.0)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(j, _)| j)
    })
}

/// An open node of the band search.
struct Open {
    choice: Vec<BandChoice>,
    /// Where its rounds start: the parent's solution, if any.
    guess: Option<Guess>,
    /// Its parent's optimum (a relaxation's value bounds every child), or its own first
    /// relaxation's for a deferred battery node.
    bound: Option<f64>,
    /// Where a battery node deferred after its first relaxation resumes.
    resume: Option<Rounds>,
}

/// Branch and bound over tariff bands; returns the best exact node.
///
/// The root leaves every eligible roof that may cross a band limit to the LP in its
/// convex-hull form (E21): a tight relaxation of the band choice, exact as soon as each such
/// roof's size sits in one band. Only then, or when a roof's size is split across bands,
/// does the search branch, on that roof's bands ([`children`]). The battery's own plant,
/// whose class the battery charges from (E19), is branched on first in the looser relaxed
/// form. Open nodes are taken best bound first ([`take_best_bound`]).
fn band_search(
    inp: &Inputs,
    v: &ValidScenario,
    req: &OptimizeRequest,
    stats: &mut Stats,
    progress: &mut dyn FnMut(&str, f64),
) -> Result<Option<Node>, String> {
    let sense_max = req.objective != Objective::MinInvestment;
    // Whether the tariff bands change the optimum (not for requests that count no tariff).
    let rate_matters = !inp.tariff_blind;
    let mut stack = first_open_nodes(inp, v, req, rate_matters, stats)?;
    let mut best: Option<Node> = None;
    let t0 = crate::clock::now_ms();
    while let Some(Open {
        choice,
        guess,
        bound,
        resume,
    }) = take_best_bound(&mut stack, sense_max)
    {
        // Real progress: combinations examined against those still open, the search's time
        // and LPs so far (`search:done:open:ms:lps`), from which the page tells the pace.
        let (done, open) = (stats.nodes, stack.len() + 1);
        let fraction = 0.2 + 0.6 * done as f64 / (done as f64 + open as f64);
        progress(
            &SearchProgress::stage(done, open, crate::clock::now_ms() - t0, stats.lp_solves),
            fraction,
        );
        if let (Some(bd), Some(b)) = (bound, &best) {
            if !better(sense_max, bd, b.objective) {
                continue; // the incumbent already reaches the parent's bound
            }
        }
        if resume.is_none() {
            stats.nodes += 1;
        }
        let will_branch = |xb: &[[f64; 3]]| branch_plant(&choice, xb, inp, rate_matters).is_some();
        let how = match resume {
            Some(r) => Start::Resume(r),
            None => Start::Deferrable,
        };
        // The same line again after each of the combination's LPs, with the time so far.
        let mut tick = |s: &Stats| {
            let ms = crate::clock::now_ms() - t0;
            progress(
                &SearchProgress::stage(done, open, ms, s.lp_solves),
                fraction,
            )
        };
        let Some(mut node) = solve_node(
            inp,
            v,
            req,
            &choice,
            guess.as_ref(),
            bound,
            best.as_ref().map(|b| b.objective),
            &will_branch,
            how,
            stats,
            &mut tick,
        )?
        else {
            continue;
        };
        // Both the node's relaxation and its parent's bound it.
        let node_bound = match bound {
            Some(b) if better(sense_max, node.objective, b) => b,
            _ => node.objective,
        };
        if let Some(r) = node.resume.take() {
            // A deferred battery node: back to the open nodes with that bound.
            stack.push(Open {
                choice,
                guess: None,
                bound: Some(node_bound),
                resume: Some(r),
            });
            continue;
        }
        if let Some(b) = &best {
            if !better(sense_max, node.objective, b.objective) {
                continue;
            }
        }
        let xb = node.idx.band_sizes(&node.x);
        let Some(j) = branch_plant(&choice, &xb, inp, rate_matters) else {
            debug_assert!(node.exact);
            best = Some(incumbent(node, &xb, inp));
            continue;
        };
        let incumbent = best.as_ref().map(|b| b.objective);
        stack.extend(children(
            &node, &choice, j, node_bound, incumbent, inp, sense_max,
        ));
    }
    Ok(best)
}

/// The search's first open nodes: the root (every roof that may cross a band limit in hull
/// form, the battery's plant relaxed), or the bands of the battery's own plant when the
/// optimum without the battery puts it above 200 kW ([`battery_plant_split`]).
fn first_open_nodes(
    inp: &Inputs,
    v: &ValidScenario,
    req: &OptimizeRequest,
    rate_matters: bool,
    stats: &mut Stats,
) -> Result<Vec<Open>, String> {
    let root = root_choice(inp, rate_matters);
    let open_node = |choice, guess, bound| Open {
        choice,
        guess,
        bound,
        resume: None,
    };
    Ok(
        match battery_plant_split(inp, v, req, &root, rate_matters, stats)? {
            Some(split) => split
                .into_iter()
                .map(|(c, g, b)| open_node(c, g, b))
                .collect(),
            None => vec![open_node(root, None, None)],
        },
    )
}

/// An exact node with no roof to branch on, as the search's best plan: every roof in hull form
/// has its size (`xb`) in one band, and that is its band (the same optimum with the band
/// fixed, which is the model exported).
fn incumbent(mut node: Node, xb: &model::BandSizes, inp: &Inputs) -> Node {
    for (k, c) in node.choice.iter_mut().enumerate() {
        if *c == BandChoice::Hull {
            *c = BandChoice::Band(band_split(&xb[k], inp, k).1);
        }
    }
    node
}

/// Best bound first (the most promising open node; among equals the newest, so that the
/// search dives from a node into its likeliest child): no node is solved whose bound is
/// below the optimum, because the optimum is found before them.
fn take_best_bound(stack: &mut Vec<Open>, sense_max: bool) -> Option<Open> {
    let key = |e: &Open| {
        let b = e
            .bound
            .unwrap_or(f64::INFINITY * if sense_max { 1.0 } else { -1.0 });
        if sense_max {
            b
        } else {
            -b
        }
    };
    let i = (0..stack.len())
        .max_by(|a, b| key(&stack[*a]).total_cmp(&key(&stack[*b])).then(a.cmp(b)))?;
    Some(stack.remove(i))
}

/// A node's children on plant `j`'s bands, each with its bound and the parent's solution as
/// its guess (the band holding most of the size last: it is taken up first among equal
/// bounds), without those that cannot beat the `incumbent`.
fn children(
    node: &Node,
    choice: &[BandChoice],
    j: usize,
    node_bound: f64,
    incumbent: Option<f64>,
    inp: &Inputs,
    sense_max: bool,
) -> Vec<Open> {
    let xb = node.idx.band_sizes(&node.x);
    let battery_kw = match (&node.idx.battery, &inp.battery) {
        (Some((e, _)), Some(b)) => node.x[*e] * b.c_rate,
        _ => 0.0,
    };
    let ns: Vec<f64> = node.idx.n.iter().map(|c| node.x[*c]).collect();
    let size: f64 = xb[j].iter().sum();
    // A relaxed plant earns the ≤ 200 kW tariff at any size, so its ≤ 200 kW child is below
    // this node with its roof row's right-hand side lowered to 200 kW: this node's duals
    // stay feasible there, and by weak duality that child's optimum is within
    // `objective + y_roof (200 − roof)` (§Speed).
    let step = if choice[j] == BandChoice::Relaxed {
        node.idx
            .explained
            .iter()
            .find(|e| e.0 == model::Explained::RoofPotential && e.1 == j)
            .map_or(0.0, |e| node.duals[e.2])
            * (inp.plant_ub[j].min(200.0) - inp.plant_ub[j])
    } else {
        0.0
    };
    let home = match choice[j] {
        BandChoice::Hull => band_split(&xb[j], inp, j).1,
        _ => PowerBand::of(size) as usize,
    };
    let mut bands: Vec<(usize, f64)> = inp
        .allowed_bands(j)
        .into_iter()
        .map(|b| {
            (
                b,
                if b == 0 {
                    node.objective + step
                } else {
                    node_bound
                },
            )
        })
        .collect();
    // The band holding most of the size is explored first (pushed last): the likeliest
    // winner, whose value lets the bounds prune its siblings.
    bands.sort_by(|a, b| {
        (a.0 == home).cmp(&(b.0 == home)).then(if sense_max {
            a.1.total_cmp(&b.1)
        } else {
            b.1.total_cmp(&a.1)
        })
    });
    let mut out = Vec::new();
    for (band, bound) in bands {
        let bound = if better(sense_max, node_bound, bound) {
            bound
        } else {
            node_bound
        };
        if incumbent.is_some_and(|inc| !better(sense_max, bound, inc)) {
            continue;
        }
        let mut c = choice.to_vec();
        c[j] = BandChoice::Band(band);
        let mut gx = xb.clone();
        gx[j] = [0.0; 3];
        gx[j][band] = size.clamp(BAND_KW[band].0, BAND_KW[band].1);
        // A child starts from its parent's solution (see `solve_node`).
        out.push(Open {
            choice: c,
            guess: Some(Guess {
                x: gx,
                n: ns.clone(),
                battery_kw,
            }),
            bound: Some(bound),
            resume: None,
        });
    }
    out
}

/// With a battery whose own plant may cross 200 kW: when that plant ends above 200 kW in the
/// optimum without the battery (a few small LPs), the search starts from its bands' children
/// instead of the relaxed root, whose battery LP would most likely only say "branch" (one
/// battery LP of ≈ 0.5 s saved). Each child starts from that optimum, the battery at its
/// scenario power. `None`: start from the root.
#[allow(clippy::type_complexity)]
fn battery_plant_split(
    inp: &Inputs,
    v: &ValidScenario,
    req: &OptimizeRequest,
    root: &[BandChoice],
    rate_matters: bool,
    stats: &mut Stats,
) -> Result<Option<Vec<(Vec<BandChoice>, Option<Guess>, Option<f64>)>>, String> {
    let Some(b) = inp.battery else {
        return Ok(None);
    };
    let j = b.plant;
    if !rate_matters || root[j] != BandChoice::Relaxed || !inp.plant_eligible[j] {
        return Ok(None);
    }
    let plain = inp.without_battery();
    let Some(nd) = solve_node(
        &plain,
        v,
        req,
        root,
        None,
        None,
        None,
        &|_| false,
        Start::Fresh,
        stats,
        &mut |_| {},
    )?
    else {
        return Ok(None);
    };
    let power = v.scenario.battery.as_ref().map_or(0.0, |b| b.power_kw);
    let plain_optimum = Guess::from_node(&nd, power);
    let size: f64 = plain_optimum.x[j].iter().sum();
    if size <= 200.0 + 1e-6 {
        return Ok(None);
    }
    let home = PowerBand::of(size) as usize;
    let mut bands = inp.allowed_bands(j);
    // The band holding the size is explored first (taken last among equal bounds).
    bands.sort_by_key(|b| *b == home);
    Ok(Some(
        bands
            .into_iter()
            .map(|band| {
                let mut c = root.to_vec();
                c[j] = BandChoice::Band(band);
                let mut guess = plain_optimum.clone();
                guess.x[j] = [0.0; 3];
                guess.x[j][band] = size.clamp(BAND_KW[band].0, BAND_KW[band].1);
                (c, Some(guess), None)
            })
            .collect(),
    ))
}

/// The band choice as mixed-integer models for an independent solver (HiGHS): every hour in
/// full, each roof that may cross a band limit in hull form with binary band weights (E21).
/// When the battery's own plant may cross a band limit, one model per band of that plant (the
/// battery's class depends on it, E19): the optimum is the best of them. Without such roofs,
/// the one model is the LP of the configuration's only band assignment.
pub fn band_milps(v: &ValidScenario, req: &OptimizeRequest) -> Vec<lp::Lp> {
    let inp = Inputs::for_request(v, req);
    let rm = !inp.tariff_blind;
    let root = root_choice(&inp, rm);
    let split =
        (0..root.len()).find(|&j| rm && inp.plant_eligible[j] && root[j] == BandChoice::Relaxed);
    let choices: Vec<Vec<BandChoice>> = match split {
        Some(j) => inp
            .allowed_bands(j)
            .into_iter()
            .map(|b| {
                let mut c = root.clone();
                c[j] = BandChoice::Band(b);
                c
            })
            .collect(),
        None => vec![root],
    };
    choices
        .iter()
        .map(|c| model::build(&inp, v, req, c, None).0)
        .collect()
}

/// The band search's root: a plant with a single possible band keeps it; an eligible roof
/// that may cross a band limit is in hull form (E21) when bands matter, relaxed otherwise —
/// and the battery's own plant is relaxed (its class carries the battery, E19).
pub fn root_choice(inp: &Inputs, rate_matters: bool) -> Vec<BandChoice> {
    (0..inp.plant_ub.len())
        .map(|j| {
            let a = inp.allowed_bands(j);
            if a.len() == 1 {
                BandChoice::Band(a[0])
            } else if rate_matters
                && inp.plant_eligible[j]
                && inp.battery.is_none_or(|b| b.plant != j)
            {
                BandChoice::Hull
            } else {
                BandChoice::Relaxed
            }
        })
        .collect()
}

/// A hard constraint of the request, checked on the rounded and re-simulated plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConstraintCheck {
    /// `budget`, `min_shared_ratio`, `min_self_sufficiency`, `min_shared_kwh`,
    /// `min_ep_supported`, `min_energy_poor`, `max_business_share`.
    pub constraint: String,
    /// The limit requested.
    pub limit: f64,
    /// The plan's value.
    pub value: f64,
    /// Unit of both.
    pub unit: String,
    /// The plan keeps it.
    pub kept: bool,
}

impl Plan {
    /// The LP's continuous plan at a node's optimum.
    fn of_node(node: &Node, s: &crate::scenario::Scenario) -> Plan {
        Plan {
            plants: s
                .plants
                .iter()
                .enumerate()
                .map(|(j, pl)| {
                    let k = node.x[node.idx.x[j]].max(0.0);
                    PlantPlan {
                        id: pl.id.clone(),
                        kwp: k,
                        power_band: PowerBand::of(k),
                    }
                })
                .collect(),
            members: s
                .members
                .iter()
                .enumerate()
                .map(|(i, g)| MemberPlan {
                    category: g.category.clone(),
                    count: node.x[node.idx.n[i]].max(0.0),
                })
                .collect(),
            battery_kwh: node.idx.battery.as_ref().map(|(e, _)| node.x[*e].max(0.0)),
        }
    }

    /// The continuous plan rounded: sizes to 0.1 kWp within their bounds (a candidate roof
    /// under 1 kWp is not built), members to whole counts within theirs, the battery to 1 kWh.
    fn rounded(continuous: &Plan, inp: &Inputs) -> Plan {
        Plan {
            plants: continuous
                .plants
                .iter()
                .enumerate()
                .map(|(j, p)| {
                    let mut k = (p.kwp * 10.0).round() / 10.0;
                    k = k.clamp(inp.plant_lb[j], inp.plant_ub[j]);
                    if inp.plant_candidate[j] && k < 1.0 {
                        k = 0.0;
                    }
                    PlantPlan {
                        id: p.id.clone(),
                        kwp: k,
                        power_band: PowerBand::of(k),
                    }
                })
                .collect(),
            members: continuous
                .members
                .iter()
                .enumerate()
                .map(|(i, m)| MemberPlan {
                    category: m.category.clone(),
                    count: m
                        .count
                        .round()
                        .clamp(inp.member_lb[i].ceil(), inp.member_ub[i].floor()),
                })
                .collect(),
            battery_kwh: continuous.battery_kwh.map(|e| e.round()),
        }
    }

    /// The configuration as given.
    fn as_given(s: &crate::scenario::Scenario) -> Plan {
        Plan {
            plants: s
                .plants
                .iter()
                .map(|p| PlantPlan {
                    id: p.id.clone(),
                    kwp: p.kwp,
                    power_band: PowerBand::of(p.kwp),
                })
                .collect(),
            members: s
                .members
                .iter()
                .map(|g| MemberPlan {
                    category: g.category.clone(),
                    count: g.count as f64,
                })
                .collect(),
            battery_kwh: s.battery.as_ref().map(|b| b.energy_kwh),
        }
    }
}

/// Rounding must not break the budget: when the rounded plan costs more than the budget,
/// plant sizes are rounded down (to 0.1 kWp) instead of to the nearest, and the battery too;
/// if that is still over (a size's lower bound), the largest sized plants give up the excess.
fn keep_budget(mut plan: Plan, continuous: &Plan, inp: &Inputs, req: &OptimizeRequest) -> Plan {
    let Some(budget) = req.budget_eur else {
        return plan;
    };
    let cost = |p: &Plan| -> f64 {
        p.plants
            .iter()
            .zip(&inp.capex_eur_per_kwp)
            .map(|(x, c)| x.kwp * c)
            .sum::<f64>()
            + match (&inp.battery, p.battery_kwh) {
                (Some(b), Some(e)) => e * b.capex_eur_per_kwh,
                _ => 0.0,
            }
    };
    if cost(&plan) <= budget + 1e-6 {
        return plan;
    }
    for (j, (p, c)) in plan.plants.iter_mut().zip(&continuous.plants).enumerate() {
        if inp.plant_candidate[j] {
            let k = ((c.kwp * 10.0 + 1e-9).floor() / 10.0).clamp(inp.plant_lb[j], inp.plant_ub[j]);
            p.kwp = if k < 1.0 { 0.0 } else { k };
            p.power_band = PowerBand::of(p.kwp);
        }
    }
    if let (Some(e), Some(c)) = (plan.battery_kwh.as_mut(), continuous.battery_kwh) {
        *e = c.floor();
    }
    let mut over = cost(&plan) - budget;
    if over > 1e-6 {
        let mut order: Vec<usize> = (0..plan.plants.len())
            .filter(|&j| inp.plant_candidate[j] && plan.plants[j].kwp > 0.0)
            .collect();
        order.sort_by(|a, b| plan.plants[*b].kwp.total_cmp(&plan.plants[*a].kwp));
        for j in order {
            if over <= 1e-6 {
                break;
            }
            let c = inp.capex_eur_per_kwp[j];
            if c <= 0.0 {
                continue;
            }
            let p = &mut plan.plants[j];
            let cut = ((over / c) * 10.0).ceil() / 10.0;
            let k = ((p.kwp - cut).max(inp.plant_lb[j]) * 10.0).floor() / 10.0;
            let k = if k < 1.0 && inp.plant_lb[j] < 1.0 {
                0.0
            } else {
                k
            };
            over -= (p.kwp - k) * c;
            p.kwp = k;
            p.power_band = PowerBand::of(k);
        }
    }
    plan
}

/// Checks every hard constraint of the request on the re-simulated plan.
fn check_constraints(
    given: &ValidScenario,
    applied: &ValidScenario,
    sim: &SimulatedFigures,
    req: &OptimizeRequest,
) -> Vec<ConstraintCheck> {
    let now = SocialFigures::of(applied, sim.energy_poor_supportable);
    let before = SocialFigures::of(given, 0);
    let mut out = Vec::new();
    let mut at_most = |name: &str, limit: Option<f64>, value: f64, unit: &str, tol: f64| {
        if let Some(l) = limit {
            out.push(ConstraintCheck {
                constraint: name.into(),
                limit: l,
                value,
                unit: unit.into(),
                kept: value <= l + tol,
            });
        }
    };
    at_most("budget", req.budget_eur, sim.investment_eur, "€", 1e-6);
    at_most(
        "max_business_share",
        req.max_business_share_pct,
        now.business_share_pct,
        "%",
        1e-9,
    );
    let mut at_least = |name: &str, limit: Option<f64>, value: f64, unit: &str| {
        if let Some(l) = limit {
            out.push(ConstraintCheck {
                constraint: name.into(),
                limit: l,
                value,
                unit: unit.into(),
                kept: value >= l - 1e-9 * l.abs().max(1.0),
            });
        }
    };
    at_least(
        "min_shared_ratio",
        req.min_shared_ratio_pct,
        100.0 * sim.shared_ratio_of_injection,
        "%",
    );
    at_least(
        "min_self_sufficiency",
        req.min_self_sufficiency_pct,
        100.0 * sim.self_sufficiency,
        "%",
    );
    at_least("min_shared_kwh", req.min_shared_kwh, sim.shared_kwh, "kWh");
    at_least(
        "min_ep_supported",
        req.min_ep_households_supported.map(|x| x as f64),
        sim.energy_poor_supportable as f64,
        "",
    );
    at_least(
        "min_energy_poor",
        req.min_energy_poor_members.map(|x| x as f64),
        now.energy_poor_members as f64,
        "",
    );
    // The CERS policy (E7''): the kept groups' counts against today's.
    at_least(
        "keep_energy_poor",
        req.keep_energy_poor
            .then_some(before.energy_poor_members as f64),
        now.energy_poor_members as f64,
        "",
    );
    at_least(
        "keep_households",
        req.keep_households.then_some(before.households as f64),
        now.households as f64,
        "",
    );
    out
}

/// Who is in a configuration, for the plan's social consequences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SocialFigures {
    /// Household members (every household category).
    pub households: u32,
    /// Energy-poor household members.
    pub energy_poor_members: u32,
    /// Business members.
    pub business_members: u32,
    /// All members.
    pub members: u32,
    /// Business members / all members, %.
    pub business_share_pct: f64,
    /// Households (members or not) the net fund could support at the target amount (estimate).
    pub households_supportable: u32,
}

impl SocialFigures {
    /// Who is in `v`; `supportable` comes from its simulation.
    fn of(v: &ValidScenario, supportable: u32) -> SocialFigures {
        let cats = &crate::params::defaults().categories;
        let sum = |f: &dyn Fn(&str) -> bool| -> u32 {
            v.scenario
                .members
                .iter()
                .filter(|g| f(&g.category))
                .map(|g| g.count)
                .sum()
        };
        let members = sum(&|_| true);
        let business = sum(&|c| cats.get(c).is_some_and(|d| d.business));
        SocialFigures {
            households: sum(&crate::params::is_household),
            energy_poor_members: sum(&|c| c == "energy_poor_household"),
            business_members: business,
            members,
            business_share_pct: if members > 0 {
                100.0 * business as f64 / members as f64
            } else {
                0.0
            },
            households_supportable: supportable,
        }
    }
}

/// The plan's social consequences against the configuration as given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SocialComparison {
    /// The configuration as given.
    pub current: SocialFigures,
    /// The rounded, re-simulated plan.
    pub plan: SocialFigures,
    /// Categories that the configuration has and the plan drops entirely.
    pub dropped_categories: Vec<String>,
}

impl SocialComparison {
    /// Who the configuration as given and the applied plan serve, and the member categories
    /// the plan drops altogether.
    fn of(
        v: &ValidScenario,
        applied: &ValidScenario,
        current: &SimulatedFigures,
        plan: &SimulatedFigures,
    ) -> SocialComparison {
        SocialComparison {
            current: SocialFigures::of(v, current.energy_poor_supportable),
            plan: SocialFigures::of(applied, plan.energy_poor_supportable),
            dropped_categories: (v.scenario.members.iter())
                .zip(&applied.scenario.members)
                .filter(|(a, b)| a.count > 0 && b.count == 0)
                .map(|(a, _)| a.category.clone())
                .collect(),
        }
    }
}

/// A decision the optimum does not pin down: any value in `low..=high` gives the same
/// objective (found on the model with one hour in 24, so indicative).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EquivalentRange {
    /// `member` (a category) or `plant` (an id).
    pub kind: String,
    /// Category or plant id.
    pub subject: String,
    /// Lowest value with the optimal objective (members, or kWp).
    pub low: f64,
    /// Highest value with the optimal objective.
    pub high: f64,
}

/// Ranges of members and roof sizes that keep the optimum (alternative optima, "ties"): the
/// objective held at its optimum on the coarse model (every 24th hour), each decision minimised
/// and maximised. Skipped with a battery and for models with more than 16 decisions (members and roofs to size).
fn equivalent_ranges(
    inp: &Inputs,
    v: &ValidScenario,
    req: &OptimizeRequest,
    choice: &[BandChoice],
) -> Vec<EquivalentRange> {
    let s = &v.scenario;
    // Two LPs per decision: beyond 16 decisions (many roofs) the ranges would cost more than
    // the search itself, and they are not computed (said in the docs).
    let decisions = s.members.len() + inp.plant_candidate.iter().filter(|c| **c).count();
    if inp.battery.is_some() || decisions > 16 {
        return Vec::new();
    }
    let coarse = inp.subsampled(24);
    let (lp, idx) = model::build(&coarse, v, req, choice, None);
    let SolveOutcome::Optimal {
        objective, x: at, ..
    } = solve::solve(&lp)
    else {
        return Vec::new();
    };
    let tol = 1e-6 * objective.abs().max(1.0);
    let mut level = lp.clone();
    let coefs: Vec<(usize, f64)> = lp
        .cols
        .iter()
        .enumerate()
        .filter(|(_, c)| c.obj != 0.0)
        .map(|(j, c)| (j, c.obj))
        .collect();
    match lp.sense {
        lp::Sense::Max => level.row("objective_level", coefs, RowKind::Ge, objective - tol),
        lp::Sense::Min => level.row("objective_level", coefs, RowKind::Le, objective + tol),
    };
    for c in &mut level.cols {
        c.obj = 0.0;
    }
    let range = |col: usize| -> Option<(f64, f64)> {
        let mut ends = [0.0; 2];
        for (k, sense) in [lp::Sense::Min, lp::Sense::Max].into_iter().enumerate() {
            let mut m = level.clone();
            m.sense = sense;
            m.cols[col].obj = 1.0;
            match solve::solve(&m) {
                SolveOutcome::Optimal { x, .. } => ends[k] = x[col],
                _ => return None,
            }
        }
        Some((ends[0], ends[1]))
    };
    // Every decision with room to move: (kind, subject, column, bounds).
    let members = s.members.iter().enumerate().map(|(i, g)| {
        (
            "member",
            g.category.clone(),
            idx.n[i],
            (inp.member_lb[i], inp.member_ub[i]),
        )
    });
    let plants = (s.plants.iter().enumerate())
        .filter(|(j, _)| inp.plant_candidate[*j])
        .map(|(j, p)| {
            (
                "plant",
                p.id.clone(),
                idx.x[j],
                (inp.plant_lb[j], inp.plant_ub[j]),
            )
        });
    let mut out = Vec::new();
    for (kind, subject, col, (lb, ub)) in members.chain(plants) {
        if ub - lb < 1.0 {
            continue;
        }
        // The interior-point solution lies inside the optimal face (clarabel follows the
        // central path to it): a decision at one of its bounds there is at that bound in every
        // optimum, and needs no pair of LPs.
        let near = |b: f64| (at[col] - b).abs() <= 1e-5 * b.abs().max(1.0);
        if near(lb) || (ub.is_finite() && near(ub)) {
            continue;
        }
        if let Some((lo, hi)) = range(col) {
            if hi - lo >= 1.0 {
                // Members whole (within their bounds; a solver's 1e-9 of a member is none),
                // sizes to the plan's 0.1 kWp; `+ 0.0` turns −0 into 0.
                let (low, high) = if kind == "member" {
                    (
                        (lo - 1e-6).ceil().max(lb.ceil()),
                        (hi + 1e-6).floor().min(ub.floor()),
                    )
                } else {
                    ((lo * 10.0).round() / 10.0, (hi * 10.0).round() / 10.0)
                };
                out.push(EquivalentRange {
                    kind: kind.into(),
                    subject,
                    low: low + 0.0,
                    high,
                });
            }
        }
    }
    out
}

/// Objective value of a simulated scenario, by the LP's definitions (E1a–E1d).
pub fn evaluate(
    v: &ValidScenario,
    r: &Report,
    objective: Objective,
    capex_by_id: &dyn Fn(&str) -> f64,
) -> SimulatedFigures {
    let p = &v.params;
    let crf = model::crf(p.discount_rate_pct / 100.0, p.project_years);
    let investment: f64 = v
        .scenario
        .plants
        .iter()
        .map(|pl| pl.kwp * capex_by_id(&pl.id))
        .sum();
    let om: f64 = v
        .scenario
        .plants
        .iter()
        .map(|pl| pl.kwp * p.pv_om_eur_per_kwp_year)
        .sum();
    let members = r.members_total as f64 * p.community_cost_eur_per_member_year;
    let (battery_capex, battery_om) = v.scenario.battery.as_ref().map_or((0.0, 0.0), |b| {
        (
            b.energy_kwh * b.capex_eur_per_kwh.unwrap_or(p.battery_capex_eur_per_kwh),
            b.energy_kwh * p.battery_om_eur_per_kwh_year,
        )
    });
    let investment = investment + battery_capex;
    let om = om + battery_om;
    let value = match objective {
        Objective::CommunityValue => {
            (r.tip_eur + r.valorisation_eur - members) * p.incentive_annuity_weight()
                + r.sales_eur
                + r.avoided_purchases_eur
                - investment * crf
                - om
        }
        Objective::SolidarityFund => r.tip_eur + r.valorisation_eur - members,
        Objective::SharedEnergy => r.shared_kwh,
        Objective::MinInvestment => investment,
    };
    SimulatedFigures {
        objective_value: value,
        production_kwh: r.production_kwh,
        injected_kwh: r.injected_kwh,
        shared_kwh: r.shared_kwh,
        shared_ratio_of_injection: r.shared_ratio_of_injection,
        self_sufficiency: r.self_sufficiency,
        tip_eur: r.tip_eur,
        valorisation_eur: r.valorisation_eur,
        sales_eur: r.sales_eur,
        solidarity_min_eur: r.solidarity_min_eur,
        net_fund_eur: r.fund.net_fund_eur,
        investment_eur: investment,
        energy_poor_supportable: r.energy_poverty.households_supportable_at_target,
    }
}

/// The scenario with a plan applied (plants sized at 0 kWp kept, not built).
pub fn apply(v: &ValidScenario, plan: &Plan) -> Result<ValidScenario, String> {
    let mut s = v.scenario.clone();
    for (g, m) in s.members.iter_mut().zip(&plan.members) {
        g.count = m.count.round().max(0.0) as u32;
        if let Some(a) = g.available {
            g.available = Some(a.max(g.count));
        }
    }
    // Roofs the plan sizes at 0 stay, at 0 kWp (not built), with their owner, orientation and
    // potential, so that they can be optimised again.
    for (pl, p) in s.plants.iter_mut().zip(&plan.plants) {
        let k = p.kwp.max(0.0);
        pl.kwp = k;
        if let Some(r) = pl.roof_potential_kwp {
            pl.roof_potential_kwp = Some(r.max(k));
        }
    }
    if let (Some(b), Some(e)) = (s.battery.as_mut(), plan.battery_kwh) {
        let rate = if b.energy_kwh > 0.0 {
            b.power_kw / b.energy_kwh
        } else {
            0.5
        };
        b.energy_kwh = e;
        b.power_kw = rate * e;
        if let Some(m) = b.max_energy_kwh {
            b.max_energy_kwh = Some(m.max(e));
        }
    }
    validate(s).map_err(|e| {
        e.iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })
}

fn objective_words(o: Objective) -> (&'static str, &'static str) {
    match o {
        Objective::CommunityValue => (
            "il valore economico annuo della comunità",
            "the community's annual economic value",
        ),
        Objective::SolidarityFund => ("il fondo solidale annuo", "the annual solidarity fund"),
        Objective::SharedEnergy => ("l'energia condivisa annua", "the annual shared energy"),
        Objective::MinInvestment => ("l'investimento", "the investment"),
    }
}

fn amount(x: f64, o: Objective, lang: Lang) -> String {
    match o {
        Objective::SharedEnergy => format!(
            "{} kWh{}",
            format::number(x, 0, lang),
            if lang == Lang::It { "/anno" } else { "/yr" }
        ),
        Objective::MinInvestment => format::euros(x, lang),
        _ => format!(
            "{}{}",
            format::euros(x, lang),
            if lang == Lang::It { "/anno" } else { "/yr" }
        ),
    }
}

/// The plan in words, a line each (stages): what it changes in the objective
/// ([`summary_line`]), each binding constraint with its shadow price ([`binding_line`]), or why
/// none limits the plan ([`unconstrained_line`]), and the decisions it leaves open
/// ([`ties_line`]).
fn explain(
    v: &ValidScenario,
    inp: &Inputs,
    node: &Node,
    req: &OptimizeRequest,
    current: &SimulatedFigures,
    plan: &SimulatedFigures,
    equivalent: &[EquivalentRange],
) -> Vec<Explanation> {
    let mut out = vec![summary_line(req.objective, current, plan)];
    out.extend(
        node.idx.explained.iter().filter_map(|&(kind, i, row)| {
            binding_line(v, inp, node, req, kind, i, node.duals[row])
        }),
    );
    if out.len() == 1 {
        out.push(unconstrained_line(req));
    }
    if !equivalent.is_empty() {
        out.push(ties_line(equivalent));
    }
    out
}

/// A line of the explanations that is not a row's.
fn note(constraint: Explained, it: String, en: String) -> Explanation {
    Explanation {
        constraint,
        subject: String::new(),
        shadow_price: 0.0,
        it,
        en,
    }
}

/// What the plan changes in the objective.
fn summary_line(o: Objective, current: &SimulatedFigures, plan: &SimulatedFigures) -> Explanation {
    let (ow_it, ow_en) = objective_words(o);
    note(
        Explained::Summary,
        format!(
            "Il piano porta {ow_it} da {} (configurazione attuale) a {} (piano arrotondato e ri-simulato).",
            amount(current.objective_value, o, Lang::It),
            amount(plan.objective_value, o, Lang::It)
        ),
        format!(
            "The plan takes {ow_en} from {} (current configuration) to {} (rounded and re-simulated plan).",
            amount(current.objective_value, o, Lang::En),
            amount(plan.objective_value, o, Lang::En)
        ),
    )
}

/// A named row of kind `kind` (of the scenario's item `i`) with shadow price `d`: what one unit
/// more of it would change, or `None` when it does not bind (numerical noise ignored).
#[allow(clippy::too_many_arguments)] // the row and what its words need
fn binding_line(
    v: &ValidScenario,
    inp: &Inputs,
    node: &Node,
    req: &OptimizeRequest,
    kind: Explained,
    i: usize,
    d: f64,
) -> Option<Explanation> {
    // Magnitude relative to the objective's scale.
    if d.abs() < (1e-9 * node.objective.abs()).max(1e-7) {
        return None;
    }
    let o = req.objective;
    let (ow_it, ow_en) = objective_words(o);
    let gain = if o == Objective::MinInvestment { -d } else { d };
    let (verb_it, verb_en) = if gain > 0.0 {
        ("aumenterebbe", "raise")
    } else {
        ("ridurrebbe", "lower")
    };
    let a_it = amount(d.abs(), o, Lang::It);
    let a_en = amount(d.abs(), o, Lang::En);
    let (subject, it, en) = match kind {
        Explained::MemberAvailability | Explained::MemberCommitted => {
            let g = &v.scenario.members[i];
            let c = &defaults().categories[&g.category];
            let (why_it, why_en) = if kind == Explained::MemberAvailability {
                (
                    format!(
                        " (disponibili: {}, tutti nel piano)",
                        format::number(inp.member_ub[i], 0, Lang::It)
                    ),
                    format!(
                        " (available: {}, all in the plan)",
                        format::number(inp.member_ub[i], 0, Lang::En)
                    ),
                )
            } else if req.keeps_category(&g.category) {
                (
                    " (vincolo: politica della CERS, non meno dei membri di oggi; si può allentare)".into(),
                    " (bound: the CERS policy, not fewer members than today; it can be relaxed)".into(),
                )
            } else {
                (
                    " (vincolo: membri già impegnati)".into(),
                    " (bound: members already committed)".into(),
                )
            };
            (
                g.category.clone(),
                format!(
                    "Un membro in più nella categoria «{}» {verb_it} {ow_it} di {a_it}{why_it}.",
                    c.label_it
                ),
                format!(
                    "One more member in category “{}” would {verb_en} {ow_en} by {a_en}{why_en}.",
                    c.label_en
                ),
            )
        }
        Explained::RoofPotential => {
            let id = v.scenario.plants[i].id.clone();
            (
                id.clone(),
                format!("Un kWp in più sul tetto «{id}» (potenziale usato tutto) {verb_it} {ow_it} di {a_it}."),
                format!("One more kWp on roof “{id}” (its potential is fully used) would {verb_en} {ow_en} by {a_en}."),
            )
        }
        Explained::Budget => (
            String::new(),
            format!(
                "Ogni € 1.000 di budget in più {verb_it} {ow_it} di {}.",
                amount(d.abs() * 1000.0, o, Lang::It)
            ),
            format!(
                "Each extra € 1,000 of budget would {verb_en} {ow_en} by {}.",
                amount(d.abs() * 1000.0, o, Lang::En)
            ),
        ),
        _ => {
            let (it_name, en_name) = constraint_words(kind);
            (
                String::new(),
                format!("Vincolo attivo — {it_name}: allentarlo di un'unità {verb_it} {ow_it} di {a_it}."),
                format!("The constraint on {en_name} is binding: relaxing it by one unit would {verb_en} {ow_en} by {a_en}."),
            )
        }
    };
    Some(Explanation {
        constraint: kind,
        subject,
        shadow_price: d,
        it,
        en,
    })
}

/// Why no row binds: the unconstrained optimum, or (minimum investment without a target)
/// that building nothing is the minimum.
fn unconstrained_line(req: &OptimizeRequest) -> Explanation {
    let o = req.objective;
    let (ow_it, ow_en) = objective_words(o);
    let no_target = req.min_shared_ratio_pct.is_none()
        && req.min_self_sufficiency_pct.is_none()
        && req.min_ep_households_supported.is_none()
        && req.min_shared_kwh.is_none();
    if o == Objective::MinInvestment && no_target {
        note(
            Explained::Summary,
            "Senza un obiettivo da raggiungere il minimo investimento è non costruire nulla di nuovo: indicare almeno un obiettivo (quota condivisa, autosufficienza, energia condivisa, famiglie sostenute).".to_string(),
            "Without a target to reach, the minimum investment is to build nothing new: set at least one target (shared share, self-sufficiency, shared energy, households supported).".to_string(),
        )
    } else {
        note(
            Explained::Summary,
            format!("Nessun vincolo e nessuna disponibilità limita il piano: è l'ottimo libero per {ow_it}. Ogni tetto ha la potenza oltre la quale un kWp in più non migliorerebbe l'obiettivo, e ogni categoria il numero di membri oltre il quale un membro in più non lo migliorerebbe."),
            format!("No constraint and no availability limits the plan: it is the unconstrained optimum for {ow_en}. Each roof has the size beyond which one more kWp would not improve the objective, and each category the number of members beyond which one more would not."),
        )
    }
}

/// The decisions the optimum leaves open (members of a category, a roof's kWp), as ranges.
fn ties_line(equivalent: &[EquivalentRange]) -> Explanation {
    let name = |e: &EquivalentRange, lang: Lang| -> String {
        let (between, and) = if lang == Lang::It {
            ("fra", "e")
        } else {
            ("between", "and")
        };
        if e.kind == "member" {
            let label = defaults()
                .categories
                .get(&e.subject)
                .map_or(e.subject.clone(), |c| {
                    if lang == Lang::It {
                        c.label_it.clone()
                    } else {
                        c.label_en.clone()
                    }
                });
            format!(
                "«{label}» {between} {} {and} {}",
                format::number(e.low, 0, lang),
                format::number(e.high, 0, lang)
            )
        } else {
            format!(
                "«{}» {between} {} {and} {} kWp",
                e.subject,
                format::number(e.low, 1, lang),
                format::number(e.high, 1, lang)
            )
        }
    };
    let list = |lang| {
        equivalent
            .iter()
            .map(|e| name(e, lang))
            .collect::<Vec<_>>()
            .join("; ")
    };
    note(
        Explained::Ties,
        format!("Più piani sono equivalenti: con {} l'obiettivo resta lo stesso (analisi sul modello con un'ora ogni 24, indicativa). Il piano ne mostra uno solo: per sceglierne un altro, fissare i membri «impegnati» o «disponibili» o aggiungere un vincolo.", list(Lang::It)),
        format!("Several plans are equivalent: with {} the objective stays the same (analysis on the model with one hour in 24, indicative). The plan shows only one of them: to pick another, set the members “committed” or “available” or add a constraint.", list(Lang::En)),
    )
}

/// Name of an optional constraint of the request, in Italian and English.
fn constraint_words(kind: Explained) -> (&'static str, &'static str) {
    match kind {
        Explained::Budget => ("il budget di investimento", "the investment budget"),
        Explained::BusinessShare => (
            "la quota massima di imprese",
            "the maximum share of businesses",
        ),
        Explained::SharedRatio => (
            "la quota minima di energia condivisa",
            "the minimum shared-energy ratio",
        ),
        Explained::SelfSufficiency => ("l'autosufficienza minima", "the minimum self-sufficiency"),
        Explained::EpSupported => (
            "il numero minimo di famiglie sostenute",
            "the minimum number of households supported",
        ),
        Explained::MinEnergyPoor => (
            "il numero minimo di famiglie in povertà energetica",
            "the minimum number of energy-poor members",
        ),
        Explained::MinShared => ("l'energia condivisa minima", "the minimum shared energy"),
        // Bounds of the scenario rather than options of the request.
        Explained::MemberAvailability
        | Explained::MemberCommitted
        | Explained::RoofPotential
        | Explained::Summary
        | Explained::Ties => (
            "la disponibilità dei membri e dei tetti",
            "the members and roofs available",
        ),
    }
}

/// A request that the bounds alone prove infeasible (a minimum above an availability, a budget
/// below what fixed sizes already cost, …), found before any solve as HiGHS's presolve finds
/// it, and said with the two constraints and their numbers (an infeasible battery request took
/// seconds of LPs to reach the same verdict). The rows checked are the annual and bound rows,
/// identical in every model of the request, so a coarse model (no hour matters) is built.
fn bound_conflicts(
    inp: &Inputs,
    v: &ValidScenario,
    req: &OptimizeRequest,
) -> Option<Vec<(String, String)>> {
    let coarse = if inp.battery.is_some() {
        inp.sampled_days(14)
    } else {
        inp.subsampled(24)
    };
    // Every band at the highest tariff: a relaxation of every band choice.
    let relaxed = vec![BandChoice::Relaxed; v.scenario.plants.len()];
    let (lp, idx) = model::build(&coarse, v, req, &relaxed, None);
    let rows: Vec<usize> = idx.explained.iter().map(|e| e.2).collect();
    let conflict = lp.bound_conflict(&rows)?;
    Some(vec![conflict_sentence(&conflict, &lp, &idx, v, req)])
}

/// What row `row` of a model asks, in Italian and English (the scenario's own limits when it
/// is not one of the named rows).
fn row_words(
    row: Option<usize>,
    idx: &model::ModelIndex,
    v: &ValidScenario,
    req: &OptimizeRequest,
) -> (String, String) {
    let Some(&(kind, i, _)) = row.and_then(|r| idx.explained.iter().find(|e| e.2 == r)) else {
        return (
            "i limiti dello scenario".into(),
            "the scenario's limits".into(),
        );
    };
    let label = |i: usize| {
        let g = &v.scenario.members[i];
        defaults().categories.get(&g.category).map_or_else(
            || (g.category.clone(), g.category.clone()),
            |c| (c.label_it.to_string(), c.label_en.to_string()),
        )
    };
    match kind {
        Explained::MemberAvailability => {
            let (it, en) = label(i);
            (
                format!("la disponibilità di membri «{it}»"),
                format!("the members available in “{en}”"),
            )
        }
        Explained::MemberCommitted if req.keeps_category(&v.scenario.members[i].category) => {
            let (it, en) = label(i);
            (
                format!("la politica della CERS (non meno membri «{it}» di oggi)"),
                format!("the CERS policy (not fewer “{en}” members than today)"),
            )
        }
        Explained::MemberCommitted => {
            let (it, en) = label(i);
            (
                format!("i membri «{it}» già impegnati"),
                format!("the “{en}” members already committed"),
            )
        }
        Explained::RoofPotential => {
            let id = &v.scenario.plants[i].id;
            (
                format!("il potenziale del tetto «{id}»"),
                format!("the potential of roof “{id}”"),
            )
        }
        k => {
            let (it, en) = constraint_words(k);
            (it.to_string(), en.to_string())
        }
    }
}

/// A conflict that the bounds prove, as one sentence in Italian and English: the two limits
/// of a column and their numbers, the budget against what fixed sizes cost, or a row that no
/// point within the bounds meets.
fn conflict_sentence(
    conflict: &lp::BoundConflict,
    lp: &lp::Lp,
    idx: &model::ModelIndex,
    v: &ValidScenario,
    req: &OptimizeRequest,
) -> (String, String) {
    let capitalised = |s: String| {
        let mut c = s.chars();
        c.next().map_or(String::new(), |f| {
            f.to_uppercase().collect::<String>() + c.as_str()
        })
    };
    let num = |x: f64, lang| format::number(x, if x.fract().abs() < 1e-9 { 0 } else { 1 }, lang);
    match *conflict {
        lp::BoundConflict::Column {
            lo,
            lo_row,
            hi,
            hi_row,
            ..
        } => {
            let (lo_it, lo_en) = row_words(lo_row, idx, v, req);
            let (hi_it, hi_en) = row_words(hi_row, idx, v, req);
            (
                format!(
                    "{} chiede almeno {}, ma {} ne consente al massimo {}: i due vincoli non possono valere insieme.",
                    capitalised(lo_it),
                    num(lo, Lang::It),
                    hi_it,
                    num(hi, Lang::It)
                ),
                format!(
                    "{} requires at least {}, but {} allows at most {}: the two cannot hold together.",
                    capitalised(lo_en),
                    num(lo, Lang::En),
                    hi_en,
                    num(hi, Lang::En)
                ),
            )
        }
        lp::BoundConflict::Row { row, activity } => {
            let (it, en) = row_words(Some(row), idx, v, req);
            let rhs = lp.rows[row].rhs;
            if idx
                .explained
                .iter()
                .any(|e| e.2 == row && e.0 == Explained::Budget)
            {
                (
                    format!(
                        "Il budget di investimento (€ {}) è sotto l'investimento che le taglie già fissate richiedono comunque (€ {}).",
                        format::number(rhs, 0, Lang::It),
                        format::number(activity, 0, Lang::It)
                    ),
                    format!(
                        "The investment budget (€ {}) is below what the sizes already fixed cost anyway (€ {}).",
                        format::number(rhs, 0, Lang::En),
                        format::number(activity, 0, Lang::En)
                    ),
                )
            } else {
                (
                    format!("{} non può essere rispettato nemmeno nel caso più favorevole consentito dai membri disponibili e impegnati, dal potenziale dei tetti e dagli altri vincoli.", capitalised(it)),
                    format!("{} cannot be met even in the most favourable case that the members available and committed, the roofs' potential and the other constraints allow.", capitalised(en)),
                )
            }
        }
    }
}

fn diagnose(
    inp: &Inputs,
    v: &ValidScenario,
    req: &OptimizeRequest,
    progress: &mut dyn FnMut(&str, f64),
) -> Vec<(String, String)> {
    let active = optional_constraints(req);
    let mut out = Vec::new();
    for (k, (kind, drop)) in active.iter().enumerate() {
        // Each check is a search of its own (seconds with a battery): the page says which.
        progress(
            &format!("diagnose:{k}:{}", active.len()),
            0.2 + 0.7 * k as f64 / active.len() as f64,
        );
        let mut r = req.clone();
        drop(&mut r);
        if plan_exists(inp, v, r) {
            let (it_name, en_name) = constraint_words(*kind);
            out.push((
                format!("Senza {it_name} il piano diventa possibile: questo vincolo è in conflitto con gli altri (disponibilità dei membri, potenziale dei tetti, obiettivi)."),
                format!("Without {en_name} a plan exists: this constraint conflicts with the others (member availability, roof potential, targets)."),
            ));
        }
    }
    if out.is_empty() {
        out.push((
            "Nessun piano rispetta insieme i vincoli scelti, i membri già impegnati e disponibili e il potenziale dei tetti; nessun vincolo da solo ne è la causa: allentarne più d'uno.".into(),
            "No plan meets the chosen constraints together with committed/available members and roof potentials; no single constraint is the cause: relax more than one.".into(),
        ));
    }
    out
}

/// How to drop one of a request's optional constraints.
type DropConstraint = fn(&mut OptimizeRequest);

/// The optional constraints that `req` sets, each with how to drop it, in the order the
/// diagnosis checks them.
fn optional_constraints(req: &OptimizeRequest) -> Vec<(Explained, DropConstraint)> {
    let all: [(bool, Explained, DropConstraint); 7] = [
        (req.budget_eur.is_some(), Explained::Budget, |r| {
            r.budget_eur = None
        }),
        (
            req.min_shared_ratio_pct.is_some(),
            Explained::SharedRatio,
            |r| r.min_shared_ratio_pct = None,
        ),
        (
            req.min_self_sufficiency_pct.is_some(),
            Explained::SelfSufficiency,
            |r| r.min_self_sufficiency_pct = None,
        ),
        (
            req.min_ep_households_supported.is_some(),
            Explained::EpSupported,
            |r| r.min_ep_households_supported = None,
        ),
        (
            req.min_energy_poor_members.is_some(),
            Explained::MinEnergyPoor,
            |r| r.min_energy_poor_members = None,
        ),
        (
            req.max_business_share_pct.is_some(),
            Explained::BusinessShare,
            |r| r.max_business_share_pct = None,
        ),
        (req.min_shared_kwh.is_some(), Explained::MinShared, |r| {
            r.min_shared_kwh = None
        }),
    ];
    all.into_iter()
        .filter(|c| c.0)
        .map(|(_, kind, drop)| (kind, drop))
        .collect()
}

/// Whether request `r` has a plan, every band at the highest tariff (a relaxation of every
/// band choice), decided by the active-set method as exactly as by the full LP.
fn plan_exists(inp: &Inputs, v: &ValidScenario, mut r: OptimizeRequest) -> bool {
    // Whether a plan exists does not depend on the objective (the rows do not): the
    // minimum investment, which holds the targets at their limits, is asked as the most
    // shared energy (or fund, with a target on it; the same tariff classes), which leaves
    // them slack, so that a relaxation's solution that contradicts a few hours' regimes is
    // still a plan (`Start::AnyPlan`) and the search stops there.
    if r.objective == Objective::MinInvestment {
        r.objective = if r.min_ep_households_supported.is_some() {
            Objective::SolidarityFund
        } else {
            Objective::SharedEnergy
        };
    }
    let relaxed = vec![BandChoice::Relaxed; v.scenario.plants.len()];
    let decide = |inp: &Inputs| {
        let mut stats = Stats::default();
        match solve_node(
            inp,
            v,
            &r,
            &relaxed,
            None,
            None,
            None,
            &|_| false,
            Start::AnyPlan,
            &mut stats,
            &mut |_| {},
        ) {
            Ok(n) => n.is_some(),
            Err(_) => matches!(
                solve::solve(&model::build(inp, v, &r, &relaxed, None).0),
                SolveOutcome::Optimal { .. }
            ),
        }
    };
    // A battery the optimiser sizes from 0 kWh: a plan without it is a plan with it at
    // 0 kWh (no charge, no discharge, no cost; every other row the same), so the model
    // without the battery (tens of milliseconds) answers "possible" first; only when it
    // says no does the battery model (each LP a year of charge states) decide. (A seeded
    // infeasible variant with three constraints: 5.0 s → 2.2 s, the same conflicts.)
    let sized_from_zero = inp.battery.is_some_and(|b| b.energy_lb <= 0.0);
    (sized_from_zero && decide(&inp.without_battery())) || decide(inp)
}

/// The plan an optimisation reports, settled after rounding.
struct Settled {
    /// The rounded plan, or the configuration as given.
    plan: Plan,
    /// The scenario with that plan applied.
    applied: ValidScenario,
    /// Its simulated figures, valued by the objective.
    simulated: SimulatedFigures,
    /// Why the plan is the configuration as given, when it is (IT, EN).
    note: Option<(String, String)>,
}

/// The rounded plan applied and re-simulated — or the configuration as given, when that
/// configuration keeps every constraint and the rounded plan is worse (rounding fractional
/// members or sizes can lose value: a member of 10 GWh/yr rounded away) or not a valid
/// scenario: never a plan worse than the configuration the planner started from, and the
/// report says why. An error only when the rounded plan is invalid and the configuration
/// breaks a constraint too.
fn settle(
    v: &ValidScenario,
    rounded: Plan,
    current: &SimulatedFigures,
    req: &OptimizeRequest,
    capex_by_id: &dyn Fn(&str) -> f64,
) -> Result<Settled, String> {
    let current_ok = check_constraints(v, v, current, req).iter().all(|c| c.kept);
    let worse = |a: f64, b: f64| {
        let tol = 1e-6 * b.abs().max(1.0);
        if req.objective == Objective::MinInvestment {
            a > b + tol
        } else {
            a < b - tol
        }
    };
    let as_given = |note: (String, String)| Settled {
        plan: Plan::as_given(&v.scenario),
        applied: v.clone(),
        simulated: current.clone(),
        note: Some(note),
    };
    let number = |x: f64, lang| crate::format::number(x, 0, lang);
    let (it, en) = (crate::format::Lang::It, crate::format::Lang::En);
    match apply(v, &rounded) {
        Ok(a) => {
            let sim = evaluate(&a, &simulate(&a).report, req.objective, capex_by_id);
            if current_ok && worse(sim.objective_value, current.objective_value) {
                Ok(as_given((
                    format!("Il piano arrotondato valeva {} contro {} della configurazione data: l'arrotondamento dei membri e delle potenze frazionari del modello lineare ne perdeva il valore, quindi si tiene la configurazione com'è.", number(sim.objective_value, it), number(current.objective_value, it)),
                    format!("The rounded plan was worth {} against {} for the configuration as given: rounding the linear model's fractional members and sizes lost its value, so the configuration is kept as it is.", number(sim.objective_value, en), number(current.objective_value, en)),
                )))
            } else {
                Ok(Settled {
                    plan: rounded,
                    applied: a,
                    simulated: sim,
                    note: None,
                })
            }
        }
        Err(e) if current_ok => Ok(as_given((
            format!("Il piano arrotondato non era uno scenario valido ({e}): si tiene la configurazione com'è."),
            format!("The rounded plan was not a valid scenario ({e}): the configuration is kept as it is."),
        ))),
        Err(e) => Err(format!("the rounded plan is not a valid scenario: {e}")),
    }
}

/// Optimises a scenario.
pub fn optimize(v: &ValidScenario, req: &OptimizeRequest) -> OptimizeOutcome {
    optimize_with_progress(v, req, &mut |_, _| {})
}

/// Optimises a scenario, reporting progress as `(stage, fraction 0–1)`.
pub fn optimize_with_progress(
    v: &ValidScenario,
    req: &OptimizeRequest,
    progress: &mut dyn FnMut(&str, f64),
) -> OptimizeOutcome {
    use crate::clock::now_ms;
    // Parse the embedded data once before timing (startup cost, like reading a model file).
    let _ = (
        crate::data::milan_tmy(),
        crate::data::household_shapes(),
        crate::data::bdew_days(),
        crate::simulate::milan_sun_path(),
    );
    let t0 = now_ms();
    progress("inputs", 0.05);
    let inp = Inputs::for_request(v, req);
    if let Some(conflicts) = bound_conflicts(&inp, v, req) {
        return OptimizeOutcome::Infeasible { conflicts };
    }
    progress("solve", 0.2);
    let mut stats = Stats::default();
    let best = match band_search(&inp, v, req, &mut stats, progress) {
        Ok(b) => b,
        Err(e) => return OptimizeOutcome::Failed(e),
    };
    let Some(node) = best else {
        return OptimizeOutcome::Infeasible {
            conflicts: diagnose(&inp, v, req, progress),
        };
    };
    let solve_ms = now_ms() - t0;
    // The exported model's size: the full LP of the winning band assignment (every hour in
    // full; built without the names the exported file carries, which only cost time).
    let all_full = vec![HourMode::Full; inp.hours.len()];
    let (full_lp, _) = model::build(&inp, v, req, &node.choice, Some(&all_full));
    let s = &v.scenario;
    let continuous = Plan::of_node(&node, s);
    let rounded = Plan::rounded(&continuous, &inp);
    let rounded = keep_budget(rounded, &continuous, &inp, req);
    progress("resimulate", 0.8);
    let capex: Vec<(String, f64)> = s
        .plants
        .iter()
        .zip(&inp.capex_eur_per_kwp)
        .map(|(p, c)| (p.id.clone(), *c))
        .collect();
    let capex_by_id = |id: &str| capex.iter().find(|(k, _)| k == id).map_or(0.0, |x| x.1);
    let current = evaluate(v, &simulate(v).report, req.objective, &capex_by_id);
    let Settled {
        plan: rounded,
        applied,
        simulated,
        note,
    } = match settle(v, rounded, &current, req, &capex_by_id) {
        Ok(p) => p,
        Err(e) => return OptimizeOutcome::Failed(e),
    };
    progress("ties", 0.9);
    let equivalent = equivalent_ranges(&inp, v, req, &node.choice);
    let explanations = explain(v, &inp, &node, req, &current, &simulated, &equivalent);
    let constraint_checks = check_constraints(v, &applied, &simulated, req);
    let social = SocialComparison::of(v, &applied, &current, &simulated);
    let report = OptimizeReport {
        request: req.clone(),
        sense: if req.objective == Objective::MinInvestment {
            "min".into()
        } else {
            "max".into()
        },
        objective_unit: req.objective.unit().into(),
        objective_value: node.objective,
        solve_ms,
        lp_solves: stats.lp_solves,
        band_nodes: stats.nodes,
        lp_columns: full_lp.cols.len(),
        lp_rows: full_lp.rows.len(),
        lp_hours: inp.hours.len(),
        reduced_columns: stats.reduced_cols,
        reduced_rows: stats.reduced_rows,
        full_hours: stats.full_hours,
        continuous,
        rounded,
        simulated,
        current,
        explanations,
        constraint_checks,
        note,
        social: Some(social),
        equivalent,
    };
    OptimizeOutcome::Solved {
        report: Box::new(report),
        applied: Box::new(applied),
        lp: Box::new(full_lp),
    }
}

//! Solving an [`Lp`] with good_lp and the pure-Rust interior-point solver clarabel
//! (works in wasm32). Returns primal values and row duals (shadow prices: change of the
//! objective, in its own sense, per unit increase of the row's right-hand side).

use clarabel::solver::SolverStatus;
use good_lp::constraint::ConstraintReference;
use good_lp::solvers::clarabel::{clarabel, ClarabelProblem, ClarabelSolution};
use good_lp::{
    variable, Expression, ProblemVariables, Solution, SolutionWithDual, SolverModel, Variable,
};
use good_lp::{DualValues, ResolutionError};

use super::lp::{Bound, Lp, ParallelGroup, RowKind, Sense};

/// Outcome of a solve.
#[derive(Debug, Clone)]
pub enum SolveOutcome {
    /// Optimal (to clarabel's tolerances, 1e-9).
    Optimal {
        /// Column values.
        x: Vec<f64>,
        /// Row shadow prices.
        duals: Vec<f64>,
        /// Objective value.
        objective: f64,
    },
    /// No point satisfies all rows and bounds.
    Infeasible,
    /// The solver stopped for another reason.
    Failed(String),
}

/// Solves `lp`. First without clarabel's iterative refinement of each KKT solve, accepting
/// only a full-accuracy optimum or a certificate of infeasibility (clarabel checks both on the
/// iterate itself, to 1e-9, whatever the refinement): on the battery LPs the refinement's extra
/// triangular solves are ≈ 25 % of the time (issue #13's case: 1.50 s → 1.13 s for its two
/// battery LPs, median of 5). Otherwise (reduced accuracy, no progress, numerical trouble)
/// it solves again with the refinement, and if that stalls too, without its equilibration
/// (row and column scaling): on some full-year models with annual targets the scaled problem
/// stalls at its first iterations while the unscaled one solves. When that stalls too, the
/// LP's elastic form (every row may be violated at a cost; always feasible) decides: a
/// positive minimum violation proves it infeasible, as clarabel sometimes stalls instead of
/// certifying infeasibility (both seen among the random variants of `tests/optimize.rs`).
pub fn solve(lp: &Lp) -> SolveOutcome {
    // What is decided before the solve (the same for every attempt).
    let presolve = Presolve::of(lp);
    #[cfg(not(target_arch = "wasm32"))]
    if tracing() {
        let t = std::time::Instant::now();
        let out = solve_inner(lp, &presolve);
        eprintln!(
            "LP {} cols × {} rows ({} fixed by duality, {} parallel in {} groups): {:?} in {:.1} ms",
            lp.cols.len(),
            lp.rows.len(),
            presolve.fixing.iter().flatten().count(),
            presolve.parallel.iter().map(|g| g.cols.len()).sum::<usize>(),
            presolve.parallel.len(),
            match &out {
                SolveOutcome::Optimal { objective, .. } => format!("optimal {objective:.4}"),
                o => format!("{o:?}"),
            },
            t.elapsed().as_secs_f64() * 1000.0
        );
        return out;
    }
    solve_inner(lp, &presolve)
}

/// Whether `CER_TRACE_LP` asks the native tool to print every LP and active-set round
/// (read once).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn tracing() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("CER_TRACE_LP").is_some())
}

fn solve_inner(lp: &Lp, presolve: &Presolve) -> SolveOutcome {
    // The failure reported if nothing decides: the first one with the refinement.
    let mut failure = None;
    for mode in [Mode::FAST, Mode::REFINED, Mode::UNSCALED] {
        match solve_with(lp, presolve, mode) {
            SolveOutcome::Failed(e) => {
                if !mode.strict && failure.is_none() {
                    failure = Some(e);
                }
            }
            out => return out,
        }
    }
    match min_violation(lp) {
        Some(v) if v > 1e-6 => SolveOutcome::Infeasible,
        _ => SolveOutcome::Failed(failure.unwrap_or_default()),
    }
}

/// Minimum total violation of `lp`'s rows, each scaled by its largest coefficient, over the
/// column bounds; `None` if that LP cannot be solved either.
fn min_violation(lp: &Lp) -> Option<f64> {
    if lp.cols.iter().any(|c| c.lb > c.ub) {
        return Some(f64::INFINITY);
    }
    let mut e = Lp::new(Sense::Min);
    for c in &lp.cols {
        e.col(String::new(), c.lb, c.ub, 0.0);
    }
    for r in &lp.rows {
        let scale = r
            .coefs
            .iter()
            .fold(0.0f64, |m, (_, a)| m.max(a.abs()))
            .max(1e-12);
        let mut coefs: Vec<(usize, f64)> = r.coefs.iter().map(|(j, a)| (*j, a / scale)).collect();
        let rhs = r.rhs / scale;
        match r.kind {
            RowKind::Le => coefs.push((e.col(String::new(), 0.0, f64::INFINITY, 1.0), -1.0)),
            RowKind::Ge => coefs.push((e.col(String::new(), 0.0, f64::INFINITY, 1.0), 1.0)),
            RowKind::Eq => {
                coefs.push((e.col(String::new(), 0.0, f64::INFINITY, 1.0), 1.0));
                coefs.push((e.col(String::new(), 0.0, f64::INFINITY, 1.0), -1.0));
            }
        }
        e.row(String::new(), coefs, r.kind, rhs);
    }
    // Dual fixing fixes nothing here (the LP's own columns cost nothing, and each slack
    // column is needed by its row); parallel columns stay parallel.
    let presolve = Presolve::of(&e);
    [Mode::REFINED, Mode::UNSCALED]
        .into_iter()
        .find_map(|mode| match solve_with(&e, &presolve, mode) {
            SolveOutcome::Optimal { objective, .. } => Some(objective),
            _ => None,
        })
}

/// Clarabel settings of one attempt.
#[derive(Debug, Clone, Copy)]
struct Mode {
    /// Row and column scaling.
    equilibrate: bool,
    /// Iterative refinement of each KKT solve.
    refine: bool,
    /// Only a full-accuracy status counts (not clarabel's "almost solved").
    strict: bool,
}

impl Mode {
    const FAST: Mode = Mode {
        equilibrate: true,
        refine: false,
        strict: true,
    };
    const REFINED: Mode = Mode {
        equilibrate: true,
        refine: true,
        strict: false,
    };
    const UNSCALED: Mode = Mode {
        equilibrate: false,
        refine: true,
        strict: false,
    };
}

/// What is decided about an LP before it goes to clarabel, once for every attempt.
struct Presolve {
    /// Per column, the value dual fixing gives it and the row that sets it
    /// ([`Lp::dual_fixing`]).
    fixing: Vec<Fixing>,
    /// Per column, its value when the solver does not decide it: dual fixing's, or its
    /// bounds' when they are equal (plants that keep their size, a battery of fixed capacity,
    /// the constant column).
    fixed: Vec<Option<f64>>,
    /// Groups of columns that are parallel in most of their rows ([`Lp::parallel_columns`]).
    parallel: Vec<ParallelGroup>,
}

/// Columns with fewer entries than this are left alone by [`Lp::parallel_columns`]: their
/// part of the factorisation is small, and a group costs a column and a row.
const PARALLEL_MIN_ROWS: usize = 200;

impl Presolve {
    fn of(lp: &Lp) -> Presolve {
        Presolve::with_fixing(lp, lp.dual_fixing())
    }

    fn with_fixing(lp: &Lp, fixing: Vec<Fixing>) -> Presolve {
        let fixed: Vec<Option<f64>> = (lp.cols.iter().zip(&fixing))
            .map(|(c, f)| {
                f.map(|(v, _)| v)
                    .or((c.lb.is_finite() && c.lb == c.ub).then_some(c.lb))
            })
            .collect();
        let skipped: Vec<bool> = fixed.iter().map(Option::is_some).collect();
        Presolve {
            parallel: lp.parallel_columns(&skipped, PARALLEL_MIN_ROWS),
            fixing,
            fixed,
        }
    }
}

/// Solves `lp` once, with the settings of `mode`: its free columns and rows, the columns that
/// `presolve` fixes among the constants and its parallel columns grouped ([`substitute`]), as
/// a clarabel model ([`clarabel_model`]), and the outcome in `lp`'s terms ([`outcome`]), with
/// the prices of the rows that set the fixed values ([`recover_duals`]).
fn solve_with(lp: &Lp, presolve: &Presolve, mode: Mode) -> SolveOutcome {
    let fixing = &presolve.fixing;
    let Some(Substituted {
        cols,
        vars,
        rows,
        links,
    }) = substitute(lp, presolve)
    else {
        return SolveOutcome::Infeasible;
    };
    // Nothing left to decide (no plants or members, or all fixed): clarabel cannot factor an
    // empty system, and the only point is the fixed one.
    if cols.free.iter().all(|x| x.is_none()) {
        let x = cols.x(&|_| 0.0);
        let mut duals = vec![0.0; lp.rows.len()];
        recover_duals(lp, fixing, &mut duals);
        return SolveOutcome::Optimal {
            objective: lp.objective(&x),
            x,
            duals,
        };
    }
    let (model, refs) = clarabel_model(lp, vars, &cols, rows, links, mode);
    match outcome(lp, &cols, model.solve(), &refs, mode) {
        SolveOutcome::Optimal {
            x,
            mut duals,
            objective,
        } => {
            recover_duals(lp, fixing, &mut duals);
            SolveOutcome::Optimal {
                x,
                duals,
                objective,
            }
        }
        out => out,
    }
}

/// A column's value decided before the solve by dual fixing, and the one-column row that
/// sets it ([`Lp::dual_fixing`]).
type Fixing = Option<Bound>;

/// The shadow price of each one-column row that set a dual-fixed column's value: that
/// column's reduced cost through its other rows, per unit of the row (what one more unit of
/// the bound is worth, as the solve without the fixing would give it; the row itself went to
/// the solver as a row of constants, with no price).
fn recover_duals(lp: &Lp, fixing: &[Fixing], duals: &mut [f64]) {
    let mut priced: Vec<Option<f64>> = fixing
        .iter()
        .zip(&lp.cols)
        .map(|(f, c)| f.and_then(|(_, r)| r).map(|_| c.obj))
        .collect();
    if priced.iter().all(|p| p.is_none()) {
        return;
    }
    for (i, row) in lp.rows.iter().enumerate() {
        for &(j, a) in &row.coefs {
            if let (Some(p), Some((_, Some(r)))) = (&mut priced[j], fixing[j]) {
                if r != i {
                    *p -= duals[i] * a;
                }
            }
        }
    }
    for (j, p) in priced.iter().enumerate() {
        if let (Some(p), Some((_, Some(r)))) = (p, fixing[j]) {
            if let Some(&(_, a)) = lp.rows[r].coefs.first() {
                duals[r] = p / a;
            }
        }
    }
}

/// Which columns of an LP are fixed by their bounds (lb = ub: plants that keep their size, a
/// battery of fixed capacity, the constant column) and which remain to be decided.
struct Columns<'a> {
    fixed: &'a [Option<f64>],
    free: Vec<Option<Variable>>,
}

impl Columns<'_> {
    /// Every column's value, the free ones' from `value`.
    fn x(&self, value: &dyn Fn(Variable) -> f64) -> Vec<f64> {
        (self.fixed.iter().zip(&self.free))
            .map(|(f, vj)| match (f, vj) {
                (Some(f), _) => *f,
                (None, Some(vj)) => value(*vj),
                _ => 0.0,
            })
            .collect()
    }
}

/// A row over free columns and its right-hand side, or `None` for a row of constants that
/// holds.
type FreeRow = Option<(Expression, f64)>;

/// `lp` as clarabel gets it: the same LP with its fixed columns substituted into the rows and
/// each group of parallel columns seen, in the rows where it is parallel, through one column.
struct Substituted<'a> {
    /// Fixed and free columns.
    cols: Columns<'a>,
    /// The free columns (as good_lp variables within their bounds) and one free column per
    /// parallel group.
    vars: ProblemVariables,
    /// Each row over them, with the fixed part moved to the right-hand side.
    rows: Vec<FreeRow>,
    /// Per parallel group, its column less the weighted sum of its columns (= 0).
    links: Vec<Expression>,
}

/// `lp` with its fixed columns substituted into the rows (the same LP, with fewer dense
/// columns for the interior-point factorisation), and with each group of parallel columns
/// (`Σ_k f_k a_r x_k` in each of the group's rows r, `a_r` its first column's coefficient)
/// written as `a_r X` in those rows with one more row `X = Σ_k f_k x_k`: the same LP again,
/// in which the dense part of the group is one column. With twelve roofs of three
/// orientations (Città Studi), twelve plant columns in every hour's injection and charging
/// rows become three: the factorisation of issue #13's battery LPs takes 4–10 ms instead of
/// 15–17 ms. `None` when a row of constants fails: the LP is infeasible.
fn substitute<'a>(lp: &Lp, presolve: &'a Presolve) -> Option<Substituted<'a>> {
    let fixed = &presolve.fixed;
    let mut vars = ProblemVariables::new();
    let free: Vec<Option<Variable>> = lp
        .cols
        .iter()
        .zip(fixed)
        .map(|(c, f)| {
            if f.is_some() {
                return None;
            }
            let mut d = variable();
            if c.lb.is_finite() {
                d = d.min(c.lb);
            }
            if c.ub.is_finite() {
                d = d.max(c.ub);
            }
            Some(vars.add(d))
        })
        .collect();
    // Per group: its column, and whether each row is one of its rows.
    let groups = &presolve.parallel;
    let mut group_of: Vec<Option<usize>> = vec![None; lp.cols.len()];
    let mut in_group = Vec::with_capacity(groups.len());
    let mut group_vars = Vec::with_capacity(groups.len());
    for (g, group) in groups.iter().enumerate() {
        for &(j, _) in &group.cols {
            group_of[j] = Some(g);
        }
        let mut rows = vec![false; lp.rows.len()];
        for &i in &group.rows {
            rows[i] = true;
        }
        in_group.push(rows);
        group_vars.push(vars.add(variable()));
    }
    let mut rows: Vec<FreeRow> = Vec::with_capacity(lp.rows.len());
    let mut grouped_terms: Vec<(usize, f64)> = Vec::new();
    for (i, r) in lp.rows.iter().enumerate() {
        let mut e = Expression::with_capacity(r.coefs.len());
        let mut constant = 0.0;
        let mut any_free = false;
        for &(j, a) in r.coefs.iter().filter(|(_, a)| *a != 0.0) {
            let Some(vj) = free[j] else {
                constant += a * fixed[j].unwrap_or(0.0);
                continue;
            };
            any_free = true;
            match group_of[j] {
                // In a group's row its columns are the group's column times the first
                // one's coefficient; the others' terms are in that product.
                Some(g) if in_group[g][i] => {
                    if groups[g].cols[0].0 == j {
                        grouped_terms.push((g, a));
                    }
                }
                _ => e.add_mul(a, vj),
            }
        }
        for (g, a) in grouped_terms.drain(..) {
            e.add_mul(a, group_vars[g]);
        }
        let rhs = r.rhs - constant;
        if any_free {
            rows.push(Some((e, rhs)));
        } else {
            // A row of constants: it holds or the LP is infeasible.
            let tol = 1e-9 * r.rhs.abs().max(constant.abs()).max(1.0);
            let holds = match r.kind {
                RowKind::Le => rhs >= -tol,
                RowKind::Ge => rhs <= tol,
                RowKind::Eq => rhs.abs() <= tol,
            };
            if !holds {
                return None;
            }
            rows.push(None);
        }
    }
    let links = (groups.iter().zip(&group_vars))
        .map(|(group, &x)| {
            let mut e = Expression::with_capacity(group.cols.len() + 1);
            e.add_mul(1.0, x);
            for &(j, f) in &group.cols {
                if let Some(vj) = free[j] {
                    e.add_mul(-f, vj);
                }
            }
            e
        })
        .collect();
    Some(Substituted {
        cols: Columns { fixed, free },
        vars,
        rows,
        links,
    })
}

/// The clarabel model of `lp` over its free columns, with `mode`'s settings, and each row's
/// reference in it (`None` for rows of constants).
fn clarabel_model(
    lp: &Lp,
    vars: ProblemVariables,
    cols: &Columns,
    mut rows: Vec<FreeRow>,
    mut links: Vec<Expression>,
    mode: Mode,
) -> (ClarabelProblem, Vec<Option<ConstraintReference>>) {
    let mut obj = Expression::with_capacity(lp.cols.len());
    for (j, c) in lp.cols.iter().enumerate() {
        if let (true, Some(vj)) = (c.obj != 0.0, cols.free[j]) {
            obj.add_mul(c.obj, vj);
        }
    }
    let unsolved = match lp.sense {
        Sense::Max => vars.maximise(obj),
        Sense::Min => vars.minimise(obj),
    };
    let mut model = unsolved.using(clarabel);
    model
        .settings()
        .tol_gap_abs(1e-9)
        .tol_gap_rel(1e-9)
        .tol_feas(1e-9)
        .max_iter(400)
        .equilibrate_enable(mode.equilibrate)
        .iterative_refinement_enable(mode.refine)
        .verbose(std::env::var_os("CER_VERBOSE").is_some());
    // Equality rows first, then the inequalities: clarabel makes one cone of each run of
    // rows of the same kind, and interleaved rows (a battery LP's state-of-charge equations
    // between its power limits) made ≈ 9,000 cones of one row, whose per-cone work each
    // iteration is overhead. Row duals are mapped back by the rows' own indices.
    let mut refs: Vec<Option<_>> = vec![None; lp.rows.len()];
    for equalities in [true, false] {
        for (i, r) in lp.rows.iter().enumerate() {
            if (r.kind == RowKind::Eq) != equalities {
                continue;
            }
            if let Some((e, rhs)) = rows[i].take() {
                let c = match r.kind {
                    RowKind::Le => e.leq(rhs),
                    RowKind::Ge => e.geq(rhs),
                    RowKind::Eq => e.eq(rhs),
                };
                refs[i] = Some(model.add_constraint(c));
            }
        }
        if equalities {
            // The parallel groups' links (their duals are not the LP's).
            for e in std::mem::take(&mut links) {
                model.add_constraint(e.eq(0.0));
            }
        }
    }
    (model, refs)
}

/// A solve's result in `lp`'s terms: every column's value, the rows' shadow prices and the
/// objective; with `mode.strict`, anything short of clarabel's full-accuracy "solved" is a
/// failure (to be solved again with other settings).
fn outcome(
    lp: &Lp,
    cols: &Columns,
    result: Result<ClarabelSolution, ResolutionError>,
    refs: &[Option<ConstraintReference>],
    mode: Mode,
) -> SolveOutcome {
    match result {
        Ok(sol) if mode.strict && sol.inner().status != SolverStatus::Solved => {
            SolveOutcome::Failed(format!("{:?}", sol.inner().status))
        }
        Ok(mut sol) => {
            let x = cols.x(&|vj| sol.value(vj));
            let objective = lp.objective(&x);
            let d = sol.compute_dual();
            let duals = refs
                .iter()
                .map(|r| r.as_ref().map_or(0.0, |r| d.dual(r.clone())))
                .collect();
            SolveOutcome::Optimal {
                x,
                duals,
                objective,
            }
        }
        Err(ResolutionError::Infeasible) => SolveOutcome::Infeasible,
        Err(e) => SolveOutcome::Failed(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_lp_with_duals() {
        // max 3x + 2y  s.t. x + y ≤ 4, x + 3y ≤ 7, x ≤ 3  → x = 3, y = 1, obj 11.
        // Duals: row1 = 2 (relaxing x + y by 1 adds one y), row3 (x ≤ 3) = 1.
        let mut lp = Lp::new(Sense::Max);
        let x = lp.col("x", 0.0, f64::INFINITY, 3.0);
        let y = lp.col("y", 0.0, f64::INFINITY, 2.0);
        lp.row("r1", vec![(x, 1.0), (y, 1.0)], RowKind::Le, 4.0);
        lp.row("r2", vec![(x, 1.0), (y, 3.0)], RowKind::Le, 7.0);
        lp.row("r3", vec![(x, 1.0)], RowKind::Le, 3.0);
        match solve(&lp) {
            SolveOutcome::Optimal {
                x,
                duals,
                objective,
            } => {
                assert!((objective - 11.0).abs() < 1e-7, "{objective}");
                assert!((x[0] - 3.0).abs() < 1e-6 && (x[1] - 1.0).abs() < 1e-6);
                assert!((duals[0] - 2.0).abs() < 1e-6, "{duals:?}");
                assert!(duals[1].abs() < 1e-6);
                assert!((duals[2] - 1.0).abs() < 1e-6);
            }
            o => panic!("{o:?}"),
        }
        lp.row("r4", vec![(x, 1.0)], RowKind::Ge, 5.0);
        assert!(matches!(solve(&lp), SolveOutcome::Infeasible));
    }

    #[test]
    fn fixed_columns_are_substituted() {
        // max 3x + 2y + z  s.t. x + y + z ≤ 4, y ≤ 1 + z, z = 1 (fixed by its bounds)
        // → z = 1, x + y ≤ 3, y ≤ 2: x = 3, y = 0, obj 3·3 + 1 = 10; row 1's dual 3.
        let mut lp = Lp::new(Sense::Max);
        let x = lp.col("x", 0.0, f64::INFINITY, 3.0);
        let y = lp.col("y", 0.0, f64::INFINITY, 2.0);
        let z = lp.col("z", 1.0, 1.0, 1.0);
        lp.row("r1", vec![(x, 1.0), (y, 1.0), (z, 1.0)], RowKind::Le, 4.0);
        lp.row("r2", vec![(y, 1.0), (z, -1.0)], RowKind::Le, 1.0);
        lp.row("const_ok", vec![(z, 2.0)], RowKind::Le, 2.0);
        match solve(&lp) {
            SolveOutcome::Optimal {
                x: sol,
                duals,
                objective,
            } => {
                assert!((objective - 10.0).abs() < 1e-7, "{objective}");
                assert_eq!(sol[2], 1.0);
                assert!((sol[0] - 3.0).abs() < 1e-6, "{sol:?}");
                assert!((duals[0] - 3.0).abs() < 1e-6, "{duals:?}");
                assert_eq!(duals[2], 0.0);
            }
            o => panic!("{o:?}"),
        }
        // A row of constants that fails makes the LP infeasible.
        lp.row("const_bad", vec![(z, 1.0)], RowKind::Ge, 2.0);
        assert!(matches!(solve(&lp), SolveOutcome::Infeasible));
        // Every column fixed: the fixed point, valued.
        let mut lp = Lp::new(Sense::Min);
        let a = lp.col("a", 2.0, 2.0, 5.0);
        lp.row("r", vec![(a, 1.0)], RowKind::Le, 3.0);
        match solve(&lp) {
            SolveOutcome::Optimal { objective, .. } => assert_eq!(objective, 10.0),
            o => panic!("{o:?}"),
        }
    }

    #[test]
    fn parallel_columns_keep_the_optimum_and_the_prices() {
        // 300 hours: shared ≤ injection of two plants of one orientation (b's output 2.5 × a's
        // per unit) and one of another, shared ≤ the members' load; the budget prices the
        // plants differently, the objective charges the members. Solved with the parallel
        // plants grouped and without: the same optimum and the same price of every row.
        let mut lp = Lp::new(Sense::Max);
        let a = lp.col("a", 0.0, 10.0, 0.0);
        let b = lp.col("b", 0.0, 4.0, 0.0);
        let c = lp.col("c", 0.0, 10.0, 0.0);
        let n = lp.col("n", 0.0, 50.0, -30.0);
        for t in 0..300 {
            let p = (((t % 24) as f64 - 12.0).abs() * -0.25 + 2.0).max(0.0) + 0.01;
            let q = 0.5 + ((t * 7) % 13) as f64 * 0.1;
            let l = 0.2 + ((t * 5) % 11) as f64 * 0.05;
            let sh = lp.col(format!("sh{t}"), 0.0, f64::INFINITY, 1.0);
            let inj = vec![(sh, 1.0), (a, -p), (b, -2.5 * p), (c, -q)];
            lp.row(format!("inj{t}"), inj, RowKind::Le, 0.0);
            lp.row(format!("wd{t}"), vec![(sh, 1.0), (n, -l)], RowKind::Le, 0.0);
        }
        lp.row(
            "budget",
            vec![(a, 3.0), (b, 5.0), (c, 4.0)],
            RowKind::Le,
            40.0,
        );
        let presolve = Presolve::of(&lp);
        assert_eq!(presolve.parallel.len(), 1, "{:?}", presolve.parallel);
        let solved = |presolve: &Presolve| match solve_with(&lp, presolve, Mode::FAST) {
            SolveOutcome::Optimal {
                x,
                duals,
                objective,
            } => (x, duals, objective),
            o => panic!("{o:?}"),
        };
        let (x, duals, objective) = solved(&presolve);
        let (x0, duals0, objective0) = solved(&Presolve {
            fixing: presolve.fixing.clone(),
            fixed: presolve.fixed.clone(),
            parallel: Vec::new(),
        });
        assert!(
            (objective - objective0).abs() <= 1e-7 * objective0.abs(),
            "{objective} {objective0}"
        );
        for (i, (d, d0)) in duals.iter().zip(&duals0).enumerate() {
            assert!(
                (d - d0).abs() <= 1e-6 * (1.0 + d0.abs()),
                "row {i}: {d} against {d0}"
            );
        }
        for r in &lp.rows {
            let (v, scale) = r.violation(&x);
            assert!(v <= 1e-7 * scale, "{} violated by {v}", r.name);
        }
        assert!(
            x0.len() == x.len() && (x[n] - x0[n]).abs() < 1e-5,
            "{} {}",
            x[n],
            x0[n]
        );
    }

    #[test]
    fn dual_fixing_keeps_the_optimum_and_prices_the_bound() {
        // max 2a + b  s.t. a ≤ 5 (a row: its price is explained), b − a ≤ 3, a + b ≤ 100
        // (never binding within a ≤ 5, b ≤ 20): raising a only helps, so a is fixed at 5
        // before the solve; b = 8, objective 18. Prices: b − a ≤ 3 is worth 1 (one more unit
        // lets b rise by 1); a ≤ 5 is worth 3 (a itself 2, and b may follow it, 1).
        let mut lp = Lp::new(Sense::Max);
        let a = lp.col("a", 0.0, f64::INFINITY, 2.0);
        let b = lp.col("b", 0.0, 20.0, 1.0);
        let avail = lp.row("avail", vec![(a, 1.0)], RowKind::Le, 5.0);
        lp.row("link", vec![(b, 1.0), (a, -1.0)], RowKind::Le, 3.0);
        lp.row("budget", vec![(a, 1.0), (b, 1.0)], RowKind::Le, 100.0);
        let fixing = lp.dual_fixing();
        assert_eq!(fixing[a], Some((5.0, Some(avail))));
        assert_eq!(fixing[b], None, "raising b uses up the link row");
        for fixing in [fixing, vec![None; 2]] {
            let presolve = Presolve::with_fixing(&lp, fixing);
            let SolveOutcome::Optimal {
                x,
                duals,
                objective,
            } = solve_with(&lp, &presolve, Mode::FAST)
            else {
                panic!("solved");
            };
            assert!((objective - 18.0).abs() < 1e-7, "{objective}");
            assert!(
                (x[a] - 5.0).abs() < 1e-7 && (x[b] - 8.0).abs() < 1e-6,
                "{x:?}"
            );
            assert!((duals[0] - 3.0).abs() < 1e-6, "{duals:?}");
            assert!((duals[1] - 1.0).abs() < 1e-6, "{duals:?}");
            assert!(duals[2].abs() < 1e-6, "{duals:?}");
        }
        // Minimising, with ≥ rows: min 3c + d  s.t. c ≥ 1 (a row), c + d ≥ 4, d ≤ 10. Lowering
        // c saves cost but c + d ≥ 4 needs it, so c is not fixed; d likewise.
        let mut lp = Lp::new(Sense::Min);
        let c = lp.col("c", 0.0, f64::INFINITY, 3.0);
        let d = lp.col("d", 0.0, 10.0, 1.0);
        lp.row("least", vec![(c, 1.0)], RowKind::Ge, 1.0);
        lp.row("cover", vec![(c, 1.0), (d, 1.0)], RowKind::Ge, 4.0);
        // A column that only costs and that no row needs goes to its lower bound.
        let e = lp.col("e", 2.0, 9.0, 5.0);
        lp.row("loose", vec![(e, 1.0), (d, 1.0)], RowKind::Le, 50.0);
        let fixing = lp.dual_fixing();
        assert_eq!(fixing[c], None, "lowering c uses up `cover`");
        assert_eq!(fixing[d], None);
        assert_eq!(fixing[e], Some((2.0, None)));
        let SolveOutcome::Optimal {
            x,
            duals,
            objective,
        } = solve(&lp)
        else {
            panic!("solved");
        };
        // c = 1, d = 3, e = 2: 3 + 3 + 10 = 16; one more unit of `least` costs 3 − 1 = 2,
        // one more unit of `cover` costs 1.
        assert!((objective - 16.0).abs() < 1e-7, "{objective}");
        assert!((x[c] - 1.0).abs() < 1e-7 && (x[d] - 3.0).abs() < 1e-6);
        assert!((duals[0] - 2.0).abs() < 1e-6, "{duals:?}");
        assert!((duals[1] - 1.0).abs() < 1e-6, "{duals:?}");
    }

    #[test]
    fn min_violation_measures_infeasibility() {
        // x ≤ 1 and 2x ≥ 6 (scaled: x ≥ 3): the least total violation is 2.
        let mut lp = Lp::new(Sense::Max);
        let x = lp.col("x", 0.0, f64::INFINITY, 1.0);
        lp.row("a", vec![(x, 1.0)], RowKind::Le, 1.0);
        lp.row("b", vec![(x, 2.0)], RowKind::Ge, 6.0);
        let v = min_violation(&lp).unwrap();
        assert!((v - 2.0).abs() < 1e-6, "{v}");
        // Feasible: no violation.
        lp.rows.pop();
        assert!(min_violation(&lp).unwrap().abs() < 1e-7);
        // Contradictory bounds.
        lp.col("y", 2.0, 1.0, 0.0);
        assert_eq!(min_violation(&lp), Some(f64::INFINITY));
    }
}

//! Solving an [`Lp`] with good_lp and the pure-Rust interior-point solver clarabel
//! (works in wasm32). Returns primal values and row duals (shadow prices: change of the
//! objective, in its own sense, per unit increase of the row's right-hand side).

use good_lp::solvers::clarabel::clarabel;
use good_lp::{
    variable, Expression, ProblemVariables, Solution, SolutionWithDual, SolverModel, Variable,
};
use good_lp::{DualValues, ResolutionError};

use super::lp::{Lp, RowKind, Sense};

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

/// Solves `lp`.
pub fn solve(lp: &Lp) -> SolveOutcome {
    // Nothing to decide (no plants, no members): the only point is the empty one. Clarabel
    // cannot factor an empty system.
    if lp.cols.is_empty() {
        return SolveOutcome::Optimal {
            x: Vec::new(),
            duals: vec![0.0; lp.rows.len()],
            objective: 0.0,
        };
    }
    let mut vars = ProblemVariables::new();
    let v: Vec<Variable> = lp
        .cols
        .iter()
        .map(|c| {
            let mut d = variable();
            if c.lb.is_finite() {
                d = d.min(c.lb);
            }
            if c.ub.is_finite() {
                d = d.max(c.ub);
            }
            vars.add(d)
        })
        .collect();
    let mut obj = Expression::with_capacity(lp.cols.len());
    for (j, c) in lp.cols.iter().enumerate() {
        if c.obj != 0.0 {
            obj.add_mul(c.obj, v[j]);
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
        .max_iter(400);
    let refs: Vec<_> = lp
        .rows
        .iter()
        .map(|r| {
            let mut e = Expression::with_capacity(r.coefs.len());
            for &(j, a) in &r.coefs {
                e.add_mul(a, v[j]);
            }
            let c = match r.kind {
                RowKind::Le => e.leq(r.rhs),
                RowKind::Ge => e.geq(r.rhs),
                RowKind::Eq => e.eq(r.rhs),
            };
            model.add_constraint(c)
        })
        .collect();
    match model.solve() {
        Ok(mut sol) => {
            let x: Vec<f64> = v.iter().map(|vv| sol.value(*vv)).collect();
            let objective = lp.objective(&x);
            let d = sol.compute_dual();
            let duals = refs.iter().map(|r| d.dual(r.clone())).collect();
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
}

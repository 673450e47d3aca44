//! A plain sparse linear program (columns, rows, bounds) that the optimiser builds, writes to
//! MPS and hands to a solver. Keeping our own representation makes the exported model exactly
//! the solved one.

/// Objective sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sense {
    /// Maximise.
    Max,
    /// Minimise.
    Min,
}

/// A column (variable).
#[derive(Debug, Clone)]
pub struct Col {
    /// Name (MPS-safe, no spaces).
    pub name: String,
    /// Lower bound.
    pub lb: f64,
    /// Upper bound (may be +∞).
    pub ub: f64,
    /// Objective coefficient.
    pub obj: f64,
    /// Integer column (only in the exported mixed-integer model; the LP solves relax it).
    pub integer: bool,
}

/// Row type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// Σ a x ≤ rhs.
    Le,
    /// Σ a x ≥ rhs.
    Ge,
    /// Σ a x = rhs.
    Eq,
}

/// A row (constraint).
#[derive(Debug, Clone)]
pub struct Row {
    /// Name (MPS-safe).
    pub name: String,
    /// Coefficients by column index.
    pub coefs: Vec<(usize, f64)>,
    /// Type.
    pub kind: RowKind,
    /// Right-hand side.
    pub rhs: f64,
}

impl Row {
    /// The row's violation at a point (0 where it holds) and its scale: the largest of 1, its
    /// right-hand side and its terms' magnitudes (for relative tolerances).
    pub fn violation(&self, x: &[f64]) -> (f64, f64) {
        let (mut lhs, mut scale) = (0.0, self.rhs.abs().max(1.0));
        for (j, a) in &self.coefs {
            lhs += a * x[*j];
            scale = scale.max((a * x[*j]).abs());
        }
        let v = match self.kind {
            RowKind::Le => lhs - self.rhs,
            RowKind::Ge => self.rhs - lhs,
            RowKind::Eq => (lhs - self.rhs).abs(),
        };
        (v.max(0.0), scale)
    }
}

impl Row {
    /// The row's least and greatest activity (Σ a x) over the column bounds `lo` and `hi`
    /// (±∞ when a bound it needs is infinite).
    fn activity_range(&self, lo: &[Bound], hi: &[Bound]) -> (f64, f64) {
        let (mut min, mut max) = (0.0, 0.0);
        for &(j, a) in &self.coefs {
            let (l, u) = (lo[j].0, hi[j].0);
            let (at_min, at_max) = if a > 0.0 { (l, u) } else { (u, l) };
            min += if at_min.is_finite() {
                a * at_min
            } else {
                f64::NEG_INFINITY
            };
            max += if at_max.is_finite() {
                a * at_max
            } else {
                f64::INFINITY
            };
        }
        (min, max)
    }
}

/// A column's bound and the one-column row that sets it (`None`: the column's own bound).
pub type Bound = (f64, Option<usize>);

/// A contradiction that the bounds alone prove, before any solve (as a presolve finds it).
#[derive(Debug, Clone, PartialEq)]
pub enum BoundConflict {
    /// Column `col` must be at least `lo` (by row `lo_row`, or its own bound when `None`) and
    /// at most `hi` (by row `hi_row`, or its own bound), with `lo > hi`.
    Column {
        /// The column.
        col: usize,
        /// Largest lower bound.
        lo: f64,
        /// The one-column row that sets it.
        lo_row: Option<usize>,
        /// Smallest upper bound.
        hi: f64,
        /// The one-column row that sets it.
        hi_row: Option<usize>,
    },
    /// Row `row` cannot hold anywhere within its columns' bounds (as tightened by the
    /// one-column rows).
    Row {
        /// The row.
        row: usize,
        /// Its activity at the bounds closest to holding (least for ≤, greatest for ≥).
        activity: f64,
    },
}

/// Columns that are parallel in some rows ([`Lp::parallel_columns`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ParallelGroup {
    /// Each column and its factor: in every row of `rows` its coefficient is that factor
    /// times the first column's (whose factor is 1).
    pub cols: Vec<(usize, f64)>,
    /// Those rows, ascending.
    pub rows: Vec<usize>,
}

/// A linear program.
#[derive(Debug, Clone)]
pub struct Lp {
    /// Sense.
    pub sense: Sense,
    /// Columns.
    pub cols: Vec<Col>,
    /// Rows.
    pub rows: Vec<Row>,
}

impl Lp {
    /// Empty program.
    pub fn new(sense: Sense) -> Lp {
        Lp {
            sense,
            cols: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// Adds a column, returns its index.
    pub fn col(&mut self, name: impl Into<String>, lb: f64, ub: f64, obj: f64) -> usize {
        self.cols.push(Col {
            name: name.into(),
            lb,
            ub,
            obj,
            integer: false,
        });
        self.cols.len() - 1
    }

    /// Adds a row, returns its index. Zero coefficients are dropped.
    pub fn row(
        &mut self,
        name: impl Into<String>,
        mut coefs: Vec<(usize, f64)>,
        kind: RowKind,
        rhs: f64,
    ) -> usize {
        // Repeated columns are merged (MPS readers reject or overwrite duplicates).
        coefs.sort_by_key(|(j, _)| *j);
        let mut merged: Vec<(usize, f64)> = Vec::with_capacity(coefs.len());
        for (j, a) in coefs {
            match merged.last_mut() {
                Some((k, b)) if *k == j => *b += a,
                _ => merged.push((j, a)),
            }
        }
        let coefs = merged.into_iter().filter(|(_, a)| *a != 0.0).collect();
        self.rows.push(Row {
            name: name.into(),
            coefs,
            kind,
            rhs,
        });
        self.rows.len() - 1
    }

    /// The first contradiction among `rows` that bounds alone prove: one-column rows tighten
    /// their column's bounds (a lower bound above an upper bound is a conflict), then each row's
    /// least possible violation over those bounds must be zero. `None` proves nothing: the LP
    /// may still be infeasible. Tolerance 1e-9 relative.
    pub fn bound_conflict(&self, rows: &[usize]) -> Option<BoundConflict> {
        let tol = |v: f64| 1e-9 * v.abs().max(1.0);
        let (lo, hi) = self.implied_bounds(rows);
        for &r in rows {
            for &(j, _) in &self.rows[r].coefs {
                if lo[j].0 > hi[j].0 + tol(hi[j].0) {
                    return Some(BoundConflict::Column {
                        col: j,
                        lo: lo[j].0,
                        lo_row: lo[j].1,
                        hi: hi[j].0,
                        hi_row: hi[j].1,
                    });
                }
            }
        }
        for &r in rows {
            let row = &self.rows[r];
            if row.coefs.len() < 2 {
                continue;
            }
            let (min, max) = row.activity_range(&lo, &hi);
            let t = tol(row.rhs);
            let (le, ge) = (min > row.rhs + t, max < row.rhs - t);
            let broken = match row.kind {
                RowKind::Le => le.then_some(min),
                RowKind::Ge => ge.then_some(max),
                RowKind::Eq => (le || ge).then_some(if le { min } else { max }),
            };
            if let Some(activity) = broken {
                return Some(BoundConflict::Row { row: r, activity });
            }
        }
        None
    }

    /// Each column's bounds as its own bounds and the one-column rows among `rows` tighten
    /// them: (lower, upper), each with the row that sets it (`None`: the column's own bound).
    /// A row that only repeats the column's own bound is named, so that its shadow price can
    /// be given to it (a roof's potential row and the plant's band limit, for instance).
    pub fn implied_bounds(&self, rows: &[usize]) -> (Vec<Bound>, Vec<Bound>) {
        let mut lo: Vec<Bound> = self.cols.iter().map(|c| (c.lb, None)).collect();
        let mut hi: Vec<Bound> = self.cols.iter().map(|c| (c.ub, None)).collect();
        for &r in rows {
            let row = &self.rows[r];
            let [(j, a)] = row.coefs[..] else { continue };
            let v = row.rhs / a;
            // a x ≤ rhs is an upper bound for a > 0, a lower bound for a < 0 (and ≥ the reverse).
            let (upper, lower) = match (row.kind, a > 0.0) {
                (RowKind::Le, true) | (RowKind::Ge, false) => (true, false),
                (RowKind::Le, false) | (RowKind::Ge, true) => (false, true),
                (RowKind::Eq, _) => (true, true),
            };
            if upper && (v < hi[j].0 || (v == hi[j].0 && hi[j].1.is_none())) {
                hi[j] = (v, Some(r));
            }
            if lower && (v > lo[j].0 || (v == lo[j].0 && lo[j].1.is_none())) {
                lo[j] = (v, Some(r));
            }
        }
        (lo, hi)
    }

    /// Dual fixing, as a presolve does it (HiGHS's, for one): a column whose increase cannot
    /// lower the objective nor bring any row closer to its limit has an optimum at its upper
    /// bound, and the reverse at its lower bound — moving it there keeps every point feasible
    /// and loses nothing. Its bounds are its own and those of its one-column rows
    /// ([`Lp::implied_bounds`]); rows that hold everywhere within those bounds (a budget that
    /// every plan within the roofs meets) do not count. Per column: the value it is fixed at
    /// and the one-column row that sets that value (whose shadow price the solve then recovers
    /// from the column's reduced cost), or `None` where nothing is decided. Only columns the
    /// objective strictly rewards (or charges) are fixed: every optimum has them at that
    /// bound, so the optimal face, and the interior point's solution in it, stay the same (a
    /// column the objective ignores may take any value in a tie; fixed at one end it moved
    /// the solution, and the active set's regimes with it: a seeded variant's members went
    /// to their minimum and 1,197 of 4,220 hours changed regime).
    ///
    /// With the community's sizes and members fixed this way (a shared-energy objective with a
    /// slack budget: the hourly rows only gain from more members and more PV) the dense
    /// columns that every hour's rows touch leave the interior point's factorisation.
    pub fn dual_fixing(&self) -> Vec<Option<Bound>> {
        let all: Vec<usize> = (0..self.rows.len()).collect();
        let (lo, hi) = self.implied_bounds(&all);
        let sign = match self.sense {
            Sense::Max => 1.0,
            Sense::Min => -1.0,
        };
        // Per column: whether raising it may hurt some row, whether lowering it may.
        let mut up_hurts = vec![false; self.cols.len()];
        let mut down_hurts = vec![false; self.cols.len()];
        for row in &self.rows {
            if row.coefs.len() < 2 {
                continue;
            }
            // Rows that hold at every point within the bounds constrain nothing.
            let (min, max) = row.activity_range(&lo, &hi);
            let margin = 1e-9 * row.rhs.abs().max(1.0);
            let slack = match row.kind {
                RowKind::Le => max <= row.rhs - margin,
                RowKind::Ge => min >= row.rhs + margin,
                RowKind::Eq => false,
            };
            if slack {
                continue;
            }
            for &(j, a) in &row.coefs {
                match row.kind {
                    RowKind::Eq => {
                        up_hurts[j] = true;
                        down_hurts[j] = true;
                    }
                    RowKind::Le if a > 0.0 => up_hurts[j] = true,
                    RowKind::Ge if a < 0.0 => up_hurts[j] = true,
                    _ => down_hurts[j] = true,
                }
            }
        }
        // A column the objective does not move (beyond round-off) is left alone: its optima
        // form a range (a tie), and the interior point's solution stays inside it.
        let tiny = 1e-12 * self.cols.iter().fold(0.0f64, |m, c| m.max(c.obj.abs()));
        self.cols
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let gain = sign * c.obj;
                if lo[j].0 > hi[j].0 {
                    None // contradictory bounds: the solve says infeasible
                } else if gain > tiny && !up_hurts[j] && hi[j].0.is_finite() {
                    Some(hi[j])
                } else if gain < -tiny && !down_hurts[j] && lo[j].0.is_finite() {
                    Some(lo[j])
                } else {
                    None
                }
            })
            .collect()
    }

    /// Groups of columns that are parallel in most of their rows: in every row of a group's
    /// `rows`, each of its columns has its factor times the first column's coefficient (to
    /// 1e-12 relative). Only columns with at least `min_rows` entries, not `skipped`, are
    /// looked at, and a column joins a group when it is parallel to the first in at least
    /// `min_rows` rows and in four fifths of the group's rows so far. Plants with the same
    /// orientation and tariff class are such columns: in every hour's injection row their
    /// coefficient is the same output per kWp (twelve roofs of Città Studi, three
    /// orientations); so are member categories whose load shapes are proportional.
    ///
    /// The solver then sees each group's rows through one column, the group's weighted sum
    /// ([`crate::optimize::solve`]): the same LP, with fewer of the dense columns that make
    /// the interior point's factorisation expensive.
    pub fn parallel_columns(&self, skipped: &[bool], min_rows: usize) -> Vec<ParallelGroup> {
        let n = self.cols.len();
        let mut count = vec![0usize; n];
        for row in &self.rows {
            for &(j, a) in &row.coefs {
                count[j] += (a != 0.0) as usize;
            }
        }
        let dense: Vec<usize> = (0..n)
            .filter(|&j| count[j] >= min_rows && !skipped[j])
            .collect();
        if dense.len() < 2 {
            return Vec::new();
        }
        // Each dense column's entries (row, coefficient), ascending.
        let mut entries: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for &j in &dense {
            entries[j].reserve_exact(count[j]);
        }
        for (i, row) in self.rows.iter().enumerate() {
            for &(j, a) in &row.coefs {
                if a != 0.0 && count[j] >= min_rows && !skipped[j] {
                    entries[j].push((i, a));
                }
            }
        }
        let parallel = |a: f64, b: f64| (b - a).abs() <= 1e-12 * a.abs().max(b.abs());
        // The first column's coefficient in each row (0 where absent or the row has left the
        // group), and the rows in which the column being tried is parallel to it.
        let mut first = vec![0.0; self.rows.len()];
        let mut hit = vec![false; self.rows.len()];
        let mut grouped = vec![false; n];
        let mut groups = Vec::new();
        for (s, &j0) in dense.iter().enumerate() {
            if grouped[j0] {
                continue;
            }
            for &(i, a) in &entries[j0] {
                first[i] = a;
            }
            let mut in_group = entries[j0].len();
            let mut cols = vec![(j0, 1.0)];
            for &j in &dense[s + 1..] {
                if grouped[j] {
                    continue;
                }
                // The factor: the median ratio over the first nine shared rows (robust to
                // a few rows, such as a budget, where the two differ).
                let mut ratios: Vec<f64> = (entries[j].iter())
                    .filter(|(i, _)| first[*i] != 0.0)
                    .take(9)
                    .map(|(i, b)| b / first[*i])
                    .collect();
                if ratios.len() < 9 {
                    continue;
                }
                ratios.sort_by(f64::total_cmp);
                let f = ratios[4];
                if ratios.iter().filter(|r| parallel(f, **r)).count() < 5 {
                    continue;
                }
                let mut matching = 0;
                for &(i, b) in &entries[j] {
                    if first[i] != 0.0 && parallel(f * first[i], b) {
                        hit[i] = true;
                        matching += 1;
                    }
                }
                if matching >= min_rows && matching as f64 >= 0.8 * in_group as f64 {
                    in_group = 0;
                    for &(i, _) in &entries[j0] {
                        if !hit[i] {
                            first[i] = 0.0;
                        }
                        in_group += (first[i] != 0.0) as usize;
                    }
                    cols.push((j, f));
                    grouped[j] = true;
                }
                for &(i, _) in &entries[j] {
                    hit[i] = false;
                }
            }
            let rows: Vec<usize> = (entries[j0].iter())
                .filter(|(i, _)| first[*i] != 0.0)
                .map(|(i, _)| *i)
                .collect();
            for &(i, _) in &entries[j0] {
                first[i] = 0.0;
            }
            if cols.len() > 1 && rows.len() >= min_rows {
                groups.push(ParallelGroup { cols, rows });
            }
        }
        groups
    }

    /// Objective value of a point.
    pub fn objective(&self, x: &[f64]) -> f64 {
        self.cols.iter().zip(x).map(|(c, v)| c.obj * v).sum()
    }

    /// Largest violation of bounds and rows at a point (0 when feasible).
    pub fn max_violation(&self, x: &[f64]) -> f64 {
        let mut worst: f64 = 0.0;
        for (c, v) in self.cols.iter().zip(x) {
            worst = worst.max(c.lb - v).max(v - c.ub);
        }
        self.rows
            .iter()
            .map(|r| r.violation(x).0)
            .fold(worst, f64::max)
    }

    /// Free-format MPS text (with OBJSENSE), readable by HiGHS, GLPK, CBC and others.
    pub fn to_mps(&self, name: &str) -> String {
        let mut s = String::with_capacity(64 * (self.cols.len() + self.rows.len()));
        s.push_str(&format!(
            "NAME {name}\nOBJSENSE\n    {}\nROWS\n N obj\n",
            if self.sense == Sense::Max {
                "MAX"
            } else {
                "MIN"
            }
        ));
        for r in &self.rows {
            let k = match r.kind {
                RowKind::Le => "L",
                RowKind::Ge => "G",
                RowKind::Eq => "E",
            };
            s.push_str(&format!(" {k} {}\n", r.name));
        }
        // Column-major entries.
        let mut by_col: Vec<Vec<(usize, f64)>> = vec![Vec::new(); self.cols.len()];
        for (i, r) in self.rows.iter().enumerate() {
            for &(j, a) in &r.coefs {
                by_col[j].push((i, a));
            }
        }
        s.push_str("COLUMNS\n");
        let mut in_int = false;
        for (j, c) in self.cols.iter().enumerate() {
            // Integer columns between MARKER lines (the common MPS extension).
            if c.integer != in_int {
                s.push_str(if c.integer {
                    "    MARKER 'MARKER' 'INTORG'\n"
                } else {
                    "    MARKER 'MARKER' 'INTEND'\n"
                });
                in_int = c.integer;
            }
            if c.obj != 0.0 {
                s.push_str(&format!("    {} obj {:e}\n", c.name, c.obj));
            }
            for &(i, a) in &by_col[j] {
                s.push_str(&format!("    {} {} {:e}\n", c.name, self.rows[i].name, a));
            }
            if c.obj == 0.0 && by_col[j].is_empty() {
                s.push_str(&format!("    {} obj 0\n", c.name));
            }
        }
        if in_int {
            s.push_str("    MARKER 'MARKER' 'INTEND'\n");
        }
        s.push_str("RHS\n");
        for r in &self.rows {
            if r.rhs != 0.0 {
                s.push_str(&format!("    rhs {} {:e}\n", r.name, r.rhs));
            }
        }
        s.push_str("BOUNDS\n");
        for c in &self.cols {
            match (c.lb == f64::NEG_INFINITY, c.ub == f64::INFINITY) {
                (true, true) => s.push_str(&format!(" FR bnd {}\n", c.name)),
                _ if c.lb == c.ub => s.push_str(&format!(" FX bnd {} {:e}\n", c.name, c.lb)),
                (lb_inf, ub_inf) => {
                    if lb_inf {
                        s.push_str(&format!(" MI bnd {}\n", c.name));
                    } else if c.lb != 0.0 {
                        s.push_str(&format!(" LO bnd {} {:e}\n", c.name, c.lb));
                    }
                    if !ub_inf {
                        s.push_str(&format!(" UP bnd {} {:e}\n", c.name, c.ub));
                    }
                }
            }
        }
        s.push_str("ENDATA\n");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_alone_prove_a_conflict() {
        let mut lp = Lp::new(Sense::Max);
        let n = lp.col("n", 0.0, f64::INFINITY, 1.0);
        let x = lp.col("x", 0.0, f64::INFINITY, 1.0);
        let avail = lp.row("avail", vec![(n, 1.0)], RowKind::Le, 24.0);
        let at_least = lp.row("min", vec![(n, 1.0)], RowKind::Ge, 33.0);
        let budget = lp.row("budget", vec![(x, 1000.0), (n, 10.0)], RowKind::Le, 100.0);
        let roof = lp.row("roof", vec![(x, -1.0)], RowKind::Le, -5.0); // x ≥ 5
        assert_eq!(
            lp.bound_conflict(&[avail, at_least]),
            Some(BoundConflict::Column {
                col: n,
                lo: 33.0,
                lo_row: Some(at_least),
                hi: 24.0,
                hi_row: Some(avail)
            })
        );
        // Without the minimum: x ≥ 5 costs 5,000 > 100 whatever n.
        assert_eq!(
            lp.bound_conflict(&[avail, budget, roof]),
            Some(BoundConflict::Row {
                row: budget,
                activity: 5000.0
            })
        );
        // Nothing to prove without the roof's lower bound (x may be 0).
        assert_eq!(lp.bound_conflict(&[avail, budget]), None);
    }

    #[test]
    fn parallel_columns_are_grouped_where_they_are_parallel() {
        // Two plants of one orientation (b = 2.5 a in every hour's row) and one of another,
        // over 300 hours; a budget where the first two cost differently, and a roof row of
        // one of them alone: those rows keep their own coefficients.
        let mut lp = Lp::new(Sense::Max);
        let a = lp.col("a", 0.0, 10.0, 0.0);
        let b = lp.col("b", 0.0, 10.0, 0.0);
        let c = lp.col("c", 0.0, 10.0, 0.0);
        let short = lp.col("short", 0.0, 10.0, 0.0);
        let mut hours = Vec::new();
        for t in 0..300 {
            let p = 0.1 + (t % 24) as f64 * 0.37 + (t / 24) as f64 * 0.011;
            let q = 1.0 + ((t * 7) % 13) as f64;
            let sh = lp.col(format!("sh{t}"), 0.0, f64::INFINITY, 1.0);
            let mut coefs = vec![(sh, 1.0), (a, -p), (b, -2.5 * p), (c, -q)];
            if t < 50 {
                coefs.push((short, -p));
            }
            hours.push(lp.row(format!("inj{t}"), coefs, RowKind::Le, 0.0));
        }
        let budget = lp.row(
            "budget",
            vec![(a, 3.0), (b, 5.0), (c, 4.0)],
            RowKind::Le,
            40.0,
        );
        lp.row("roof", vec![(b, 1.0)], RowKind::Le, 6.0);
        let groups = lp.parallel_columns(&vec![false; lp.cols.len()], 200);
        assert_eq!(groups.len(), 1, "{groups:?}");
        let g = &groups[0];
        assert_eq!(g.cols.len(), 2);
        assert_eq!(g.cols[0], (a, 1.0));
        assert_eq!(g.cols[1].0, b);
        assert!((g.cols[1].1 - 2.5).abs() < 1e-12);
        assert_eq!(
            g.rows, hours,
            "every hour's row, not the budget ({budget}) or the roof"
        );
        // A column that is skipped (fixed) is not grouped, nor one with fewer rows.
        let mut skipped = vec![false; lp.cols.len()];
        skipped[b] = true;
        assert!(lp.parallel_columns(&skipped, 200).is_empty());
        assert!(lp
            .parallel_columns(&vec![false; lp.cols.len()], 400)
            .is_empty());
    }

    #[test]
    fn mps_has_every_section() {
        let mut lp = Lp::new(Sense::Max);
        let x = lp.col("x", 0.0, 4.0, 3.0);
        let y = lp.col("y", 1.0, f64::INFINITY, 2.0);
        lp.row("c1", vec![(x, 1.0), (y, 1.0)], RowKind::Le, 5.0);
        let m = lp.to_mps("t");
        for part in [
            "OBJSENSE",
            "MAX",
            " L c1",
            "x obj 3e0",
            "rhs c1 5e0",
            "UP bnd x 4e0",
            "LO bnd y 1e0",
            "ENDATA",
        ] {
            assert!(m.contains(part), "{part}\n{m}");
        }
        assert_eq!(lp.objective(&[4.0, 1.0]), 14.0);
        assert_eq!(lp.max_violation(&[4.0, 1.0]), 0.0);
        assert_eq!(lp.max_violation(&[5.0, 1.0]), 1.0);
        // Repeated columns in a row are merged.
        let r = lp.row("c2", vec![(y, 1.0), (x, 2.0), (y, 0.5)], RowKind::Ge, 0.0);
        assert_eq!(lp.rows[r].coefs, vec![(x, 2.0), (y, 1.5)]);
    }
}

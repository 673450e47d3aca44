//! Messages between the web page and its web worker (JSON text), and the worker's pure
//! handler. All computation the page needs goes through here, so the page never freezes and
//! never computes physics; the handler is tested natively.

use serde::{Deserialize, Serialize};

use crate::clock::now_ms;
use crate::curve::{read_curve, CurveError, CurveOptions, CurveReport};
use crate::optimize::{optimize_with_progress, OptimizeOutcome, OptimizeReport, OptimizeRequest};
use crate::producer::{size_plant, SizeRequest, SizingReport};
use crate::report::{CsvStyle, Report};
use crate::scenario::{validate, Scenario, ValidationError};
use crate::sensitivity::{sensitivity, SensitivityReport};
use crate::simulate::simulate;

/// A request from the page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Request {
    /// Simulate a scenario.
    Simulate {
        /// Request id (responses echo it).
        id: u64,
        /// The scenario.
        scenario: Scenario,
    },
    /// Optimise a scenario.
    Optimize {
        /// Request id.
        id: u64,
        /// The scenario.
        scenario: Scenario,
        /// Objective and constraints.
        request: OptimizeRequest,
    },
    /// Read a metered load curve (file bytes, base64) onto the simulation year.
    ReadCurve {
        /// Request id.
        id: u64,
        /// The file's bytes, base64 (standard alphabet).
        bytes_base64: String,
        /// Overrides of what detection found.
        #[serde(default)]
        options: CurveOptions,
        /// Calendar year of the simulation.
        year: i32,
        /// Category whose monthly profile scales months without data.
        #[serde(default)]
        category: Option<String>,
    },
    /// Producer mode: outcomes against plant size.
    SizePlant {
        /// Request id.
        id: u64,
        /// The scenario.
        scenario: Scenario,
        /// The plant and financing.
        request: SizeRequest,
    },
    /// How sure the key figures are (tornado and NPV band).
    Sensitivity {
        /// Request id.
        id: u64,
        /// The scenario.
        scenario: Scenario,
    },
    /// The hourly table as CSV.
    HourlyCsv {
        /// Request id.
        id: u64,
        /// The scenario.
        scenario: Scenario,
        /// Italian Excel convention (`;` and decimal comma).
        italian: bool,
    },
}

/// A response from the worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Response {
    /// Work in progress.
    Progress {
        /// Request id.
        id: u64,
        /// Stage name.
        stage: String,
        /// 0–1.
        fraction: f64,
    },
    /// Simulation result.
    Simulated {
        /// Request id.
        id: u64,
        /// Annual report.
        report: Box<Report>,
        /// Time in the worker, ms.
        ms: f64,
    },
    /// Optimisation result.
    Optimized {
        /// Request id.
        id: u64,
        /// The optimisation report.
        report: Box<OptimizeReport>,
        /// The scenario with the rounded plan applied.
        applied: Box<Scenario>,
        /// The applied plan's simulation report.
        applied_report: Box<Report>,
        /// Time in the worker, ms.
        ms: f64,
    },
    /// No plan satisfies the constraints.
    Infeasible {
        /// Request id.
        id: u64,
        /// (Italian, English) sentences naming the conflicting constraints.
        conflicts: Vec<(String, String)>,
    },
    /// A curve read.
    Curve {
        /// Request id.
        id: u64,
        /// kWh per simulated hour.
        hourly_kwh: Vec<f64>,
        /// What was read and how.
        report: Box<CurveReport>,
    },
    /// A curve could not be read.
    CurveFailed {
        /// Request id.
        id: u64,
        /// Where and why.
        error: CurveError,
    },
    /// A sizing curve.
    Sized {
        /// Request id.
        id: u64,
        /// The curve.
        report: Box<SizingReport>,
        /// Time in the worker, ms.
        ms: f64,
    },
    /// Sensitivity result.
    Sensitivity {
        /// Request id.
        id: u64,
        /// The analysis.
        report: Box<SensitivityReport>,
        /// Time in the worker, ms.
        ms: f64,
    },
    /// Hourly CSV.
    Csv {
        /// Request id.
        id: u64,
        /// CSV text.
        text: String,
    },
    /// The scenario is invalid.
    Invalid {
        /// Request id.
        id: u64,
        /// Problems.
        errors: Vec<ValidationError>,
    },
    /// Something else went wrong.
    Failed {
        /// Request id (0 when the request could not be read).
        id: u64,
        /// Message.
        message: String,
    },
}

impl Response {
    /// The request this answers.
    pub fn id(&self) -> u64 {
        match self {
            Response::Progress { id, .. }
            | Response::Simulated { id, .. }
            | Response::Optimized { id, .. }
            | Response::Infeasible { id, .. }
            | Response::Csv { id, .. }
            | Response::Sensitivity { id, .. }
            | Response::Curve { id, .. }
            | Response::CurveFailed { id, .. }
            | Response::Sized { id, .. }
            | Response::Invalid { id, .. }
            | Response::Failed { id, .. } => *id,
        }
    }
}

/// Two small optimisations whose results are thrown away. In the browser the first solves after
/// loading run while the engine is still compiling the solver's code to optimised machine
/// code (Bovisa ≈ 43–61 ms after one warm-up solve, ≈ 60–110 ms without, ≈ 22–35 ms later);
/// the worker does this once, when idle after its first answer, so that the user's first
/// solve is as fast as the later ones.
pub fn warm_up() {
    // Two small presets: one band, and a band search with two tariff classes.
    for id in ["template_new_cp", "chiaravalle"] {
        if let Some(Ok(v)) = crate::presets::preset(id).map(crate::scenario::parse_and_validate) {
            let _ = crate::optimize::optimize(
                &v,
                &crate::optimize::OptimizeRequest::new(crate::optimize::Objective::CommunityValue),
            );
        }
    }
}

/// A `(done, total)` callback that sends a progress response every `every` of the way.
fn steps<'a>(
    id: u64,
    stage: &'static str,
    every: f64,
    progress: &'a mut dyn FnMut(Response),
) -> impl FnMut(u32, u32) + 'a {
    let mut last = 0.0;
    move |done, total| {
        let fraction = done as f64 / total.max(1) as f64;
        if fraction - last >= every || done == total {
            last = fraction;
            progress(Response::Progress {
                id,
                stage: stage.into(),
                fraction,
            });
        }
    }
}

/// Which worker serves a request: the simulation worker, loaded with the page, or the tools
/// worker, loaded on first use (the optimiser's solver and the spreadsheet reader are most of
/// its code, and a visitor or a planner who only simulates never downloads them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Simulation, hourly CSV, sensitivity, sizing curve.
    Simulation,
    /// Optimisation and reading a load curve (CSV or spreadsheet).
    Tools,
}

impl Request {
    /// The worker that serves this request.
    pub fn role(&self) -> Role {
        match self {
            Request::Optimize { .. } | Request::ReadCurve { .. } => Role::Tools,
            _ => Role::Simulation,
        }
    }

    fn id(&self) -> u64 {
        match self {
            Request::Simulate { id, .. }
            | Request::ReadCurve { id, .. }
            | Request::SizePlant { id, .. }
            | Request::Sensitivity { id, .. }
            | Request::HourlyCsv { id, .. }
            | Request::Optimize { id, .. } => *id,
        }
    }
}

fn read_request(text: &str) -> Result<Request, Response> {
    serde_json::from_str(text).map_err(|e| Response::Failed {
        id: 0,
        message: format!("unreadable request: {e}"),
    })
}

/// The answer to a request about a scenario: `f` of the validated scenario, or its validation
/// errors.
fn with_valid(
    id: u64,
    scenario: Scenario,
    f: impl FnOnce(crate::scenario::ValidScenario) -> Response,
) -> Response {
    match validate(scenario) {
        Ok(v) => f(v),
        Err(errors) => Response::Invalid { id, errors },
    }
}

fn wrong_worker(req: &Request) -> Response {
    Response::Failed {
        id: req.id(),
        message: format!("this worker does not serve {:?} requests", req.role()),
    }
}

/// Handles one request of any kind (natively and in tests); `progress` receives intermediate
/// responses.
pub fn handle(text: &str, progress: &mut dyn FnMut(Response)) -> Response {
    match read_request(text) {
        Ok(req) if req.role() == Role::Tools => serve_tools(req, progress),
        Ok(req) => serve_simulation(req, progress),
        Err(r) => r,
    }
}

/// The simulation worker's entry point: tools requests are refused (they go to the other worker).
pub fn handle_simulation(text: &str, progress: &mut dyn FnMut(Response)) -> Response {
    match read_request(text) {
        Ok(req) => serve_simulation(req, progress),
        Err(r) => r,
    }
}

/// The tools worker's entry point.
pub fn handle_tools(text: &str, progress: &mut dyn FnMut(Response)) -> Response {
    match read_request(text) {
        Ok(req) => serve_tools(req, progress),
        Err(r) => r,
    }
}

fn serve_simulation(req: Request, progress: &mut dyn FnMut(Response)) -> Response {
    match req {
        Request::Simulate { id, scenario } => with_valid(id, scenario, |v| {
            let t0 = now_ms();
            let sim = simulate(&v);
            Response::Simulated {
                id,
                report: Box::new(sim.report),
                ms: now_ms() - t0,
            }
        }),
        Request::SizePlant {
            id,
            scenario,
            request,
        } => with_valid(id, scenario, |v| {
            let t0 = now_ms();
            let result = size_plant(&v, &request, &mut steps(id, "sizing", 0.1, progress));
            match result {
                Ok(report) => Response::Sized {
                    id,
                    report: Box::new(report),
                    ms: now_ms() - t0,
                },
                Err(problem) => Response::Invalid {
                    id,
                    errors: vec![problem],
                },
            }
        }),
        Request::Sensitivity { id, scenario } => with_valid(id, scenario, |v| {
            let t0 = now_ms();
            let report = sensitivity(&v, &mut steps(id, "sensitivity", 0.05, progress));
            Response::Sensitivity {
                id,
                report: Box::new(report),
                ms: now_ms() - t0,
            }
        }),
        Request::HourlyCsv {
            id,
            scenario,
            italian,
        } => with_valid(id, scenario, |v| Response::Csv {
            id,
            text: simulate(&v).hourly.to_csv(if italian {
                CsvStyle::Italian
            } else {
                CsvStyle::Plain
            }),
        }),
        other => wrong_worker(&other),
    }
}

fn serve_tools(req: Request, progress: &mut dyn FnMut(Response)) -> Response {
    match req {
        Request::ReadCurve {
            id,
            bytes_base64,
            options,
            year,
            category,
        } => {
            use base64::Engine;
            if bytes_base64.len() > crate::curve::MAX_FILE_BYTES / 3 * 4 + 8 {
                return Response::CurveFailed {
                    id,
                    error: crate::curve::err(
                        None,
                        None,
                        format!(
                            "file troppo grande: il limite è {} MB",
                            crate::curve::MAX_FILE_BYTES / 1_000_000
                        ),
                        format!(
                            "file too large: the limit is {} MB",
                            crate::curve::MAX_FILE_BYTES / 1_000_000
                        ),
                    ),
                };
            }
            let bytes = match base64::engine::general_purpose::STANDARD.decode(bytes_base64) {
                Ok(b) => b,
                Err(e) => {
                    return Response::Failed {
                        id,
                        message: format!("unreadable file bytes: {e}"),
                    }
                }
            };
            let year = year.clamp(1901, 2099);
            let reference = category
                .as_deref()
                .and_then(|c| crate::simulate::monthly_reference(c, year));
            match read_curve(&bytes, &options, year, reference) {
                Ok(c) => Response::Curve {
                    id,
                    hourly_kwh: c.hourly_kwh,
                    report: Box::new(c.report),
                },
                Err(error) => Response::CurveFailed { id, error },
            }
        }
        Request::Optimize {
            id,
            scenario,
            request,
        } => with_valid(id, scenario, |v| {
            let t0 = now_ms();
            let mut cb = |stage: &str, fraction: f64| {
                progress(Response::Progress {
                    id,
                    stage: stage.into(),
                    fraction,
                })
            };
            match optimize_with_progress(&v, &request, &mut cb) {
                OptimizeOutcome::Solved {
                    report, applied, ..
                } => {
                    let applied_report = simulate(&applied).report;
                    Response::Optimized {
                        id,
                        report,
                        applied: Box::new(applied.scenario),
                        applied_report: Box::new(applied_report),
                        ms: now_ms() - t0,
                    }
                }
                OptimizeOutcome::Infeasible { conflicts } => Response::Infeasible { id, conflicts },
                OptimizeOutcome::Failed(message) => Response::Failed { id, message },
            }
        }),
        other => wrong_worker(&other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::optimize::Objective;
    use crate::presets::preset;
    use crate::scenario::parse;

    #[test]
    fn simulate_optimize_and_bad_requests() {
        let s = parse(preset("bovisa").unwrap()).unwrap();
        let msg = serde_json::to_string(&Request::Simulate {
            id: 7,
            scenario: s.clone(),
        })
        .unwrap();
        match handle(&msg, &mut |_| {}) {
            Response::Simulated { id, report, .. } => {
                assert_eq!(id, 7);
                assert!(report.shared_kwh > 0.0);
            }
            r => panic!("{r:?}"),
        }
        let msg = serde_json::to_string(&Request::Optimize {
            id: 8,
            scenario: s.clone(),
            request: OptimizeRequest::new(Objective::CommunityValue),
        })
        .unwrap();
        let mut steps = 0;
        match handle(&msg, &mut |_| steps += 1) {
            Response::Optimized {
                id,
                report,
                applied_report,
                ..
            } => {
                assert_eq!(id, 8);
                assert_eq!(applied_report.shared_kwh, report.simulated.shared_kwh);
            }
            r => panic!("{r:?}"),
        }
        assert!(steps >= 3);
        let mut bad = s;
        bad.cp.code = "X".into();
        let msg = serde_json::to_string(&Request::Simulate {
            id: 9,
            scenario: bad,
        })
        .unwrap();
        assert!(matches!(
            handle(&msg, &mut |_| {}),
            Response::Invalid { id: 9, .. }
        ));
        assert!(matches!(
            handle("{", &mut |_| {}),
            Response::Failed { id: 0, .. }
        ));
    }
}

//! The simulation web worker (wasm32), loaded with the page: simulation, hourly CSV,
//! sensitivity and sizing curves (`cer_planner::protocol::handle_simulation`). The optimiser
//! and the curve reader live in the tools worker (`cer-tools`), loaded on first use. Natively
//! this binary only explains itself.

#[cfg(target_arch = "wasm32")]
fn main() {
    cer_planner::web::worker::serve(cer_planner::protocol::handle_simulation, None);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "cer-worker is the web app's worker (wasm32 only); use `cer-planner` on the command line."
    );
}

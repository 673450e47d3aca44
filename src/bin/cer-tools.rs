//! The tools web worker (wasm32), loaded when the user first needs it (opening Optimise or
//! Producer, or a request): the optimiser and the load-curve reader
//! (`cer_planner::protocol::handle_tools`). It warms the solver up as soon as it is ready, so
//! that the first solve is as fast as the later ones. Natively this binary only explains
//! itself.

#[cfg(target_arch = "wasm32")]
fn main() {
    cer_planner::web::worker::serve(
        cer_planner::protocol::handle_tools,
        Some(cer_planner::protocol::warm_up),
    );
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "cer-tools is the web app's tools worker (wasm32 only); use `cer-planner` on the command line."
    );
}

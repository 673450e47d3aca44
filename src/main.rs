//! Binary entry point: the command-line tool natively, the web app in wasm32.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cer_planner::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {
    cer_planner::web::start();
}

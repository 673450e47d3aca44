//! Binary entry point: the command-line tool natively, the web app in wasm32.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    // Rust ignores SIGPIPE, so printing into a closed pipe (`cer-planner … | head`) fails
    // and `println!` panics. A command-line tool ends quietly there, as cat or grep do.
    #[cfg(unix)]
    // SAFETY: called first in `main`, before any thread starts; SIG_DFL is a valid action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    cer_planner::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {
    cer_planner::web::start();
}

//! The web app (wasm32 only): Yew components that load a scenario, ask the core to simulate it
//! and render the results. Components never compute physics; they call `simulate` and draw
//! the `Report` with the shared plotters charts on `<canvas>`.

mod app;
mod i18n;

/// Starts the app (called by `main` in wasm32).
pub fn start() {
    console_error_panic_hook::set_once();
    yew::Renderer::<app::App>::new().render();
}

//! Binary entry point: the command-line tool natively, the web app in wasm32.
fn main() {}

//! The simulation web worker (wasm32), loaded with the page: receives JSON requests from the
//! page, answers with JSON responses (`cer_planner::protocol::handle_simulation`). The
//! optimiser and the curve reader live in the tools worker (`cer-tools`), loaded on first use.
//! Natively this binary only explains itself.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let text = e.data().as_string().unwrap_or_default();
        let post = |r: &cer_planner::protocol::Response| {
            if let Ok(json) = serde_json::to_string(r) {
                let _ = reply_scope.post_message(&JsValue::from_str(&json));
            }
        };
        let response = cer_planner::protocol::handle_simulation(&text, &mut |p| post(&p));
        post(&response);
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    let _ = scope.post_message(&JsValue::from_str(r#"{"kind":"ready"}"#));
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "cer-worker is the web app's worker (wasm32 only); use `cer-planner` on the command line."
    );
}

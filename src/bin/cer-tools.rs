//! The tools web worker (wasm32), loaded when the user first needs it (opening Optimise or
//! Producer, or a request): the optimiser and the load-curve reader
//! (`cer_planner::protocol::handle_tools`). It warms the solver up as soon as it is ready, so
//! that the first solve is as fast as the later ones. Natively this binary only explains
//! itself.

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
        let response = cer_planner::protocol::handle_tools(&text, &mut |p| post(&p));
        post(&response);
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    let _ = scope.post_message(&JsValue::from_str(r#"{"kind":"ready"}"#));
    // Requests that arrive meanwhile wait for the warm-up (a few tens of ms).
    cer_planner::protocol::warm_up();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "cer-tools is the web app's tools worker (wasm32 only); use `cer-planner` on the command line."
    );
}

//! The body of both web workers: JSON requests in, JSON responses out (progress responses as
//! they come), a `ready` message once listening, then an optional idle task.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::protocol::Response;

/// A worker's request handler (`protocol::handle_simulation` or `protocol::handle_tools`).
pub type Handler = fn(&str, &mut dyn FnMut(Response)) -> Response;

/// Serves `handle` in this worker; `after_ready` runs once the page has been told it is ready
/// (requests arriving meanwhile wait for it).
pub fn serve(handle: Handler, after_ready: Option<fn()>) {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_scope = scope.clone();
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let text = e.data().as_string().unwrap_or_default();
        let post = |r: &Response| {
            if let Ok(json) = serde_json::to_string(r) {
                let _ = reply_scope.post_message(&JsValue::from_str(&json));
            }
        };
        let response = handle(&text, &mut |p| post(&p));
        post(&response);
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    let _ = scope.post_message(&JsValue::from_str(r#"{"kind":"ready"}"#));
    if let Some(task) = after_ready {
        task();
    }
}

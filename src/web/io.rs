//! Browser IO at the edges: downloads, file import, the URL fragment, the clipboard, printing,
//! and the worker. Nothing here computes.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, MessageEvent, Url, Worker};
use yew::TargetCast;

use crate::protocol::{Request, Response};

/// Offers `text` as a file download.
pub fn download(name: &str, mime: &str, text: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let bag = BlobPropertyBag::new();
    bag.set_type(mime);
    let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &bag) else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = doc
        .create_element("a")
        .map(|e| e.unchecked_into::<HtmlAnchorElement>())
    {
        a.set_href(&url);
        a.set_download(name);
        let _ = doc.body().map(|b| b.append_child(&a));
        a.click();
        a.remove();
    }
    let _ = Url::revoke_object_url(&url);
}

/// Reads the file chosen in a file input (from its change event) as text, then calls `done`
/// with it, or with `Err(size in bytes)` for a file over `limit` bytes (not read).
pub fn read_chosen_file(
    e: &yew::Event,
    limit: usize,
    done: impl FnOnce(Result<String, f64>) + 'static,
) {
    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    // The same file chosen again must fire `change` again.
    input.set_value("");
    if file.size() > limit as f64 {
        done(Err(file.size()));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        done(Ok(text));
    });
}

/// Reads the file chosen in a file input as bytes, then calls `done(name, bytes)`; files over
/// `limit` bytes are not read (`done` gets their size as an error).
pub fn read_chosen_bytes(
    e: &yew::Event,
    limit: usize,
    done: impl FnOnce(String, Result<Vec<u8>, f64>) + 'static,
) {
    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    let name = file.name();
    input.set_value("");
    if file.size() > limit as f64 {
        done(name, Err(file.size()));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
        let bytes = buf
            .ok()
            .map(|b| js_sys::Uint8Array::new(&b).to_vec())
            .unwrap_or_default();
        done(name, Ok(bytes));
    });
}

/// The `s=` payload of the page's fragment, if any.
pub fn fragment_payload() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix("#s=").map(|s| s.to_string())
}

/// The event link's fragment (`evento=…`), if the page was opened with one.
pub fn event_fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix('#')
        .filter(|h| h.starts_with("evento="))
        .map(|s| s.to_string())
}

/// A parameter of the page's query string (`?name=value`).
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|kv| kv.split_once('=').or(Some((kv, ""))))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Removes the fragment from the address bar (the scenario is now in local storage).
pub fn clear_fragment() {
    if let Some(w) = web_sys::window() {
        if let (Ok(h), Ok(path)) = (w.history(), w.location().pathname()) {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&path));
        }
    }
}

/// Absolute link to this page with a fragment.
pub fn link_with_fragment(payload: &str) -> String {
    let loc = web_sys::window().map(|w| w.location());
    let base = loc
        .and_then(|l| Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?)))
        .unwrap_or_default();
    format!("{base}#s={payload}")
}

/// Copies text to the clipboard (best effort).
pub fn copy_to_clipboard(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Opens the browser's print dialog (print stylesheet: `www/style.css`).
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// One web worker: requests wait until it says it is ready; `restart` terminates a running
/// computation (cancel) and starts it afresh.
struct WorkerLink {
    loader: &'static str,
    worker: Option<Worker>,
    ready: Rc<RefCell<bool>>,
    queue: Rc<RefCell<Vec<String>>>,
    on_response: Rc<dyn Fn(Response)>,
    _handler: Option<Closure<dyn FnMut(MessageEvent)>>,
}

impl WorkerLink {
    fn new(
        loader: &'static str,
        adopt_early: bool,
        on_response: Rc<dyn Fn(Response)>,
    ) -> WorkerLink {
        let mut c = WorkerLink {
            loader,
            worker: None,
            ready: Rc::new(RefCell::new(false)),
            queue: Rc::new(RefCell::new(Vec::new())),
            on_response,
            _handler: None,
        };
        c.spawn(adopt_early);
        c
    }

    fn spawn(&mut self, adopt_early: bool) {
        *self.ready.borrow_mut() = false;
        // The page's first simulation worker is started by index.html while this module still
        // downloads (both files load in parallel); it may already have said it is ready.
        let early = adopt_early
            .then(|| {
                let w = web_sys::window()?;
                let k = JsValue::from_str("__cerWorker");
                let v = js_sys::Reflect::get(&w, &k).ok()?;
                let _ = js_sys::Reflect::delete_property(&w, &k);
                let worker = v.dyn_into::<Worker>().ok()?;
                let ready = js_sys::Reflect::get(&w, &JsValue::from_str("__cerWorkerReady"))
                    .ok()
                    .and_then(|r| r.as_bool())
                    .unwrap_or(false);
                Some((worker, ready))
            })
            .flatten();
        let worker = match early {
            Some((w, ready)) => {
                *self.ready.borrow_mut() = ready;
                w
            }
            None => match Worker::new(self.loader) {
                Ok(w) => w,
                Err(_) => return,
            },
        };
        let ready = self.ready.clone();
        let queue = self.queue.clone();
        let on_response = self.on_response.clone();
        let w2 = worker.clone();
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let text = e.data().as_string().unwrap_or_default();
            if text == r#"{"kind":"ready"}"# {
                *ready.borrow_mut() = true;
                for m in queue.borrow_mut().drain(..) {
                    let _ = w2.post_message(&JsValue::from_str(&m));
                }
                return;
            }
            if let Ok(r) = serde_json::from_str::<Response>(&text) {
                on_response(r);
            }
        });
        worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        self._handler = Some(handler);
        self.worker = Some(worker);
        // A queued request (sent before a restart) is posted once the new worker is ready.
        if *self.ready.borrow() {
            if let Some(w) = &self.worker {
                for m in self.queue.borrow_mut().drain(..) {
                    let _ = w.post_message(&JsValue::from_str(&m));
                }
            }
        }
    }

    fn post(&mut self, json: String) {
        if *self.ready.borrow() {
            if let Some(w) = &self.worker {
                let _ = w.post_message(&JsValue::from_str(&json));
            }
        } else {
            self.queue.borrow_mut().push(json);
        }
    }

    fn restart(&mut self) {
        if let Some(w) = self.worker.take() {
            w.terminate();
        }
        self.queue.borrow_mut().clear();
        self.spawn(false);
    }
}

/// The page's connection to its two web workers: the simulation worker, started with the
/// page, and the tools worker (optimiser, curve reader), started on first use. Requests are
/// routed by [`crate::protocol::Request::role`]; ids are unique across both.
pub struct WorkerClient {
    simulation: WorkerLink,
    tools: Option<WorkerLink>,
    on_response: Rc<dyn Fn(Response)>,
    next_id: u64,
}

impl WorkerClient {
    /// Starts the simulation worker; `on_response` receives every response of both.
    pub fn new(on_response: Rc<dyn Fn(Response)>) -> WorkerClient {
        WorkerClient {
            simulation: WorkerLink::new("./cer-worker_loader.js", true, on_response.clone()),
            tools: None,
            on_response,
            next_id: 1,
        }
    }

    /// Starts the tools worker if it is not running yet (ahead of need, e.g. when the user opens
    /// Optimise: it loads and warms its solver up while the user sets the request).
    pub fn prepare_tools(&mut self) {
        if self.tools.is_none() {
            self.tools = Some(WorkerLink::new(
                "./cer-tools_loader.js",
                false,
                self.on_response.clone(),
            ));
        }
    }

    /// Sends a request built with a fresh id; returns the id.
    pub fn send(&mut self, make: impl FnOnce(u64) -> Request) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let req = make(id);
        let role = req.role();
        let Ok(json) = serde_json::to_string(&req) else {
            return id;
        };
        match role {
            crate::protocol::Role::Simulation => self.simulation.post(json),
            crate::protocol::Role::Tools => {
                self.prepare_tools();
                if let Some(t) = self.tools.as_mut() {
                    t.post(json);
                }
            }
        }
        id
    }

    /// Cancels the running tools computation (an optimisation): its worker starts afresh.
    pub fn restart_tools(&mut self) {
        if let Some(t) = self.tools.as_mut() {
            t.restart();
        }
    }
}

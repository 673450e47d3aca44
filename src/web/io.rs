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

/// The page's connection to its web worker. Requests wait until the worker says it is ready;
/// `restart` terminates a running computation (cancel) and starts a fresh worker.
pub struct WorkerClient {
    worker: Option<Worker>,
    ready: Rc<RefCell<bool>>,
    queue: Rc<RefCell<Vec<String>>>,
    on_response: Rc<dyn Fn(Response)>,
    _handler: Option<Closure<dyn FnMut(MessageEvent)>>,
    next_id: u64,
}

impl WorkerClient {
    /// Starts the worker; `on_response` receives every response.
    pub fn new(on_response: Rc<dyn Fn(Response)>) -> WorkerClient {
        let mut c = WorkerClient {
            worker: None,
            ready: Rc::new(RefCell::new(false)),
            queue: Rc::new(RefCell::new(Vec::new())),
            on_response,
            _handler: None,
            next_id: 1,
        };
        c.spawn();
        c
    }

    fn spawn(&mut self) {
        *self.ready.borrow_mut() = false;
        // The page's first worker is started by index.html while this module still downloads
        // (both files load in parallel); it may already have said it is ready.
        let early = web_sys::window().and_then(|w| {
            let k = JsValue::from_str("__cerWorker");
            let v = js_sys::Reflect::get(&w, &k).ok()?;
            let _ = js_sys::Reflect::delete_property(&w, &k);
            let worker = v.dyn_into::<Worker>().ok()?;
            let ready = js_sys::Reflect::get(&w, &JsValue::from_str("__cerWorkerReady"))
                .ok()
                .and_then(|r| r.as_bool())
                .unwrap_or(false);
            Some((worker, ready))
        });
        let worker = match early {
            Some((w, ready)) => {
                *self.ready.borrow_mut() = ready;
                w
            }
            None => match Worker::new("./cer-worker_loader.js") {
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
    }

    /// Sends a request built with a fresh id; returns the id.
    pub fn send(&mut self, make: impl FnOnce(u64) -> Request) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let Ok(json) = serde_json::to_string(&make(id)) else {
            return id;
        };
        if *self.ready.borrow() {
            if let Some(w) = &self.worker {
                let _ = w.post_message(&JsValue::from_str(&json));
            }
        } else {
            self.queue.borrow_mut().push(json);
        }
        id
    }

    /// Stops whatever the worker is doing and starts a new one.
    pub fn restart(&mut self) {
        if let Some(w) = self.worker.take() {
            w.terminate();
        }
        self.queue.borrow_mut().clear();
        self.spawn();
    }
}

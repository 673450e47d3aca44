//! The web app (wasm32 only). Components render state and dispatch actions; every
//! computation runs in the web worker (`src/bin/cer-worker.rs`, `crate::protocol`), so the page
//! never freezes and never computes physics. Effects (storage, URL, files, worker) live in
//! `app.rs` and `io.rs`.

mod app;
mod compare;
mod ctx;
mod editors;
mod event;
mod fields;
mod fit;
mod help;
mod io;
mod optimize_view;
mod producer_view;
mod results;
mod state;
mod uncertainty;
pub mod worker;

use crate::format::Lang;

/// `it` or `en` text.
pub(crate) fn t(lang: Lang, it: &str, en: &str) -> String {
    match lang {
        Lang::It => it.to_string(),
        Lang::En => en.to_string(),
    }
}

/// Starts the app (called by `main` in wasm32). A panic shows a banner instead of a blank
/// page; the user's data is already in local storage and comes back on reload.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Ok(div) = doc.create_element("div") {
                div.set_id("crash");
                let _ = div.set_attribute("role", "alert");
                div.set_inner_html(
                    "<strong>Si è verificato un errore imprevisto.</strong> I dati inseriti sono salvati in questo browser: \
                     <button onclick=\"location.reload()\">Ricarica la pagina</button><br>\
                     <strong>An unexpected error occurred.</strong> Your data is saved in this browser: reload the page.",
                );
                let _ = doc.body().map(|b| b.prepend_with_node_1(&div));
            }
        }
    }));
    // The static loading message of index.html gives way to the app.
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
    yew::Renderer::<app::App>::new().render();
}

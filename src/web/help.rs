//! "?" beside a figure or a field: the glossary's explanation of a term in a popover that
//! opens and closes with the keyboard (Enter/Space on the button, Escape to close), and the
//! Glossary page with every term (also printed with the report).

use std::sync::atomic::{AtomicUsize, Ordering};

use yew::prelude::*;

use super::t;
use crate::format::Lang;
use crate::glossary::{term, Term, TERMS};

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// Properties of [`Help`].
#[derive(Properties, PartialEq)]
pub struct HelpProps {
    /// Glossary key.
    pub term: &'static str,
    /// Language.
    pub lang: Lang,
}

fn names(tm: &Term, lang: Lang) -> (&'static str, &'static str) {
    if lang == Lang::It {
        (tm.it, tm.text_it)
    } else {
        (tm.en, tm.text_en)
    }
}

/// A "?" button that shows what a term means.
#[function_component(Help)]
pub fn help(p: &HelpProps) -> Html {
    let open = use_state(|| false);
    let id = use_state(|| format!("help-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed)));
    let Some(tm) = term(p.term) else {
        return html! {};
    };
    let (name, text) = names(tm, p.lang);
    let toggle = {
        let open = open.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            open.set(!*open)
        })
    };
    let on_key = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                open.set(false)
            }
        })
    };
    let close = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    html! {
        <span class="help" onkeydown={on_key} data-term={p.term}>
            <button type="button" class="help-btn" aria-expanded={open.to_string()} aria-controls={(*id).clone()}
                aria-label={format!("{} {name}", t(p.lang, "Che cos'è:", "What is:"))} onclick={toggle}>{ "?" }</button>
            if *open {
                <span class="help-pop" id={(*id).clone()} role="note">
                    <strong>{ name }</strong>{ " " }{ text }
                    if let Some(link) = tm.link {
                        { " " }<a href={link} target="_blank" rel="noopener noreferrer">{ t(p.lang, "Apri la pagina del GSE", "Open the GSE page") }</a>
                    }
                    { " " }<button type="button" class="help-close" aria-label={t(p.lang, "Chiudi", "Close")} onclick={close}>{ "×" }</button>
                </span>
            }
        </span>
    }
}

/// Properties of [`Glossary`].
#[derive(Properties, PartialEq)]
pub struct GlossaryProps {
    /// Language.
    pub lang: Lang,
}

/// Every term with its explanation (a page of the app, and a section of the printed report).
#[function_component(Glossary)]
pub fn glossary(p: &GlossaryProps) -> Html {
    html! {
        <section class="glossary" aria-labelledby="glossary-title">
            <h2 id="glossary-title">{ t(p.lang, "Glossario", "Glossary") }</h2>
            <dl>{ for TERMS.iter().map(|tm| {
                let (name, text) = names(tm, p.lang);
                html! { <>
                    <dt id={format!("term-{}", tm.key)}>{ name }</dt>
                    <dd>{ text }
                        if let Some(link) = tm.link { { " " }<a href={link} target="_blank" rel="noopener noreferrer">{ link }</a> }
                    </dd>
                </> }
            }) }</dl>
        </section>
    }
}

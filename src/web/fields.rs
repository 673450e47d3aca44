//! Input fields that accept Italian or English numbers, check the accepted range and say what
//! is wrong in the user's language, naming the field. An invalid entry never reaches the
//! scenario: the last valid value stays in force while the message is shown.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::format::{self, edit_text, parse_number, Lang};

/// The value of the `<select>` that fired `e`.
pub fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

/// A `<select>` whose option values are positions in a list of `len` (> 0): the chosen
/// position; a value that is not one reads as the first, never past the last.
pub fn selected_index(e: &Event, len: usize) -> usize {
    select_value(e)
        .parse::<usize>()
        .unwrap_or(0)
        .min(len.saturating_sub(1))
}

/// The number in the `<input>` (a range, a number) that fired `e`; `default` if it holds none.
pub fn input_number<T: std::str::FromStr>(e: &impl TargetCast, default: T) -> T {
    e.target_unchecked_into::<HtmlInputElement>()
        .value()
        .parse()
        .unwrap_or(default)
}

/// Whether the checkbox that fired `e` is checked.
pub fn checked(e: &Event) -> bool {
    e.target_unchecked_into::<HtmlInputElement>().checked()
}

/// Properties of a numeric field.
#[derive(Properties, PartialEq, Clone)]
pub struct NumProps {
    /// DOM id.
    pub id: AttrValue,
    /// Label.
    pub label: AttrValue,
    /// Glossary term explained by a "?" beside the label.
    #[prop_or_default]
    pub help: Option<&'static str>,
    /// Current value (`None` = empty).
    pub value: Option<f64>,
    /// Smallest accepted value.
    pub min: f64,
    /// Largest accepted value.
    pub max: f64,
    /// Unit shown after the field.
    #[prop_or_default]
    pub unit: AttrValue,
    /// Language.
    pub lang: Lang,
    /// Empty is allowed (→ `None`).
    #[prop_or_default]
    pub optional: bool,
    /// Placeholder (e.g. the default).
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// Whole numbers only.
    #[prop_or_default]
    pub integer: bool,
    /// New valid value.
    pub on_change: Callback<Option<f64>>,
}

/// A labelled numeric field with validation.
#[function_component(NumField)]
pub fn num_field(p: &NumProps) -> Html {
    let text = use_state(|| p.value.map(|v| edit_text(v, p.lang)).unwrap_or_default());
    let error = use_state(|| None::<String>);
    {
        // External changes (preset loaded, plan applied) refresh the text.
        let text = text.clone();
        let error = error.clone();
        let lang = p.lang;
        use_effect_with((p.value.map(|v| v.to_bits()), lang), move |(v, lang)| {
            let current = parse_number(&text, *lang);
            let incoming = v.map(f64::from_bits);
            if current != incoming || error.is_some() {
                text.set(incoming.map(|x| edit_text(x, *lang)).unwrap_or_default());
                error.set(None);
            }
            || ()
        });
    }
    let onchange = {
        let p = p.clone();
        let text = text.clone();
        let error = error.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let raw = input.value();
            text.set(raw.clone());
            let range = format!(
                "{} – {}{}",
                format::number(p.min, if p.integer { 0 } else { 2 }, p.lang)
                    .trim_end_matches(",00")
                    .trim_end_matches(".00"),
                format::number(p.max, if p.integer { 0 } else { 2 }, p.lang)
                    .trim_end_matches(",00")
                    .trim_end_matches(".00"),
                if p.unit.is_empty() {
                    String::new()
                } else {
                    format!(" {}", format::unit(&p.unit, p.lang))
                }
            );
            let message = |lang: Lang| match lang {
                Lang::It => format!(
                    "«{}»: inserire {} da {range}",
                    p.label,
                    if p.integer {
                        "un numero intero"
                    } else {
                        "un numero"
                    }
                ),
                Lang::En => format!(
                    "“{}”: enter {} from {range}",
                    p.label,
                    if p.integer {
                        "a whole number"
                    } else {
                        "a number"
                    }
                ),
            };
            if raw.trim().is_empty() && p.optional {
                error.set(None);
                p.on_change.emit(None);
                return;
            }
            match parse_number(&raw, p.lang) {
                Some(v) if v >= p.min && v <= p.max && (!p.integer || v.fract() == 0.0) => {
                    error.set(None);
                    p.on_change.emit(Some(v));
                }
                _ => error.set(Some(message(p.lang))),
            }
        })
    };
    let err_id = format!("{}-error", p.id);
    html! {
        <div class={classes!("field", error.is_some().then_some("invalid"))}>
            <span class="label-line"><label for={p.id.clone()}>{ p.label.clone() }</label>
                if let Some(term) = p.help { { " " }<super::help::Help {term} lang={p.lang} /> }</span>
            <span class="input-unit">
                <input id={p.id.clone()} type="text" inputmode="decimal" value={(*text).clone()}
                    placeholder={p.placeholder.clone()} {onchange}
                    aria-invalid={error.is_some().to_string()}
                    aria-describedby={error.is_some().then(|| err_id.clone())} />
                if !p.unit.is_empty() { <span class="unit">{ format::unit(&p.unit, p.lang) }</span> }
            </span>
            if let Some(msg) = &*error { <div class="field-error" id={err_id} role="alert">{ msg.clone() }</div> }
        </div>
    }
}

/// Properties of a text field.
#[derive(Properties, PartialEq, Clone)]
pub struct TextProps {
    /// DOM id.
    pub id: AttrValue,
    /// Label.
    pub label: AttrValue,
    /// Glossary term explained by a "?" beside the label.
    #[prop_or_default]
    pub help: Option<&'static str>,
    /// Current value.
    pub value: AttrValue,
    /// Language (of the "?" explanation).
    #[prop_or_default]
    pub lang: Lang,
    /// Message when invalid (already in the user's language).
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// New value.
    pub on_change: Callback<String>,
}

/// A labelled text field.
#[function_component(TextField)]
pub fn text_field(p: &TextProps) -> Html {
    let onchange = {
        let cb = p.on_change.clone();
        Callback::from(move |e: Event| {
            cb.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let err_id = format!("{}-error", p.id);
    html! {
        <div class={classes!("field", p.error.is_some().then_some("invalid"))}>
            <span class="label-line"><label for={p.id.clone()}>{ p.label.clone() }</label>
                if let Some(term) = p.help { { " " }<super::help::Help {term} lang={p.lang} /> }</span>
            <input id={p.id.clone()} type="text" value={p.value.clone()} {onchange}
                aria-invalid={p.error.is_some().to_string()} aria-describedby={p.error.is_some().then(|| err_id.clone())} />
            if let Some(msg) = &p.error { <div class="field-error" id={err_id} role="alert">{ msg.clone() }</div> }
        </div>
    }
}

/// Properties of a date field.
#[derive(Properties, PartialEq, Clone)]
pub struct DateProps {
    /// DOM id.
    pub id: AttrValue,
    /// Label.
    pub label: AttrValue,
    /// Glossary term explained by a "?" beside the label.
    #[prop_or_default]
    pub help: Option<&'static str>,
    /// Current value, `aaaa-mm-gg`.
    pub value: Option<String>,
    /// Language of the messages.
    pub lang: Lang,
    /// New value (`None` when cleared).
    pub on_change: Callback<Option<String>>,
}

/// A labelled, optional date typed as gg/mm/aaaa (also accepted: aaaa-mm-gg), stored as
/// `aaaa-mm-gg`; a text that is not a date is kept in the field with a message and not applied.
#[function_component(DateField)]
pub fn date_field(p: &DateProps) -> Html {
    let error = use_state(|| None::<String>);
    let onchange = {
        let cb = p.on_change.clone();
        let error = error.clone();
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            if text.trim().is_empty() {
                error.set(None);
                cb.emit(None);
            } else if let Some(iso) = crate::format::parse_date(&text) {
                error.set(None);
                cb.emit(Some(iso));
            } else {
                error.set(Some(text));
            }
        })
    };
    let err_id = format!("{}-error", p.id);
    let shown = (*error).clone().unwrap_or_else(|| {
        p.value
            .as_deref()
            .map(crate::format::date)
            .unwrap_or_default()
    });
    html! {
        <div class={classes!("field", error.is_some().then_some("invalid"))}>
            <span class="label-line"><label for={p.id.clone()}>{ p.label.clone() }</label>
                if let Some(term) = p.help { { " " }<super::help::Help {term} lang={p.lang} /> }</span>
            <input id={p.id.clone()} type="text" inputmode="numeric" placeholder={if p.lang == Lang::It { "gg/mm/aaaa" } else { "dd/mm/yyyy" }}
                value={shown} {onchange} aria-invalid={error.is_some().to_string()} aria-describedby={error.is_some().then(|| err_id.clone())} />
            if error.is_some() {
                <div class="field-error" id={err_id} role="alert">{ if p.lang == Lang::It {
                    "Data non valida: scrivere gg/mm/aaaa, per esempio 01/09/2026 (non applicata)"
                } else {
                    "Not a date: write dd/mm/yyyy, for example 01/09/2026 (not applied)"
                } }</div>
            }
        </div>
    }
}

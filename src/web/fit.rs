//! Charts drawn at the size of their container: a canvas's pixel width follows its parent's
//! width (on load and when the window is resized or turned), so that labels keep their size
//! on a phone instead of being scaled down with the picture.

use yew::prelude::*;

/// Width in CSS pixels available to the canvas behind `node` (its parent's content width),
/// at most `max`; `max` until the canvas is mounted.
#[hook]
pub fn use_fit_width(node: &NodeRef, max: u32) -> u32 {
    let width = use_state_eq(|| max);
    {
        let width = width.clone();
        let node = node.clone();
        use_effect_with((), move |_| {
            let measure = move || {
                let parent = node
                    .cast::<web_sys::Element>()
                    .and_then(|e| e.parent_element());
                if let Some(p) = parent {
                    // Content width: the parent's padding is not the canvas's.
                    let padding = web_sys::window()
                        .and_then(|w| w.get_computed_style(&p).ok().flatten())
                        .map(|s| {
                            let px = |k: &str| {
                                s.get_property_value(k)
                                    .ok()
                                    .and_then(|v| v.trim_end_matches("px").parse::<f64>().ok())
                                    .unwrap_or(0.0)
                            };
                            px("padding-left") + px("padding-right")
                        })
                        .unwrap_or(0.0);
                    let w = (p.client_width() as f64 - padding).floor();
                    if w > 0.0 {
                        width.set((w as u32).clamp(200, max));
                    }
                }
            };
            measure();
            let listener = web_sys::window()
                .map(|w| gloo::events::EventListener::new(&w, "resize", move |_| measure()));
            move || drop(listener)
        });
    }
    *width
}

/// Height for a chart drawn `width` wide that is `full_h` high at `full_w`: proportional, but
/// never below `min_ratio` of the full height, so that a narrow chart stays legible.
pub fn fit_height(width: u32, full_w: u32, full_h: u32, min_ratio: f64) -> u32 {
    let k = (width as f64 / full_w as f64).min(1.0);
    (full_h as f64 * k.max(min_ratio)).round() as u32
}

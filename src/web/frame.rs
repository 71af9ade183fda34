//! Running something just after the next paint.
//!
//! Owns: `after_paint`, the one way the view defers work past a frame (the draft's write,
//! building the rest of a long page): after the next animation frame, in the task that follows
//! it, or by a 250 ms timer when frames do not come (a hidden or occluded page), whichever is
//! first; it runs once. Must not: decide what is deferred or when it is worth deferring.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Runs `f` once, after the next paint (or within 250 ms without frames; at once without a
/// window).
pub fn after_paint(f: Box<dyn FnOnce()>) {
    // One instance of the closures below for every caller (a generic `f` would copy them).
    let once = Rc::new(Cell::new(Some(f)));
    let Some(window) = web_sys::window() else {
        return run(&once);
    };
    // rAF runs before the frame is painted; `f` goes in the task after it.
    let (by_frame, by_timer) = (once.clone(), once.clone());
    let task = Closure::once_into_js(move || run(&by_frame));
    let frame = Closure::once_into_js(move || {
        if let Some(w) = web_sys::window() {
            let _ =
                w.set_timeout_with_callback_and_timeout_and_arguments_0(task.unchecked_ref(), 0);
        }
    });
    let fallback = Closure::once_into_js(move || run(&by_timer));
    let framed = window
        .request_animation_frame(frame.unchecked_ref())
        .is_ok();
    let timed = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(fallback.unchecked_ref(), 250)
        .is_ok();
    if !framed && !timed {
        run(&once);
    }
}

fn run(once: &Cell<Option<Box<dyn FnOnce()>>>) {
    if let Some(f) = once.take() {
        f();
    }
}

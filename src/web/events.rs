//! DOM events for the host page: `yehua:ready`, `yehua:submitted`, `yehua:error`.
//!
//! Owns: dispatching a bubbling, composed `CustomEvent` with a string detail. Must not: decide
//! when an event happens (the view does).

pub fn dispatch(target: &web_sys::Element, name: &str, detail: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail.into());
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}

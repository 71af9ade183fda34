//! The form store: the core's `Form` reducer wrapped for Yew's `use_reducer`.
//!
//! Owns: `FormStore`. Must not: add logic; a no-op action returns the same `Rc` so Yew skips
//! the render.

use std::rc::Rc;

use yew::Reducible;

use crate::core::form::{Action, Form};

#[derive(PartialEq)]
pub struct FormStore(pub Form);

impl Reducible for FormStore {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match self.0.reduce(action) {
            Some(next) => Rc::new(FormStore(next)),
            None => self,
        }
    }
}

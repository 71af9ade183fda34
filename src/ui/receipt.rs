//! The receipt after a submission: a thank-you, the short receipt code and what happens next.
//!
//! Owns: presenting the receipt. Must not: store or send anything.

use yew::prelude::*;

use super::Lang;
use crate::core::i18n::Msg;
use crate::core::text::Text;

pub struct ReceiptProps<'a> {
    pub code: AttrValue,
    pub completed: Option<&'a Text>,
    /// Focus lands here when the receipt appears.
    pub heading: NodeRef,
    /// The message saying what happened to the submission (saved on the device, sent, queued).
    pub status: Msg,
    pub on_again: Callback<MouseEvent>,
}

pub fn receipt(props: ReceiptProps<'_>, lang: &Lang) -> Html {
    let props = &props;
    html! {
        <section class="yh-receipt" aria-labelledby="yh-receipt-title">
            <h2 id="yh-receipt-title" class="yh-page-title" tabindex="-1" ref={props.heading.clone()}>{ lang.t(Msg::ReceiptTitle) }</h2>
            if let Some(t) = &props.completed { <p class="yh-completed">{ t.get(lang.locale) }</p> }
            <p class="yh-receipt-code-label">{ lang.t(Msg::ReceiptCodeLabel) }</p>
            <p class="yh-receipt-code" data-receipt-code={props.code.clone()}>{ props.code.clone() }</p>
            <p class="yh-receipt-hint">{ lang.t(Msg::ReceiptCodeHint) }</p>
            <p class="yh-receipt-status" role="status">{ lang.t(props.status) }</p>
            <button type="button" class="yh-button yh-button-primary" onclick={props.on_again.clone()}>{ lang.t(Msg::ReceiptAgain) }</button>
        </section>
    }
}

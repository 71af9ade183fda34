//! The receipt after a submission: a thank-you (the definition's `completedHtml`, in the safe
//! HTML subset, with the submitted answers it pipes in), the short receipt code and what
//! happens next.
//!
//! Owns: presenting the receipt. Must not: store or send anything.

use yew::prelude::*;

use super::rich::{rich_html, Rich};
use super::Lang;
use crate::core::answer::Answers;
use crate::core::definition::Survey;
use crate::core::i18n::Msg;
use crate::core::pipe::Values;
use crate::core::text::Text;

pub struct ReceiptProps<'a> {
    pub code: AttrValue,
    pub completed: Option<&'a Text>,
    pub survey: &'a Survey,
    /// The submitted answers `completed` pipes in (`Form::receipt_answers`).
    pub answers: &'a Answers,
    /// Kiosk mode: links shown as text.
    pub kiosk: bool,
    /// Focus lands here when the receipt appears.
    pub heading: NodeRef,
    /// The message saying what happened to the submission (saved on the device, sent, queued).
    pub status: Msg,
    pub on_again: Callback<MouseEvent>,
}

/// Below the receipt's `h2`.
const COMPLETED_HEADING: u8 = 3;

pub fn receipt(props: ReceiptProps<'_>, lang: &Lang) -> Html {
    let props = &props;
    let locale = lang.locale;
    let completed = props.completed.map(|t| {
        let src = t.get(locale);
        let values = Values::of([src], props.survey, props.answers, locale);
        let rich = Rich {
            values: &values,
            locale,
            base: COMPLETED_HEADING,
            kiosk: props.kiosk,
        };
        html! { <div class="yh-completed yh-rich">{ rich_html(src, &rich) }</div> }
    });
    html! {
        <section class="yh-receipt" aria-labelledby="yh-receipt-title">
            <h2 id="yh-receipt-title" class="yh-page-title" tabindex="-1" ref={props.heading.clone()}>{ lang.t(Msg::ReceiptTitle) }</h2>
            { for completed }
            <p class="yh-receipt-code-label">{ lang.t(Msg::ReceiptCodeLabel) }</p>
            <p class="yh-receipt-code" data-receipt-code={props.code.clone()}>{ props.code.clone() }</p>
            <p class="yh-receipt-hint">{ lang.t(Msg::ReceiptCodeHint) }</p>
            <p class="yh-receipt-status" role="status">{ lang.t(props.status) }</p>
            <button type="button" class="yh-button yh-button-primary" onclick={props.on_again.clone()}>{ lang.t(Msg::ReceiptAgain) }</button>
        </section>
    }
}

//! Speech output for "read aloud": whether this browser has a voice for a language, and
//! speaking a text with it through `speechSynthesis`.
//!
//! Owns: the only calls to the Web Speech API. Must not: decide what is read (the view does)
//! or which voice tags fit a language (`Locale::speaks` does). Browsers without the API, or
//! without a voice for the language, simply have none: nothing here panics or logs.

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{SpeechSynthesis, SpeechSynthesisUtterance, SpeechSynthesisVoice};

use crate::core::i18n::Locale;

/// A little slower than the default: many residents are elderly.
const RATE: f32 = 0.9;

fn synthesis() -> Option<SpeechSynthesis> {
    web_sys::window()?.speech_synthesis().ok()
}

/// The best voice for `locale`: one tagged exactly like it, else any that speaks it.
fn voice(locale: Locale) -> Option<SpeechSynthesisVoice> {
    let voices: Vec<SpeechSynthesisVoice> = synthesis()?
        .get_voices()
        .iter()
        .map(JsCast::unchecked_into)
        .filter(|v: &SpeechSynthesisVoice| locale.speaks(&v.lang()))
        .collect();
    let exact = voices.iter().position(|v| {
        v.lang()
            .replace('_', "-")
            .eq_ignore_ascii_case(locale.tag())
    });
    voices.into_iter().nth(exact.unwrap_or(0))
}

/// True when the browser can read `locale` aloud now. Voices often arrive late: listen with
/// [`on_voices_changed`] and ask again.
pub fn has_voice(locale: Locale) -> bool {
    voice(locale).is_some()
}

/// Calls `f` whenever the browser's list of voices changes; dropping the listener stops it.
pub fn on_voices_changed(mut f: impl FnMut() + 'static) -> Option<EventListener> {
    let synthesis = synthesis()?;
    Some(EventListener::new(&synthesis, "voiceschanged", move |_| {
        f()
    }))
}

/// Reads `text` aloud in `locale`, interrupting whatever was being read.
pub fn speak(text: &str, locale: Locale) {
    let (Some(synthesis), Some(voice)) = (synthesis(), voice(locale)) else {
        return;
    };
    let Ok(utterance) = SpeechSynthesisUtterance::new_with_text(text) else {
        return;
    };
    utterance.set_lang(locale.tag());
    utterance.set_rate(RATE);
    // Through Reflect, which reports a refused voice instead of throwing.
    let _ = js_sys::Reflect::set(&utterance, &"voice".into(), &voice);
    synthesis.cancel();
    synthesis.speak(&utterance);
}

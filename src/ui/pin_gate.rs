//! The staff PIN form in front of the staff panel.
//!
//! Owns: the PIN field, checking it (`web::digest`: PBKDF2 through `crypto.subtle`, async,
//! about a second on a weak tablet, shown as "checking…") against the configured `pinHash`,
//! saying why a refused `pinHash` keeps the panel locked, and the slow-down after wrong tries: the guard is kept in storage (a reload does not reset
//! it) and the field is disabled with a countdown while it locks. Must not: know the PIN, keep
//! what was typed (the field is emptied after every try), or decide the slow-down
//! (`core::pin` does).

use yew::prelude::*;

use super::kiosk::countdown;
use super::Lang;
use crate::core::i18n::Msg;
use crate::core::kiosk::{announce_mark, PIN_GUARD_KEY};
use crate::core::pin::{self, PinGuard, PinHash, PinRefused};
use crate::core::ports::{Clock, Storage};
use crate::web::clock::BrowserClock;
use crate::web::digest::{pbkdf2_sha256, DigestError};
use crate::web::idle;
use crate::web::storage::LocalStorage;

#[derive(Properties, PartialEq)]
pub struct PinGateProps {
    /// The configured `pinHash`, as the config file has it; not set or refused
    /// (`core::pin::parse_hash`) keeps the panel locked with an explanation.
    pub pin_hash: Option<AttrValue>,
    pub on_unlock: Callback<()>,
    pub lang: Lang,
}

#[derive(Clone, Copy, PartialEq)]
enum Note {
    None,
    Checking,
    Wrong,
    Unsupported,
}

fn load_guard() -> PinGuard {
    LocalStorage
        .get(PIN_GUARD_KEY)
        .ok()
        .flatten()
        .map(|t| PinGuard::from_text(&t))
        .unwrap_or_default()
}

#[function_component]
pub fn PinGate(props: &PinGateProps) -> Html {
    let lang = props.lang.clone();
    let pin: Option<Result<PinHash, PinRefused>> = props.pin_hash.as_deref().map(pin::parse_hash);
    let guard = use_state_eq(load_guard);
    let note = use_state_eq(|| Note::None);
    let clock = use_state_eq(|| BrowserClock.now_ms());
    let field = use_node_ref();
    let timer = use_mut_ref(|| None::<idle::Timer>);
    let wait = guard.wait_seconds(*clock);

    // Effects: while locked, tick every second to count down and unlock the field.
    {
        let (set_clock, timer) = (clock.setter(), timer.clone());
        use_effect_with((*guard, *clock), move |(g, at)| {
            let left = g.wait_ms(*at);
            let step = match left % 1000 {
                0 => 1000,
                ms => ms,
            };
            *timer.borrow_mut() = if left > 0 {
                idle::after(step, move || set_clock.set(BrowserClock.now_ms()))
            } else {
                None
            };
            move || drop(timer.borrow_mut().take())
        });
    }

    // Callbacks
    let on_submit = {
        let (guard, note, clock, field) =
            (guard.clone(), note.clone(), clock.clone(), field.clone());
        let (hash, on_unlock) = (pin.clone().and_then(Result::ok), props.on_unlock.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(input) = field.cast::<web_sys::HtmlInputElement>() else {
                return;
            };
            let now = BrowserClock.now_ms();
            let (Some(hash), 0, false) =
                (hash.clone(), guard.wait_ms(now), *note == Note::Checking)
            else {
                return;
            };
            let typed = input.value();
            input.set_value("");
            if pin::normalize_pin(&typed).is_empty() {
                return;
            }
            note.set(Note::Checking);
            let (guard, note, clock, on_unlock) = (
                guard.clone(),
                note.clone(),
                clock.clone(),
                on_unlock.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let derived = pbkdf2_sha256(
                    &pin::normalize_pin(&typed),
                    &hash.salt,
                    hash.iterations,
                    hash.hash.len(),
                )
                .await;
                let now = BrowserClock.now_ms();
                let next = match derived {
                    Err(DigestError::Unavailable) => return note.set(Note::Unsupported),
                    Err(DigestError::Failed) => return note.set(Note::None),
                    Ok(bits) if hash.matches(&bits) => load_guard().succeeded(),
                    Ok(_) => load_guard().failed(now),
                };
                let _ = LocalStorage.set(PIN_GUARD_KEY, &next.to_text());
                guard.set(next);
                clock.set(now);
                if next == PinGuard::default() {
                    on_unlock.emit(());
                } else {
                    note.set(Note::Wrong);
                }
            });
        })
    };

    let refused = match &pin {
        Some(Ok(_)) => None,
        None => Some(Msg::StaffPinUnset),
        Some(Err(PinRefused::OldSha256)) => Some(Msg::StaffPinOutdated),
        Some(Err(PinRefused::Unreadable)) => Some(Msg::StaffPinUnreadable),
    };
    if let Some(why) = refused {
        return html! { <p class="yh-pin-note" role="alert">{ lang.t(why) }</p> };
    }
    let checking = *note == Note::Checking;
    let locked = wait > 0;
    let total = u32::try_from(pin::delay_ms(guard.failures).div_ceil(1000)).unwrap_or(u32::MAX);
    let left = u32::try_from(wait).unwrap_or(u32::MAX);
    html! {
        <form class="yh-pin" onsubmit={on_submit}>
            <label class="yh-label" for="yh-pin-input">{ lang.t(Msg::StaffPinLabel) }</label>
            <div class="yh-pin-row">
                <input ref={field} id="yh-pin-input" class="yh-input yh-pin-input" type="password" inputmode="numeric"
                    autocomplete="off" disabled={locked || checking} aria-describedby="yh-pin-status" />
                <button type="submit" class="yh-button yh-button-primary" disabled={locked || checking}>{ lang.t(Msg::StaffPinSubmit) }</button>
            </div>
            <div id="yh-pin-status" class="yh-pin-status">
                if locked {
                    { countdown(&lang, Msg::StaffPinLocked, Some(left), Some(announce_mark(left, total))) }
                } else {
                    <p class="yh-pin-note" role="status">{ match *note {
                        Note::None => "",
                        Note::Checking => lang.t(Msg::StaffPinChecking),
                        Note::Wrong => lang.t(Msg::StaffPinWrong),
                        Note::Unsupported => lang.t(Msg::StaffPinUnsupported),
                    } }</p>
                }
            </div>
        </form>
    }
}

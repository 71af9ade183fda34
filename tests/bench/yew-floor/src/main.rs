//! Yew's floor: one function component holding its state, a text input and a group of 40 radio
//! buttons with their handlers, mounted on the page. The least a survey widget built with Yew
//! ships (tests/bench/yew_floor.py measures it through Yehua's release steps).
//!
//! Owns: nothing of Yehua. Must not: grow features; it is a measuring stick.

use yew::prelude::*;

#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[function_component]
fn Floor() -> Html {
    let text = use_state(String::new);
    let picked = use_state(|| None::<usize>);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            text.set(input.value());
        })
    };
    html! {
        <main>
            <label>{ "您想说什么？" }<input value={(*text).clone()} {oninput} /></label>
            <fieldset>
                <legend>{ "选一个" }</legend>
                { for (0..40usize).map(|i| {
                    let checked = *picked == Some(i);
                    let picked = picked.clone();
                    let onclick = Callback::from(move |_: MouseEvent| picked.set(Some(i)));
                    html! {
                        <label key={i}>
                            <input type="radio" name="choice" {checked} {onclick} />
                            { i }
                        </label>
                    }
                }) }
            </fieldset>
        </main>
    }
}

fn main() {
    yew::Renderer::<Floor>::new().render();
}

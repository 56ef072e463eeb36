#![recursion_limit = "512"]

//! The browser entry: hydrates the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Waits for the split-out code of the page the server rendered before hydrating it.
    leptos::mount::hydrate_lazy(app::App);
}

use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// A moment shown in the user's own time zone. The server renders UTC; the browser then rewrites
/// it in the zone it runs in, after hydration so the two renders agree.
#[component]
pub fn LocalTime(at: DateTime<Utc>) -> impl IntoView {
    let text = RwSignal::new(at.format("%Y-%m-%d %H:%M UTC").to_string());
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| text.set(in_browser_zone(at)));
    view! { <time datetime=at.to_rfc3339()>{text}</time> }
}

#[cfg(feature = "hydrate")]
fn in_browser_zone(at: DateTime<Utc>) -> String {
    use wasm_bindgen::JsValue;
    let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string("default", &options).into()
}

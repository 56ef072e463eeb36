//! A moment shown in the reader's language and time zone (X-I18N), identical in the server's HTML
//! and after hydration: the browser keeps its IANA zone in a `tz` cookie, the server renders in
//! that zone (chrono-tz), the browser in its own — the same zone, the same text. Only before the
//! browser has ever sent the cookie does the server fall back to UTC, labelled, which the browser
//! then replaces.

use crate::domain::format;
use crate::i18n::*;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// The cookie the browser keeps its time zone in.
pub const ZONE_COOKIE: &str = "tz";

/// The reader's zone, read once per request from the `tz` cookie (server only).
#[cfg(feature = "ssr")]
#[derive(Clone, Copy, Debug)]
pub struct ReaderZone(pub Option<chrono_tz::Tz>);

#[cfg(feature = "ssr")]
impl ReaderZone {
    pub fn from_cookies(header: Option<&str>) -> Self {
        let zone = header.into_iter().flat_map(|h| h.split(';')).find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == ZONE_COOKIE).then(|| value.replace("%2F", "/").parse::<chrono_tz::Tz>().ok()).flatten()
        });
        ReaderZone(zone)
    }
}

#[component]
pub fn LocalTime(at: DateTime<Utc>) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(first_text(i18n.get_locale_untracked(), at));
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| text.set(browser::in_zone(i18n.get_locale(), at)));
    view! { <time datetime=at.to_rfc3339()>{text}</time> }
}

#[cfg(feature = "ssr")]
fn first_text(l: Locale, at: DateTime<Utc>) -> String {
    match use_context::<ReaderZone>().and_then(|z| z.0) {
        Some(zone) => format::date_time(l, at.with_timezone(&zone).naive_local()),
        None => format!("{} UTC", format::date_time(l, at.naive_utc())),
    }
}

/// What the server rendered, when the browser can know it (the server used this browser's zone);
/// otherwise nothing, so the browser's own text replaces the server's.
#[cfg(not(feature = "ssr"))]
fn first_text(l: Locale, at: DateTime<Utc>) -> String {
    #[cfg(feature = "hydrate")]
    if browser::cookie_zone().is_some_and(|z| Some(z) == browser::zone()) {
        return browser::in_zone(l, at);
    }
    let _ = (l, at);
    String::new()
}

#[cfg(feature = "hydrate")]
pub mod browser {
    use super::*;
    use wasm_bindgen::JsValue;

    pub fn in_zone(l: Locale, at: DateTime<Utc>) -> String {
        let date = js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64));
        // Minutes from local time to UTC at that moment (daylight saving included).
        let behind = date.get_timezone_offset() as i64;
        format::date_time(l, (at - chrono::Duration::minutes(behind)).naive_utc())
    }

    /// The browser's IANA zone ("Asia/Tokyo").
    pub fn zone() -> Option<String> {
        let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
        js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into()).ok()?.as_string()
    }

    pub fn cookie_zone() -> Option<String> {
        let cookies = js_sys::Reflect::get(&document(), &"cookie".into()).ok()?.as_string()?;
        cookies.split(';').find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == ZONE_COOKIE).then(|| value.replace("%2F", "/"))
        })
    }

    /// Tells the server this browser's zone for the next pages (not secret, so readable here).
    pub fn remember_zone() {
        if let Some(zone) = zone().filter(|z| Some(z) != cookie_zone().as_ref()) {
            let cookie = format!("{ZONE_COOKIE}={}; path=/; max-age=31536000; samesite=lax", zone.replace('/', "%2F"));
            let _ = js_sys::Reflect::set(&document(), &"cookie".into(), &cookie.into());
        }
    }
}

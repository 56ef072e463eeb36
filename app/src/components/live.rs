//! X-LIVE in the browser: one `EventSource` on `/events` per page load (it reconnects on its own),
//! turned into signals the pages fold into their resources' sources: a deal page reloads when its
//! deal changed, lists when any deal they may show changed, the bell when its user was notified.
//! On the server the signals stand still, so what it renders and what hydrates agree.

use leptos::prelude::*;
#[cfg(feature = "hydrate")]
use serde::Deserialize;
use std::collections::HashMap;

/// What the server's `change` event carries (`services::live::Change`, as this user may see it).
#[cfg(feature = "hydrate")]
#[derive(Deserialize)]
struct Change {
    deals: Vec<String>,
    told: Vec<String>,
}

#[derive(Clone, Copy)]
pub struct LiveUpdates {
    /// How many changes touched each deal since the page loaded.
    per_deal: RwSignal<HashMap<String, u64>>,
    /// How many changes arrived at all.
    any: RwSignal<u64>,
    /// How many times the user was notified.
    notified: RwSignal<u64>,
}

impl LiveUpdates {
    /// Provided once by the signed-in frame; it opens the stream in the browser.
    pub fn provide() -> Self {
        let live = LiveUpdates { per_deal: RwSignal::new(HashMap::new()), any: RwSignal::new(0), notified: RwSignal::new(0) };
        provide_context(live);
        #[cfg(feature = "hydrate")]
        Effect::new(move |started: Option<()>| {
            if started.is_none() {
                connect(live);
            }
        });
        live
    }

    /// The frame's updates, or ones that never change outside it (the sign-in page).
    pub fn get() -> Self {
        use_context::<LiveUpdates>().unwrap_or(LiveUpdates { per_deal: RwSignal::new(HashMap::new()), any: RwSignal::new(0), notified: RwSignal::new(0) })
    }

    pub fn of(&self, deal_id: &str) -> u64 {
        self.per_deal.with(|m| m.get(deal_id).copied().unwrap_or(0))
    }

    pub fn any(&self) -> u64 {
        self.any.get()
    }

    pub fn notified(&self) -> u64 {
        self.notified.get()
    }

    /// A `change` event: the deals (that this user sees) that changed, and whether they were notified.
    #[cfg(feature = "hydrate")]
    fn changed(&self, data: &str) {
        let Ok(change) = serde_json::from_str::<Change>(data) else { return self.resync() };
        if !change.deals.is_empty() {
            self.per_deal.update(|m| {
                for id in change.deals {
                    *m.entry(id).or_default() += 1;
                }
            });
            self.any.update(|n| *n += 1);
        }
        if !change.told.is_empty() {
            self.notified.update(|n| *n += 1);
        }
    }

    #[cfg(feature = "hydrate")]
    fn resync(&self) {
        self.per_deal.update(|m| m.values_mut().for_each(|n| *n += 1));
        self.any.update(|n| *n += 1);
        self.notified.update(|n| *n += 1);
    }
}

#[cfg(feature = "hydrate")]
fn connect(live: LiveUpdates) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Ok(source) = web_sys::EventSource::new("/events") else { return };
    let listen = |name: &str, f: Box<dyn Fn(String)>| {
        let closure = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| f(e.data().as_string().unwrap_or_default()));
        let _ = source.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        // The stream lives as long as the page.
        closure.forget();
    };
    listen("change", Box::new(move |data| live.changed(&data)));
    listen("resync", Box::new(move |_| live.resync()));
}

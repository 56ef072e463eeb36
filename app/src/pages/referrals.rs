//! Co-sell opportunities: the tabs (R-TAB-1) with a searchable, sortable table (R-TAB-2).

use crate::api::dto::{DealList, DealSummary, ListQuery, SortKey, Tab};
use crate::api::{list_deals, set_favorite};
use crate::components::layout::Tabs;
use crate::components::text::{app_error_text, deal_type_text, refused_text, stage_text, status_text};
use crate::components::time::LocalTime;
use crate::domain::money::format_money;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;

fn query_from(tab: Tab, q: &leptos_router::params::ParamsMap) -> ListQuery {
    let sort = q.get("sort").and_then(|s| SortKey::from_slug(&s)).unwrap_or(SortKey::Updated);
    let descending = q.get("dir").map(|d| d != "asc").unwrap_or(true);
    ListQuery { tab, text: q.get("q").unwrap_or_default(), sort, descending }
}

/// The address of a list with changed query parameters.
fn list_href(query: &ListQuery) -> String {
    let mut href = format!("/referrals/{}?sort={}&dir={}", query.tab.slug(), query.sort.slug(), if query.descending { "desc" } else { "asc" });
    if !query.text.is_empty() {
        href.push_str("&q=");
        href.push_str(&urlencode(&query.text));
    }
    href
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn ReferralsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query_map = use_query_map();
    let tab = Signal::derive(move || params.with(|p| p.get("tab").and_then(|t| Tab::from_slug(&t))).unwrap_or(Tab::Outbound));
    let query = Memo::new(move |_| query_map.with(|q| query_from(tab.get(), q)));
    let deals = Resource::new(move || query.get(), list_deals);
    view! {
        <div class="page-head">
            <h1>{t!(i18n, list.title)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    deals.await.ok().map(|list| view! { <NewDealButton list/> })
                })}
            </Suspense>
        </div>
        <Tabs current=tab/>
        <SearchBox query/>
        <Transition fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match deals.await {
                    Ok(list) => view! { <DealTable list query=query.get_untracked()/> }.into_any(),
                    Err(e) => view! { <p class="banner error" role="alert">{app_error_text(i18n.get_locale_untracked(), &e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// R-NEW-6: disabled with its reason for users who may not create deals.
#[component]
fn NewDealButton(list: DealList) -> impl IntoView {
    let i18n = use_i18n();
    match list.can_create {
        Ok(()) => view! { <a class="btn btn-primary" href="/deals/new">{t!(i18n, list.new_deal)}</a> }.into_any(),
        Err(refusal) => view! {
            <div class="new-deal-disabled">
                <button type="button" class="btn btn-primary" disabled aria-describedby="new-deal-reason">{t!(i18n, list.new_deal)}</button>
                <p id="new-deal-reason" class="field-hint">{refused_text(i18n.get_locale_untracked(), &refusal)}</p>
            </div>
        }
        .into_any(),
    }
}

/// Text filter; typing updates the address (debounced), so a search can be shared and reloaded.
#[component]
fn SearchBox(query: Memo<ListQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let text = RwSignal::new(query.get_untracked().text);
    let pending = StoredValue::new(None::<Debounce>);
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        let navigate = navigate.clone();
        let go = move || {
            let mut q = query.get_untracked();
            q.text = value;
            navigate(&list_href(&q), NavigateOptions { replace: true, scroll: false, ..Default::default() });
        };
        pending.set_value(Some(Debounce::start(300, go)));
    };
    view! {
        <form class="searchbar" role="search" method="get" on:submit=|ev| ev.prevent_default()>
            <label for="deal-search" class="visually-hidden">{t!(i18n, list.search)}</label>
            <input
                id="deal-search"
                name="q"
                type="search"
                maxlength=crate::domain::fields::SearchText::MAX
                placeholder=move || t_string!(i18n, list.search_placeholder).to_string()
                prop:value=move || text.get()
                on:input=on_input
            />
        </form>
    }
}

/// Runs a function after a quiet period; dropping it cancels the call (gloo-timers in the browser).
pub struct Debounce {
    #[cfg(feature = "hydrate")]
    _timeout: gloo_timers::callback::Timeout,
}

// The browser runs wasm on one thread, so a timer never actually crosses threads; on the server
// the struct is empty. This lets a pending debounce live in an ordinary (thread-safe) StoredValue.
#[cfg(feature = "hydrate")]
unsafe impl Send for Debounce {}
#[cfg(feature = "hydrate")]
unsafe impl Sync for Debounce {}

impl Debounce {
    #[allow(unused_variables)]
    pub fn start(millis: u32, f: impl FnOnce() + 'static) -> Self {
        Debounce {
            #[cfg(feature = "hydrate")]
            _timeout: gloo_timers::callback::Timeout::new(millis, f),
        }
    }
}

#[component]
fn DealTable(list: DealList, query: ListQuery) -> impl IntoView {
    let i18n = use_i18n();
    if list.deals.is_empty() {
        let message = if !query.text.trim().is_empty() {
            t_string!(i18n, list.empty.search).to_string()
        } else {
            match query.tab {
                Tab::Inbound => t_string!(i18n, list.empty.inbound).to_string(),
                Tab::Outbound => t_string!(i18n, list.empty.outbound).to_string(),
                Tab::Favorites => t_string!(i18n, list.empty.favorites).to_string(),
                Tab::Closed => t_string!(i18n, list.empty.closed).to_string(),
            }
        };
        return view! {
            <div class="empty-state">
                <p class="empty-title">{message}</p>
            </div>
        }
        .into_any();
    }
    let header = move |key: SortKey, label: String, numeric: bool| {
        let active = query.sort == key;
        let mut next = query.clone();
        next.sort = key;
        next.descending = if active { !query.descending } else { key != SortKey::Name };
        let sort_state = match (active, query.descending) {
            (false, _) => "none",
            (true, true) => "descending",
            (true, false) => "ascending",
        };
        let arrow = match sort_state {
            "descending" => "▼",
            "ascending" => "▲",
            _ => "",
        };
        view! {
            <th scope="col" aria-sort=sort_state class:num=numeric>
                <a href=list_href(&next) class="sort-link">{label}<span aria-hidden="true">{arrow}</span></a>
            </th>
        }
    };
    let count = list.deals.len();
    let truncated = list.truncated;
    view! {
        <p class="table-meta" aria-live="polite">
            {t!(i18n, list.count, n = count)}
            {truncated.then(|| view! { " · " {t!(i18n, list.truncated, n = count)} })}
        </p>
        <div class="table-wrap">
            <table class="deals">
                <thead>
                    <tr>
                        <th scope="col" class="fav-col"><span class="visually-hidden">{t!(i18n, list.favorite)}</span></th>
                        {header(SortKey::Name, t_string!(i18n, list.col_name).to_string(), false)}
                        <th scope="col">{t!(i18n, list.col_customer)}</th>
                        <th scope="col">{t!(i18n, list.col_type)}</th>
                        <th scope="col">{t!(i18n, list.col_stage)}</th>
                        {header(SortKey::Value, t_string!(i18n, list.col_value).to_string(), true)}
                        {header(SortKey::CloseDate, t_string!(i18n, list.col_close).to_string(), false)}
                        {header(SortKey::Updated, t_string!(i18n, list.col_updated).to_string(), false)}
                    </tr>
                </thead>
                <tbody>
                    {list.deals.into_iter().map(|deal| view! { <DealRow deal/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn DealRow(deal: DealSummary) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let stage = if deal.status.is_terminal() { status_text(l, deal.status).to_string() } else { stage_text(l, deal.stage) };
    view! {
        <tr>
            <td class="fav-col"><FavoriteButton id=deal.id.clone() initial=deal.favorite name=deal.name.clone()/></td>
            <td><a href=format!("/deals/{}", deal.id) class="deal-link">{deal.name.clone()}</a></td>
            <td>{deal.customer_name.clone()}</td>
            <td><span class="badge">{deal_type_text(l, deal.deal_type)}</span></td>
            <td>{stage}</td>
            <td class="num">{format_money(deal.value, &deal.currency)}</td>
            <td>{deal.close_date.format("%Y-%m-%d").to_string()}</td>
            <td><LocalTime at=deal.updated_at/></td>
        </tr>
    }
}

/// The heart of R-TAB-1: marks a deal as a favorite for this user; clicking again removes it.
#[component]
pub fn FavoriteButton(id: String, initial: bool, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let favorite = RwSignal::new(initial);
    let toggle = Action::new(move |want: &bool| {
        let (id, want) = (id.clone(), *want);
        async move { set_favorite(id, want).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(now)) = toggle.value().get() {
            favorite.set(now);
        }
    });
    let label = move || {
        let l = i18n.get_locale();
        if favorite.get() {
            td_string!(l, list.remove_favorite, name = name.clone()).to_string()
        } else {
            td_string!(l, list.add_favorite, name = name.clone()).to_string()
        }
    };
    view! {
        <button
            type="button"
            class="fav"
            class:on=move || favorite.get()
            aria-pressed=move || favorite.get().to_string()
            aria-label=label.clone()
            title=label
            disabled=move || toggle.pending().get()
            on:click=move |_| {
                toggle.dispatch(!favorite.get_untracked());
            }
        >
            {move || if favorite.get() { "♥" } else { "♡" }}
        </button>
    }
}

//! Co-sell opportunities: the tabs (R-TAB-1) with a searchable, sortable table (R-TAB-2).

use crate::api::dto::list::TYPES;
use crate::api::dto::{DealList, DealSummary, ListFilters, ListQuery, LocationOption, Page, SortKey, Tab};
use crate::api::{list_deals, set_favorite};
use crate::app::Navigating;
use crate::components::layout::Tabs;
use crate::components::text::{app_error_text, country_name, deal_type_text, refused_text, stage_text, status_text, time_left_text};
use crate::domain::deal::{Stage, Status};
use crate::components::time::LocalTime;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;

#[component]
pub fn ReferralsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query_map = use_query_map();
    let tab = Signal::derive(move || params.with(|p| p.get("tab").and_then(|t| Tab::from_slug(&t))).unwrap_or(Tab::Outbound));
    let query = Memo::new(move |_| query_map.with(|q| ListQuery::from_params(tab.get(), |k| q.get(k))));
    let live = crate::components::live::LiveUpdates::get();
    let deals = Resource::new(move || (query.get(), live.any()), |(query, _)| list_deals(query));
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
                    Ok(list) => view! {
                        <Filters query locations=list.locations.clone()/>
                        <DealTable list query=query.get_untracked()/>
                    }.into_any(),
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
    if list.can_refer {
        return view! { <a class="btn btn-primary" href="/microsoft/referrals/new">{t!(i18n, referral.new)}</a> }.into_any();
    }
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
    let leaving = use_context::<Navigating>().map(|n| n.0);
    let text = RwSignal::new(query.get_untracked().text);
    let pending = StoredValue::new(None::<Debounce>);
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        let navigate = navigate.clone();
        let go = move || {
            // A deal opened while the search waited: the user is leaving the list, and updating
            // its address now would cancel that navigation.
            if leaving.is_some_and(|l| l.get_untracked()) {
                return;
            }
            let mut q = query.get_untracked().first_page();
            q.text = value;
            navigate(&q.href(), NavigateOptions { replace: true, scroll: false, ..Default::default() });
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
        let message = if !query.text.trim().is_empty() || !query.filters.is_empty() {
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
    let pager_query = query.clone();
    let inbound = query.tab == Tab::Inbound;
    let header = move |key: SortKey, label: String, numeric: bool| {
        let active = query.sort == key;
        let mut next = query.clone().first_page();
        next.sort = key;
        // Names and the time left read best from the top of the alphabet and the soonest deadline.
        next.descending = if active { !query.descending } else { !matches!(key, SortKey::Name | SortKey::TimeLeft) };
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
                <a href=next.href() class="sort-link">{label}<span aria-hidden="true">{arrow}</span></a>
            </th>
        }
    };
    let total = if list.total_capped { format!("{}+", list.total) } else { list.total.to_string() };
    view! {
        <p class="table-meta" aria-live="polite" data-testid="list-total">{t!(i18n, list.count, n = total)}</p>
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
                        {inbound.then(|| header(SortKey::TimeLeft, t_string!(i18n, list.col_time_left).to_string(), false))}
                    </tr>
                </thead>
                <tbody>
                    {list.deals.into_iter().map(|deal| view! { <DealRow deal inbound/> }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager query=pager_query next=list.next previous=list.previous/>
    }
    .into_any()
}

/// R-TAB-2: the previous and next pages, as links a user can share.
#[component]
fn Pager(query: ListQuery, next: Option<String>, previous: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let link = move |page: Option<Page>, label: String, rel: &'static str| match page {
        Some(page) => view! { <a class="btn" rel=rel href=query.clone().at(page).href()>{label}</a> }.into_any(),
        None => view! { <span class="btn" aria-disabled="true">{label}</span> }.into_any(),
    };
    view! {
        <nav class="pager" aria-label=move || t_string!(i18n, list.pages).to_string()>
            {link(previous.map(Page::Before), t_string!(i18n, list.previous).to_string(), "prev")}
            {link(next.map(Page::After), t_string!(i18n, list.next).to_string(), "next")}
        </nav>
    }
}

/// R-TAB-2: status, stage, type, location and close-date range; each change reloads the first page
/// of the list and lands in the address.
#[component]
fn Filters(query: Memo<ListQuery>, locations: Vec<LocationOption>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let go = move |change: fn(&mut ListFilters, String), value: String| {
        let mut q = query.get_untracked().first_page();
        change(&mut q.filters, value);
        navigate(&q.href(), NavigateOptions { scroll: false, ..Default::default() });
    };
    let on_select = go.clone();
    let select = move |id: &'static str, label: String, options: Vec<(String, String)>, current: Option<String>, change: fn(&mut ListFilters, String)| {
        let go = on_select.clone();
        view! {
            <div class="field compact">
                <label for=id>{label}</label>
                <select id=id on:change=move |ev| go(change, event_target_value(&ev))>
                    <option value="">{t!(i18n, list.any)}</option>
                    {options.into_iter().map(|(value, text)| {
                        let selected = current.as_deref() == Some(value.as_str());
                        view! { <option value=value selected=selected>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let date = move |id: &'static str, label: String, current: Option<String>, change: fn(&mut ListFilters, String)| {
        let go = go.clone();
        view! {
            <div class="field compact">
                <label for=id>{label}</label>
                <input id=id type="date" value=current.unwrap_or_default()
                    on:change=move |ev| go(change, event_target_value(&ev))/>
            </div>
        }
    };
    move || {
        let l = i18n.get_locale();
        let q = query.get();
        let f = q.filters.clone();
        let statuses: Vec<(String, String)> = Status::ALL.iter().map(|s| (s.as_str().to_string(), status_text(l, *s).to_string())).collect();
        let stages: Vec<(String, String)> = Stage::ALL.iter().filter(|s| **s != Stage::Won).map(|s| (s.as_str().to_string(), stage_text(l, *s))).collect();
        let types: Vec<(String, String)> = TYPES.iter().map(|t| (t.as_str().to_string(), deal_type_text(l, *t).to_string())).collect();
        let places: Vec<(String, String)> = locations.iter().map(|p| (p.id.clone(), format!("{}, {}", p.city, country_name(l, &p.country)))).collect();
        view! {
            <div class="filters" role="group" aria-label=t_string!(i18n, list.filters).to_string()>
                {select("filter-status", t_string!(i18n, list.filter_status).to_string(), statuses, f.status.map(|s| s.as_str().to_string()), |f, v| f.status = Status::parse(&v))}
                {select("filter-stage", t_string!(i18n, list.filter_stage).to_string(), stages, f.stage.map(|s| s.as_str().to_string()), |f, v| f.stage = Stage::parse(&v))}
                {select("filter-type", t_string!(i18n, list.filter_type).to_string(), types, f.deal_type.clone(), |f, v| f.deal_type = Some(v).filter(|v| !v.is_empty()))}
                {(places.len() > 1).then(|| select("filter-location", t_string!(i18n, list.filter_location).to_string(), places, f.location_id.clone(), |f, v| f.location_id = Some(v).filter(|v| !v.is_empty())))}
                {date("filter-from", t_string!(i18n, list.filter_from).to_string(), f.close_from.map(|d| d.to_string()), |f, v| f.close_from = v.parse().ok())}
                {date("filter-to", t_string!(i18n, list.filter_to).to_string(), f.close_to.map(|d| d.to_string()), |f, v| f.close_to = v.parse().ok())}
            </div>
        }
    }
}

#[component]
fn DealRow(deal: DealSummary, inbound: bool) -> impl IntoView {
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
            <td class="num">{crate::domain::format::money(l, deal.value, &deal.currency)}</td>
            <td>{crate::domain::format::date(l, deal.close_date)}</td>
            <td><LocalTime at=deal.updated_at/></td>
            {inbound.then(|| view! { <td>{deal.hours_to_respond.map(|h| time_left_text(l, h)).unwrap_or_default()}</td> })}
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

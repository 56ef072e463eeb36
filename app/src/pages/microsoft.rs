//! R-TAB-3: a Microsoft user's own workspace: for sellers the co-sell invitations waiting for
//! Microsoft (soonest deadline first, with time left and filters), the referrals they sent and the
//! deals they co-sell; for reviewers the registrations to review and those waiting on the partner.

use crate::api::dto::{QueueFilters, QueueItem, Workspace};
use crate::api::workspace;
use crate::components::text::{app_error_text, country_name, registration_state_text, status_text, time_left_text};
use crate::components::time::LocalTime;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn WorkspacePage() -> impl IntoView {
    let i18n = use_i18n();
    let filters = RwSignal::new(QueueFilters::default());
    let live = crate::components::live::LiveUpdates::get();
    let data = Resource::new(move || (filters.get(), live.any()), |(filters, _)| workspace(filters));
    view! {
        <div class="page-head">
            <div>
                <h1>{t!(i18n, queue.title)}</h1>
                <p class="muted">{t!(i18n, queue.intro)}</p>
            </div>
        </div>
        <Transition fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(ws) => view! { <Queues ws filters/> }.into_any(),
                    Err(e) => view! { <p class="banner error" role="alert">{app_error_text(i18n.get_locale_untracked(), &e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Which columns a queue shows beside the deal, partner and customer.
#[derive(Clone, Copy, PartialEq)]
enum Show {
    TimeLeft,
    Status,
    Registration,
}

#[component]
fn Queues(ws: Workspace, filters: RwSignal<QueueFilters>) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let seller = ws.is_seller.then(|| {
        view! {
            <div class="page-actions"><a class="btn btn-primary" href="/microsoft/referrals/new">{t!(i18n, referral.new)}</a></div>
            <section class="card" aria-labelledby="q-pending">
                <h2 id="q-pending">{t!(i18n, queue.pending)}</h2>
                <Filters ws=ws.clone() filters/>
                <Queue items=ws.pending.clone() show=Show::TimeLeft empty=td_string!(l, queue.pending_empty) label=td_string!(l, queue.pending) testid="queue-pending"/>
            </section>
            <section class="card" aria-labelledby="q-sent">
                <h2 id="q-sent">{t!(i18n, queue.sent)}</h2>
                <Queue items=ws.sent.clone() show=Show::Status empty=td_string!(l, queue.sent_empty) label=td_string!(l, queue.sent) testid="queue-sent"/>
            </section>
            <section class="card" aria-labelledby="q-mine">
                <h2 id="q-mine">{t!(i18n, queue.mine)}</h2>
                <Queue items=ws.mine.clone() show=Show::Status empty=td_string!(l, queue.mine_empty) label=td_string!(l, queue.mine) testid="queue-mine"/>
            </section>
        }
        .into_any()
    });
    let reviewer = ws.is_reviewer.then(|| {
        view! {
            <section class="card" aria-labelledby="q-review">
                <h2 id="q-review">{t!(i18n, queue.review)}</h2>
                <Queue items=ws.review.clone() show=Show::Registration empty=td_string!(l, queue.review_empty) label=td_string!(l, queue.review) testid="queue-review"/>
            </section>
            <section class="card" aria-labelledby="q-on-partner">
                <h2 id="q-on-partner">{t!(i18n, queue.on_partner)}</h2>
                <Queue items=ws.on_partner.clone() show=Show::Registration empty=td_string!(l, queue.on_partner_empty) label=td_string!(l, queue.on_partner) testid="queue-on-partner"/>
            </section>
        }
        .into_any()
    });
    view! { <div class="stack">{seller}{reviewer}</div> }
}

#[component]
fn Filters(ws: Workspace, filters: RwSignal<QueueFilters>) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let any = td_string!(l, queue.any);
    let select = move |id: &'static str, label: &'static str, options: Vec<(String, String)>, get: fn(&QueueFilters) -> String, set: fn(&mut QueueFilters, String)| {
        let current = filters.with_untracked(get);
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select id=id on:change=move |ev| { let v = event_target_value(&ev); filters.update(|f| set(f, v)); }>
                    <option value="" selected=current.is_empty()>{any}</option>
                    {options.into_iter().map(|(value, text)| {
                        let selected = value == current;
                        view! { <option value=value selected=selected>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="filters">
            {select("q-partner", td_string!(l, queue.filter_partner), ws.partners.into_iter().map(|p| (p.id, p.name)).collect(), |f| f.partner.clone(), |f, v| f.partner = v)}
            {select("q-country", td_string!(l, queue.filter_country), ws.countries.into_iter().map(|c| (c.clone(), country_name(l, &c))).collect(), |f| f.country.clone(), |f, v| f.country = v)}
            {select("q-solution", td_string!(l, queue.filter_solution), ws.solutions.into_iter().map(|s| (s.id, s.name)).collect(), |f| f.solution.clone(), |f, v| f.solution = v)}
        </div>
    }
    .into_any()
}

#[component]
fn Queue(items: Vec<QueueItem>, show: Show, empty: &'static str, label: &'static str, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    if items.is_empty() {
        return view! { <div class="empty-state" data-testid=testid><p class="empty-title">{empty}</p></div> }.into_any();
    }
    let last = match show {
        Show::TimeLeft => td_string!(l, queue.col_left),
        Show::Status => td_string!(l, queue.col_status),
        Show::Registration => td_string!(l, queue.col_registration),
    };
    view! {
        <div class="table-wrap">
            <table class="deals" aria-label=label data-testid=testid>
                <thead><tr>
                    <th scope="col">{t!(i18n, queue.col_deal)}</th>
                    <th scope="col">{t!(i18n, queue.col_partner)}</th>
                    <th scope="col">{t!(i18n, queue.col_customer)}</th>
                    <th scope="col">{t!(i18n, queue.col_country)}</th>
                    <th scope="col" class="num">{t!(i18n, queue.col_value)}</th>
                    <th scope="col">{last}</th>
                    <th scope="col">{t!(i18n, queue.col_updated)}</th>
                </tr></thead>
                <tbody>
                    {items.into_iter().map(|q| {
                        let detail = match show {
                            Show::TimeLeft => q.hours_left.map(|h| time_left_text(l, h)).unwrap_or_default(),
                            Show::Status => {
                                let status = status_text(l, q.status).to_string();
                                match q.hours_left {
                                    Some(h) => format!("{status} · {}", time_left_text(l, h)),
                                    None => status,
                                }
                            }
                            Show::Registration => q.registration.map(|r| registration_state_text(l, r).to_string()).unwrap_or_default(),
                        };
                        view! {
                            <tr>
                                <td><a href=format!("/deals/{}", q.id)>{q.name}</a></td>
                                <td>{q.partner_name}</td>
                                <td>{q.customer_name}</td>
                                <td>{country_name(l, &q.country)}</td>
                                <td class="num">{crate::domain::format::money(l, q.value, &q.currency)}</td>
                                <td>{detail}</td>
                                <td><LocalTime at=q.updated_at/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }.into_any()
}

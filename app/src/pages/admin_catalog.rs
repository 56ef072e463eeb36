//! For Microsoft admins: vet partner organizations for solution assessments (R-ORG-6) and manage
//! the solution catalog's co-sell readiness and incentive programs (R-CAT-1).

use crate::api::dto::{OrgView, SolutionAdminView};
use crate::api::{admin_catalog, admin_set_vetted, admin_update_solution};
use crate::components::text::app_error_text;
use crate::domain::catalog::Incentive;
use crate::i18n::*;
use leptos::prelude::*;

const INCENTIVES: [Incentive; 3] = [Incentive::AzureIpCoSell, Incentive::BizAppsPremium, Incentive::BizAppsStandard];

#[component]
pub fn CatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let data = Resource::new(move || reload.get(), |_| admin_catalog());
    view! {
        <div class="page-head"><h1>{t!(i18n, admin.catalog_title)}</h1></div>
        <Transition fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((orgs, solutions)) => view! { <Orgs orgs reload/> <Solutions solutions/> }.into_any(),
                    Err(e) => view! { <p class="banner error" role="alert">{app_error_text(i18n.get_locale_untracked(), &e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Orgs(orgs: Vec<OrgView>, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let vet = Action::new(move |(id, vetted): &(String, bool)| {
        let (id, vetted) = (id.clone(), *vetted);
        async move { admin_set_vetted(id, vetted).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = vet.value().get() {
            reload.update(|n| *n += 1);
        }
    });
    view! {
        <section class="card">
            <h2>{t!(i18n, admin.orgs)}</h2>
            <table class="plain">
                <tbody>
                    {orgs.into_iter().map(|o| {
                        let (id, vetted) = (o.id.clone(), o.vetted);
                        let label = if vetted { td_string!(l, admin.unvet, name = o.name.clone()).to_string() } else { td_string!(l, admin.vet, name = o.name.clone()).to_string() };
                        view! {
                            <tr>
                                <td><strong>{o.name.clone()}</strong> <span class="muted">" · MPN " {o.mpn_id.clone()}</span></td>
                                <td>{if vetted { t_string!(i18n, admin.vetted) } else { t_string!(i18n, admin.not_vetted) }}</td>
                                <td><button type="button" class="btn btn-small" on:click=move |_| { vet.dispatch((id.clone(), !vetted)); }>{label}</button></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn Solutions(solutions: Vec<SolutionAdminView>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h2>{t!(i18n, admin.solutions)}</h2>
            <table class="plain">
                <thead><tr>
                    <th scope="col">{t!(i18n, admin.col_solution)}</th>
                    <th scope="col">{t!(i18n, admin.col_owner)}</th>
                    <th scope="col">{t!(i18n, admin.col_ready)}</th>
                    <th scope="col">{t!(i18n, admin.col_incentive)}</th>
                    <th scope="col"><span class="visually-hidden">{t!(i18n, admin.save)}</span></th>
                </tr></thead>
                <tbody>{solutions.into_iter().map(|s| view! { <SolutionRow s/> }).collect_view()}</tbody>
            </table>
        </section>
    }
}

#[component]
fn SolutionRow(s: SolutionAdminView) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let ready = RwSignal::new(s.co_sell_ready);
    let incentive = RwSignal::new(s.incentive);
    let id = s.id.clone();
    let save = Action::new(move |_: &()| {
        let id = id.clone();
        async move { admin_update_solution(id, ready.get_untracked(), incentive.get_untracked()).await }
    });
    let ready_id = format!("ready-{}", s.id);
    let incentive_id = format!("incentive-{}", s.id);
    view! {
        <tr>
            <td>{s.name.clone()} {s.is_assessment.then(|| view! { <span class="badge">{t!(i18n, admin.assessment)}</span> })}</td>
            <td>{s.owner_name.clone()}</td>
            <td>
                <input id=ready_id type="checkbox" aria-label=td_string!(l, admin.ready_label, name = s.name.clone()).to_string()
                    prop:checked=move || ready.get() on:change=move |ev| ready.set(event_target_checked(&ev))/>
            </td>
            <td>
                <select id=incentive_id aria-label=td_string!(l, admin.incentive_label, name = s.name.clone()).to_string()
                    on:change=move |ev| incentive.set(Incentive::parse(&event_target_value(&ev)))>
                    <option value="" selected=move || incentive.get().is_none()>{t!(i18n, admin.no_incentive)}</option>
                    {INCENTIVES.into_iter().map(|i| view! { <option value=i.as_str() selected=move || incentive.get() == Some(i)>{i.as_str()}</option> }).collect_view()}
                </select>
            </td>
            <td>
                <button type="button" class="btn btn-small" aria-label=td_string!(l, admin.save_solution, name = s.name.clone()).to_string() on:click=move |_| { save.dispatch(()); }>
                    {t!(i18n, admin.save)}
                </button>
                {move || match save.value().get() {
                    Some(Ok(())) => Some(view! { <span class="muted" role="status">" ✓ " {t!(i18n, admin.saved)}</span> }.into_any()),
                    Some(Err(e)) => Some(view! { <span class="field-msg error" role="alert">{app_error_text(i18n.get_locale_untracked(), &e)}</span> }.into_any()),
                    None => None,
                }}
            </td>
        </tr>
    }
}

//! R-ORG-5, R-TYPE-7, R-CAT-4: a Microsoft seller refers a customer to a partner: find the partner
//! as you type (only partners with a co-sell-ready solution), then the New deal wizard's own
//! customer, details and solutions steps with the partner's locations and solutions, and the help
//! Microsoft offers (`wizard::REFERRAL_STEPS`).

use super::referrals::Debounce;
use super::wizard::{OpenDraft, Wizard};
use crate::domain::drafts::WizardDraft;
use crate::api::{referral_partners, referral_setup};
use crate::components::text::app_error_text;
use crate::domain::invitations::PartnerOption;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn NewReferralPage() -> impl IntoView {
    let i18n = use_i18n();
    let opening = OpenDraft::new();
    view! {
        <div class="page-head">
            <div>
                <p class="crumbs"><a href="/microsoft">{t!(i18n, queue.title)}</a></p>
                <h1>{t!(i18n, referral.title)}</h1>
                <p class="muted">{t!(i18n, referral.intro)}</p>
            </div>
        </div>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                let opened = opening.draft.await;
                let partner = opened.resume.as_ref().and_then(|(_, w)| w.partner.clone());
                view! { {opened.offers("/microsoft/referrals/new")} <ReferralForm partner resume=opened.resume/> }
            })}
        </Suspense>
    }
}

/// The partner, then the wizard for it (reopened from a draft when there is one).
#[component]
fn ReferralForm(partner: Option<PartnerOption>, resume: Option<(String, WizardDraft)>) -> impl IntoView {
    let i18n = use_i18n();
    let partner = RwSignal::new(partner);
    let resume = StoredValue::new(resume);
    let setup = Resource::new(move || partner.get().map(|p| p.id), |id| async move {
        match id {
            Some(id) => Some(referral_setup(id).await),
            None => None,
        }
    });
    view! {
        {move || match partner.get() {
            None => view! { <PartnerPicker partner/> }.into_any(),
            Some(p) => view! {
                <div class="chosen-partner">
                    <span>{t!(i18n, referral.partner)} ": " <strong>{p.name}</strong></span>
                    <button type="button" class="btn btn-quiet" on:click=move |_| { resume.set_value(None); partner.set(None) }>{t!(i18n, referral.partner_change)}</button>
                </div>
            }.into_any(),
        }}
        <Transition fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match setup.await {
                    None => ().into_any(),
                    Some(Ok(options)) => {
                        // A draft reopens only on its own partner.
                        let for_partner = |(_, w): &(String, WizardDraft)| w.partner.as_ref().map(|p| &p.id) == options.referral_to.as_ref().map(|p| &p.id);
                        let resume = resume.get_value().filter(for_partner);
                        view! { <Wizard options resume/> }.into_any()
                    }
                    Some(Err(e)) => view! { <p class="banner error" role="alert">{app_error_text(i18n.get_locale_untracked(), &e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// R-CAT-4: the partner directory, searched as the seller types.
#[component]
fn PartnerPicker(partner: RwSignal<Option<PartnerOption>>) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Vec<PartnerOption>>);
    let pending = StoredValue::new(None::<Debounce>);
    let generation = StoredValue::new(0u64);
    let search = move |text: String| {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let run = move || {
            leptos::task::spawn_local(async move {
                let result = referral_partners(text).await.unwrap_or_default();
                if generation.get_value() == mine {
                    found.set(Some(result));
                }
            });
        };
        pending.set_value(Some(Debounce::start(250, run)));
    };
    // The whole directory at first, so a seller can also browse it.
    Effect::new(move |_| search(String::new()));
    view! {
        <div class="field">
            <label for="partner-search">{t!(i18n, referral.partner_search)}</label>
            <input id="partner-search" type="search" autocomplete="off" aria-describedby="partner-hint" prop:value=move || query.get()
                on:input=move |ev| { let v = event_target_value(&ev); query.set(v.clone()); search(v); }/>
            <p id="partner-hint" class="field-hint">{t!(i18n, referral.partner_hint)}</p>
        </div>
        <div aria-live="polite">
            {move || found.get().map(|list| if list.is_empty() {
                view! { <p class="muted">{t!(i18n, referral.partner_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="suggestions partner-results">
                        {list.into_iter().map(|p| {
                            let name = p.name.clone();
                            view! { <li><button type="button" class="suggestion" on:click=move |_| partner.set(Some(p.clone()))>{name}</button></li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </div>
    }
}

//! Step Customer (R-NEW-1, R-CAT-3): country, name with suggestions, contact and consent.

use super::{Wiz, bind};
use crate::api::dto::CustomerView;
use crate::api::search_customers;
use crate::components::field::{FieldMessage, TextField};
use crate::components::text::country_name;
use crate::domain::issues::Field;
use crate::i18n::*;
use crate::pages::referrals::Debounce;
use leptos::prelude::*;

#[derive(Clone, PartialEq)]
enum Lookup {
    Idle,
    Searching,
    Found(Vec<CustomerView>),
    Failed,
}

#[component]
pub fn CustomerStep() -> impl IntoView {
    let i18n = use_i18n();
    let wiz = expect_context::<Wiz>();
    let text = RwSignal::new(wiz.customer.get_untracked().map(|c| c.name).unwrap_or_default());
    let lookup = RwSignal::new(Lookup::Idle);
    let generation = StoredValue::new(0u64);
    let pending = StoredValue::new(None::<Debounce>);

    let search = move |country: String, query: String| {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        if query.trim().chars().count() < 2 {
            lookup.set(Lookup::Idle);
            pending.set_value(None);
            return;
        }
        lookup.set(Lookup::Searching);
        let run = move || {
            leptos::task::spawn_local(async move {
                let result = search_customers(country, query).await;
                // A newer keystroke has started another search: drop this answer.
                if generation.get_value() == mine {
                    lookup.set(match result {
                        Ok(found) => Lookup::Found(found),
                        Err(_) => Lookup::Failed,
                    });
                }
            });
        };
        pending.set_value(Some(Debounce::start(250, run)));
    };

    let clear_choice = move || {
        if wiz.customer.get_untracked().is_some() {
            wiz.customer.set(None);
            wiz.edit(Field::Customer, |d| d.customer_id = None);
        }
    };
    let on_country = move |ev| {
        let country = event_target_value(&ev);
        wiz.edit(Field::CustomerCountry, |d| d.customer_country = country.clone());
        clear_choice();
        search(country, text.get_untracked());
    };
    let on_name = move |ev| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        clear_choice();
        search(wiz.draft.with_untracked(|d| d.customer_country.clone()), value);
    };
    let choose = move |c: CustomerView| {
        text.set(c.name.clone());
        let id = c.id.clone();
        wiz.customer.set(Some(c));
        wiz.edit(Field::Customer, |d| d.customer_id = Some(id));
        lookup.set(Lookup::Idle);
    };

    let countries = wiz.options.with_value(|o| o.countries.clone());
    let (c_name, c_name_in, c_name_blur) = bind(wiz, Field::ContactName, |d| &d.contact.name, |d, v| d.contact.name = v);
    let (c_phone, c_phone_in, c_phone_blur) = bind(wiz, Field::ContactPhone, |d| &d.contact.phone, |d, v| d.contact.phone = v);
    let (c_email, c_email_in, c_email_blur) = bind(wiz, Field::ContactEmail, |d| &d.contact.email, |d, v| d.contact.email = v);
    let customer_issue = wiz.issue(Field::Customer);
    let country_issue = wiz.issue(Field::CustomerCountry);
    let consent_issue = wiz.issue(Field::ContactConsent);
    view! {
        <div class="field">
            <label for="customer-country">{t!(i18n, wizard.customer.location)}<span class="req" aria-hidden="true">" *"</span></label>
            <select
                id="customer-country"
                required
                aria-describedby=move || country_issue.get().map(|_| "customer-country-msg")
                on:change=on_country
                on:blur=move |_| wiz.touch(Field::CustomerCountry)
            >
                <option value="" selected=move || wiz.draft.with(|d| d.customer_country.is_empty())>
                    {t!(i18n, wizard.customer.country_placeholder)}
                </option>
                {countries
                    .into_iter()
                    .map(|code| {
                        let selected = {
                            let code = code.clone();
                            move || wiz.draft.with(|d| d.customer_country == code)
                        };
                        view! { <option value=code.clone() selected=selected>{country_name(i18n.get_locale_untracked(), &code)}</option> }
                    })
                    .collect_view()}
            </select>
            <FieldMessage id="customer-country-msg".to_string() issue=country_issue/>
        </div>
        <div class="field combo">
            <label for="customer-name">{t!(i18n, wizard.customer.name)}<span class="req" aria-hidden="true">" *"</span></label>
            <p id="customer-name-hint" class="field-hint">{t!(i18n, wizard.customer.name_hint)}</p>
            <input
                id="customer-name"
                type="text"
                autocomplete="off"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="customer-suggestions"
                aria-expanded=move || matches!(lookup.get(), Lookup::Found(_)).to_string()
                aria-invalid=move || customer_issue.get().is_some().to_string()
                aria-describedby=move || if customer_issue.get().is_some() { "customer-name-hint customer-msg" } else { "customer-name-hint" }
                prop:value=move || text.get()
                on:input=on_name
                on:blur=move |_| wiz.touch(Field::Customer)
            />
            <div aria-live="polite" class="combo-status">
                {move || match lookup.get() {
                    Lookup::Searching => Some(view! { <p class="muted">{t!(i18n, wizard.customer.searching)}</p> }.into_any()),
                    Lookup::Found(list) if list.is_empty() => Some(view! { <p class="muted">{t!(i18n, wizard.customer.no_matches)}</p> }.into_any()),
                    Lookup::Failed => Some(view! { <p class="field-msg error">{t!(i18n, errors.transport)}</p> }.into_any()),
                    _ => None,
                }}
            </div>
            <ul id="customer-suggestions" role="listbox" class="suggestions" aria-label=move || t_string!(i18n, wizard.customer.name).to_string()>
                {move || match lookup.get() {
                    Lookup::Found(list) => list
                        .into_iter()
                        .map(|c| {
                            let pick = c.clone();
                            view! {
                                <li role="option" aria-selected="false">
                                    <button type="button" class="suggestion" on:click=move |_| choose(pick.clone())>
                                        <span class="s-name">{c.name.clone()}</span>
                                        <span class="s-addr">{format!("{}, {} {}", c.street, c.city, c.postal_code)}</span>
                                        <span class="s-duns">{t!(i18n, wizard.customer.duns)} " " {c.duns.clone()}</span>
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any(),
                    _ => ().into_any(),
                }}
            </ul>
            {move || wiz.customer.get().map(|c| view! {
                <div class="chosen" data-testid="chosen-customer">
                    <strong>{t!(i18n, wizard.customer.chosen)} ": "</strong>
                    {c.name.clone()} " · " {format!("{}, {}", c.street, c.city)} " · " {t!(i18n, wizard.customer.duns)} " " {c.duns.clone()}
                </div>
            })}
            <FieldMessage id="customer-msg".to_string() issue=customer_issue/>
        </div>
        <fieldset class="group">
            <legend>{t!(i18n, wizard.customer.contact_legend)}</legend>
            <p class="field-hint">{t!(i18n, wizard.customer.contact_hint)}</p>
            <div class="grid-3">
                <TextField id="contact-name" label=t_string!(i18n, wizard.customer.contact_name) value=c_name on_input=c_name_in on_blur=c_name_blur issue=wiz.issue(Field::ContactName) autocomplete="off"/>
                <TextField id="contact-phone" label=t_string!(i18n, wizard.customer.contact_phone) kind="tel" value=c_phone on_input=c_phone_in on_blur=c_phone_blur issue=wiz.issue(Field::ContactPhone) autocomplete="off"/>
                <TextField id="contact-email" label=t_string!(i18n, wizard.customer.contact_email) kind="email" value=c_email on_input=c_email_in on_blur=c_email_blur issue=wiz.issue(Field::ContactEmail) autocomplete="off"/>
            </div>
            <div class="check">
                <input
                    id="contact-consent"
                    type="checkbox"
                    prop:checked=move || wiz.draft.with(|d| d.contact.consent)
                    aria-describedby=move || consent_issue.get().map(|_| "contact-consent-msg")
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        wiz.edit(Field::ContactConsent, |d| d.contact.consent = on);
                    }
                />
                <label for="contact-consent">{t!(i18n, wizard.customer.consent)}</label>
            </div>
            <FieldMessage id="contact-consent-msg".to_string() issue=consent_issue/>
            <div class="check">
                <input
                    id="contact-share"
                    type="checkbox"
                    prop:checked=move || wiz.draft.with(|d| d.contact.share_with_partners)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        wiz.edit(Field::ContactConsent, |d| d.contact.share_with_partners = on);
                    }
                />
                <label for="contact-share">{t!(i18n, wizard.customer.share_with_partners)}</label>
            </div>
        </fieldset>
    }
}

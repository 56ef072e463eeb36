//! Step Deal details (R-NEW-2).

use super::{Wiz, bind};
use crate::components::field::{FieldMessage, TextField};
use crate::components::text::country_name;
use crate::domain::issues::Field;
use crate::domain::money::CURRENCIES;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn DetailsStep() -> impl IntoView {
    let i18n = use_i18n();
    let wiz = expect_context::<Wiz>();
    let (name, name_in, name_blur) = bind(wiz, Field::DealName, |d| &d.deal_name, |d, v| d.deal_name = v);
    let (value, value_in, value_blur) = bind(wiz, Field::Value, |d| &d.value, |d, v| d.value = v);
    let (close, close_in, close_blur) = bind(wiz, Field::CloseDate, |d| &d.close_date, |d, v| d.close_date = v);
    let (crm, crm_in, crm_blur) = bind(wiz, Field::CrmId, |d| &d.crm_id, |d, v| d.crm_id = v);
    let (campaign, campaign_in, campaign_blur) = bind(wiz, Field::CampaignId, |d| &d.campaign_id, |d, v| d.campaign_id = v);
    let (notes, notes_in, notes_blur) = bind(wiz, Field::Notes, |d| &d.notes, |d, v| d.notes = v);
    let locations = wiz.options.with_value(|o| o.locations.clone());
    let location_issue = wiz.issue(Field::Location);
    let currency_issue = wiz.issue(Field::Currency);
    let l = i18n.get_locale_untracked();
    view! {
        <TextField id="deal-name" label=t_string!(i18n, wizard.details.deal_name) value=name on_input=name_in on_blur=name_blur issue=wiz.issue(Field::DealName) required=true/>
        <div class="field">
            <label for="location">{t!(i18n, wizard.details.location)}<span class="req" aria-hidden="true">" *"</span></label>
            <p id="location-hint" class="field-hint">{t!(i18n, wizard.details.location_hint)}</p>
            <select
                id="location"
                required
                aria-describedby=move || if location_issue.get().is_some() { "location-hint location-msg" } else { "location-hint" }
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    wiz.edit(Field::Location, |d| d.location_id = v);
                }
            >
                {locations
                    .into_iter()
                    .map(|loc| {
                        let id = loc.id.clone();
                        let selected = move || wiz.draft.with(|d| d.location_id == id);
                        view! {
                            <option value=loc.id.clone() selected=selected>
                                {format!("{}, {} ({})", loc.city, country_name(l, &loc.country), loc.mpn_location_id)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <FieldMessage id="location-msg".to_string() issue=location_issue/>
        </div>
        <div class="grid-2 money">
            <TextField id="value" label=t_string!(i18n, wizard.details.value) value=value on_input=value_in on_blur=value_blur issue=wiz.issue(Field::Value) required=true input_mode="decimal"/>
            <div class="field">
                <label for="currency">{t!(i18n, wizard.details.currency)}</label>
                <select
                    id="currency"
                    aria-describedby=move || currency_issue.get().map(|_| "currency-msg")
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        wiz.edit(Field::Currency, |d| d.currency = v);
                    }
                >
                    {CURRENCIES
                        .iter()
                        .map(|c| {
                            let selected = move || wiz.draft.with(|d| d.currency == *c);
                            view! { <option value=*c selected=selected>{*c}</option> }
                        })
                        .collect_view()}
                </select>
                <FieldMessage id="currency-msg".to_string() issue=currency_issue/>
            </div>
        </div>
        <TextField id="close-date" label=t_string!(i18n, wizard.details.close_date) kind="date" value=close on_input=close_in on_blur=close_blur issue=wiz.issue(Field::CloseDate) required=true/>
        <div class="grid-2">
            <TextField id="crm-id" label=t_string!(i18n, wizard.details.crm_id) value=crm on_input=crm_in on_blur=crm_blur issue=wiz.issue(Field::CrmId)/>
            <TextField id="campaign-id" label=t_string!(i18n, wizard.details.campaign_id) value=campaign on_input=campaign_in on_blur=campaign_blur issue=wiz.issue(Field::CampaignId)/>
        </div>
        <TextField id="notes" label=t_string!(i18n, wizard.details.notes) hint=t_string!(i18n, wizard.details.notes_hint) value=notes on_input=notes_in on_blur=notes_blur issue=wiz.issue(Field::Notes) multiline=true/>
    }
}

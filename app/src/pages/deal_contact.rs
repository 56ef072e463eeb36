//! The deal page's customer contact form (R-NEW-1): the contact and the customer's two consents,
//! editable while the deal is open, so a deal created without them can still become co-sell. And
//! the moves the page does not offer, each with the rule that stops it.

use crate::components::field::{FieldMessage, TextField, bind};
use crate::components::text::refused_text;
use crate::domain::actions::DealAction;
use crate::domain::contact::ContactDraft;
use crate::domain::issues::{Field, Issue};
use crate::domain::lifecycle::{NotOffered, Offer};
use crate::i18n::*;
use crate::pages::deal_panel::{EditPanel, OnAct, Panel};
use leptos::prelude::*;

#[component]
pub fn EditContact(
    current: ContactDraft,
    open: RwSignal<Option<Panel>>,
    #[prop(into)] send: OnAct,
    issue: impl Fn(Field) -> Signal<Option<Issue>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let draft = RwSignal::new(current.clone());
    let text = move |get, set| bind(draft, get, set);
    let (name, name_in) = text(|d| d.name.clone(), |d, v| d.name = v);
    let (phone, phone_in) = text(|d| d.phone.clone(), |d, v| d.phone = v);
    let (email, email_in) = text(|d| d.email.clone(), |d, v| d.email = v);
    let consent_issue = issue(Field::ContactConsent);
    let save = move |_| send.run((DealAction::EditContact(draft.get_untracked()), td_string!(l, contact.saved).to_string()));
    let reset = move |_| draft.set(current.clone());
    let check = move |id: &'static str, label: String, get: fn(&ContactDraft) -> bool, set: fn(&mut ContactDraft, bool)| {
        view! {
            <div class="check">
                <input type="checkbox" id=id prop:checked=move || draft.with(get)
                    aria-describedby=move || (id == "edit-contact-consent" && consent_issue.get().is_some()).then_some("edit-contact-consent-msg")
                    on:change=move |ev| draft.update(|d| set(d, event_target_checked(&ev)))/>
                <label for=id>{label}</label>
            </div>
        }
    };
    view! {
        <EditPanel panel=Panel::Contact open title=t_string!(i18n, contact.title) open_label=t_string!(i18n, contact.edit)
            on_save=Callback::new(save) on_cancel=Callback::new(reset)>
            <div class="grid-3">
                <TextField id="edit-contact-name" label=t_string!(i18n, wizard.customer.contact_name) value=name on_input=name_in issue=issue(Field::ContactName) autocomplete="off"/>
                <TextField id="edit-contact-phone" label=t_string!(i18n, wizard.customer.contact_phone) kind="tel" value=phone on_input=phone_in issue=issue(Field::ContactPhone) autocomplete="off"/>
                <TextField id="edit-contact-email" label=t_string!(i18n, wizard.customer.contact_email) kind="email" value=email on_input=email_in issue=issue(Field::ContactEmail) autocomplete="off"/>
            </div>
            {check("edit-contact-consent", t_string!(i18n, wizard.customer.consent).to_string(), |d| d.consent, |d, v| d.consent = v)}
            <FieldMessage id="edit-contact-consent-msg".to_string() issue=consent_issue/>
            {check("edit-contact-share", t_string!(i18n, wizard.customer.share_with_partners).to_string(), |d| d.share_with_partners, |d, v| d.share_with_partners = v)}
            <p class="muted">{t!(i18n, contact.hint)}</p>
        </EditPanel>
    }
}

/// Why the page does not offer a move the deal's owner may look for.
#[component]
pub fn NotOfferedList(items: Vec<NotOffered>) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let line = move |n: NotOffered| {
        let offer = match n.offer {
            Offer::InviteMicrosoft => td_string!(l, contact.offer_invite_microsoft),
            Offer::GiveVisibility => td_string!(l, contact.offer_visibility),
            Offer::InvitePartner => td_string!(l, contact.offer_invite_partner),
            Offer::Win => td_string!(l, contact.offer_win),
        };
        view! { <li><strong>{offer}</strong>" " {refused_text(l, &n.reason)}</li> }
    };
    (!items.is_empty()).then(|| {
        view! {
            <div class="next-group" data-testid="not-offered">
                <h3>{t!(i18n, contact.not_offered_title)}</h3>
                <ul class="plain">{items.into_iter().map(line).collect_view()}</ul>
            </div>
        }
    })
}

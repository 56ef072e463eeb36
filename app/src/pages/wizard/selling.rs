//! Step Selling type (§3a): Q-HELP and Q-VIEW, partners to invite (R-NEW-5, R-TYPE-4), and the
//! resulting type shown live (R-TYPE-0..4).

use super::Wiz;
use crate::components::field::FieldMessage;
use crate::components::text::{deal_type_explanation, deal_type_text, help_text};
use crate::domain::catalog::help_options;
use crate::domain::deal::HelpNeeded;
use crate::domain::invitations::{self, InvitationContext, InvitationDraft};
use crate::domain::issues::{Code, Field, Issues};
use crate::domain::money::Amount;
use crate::domain::solutions;
use crate::domain::team;
use crate::domain::wizard::{self, Step};
use crate::pages::invitation_fields::{InvitationFields, Person};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn SellingStep() -> impl IntoView {
    let wiz = expect_context::<Wiz>();
    if wiz.referral_to().is_some() {
        return view! { <MicrosoftHelp/> }.into_any();
    }
    view! { <PartnerSelling/> }.into_any()
}

/// R-ORG-5: on a Microsoft referral the selling step is the help Microsoft offers (never none).
#[component]
fn MicrosoftHelp() -> impl IntoView {
    let i18n = use_i18n();
    let wiz = expect_context::<Wiz>();
    let help = move || wiz.draft.with(|d| d.help);
    view! {
        <div class="field">
            <label for="help">{t!(i18n, referral.help)}</label>
            <select
                id="help"
                aria-describedby="help-msg"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    wiz.edit(Field::Help, |d| d.help = HelpNeeded::parse(&v).unwrap_or(HelpNeeded::None));
                }
            >
                {help_options()
                    .iter()
                    .filter(|h| **h != HelpNeeded::None)
                    .map(|h| {
                        let h = *h;
                        view! { <option value=h.as_str() selected=move || help() == h>{move || help_text(i18n.get_locale(), h)}</option> }
                    })
                    .collect_view()}
            </select>
            <FieldMessage id="help-msg".to_string() issue=wiz.issue(Field::Help)/>
        </div>
        <p class="muted">{t!(i18n, referral.co_sell_note)}</p>
    }
}

#[component]
fn PartnerSelling() -> impl IntoView {
    let i18n = use_i18n();
    let wiz = expect_context::<Wiz>();
    let help = move || wiz.draft.with(|d| d.help);
    let forced = move || help() != HelpNeeded::None;
    let share = move || forced() || wiz.draft.with(|d| d.share_with_microsoft);
    let deal_type = move || wiz.with_ctx(wizard::deal_type);
    let contact_missing = move || {
        let issues = wiz.step_issues(Step::Selling);
        [Field::ContactName, Field::ContactPhone, Field::ContactEmail, Field::ContactConsent]
            .iter()
            .any(|f| issues.for_field(*f).is_some_and(|i| i.is_error()))
    };
    let set_share = move |yes: bool| wiz.edit(Field::ShareWithMicrosoft, |d| d.share_with_microsoft = yes);
    view! {
        <div class="field">
            <label for="help">{t!(i18n, wizard.selling.help)}</label>
            <select
                id="help"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    wiz.edit(Field::Help, |d| d.help = HelpNeeded::parse(&v).unwrap_or(HelpNeeded::None));
                }
            >
                {help_options()
                    .iter()
                    .map(|h| {
                        let h = *h;
                        view! { <option value=h.as_str() selected=move || help() == h>{move || help_text(i18n.get_locale(), h)}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
        <fieldset class="group radios" aria-describedby="share-hint share-msg">
            <legend>{t!(i18n, wizard.selling.view)}</legend>
            <div class="radio">
                <input id="share-yes" type="radio" name="share" prop:checked=share disabled=forced on:change=move |_| set_share(true)/>
                <label for="share-yes">{t!(i18n, wizard.selling.yes)}</label>
            </div>
            <div class="radio">
                <input id="share-no" type="radio" name="share" prop:checked=move || !share() disabled=forced on:change=move |_| set_share(false)/>
                <label for="share-no">{t!(i18n, wizard.selling.no)}</label>
            </div>
            <p id="share-hint" class="field-hint">{move || forced().then(|| t_string!(i18n, wizard.selling.forced_yes))}</p>
            <FieldMessage id="share-msg".to_string() issue=Signal::derive(move || wiz.step_issues(Step::Selling).for_field(Field::ShareWithMicrosoft).cloned())/>
        </fieldset>
        <div class="type-live" aria-live="polite" data-testid="live-type">
            <span class="muted">{t!(i18n, wizard.selling.type_label)} ": "</span>
            <strong>{move || deal_type_text(i18n.get_locale(), deal_type())}</strong>
            <p class="muted">{move || deal_type_explanation(i18n.get_locale(), deal_type())}</p>
        </div>
        <Show when=contact_missing>
            <div class="banner warning" role="alert">
                <p>{t!(i18n, wizard.selling.contact_missing)}</p>
                <button type="button" class="btn" on:click=move |_| wiz.step.set(Step::Customer)>{t!(i18n, wizard.selling.go_customer)}</button>
            </div>
        </Show>
        <Partners/>
    }
}

fn money(l: Locale, inv: &InvitationDraft) -> String {
    Amount::parse(&inv.value).map(|a| crate::domain::format::money(l, a.value(), &inv.currency)).unwrap_or_default()
}

/// R-NEW-5: the partners invited with the deal. Each invitation is checked by the domain's own
/// parser when it is added, against the team as typed; the server checks them all again.
#[component]
fn Partners() -> impl IntoView {
    let i18n = use_i18n();
    let wiz = expect_context::<Wiz>();
    // The form's own draft lives as long as the step; `adding` says whether the form is open.
    let draft = RwSignal::new(InvitationDraft::default());
    let adding = RwSignal::new(false);
    let issues = RwSignal::new(Issues::default());
    let issue = move |f: Field| Signal::derive(move || issues.with(|i| i.for_field(f).cloned()));
    let open_form = move |_| {
        let fresh = wiz.draft.with_untracked(|d| InvitationDraft {
            close_date: d.close_date.clone(),
            currency: d.currency.clone(),
            team_emails: d.team.iter().map(|m| m.email.trim().to_string()).filter(|e| !e.is_empty()).collect(),
            ..Default::default()
        });
        issues.set(Issues::default());
        draft.set(fresh);
        adding.set(true);
    };
    let add = move |_| {
        let invitation = draft.get_untracked();
        let mut found = wiz.with_ctx(|d, ctx| {
            let team = team::parse(&d.team, 0, &mut Issues::default());
            let mut found = Issues::default();
            invitations::parse(&invitation, &InvitationContext { team: &team, catalog: ctx.catalog, partners: ctx.partners }, &mut found);
            found
        });
        if wiz.draft.with_untracked(|d| d.invitations.iter().any(|i| i.partner_org_id == invitation.partner_org_id)) {
            found.error(Field::Partner, Code::DuplicatePartner);
        }
        if found.has_errors() {
            issues.set(found);
        } else {
            wiz.edit(Field::Invitation(wiz.draft.with_untracked(|d| d.invitations.len())), |d| d.invitations.push(invitation));
            adding.set(false);
        }
    };
    let partner_name = move |id: &str| wiz.options.with_value(|o| o.partners.iter().find(|p| p.id == id).map(|p| p.name.clone()).unwrap_or_default());
    view! {
        <fieldset class="group" data-testid="wizard-partners">
            <legend>{t!(i18n, wizard.selling.partners_legend)}</legend>
            <p class="muted">{t!(i18n, wizard.selling.partners_hint)}</p>
            <ul class="plain-list">
                {move || wiz.draft.with(|d| d.invitations.clone()).into_iter().enumerate().map(|(i, inv)| {
                    let name = partner_name(&inv.partner_org_id);
                    let remove_label = t_string!(i18n, wizard.selling.remove_partner, name = name.clone()).to_string();
                    view! {
                        <li class="row-between">
                            <span><strong>{name}</strong> <span class="muted">" · " {money(i18n.get_locale(), &inv)} " · " {crate::domain::format::typed_date(i18n.get_locale(), &inv.close_date)}</span></span>
                            <button type="button" class="btn btn-quiet" aria-label=remove_label
                                on:click=move |_| wiz.edit(Field::Invitation(i), |d| { d.invitations.remove(i); })>{t!(i18n, wizard.selling.remove)}</button>
                            <FieldMessage id=format!("invitation-{i}-msg") issue=wiz.issue(Field::Invitation(i))/>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || match adding.get() {
                false => view! { <button type="button" class="btn" on:click=open_form>{t!(i18n, invite.open)}</button> }.into_any(),
                true => {
                    let (partners, catalog, people) = wiz.with_ctx(|d, ctx| {
                        let taken: Vec<&str> = d.invitations.iter().map(|i| i.partner_org_id.as_str()).collect();
                        let partners = ctx.partners.iter().filter(|p| !taken.contains(&p.id.as_str())).cloned().collect::<Vec<_>>();
                        let catalog = ctx.catalog.iter().filter(|s| !solutions::is_assessment(s)).cloned().collect::<Vec<_>>();
                        let people = d.team.iter().filter(|m| !m.email.trim().is_empty())
                            .map(|m| Person { name: m.name.clone(), email: m.email.trim().to_string() }).collect::<Vec<_>>();
                        (partners, catalog, people)
                    });
                    view! {
                        <div class="subform" data-testid="wizard-invitation">
                            <InvitationFields draft partners catalog team=people issue/>
                            <div class="actions">
                                <button type="button" class="btn btn-primary" on:click=add>{t!(i18n, wizard.selling.add_partner)}</button>
                                <button type="button" class="btn" on:click=move |_| adding.set(false)>{t!(i18n, next.cancel)}</button>
                            </div>
                        </div>
                    }.into_any()
                }
            }}
        </fieldset>
    }
}

//! A deal's page: everything entered, its state, and its history (X-AUDIT).

use crate::api::dto::{DealView, InvitationView, MicrosoftView, PartyView};
use crate::domain::details::DetailsDraft;
use crate::domain::lifecycle::MicrosoftStatus;
use crate::api::{AppError, get_deal};
use crate::components::text::{
    app_error_text, country_name, decline_reason_text, deal_type_explanation, deal_type_text, event_text, help_text,
    invitation_status_text, microsoft_level_text, stage_text, status_text,
};
use crate::components::time::LocalTime;
use crate::domain::format;
use crate::i18n::*;
use crate::pages::deal_actions::NextStepsCard;
use crate::pages::deal_panel::DealPageState;
use crate::pages::deal_registration::RegistrationStatus;
use crate::pages::deal_solutions::SolutionsCard;
use crate::pages::deal_team::TeamCard;
use crate::domain::deal::Status;
use crate::pages::not_found::NotFound;
use crate::pages::referrals::FavoriteButton;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn DealPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let page = DealPageState { reload: RwSignal::new(0), flash: RwSignal::new(None) };
    provide_context(page);
    let live = crate::components::live::LiveUpdates::get();
    let deal = Resource::new(move || (id(), page.reload.get(), live.of(&id())), |(id, _, _)| get_deal(id));
    view! {
        {move || page.flash.get().map(|text| view! { <p class="banner success" role="status" data-testid="flash">{text}</p> })}
        <Transition fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match deal.await {
                    Ok(deal) => view! { <DealDetails deal/> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(e) => view! { <p class="banner error" role="alert">{app_error_text(i18n.get_locale_untracked(), &e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn or_dash(value: Option<String>) -> String {
    value.filter(|v| !v.is_empty()).unwrap_or_else(|| "—".to_string())
}

#[component]
fn Item(#[prop(into)] label: String, children: Children) -> impl IntoView {
    view! {
        <div class="item">
            <dt>{label}</dt>
            <dd>{children()}</dd>
        </div>
    }
}

#[component]
fn DealDetails(deal: DealView) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let just_created = use_query_map().with_untracked(|q| q.get("created").is_some());
    let just_referred = use_query_map().with_untracked(|q| q.get("referred").is_some());
    let stage = stage_text(l, deal.stage);
    let stage_badge = stage.clone();
    let c = deal.customer.clone();
    let address = format!("{}, {}, {} {}, {}", c.street, c.city, c.state, c.postal_code, country_name(l, &c.country));
    let location = format!("{}, {} ({})", deal.location.city, country_name(l, &deal.location.country), deal.location.mpn_location_id);
    let yes_no = move |b: bool| if b { td_string!(l, common.yes) } else { td_string!(l, common.no) };
    // Type-erased parts keep the view type within the compiler's recursion limit.
    let current = DetailsDraft {
        name: deal.name.clone(),
        value: deal.value.to_string(),
        currency: deal.currency.clone(),
        close_date: deal.close_date.format("%Y-%m-%d").to_string(),
        notes: deal.notes.clone().unwrap_or_default(),
        crm_id: deal.crm_id.clone().unwrap_or_default(),
        campaign_id: deal.campaign_id.clone().unwrap_or_default(),
    };
    let next = view! { <NextStepsCard id=deal.id.clone() next=deal.next.clone() current contact=deal.contact.clone() team=deal.team.clone() solutions=deal.solutions.clone()/> }.into_any();
    let microsoft = view! { <MicrosoftCard microsoft=deal.microsoft.clone()/> }.into_any();
    let solutions = view! { <SolutionsCard id=deal.id.clone() solutions=deal.solutions.clone() editable=deal.next.edit/> }.into_any();
    let team = view! { <TeamCard id=deal.id.clone() team=deal.team.clone() editable=deal.next.edit/> }.into_any();
    let shows_registration = matches!(deal.status, Status::Accepted | Status::Won | Status::Lost);
    let registration = shows_registration.then(|| view! { <RegistrationStatus registration=deal.registration.clone()/> }.into_any());
    let cards = view! {
        <div class="cards">
            <section class="card" aria-labelledby="sec-customer">
                <h2 id="sec-customer">{t!(i18n, deal.sections.customer)}</h2>
                <dl>
                    <Item label=t_string!(i18n, deal.fields.customer_name)>{c.name.clone()}</Item>
                    <Item label=t_string!(i18n, deal.fields.address)>{address}</Item>
                    <Item label=t_string!(i18n, deal.fields.duns)>{c.duns.clone()}</Item>
                    <Item label=t_string!(i18n, deal.fields.contact_name)>{or_dash(Some(deal.contact.name.clone()))}</Item>
                    <Item label=t_string!(i18n, deal.fields.contact_phone)>{or_dash(Some(deal.contact.phone.clone()))}</Item>
                    <Item label=t_string!(i18n, deal.fields.contact_email)>{or_dash(Some(deal.contact.email.clone()))}</Item>
                    <Item label=t_string!(i18n, deal.fields.consent)>{yes_no(deal.contact.consent)}</Item>
                    <Item label=t_string!(i18n, deal.fields.share_with_partners)>{yes_no(deal.contact.share_with_partners)}</Item>
                </dl>
            </section>
            <section class="card" aria-labelledby="sec-details">
                <h2 id="sec-details">{t!(i18n, deal.sections.details)}</h2>
                <dl>
                    <Item label=t_string!(i18n, deal.fields.stage)>{stage.clone()}</Item>
                    <Item label=t_string!(i18n, deal.fields.location)>{location}</Item>
                    <Item label=t_string!(i18n, deal.fields.value)>{format::money(l, deal.value, &deal.currency)}</Item>
                    <Item label=t_string!(i18n, deal.fields.close_date)>{format::date(l, deal.close_date)}</Item>
                    <Item label=t_string!(i18n, deal.fields.crm_id)>{or_dash(deal.crm_id.clone())}</Item>
                    <Item label=t_string!(i18n, deal.fields.campaign_id)>{or_dash(deal.campaign_id.clone())}</Item>
                    <Item label=t_string!(i18n, deal.fields.notes)><span class="pre">{or_dash(deal.notes.clone())}</span></Item>
                    <Item label=t_string!(i18n, deal.fields.engagement)><code>{deal.engagement_id.clone()}</code></Item>
                    <Item label=t_string!(i18n, deal.fields.created)>
                        <LocalTime at=deal.created_at/>
                        {deal.created_by.clone().map(|n| view! { " · " {n} })}
                    </Item>
                    <Item label=t_string!(i18n, deal.fields.updated)><LocalTime at=deal.updated_at/></Item>
                </dl>
            </section>
            <section class="card" aria-labelledby="sec-selling">
                <h2 id="sec-selling">{t!(i18n, deal.sections.selling)}</h2>
                <dl>
                    <Item label=t_string!(i18n, deal.fields.help)>{help_text(l, deal.help)}</Item>
                    <Item label=t_string!(i18n, deal.fields.microsoft)>{microsoft_level_text(l, deal.microsoft_level)}</Item>
                </dl>
                {microsoft}
            </section>
            <Invitations invitations=deal.invitations.clone()/>
            <Engagement parties=deal.parties.clone() contact_shared=deal.contact.share_with_partners/>
            {registration}
            {team}
            {solutions}
            <section class="card" aria-labelledby="sec-history">
                <h2 id="sec-history">{t!(i18n, deal.sections.history)}</h2>
                <ol class="timeline">
                    {deal.events.iter().map(|e| view! {
                        <li>
                            <LocalTime at=e.at/>
                            " — " {event_text(l, e.kind)}
                            {e.actor_name.clone().map(|n| view! { " · " {n} })}
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        </div>
    }
    .into_any();
    view! {
        {just_created.then(|| view! { <p class="banner success" role="status">{t!(i18n, deal.created_banner)}</p> })}
        {just_referred.then(|| view! { <p class="banner success" role="status">{t!(i18n, referral.sent)}</p> })}
        <div class="page-head">
            <div>
                <p class="crumbs"><a href="/referrals/outbound">{t!(i18n, deal.back)}</a></p>
                <h1>{deal.name.clone()}</h1>
                <p class="chips">
                    <span class="badge" data-testid="deal-type">{deal_type_text(l, deal.deal_type)}</span>
                    <span class="badge badge-status" data-testid="deal-status">{status_text(l, deal.status)}</span>
                    <span class="badge badge-stage" data-testid="deal-stage">{stage_badge}</span>
                </p>
            </div>
            <FavoriteButton id=deal.id.clone() initial=deal.favorite name=deal.name.clone()/>
        </div>
        {deal.sender_name.clone().map(|name| view! { <p class="banner info" data-testid="invited-by">{t!(i18n, deal.invited_by, name)}</p> })}
        <p class="type-explainer">{deal_type_explanation(l, deal.deal_type)}</p>
        {next}
        {cards}
    }
}

/// R-NEW-5: the partners a deal invited and how each answered.
#[component]
fn Invitations(invitations: Vec<InvitationView>) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    (!invitations.is_empty()).then(|| view! {
        <section class="card" aria-labelledby="sec-invitations">
            <h2 id="sec-invitations">{t!(i18n, deal.invitations.title)}</h2>
            <table class="plain">
                <thead><tr>
                    <th scope="col">{t!(i18n, deal.invitations.partner)}</th>
                    <th scope="col">{t!(i18n, deal.invitations.status)}</th>
                    <th scope="col">{t!(i18n, deal.invitations.value)}</th>
                    <th scope="col">{t!(i18n, deal.invitations.close_date)}</th>
                </tr></thead>
                <tbody>
                    {invitations.iter().map(|i| view! {
                        <tr>
                            <td>{i.partner_name.clone()}</td>
                            <td>{invitation_status_text(l, i.status)}</td>
                            <td>{format::money(l, i.value, &i.currency)}</td>
                            <td>{format::date(l, i.close_date)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    })
}

/// R-LIFE-6: the other companies' deals of this engagement, linked, and what they may read of ours.
#[component]
fn Engagement(parties: Vec<PartyView>, contact_shared: bool) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    (!parties.is_empty()).then(|| view! {
        <section class="card" aria-labelledby="sec-engagement" data-testid="engagement">
            <h2 id="sec-engagement">{t!(i18n, deal.engagement.title)}</h2>
            <ul class="plain">
                {parties.iter().map(|p| {
                    let role = if p.originator { td_string!(l, deal.engagement.originator) } else { td_string!(l, deal.engagement.invited) };
                    view! {
                        <li>
                            <a href=format!("/deals/{}", p.deal_id)>{p.org_name.clone()}</a>
                            " · " {role} " · " {status_text(l, p.status)}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="muted">
                {if contact_shared { td_string!(l, deal.engagement.contact_shared) } else { td_string!(l, deal.engagement.contact_private) }}
                " " {t!(i18n, deal.engagement.private_parts)}
            </p>
        </section>
    })
}

/// R-LIFE-5: Microsoft's answer to a co-sell invitation, with the time it has left.
#[component]
fn MicrosoftCard(microsoft: MicrosoftView) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let status = microsoft.status?;
    let text = match status {
        MicrosoftStatus::Pending => {
            let h = microsoft.hours_left.unwrap_or(0);
            td_string!(l, deal.microsoft.pending, left = crate::domain::format::days_hours(l, h)).to_string()
        }
        MicrosoftStatus::Accepted => td_string!(l, deal.microsoft.accepted).to_string(),
        MicrosoftStatus::Declined => {
            let reason = microsoft.decline_reason.map(|r| decline_reason_text(l, r)).unwrap_or("—");
            td_string!(l, deal.microsoft.declined, reason = reason).to_string()
        }
        MicrosoftStatus::Expired => td_string!(l, deal.microsoft.expired).to_string(),
        MicrosoftStatus::Won => td_string!(l, deal.microsoft.won).to_string(),
    };
    let seller = microsoft.seller_name.map(|name| {
        let email = microsoft.seller_email.unwrap_or_default();
        view! { <p>{t!(i18n, deal.microsoft.seller)} " " <strong>{name}</strong> " · " <a href=format!("mailto:{email}")>{email.clone()}</a></p> }
    });
    Some(view! {
        <div class="microsoft-card" data-testid="microsoft-card">
            <p><strong>{text}</strong></p>
            {seller}
        </div>
    })
}

//! A deal as one viewer may read it: built from the loaded `Deal` by one pure function, with what
//! this viewer may see decided by `domain::privacy` and what they may do by the lifecycle.

use super::{CustomerView, DealView, EventView, InvitationView, LocationOption, MemberView, MicrosoftView, PartyView, RegistrationView};
use crate::domain::actor::Actor;
use crate::domain::catalog::SolutionInfo;
use crate::domain::lifecycle::{self, Deal, Outcome};
use crate::domain::privacy;
use chrono::{DateTime, Utc};

/// What the view shows that the deal itself does not hold: names and records kept beside it.
#[derive(Debug, Clone)]
pub struct DealFacts {
    pub org_name: String,
    pub customer: CustomerView,
    pub location: LocationOption,
    /// The deal's solutions, categorized from the viewer's side (R-CAT-2).
    pub solutions: Vec<SolutionInfo>,
    pub created_by: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub favorite: bool,
    pub events: Vec<EventView>,
    pub sender_name: Option<String>,
    pub parties: Vec<PartyView>,
}

pub fn deal_view(deal: &Deal, viewer: &Actor, now: DateTime<Utc>, facts: DealFacts) -> DealView {
    let seen = privacy::seen_by(deal, viewer);
    DealView {
        id: deal.id.clone(),
        engagement_id: deal.engagement_id.clone(),
        org_name: facts.org_name,
        name: seen.details.name.to_string(),
        direction: seen.direction,
        status: seen.status,
        stage: seen.stage,
        deal_type: seen.deal_type(),
        microsoft_level: seen.microsoft.level,
        help: seen.help,
        customer: facts.customer,
        contact: seen.contact.draft(),
        location: facts.location,
        value: seen.details.value.value(),
        currency: seen.details.currency.as_str().to_string(),
        close_date: seen.details.close_date,
        crm_id: seen.details.crm_id.as_ref().map(ToString::to_string),
        campaign_id: seen.details.campaign_id.as_ref().map(ToString::to_string),
        notes: seen.details.notes.as_ref().map(ToString::to_string),
        team: seen
            .team
            .iter()
            .map(|m| MemberView {
                name: m.person.name.to_string(),
                phone: m.person.phone.to_string(),
                email: m.person.email.to_string(),
                own: m.org_id == viewer.org_id,
            })
            .collect(),
        solutions: facts.solutions,
        created_by: facts.created_by,
        created_at: deal.created_at,
        updated_at: facts.updated_at,
        favorite: facts.favorite,
        events: facts.events,
        invitations: seen
            .invitations
            .iter()
            .map(|i| InvitationView {
                partner_name: i.partner_name.clone(),
                status: i.status,
                value: i.value.value(),
                currency: i.currency.as_str().to_string(),
                close_date: i.close_date,
            })
            .collect(),
        parties: facts.parties,
        sender_name: facts.sender_name,
        next: lifecycle::next_steps(deal, viewer, now),
        registration: RegistrationView {
            eligibility: lifecycle::registration_eligibility(&seen, &Default::default()),
            state: seen.registration.as_ref().map(|r| r.state),
            early_win_warning: seen.registration.as_ref().is_some_and(|r| r.early_win_warning)
                || matches!(seen.outcome, Some(Outcome::Won { early: true })),
            reviewer_message: seen.registration.as_ref().and_then(|r| r.reviewer_message.clone()),
        },
        microsoft: MicrosoftView {
            status: deal.microsoft.status,
            hours_left: deal.microsoft_time_left(now).map(|left| left.num_hours()),
            seller_name: deal.microsoft.seller.as_ref().map(|s| s.name.to_string()),
            seller_email: deal.microsoft.seller.as_ref().map(|s| s.email.to_string()),
            decline_reason: deal.microsoft.decline_reason,
        },
    }
}

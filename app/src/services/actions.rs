//! Acting on an existing deal: load it through the visibility check, parse the action with the
//! domain's parser, apply the lifecycle rule, and write the result in one transaction together with
//! what it does to the other companies' deals of the engagement (P2P invitations, R-LIFE-6).

use super::catalog;
use super::live::{self, Change};
use super::notifications;
use super::db::{Db, new_id};
use super::deal_store::{self as store, Loaded, Recorded};
use super::error::ServiceError;
use super::state::AppState;
use crate::dto::InvitationOptions;
use crate::domain::actions::{ActionContext, DealAction, parse_action};
use crate::domain::actor::Actor;
use crate::domain::fields::{Email, PersonName};
use crate::domain::invitations::PartnerOption;
use crate::domain::lifecycle::{self, Applied, Command, Deal, Event, InvitationStatus, PartnerInvitation, SellerContact, Sender};
use crate::domain::registration::RegistrationProgram;
use chrono::{DateTime, Utc};
use sqlx::Row;

/// R-NEW-5: partner organizations not yet invited to a deal the actor sees, and the catalog.
pub async fn invitation_options(state: &AppState, actor: &Actor, id: &str) -> Result<InvitationOptions, ServiceError> {
    let db = &state.db;
    let loaded = store::load_visible(db, actor, id).await?.ok_or(ServiceError::NotFound)?;
    let mut partners = partner_options(db, &loaded.deal.org_id).await?;
    partners.retain(|p| !loaded.deal.invitations.iter().any(|i| i.partner_org_id == p.id));
    Ok(InvitationOptions { partners, catalog: catalog::offered_to(db, &actor.org_id).await? })
}

/// R-NEW-5: the partner organizations other than `own_org_id`, by name.
pub async fn partner_options(db: &Db, own_org_id: &str) -> Result<Vec<PartnerOption>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, name FROM organizations WHERE is_microsoft = 0 AND id <> $1 ORDER BY name")
        .bind(own_org_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|row| Ok(PartnerOption { id: row.try_get("id")?, name: row.try_get("name")? })).collect()
}

/// Applies `action` to the deal `id` on behalf of `actor`. A deal the actor may not see is
/// `NotFound`; a broken rule is `Rule` naming it; bad input is `Invalid` with its fields.
pub async fn act(state: &AppState, actor: &Actor, id: &str, action: &DealAction) -> Result<(), ServiceError> {
    let loaded = store::load_visible(&state.db, actor, id).await?.ok_or(ServiceError::NotFound)?;
    let steps = plan(state, actor, &loaded.deal, std::slice::from_ref(action)).await?;
    execute_steps(state, loaded, steps, actor).await
}

/// One accepted command: the deal before it, and what it made of it.
pub struct Step {
    pub before: Deal,
    pub command: Command,
    pub applied: Applied,
}

/// Parses and applies `actions` in order, each to the deal as the one before left it; nothing is
/// written. The first action refused stops the whole plan.
pub async fn plan(state: &AppState, actor: &Actor, deal: &Deal, actions: &[DealAction]) -> Result<Vec<Step>, ServiceError> {
    let db = &state.db;
    let now = state.now();
    // Only these two actions name solutions or a partner; the rest need no lookups.
    let needs_catalog = actions.iter().any(|a| matches!(a, DealAction::ChangeSolutions { .. } | DealAction::InvitePartner(_)));
    let catalog = if needs_catalog { catalog::offered_to(db, &actor.org_id).await? } else { Vec::new() };
    let mut partners = Vec::new();
    for action in actions {
        if let DealAction::InvitePartner(draft) = action {
            partners.extend(partner(db, draft.partner_org_id.trim()).await?);
        }
    }
    let ctx = ActionContext { catalog: &catalog, partners: &partners, program: RegistrationProgram::default(), seller: seller_contact(actor) };
    let mut steps: Vec<Step> = Vec::new();
    for action in actions {
        let before = steps.last().map(|s| s.applied.deal.clone()).unwrap_or_else(|| deal.clone());
        let command = parse_action(action, &before, &ctx).map_err(ServiceError::Invalid)?;
        let applied = lifecycle::apply(&before, &command, actor, now).map_err(ServiceError::Rule)?;
        steps.push(Step { before, command, applied });
    }
    Ok(steps)
}

/// Applies a command to a loaded deal and writes it, with what it does to the engagement's other
/// deals, in one transaction. The caller has checked that `actor` may see the deal.
pub async fn execute(state: &AppState, loaded: Loaded, command: &Command, actor: &Actor) -> Result<(), ServiceError> {
    let applied = lifecycle::apply(&loaded.deal, command, actor, state.now()).map_err(ServiceError::Rule)?;
    let step = Step { before: loaded.deal.clone(), command: command.clone(), applied };
    execute_steps(state, loaded, vec![step], actor).await
}

/// Writes what planned steps made of a loaded deal, with what each does to the engagement's other
/// deals, in one transaction: all of it or nothing.
pub async fn execute_steps(state: &AppState, loaded: Loaded, steps: Vec<Step>, actor: &Actor) -> Result<(), ServiceError> {
    let planned = with_follow_ups(state, loaded, steps).await?;
    let mut tx = state.db.write().await?;
    let change = write_planned(&mut tx, state, planned, actor).await?;
    live::commit(state, tx, change).await?;
    Ok(())
}

/// Planned steps on a loaded deal and what they do to the engagement's other deals; not written.
pub struct Planned {
    loaded: Loaded,
    steps: Vec<Step>,
    follow: Vec<FollowUp>,
}

/// Reads what the steps do to the engagement's other deals (before any write).
pub async fn with_follow_ups(state: &AppState, loaded: Loaded, steps: Vec<Step>) -> Result<Planned, ServiceError> {
    let mut follow = Vec::new();
    for step in &steps {
        follow.extend(follow_ups(&state.db, &step.before, &step.applied.deal, &step.command, state.now()).await?);
    }
    Ok(Planned { loaded, steps, follow })
}

/// Writes planned steps in the caller's transaction; returns what `live::commit` announces.
pub async fn write_planned(tx: &mut sqlx::Transaction<'static, sqlx::Any>, state: &AppState, planned: Planned, actor: &Actor) -> Result<Change, ServiceError> {
    let now = state.now();
    let Planned { loaded, steps, follow } = planned;
    let Some(last) = steps.last() else { return Ok(Change::default()) };
    let deal = last.applied.deal.clone();
    let events: Vec<Event> = steps.into_iter().flat_map(|s| s.applied.events).collect();
    let mut change = Change { deals: vec![deal.id.clone()], told: Vec::new() };
    let done = recorded(events, now, actor);
    store::update(tx, &deal, loaded.version, &loaded.customer_name, &done).await?;
    change.told.extend(notifications::notify(tx, state, &deal, &done).await?);
    for follow_up in follow {
        match follow_up {
            FollowUp::Invitee(deal, events) => {
                change.deals.push(deal.id.clone());
                change.told.extend(insert_and_notify(tx, state, &deal, &loaded.customer_name, None, &recorded(events, now, actor)).await?);
            }
            // Done by the system on the other company's deal: no user of theirs acted.
            FollowUp::Other(other, Applied { deal, events }) => {
                change.deals.push(deal.id.clone());
                let done = recorded(events, now, &Actor::system());
                store::update(tx, &deal, other.version, &other.customer_name, &done).await?;
                change.told.extend(notifications::notify(tx, state, &deal, &done).await?);
            }
        }
    }
    Ok(change)
}

/// Writes a new deal and tells the people its events concern (R-NOTE-1), in the caller's
/// transaction; returns the users told.
pub(super) async fn insert_and_notify(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    state: &AppState,
    deal: &Deal,
    customer_name: &str,
    created_by: Option<&str>,
    done: &[Recorded],
) -> Result<Vec<String>, sqlx::Error> {
    store::insert(tx, deal, customer_name, created_by, done).await?;
    notifications::notify(tx, state, deal, done).await
}

pub(super) fn recorded(events: Vec<Event>, at: DateTime<Utc>, actor: &Actor) -> Vec<Recorded> {
    let who = (!actor.is_system()).then(|| actor.user_id.clone());
    events.into_iter().map(|event| Recorded { at, actor_user_id: who.clone(), event }).collect()
}

/// What an accepted command does to another company's deal in the same engagement.
enum FollowUp {
    /// R-LIFE-6: the invited partner's own deal, arriving Received in its Inbound tab.
    Invitee(Deal, Vec<Event>),
    /// Another company's deal of the engagement, changed by the system: the originator learns an
    /// invited partner's answer, or an invitee's unanswered copy closes with the originator's deal.
    Other(Loaded, Applied),
}

async fn follow_ups(db: &Db, before: &Deal, after: &Deal, command: &Command, now: DateTime<Utc>) -> Result<Vec<FollowUp>, ServiceError> {
    match (command, &before.sender) {
        (Command::InvitePartner(invitation), _) => {
            let Applied { deal, events } = invitee_copy(db, after, invitation, now).await?;
            Ok(vec![FollowUp::Invitee(deal, events)])
        }
        (Command::Accept { .. } | Command::Decline { .. } | Command::Expire, Some(Sender::Partner { org_id })) => {
            let Some(original) = store::load_in_engagement(db, &before.engagement_id, org_id).await? else {
                return Ok(Vec::new());
            };
            let partner_org_id = before.org_id.clone();
            let answer = match command {
                Command::Expire => Command::PartnerLapsed { partner_org_id },
                Command::Decline { reason, .. } => Command::PartnerResponded { partner_org_id, accepted: false, reason: Some(*reason) },
                _ => Command::PartnerResponded { partner_org_id, accepted: true, reason: None },
            };
            // The originator may have closed its deal meanwhile, which expired the invitation (§3).
            Ok(lifecycle::apply(&original.deal, &answer, &Actor::system(), now)
                .map(|applied| vec![FollowUp::Other(original, applied)])
                .unwrap_or_default())
        }
        (_, None) if after.status.is_terminal() && !before.status.is_terminal() => closed_invitees(db, before, after, now).await,
        _ => Ok(Vec::new()),
    }
}

/// §3: the originator won or lost; every invited partner's copy still waiting for an answer closes
/// with it, saying why.
async fn closed_invitees(db: &Db, before: &Deal, after: &Deal, now: DateTime<Utc>) -> Result<Vec<FollowUp>, ServiceError> {
    if !before.invitations.iter().any(|i| i.status == InvitationStatus::Pending) {
        return Ok(Vec::new());
    }
    let close = Command::EngagementClosed { originator_status: after.status };
    let copies = store::unanswered_copies(db, &before.engagement_id, &before.org_id).await?;
    Ok(copies
        .into_iter()
        .filter_map(|copy| lifecycle::apply(&copy.deal, &close, &Actor::system(), now).ok().map(|applied| FollowUp::Other(copy, applied)))
        .collect())
}

/// R-NEW-5, R-LIFE-6: the invited partner's own deal of the engagement, at its primary location.
pub(super) async fn invitee_copy(db: &Db, originator: &Deal, inv: &PartnerInvitation, now: DateTime<Utc>) -> Result<Applied, ServiceError> {
    let location_id = primary_location(db, &inv.partner_org_id).await?.ok_or(ServiceError::NotFound)?;
    Ok(invitee_deal(originator, inv, location_id, now))
}

/// R-NEW-5, R-LIFE-6: the invited partner's deal carries what the invitation asked of it, and the
/// customer contact only when the customer agreed to share it with partners.
fn invitee_deal(originator: &Deal, inv: &PartnerInvitation, location_id: String, now: DateTime<Utc>) -> Applied {
    let mut copy = originator.clone();
    copy.id = new_id();
    copy.org_id = inv.partner_org_id.clone();
    copy.location_id = location_id;
    if !originator.contact.share_with_partners {
        copy.contact = Default::default();
    }
    copy.details.value = inv.value;
    copy.details.currency = inv.currency;
    copy.details.close_date = inv.close_date;
    copy.details.notes = inv.notes.clone();
    copy.details.crm_id = None;
    copy.details.campaign_id = None;
    copy.solutions = inv.solutions.clone();
    lifecycle::receive(copy, Sender::Partner { org_id: originator.org_id.clone() }, now)
}

/// R-LIFE-5: the acting Microsoft seller as the Microsoft card shows them.
fn seller_contact(actor: &Actor) -> Option<SellerContact> {
    if !actor.has(crate::domain::actor::Role::MicrosoftSeller) {
        return None;
    }
    Some(SellerContact { name: PersonName::parse(&actor.name).ok()?, email: Email::parse(&actor.email).ok()? })
}

/// A partner organization; `None` for unknown ids and Microsoft (invited otherwise, R-TYPE-6).
async fn partner(db: &Db, org_id: &str) -> Result<Option<PartnerOption>, sqlx::Error> {
    let row = sqlx::query("SELECT id, name FROM organizations WHERE id = $1 AND is_microsoft = 0")
        .bind(org_id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| Ok(PartnerOption { id: r.try_get("id")?, name: r.try_get("name")? })).transpose()
}

async fn primary_location(db: &Db, org_id: &str) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT id FROM locations WHERE org_id = $1 ORDER BY is_primary DESC, id LIMIT 1")
        .bind(org_id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| r.try_get("id")).transpose()
}

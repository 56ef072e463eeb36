//! Inviting other partners (R-NEW-5, R-TYPE-4, R-TYPE-6, §3): what the originator asks of each
//! partner, the one parser of an invitation as typed (the wizard's and the deal page's), who may
//! invite, and how invitations are answered and end.

use super::catalog::SolutionInfo;
use super::deal::{Direction, Status};
use super::details::parse_date;
use super::fields::Notes;
use super::issues::{Code, Field, Issues};
use super::money::{Amount, Currency};
use super::refusal::Refused;
use super::solutions;
use super::team::{self, TeamMember};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Declined,
    Expired,
}

/// R-NEW-5: what the originator asks of one invited partner; fixed once sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerInvitation {
    pub partner_org_id: String,
    pub partner_name: String,
    pub close_date: NaiveDate,
    pub value: Amount,
    pub currency: Currency,
    /// Why they are invited.
    pub notes: Option<Notes>,
    /// Own team members working with that partner, picked from the deal team.
    pub team: Vec<TeamMember>,
    /// At least one solution the partner should bring.
    pub solutions: Vec<SolutionInfo>,
    pub help_needed: Option<Notes>,
    pub status: InvitationStatus,
    pub sent_at: DateTime<Utc>,
}

/// R-NEW-5: one partner invitation as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationDraft {
    pub partner_org_id: String,
    pub close_date: String,
    pub value: String,
    pub currency: String,
    pub notes: String,
    /// E-mails of deal team members who work with that partner.
    pub team_emails: Vec<String>,
    pub solution_ids: Vec<String>,
    pub help_needed: String,
}

/// A partner organization that can be invited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerOption {
    pub id: String,
    pub name: String,
}

/// Facts the parser needs that the draft must not supply itself, resolved by the caller.
#[derive(Debug, Clone, Copy)]
pub struct InvitationContext<'a> {
    /// The deal team the invitation's people come from.
    pub team: &'a [TeamMember],
    /// Solutions the inviting organization may name (R-CAT-2).
    pub catalog: &'a [SolutionInfo],
    /// Partner organizations that may be invited.
    pub partners: &'a [PartnerOption],
}

/// R-NEW-5: partner, close date, value and currency are mandatory; at least one solution; the
/// people come from the deal team.
pub fn parse(d: &InvitationDraft, ctx: &InvitationContext, issues: &mut Issues) -> Option<PartnerInvitation> {
    let partner_org_id = d.partner_org_id.trim();
    let partner = ctx.partners.iter().find(|p| p.id == partner_org_id);
    match (partner_org_id.is_empty(), partner) {
        (true, _) => issues.error(Field::Partner, Code::Required),
        (false, None) => issues.error(Field::Partner, Code::NotAnOption),
        _ => {}
    }
    let close_date = issues.take(Field::CloseDate, parse_date(&d.close_date));
    let value = issues.take(Field::Value, Amount::parse(&d.value));
    let currency = issues.take(Field::Currency, Currency::parse(&d.currency));
    let notes = issues.take(Field::Notes, Notes::parse_optional(&d.notes));
    let help_needed = issues.take(Field::PartnerHelp, Notes::parse_optional(&d.help_needed));
    let team = team::pick(ctx.team.iter(), &d.team_emails).filter(|t| !t.is_empty());
    if team.is_none() {
        issues.error(Field::Team, if d.team_emails.is_empty() { Code::NeedOneMember } else { Code::NotAnOption });
    }
    let solutions = solutions::pick(&d.solution_ids, ctx.catalog, Field::Solutions, issues);
    if d.solution_ids.is_empty() {
        issues.error(Field::Solutions, Code::NeedOneSolution);
    }
    Some(PartnerInvitation {
        partner_org_id: partner?.id.clone(),
        partner_name: partner?.name.clone(),
        close_date: close_date?,
        value: value?,
        currency: currency?,
        notes: notes?,
        team: team?,
        solutions,
        help_needed: help_needed?,
        status: InvitationStatus::Pending,
        // Stamped by `send`.
        sent_at: DateTime::<Utc>::UNIX_EPOCH,
    })
}

/// R-TYPE-6, R-TYPE-5: Microsoft and partners are invited only to deals the company originated,
/// while open, and never to a solution assessment.
pub fn may_invite(direction: Direction, status: Status, is_assessment: bool) -> Result<(), Refused> {
    if direction != Direction::Outbound {
        return Err(Refused::NotOriginator);
    }
    match status {
        Status::Received => return Err(Refused::NotAccepted),
        s if s.is_terminal() => return Err(Refused::Terminal),
        _ => {}
    }
    if is_assessment {
        return Err(Refused::AssessmentHasNoInvitations);
    }
    Ok(())
}

/// R-NEW-5: another partner, not invited yet, with at least one solution and people from the team.
pub fn send(
    invitations: &mut Vec<PartnerInvitation>,
    own_org_id: &str,
    team: &[TeamMember],
    inv: &PartnerInvitation,
    now: DateTime<Utc>,
) -> Result<(), Refused> {
    if inv.partner_org_id == own_org_id {
        return Err(Refused::CannotInviteOwnOrganization);
    }
    if invitations.iter().any(|i| i.partner_org_id == inv.partner_org_id) {
        return Err(Refused::PartnerAlreadyInvited);
    }
    let mut issues = Issues::default();
    if inv.solutions.is_empty() {
        issues.error(Field::Solutions, Code::NeedOneSolution);
    }
    if super::catalog::has_repeats(inv.solutions.iter().map(|s| s.id.as_str())) {
        issues.error(Field::Solutions, Code::DuplicateSolution);
    }
    let emails: Vec<String> = inv.team.iter().map(|p| p.email.normalized()).collect();
    if inv.team.is_empty() || team::pick(team.iter(), &emails).is_none() {
        issues.error(Field::Team, Code::NotAnOption);
    }
    if issues.has_errors() {
        return Err(Refused::Invalid(issues));
    }
    invitations.push(PartnerInvitation { status: InvitationStatus::Pending, sent_at: now, ..inv.clone() });
    Ok(())
}

/// R-LIFE-6, R-LIFE-2: the invited partner's answer, or its lapse, recorded on the originator's deal.
pub fn settle(invitations: &mut [PartnerInvitation], partner_org_id: &str, status: InvitationStatus) -> Result<(), Refused> {
    let inv = invitations
        .iter_mut()
        .find(|i| i.partner_org_id == partner_org_id && i.status == InvitationStatus::Pending)
        .ok_or(Refused::NoSuchInvitation)?;
    inv.status = status;
    Ok(())
}

/// §3: when the originator closes its deal, pending invitations expire; the partners whose did.
pub fn expire_pending(invitations: &mut [PartnerInvitation]) -> Vec<String> {
    invitations
        .iter_mut()
        .filter(|i| i.status == InvitationStatus::Pending)
        .map(|i| {
            i.status = InvitationStatus::Expired;
            i.partner_org_id.clone()
        })
        .collect()
}

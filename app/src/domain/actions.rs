//! What a user asks of an existing deal, exactly as typed, and its parsing into a lifecycle
//! `Command`. The browser parses to show errors beside fields; the server parses the same draft
//! again with facts it resolved itself (catalog, partner names) before applying the command.

use super::catalog::SolutionInfo;
use super::contact::{self, ContactDraft};
use super::deal::{HelpNeeded, Stage};
use super::fields::{CampaignId, CrmId, DealName, Email, Notes, PersonName, Phone};
use super::issues::{Code, Field, Issues};
use super::lifecycle::{Command, Deal, Details, InvitationStatus, PartnerInvitation, ReviewAction, SellerContact};
use super::money::{Amount, Currency};
use super::reasons::{DeclineReason, LostReason};
use super::registration::{RegistrationDraft, RegistrationProgram, parse_registration};
use super::wizard::{MemberDraft, TeamMember, parse_date};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DealAction {
    /// R-LIFE-1: accept a received deal, adjusting it and adding own contacts.
    Accept { details: DetailsDraft, team: Vec<MemberDraft> },
    Decline { reason: DeclineReason, notes: String },
    /// R-LIFE-3.
    EditDetails(DetailsDraft),
    /// R-NEW-1: the customer contact and consents, while the deal is open (the way to co-sell).
    EditContact(ContactDraft),
    AddMember(MemberDraft),
    /// R-LIFE-6: one of the company's own team members, corrected in place.
    ChangeMember { index: usize, member: MemberDraft },
    RemoveMember { index: usize },
    ChangeSolutions { solution_ids: Vec<String> },
    MarkStage(Stage),
    /// R-LIFE-4, R-REG-2.
    Win { confirm_early: bool },
    Lose { reason: LostReason, notes: String },
    /// R-TYPE-6.
    GiveMicrosoftVisibility,
    InviteMicrosoft { help: HelpNeeded },
    InvitePartner(InvitationDraft),
    /// R-REG-3.
    Register(RegistrationDraft),
    /// R-REG-4: the partner fixes the registration a reviewer sent back.
    Resubmit(RegistrationDraft),
    /// R-LIFE-5, R-ORG-5: a Microsoft seller answers for Microsoft; the seller shown is the one acting.
    MicrosoftAccept,
    MicrosoftDecline { reason: DeclineReason },
    MicrosoftMarkWon,
    /// R-REG-4: a registration reviewer moves the review on.
    Review(ReviewStep),
}

/// R-REG-4: what a reviewer does; messages are said to the partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewStep {
    Start,
    RequestAction { message: String },
    Approve,
    Reject { message: String },
    Close,
}

impl DealAction {
    /// For logs and the API: which action this is.
    pub fn name(&self) -> &'static str {
        match self {
            DealAction::Accept { .. } => "accept",
            DealAction::Decline { .. } => "decline",
            DealAction::EditDetails(_) => "edit",
            DealAction::EditContact(_) => "edit-contact",
            DealAction::AddMember(_) => "add-member",
            DealAction::ChangeMember { .. } => "change-member",
            DealAction::RemoveMember { .. } => "remove-member",
            DealAction::ChangeSolutions { .. } => "change-solutions",
            DealAction::MarkStage(_) => "mark-stage",
            DealAction::Win { .. } => "win",
            DealAction::Lose { .. } => "lose",
            DealAction::GiveMicrosoftVisibility => "give-visibility",
            DealAction::InviteMicrosoft { .. } => "invite-microsoft",
            DealAction::InvitePartner(_) => "invite-partner",
            DealAction::Register(_) => "register",
            DealAction::Resubmit(_) => "resubmit",
            DealAction::MicrosoftAccept => "microsoft-accept",
            DealAction::MicrosoftDecline { .. } => "microsoft-decline",
            DealAction::MicrosoftMarkWon => "microsoft-mark-won",
            DealAction::Review(_) => "review",
        }
    }
}

/// R-LIFE-3: the editable details as typed. Accepting a received deal: an empty field keeps the
/// value sent. Editing: the form holds every field as it should be, so an empty optional field
/// (notes, CRM ID, campaign ID) clears it and an empty required one is an error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailsDraft {
    pub name: String,
    pub value: String,
    pub currency: String,
    pub close_date: String,
    pub notes: String,
    pub crm_id: String,
    pub campaign_id: String,
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

/// Facts the parser needs that the draft must not supply itself.
#[derive(Debug, Clone)]
pub struct ActionContext<'a> {
    /// Solutions the acting organization may put on a deal (R-CAT-2).
    pub catalog: &'a [SolutionInfo],
    /// The invited partner's name, when `partner_org_id` names a partner organization.
    pub partner_name: Option<&'a str>,
    pub program: RegistrationProgram,
    /// The acting Microsoft seller, shown on the Microsoft card once it accepts (R-LIFE-5).
    pub seller: Option<SellerContact>,
    pub now: DateTime<Utc>,
}

/// Parses an action into the command the lifecycle applies; every problem names its field.
pub fn parse_action(action: &DealAction, deal: &Deal, ctx: &ActionContext) -> Result<Command, Issues> {
    let mut issues = Issues::default();
    let command = match action {
        DealAction::Accept { details, team } => {
            let d = parse_details(details, &mut issues);
            let team = parse_team(team, &mut issues);
            Command::Accept {
                name: d.name,
                value: d.value,
                close_date: d.close_date,
                notes: d.notes,
                crm_id: d.crm_id,
                campaign_id: d.campaign_id,
                team,
            }
        }
        DealAction::Decline { reason, notes } => {
            Command::Decline { reason: *reason, notes: issues.take(Field::Notes, Notes::parse_optional(notes)).flatten() }
        }
        DealAction::EditDetails(details) => match full_details(details, &mut issues) {
            Some(details) => Command::EditDetails(details),
            None => return Err(issues),
        },
        DealAction::EditContact(draft) => match contact::parse(draft, deal.microsoft.level, &mut issues) {
            Some(contact) => Command::EditContact(contact),
            None => return Err(issues),
        },
        DealAction::AddMember(m) => match parse_team(std::slice::from_ref(m), &mut issues).pop() {
            Some(person) => Command::AddMember(person),
            None => return Err(issues),
        },
        DealAction::ChangeMember { index, member } => match parse_team(std::slice::from_ref(member), &mut issues).pop() {
            Some(member) => Command::ChangeMember { index: *index, member },
            None => return Err(issues),
        },
        DealAction::RemoveMember { index } => Command::RemoveMember { index: *index },
        DealAction::ChangeSolutions { solution_ids } => Command::ChangeSolutions(pick(solution_ids, ctx, &mut issues)),
        DealAction::MarkStage(stage) => Command::MarkStage(*stage),
        DealAction::Win { confirm_early } => Command::Win { confirm_early: *confirm_early },
        DealAction::Lose { reason, notes } => {
            Command::Lose { reason: *reason, notes: issues.take(Field::Notes, Notes::parse_optional(notes)).flatten() }
        }
        DealAction::GiveMicrosoftVisibility => Command::GiveMicrosoftVisibility,
        DealAction::InviteMicrosoft { help } => Command::InviteMicrosoft { help: *help },
        DealAction::InvitePartner(draft) => match parse_invitation(draft, deal, ctx, &mut issues) {
            Some(invitation) => Command::InvitePartner(invitation),
            None => return Err(issues),
        },
        DealAction::Register(draft) => {
            let ids: Vec<String> = deal.solutions.iter().map(|s| s.id.clone()).collect();
            Command::Register { form: parse_registration(draft, &ids)?, program: ctx.program }
        }
        DealAction::Resubmit(draft) => {
            let ids: Vec<String> = deal.solutions.iter().map(|s| s.id.clone()).collect();
            Command::Review(ReviewAction::Resubmit(parse_registration(draft, &ids)?))
        }
        DealAction::MicrosoftAccept => match &ctx.seller {
            Some(seller) => Command::MicrosoftAccepts { seller: seller.clone() },
            None => return Err(Issues::one(Field::Help, Code::NotAnOption)),
        },
        DealAction::MicrosoftDecline { reason } => Command::MicrosoftDeclines { reason: *reason },
        DealAction::MicrosoftMarkWon => Command::MicrosoftMarksWon,
        DealAction::Review(step) => Command::Review(match step {
            ReviewStep::Start => ReviewAction::Start,
            ReviewStep::RequestAction { message } => ReviewAction::RequestAction { message: message_text(message, &mut issues) },
            ReviewStep::Approve => ReviewAction::Approve,
            ReviewStep::Reject { message } => ReviewAction::Reject { message: message_text(message, &mut issues) },
            ReviewStep::Close => ReviewAction::Close,
        }),
    };
    if issues.has_errors() { Err(issues) } else { Ok(command) }
}


/// A reviewer's message to the partner is required and bounded like notes.
fn message_text(text: &str, issues: &mut Issues) -> String {
    issues.take(Field::Notes, Notes::parse(text)).map(|n| n.as_str().to_string()).unwrap_or_default()
}

#[derive(Default)]
struct ParsedDetails {
    name: Option<DealName>,
    value: Option<Amount>,
    close_date: Option<chrono::NaiveDate>,
    notes: Option<Notes>,
    crm_id: Option<CrmId>,
    campaign_id: Option<CampaignId>,
}

fn optional<T>(text: &str, parse: impl Fn(&str) -> Result<T, Code>, field: Field, issues: &mut Issues) -> Option<T> {
    if text.trim().is_empty() { None } else { issues.take(field, parse(text)) }
}

fn parse_details(d: &DetailsDraft, issues: &mut Issues) -> ParsedDetails {
    ParsedDetails {
        name: optional(&d.name, DealName::parse, Field::DealName, issues),
        value: optional(&d.value, Amount::parse, Field::Value, issues),
        close_date: optional(&d.close_date, parse_date, Field::CloseDate, issues),
        notes: optional(&d.notes, Notes::parse, Field::Notes, issues),
        crm_id: optional(&d.crm_id, CrmId::parse, Field::CrmId, issues),
        campaign_id: optional(&d.campaign_id, CampaignId::parse, Field::CampaignId, issues),
    }
}

/// R-LIFE-3: the whole details, as the edit form holds them.
fn full_details(d: &DetailsDraft, issues: &mut Issues) -> Option<Details> {
    let name = issues.take(Field::DealName, DealName::parse(&d.name));
    let value = issues.take(Field::Value, Amount::parse(&d.value));
    let currency = issues.take(Field::Currency, Currency::parse(&d.currency));
    let close_date = issues.take(Field::CloseDate, parse_date(&d.close_date));
    let notes = issues.take(Field::Notes, Notes::parse_optional(&d.notes));
    let crm_id = issues.take(Field::CrmId, CrmId::parse_optional(&d.crm_id));
    let campaign_id = issues.take(Field::CampaignId, CampaignId::parse_optional(&d.campaign_id));
    Some(Details {
        name: name?,
        value: value?,
        currency: currency?,
        close_date: close_date?,
        notes: notes?,
        crm_id: crm_id?,
        campaign_id: campaign_id?,
    })
}

fn parse_team(team: &[MemberDraft], issues: &mut Issues) -> Vec<TeamMember> {
    team.iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let name = issues.take(Field::MemberName(i), PersonName::parse(&m.name));
            let phone = issues.take(Field::MemberPhone(i), Phone::parse(&m.phone));
            let email = issues.take(Field::MemberEmail(i), Email::parse(&m.email));
            Some(TeamMember { name: name?, phone: phone?, email: email? })
        })
        .collect()
}

/// The catalog entries behind the ids; an id outside the catalog is an error on the field.
fn pick(ids: &[String], ctx: &ActionContext, issues: &mut Issues) -> Vec<SolutionInfo> {
    let picked: Vec<SolutionInfo> =
        ids.iter().filter_map(|id| ctx.catalog.iter().find(|s| &s.id == id).cloned()).collect();
    if super::catalog::has_repeats(ids.iter().map(String::as_str)) {
        issues.error(Field::Solutions, Code::DuplicateSolution);
    } else if picked.len() != ids.len() {
        issues.error(Field::Solutions, Code::SolutionUnavailable);
    }
    picked
}

/// R-NEW-5: partner, close date, value and currency are mandatory; team from the deal team.
fn parse_invitation(d: &InvitationDraft, deal: &Deal, ctx: &ActionContext, issues: &mut Issues) -> Option<PartnerInvitation> {
    let partner_name = match (d.partner_org_id.trim().is_empty(), ctx.partner_name) {
        (true, _) => {
            issues.error(Field::Partner, Code::Required);
            None
        }
        (false, None) => {
            issues.error(Field::Partner, Code::NotAnOption);
            None
        }
        (false, Some(name)) => Some(name.to_string()),
    };
    let close_date = issues.take(Field::CloseDate, parse_date(&d.close_date));
    let value = issues.take(Field::Value, Amount::parse(&d.value));
    let currency = issues.take(Field::Currency, Currency::parse(&d.currency));
    let notes = issues.take(Field::Notes, Notes::parse_optional(&d.notes));
    let help_needed = issues.take(Field::PartnerHelp, Notes::parse_optional(&d.help_needed));
    let team: Vec<TeamMember> = d
        .team_emails
        .iter()
        .filter_map(|e| deal.team.iter().find(|m| m.person.email.normalized() == e.trim().to_lowercase()))
        .map(|m| m.person.clone())
        .collect();
    if team.is_empty() || team.len() != d.team_emails.len() {
        issues.error(Field::Team, if d.team_emails.is_empty() { Code::NeedOneMember } else { Code::NotAnOption });
    }
    let solutions = pick(&d.solution_ids, ctx, issues);
    if d.solution_ids.is_empty() {
        issues.error(Field::Solutions, Code::NeedOneSolution);
    }
    Some(PartnerInvitation {
        partner_org_id: d.partner_org_id.trim().to_string(),
        partner_name: partner_name?,
        close_date: close_date?,
        value: value?,
        currency: currency?,
        notes: notes?,
        team,
        solutions,
        help_needed: help_needed?,
        status: InvitationStatus::Pending,
        sent_at: ctx.now,
    })
}

#[cfg(test)]
mod tests;

//! What a user asks of an existing deal, exactly as typed, and its parsing into a lifecycle
//! `Command`. The browser parses to show errors beside fields; the server parses the same draft
//! again with facts it resolved itself (catalog, partner names) before applying the command.

use super::catalog::SolutionInfo;
use super::contact::{self, ContactDraft};
use super::deal::{HelpNeeded, Stage};
use super::details::{self, DetailsDraft};
use super::fields::Notes;
use super::invitations::{self, InvitationContext, InvitationDraft, PartnerOption};
use super::issues::{Code, Field, Issues};
use super::lifecycle::{Command, Deal};
use super::microsoft::SellerContact;
use super::reasons::{DeclineReason, LostReason};
use super::registration::{RegistrationDraft, RegistrationProgram, ReviewAction, parse_registration};
use super::solutions;
use super::team::{self, MemberDraft, TeamMember};
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

/// Facts the parser needs that the draft must not supply itself.
#[derive(Debug, Clone)]
pub struct ActionContext<'a> {
    /// Solutions the acting organization may put on a deal (R-CAT-2).
    pub catalog: &'a [SolutionInfo],
    /// The partner organization an invitation names, when it names one that may be invited.
    pub partners: &'a [PartnerOption],
    pub program: RegistrationProgram,
    /// The acting Microsoft seller, shown on the Microsoft card once it accepts (R-LIFE-5).
    pub seller: Option<SellerContact>,
}

/// Parses an action into the command the lifecycle applies; every problem names its field.
pub fn parse_action(action: &DealAction, deal: &Deal, ctx: &ActionContext) -> Result<Command, Issues> {
    let mut issues = Issues::default();
    let command = match action {
        DealAction::Accept { details, team } => {
            Command::Accept { adjust: details::parse_adjustments(details, &mut issues), team: team::parse(team, 0, &mut issues) }
        }
        DealAction::Decline { reason, notes } => {
            Command::Decline { reason: *reason, notes: issues.take(Field::Notes, Notes::parse_optional(notes)).flatten() }
        }
        DealAction::EditDetails(draft) => match details::parse(draft, &mut issues) {
            Some(details) => Command::EditDetails(details),
            None => return Err(issues),
        },
        DealAction::EditContact(draft) => match contact::parse(draft, deal.microsoft.level, &mut issues) {
            Some(contact) => Command::EditContact(contact),
            None => return Err(issues),
        },
        DealAction::AddMember(m) => match one_member(m, &mut issues) {
            Some(person) => Command::AddMember(person),
            None => return Err(issues),
        },
        DealAction::ChangeMember { index, member } => match one_member(member, &mut issues) {
            Some(member) => Command::ChangeMember { index: *index, member },
            None => return Err(issues),
        },
        DealAction::RemoveMember { index } => Command::RemoveMember { index: *index },
        DealAction::ChangeSolutions { solution_ids } => {
            Command::ChangeSolutions(solutions::pick(solution_ids, ctx.catalog, Field::Solutions, &mut issues))
        }
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

/// One team member as typed, in a form of its own.
fn one_member(m: &MemberDraft, issues: &mut Issues) -> Option<TeamMember> {
    team::parse(std::slice::from_ref(m), 0, issues).pop()
}

/// R-NEW-5: the people come from this deal's team.
fn parse_invitation(
    draft: &InvitationDraft,
    deal: &Deal,
    ctx: &ActionContext,
    issues: &mut Issues,
) -> Option<super::invitations::PartnerInvitation> {
    let team: Vec<TeamMember> = deal.people().cloned().collect();
    invitations::parse(draft, &InvitationContext { team: &team, catalog: ctx.catalog, partners: ctx.partners }, issues)
}

#[cfg(test)]
mod tests;

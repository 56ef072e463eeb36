//! Commands on a deal and the one function that applies them.

use super::explain::{may_invite, microsoft_invitable, registration_eligibility};
use super::{
    Contact, Deal, Details, EARLY_WIN_HOURS, InvitationStatus, Member, MicrosoftSide, MicrosoftStatus, Outcome, PartnerInvitation,
    Refused, SellerContact, Sender,
};
use crate::domain::actor::{Actor, Role, may_create_deal, Refusal};
use crate::domain::catalog::{SolutionCategory, SolutionInfo, has_repeats};
use crate::domain::deal::{Direction, EventKind, HelpNeeded, MicrosoftLevel, Stage, Status};
use crate::domain::fields::{CampaignId, CrmId, DealName, Notes};
use crate::domain::issues::{Code, Field, Issues};
use crate::domain::money::Amount;
use crate::domain::reasons::{DeclineReason, LostReason};
use crate::domain::registration::{Registration, RegistrationForm, RegistrationProgram, RegistrationState};
use crate::domain::wizard::{MAX_SOLUTIONS, MAX_TEAM, TeamMember, ValidDeal};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// R-LIFE-1: accept a received deal, optionally adjusting it and adding own contacts.
    Accept {
        name: Option<DealName>,
        value: Option<Amount>,
        close_date: Option<NaiveDate>,
        notes: Option<Notes>,
        crm_id: Option<CrmId>,
        campaign_id: Option<CampaignId>,
        team: Vec<TeamMember>,
    },
    /// R-LIFE-1.
    Decline { reason: DeclineReason, notes: Option<Notes> },
    /// R-LIFE-2: the system, once 14 days passed without an answer.
    Expire,
    /// R-LIFE-3: the details as they should be now.
    EditDetails(Details),
    /// R-NEW-1: the customer contact and consents as they are now.
    EditContact(Contact),
    AddMember(TeamMember),
    ChangeMember { index: usize, member: TeamMember },
    RemoveMember { index: usize },
    ChangeSolutions(Vec<SolutionInfo>),
    MarkStage(Stage),
    /// R-LIFE-4; `confirm_early` acknowledges the 72-hour warning of R-REG-2.
    Win { confirm_early: bool },
    Lose { reason: LostReason, notes: Option<Notes> },
    /// R-TYPE-6: Private → Partner-led.
    GiveMicrosoftVisibility,
    /// R-TYPE-6: → Co-sell, with the help requested (Q-HELP).
    InviteMicrosoft { help: HelpNeeded },
    /// R-TYPE-4, R-NEW-5.
    InvitePartner(PartnerInvitation),
    /// R-LIFE-6: the invited partner accepted or declined its copy.
    PartnerResponded { partner_org_id: String, accepted: bool },
    /// R-LIFE-2 on the invited side: the partner let its 14 days pass; the system records it here.
    PartnerLapsed { partner_org_id: String },
    /// §3: the originator won or lost the engagement while this invited partner's copy still waited
    /// for an answer; the system closes the copy.
    EngagementClosed { originator_status: Status },
    /// R-LIFE-5.
    MicrosoftAccepts { seller: SellerContact },
    MicrosoftDeclines { reason: DeclineReason },
    MicrosoftExpires,
    MicrosoftMarksWon,
    /// R-REG-1, R-REG-3.
    Register { form: RegistrationForm, program: RegistrationProgram },
    /// R-REG-4.
    Review(ReviewAction),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewAction {
    Start,
    RequestAction { message: String },
    /// The partner fixes the form and sends it again.
    Resubmit(RegistrationForm),
    Approve,
    Reject { message: String },
    Close,
}

/// What happened, for the audit trail (X-AUDIT) and, later, notifications (R-NOTE-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    Created,
    Received,
    Accepted,
    Declined { reason: DeclineReason },
    Expired,
    DetailsEdited { fields: Vec<String> },
    ContactEdited,
    TeamChanged,
    SolutionsChanged,
    StageMarked { stage: Stage },
    Won { early: bool },
    Lost { reason: LostReason },
    MicrosoftGivenVisibility,
    MicrosoftInvited,
    PartnerInvited { partner_org_id: String },
    InvitationAnswered { partner_org_id: String, accepted: bool },
    InvitationExpired { partner_org_id: String },
    /// §3: the originator closed the engagement before this invited partner answered.
    EngagementClosed { originator_status: Status },
    MicrosoftAccepted,
    MicrosoftDeclined { reason: DeclineReason },
    MicrosoftExpired,
    MicrosoftWon,
    Registered,
    RegistrationMoved { state: RegistrationState },
}

impl Event {
    pub fn kind(&self) -> EventKind {
        use EventKind as K;
        match self {
            Event::Created => K::Created,
            Event::Received => K::Received,
            Event::Accepted => K::Accepted,
            Event::Declined { .. } => K::Declined,
            Event::Expired => K::Expired,
            Event::DetailsEdited { .. } => K::DetailsEdited,
            Event::ContactEdited => K::ContactEdited,
            Event::TeamChanged => K::TeamChanged,
            Event::SolutionsChanged => K::SolutionsChanged,
            Event::StageMarked { .. } => K::StageMarked,
            Event::Won { .. } => K::Won,
            Event::Lost { .. } => K::Lost,
            Event::MicrosoftGivenVisibility => K::MicrosoftGivenVisibility,
            Event::MicrosoftInvited => K::MicrosoftInvited,
            Event::PartnerInvited { .. } => K::PartnerInvited,
            Event::InvitationAnswered { .. } => K::InvitationAnswered,
            Event::InvitationExpired { .. } => K::InvitationExpired,
            Event::EngagementClosed { .. } => K::EngagementClosed,
            Event::MicrosoftAccepted => K::MicrosoftAccepted,
            Event::MicrosoftDeclined { .. } => K::MicrosoftDeclined,
            Event::MicrosoftExpired => K::MicrosoftExpired,
            Event::MicrosoftWon => K::MicrosoftWon,
            Event::Registered => K::Registered,
            Event::RegistrationMoved { .. } => K::RegistrationMoved,
        }
    }
}

/// The new deal and what happened; at least one event for every accepted command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub deal: Deal,
    pub events: Vec<Event>,
}

/// Ids and facts the caller supplies when a deal is created from the wizard.
pub struct NewDeal<'a> {
    pub id: String,
    pub engagement_id: String,
    pub org_id: String,
    pub valid: &'a ValidDeal,
    pub customer_microsoft_managed: bool,
}

/// R-NEW-6, R-NEW-7, R-ORG-4: an outbound deal starts Accepted at Created 10%.
pub fn create_outbound(new: NewDeal<'_>, actor: &Actor, org_has_co_sell_ready: bool, now: DateTime<Utc>) -> Result<Applied, Refused> {
    may_create_deal(actor, org_has_co_sell_ready).map_err(|r| match r {
        Refusal::NoCoSellReadySolution => Refused::NoCoSellReadySolution,
        _ => Refused::AdminsOnly,
    })?;
    let v = new.valid;
    let invited = v.microsoft_level == MicrosoftLevel::Invited;
    let deal = Deal {
        id: new.id,
        engagement_id: new.engagement_id,
        org_id: new.org_id.clone(),
        direction: Direction::Outbound,
        sender: None,
        location_id: v.location_id.clone(),
        customer_id: v.customer_id.clone(),
        customer_microsoft_managed: new.customer_microsoft_managed,
        contact: v.contact.clone(),
        details: v.details.clone(),
        team: v.team.iter().map(|p| Member { person: p.clone(), org_id: new.org_id.clone() }).collect(),
        solutions: v.solutions.clone(),
        help: v.help,
        microsoft: MicrosoftSide {
            level: v.microsoft_level,
            status: invited.then_some(MicrosoftStatus::Pending),
            invited_at: invited.then_some(now),
            ..MicrosoftSide::none()
        },
        invitations: Vec::new(),
        is_assessment: v.is_assessment,
        status: Status::Accepted,
        stage: Stage::initial(Direction::Outbound),
        outcome: None,
        registration: None,
        created_at: now,
        received_at: None,
    };
    let mut events = vec![Event::Created];
    if invited {
        events.push(Event::MicrosoftInvited);
    }
    Ok(Applied { deal, events })
}

/// R-LIFE-1, R-TYPE-7, R-LIFE-6: a deal arriving in an org's Inbound tab starts Received. From a
/// Microsoft seller it is co-sell with Microsoft's side already accepted.
pub fn receive(mut deal: Deal, sender: Sender, now: DateTime<Utc>) -> Applied {
    deal.direction = Direction::Inbound;
    deal.status = Status::Received;
    deal.stage = Stage::initial(Direction::Inbound);
    deal.team.clear();
    deal.invitations.clear();
    deal.outcome = None;
    deal.registration = None;
    deal.is_assessment = false;
    deal.microsoft = match sender {
        Sender::Microsoft => MicrosoftSide {
            level: MicrosoftLevel::Invited,
            status: Some(MicrosoftStatus::Accepted),
            invited_at: Some(now),
            ..MicrosoftSide::none()
        },
        Sender::Partner { .. } => MicrosoftSide::none(),
    };
    deal.sender = Some(sender);
    deal.created_at = now;
    deal.received_at = Some(now);
    Applied { deal, events: vec![Event::Received] }
}

/// Applies one command. Refusals leave the deal exactly as it was.
pub fn apply(deal: &Deal, command: &Command, actor: &Actor, now: DateTime<Utc>) -> Result<Applied, Refused> {
    let mut next = deal.clone();
    let events = step(&mut next, command, actor, now)?;
    Ok(Applied { deal: next, events })
}

fn is_microsoft_side(c: &Command) -> bool {
    matches!(c, Command::MicrosoftAccepts { .. } | Command::MicrosoftDeclines { .. } | Command::MicrosoftExpires | Command::MicrosoftMarksWon)
}

fn authorize(d: &Deal, c: &Command, actor: &Actor) -> Result<(), Refused> {
    use Command::*;
    match c {
        Expire | EngagementClosed { .. } | MicrosoftExpires | PartnerLapsed { .. } => actor.is_system().then_some(()).ok_or(Refused::SystemOnly),
        MicrosoftAccepts { .. } | MicrosoftDeclines { .. } | MicrosoftMarksWon => {
            actor.has(Role::MicrosoftSeller).then_some(()).ok_or(Refused::MicrosoftSellersOnly)
        }
        Review(ReviewAction::Resubmit(_)) => own_admin(d, actor),
        Review(_) => actor.has(Role::MicrosoftRegistrationReviewer).then_some(()).ok_or(Refused::ReviewersOnly),
        PartnerResponded { partner_org_id, .. } => {
            (actor.is_system() || &actor.org_id == partner_org_id).then_some(()).ok_or(Refused::NotYourDeal)
        }
        GiveMicrosoftVisibility | InviteMicrosoft { .. } | InvitePartner(_) | Register { .. } => own_admin(d, actor),
        _ => (actor.org_id == d.org_id).then_some(()).ok_or(Refused::NotYourDeal),
    }
}

fn own_admin(d: &Deal, actor: &Actor) -> Result<(), Refused> {
    if actor.org_id != d.org_id {
        Err(Refused::NotYourDeal)
    } else if !actor.is_referrals_admin() {
        Err(Refused::AdminsOnly)
    } else {
        Ok(())
    }
}

fn invalid(field: Field, code: Code) -> Refused {
    Refused::Invalid(Issues::one(field, code))
}

fn step(d: &mut Deal, c: &Command, actor: &Actor, now: DateTime<Utc>) -> Result<Vec<Event>, Refused> {
    use Command::*;
    authorize(d, c, actor)?;
    let registration_only = matches!(c, Register { .. } | Review(_));
    if d.status.is_terminal() && !registration_only && !is_microsoft_side(c) {
        return Err(Refused::Terminal);
    }
    if d.status == Status::Received && !matches!(c, Accept { .. } | Decline { .. } | Expire | EngagementClosed { .. }) && !is_microsoft_side(c) {
        return Err(Refused::NotAccepted);
    }
    match c {
        Accept { name, value, close_date, notes, crm_id, campaign_id, team } => {
            require_received(d)?;
            // R-LIFE-6: what the receiver adjusts; anything left out stays as sent.
            let det = &mut d.details;
            det.name = name.clone().unwrap_or(det.name.clone());
            det.value = value.unwrap_or(det.value);
            det.close_date = close_date.unwrap_or(det.close_date);
            det.notes = notes.clone().or(det.notes.take());
            det.crm_id = crm_id.clone().or(det.crm_id.take());
            det.campaign_id = campaign_id.clone().or(det.campaign_id.take());
            for person in team {
                d.team.push(Member { person: person.clone(), org_id: d.org_id.clone() });
            }
            if d.team.is_empty() {
                return Err(invalid(Field::Team, Code::NeedOneMember));
            }
            if d.team.len() > MAX_TEAM {
                return Err(invalid(Field::Team, Code::TooManyMembers { max: MAX_TEAM }));
            }
            d.status = Status::Accepted;
            d.stage = Stage::initial(d.direction);
            Ok(vec![Event::Accepted])
        }
        Decline { reason, notes } => {
            require_received(d)?;
            d.status = Status::Declined;
            d.outcome = Some(Outcome::Declined { reason: *reason, notes: notes.clone() });
            Ok(vec![Event::Declined { reason: *reason }])
        }
        Expire => {
            require_received(d)?;
            if now < d.started_at() + Duration::days(super::RESPONSE_WINDOW_DAYS) {
                return Err(Refused::WindowStillOpen);
            }
            d.status = Status::Expired;
            d.outcome = Some(Outcome::Expired);
            Ok(vec![Event::Expired])
        }
        EngagementClosed { originator_status } => {
            require_received(d)?;
            d.status = Status::Expired;
            d.outcome = Some(Outcome::Expired);
            Ok(vec![Event::EngagementClosed { originator_status: *originator_status }])
        }
        EditDetails(details) => {
            let fields = changed_fields(&d.details, details);
            if fields.is_empty() {
                return Err(Refused::Invalid(Issues::default()));
            }
            d.details = details.clone();
            Ok(vec![Event::DetailsEdited { fields }])
        }
        EditContact(contact) => {
            let issues = contact.issues_at(d.microsoft.level);
            if issues.has_errors() || *contact == d.contact {
                return Err(Refused::Invalid(issues));
            }
            d.contact = contact.clone();
            Ok(vec![Event::ContactEdited])
        }
        AddMember(person) => {
            if d.team.len() >= MAX_TEAM {
                return Err(invalid(Field::Team, Code::TooManyMembers { max: MAX_TEAM }));
            }
            d.team.push(Member { person: person.clone(), org_id: actor.org_id.clone() });
            Ok(vec![Event::TeamChanged])
        }
        ChangeMember { index, member } => {
            own_member(d, *index, actor)?;
            d.team[*index].person = member.clone();
            Ok(vec![Event::TeamChanged])
        }
        RemoveMember { index } => {
            own_member(d, *index, actor)?;
            if d.team.len() == 1 {
                return Err(Refused::LastMember);
            }
            d.team.remove(*index);
            Ok(vec![Event::TeamChanged])
        }
        ChangeSolutions(solutions) => {
            check_solutions(d, solutions)?;
            d.solutions = solutions.clone();
            Ok(vec![Event::SolutionsChanged])
        }
        MarkStage(stage) => {
            check_stage(d, *stage)?;
            d.stage = *stage;
            Ok(vec![Event::StageMarked { stage: *stage }])
        }
        Win { confirm_early } => {
            if d.is_assessment && d.stage != Stage::PresentToCustomer {
                return Err(Refused::AssessmentStagesIncomplete);
            }
            let early = now < d.started_at() + Duration::hours(EARLY_WIN_HOURS);
            if early && !confirm_early {
                return Err(Refused::ConfirmEarlyWin);
            }
            d.status = Status::Won;
            d.stage = Stage::Won;
            d.outcome = Some(Outcome::Won { early });
            let mut events = vec![Event::Won { early }];
            events.extend(expire_invitations(d));
            Ok(events)
        }
        Lose { reason, notes } => {
            d.status = Status::Lost;
            d.outcome = Some(Outcome::Lost { reason: *reason, notes: notes.clone() });
            let mut events = vec![Event::Lost { reason: *reason }];
            events.extend(expire_invitations(d));
            Ok(events)
        }
        GiveMicrosoftVisibility => {
            may_invite(d)?;
            if d.microsoft.level != MicrosoftLevel::None {
                return Err(Refused::MicrosoftAlreadyThere);
            }
            d.microsoft.level = MicrosoftLevel::Visible;
            Ok(vec![Event::MicrosoftGivenVisibility])
        }
        InviteMicrosoft { help } => {
            may_invite(d)?;
            microsoft_invitable(d)?;
            if *help == HelpNeeded::None {
                return Err(invalid(Field::Help, Code::Required));
            }
            d.help = *help;
            d.microsoft = MicrosoftSide {
                level: MicrosoftLevel::Invited,
                status: Some(MicrosoftStatus::Pending),
                invited_at: Some(now),
                ..MicrosoftSide::none()
            };
            Ok(vec![Event::MicrosoftInvited])
        }
        InvitePartner(invitation) => {
            may_invite(d)?;
            check_invitation(d, invitation)?;
            let mut sent = invitation.clone();
            sent.status = InvitationStatus::Pending;
            sent.sent_at = now;
            d.invitations.push(sent);
            Ok(vec![Event::PartnerInvited { partner_org_id: invitation.partner_org_id.clone() }])
        }
        PartnerResponded { partner_org_id, accepted } => {
            let inv = d
                .invitations
                .iter_mut()
                .find(|i| &i.partner_org_id == partner_org_id && i.status == InvitationStatus::Pending)
                .ok_or(Refused::NoSuchInvitation)?;
            inv.status = if *accepted { InvitationStatus::Accepted } else { InvitationStatus::Declined };
            Ok(vec![Event::InvitationAnswered { partner_org_id: partner_org_id.clone(), accepted: *accepted }])
        }
        PartnerLapsed { partner_org_id } => {
            let inv = d
                .invitations
                .iter_mut()
                .find(|i| &i.partner_org_id == partner_org_id && i.status == InvitationStatus::Pending)
                .ok_or(Refused::NoSuchInvitation)?;
            inv.status = InvitationStatus::Expired;
            Ok(vec![Event::InvitationExpired { partner_org_id: partner_org_id.clone() }])
        }
        MicrosoftAccepts { seller } => {
            require_microsoft(d, &[MicrosoftStatus::Pending])?;
            d.microsoft.status = Some(MicrosoftStatus::Accepted);
            d.microsoft.seller = Some(seller.clone());
            Ok(vec![Event::MicrosoftAccepted])
        }
        MicrosoftDeclines { reason } => {
            require_microsoft(d, &[MicrosoftStatus::Pending])?;
            d.microsoft.status = Some(MicrosoftStatus::Declined);
            d.microsoft.decline_reason = Some(*reason);
            Ok(vec![Event::MicrosoftDeclined { reason: *reason }])
        }
        MicrosoftExpires => {
            require_microsoft(d, &[MicrosoftStatus::Pending])?;
            if d.microsoft_time_left(now).is_some_and(|left| left > Duration::zero()) {
                return Err(Refused::WindowStillOpen);
            }
            d.microsoft.status = Some(MicrosoftStatus::Expired);
            Ok(vec![Event::MicrosoftExpired])
        }
        MicrosoftMarksWon => {
            require_microsoft(d, &[MicrosoftStatus::Pending, MicrosoftStatus::Accepted])?;
            d.microsoft.status = Some(MicrosoftStatus::Won);
            Ok(vec![Event::MicrosoftWon])
        }
        Register { form, program } => {
            if d.registration.is_some() {
                return Err(Refused::AlreadyRegistered);
            }
            registration_eligibility(d, program).map_err(Refused::NotEligible)?;
            d.registration = Some(Registration {
                form: form.clone(),
                state: RegistrationState::Submitted,
                early_win_warning: matches!(d.outcome, Some(Outcome::Won { early: true })),
                reviewer_message: None,
            });
            Ok(vec![Event::Registered])
        }
        Review(action) => review(d, action),
    }
}

fn require_received(d: &Deal) -> Result<(), Refused> {
    if d.status == Status::Received { Ok(()) } else { Err(Refused::NotReceived) }
}

fn require_microsoft(d: &Deal, allowed: &[MicrosoftStatus]) -> Result<(), Refused> {
    match d.microsoft.status {
        Some(s) if allowed.contains(&s) => Ok(()),
        _ => Err(Refused::MicrosoftNotPending),
    }
}

fn own_member(d: &Deal, index: usize, actor: &Actor) -> Result<(), Refused> {
    match d.team.get(index) {
        None => Err(Refused::NoSuchMember),
        Some(m) if m.org_id != actor.org_id => Err(Refused::OtherCompanysMember),
        Some(_) => Ok(()),
    }
}

/// The names of the details that differ, as the history and the API call them.
fn changed_fields(old: &Details, new: &Details) -> Vec<String> {
    [
        ("name", old.name != new.name),
        ("value", old.value != new.value),
        ("currency", old.currency != new.currency),
        ("closeDate", old.close_date != new.close_date),
        ("notes", old.notes != new.notes),
        ("crmId", old.crm_id != new.crm_id),
        ("campaignId", old.campaign_id != new.campaign_id),
    ]
    .into_iter()
    .filter(|(_, changed)| *changed)
    .map(|(name, _)| name.to_string())
    .collect()
}

/// R-NEW-4, R-TYPE-5: 1 to 50 solutions; an assessment deal keeps exactly its one assessment.
fn check_solutions(d: &Deal, solutions: &[SolutionInfo]) -> Result<(), Refused> {
    if solutions.is_empty() {
        return Err(invalid(Field::Solutions, Code::NeedOneSolution));
    }
    if solutions.len() > MAX_SOLUTIONS {
        return Err(invalid(Field::Solutions, Code::TooManySolutions { max: MAX_SOLUTIONS }));
    }
    if has_repeats(solutions.iter().map(|s| s.id.as_str())) {
        return Err(invalid(Field::Solutions, Code::DuplicateSolution));
    }
    let assessments = solutions.iter().filter(|s| s.category == SolutionCategory::Assessment).count();
    match (d.is_assessment, assessments, solutions.len()) {
        (true, 1, 1) | (false, 0, _) => Ok(()),
        (true, _, _) => Err(invalid(Field::Solutions, Code::AssessmentAlone)),
        (false, _, _) => Err(invalid(Field::Solutions, Code::AssessmentKindFixed)),
    }
}

const SA_LADDER: [Stage; 4] = [Stage::SecureLoe, Stage::CollectData, Stage::PrepareReport, Stage::PresentToCustomer];
const STANDARD: [Stage; 4] = [Stage::Qualified, Stage::Developed, Stage::Proposed, Stage::Negotiated];

/// R-STAGE-1: standard stages are optional and move either way; R-STAGE-2: assessment stages in order.
fn check_stage(d: &Deal, stage: Stage) -> Result<(), Refused> {
    if stage == Stage::Won {
        return Err(Refused::WonOnlyByOutcome);
    }
    if d.is_assessment {
        let position = SA_LADDER.iter().position(|s| *s == stage).ok_or(Refused::WrongLadder)?;
        let done = SA_LADDER.iter().position(|s| *s == d.stage).map(|p| p + 1).unwrap_or(0);
        return if position == done { Ok(()) } else { Err(Refused::StageOutOfOrder) };
    }
    if !(STANDARD.contains(&stage) || stage == Stage::initial(d.direction)) {
        return Err(Refused::WrongLadder);
    }
    if stage == d.stage { Err(Refused::Invalid(Issues::default())) } else { Ok(()) }
}

/// R-NEW-5: an invitation names another partner, brings at least one solution, and its team comes
/// from the deal team.
fn check_invitation(d: &Deal, inv: &PartnerInvitation) -> Result<(), Refused> {
    if inv.partner_org_id == d.org_id {
        return Err(Refused::CannotInviteOwnOrganization);
    }
    if d.invitations.iter().any(|i| i.partner_org_id == inv.partner_org_id) {
        return Err(Refused::PartnerAlreadyInvited);
    }
    if inv.solutions.is_empty() {
        return Err(invalid(Field::Solutions, Code::NeedOneSolution));
    }
    if has_repeats(inv.solutions.iter().map(|s| s.id.as_str())) {
        return Err(invalid(Field::Solutions, Code::DuplicateSolution));
    }
    let on_team = |p: &TeamMember| d.team.iter().any(|m| m.person.email.normalized() == p.email.normalized());
    if inv.team.is_empty() || !inv.team.iter().all(on_team) {
        return Err(invalid(Field::Team, Code::NotAnOption));
    }
    Ok(())
}

/// §3: when the originator closes its deal, pending invitations expire and invitees are told.
fn expire_invitations(d: &mut Deal) -> Vec<Event> {
    d.invitations
        .iter_mut()
        .filter(|i| i.status == InvitationStatus::Pending)
        .map(|i| {
            i.status = InvitationStatus::Expired;
            Event::InvitationExpired { partner_org_id: i.partner_org_id.clone() }
        })
        .collect()
}

/// R-REG-4: registrations of co-sell deals are reviewed; a partner-led deal's registration is not.
fn review(d: &mut Deal, action: &ReviewAction) -> Result<Vec<Event>, Refused> {
    use RegistrationState as S;
    if d.microsoft.level != MicrosoftLevel::Invited {
        return Err(Refused::ReviewOnlyForCoSell);
    }
    let reg = d.registration.as_mut().ok_or(Refused::WrongRegistrationState)?;
    let next = match (reg.state, action) {
        (S::Submitted, ReviewAction::Start) => S::InReview,
        (S::InReview, ReviewAction::RequestAction { message }) => {
            reg.reviewer_message = Some(message.clone());
            S::ActionRequired
        }
        (S::ActionRequired, ReviewAction::Resubmit(form)) => {
            reg.form = form.clone();
            reg.reviewer_message = None;
            S::Submitted
        }
        (S::InReview, ReviewAction::Approve) => S::Approved,
        (S::InReview, ReviewAction::Reject { message }) => {
            reg.reviewer_message = Some(message.clone());
            S::Rejected
        }
        (S::Approved | S::Rejected, ReviewAction::Close) => S::Closed,
        _ => return Err(Refused::WrongRegistrationState),
    };
    reg.state = next;
    Ok(vec![Event::RegistrationMoved { state: next }])
}

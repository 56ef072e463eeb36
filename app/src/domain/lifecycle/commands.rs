//! Commands on a deal and the one function that applies them: it checks who may act and what the
//! deal's status allows, then hands each command to the concept module that owns its rule.

use super::{Deal, Event, MicrosoftSide, Refused, Sender};
use crate::domain::actor::{Actor, Role, may_create_deal};
use crate::domain::catalog::SolutionInfo;
use crate::domain::contact::Contact;
use crate::domain::deal::{Direction, HelpNeeded, MicrosoftLevel, Stage, Status};
use crate::domain::details::{self, Adjustments, Details};
use crate::domain::fields::Notes;
use crate::domain::invitations::{self, InvitationStatus, PartnerInvitation};
use crate::domain::issues::Issues;
use crate::domain::microsoft::{SellerContact, window_open};
use crate::domain::outcome::{self, Outcome};
use crate::domain::reasons::{DeclineReason, LostReason};
use crate::domain::registration::{self, RegistrationForm, RegistrationProgram, ReviewAction};
use crate::domain::solutions;
use crate::domain::team::{self, TeamMember};
use crate::domain::wizard::ValidDeal;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// R-LIFE-1: accept a received deal, optionally adjusting it and adding own contacts.
    Accept { adjust: Adjustments, team: Vec<TeamMember> },
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
    PartnerResponded {
        partner_org_id: String,
        accepted: bool,
        /// Why it declined (R-LIFE-1), passed on to the originator.
        #[serde(default)]
        reason: Option<DeclineReason>,
    },
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

/// R-NEW-6, R-NEW-7, R-ORG-4: an outbound deal starts Accepted at Created 10%; the partners the
/// wizard invited are invited by the same rule as on the deal page (R-NEW-5).
pub fn create_outbound(new: NewDeal<'_>, actor: &Actor, org_has_co_sell_ready: bool, now: DateTime<Utc>) -> Result<Applied, Refused> {
    may_create_deal(actor, org_has_co_sell_ready)?;
    let v = new.valid;
    let invited = v.microsoft_level == MicrosoftLevel::Invited;
    let mut deal = new_deal(&new, now);
    team::add(&mut deal.team, &v.team, &new.org_id)?;
    let mut events = vec![Event::Created];
    if invited {
        events.push(Event::MicrosoftInvited);
    }
    for invitation in &v.invitations {
        events.extend(step(&mut deal, &Command::InvitePartner(invitation.clone()), actor, now)?);
    }
    Ok(Applied { deal, events })
}

/// A deal as the wizard's valid answers describe it, Accepted and outbound until made otherwise.
fn new_deal(new: &NewDeal<'_>, now: DateTime<Utc>) -> Deal {
    let v = new.valid;
    Deal {
        id: new.id.clone(),
        engagement_id: new.engagement_id.clone(),
        org_id: new.org_id.clone(),
        direction: Direction::Outbound,
        sender: None,
        location_id: v.location_id.clone(),
        customer_id: v.customer_id.clone(),
        customer_microsoft_managed: new.customer_microsoft_managed,
        contact: v.contact.clone(),
        details: v.details.clone(),
        team: Vec::new(),
        solutions: v.solutions.clone(),
        help: v.help,
        microsoft: if v.microsoft_level == MicrosoftLevel::Invited {
            MicrosoftSide::invited(now)
        } else {
            MicrosoftSide { level: v.microsoft_level, ..MicrosoftSide::none() }
        },
        invitations: Vec::new(),
        is_assessment: v.is_assessment,
        status: Status::Accepted,
        stage: Stage::initial(Direction::Outbound),
        outcome: None,
        registration: None,
        created_at: now,
        received_at: None,
    }
}

/// R-ORG-5, R-TYPE-7: a Microsoft seller refers a customer to a partner: the partner's deal
/// arrives Received in its Inbound tab with 14 days to answer (R-LIFE-1, R-LIFE-2), co-sell with
/// Microsoft's side already accepted and the seller as Microsoft's contact.
pub fn refer(new: NewDeal<'_>, actor: &Actor, seller: SellerContact, now: DateTime<Utc>) -> Result<Applied, Refused> {
    if !actor.has(Role::MicrosoftSeller) {
        return Err(Refused::MicrosoftSellersOnly);
    }
    let mut applied = receive(new_deal(&new, now), Sender::Microsoft, now);
    applied.deal.microsoft.seller = Some(seller);
    Ok(applied)
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
        Sender::Microsoft => MicrosoftSide { status: Some(super::MicrosoftStatus::Accepted), ..MicrosoftSide::invited(now) },
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

/// R-ORG-3..5, R-LIFE-6: who may give the command.
fn authorize(d: &Deal, c: &Command, actor: &Actor) -> Result<(), Refused> {
    use Command::*;
    let when = |ok: bool, refused: Refused| if ok { Ok(()) } else { Err(refused) };
    match c {
        Expire | EngagementClosed { .. } | MicrosoftExpires | PartnerLapsed { .. } => when(actor.is_system(), Refused::SystemOnly),
        MicrosoftAccepts { .. } | MicrosoftDeclines { .. } | MicrosoftMarksWon => {
            when(actor.has(Role::MicrosoftSeller), Refused::MicrosoftSellersOnly)
        }
        Review(ReviewAction::Resubmit(_)) => own_admin(d, actor),
        Review(_) => when(actor.has(Role::MicrosoftRegistrationReviewer), Refused::ReviewersOnly),
        PartnerResponded { partner_org_id, .. } => when(actor.is_system() || &actor.org_id == partner_org_id, Refused::NotYourDeal),
        GiveMicrosoftVisibility | InviteMicrosoft { .. } | InvitePartner(_) | Register { .. } => own_admin(d, actor),
        _ => when(actor.org_id == d.org_id, Refused::NotYourDeal),
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

/// R-LIFE-1, R-LIFE-4: what the deal's status allows at all.
fn check_status(d: &Deal, c: &Command) -> Result<(), Refused> {
    use Command::*;
    let registration_only = matches!(c, Register { .. } | Review(_));
    if d.status.is_terminal() && !registration_only && !is_microsoft_side(c) {
        return Err(Refused::Terminal);
    }
    let answers = matches!(c, Accept { .. } | Decline { .. } | Expire | EngagementClosed { .. });
    match (d.status == Status::Received, answers) {
        (true, false) if !is_microsoft_side(c) => Err(Refused::NotAccepted),
        (false, true) => Err(Refused::NotReceived),
        _ => Ok(()),
    }
}

fn step(d: &mut Deal, c: &Command, actor: &Actor, now: DateTime<Utc>) -> Result<Vec<Event>, Refused> {
    use Command::*;
    authorize(d, c, actor)?;
    check_status(d, c)?;
    let event = match c {
        Accept { .. } | Decline { .. } | Expire | EngagementClosed { .. } => answer(d, c, actor, now)?,
        EditDetails(details) => edit_details(d, details)?,
        EditContact(contact) => edit_contact(d, contact)?,
        AddMember(person) => team::add(&mut d.team, std::slice::from_ref(person), &actor.org_id).map(|_| Event::TeamChanged)?,
        ChangeMember { index, member } => team::change(&mut d.team, *index, member, &actor.org_id).map(|_| Event::TeamChanged)?,
        RemoveMember { index } => team::remove(&mut d.team, *index, &actor.org_id).map(|_| Event::TeamChanged)?,
        ChangeSolutions(solutions) => {
            solutions::check_change(d.is_assessment, solutions)?;
            d.solutions = solutions.clone();
            Event::SolutionsChanged
        }
        MarkStage(stage) => {
            outcome::check_mark(d.stage, *stage, d.direction, d.is_assessment)?;
            d.stage = *stage;
            Event::StageMarked { stage: *stage }
        }
        Win { confirm_early } => {
            let won = win(d, *confirm_early, now)?;
            return Ok(close(d, Status::Won, won));
        }
        Lose { reason, notes } => {
            d.outcome = Some(Outcome::Lost { reason: *reason, notes: notes.clone() });
            return Ok(close(d, Status::Lost, Event::Lost { reason: *reason }));
        }
        GiveMicrosoftVisibility | InviteMicrosoft { .. } | InvitePartner(_) => invite(d, c, now)?,
        PartnerResponded { partner_org_id, accepted, reason } => {
            let status = if *accepted { InvitationStatus::Accepted } else { InvitationStatus::Declined };
            invitations::settle(&mut d.invitations, partner_org_id, status)?;
            Event::InvitationAnswered { partner_org_id: partner_org_id.clone(), accepted: *accepted, reason: *reason }
        }
        PartnerLapsed { partner_org_id } => {
            invitations::settle(&mut d.invitations, partner_org_id, InvitationStatus::Expired)?;
            Event::InvitationExpired { partner_org_id: partner_org_id.clone() }
        }
        MicrosoftAccepts { seller } => d.microsoft.accept(seller, now).map(|_| Event::MicrosoftAccepted)?,
        MicrosoftDeclines { reason } => d.microsoft.decline(*reason, now).map(|_| Event::MicrosoftDeclined { reason: *reason })?,
        MicrosoftExpires => d.microsoft.expire(now).map(|_| Event::MicrosoftExpired)?,
        MicrosoftMarksWon => d.microsoft.mark_won(now).map(|_| Event::MicrosoftWon)?,
        Register { form, program } => {
            super::registration_eligibility(d, program).map_err(Refused::NotEligible)?;
            let early = matches!(d.outcome, Some(Outcome::Won { early: true }));
            d.registration = Some(registration::submit(&d.registration, form, early)?);
            Event::Registered
        }
        Review(action) => Event::RegistrationMoved { state: registration::review(d.microsoft.level, d.registration.as_mut(), action)? },
    };
    Ok(vec![event])
}

/// R-LIFE-1, R-LIFE-2, R-LIFE-6, §3: a received deal answered within its window, lapsed, or closed
/// with its engagement.
fn answer(d: &mut Deal, c: &Command, actor: &Actor, now: DateTime<Utc>) -> Result<Event, Refused> {
    let open = window_open(d.started_at(), now);
    if matches!(c, Command::Accept { .. } | Command::Decline { .. }) && !open {
        return Err(Refused::WindowClosed);
    }
    let (status, outcome, event) = match c {
        Command::Accept { adjust, team } => {
            d.details.adjust(adjust);
            team::add(&mut d.team, team, &actor.org_id)?;
            (Status::Accepted, None, Event::Accepted)
        }
        Command::Decline { reason, notes } => {
            (Status::Declined, Some(Outcome::Declined { reason: *reason, notes: notes.clone() }), Event::Declined { reason: *reason })
        }
        Command::Expire if open => return Err(Refused::WindowStillOpen),
        Command::Expire => (Status::Expired, Some(Outcome::Expired), Event::Expired),
        Command::EngagementClosed { originator_status } => {
            (Status::Expired, Some(Outcome::Expired), Event::EngagementClosed { originator_status: *originator_status })
        }
        _ => unreachable!("step hands only answers to answer"),
    };
    d.status = status;
    d.outcome = outcome;
    Ok(event)
}

/// R-TYPE-6, R-NEW-5: bringing Microsoft or another partner in, on a deal this company originated.
fn invite(d: &mut Deal, c: &Command, now: DateTime<Utc>) -> Result<Event, Refused> {
    invitations::may_invite(d.direction, d.status, d.is_assessment)?;
    match c {
        Command::GiveMicrosoftVisibility => d.microsoft.give_visibility().map(|_| Event::MicrosoftGivenVisibility),
        Command::InviteMicrosoft { help } => {
            d.microsoft.invite(&d.contact, *help, now)?;
            d.help = *help;
            Ok(Event::MicrosoftInvited)
        }
        Command::InvitePartner(invitation) => {
            let team: Vec<TeamMember> = d.people().cloned().collect();
            invitations::send(&mut d.invitations, &d.org_id, &team, invitation, now)?;
            Ok(Event::PartnerInvited { partner_org_id: invitation.partner_org_id.clone() })
        }
        _ => unreachable!("step hands only invitations to invite"),
    }
}

fn edit_details(d: &mut Deal, new: &Details) -> Result<Event, Refused> {
    let fields = details::changed_fields(&d.details, new);
    if fields.is_empty() {
        return Err(Refused::Invalid(Issues::default()));
    }
    d.details = new.clone();
    Ok(Event::DetailsEdited { fields })
}

/// R-NEW-1: on a co-sell deal the contact and consent stay complete.
fn edit_contact(d: &mut Deal, contact: &Contact) -> Result<Event, Refused> {
    let issues = contact.issues_at(d.microsoft.level);
    if issues.has_errors() || *contact == d.contact {
        return Err(Refused::Invalid(issues));
    }
    d.contact = contact.clone();
    Ok(Event::ContactEdited)
}

fn win(d: &mut Deal, confirm_early: bool, now: DateTime<Utc>) -> Result<Event, Refused> {
    let early = outcome::check_win(d.stage, d.is_assessment, d.started_at(), now, confirm_early)?;
    d.stage = Stage::Won;
    d.outcome = Some(Outcome::Won { early });
    Ok(Event::Won { early })
}

/// R-LIFE-4, §3: the deal ends; invitations still waiting expire and their partners are told.
fn close(d: &mut Deal, status: Status, event: Event) -> Vec<Event> {
    d.status = status;
    let expired = invitations::expire_pending(&mut d.invitations);
    std::iter::once(event).chain(expired.into_iter().map(|partner_org_id| Event::InvitationExpired { partner_org_id })).collect()
}

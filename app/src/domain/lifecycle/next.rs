//! What an actor can do to a deal right now, for the deal page's buttons. Each answer comes from
//! trying the command itself with `apply`, so the page offers exactly what the server would accept.

use super::{Command, Contact, Deal, Details, InvitationStatus, PartnerInvitation, Refused, ReviewAction, SellerContact, apply};
use crate::domain::details::Adjustments;
use crate::domain::outcome;
use crate::domain::actor::Actor;
use crate::domain::deal::{HelpNeeded, Stage};
use crate::domain::fields::DealName;
use crate::domain::reasons::LostReason;
use crate::domain::registration::{ContractKind, RegistrationForm, RegistrationProgram};
use crate::domain::team::TeamMember;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextSteps {
    /// R-LIFE-1: accept or decline a received deal.
    pub respond: bool,
    /// R-LIFE-2: whole hours left to answer, while the deal waits for one.
    pub hours_to_respond: Option<i64>,
    /// R-LIFE-3: deal name, value, close date, notes, CRM and campaign IDs.
    pub edit: bool,
    /// R-STAGE-1, R-STAGE-2: the stages that may be marked now.
    pub stages: Vec<Stage>,
    /// R-LIFE-4: `Some(early)` when the deal may be won; `early` means R-REG-2's 72-hour warning applies.
    pub win: Option<bool>,
    pub lose: bool,
    /// R-TYPE-6.
    pub give_visibility: bool,
    /// R-TYPE-6, R-NEW-1.
    pub invite_microsoft: bool,
    /// R-NEW-1: the customer contact and consents may be edited.
    pub edit_contact: bool,
    /// R-TYPE-4, R-TYPE-6: other partners may be invited.
    pub invite_partner: bool,
    /// R-REG-1, R-REG-3: the deal may be registered now by this viewer.
    pub register: bool,
    /// R-REG-4: the partner may resubmit a registration the reviewer sent back.
    pub resubmit: bool,
    /// R-LIFE-5: a Microsoft seller may accept or decline the co-sell invitation.
    pub microsoft_answer: bool,
    /// R-LIFE-5: a Microsoft seller may mark Microsoft's side won.
    pub microsoft_mark_won: bool,
    /// R-REG-4: the review steps a registration reviewer may take now.
    pub review: Vec<ReviewKind>,
    /// Moves the deal's owner would look for but cannot make now, each with the rule that stops it
    /// (e.g. inviting Microsoft without the customer contact, R-NEW-1).
    pub not_offered: Vec<NotOffered>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Offer {
    InviteMicrosoft,
    GiveVisibility,
    InvitePartner,
    Win,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotOffered {
    pub offer: Offer,
    pub reason: Refused,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewKind {
    Start,
    RequestAction,
    Approve,
    Reject,
    Close,
}

impl NextSteps {
    pub fn any(&self) -> bool {
        self.respond || self.edit || self.edit_contact || !self.not_offered.is_empty() || !self.stages.is_empty() || self.win.is_some() || self.lose || self.give_visibility
            || self.invite_partner
            || self.register
            || self.resubmit
            || self.microsoft_answer
            || self.microsoft_mark_won
            || !self.review.is_empty()
    }
}

pub fn next_steps(deal: &Deal, actor: &Actor, now: DateTime<Utc>) -> NextSteps {
    let allowed = |command: Command| apply(deal, &command, actor, now);
    let placeholder = TeamMember {
        name: crate::domain::fields::PersonName::parse("Probe").expect("valid"),
        phone: crate::domain::fields::Phone::parse("+1 000 000 0000").expect("valid"),
        email: crate::domain::fields::Email::parse("probe@example.com").expect("valid"),
    };
    let accept = Command::Accept { adjust: Adjustments::default(), team: vec![placeholder] };
    let respond = allowed(accept).is_ok();
    let other_name = if deal.details.name.as_str() == "A" { "B" } else { "A" };
    let rename = Command::EditDetails(Details { name: DealName::parse(other_name).expect("valid"), ..deal.details.clone() });
    let contact = match probe_contact() {
        same if same == deal.contact => Contact { share_with_partners: false, ..same },
        other => other,
    };
    let win = match allowed(Command::Win { confirm_early: true }) {
        Ok(_) => Ok(matches!(allowed(Command::Win { confirm_early: false }), Err(Refused::ConfirmEarlyWin))),
        Err(refused) => Err(refused),
    };
    let visibility = allowed(Command::GiveMicrosoftVisibility).map(|_| ());
    let invite_microsoft = allowed(Command::InviteMicrosoft { help: HelpNeeded::GeneralOrOther }).map(|_| ());
    let invite_partner = match probe_invitation(deal) {
        Some(inv) => allowed(Command::InvitePartner(inv)).map(|_| ()),
        None => Err(Refused::NotAccepted),
    };
    let hours_to_respond = deal.response_time_left(now).filter(|_| respond).map(|left| left.num_hours());
    NextSteps {
        respond,
        hours_to_respond,
        edit: allowed(rename).is_ok(),
        stages: outcome::ladder(deal.direction, deal.is_assessment).into_iter().filter(|s| allowed(Command::MarkStage(*s)).is_ok()).collect(),
        win: win.clone().ok(),
        lose: allowed(Command::Lose { reason: LostReason::Other, notes: None }).is_ok(),
        give_visibility: visibility.is_ok(),
        invite_microsoft: invite_microsoft.is_ok(),
        edit_contact: allowed(Command::EditContact(contact)).is_ok(),
        invite_partner: invite_partner.is_ok(),
        register: allowed(Command::Register { form: probe_form(deal), program: RegistrationProgram::default() }).is_ok(),
        resubmit: allowed(Command::Review(ReviewAction::Resubmit(probe_form(deal)))).is_ok(),
        microsoft_answer: allowed(Command::MicrosoftAccepts { seller: probe_seller() }).is_ok(),
        microsoft_mark_won: allowed(Command::MicrosoftMarksWon).is_ok(),
        review: [
            (ReviewKind::Start, ReviewAction::Start),
            (ReviewKind::RequestAction, ReviewAction::RequestAction { message: "probe".into() }),
            (ReviewKind::Approve, ReviewAction::Approve),
            (ReviewKind::Reject, ReviewAction::Reject { message: "probe".into() }),
            (ReviewKind::Close, ReviewAction::Close),
        ]
        .into_iter()
        .filter(|(_, action)| allowed(Command::Review(action.clone())).is_ok())
        .map(|(kind, _)| kind)
        .collect(),
        not_offered: [
            (Offer::InviteMicrosoft, invite_microsoft),
            (Offer::GiveVisibility, visibility),
            (Offer::InvitePartner, invite_partner),
            (Offer::Win, win.map(|_| ())),
        ]
        .into_iter()
        .filter_map(|(offer, result)| result.err().filter(Refused::explains_absence).map(|reason| NotOffered { offer, reason }))
        .fold(Vec::new(), |mut once, n: NotOffered| {
            // One line per reason: an assessment refuses all three invitations for the same rule.
            if !once.iter().any(|o: &NotOffered| o.reason == n.reason) {
                once.push(n);
            }
            once
        }),
    }
}

/// An invitation the rules accept if anything is (a partner not yet invited, the deal's own team
/// member and solution); `None` when the deal has no team member or solution to offer.
fn probe_invitation(deal: &Deal) -> Option<PartnerInvitation> {
    Some(PartnerInvitation {
        partner_org_id: format!("{}-probe", deal.org_id),
        partner_name: "Probe".into(),
        close_date: deal.details.close_date,
        value: deal.details.value,
        currency: deal.details.currency,
        notes: None,
        team: vec![deal.team.first()?.person.clone()],
        solutions: vec![deal.solutions.first()?.clone()],
        help_needed: None,
        status: InvitationStatus::Pending,
        sent_at: deal.created_at,
    })
}

/// A complete contact with both consents, valid at every Microsoft level.
fn probe_contact() -> Contact {
    Contact {
        name: crate::domain::fields::PersonName::parse("Probe").ok(),
        phone: crate::domain::fields::Phone::parse("+1 000 000 0000").ok(),
        email: crate::domain::fields::Email::parse("probe@example.com").ok(),
        consent: true,
        share_with_partners: true,
    }
}

fn probe_seller() -> SellerContact {
    SellerContact {
        name: crate::domain::fields::PersonName::parse("Probe").expect("valid"),
        email: crate::domain::fields::Email::parse("probe@example.com").expect("valid"),
    }
}

/// A registration form the rules accept; registering depends on the deal and the actor only.
fn probe_form(deal: &Deal) -> RegistrationForm {
    let day = deal.details.close_date;
    RegistrationForm {
        contract_value: deal.details.value,
        currency: deal.details.currency,
        signed_on: day,
        starts_on: day,
        ends_on: day.succ_opt().unwrap_or(day),
        term_months: 12,
        kind: ContractKind::New,
        contact_name: crate::domain::fields::PersonName::parse("Probe").expect("valid"),
        contact_email: crate::domain::fields::Email::parse("probe@example.com").expect("valid"),
        contact_phone: crate::domain::fields::Phone::parse("+1 000 000 0000").expect("valid"),
        solutions: deal.solutions.iter().map(|s| (s.id.clone(), deal.details.value)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deal::MicrosoftLevel;
    use crate::domain::lifecycle::tests::{admin, assessment, from_microsoft, now, outbound, partner_admin, run, user};

    // R-LIFE-1, R-LIFE-2: a received deal offers only accept/decline, with the hours left.
    #[test]
    fn received_deal_offers_only_an_answer() {
        let mut deal = from_microsoft();
        deal.received_at = Some(now() - chrono::Duration::days(3));
        let next = next_steps(&deal, &admin(), now());
        assert!(next.respond && !next.edit && next.stages.is_empty() && next.win.is_none() && !next.lose);
        assert_eq!(next.hours_to_respond, Some(11 * 24));
    }

    // R-STAGE-1, R-LIFE-4, R-TYPE-6, R-ORG-4: an accepted own deal; admins may also invite, users not.
    #[test]
    fn accepted_deal_offers_stages_outcomes_and_invitations_by_role() {
        let deal = outbound(MicrosoftLevel::None);
        let next = next_steps(&deal, &admin(), now());
        assert!(!next.respond && next.edit && next.lose && next.give_visibility);
        assert_eq!(next.stages, [Stage::Qualified, Stage::Developed, Stage::Proposed, Stage::Negotiated]);
        assert_eq!(next.win, Some(false), "created ten days ago: no 72-hour warning");
        assert!(next.invite_microsoft && next.invite_partner && next.edit_contact);
        assert!(next.not_offered.is_empty(), "{:?}", next.not_offered);
        let by_user = next_steps(&deal, &user(), now());
        assert!(by_user.edit && by_user.win.is_some() && !by_user.give_visibility);
        assert!(!by_user.invite_microsoft && !by_user.invite_partner && by_user.edit_contact);
        assert!(by_user.not_offered.is_empty(), "who may act needs no explaining");
        assert!(!next_steps(&from_microsoft(), &admin(), now()).invite_partner, "never from an inbound deal");
        assert!(!next_steps(&deal, &partner_admin(), now()).any(), "another org can do nothing");
    }

    // R-REG-2: winning within 72 hours of creation carries the warning.
    #[test]
    fn early_win_is_flagged() {
        let mut deal = outbound(MicrosoftLevel::Visible);
        deal.created_at = now() - chrono::Duration::hours(5);
        assert_eq!(next_steps(&deal, &admin(), now()).win, Some(true));
    }

    // R-STAGE-2, R-TYPE-5: an assessment moves one stage at a time and is won only after all four.
    #[test]
    fn assessment_offers_the_next_stage_only() {
        let deal = assessment();
        let next = next_steps(&deal, &admin(), now());
        assert_eq!(next.stages, [Stage::SecureLoe]);
        assert!(next.win.is_none() && !next.give_visibility);
        let reasons: Vec<_> = next.not_offered.iter().map(|n| (n.offer, n.reason.clone())).collect();
        assert_eq!(
            reasons,
            [(Offer::InviteMicrosoft, Refused::AssessmentHasNoInvitations), (Offer::Win, Refused::AssessmentStagesIncomplete)],
            "one line per reason"
        );
    }

    // R-REG-1, R-ORG-4: a won, registrable deal offers registration to admins only, once.
    #[test]
    fn won_registrable_deal_offers_registration_to_admins() {
        let won = run(&outbound(MicrosoftLevel::Visible), Command::Win { confirm_early: true }, &admin()).unwrap();
        let next = next_steps(&won, &admin(), now());
        assert!(next.register && next.any());
        assert!(!next_steps(&won, &user(), now()).register);
        let registered = run(&won, crate::domain::lifecycle::tests::register(), &admin()).unwrap();
        assert!(!next_steps(&registered, &admin(), now()).register);
        let private = run(&outbound(MicrosoftLevel::None), Command::Win { confirm_early: true }, &admin()).unwrap();
        assert!(!next_steps(&private, &admin(), now()).register, "R-TYPE-1: private deals are not registrable");
    }

    // R-LIFE-5, R-REG-4: Microsoft's sellers answer co-sell invitations; reviewers move a
    // registration on one state at a time; the partner resubmits when asked.
    #[test]
    fn microsoft_and_reviewers_get_their_own_steps() {
        use crate::domain::lifecycle::tests::{register, reviewer, seller};
        let co_sell = outbound(MicrosoftLevel::Invited);
        let by_seller = next_steps(&co_sell, &seller(), now());
        assert!(by_seller.microsoft_answer && by_seller.microsoft_mark_won && !by_seller.edit && !by_seller.lose);
        assert!(!next_steps(&co_sell, &admin(), now()).microsoft_answer, "partners do not answer for Microsoft");

        let accepted = run(&co_sell, Command::MicrosoftAccepts { seller: probe_seller() }, &seller()).unwrap();
        let won = run(&accepted, Command::Win { confirm_early: true }, &admin()).unwrap();
        let submitted = run(&won, register(), &admin()).unwrap();
        assert_eq!(next_steps(&submitted, &reviewer(), now()).review, [ReviewKind::Start]);
        let in_review = run(&submitted, Command::Review(ReviewAction::Start), &reviewer()).unwrap();
        assert_eq!(next_steps(&in_review, &reviewer(), now()).review, [ReviewKind::RequestAction, ReviewKind::Approve, ReviewKind::Reject]);
        let asked = run(&in_review, Command::Review(ReviewAction::RequestAction { message: "Fix".into() }), &reviewer()).unwrap();
        assert!(next_steps(&asked, &reviewer(), now()).review.is_empty());
        assert!(next_steps(&asked, &admin(), now()).resubmit);
        assert!(!next_steps(&in_review, &admin(), now()).resubmit);
    }

    // R-LIFE-4: nothing on a closed deal.
    #[test]
    fn closed_deal_offers_nothing() {
        let lost = run(&outbound(MicrosoftLevel::None), Command::Lose { reason: LostReason::NoBudget, notes: None }, &admin()).unwrap();
        let next = next_steps(&lost, &admin(), now());
        assert!(!next.any());
        assert!(!next.invite_microsoft && next.not_offered.is_empty());
    }

    // R-NEW-1: a private deal without the customer contact says why Microsoft cannot be invited,
    // and offers to edit the contact.
    #[test]
    fn missing_contact_is_explained() {
        let mut deal = outbound(MicrosoftLevel::None);
        deal.contact = Contact::default();
        let next = next_steps(&deal, &admin(), now());
        assert!(!next.invite_microsoft && next.edit_contact && next.give_visibility);
        assert_eq!(next.not_offered, [NotOffered { offer: Offer::InviteMicrosoft, reason: Refused::ContactRequiredForCoSell }]);
    }
}

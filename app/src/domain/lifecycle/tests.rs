//! One test (at least) per rule of SPEC §3, §6, §7 and §8, each named in a comment.

use super::commands::NewDeal;
use super::*;
use crate::domain::actor::{Actor, MICROSOFT_ORG_ID, Role};
use crate::domain::catalog::{Incentive, SolutionCategory};
use crate::domain::fields::{Email, PersonName, Phone};
use crate::domain::issues::Issues;
use crate::domain::registration::{ContractKind, RegistrationForm, RegistrationProgram, RegistrationState};
use crate::domain::deal::MicrosoftLevel;
use crate::domain::details::Adjustments;
use crate::domain::reasons::{DeclineReason, LostReason};
use crate::domain::fields::{CrmId, DealName, Notes};
use chrono::NaiveDate;
use crate::domain::money::{Amount, Currency};
use crate::domain::team::TeamMember;
use crate::domain::wizard::ValidDeal;
use rust_decimal::Decimal;

pub(crate) fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z").unwrap().with_timezone(&Utc)
}

pub(crate) fn actor(org: &str, roles: &[Role]) -> Actor {
    Actor {
        user_id: format!("u-{org}-{}", roles.first().map(|r| r.as_str()).unwrap_or("none")),
        org_id: org.into(),
        org_name: org.into(),
        name: "Someone".into(),
        email: "someone@example.com".into(),
        roles: roles.to_vec(),
        location_scopes: vec![],
    }
}
pub(crate) fn admin() -> Actor {
    actor("p1", &[Role::ReferralsAdmin])
}
pub(crate) fn user() -> Actor {
    actor("p1", &[Role::ReferralUser])
}
pub(crate) fn partner_admin() -> Actor {
    actor("p2", &[Role::MpnPartnerAdmin])
}
pub(crate) fn seller() -> Actor {
    actor(MICROSOFT_ORG_ID, &[Role::MicrosoftSeller])
}
pub(crate) fn reviewer() -> Actor {
    actor(MICROSOFT_ORG_ID, &[Role::MicrosoftRegistrationReviewer])
}

pub(crate) fn solution(id: &str, category: SolutionCategory, incentive: Option<Incentive>) -> SolutionInfo {
    SolutionInfo { id: id.into(), name: id.into(), owner_name: "o".into(), category, incentive }
}

pub(crate) fn person(n: u32) -> TeamMember {
    TeamMember {
        name: PersonName::parse(&format!("Person {n}")).unwrap(),
        phone: Phone::parse("+1 425 555 0100").unwrap(),
        email: Email::parse(&format!("p{n}@example.com")).unwrap(),
    }
}

fn valid(level: MicrosoftLevel, assessment: bool) -> ValidDeal {
    ValidDeal {
        customer_id: "c1".into(),
        contact: Contact {
            name: Some(PersonName::parse("Jo Customer").unwrap()),
            phone: Some(Phone::parse("+1 206 555 0199").unwrap()),
            email: Some(Email::parse("jo@contoso.example").unwrap()),
            consent: true,
            share_with_partners: false,
        },
        location_id: "loc-1".into(),
        details: Details {
            name: DealName::parse("Deal").unwrap(),
            value: Amount::parse("30000").unwrap(),
            currency: Currency::parse("USD").unwrap(),
            close_date: NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
            crm_id: None,
            campaign_id: None,
            notes: None,
        },
        team: vec![person(1)],
        solutions: if assessment {
            vec![solution("sa", SolutionCategory::Assessment, None)]
        } else {
            vec![solution("ip", SolutionCategory::Own, Some(Incentive::AzureIpCoSell))]
        },
        help: if level == MicrosoftLevel::Invited { HelpNeeded::ProofOfConcept } else { HelpNeeded::None },
        microsoft_level: level,
        is_assessment: assessment,
        invitations: Vec::new(),
        warnings: Issues::default(),
    }
}

/// An outbound deal created ten days ago (so the 72-hour rule is out of the way).
pub(crate) fn outbound(level: MicrosoftLevel) -> Deal {
    let v = valid(level, false);
    let new = NewDeal { id: "d1".into(), engagement_id: "e1".into(), org_id: "p1".into(), valid: &v, customer_microsoft_managed: false };
    create_outbound(new, &admin(), true, now() - Duration::days(10)).unwrap().deal
}

pub(crate) fn assessment() -> Deal {
    let v = valid(MicrosoftLevel::None, true);
    let new = NewDeal { id: "sa1".into(), engagement_id: "e2".into(), org_id: "p1".into(), valid: &v, customer_microsoft_managed: false };
    create_outbound(new, &admin(), true, now() - Duration::days(10)).unwrap().deal
}

/// A deal Microsoft sent to p1, received ten days ago.
pub(crate) fn from_microsoft() -> Deal {
    receive(outbound(MicrosoftLevel::None), Sender::Microsoft, now() - Duration::days(10)).deal
}

pub(crate) fn run(deal: &Deal, command: Command, by: &Actor) -> Result<Deal, Refused> {
    apply(deal, &command, by, now()).map(|a| a.deal)
}

fn accept() -> Command {
    Command::Accept { adjust: Default::default(), team: vec![person(2)] }
}

pub(crate) fn invitation(org: &str) -> PartnerInvitation {
    PartnerInvitation {
        partner_org_id: org.into(),
        partner_name: org.into(),
        close_date: NaiveDate::from_ymd_opt(2027, 3, 31).unwrap(),
        value: Amount::parse("5000").unwrap(),
        currency: Currency::parse("USD").unwrap(),
        notes: None,
        team: vec![person(1)],
        solutions: vec![solution("theirs", SolutionCategory::ThirdParty, None)],
        help_needed: None,
        status: InvitationStatus::Pending,
        sent_at: now(),
    }
}

fn won(deal: &Deal) -> Deal {
    run(deal, Command::Win { confirm_early: false }, &user()).unwrap()
}

pub(crate) fn form() -> RegistrationForm {
    RegistrationForm {
        contract_value: Amount::parse("30000").unwrap(),
        currency: Currency::parse("USD").unwrap(),
        signed_on: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        starts_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        ends_on: NaiveDate::from_ymd_opt(2027, 11, 30).unwrap(),
        term_months: 12,
        kind: ContractKind::New,
        contact_name: PersonName::parse("Reg Contact").unwrap(),
        contact_email: Email::parse("reg@example.com").unwrap(),
        contact_phone: Phone::parse("+1 425 555 0101").unwrap(),
        solutions: vec![("ip".into(), Amount::parse("30000").unwrap())],
    }
}

pub(crate) fn register() -> Command {
    Command::Register { form: form(), program: RegistrationProgram::default() }
}

fn seller_contact() -> SellerContact {
    SellerContact { name: PersonName::parse("Morgan Seller").unwrap(), email: Email::parse("morgan@microsoft.example").unwrap() }
}

// R-TYPE-0: the shown type follows the facts; P2P with visibility says "Microsoft can view".
#[test]
fn type_is_derived_from_facts() {
    let private = outbound(MicrosoftLevel::None);
    assert_eq!(private.deal_type(), DealType::Private);
    let p2p = run(&private, Command::InvitePartner(invitation("p2")), &admin()).unwrap();
    assert_eq!(p2p.deal_type(), DealType::PartnerToPartner { microsoft_can_view: false });
    let visible = run(&p2p, Command::GiveMicrosoftVisibility, &admin()).unwrap();
    assert_eq!(visible.deal_type(), DealType::PartnerToPartner { microsoft_can_view: true });
    // Registration looks at the Microsoft level, not the label.
    assert!(registration_eligibility(&won(&visible), &RegistrationProgram::default()).is_ok());
}

// R-TYPE-1: a private deal is not registrable.
#[test]
fn private_is_not_registrable() {
    let deal = won(&outbound(MicrosoftLevel::None));
    assert_eq!(registration_eligibility(&deal, &RegistrationProgram::default()), Err(vec![Unmet::NotSharedWithMicrosoft]));
    assert_eq!(run(&deal, register(), &admin()), Err(Refused::NotEligible(vec![Unmet::NotSharedWithMicrosoft])));
}

// R-TYPE-2: a partner-led deal is registrable once won.
#[test]
fn partner_led_is_registrable() {
    let deal = outbound(MicrosoftLevel::Visible);
    assert_eq!(deal.deal_type(), DealType::PartnerLed);
    assert_eq!(registration_eligibility(&deal, &RegistrationProgram::default()), Err(vec![Unmet::NotWon]));
    let registered = run(&won(&deal), register(), &admin()).unwrap();
    assert_eq!(registered.registration.unwrap().state, RegistrationState::Submitted);
}

// R-TYPE-3, R-LIFE-5: co-sell invites Microsoft, which has 14 days to answer.
#[test]
fn co_sell_gives_microsoft_fourteen_days() {
    let v = valid(MicrosoftLevel::Invited, false);
    let new = NewDeal { id: "d".into(), engagement_id: "e".into(), org_id: "p1".into(), valid: &v, customer_microsoft_managed: false };
    let created = create_outbound(new, &admin(), true, now()).unwrap();
    assert!(created.events.contains(&Event::MicrosoftInvited));
    let deal = created.deal;
    assert_eq!(deal.deal_type(), DealType::CoSell);
    assert_eq!(deal.microsoft.status, Some(MicrosoftStatus::Pending));
    assert_eq!(deal.microsoft_time_left(now() + Duration::days(4)), Some(Duration::days(10)));
    let early = apply(&deal, &Command::MicrosoftExpires, &Actor::system(), now() + Duration::days(13));
    assert_eq!(early.unwrap_err(), Refused::WindowStillOpen);
    let expired = apply(&deal, &Command::MicrosoftExpires, &Actor::system(), now() + Duration::days(14)).unwrap().deal;
    assert_eq!(expired.microsoft.status, Some(MicrosoftStatus::Expired));
    assert_eq!(expired.status, Status::Accepted, "the deal stays open");
    assert_eq!(expired.deal_type(), DealType::CoSell);
    assert_eq!(expired.microsoft_time_left(now()), None);
}

// R-TYPE-4: partners invited without Microsoft is P2P; Microsoft can be invited later (co-sell).
#[test]
fn partner_to_partner_then_microsoft() {
    let p2p = run(&outbound(MicrosoftLevel::None), Command::InvitePartner(invitation("p2")), &admin()).unwrap();
    assert_eq!(p2p.deal_type(), DealType::PartnerToPartner { microsoft_can_view: false });
    let co_sell = run(&p2p, Command::InviteMicrosoft { help: HelpNeeded::GeneralOrOther }, &admin()).unwrap();
    assert_eq!(co_sell.deal_type(), DealType::CoSell);
}

// R-TYPE-5, R-STAGE-2: an assessment has no invitations, mandatory ordered stages, is won only after
// the four, keeps its one assessment, and is never registrable.
#[test]
fn assessment_rules() {
    let sa = assessment();
    assert_eq!(sa.deal_type(), DealType::SolutionAssessment);
    for c in [Command::GiveMicrosoftVisibility, Command::InviteMicrosoft { help: HelpNeeded::GeneralOrOther }, Command::InvitePartner(invitation("p2"))] {
        assert_eq!(run(&sa, c, &admin()), Err(Refused::AssessmentHasNoInvitations));
    }
    assert_eq!(run(&sa, Command::Win { confirm_early: true }, &user()), Err(Refused::AssessmentStagesIncomplete));
    assert_eq!(run(&sa, Command::MarkStage(Stage::CollectData), &user()), Err(Refused::StageOutOfOrder));
    assert_eq!(run(&sa, Command::MarkStage(Stage::Qualified), &user()), Err(Refused::WrongLadder));
    let mut d = sa.clone();
    for stage in [Stage::SecureLoe, Stage::CollectData, Stage::PrepareReport] {
        d = run(&d, Command::MarkStage(stage), &user()).unwrap();
        assert_eq!(run(&d, Command::Win { confirm_early: true }, &user()), Err(Refused::AssessmentStagesIncomplete));
    }
    d = run(&d, Command::MarkStage(Stage::PresentToCustomer), &user()).unwrap();
    assert_eq!(d.stage.percent(), 80);
    let won = run(&d, Command::Win { confirm_early: false }, &user()).unwrap();
    assert_eq!((won.status, won.stage), (Status::Won, Stage::Won));
    let unmet = registration_eligibility(&won, &RegistrationProgram::default()).unwrap_err();
    assert!(unmet.contains(&Unmet::SolutionAssessment));
    let mixed = vec![solution("sa", SolutionCategory::Assessment, None), solution("x", SolutionCategory::Own, None)];
    assert!(matches!(run(&sa, Command::ChangeSolutions(mixed), &user()), Err(Refused::Invalid(_))));
    let plain = outbound(MicrosoftLevel::None);
    let to_sa = run(&plain, Command::ChangeSolutions(vec![solution("sa", SolutionCategory::Assessment, None)]), &user()).unwrap_err();
    assert_eq!(to_sa.rule(), "R-TYPE-5");
}

/// R-TYPE-6's table: (from, command) → resulting type.
#[test]
fn upgrade_table_cell_by_cell() {
    let private = || outbound(MicrosoftLevel::None);
    let partner_led = || outbound(MicrosoftLevel::Visible);
    let co_sell = || outbound(MicrosoftLevel::Invited);
    let p2p = || run(&private(), Command::InvitePartner(invitation("p2")), &admin()).unwrap();
    let invite_ms = || Command::InviteMicrosoft { help: HelpNeeded::QuotesOrLicensing };
    let invite_p3 = || Command::InvitePartner(invitation("p3"));
    let cells: Vec<(&str, Deal, Command, DealType)> = vec![
        ("Private → Microsoft invited", private(), invite_ms(), DealType::CoSell),
        ("Private → visibility given", private(), Command::GiveMicrosoftVisibility, DealType::PartnerLed),
        ("Private → partners", private(), invite_p3(), DealType::PartnerToPartner { microsoft_can_view: false }),
        ("Partner-led → Microsoft", partner_led(), invite_ms(), DealType::CoSell),
        ("Partner-led → partners", partner_led(), invite_p3(), DealType::PartnerToPartner { microsoft_can_view: true }),
        ("Co-sell → other partners", co_sell(), invite_p3(), DealType::CoSell),
        ("P2P → Microsoft", p2p(), invite_ms(), DealType::CoSell),
        ("P2P → more partners", p2p(), invite_p3(), DealType::PartnerToPartner { microsoft_can_view: false }),
    ];
    for (cell, deal, command, expected) in cells {
        let next = run(&deal, command, &admin()).unwrap_or_else(|r| panic!("{cell}: {r:?}"));
        assert_eq!(next.deal_type(), expected, "{cell}");
        assert!(!deal.microsoft.level.is_upgrade_to(MicrosoftLevel::None), "{cell}");
    }
    // Partner-led → partners stays registrable (R-TYPE-0 looks at the level).
    let pl_p2p = run(&partner_led(), invite_p3(), &admin()).unwrap();
    assert!(registration_eligibility(&won(&pl_p2p), &RegistrationProgram::default()).is_ok());
}

// R-TYPE-6: the refusals: inbound deals, received deals, closed deals, non-admins, no downgrade.
#[test]
fn upgrade_refusals() {
    let inbound = run(&from_microsoft(), accept(), &user()).unwrap();
    assert_eq!(run(&inbound, Command::InvitePartner(invitation("p3")), &admin()), Err(Refused::NotOriginator));
    assert_eq!(run(&from_microsoft(), Command::InvitePartner(invitation("p3")), &admin()), Err(Refused::NotAccepted));
    let private = outbound(MicrosoftLevel::None);
    let closed = [
        won(&private),
        run(&private, Command::Lose { reason: LostReason::NoBudget, notes: None }, &user()).unwrap(),
        run(&from_microsoft(), Command::Decline { reason: DeclineReason::NotAFit, notes: None }, &user()).unwrap(),
        apply(&from_microsoft(), &Command::Expire, &Actor::system(), now() + Duration::days(5)).unwrap().deal,
    ];
    for deal in &closed {
        for c in [Command::GiveMicrosoftVisibility, Command::InviteMicrosoft { help: HelpNeeded::GeneralOrOther }, Command::InvitePartner(invitation("p3"))] {
            assert_eq!(run(deal, c, &admin()), Err(Refused::Terminal), "{:?}", deal.status);
        }
    }
    assert_eq!(run(&private, Command::GiveMicrosoftVisibility, &user()), Err(Refused::AdminsOnly));
    let partner_led = outbound(MicrosoftLevel::Visible);
    assert_eq!(run(&partner_led, Command::GiveMicrosoftVisibility, &admin()), Err(Refused::MicrosoftAlreadyThere));
    let co_sell = outbound(MicrosoftLevel::Invited);
    assert_eq!(run(&co_sell, Command::GiveMicrosoftVisibility, &admin()), Err(Refused::MicrosoftAlreadyThere));
    assert_eq!(run(&co_sell, Command::InviteMicrosoft { help: HelpNeeded::GeneralOrOther }, &admin()), Err(Refused::MicrosoftAlreadyThere));
    // After Microsoft declines: still open and co-sell, not registrable, never invited again.
    let declined = run(&co_sell, Command::MicrosoftDeclines { reason: DeclineReason::NoCapacity }, &seller()).unwrap();
    assert_eq!((declined.status, declined.deal_type()), (Status::Accepted, DealType::CoSell));
    assert_eq!(run(&declined, Command::InviteMicrosoft { help: HelpNeeded::GeneralOrOther }, &admin()), Err(Refused::MicrosoftCannotBeReinvited));
    let unmet = registration_eligibility(&won(&declined), &RegistrationProgram::default()).unwrap_err();
    assert_eq!(unmet, vec![Unmet::MicrosoftHasNotAccepted]);
    // An invited partner's copy cannot invite anyone (R-LIFE-6).
    let their_copy = receive(outbound(MicrosoftLevel::None), Sender::Partner { org_id: "p1".into() }, now()).deal;
    let mut theirs = their_copy.clone();
    theirs.org_id = "p2".into();
    let accepted = run(&theirs, accept(), &partner_admin()).unwrap();
    assert_eq!(run(&accepted, Command::InvitePartner(invitation("p3")), &partner_admin()), Err(Refused::NotOriginator));
    assert!(!super::next_steps(&accepted, &partner_admin(), now()).invite_partner);
}

// R-TYPE-7: a Microsoft seller's referral is co-sell with Microsoft's side already accepted.
#[test]
fn microsoft_referral_is_co_sell_accepted() {
    let deal = from_microsoft();
    assert_eq!((deal.status, deal.deal_type()), (Status::Received, DealType::CoSell));
    assert_eq!(deal.microsoft.status, Some(MicrosoftStatus::Accepted));
    assert_eq!(deal.direction, Direction::Inbound);
    assert!(deal.team.is_empty());
}

// R-NEW-1: inviting Microsoft later needs the contact with consent.
#[test]
fn inviting_microsoft_needs_the_contact() {
    let mut deal = outbound(MicrosoftLevel::None);
    deal.contact = Contact::default();
    assert_eq!(run(&deal, Command::InviteMicrosoft { help: HelpNeeded::GeneralOrOther }, &admin()), Err(Refused::ContactRequiredForCoSell));
    assert_eq!(run(&deal, Command::GiveMicrosoftVisibility, &admin()).map(|d| d.microsoft.level), Ok(MicrosoftLevel::Visible));
    let full = outbound(MicrosoftLevel::None);
    let no_help = run(&full, Command::InviteMicrosoft { help: HelpNeeded::None }, &admin()).unwrap_err();
    assert_eq!(no_help.rule(), "R-NEW-2");
}

// R-NEW-2, R-LIFE-3: the location never changes; other details do.
#[test]
fn location_is_fixed_details_are_editable() {
    let deal = outbound(MicrosoftLevel::None);
    let edit = Command::EditDetails(Details {
        name: DealName::parse("Renamed").unwrap(),
        value: Amount::parse("45000").unwrap(),
        notes: Some(Notes::parse("More").unwrap()),
        ..deal.details.clone()
    });
    let applied = apply(&deal, &edit, &user(), now()).unwrap();
    assert_eq!(applied.events, vec![Event::DetailsEdited { fields: vec!["name".into(), "value".into(), "notes".into()] }]);
    assert_eq!(applied.deal.details.name.as_str(), "Renamed");
    assert_eq!(applied.deal.location_id, deal.location_id);
    let nothing = Command::EditDetails(deal.details.clone());
    assert!(matches!(run(&deal, nothing, &user()), Err(Refused::Invalid(i)) if i.is_empty()));
    // An empty optional field in the edit form clears it.
    let cleared = run(&applied.deal, Command::EditDetails(Details { notes: None, ..applied.deal.details.clone() }), &user()).unwrap();
    assert_eq!(cleared.details.notes, None);
}

// R-NEW-3: at least one member; team changes by any user of the org.
#[test]
fn team_rules() {
    let deal = outbound(MicrosoftLevel::None);
    assert_eq!(run(&deal, Command::RemoveMember { index: 0 }, &user()), Err(Refused::LastMember));
    assert_eq!(run(&deal, Command::RemoveMember { index: 5 }, &user()), Err(Refused::NoSuchMember));
    let two = run(&deal, Command::AddMember(person(2)), &user()).unwrap();
    assert_eq!(two.team.len(), 2);
    let changed = run(&two, Command::ChangeMember { index: 1, member: person(3) }, &user()).unwrap();
    assert_eq!(changed.team[1].person, person(3));
    assert_eq!(run(&two, Command::RemoveMember { index: 0 }, &user()).unwrap().team.len(), 1);
    assert_eq!(run(&deal, Command::AddMember(person(2)), &partner_admin()), Err(Refused::NotYourDeal));
}

// R-NEW-4: 1 to 50 solutions after creation too.
#[test]
fn solution_changes() {
    let deal = outbound(MicrosoftLevel::None);
    let none = run(&deal, Command::ChangeSolutions(vec![]), &user()).unwrap_err();
    assert_eq!(none.rule(), "R-NEW-4");
    let many: Vec<_> = (0..51).map(|i| solution(&format!("s{i}"), SolutionCategory::Microsoft, None)).collect();
    assert!(matches!(run(&deal, Command::ChangeSolutions(many), &user()), Err(Refused::Invalid(_))));
    let two = vec![solution("a", SolutionCategory::Microsoft, None), solution("b", SolutionCategory::ThirdParty, None)];
    assert_eq!(run(&deal, Command::ChangeSolutions(two.clone()), &user()).unwrap().solutions, two);
}

// R-NEW-5: an invitation names another partner once, brings a solution, picks its team from the deal.
#[test]
fn invitation_rules() {
    let deal = outbound(MicrosoftLevel::None);
    assert_eq!(run(&deal, Command::InvitePartner(invitation("p1")), &admin()), Err(Refused::CannotInviteOwnOrganization));
    let once = run(&deal, Command::InvitePartner(invitation("p2")), &admin()).unwrap();
    assert_eq!(run(&once, Command::InvitePartner(invitation("p2")), &admin()), Err(Refused::PartnerAlreadyInvited));
    let mut no_solution = invitation("p3");
    no_solution.solutions.clear();
    assert!(matches!(run(&deal, Command::InvitePartner(no_solution), &admin()), Err(Refused::Invalid(_))));
    let mut stranger = invitation("p3");
    stranger.team = vec![person(9)];
    assert!(matches!(run(&deal, Command::InvitePartner(stranger), &admin()), Err(Refused::Invalid(_))));
    assert_eq!(once.invitations[0].status, InvitationStatus::Pending);
}

// R-NEW-6, R-NEW-7: only admins of orgs with a co-sell-ready solution create; a new deal is Accepted
// at Created 10%.
#[test]
fn creation() {
    let v = valid(MicrosoftLevel::None, false);
    let new = || NewDeal { id: "d".into(), engagement_id: "e".into(), org_id: "p1".into(), valid: &v, customer_microsoft_managed: false };
    assert_eq!(create_outbound(new(), &user(), true, now()).unwrap_err(), Refused::AdminsOnly);
    assert_eq!(create_outbound(new(), &admin(), false, now()).unwrap_err(), Refused::NoCoSellReadySolution);
    let created = create_outbound(new(), &admin(), true, now()).unwrap();
    assert_eq!((created.deal.status, created.deal.stage, created.deal.stage.percent()), (Status::Accepted, Stage::Created, 10));
    assert_eq!(created.events, vec![Event::Created]);
    assert_eq!(created.deal.team[0].org_id, "p1");
}

// R-LIFE-1: accept (with edits and own contacts) or decline with a reason.
#[test]
fn accept_or_decline() {
    let received = from_microsoft();
    assert_eq!(received.response_time_left(now()), Some(Duration::days(4)));
    let no_team = Command::Accept { adjust: Default::default(), team: vec![] };
    assert!(matches!(run(&received, no_team, &user()), Err(Refused::Invalid(_))));
    let adjust = Adjustments {
        name: Some(DealName::parse("Our name").unwrap()),
        value: Some(Amount::parse("12000").unwrap()),
        crm_id: Some(CrmId::parse("CRM-9").unwrap()),
        ..Default::default()
    };
    let accept_with_edits = Command::Accept { adjust, team: vec![person(2)] };
    let accepted = run(&received, accept_with_edits, &user()).unwrap();
    assert_eq!((accepted.status, accepted.stage), (Status::Accepted, Stage::Accepted));
    assert_eq!(accepted.details.name.as_str(), "Our name");
    assert_eq!(accepted.team.len(), 1);
    assert_eq!(run(&accepted, accept(), &user()), Err(Refused::NotReceived));
    let declined = apply(&received, &Command::Decline { reason: DeclineReason::NoCapacity, notes: None }, &user(), now()).unwrap();
    assert_eq!(declined.deal.status, Status::Declined);
    assert_eq!(declined.events, vec![Event::Declined { reason: DeclineReason::NoCapacity }]);
    assert!(matches!(declined.deal.outcome, Some(Outcome::Declined { reason: DeclineReason::NoCapacity, .. })));
}

// R-LIFE-2: no answer within 14 days of receipt → Expired, by the system only.
#[test]
fn expiry() {
    let received = from_microsoft();
    assert_eq!(apply(&received, &Command::Expire, &user(), now()).unwrap_err(), Refused::SystemOnly);
    assert_eq!(apply(&received, &Command::Expire, &Actor::system(), now()).unwrap_err(), Refused::WindowStillOpen);
    let expired = apply(&received, &Command::Expire, &Actor::system(), now() + Duration::days(4)).unwrap();
    assert_eq!(expired.deal.status, Status::Expired);
    assert_eq!(expired.events, vec![Event::Expired]);
    assert_eq!(received.response_time_left(now() + Duration::days(30)), Some(Duration::zero()));
}

// R-LIFE-2, R-LIFE-5: the windows are part of the rule, not of the timer: an answer one second
// before the 14 days is taken; at exactly 14 days, or after, it is refused although nothing has
// recorded the expiry yet, and the expiry itself is then allowed.
#[test]
fn answers_close_with_the_window() {
    let received = from_microsoft();
    let closes = received.started_at() + Duration::days(14);
    let decline = Command::Decline { reason: DeclineReason::NoCapacity, notes: None };
    for c in [accept(), decline] {
        assert!(apply(&received, &c, &user(), closes - Duration::seconds(1)).is_ok(), "{c:?}");
        for at in [closes, closes + Duration::seconds(1)] {
            assert_eq!(apply(&received, &c, &user(), at).unwrap_err(), Refused::WindowClosed, "{c:?} at {at}");
        }
    }
    assert_eq!(Refused::WindowClosed.rule(), "R-LIFE-2");
    assert!(apply(&received, &Command::Expire, &Actor::system(), closes).is_ok());

    let invited = outbound(MicrosoftLevel::Invited);
    let closes = invited.microsoft.invited_at.unwrap() + Duration::days(14);
    let answers = [
        Command::MicrosoftAccepts { seller: seller_contact() },
        Command::MicrosoftDeclines { reason: DeclineReason::NotAFit },
        Command::MicrosoftMarksWon,
    ];
    for c in answers {
        assert!(apply(&invited, &c, &seller(), closes - Duration::seconds(1)).is_ok(), "{c:?}");
        assert_eq!(apply(&invited, &c, &seller(), closes).unwrap_err(), Refused::WindowClosed, "{c:?}");
        assert_eq!(apply(&invited, &c, &seller(), closes + Duration::seconds(1)).unwrap_err(), Refused::WindowClosed, "{c:?}");
    }
    // Once Microsoft has accepted, marking its side won is not an answer and has no window.
    let accepted = apply(&invited, &Command::MicrosoftAccepts { seller: seller_contact() }, &seller(), closes - Duration::hours(1)).unwrap().deal;
    assert!(apply(&accepted, &Command::MicrosoftMarksWon, &seller(), closes + Duration::days(30)).is_ok());
    // The page offers no answer once the window is closed.
    assert!(next_steps(&received, &user(), received.started_at() + Duration::days(14) - Duration::seconds(1)).respond);
    assert!(!next_steps(&received, &user(), received.started_at() + Duration::days(14)).respond);
    assert!(next_steps(&invited, &seller(), closes - Duration::seconds(1)).microsoft_answer);
    assert!(!next_steps(&invited, &seller(), closes).microsoft_answer);
}

// R-ORG-5, R-TYPE-7: a Microsoft seller's referral arrives in the partner's Inbound as Received,
// co-sell with Microsoft's side accepted and the seller as its contact, with 14 days to answer;
// only sellers refer.
#[test]
fn microsoft_seller_refers_a_customer() {
    let v = valid(MicrosoftLevel::Invited, false);
    let new = || NewDeal { id: "r1".into(), engagement_id: "e9".into(), org_id: "p1".into(), valid: &v, customer_microsoft_managed: false };
    assert_eq!(refer(new(), &admin(), seller_contact(), now()).unwrap_err(), Refused::MicrosoftSellersOnly);
    let applied = refer(new(), &seller(), seller_contact(), now()).unwrap();
    let deal = applied.deal;
    assert_eq!(applied.events, vec![Event::Received]);
    assert_eq!((deal.direction, deal.status, deal.org_id.as_str()), (Direction::Inbound, Status::Received, "p1"));
    assert_eq!(deal.sender, Some(Sender::Microsoft));
    assert_eq!(deal.deal_type(), DealType::CoSell);
    assert_eq!((deal.microsoft.status, deal.microsoft.seller.clone()), (Some(MicrosoftStatus::Accepted), Some(seller_contact())));
    assert!(deal.team.is_empty(), "the partner adds its own people when it accepts");
    assert_eq!(deal.response_time_left(now()), Some(Duration::days(14)));
    assert!(run(&deal, accept(), &user()).is_ok());
}

// R-LIFE-4: after Won, Lost, Declined or Expired nothing changes but the registration of a won deal.
#[test]
fn terminal_deals_do_not_change() {
    let deal = outbound(MicrosoftLevel::Visible);
    let closed = [won(&deal), run(&deal, Command::Lose { reason: LostReason::Timing, notes: None }, &user()).unwrap()];
    let commands = [
        Command::EditDetails(Details { name: DealName::parse("x").unwrap(), ..deal.details.clone() }),
        Command::EditContact(Contact { share_with_partners: true, ..deal.contact.clone() }),
        Command::AddMember(person(5)),
        Command::ChangeSolutions(vec![solution("z", SolutionCategory::Microsoft, None)]),
        Command::MarkStage(Stage::Qualified),
        Command::Win { confirm_early: true },
        Command::Lose { reason: LostReason::Other, notes: None },
        Command::InvitePartner(invitation("p2")),
    ];
    for deal in &closed {
        for c in &commands {
            let refused = apply(deal, c, &admin(), now()).unwrap_err();
            assert_eq!(refused, Refused::Terminal);
            assert_eq!(refused.rule(), "R-LIFE-4");
        }
    }
    assert!(run(&closed[0], register(), &admin()).is_ok(), "a won deal can still be registered");
}

// R-LIFE-5: the Microsoft card: pending → accepted (seller shown) / declined (reason) / expired;
// won also straight from pending.
#[test]
fn microsoft_card() {
    let deal = outbound(MicrosoftLevel::Invited);
    assert_eq!(deal.microsoft.seller, None);
    assert_eq!(run(&deal, Command::MicrosoftAccepts { seller: seller_contact() }, &admin()), Err(Refused::MicrosoftSellersOnly));
    let accepted = run(&deal, Command::MicrosoftAccepts { seller: seller_contact() }, &seller()).unwrap();
    assert_eq!(accepted.microsoft.seller, Some(seller_contact()));
    assert_eq!(run(&accepted, Command::MicrosoftDeclines { reason: DeclineReason::Other }, &seller()), Err(Refused::MicrosoftNotPending));
    let won_directly = run(&deal, Command::MicrosoftMarksWon, &seller()).unwrap();
    assert_eq!(won_directly.microsoft.status, Some(MicrosoftStatus::Won));
    let declined = run(&deal, Command::MicrosoftDeclines { reason: DeclineReason::NotAFit }, &seller()).unwrap();
    assert_eq!(declined.microsoft.decline_reason, Some(DeclineReason::NotAFit));
    assert_eq!(run(&outbound(MicrosoftLevel::None), Command::MicrosoftMarksWon, &seller()), Err(Refused::MicrosoftNotPending));
    // Microsoft's own referral lives on after the partner closes: it may still mark its side won.
    let partner_won = won(&accepted);
    assert_eq!(run(&partner_won, Command::MicrosoftMarksWon, &seller()).unwrap().microsoft.status, Some(MicrosoftStatus::Won));
}

// R-LIFE-6: an invited partner's copy is Received and only accepted or declined; each company edits
// only its own team members; the originator sees the answer.
#[test]
fn invited_partner() {
    let originator = run(&outbound(MicrosoftLevel::None), Command::InvitePartner(invitation("p2")), &admin()).unwrap();
    let mut copy = receive(originator.clone(), Sender::Partner { org_id: "p1".into() }, now()).deal;
    copy.org_id = "p2".into();
    assert_eq!(run(&copy, Command::AddMember(person(7)), &partner_admin()), Err(Refused::NotAccepted));
    let answered = run(&originator, Command::PartnerResponded { partner_org_id: "p2".into(), accepted: true, reason: None }, &partner_admin()).unwrap();
    assert_eq!(answered.invitations[0].status, InvitationStatus::Accepted);
    assert_eq!(run(&originator, Command::PartnerResponded { partner_org_id: "p2".into(), accepted: true, reason: None }, &admin()), Err(Refused::NotYourDeal));
    // R-LIFE-2 on the invited side: only the system records that the partner let the window pass.
    let lapse = Command::PartnerLapsed { partner_org_id: "p2".into() };
    assert_eq!(run(&originator, lapse.clone(), &admin()), Err(Refused::SystemOnly));
    let lapsed = run(&originator, lapse.clone(), &Actor::system()).unwrap();
    assert_eq!(lapsed.invitations[0].status, InvitationStatus::Expired);
    assert_eq!(run(&lapsed, lapse, &Actor::system()), Err(Refused::NoSuchInvitation));
    // Both companies on one team: each edits only its own.
    let mut shared = originator.clone();
    shared.team.push(Member { person: person(8), org_id: "p2".into() });
    assert_eq!(run(&shared, Command::RemoveMember { index: 1 }, &user()), Err(Refused::OtherCompanysMember));
    // The originator closing expires pending invitations (the invitee is told).
    let lost = apply(&originator, &Command::Lose { reason: LostReason::NoDecision, notes: None }, &user(), now()).unwrap();
    assert!(lost.events.contains(&Event::InvitationExpired { partner_org_id: "p2".into() }));
    assert_eq!(lost.deal.invitations[0].status, InvitationStatus::Expired);
}

// R-STAGE-1: optional stages move either way; Won only by outcome; outside values map down.
#[test]
fn standard_stages() {
    let deal = outbound(MicrosoftLevel::None);
    let proposed = run(&deal, Command::MarkStage(Stage::Proposed), &user()).unwrap();
    let back = run(&proposed, Command::MarkStage(Stage::Qualified), &user()).unwrap();
    assert_eq!(back.stage, Stage::Qualified);
    assert_eq!(run(&back, Command::MarkStage(Stage::Created), &user()).unwrap().stage, Stage::Created);
    assert_eq!(run(&deal, Command::MarkStage(Stage::Won), &user()), Err(Refused::WonOnlyByOutcome));
    assert_eq!(run(&deal, Command::MarkStage(Stage::Accepted), &user()), Err(Refused::WrongLadder));
    assert_eq!(run(&deal, Command::MarkStage(Stage::CollectData), &user()), Err(Refused::WrongLadder));
    let out = Direction::Outbound;
    assert_eq!(stage_from_external("Qualify", out), Some(Stage::Qualified));
    assert_eq!(stage_from_external("Develop", out), Some(Stage::Developed));
    assert_eq!(stage_from_external("propose", out), Some(Stage::Proposed));
    assert_eq!(stage_from_external("Close", out), Some(Stage::Negotiated));
    assert_eq!(stage_from_external("Negotiated", out), Some(Stage::Negotiated));
    assert_eq!(stage_from_external("45", out), Some(Stage::Developed));
    assert_eq!(stage_from_external("59%", out), Some(Stage::Developed));
    assert_eq!(stage_from_external("100", out), Some(Stage::Negotiated), "a stage value never marks Won");
    assert_eq!(stage_from_external("5", Direction::Inbound), Some(Stage::Accepted));
    assert_eq!(stage_from_external("150", out), None);
    assert_eq!(stage_from_external("soon", out), None);
}

// R-REG-1: every unmet condition is listed; program settings add criteria.
#[test]
fn eligibility_lists_every_unmet_condition() {
    let mut deal = outbound(MicrosoftLevel::None);
    deal.solutions = vec![solution("plain", SolutionCategory::Microsoft, None)];
    assert_eq!(
        registration_eligibility(&deal, &RegistrationProgram::default()),
        Err(vec![Unmet::NotSharedWithMicrosoft, Unmet::NoIncentiveSolution, Unmet::NotWon])
    );
    let co_sell = won(&outbound(MicrosoftLevel::Invited));
    assert_eq!(registration_eligibility(&co_sell, &RegistrationProgram::default()), Err(vec![Unmet::MicrosoftHasNotAccepted]));
    let accepted = run(&co_sell, Command::MicrosoftAccepts { seller: seller_contact() }, &seller()).unwrap();
    assert_eq!(registration_eligibility(&accepted, &RegistrationProgram::default()), Ok(()));
    let strict = RegistrationProgram { min_value_usd: Some(Decimal::from(50_000)), require_microsoft_managed_customer: true };
    assert_eq!(
        registration_eligibility(&accepted, &strict),
        Err(vec![Unmet::BelowMinimumValue, Unmet::CustomerNotMicrosoftManaged])
    );
}

// R-REG-2: winning within 72 hours warns first; the registration repeats the warning.
#[test]
fn seventy_two_hours() {
    let v = valid(MicrosoftLevel::Visible, false);
    let new = NewDeal { id: "d".into(), engagement_id: "e".into(), org_id: "p1".into(), valid: &v, customer_microsoft_managed: false };
    let fresh = create_outbound(new, &admin(), true, now() - Duration::hours(71)).unwrap().deal;
    assert_eq!(run(&fresh, Command::Win { confirm_early: false }, &user()), Err(Refused::ConfirmEarlyWin));
    let early = run(&fresh, Command::Win { confirm_early: true }, &user()).unwrap();
    assert_eq!(early.outcome, Some(Outcome::Won { early: true }));
    assert!(run(&early, register(), &admin()).unwrap().registration.unwrap().early_win_warning);
    let later = apply(&fresh, &Command::Win { confirm_early: false }, &user(), now() + Duration::hours(1)).unwrap().deal;
    assert_eq!(later.outcome, Some(Outcome::Won { early: false }));
    // An inbound deal counts from its receipt.
    let received = run(&receive(outbound(MicrosoftLevel::None), Sender::Microsoft, now() - Duration::hours(10)).deal, accept(), &user()).unwrap();
    assert_eq!(run(&received, Command::Win { confirm_early: false }, &user()), Err(Refused::ConfirmEarlyWin));
}

// R-REG-3: admins register eligible won deals once.
#[test]
fn registering() {
    let deal = won(&outbound(MicrosoftLevel::Visible));
    assert_eq!(run(&deal, register(), &user()), Err(Refused::AdminsOnly));
    let registered = apply(&deal, &register(), &admin(), now()).unwrap();
    assert_eq!(registered.events, vec![Event::Registered]);
    assert_eq!(run(&registered.deal, register(), &admin()), Err(Refused::AlreadyRegistered));
    assert_eq!(run(&outbound(MicrosoftLevel::Visible), register(), &admin()), Err(Refused::NotEligible(vec![Unmet::NotWon])));
}

// R-REG-4: submitted → in review → action required → resubmitted → approved → closed; rejected too.
#[test]
fn registration_review() {
    let review = |d: &Deal, a: ReviewAction, by: &Actor| run(d, Command::Review(a), by);
    // Only co-sell deals' registrations are reviewed.
    let partner_led = run(&won(&outbound(MicrosoftLevel::Visible)), register(), &admin()).unwrap();
    assert_eq!(review(&partner_led, ReviewAction::Start, &reviewer()), Err(Refused::ReviewOnlyForCoSell));
    let co_sell = run(&outbound(MicrosoftLevel::Invited), Command::MicrosoftAccepts { seller: seller_contact() }, &seller()).unwrap();
    let deal = run(&won(&co_sell), register(), &admin()).unwrap();
    assert_eq!(review(&deal, ReviewAction::Start, &admin()), Err(Refused::ReviewersOnly));
    assert_eq!(review(&deal, ReviewAction::Approve, &reviewer()), Err(Refused::WrongRegistrationState));
    let in_review = review(&deal, ReviewAction::Start, &reviewer()).unwrap();
    let action = review(&in_review, ReviewAction::RequestAction { message: "Attach the contract".into() }, &reviewer()).unwrap();
    let reg = action.registration.clone().unwrap();
    assert_eq!((reg.state, reg.reviewer_message.as_deref()), (RegistrationState::ActionRequired, Some("Attach the contract")));
    assert_eq!(review(&action, ReviewAction::Resubmit(form()), &reviewer()), Err(Refused::NotYourDeal));
    let resubmitted = review(&action, ReviewAction::Resubmit(form()), &admin()).unwrap();
    assert_eq!(resubmitted.registration.as_ref().unwrap().state, RegistrationState::Submitted);
    let approved = review(&review(&resubmitted, ReviewAction::Start, &reviewer()).unwrap(), ReviewAction::Approve, &reviewer()).unwrap();
    let closed = review(&approved, ReviewAction::Close, &reviewer()).unwrap();
    assert_eq!(closed.registration.unwrap().state, RegistrationState::Closed);
    assert_eq!(closed.status, Status::Won, "the deal itself stays won");
    let rejected = review(&in_review, ReviewAction::Reject { message: "No contract".into() }, &reviewer()).unwrap();
    assert_eq!(rejected.registration.as_ref().unwrap().state, RegistrationState::Rejected);
    assert_eq!(review(&co_sell, ReviewAction::Start, &reviewer()), Err(Refused::WrongRegistrationState));
}

#[test]
fn event_kinds_are_stable() {
    assert_eq!(Event::Created.kind().as_str(), "deal.created");
    assert_eq!(Event::RegistrationMoved { state: RegistrationState::Closed }.kind().as_str(), "registration.moved");
    for kind in crate::domain::deal::EventKind::ALL {
        assert_eq!(crate::domain::deal::EventKind::parse(kind.as_str()), Some(*kind));
    }
}

// R-NEW-1, R-TYPE-6: a private deal created without a contact gets one later, and then Microsoft
// can be invited (the upgrade path); on a co-sell deal the contact cannot be taken away again.
#[test]
fn contact_added_later_opens_co_sell() {
    let mut deal = outbound(MicrosoftLevel::None);
    deal.contact = Contact::default();
    let invite = Command::InviteMicrosoft { help: HelpNeeded::GeneralOrOther };
    assert_eq!(run(&deal, invite.clone(), &admin()), Err(Refused::ContactRequiredForCoSell));
    let contact = Contact {
        name: PersonName::parse_optional("Kim Park").unwrap(),
        phone: Phone::parse_optional("+1 425 555 0100").unwrap(),
        email: Email::parse_optional("kim@customer.example").unwrap(),
        consent: true,
        share_with_partners: false,
    };
    let edited = apply(&deal, &Command::EditContact(contact.clone()), &user(), now()).unwrap();
    assert_eq!(edited.events, vec![Event::ContactEdited]);
    let co_sell = run(&edited.deal, invite, &admin()).unwrap();
    assert_eq!(co_sell.deal_type(), crate::domain::deal::DealType::CoSell);
    let withdrawn = run(&co_sell, Command::EditContact(Contact { consent: false, ..contact.clone() }), &admin()).unwrap_err();
    assert_eq!(withdrawn.rule(), "R-NEW-1");
    assert_eq!(run(&co_sell, Command::EditContact(contact), &admin()), Err(Refused::Invalid(Issues::default())), "nothing changed");
    assert_eq!(run(&edited.deal, Command::EditContact(Contact::default()), &actor("p2", &[Role::ReferralsAdmin])), Err(Refused::NotYourDeal));
}

// §3: when the originator closes, an invited partner's unanswered copy closes, by the system only.
#[test]
fn engagement_closed_closes_an_unanswered_copy() {
    let copy = receive(outbound(MicrosoftLevel::None), Sender::Partner { org_id: "p2".into() }, now() - Duration::days(1)).deal;
    let close = Command::EngagementClosed { originator_status: Status::Won };
    assert_eq!(run(&copy, close.clone(), &admin()), Err(Refused::SystemOnly));
    let closed = apply(&copy, &close, &Actor::system(), now()).unwrap();
    assert_eq!(closed.deal.status, Status::Expired);
    assert_eq!(closed.events, vec![Event::EngagementClosed { originator_status: Status::Won }]);
    let accepted = run(&copy, accept(), &admin()).unwrap();
    assert_eq!(apply(&accepted, &close, &Actor::system(), now()).unwrap_err(), Refused::NotReceived);
}

// R-LIFE-6: a team member is corrected in place by its own company only.
#[test]
fn own_team_member_changes_in_place() {
    let deal = outbound(MicrosoftLevel::None);
    let changed = run(&deal, Command::ChangeMember { index: 0, member: person(9) }, &user()).unwrap();
    assert_eq!(changed.team[0].person, person(9));
    let mut shared = deal.clone();
    shared.team.push(Member { person: person(4), org_id: "p2".into() });
    assert_eq!(run(&shared, Command::ChangeMember { index: 1, member: person(9) }, &user()), Err(Refused::OtherCompanysMember));
}

//! Property tests over random command sequences by random actors at random times.

use super::tests::{admin, assessment, form, from_microsoft, invitation, now, outbound, partner_admin, person, register, reviewer, seller, solution, user};
use super::*;
use crate::domain::actor::Actor;
use crate::domain::catalog::{Incentive, SolutionCategory};
use crate::domain::deal::MicrosoftLevel;
use crate::domain::fields::DealName;
use crate::domain::reasons::{DeclineReason, LostReason};
use crate::domain::registration::RegistrationProgram;
use proptest::prelude::*;

fn command(i: u8) -> Command {
    use Command::*;
    let stages = [
        Stage::Created, Stage::Accepted, Stage::Qualified, Stage::Developed, Stage::Proposed, Stage::Negotiated, Stage::Won,
        Stage::SecureLoe, Stage::CollectData, Stage::PrepareReport, Stage::PresentToCustomer,
    ];
    match i {
        0 => Accept { adjust: Default::default(), team: vec![person(2)] },
        1 => Decline { reason: DeclineReason::NotAFit, notes: None },
        2 => Expire,
        3 => EditDetails(super::Details {
            name: DealName::parse("Renamed").unwrap(),
            value: crate::domain::money::Amount::parse("1").unwrap(),
            currency: crate::domain::money::Currency::parse("EUR").unwrap(),
            close_date: chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            crm_id: None,
            campaign_id: None,
            notes: None,
        }),
        4 => EditContact(Contact::default()),
        5 => AddMember(person(3)),
        6 => RemoveMember { index: 0 },
        7 => ChangeSolutions(vec![solution("ip2", SolutionCategory::Own, Some(Incentive::BizAppsPremium))]),
        8 => ChangeSolutions(vec![solution("sa", SolutionCategory::Assessment, None)]),
        9..=19 => MarkStage(stages[(i - 9) as usize]),
        20 => Win { confirm_early: false },
        21 => Win { confirm_early: true },
        22 => Lose { reason: LostReason::Timing, notes: None },
        23 => GiveMicrosoftVisibility,
        24 => InviteMicrosoft { help: HelpNeeded::ProofOfConcept },
        25 => InvitePartner(invitation("p2")),
        26 => InvitePartner(invitation("p3")),
        27 => PartnerResponded { partner_org_id: "p2".into(), accepted: true, reason: None },
        28 => PartnerResponded { partner_org_id: "p2".into(), accepted: false, reason: Some(crate::domain::reasons::DeclineReason::NoCapacity) },
        29 => MicrosoftAccepts { seller: SellerContact { name: crate::domain::fields::PersonName::parse("S").unwrap(), email: crate::domain::fields::Email::parse("s@microsoft.example").unwrap() } },
        30 => MicrosoftDeclines { reason: DeclineReason::NoCapacity },
        31 => MicrosoftExpires,
        32 => MicrosoftMarksWon,
        33 => register(),
        34 => Review(ReviewAction::Start),
        35 => Review(ReviewAction::RequestAction { message: "Fix".into() }),
        36 => Review(ReviewAction::Resubmit(form())),
        37 => Review(ReviewAction::Approve),
        38 => Review(ReviewAction::Reject { message: "No".into() }),
        39 => PartnerLapsed { partner_org_id: "p3".into() },
        _ => Review(ReviewAction::Close),
    }
}

fn actor_of(i: u8) -> Actor {
    match i % 6 {
        0 => admin(),
        1 => user(),
        2 => partner_admin(),
        3 => seller(),
        4 => reviewer(),
        _ => Actor::system(),
    }
}

fn start(i: u8) -> Deal {
    match i % 5 {
        0 => outbound(MicrosoftLevel::None),
        1 => outbound(MicrosoftLevel::Visible),
        2 => outbound(MicrosoftLevel::Invited),
        3 => from_microsoft(),
        _ => assessment(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    // R-LIFE-4, R-LIFE-3, R-TYPE-6, R-STAGE-2, R-TYPE-5, R-REG-1, X-AUDIT over any sequence.
    #[test]
    fn lifecycle_invariants(first in 0u8..5, steps in prop::collection::vec((0u8..41, 0u8..6, 0i64..120), 0..60)) {
        let mut deal = start(first);
        let mut at = now();
        for (c, a, hours) in steps {
            at += Duration::hours(hours);
            let before = deal.clone();
            let Ok(applied) = apply(&before, &command(c), &actor_of(a), at) else { continue };
            let after = applied.deal;
            // Every accepted command yields at least one event.
            prop_assert!(!applied.events.is_empty());
            // The location never changes after creation.
            prop_assert_eq!(&after.location_id, &before.location_id);
            // The type never downgrades: Microsoft's level and the invited partners only grow.
            prop_assert!(!after.microsoft.level.is_upgrade_to(before.microsoft.level) || after.microsoft.level == before.microsoft.level);
            prop_assert!(before.microsoft.level == after.microsoft.level || before.microsoft.level.is_upgrade_to(after.microsoft.level));
            prop_assert!(after.invitations.len() >= before.invitations.len());
            prop_assert_eq!(after.is_assessment, before.is_assessment);
            // A terminal deal never changes, except its registration and Microsoft's own referral.
            if before.status.is_terminal() {
                let mut same = after.clone();
                same.registration = before.registration.clone();
                same.microsoft = before.microsoft.clone();
                prop_assert_eq!(&same, &before);
            }
            // A solution assessment is never won before its four stages.
            if after.is_assessment && after.status == Status::Won && before.status != Status::Won {
                prop_assert_eq!(before.stage, Stage::PresentToCustomer);
            }
            // Registration only when eligible.
            if before.registration.is_none() && after.registration.is_some() {
                prop_assert!(registration_eligibility(&before, &RegistrationProgram::default()).is_ok());
            }
            deal = after;
        }
    }
}

/// The menu above really drives deals through their lives: random walks reach every terminal status
/// and registration review, so the properties are not vacuous.
#[test]
fn random_walks_cover_the_lifecycle() {
    use crate::domain::registration::RegistrationState;
    use std::collections::HashSet;
    let mut seed = 42u64;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as u32
    };
    let mut statuses = HashSet::new();
    let mut closed_registrations = 0;
    let mut accepted = 0;
    for walk in 0..3000u32 {
        let mut deal = start((walk % 5) as u8);
        let mut at = now();
        for _ in 0..80 {
            // Up to a day and a half a step: the 14-day windows (R-LIFE-2, R-LIFE-5) close after
            // about 20 steps, so answers inside them and expiries after them both occur.
            at += Duration::hours(i64::from(next() % 36));
            if let Ok(a) = apply(&deal, &command((next() % 41) as u8), &actor_of((next() % 6) as u8), at) {
                accepted += 1;
                deal = a.deal;
            }
        }
        statuses.insert(deal.status);
        if deal.registration.as_ref().is_some_and(|r| r.state != RegistrationState::Submitted) {
            closed_registrations += 1;
        }
    }
    for s in [Status::Won, Status::Lost, Status::Declined, Status::Expired] {
        assert!(statuses.contains(&s), "{s:?} never reached");
    }
    assert!(closed_registrations > 0, "no registration review ever moved");
    assert!(accepted > 5_000, "only {accepted} commands accepted");
}

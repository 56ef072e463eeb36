//! Lifecycle commands persisted: each action goes through the domain and is stored with its events,
//! on both engines.

use super::authorization::org_id;
use super::helpers::*;
use app::api::dto::{SortKey, Tab};
use app::domain::actions::DealAction;
use app::domain::details::DetailsDraft;
use app::domain::invitations::InvitationDraft;
use app::domain::deal::{DealType, Direction, Status};
use app::domain::lifecycle::InvitationStatus;
use app::domain::team::MemberDraft;
use app::services::{ServiceError, actions, deal_store};
use tests::{Engine, on_both_engines, spawn_app};

const CONTOSO: &str = "referrals@contoso-partners.example";

// R-TYPE-4, R-NEW-5, R-LIFE-6: inviting a partner makes the deal P2P and puts a Received deal with
// the invitation's value, date and solutions in the partner's Inbound tab; its acceptance reaches
// the originator's deal; every step is an event.
async fn partner_invitation_round_trip(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let contoso = app.signed_in(CONTOSO).await;
    let deal = deal_at(&app, &fabrikam, "Invite Contoso", 0, &["ana@fabrikam.example"], false).await;
    let opts = options(&app, &fabrikam).await;
    let theirs = opts.catalog.iter().find(|s| s.owner_name == "Contoso Data Partners").expect("Contoso solution");
    let draft = InvitationDraft {
        partner_org_id: org_id(&app, "Contoso Data Partners").await,
        close_date: "2027-05-31".into(),
        value: "8000".into(),
        currency: "EUR".into(),
        notes: "Lakehouse know-how".into(),
        team_emails: vec!["ANA@fabrikam.example".into()],
        solution_ids: vec![theirs.id.clone()],
        help_needed: "A reference customer".into(),
    };
    let admin = actor_by_email(&app, ADMIN).await;
    let partners = |o: app::api::dto::InvitationOptions| o.partners.into_iter().map(|p| p.name).collect::<Vec<_>>();
    let before = partners(actions::invitation_options(&app.state, &admin, &deal).await.unwrap());
    assert_eq!(before, ["Contoso Data Partners", "Northwind Software", "Tailspin Analytics"], "other partners only");
    actions::act(&app.state, &admin, &deal, &DealAction::InvitePartner(draft.clone())).await.unwrap();
    let after = partners(actions::invitation_options(&app.state, &admin, &deal).await.unwrap());
    assert_eq!(after, ["Northwind Software", "Tailspin Analytics"], "an invited partner is not offered again");
    let hidden = actions::invitation_options(&app.state, &actor_by_email(&app, CONTOSO).await, &deal).await;
    assert!(matches!(hidden, Err(ServiceError::NotFound)));
    assert_eq!(get(&app, &fabrikam, &deal).await.unwrap().deal_type, DealType::PartnerToPartner { microsoft_can_view: false });
    let again = actions::act(&app.state, &admin, &deal, &DealAction::InvitePartner(draft)).await.unwrap_err();
    assert!(matches!(&again, ServiceError::Rule(r) if r.rule() == "R-TYPE-6"), "{again:?}");

    let inbound = list(&app, &contoso, Tab::Inbound, "Invite Contoso", SortKey::Updated, true).await;
    assert_eq!(inbound.deals.len(), 1, "the invitation arrives in Contoso's Inbound tab");
    let copy = &inbound.deals[0];
    assert_eq!((copy.direction, copy.status), (Direction::Inbound, Status::Received));
    assert_eq!((copy.value.to_string(), copy.currency.as_str()), ("8000.00".to_string(), "EUR"));
    let view = get(&app, &contoso, &copy.id).await.unwrap();
    assert_eq!(view.solutions.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), [theirs.id.as_str()]);
    assert!(view.team.is_empty(), "nothing of the originator's team before acceptance");
    assert!(get(&app, &contoso, &deal).await.is_none(), "the originator's deal stays hidden until Contoso accepts");

    // R-LIFE-6: before acceptance only accept or decline.
    let by = actor_by_email(&app, CONTOSO).await;
    let early = DealAction::EditDetails(details("9000", ""));
    let refused = actions::act(&app.state, &by, &copy.id, &early).await.unwrap_err();
    assert!(matches!(&refused, ServiceError::Rule(r) if r.rule() == "R-LIFE-1"), "{refused:?}");
    let team = vec![MemberDraft { name: "Lee London".into(), phone: "+44 20 7946 0000".into(), email: "lee@contoso-partners.example".into() }];
    actions::act(&app.state, &by, &copy.id, &DealAction::Accept { details: DetailsDraft::default(), team }).await.unwrap();

    let origin = deal_store::load_visible(&app.state.db, &admin, &deal).await.unwrap().unwrap();
    assert_eq!(origin.deal.invitations[0].status, InvitationStatus::Accepted);
    let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM events WHERE subject_id = $1 ORDER BY at, kind")
        .bind(&deal)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    assert!(kinds.contains(&"deal.partner_invited".into()) && kinds.contains(&"deal.invitation_answered".into()), "{kinds:?}");
    assert!(get(&app, &contoso, &deal).await.is_some(), "after accepting, each side sees the other's deal");
    assert!(get(&app, &fabrikam, &copy.id).await.is_some());
    app.cleanup().await;
}

// Several app servers on one database: a command computed on a deal someone changed meanwhile is
// refused as a conflict and writes nothing.
async fn stale_write_is_a_conflict(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let deal = deal_at(&app, &fabrikam, "Race", 0, &["ana@fabrikam.example"], false).await;
    let admin = actor_by_email(&app, ADMIN).await;
    let stale = deal_store::load_visible(&app.state.db, &admin, &deal).await.unwrap().unwrap();
    let edit = DealAction::EditDetails(details("1000", ""));
    actions::act(&app.state, &admin, &deal, &edit).await.unwrap();

    let mut changed = stale.deal.clone();
    changed.details.name = app::domain::fields::DealName::parse("Lost update").unwrap();
    let mut tx = app.state.db.write().await.unwrap();
    let result = deal_store::update(&mut tx, &changed, stale.version, &stale.customer_name, &[]).await;
    assert!(matches!(result, Err(ServiceError::Conflict)), "{result:?}");
    drop(tx);
    let view = get(&app, &fabrikam, &deal).await.unwrap();
    assert_eq!((view.name.as_str(), view.value.to_string()), ("Edited deal", "1000.00".to_string()), "the stale write left no trace");
    app.cleanup().await;
}

// R-ORG-4, R-LIFE-1, R-TYPE-6: the deal page offers what the lifecycle would accept for this viewer.
async fn deal_view_offers_next_steps_by_role(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let deal = deal_at(&app, &fabrikam, "Next steps", 0, &["seattle.user@fabrikam.example"], true).await;
    let view = get(&app, &fabrikam, &deal).await.unwrap();
    // R-REG-1: the page says why it cannot be registered yet.
    assert!(matches!(&view.registration.eligibility, Err(unmet) if unmet.contains(&app::domain::lifecycle::Unmet::NotWon)));
    let admin = view.next;
    assert!(admin.edit && admin.lose && !admin.respond && !admin.give_visibility, "{admin:?}");
    assert_eq!(admin.win, Some(true), "created just now: the 72-hour warning applies");
    let seattle = app.signed_in("seattle.user@fabrikam.example").await;
    let user = get(&app, &seattle, &deal).await.unwrap().next;
    assert!(user.edit && !user.invite_microsoft, "{user:?}");
    let seller = app.signed_in("seller1@microsoft.example").await;
    assert!(!get(&app, &seller, &deal).await.unwrap().next.any(), "Microsoft views a partner-led deal, nothing more");

    let received: String = sqlx::query_scalar("SELECT d.id FROM deals d JOIN organizations o ON o.id = d.org_id \
         WHERE d.status = 'received' AND o.name = 'Fabrikam Cloud Solutions' LIMIT 1")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let answer = get(&app, &fabrikam, &received).await.unwrap().next;
    assert!(answer.respond && answer.hours_to_respond.is_some() && answer.stages.is_empty(), "{answer:?}");
    app.cleanup().await;
}

// R-LIFE-2, R-LIFE-5, R-LIFE-6: the timer closes each 14-day window on time and not before: a
// received deal expires (and an inviting partner learns its invitation lapsed), Microsoft's pending
// side expires while the deal stays open; a second run, as on a second app server, changes nothing.
async fn windows_close_after_fourteen_days(engine: Engine) {
    use app::domain::deal::HelpNeeded;
    use app::domain::lifecycle::MicrosoftStatus;
    use app::services::{AppState, timers};
    use app::domain::clock::FixedClock;
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let mut draft = valid_draft(&app, &fabrikam, "Co-sell waiting").await;
    draft.help = HelpNeeded::ProofOfConcept;
    draft.contact.name = "Jo Customer".into();
    draft.contact.phone = "+1 206 555 0199".into();
    draft.contact.email = "jo@customer.example".into();
    draft.contact.consent = true;
    let co_sell = create(&app, &fabrikam, &draft, true).await.unwrap();
    // Seeded: Tailspin invited Contoso just now; Microsoft sent Fabrikam a deal two days ago.
    let (tailspin_deal, contoso_copy): (String, String) = {
        let row: (String, String) = sqlx::query_as(
            "SELECT o.id, c.id FROM deals o JOIN deals c ON c.engagement_id = o.engagement_id AND c.sender_org_id = o.org_id \
             WHERE c.status = 'received'",
        )
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
        row
    };
    let received: String = sqlx::query_scalar(
        "SELECT d.id FROM deals d JOIN organizations o ON o.id = d.org_id WHERE d.status = 'received' \
         AND d.sender_org_id IS NULL AND o.name = 'Fabrikam Cloud Solutions'",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    let at = |days: i64| AppState { clock: std::sync::Arc::new(FixedClock(tests::test_now() + chrono::Duration::days(days))), ..app.state.clone() };
    let load = |id: String| {
        let db = app.state.db.clone();
        async move { stored_deal(&db, &id).await }
    };

    timers::run_due(&at(13)).await.unwrap();
    assert_eq!(load(received.clone()).await.status, Status::Expired, "received 15 days before: expired");
    assert_eq!(load(co_sell.clone()).await.microsoft.status, Some(MicrosoftStatus::Pending), "13 days: still waiting");
    assert_eq!(load(contoso_copy.clone()).await.status, Status::Received);

    let done = timers::run_due(&at(14)).await.unwrap();
    assert!(done.deals >= 1 && done.microsoft >= 1, "{done:?}");
    let deal = load(co_sell.clone()).await;
    assert_eq!((deal.microsoft.status, deal.status), (Some(MicrosoftStatus::Expired), Status::Accepted), "only Microsoft's side");
    assert_eq!(load(contoso_copy).await.status, Status::Expired);
    assert_eq!(load(tailspin_deal).await.invitations[0].status, InvitationStatus::Expired);
    assert_eq!(timers::run_due(&at(14)).await.unwrap(), timers::Expired::default(), "nothing left to do");
    let by_system = app.count(&format!("SELECT COUNT(*) FROM events WHERE subject_id = '{co_sell}' AND kind = 'microsoft.expired' AND actor_user_id IS NULL")).await;
    assert_eq!(by_system, 1);
    app.cleanup().await;
}

// R-REG-3, R-REG-4, R-ORG-5: a registration goes through review: a reviewer asks for a change, the
// partner resubmits, the reviewer approves and closes; sellers cannot review, partners cannot approve.
async fn registration_review_round_trip(engine: Engine) {
    use super::authorization::{registration, won_co_sell_registrable};
    use app::domain::actions::ReviewStep;
    use app::domain::registration::RegistrationState;
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let deal = won_co_sell_registrable(&app, &fabrikam, "Review me").await;
    let admin = actor_by_email(&app, ADMIN).await;
    let reviewer = actor_by_email(&app, "reviewer@microsoft.example").await;
    let seller = actor_by_email(&app, "seller1@microsoft.example").await;
    let solution = get(&app, &fabrikam, &deal).await.unwrap().solutions[0].id.clone();
    actions::act(&app.state, &admin, &deal, &DealAction::Register(registration(&solution))).await.unwrap();
    let state = |app: &tests::TestApp, deal: String| {
        let db = app.state.db.clone();
        async move { stored_deal(&db, &deal).await.registration.unwrap().state }
    };
    let review = |step: ReviewStep| DealAction::Review(step);
    let refused = actions::act(&app.state, &seller, &deal, &review(ReviewStep::Start)).await.unwrap_err();
    assert!(matches!(&refused, ServiceError::Rule(r) if r.rule() == "R-REG-4"), "{refused:?}");
    actions::act(&app.state, &reviewer, &deal, &review(ReviewStep::Start)).await.unwrap();
    let ask = review(ReviewStep::RequestAction { message: "Attach the signed contract".into() });
    actions::act(&app.state, &reviewer, &deal, &ask).await.unwrap();
    assert_eq!(state(&app, deal.clone()).await, RegistrationState::ActionRequired);
    let view = get(&app, &fabrikam, &deal).await.unwrap();
    assert_eq!(view.registration.reviewer_message.as_deref(), Some("Attach the signed contract"));
    assert!(view.next.resubmit);
    let approve_own = actions::act(&app.state, &admin, &deal, &review(ReviewStep::Approve)).await.unwrap_err();
    assert!(matches!(&approve_own, ServiceError::Rule(r) if r.is_permission()), "{approve_own:?}");
    actions::act(&app.state, &admin, &deal, &DealAction::Resubmit(registration(&solution))).await.unwrap();
    for step in [ReviewStep::Start, ReviewStep::Approve, ReviewStep::Close] {
        actions::act(&app.state, &reviewer, &deal, &review(step)).await.unwrap();
    }
    assert_eq!(state(&app, deal.clone()).await, RegistrationState::Closed);
    app.cleanup().await;
}

on_both_engines!(
    registration_review_round_trip,
    partner_invitation_round_trip,
    stale_write_is_a_conflict,
    deal_view_offers_next_steps_by_role,
    windows_close_after_fourteen_days
);

//! Lifecycle commands persisted: each action goes through the domain and is stored with its events,
//! on both engines.

use super::authorization::org_id;
use super::helpers::*;
use app::api::dto::{SortKey, Tab};
use app::domain::actions::{DealAction, DetailsDraft, InvitationDraft};
use app::domain::deal::{DealType, Direction, Status};
use app::domain::lifecycle::InvitationStatus;
use app::domain::wizard::MemberDraft;
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
    actions::act(&app.state, &admin, &deal, &DealAction::InvitePartner(draft.clone())).await.unwrap();
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
    let early = DealAction::EditDetails(DetailsDraft { value: "9000".into(), ..Default::default() });
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
    let edit = DealAction::EditDetails(DetailsDraft { value: "1000".into(), ..Default::default() });
    actions::act(&app.state, &admin, &deal, &edit).await.unwrap();

    let mut changed = stale.deal.clone();
    changed.details.name = app::domain::fields::DealName::parse("Lost update").unwrap();
    let mut tx = app.state.db.pool.begin().await.unwrap();
    let result = deal_store::update(&mut tx, &changed, stale.version, &stale.customer_name, &[]).await;
    assert!(matches!(result, Err(ServiceError::Conflict)), "{result:?}");
    drop(tx);
    let view = get(&app, &fabrikam, &deal).await.unwrap();
    assert_eq!((view.name.as_str(), view.value.to_string()), ("Race", "1000.00".to_string()));
    app.cleanup().await;
}

// R-ORG-4, R-LIFE-1, R-TYPE-6: the deal page offers what the lifecycle would accept for this viewer.
async fn deal_view_offers_next_steps_by_role(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let deal = deal_at(&app, &fabrikam, "Next steps", 0, &["seattle.user@fabrikam.example"], true).await;
    let admin = get(&app, &fabrikam, &deal).await.unwrap().next;
    assert!(admin.edit && admin.lose && !admin.respond && !admin.give_visibility, "{admin:?}");
    assert_eq!(admin.win, Some(true), "created just now: the 72-hour warning applies");
    let seattle = app.signed_in("seattle.user@fabrikam.example").await;
    let user = get(&app, &seattle, &deal).await.unwrap().next;
    assert!(user.edit && user.invite_microsoft.is_err(), "{user:?}");
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

on_both_engines!(partner_invitation_round_trip, stale_write_is_a_conflict, deal_view_offers_next_steps_by_role);

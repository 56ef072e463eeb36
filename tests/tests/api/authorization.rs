//! R-ORG-3, R-ORG-4: who sees which deal and who may do what to it, on both engines.

use super::helpers::*;
use app::api::AppError;
use app::api::dto::{ListQuery, Tab};
use app::domain::actions::DealAction;
use app::domain::details::DetailsDraft;
use app::domain::invitations::InvitationDraft;
use app::domain::actor::Actor;
use app::domain::catalog::{Incentive, SolutionCategory};
use app::domain::deal::Status;
use app::domain::registration::{ContractKind, RegistrationDraft};
use app::domain::team::MemberDraft;
use app::services::{ServiceError, actions, deals};
use reqwest::{Client, StatusCode};
use serde_json::json;
use tests::{Engine, TestApp, on_both_engines, spawn_app};

const SEATTLE: &str = "seattle.user@fabrikam.example";
const CONTOSO: &str = "referrals@contoso-partners.example";

/// What the service answered: done, refused for who the actor is, or not found (R-ORG-3: never
/// revealing the deal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Done,
    Forbidden,
    Hidden,
}
use Outcome::{Done as Y, Forbidden as F, Hidden as N};

fn outcome(result: Result<(), ServiceError>) -> Outcome {
    match result {
        Ok(()) => Y,
        Err(ServiceError::NotFound) => N,
        Err(ServiceError::Rule(r)) if r.is_permission() => F,
        Err(other) => panic!("expected done, forbidden or hidden, got {other:?}"),
    }
}

pub async fn org_id(app: &TestApp, name: &str) -> String {
    sqlx::query_scalar("SELECT id FROM organizations WHERE name = $1").bind(name).fetch_one(&app.state.db.pool).await.expect("org")
}

/// An invitation of `partner` on `deal` that the domain accepts.
async fn invitation(app: &TestApp, inviter: &Actor, deal: &str, partner: &str) -> InvitationDraft {
    let any = deals::wizard_options(&app.state, inviter).await.unwrap().catalog.into_iter().next();
    let member: Option<String> = sqlx::query_scalar("SELECT email FROM deal_team_members WHERE deal_id = $1 ORDER BY position")
        .bind(deal)
        .fetch_optional(&app.state.db.pool)
        .await
        .unwrap();
    InvitationDraft {
        partner_org_id: org_id(app, partner).await,
        close_date: "2027-04-30".into(),
        value: "12000".into(),
        currency: "USD".into(),
        notes: "Data platform skills".into(),
        team_emails: member.into_iter().collect(),
        solution_ids: any.map(|s| s.id).into_iter().collect(),
        help_needed: String::new(),
    }
}

/// A P2P engagement: Contoso's deal invites Fabrikam, whose admin accepts with the Seattle user on
/// its team. Returns (Contoso's deal, Fabrikam's deal).
async fn p2p(app: &TestApp, fabrikam: &Client, contoso: &Client) -> (String, String) {
    let opts = options(app, contoso).await;
    let mut draft = valid_draft(app, fabrikam, "P2P origin").await;
    draft.location_id = opts.locations[0].id.clone();
    draft.solution_ids = vec![opts.catalog.iter().find(|s| s.category == SolutionCategory::Own).unwrap().id.clone()];
    draft.team[0].email = "lead@contoso-partners.example".into();
    let origin = create(app, contoso, &draft, true).await.unwrap();
    let by = actor_by_email(app, CONTOSO).await;
    let inv = invitation(app, &by, &origin, "Fabrikam Cloud Solutions").await;
    actions::act(&app.state, &by, &origin, &DealAction::InvitePartner(inv)).await.unwrap();
    let copy: String = sqlx::query_scalar("SELECT id FROM deals WHERE sender_org_id IS NOT NULL AND name = 'P2P origin'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let team = vec![MemberDraft { name: "Sam Seattle".into(), phone: "+1 425 555 0100".into(), email: SEATTLE.into() }];
    let accept = DealAction::Accept { details: DetailsDraft::default(), team };
    actions::act(&app.state, &actor_by_email(app, ADMIN).await, &copy, &accept).await.unwrap();
    (origin, copy)
}

/// A won, registrable deal of Fabrikam (partner-led, IP co-sell solution, Seattle user on the team).
pub async fn won_registrable(app: &TestApp, fabrikam: &Client, name: &str) -> String {
    let opts = options(app, fabrikam).await;
    let ip = opts.catalog.iter().find(|s| s.incentive == Some(Incentive::AzureIpCoSell)).expect("IP solution");
    let mut draft = valid_draft(app, fabrikam, name).await;
    draft.solution_ids = vec![ip.id.clone()];
    draft.share_with_microsoft = true;
    draft.team.push(MemberDraft { name: "Sam Seattle".into(), phone: "+1 425 555 0100".into(), email: SEATTLE.into() });
    let id = create(app, fabrikam, &draft, true).await.unwrap();
    let admin = actor_by_email(app, ADMIN).await;
    actions::act(&app.state, &admin, &id, &DealAction::Win { confirm_early: true }).await.unwrap();
    id
}

/// A won co-sell deal of Fabrikam that Microsoft accepted (R-REG-1), so its registration is
/// reviewed (R-REG-4).
pub async fn won_co_sell_registrable(app: &TestApp, fabrikam: &Client, name: &str) -> String {
    let opts = options(app, fabrikam).await;
    let ip = opts.catalog.iter().find(|s| s.incentive == Some(Incentive::AzureIpCoSell)).expect("IP solution");
    let mut draft = valid_draft(app, fabrikam, name).await;
    draft.solution_ids = vec![ip.id.clone()];
    draft.help = app::domain::deal::HelpNeeded::ProofOfConcept;
    draft.contact = app::domain::contact::ContactDraft {
        name: "Kim Customer".into(),
        phone: "+1 206 555 0142".into(),
        email: "kim@customer.example".into(),
        consent: true,
        share_with_partners: false,
    };
    let id = create(app, fabrikam, &draft, true).await.unwrap();
    let seller = actor_by_email(app, "seller1@microsoft.example").await;
    actions::act(&app.state, &seller, &id, &DealAction::MicrosoftAccept).await.unwrap();
    actions::act(&app.state, &actor_by_email(app, ADMIN).await, &id, &DealAction::Win { confirm_early: true }).await.unwrap();
    id
}

pub fn registration(solution_id: &str) -> RegistrationDraft {
    RegistrationDraft {
        contract_value: "30000".into(),
        currency: "USD".into(),
        signed_on: "2026-11-20".into(),
        starts_on: "2026-12-01".into(),
        ends_on: "2027-11-30".into(),
        term_months: "12".into(),
        kind: ContractKind::New,
        contact_name: "Reg Contact".into(),
        contact_email: "reg@fabrikam.example".into(),
        contact_phone: "+1 425 555 0101".into(),
        solutions: vec![(solution_id.into(), "30000".into())],
        contract_confirmed: true,
    }
}

// The matrix: role × location scope × team × ownership (own org, other org, invited org — both
// sides of a P2P engagement —, shared with Microsoft, private) → visible (get, list, favorite) and
// allowed (edit, invite a partner, register), against the service layer for every cell.
async fn authorization_matrix(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let contoso = app.signed_in(CONTOSO).await;
    let d1 = deal_at(&app, &fabrikam, "M1 in scope, on team", 0, &[SEATTLE], false).await;
    let d2 = deal_at(&app, &fabrikam, "M2 in scope, off team", 0, &["ana@fabrikam.example"], false).await;
    let d3 = deal_at(&app, &fabrikam, "M3 out of scope, on team", 1, &["SEATTLE.user@fabrikam.example"], false).await;
    let d4 = deal_at(&app, &fabrikam, "M4 shared with Microsoft", 0, &[SEATTLE], true).await;
    let contoso_opts = options(&app, &contoso).await;
    let mut other = valid_draft(&app, &fabrikam, "M5 other org, private").await;
    other.location_id = contoso_opts.locations[0].id.clone();
    other.solution_ids = vec![contoso_opts.catalog.iter().find(|s| s.category == SolutionCategory::Own).unwrap().id.clone()];
    let d5 = create(&app, &contoso, &other, true).await.unwrap();
    other.deal_name = "M6 other org, shared".into();
    other.share_with_microsoft = true;
    let d6 = create(&app, &contoso, &other, true).await.unwrap();
    // d7: Contoso's deal with Fabrikam invited; d8: Fabrikam's accepted deal of that engagement.
    let (d7, d8) = p2p(&app, &fabrikam, &contoso).await;
    let deals = [&d1, &d2, &d3, &d4, &d5, &d6, &d7, &d8];

    // (actor, partner it invites, visible, edit, invite, register a won deal of Fabrikam)
    type Row = (&'static str, &'static str, [bool; 8], [Outcome; 8], [Outcome; 8], Outcome);
    let matrix: [Row; 7] = [
        (ADMIN, "Tailspin Analytics", [true, true, true, true, false, false, true, true], [Y, Y, Y, Y, N, N, F, Y], [Y, Y, Y, Y, N, N, F, F], Y),
        ("admin@fabrikam.example", "Northwind Software", [true, true, true, true, false, false, true, true], [Y, Y, Y, Y, N, N, F, Y], [Y, Y, Y, Y, N, N, F, F], Y),
        (SEATTLE, "Tailspin Analytics", [true, false, false, true, false, false, true, true], [Y, N, N, Y, N, N, F, Y], [F, N, N, F, N, N, F, F], F),
        ("berlin.user@fabrikam.example", "Tailspin Analytics", [false; 8], [N; 8], [N; 8], N),
        (CONTOSO, "Tailspin Analytics", [false, false, false, false, true, true, true, true], [N, N, N, N, Y, Y, Y, F], [N, N, N, N, Y, Y, Y, F], N),
        ("seller1@microsoft.example", "Tailspin Analytics", [false, false, false, true, false, true, false, false], [N, N, N, F, N, F, N, N], [N, N, N, F, N, F, N, N], F),
        ("admin@microsoft.example", "Tailspin Analytics", [false, false, false, true, false, true, false, false], [N, N, N, F, N, F, N, N], [N, N, N, F, N, F, N, N], F),
    ];
    for (email, partner, visible, edit, invite, register) in matrix {
        let actor = actor_by_email(&app, email).await;
        let mut listed = Vec::new();
        for tab in [Tab::Inbound, Tab::Outbound] {
            let query = ListQuery::new(tab);
            listed.extend(deals::list(&app.state, &actor, &query).await.unwrap().deals.into_iter().map(|d| d.id));
        }
        for (i, deal) in deals.iter().enumerate() {
            let got = deals::get(&app.state, &actor, deal).await.ok();
            assert_eq!(got.is_some(), visible[i], "{email} get d{}", i + 1);
            // The tabs hold the org's own deals (Microsoft's: what is shared with it); P2P partners'
            // deals are reached from one's own.
            let own_or_microsoft = actor.is_microsoft() || got.as_ref().is_some_and(|v| v.org_name == actor.org_name);
            assert_eq!(listed.contains(deal), visible[i] && own_or_microsoft, "{email} list d{}", i + 1);
            let fav = deals::set_favorite(&app.state, &actor, deal, true).await;
            assert_eq!(fav.is_ok(), visible[i], "{email} favorite d{}", i + 1);

            let notes = details("25000", &format!("Checked by {email}"));
            let result = actions::act(&app.state, &actor, deal, &DealAction::EditDetails(notes)).await;
            assert_eq!(outcome(result), edit[i], "{email} edit d{}", i + 1);
            let inv = invitation(&app, &actor, deal, partner).await;
            let result = actions::act(&app.state, &actor, deal, &DealAction::InvitePartner(inv)).await;
            assert_eq!(outcome(result), invite[i], "{email} invite d{}", i + 1);
        }
        let won = won_registrable(&app, &fabrikam, &format!("Won for {email}")).await;
        let solution = deals::get(&app.state, &actor_by_email(&app, ADMIN).await, &won).await.unwrap().solutions[0].id.clone();
        let result = actions::act(&app.state, &actor, &won, &DealAction::Register(registration(&solution))).await;
        assert_eq!(outcome(result), register, "{email} register");
    }
    app.cleanup().await;
}

pub async fn act(app: &TestApp, client: &Client, id: &str, action: &DealAction) -> Result<(), (StatusCode, AppError)> {
    app.call(client, "deals/act", &json!({ "id": id, "action": action })).await
}

// The same policy through HTTP, for a sample of cells: 404 for what one may not see, 403 naming
// R-ORG-4 for a referral user inviting, 200 for the owner, 409 naming R-LIFE-4 after the deal closed.
async fn actions_over_http(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let seattle = app.signed_in(SEATTLE).await;
    let contoso = app.signed_in(CONTOSO).await;
    let deal = deal_at(&app, &fabrikam, "HTTP sample", 0, &[SEATTLE], false).await;
    let edit = DealAction::EditDetails(details("31000", ""));

    let hidden = act(&app, &contoso, &deal, &edit).await.unwrap_err();
    assert_eq!(hidden, (StatusCode::NOT_FOUND, AppError::NotFound));
    let inv = invitation(&app, &actor_by_email(&app, ADMIN).await, &deal, "Contoso Data Partners").await;
    match act(&app, &seattle, &deal, &DealAction::InvitePartner(inv.clone())).await.unwrap_err() {
        (StatusCode::FORBIDDEN, AppError::Forbidden { rule, .. }) => assert_eq!(rule, "R-ORG-4"),
        other => panic!("expected 403, got {other:?}"),
    }
    act(&app, &seattle, &deal, &edit).await.expect("a referral user on the team edits (R-ORG-4)");
    assert_eq!(get(&app, &fabrikam, &deal).await.unwrap().value.to_string(), "31000.00");

    act(&app, &fabrikam, &deal, &DealAction::Lose { reason: app::domain::reasons::LostReason::NoBudget, notes: String::new() })
        .await
        .unwrap();
    match act(&app, &fabrikam, &deal, &edit).await.unwrap_err() {
        (StatusCode::CONFLICT, AppError::Rule { rule, .. }) => assert_eq!(rule, "R-LIFE-4"),
        other => panic!("expected 409, got {other:?}"),
    }
    let view = get(&app, &fabrikam, &deal).await.unwrap();
    assert_eq!((view.status, view.value.to_string()), (Status::Lost, "31000.00".to_string()), "a refused edit changes nothing");
    app.cleanup().await;
}

on_both_engines!(authorization_matrix, actions_over_http);

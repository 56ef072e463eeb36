//! R-ORG-5, R-TYPE-7, R-TAB-3: a Microsoft seller's own seat: referrals to partners, the work
//! queues for sellers and reviewers; on both engines.

use super::authorization::{org_id, registration, won_co_sell_registrable};
use super::helpers::*;
use app::api::AppError;
use app::api::dto::{QueueFilters, Tab, Workspace, WizardOptions};
use app::domain::actions::DealAction;
use app::domain::deal::{DealType, Direction, HelpNeeded, Status};
use app::domain::details::DetailsDraft;
use app::domain::invitations::PartnerOption;
use app::domain::issues::{Code, Field};
use app::domain::notify::NoticeKind;
use app::domain::registration::RegistrationState;
use app::domain::team::MemberDraft;
use app::domain::wizard::DealDraft;
use app::services::actions;
use reqwest::{Client, StatusCode};
use serde_json::json;
use tests::{Engine, TestApp, on_both_engines, spawn_app};

const SELLER: &str = "seller1@microsoft.example";
const CONTOSO: &str = "referrals@contoso-partners.example";

async fn workspace(app: &TestApp, client: &Client, filters: QueueFilters) -> Workspace {
    app.call(client, "workspace", &json!({ "filters": filters })).await.expect("workspace")
}

/// A referral to Contoso as the seller's wizard would send it.
async fn referral_draft(app: &TestApp, seller: &Client, contoso_id: &str, name: &str) -> DealDraft {
    let setup: WizardOptions = app.call_form(seller, "referrals/setup", &[("partner_id", contoso_id)]).await.expect("setup");
    let gb = setup.locations.iter().find(|l| l.country == "GB").expect("Contoso's London location");
    let customer = suggest(app, seller, "GB", "Contoso Ltd").await.into_iter().next().expect("a GB customer");
    DealDraft {
        customer_country: "GB".into(),
        customer_id: Some(customer.id),
        deal_name: name.into(),
        location_id: gb.id.clone(),
        value: "40000".into(),
        currency: "GBP".into(),
        close_date: "2027-04-30".into(),
        notes: "Customer asked for a data platform partner.".into(),
        contact: app::domain::contact::ContactDraft {
            name: "Robin Customer".into(),
            phone: "+44 20 7946 0100".into(),
            email: "robin@customer.example".into(),
            consent: true,
            share_with_partners: false,
        },
        team: Vec::new(),
        solution_ids: vec![setup.catalog[0].id.clone()],
        help: HelpNeeded::TechnicalArchitecture,
        ..DealDraft::default()
    }
}

async fn send(app: &TestApp, client: &Client, partner: &str, draft: &DealDraft) -> Result<String, (StatusCode, AppError)> {
    app.call(client, "referrals/send", &json!({ "partner_id": partner, "draft": draft, "confirm_warnings": true })).await
}

// R-ORG-5, R-TYPE-7, R-CAT-4, R-LIFE-1, R-LIFE-2, R-NOTE-1: a seller finds a partner with a co-sell-
// ready solution, refers a customer with the wizard's own rules; the deal is in the partner's
// Inbound as Received co-sell with 14 days, its admins are told; the partner's answer comes back
// to the seller, whose queue follows it. Only sellers refer; bad input is named field by field.
async fn a_seller_refers_a_customer_to_a_partner(engine: Engine) {
    let app = spawn_app(engine).await;
    let seller = app.signed_in(SELLER).await;
    let contoso = app.signed_in(CONTOSO).await;
    let partners: Vec<PartnerOption> = app.call_form(&seller, "referrals/partners", &[("query", "cont")]).await.unwrap();
    assert_eq!(partners.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Contoso Data Partners"]);
    let contoso_id = org_id(&app, "Contoso Data Partners").await;
    let (status, _) = app.call_form::<Vec<PartnerOption>>(&contoso, "referrals/partners", &[("query", "")]).await.unwrap_err();
    assert_eq!(status, StatusCode::FORBIDDEN, "partners do not refer");

    let mut draft = referral_draft(&app, &seller, &contoso_id, "Referred by Microsoft").await;
    let good = draft.clone();
    draft.contact.consent = false;
    draft.contact.email = "not-an-email".into();
    draft.solution_ids = vec![];
    let (status, error) = send(&app, &seller, &contoso_id, &draft).await.unwrap_err();
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error:?}");
    let codes = field_codes(&error);
    for expected in [(Field::ContactEmail, Code::InvalidEmail), (Field::ContactConsent, Code::ConsentRequired), (Field::Solutions, Code::NeedOneSolution)] {
        assert!(codes.contains(&expected), "{expected:?} in {codes:?}");
    }
    let (status, _) = send(&app, &contoso, &contoso_id, &good).await.unwrap_err();
    assert_eq!(status, StatusCode::FORBIDDEN);

    // An hour after the demo's Tailspin invitation reached Contoso.
    app.set_now(tests::test_now() + chrono::Duration::hours(1));
    let id = send(&app, &seller, &contoso_id, &good).await.expect("referral sent");
    let inbound = list(&app, &contoso, Tab::Inbound, "Referred by Microsoft", app::api::dto::SortKey::Updated, true).await;
    assert_eq!(inbound.deals.len(), 1);
    let arrived = &inbound.deals[0];
    assert_eq!((arrived.id.as_str(), arrived.direction, arrived.status, arrived.deal_type), (id.as_str(), Direction::Inbound, Status::Received, DealType::CoSell));
    assert_eq!(arrived.hours_to_respond, Some(14 * 24));
    // R-LIFE-2: Inbound by time left: the received deals, soonest deadline first, then the rest.
    let query = app::api::dto::ListQuery { sort: app::api::dto::SortKey::TimeLeft, descending: false, ..app::api::dto::ListQuery::new(Tab::Inbound) };
    let lefts: Vec<Option<i64>> = list_query(&app, &contoso, &query).await.deals.into_iter().map(|d| d.hours_to_respond).collect();
    let received = lefts.iter().take_while(|l| l.is_some()).count();
    assert!(received >= 2 && lefts[received..].iter().all(Option::is_none), "received first: {lefts:?}");
    assert!(lefts[..received].windows(2).all(|w| w[0] <= w[1]), "soonest deadline first: {lefts:?}");
    assert_eq!(lefts[received - 1], Some(336), "the referral has the most time left: {lefts:?}");
    let view = get(&app, &contoso, &id).await.unwrap();
    assert_eq!(view.microsoft.seller_name.as_deref(), Some("Morgan Seller"), "the seller is Microsoft's contact");
    let told: app::api::dto::NotificationsPage = app.call_form(&contoso, "notifications", &[]).await.unwrap();
    assert!(told.items.iter().any(|n| n.deal_id == id && n.kind == NoticeKind::Received));

    let sent = workspace(&app, &seller, QueueFilters::default()).await.sent;
    assert_eq!((sent[0].id.as_str(), sent[0].status, sent[0].hours_left), (id.as_str(), Status::Received, Some(336)), "the latest first");
    assert!(sent.iter().all(|q| q.partner_name != "Microsoft"), "partners' deals");

    let team = vec![MemberDraft { name: "Lee London".into(), phone: "+44 20 7946 0000".into(), email: "lee@contoso-partners.example".into() }];
    let accept = DealAction::Accept { details: DetailsDraft::default(), team };
    let () = app.call(&contoso, "deals/act", &json!({ "id": id, "action": accept })).await.unwrap();
    let seller_told: app::api::dto::NotificationsPage = app.call_form(&seller, "notifications", &[]).await.unwrap();
    assert!(seller_told.items.iter().any(|n| n.deal_id == id && n.kind == NoticeKind::Accepted), "the partner's answer comes back");
    let sent = workspace(&app, &seller, QueueFilters::default()).await.sent;
    assert_eq!((sent[0].id.as_str(), sent[0].status, sent[0].hours_left), (id.as_str(), Status::Accepted, None));
    let other_seller = app.signed_in("seller2@microsoft.example").await;
    assert!(workspace(&app, &other_seller, QueueFilters::default()).await.sent.is_empty(), "each seller's own referrals");
    app.cleanup().await;
}

// R-TAB-3, R-LIFE-5: the seller's queue lists co-sell invitations waiting for Microsoft, soonest
// deadline first with the time left, filtered by partner, country and solution; an invitation the
// seller accepts leaves it for "deals I co-sell". Reviewers see registrations waiting for review
// and waiting on the partner; partners have no such queues.
async fn work_queues_for_sellers_and_reviewers(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let seller = app.signed_in(SELLER).await;
    let deal = won_co_sell_registrable(&app, &fabrikam, "Queue registration").await;
    let mut draft = valid_draft(&app, &fabrikam, "Queue invitation").await;
    draft.help = HelpNeeded::ProofOfConcept;
    draft.contact = app::domain::contact::ContactDraft { name: "Jo".into(), phone: "+1 206 555 0199".into(), email: "jo@customer.example".into(), consent: true, share_with_partners: false };
    let pending_id = create(&app, &fabrikam, &draft, true).await.unwrap();

    let ws = workspace(&app, &seller, QueueFilters::default()).await;
    assert!(ws.is_seller && !ws.is_reviewer);
    let lefts: Vec<i64> = ws.pending.iter().map(|q| q.hours_left.expect("time left")).collect();
    assert!(lefts.windows(2).all(|w| w[0] <= w[1]), "soonest deadline first: {lefts:?}");
    let ours = ws.pending.iter().find(|q| q.id == pending_id).expect("the new invitation");
    assert_eq!((ours.hours_left, ours.partner_name.as_str(), ours.country.as_str()), (Some(336), "Fabrikam Cloud Solutions", "US"));
    assert!(ws.pending.iter().any(|q| q.name.ends_with("Copilot rollout") && q.hours_left < Some(336)), "the demo's older invitations come first");

    let fabrikam_id = org_id(&app, "Fabrikam Cloud Solutions").await;
    let by = |partner: &str, country: &str, solution: &str| QueueFilters { partner: partner.into(), country: country.into(), solution: solution.into() };
    let of = |ws: Workspace| ws.pending.into_iter().map(|q| q.id).collect::<Vec<_>>();
    assert!(of(workspace(&app, &seller, by(&fabrikam_id, "", "")).await).contains(&pending_id));
    assert!(!of(workspace(&app, &seller, by(&org_id(&app, "Contoso Data Partners").await, "", "")).await).contains(&pending_id));
    assert!(!of(workspace(&app, &seller, by("", "DE", "")).await).contains(&pending_id));
    assert!(of(workspace(&app, &seller, by("", "US", &draft.solution_ids[0])).await).contains(&pending_id));
    assert!(!of(workspace(&app, &seller, by("", "", "no-such-solution")).await).contains(&pending_id));

    let () = app.call(&seller, "deals/act", &json!({ "id": pending_id, "action": DealAction::MicrosoftAccept })).await.unwrap();
    let ws = workspace(&app, &seller, QueueFilters::default()).await;
    assert!(!ws.pending.iter().any(|q| q.id == pending_id), "answered: no longer waiting");
    assert!(ws.mine.iter().any(|q| q.id == pending_id) && ws.mine.iter().any(|q| q.id == deal), "the seller co-sells what they accepted");

    let reviewer_client = app.signed_in("reviewer@microsoft.example").await;
    let admin = actor_by_email(&app, ADMIN).await;
    let solution = get(&app, &fabrikam, &deal).await.unwrap().solutions[0].id.clone();
    actions::act(&app.state, &admin, &deal, &DealAction::Register(registration(&solution))).await.unwrap();
    let ws = workspace(&app, &reviewer_client, QueueFilters::default()).await;
    assert!(ws.is_reviewer && ws.pending.is_empty() && ws.sent.is_empty());
    let review = ws.review.iter().find(|q| q.id == deal).expect("waiting for review");
    assert_eq!(review.registration, Some(RegistrationState::Submitted));
    let reviewer = actor_by_email(&app, "reviewer@microsoft.example").await;
    use app::domain::actions::ReviewStep;
    actions::act(&app.state, &reviewer, &deal, &DealAction::Review(ReviewStep::Start)).await.unwrap();
    actions::act(&app.state, &reviewer, &deal, &DealAction::Review(ReviewStep::RequestAction { message: "Sign it".into() })).await.unwrap();
    let ws = workspace(&app, &reviewer_client, QueueFilters::default()).await;
    assert!(!ws.review.iter().any(|q| q.id == deal));
    assert_eq!(ws.on_partner.iter().find(|q| q.id == deal).and_then(|q| q.registration), Some(RegistrationState::ActionRequired));
    let told: app::api::dto::NotificationsPage = app.call_form(&fabrikam, "notifications", &[]).await.unwrap();
    assert!(told.items.iter().any(|n| n.deal_id == deal && n.kind == NoticeKind::RegistrationChanged), "the partner is told action is required");

    let partner = workspace(&app, &fabrikam, QueueFilters::default()).await;
    assert!(!partner.is_seller && !partner.is_reviewer && partner.pending.is_empty() && partner.review.is_empty());
    app.cleanup().await;
}

on_both_engines!(a_seller_refers_a_customer_to_a_partner, work_queues_for_sellers_and_reviewers);

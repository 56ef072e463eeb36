//! The New deal slice over HTTP, on SQLite and on PostgreSQL: sign-in, the wizard's server
//! functions, deal and directory queries, visibility.

use app::api::AppError;
use app::api::dto::{SortKey, Tab};
use app::domain::actor::Actor;
use app::domain::refusal::Refused;
use app::domain::deal::{DealType, MicrosoftLevel, Stage, Status};
use app::domain::issues::{Code, Field};
use reqwest::StatusCode;
use tests::{Engine, on_both_engines, spawn_app};

use super::helpers::*;

// Sign-in with argon2 and a database session; HttpOnly, SameSite=Lax cookie; sign-out ends it.
async fn sign_in_and_out(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.client();
    let wrong = app.sign_in_with(&client, ADMIN, "not-the-password").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let me: Option<Actor> = app.call_form(&client, "me", &[]).await.unwrap();
    assert_eq!(me, None);

    let ok = app.sign_in_with(&client, "REFERRALS@fabrikam.example", tests::PASSWORD).await;
    let cookie = ok.headers().get("set-cookie").expect("session cookie").to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let me: Option<Actor> = app.call_form(&client, "me", &[]).await.unwrap();
    assert_eq!(me.expect("signed in").email, ADMIN);
    let sessions = format!("SELECT COUNT(*) FROM {}", app.state.db.sessions.table());
    assert_eq!(app.count(&sessions).await, 1, "the session is stored in the database");

    // Signing in again rotates the session id; the old id is gone.
    let again = app.sign_in_with(&client, "admin@fabrikam.example", tests::PASSWORD).await;
    let rotated = again.headers().get("set-cookie").expect("new cookie").to_str().unwrap().to_string();
    let id = |c: &str| c.split(';').next().unwrap().to_string();
    assert_ne!(id(&rotated), id(&cookie));
    assert_eq!(app.count(&sessions).await, 1);
    let me: Option<Actor> = app.call_form(&client, "me", &[]).await.unwrap();
    assert_eq!(me.unwrap().email, "admin@fabrikam.example");

    let _: () = app.call_form(&client, "session/sign-out", &[]).await.unwrap();
    let me: Option<Actor> = app.call_form(&client, "me", &[]).await.unwrap();
    assert_eq!(me, None);
    assert_eq!(app.count(&sessions).await, 0);
    app.cleanup().await;
}

// Sign-in abuse: five failures lock the account for the window, twenty from one address lock the
// address; the answer is a 429 that says how long to wait.
async fn sign_in_is_throttled(engine: Engine) {
    use app::domain::auth::ThrottleScope;
    let app = spawn_app(engine).await;
    let client = app.client();
    for _ in 0..5 {
        assert_eq!(app.sign_in_with(&client, ADMIN, "wrong").await.status(), StatusCode::UNAUTHORIZED);
    }
    let locked = app.sign_in_with(&client, ADMIN, tests::PASSWORD).await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    let error: AppError = serde_json::from_str(&locked.text().await.unwrap()).unwrap();
    assert_eq!(error, AppError::TooManyAttempts { scope: ThrottleScope::Account, minutes: 15 });
    assert!(app.sign_in_with(&client, "admin@fabrikam.example", tests::PASSWORD).await.status().is_success(), "other accounts still sign in");
    for i in 0..15 {
        let r = app.sign_in_with(&client, &format!("nobody{i}@example.com"), "guess").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let blocked = app.sign_in_with(&client, "referrals@contoso-partners.example", tests::PASSWORD).await;
    assert_eq!(blocked.status(), StatusCode::TOO_MANY_REQUESTS);
    let error: AppError = serde_json::from_str(&blocked.text().await.unwrap()).unwrap();
    assert!(matches!(error, AppError::TooManyAttempts { scope: ThrottleScope::Address, .. }));
    app.cleanup().await;
}

// R-NEW-2, R-NEW-3: an invalid deal posted straight to the server function comes back with its
// field errors, and nothing is written.
async fn invalid_deal_is_refused_field_by_field(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.signed_in(ADMIN).await;
    let before = app.count("SELECT COUNT(*) FROM deals").await;
    let events_before = app.count("SELECT COUNT(*) FROM events").await;
    let mut draft = valid_draft(&app, &client, "").await;
    draft.value = "0".into();
    draft.currency = "XXX".into();
    draft.team[0].email = "ana@".into();
    draft.location_id = "someone-elses-location".into();
    let (status, error) = create(&app, &client, &draft, true).await.unwrap_err();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let codes = field_codes(&error);
    for expected in [
        (Field::DealName, Code::Required),
        (Field::Value, Code::NotPositive),
        (Field::Currency, Code::UnknownCurrency),
        (Field::MemberEmail(0), Code::InvalidEmail),
        (Field::Location, Code::NotAnOption),
    ] {
        assert!(codes.contains(&expected), "{expected:?} missing from {codes:?}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM deals").await, before);
    assert_eq!(app.count("SELECT COUNT(*) FROM events").await, events_before);
    app.cleanup().await;
}

// R-NEW-1, R-TYPE-3: co-sell needs the contact with consent; the server does not trust the browser.
async fn co_sell_needs_contact_on_the_server(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.signed_in(ADMIN).await;
    let mut draft = valid_draft(&app, &client, "Co-sell without contact").await;
    draft.help = app::domain::deal::HelpNeeded::ProofOfConcept;
    let (_, error) = create(&app, &client, &draft, true).await.unwrap_err();
    let codes = field_codes(&error);
    assert!(codes.contains(&(Field::ContactEmail, Code::RequiredForCoSell)), "{codes:?}");
    draft.contact.name = "Jo Customer".into();
    draft.contact.phone = "+1 206 555 0199".into();
    draft.contact.email = "jo@contoso.example".into();
    draft.contact.consent = true;
    let id = create(&app, &client, &draft, false).await.expect("created");
    let deal = get(&app, &client, &id).await.expect("visible");
    assert_eq!((deal.deal_type, deal.microsoft_level), (DealType::CoSell, MicrosoftLevel::Invited));
    assert_eq!(deal.contact.email, "jo@contoso.example");
    app.cleanup().await;
}

// R-NEW-2: a past close date is a warning the user must confirm, not an error.
async fn past_close_date_needs_confirmation(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.signed_in(ADMIN).await;
    let mut draft = valid_draft(&app, &client, "Backdated").await;
    draft.close_date = "2026-01-31".into();
    let (status, error) = create(&app, &client, &draft, false).await.unwrap_err();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(matches!(error, AppError::NeedsConfirmation(_)));
    assert_eq!(field_codes(&error), vec![(Field::CloseDate, Code::DateInPast)]);
    let id = create(&app, &client, &draft, true).await.expect("confirmed");
    assert_eq!(get(&app, &client, &id).await.unwrap().close_date.to_string(), "2026-01-31");
    app.cleanup().await;
}

// R-NEW-7, R-TAB-1, R-TAB-2, X-AUDIT: a created deal is Accepted at Created 10%, listed in Outbound,
// findable by text, sortable by value, with its creation event.
async fn created_deal_is_listed_and_readable(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.signed_in(ADMIN).await;
    let draft = valid_draft(&app, &client, "Zeta rollout").await;
    let id = create(&app, &client, &draft, false).await.expect("created");

    let deal = get(&app, &client, &id).await.expect("visible to its creator");
    assert_eq!((deal.status, deal.stage, deal.stage.percent()), (Status::Accepted, Stage::Created, 10));
    assert_eq!(deal.deal_type, DealType::Private);
    assert_eq!(deal.value.to_string(), "25000.50");
    assert_eq!(deal.crm_id.as_deref(), Some("CRM-1"));
    assert_eq!(deal.team[0].email, "ana@fabrikam.example");
    assert_eq!(deal.customer.name, "Contoso Ltd");
    assert_eq!(deal.events.len(), 1);
    assert_eq!(deal.events[0].kind.as_str(), "deal.created");
    assert_eq!(deal.created_at, tests::test_now());

    let outbound = list(&app, &client, Tab::Outbound, "", SortKey::Updated, true).await;
    assert_eq!(outbound.deals.first().map(|d| d.id.as_str()), Some(id.as_str()), "newest first");
    assert!(outbound.deals.iter().all(|d| !d.status.is_terminal()));
    assert_eq!(outbound.can_create, Ok(()));
    let found = list(&app, &client, Tab::Outbound, "zeta ROLL", SortKey::Updated, true).await;
    assert_eq!(found.deals.iter().map(|d| d.id.clone()).collect::<Vec<_>>(), vec![id.clone()]);
    let by_customer = list(&app, &client, Tab::Outbound, "contoso ltd", SortKey::Updated, true).await;
    assert!(by_customer.deals.iter().any(|d| d.id == id));
    let by_value = list(&app, &client, Tab::Outbound, "", SortKey::Value, false).await;
    let hundredths: Vec<_> = by_value.deals.iter().map(|d| d.value).collect();
    assert!(hundredths.windows(2).all(|w| w[0] <= w[1]), "ascending by value: {hundredths:?}");
    let closed = list(&app, &client, Tab::Closed, "", SortKey::Updated, true).await;
    assert!(!closed.deals.is_empty() && closed.deals.iter().all(|d| d.status.is_terminal()));
    let inbound = list(&app, &client, Tab::Inbound, "", SortKey::Updated, true).await;
    assert!(inbound.deals.iter().all(|d| d.direction == app::domain::deal::Direction::Inbound));

    // Favorites are per user (R-TAB-1).
    let _: bool = app.call_form(&client, "deals/favorite", &[("id", &id), ("favorite", "true")]).await.unwrap();
    let favorites = list(&app, &client, Tab::Favorites, "", SortKey::Updated, true).await;
    assert_eq!(favorites.deals.len(), 1);
    let other_admin = app.signed_in("admin@fabrikam.example").await;
    assert!(list(&app, &other_admin, Tab::Favorites, "", SortKey::Updated, true).await.deals.is_empty());
    app.cleanup().await;
}

// R-CAT-3: suggestions within the chosen country; same-name entities told apart by D-U-N-S.
async fn directory_suggestions(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.signed_in(ADMIN).await;
    let found = suggest(&app, &client, "US", "contoso l").await;
    let same: Vec<_> = found.iter().filter(|c| c.name == "Contoso Ltd" && c.city == "Seattle").collect();
    assert!(same.len() >= 3, "{found:?}");
    let duns: std::collections::HashSet<_> = same.iter().map(|c| c.duns.clone()).collect();
    assert_eq!(duns.len(), same.len(), "distinct D-U-N-S numbers");
    assert!(found.iter().all(|c| c.country == "US"));
    assert!(found.iter().all(|c| c.name.to_lowercase().contains("contoso l")));
    assert!(suggest(&app, &client, "DE", "no such company").await.is_empty());
    assert!(suggest(&app, &client, "US", "%").await.is_empty(), "LIKE wildcards are matched literally");
    app.cleanup().await;
}

// R-ORG-3, R-ORG-4, R-NEW-6: who sees a deal and who may create one.
async fn visibility_and_permissions(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = app.signed_in(ADMIN).await;
    let draft = valid_draft(&app, &admin, "Visibility check").await;
    let id = create(&app, &admin, &draft, false).await.unwrap();

    // Another organization: not found, not listed, cannot mark it.
    let stranger = app.signed_in("referrals@contoso-partners.example").await;
    assert_eq!(get(&app, &stranger, &id).await, None);
    assert!(!list(&app, &stranger, Tab::Outbound, "", SortKey::Updated, true).await.deals.iter().any(|d| d.id == id));
    let (status, _) = app.call_form::<bool>(&stranger, "deals/favorite", &[("id", &id), ("favorite", "true")]).await.unwrap_err();
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A referral user sees only team deals in their locations; they may not create deals.
    let seattle = app.signed_in("seattle.user@fabrikam.example").await;
    assert_eq!(get(&app, &seattle, &id).await, None, "in scope but not on the team");
    let mine = list(&app, &seattle, Tab::Outbound, "", SortKey::Updated, true).await;
    assert!(!mine.deals.is_empty(), "the demo puts them on some deals");
    for d in &mine.deals {
        let full = get(&app, &seattle, &d.id).await.expect("listed means readable");
        assert!(full.team.iter().any(|m| m.email.eq_ignore_ascii_case("seattle.user@fabrikam.example")));
        assert_eq!(full.location.country, "US");
    }
    assert_eq!(mine.can_create, Err(Refused::AdminsOnly));
    let (status, error) = create(&app, &seattle, &draft, false).await.unwrap_err();
    assert_eq!((status, error), (StatusCode::FORBIDDEN, AppError::Forbidden { rule: "R-ORG-4".into(), refused: Refused::AdminsOnly }));

    // R-NEW-6: an org without a co-sell-ready solution cannot create deals.
    let northwind = app.signed_in("admin@northwind.example").await;
    let opts = options(&app, &northwind).await;
    assert_eq!(opts.can_create, Err(Refused::NoCoSellReadySolution));

    // Signed out: server functions answer 401.
    let (status, error) = create(&app, &app.client(), &draft, false).await.unwrap_err();
    assert_eq!((status, error), (StatusCode::UNAUTHORIZED, AppError::NotSignedIn));
    app.cleanup().await;
}

/// A deal of the Fabrikam referrals admin at a location (0 Seattle, 1 Berlin) with a given team.
// Pages need a session; a deal the user may not see is a 404 page; cross-origin posts are refused.
async fn pages_and_origin(engine: Engine) {
    let app = spawn_app(engine).await;
    let anonymous = app.client();
    let page = anonymous.get(format!("{}/referrals/outbound", app.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert_eq!(page.headers()["location"], "/sign-in?next=/referrals/outbound");

    let admin = app.signed_in(ADMIN).await;
    let html = admin.get(format!("{}/referrals/outbound", app.base)).send().await.unwrap();
    assert_eq!(html.status(), StatusCode::OK);
    // Security headers; the CSP allows inline scripts only with this response's nonce.
    assert_eq!(html.headers()["x-frame-options"], "DENY");
    assert_eq!(html.headers()["x-content-type-options"], "nosniff");
    let csp = html.headers()["content-security-policy"].to_str().unwrap().to_string();
    let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("nonce in CSP").to_string();
    assert!(csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    let body = html.text().await.unwrap();
    assert!(body.contains(&format!("nonce=\"{nonce}\"")), "inline scripts carry the nonce");
    assert!(body.contains("Co-sell opportunities") && body.contains("New deal"));

    let missing = admin.get(format!("{}/deals/00000000-0000-0000-0000-000000000000", app.base)).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    let forged = admin
        .post(format!("{}/api/deals/favorite", app.base))
        .header("Origin", "http://evil.example")
        .form(&[("id", "x"), ("favorite", "true")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    app.cleanup().await;
}

on_both_engines!(
    sign_in_and_out,
    sign_in_is_throttled,
    invalid_deal_is_refused_field_by_field,
    co_sell_needs_contact_on_the_server,
    past_close_date_needs_confirmation,
    created_deal_is_listed_and_readable,
    directory_suggestions,
    visibility_and_permissions,
    pages_and_origin,
);

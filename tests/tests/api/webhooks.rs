//! X-API webhooks on both engines: registered by an organization's admin, queued with the change,
//! signed, retried with back-off, each attempt logged, paused (admins told) after failing for a
//! day, resumed; another organization's deals are never delivered.

use super::helpers::*;
use app::api::dto::{NewToken, NewWebhook, WebhookView};
use app::domain::catalog::SolutionCategory;
use app::domain::webhooks::HookEvent;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use hmac::{Hmac, Mac};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::Sha256;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use tests::{Engine, TestApp, on_both_engines, spawn_app};

const CONTOSO: &str = "referrals@contoso-partners.example";
const SEATTLE: &str = "seattle.user@fabrikam.example";

/// What a receiver was sent: its headers and body.
#[derive(Clone, Debug)]
struct Received {
    headers: HeaderMap,
    body: String,
}

/// A CRM's webhook endpoint on this machine, answering with `status`.
#[derive(Clone)]
struct Receiver {
    got: Arc<Mutex<Vec<Received>>>,
    status: Arc<AtomicU16>,
    url: String,
}

impl Receiver {
    async fn start() -> Receiver {
        let got = Arc::new(Mutex::new(Vec::new()));
        let status = Arc::new(AtomicU16::new(200));
        let shared = (got.clone(), status.clone());
        let app = axum::Router::new()
            .route(
                "/hook",
                axum::routing::post(|State((got, status)): State<(Arc<Mutex<Vec<Received>>>, Arc<AtomicU16>)>, headers: HeaderMap, body: String| async move {
                    got.lock().unwrap().push(Received { headers, body });
                    AxumStatus::from_u16(status.load(Ordering::SeqCst)).unwrap()
                }),
            )
            .with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver { got, status, url }
    }

    fn taken(&self) -> Vec<Received> {
        std::mem::take(&mut *self.got.lock().unwrap())
    }
}

fn verify(secret: &str, received: &Received) -> Value {
    let header = received.headers.get("x-cosell-signature").expect("signed").to_str().unwrap();
    let (t, v1) = header.split_once(',').unwrap();
    let t = t.strip_prefix("t=").unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{}", received.body).as_bytes());
    assert_eq!(v1.strip_prefix("v1=").unwrap(), hex::encode(mac.finalize().into_bytes()), "HMAC-SHA256 of t.body");
    serde_json::from_str(&received.body).unwrap()
}

async fn register(app: &TestApp, email: &str, url: &str) -> NewWebhook {
    let admin = app.signed_in(email).await;
    app.call(&admin, "webhooks/create", &json!({ "url": url, "events": HookEvent::ALL })).await.expect("webhook")
}

async fn hooks(app: &TestApp, email: &str) -> Vec<WebhookView> {
    let admin = app.signed_in(email).await;
    app.call_form(&admin, "webhooks", &[]).await.expect("webhooks")
}

async fn api_token(app: &TestApp, email: &str) -> String {
    let client = app.signed_in(email).await;
    let made: NewToken = app.call_form(&client, "tokens/create", &[("name", "Hooks")]).await.unwrap();
    made.secret
}

/// A deal created through the API by Fabrikam's referrals admin; its id.
async fn create_deal(app: &TestApp, token: &str, name: &str) -> String {
    let client = app.signed_in(ADMIN).await;
    let opts = options(app, &client).await;
    let solution = opts.catalog.iter().find(|s| s.category == SolutionCategory::Own && s.incentive.is_none()).unwrap();
    let customer = suggest(app, &client, "US", "Contoso Ltd").await.into_iter().next().unwrap();
    let body = json!({
        "name": name,
        "customerProfile": { "name": customer.name, "address": { "country": "US" }, "ids": [{ "profileType": "Duns", "id": customer.duns }] },
        "details": { "dealValue": "1000", "currency": "USD", "closingDateTime": "2027-06-30T00:00:00Z", "requirements": { "solutions": [{ "id": solution.id }] } },
        "team": [{ "firstName": "Ana", "lastName": "Silva", "email": "ana@fabrikam.example", "phoneNumber": "+1 425 555 0100" }]
    });
    let response = reqwest::Client::new().post(format!("{}/v1.0/engagements/referrals", app.base)).bearer_auth(token).json(&body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
}

async fn rename(app: &TestApp, token: &str, id: &str, name: &str) {
    let ops = json!([{ "op": "replace", "path": "/name", "value": name }]);
    let response = reqwest::Client::new().patch(format!("{}/v1.0/engagements/referrals/{id}", app.base)).bearer_auth(token).json(&ops).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

// X-API: deliveries are signed, carry the event and the referral's address, reach only the
// deal's own organization's hooks, are retried with back-off, and a hook failing for a day is
// paused, its admins told, and resumed by them.
async fn webhooks_deliver_sign_retry_and_pause(engine: Engine) {
    let app = spawn_app(engine).await;
    let (fabrikam_rx, contoso_rx) = (Receiver::start().await, Receiver::start().await);
    let hook = register(&app, ADMIN, &fabrikam_rx.url).await;
    register(&app, CONTOSO, &contoso_rx.url).await;
    let token = api_token(&app, ADMIN).await;

    let id = create_deal(&app, &token, "Announced").await;
    assert_eq!(app.webhooks.deliver_due(&app.state).await.unwrap(), 1);
    let sent = fabrikam_rx.taken();
    assert_eq!(sent.len(), 1);
    let body = verify(&hook.secret, &sent[0]);
    assert_eq!(body["eventName"], "referral-created");
    assert_eq!(body["resourceUri"], format!("{}/v1.0/engagements/referrals/{id}", app.base));
    assert_eq!(sent[0].headers.get("x-cosell-event").unwrap(), "referral-created");
    let t: i64 = sent[0].headers["x-cosell-signature"].to_str().unwrap()[2..12].parse().unwrap();
    assert_eq!(t, tests::test_now().timestamp(), "the signed time is the send time");
    assert!(contoso_rx.taken().is_empty(), "another organization's hook hears nothing of Fabrikam's deal (R-ORG-3)");

    rename(&app, &token, &id, "Renamed").await;
    app.webhooks.deliver_due(&app.state).await.unwrap();
    let sent = fabrikam_rx.taken();
    assert_eq!(verify(&hook.secret, &sent[0])["eventName"], "referral-updated");
    assert_eq!(app.webhooks.deliver_due(&app.state).await.unwrap(), 0, "delivered once");
    assert!(fabrikam_rx.taken().is_empty());

    // The receiver fails: logged, retried after a minute, then two, …
    fabrikam_rx.status.store(500, Ordering::SeqCst);
    rename(&app, &token, &id, "Failing").await;
    app.webhooks.deliver_due(&app.state).await.unwrap();
    assert_eq!(fabrikam_rx.taken().len(), 1);
    app.webhooks.deliver_due(&app.state).await.unwrap();
    assert!(fabrikam_rx.taken().is_empty(), "not again before the back-off");
    app.set_now(tests::test_now() + chrono::Duration::seconds(61));
    app.webhooks.deliver_due(&app.state).await.unwrap();
    assert_eq!(fabrikam_rx.taken().len(), 1, "tried again after a minute");
    let listed = hooks(&app, ADMIN).await;
    assert_eq!(listed[0].attempts[0].status_code, Some(500), "each attempt is logged for the admin");
    assert_eq!(listed[0].attempts.len(), 4);
    assert!(listed[0].failing_since.is_some() && listed[0].paused_at.is_none());

    // A day of failures pauses it and tells the organization's admins.
    app.set_now(tests::test_now() + chrono::Duration::hours(25));
    app.webhooks.deliver_due(&app.state).await.unwrap();
    let listed = hooks(&app, ADMIN).await;
    assert!(listed[0].paused_at.is_some(), "paused after a day");
    let told = app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'webhook_paused'").await;
    assert!(told >= 1, "admins told");
    rename(&app, &token, &id, "While paused").await;
    fabrikam_rx.status.store(200, Ordering::SeqCst);
    app.set_now(tests::test_now() + chrono::Duration::hours(27));
    assert_eq!(app.webhooks.deliver_due(&app.state).await.unwrap(), 0, "nothing is sent while paused");

    // Resumed: what waited is delivered.
    let admin = app.signed_in(ADMIN).await;
    let _: () = app.call_form(&admin, "webhooks/resume", &[("id", &hook.hook.id)]).await.unwrap();
    assert_eq!(app.webhooks.deliver_due(&app.state).await.unwrap(), 1);
    assert_eq!(verify(&hook.secret, &fabrikam_rx.taken()[0])["eventName"], "referral-updated");
    assert!(hooks(&app, ADMIN).await[0].failing_since.is_none());

    // Deleted: nothing more is queued.
    let _: () = app.call_form(&admin, "webhooks/delete", &[("id", &hook.hook.id)]).await.unwrap();
    rename(&app, &token, &id, "After delete").await;
    assert_eq!(app.webhooks.deliver_due(&app.state).await.unwrap(), 0);
    assert!(hooks(&app, ADMIN).await.is_empty());
    app.cleanup().await;
}

// X-API: only an organization's admins manage its webhooks; addresses and events are checked.
async fn webhooks_are_for_admins_with_valid_addresses(engine: Engine) {
    let app = spawn_app(engine).await;
    let user = app.signed_in(SEATTLE).await;
    let (status, _) = app.call_form::<Vec<WebhookView>>(&user, "webhooks", &[]).await.unwrap_err();
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.call::<NewWebhook>(&user, "webhooks/create", &json!({ "url": "http://127.0.0.1:9/hook", "events": ["ReferralCreated"] })).await.unwrap_err();
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = app.signed_in(ADMIN).await;
    let (status, error) = app.call::<NewWebhook>(&admin, "webhooks/create", &json!({ "url": "ftp://crm.example/hook", "events": [] })).await.unwrap_err();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let app::api::AppError::Invalid(issues) = error else { panic!("{error:?}") };
    let fields: Vec<_> = issues.0.iter().map(|i| i.field).collect();
    assert_eq!(fields, [app::domain::issues::Field::WebhookUrl, app::domain::issues::Field::WebhookEvents]);
    // Another organization's hook cannot be deleted by this admin.
    let rx = Receiver::start().await;
    let theirs = register(&app, CONTOSO, &rx.url).await;
    let (status, _) = app.call_form::<()>(&admin, "webhooks/delete", &[("id", &theirs.hook.id)]).await.unwrap_err();
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.cleanup().await;
}

// X-API: without COSELL_WEBHOOK_ALLOW_PRIVATE a delivery never reaches this machine, whether the
// address is an IP literal or a name resolving to it (checked when it connects); the attempt says so.
async fn deliveries_never_reach_inside(engine: Engine) {
    let app = spawn_app(engine).await;
    let rx = Receiver::start().await;
    let by_name = rx.url.replace("127.0.0.1", "localhost");
    register(&app, ADMIN, &rx.url).await;
    register(&app, ADMIN, &by_name).await;
    let token = api_token(&app, ADMIN).await;
    create_deal(&app, &token, "Kept inside").await;
    let strict = server::webhooks::Sender::new(app.base.clone(), false).unwrap();
    assert_eq!(strict.deliver_due(&app.state).await.unwrap(), 0);
    assert!(rx.taken().is_empty(), "nothing reached the receiver");
    let listed = hooks(&app, ADMIN).await;
    for hook in &listed {
        let error = hook.attempts[0].error.clone().unwrap_or_default();
        assert!(error.contains("private network") || error.contains("public https"), "{}: {error}", hook.url);
    }
    app.cleanup().await;
}

on_both_engines!(webhooks_deliver_sign_retry_and_pause, webhooks_are_for_admins_with_valid_addresses, deliveries_never_reach_inside);

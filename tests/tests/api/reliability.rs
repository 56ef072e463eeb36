//! Under load and under races, on both engines: pages and server functions while other clients
//! hang up mid-response; one received deal accepted and declined at once; a burst of wrong
//! passwords. Bounded in count and time; `cleanup` fails a test whose server panicked.

use super::authorization::act;
use super::helpers::*;
use app::api::AppError;
use app::domain::actions::DealAction;
use app::domain::details::DetailsDraft;
use app::domain::deal::Status;
use app::domain::reasons::DeclineReason;
use app::domain::team::MemberDraft;
use reqwest::StatusCode;
use std::time::Duration;
use tests::{Engine, TestApp, on_both_engines, spawn_app};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The session cookie (`name=value`) of a fresh sign-in.
async fn session_cookie(app: &TestApp, email: &str) -> String {
    let response = app.sign_in_with(&app.client(), email, tests::PASSWORD).await;
    let header = response.headers().get("set-cookie").expect("session cookie").to_str().unwrap();
    header.split(';').next().unwrap().to_string()
}

/// A client that asks for `path` and hangs up after the first bytes of the answer (or at once).
async fn rude_request(addr: &str, path: &str, cookie: &str, read_first: bool) {
    let Ok(mut stream) = tokio::net::TcpStream::connect(addr).await else { return };
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nConnection: keep-alive\r\n\r\n");
    if stream.write_all(request.as_bytes()).await.is_err() {
        return;
    }
    if read_first {
        let mut first = [0u8; 64];
        let _ = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut first)).await;
    }
    drop(stream);
}

// Pages (streamed and async) and server functions under 12 steady kept-alive clients while 6 others
// keep hanging up mid-response: every steady request gets its full answer, and the server never
// panics (the disposed-signal and missing-context panics of the issue).
async fn load_with_clients_that_hang_up(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let deal = deal_at(&app, &fabrikam, "Under load", 0, &["ana@fabrikam.example"], true).await;
    let cookie = session_cookie(&app, ADMIN).await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let pages = [format!("/deals/{deal}"), "/referrals/outbound".to_string(), "/referrals/closed?sort=value".to_string()];

    let deadline = tokio::time::Instant::now() + Duration::from_secs(6);
    let mut rude = Vec::new();
    for i in 0..6 {
        let (addr, cookie, path) = (addr.clone(), cookie.clone(), pages[i % pages.len()].clone());
        rude.push(tokio::spawn(async move {
            let mut n = 0u32;
            while tokio::time::Instant::now() < deadline {
                rude_request(&addr, &path, &cookie, n % 2 == 0).await;
                n += 1;
            }
            n
        }));
    }
    let mut steady = Vec::new();
    for i in 0..12 {
        let client = app.signed_in(ADMIN).await;
        let (base, pages, deal) = (app.base.clone(), pages.clone(), deal.clone());
        steady.push(tokio::spawn(async move {
            let mut answered = 0u32;
            while tokio::time::Instant::now() < deadline {
                let response = if i % 3 == 2 {
                    client.post(format!("{base}/api/deals/get")).form(&[("id", deal.as_str())]).send().await
                } else {
                    client.get(format!("{base}{}", pages[(i + answered as usize) % pages.len()])).send().await
                };
                let response = response.unwrap_or_else(|e| panic!("a steady client lost its connection: {e}"));
                assert_eq!(response.status(), StatusCode::OK);
                let body = response.text().await.unwrap_or_else(|e| panic!("a steady client got a cut body: {e}"));
                assert!(body.contains("Under load") || body.contains("</html>"), "incomplete answer");
                answered += 1;
            }
            answered
        }));
    }
    let mut total = 0;
    for task in steady {
        total += task.await.expect("steady client");
    }
    let mut hung_up = 0;
    for task in rude {
        hung_up += task.await.expect("rude client");
    }
    assert!(total > 12 && hung_up > 6, "the load ran: {total} answered, {hung_up} hung up");
    // Renders whose clients left finish in the background; give them a moment before the check.
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.cleanup().await;
}

// The sign-in page, the quickest render, flooded by signed-out kept-alive clients for four seconds:
// every answer is whole, and no render's background work outlives its request and panics (the
// language-cookie effect of leptos_i18n did, reading a signal its finished request had disposed).
async fn sign_in_page_flooded(engine: Engine) {
    let app = spawn_app(engine).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(4);
    let mut clients = Vec::new();
    for _ in 0..16 {
        let (base, client) = (app.base.clone(), app.client());
        clients.push(tokio::spawn(async move {
            let mut answered = 0u32;
            while tokio::time::Instant::now() < deadline {
                let response = client.get(format!("{base}/sign-in")).send().await.expect("an answer");
                assert_eq!(response.status(), StatusCode::OK);
                assert!(response.text().await.expect("a whole body").contains("</html>"));
                answered += 1;
            }
            answered
        }));
    }
    let mut total = 0;
    for client in clients {
        total += client.await.expect("flooding client");
    }
    assert!(total > 100, "the flood ran: {total} pages");
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.cleanup().await;
}

// R-LIFE-1: ten people accept and decline one received deal at the same moment: exactly one
// wins, every other gets a 409 (changed meanwhile, or no longer received), and the deal holds
// exactly the winner's outcome with one event for it.
async fn one_received_deal_answered_at_once(engine: Engine) {
    let app = spawn_app(engine).await;
    let received = received_deal(&app).await;
    let mut tasks = Vec::new();
    for i in 0..10 {
        let client = app.signed_in(ADMIN).await;
        let action = if i % 2 == 0 {
            let team = vec![MemberDraft { name: format!("Racer {i}"), phone: "+1 425 555 0100".into(), email: format!("racer{i}@fabrikam.example") }];
            DealAction::Accept { details: DetailsDraft::default(), team }
        } else {
            DealAction::Decline { reason: DeclineReason::NoCapacity, notes: format!("racer {i}") }
        };
        let (base, id) = (app.base.clone(), received.clone());
        tasks.push(tokio::spawn(async move {
            let answer = client
                .post(format!("{base}/api/deals/act"))
                .json(&serde_json::json!({ "id": id, "action": action }))
                .send()
                .await
                .expect("an answer");
            let status = answer.status();
            let error = (!status.is_success()).then(|| answer.json::<AppError>());
            let error = match error {
                Some(e) => Some(e.await.expect("error body")),
                None => None,
            };
            (i, status, error)
        }));
    }
    let mut winners = Vec::new();
    for task in tasks {
        let (i, status, error) = task.await.unwrap();
        match status {
            StatusCode::OK => winners.push(i),
            StatusCode::CONFLICT => assert!(
                matches!(error, Some(AppError::Conflict) | Some(AppError::Rule { .. })),
                "racer {i}: {error:?}"
            ),
            other => panic!("racer {i}: {other} {error:?}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one wins: {winners:?}");
    let client = app.signed_in(ADMIN).await;
    let view = get(&app, &client, &received).await.unwrap();
    let expected = if winners[0] % 2 == 0 { Status::Accepted } else { Status::Declined };
    assert_eq!(view.status, expected);
    let answers = app
        .count(&format!("SELECT COUNT(*) FROM events WHERE subject_id = '{received}' AND kind IN ('deal.accepted', 'deal.declined')"))
        .await;
    assert_eq!(answers, 1);
    // The loser's edit after the fact is refused as the rules say, not lost in a race.
    let late = act(&app, &client, &received, &DealAction::Decline { reason: DeclineReason::NoCapacity, notes: String::new() }).await;
    assert_eq!(late.unwrap_err().0, StatusCode::CONFLICT);
    app.cleanup().await;
}

// Sign-in throttling under a burst: 200 concurrent wrong passwords for one account get at most
// five password checks (401); every other attempt is a 429. Five guesses in all, then even the
// right password is refused until the window passes.
async fn wrong_password_burst_stays_throttled(engine: Engine) {
    let app = spawn_app(engine).await;
    let mut tasks = Vec::new();
    for _ in 0..200 {
        let (base, client) = (app.base.clone(), app.client());
        tasks.push(tokio::spawn(async move {
            client
                .post(format!("{base}/api/session/sign-in"))
                .header("Accept", "application/json")
                .form(&[("email", ADMIN), ("password", "wrong guess"), ("next", "")])
                .send()
                .await
                .expect("an answer")
                .status()
        }));
    }
    let (mut checked, mut throttled) = (0, 0);
    for task in tasks {
        match task.await.unwrap() {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => throttled += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert!(checked <= 5, "{checked} passwords were checked; the limit is 5");
    assert_eq!(checked + throttled, 200);
    // Throttled attempts check nothing and cost nothing: one by one, the account takes exactly the
    // guesses left of its five, then refuses.
    let client = app.client();
    while app.sign_in_with(&client, ADMIN, "wrong guess").await.status() == StatusCode::UNAUTHORIZED {
        checked += 1;
        assert!(checked <= 5, "more than five guesses were checked");
    }
    assert_eq!(checked, 5);
    let right = app.sign_in_with(&app.client(), ADMIN, tests::PASSWORD).await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    app.cleanup().await;
}

on_both_engines!(load_with_clients_that_hang_up, sign_in_page_flooded, one_received_deal_answered_at_once, wrong_password_burst_stays_throttled);

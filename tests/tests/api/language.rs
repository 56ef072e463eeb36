//! X-I18N and X-DRAFT over HTTP, on both engines: the language a page is rendered in (saved
//! choice, else Accept-Language), the API's messages in Japanese, and wizard drafts that only
//! their author sees, that survive signing out, and go when the deal is created or after 30 days.

use super::helpers::*;
use app::api::AppError;
use app::domain::drafts::{DraftForm, DraftSaved, DraftSummary, WizardDraft};
use app::domain::wizard::{DealDraft, Step};
use chrono::Duration;
use reqwest::{Client, StatusCode};
use serde_json::json;
use tests::{Engine, TestApp, on_both_engines, spawn_app};

const OTHER_ADMIN: &str = "admin@fabrikam.example";

async fn page(app: &TestApp, client: &Client, path: &str, accept_language: Option<&str>) -> String {
    let mut request = client.get(format!("{}{path}", app.base));
    if let Some(al) = accept_language {
        request = request.header("Accept-Language", al);
    }
    let response = request.send().await.expect("page");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.unwrap()
}

fn wizard(name: &str, notes: &str) -> WizardDraft {
    WizardDraft {
        step: Step::Details,
        draft: DealDraft { deal_name: name.into(), notes: notes.into(), ..DealDraft::default() },
        customer: None,
        partner: None,
    }
}

async fn save(app: &TestApp, client: &Client, id: Option<&str>, body: &WizardDraft) -> Result<DraftSaved, (StatusCode, AppError)> {
    app.call(client, "drafts/save", &json!({ "id": id, "form": DraftForm::Deal, "body": body })).await
}

async fn drafts(app: &TestApp, client: &Client) -> Vec<DraftSummary> {
    app.call_form(client, "drafts/list", &[("referrals", "false")]).await.expect("drafts")
}

async fn open(app: &TestApp, client: &Client, id: &str) -> Result<(DraftForm, WizardDraft), (StatusCode, AppError)> {
    app.call_form(client, "drafts/open", &[("id", id)]).await
}

// X-I18N: the sign-in page follows Accept-Language; a choice made there (a cookie) wins over it;
// a signed-in user's saved choice wins on every device and survives signing out and in.
async fn the_language_follows_the_browser_then_the_choice(engine: Engine) {
    let app = spawn_app(engine).await;
    let anonymous = app.client();
    let ja = page(&app, &anonymous, "/sign-in", Some("ja-JP,ja;q=0.9,en;q=0.5")).await;
    assert!(ja.contains("lang=\"ja\""), "the page says its language");
    assert!(ja.contains("パスワード"), "Japanese labels for a Japanese browser");
    let en = page(&app, &anonymous, "/sign-in", Some("en-US,en;q=0.9")).await;
    assert!(en.contains("lang=\"en\"") && en.contains("Password"));
    let _: () = app.call_form(&anonymous, "language", &[("locale", "ja")]).await.expect("switch before signing in");
    assert!(page(&app, &anonymous, "/sign-in", Some("en-US")).await.contains("パスワード"), "the cookie wins over Accept-Language");
    let bad = app.call_form::<()>(&anonymous, "language", &[("locale", "klingon")]).await;
    assert!(matches!(bad, Err((StatusCode::BAD_REQUEST, _))), "{bad:?}");

    // Signed in on one device, the user chooses Japanese; a second device (English browser, no
    // cookie) shows Japanese too, before and after signing out and in again.
    let first = app.signed_in(ADMIN).await;
    let _: () = app.call_form(&first, "language", &[("locale", "ja")]).await.expect("switch");
    let second = app.signed_in(ADMIN).await;
    let outbound = page(&app, &second, "/referrals/outbound", Some("en-US")).await;
    assert!(outbound.contains("lang=\"ja\"") && outbound.contains("送信"), "the saved choice on another device");
    let _: () = app.call_form(&second, "language", &[("locale", "en")]).await.expect("back to English");
    assert!(page(&app, &first, "/referrals/outbound", Some("ja")).await.contains("lang=\"en\""), "the newer choice everywhere");
    // Another user is not affected.
    let other = app.signed_in(OTHER_ADMIN).await;
    assert!(page(&app, &other, "/referrals/outbound", Some("ja")).await.contains("lang=\"ja\""), "their own browser's language");
    app.cleanup().await;
}

// X-I18N: money and dates in the reader's language; times in the zone the browser told.
async fn values_are_written_the_readers_way(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.signed_in(ADMIN).await;
    let mut draft = valid_draft(&app, &client, "Yen deal").await;
    draft.value = "1500000".into();
    draft.currency = "JPY".into();
    let id = create(&app, &client, &draft, true).await.expect("create");
    let en = page(&app, &client, &format!("/deals/{id}"), Some("en")).await;
    assert!(en.contains("¥1,500,000") && en.contains("Mar 31, 2027"), "English money and date");
    let _: () = app.call_form(&client, "language", &[("locale", "ja")]).await.unwrap();
    let ja = page(&app, &client, &format!("/deals/{id}"), None).await;
    assert!(ja.contains("￥1,500,000") && ja.contains("2027/03/31"), "Japanese money and date");
    assert!(!ja.contains("1,500,000.00"), "no decimals for yen");
    // The creation time: UTC until the browser tells its zone, then in that zone.
    assert!(ja.contains(" UTC</time>"), "labelled UTC without a zone");
    // A browser in Tokyo: its `tz` cookie beside the session.
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    jar.add_cookie_str("tz=Asia%2FTokyo; Path=/", &app.base.parse().unwrap());
    let browser = Client::builder().cookie_provider(jar).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    app.sign_in_with(&browser, ADMIN, tests::PASSWORD).await;
    let tokyo = page(&app, &browser, &format!("/deals/{id}"), None).await;
    assert!(!tokyo.contains(" UTC</time>"), "no UTC label once the zone is known");
    let at = tests::test_now() + Duration::hours(9);
    assert!(tokyo.contains(&at.format("%Y/%m/%d %-H:%M").to_string()), "Tokyo time");
    app.cleanup().await;
}

// X-I18N: the REST API answers in the language of Accept-Language: the message, the field
// messages and the refusals; English otherwise.
async fn api_messages_in_japanese(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.client();
    let url = format!("{}/v1.0/engagements/referrals", app.base);
    let ja = client.get(&url).header("Accept-Language", "ja-JP").send().await.unwrap();
    assert_eq!(ja.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(ja.headers()["content-language"], "ja");
    let body: serde_json::Value = ja.json().await.unwrap();
    assert!(body["error"]["message"].as_str().unwrap().contains("トークン"), "{body}");
    let en: serde_json::Value = client.get(&url).send().await.unwrap().json().await.unwrap();
    assert!(en["error"]["message"].as_str().unwrap().contains("token"), "{en}");
    let session = app.signed_in(ADMIN).await;
    let token: app::dto::NewToken = app.call_form(&session, "tokens/create", &[("name", "ja test")]).await.expect("token");
    let invalid = client
        .post(&url)
        .bearer_auth(&token.secret)
        .header("Accept-Language", "ja")
        .json(&json!({ "name": "", "customerProfile": {} }))
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = invalid.json().await.unwrap();
    assert!(body["error"]["message"].as_str().unwrap().contains("details"), "{body}");
    let details = body["error"]["details"].as_array().expect("details");
    assert!(details.iter().any(|d| d["message"].as_str().is_some_and(|m| !m.is_ascii())), "Japanese field messages: {body}");
    // What the API itself cannot read is said in Japanese too, naming the parameter.
    let top: serde_json::Value =
        client.get(format!("{url}?$top=0")).bearer_auth(&token.secret).header("Accept-Language", "ja").send().await.unwrap().json().await.unwrap();
    assert_eq!(top["error"]["message"], "$top: 1 から 100 までの整数を指定してください。", "{top}");
    assert_eq!(top["error"]["details"][0]["field"], "$top");
    let english: serde_json::Value = client.get(format!("{url}?$top=0")).bearer_auth(&token.secret).send().await.unwrap().json().await.unwrap();
    assert_eq!(english["error"]["message"], "$top: A whole number from 1 to 100.", "{english}");
    // The app's own CSV page: the language chosen in the app (its cookie) over the browser's.
    let _: () = app.call_form(&session, "language", &[("locale", "ja")]).await.unwrap();
    let csv = session.get(format!("{url}/export.csv?$top=0")).header("Accept-Language", "en").send().await.unwrap();
    assert_eq!(csv.headers()["content-language"], "ja");
    app.cleanup().await;
}

// X-DRAFT: saved as typed (nothing checked), kept across sign-out and devices, listed newest
// first, the author's alone, replaced in place, and deleted when its deal is created.
async fn drafts_belong_to_their_author(engine: Engine) {
    let app = spawn_app(engine).await;
    let laptop = app.signed_in(ADMIN).await;
    // Not valid as a deal (no customer, no value): a draft is never checked as final.
    let first = save(&app, &laptop, None, &wizard("Half typed", "call Jo")).await.expect("saved");
    let again = save(&app, &laptop, Some(&first.id), &wizard("Half typed, more", "call Jo")).await.expect("saved again");
    assert_eq!(again.id, first.id, "the same draft, not a new one");
    app.set_now(tests::test_now() + Duration::minutes(5));
    let second = save(&app, &laptop, None, &wizard("", "other")).await.expect("second");

    // Another device after signing out: both offered, newest first, with what was typed.
    let _: () = app.call_form(&laptop, "session/sign-out", &[]).await.unwrap();
    let phone = app.signed_in(ADMIN).await;
    let listed = drafts(&app, &phone).await;
    assert_eq!(listed.iter().map(|d| (d.id.as_str(), d.title.as_str())).collect::<Vec<_>>(), vec![(second.id.as_str(), ""), (first.id.as_str(), "Half typed, more")]);
    let (form, body) = open(&app, &phone, &first.id).await.expect("open");
    assert_eq!((form, body.step, body.draft.notes.as_str()), (DraftForm::Deal, Step::Details, "call Jo"));

    // Another user: no list, no open, no overwrite, no discard.
    let other = app.signed_in(OTHER_ADMIN).await;
    assert!(drafts(&app, &other).await.is_empty());
    assert!(matches!(open(&app, &other, &first.id).await, Err((StatusCode::NOT_FOUND, AppError::NotFound))));
    let theirs = save(&app, &other, Some(&first.id), &wizard("Hijack", "")).await.expect("saved as their own");
    assert_ne!(theirs.id, first.id, "someone else's id starts a new draft of their own");
    let _: () = app.call_form(&other, "drafts/discard", &[("id", first.id.as_str())]).await.unwrap();
    assert_eq!(open(&app, &phone, &first.id).await.expect("still there").1.draft.deal_name, "Half typed, more");

    // Creating the deal from the draft deletes it; discarding deletes the other.
    let deal = valid_draft(&app, &phone, "From a draft").await;
    let _: String = app.call(&phone, "deals/create", &json!({ "draft": deal, "confirm_warnings": true, "draft_id": first.id })).await.expect("created");
    assert!(matches!(open(&app, &phone, &first.id).await, Err((StatusCode::NOT_FOUND, _))), "gone with its deal");
    let _: () = app.call_form(&phone, "drafts/discard", &[("id", second.id.as_str())]).await.unwrap();
    assert!(drafts(&app, &phone).await.is_empty());
    assert_eq!(app.count("SELECT COUNT(*) FROM drafts WHERE user_id <> 'nobody'").await, 1, "only the other user's own draft");

    // Too large: refused, nothing written.
    let huge = wizard("Huge", &"x".repeat(70 * 1024));
    assert!(matches!(save(&app, &phone, None, &huge).await, Err((StatusCode::PAYLOAD_TOO_LARGE, _))));
    app.cleanup().await;
}

// X-DRAFT: a Microsoft seller's referral drafts are listed on the referral form, with their
// partner, and not among New deal drafts.
async fn referral_drafts_keep_their_partner(engine: Engine) {
    let app = spawn_app(engine).await;
    let seller = app.signed_in("seller1@microsoft.example").await;
    let partner = app::domain::invitations::PartnerOption { id: "org-x".into(), name: "Fabrikam Cloud Solutions".into() };
    let body = WizardDraft { partner: Some(partner.clone()), ..wizard("Referral to Fabrikam", "") };
    let form = DraftForm::Referral { partner_id: partner.id.clone() };
    let saved: DraftSaved = app.call(&seller, "drafts/save", &json!({ "id": null, "form": form, "body": body })).await.expect("saved");
    let referrals: Vec<DraftSummary> = app.call_form(&seller, "drafts/list", &[("referrals", "true")]).await.unwrap();
    assert_eq!(referrals.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), vec![saved.id.as_str()]);
    assert!(drafts(&app, &seller).await.is_empty(), "not a New deal draft");
    let (opened_form, opened) = open(&app, &seller, &saved.id).await.expect("open");
    assert_eq!((opened_form, opened.partner), (form, Some(partner)));
    app.cleanup().await;
}

// X-DRAFT, R-REG-3: the registration form of a won deal comes back as left, to its author only,
// only for a deal they see, and goes when the registration is sent.
async fn registration_drafts_go_when_registered(engine: Engine) {
    use app::domain::actions::DealAction;
    use app::domain::drafts::RegistrationFormDraft;
    let app = spawn_app(engine).await;
    let admin = app.signed_in(ADMIN).await;
    let deal = super::authorization::won_registrable(&app, &admin, "Register later").await;
    let solution = get(&app, &admin, &deal).await.unwrap().solutions[0].id.clone();
    let mut half = super::authorization::registration(&solution);
    half.contact_email = "half typed".into();
    let body = RegistrationFormDraft { form: half.clone(), per_solution: vec!["10".into()] };
    let saved: DraftSaved = app.call(&admin, "drafts/registration/save", &json!({ "id": null, "deal_id": deal, "body": body })).await.expect("saved");
    let found: Option<(String, RegistrationFormDraft)> = app.call_form(&admin, "drafts/registration", &[("deal_id", deal.as_str())]).await.unwrap();
    assert_eq!(found, Some((saved.id.clone(), body.clone())), "as typed, even what is not valid yet");
    assert!(drafts(&app, &admin).await.is_empty(), "not offered as a New deal draft");
    // A colleague sees the deal but not the draft; another organization cannot save one for it.
    let colleague = app.signed_in(OTHER_ADMIN).await;
    let none: Option<(String, RegistrationFormDraft)> = app.call_form(&colleague, "drafts/registration", &[("deal_id", deal.as_str())]).await.unwrap();
    assert_eq!(none, None);
    let stranger = app.signed_in("referrals@tailspin.example").await;
    let refused = app.call::<DraftSaved>(&stranger, "drafts/registration/save", &json!({ "id": null, "deal_id": deal, "body": body })).await;
    assert!(matches!(refused, Err((StatusCode::NOT_FOUND, AppError::NotFound))), "{refused:?}");
    // Sent: the draft goes.
    let _: () = app.call(&admin, "deals/act", &json!({ "id": deal, "action": DealAction::Register(super::authorization::registration(&solution)) })).await.expect("registered");
    let gone: Option<(String, RegistrationFormDraft)> = app.call_form(&admin, "drafts/registration", &[("deal_id", deal.as_str())]).await.unwrap();
    assert_eq!(gone, None);
    app.cleanup().await;
}

// X-DRAFT: a draft untouched for 30 days is no longer offered and the timer deletes it.
async fn drafts_go_after_thirty_days(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.signed_in(ADMIN).await;
    let old = save(&app, &client, None, &wizard("Old", "")).await.unwrap();
    app.set_now(tests::test_now() + Duration::days(29));
    let recent = save(&app, &client, None, &wizard("Recent", "")).await.unwrap();
    assert_eq!(drafts(&app, &client).await.len(), 2, "29 days: both kept");
    app.set_now(tests::test_now() + Duration::days(30) + Duration::minutes(1));
    assert_eq!(drafts(&app, &client).await.into_iter().map(|d| d.id).collect::<Vec<_>>(), vec![recent.id.clone()]);
    assert!(open(&app, &client, &old.id).await.is_err(), "not opened once expired");
    assert_eq!(app::services::drafts::purge(&app.state).await.unwrap(), 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM drafts").await, 1);
    app.cleanup().await;
}

on_both_engines!(
    the_language_follows_the_browser_then_the_choice,
    values_are_written_the_readers_way,
    api_messages_in_japanese,
    drafts_belong_to_their_author,
    drafts_go_after_thirty_days,
    referral_drafts_keep_their_partner,
    registration_drafts_go_when_registered,
);

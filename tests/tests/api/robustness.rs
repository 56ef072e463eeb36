//! Bad input and hostile requests, on both engines: every finding of the robustness review
//! reproduced, then a fuzz of every server function. Nothing here may get a 5xx, and `cleanup`
//! fails a test whose server panicked.

use super::authorization::{act, org_id};
use super::helpers::*;
use app::api::AppError;
use app::api::dto::{SortKey, Tab, UserAdmin};
use app::domain::actions::DealAction;
use app::domain::details::DetailsDraft;
use app::domain::invitations::InvitationDraft;
use app::domain::actor::Role;
use app::domain::contact::ContactDraft;
use app::domain::admin::UserDraft;
use app::domain::deal::{HelpNeeded, Status};
use app::domain::issues::{Code, Field};
use app::domain::team::MemberDraft;
use reqwest::{Client, StatusCode};
use serde_json::json;
use tests::{Engine, TestApp, on_both_engines, spawn_app};

const MPN_ADMIN: &str = "admin@fabrikam.example";
const SELLER: &str = "seller1@microsoft.example";

/// Where sign-in sends the browser when `next` is what a crafted link put there.
async fn sign_in_location(app: &TestApp, next: &str) -> (StatusCode, Option<String>) {
    let response = app
        .client()
        .post(format!("{}/api/session/sign-in", app.base))
        .form(&[("email", ADMIN), ("password", tests::PASSWORD), ("next", next)])
        .send()
        .await
        .expect("an answer, not a dropped connection");
    let location = response.headers().get("location").map(|v| v.to_str().unwrap().to_string());
    (response.status(), location)
}

// Open redirect and header injection at sign-in: `next` with a tab, line break, NUL or DEL (which
// browsers strip, turning `/\t/evil.example` into `//evil.example`) never leaves the site, and
// never makes the server drop the connection.
async fn sign_in_next_stays_on_site(engine: Engine) {
    let app = spawn_app(engine).await;
    for next in ["/\t/evil.example", "/\n/evil.example", "/\r\n/x", "/a\0b", "/a\u{7f}", "//evil.example", "/\\evil.example"] {
        let (status, location) = sign_in_location(&app, next).await;
        // A NUL anywhere in a body is refused outright (400); the others sign in and stay on site.
        let expected_refusal = next.contains('\0') && status == StatusCode::BAD_REQUEST;
        assert!(status.is_redirection() || status.is_success() || expected_refusal, "{next:?}: {status}");
        if let Some(location) = location {
            assert_eq!(location, "/referrals/outbound", "{next:?}");
        }
    }
    let (_, location) = sign_in_location(&app, "/deals/abc?tab=team").await;
    assert_eq!(location.as_deref(), Some("/deals/abc?tab=team"), "a same-site path is followed");
    // The sign-in page pre-fills `next` from its address: control characters there are harmless too.
    let page = app.client().get(format!("{}/sign-in?next=/%09/evil.example", app.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    app.cleanup().await;
}

// R-NEW-4: the same solution twice is a field error (400) in the wizard, in "change solutions"
// and in a partner invitation, never a database constraint error (500); nothing is written.
async fn repeated_solutions_are_field_errors(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.signed_in(ADMIN).await;
    let mut draft = valid_draft(&app, &client, "Twice").await;
    let id = draft.solution_ids[0].clone();
    draft.solution_ids = vec![id.clone(), id.clone()];
    let deals_before = app.count("SELECT COUNT(*) FROM deals").await;
    let (status, error) = create(&app, &client, &draft, true).await.unwrap_err();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(field_codes(&error).contains(&(Field::Solutions, Code::DuplicateSolution)), "{error:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM deals").await, deals_before);

    let deal = deal_at(&app, &client, "Solutions twice", 0, &["ana@fabrikam.example"], false).await;
    let change = DealAction::ChangeSolutions { solution_ids: vec![id.clone(), id.clone()] };
    let (status, error) = act(&app, &client, &deal, &change).await.unwrap_err();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(field_codes(&error).contains(&(Field::Solutions, Code::DuplicateSolution)), "{error:?}");

    let invite = DealAction::InvitePartner(InvitationDraft {
        partner_org_id: org_id(&app, "Contoso Data Partners").await,
        close_date: "2027-04-30".into(),
        value: "1000".into(),
        currency: "USD".into(),
        team_emails: vec!["ana@fabrikam.example".into()],
        solution_ids: vec![id.clone(), id],
        ..Default::default()
    });
    let (status, error) = act(&app, &client, &deal, &invite).await.unwrap_err();
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error:?}");
    assert_eq!(get(&app, &client, &deal).await.unwrap().invitations.len(), 0, "nothing was sent");
    app.cleanup().await;
}

// R-NEW-2, R-NEW-3: names refuse control characters (NUL broke PostgreSQL), dates stay within
// 2000–2100, accepting a deal keeps the 50-member limit.
async fn texts_dates_and_team_are_bounded(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.signed_in(ADMIN).await;
    let mut nul = valid_draft(&app, &client, "Nul\0name").await;
    nul.notes = "and\0here".into();
    let deals_before = app.count("SELECT COUNT(*) FROM deals").await;
    let (status, error) = create(&app, &client, &nul, true).await.unwrap_err();
    assert_eq!(status, StatusCode::BAD_REQUEST, "NUL is refused before anything is read: {error:?}");
    assert!(matches!(error, AppError::BadRequest(_)), "{error:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM deals").await, deals_before);
    let mut draft = valid_draft(&app, &client, "Bell\u{7}name").await;
    draft.close_date = "9999-12-31".into();
    draft.team[0].name = "Ana\u{1b}[31m".into();
    let (status, error) = create(&app, &client, &draft, true).await.unwrap_err();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let codes = field_codes(&error);
    assert!(codes.contains(&(Field::DealName, Code::ControlCharacters)), "{codes:?}");
    assert!(codes.contains(&(Field::MemberName(0), Code::ControlCharacters)), "{codes:?}");
    assert!(codes.contains(&(Field::CloseDate, Code::DateOutOfRange { from: 2000, to: 2100 })), "{codes:?}");
    // Notes keep their line breaks.
    let mut fine = valid_draft(&app, &client, "Notes with lines").await;
    fine.notes = "First line\nSecond line".into();
    let id = create(&app, &client, &fine, true).await.expect("multi-line notes are fine");
    assert_eq!(get(&app, &client, &id).await.unwrap().notes.as_deref(), Some("First line\nSecond line"));

    let received = received_deal(&app).await;
    let team: Vec<MemberDraft> = (0..60)
        .map(|i| MemberDraft { name: format!("Member {i}"), phone: "+1 425 555 0100".into(), email: format!("m{i}@fabrikam.example") })
        .collect();
    let accept = DealAction::Accept { details: DetailsDraft::default(), team };
    let (status, error) = act(&app, &client, &received, &accept).await.unwrap_err();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(field_codes(&error).contains(&(Field::Team, Code::TooManyMembers { max: 50 })), "{error:?}");
    assert_eq!(get(&app, &client, &received).await.unwrap().status, Status::Received, "a refused accept changes nothing");
    app.cleanup().await;
}

// R-TAB-2, R-CAT-3: a search longer than 200 characters is a 400 on the search field (it was a
// "LIKE pattern too complex" 500); a megabyte body is refused as too large before it is read.
async fn searches_are_bounded(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.signed_in(ADMIN).await;
    let query = json!({ "query": { "tab": "Outbound", "text": "%_".repeat(5_000), "sort": "Updated", "descending": true } });
    let (status, error) = app.call::<serde_json::Value>(&client, "deals/list", &query).await.unwrap_err();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(field_codes(&error), [(Field::Search, Code::TooLong { max: 200 })]);
    let (status, error) = app
        .call_form::<serde_json::Value>(&client, "directory/customers", &[("country", "US"), ("query", &"%".repeat(10_000))])
        .await
        .unwrap_err();
    assert_eq!((status, field_codes(&error)), (StatusCode::BAD_REQUEST, vec![(Field::Customer, Code::TooLong { max: 200 })]));
    let huge = json!({ "query": { "tab": "Outbound", "text": "x".repeat(1_000_000), "sort": "Updated", "descending": true } });
    let (status, error) = app.call::<serde_json::Value>(&client, "deals/list", &huge).await.unwrap_err();
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(matches!(error, AppError::PayloadTooLarge { .. }), "{error:?}");
    // Still in service, and a normal search works.
    assert!(!list(&app, &client, Tab::Outbound, "", SortKey::Updated, true).await.deals.is_empty());
    app.cleanup().await;
}

// R-NEW-1: a private deal whose contact has no consent, then "let Microsoft view": sellers see the
// deal but never the contact; with consent they do.
async fn contact_reaches_microsoft_only_with_consent(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.signed_in(ADMIN).await;
    let mut draft = valid_draft(&app, &client, "No consent").await;
    draft.contact = ContactDraft {
        name: "Chris Customer".into(),
        phone: "+1 206 555 0199".into(),
        email: "chris@customer.example".into(),
        ..Default::default()
    };
    let id = create(&app, &client, &draft, true).await.expect("a private deal needs no consent");
    act(&app, &client, &id, &DealAction::GiveMicrosoftVisibility).await.expect("visibility given");
    let seller = app.signed_in(SELLER).await;
    let seen = get(&app, &seller, &id).await.expect("Microsoft sees the deal now");
    assert_eq!(seen.contact, ContactDraft::default(), "no consent, no contact");
    let own = get(&app, &client, &id).await.unwrap();
    assert_eq!(own.contact.name, "Chris Customer", "the partner still sees its own contact");

    let mut consented = valid_draft(&app, &client, "With consent").await;
    consented.contact = ContactDraft {
        name: "Dana Customer".into(),
        phone: "+1 206 555 0198".into(),
        email: "dana@customer.example".into(),
        consent: true,
        share_with_partners: false,
    };
    consented.help = HelpNeeded::ProofOfConcept;
    let id = create(&app, &client, &consented, true).await.unwrap();
    assert_eq!(get(&app, &seller, &id).await.unwrap().contact.name, "Dana Customer");
    app.cleanup().await;
}

// R-NEW-3, R-ORG-3: recent contacts come only from deals the user still sees; after the admin
// makes the user a referral user of one location, contacts of deals they lost sight of are gone.
async fn recent_contacts_follow_visibility(engine: Engine) {
    let app = spawn_app(engine).await;
    let user = app.signed_in(ADMIN).await;
    let deal = deal_at(&app, &user, "Contacts", 1, &["zed.unique@fabrikam.example"], false).await;
    let emails = |o: app::api::dto::WizardOptions| o.recent_contacts.into_iter().map(|m| m.email).collect::<Vec<_>>();
    assert!(emails(options(&app, &user).await).contains(&"zed.unique@fabrikam.example".to_string()));

    let admin = app.signed_in(MPN_ADMIN).await;
    let listed: UserAdmin = app.call_form(&admin, "admin/users", &[]).await.unwrap();
    let me = listed.users.iter().find(|u| u.email == ADMIN).unwrap();
    let seattle = listed.locations.iter().find(|l| l.city == "Seattle").unwrap().id.clone();
    let draft = UserDraft { email: me.email.clone(), name: me.name.clone(), roles: vec![Role::ReferralUser], location_ids: vec![seattle], password: String::new() };
    let () = app.call(&admin, "admin/users/update", &json!({ "id": me.id, "draft": draft })).await.unwrap();
    assert!(get(&app, &user, &deal).await.is_none(), "the deal is out of sight now");
    assert!(!emails(options(&app, &user).await).contains(&"zed.unique@fabrikam.example".to_string()));
    app.cleanup().await;
}

// R-ORG-2: a partner admin cannot learn whether another company's e-mail has an account: any
// address outside the organization's own domains gets the same field error; a repeated location
// scope is one scope (it was a constraint error).
async fn user_admin_does_not_enumerate_accounts(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = app.signed_in(MPN_ADMIN).await;
    let listed: UserAdmin = app.call_form(&admin, "admin/users", &[]).await.unwrap();
    let seattle = listed.locations.iter().find(|l| l.city == "Seattle").unwrap().id.clone();
    let draft = |email: &str| UserDraft {
        email: email.into(),
        name: "Pat Probe".into(),
        roles: vec![Role::ReferralUser],
        location_ids: vec![seattle.clone(), seattle.clone()],
        password: "a long first password".into(),
    };
    let mut answers = Vec::new();
    for email in ["referrals@contoso-partners.example", "nobody@contoso-partners.example"] {
        let (status, error) = app.call::<String>(&admin, "admin/users/create", &json!({ "draft": draft(email) })).await.unwrap_err();
        answers.push((status, field_codes(&error)));
    }
    assert_eq!(answers[0], (StatusCode::BAD_REQUEST, vec![(Field::UserEmail, Code::EmailDomainNotOrgs)]));
    assert_eq!(answers[0], answers[1], "an existing and a missing account answer alike");
    let id: String = app.call(&admin, "admin/users/create", &json!({ "draft": draft("pat@fabrikam.example") })).await.unwrap();
    let listed: UserAdmin = app.call_form(&admin, "admin/users", &[]).await.unwrap();
    assert_eq!(listed.users.iter().find(|u| u.id == id).unwrap().location_ids, [seattle.clone()]);
    app.cleanup().await;
}

// Sign-in: a megabyte password is refused as too large; a long one is a plain wrong password, and
// the failure stored keeps at most an e-mail address's length of what was typed.
async fn sign_in_inputs_are_bounded(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.client();
    let huge = app.sign_in_with(&client, ADMIN, &"p".repeat(1_000_000)).await;
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let long = app.sign_in_with(&client, ADMIN, &"p".repeat(100_000)).await;
    assert_eq!(long.status(), StatusCode::UNAUTHORIZED);
    let probe = app.sign_in_with(&client, &"e".repeat(100_000), "x").await;
    assert_eq!(probe.status(), StatusCode::UNAUTHORIZED);
    let longest = app.count("SELECT COALESCE(MAX(LENGTH(account)), 0) FROM sign_in_failures").await;
    assert!(longest <= 254, "stored account key of {longest} characters");
    app.cleanup().await;
}

// A dot in a deal's address is still an app page with the session: signed in, an unknown deal is
// the 404 page (it was a signed-out 401); signed out, the sign-in page.
async fn dotted_paths_keep_the_session(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.signed_in(ADMIN).await;
    let page = client.get(format!("{}/deals/a.b", app.base)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(page.text().await.unwrap().contains("Fabrikam"), "rendered for the signed-in user");
    let signed_out = app.client().get(format!("{}/deals/a.b", app.base)).send().await.unwrap();
    assert!(signed_out.status().is_redirection(), "{}", signed_out.status());
    assert!(signed_out.headers()["location"].to_str().unwrap().starts_with("/sign-in?next="));
    let asset = app.client().get(format!("{}/favicon.svg", app.base)).send().await.unwrap();
    assert!(!asset.status().is_redirection(), "a public file needs no session");
    app.cleanup().await;
}

/// Every server function with the arguments it takes, so the fuzz reaches each one.
const FUNCTIONS: [&str; 23] = [
    "me",
    "language",
    "drafts/save",
    "drafts/list",
    "drafts/open",
    "drafts/discard",
    "session/sign-in",
    "session/sign-out",
    "deals/list",
    "deals/get",
    "deals/create",
    "deals/act",
    "deals/invitation-options",
    "deals/favorite",
    "wizard/options",
    "directory/customers",
    "admin/users",
    "admin/users/create",
    "admin/users/update",
    "admin/users/active",
    "admin/catalog",
    "admin/orgs/vetted",
    "admin/solutions/update",
];

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

/// Malformed and hostile bodies: (content type, body).
fn bad_bodies() -> Vec<(Option<&'static str>, Vec<u8>)> {
    let big_string = format!("{{\"id\":\"{}\",\"query\":\"{}\"}}", "x".repeat(100_000), "y".repeat(100_000));
    vec![
        (Some(FORM), b"".to_vec()),
        (Some(JSON), b"".to_vec()),
        (Some(JSON), b"{".to_vec()),
        (Some(JSON), b"{\"query\": {\"tab\": \"Nope\", \"text\": 5}}".to_vec()),
        (Some(JSON), b"{\"draft\": {\"email\": null}, \"id\": [], \"action\": {\"Teleport\": {}}}".to_vec()),
        (Some(JSON), b"{\"id\": \"\\u0000\", \"action\": {\"RemoveMember\": {\"index\": -1}}}".to_vec()),
        (Some(JSON), b"{\"id\": \"x\", \"action\": {\"RemoveMember\": {\"index\": 18446744073709551615}}}".to_vec()),
        (Some(JSON), b"[1, 2, 3]".to_vec()),
        (Some(JSON), vec![0xff, 0xfe, 0x00, 0x7b]),
        (Some(FORM), vec![0xff, 0xfe, b'=', 0x80]),
        (Some(FORM), b"id=x&favorite=maybe".to_vec()),
        (Some(FORM), b"id=x&active=2&vetted=&index=-1".to_vec()),
        (Some(FORM), b"id=%00&country=%00&query=%00&email=%00&password=%00&next=%0A".to_vec()),
        (Some(FORM), b"%%%&&&===".to_vec()),
        (Some(JSON), big_string.into_bytes()),
        (Some(JSON), vec![b' '; 2 * 1024 * 1024]),
        (Some("text/plain"), b"id=x".to_vec()),
        (Some("multipart/form-data; boundary=x"), b"--x--".to_vec()),
        (None, b"id=x".to_vec()),
    ]
}

async fn send_raw(app: &TestApp, client: &Client, function: &str, media: Option<&str>, body: Vec<u8>) -> (StatusCode, String) {
    let mut request = client.post(format!("{}/api/{function}", app.base)).header("Accept", "application/json").body(body);
    if let Some(media) = media {
        request = request.header("Content-Type", media);
    }
    let response = request.send().await.unwrap_or_else(|e| panic!("{function}: no answer: {e}"));
    let status = response.status();
    (status, response.text().await.unwrap_or_default())
}

// Every server function, signed out and as users of each kind, with malformed, oversized and
// wrongly typed bodies: always a 4xx (or a 2xx/3xx where the input happens to be acceptable) with
// the error body server functions use, never a 5xx; signed out, a 401 before anything is read.
async fn server_functions_survive_bad_input(engine: Engine) {
    let app = spawn_app(engine).await;
    let callers = [
        ("signed out", app.client()),
        ("partner admin", app.signed_in(MPN_ADMIN).await),
        ("referral user", app.signed_in("seattle.user@fabrikam.example").await),
        ("Microsoft admin", app.signed_in("admin@microsoft.example").await),
    ];
    for (who, client) in &callers {
        for function in FUNCTIONS {
            // Sign-out would end this caller's session for the functions after it.
            if function == "session/sign-out" && *who != "signed out" {
                continue;
            }
            for (media, body) in bad_bodies() {
                let size = body.len();
                let (status, text) = send_raw(&app, client, function, media, body).await;
                let what = format!("{who} → {function} ({media:?}, {size} bytes): {status} {}", text.chars().take(200).collect::<String>());
                assert!(!status.is_server_error(), "{what}");
                if status.is_client_error() {
                    let error: AppError = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: not an error body: {e}"));
                    let public = ["me", "session/sign-in", "session/sign-out", "language"].contains(&function);
                    if *who == "signed out" && !public {
                        assert_eq!((status, &error), (StatusCode::UNAUTHORIZED, &AppError::NotSignedIn), "{what}");
                    }
                    if size > 256 * 1024 && !(*who == "signed out" && !public) {
                        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{what}");
                    }
                    if matches!(media, Some("text/plain") | Some("multipart/form-data; boundary=x") | None) && status != StatusCode::UNAUTHORIZED {
                        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{what}");
                    }
                }
            }
        }
    }
    // An unknown function is a 404 in the same shape.
    let (status, text) = send_raw(&app, &callers[1].1, "deals/teleport", Some(JSON), b"{}".to_vec()).await;
    assert_eq!((status, serde_json::from_str::<AppError>(&text).unwrap()), (StatusCode::NOT_FOUND, AppError::NotFound));
    app.cleanup().await;
}

// Pages with hostile addresses: never a 5xx.
async fn pages_survive_bad_addresses(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.signed_in(ADMIN).await;
    for path in [
        "/deals/%00",
        "/deals/%FF%FE",
        "/deals/..%2F..%2Fetc%2Fpasswd",
        "/referrals/nowhere",
        "/referrals/outbound?q=%00%0A&sort=zzz&dir=sideways",
        &format!("/referrals/inbound?q={}", "%25".repeat(3_000)),
        "/sign-in?next=%0D%0ASet-Cookie:%20x=1",
        "/admin/users?x=%C0%80",
    ] {
        let response = client.get(format!("{}{path}", app.base)).send().await.unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(!response.status().is_server_error(), "{path}: {}", response.status());
        let _ = response.text().await;
    }
    app.cleanup().await;
}

// Issue 9: pages and server functions go out compressed to browsers that accept it (brotli or
// gzip), and whole to clients that do not.
async fn responses_are_compressed(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = app.signed_in(ADMIN).await;
    let fetch = |path: &'static str, encoding: Option<&'static str>| {
        let mut request = admin.get(format!("{}{path}", app.base));
        if let Some(encoding) = encoding {
            request = request.header("Accept-Encoding", encoding);
        }
        request.send()
    };
    let whole = fetch("/referrals/outbound", None).await.unwrap();
    assert_eq!(whole.headers().get("content-encoding"), None);
    let whole = whole.bytes().await.unwrap().len();
    for (accepts, expected) in [("br, gzip", "br"), ("gzip", "gzip")] {
        let page = fetch("/referrals/outbound", Some(accepts)).await.unwrap();
        assert_eq!(page.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some(expected));
        let sent = page.bytes().await.unwrap().len();
        assert!(sent * 3 < whole, "{expected}: {sent} bytes sent for a {whole}-byte page");
    }
    let listed = admin
        .post(format!("{}/api/deals/list", app.base))
        .header("Accept", "application/json")
        .header("Accept-Encoding", "gzip")
        .json(&json!({ "query": app::api::dto::ListQuery::new(Tab::Closed) }))
        .send()
        .await
        .unwrap();
    assert_eq!((listed.status(), listed.headers().get("content-encoding").and_then(|v| v.to_str().ok())), (StatusCode::OK, Some("gzip")));
    app.cleanup().await;
}

on_both_engines!(
    responses_are_compressed,
    sign_in_next_stays_on_site,
    repeated_solutions_are_field_errors,
    texts_dates_and_team_are_bounded,
    searches_are_bounded,
    contact_reaches_microsoft_only_with_consent,
    recent_contacts_follow_visibility,
    user_admin_does_not_enumerate_accounts,
    sign_in_inputs_are_bounded,
    dotted_paths_keep_the_session,
    server_functions_survive_bad_input,
    pages_survive_bad_addresses,
);

//! X-API: the REST API of API.md over HTTP with API tokens, on both engines: tokens, Partner
//! Center's published samples, idempotent creates, ETags, visibility (R-ORG-3), refusals with
//! their rule ids, `$filter` and keyset pages.

use super::helpers::*;
use app::api::dto::NewToken;
use app::domain::actor::Actor;
use app::domain::catalog::SolutionCategory;
use reqwest::{Client, Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use tests::{Engine, TestApp, on_both_engines, spawn_app, spawn_app_with};

const BASE: &str = "/v1.0/engagements/referrals";
const CONTOSO: &str = "referrals@contoso-partners.example";
const SEATTLE: &str = "seattle.user@fabrikam.example";
const MPN_ADMIN: &str = "admin@fabrikam.example";

/// A token of `email`'s, made through Settings → API tokens' server function.
async fn token(app: &TestApp, email: &str) -> String {
    let client = app.signed_in(email).await;
    let made: NewToken = app.call_form(&client, "tokens/create", &[("name", "CRM connector")]).await.expect("token");
    made.secret
}

fn api(app: &TestApp, token: &str, method: Method, path: &str) -> RequestBuilder {
    Client::new().request(method, format!("{}{path}", app.base)).bearer_auth(token)
}

async fn body(response: Response) -> (StatusCode, Option<String>, Value) {
    let status = response.status();
    let etag = response.headers().get("etag").map(|v| v.to_str().unwrap().to_string());
    let text = response.text().await.expect("body");
    (status, etag, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status} {text}: {e}")) })
}

/// The error body's rule id and failing fields.
fn error(v: &Value) -> (String, Vec<String>) {
    let e = &v["error"];
    assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    let fields = e["details"].as_array().map(|d| d.iter().map(|x| x["field"].as_str().unwrap().to_string()).collect()).unwrap_or_default();
    (e["code"].as_str().unwrap().to_string(), fields)
}

/// A co-sell-ready solution of Fabrikam's own without an incentive, as the wizard offers it.
async fn own_solution(app: &TestApp) -> String {
    let client = app.signed_in(ADMIN).await;
    let opts = options(app, &client).await;
    opts.catalog.iter().find(|s| s.category == SolutionCategory::Own && s.incentive.is_none()).expect("own solution").id.clone()
}

/// Partner Center's published create-a-referral sample (a Private deal), with this instance's
/// solution id, the deal's name, and e-mail addresses where the stored copy shows none.
fn published_sample(solution_id: &str, name: &str) -> Value {
    json!({
        "name": name,
        "qualification": "SalesQualified",
        "type": "Independent",
        "customerProfile": {
            "name": "Contoso Customer Inc",
            "address": { "addressLine1": "One Microsoft Way", "addressLine2": "34", "city": "Redmond", "state": "WA", "postalCode": "98052", "country": "US" },
            "size": "10to50employees",
            "team": [{ "firstName": "Sue", "lastName": "Smith", "phoneNumber": "1234567890", "email": "sue.smith@contoso.example" }]
        },
        "consent": {
            "ConsentToToShareInfoWithOthers": true,
            "ConsentToContact": true,
            "ConsentToMicrosoftToContactSpecificPartners": true,
            "consentToShareReferralWithMicrosoftSellers": false
        },
        "details": {
            "notes": "Customer is looking to leverage Dynamics 365 to manage their supply chain.",
            "dealValue": 50000,
            "currency": "USD",
            "closingDateTime": "2024-11-14T00:00:00Z",
            "requirements": {
                "solutions": [{ "type": "Name", "id": solution_id, "name": "Contoso-Ale_Test", "publisherName": "Contoso_Test", "solutionType": "3P" }],
                "additionalRequirements": { "iot": {}, "attributes": [{ "id": "HaveNotDecided", "type": "CustomerMarketplaceIntent" }] }
            }
        },
        "team": [{ "firstName": "John", "lastName": "Doe", "phoneNumber": "1231231234", "email": "john.doe@fabrikam.example" }],
        "target": []
    })
}

async fn create(app: &TestApp, token: &str, body: &Value) -> (StatusCode, Option<String>, Value) {
    body_of(api(app, token, Method::POST, BASE).json(body)).await
}

async fn body_of(request: RequestBuilder) -> (StatusCode, Option<String>, Value) {
    body(request.send().await.expect("request")).await
}

async fn patch(app: &TestApp, token: &str, id: &str, ops: Value, if_match: Option<&str>) -> (StatusCode, Option<String>, Value) {
    let mut request = api(app, token, Method::PATCH, &format!("{BASE}/{id}")).header("prefer", "return=representation").json(&ops);
    if let Some(etag) = if_match {
        request = request.header("if-match", etag);
    }
    body_of(request).await
}

// X-API: Partner Center's published create and patch samples are accepted as published; the
// resource reads as API.md spells it; GET and the list agree.
async fn published_samples_round_trip(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = token(&app, ADMIN).await;
    let solution = own_solution(&app).await;
    let (status, etag, created) = create(&app, &token, &published_sample(&solution, "Contoso Test Deal - [Private]")).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(etag.as_deref(), created["eTag"].as_str());
    assert_eq!((created["status"].as_str(), created["substatus"].as_str()), (Some("Active"), Some("Accepted")), "R-NEW-7");
    assert_eq!(created["direction"], "Outgoing");
    assert_eq!(created["type"], "Independent");
    assert_eq!(created["dealType"], "Private");
    assert_eq!(created["qualification"], "SalesQualified");
    assert_eq!(created["salesStage"], "Created");
    assert_eq!(created["details"]["dealValue"], "50000.00", "exact decimal");
    assert_eq!(created["details"]["closingDateTime"], "2024-11-14T00:00:00Z", "a past date is accepted (R-NEW-2 warning)");
    assert_eq!(created["customerProfile"]["name"], "Contoso Customer Inc");
    assert_eq!(created["customerProfile"]["address"]["city"], "Redmond");
    assert_eq!(created["customerProfile"]["size"], "10to50employees");
    assert_eq!(created["customerProfile"]["team"][0]["lastName"], "Smith");
    assert_eq!(created["consent"]["consentToToShareInfoWithOthers"], true, "Partner Center's own spelling");
    assert_eq!(created["consent"]["consentToShareReferralWithMicrosoftSellers"], false);
    assert_eq!(created["team"][0]["email"], "john.doe@fabrikam.example");
    assert_eq!(created["details"]["requirements"]["solutions"][0]["id"], solution.as_str());
    assert!(created["location"].as_str().is_some_and(|l| !l.is_empty()), "the org's primary location (R-ORG-1)");

    let (status, etag_again, got) = body_of(api(&app, &token, Method::GET, &format!("{BASE}/{id}"))).await;
    assert_eq!((status, etag_again.as_deref()), (StatusCode::OK, etag.as_deref()));
    assert_eq!(got, created);

    // The published PATCH sample: a value as a string, a team member added.
    let ops = json!([
        { "op": "replace", "path": "/details/dealValue", "value": "10000" },
        { "op": "add", "path": "/team/-", "value": { "email": "jane.doe@fabrikam.example", "firstName": "Jane", "lastName": "Doe", "phoneNumber": "0000000001" } }
    ]);
    let (status, new_etag, patched) = patch(&app, &token, &id, ops, etag.as_deref()).await;
    assert_eq!(status, StatusCode::OK, "{patched}");
    assert_ne!(new_etag, etag, "a change gives a new ETag");
    assert_eq!(patched["details"]["dealValue"], "10000.00");
    let emails: Vec<&str> = patched["team"].as_array().unwrap().iter().map(|m| m["email"].as_str().unwrap()).collect();
    assert_eq!(emails, ["john.doe@fabrikam.example", "jane.doe@fabrikam.example"]);

    // Without `Prefer: return=representation`: 204 and the new ETag.
    let response = api(&app, &token, Method::PATCH, &format!("{BASE}/{id}"))
        .json(&json!([{ "op": "replace", "path": "/salesStage", "value": "Develop" }]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (_, _, got) = body_of(api(&app, &token, Method::GET, &format!("{BASE}/{id}"))).await;
    assert_eq!(got["salesStage"], "Developed", "R-STAGE-1: the connector's Develop");
    assert_eq!(response.headers().get("etag").map(|v| v.to_str().unwrap()), got["eTag"].as_str());

    // The list finds it by its engagement, as `links.relatedReferrals` says.
    let related = got["links"]["relatedReferrals"]["uri"].as_str().unwrap().to_string();
    let (status, _, list) = body_of(api(&app, &token, Method::GET, &related)).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list["value"].as_array().unwrap().len(), 1);
    assert_eq!(list["value"][0]["id"], id.as_str());
    app.cleanup().await;
}

// X-API: a token acts as its user; without one, with a wrong or revoked one, or for a deactivated
// user, the API answers 401 at once.
async fn tokens_act_as_their_user_until_revoked(engine: Engine) {
    let app = spawn_app(engine).await;
    let client = app.signed_in(SEATTLE).await;
    let made: NewToken = app.call_form(&client, "tokens/create", &[("name", "Dynamics"), ("expires_in_days", "30")]).await.expect("token");
    assert!(made.secret.starts_with("cs_"));
    let listed: Vec<app::api::dto::TokenView> = app.call_form(&client, "tokens", &[]).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].name, "Dynamics");
    assert!(made.secret.starts_with(&listed[0].prefix) && listed[0].prefix.len() < 12, "only a prefix is ever shown again");
    let stored: i64 = app.count(&format!("SELECT COUNT(*) FROM api_tokens WHERE secret_hash = '{}'", made.secret)).await;
    assert_eq!(stored, 0, "the secret itself is not stored");

    let (status, _, list) = body_of(api(&app, &made.secret, Method::GET, BASE)).await;
    assert_eq!(status, StatusCode::OK);
    // R-ORG-3: a referral user sees only deals at their locations with them on the team.
    let visible = list["value"].as_array().unwrap();
    let own: Vec<&Value> = visible.iter().filter(|r| r["organizationName"] == "Fabrikam Cloud Solutions").collect();
    assert!(!own.is_empty() && own.len() < visible.len(), "own deals and a P2P partner's (R-ORG-3)");
    assert!(own.iter().all(|r| r["team"].as_array().unwrap().iter().any(|m| m["email"].as_str() == Some(SEATTLE))), "only deals with them on the team");
    let listed: Vec<app::api::dto::TokenView> = app.call_form(&client, "tokens", &[]).await.unwrap();
    assert!(listed[0].last_used_at.is_some(), "last used is shown");

    let response = Client::new().get(format!("{}{BASE}", app.base)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers().get("www-authenticate").unwrap(), "Bearer");
    let (status, _, e) = body_of(api(&app, "cs_not-a-token", Method::GET, BASE)).await;
    assert_eq!((status, error(&e).0.as_str()), (StatusCode::UNAUTHORIZED, "Unauthorized"));

    // Another user cannot revoke it; its owner can, and it stops at once.
    let other = app.signed_in(ADMIN).await;
    let (status, _) = app.call_form::<()>(&other, "tokens/revoke", &[("id", &listed[0].id)]).await.unwrap_err();
    assert_eq!(status, StatusCode::NOT_FOUND);
    let _: () = app.call_form(&client, "tokens/revoke", &[("id", &listed[0].id)]).await.unwrap();
    let (status, _, _) = body_of(api(&app, &made.secret, Method::GET, BASE)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a revoked token is refused at once");
    let listed: Vec<app::api::dto::TokenView> = app.call_form(&client, "tokens", &[]).await.unwrap();
    assert!(listed.is_empty());

    // Deactivating the user stops every token of theirs (R-ORG-2).
    let second: NewToken = app.call_form(&client, "tokens/create", &[("name", "Second")]).await.unwrap();
    assert_eq!(body_of(api(&app, &second.secret, Method::GET, BASE)).await.0, StatusCode::OK);
    let me: Option<Actor> = app.call_form(&client, "me", &[]).await.unwrap();
    let admin = app.signed_in(MPN_ADMIN).await;
    let _: () = app.call_form(&admin, "admin/users/active", &[("id", &me.unwrap().user_id), ("active", "false")]).await.unwrap();
    assert_eq!(body_of(api(&app, &second.secret, Method::GET, BASE)).await.0, StatusCode::UNAUTHORIZED);

    // A token needs a name; the field is named.
    let (status, error) = app.call_form::<NewToken>(&admin, "tokens/create", &[("name", "  ")]).await.unwrap_err();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(matches!(error, app::api::AppError::Invalid(ref i) if i.0[0].field == app::domain::issues::Field::TokenName), "{error:?}");
    app.cleanup().await;
}

// X-API, R-ORG-3: another organization's deal does not exist for a token: not read, not listed,
// not patched (404, never 403).
async fn another_orgs_deal_is_not_found(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = token(&app, ADMIN).await;
    let contoso = token(&app, CONTOSO).await;
    let solution = own_solution(&app).await;
    let (_, _, created) = create(&app, &fabrikam, &published_sample(&solution, "Fabrikam only")).await;
    let id = created["id"].as_str().unwrap();
    let (status, _, e) = body_of(api(&app, &contoso, Method::GET, &format!("{BASE}/{id}"))).await;
    assert_eq!((status, error(&e).0.as_str()), (StatusCode::NOT_FOUND, "NotFound"));
    let filter = format!("{BASE}?$filter=id eq '{id}'");
    let (status, _, list) = body_of(api(&app, &contoso, Method::GET, &filter)).await;
    assert_eq!((status, list["value"].as_array().unwrap().len()), (StatusCode::OK, 0));
    let (status, _, _) = patch(&app, &contoso, id, json!([{ "op": "replace", "path": "/name", "value": "Taken" }]), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, _, mine) = body_of(api(&app, &fabrikam, Method::GET, &format!("{BASE}/{id}"))).await;
    assert_eq!(mine["name"], "Fabrikam only", "nothing written");
    app.cleanup().await;
}

// X-API: the same Idempotency-Key and body create one deal; the key with another body is refused.
async fn idempotency_key_creates_once(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = token(&app, ADMIN).await;
    let solution = own_solution(&app).await;
    let body = published_sample(&solution, "Once only");
    let send = |body: Value| api(&app, &token, Method::POST, BASE).header("idempotency-key", "crm-42").json(&body);
    let (first, second) = tokio::join!(body_of(send(body.clone())), body_of(send(body.clone())));
    assert_eq!((first.0, second.0), (StatusCode::CREATED, StatusCode::CREATED), "{} {}", first.2, second.2);
    assert_eq!(first.2["id"], second.2["id"], "the repeat returns the first result");
    let third = body_of(send(body.clone())).await;
    assert_eq!(third.2["id"], first.2["id"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM deals WHERE name = 'Once only'").await, 1);
    let (status, _, e) = body_of(send(published_sample(&solution, "Something else"))).await;
    assert_eq!((status, error(&e).0.as_str()), (StatusCode::CONFLICT, "IdempotencyKeyReused"));
    assert_eq!(app.count("SELECT COUNT(*) FROM deals WHERE name = 'Something else'").await, 0);
    app.cleanup().await;
}

// X-API: If-Match with a stale ETag is 412 and writes nothing; two patches sent with one ETag:
// exactly one wins.
async fn stale_etags_are_refused(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = token(&app, ADMIN).await;
    let solution = own_solution(&app).await;
    let (_, etag, created) = create(&app, &token, &published_sample(&solution, "Raced")).await;
    let id = created["id"].as_str().unwrap();
    let etag = etag.unwrap();
    let one = patch(&app, &token, id, json!([{ "op": "replace", "path": "/name", "value": "First" }]), Some(&etag));
    let two = patch(&app, &token, id, json!([{ "op": "replace", "path": "/name", "value": "Second" }]), Some(&etag));
    let (one, two) = tokio::join!(one, two);
    let mut statuses = [one.0, two.0];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::PRECONDITION_FAILED], "{} {}", one.2, two.2);
    let winner = if one.0 == StatusCode::OK { "First" } else { "Second" };
    let (_, now_etag, got) = body_of(api(&app, &token, Method::GET, &format!("{BASE}/{id}"))).await;
    assert_eq!(got["name"], winner);
    let (status, _, e) = patch(&app, &token, id, json!([{ "op": "replace", "path": "/name", "value": "Late" }]), Some(&etag)).await;
    assert_eq!((status, error(&e).0.as_str()), (StatusCode::PRECONDITION_FAILED, "PreconditionFailed"));
    let (_, again, got) = body_of(api(&app, &token, Method::GET, &format!("{BASE}/{id}"))).await;
    assert_eq!((got["name"].as_str(), again), (Some(winner), now_etag), "nothing written");
    app.cleanup().await;
}

// X-API, R-LIFE-4: a terminal deal refuses a patch with 409 naming the rule and writes nothing;
// the whole patch applies or none of it (RFC 6902).
async fn terminal_deals_refuse_patches(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = token(&app, ADMIN).await;
    let solution = own_solution(&app).await;
    let (_, _, created) = create(&app, &token, &published_sample(&solution, "Closing")).await;
    let id = created["id"].as_str().unwrap();
    // All or nothing: a good edit with a refused stage is not written.
    let (status, _, e) = patch(&app, &token, id, json!([
        { "op": "replace", "path": "/name", "value": "Renamed" },
        { "op": "replace", "path": "/details/requirements/solutions", "value": [] }
    ]), None).await;
    assert_eq!((status, error(&e).0.as_str()), (StatusCode::BAD_REQUEST, "R-NEW-4"), "{e}");
    // R-STAGE-1: 100% rounds down to the last stage before Won; only the outcome marks Won.
    let (_, _, staged) = patch(&app, &token, id, json!([{ "op": "replace", "path": "/salesStage", "value": 100 }]), None).await;
    assert_eq!((staged["salesStage"].as_str(), staged["status"].as_str()), (Some("Negotiated"), Some("Active")));
    let (_, etag, got) = body_of(api(&app, &token, Method::GET, &format!("{BASE}/{id}"))).await;
    assert_eq!(got["name"], "Closing", "all or nothing");
    let etag = Some(staged["eTag"].as_str().unwrap().to_string()).filter(|_| etag.is_some());

    let (status, _, won) = patch(&app, &token, id, json!([
        { "op": "replace", "path": "/status", "value": "Closed" },
        { "op": "replace", "path": "/substatus", "value": "Won" }
    ]), etag.as_deref()).await;
    assert_eq!(status, StatusCode::OK, "{won}");
    assert_eq!((won["status"].as_str(), won["substatus"].as_str()), (Some("Closed"), Some("Won")));
    let (status, _, e) = patch(&app, &token, id, json!([{ "op": "replace", "path": "/details/dealValue", "value": 1 }]), None).await;
    assert_eq!((status, error(&e).0.as_str()), (StatusCode::CONFLICT, "R-LIFE-4"), "{e}");
    let (status, _, e) = patch(&app, &token, id, json!([{ "op": "replace", "path": "/substatus", "value": "Lost" }]), None).await;
    assert_eq!((status, error(&e).0.as_str()), (StatusCode::CONFLICT, "R-LIFE-4"), "{e}");
    let (_, after, got) = body_of(api(&app, &token, Method::GET, &format!("{BASE}/{id}"))).await;
    assert_eq!((got["details"]["dealValue"].as_str(), after.as_deref()), (Some("50000.00"), won["eTag"].as_str()), "nothing written");
    app.cleanup().await;
}

// X-API: bad input gets a 400 listing every failing field with its rule; wrong types name the
// field; other media types are 415; a malformed $filter says where.
async fn bad_requests_say_what_and_where(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = token(&app, ADMIN).await;
    let solution = own_solution(&app).await;
    let mut body = published_sample(&solution, "");
    body["details"]["dealValue"] = json!("-5");
    body["team"][0]["email"] = json!("not an e-mail");
    let (status, _, e) = create(&app, &token, &body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
    let (code, fields) = error(&e);
    assert_eq!(code, "R-NEW-2");
    for field in ["name", "details.dealValue", "team[0].email"] {
        assert!(fields.iter().any(|f| f == field), "{field} in {fields:?}");
    }
    let mut body = published_sample(&solution, "Typed");
    body["details"]["closingDateTime"] = json!(20241114);
    let (status, _, e) = create(&app, &token, &body).await;
    assert_eq!((status, error(&e).1), (StatusCode::BAD_REQUEST, vec!["details.closingDateTime".to_string()]));
    let mut body = published_sample(&solution, "Nobody");
    body["customerProfile"]["name"] = json!("No Such Customer Anywhere");
    let (status, _, e) = create(&app, &token, &body).await;
    assert_eq!((status, error(&e).1), (StatusCode::BAD_REQUEST, vec!["customerProfile".to_string()]));

    let response = api(&app, &token, Method::POST, BASE).header("content-type", "text/plain").body("name=x").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (status, _, e) = body_of(api(&app, &token, Method::GET, &format!("{BASE}?$filter=status equals 'Active'"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(e["error"]["message"].as_str().unwrap().contains("position 7"), "{e}");
    let (status, _, e) = patch(&app, &token, "any", json!([{ "op": "remove", "path": "/name" }]), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "an unknown id is not found before the patch is read: {e}");
    let (_, _, created) = create(&app, &token, &published_sample(&solution, "Patched badly")).await;
    let id = created["id"].as_str().unwrap();
    let (status, _, e) = patch(&app, &token, id, json!([{ "op": "remove", "path": "/name" }, { "op": "add", "path": "/organizationId", "value": "x" }]), None).await;
    assert_eq!((status, error(&e).1), (StatusCode::BAD_REQUEST, vec!["[0].op".to_string(), "[1].path".to_string()]));
    let (status, _, _) = body_of(api(&app, &token, Method::GET, "/v1.0/nothing-here")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.cleanup().await;
}

// X-API: $filter, $orderby, $top, $count and a keyset $skiptoken that a concurrent create never
// shifts: every referral once, none twice.
async fn lists_filter_and_page(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = token(&app, ADMIN).await;
    let solution = own_solution(&app).await;
    let (_, _, all) = body_of(api(&app, &token, Method::GET, &format!("{BASE}?$count=true&$top=1"))).await;
    let total = all["@odata.count"].as_i64().unwrap();
    let own_org_deals = app.count("SELECT COUNT(*) FROM deals d JOIN organizations o ON o.id = d.org_id WHERE o.name LIKE 'Fabrikam%'").await;
    assert!(total >= own_org_deals, "a referrals admin sees every deal of the org: {total} vs {own_org_deals}");

    let (status, _, received) = body_of(api(&app, &token, Method::GET, &format!("{BASE}?$filter=substatus eq 'Received' and direction eq 'Incoming'&$count=true"))).await;
    assert_eq!(status, StatusCode::OK, "{received}");
    let n = received["@odata.count"].as_i64().unwrap();
    assert!(n > 0 && received["value"].as_array().unwrap().iter().all(|r| r["status"] == "New" && r["direction"] == "Incoming"));
    let (_, _, closed) = body_of(api(&app, &token, Method::GET, &format!("{BASE}?$filter=(status eq 'Closed' or status eq 'New') and status ne 'New'&$count=true"))).await;
    assert!(closed["value"].as_array().unwrap().iter().all(|r| r["status"] == "Closed"), "{closed}");

    for i in 0..5 {
        app.set_now(tests::test_now() + chrono::Duration::seconds(i));
        create(&app, &token, &published_sample(&solution, &format!("Paged {i}"))).await;
    }
    let filter = "$filter=customerProfile/address/country eq 'US' and qualification eq 'SalesQualified'";
    let mut url = format!("{BASE}?{filter}&$orderby=createdDateTime asc&$top=2&$count=true");
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let (status, _, page) = body_of(api(&app, &token, Method::GET, &url)).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        if pages == 0 {
            assert_eq!(page["@odata.count"], 5);
        }
        seen.extend(page["value"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_string()));
        pages += 1;
        if pages == 1 {
            // Created meanwhile: it sorts last and is on a later page, once.
            app.set_now(tests::test_now() + chrono::Duration::seconds(60));
            create(&app, &token, &published_sample(&solution, "Paged late")).await;
        }
        match page["@odata.nextLink"].as_str() {
            Some(next) => url = next.strip_prefix(&app.base).expect("absolute link to this server").to_string(),
            None => break,
        }
    }
    assert_eq!(seen, ["Paged 0", "Paged 1", "Paged 2", "Paged 3", "Paged 4", "Paged late"]);
    app.cleanup().await;
}

// X-API, R-LIFE-1, R-TYPE-6: status moves and invitations through the patch, by the same rules.
async fn status_moves_and_invitations(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = token(&app, ADMIN).await;
    let (_, _, received) = body_of(api(&app, &token, Method::GET, &format!("{BASE}?$filter=substatus eq 'Received'&$top=1"))).await;
    let inbound = received["value"][0]["id"].as_str().expect("a received deal").to_string();
    // Only the system expires a deal (R-LIFE-2); Received cannot be won (R-LIFE-1).
    let (status, _, e) = patch(&app, &token, &inbound, json!([{ "op": "replace", "path": "/substatus", "value": "Expired" }]), None).await;
    assert_eq!((status, error(&e).0.as_str()), (StatusCode::FORBIDDEN, "R-LIFE-2"));
    let (status, _, e) = patch(&app, &token, &inbound, json!([{ "op": "replace", "path": "/substatus", "value": "Won" }]), None).await;
    assert_eq!((status, error(&e).0.as_str()), (StatusCode::CONFLICT, "R-LIFE-1"));
    let (status, _, accepted) = patch(&app, &token, &inbound, json!([
        { "op": "replace", "path": "/status", "value": "Active" },
        { "op": "replace", "path": "/substatus", "value": "Accepted" },
        { "op": "add", "path": "/team/-", "value": { "firstName": "Ana", "lastName": "Silva", "email": "ana@fabrikam.example", "phoneNumber": "+1 425 555 0100" } }
    ]), None).await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    assert_eq!((accepted["substatus"].as_str(), accepted["salesStage"].as_str()), (Some("Accepted"), Some("Accepted")));
    assert!(accepted["team"].as_array().unwrap().iter().any(|m| m["email"] == "ana@fabrikam.example"), "own contact added while accepting (R-LIFE-1)");

    // A partner invited through /target/- receives its own deal, and declines it with a reason.
    let solution = own_solution(&app).await;
    let contoso_client = app.signed_in(CONTOSO).await;
    let contoso_actor: Option<Actor> = app.call_form(&contoso_client, "me", &[]).await.unwrap();
    let contoso_org = contoso_actor.unwrap().org_id;
    let (_, _, created) = create(&app, &token, &published_sample(&solution, "With Contoso")).await;
    let (status, _, invited) = patch(&app, &token, created["id"].as_str().unwrap(), json!([
        { "op": "add", "path": "/target/-", "value": { "type": "Organization", "id": contoso_org } },
        { "op": "replace", "path": "/inviteContext", "value": { "notes": "Data platform expertise" } }
    ]), None).await;
    assert_eq!(status, StatusCode::OK, "{invited}");
    assert_eq!((invited["dealType"].as_str(), invited["type"].as_str()), (Some("PartnerToPartner"), Some("Shared")));
    let contoso = super::rest::token(&app, CONTOSO).await;
    let engagement = invited["engagementId"].as_str().unwrap();
    let (_, _, theirs) = body_of(api(&app, &contoso, Method::GET, &format!("{BASE}?$filter=engagementId eq '{engagement}'"))).await;
    let copy = &theirs["value"][0];
    assert_eq!((copy["status"].as_str(), copy["direction"].as_str()), (Some("New"), Some("Incoming")), "{theirs}");
    assert_eq!(copy["inviteContext"]["invitedBy"]["organizationName"], "Fabrikam Cloud Solutions");
    let (status, _, declined) = patch(&app, &contoso, copy["id"].as_str().unwrap(), json!([
        { "op": "replace", "path": "/status", "value": "Closed" },
        { "op": "replace", "path": "/substatus", "value": "Declined" },
        { "op": "replace", "path": "/statusReason", "value": "NoCapacity" }
    ]), None).await;
    assert_eq!(status, StatusCode::OK, "{declined}");
    assert_eq!((declined["substatus"].as_str(), declined["statusReason"].as_str()), (Some("Declined"), Some("NoCapacity")));
    let (_, _, ours) = body_of(api(&app, &token, Method::GET, &format!("{BASE}/{}", created["id"].as_str().unwrap()))).await;
    assert_eq!(ours["target"][0]["status"], "Declined", "the originator learns the answer (R-LIFE-6)");

    // Microsoft invited through /target/- (R-TYPE-6): the deal becomes Co-sell and Shared.
    let (_, _, created) = create(&app, &token, &published_sample(&solution, "To co-sell")).await;
    let id = created["id"].as_str().unwrap();
    let (status, _, cosell) = patch(&app, &token, id, json!([
        { "op": "add", "path": "/target/-", "value": { "type": "BusinessProfileLocation", "id": "msft" } },
        { "op": "replace", "path": "/inviteContext", "value": { "assistanceRequestCode": "TechnicalArchitecture" } }
    ]), None).await;
    assert_eq!(status, StatusCode::OK, "{cosell}");
    assert_eq!((cosell["dealType"].as_str(), cosell["type"].as_str()), (Some("CoSell"), Some("Shared")));
    assert_eq!(cosell["microsoftStatus"], "Pending");
    assert_eq!(cosell["inviteContext"]["assistanceRequestCode"], "TechnicalArchitecture");
    let (status, _, e) = patch(&app, &token, id, json!([{ "op": "replace", "path": "/consent/consentToShareReferralWithMicrosoftSellers", "value": false }]), None).await;
    assert_eq!((status, error(&e).0.as_str()), (StatusCode::CONFLICT, "R-TYPE-6"), "the Microsoft level never goes down");
    app.cleanup().await;
}

// X-API: each token has its rate per minute; beyond it, 429 with Retry-After.
async fn tokens_are_rate_limited(engine: Engine) {
    let app = spawn_app_with(engine, |config| config.api_rate_per_minute = 3).await;
    let token = token(&app, ADMIN).await;
    for _ in 0..3 {
        assert_eq!(body_of(api(&app, &token, Method::GET, &format!("{BASE}?$top=1"))).await.0, StatusCode::OK);
    }
    let response = api(&app, &token, Method::GET, &format!("{BASE}?$top=1")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = response.headers().get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    // Another user's token is not held back by this one.
    let other = super::rest::token(&app, CONTOSO).await;
    assert_eq!(body_of(api(&app, &other, Method::GET, &format!("{BASE}?$top=1"))).await.0, StatusCode::OK);
    app.cleanup().await;
}

/// A CSV file's rows as column → value maps.
fn csv_rows(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    // The test's values hold no commas or quotes; notes are left out below.
    lines.map(|l| header.iter().map(|h| h.to_string()).zip(l.split(',').map(str::to_string)).collect()).collect()
}

async fn import(app: &TestApp, token: &str, csv: String) -> (StatusCode, Value) {
    let response = api(app, token, Method::POST, &format!("{BASE}/import.csv")).header("content-type", "text/csv").body(csv).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

// X-API: export the visible referrals with the list's filter; import creates and changes from the
// same columns, all or nothing, with every failing row reported; a size limit with a clear message.
async fn csv_export_and_import(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = token(&app, ADMIN).await;
    let solution = own_solution(&app).await;
    for (i, name) in ["Csv A", "Csv B"].iter().enumerate() {
        app.set_now(tests::test_now() + chrono::Duration::seconds(i as i64));
        let mut body = published_sample(&solution, name);
        body["details"]["notes"] = json!(null);
        create(&app, &token, &body).await;
    }
    let export = |q: &'static str| api(&app, &token, Method::GET, &format!("{BASE}/export.csv?{q}")).send();
    let response = export("$filter=qualification eq 'SalesQualified'&$orderby=createdDateTime asc").await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = response.text().await.unwrap();
    let rows = csv_rows(&text);
    assert_eq!(rows.iter().map(|r| r["name"].as_str()).collect::<Vec<_>>(), ["Csv A", "Csv B"]);
    assert_eq!((rows[0]["dealValue"].as_str(), rows[0]["customerName"].as_str(), rows[0]["closingDate"].as_str()), ("50000.00", "Contoso Customer Inc", "2024-11-14"));

    // The export read back unchanged changes nothing.
    let (status, done) = import(&app, &token, text.clone()).await;
    assert_eq!((status, done["created"].as_array().unwrap().len(), done["updated"].as_array().unwrap().len()), (StatusCode::OK, 0, 0), "{done}");

    // One value changed and one new row: one update, one create.
    let header = text.lines().next().unwrap().to_string();
    let columns: Vec<&str> = header.split(',').collect();
    let line = |values: &std::collections::HashMap<String, String>| columns.iter().map(|c| values.get(*c).cloned().unwrap_or_default()).collect::<Vec<_>>().join(",");
    let mut a = rows[0].clone();
    a.insert("dealValue".into(), "60000".into());
    let new: std::collections::HashMap<String, String> = [
        ("name", "Csv C"), ("customerName", "Contoso Customer Inc"), ("customerCountry", "US"), ("customerCity", "Redmond"), ("dealValue", "1000"),
        ("currency", "USD"), ("closingDate", "2027-06-30"), ("solutionIds", solution.as_str()), ("teamName", "Ana Silva"),
        ("teamEmail", "ana@fabrikam.example"), ("teamPhone", "+1 425 555 0100"),
    ].into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let (status, done) = import(&app, &token, format!("{header}\n{}\n{}\n", line(&a), line(&new))).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!((done["created"].as_array().unwrap().len(), done["updated"][0].as_str()), (1, Some(rows[0]["id"].as_str())));
    let (_, _, got) = body_of(api(&app, &token, Method::GET, &format!("{BASE}/{}", rows[0]["id"]))).await;
    assert_eq!(got["details"]["dealValue"], "60000.00");
    let (_, _, created) = body_of(api(&app, &token, Method::GET, &format!("{BASE}/{}", done["created"][0].as_str().unwrap()))).await;
    assert_eq!((created["name"].as_str(), created["team"][0]["email"].as_str()), (Some("Csv C"), Some("ana@fabrikam.example")));

    // All or nothing: a good change beside a bad new row and an unknown id writes nothing.
    let before = app.count("SELECT COUNT(*) FROM deals").await;
    let mut b = rows[1].clone();
    b.insert("name".into(), "Csv B renamed".into());
    let mut bad = new.clone();
    bad.insert("dealValue".into(), "lots".into());
    let mut unknown = rows[1].clone();
    unknown.insert("id".into(), "no-such-referral".into());
    let (status, e) = import(&app, &token, format!("{header}\n{}\n{}\n{}\n", line(&b), line(&bad), line(&unknown))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
    let fields = error(&e).1;
    assert!(fields.iter().any(|f| f == "row 3: details.dealValue"), "{fields:?}");
    assert!(fields.iter().any(|f| f == "row 4"), "{fields:?}");
    assert!(!fields.iter().any(|f| f.starts_with("row 2")), "the good row is not blamed: {fields:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM deals").await, before);
    let (_, _, got) = body_of(api(&app, &token, Method::GET, &format!("{BASE}/{}", rows[1]["id"]))).await;
    assert_eq!(got["name"], "Csv B", "nothing written");

    // Too large, and not CSV.
    let (status, e) = import(&app, &token, format!("{header}\n{}", "x".repeat(3 * 1024 * 1024))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(e["error"]["message"].as_str().unwrap().contains("2 MB"), "{e}");
    let response = api(&app, &token, Method::POST, &format!("{BASE}/import.csv")).json(&json!({})).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    app.cleanup().await;
}

// X-API, R-LIFE-5, R-REG-3: a Microsoft seller's status move answers for Microsoft; a won co-sell
// deal is registered through `/registrations/-` by the same rules as the form.
async fn microsoft_answers_and_registration(engine: Engine) {
    let app = spawn_app(engine).await;
    let seller = token(&app, "seller1@microsoft.example").await;
    let (_, _, shared) = body_of(api(&app, &seller, Method::GET, &format!("{BASE}?$filter=type eq 'Shared' and status eq 'Active'&$top=100"))).await;
    let pending = shared["value"].as_array().unwrap().iter().find(|r| r["microsoftStatus"] == "Pending").expect("a pending co-sell invitation");
    let id = pending["id"].as_str().unwrap();
    let (status, _, answered) = patch(&app, &seller, id, json!([{ "op": "replace", "path": "/substatus", "value": "Accepted" }]), None).await;
    assert_eq!(status, StatusCode::OK, "{answered}");
    assert_eq!((answered["microsoftStatus"].as_str(), answered["status"].as_str()), (Some("Accepted"), Some("Active")), "the partner's own status is unchanged");
    let (status, _, e) = patch(&app, &seller, id, json!([{ "op": "replace", "path": "/substatus", "value": "Accepted" }]), None).await;
    assert_eq!((status, error(&e).0.as_str()), (StatusCode::CONFLICT, "R-LIFE-5"), "answered once");

    let fabrikam = app.signed_in(ADMIN).await;
    let won = super::authorization::won_co_sell_registrable(&app, &fabrikam, "Registered by API").await;
    let opts = options(&app, &fabrikam).await;
    let ip = opts.catalog.iter().find(|s| s.incentive == Some(app::domain::catalog::Incentive::AzureIpCoSell)).unwrap().id.clone();
    let token = token(&app, ADMIN).await;
    let form = json!({
        "contractValue": 30000, "currency": "USD", "signedDate": "2026-11-20", "startDate": "2026-12-01", "endDate": "2027-11-30",
        "termMonths": 12, "kind": "New", "contact": { "name": "Reg Contact", "email": "reg@fabrikam.example", "phoneNumber": "+1 425 555 0101" },
        "solutions": [{ "id": ip, "value": "30000" }], "contractConfirmed": false
    });
    let (status, _, e) = patch(&app, &token, &won, json!([{ "op": "add", "path": "/registrations/-", "value": form }]), None).await;
    assert_eq!((status, error(&e).1), (StatusCode::BAD_REQUEST, vec!["registrations[-].contractConfirmed".to_string()]), "{e}");
    let mut form = form;
    form["contractConfirmed"] = json!(true);
    let (status, _, registered) = patch(&app, &token, &won, json!([{ "op": "add", "path": "/registrations/-", "value": form }]), None).await;
    assert_eq!(status, StatusCode::OK, "{registered}");
    assert_eq!((registered["registrations"][0]["state"].as_str(), registered["registrations"][0]["contractValue"].as_str()), (Some("Submitted"), Some("30000.00")));
    app.cleanup().await;
}

on_both_engines!(
    microsoft_answers_and_registration,
    csv_export_and_import,
    published_samples_round_trip,
    tokens_act_as_their_user_until_revoked,
    another_orgs_deal_is_not_found,
    idempotency_key_creates_once,
    stale_etags_are_refused,
    terminal_deals_refuse_patches,
    bad_requests_say_what_and_where,
    lists_filter_and_page,
    status_moves_and_invitations,
    tokens_are_rate_limited,
);

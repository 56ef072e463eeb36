//! The REST API of API.md (X-API) under `/v1.0`: Partner Center's Referrals API v1.0 resource shape
//! over the same services as the UI. Handlers authenticate the token, read the request, call a
//! service and map its error; no rule lives here.

mod csv;
mod doc;
mod error;
mod input;
mod json;
mod list;
mod patch;
mod rate;
mod resource;

pub use error::ApiError;
use error::{ApiHint, hint};

/// The OpenAPI document as JSON (also served at `/v1.0/openapi.json`).
pub fn openapi() -> serde_json::Value {
    serde_json::to_value(doc::document()).unwrap_or_default()
}

use app::domain::actor::Actor;
use app::services::{AppState, ServiceError, api_tokens, referral_api};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use std::sync::Arc;

/// What the API's handlers share.
#[derive(Clone)]
pub struct Api {
    pub state: AppState,
    pub limiter: Arc<rate::Limiter>,
    /// Where clients reach the API (for `@odata.nextLink`); else the request's Host.
    pub public_url: Option<String>,
}

/// The request's caller, resolved from its token by `authenticate`.
#[derive(Clone)]
struct Caller(Actor);

/// The API's routes, to be nested at `PREFIX`.
pub fn router<S: Clone + Send + Sync + 'static>(state: AppState, rate_per_minute: u32, public_url: Option<String>) -> Router<S> {
    let api = Api { state, limiter: Arc::new(rate::Limiter::new(rate_per_minute)), public_url };
    let at = |path: &str| path.trim_start_matches(PREFIX).to_string();
    Router::new()
        .route(&at(resource::BASE), get(list_referrals).post(create_referral))
        .route(&at(&format!("{}/export.csv", resource::BASE)), get(export_csv))
        .route(&at(&format!("{}/import.csv", resource::BASE)), axum::routing::post(import_csv))
        .route(&at(&format!("{}/{{id}}", resource::BASE)), get(get_referral).patch(patch_referral))
        .layer(axum::middleware::from_fn_with_state(api.clone(), authenticate))
        .route("/openapi.json", get(|| async { axum::Json(doc::document()) }))
        .fallback(|| async { ApiError::no_path() })
        .layer(axum::middleware::from_fn(error::in_language))
        .with_state(api)
}

/// Where the API lives; the session middleware leaves these paths alone (tokens, not cookies).
pub const PREFIX: &str = "/v1.0";

/// `Authorization: Bearer <token>` → the token's user, if token and user are active (401
/// otherwise), within the token's rate (429 with `Retry-After` beyond it).
async fn authenticate(State(api): State<Api>, mut req: Request, next: Next) -> Response {
    let secret = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(|s| s.trim().to_string());
    let found = match secret {
        Some(secret) => api_tokens::authenticate(&api.state.db, api.state.now(), &secret).await,
        // The app's own CSV page sends the session cookie instead (same origin: the CSRF check of
        // `same_origin` and SameSite=Lax cookies keep other sites out).
        None if req.uri().path().ends_with(".csv") => signed_in(&api, req.extensions().get::<tower_sessions::Session>().cloned()).await,
        None => return unauthorized(),
    };
    let (token_id, actor) = match found {
        Ok(Some(found)) => found,
        Ok(None) => return unauthorized(),
        Err(e) => return ApiError::from(ServiceError::Db(e)).into_response(),
    };
    if let Err(seconds) = api.limiter.check(&token_id) {
        let error = ApiError { retry_after: Some(seconds), ..ApiError::too_many(api.limiter.per_minute()) };
        return error.into_response();
    }
    req.extensions_mut().insert(Caller(actor));
    next.run(req).await
}

/// The signed-in user of the request's session, counted against a rate of their own.
async fn signed_in(api: &Api, session: Option<tower_sessions::Session>) -> Result<Option<(String, Actor)>, sqlx::Error> {
    let Some(session) = session else { return Ok(None) };
    let Ok(Some(user_id)) = session.get::<String>(app::services::sessions::USER_KEY).await else { return Ok(None) };
    Ok(app::services::auth::active_actor(&api.state.db, &user_id).await?.map(|actor| (format!("session:{user_id}"), actor)))
}

fn unauthorized() -> Response {
    let mut response = ApiError::unauthorized().into_response();
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

fn caller(req: &Request) -> Result<Actor, ApiError> {
    req.extensions().get::<Caller>().map(|c| c.0.clone()).ok_or_else(ApiError::unauthorized)
}

/// No create or patch of this API needs more.
const BODY_LIMIT: usize = 256 * 1024;

async fn json_body(req: Request, patch: bool) -> Result<Bytes, ApiError> {
    let media = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let essence = media.split(';').next().unwrap_or("").trim().to_string();
    let accepted = essence == "application/json" || (patch && essence == "application/json-patch+json");
    if !accepted {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UnsupportedMediaType",
            hint(if patch { ApiHint::SendJsonOrPatch } else { ApiHint::SendJson }),
        ));
    }
    axum::body::to_bytes(req.into_body(), BODY_LIMIT)
        .await
        .map_err(|_| ApiError::too_large(BODY_LIMIT))
}

fn with_etag(status: StatusCode, record: &referral_api::Record, viewer: &Actor) -> Response {
    let mut response = (status, axum::Json(resource::referral(record, viewer))).into_response();
    set_etag(response.headers_mut(), record.version);
    response
}

fn set_etag(headers: &mut HeaderMap, version: i64) {
    if let Ok(value) = HeaderValue::from_str(&resource::etag(version)) {
        headers.insert(header::ETAG, value);
    }
}

/// Read one referral.
#[utoipa::path(get, path = "/v1.0/engagements/referrals/{id}", tag = "referrals",
    params(("id" = String, Path, description = "The referral's id")),
    responses(
        (status = 200, description = "The referral", body = resource::Referral, headers(("ETag" = String, description = "The referral's version"))),
        (status = 401, description = "No valid token", body = error::Body),
        (status = 404, description = "No such referral, or one the caller may not see", body = error::Body),
        (status = 429, description = "Too many requests with this token", body = error::Body),
    ))]
async fn get_referral(State(api): State<Api>, Path(id): Path<String>, req: Request) -> Result<Response, ApiError> {
    let actor = caller(&req)?;
    let record = referral_api::get(&api.state, &actor, &id).await?;
    Ok(with_etag(StatusCode::OK, &record, &actor))
}

/// The list's body: a page of referrals, the total when asked, the next page's address.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ReferralList {
    /// How many referrals match, with `$count=true`.
    #[serde(rename = "@odata.count", skip_serializing_if = "Option::is_none")]
    count: Option<i64>,
    value: Vec<resource::Referral>,
    /// The next page; absent on the last.
    #[serde(rename = "@odata.nextLink", skip_serializing_if = "Option::is_none")]
    next_link: Option<String>,
}

/// List the referrals the caller may see.
#[utoipa::path(get, path = "/v1.0/engagements/referrals", tag = "referrals",
    params(
        ("$filter" = Option<String>, Query, description = "Comparisons with eq or ne on status, substatus, direction, type, qualification, engagementId, id, customerProfile/address/country, joined by and, or and parentheses: status eq 'Active' and (direction eq 'Incoming' or type eq 'Shared')"),
        ("$orderby" = Option<String>, Query, description = "createdDateTime or updatedDateTime, then asc or desc (default createdDateTime desc)"),
        ("$top" = Option<i64>, Query, minimum = 1, maximum = 100, description = "Page size (default and most 100)"),
        ("$skip" = Option<i64>, Query, minimum = 0, maximum = 10000, description = "Referrals to skip on the first page"),
        ("$count" = Option<bool>, Query, description = "Include @odata.count"),
        ("$skiptoken" = Option<String>, Query, description = "From @odata.nextLink: where the next page starts"),
    ),
    responses(
        (status = 200, description = "A page of referrals", body = ReferralList),
        (status = 400, description = "A malformed query option, saying where", body = error::Body),
        (status = 401, description = "No valid token", body = error::Body),
        (status = 429, description = "Too many requests with this token", body = error::Body),
    ))]
async fn list_referrals(State(api): State<Api>, RawQuery(query): RawQuery, req: Request) -> Result<Response, ApiError> {
    let actor = caller(&req)?;
    let params = list::Params::parse(query.as_deref().unwrap_or(""))?;
    let page = referral_api::list(&api.state, &actor, &params.request).await?;
    let base = match &api.public_url {
        Some(url) => url.clone(),
        None => format!("http://{}", req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost")),
    };
    let body = ReferralList {
        count: page.count,
        value: page.records.iter().map(|r| resource::referral(r, &actor)).collect(),
        next_link: page.next.as_ref().map(|next| format!("{base}{}?{}", resource::BASE, params.next_query(next))),
    };
    Ok(axum::Json(body).into_response())
}

/// Create an outbound referral (a deal), as the New deal wizard would.
#[utoipa::path(post, path = "/v1.0/engagements/referrals", tag = "referrals",
    request_body(content = input::CreateBody, description = "The referral; property names in any case, decimals as numbers or strings, unknown fields ignored"),
    params(("Idempotency-Key" = Option<String>, Header, description = "A repeat with the same key and body returns the first result")),
    responses(
        (status = 201, description = "Created", body = resource::Referral, headers(("ETag" = String, description = "The referral's version"), ("Location" = String, description = "The referral's address"))),
        (status = 400, description = "Every failing field, with the rule it breaks", body = error::Body),
        (status = 401, description = "No valid token", body = error::Body),
        (status = 403, description = "The caller's role may not create deals (R-ORG-4)", body = error::Body),
        (status = 409, description = "The Idempotency-Key was used with another body", body = error::Body),
        (status = 415, description = "Not JSON", body = error::Body),
        (status = 429, description = "Too many requests with this token", body = error::Body),
    ))]
async fn create_referral(State(api): State<Api>, req: Request) -> Result<Response, ApiError> {
    let actor = caller(&req)?;
    let key = match req.headers().get("idempotency-key") {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .map(str::trim)
                .filter(|k| !k.is_empty() && k.len() <= 255)
                .map(str::to_string)
                .ok_or_else(|| ApiError::bad_request(hint(ApiHint::IdempotencyKey), Vec::new()))?,
        ),
    };
    let body = json_body(req, false).await?;
    let create = input::create(&input::read::<input::CreateBody>(&body)?)?;
    let hash = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&body))
    };
    let request = referral_api::CreateRequest {
        draft: create.draft,
        customer: create.customer,
        extras: create.extras,
        idempotency: key.map(|k| (k, hash)),
        // API.md: a past closingDateTime is accepted (R-NEW-2 makes it a warning the client cannot be asked).
        confirm_warnings: true,
    };
    let (record, _created_now) = referral_api::create(&api.state, &actor, request).await?;
    let mut response = with_etag(StatusCode::CREATED, &record, &actor);
    if let Ok(location) = HeaderValue::from_str(&format!("{}/{}", resource::BASE, record.deal.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// Export the referrals the caller may see as CSV.
#[utoipa::path(get, path = "/v1.0/engagements/referrals/export.csv", tag = "referrals",
    params(
        ("$filter" = Option<String>, Query, description = "As for the list"),
        ("$orderby" = Option<String>, Query, description = "As for the list"),
    ),
    responses(
        (status = 200, description = "One row per referral under a header row", body = String, content_type = "text/csv"),
        (status = 400, description = "A malformed query option, or more rows than one export holds", body = error::Body),
        (status = 401, description = "No valid token", body = error::Body),
        (status = 429, description = "Too many requests with this token", body = error::Body),
    ))]
async fn export_csv(State(api): State<Api>, RawQuery(query): RawQuery, req: Request) -> Result<Response, ApiError> {
    let actor = caller(&req)?;
    let params = list::Params::parse(query.as_deref().unwrap_or(""))?;
    let text = csv::export(&api.state, &actor, params.request).await?;
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8"), (header::CONTENT_DISPOSITION, "attachment; filename=\"referrals.csv\"")],
        text,
    )
        .into_response())
}

/// Create and change referrals from CSV (the export's columns), all or nothing.
#[utoipa::path(post, path = "/v1.0/engagements/referrals/import.csv", tag = "referrals",
    request_body(content = String, content_type = "text/csv", description = "A header row, then one referral per row: with an id it changes that referral, without one it creates one"),
    responses(
        (status = 200, description = "Every row imported", body = csv::ImportResult),
        (status = 400, description = "Nothing written: every failing row and field", body = error::Body),
        (status = 401, description = "No valid token", body = error::Body),
        (status = 409, description = "A referral changed meanwhile; nothing written", body = error::Body),
        (status = 413, description = "The file is too large", body = error::Body),
        (status = 415, description = "Not CSV", body = error::Body),
        (status = 429, description = "Too many requests with this token", body = error::Body),
    ))]
async fn import_csv(State(api): State<Api>, req: Request) -> Result<Response, ApiError> {
    let actor = caller(&req)?;
    let media = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_ascii_lowercase();
    let essence = media.split(';').next().unwrap_or("").trim().to_string();
    if essence != "text/csv" && essence != "text/plain" {
        return Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType", hint(ApiHint::SendCsv)));
    }
    let body = axum::body::to_bytes(req.into_body(), csv::IMPORT_MAX_BYTES).await.map_err(|_| csv::too_large())?;
    let done = csv::import(&api.state, &actor, &body).await?;
    Ok(axum::Json(done).into_response())
}

/// `If-Match`: `"7"`, `W/"7"` or `*` (any version).
fn if_match(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(value) = headers.get(header::IF_MATCH) else { return Ok(None) };
    let text = value.to_str().unwrap_or("").trim();
    if text == "*" {
        return Ok(None);
    }
    let bare = text.trim_start_matches("W/").trim_matches('"');
    bare.parse::<i64>().map(Some).map_err(|_| {
        ApiError::new(StatusCode::PRECONDITION_FAILED, "PreconditionFailed", hint(ApiHint::IfMatch))
    })
}

/// Change a referral with a JSON Patch: all operations apply or none does.
#[utoipa::path(patch, path = "/v1.0/engagements/referrals/{id}", tag = "referrals",
    params(
        ("id" = String, Path, description = "The referral's id"),
        ("If-Match" = Option<String>, Header, description = "Apply only to this version (the ETag)"),
        ("Prefer" = Option<String>, Header, description = "return=representation: answer 200 with the referral, else 204"),
    ),
    request_body(content = Vec<patch::Op>, content_type = "application/json-patch+json", description = "RFC 6902 operations, replace or add, on the editable paths"),
    responses(
        (status = 200, description = "Changed (with Prefer: return=representation)", body = resource::Referral, headers(("ETag" = String, description = "The new version"))),
        (status = 204, description = "Changed", headers(("ETag" = String, description = "The new version"))),
        (status = 400, description = "Operations that cannot apply, each named", body = error::Body),
        (status = 401, description = "No valid token", body = error::Body),
        (status = 403, description = "The caller's role may not do this", body = error::Body),
        (status = 404, description = "No such referral, or one the caller may not see", body = error::Body),
        (status = 409, description = "A rule refuses the change (its id in code), or it changed meanwhile", body = error::Body),
        (status = 412, description = "If-Match names an older version", body = error::Body),
        (status = 415, description = "Not JSON", body = error::Body),
        (status = 429, description = "Too many requests with this token", body = error::Body),
    ))]
async fn patch_referral(State(api): State<Api>, Path(id): Path<String>, req: Request) -> Result<Response, ApiError> {
    let actor = caller(&req)?;
    let expected = if_match(req.headers())?;
    let representation = req
        .headers()
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.split(',').any(|p| p.trim().eq_ignore_ascii_case("return=representation")));
    let body = json_body(req, true).await?;
    let ops: Vec<patch::Op> = input::read(&body)?;
    let current = referral_api::get(&api.state, &actor, &id).await?;
    if expected.is_some_and(|v| v != current.version) {
        return Err(ServiceError::Stale.into());
    }
    let actions = patch::actions(&ops, &current.deal, &actor)?;
    let record = referral_api::patch(&api.state, &actor, &id, &actions, current.version).await.map_err(|e| match (e, expected) {
        // Without If-Match the caller named no version: someone else's change is a conflict.
        (ServiceError::Stale, None) => ApiError::from(ServiceError::Conflict),
        (e, _) => ApiError::from(e),
    })?;
    if representation {
        return Ok(with_etag(StatusCode::OK, &record, &actor));
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    set_etag(response.headers_mut(), record.version);
    Ok(response)
}

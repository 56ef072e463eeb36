//! The API's error body (API.md): `{"error": {"code", "message", "details": [{"field", "message"}]}}`,
//! with the SPEC rule id as `code` where a rule refused, every failing field listed, and nothing
//! internal in a 500. Service errors are mapped here, once.

use app::components::text::{issue_text, refused_text};
use app::domain::issues::{Field, Issues};
use app::domain::refusal::Refused;
pub use app::components::text::ApiHint;
use app::components::text::{ApiMessage as M, api_hint, api_message};
use app::i18n::Locale;
use app::services::ServiceError;
use axum::Json;
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use serde::Serialize;

tokio::task_local! {
    /// X-I18N: the language of this request's `Accept-Language`, for the error messages.
    static LANGUAGE: Locale;
}

fn say(m: M) -> String {
    api_message(language(), m)
}

/// What is wrong with a request, in the caller's language.
pub fn hint(h: ApiHint) -> String {
    api_hint(language(), &h)
}

/// The language the current API request asked for (English outside a request).
pub fn language() -> Locale {
    LANGUAGE.try_with(|l| *l).unwrap_or(Locale::en)
}

/// Runs an API request in the language its `Accept-Language` asks for (the app's own CSV page:
/// the language chosen in the app, its cookie), and says so in `Content-Language`.
pub async fn in_language(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let chosen = req.headers().get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| {
        c.trim().strip_prefix("i18n_pref_locale=").and_then(app::domain::language::parse)
    });
    let asked = || req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(app::domain::language::from_accept_language);
    let l = chosen.or_else(asked).unwrap_or(Locale::en);
    let mut response = LANGUAGE.scope(l, next.run(req)).await;
    response.headers_mut().insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(app::domain::language::tag(l)));
    response
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    pub details: Vec<Detail>,
    pub retry_after: Option<u64>,
}

/// One failing field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Detail {
    pub field: String,
    pub message: String,
}

/// Every error answer of the API (API.md "Errors").
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = Error)]
pub struct Body<'a> {
    error: Inner<'a>,
}

/// The rule id (such as `R-LIFE-4`) or kind of error, a sentence, and every failing field.
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = ErrorDetails)]
pub struct Inner<'a> {
    code: &'a str,
    message: &'a str,
    details: &'a [Detail],
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        ApiError { status, code: code.into(), message: message.into(), details: Vec::new(), retry_after: None }
    }

    /// A request the API cannot read: the fields and what is wrong with each.
    pub fn bad_request(message: impl Into<String>, details: Vec<Detail>) -> Self {
        ApiError { details, ..ApiError::new(StatusCode::BAD_REQUEST, "BadRequest", message) }
    }

    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Detail {
        Detail { field: field.into(), message: message.into() }
    }

    pub fn unauthorized() -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, "Unauthorized", say(M::Unauthorized))
    }

    pub fn not_found() -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "NotFound", say(M::NotFound))
    }

    pub fn no_path() -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "NotFound", say(M::NoPath))
    }

    pub fn internal() -> Self {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "InternalError", say(M::Internal))
    }

    /// 400 with the failing fields listed in `details`.
    pub fn see_details(details: Vec<Detail>) -> Self {
        ApiError::bad_request(say(M::Fields), details)
    }

    pub fn too_many(per_minute: u32) -> Self {
        ApiError::new(StatusCode::TOO_MANY_REQUESTS, "TooManyRequests", say(M::Rate { per_minute }))
    }

    pub fn too_large(limit: usize) -> Self {
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "PayloadTooLarge", say(M::TooLarge { limit }))
    }

    fn refused(refused: &Refused) -> Self {
        let status = if refused.is_permission() { StatusCode::FORBIDDEN } else { StatusCode::CONFLICT };
        ApiError::new(status, refused.rule(), refused_text(language(), refused))
    }

    fn invalid(issues: &Issues, message: &str) -> Self {
        let code = issues.0.iter().find(|i| i.is_error()).or(issues.0.first()).map(|i| i.code.rule()).unwrap_or("BadRequest");
        let details = issues.0.iter().map(|i| ApiError::field(api_field(i.field), issue_text(language(), &i.code))).collect();
        ApiError { details, ..ApiError::new(StatusCode::BAD_REQUEST, code, message) }
    }
}

impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Unauthenticated => ApiError::unauthorized(),
            ServiceError::NotFound => ApiError::not_found(),
            ServiceError::Invalid(issues) | ServiceError::Rule(Refused::Invalid(issues)) => {
                ApiError::invalid(&issues, &say(M::Fields))
            }
            ServiceError::NeedsConfirmation(issues) => ApiError::invalid(&issues, &say(M::Confirm)),
            ServiceError::Rule(refused) => ApiError::refused(&refused),
            ServiceError::Throttled { minutes, .. } => ApiError {
                retry_after: Some(minutes.max(1) as u64 * 60),
                ..ApiError::new(StatusCode::TOO_MANY_REQUESTS, "TooManyRequests", say(M::Throttled))
            },
            ServiceError::Conflict => {
                ApiError::new(StatusCode::CONFLICT, "Conflict", say(M::Conflict))
            }
            ServiceError::Stale => ApiError::new(
                StatusCode::PRECONDITION_FAILED,
                "PreconditionFailed",
                say(M::Stale),
            ),
            ServiceError::KeyReused => ApiError::new(
                StatusCode::CONFLICT,
                "IdempotencyKeyReused",
                say(M::KeyReused),
            ),
            ServiceError::TooLarge { limit } => ApiError::too_large(limit),
            ServiceError::Db(err) => {
                tracing::error!(error = %err, "database error in the REST API");
                ApiError::internal()
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body { error: Inner { code: &self.code, message: &self.message, details: &self.details } };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Where a field of the domain sits in the resource (API.md's names, dotted).
pub fn api_field(field: Field) -> String {
    let s = |t: &str| t.to_string();
    match field {
        Field::CustomerCountry => s("customerProfile.address.country"),
        Field::Customer => s("customerProfile"),
        Field::ContactName => s("customerProfile.team[0].lastName"),
        Field::ContactPhone => s("customerProfile.team[0].phoneNumber"),
        Field::ContactEmail => s("customerProfile.team[0].email"),
        Field::ContactConsent => s("consent.consentToContact"),
        Field::DealName => s("name"),
        Field::Location => s("location"),
        Field::Value => s("details.dealValue"),
        Field::Currency => s("details.currency"),
        Field::CloseDate => s("details.closingDateTime"),
        Field::CrmId => s("externalReferenceId"),
        Field::CampaignId => s("campaignId"),
        Field::Notes => s("details.notes"),
        Field::Team => s("team"),
        Field::MemberName(i) => format!("team[{i}].lastName"),
        Field::MemberPhone(i) => format!("team[{i}].phoneNumber"),
        Field::MemberEmail(i) => format!("team[{i}].email"),
        Field::Solutions => s("details.requirements.solutions"),
        Field::Help => s("inviteContext.assistanceRequestCode"),
        Field::ShareWithMicrosoft => s("consent.consentToShareReferralWithMicrosoftSellers"),
        Field::ContractValue => s("registrations[-].contractValue"),
        Field::ContractCurrency => s("registrations[-].currency"),
        Field::SignedOn => s("registrations[-].signedDate"),
        Field::StartsOn => s("registrations[-].startDate"),
        Field::EndsOn => s("registrations[-].endDate"),
        Field::TermMonths => s("registrations[-].termMonths"),
        Field::RegistrationContactName => s("registrations[-].contact.name"),
        Field::RegistrationContactEmail => s("registrations[-].contact.email"),
        Field::RegistrationContactPhone => s("registrations[-].contact.phoneNumber"),
        Field::RegistrationSolutions => s("registrations[-].solutions"),
        Field::ContractConfirmed => s("registrations[-].contractConfirmed"),
        Field::Partner | Field::Invitation(_) => s("target"),
        Field::PartnerHelp => s("inviteContext.notes"),
        other => other.key(),
    }
}

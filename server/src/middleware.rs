use app::api::AppError;
use app::services::AppState;
use axum::body::Body;
use app::services::auth::{self, CurrentActor};
use app::services::sessions::USER_KEY;
use tower_sessions::Session;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::{Method, StatusCode, header};

/// Static files need no session: the build output under `/pkg/` and the public files at the top
/// (`/favicon.svg`). A dot deeper in a path (`/deals/a.b`) is an app page like any other.
fn is_asset(path: &str) -> bool {
    path.starts_with("/pkg/") || (path.matches('/').count() == 1 && path.contains('.'))
}

/// Resolves the session cookie to the signed-in actor once per request, and sends signed-out
/// visitors of app pages to the sign-in page.
pub async fn session(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    // The REST API authenticates its own callers by token (`rest::authenticate`).
    if is_asset(&path) || path.starts_with(crate::rest::PREFIX) {
        return next.run(req).await;
    }
    let session = req.extensions().get::<Session>().cloned();
    let user_id = match &session {
        Some(s) => s.get::<String>(USER_KEY).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "session lookup failed");
            None
        }),
        None => None,
    };
    let found = match user_id {
        Some(id) => auth::active_actor_and_locale(&state.db, &id).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "user lookup failed");
            None
        }),
        None => None,
    };
    let (actor, saved_locale) = match found {
        Some((actor, locale)) => (Some(actor), locale),
        None => (None, None),
    };
    let is_page = req.method() == Method::GET && !path.starts_with("/api/");
    if is_page && actor.is_none() && path != "/sign-in" {
        let target = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
        return Redirect::to(&format!("/sign-in?next={}", encode(target))).into_response();
    }
    if let (true, Some(actor), "/sign-in") = (is_page, &actor, path.as_str()) {
        return Redirect::to(app::domain::auth::landing(actor)).into_response();
    }
    let req = if path.starts_with("/api/") {
        match guard_server_fn(req, actor.is_some()).await {
            Ok(req) => req,
            Err(error) => return error_response(error),
        }
    } else {
        req
    };
    let mut req = req;
    if let Some(l) = saved_locale {
        prefer_language(&mut req, l);
    }
    req.extensions_mut().insert(CurrentActor(actor));
    next.run(req).await
}

/// X-I18N: a signed-in user's saved language wins over whatever this browser's language cookie
/// says (the page is rendered from that cookie), so every device shows the language they chose.
fn prefer_language(req: &mut Request, l: app::i18n::Locale) {
    const NAME: &str = "i18n_pref_locale";
    let others: Vec<String> = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter(|c| !c.is_empty() && !c.starts_with(&format!("{NAME}=")))
        .map(str::to_string)
        .collect();
    let mut cookies = others;
    cookies.push(format!("{NAME}={}", app::domain::language::tag(l)));
    if let Ok(value) = http::HeaderValue::from_str(&cookies.join("; ")) {
        req.headers_mut().remove(header::COOKIE);
        req.headers_mut().insert(header::COOKIE, value);
    }
}

/// Server functions anyone may call; every other one needs a signed-in user.
const PUBLIC_FUNCTIONS: [&str; 4] = ["/api/me", "/api/session/sign-in", "/api/session/sign-out", "/api/language"];

/// No form of this app sends more; larger bodies are refused before they are read whole.
pub const BODY_LIMIT: usize = 256 * 1024;

/// What a server function call must be before any of it is decoded: a known function (404), from a
/// signed-in user unless public (401), JSON or a form (415), at most `BODY_LIMIT` bytes (413).
/// The body is read here, bounded, so an oversize body never reaches the decoder.
async fn guard_server_fn(req: Request, signed_in: bool) -> Result<Request, AppError> {
    let path = req.uri().path();
    if leptos::server_fn::axum::get_server_fn_service(path, req.method().clone()).is_none() {
        return Err(AppError::NotFound);
    }
    if !signed_in && !PUBLIC_FUNCTIONS.contains(&path) {
        return Err(AppError::NotSignedIn);
    }
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > BODY_LIMIT) {
        return Err(AppError::PayloadTooLarge { limit: BODY_LIMIT });
    }
    let media = req.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap_or("?").to_ascii_lowercase());
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|_| AppError::PayloadTooLarge { limit: BODY_LIMIT })?;
    let accepted = |m: &str| {
        let essence = m.split(';').next().unwrap_or("").trim();
        essence == "application/json" || essence == "application/x-www-form-urlencoded"
    };
    match media {
        Some(m) if !accepted(&m) => return Err(AppError::UnsupportedMediaType),
        None if !bytes.is_empty() => return Err(AppError::UnsupportedMediaType),
        _ => {}
    }
    if holds_nul(&bytes) {
        return Err(AppError::BadRequest("a value contains a NUL character".into()));
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// Whether any value of a JSON or form body holds a NUL character: never meaningful in this app,
/// and PostgreSQL cannot store it. Names and texts also refuse other control characters with a
/// field error (domain rules); this covers every other value, ids included.
fn holds_nul(bytes: &[u8]) -> bool {
    fn in_json(value: &serde_json::Value) -> bool {
        match value {
            serde_json::Value::String(s) => s.contains('\0'),
            serde_json::Value::Array(items) => items.iter().any(in_json),
            serde_json::Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || in_json(v)),
            _ => false,
        }
    }
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle));
    bytes.contains(&0)
        || bytes.windows(3).any(|w| w == b"%00")
        || (has(b"\\u0000") && serde_json::from_slice::<serde_json::Value>(bytes).is_ok_and(|v| in_json(&v)))
}

/// An error answered by the server itself, in the body server functions use (`AppError` as JSON).
pub fn error_response(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(&error).unwrap_or_else(|_| "\"Internal\"".into());
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// State-changing requests from a browser must come from our own origin.
pub async fn same_origin(req: Request, next: Next) -> Response {
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if changes_state {
        let origin = req.headers().get(header::ORIGIN).and_then(|v| v.to_str().ok());
        let host = req.headers().get(header::HOST).and_then(|v| v.to_str().ok());
        if let Some(origin) = origin {
            let ours = host.is_some_and(|h| origin == format!("http://{h}") || origin == format!("https://{h}"));
            if !ours {
                return (StatusCode::FORBIDDEN, "Cross-origin request refused.").into_response();
            }
        }
    }
    next.run(req).await
}

/// The answer to a request whose handler panicked: logged with its message, a 500 with the body
/// server functions use (pages show the same generic sentence).
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "request handler panicked");
    error_response(AppError::Internal)
}

/// Every request runs to its end in a task of its own, even when the client goes away mid-way.
///
/// Leptos renders a page under a reactive owner that lives as long as the handler's future and the
/// response body. Hyper drops both the moment a client disconnects, while tasks the render spawned
/// (resource loads, the Suspense effect that walks the view) still run on the other worker and then
/// read signals and contexts that are gone: the disposed-value and missing-context panics. Here the
/// handler cannot be cancelled, and a body the client stopped reading is read to its end in the
/// background, so the owner is only ever dropped after its render finished.
pub async fn run_to_completion(req: Request, next: Next) -> Response {
    let task = tokio::spawn(async move {
        let response = next.run(req).await;
        // A live-update stream never ends and renders nothing: it is dropped with its client.
        let live = response.headers().get(header::CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"text/event-stream"));
        if live { response } else { response.map(|body| Body::new(Drained(Some(body)))) }
    });
    match task.await {
        Ok(response) => response,
        Err(error) if error.is_panic() => panic_response(error.into_panic()),
        Err(error) => {
            tracing::error!(%error, "request task ended without an answer");
            error_response(AppError::Internal)
        }
    }
}

/// A response body that, dropped before its end, is read to its end by a background task.
struct Drained(Option<Body>);

/// How long a render whose client left may still take before it is dropped anyway.
const DRAIN_SECONDS: u64 = 60;

impl http_body::Body for Drained {
    type Data = bytes::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let Some(body) = self.0.as_mut() else { return std::task::Poll::Ready(None) };
        let polled = std::pin::Pin::new(body).poll_frame(cx);
        if let std::task::Poll::Ready(None) = polled {
            self.0 = None;
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.0.as_ref().is_none_or(http_body::Body::is_end_stream)
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.0.as_ref().map(http_body::Body::size_hint).unwrap_or_else(|| http_body::SizeHint::with_exact(0))
    }
}

impl Drop for Drained {
    fn drop(&mut self) {
        use http_body_util::BodyExt;
        let Some(mut body) = self.0.take() else { return };
        if http_body::Body::is_end_stream(&body) {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let drain = async { while let Some(Ok(_)) = body.frame().await {} };
                let _ = tokio::time::timeout(std::time::Duration::from_secs(DRAIN_SECONDS), drain).await;
            });
        }
    }
}

use app::services::AppState;
use app::services::auth::{self, CurrentActor};
use app::services::sessions::USER_KEY;
use tower_sessions::Session;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::{Method, StatusCode, header};

/// Static files and the build output need no session.
fn is_asset(path: &str) -> bool {
    path.starts_with("/pkg/") || path.rsplit('/').next().is_some_and(|last| last.contains('.'))
}

/// Resolves the session cookie to the signed-in actor once per request, and sends signed-out
/// visitors of app pages to the sign-in page.
pub async fn session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if is_asset(&path) {
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
    let actor = match user_id {
        Some(id) => auth::active_actor(&state.db, &id).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "user lookup failed");
            None
        }),
        None => None,
    };
    let is_page = req.method() == Method::GET && !path.starts_with("/api/");
    if is_page && actor.is_none() && path != "/sign-in" {
        let target = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
        return Redirect::to(&format!("/sign-in?next={}", encode(target))).into_response();
    }
    if is_page && actor.is_some() && path == "/sign-in" {
        return Redirect::to("/referrals/outbound").into_response();
    }
    req.extensions_mut().insert(CurrentActor(actor));
    next.run(req).await
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

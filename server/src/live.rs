//! X-LIVE: one server-sent-events stream per signed-in browser (`GET /events`). Each committed
//! change is passed on only as far as the user may see it (R-ORG-3, in SQL), as event `change`:
//! the ids of the deals they see that changed, and their own id when they were notified. The
//! browser's `EventSource` reconnects on its own; a subscriber that fell behind is told to refresh
//! everything (event `resync`).

use app::services::AppState;
use app::services::auth::CurrentActor;
use app::services::live::visible_to;
use axum::extract::Request;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use http::StatusCode;
use std::convert::Infallible;
use tokio::sync::broadcast::error::RecvError;

pub async fn events(state: AppState, req: Request) -> Response {
    let Some(actor) = req.extensions().get::<CurrentActor>().and_then(|c| c.0.clone()) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let rx = state.live.subscribe();
    let events = stream::unfold((rx, state, actor), |(mut rx, state, actor)| async move {
        loop {
            let event = match rx.recv().await {
                Ok(change) => match visible_to(&state, &actor, &change).await {
                    Ok(seen) if seen.is_empty() => continue,
                    Ok(seen) => Event::default().event("change").data(serde_json::to_string(&seen).unwrap_or_default()),
                    Err(error) => {
                        tracing::warn!(%error, "live updates: visibility");
                        continue;
                    }
                },
                Err(RecvError::Lagged(_)) => Event::default().event("resync").data("1"),
                Err(RecvError::Closed) => return None,
            };
            return Some((Ok::<_, Infallible>(event), (rx, state, actor)));
        }
    });
    Sse::new(events).keep_alive(KeepAlive::default()).into_response()
}

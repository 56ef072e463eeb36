//! The axum server: configuration, router, middleware; `Application` is what `main` and the
//! integration tests start.

pub mod config;
mod live;
pub mod mail;
mod middleware;
pub mod rest;
pub mod webhooks;
pub mod seed;
pub mod volume;

pub use config::Config;

use app::domain::clock::Clock;
use app::services::{AppState, Db};
use app::{App, shell};
use axum::Router;
use axum::serve::ListenerExt;
use axum::body::Body;
use axum::extract::Request;
use axum::routing::{get, post};
use http::HeaderValue;
use http::header::{REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;
use tower::Layer;
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};
use app::services::sessions::{COOKIE_NAME, SESSION_DAYS};

pub struct Application {
    listener: TcpListener,
    router: Router,
    timer_seconds: u64,
    mail_seconds: u64,
    webhook_seconds: u64,
    database_url: String,
    pub mailer: mail::Mailer,
    pub webhooks: webhooks::Sender,
    pub state: AppState,
}

impl Application {
    /// Connects and migrates the database, builds the router and binds the port (0 = any free port).
    pub async fn build(config: Config, clock: Arc<dyn Clock>) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let db = Db::connect(&config.database_url).await?;
        let state = AppState { db, clock, secure_cookies: config.secure_cookies, notify: Arc::new(config.notify.clone()), live: Default::default(), hooks: config.hooks, api_doc: Arc::new(rest::openapi()) };
        let listener = TcpListener::bind(config.addr).await?;
        let base_url = config.public_url.clone().unwrap_or_else(|| format!("http://{}", listener.local_addr().expect("bound listener")));
        let mailer = mail::Mailer::new(&config.mail, base_url.clone())?;
        let webhooks = webhooks::Sender::new(base_url, config.hooks.allow_private)?;
        let mut leptos_options = get_configuration(None)?.leptos_options;
        leptos_options.output_name = Arc::from("cosell");
        leptos_options.site_root = Arc::from(config.site_root.as_str());
        leptos_options.site_addr = listener.local_addr()?;
        leptos_options.hash_files = hashed_site(&leptos_options.hash_file);
        let router = router(state.clone(), leptos_options, &config);
        Ok(Application { listener, router, timer_seconds: config.timer_seconds, mail_seconds: config.mail.seconds, webhook_seconds: config.webhook_seconds, database_url: config.database_url.clone(), mailer, webhooks, state })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener.local_addr().expect("bound listener")
    }

    pub async fn run(self) -> std::io::Result<()> {
        // Expired sessions are removed hourly.
        let store = self.state.db.sessions.clone();
        tokio::spawn(async move {
            let _ = store.continuously_delete_expired(tokio::time::Duration::from_secs(3600)).await;
        });
        if self.timer_seconds > 0 {
            tokio::spawn(run_timers(self.state.clone(), self.timer_seconds));
        }
        if self.state.db.engine == app::services::db::Engine::Postgres {
            tokio::spawn(app::services::live::relay(self.database_url.clone(), self.state.live.clone()));
        }
        if self.mail_seconds > 0 {
            tokio::spawn(mail::run(self.state.clone(), self.mailer.clone(), self.mail_seconds));
        }
        if self.webhook_seconds > 0 {
            tokio::spawn(webhooks::run(self.state.clone(), self.webhooks.clone(), self.webhook_seconds));
        }
        // Streamed pages go out in small chunks: without TCP_NODELAY a kept-alive connection waits
        // ~40 ms on delayed ACKs before each response's last chunk.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::warn!(%error, "TCP_NODELAY");
            }
        });
        axum::serve(listener, self.router.into_make_service_with_connect_info::<SocketAddr>()).with_graceful_shutdown(shutdown()).await
    }
}

/// R-LIFE-2, R-LIFE-5, X-REMIND: closes the 14-day windows that ran out and reminds those that are
/// closing, on every app server; X-DRAFT: deletes drafts untouched for 30 days.
async fn run_timers(state: AppState, seconds: u64) {
    let mut tick = tokio::time::interval(tokio::time::Duration::from_secs(seconds));
    loop {
        tick.tick().await;
        match app::services::timers::run_due(&state).await {
            Ok(done) if done.deals + done.microsoft > 0 => {
                tracing::info!(deals = done.deals, microsoft = done.microsoft, "expired after 14 days without an answer")
            }
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "expiry timer"),
        }
        match app::services::reminders::run_due(&state).await {
            Ok(0) => {}
            Ok(reminded) => tracing::info!(reminded, "reminders sent before windows close"),
            Err(error) => tracing::error!(%error, "reminders"),
        }
        match app::services::drafts::purge(&state).await {
            Ok(0) => {}
            Ok(purged) => tracing::info!(purged, "drafts untouched for 30 days deleted"),
            Err(error) => tracing::error!(%error, "draft purge"),
        }
    }
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}

fn router(state: AppState, leptos_options: LeptosOptions, config: &Config) -> Router {
    let routes = generate_route_list(App);
    let fn_state = state.clone();
    let server_fns = move |req: Request<Body>| {
        let state = fn_state.clone();
        async move { handle_server_fns_with_context(move || provide_context(state.clone()), req).await }
    };
    let page_state = state.clone();
    let pkg = format!("{}/{}", leptos_options.site_root, leptos_options.site_pkg_dir);
    let live_state = state.clone();
    Router::new()
        .route("/api/{*fn_name}", post(server_fns.clone()).get(server_fns))
        .route("/events", get(move |req: Request<Body>| live::events(live_state.clone(), req)))
        .nest(rest::PREFIX, rest::router(state.clone(), config.api_rate_per_minute, config.public_url.clone()))
        .nest_service(&format!("/{}", leptos_options.site_pkg_dir), assets(&pkg, leptos_options.hash_files))
        .leptos_routes_with_context(
            &leptos_options,
            routes,
            move || provide_context(page_state.clone()),
            {
                let options = leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(leptos_options)
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::session))
        .layer(
            SessionManagerLayer::new(state.db.sessions.clone())
                .with_name(COOKIE_NAME)
                .with_http_only(true)
                .with_same_site(SameSite::Lax)
                .with_secure(state.secure_cookies)
                .with_expiry(Expiry::OnInactivity(time::Duration::days(SESSION_DAYS))),
        )
        .layer(axum::middleware::from_fn(middleware::same_origin))
        // A panic in one request is that request's logged 500, never a dropped connection.
        .layer(CatchPanicLayer::custom(middleware::panic_response))
        .layer(axum::middleware::from_fn(middleware::run_to_completion))
        .layer(SetResponseHeaderLayer::overriding(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        // Pages, server functions, JS and CSS compressed as they go. Brotli quality 4 costs about
        // what gzip does and saves more; 11 would cost tens of ms a page. The wasm is compressed
        // once by the release build (`--precompress`), never per request.
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(4))
                .compress_when(
                    DefaultPredicate::new()
                        .and(NotForContentType::const_new("application/wasm"))
                        // Live updates go out as they happen, never held back to fill a compressed block.
                        .and(NotForContentType::const_new("text/event-stream")),
                ),
        )
}

/// `cargo leptos build` content-hashes the wasm, JS and CSS names when the workspace asks for it
/// (`hash-files`) and writes the hashes to a file beside the server binary; the pages then link the
/// hashed names. Without that file (a test binary, a build without hashing) the plain names are used.
fn hashed_site(hash_file: &str) -> bool {
    std::env::current_exe().ok().and_then(|exe| exe.parent().map(|dir| dir.join(hash_file).is_file())).unwrap_or(false)
}

/// The wasm, JS and CSS: served precompressed (`.br`, `.gz` written by the release build) to
/// browsers that accept it. Content-hashed names never change content, so browsers keep them a
/// year without asking again; plain names are revalidated on every load.
fn assets(dir: &str, hashed: bool) -> SetResponseHeader<ServeDir, HeaderValue> {
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    let cache = if hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
    SetResponseHeaderLayer::overriding(http::header::CACHE_CONTROL, HeaderValue::from_static(cache)).layer(files)
}

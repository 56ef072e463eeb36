//! Black-box HTTP tests of the Co-sell server. `spawn_app` starts the real application on a random
//! port with its own fresh database (SQLite file or a new PostgreSQL database), seeded with the demo
//! data and a fixed clock; tests talk to it over HTTP only.

use app::api::AppError;
use chrono::{DateTime, Utc};
use reqwest::{Client, Response, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use server::{Application, Config};
use sqlx::{Connection, Executor};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The instant every test runs at.
pub fn test_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z").expect("time").with_timezone(&Utc)
}

pub const PASSWORD: &str = server::seed::DEMO_PASSWORD;

/// The server's clock in a test: it stands still at `test_now` until the test moves it, so
/// windows (14 days, 72 hours, reminders) are crossed through the served app without sleeping.
#[derive(Debug)]
pub struct TestClock(std::sync::Mutex<DateTime<Utc>>);

impl app::domain::clock::Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("clock")
    }
}

pub struct TestApp {
    pub base: String,
    pub engine: Engine,
    pub state: app::services::AppState,
    /// Where the e-mail worker writes its `.eml` files (`Application::mailer`).
    pub mailer: server::mail::Mailer,
    pub webhooks: server::webhooks::Sender,
    pub mail_dir: std::path::PathBuf,
    clock: Arc<TestClock>,
    pg_database: Option<String>,
    sqlite_dir: Option<std::path::PathBuf>,
}

fn postgres_admin_url() -> String {
    std::env::var("COSELL_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Panics on the server's threads (tokio workers, named `tokio-runtime-worker` or `tokio-rt-worker`) in this test process. A panic reached from a
/// request is a bug even when the client got an answer, so `cleanup` fails the test on any.
static SERVER_PANICS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

fn watch_for_server_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let thread = std::thread::current();
            if thread.name().is_some_and(|n| n.starts_with("tokio-")) {
                if let Ok(mut panics) = SERVER_PANICS.lock() {
                    panics.push(info.to_string());
                }
            }
            default(info);
        }));
    });
}

/// The server panics seen so far in this process.
pub fn server_panics() -> Vec<String> {
    SERVER_PANICS.lock().map(|p| p.clone()).unwrap_or_default()
}

pub async fn spawn_app(engine: Engine) -> TestApp {
    spawn_app_with(engine, |_| {}).await
}

/// `spawn_app` with settings changed by `configure` before the server starts.
pub async fn spawn_app_with(engine: Engine, configure: impl FnOnce(&mut Config)) -> TestApp {
    watch_for_server_panics();
    sqlx::any::install_default_drivers();
    let unique = uuid::Uuid::new_v4().simple().to_string();
    let (database_url, pg_database, sqlite_dir) = match engine {
        Engine::Sqlite => {
            let dir = std::env::temp_dir().join(format!("cosell-test-{unique}"));
            std::fs::create_dir_all(&dir).expect("temp dir");
            (format!("sqlite://{}/test.db", dir.display()), None, Some(dir))
        }
        Engine::Postgres => {
            let admin = postgres_admin_url();
            let mut conn = sqlx::AnyConnection::connect(&admin).await.unwrap_or_else(|e| {
                panic!("PostgreSQL is required for these tests and is not reachable at {admin}: {e}")
            });
            let name = format!("cosell_test_{unique}");
            conn.execute(format!("CREATE DATABASE \"{name}\"").as_str()).await.expect("create test database");
            let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(admin.clone());
            (format!("{base}/{name}"), Some(name), None)
        }
    };
    let mut config = Config::from_lookup(|_| None).expect("default configuration");
    config.database_url = database_url;
    config.addr = "127.0.0.1:0".parse().expect("addr");
    config.seed_demo = false;
    // Tests run the expiry timer, the reminders and the outbox worker themselves, with a clock they choose.
    config.timer_seconds = 0;
    config.mail.seconds = 0;
    config.webhook_seconds = 0;
    // Test receivers listen on this machine.
    config.hooks.allow_private = true;
    config.mail.dir = std::env::temp_dir().join(format!("cosell-mail-{unique}")).display().to_string();
    configure(&mut config);
    let clock = Arc::new(TestClock(std::sync::Mutex::new(test_now())));
    let app = Application::build(config, clock.clone()).await.expect("start application");
    server::seed::seed(&app.state).await.expect("seed demo data");
    let base = format!("http://{}", app.address());
    let state = app.state.clone();
    let mailer = app.mailer.clone();
    let webhooks = app.webhooks.clone();
    let mail_dir = match &mailer.transport {
        server::mail::Transport::Files(dir) => dir.clone(),
        server::mail::Transport::Smtp(_) => unreachable!("tests write e-mail to files"),
    };
    tokio::spawn(app.run());
    TestApp { base, engine, state, mailer, webhooks, mail_dir, clock, pg_database, sqlite_dir }
}

impl TestApp {
    /// Moves the server's clock (and `state`'s: they share it).
    pub fn set_now(&self, at: DateTime<Utc>) {
        *self.clock.0.lock().expect("clock") = at;
    }

    /// A client with its own cookie jar, not signed in.
    pub fn client(&self) -> Client {
        Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// Signs in as a demo user and returns a client carrying the session cookie.
    pub async fn signed_in(&self, email: &str) -> Client {
        let client = self.client();
        let response = self.sign_in_with(&client, email, PASSWORD).await;
        assert!(response.status().is_success() || response.status().is_redirection(), "sign-in of {email}: {}", response.status());
        client
    }

    pub async fn sign_in_with(&self, client: &Client, email: &str, password: &str) -> Response {
        client
            .post(format!("{}/api/session/sign-in", self.base))
            .header("Accept", "application/json")
            .form(&[("email", email), ("password", password), ("next", "")])
            .send()
            .await
            .expect("sign-in request")
    }

    /// Calls a JSON-encoded server function; `Err` carries the HTTP status and the app's error.
    pub async fn call<T: DeserializeOwned>(&self, client: &Client, endpoint: &str, body: &impl Serialize) -> Result<T, (StatusCode, AppError)> {
        self.send(client, endpoint, |r| r.json(body)).await
    }

    /// Calls a form-encoded server function.
    pub async fn call_form<T: DeserializeOwned>(&self, client: &Client, endpoint: &str, form: &[(&str, &str)]) -> Result<T, (StatusCode, AppError)> {
        self.send(client, endpoint, |r| r.form(form)).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        client: &Client,
        endpoint: &str,
        body: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> Result<T, (StatusCode, AppError)> {
        let request = client.post(format!("{}/api/{endpoint}", self.base)).header("Accept", "application/json");
        decode(body(request).send().await.expect("request")).await
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.state.db.pool).await.expect("count")
    }

    /// Drops the PostgreSQL database or the SQLite folder of this test, then fails the test if the
    /// server panicked while it ran.
    pub async fn cleanup(mut self) {
        self.drop_database().await;
        let panics = server_panics();
        assert!(panics.is_empty(), "the server panicked {} time(s); first: {}", panics.len(), panics[0]);
    }

    async fn drop_database(&mut self) {
        self.state.db.close().await;
        if let Some(name) = self.pg_database.take() {
            let mut conn = sqlx::AnyConnection::connect(&postgres_admin_url()).await.expect("admin connection");
            conn.execute(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str()).await.expect("drop test database");
        }
        if let Some(dir) = self.sqlite_dir.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
        let _ = std::fs::remove_dir_all(&self.mail_dir);
    }
}

/// A test that fails before `cleanup` still leaves no database behind: the PostgreSQL database is
/// dropped from a thread of its own (the test's runtime may be unwinding), the SQLite folder removed.
impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(name) = self.pg_database.take() {
            let url = postgres_admin_url();
            let dropped = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                runtime.block_on(async {
                    let mut conn = sqlx::AnyConnection::connect(&url).await.ok()?;
                    conn.execute(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str()).await.ok()
                })
            })
            .join();
            if !matches!(dropped, Ok(Some(_))) {
                eprintln!("could not drop a test database; `make test` drops leftovers at its start");
            }
        }
        if let Some(dir) = self.sqlite_dir.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
        let _ = std::fs::remove_dir_all(&self.mail_dir);
    }
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, (StatusCode, AppError)> {
    let status = response.status();
    let text = response.text().await.expect("body");
    if status.is_success() {
        Ok(serde_json::from_str(&text).unwrap_or_else(|e| panic!("decode {status} {text}: {e}")))
    } else {
        let error = serde_json::from_str(&text).unwrap_or_else(|e| panic!("decode error {status} {text}: {e}"));
        Err((status, error))
    }
}

/// Runs a test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::Engine::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::Engine::Postgres).await
                }
            }
        )*
    };
}

//! Sessions kept in the database through tower-sessions and its sqlx store, on either engine.
//! The store is one of the library's own; this enum only picks the engine at run time.

use super::db::Engine;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::sqlx::{PgPool, SqlitePool};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The key under which a session holds the signed-in user's id.
pub const USER_KEY: &str = "user_id";
pub const COOKIE_NAME: &str = "cosell_session";
pub const SESSION_DAYS: i64 = 7;

#[derive(Debug, Clone)]
pub enum DbSessionStore {
    Sqlite(SqliteStore, SqlitePool),
    Postgres(PostgresStore, PgPool),
}

impl DbSessionStore {
    /// Opens the store on the application's database (a pool of its own) and creates its table.
    pub async fn connect(url: &str, engine: Engine) -> Result<Self, sqlx::Error> {
        Ok(match engine {
            Engine::Sqlite => {
                let pool = SqlitePool::connect(url).await?;
                let store = SqliteStore::new(pool.clone());
                store.migrate().await?;
                DbSessionStore::Sqlite(store, pool)
            }
            Engine::Postgres => {
                let pool = PgPool::connect(url).await?;
                let store = PostgresStore::new(pool.clone());
                store.migrate().await?;
                DbSessionStore::Postgres(store, pool)
            }
        })
    }

    pub async fn close(&self) {
        match self {
            DbSessionStore::Sqlite(_, pool) => pool.close().await,
            DbSessionStore::Postgres(_, pool) => pool.close().await,
        }
    }

    /// Where the sessions are, for tests and operators.
    pub fn table(&self) -> &'static str {
        match self {
            DbSessionStore::Sqlite(..) => "tower_sessions",
            DbSessionStore::Postgres(..) => "tower_sessions.session",
        }
    }
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s, _) => s.create(record).await,
            DbSessionStore::Postgres(s, _) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s, _) => s.save(record).await,
            DbSessionStore::Postgres(s, _) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            DbSessionStore::Sqlite(s, _) => s.load(id).await,
            DbSessionStore::Postgres(s, _) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s, _) => s.delete(id).await,
            DbSessionStore::Postgres(s, _) => s.delete(id).await,
        }
    }
}

#[async_trait::async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            DbSessionStore::Sqlite(s, _) => s.delete_expired().await,
            DbSessionStore::Postgres(s, _) => s.delete_expired().await,
        }
    }
}

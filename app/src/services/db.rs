//! One query layer for both engines: sqlx's `Any` driver over SQLite or PostgreSQL, portable SQL,
//! `$n` placeholders, and values stored as text, BIGINT and BOOLEAN only.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sqlx::any::{AnyArguments, AnyPoolOptions, install_default_drivers};
use sqlx::query::Query;
use sqlx::{Any, AnyPool, Executor};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    /// Where write transactions run (`Db::write`): on SQLite a pool of one connection, so writers
    /// queue in order in the process instead of polling SQLite's lock with its busy handler, whose
    /// growing sleeps (up to 100 ms a try) gave a few writes a tail of half a second. On PostgreSQL
    /// the main pool: row locks let writers run side by side.
    writer: AnyPool,
    pub engine: Engine,
    pub sessions: super::sessions::DbSessionStore,
}

impl Db {
    /// Connects (creating a SQLite file and its folder when missing) and applies migrations.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        install_default_drivers();
        let engine = if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Engine::Postgres
        } else if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else {
            return Err(sqlx::Error::Configuration(format!("unsupported DATABASE_URL scheme: {url}").into()));
        };
        let url = match engine {
            Engine::Sqlite => prepare_sqlite(url)?,
            Engine::Postgres => url.to_string(),
        };
        let pool = pool_options(engine, 4).connect(&url).await?;
        let writer = match engine {
            Engine::Sqlite => {
                sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await?;
                pool_options(engine, 1).connect(&url).await?
            }
            Engine::Postgres => pool.clone(),
        };
        sqlx::migrate!("./migrations").run(&writer).await.map_err(|e| sqlx::Error::Migrate(Box::new(e)))?;
        super::search::install(&writer, engine).await?;
        super::deal_store::backfill(&writer, engine).await?;
        let sessions = super::sessions::DbSessionStore::connect(&url, engine).await?;
        Ok(Db { pool, writer, engine, sessions })
    }

    /// Begins a transaction that writes (see `writer`).
    pub async fn write(&self) -> Result<sqlx::Transaction<'static, Any>, sqlx::Error> {
        self.writer.begin().await
    }

    /// Where a single statement that writes runs (see `writer`).
    pub fn writer(&self) -> &AnyPool {
        &self.writer
    }

    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
        self.sessions.close().await;
    }
}

/// `sqlite_connections` sizes a SQLite pool; PostgreSQL's is 16.
fn pool_options(engine: Engine, sqlite_connections: u32) -> AnyPoolOptions {
    match engine {
        Engine::Postgres => AnyPoolOptions::new().max_connections(16),
        // WAL with synchronous = FULL: a commit returns only after its WAL frames are synced, so an
        // acknowledged write survives a killed process (tested) and a lost machine alike. Reads go
        // through a memory map of the file (up to 2 GiB) rather than a read call per page into a
        // 2 MB cache per connection, which at 100k deals spent as much time in the kernel as in SQLite.
        Engine::Sqlite => AnyPoolOptions::new().max_connections(sqlite_connections).after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = FULL; PRAGMA mmap_size = 2147483648;")
                    .await?;
                Ok(())
            })
        }),
    }
}

fn prepare_sqlite(url: &str) -> Result<String, sqlx::Error> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let (file, params) = path.split_once('?').unwrap_or((path, ""));
    if file != ":memory:" {
        if let Some(dir) = std::path::Path::new(file).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
        }
    }
    Ok(if params.contains("mode=") { url.to_string() } else if params.is_empty() {
        format!("sqlite://{file}?mode=rwc")
    } else {
        format!("sqlite://{file}?{params}&mode=rwc")
    })
}

/// The statuses that `keep` selects as an SQL list, `('won', 'lost')`: queries name statuses
/// through the domain's own predicates (`Status::is_terminal` …), never as literals of their own.
pub fn statuses(keep: fn(&crate::domain::deal::Status) -> bool) -> String {
    let words: Vec<String> = crate::domain::deal::Status::ALL.iter().filter(|s| keep(s)).map(|s| format!("'{}'", s.as_str())).collect();
    format!("({})", words.join(", "))
}

/// A stored word of the domain (status, stage …). One this build does not know is an error that is
/// logged where it surfaces, never read as some default.
pub fn stored<T>(row: &sqlx::any::AnyRow, column: &str, parse: fn(&str) -> Option<T>) -> Result<T, sqlx::Error> {
    use sqlx::Row;
    let text: String = row.try_get(column)?;
    parse(&text).ok_or_else(|| sqlx::Error::Decode(format!("column {column} holds {text:?}, which this build does not know").into()))
}

/// Reads a 0/1 flag column.
pub fn flag(row: &sqlx::any::AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    use sqlx::Row;
    Ok(row.try_get::<i64, _>(column)? != 0)
}

/// Fixed-width UTC text, so that text order is time order on both engines.
pub fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn parse_ts(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).map(|d| d.with_timezone(&Utc)).unwrap_or_default()
}

pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn parse_date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Escapes `%`, `_` and `\\` for `LIKE ... ESCAPE '\\'`, so user text matches literally.
pub fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// A bound value of a dynamically built query.
#[derive(Debug, Clone)]
pub enum Val {
    Text(String),
    Int(i64),
}

/// Builds SQL with `$n` placeholders, the form both engines accept.
#[derive(Debug, Default)]
pub struct Sql {
    text: String,
    vals: Vec<Val>,
}

impl Sql {
    pub fn new(text: &str) -> Self {
        Sql { text: text.to_string(), vals: Vec::new() }
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    pub fn bind_text(&mut self, value: impl Into<String>) -> &mut Self {
        self.vals.push(Val::Text(value.into()));
        self.text.push_str(&format!("${}", self.vals.len()));
        self
    }

    pub fn bind_int(&mut self, value: i64) -> &mut Self {
        self.vals.push(Val::Int(value));
        self.text.push_str(&format!("${}", self.vals.len()));
        self
    }

    pub fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        self.query_with_text(&self.text)
    }

    /// The same values bound to another text with the same placeholders (e.g. `EXPLAIN` before it).
    pub fn query_with_text<'a>(&'a self, text: &'a str) -> Query<'a, Any, AnyArguments<'a>> {
        self.vals.iter().fold(sqlx::query(text), |q, v| match v {
            Val::Text(t) => q.bind(t.as_str()),
            Val::Int(i) => q.bind(*i),
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_sort_as_text() {
        let a = ts(DateTime::parse_from_rfc3339("2026-01-02T03:04:05Z").unwrap().with_timezone(&Utc));
        let b = ts(DateTime::parse_from_rfc3339("2026-01-02T03:04:05.5Z").unwrap().with_timezone(&Utc));
        assert_eq!(a, "2026-01-02T03:04:05.000000Z");
        assert!(a < b);
        assert_eq!(parse_ts(&b).timestamp_subsec_millis(), 500);
    }

    #[test]
    fn sql_numbers_placeholders() {
        let mut sql = Sql::new("SELECT 1 WHERE a = ");
        sql.bind_text("x").push(" AND b = ").bind_int(2);
        assert_eq!(sql.text(), "SELECT 1 WHERE a = $1 AND b = $2");
    }

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(escape_like(r"50%_a\b"), r"50\%\_a\\b");
    }

    #[test]
    fn sqlite_urls_get_create_mode() {
        assert_eq!(prepare_sqlite("sqlite::memory:").unwrap(), "sqlite://:memory:?mode=rwc");
        assert_eq!(prepare_sqlite("sqlite://x.db?mode=ro").unwrap(), "sqlite://x.db?mode=ro");
    }
}

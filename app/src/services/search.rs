//! Text search through each engine's own index (R-TAB-2 deal search, R-CAT-3 customer search):
//! FTS5 on SQLite, `pg_trgm` and `tsvector` on PostgreSQL. The shared migrations are portable SQL
//! and cannot hold these, so `install` adds them after the migrations, idempotently; an index built
//! here for the first time is filled from the rows already there.

use super::db::{Db, Engine, Sql, escape_like};
use crate::domain::fields::SearchText;
use sqlx::AnyPool;

/// Trigram indexes find substrings of at least this many characters; shorter text is matched by a
/// scan of the list's own index, which stops at a page.
const TRIGRAM: usize = 3;

/// SQLite's text tables, by name: created (and filled from the rows already there) when missing.
const SQLITE_TABLES: &[(&str, &str)] = &[
    // Deals: substrings of the lower-cased deal and customer name. External content: the index
    // holds only the trigrams, keyed by the deal's rowid.
    ("deal_text", "CREATE VIRTUAL TABLE deal_text USING fts5(search_norm, content='deals', content_rowid='rowid', tokenize='trigram')"),
    // Customers: words of the name, with prefix indexes for the first letters typed, and the country.
    (
        "customer_words",
        "CREATE VIRTUAL TABLE customer_words USING fts5(name_norm, country, content='customers', content_rowid='rowid', prefix='2 3')",
    ),
];

/// What keeps SQLite's text tables in step with their rows.
const SQLITE_TRIGGERS: &[&str] = &[
    "CREATE TRIGGER IF NOT EXISTS deal_text_insert AFTER INSERT ON deals BEGIN \
       INSERT INTO deal_text(rowid, search_norm) VALUES (new.rowid, new.search_norm); END",
    "CREATE TRIGGER IF NOT EXISTS deal_text_delete AFTER DELETE ON deals BEGIN \
       INSERT INTO deal_text(deal_text, rowid, search_norm) VALUES ('delete', old.rowid, old.search_norm); END",
    "CREATE TRIGGER IF NOT EXISTS deal_text_update AFTER UPDATE OF search_norm ON deals BEGIN \
       INSERT INTO deal_text(deal_text, rowid, search_norm) VALUES ('delete', old.rowid, old.search_norm); \
       INSERT INTO deal_text(rowid, search_norm) VALUES (new.rowid, new.search_norm); END",
    "CREATE TRIGGER IF NOT EXISTS customer_words_insert AFTER INSERT ON customers BEGIN \
       INSERT INTO customer_words(rowid, name_norm, country) VALUES (new.rowid, new.name_norm, new.country); END",
    "CREATE TRIGGER IF NOT EXISTS customer_words_delete AFTER DELETE ON customers BEGIN \
       INSERT INTO customer_words(customer_words, rowid, name_norm, country) VALUES ('delete', old.rowid, old.name_norm, old.country); END",
    "CREATE TRIGGER IF NOT EXISTS customer_words_update AFTER UPDATE OF name_norm, country ON customers BEGIN \
       INSERT INTO customer_words(customer_words, rowid, name_norm, country) VALUES ('delete', old.rowid, old.name_norm, old.country); \
       INSERT INTO customer_words(rowid, name_norm, country) VALUES (new.rowid, new.name_norm, new.country); END",
];

const POSTGRES: &[&str] = &[
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    // Serves `search_norm LIKE '%…%'` (3 characters or more) when it is selective; otherwise the
    // planner reads the list's own index in order.
    "CREATE INDEX IF NOT EXISTS deals_search_trgm ON deals USING gin (search_norm gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS customers_words ON customers USING gin (to_tsvector('simple', name_norm))",
    // Name prefixes compare bytes, as on SQLite, whatever the database's collation.
    "CREATE INDEX IF NOT EXISTS customers_country_name_bytes ON customers (country, (name_norm COLLATE \"C\"))",
];

/// Adds the engine's text-search indexes (and fills a new one).
pub async fn install(pool: &AnyPool, engine: Engine) -> Result<(), sqlx::Error> {
    match engine {
        Engine::Postgres => {
            for statement in POSTGRES {
                sqlx::query(statement).execute(pool).await?;
            }
        }
        Engine::Sqlite => {
            let mut tx = pool.begin().await?;
            for &(table, create) in SQLITE_TABLES {
                let exists: Option<i64> =
                    sqlx::query_scalar("SELECT 1 FROM sqlite_master WHERE name = $1").bind(table).fetch_optional(&mut *tx).await?;
                if exists.is_none() {
                    sqlx::query(create).execute(&mut *tx).await?;
                    sqlx::query(&format!("INSERT INTO {table}({table}) VALUES ('rebuild')")).execute(&mut *tx).await?;
                }
            }
            for statement in SQLITE_TRIGGERS {
                sqlx::query(statement).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        }
    }
    Ok(())
}

/// At most this many deals found by the text index are read by rowid and sorted; beyond it the
/// text is common (1 deal in 100 or more at 100k), and walking the list's own index finds a page
/// within a few hundred rows (measured: docs/benchmarks.md, "One match per search").
pub const FEW: i64 = 1000;

/// How a list search reaches its deals (R-TAB-2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// No search, text too short for the trigram index, or PostgreSQL (whose planner makes the
    /// same choice from its statistics): the list's query tests each deal's text.
    InScope,
    /// SQLite, text in at most `FEW` deals: their rowids (a JSON array), read first and sorted,
    /// instead of walking the whole tab to find a few.
    Few(String),
    /// SQLite, text in more: the page walks the list's index testing each deal's text and stops
    /// at a page; the count reads the text index, each match's deal by rowid.
    Many,
}

/// Which of a list's two queries is being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Page,
    Count,
}

/// R-TAB-2: runs the text match once, on SQLite, and says how the list reads its result: `Few` up
/// to `few` deals (the list passes `FEW`), else `Many`.
pub async fn find_deals(db: &Db, text: Option<&SearchText>, few: i64) -> Result<Found, sqlx::Error> {
    let Some(text) = text else { return Ok(Found::InScope) };
    let needle = text.normalized();
    if db.engine != Engine::Sqlite || needle.chars().count() < TRIGRAM {
        return Ok(Found::InScope);
    }
    let rowids: Vec<i64> = sqlx::query_scalar("SELECT rowid FROM deal_text WHERE deal_text MATCH $1 LIMIT $2")
        .bind(quoted(&needle))
        .bind(few + 1)
        .fetch_all(&db.pool)
        .await?;
    Ok(if rowids.len() as i64 > few { Found::Many } else { Found::Few(serde_json::to_string(&rowids).unwrap_or_default()) })
}

/// The start of a list query's FROM clause, ending with the deals as `d`. `CROSS JOIN` keeps
/// SQLite from reordering the two sides.
pub fn push_from(sql: &mut Sql, found: &Found, part: Part) {
    match (found, part) {
        (Found::Few(rowids), _) => sql.push(" FROM json_each(").bind_text(rowids.clone()).push(") found CROSS JOIN deals d ON d.rowid = found.value "),
        (Found::Many, Part::Count) => sql.push(" FROM deal_text CROSS JOIN deals d ON d.rowid = deal_text.rowid "),
        _ => sql.push(" FROM deals d "),
    };
}

/// R-TAB-2: the search's condition, ` AND …`, where `found` has not already applied it.
pub fn push_match(sql: &mut Sql, text: Option<&SearchText>, found: &Found, part: Part) {
    let Some(text) = text else { return };
    match (found, part) {
        (Found::Few(_), _) => {}
        (Found::Many, Part::Count) => {
            sql.push(" AND deal_text MATCH ").bind_text(quoted(&text.normalized()));
        }
        _ => push_deal_match(sql, text),
    }
}

/// After a bulk load: SQLite merges each text index into one segment (rows added in batches leave
/// many, and a match reads every segment); PostgreSQL refreshes the planner's statistics.
pub async fn tidy(db: &Db) -> Result<(), sqlx::Error> {
    match db.engine {
        Engine::Sqlite => {
            for (table, _) in SQLITE_TABLES {
                sqlx::query(&format!("INSERT INTO {table}({table}) VALUES ('optimize')")).execute(db.writer()).await?;
            }
        }
        Engine::Postgres => {
            sqlx::query("ANALYZE deals").execute(db.writer()).await?;
            sqlx::query("ANALYZE customers").execute(db.writer()).await?;
        }
    }
    Ok(())
}

/// R-TAB-2: ` AND <the deal's name or its customer's contains the text>`: on PostgreSQL served by
/// the trigram index when selective; on SQLite tested row by row along the list's index (short
/// text, or text so common that a page is near).
pub fn push_deal_match(sql: &mut Sql, text: &SearchText) {
    sql.push(" AND d.search_norm LIKE ").bind_text(format!("%{}%", escape_like(&text.normalized()))).push(" ESCAPE '\\'");
}

/// R-CAT-3: `FROM … WHERE` customers in `country` with a word starting with each of `words`, in
/// the order the index gives them (the caller ranks).
pub fn push_customer_words(sql: &mut Sql, engine: Engine, country: &str, words: &[String]) {
    match engine {
        Engine::Sqlite => {
            let prefixes: Vec<String> = words.iter().map(|w| format!("name_norm : {}*", quoted(w))).collect();
            sql.push(" FROM customer_words w JOIN customers c ON c.rowid = w.rowid WHERE customer_words MATCH ")
                .bind_text(format!("country : {} AND {}", quoted(&country.to_lowercase()), prefixes.join(" AND ")));
        }
        Engine::Postgres => {
            // `words` hold letters and digits only, so the query has no operator but ours.
            let query: Vec<String> = words.iter().map(|w| format!("{w}:*")).collect();
            sql.push(" FROM customers c WHERE to_tsvector('simple', c.name_norm) @@ to_tsquery('simple', ")
                .bind_text(query.join(" & "))
                .push(") AND c.country = ")
                .bind_text(country);
        }
    }
}

/// The customer-name expression that compares bytes, so a prefix is one index range.
pub fn name_bytes(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "c.name_norm",
        Engine::Postgres => "(c.name_norm COLLATE \"C\")",
    }
}

/// An FTS5 string: quotes doubled, so user text is never read as query syntax.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_strings_are_quoted() {
        assert_eq!(quoted(r#"a "b" OR c*"#), r#""a ""b"" OR c*""#);
    }

    #[test]
    fn many_matches_are_counted_from_the_text_index_and_paged_along_the_list() {
        let text = SearchText::parse_filter("contoso").unwrap();
        let built = |found: &Found, part: Part| {
            let mut sql = Sql::new("SELECT 1");
            push_from(&mut sql, found, part);
            push_match(&mut sql, text.as_ref(), found, part);
            sql.text().to_string()
        };
        assert!(built(&Found::Many, Part::Count).contains("deal_text MATCH"));
        assert!(built(&Found::Many, Part::Page).contains("LIKE") && !built(&Found::Many, Part::Page).contains("deal_text"));
        let few = built(&Found::Few("[1,2]".into()), Part::Page);
        assert!(few.contains("json_each") && !few.contains("LIKE") && !few.contains("MATCH"), "{few}");
        assert!(built(&Found::InScope, Part::Count).contains("LIKE"));
    }
}

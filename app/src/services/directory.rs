//! The customer directory (R-CAT-3).

use super::db::{Db, Sql};
use super::error::ServiceError;
use super::search;
use crate::domain::fields::SearchText;
use crate::domain::issues::{Field, Issues};
use crate::dto::CustomerView;
use sqlx::Row;

pub const SUGGESTION_LIMIT: i64 = 12;

const CUSTOMER_COLUMNS: &str = "SELECT c.id, c.name, c.street, c.city, c.state, c.postal_code, c.country, c.duns";

/// R-CAT-3: entities in `country` for what the user typed, best first: an exact D-U-N-S number;
/// else names starting with the text, then names with a word starting with each word typed. Each
/// part is one index range (see `search`), so it costs the same with a million entities. A query
/// that is too long or holds control characters is refused before it reaches the database.
#[tracing::instrument(skip(db))]
pub async fn search(db: &Db, country: &str, query: &str) -> Result<Vec<CustomerView>, ServiceError> {
    let invalid = |code| ServiceError::Invalid(Issues::one(Field::Customer, code));
    let Some(text) = SearchText::parse_filter(query).map_err(invalid)? else {
        return Ok(Vec::new());
    };
    let Some(country) = SearchText::parse_filter(country).map_err(invalid)? else {
        return Ok(Vec::new());
    };
    let country = country.as_str();
    if let Some(duns) = text.duns() {
        let mut sql = Sql::new(&format!("{CUSTOMER_COLUMNS} FROM customers c WHERE c.duns = "));
        sql.bind_text(duns).push(" AND c.country = ").bind_text(country);
        return fetch(db, &sql).await;
    }
    let mut found = by_name_prefix(db, country, &text.normalized()).await?;
    let words = text.words();
    // One letter is a prefix of too many words to be worth a word search; the name prefix serves it.
    if (found.len() as i64) < SUGGESTION_LIMIT && words.iter().map(|w| w.chars().count()).sum::<usize>() > 1 {
        let mut sql = Sql::new(CUSTOMER_COLUMNS);
        search::push_customer_words(&mut sql, db.engine, country, &words);
        sql.push(" LIMIT ").bind_int(2 * SUGGESTION_LIMIT);
        let mut more: Vec<CustomerView> = fetch(db, &sql).await?.into_iter().filter(|c| !found.iter().any(|f| f.id == c.id)).collect();
        more.sort_by(|a, b| (a.name.to_lowercase(), &a.city, &a.duns).cmp(&(b.name.to_lowercase(), &b.city, &b.duns)));
        found.extend(more);
        found.truncate(SUGGESTION_LIMIT as usize);
    }
    Ok(found)
}

/// Names starting with `prefix`, in name order: one range of the (country, name) index.
async fn by_name_prefix(db: &Db, country: &str, prefix: &str) -> Result<Vec<CustomerView>, ServiceError> {
    let name = search::name_bytes(db.engine);
    let mut sql = Sql::new(&format!("{CUSTOMER_COLUMNS} FROM customers c WHERE c.country = "));
    sql.bind_text(country)
        .push(&format!(" AND {name} >= "))
        .bind_text(prefix)
        .push(&format!(" AND {name} < "))
        .bind_text(format!("{prefix}{}", char::MAX))
        .push(&format!(" ORDER BY {name}, c.city, c.duns LIMIT "))
        .bind_int(SUGGESTION_LIMIT);
    fetch(db, &sql).await
}

async fn fetch(db: &Db, sql: &Sql) -> Result<Vec<CustomerView>, ServiceError> {
    let rows = sql.query().fetch_all(&db.pool).await?;
    Ok(rows.iter().map(customer_from_row).collect::<Result<_, _>>()?)
}

/// The entity a draft picked (R-NEW-1), if it names one.
pub async fn chosen(db: &Db, id: Option<&str>) -> Result<Option<CustomerView>, sqlx::Error> {
    match id {
        Some(id) => get(db, id).await,
        None => Ok(None),
    }
}

pub async fn get(db: &Db, id: &str) -> Result<Option<CustomerView>, sqlx::Error> {
    let row = sqlx::query(&format!("{CUSTOMER_COLUMNS} FROM customers c WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(customer_from_row).transpose()
}

/// Countries the directory has entities in: one index probe per country (a loose index scan),
/// not a pass over every entity.
pub async fn countries(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "WITH RECURSIVE country_list(code) AS (SELECT MIN(country) FROM customers \
         UNION ALL SELECT (SELECT MIN(country) FROM customers WHERE country > code) FROM country_list WHERE code IS NOT NULL) \
         SELECT code FROM country_list WHERE code IS NOT NULL ORDER BY code",
    )
    .fetch_all(&db.pool)
    .await
}

pub(crate) fn customer_from_row(row: &sqlx::any::AnyRow) -> Result<CustomerView, sqlx::Error> {
    Ok(CustomerView {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        street: row.try_get("street")?,
        city: row.try_get("city")?,
        state: row.try_get("state")?,
        postal_code: row.try_get("postal_code")?,
        country: row.try_get("country")?,
        duns: row.try_get("duns")?,
    })
}

//! The customer directory (R-CAT-3).

use super::db::{Db, Sql, escape_like};
use crate::dto::CustomerView;
use super::error::ServiceError;
use crate::domain::fields::SearchText;
use crate::domain::issues::{Field, Issues};
use sqlx::Row;

pub const SUGGESTION_LIMIT: i64 = 12;

/// Entities in `country` whose name contains `query` (case-insensitive), best matches first.
/// A query that is too long or holds control characters is refused before it reaches the database.
pub async fn search(db: &Db, country: &str, query: &str) -> Result<Vec<CustomerView>, ServiceError> {
    let invalid = |code| ServiceError::Invalid(Issues::one(Field::Customer, code));
    let Some(needle) = SearchText::parse_filter(query).map_err(invalid)?.map(|t| t.as_str().to_lowercase()) else {
        return Ok(Vec::new());
    };
    let Some(country) = SearchText::parse_filter(country).map_err(invalid)? else {
        return Ok(Vec::new());
    };
    let country = country.as_str();
    let pattern = format!("%{}%", escape_like(&needle));
    let prefix = format!("{}%", escape_like(&needle));
    let mut sql = Sql::new("SELECT id, name, street, city, state, postal_code, country, duns FROM customers WHERE country = ");
    sql.bind_text(country)
        .push(" AND name_norm LIKE ")
        .bind_text(pattern)
        .push(" ESCAPE '\\' ORDER BY CASE WHEN name_norm LIKE ")
        .bind_text(prefix)
        .push(" ESCAPE '\\' THEN 0 ELSE 1 END, name_norm, city, duns LIMIT ")
        .bind_int(SUGGESTION_LIMIT);
    let rows = sql.query().fetch_all(&db.pool).await?;
    Ok(rows.iter().map(customer_from_row).collect::<Result<_, _>>()?)
}

pub async fn get(db: &Db, id: &str) -> Result<Option<CustomerView>, sqlx::Error> {
    let row = sqlx::query("SELECT id, name, street, city, state, postal_code, country, duns FROM customers WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(customer_from_row).transpose()
}

/// Countries the directory has entities in.
pub async fn countries(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT DISTINCT country FROM customers ORDER BY country").fetch_all(&db.pool).await
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

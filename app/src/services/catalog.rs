//! The solution catalog as one org sees it (R-CAT-1, R-CAT-2) and the org's locations.

use super::db::{Db, flag};
use crate::dto::LocationOption;
use crate::domain::catalog::{Incentive, SolutionInfo, categorize};
use sqlx::Row;

/// Every solution offered to `org_id` in the wizard, grouped by category.
pub async fn offered_to(db: &Db, org_id: &str) -> Result<Vec<SolutionInfo>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.id, s.name, s.owner_org_id, s.is_assessment, s.co_sell_ready, s.incentive, o.name AS owner_name, \
         o.is_microsoft FROM solutions s JOIN organizations o ON o.id = s.owner_org_id ORDER BY s.name, s.id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for row in rows {
        let owner: String = row.try_get("owner_org_id")?;
        let category = categorize(
            flag(&row, "is_assessment")?,
            flag(&row, "is_microsoft")?,
            owner == org_id,
            flag(&row, "co_sell_ready")?,
        );
        if let Some(category) = category {
            let incentive: Option<String> = row.try_get("incentive")?;
            out.push(SolutionInfo {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                owner_name: row.try_get("owner_name")?,
                category,
                incentive: incentive.as_deref().and_then(Incentive::parse),
            });
        }
    }
    Ok(out)
}

/// R-NEW-6: whether the org has at least one co-sell-ready solution of its own.
pub async fn has_co_sell_ready(db: &Db, org_id: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM solutions WHERE owner_org_id = $1 AND co_sell_ready = 1 AND is_assessment = 0",
    )
    .bind(org_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

pub async fn org_vetted(db: &Db, org_id: &str) -> Result<bool, sqlx::Error> {
    let vetted: Option<i64> =
        sqlx::query_scalar("SELECT sa_vetted FROM organizations WHERE id = $1").bind(org_id).fetch_optional(&db.pool).await?;
    Ok(vetted.unwrap_or(0) != 0)
}

pub async fn locations(db: &Db, org_id: &str) -> Result<Vec<LocationOption>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, mpn_location_id, city, country, is_primary FROM locations WHERE org_id = $1 \
         ORDER BY is_primary DESC, country, city",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(LocationOption {
                id: row.try_get("id")?,
                mpn_location_id: row.try_get("mpn_location_id")?,
                city: row.try_get("city")?,
                country: row.try_get("country")?,
                is_primary: flag(row, "is_primary")?,
            })
        })
        .collect()
}

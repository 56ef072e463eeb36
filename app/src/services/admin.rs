//! User administration (MPN partner admins) and organization vetting and catalog (Microsoft admins).
//! Every change is recorded in the events table in the same transaction.

use super::auth::hash_password;
use super::catalog;
use super::db::{flag, new_id, ts};
use super::error::ServiceError;
use super::events::{Event, record};
use super::state::AppState;
use crate::dto::{OrgView, SolutionAdminView, UserView};
use crate::domain::actor::{Actor, Role};
use crate::domain::refusal::Refused;
use crate::domain::admin::{UserDraft, check_org_domain, keeps_an_admin, may_administer_catalog, may_manage_users, validate_user};
use crate::domain::catalog::Incentive;
use crate::domain::issues::{Field, Issues};
use sqlx::Row;

pub async fn list_users(state: &AppState, actor: &Actor) -> Result<Vec<UserView>, ServiceError> {
    may_manage_users(actor).map_err(ServiceError::Rule)?;
    users_of(state, &actor.org_id, None).await
}

/// The users of an organization (or one of them), with roles and scopes: three queries, whatever the count.
async fn users_of(state: &AppState, org_id: &str, only: Option<&str>) -> Result<Vec<UserView>, ServiceError> {
    let pool = &state.db.pool;
    let filter = if only.is_some() { " AND u.id = $2" } else { "" };
    let sql_users = format!("SELECT u.id, u.email, u.name, u.active FROM users u WHERE u.org_id = $1{filter} ORDER BY u.name, u.email");
    let sql_roles = format!("SELECT r.user_id, r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.org_id = $1{filter} ORDER BY r.role");
    let sql_scopes = format!(
        "SELECT s.user_id, s.location_id FROM user_location_scopes s JOIN users u ON u.id = s.user_id \
         WHERE u.org_id = $1{filter} ORDER BY s.location_id"
    );
    let users = fetch_scoped(pool, &sql_users, org_id, only).await?;
    let roles = fetch_scoped(pool, &sql_roles, org_id, only).await?;
    let scopes = fetch_scoped(pool, &sql_scopes, org_id, only).await?;
    let of = |rows: &[sqlx::any::AnyRow], id: &str, col: &str| -> Result<Vec<String>, sqlx::Error> {
        let mut out = Vec::new();
        for r in rows {
            if r.try_get::<String, _>("user_id")? == id {
                out.push(r.try_get::<String, _>(col)?);
            }
        }
        Ok(out)
    };
    let mut views = Vec::with_capacity(users.len());
    for u in &users {
        let id: String = u.try_get("id")?;
        views.push(UserView {
            roles: of(&roles, &id, "role")?.iter().filter_map(|r| Role::parse(r)).collect(),
            location_ids: of(&scopes, &id, "location_id")?,
            email: u.try_get("email")?,
            name: u.try_get("name")?,
            active: flag(u, "active")?,
            id,
        });
    }
    Ok(views)
}

async fn fetch_scoped(pool: &sqlx::AnyPool, sql: &str, org_id: &str, only: Option<&str>) -> Result<Vec<sqlx::any::AnyRow>, sqlx::Error> {
    let q = sqlx::query(sql).bind(org_id);
    match only {
        Some(id) => q.bind(id).fetch_all(pool).await,
        None => q.fetch_all(pool).await,
    }
}

/// The active MPN partner admins of an organization.
async fn active_admins(tx: &mut sqlx::Transaction<'_, sqlx::Any>, org_id: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE u.org_id = $1 AND u.active = 1 AND r.role = $2",
    )
    .bind(org_id)
    .bind(Role::MpnPartnerAdmin.as_str())
    .fetch_all(&mut **tx)
    .await
}

async fn org_location_ids(state: &AppState, org_id: &str) -> Result<Vec<String>, sqlx::Error> {
    Ok(catalog::locations(&state.db, org_id).await?.into_iter().map(|l| l.id).collect())
}

/// R-ORG-2: adds a user to the admin's organization.
pub async fn create_user(state: &AppState, actor: &Actor, draft: &UserDraft) -> Result<String, ServiceError> {
    may_manage_users(actor).map_err(ServiceError::Rule)?;
    let locations = org_location_ids(state, &actor.org_id).await?;
    let user = validate_user(draft, &locations, true).map_err(ServiceError::Invalid)?;
    let org_emails: Vec<String> =
        sqlx::query_scalar("SELECT email_norm FROM users WHERE org_id = $1").bind(&actor.org_id).fetch_all(&state.db.pool).await?;
    check_org_domain(&user.email, &org_emails).map_err(|code| ServiceError::Invalid(Issues::one(Field::UserEmail, code)))?;
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email_norm = $1")
        .bind(user.email.normalized())
        .fetch_one(&state.db.pool)
        .await?;
    if taken > 0 {
        return Err(ServiceError::Rule(Refused::EmailTaken));
    }
    let id = new_id();
    let now = state.now();
    let hash = hash_password(&draft.password);
    let mut tx = state.db.write().await?;
    sqlx::query(
        "INSERT INTO users (id, org_id, email, email_norm, name, phone, password_hash, active, created_at) \
         VALUES ($1, $2, $3, $4, $5, NULL, $6, 1, $7)",
    )
    .bind(&id)
    .bind(&actor.org_id)
    .bind(user.email.as_str())
    .bind(user.email.normalized())
    .bind(user.name.as_str())
    .bind(hash)
    .bind(ts(now))
    .execute(&mut *tx)
    .await?;
    write_roles_and_scopes(&mut tx, &id, &user.roles, &user.location_ids).await?;
    record(&mut tx, user_event(actor, &id, "user.created", serde_json::json!({ "email": user.email.as_str(), "roles": role_names(&user.roles), "locations": user.location_ids }), now)).await?;
    tx.commit().await?;
    Ok(id)
}

/// R-ORG-2: changes a user's name, roles and location scopes; never the last MPN partner admin's role.
pub async fn update_user(state: &AppState, actor: &Actor, user_id: &str, draft: &UserDraft) -> Result<(), ServiceError> {
    may_manage_users(actor).map_err(ServiceError::Rule)?;
    let current = user_in_org(state, actor, user_id).await?;
    let locations = org_location_ids(state, &actor.org_id).await?;
    let mut edit = draft.clone();
    edit.email = current.email.clone();
    let user = validate_user(&edit, &locations, false).map_err(ServiceError::Invalid)?;
    let now = state.now();
    let mut tx = state.db.write().await?;
    let admins = active_admins(&mut tx, &actor.org_id).await?;
    keeps_an_admin(&admins, user_id, !current.active || user.roles.contains(&Role::MpnPartnerAdmin)).map_err(ServiceError::Rule)?;
    sqlx::query("UPDATE users SET name = $1 WHERE id = $2").bind(user.name.as_str()).bind(user_id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM user_location_scopes WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    write_roles_and_scopes(&mut tx, user_id, &user.roles, &user.location_ids).await?;
    record(&mut tx, user_event(actor, user_id, "user.changed", serde_json::json!({ "roles": role_names(&user.roles), "locations": user.location_ids }), now)).await?;
    tx.commit().await?;
    Ok(())
}

/// R-ORG-2: deactivates or reactivates a user. A deactivated user's sessions stop working at once:
/// every request resolves its session to an *active* user only.
pub async fn set_active(state: &AppState, actor: &Actor, user_id: &str, active: bool) -> Result<(), ServiceError> {
    may_manage_users(actor).map_err(ServiceError::Rule)?;
    let current = user_in_org(state, actor, user_id).await?;
    let now = state.now();
    let mut tx = state.db.write().await?;
    let admins = active_admins(&mut tx, &actor.org_id).await?;
    keeps_an_admin(&admins, user_id, active && current.roles.contains(&Role::MpnPartnerAdmin)).map_err(ServiceError::Rule)?;
    sqlx::query("UPDATE users SET active = $1 WHERE id = $2").bind(i64::from(active)).bind(user_id).execute(&mut *tx).await?;
    let kind = if active { "user.reactivated" } else { "user.deactivated" };
    record(&mut tx, user_event(actor, user_id, kind, serde_json::json!({}), now)).await?;
    tx.commit().await?;
    Ok(())
}

/// A user of the admin's own organization; other organizations' users do not exist for them.
async fn user_in_org(state: &AppState, actor: &Actor, user_id: &str) -> Result<UserView, ServiceError> {
    users_of(state, &actor.org_id, Some(user_id)).await?.into_iter().next().ok_or(ServiceError::NotFound)
}

async fn write_roles_and_scopes(tx: &mut sqlx::Transaction<'_, sqlx::Any>, user_id: &str, roles: &[Role], locations: &[String]) -> Result<(), sqlx::Error> {
    for role in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)").bind(user_id).bind(role.as_str()).execute(&mut **tx).await?;
    }
    for loc in locations {
        sqlx::query("INSERT INTO user_location_scopes (user_id, location_id) VALUES ($1, $2)").bind(user_id).bind(loc).execute(&mut **tx).await?;
    }
    Ok(())
}

fn role_names(roles: &[Role]) -> Vec<&'static str> {
    roles.iter().map(Role::as_str).collect()
}

fn user_event<'a>(actor: &'a Actor, user_id: &'a str, kind: &'a str, data: serde_json::Value, at: chrono::DateTime<chrono::Utc>) -> Event<'a> {
    Event { at, actor_user_id: Some(&actor.user_id), org_id: Some(&actor.org_id), subject_type: "user", subject_id: user_id, kind, data }
}

/// R-ORG-6: partner organizations with their vetting, for Microsoft admins.
pub async fn list_orgs(state: &AppState, actor: &Actor) -> Result<Vec<OrgView>, ServiceError> {
    may_administer_catalog(actor).map_err(ServiceError::Rule)?;
    let rows = sqlx::query("SELECT id, name, mpn_id, sa_vetted FROM organizations WHERE is_microsoft = 0 ORDER BY name")
        .fetch_all(&state.db.pool)
        .await?;
    rows.iter()
        .map(|r| Ok(OrgView { id: r.try_get("id")?, name: r.try_get("name")?, mpn_id: r.try_get("mpn_id")?, vetted: flag(r, "sa_vetted")? }))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(ServiceError::from)
}

pub async fn set_vetted(state: &AppState, actor: &Actor, org_id: &str, vetted: bool) -> Result<(), ServiceError> {
    may_administer_catalog(actor).map_err(ServiceError::Rule)?;
    let mut tx = state.db.write().await?;
    let changed = sqlx::query("UPDATE organizations SET sa_vetted = $1 WHERE id = $2 AND is_microsoft = 0")
        .bind(i64::from(vetted))
        .bind(org_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(ServiceError::NotFound);
    }
    let kind = if vetted { "org.vetted" } else { "org.unvetted" };
    record(&mut tx, Event { at: state.now(), actor_user_id: Some(&actor.user_id), org_id: Some(org_id), subject_type: "organization", subject_id: org_id, kind, data: serde_json::json!({}) }).await?;
    tx.commit().await?;
    Ok(())
}

/// R-CAT-1: the whole catalog, for Microsoft admins.
pub async fn list_solutions(state: &AppState, actor: &Actor) -> Result<Vec<SolutionAdminView>, ServiceError> {
    may_administer_catalog(actor).map_err(ServiceError::Rule)?;
    let rows = sqlx::query(
        "SELECT s.id, s.name, o.name AS owner_name, s.is_assessment, s.co_sell_ready, s.incentive FROM solutions s \
         JOIN organizations o ON o.id = s.owner_org_id ORDER BY o.name, s.name",
    )
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let incentive: Option<String> = r.try_get("incentive")?;
            Ok(SolutionAdminView {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                owner_name: r.try_get("owner_name")?,
                is_assessment: flag(r, "is_assessment")?,
                co_sell_ready: flag(r, "co_sell_ready")?,
                incentive: incentive.as_deref().and_then(Incentive::parse),
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(ServiceError::from)
}

/// R-CAT-1: marks a solution co-sell ready or not and sets its incentive program.
pub async fn update_solution(state: &AppState, actor: &Actor, id: &str, co_sell_ready: bool, incentive: Option<Incentive>) -> Result<(), ServiceError> {
    may_administer_catalog(actor).map_err(ServiceError::Rule)?;
    let mut tx = state.db.write().await?;
    let changed = sqlx::query("UPDATE solutions SET co_sell_ready = $1, incentive = $2 WHERE id = $3")
        .bind(i64::from(co_sell_ready))
        .bind(incentive.map(|i| i.as_str()))
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed == 0 {
        return Err(ServiceError::NotFound);
    }
    let data = serde_json::json!({ "coSellReady": co_sell_ready, "incentive": incentive.map(|i| i.as_str()) });
    record(&mut tx, Event { at: state.now(), actor_user_id: Some(&actor.user_id), org_id: None, subject_type: "solution", subject_id: id, kind: "solution.changed", data }).await?;
    tx.commit().await?;
    Ok(())
}

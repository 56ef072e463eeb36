//! Sign-in with argon2 and throttling; the session itself is tower-sessions' (see `sessions`).

use super::db::{Db, parse_ts, ts};
use crate::domain::auth as throttling;
use super::error::ServiceError;
use crate::domain::actor::{Actor, Role};
use crate::domain::admin::MAX_PASSWORD;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use sqlx::Row;


pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 hashing").to_string()
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Checks the password; the caller then opens the session. Too many recent failures for the account
/// or from the address refuse the attempt before the password is checked.
///
/// The attempt is recorded *before* the limits are checked, and each attempt counts the others it
/// can see: of many concurrent wrong passwords, at most the limit get their password checked (a
/// check-then-insert would let every request that checked before the others inserted through).
#[tracing::instrument(skip_all)]
pub async fn sign_in(
    db: &Db,
    now: DateTime<Utc>,
    email: &str,
    password: &str,
    address: &str,
) -> Result<Actor, ServiceError> {
    let account = throttling::account_key(email);
    let address = throttling::address_key(address);
    let since = ts(now - Duration::minutes(throttling::WINDOW_MINUTES));
    let attempt = uuid::Uuid::new_v4().to_string();
    sqlx::query("INSERT INTO sign_in_failures (id, account, address, at) VALUES ($1, $2, $3, $4)")
        .bind(&attempt)
        .bind(&account)
        .bind(&address)
        .bind(ts(now))
        .execute(db.writer())
        .await?;
    let failures = |column: &'static str, key: String| {
        let (since, attempt) = (since.clone(), attempt.clone());
        async move {
            let times: Vec<String> = sqlx::query_scalar(&format!(
                "SELECT at FROM sign_in_failures WHERE {column} = $1 AND at > $2 AND id <> $3"
            ))
            .bind(key)
            .bind(since)
            .bind(attempt)
            .fetch_all(&db.pool)
            .await?;
            Ok::<_, sqlx::Error>(times.iter().map(|t| parse_ts(t)).collect::<Vec<_>>())
        }
    };
    let by_account = failures("account", account.clone()).await?;
    let by_address = failures("address", address.clone()).await?;
    if let Err((scope, minutes)) = throttling::throttle(&by_account, &by_address, now) {
        // Not an attempt: the password was never checked.
        sqlx::query("DELETE FROM sign_in_failures WHERE id = $1").bind(&attempt).execute(db.writer()).await?;
        return Err(ServiceError::Throttled { scope, minutes });
    }

    let row = sqlx::query("SELECT id, password_hash FROM users WHERE email_norm = $1 AND active = 1")
        .bind(&account)
        .fetch_optional(&db.pool)
        .await?;
    let (user_id, ok) = match row {
        Some(row) if password.chars().count() <= MAX_PASSWORD => {
            let hash: String = row.try_get("password_hash")?;
            (row.try_get::<String, _>("id")?, verify_password(password, &hash))
        }
        _ => {
            // Same work as a real check, so timing does not reveal which e-mails exist.
            let _ = verify_password("no such user", dummy_hash());
            (String::new(), false)
        }
    };
    if !ok {
        // The attempt's row stays as the failure it was.
        sqlx::query("DELETE FROM sign_in_failures WHERE at <= $1").bind(&since).execute(db.writer()).await?;
        return Err(ServiceError::Unauthenticated);
    }
    sqlx::query("DELETE FROM sign_in_failures WHERE account = $1").bind(&account).execute(db.writer()).await?;
    load_actor(db, &user_id).await?.ok_or(ServiceError::Unauthenticated)
}

fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("no such user"))
}

/// The user a session belongs to, if that user is still active (deactivation ends every session).
pub async fn active_actor(db: &Db, user_id: &str) -> Result<Option<Actor>, sqlx::Error> {
    Ok(active_actor_and_locale(db, user_id).await?.map(|(actor, _)| actor))
}

/// The active user with the language they chose (X-I18N), if any.
pub async fn active_actor_and_locale(db: &Db, user_id: &str) -> Result<Option<(Actor, Option<crate::i18n::Locale>)>, sqlx::Error> {
    let row: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT active, locale FROM users WHERE id = $1").bind(user_id).fetch_optional(&db.pool).await?;
    match row {
        Some((1, locale)) => {
            let locale = locale.as_deref().and_then(crate::domain::language::parse);
            Ok(load_actor(db, user_id).await?.map(|actor| (actor, locale)))
        }
        _ => Ok(None),
    }
}

pub async fn load_actor(db: &Db, user_id: &str) -> Result<Option<Actor>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT u.id, u.org_id, o.name AS org_name, u.name, u.email FROM users u \
         JOIN organizations o ON o.id = u.org_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let roles: Vec<String> =
        sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role").bind(user_id).fetch_all(&db.pool).await?;
    let location_scopes: Vec<String> = sqlx::query_scalar(
        "SELECT location_id FROM user_location_scopes WHERE user_id = $1 ORDER BY location_id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(Some(Actor {
        user_id: row.try_get("id")?,
        org_id: row.try_get("org_id")?,
        org_name: row.try_get("org_name")?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        roles: roles.iter().filter_map(|r| Role::parse(r)).collect(),
        location_scopes,
    }))
}

/// Creates a user with roles and scopes (used by seeding now, by the admin pages later).
pub struct NewUser<'a> {
    pub id: &'a str,
    pub org_id: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub phone: Option<&'a str>,
    pub password_hash: &'a str,
    pub roles: &'a [Role],
    pub location_ids: &'a [&'a str],
}

pub async fn insert_user(db: &Db, now: DateTime<Utc>, user: NewUser<'_>) -> Result<(), sqlx::Error> {
    let mut tx = db.write().await?;
    sqlx::query(
        "INSERT INTO users (id, org_id, email, email_norm, name, phone, password_hash, active, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)",
    )
    .bind(user.id)
    .bind(user.org_id)
    .bind(user.email)
    .bind(user.email.to_lowercase())
    .bind(user.name)
    .bind(user.phone)
    .bind(user.password_hash)
    .bind(ts(now))
    .execute(&mut *tx)
    .await?;
    for role in user.roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(user.id)
            .bind(role.as_str())
            .execute(&mut *tx)
            .await?;
    }
    for loc in user.location_ids {
        sqlx::query("INSERT INTO user_location_scopes (user_id, location_id) VALUES ($1, $2)")
            .bind(user.id)
            .bind(*loc)
            .execute(&mut *tx)
            .await?;
    }
    super::events::record(
        &mut tx,
        super::events::Event {
            at: now,
            actor_user_id: None,
            org_id: Some(user.org_id),
            subject_type: "user",
            subject_id: user.id,
            kind: "user.created",
            data: serde_json::json!({ "email": user.email, "roles": user.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>() }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("correct horse");
        assert!(hash.starts_with("$argon2"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong", &hash));
        assert!(!verify_password("anything", dummy_hash()));
    }

}

/// The actor resolved for this request by the session middleware (`None`: not signed in).
#[derive(Debug, Clone, Default)]
pub struct CurrentActor(pub Option<Actor>);

pub use crate::domain::auth::safe_next;

/// X-I18N: the language the user chose, if they chose one.
pub async fn saved_locale(db: &Db, user_id: &str) -> Result<Option<crate::i18n::Locale>, sqlx::Error> {
    let tag: Option<Option<String>> = sqlx::query_scalar("SELECT locale FROM users WHERE id = $1").bind(user_id).fetch_optional(&db.pool).await?;
    Ok(tag.flatten().as_deref().and_then(crate::domain::language::parse))
}

/// X-I18N: remembers the user's language for every device and for their e-mails.
pub async fn save_locale(db: &Db, user_id: &str, l: crate::i18n::Locale) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET locale = $1 WHERE id = $2").bind(crate::domain::language::tag(l)).bind(user_id).execute(db.writer()).await?;
    Ok(())
}

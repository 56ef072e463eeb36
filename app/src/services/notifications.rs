//! R-NOTE-1: notices become notifications for users (in the app) and outbox rows (e-mail), written
//! inside the transaction of the change that caused them; the notifications page and the bell.

use super::db::{Sql, new_id, parse_ts, ts};
use super::deal_store::Recorded;
use super::visibility::push_visible;
use super::AppState;
use crate::domain::actor::{Actor, MICROSOFT_ORG_ID, Role};
use crate::domain::lifecycle::Deal;
use crate::domain::notify::{Audience, Notice, NoticeData, NoticeKind, notices};
use crate::dto::NotificationView;
use chrono::{DateTime, Utc};
use sqlx::{Any, Row, Transaction};

/// Which Microsoft sellers hear of a new co-sell invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SellerReach {
    /// Sellers covering the deal's country, and sellers with no country set.
    #[default]
    Country,
    All,
}

#[derive(Debug, Clone)]
pub struct NotifySettings {
    pub sellers: SellerReach,
    /// X-REMIND: days before a window closes at which the people who must answer are reminded.
    pub reminder_days: Vec<i64>,
}

impl Default for NotifySettings {
    fn default() -> Self {
        NotifySettings { sellers: SellerReach::Country, reminder_days: vec![7, 3, 1] }
    }
}

/// Writes the notices of `recorded` (events on `deal`, as it is after the change) for their
/// audiences, except whoever caused them. Returns the users told.
#[tracing::instrument(skip_all, fields(deal = %deal.id))]
pub async fn notify(tx: &mut Transaction<'_, Any>, state: &AppState, deal: &Deal, recorded: &[Recorded]) -> Result<Vec<String>, sqlx::Error> {
    let mut told = Vec::new();
    for r in recorded {
        for n in notices(deal, &r.event) {
            told.extend(send(tx, state, deal, &n, r.actor_user_id.as_deref(), r.at).await?);
        }
    }
    Ok(told)
}

/// Writes one notice for each user of its audience (but `except`): a notification, and an outbox
/// row unless the user turned off e-mail for the kind.
pub async fn send(
    tx: &mut Transaction<'_, Any>,
    state: &AppState,
    deal: &Deal,
    notice: &Notice,
    except: Option<&str>,
    at: DateTime<Utc>,
) -> Result<Vec<String>, sqlx::Error> {
    let Some(sql) = recipients_sql(state.notify.sellers, deal, notice, except) else { return Ok(Vec::new()) };
    let rows = sql.query().fetch_all(&mut **tx).await?;
    let data = serde_json::to_string(&notice.data).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let mut told = Vec::new();
    for row in rows {
        let user_id: String = row.try_get("id")?;
        let email_off: i64 = row.try_get("email_off")?;
        let id = new_id();
        sqlx::query("INSERT INTO notifications (id, user_id, deal_id, kind, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&id)
            .bind(&user_id)
            .bind(&deal.id)
            .bind(notice.kind.as_str())
            .bind(&data)
            .bind(ts(at))
            .execute(&mut **tx)
            .await?;
        if email_off == 0 {
            sqlx::query("INSERT INTO outbox (id, notification_id, created_at, next_attempt_at) VALUES ($1, $2, $3, $3)")
                .bind(new_id())
                .bind(&id)
                .bind(ts(at))
                .execute(&mut **tx)
                .await?;
        }
        told.push(user_id);
    }
    Ok(told)
}

/// The active users an audience names, each with whether they turned e-mail off for the kind.
fn recipients_sql(reach: SellerReach, deal: &Deal, notice: &Notice, except: Option<&str>) -> Option<Sql> {
    if notice.audience.is_empty() {
        return None;
    }
    let mut sql = Sql::new("SELECT u.id, CASE WHEN EXISTS (SELECT 1 FROM email_opt_outs o WHERE o.user_id = u.id AND o.kind = ");
    sql.bind_text(notice.kind.as_str()).push(") THEN 1 ELSE 0 END AS email_off FROM users u WHERE u.active = 1");
    if let Some(actor) = except {
        sql.push(" AND u.id <> ").bind_text(actor);
    }
    sql.push(" AND (");
    for (i, audience) in notice.audience.iter().enumerate() {
        if i > 0 {
            sql.push(" OR ");
        }
        push_audience(&mut sql, reach, deal, audience);
    }
    sql.push(")");
    Some(sql)
}

fn has_role(sql: &mut Sql, roles: &[Role]) {
    let list: Vec<String> = roles.iter().map(|r| format!("'{}'", r.as_str())).collect();
    sql.push(&format!("EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN ({}))", list.join(", ")));
}

/// R-ORG-3: each audience is people who see the deal.
fn push_audience(sql: &mut Sql, reach: SellerReach, deal: &Deal, audience: &Audience) {
    let admins = [Role::ReferralsAdmin, Role::MpnPartnerAdmin];
    match audience {
        Audience::OrgAdmins => {
            sql.push("(u.org_id = ").bind_text(&deal.org_id).push(" AND ");
            has_role(sql, &admins);
            sql.push(")");
        }
        Audience::Team => {
            sql.push("(u.org_id = ").bind_text(&deal.org_id);
            sql.push(" AND u.email_norm IN (SELECT t.email_norm FROM deal_team_members t WHERE t.deal_id = ").bind_text(&deal.id).push(")");
            sql.push(" AND (");
            has_role(sql, &admins);
            sql.push(" OR EXISTS (SELECT 1 FROM user_location_scopes s WHERE s.user_id = u.id AND s.location_id = ").bind_text(&deal.location_id);
            sql.push(")))");
        }
        Audience::Seller(email) => {
            sql.push("(u.org_id = ").bind_text(MICROSOFT_ORG_ID).push(" AND u.email_norm = ").bind_text(email.to_lowercase()).push(" AND ");
            has_role(sql, &[Role::MicrosoftSeller]);
            sql.push(")");
        }
        Audience::Sellers => {
            sql.push("(u.org_id = ").bind_text(MICROSOFT_ORG_ID).push(" AND ");
            has_role(sql, &[Role::MicrosoftSeller]);
            if reach == SellerReach::Country {
                sql.push(" AND (u.country IS NULL OR u.country = (SELECT l.country FROM locations l WHERE l.id = ").bind_text(&deal.location_id).push("))");
            }
            sql.push(")");
        }
        Audience::Reviewers => {
            sql.push("(u.org_id = ").bind_text(MICROSOFT_ORG_ID).push(" AND ");
            has_role(sql, &[Role::MicrosoftRegistrationReviewer]);
            sql.push(")");
        }
    }
}

/// How many notifications the page lists at most.
const PAGE: i64 = 50;

/// The actor's newest notifications about deals they still see (R-ORG-3, in the query).
#[tracing::instrument(skip_all)]
pub async fn list(state: &AppState, actor: &Actor) -> Result<Vec<NotificationView>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT n.id, n.deal_id, n.kind, n.data, n.created_at, n.read_at, d.name AS deal_name FROM notifications n \
         JOIN deals d ON d.id = n.deal_id WHERE n.user_id = ",
    );
    sql.bind_text(&actor.user_id).push(" AND ");
    push_visible(&mut sql, actor);
    sql.push(" ORDER BY n.created_at DESC, n.id DESC LIMIT ").bind_int(PAGE);
    let rows = sql.query().fetch_all(&state.db.pool).await?;
    let mut views = Vec::with_capacity(rows.len());
    for row in &rows {
        // A kind this build does not know (written by a newer one) is left out rather than guessed.
        let Some(kind) = NoticeKind::parse(&row.try_get::<String, _>("kind")?) else { continue };
        let data: String = row.try_get("data")?;
        views.push(NotificationView {
            id: row.try_get("id")?,
            deal_id: row.try_get("deal_id")?,
            deal_name: row.try_get("deal_name")?,
            kind,
            data: serde_json::from_str::<NoticeData>(&data).unwrap_or_default(),
            at: parse_ts(&row.try_get::<String, _>("created_at")?),
            read: row.try_get::<Option<String>, _>("read_at")?.is_some(),
        });
    }
    Ok(views)
}

/// The bell's number: unread notifications about deals the actor sees.
pub async fn unread(state: &AppState, actor: &Actor) -> Result<i64, sqlx::Error> {
    let mut sql = Sql::new("SELECT COUNT(*) AS n FROM notifications n JOIN deals d ON d.id = n.deal_id WHERE n.user_id = ");
    sql.bind_text(&actor.user_id).push(" AND n.read_at IS NULL AND ");
    push_visible(&mut sql, actor);
    sql.query().fetch_one(&state.db.pool).await?.try_get("n")
}

/// Marks one of the actor's notifications read, or all of them when `id` is `None`.
pub async fn mark_read(state: &AppState, actor: &Actor, id: Option<&str>) -> Result<(), sqlx::Error> {
    let mut sql = Sql::new("UPDATE notifications SET read_at = ");
    sql.bind_text(ts(state.now())).push(" WHERE user_id = ").bind_text(&actor.user_id).push(" AND read_at IS NULL");
    if let Some(id) = id {
        sql.push(" AND id = ").bind_text(id);
    }
    sql.query().execute(state.db.writer()).await?;
    Ok(())
}

/// The kinds the actor receives by e-mail, and those turned off.
pub async fn email_choices(state: &AppState, actor: &Actor) -> Result<Vec<(NoticeKind, bool)>, sqlx::Error> {
    let rows = sqlx::query("SELECT kind FROM email_opt_outs WHERE user_id = $1").bind(&actor.user_id).fetch_all(&state.db.pool).await?;
    let off: Vec<String> = rows.iter().map(|r| r.try_get("kind")).collect::<Result<_, _>>()?;
    Ok(NoticeKind::ALL.iter().map(|k| (*k, !off.iter().any(|o| o == k.as_str()))).collect())
}

/// Turns e-mail for one kind on or off for the actor (in-app notifications always stay).
pub async fn set_email(state: &AppState, actor: &Actor, kind: NoticeKind, on: bool) -> Result<(), sqlx::Error> {
    let mut tx = state.db.write().await?;
    sqlx::query("DELETE FROM email_opt_outs WHERE user_id = $1 AND kind = $2").bind(&actor.user_id).bind(kind.as_str()).execute(&mut *tx).await?;
    if !on {
        sqlx::query("INSERT INTO email_opt_outs (user_id, kind) VALUES ($1, $2)").bind(&actor.user_id).bind(kind.as_str()).execute(&mut *tx).await?;
    }
    tx.commit().await
}

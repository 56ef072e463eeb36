//! The REST API's reads and writes (X-API, API.md): the same visibility (R-ORG-3, in SQL), the same
//! wizard validation and lifecycle as the UI. What is particular to the API lives here: the
//! `$filter` as SQL, keyset pages, the resource's extra fields, idempotent creates, and patches that
//! apply several actions at once or none.

use super::actions::{self, Step};
use super::catalog;
use super::db::{Sql, parse_ts, ts};
use super::deal_store::{self as store, Loaded};
use super::deals;
use super::directory::customer_from_row;
use super::error::ServiceError;
use super::state::AppState;
use super::visibility::push_visible;
use crate::domain::actions::DealAction;
use crate::domain::actor::Actor;
use crate::domain::issues::{Code, Field, Issues};
use crate::domain::lifecycle::Deal;
use crate::domain::odata::{Condition, Filter};
use crate::domain::referral_api::{Qualification, ReferralType, status_for, statuses_of};
use crate::domain::wizard::DealDraft;
use crate::dto::CustomerView;
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;

/// What a CRM says of a referral that the product keeps but does not use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extras {
    pub qualification: Option<Qualification>,
    pub customer_size: Option<String>,
    pub tags: Vec<String>,
}

/// A deal with everything its resource shows.
#[derive(Debug, Clone)]
pub struct Record {
    pub deal: Deal,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    pub org_name: String,
    /// The partner that sent an inbound deal (Microsoft's deals have none).
    pub sender_name: Option<String>,
    pub customer: CustomerView,
    pub extras: Extras,
}

const RECORD: &str = "SELECT d.body, d.version, d.updated_at, d.created_at, o.name AS org_name, so.name AS sender_name, \
     c.id, c.name, c.street, c.city, c.state, c.postal_code, c.country, c.duns, \
     rf.qualification, rf.customer_size, rf.tags \
     FROM deals d JOIN organizations o ON o.id = d.org_id LEFT JOIN organizations so ON so.id = d.sender_org_id \
     JOIN customers c ON c.id = d.customer_id LEFT JOIN referral_fields rf ON rf.deal_id = d.id WHERE ";

fn record(row: &AnyRow) -> Result<Record, sqlx::Error> {
    let body: String = row.try_get("body")?;
    let tags: Option<String> = row.try_get("tags")?;
    Ok(Record {
        deal: serde_json::from_str(&body).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        version: row.try_get("version")?,
        updated_at: parse_ts(&row.try_get::<String, _>("updated_at")?),
        org_name: row.try_get("org_name")?,
        sender_name: row.try_get("sender_name")?,
        customer: customer_from_row(row)?,
        extras: Extras {
            qualification: row.try_get::<Option<String>, _>("qualification")?.as_deref().and_then(Qualification::parse),
            customer_size: row.try_get("customer_size")?,
            tags: tags.as_deref().and_then(|t| serde_json::from_str(t).ok()).unwrap_or_default(),
        },
    })
}

/// One referral the actor may see (R-ORG-3); `NotFound` otherwise, never revealing it exists.
pub async fn get(state: &AppState, actor: &Actor, id: &str) -> Result<Record, ServiceError> {
    if id.is_empty() || id.len() > 64 || id.chars().any(char::is_control) {
        return Err(ServiceError::NotFound);
    }
    let mut sql = Sql::new(RECORD);
    sql.push("d.id = ").bind_text(id).push(" AND ");
    push_visible(&mut sql, actor);
    let row = sql.query().fetch_optional(&state.db.pool).await?.ok_or(ServiceError::NotFound)?;
    Ok(record(&row)?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Created,
    Updated,
}

impl Order {
    fn column(&self) -> &'static str {
        match self {
            Order::Created => "d.created_at",
            Order::Updated => "d.updated_at",
        }
    }
}

/// A list request, parsed: `$filter`, `$orderby`, `$top`, `$skip`, `$count` and the position after
/// which the page starts (`$skiptoken`).
#[derive(Debug, Clone)]
pub struct ListRequest {
    pub filter: Option<Filter>,
    pub order: Order,
    pub descending: bool,
    pub top: i64,
    pub skip: i64,
    pub after: Option<Position>,
    pub count: bool,
}

/// Where a page ended: the sort column's value and the id, for the next page's keyset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub value: String,
    pub id: String,
}

pub struct ListPage {
    pub records: Vec<Record>,
    pub next: Option<Position>,
    pub count: Option<i64>,
}

/// The referrals the actor sees (R-ORG-3), filtered and ordered in SQL. Pages are keyset ranges, so
/// a referral created meanwhile never shifts or repeats one.
#[tracing::instrument(skip(state, actor, request), fields(user = %actor.user_id))]
pub async fn list(state: &AppState, actor: &Actor, request: &ListRequest) -> Result<ListPage, ServiceError> {
    let column = request.order.column();
    let dir = if request.descending { "DESC" } else { "ASC" };
    let mut sql = Sql::new(RECORD);
    push_scope(&mut sql, actor, request.filter.as_ref());
    if let Some(after) = &request.after {
        sql.push(&format!(" AND ({column}, d.id) {} (", if request.descending { "<" } else { ">" }))
            .bind_text(&after.value)
            .push(", ")
            .bind_text(&after.id)
            .push(")");
    }
    sql.push(&format!(" ORDER BY {column} {dir}, d.id {dir} LIMIT ")).bind_int(request.top + 1);
    if request.skip > 0 {
        sql.push(" OFFSET ").bind_int(request.skip);
    }
    // Page and count read one snapshot, so the count agrees with the page.
    let mut tx = state.db.pool.begin().await?;
    let rows = sql.query().fetch_all(&mut *tx).await?;
    let mut records = rows.iter().take(request.top as usize).map(record).collect::<Result<Vec<_>, _>>()?;
    let next = (rows.len() as i64 > request.top).then(|| records.last()).flatten().map(|r| Position {
        value: ts(match request.order {
            Order::Created => r.deal.created_at,
            Order::Updated => r.updated_at,
        }),
        id: r.deal.id.clone(),
    });
    let count = if request.count {
        let mut sql = Sql::new(
            "SELECT COUNT(*) FROM deals d JOIN customers c ON c.id = d.customer_id LEFT JOIN referral_fields rf ON rf.deal_id = d.id WHERE ",
        );
        push_scope(&mut sql, actor, request.filter.as_ref());
        Some(sql.query().fetch_one(&mut *tx).await?.try_get::<i64, _>(0)?)
    } else {
        None
    };
    tx.commit().await?;
    records.shrink_to_fit();
    Ok(ListPage { records, next, count })
}

fn push_scope(sql: &mut Sql, actor: &Actor, filter: Option<&Filter>) {
    push_visible(sql, actor);
    if let Some(filter) = filter {
        sql.push(" AND ");
        push_filter(sql, filter);
    }
}

fn push_filter(sql: &mut Sql, filter: &Filter) {
    match filter {
        Filter::Is(c) => push_condition(sql, c),
        Filter::Not(c) => {
            sql.push("NOT ");
            push_condition(sql, c);
        }
        Filter::And(a, b) | Filter::Or(a, b) => {
            sql.push("(");
            push_filter(sql, a);
            sql.push(if matches!(filter, Filter::And(..)) { " AND " } else { " OR " });
            push_filter(sql, b);
            sql.push(")");
        }
    }
}

fn push_condition(sql: &mut Sql, condition: &Condition) {
    sql.push("(");
    match condition {
        Condition::Status(status) => {
            sql.push("d.status IN (");
            for (i, s) in statuses_of(*status).iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                sql.bind_text(s.as_str());
            }
            sql.push(")");
        }
        Condition::Substatus(sub) => {
            match status_for(*sub) {
                Some(status) => sql.push("d.status = ").bind_text(status.as_str()),
                None => sql.push("1 = 0"),
            };
        }
        Condition::Direction(direction) => {
            sql.push("d.direction = ").bind_text(direction.direction().as_str());
        }
        Condition::Type(kind) => {
            // As `referral_type` reads it: Microsoft invited or sending, or partners taking part.
            let shared = "d.microsoft_level = 'invited' OR d.partners_invited = 1 OR (d.direction = 'inbound' AND d.sender_org_id IS NULL)";
            match kind {
                ReferralType::Shared => sql.push(shared),
                ReferralType::Independent => sql.push(&format!("NOT ({shared})")),
            };
        }
        Condition::Qualification(q) => {
            sql.push("COALESCE(rf.qualification, 'None') = ").bind_text(q.as_str());
        }
        Condition::EngagementId(id) => {
            sql.push("d.engagement_id = ").bind_text(id);
        }
        Condition::Country(code) => {
            sql.push("c.country = ").bind_text(code);
        }
        Condition::Id(id) => {
            sql.push("d.id = ").bind_text(id);
        }
    }
    sql.push(")");
}

/// How the request names its customer (R-CAT-3): by D-U-N-S number, or by name and address.
#[derive(Debug, Clone, Default)]
pub struct CustomerRef {
    pub duns: Option<String>,
    pub name: String,
    pub country: String,
    pub city: String,
    pub postal_code: String,
}

pub struct CreateRequest {
    /// The wizard's answers; the customer and, when left out, the location are resolved here.
    pub draft: DealDraft,
    pub customer: CustomerRef,
    pub extras: Extras,
    /// The `Idempotency-Key` and a hash of the request it came with.
    pub idempotency: Option<(String, String)>,
    pub confirm_warnings: bool,
}

/// R-NEW-1..7 through the wizard's own validation; a repeated Idempotency-Key returns the deal the
/// first request created (`true`: it was created now).
#[tracing::instrument(skip(state, actor, request), fields(user = %actor.user_id))]
pub async fn create(state: &AppState, actor: &Actor, mut request: CreateRequest) -> Result<(Record, bool), ServiceError> {
    if let Some((key, hash)) = &request.idempotency {
        if let Some(id) = replay(state, actor, key, hash).await? {
            return Ok((get(state, actor, &id).await?, false));
        }
    }
    let prepared = prepare(state, actor, &mut request).await?;
    let id = prepared.deal_id().to_string();
    let mut tx = state.db.write().await?;
    let change = deals::write_outbound(&mut tx, state, actor, prepared).await?;
    write_extras(&mut tx, &id, &request.extras).await?;
    if let Some((key, hash)) = &request.idempotency {
        // Waits for a concurrent request with the same key to finish; then this one writes nothing.
        let done = sqlx::query(
            "INSERT INTO api_idempotency (user_id, idem_key, request_hash, deal_id, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (user_id, idem_key) DO NOTHING",
        )
        .bind(&actor.user_id)
        .bind(key)
        .bind(hash)
        .bind(&id)
        .bind(ts(state.now()))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            tx.rollback().await?;
            let first = replay(state, actor, key, hash).await?.ok_or(ServiceError::Conflict)?;
            return Ok((get(state, actor, &first).await?, false));
        }
    }
    super::live::commit(state, tx, change).await?;
    Ok((get(state, actor, &id).await?, true))
}

/// The request's customer and (when left out) location resolved, then the wizard's validation and
/// the lifecycle's creation; nothing written.
async fn prepare(state: &AppState, actor: &Actor, request: &mut CreateRequest) -> Result<deals::PreparedDeal, ServiceError> {
    request.draft.customer_id = Some(resolve_customer(state, &request.customer).await?);
    request.draft.customer_country = request.customer.country.clone();
    if request.draft.location_id.trim().is_empty() {
        let locations = catalog::locations(&state.db, &actor.org_id).await?;
        if let Some(primary) = locations.iter().find(|l| l.is_primary).or(locations.first()) {
            request.draft.location_id = primary.id.clone();
        }
    }
    deals::prepare_outbound(state, actor, &request.draft, request.confirm_warnings).await
}

async fn write_extras(tx: &mut sqlx::Transaction<'static, sqlx::Any>, id: &str, extras: &Extras) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO referral_fields (deal_id, qualification, customer_size, tags) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(extras.qualification.unwrap_or(Qualification::None).as_str())
        .bind(extras.customer_size.clone())
        .bind(serde_json::to_string(&extras.tags).unwrap_or_else(|_| "[]".into()))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The deal an earlier request with this key created; the key with another request is refused.
async fn replay(state: &AppState, actor: &Actor, key: &str, hash: &str) -> Result<Option<String>, ServiceError> {
    let row = sqlx::query("SELECT request_hash, deal_id FROM api_idempotency WHERE user_id = $1 AND idem_key = $2")
        .bind(&actor.user_id)
        .bind(key)
        .fetch_optional(state.db.writer())
        .await?;
    let Some(row) = row else { return Ok(None) };
    if row.try_get::<String, _>("request_hash")? != hash {
        return Err(ServiceError::KeyReused);
    }
    Ok(Some(row.try_get("deal_id")?))
}

/// R-CAT-3: the directory entity the request names: by D-U-N-S number, else the one entity with
/// that name in that country (narrowed by city and postal code when several share the name).
async fn resolve_customer(state: &AppState, c: &CustomerRef) -> Result<String, ServiceError> {
    let invalid = |field, code| ServiceError::Invalid(Issues::one(field, code));
    if let Some(duns) = c.duns.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        let id: Option<String> = sqlx::query_scalar("SELECT id FROM customers WHERE duns = $1").bind(duns).fetch_optional(&state.db.pool).await?;
        return id.ok_or_else(|| invalid(Field::Customer, Code::CustomerNotChosen));
    }
    let country = c.country.trim().to_ascii_uppercase();
    if country.is_empty() {
        return Err(invalid(Field::CustomerCountry, Code::Required));
    }
    if c.name.trim().is_empty() {
        return Err(invalid(Field::Customer, Code::Required));
    }
    if c.name.chars().count() > 200 {
        return Err(invalid(Field::Customer, Code::TooLong { max: 200 }));
    }
    if c.name.chars().any(char::is_control) {
        return Err(invalid(Field::Customer, Code::ControlCharacters));
    }
    // As the directory stores it (`customers.name_norm`).
    let name = c.name.trim().to_lowercase();
    let rows = sqlx::query("SELECT id, name, street, city, state, postal_code, country, duns FROM customers WHERE country = $1 AND name_norm = $2 LIMIT 50")
        .bind(&country)
        .bind(&name)
        .fetch_all(&state.db.pool)
        .await?;
    let found: Vec<CustomerView> = rows.iter().map(customer_from_row).collect::<Result<_, _>>()?;
    let same = |a: &str, b: &str| b.trim().is_empty() || a.trim().eq_ignore_ascii_case(b.trim());
    let narrowed: Vec<&CustomerView> = found.iter().filter(|f| same(&f.city, &c.city) && same(&f.postal_code, &c.postal_code)).collect();
    match narrowed.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(invalid(Field::Customer, Code::CustomerNotChosen)),
        // Many entities share a name and place (R-CAT-3): only the D-U-N-S number tells them apart.
        _ => Err(invalid(Field::Customer, Code::CustomerAmbiguous)),
    }
}

/// Applies the actions one after another to the deal as each leaves it, and writes the result once:
/// all of them or none (RFC 6902). `expected_version` is the version the actions were built from
/// (the `If-Match` ETag when given); a deal changed since is `Stale`.
#[tracing::instrument(skip(state, actor, patch), fields(user = %actor.user_id))]
pub async fn patch(state: &AppState, actor: &Actor, id: &str, patch: &[DealAction], expected_version: i64) -> Result<Record, ServiceError> {
    let loaded: Loaded = store::load_visible(&state.db, actor, id).await?.ok_or(ServiceError::NotFound)?;
    if loaded.version != expected_version {
        return Err(ServiceError::Stale);
    }
    if !patch.is_empty() {
        let steps: Vec<Step> = actions::plan(state, actor, &loaded.deal, patch).await?;
        actions::execute_steps(state, loaded, steps, actor).await.map_err(|e| match e {
            ServiceError::Conflict => ServiceError::Stale,
            other => other,
        })?;
    }
    get(state, actor, id).await
}

/// One row of an import: a new referral, or changes to one the caller sees.
pub enum ImportRow {
    Create(CreateRequest),
    Update { id: String, actions: Vec<DealAction> },
}

/// Why an import wrote nothing: the rows that cannot be imported and why, or a failure of the whole.
pub enum ImportError {
    Rows(Vec<(usize, ServiceError)>),
    Whole(ServiceError),
}

impl From<ServiceError> for ImportError {
    fn from(e: ServiceError) -> Self {
        ImportError::Whole(e)
    }
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Whole(ServiceError::Db(e))
    }
}

/// What an import did: the referrals created and changed, in row order.
#[derive(Debug, Default)]
pub struct Imported {
    pub created: Vec<String>,
    pub updated: Vec<String>,
}

/// X-API: creates and changes referrals from rows, all or nothing: every row is checked by the
/// same rules as one request would be, and only when every row passes is anything written, in one
/// transaction. Rows are numbered as the caller counts them. With `write` false the rows are only
/// checked (the caller found other rows it cannot import and reports every problem at once).
#[tracing::instrument(skip(state, actor, rows), fields(user = %actor.user_id, rows = rows.len()))]
pub async fn import(state: &AppState, actor: &Actor, rows: Vec<(usize, ImportRow)>, write: bool) -> Result<Imported, ImportError> {
    let mut errors = Vec::new();
    let mut creates = Vec::new();
    let mut updates = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (row, item) in rows {
        match item {
            ImportRow::Create(mut request) => match prepare(state, actor, &mut request).await {
                Ok(prepared) => creates.push((prepared, request.extras)),
                Err(e @ ServiceError::Db(_)) => return Err(e.into()),
                Err(e) => errors.push((row, e)),
            },
            ImportRow::Update { id, actions } => {
                if let Some(first) = seen.insert(id.clone(), row) {
                    errors.push((row, ServiceError::Invalid(Issues::one(Field::DealName, Code::DuplicateRow { row: first }))));
                    continue;
                }
                let planned = async {
                    let loaded = store::load_visible(&state.db, actor, &id).await?.ok_or(ServiceError::NotFound)?;
                    let steps = actions::plan(state, actor, &loaded.deal, &actions).await?;
                    actions::with_follow_ups(state, loaded, steps).await
                };
                match planned.await {
                    Ok(p) => updates.push((id, p)),
                    Err(e @ ServiceError::Db(_)) => return Err(e.into()),
                    Err(e) => errors.push((row, e)),
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(ImportError::Rows(errors));
    }
    let mut done = Imported::default();
    if !write {
        return Ok(done);
    }
    let mut tx = state.db.write().await?;
    let mut change = super::live::Change::default();
    for (prepared, extras) in creates {
        let id = prepared.deal_id().to_string();
        let written = deals::write_outbound(&mut tx, state, actor, prepared).await?;
        write_extras(&mut tx, &id, &extras).await?;
        change.deals.extend(written.deals);
        change.told.extend(written.told);
        done.created.push(id);
    }
    for (id, planned) in updates {
        let written = actions::write_planned(&mut tx, state, planned, actor).await?;
        change.deals.extend(written.deals);
        change.told.extend(written.told);
        done.updated.push(id);
    }
    super::live::commit(state, tx, change).await?;
    Ok(done)
}

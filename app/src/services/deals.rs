//! Deals: creation through the wizard's rules, and every read through one visibility-checked path.

use super::catalog;
use super::db::{Db, Engine, Sql, date, flag, new_id, parse_date, parse_ts, stored, ts};
use super::directory;
use super::search::{self, Part};
use super::error::ServiceError;
use super::state::AppState;
use super::actions::{insert_and_notify, recorded};
use super::deal_store as store;
use super::visibility::{push_visible, push_visible_of_own_org};
use crate::dto::list::{cursor, parse_cursor};
use crate::dto::{
    COUNT_CAP, CustomerView, DealFacts, DealList, DealSummary, DealView, EventView, ListQuery, LocationOption, MemberView, PAGE_SIZE, Page,
    PartyView, SortKey, Tab, WizardOptions, deal_view,
};
use crate::domain::actor::{Actor, may_create_deal};
use crate::domain::catalog::{Incentive, SolutionCategory, SolutionInfo, categorize};
use crate::domain::deal::{DealType, Direction, EventKind, MicrosoftLevel, Stage, Status};
use crate::domain::fields::SearchText;
use crate::domain::issues::{Code, Field, Issues};
use crate::domain::money::Amount;
use crate::domain::lifecycle::{self, Applied, NewDeal};
use crate::domain::wizard::{self, DealDraft, WizardContext};
use sqlx::any::AnyRow;
use sqlx::Row;

/// What the wizard needs up front (R-NEW-2 locations, R-CAT-2 catalog, R-NEW-6, R-NEW-3 recent contacts).
pub async fn wizard_options(state: &AppState, actor: &Actor) -> Result<WizardOptions, ServiceError> {
    let db = &state.db;
    Ok(WizardOptions {
        can_create: may_create_deal(actor, catalog::has_co_sell_ready(db, &actor.org_id).await?),
        today: state.now().date_naive(),
        locations: catalog::locations(db, &actor.org_id).await?,
        countries: directory::countries(db).await?,
        catalog: catalog::offered_to(db, &actor.org_id).await?,
        org_vetted: catalog::org_vetted(db, &actor.org_id).await?,
        recent_contacts: recent_contacts(db, actor).await?,
        partners: super::actions::partner_options(db, &actor.org_id).await?,
        referral_to: None,
    })
}

/// R-NEW-3: distinct team members of the user's earlier deals, most recent first; only deals the
/// user still sees (R-ORG-3), so a demoted or re-scoped user is offered nothing they lost sight of.
pub async fn recent_contacts(db: &Db, actor: &Actor) -> Result<Vec<MemberView>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT t.name, t.phone, t.email, t.email_norm, d.created_at FROM deal_team_members t \
         JOIN deals d ON d.id = t.deal_id WHERE d.created_by = ",
    );
    sql.bind_text(&actor.user_id).push(" AND ");
    push_visible(&mut sql, actor);
    sql.push(" ORDER BY d.created_at DESC, t.position LIMIT 200");
    let rows = sql.query().fetch_all(&db.pool).await?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for row in rows {
        let norm: String = row.try_get("email_norm")?;
        if seen.insert(norm) {
            out.push(MemberView { name: row.try_get("name")?, phone: row.try_get("phone")?, email: row.try_get("email")?, own: true });
        }
        if out.len() == 8 {
            break;
        }
    }
    Ok(out)
}

/// R-NEW-1..7: validates with the same rules the wizard ran, creates the deal through the domain's
/// lifecycle, then writes it with its events.
pub async fn create_outbound(
    state: &AppState,
    actor: &Actor,
    draft: &DealDraft,
    confirm_warnings: bool,
) -> Result<String, ServiceError> {
    let prepared = prepare_outbound(state, actor, draft, confirm_warnings).await?;
    let id = prepared.deal_id().to_string();
    let mut tx = state.db.write().await?;
    let change = write_outbound(&mut tx, state, actor, prepared).await?;
    super::live::commit(state, tx, change).await?;
    Ok(id)
}

/// A new outbound deal, validated and made by the lifecycle, with the invited partners' own deals;
/// nothing written yet.
pub struct PreparedDeal {
    applied: Applied,
    copies: Vec<Applied>,
    customer_name: String,
}

impl PreparedDeal {
    pub fn deal_id(&self) -> &str {
        &self.applied.deal.id
    }
}

/// R-NEW-1..7: the wizard's rules on the server's own facts, then the lifecycle's creation.
pub async fn prepare_outbound(state: &AppState, actor: &Actor, draft: &DealDraft, confirm_warnings: bool) -> Result<PreparedDeal, ServiceError> {
    let db = &state.db;
    let has_ready = catalog::has_co_sell_ready(db, &actor.org_id).await?;
    may_create_deal(actor, has_ready).map_err(ServiceError::Rule)?;
    let location_ids: Vec<String> = catalog::locations(db, &actor.org_id).await?.into_iter().map(|l| l.id).collect();
    let customer = directory::chosen(db, draft.customer_id.as_deref()).await?;
    let catalog = catalog::offered_to(db, &actor.org_id).await?;
    let partners = super::actions::partner_options(db, &actor.org_id).await?;
    let now = state.now();
    let ctx = WizardContext {
        today: now.date_naive(),
        location_ids: &location_ids,
        customer_country: customer.as_ref().map(|c| c.country.as_str()),
        catalog: &catalog,
        org_vetted: catalog::org_vetted(db, &actor.org_id).await?,
        partners: &partners,
    };
    let valid = wizard::validate(draft, &ctx).map_err(ServiceError::Invalid)?;
    if valid.warnings.has_warnings() && !confirm_warnings {
        return Err(ServiceError::NeedsConfirmation(valid.warnings));
    }
    let customer = customer.ok_or(ServiceError::NotFound)?;
    let new = NewDeal {
        id: new_id(),
        engagement_id: new_id(),
        org_id: actor.org_id.clone(),
        valid: &valid,
        customer_microsoft_managed: false,
    };
    let applied = lifecycle::create_outbound(new, actor, has_ready, now).map_err(ServiceError::Rule)?;
    // R-NEW-5: each partner invited from the wizard gets its own deal, as from the deal page.
    let mut copies = Vec::new();
    for invitation in &applied.deal.invitations {
        copies.push(super::actions::invitee_copy(db, &applied.deal, invitation, now).await?);
    }
    Ok(PreparedDeal { applied, copies, customer_name: customer.name })
}

/// Writes a prepared deal, its invitees' deals and their notifications in the caller's transaction;
/// returns what `live::commit` announces.
pub async fn write_outbound(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    state: &AppState,
    actor: &Actor,
    prepared: PreparedDeal,
) -> Result<super::live::Change, ServiceError> {
    let now = state.now();
    let PreparedDeal { applied: Applied { deal, events }, copies, customer_name } = prepared;
    let mut change = super::live::Change { deals: vec![deal.id.clone()], told: Vec::new() };
    change.told.extend(insert_and_notify(tx, state, &deal, &customer_name, Some(&actor.user_id), &recorded(events, now, actor)).await?);
    for copy in copies {
        change.deals.push(copy.deal.id.clone());
        change.told.extend(insert_and_notify(tx, state, &copy.deal, &customer_name, None, &recorded(copy.events, now, actor)).await?);
    }
    Ok(change)
}

const SUMMARY_COLUMNS: &str = "d.id, d.name, c.name AS customer_name, d.direction, d.status, d.stage, d.microsoft_level, \
     d.is_assessment, d.partners_invited, d.value_hundredths, d.currency, d.close_date, d.updated_at, d.created_at, d.received_at, \
     d.search_norm, d.answer_by, f.deal_id AS favorite_id";

/// R-TAB-1, R-TAB-2: one page of a tab, filtered, searched and sorted in SQL, visible deals only
/// (R-ORG-3). Pages are keyset ranges of an index on (org, tab, sort column, id), so a deep page
/// costs what the first does and a deal added meanwhile never shifts a page.
#[tracing::instrument(skip(state, actor), fields(user = %actor.user_id))]
pub async fn list(state: &AppState, actor: &Actor, query: &ListQuery) -> Result<DealList, ServiceError> {
    let text = search_text(query)?;
    let found = search::find_deals(&state.db, text.as_ref(), search::FEW).await?;
    let sql = page_sql(actor, query, &found)?;
    // Page and count read one snapshot, so the total agrees with the page.
    let mut tx = state.db.pool.begin().await?;
    if state.db.engine == Engine::Postgres && text.is_some() {
        // Planned for this text: the generic plan PostgreSQL adopts for a prepared statement after
        // five runs cannot see how selective `LIKE '%…%'` is, and walked the whole tab for a rare
        // word (148 ms instead of ~10). Only here: for other lists the generic plans are as good,
        // and planning every query cost the deal page half its throughput.
        sqlx::query("SET LOCAL plan_cache_mode = force_custom_plan").execute(&mut *tx).await?;
    }
    let rows = sql.query().fetch_all(&mut *tx).await?;
    let more = rows.len() as i64 > PAGE_SIZE;
    let backwards = matches!(query.page, Page::Before(_));
    let mut page: Vec<(DealSummary, String)> = rows
        .iter()
        .take(PAGE_SIZE as usize)
        .map(|row| Ok((summary_from_row(row, state.now())?, sort_value(row, query.sort)?)))
        .collect::<Result<_, sqlx::Error>>()?;
    if backwards {
        page.reverse();
    }
    let edge = |i: Option<&(DealSummary, String)>| i.map(|(d, v)| cursor(v, &d.id));
    let (next, previous) = if backwards {
        (edge(page.last()), edge(page.first()).filter(|_| more))
    } else {
        (edge(page.last()).filter(|_| more), edge(page.first()).filter(|_| query.page != Page::First))
    };
    let (total, total_capped) = match (&query.page, more) {
        // The whole list is on this page: nothing left to count.
        (Page::First, false) => (page.len() as i64, false),
        _ => count(&mut tx, actor, query, &found).await?,
    };
    tx.commit().await?;
    let can_create = may_create_deal(actor, catalog::has_co_sell_ready(&state.db, &actor.org_id).await?);
    let locations = catalog::locations(&state.db, &actor.org_id).await?;
    let can_refer = actor.has(crate::domain::actor::Role::MicrosoftSeller);
    Ok(DealList { deals: page.into_iter().map(|(d, _)| d).collect(), total, total_capped, next, previous, can_create, can_refer, locations })
}

fn search_text(query: &ListQuery) -> Result<Option<SearchText>, ServiceError> {
    SearchText::parse_filter(&query.text).map_err(|code| ServiceError::Invalid(Issues::one(Field::Search, code)))
}

/// The SQL of one page (`PAGE_SIZE` + 1 rows, to know whether another follows), reading the
/// search's result as `found` says. Public so the query-plan tests check exactly what the list runs.
pub fn page_sql(actor: &Actor, query: &ListQuery, found: &search::Found) -> Result<Sql, ServiceError> {
    let bad_page = || ServiceError::Invalid(Issues::one(Field::Search, Code::NotAnOption));
    let text = search_text(query)?;
    let (position, backwards) = match &query.page {
        Page::First => (None, false),
        Page::After(c) => (Some(parse_cursor(c).ok_or_else(bad_page)?), false),
        Page::Before(c) => (Some(parse_cursor(c).ok_or_else(bad_page)?), true),
    };
    let column = sort_column(query.sort);
    let mut sql = Sql::new(&format!("SELECT {SUMMARY_COLUMNS}"));
    search::push_from(&mut sql, found, Part::Page);
    sql.push("JOIN customers c ON c.id = d.customer_id ");
    push_scope(&mut sql, actor, query, text.as_ref(), found, Part::Page);
    // Reading backwards walks the index the other way; `list` puts the page back in order.
    let descending = query.descending != backwards;
    if let Some((value, id)) = position {
        sql.push(&format!(" AND ({column}, d.id) {} (", if descending { "<" } else { ">" }));
        match query.sort {
            SortKey::Value => sql.bind_int(value.parse().map_err(|_| bad_page())?),
            _ => sql.bind_text(value),
        };
        sql.push(", ").bind_text(id).push(")");
    }
    let dir = if descending { "DESC" } else { "ASC" };
    sql.push(&format!(" ORDER BY {column} {dir}, d.id {dir} LIMIT ")).bind_int(PAGE_SIZE + 1);
    Ok(sql)
}

/// How many deals the list holds, counted no further than `COUNT_CAP`.
async fn count(conn: &mut sqlx::AnyConnection, actor: &Actor, query: &ListQuery, found: &search::Found) -> Result<(i64, bool), ServiceError> {
    let n: i64 = count_sql(actor, query, found)?.query().fetch_one(conn).await?.try_get(0)?;
    Ok((n.min(COUNT_CAP), n > COUNT_CAP))
}

/// The SQL of the list's capped count. Public for the query-plan tests.
pub fn count_sql(actor: &Actor, query: &ListQuery, found: &search::Found) -> Result<Sql, ServiceError> {
    let text = search_text(query)?;
    let mut sql = Sql::new("SELECT COUNT(*) FROM (SELECT 1");
    search::push_from(&mut sql, found, Part::Count);
    push_scope(&mut sql, actor, query, text.as_ref(), found, Part::Count);
    sql.push(" LIMIT ").bind_int(COUNT_CAP + 1).push(") AS page");
    Ok(sql)
}

/// Everything but order and position: the favorite join, visibility (R-ORG-3), the tab, the
/// filters and the search (as `found` says).
fn push_scope(sql: &mut Sql, actor: &Actor, query: &ListQuery, text: Option<&SearchText>, found: &search::Found, part: Part) {
    sql.push("LEFT JOIN favorites f ON f.deal_id = d.id AND f.user_id = ").bind_text(&actor.user_id).push(" WHERE ");
    if !actor.is_microsoft() && query.tab != Tab::Favorites {
        // The tabs hold the org's own deals; a P2P partner's deal is reached from one's own.
        push_visible_of_own_org(sql, actor);
    } else {
        push_visible(sql, actor);
    }
    match query.tab {
        Tab::Favorites => sql.push(" AND f.deal_id IS NOT NULL"),
        tab => sql.push(" AND d.tab = ").bind_text(tab.slug()),
    };
    let f = &query.filters;
    if let Some(status) = f.status {
        sql.push(" AND d.status = ").bind_text(status.as_str());
    }
    if let Some(stage) = f.stage {
        sql.push(" AND d.stage = ").bind_text(stage.as_str());
    }
    if let Some(deal_type) = f.deal_type.as_deref() {
        sql.push(" AND d.deal_type = ").bind_text(deal_type.to_string());
    }
    if let Some(location) = &f.location_id {
        sql.push(" AND d.location_id = ").bind_text(location);
    }
    // `|| ''` keeps the planners on the sort's index: a close-date range would otherwise win the
    // index choice and sort every match (measured: 357 ms instead of ~15 ms at 100k deals).
    if let Some(from) = f.close_from {
        sql.push(" AND d.close_date || '' >= ").bind_text(date(from));
    }
    if let Some(to) = f.close_to {
        sql.push(" AND d.close_date || '' <= ").bind_text(date(to));
    }
    search::push_match(sql, text, found, part);
}

fn sort_column(sort: SortKey) -> &'static str {
    match sort {
        SortKey::Updated => "d.updated_at",
        SortKey::Created => "d.created_at",
        SortKey::CloseDate => "d.close_date",
        SortKey::Value => "d.value_hundredths",
        SortKey::Name => "d.search_norm",
        SortKey::TimeLeft => "d.answer_by",
    }
}

/// The row's value in the sort column, as a cursor holds it.
fn sort_value(row: &AnyRow, sort: SortKey) -> Result<String, sqlx::Error> {
    match sort {
        SortKey::Value => Ok(row.try_get::<i64, _>("value_hundredths")?.to_string()),
        other => row.try_get(sort_column(other).trim_start_matches("d.")),
    }
}

fn deal_type_of(row: &AnyRow) -> Result<DealType, sqlx::Error> {
    let level = stored(row, "microsoft_level", MicrosoftLevel::parse)?;
    Ok(DealType::derive(level, flag(row, "partners_invited")?, flag(row, "is_assessment")?))
}

fn summary_from_row(row: &AnyRow, now: chrono::DateTime<chrono::Utc>) -> Result<DealSummary, sqlx::Error> {
    let status = stored(row, "status", Status::parse)?;
    let started = row.try_get::<Option<String>, _>("received_at")?.unwrap_or(row.try_get("created_at")?);
    Ok(DealSummary {
        hours_to_respond: (status == Status::Received).then(|| lifecycle::window_left(parse_ts(&started), now).num_hours()),
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        customer_name: row.try_get("customer_name")?,
        deal_type: deal_type_of(row)?,
        direction: stored(row, "direction", Direction::parse)?,
        status,
        stage: stored(row, "stage", Stage::parse)?,
        value: Amount::from_hundredths(row.try_get("value_hundredths")?),
        currency: row.try_get("currency")?,
        close_date: parse_date(&row.try_get::<String, _>("close_date")?),
        updated_at: parse_ts(&row.try_get::<String, _>("updated_at")?),
        favorite: row.try_get::<Option<String>, _>("favorite_id")?.is_some(),
    })
}

/// A single deal for display, as much of it as this viewer may read (`domain::privacy`); `NotFound`
/// when it does not exist or the actor may not see it (R-ORG-3: a 404, never a 403). Like every
/// single-deal read it starts at `deal_store::load_visible`.
#[tracing::instrument(skip(state, actor), fields(user = %actor.user_id))]
pub async fn get(state: &AppState, actor: &Actor, id: &str) -> Result<DealView, ServiceError> {
    let db = &state.db;
    let loaded = store::load_visible(db, actor, id).await?.ok_or(ServiceError::NotFound)?;
    let row = sqlx::query(
        "SELECT d.updated_at, o.name AS org_name, so.name AS sender_name, u.name AS creator_name, f.deal_id AS favorite_id, \
         c.id AS c_id, c.name AS c_name, c.street, c.city AS c_city, c.state, c.postal_code, c.country AS c_country, c.duns, \
         l.id AS l_id, l.mpn_location_id, l.city AS l_city, l.country AS l_country, l.is_primary \
         FROM deals d JOIN customers c ON c.id = d.customer_id JOIN organizations o ON o.id = d.org_id \
         JOIN locations l ON l.id = d.location_id LEFT JOIN users u ON u.id = d.created_by \
         LEFT JOIN organizations so ON so.id = d.sender_org_id \
         LEFT JOIN favorites f ON f.deal_id = d.id AND f.user_id = $1 WHERE d.id = $2",
    )
    .bind(&actor.user_id)
    .bind(id)
    .fetch_one(&db.pool)
    .await?;
    let events = sqlx::query(
        "SELECT e.at, e.kind, u.name FROM events e LEFT JOIN users u ON u.id = e.actor_user_id \
         WHERE e.subject_type = 'deal' AND e.subject_id = $1 ORDER BY e.at DESC, e.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .filter_map(|r| event_view(r).transpose())
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let text = |col: &str| row.try_get::<String, _>(col);
    let facts = DealFacts {
        org_name: text("org_name")?,
        customer: CustomerView {
            id: text("c_id")?,
            name: text("c_name")?,
            street: text("street")?,
            city: text("c_city")?,
            state: text("state")?,
            postal_code: text("postal_code")?,
            country: text("c_country")?,
            duns: text("duns")?,
        },
        location: LocationOption {
            id: text("l_id")?,
            mpn_location_id: text("mpn_location_id")?,
            city: text("l_city")?,
            country: text("l_country")?,
            is_primary: flag(&row, "is_primary")?,
        },
        solutions: deal_solutions(db, &actor.org_id, id).await?,
        created_by: row.try_get("creator_name")?,
        updated_at: parse_ts(&text("updated_at")?),
        favorite: row.try_get::<Option<String>, _>("favorite_id")?.is_some(),
        events,
        sender_name: row.try_get("sender_name")?,
        parties: parties(db, actor, &loaded.deal).await?,
    };
    Ok(deal_view(&loaded.deal, actor, state.now(), facts))
}

/// R-LIFE-6: the engagement's other deals this actor may see (R-ORG-3, in SQL), to link them.
async fn parties(db: &Db, actor: &Actor, deal: &lifecycle::Deal) -> Result<Vec<PartyView>, ServiceError> {
    let mut sql = Sql::new("SELECT d.id, o.name AS org_name, d.status, d.direction FROM deals d JOIN organizations o ON o.id = d.org_id WHERE d.engagement_id = ");
    sql.bind_text(&deal.engagement_id).push(" AND d.id <> ").bind_text(&deal.id).push(" AND ");
    push_visible(&mut sql, actor);
    sql.push(" ORDER BY d.direction DESC, o.name");
    let mut parties = Vec::new();
    for row in sql.query().fetch_all(&db.pool).await? {
        parties.push(PartyView {
            deal_id: row.try_get("id")?,
            org_name: row.try_get("org_name")?,
            status: stored(&row, "status", Status::parse)?,
            originator: stored(&row, "direction", Direction::parse)? == Direction::Outbound,
        });
    }
    Ok(parties)
}

/// One line of a deal's history. A kind this build does not know is logged and left out, never
/// shown as something else; R-LIFE-5: a Microsoft seller is named only for what shows them.
fn event_view(row: &AnyRow) -> Result<Option<EventView>, sqlx::Error> {
    let stored: String = row.try_get("kind")?;
    let Some(kind) = EventKind::parse(&stored) else {
        tracing::error!(kind = %stored, "a deal event of unknown kind is left out of the history");
        return Ok(None);
    };
    let actor_name: Option<String> = row.try_get("name")?;
    Ok(Some(EventView {
        at: parse_ts(&row.try_get::<String, _>("at")?),
        kind,
        actor_name: actor_name.filter(|_| kind.names_its_actor()),
    }))
}

async fn deal_solutions(db: &Db, viewer_org: &str, deal_id: &str) -> Result<Vec<SolutionInfo>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.id, s.name, s.owner_org_id, s.is_assessment, s.incentive, o.name AS owner_name, o.is_microsoft \
         FROM deal_solutions ds JOIN solutions s ON s.id = ds.solution_id JOIN organizations o ON o.id = s.owner_org_id \
         WHERE ds.deal_id = $1 ORDER BY ds.position",
    )
    .bind(deal_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let owner: String = row.try_get("owner_org_id")?;
            // Already on the deal, so offered: read it as co-sell ready.
            let category = categorize(flag(row, "is_assessment")?, flag(row, "is_microsoft")?, owner == viewer_org, true)
                .unwrap_or(SolutionCategory::ThirdParty);
            let incentive: Option<String> = row.try_get("incentive")?;
            Ok(SolutionInfo {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                owner_name: row.try_get("owner_name")?,
                category,
                incentive: incentive.as_deref().and_then(Incentive::parse),
            })
        })
        .collect()
}

/// Favorites are per user and allowed on any deal the user sees, closed ones included (R-TAB-1, R-LIFE-4).
pub async fn set_favorite(state: &AppState, actor: &Actor, id: &str, favorite: bool) -> Result<bool, ServiceError> {
    if store::load_visible(&state.db, actor, id).await?.is_none() {
        return Err(ServiceError::NotFound);
    }
    let pool = state.db.writer();
    if favorite {
        sqlx::query("INSERT INTO favorites (user_id, deal_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (user_id, deal_id) DO NOTHING")
            .bind(&actor.user_id)
            .bind(id)
            .bind(ts(state.now()))
            .execute(pool)
            .await?;
    } else {
        sqlx::query("DELETE FROM favorites WHERE user_id = $1 AND deal_id = $2").bind(&actor.user_id).bind(id).execute(pool).await?;
    }
    Ok(favorite)
}

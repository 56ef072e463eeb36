//! R-TAB-2 at volume, on both engines: keyset pages reachable through the address and stable under
//! inserts, filters that combine with search and sort, a cheap total, and every tab and sort served
//! by an index (checked in the query plan, so a dropped index or a changed query fails a test).

use super::authorization::act;
use super::helpers::*;
use app::api::dto::{DealList, ListFilters, ListQuery, PAGE_SIZE, Page, SortKey, Tab};
use app::domain::actions::DealAction;
use app::domain::deal::{DealType, Status};
use app::domain::fields::SearchText;
use app::services::deals::{count_sql, page_sql};
use app::services::search::{FEW, Found, find_deals};
use reqwest::Client;
use tests::{Engine, TestApp, on_both_engines, spawn_app};

async fn page(app: &TestApp, client: &Client, query: &ListQuery) -> DealList {
    list_query(app, client, query).await
}

fn names(list: &DealList) -> Vec<String> {
    list.deals.iter().map(|d| d.name.clone()).collect()
}

// R-TAB-2: 55 matching deals make a page of 50 and one of 5; the pages link both ways, a deal
// created meanwhile never shifts the second page, and the total is counted.
async fn keyset_pages(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = app.signed_in(ADMIN).await;
    let mut draft = valid_draft(&app, &admin, "").await;
    for i in 1..=55 {
        draft.deal_name = format!("Paged deal {i:02}");
        create(&app, &admin, &draft, true).await.expect("created");
    }
    let query = ListQuery { text: "paged deal".into(), sort: SortKey::Name, descending: false, ..ListQuery::new(Tab::Outbound) };
    let first = page(&app, &admin, &query).await;
    assert_eq!((first.deals.len() as i64, first.total, first.total_capped), (PAGE_SIZE, 55, false));
    assert_eq!((first.deals[0].name.as_str(), first.previous.as_deref()), ("Paged deal 01", None));

    draft.deal_name = "Paged deal 00".into();
    create(&app, &admin, &draft, true).await.expect("created meanwhile");
    let second = page(&app, &admin, &query.clone().at(Page::After(first.next.clone().expect("a next page")))).await;
    assert_eq!(names(&second), (51..=55).map(|i| format!("Paged deal {i:02}")).collect::<Vec<_>>(), "the insert did not shift it");
    assert_eq!(second.next, None);
    let back = page(&app, &admin, &query.clone().at(Page::Before(second.previous.clone().expect("a previous page")))).await;
    assert_eq!(back.deals.first().map(|d| d.name.as_str()), Some("Paged deal 01"), "the 50 before deal 51");
    assert_eq!(back.deals.len() as i64, PAGE_SIZE);
    let before = page(&app, &admin, &query.clone().at(Page::Before(back.previous.clone().expect("deal 00 is before it")))).await;
    assert_eq!((names(&before), before.previous), (vec!["Paged deal 00".to_string()], None));

    // Descending by value, deep pages: every deal exactly once, in order.
    let mut query = ListQuery { sort: SortKey::Value, descending: true, ..query.first_page() };
    let mut seen = Vec::new();
    loop {
        let list = page(&app, &admin, &query).await;
        seen.extend(list.deals.iter().map(|d| (d.value, d.id.clone())));
        match list.next {
            Some(next) => query = query.at(Page::After(next)),
            None => break,
        }
    }
    assert_eq!(seen.len(), 56);
    assert!(seen.windows(2).all(|w| w[0] >= w[1]), "sorted by value, then id");

    let (status, _) = app.call::<DealList>(&admin, "deals/list", &serde_json::json!({ "query": query.at(Page::After("no-position".into())) })).await.unwrap_err();
    assert_eq!(status, reqwest::StatusCode::BAD_REQUEST, "a malformed page position is refused");
    app.cleanup().await;
}

// R-TAB-2: status, type and close-date filters narrow the list, combine with search, and an
// Inbound deal shows the hours left to answer (R-LIFE-2).
async fn filters_combine(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = app.signed_in(ADMIN).await;
    let mut draft = valid_draft(&app, &admin, "Filtered early").await;
    draft.close_date = "2027-01-15".into();
    create(&app, &admin, &draft, true).await.unwrap();
    draft.deal_name = "Filtered late".into();
    draft.close_date = "2027-09-15".into();
    draft.share_with_microsoft = true;
    create(&app, &admin, &draft, true).await.unwrap();

    let base = ListQuery { text: "filtered".into(), ..ListQuery::new(Tab::Outbound) };
    let by = |filters: ListFilters| ListQuery { filters, ..base.clone() };
    let date = |d: &str| d.parse().ok();
    let early = page(&app, &admin, &by(ListFilters { close_to: date("2027-06-30"), ..Default::default() })).await;
    assert_eq!(names(&early), ["Filtered early"]);
    let shared = page(&app, &admin, &by(ListFilters { deal_type: Some("PartnerLed".into()), ..Default::default() })).await;
    assert_eq!((names(&shared), shared.deals[0].deal_type), (vec!["Filtered late".to_string()], DealType::PartnerLed));
    let none = page(&app, &admin, &by(ListFilters { deal_type: Some("PartnerLed".into()), close_to: date("2027-06-30"), ..Default::default() })).await;
    assert_eq!((none.deals.len(), none.total), (0, 0));
    let accepted = page(&app, &admin, &by(ListFilters { status: Some(Status::Accepted), close_from: date("2027-01-01"), ..Default::default() })).await;
    assert_eq!(accepted.total, 2);
    let at = |location: &str| by(ListFilters { location_id: Some(location.to_string()), ..Default::default() });
    let here = accepted.locations.iter().find(|l| l.id == draft.location_id).expect("the deals' location is offered");
    let elsewhere = accepted.locations.iter().find(|l| l.id != draft.location_id).expect("a second location");
    assert_eq!(page(&app, &admin, &at(&here.id)).await.total, 2);
    assert_eq!(page(&app, &admin, &at(&elsewhere.id)).await.total, 0);

    let inbound = page(&app, &admin, &ListQuery { filters: ListFilters { status: Some(Status::Received), ..Default::default() }, ..ListQuery::new(Tab::Inbound) }).await;
    assert!(!inbound.deals.is_empty(), "the demo data has received deals");
    assert!(inbound.deals.iter().all(|d| d.status == Status::Received && d.hours_to_respond.is_some_and(|h| (0..=14 * 24).contains(&h))));
    app.cleanup().await;
}

/// The plan of one page's query, as the engine would run it.
async fn plan(app: &TestApp, actor: &app::domain::actor::Actor, query: &ListQuery) -> String {
    let mut conn = app.state.db.pool.acquire().await.expect("connection");
    if app.engine == Engine::Postgres {
        // The test database is small; ask what the plan is when a table scan is not an option.
        sqlx::query("SET enable_seqscan = off").execute(&mut *conn).await.expect("set");
    }
    explain(app, &mut conn, actor, query).await
}

async fn explain(app: &TestApp, conn: &mut sqlx::AnyConnection, actor: &app::domain::actor::Actor, query: &ListQuery) -> String {
    let found = find_deals(&app.state.db, search_of(query).as_ref(), FEW).await.expect("found");
    explain_found(app, conn, actor, query, &found).await
}

fn search_of(query: &ListQuery) -> Option<SearchText> {
    SearchText::parse_filter(&query.text).expect("search text")
}

async fn explain_found(app: &TestApp, conn: &mut sqlx::AnyConnection, actor: &app::domain::actor::Actor, query: &ListQuery, found: &Found) -> String {
    explain_sql(app, conn, &page_sql(actor, query, found).expect("sql")).await
}

async fn explain_sql(app: &TestApp, conn: &mut sqlx::AnyConnection, sql: &app::services::db::Sql) -> String {
    let explain = match app.engine {
        Engine::Sqlite => format!("EXPLAIN QUERY PLAN {}", sql.text()),
        Engine::Postgres => format!("EXPLAIN {}", sql.text()),
    };
    let rows = sql.query_with_text(&explain).fetch_all(&mut *conn).await.expect("explain");
    plan_text(&rows, if app.engine == Engine::Sqlite { 3 } else { 0 })
}

/// The plan's lines, from the column the engine's EXPLAIN puts them in.
fn plan_text(rows: &[sqlx::any::AnyRow], column: usize) -> String {
    rows.iter().map(|r| sqlx::Row::try_get::<String, _>(r, column).expect("plan line")).collect::<Vec<_>>().join("\n")
}

// R-TAB-2: every tab in every sort, both directions and deep pages, reads an index in order: no
// sort step, no scan of the table.
async fn every_tab_and_sort_uses_an_index(engine: Engine) {
    let app = spawn_app(engine).await;
    let actor = actor_by_email(&app, ADMIN).await;
    for tab in [Tab::Inbound, Tab::Outbound, Tab::Closed] {
        for sort in SortKey::ALL {
            for page in [Page::First, Page::After(format!("{}~x", if sort == SortKey::Value { "100" } else { "m" }))] {
                let query = ListQuery { sort, descending: sort != SortKey::Name, page, ..ListQuery::new(tab) };
                let plan = plan(&app, &actor, &query).await;
                let index = format!("deals_tab_{}", match sort {
                    SortKey::Updated => "updated",
                    SortKey::Created => "created",
                    SortKey::CloseDate => "close",
                    SortKey::Value => "value",
                    SortKey::Name => "name",
                    SortKey::TimeLeft => "answer",
                });
                assert!(plan.contains(&index), "{tab:?} by {sort:?} should read {index}:\n{plan}");
                let sorts = match engine {
                    Engine::Sqlite => plan.contains("TEMP B-TREE"),
                    Engine::Postgres => plan.lines().any(|l| l.trim_start().trim_start_matches("->").trim_start().starts_with("Sort")),
                };
                assert!(!sorts, "{tab:?} by {sort:?} sorts instead of reading in order:\n{plan}");
            }
        }
    }
    // A type filter in the default order reads its own range, with a close-date range beside it.
    let filters = ListFilters { deal_type: Some("CoSell".into()), close_from: "2027-01-01".parse().ok(), close_to: "2027-12-31".parse().ok(), ..Default::default() };
    let plan = plan(&app, &actor, &ListQuery { filters, ..ListQuery::new(Tab::Outbound) }).await;
    assert!(plan.contains("deals_tab_type_updated"), "the type filter should read deals_tab_type_updated:\n{plan}");
    app.cleanup().await;
}

// Issue 9: the volume generator makes deals by the domain's rules in every tab, adds only what is
// missing when run again, and a tab's pages walk all of them.
async fn generated_volume_pages_through(engine: Engine) {
    let app = spawn_app(engine).await;
    let summary = server::volume::generate(&app.state, 140, 600).await.expect("generated");
    assert!(summary.starts_with("Added 600 customers and 140 deals"), "{summary}");
    let again = server::volume::generate(&app.state, 140, 600).await.expect("generated again");
    assert!(again.starts_with("Added 0 customers and 0 deals"), "{again}");
    let admin = app.signed_in(ADMIN).await;
    let mut query = ListQuery { text: "".into(), ..ListQuery::new(Tab::Closed) };
    let first = page(&app, &admin, &query).await;
    let mut seen = 0;
    loop {
        let list = page(&app, &admin, &query).await;
        seen += list.deals.len() as i64;
        match list.next {
            Some(next) => query = query.at(Page::After(next)),
            None => break,
        }
    }
    assert_eq!(seen, first.total, "every closed deal once");
    assert!(first.total > 50, "more than a page of closed deals: {}", first.total);
    app.cleanup().await;
}

// R-TYPE-0, R-TAB-2: the type filter keeps exactly the deals of that type (as the deal's own view
// derives it), in every tab, and the five types together make the whole tab.
async fn type_filter_matches_each_deals_type(engine: Engine) {
    let app = spawn_app(engine).await;
    server::volume::generate(&app.state, 300, 600).await.expect("generated");
    let admin = app.signed_in(ADMIN).await;
    let mut types_seen = std::collections::HashSet::new();
    for tab in [Tab::Inbound, Tab::Outbound, Tab::Closed] {
        let all = page(&app, &admin, &ListQuery::new(tab)).await.total;
        let mut sum = 0;
        for deal_type in ["Private", "PartnerLed", "CoSell", "PartnerToPartner", "SolutionAssessment"] {
            let filters = ListFilters { deal_type: Some(deal_type.into()), ..Default::default() };
            let list = page(&app, &admin, &ListQuery { filters, ..ListQuery::new(tab) }).await;
            assert!(list.deals.iter().all(|d| d.deal_type.as_str() == deal_type), "{tab:?} filtered by {deal_type}");
            if list.total > 0 {
                types_seen.insert(deal_type);
            }
            sum += list.total;
        }
        assert_eq!(sum, all, "{tab:?}: the types partition the tab");
    }
    assert!(types_seen.len() >= 3, "the generated deals have several types: {types_seen:?}");
    app.cleanup().await;
}

// Issue 9, R-LIFE-2: the expiry timer walks more due deals than one batch holds (100 per query)
// and closes every one of them, leaving the deals still in their window alone.
async fn timer_closes_more_than_a_batch(engine: Engine) {
    use app::domain::clock::FixedClock;
    use app::services::deal_store::{Due, DueQuery, due_sql};
    use app::services::{AppState, timers};
    let app = spawn_app(engine).await;
    server::volume::generate(&app.state, 1_300, 3_000).await.expect("generated");
    let received = "SELECT COUNT(*) FROM deals WHERE status = 'received'";
    let waiting = app.count(received).await;
    assert!(waiting > 100, "more received deals than a batch: {waiting}");
    let at = |days: i64| AppState { clock: std::sync::Arc::new(FixedClock(tests::test_now() + chrono::Duration::days(days))), ..app.state.clone() };
    assert_eq!(timers::run_due(&at(0)).await.unwrap().deals, 0, "all still in their 14 days");
    let done = timers::run_due(&at(30)).await.unwrap();
    assert_eq!((done.deals as i64, app.count(received).await), (waiting, 0));

    // Its query is one range of an index on when each window opened: it reads what is due, never
    // every open deal.
    let mut conn = app.state.db.pool.acquire().await.expect("connection");
    if engine == Engine::Postgres {
        sqlx::query("SET enable_seqscan = off").execute(&mut *conn).await.expect("set");
    }
    for (which, index, column) in [(Due::Answer, "deals_status_received", "received_at"), (Due::Microsoft, "deals_microsoft_pending", "microsoft_pending_since")] {
        let plan = explain_sql(&app, &mut conn, &due_sql(DueQuery::expired(which, "2026-01-01T00:00:00.000000Z"), Some(&("2025-12-01T00:00:00.000000Z".into(), "x".into())), 100)).await;
        let range = match engine {
            Engine::Sqlite => format!("{index} ("),
            Engine::Postgres => format!("Index Cond: "),
        };
        assert!(plan.contains(index) && plan.contains(&range) && plan.contains(column), "{which:?} reads a range of {index}:\n{plan}");
    }
    app.cleanup().await;
}

// R-TAB-2: text search reads the engine's own text index (FTS5 trigrams on SQLite, pg_trgm on
// PostgreSQL), finds part of a deal's or its customer's name whatever characters were typed, and
// follows a renamed deal.
async fn search_reads_the_text_index(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = app.signed_in(ADMIN).await;
    let actor = actor_by_email(&app, ADMIN).await;
    let draft = valid_draft(&app, &admin, r#"Quasar "launch" 50% *off*"#).await;
    let id = create(&app, &admin, &draft, true).await.expect("created");
    let search = |text: &str| ListQuery { text: text.into(), ..ListQuery::new(Tab::Outbound) };
    for text in ["asar", "QUASAR \"LAUNCH\"", "50% *off", "\"launch\"", "qu", "contoso ltd"] {
        let found = page(&app, &admin, &search(text)).await;
        assert!(found.deals.iter().any(|d| d.id == id), "{text:?} finds the deal: {:?}", names(&found));
        if text.len() >= 3 && text != "contoso ltd" {
            assert_eq!(found.total, 1, "{text:?} finds only it: {:?}", names(&found));
        }
    }
    for text in ["quasar launch", "\" OR \"", "ZZZ*"] {
        assert_eq!(page(&app, &admin, &search(text)).await.total, 0, "{text:?} is text, not syntax");
    }
    act(&app, &admin, &id, &DealAction::EditDetails(details("25000", ""))).await.expect("renamed");
    assert_eq!(page(&app, &admin, &search("quasar")).await.total, 0, "the old name is gone from the index");
    assert_eq!(names(&page(&app, &admin, &search("edited deal")).await), ["Edited deal"]);

    let mut conn = app.state.db.pool.acquire().await.expect("connection");
    let plan = match engine {
        // Text in many deals is counted from the text index (`Found::Few` reads it before the
        // list's queries; both are checked in the next test).
        Engine::Sqlite => explain_sql(&app, &mut conn, &count_sql(&actor, &search("contoso"), &Found::Many).expect("sql")).await,
        Engine::Postgres => {
            // On a small table the planner's choice says little; ask instead whether the search's
            // condition can be served by an index at all once the others are out of the way (DDL is
            // transactional on PostgreSQL: they are back after the rollback). A b-tree cannot.
            use sqlx::Connection;
            let mut tx = conn.begin().await.expect("transaction");
            let others: Vec<String> = sqlx::query_scalar(
                "SELECT indexname::text FROM pg_indexes WHERE tablename = 'deals' AND indexname NOT IN ('deals_search_trgm', 'deals_pkey')",
            )
            .fetch_all(&mut *tx)
            .await
            .expect("indexes");
            for index in others {
                sqlx::query(&format!("DROP INDEX {index}")).execute(&mut *tx).await.expect("drop");
            }
            sqlx::query("SET LOCAL enable_seqscan = off").execute(&mut *tx).await.expect("set");
            let text = app::domain::fields::SearchText::parse_filter("contoso").unwrap().unwrap();
            let mut sql = app::services::db::Sql::new("EXPLAIN SELECT d.id FROM deals d WHERE 1 = 1");
            app::services::search::push_deal_match(&mut sql, &text);
            let rows = sql.query().fetch_all(&mut *tx).await.expect("explain");
            tx.rollback().await.expect("rollback");
            plan_text(&rows, 0)
        }
    };
    let index = if engine == Engine::Sqlite { "deal_text VIRTUAL TABLE INDEX" } else { "deals_search_trgm" };
    assert!(plan.contains(index), "search should read {index}:\n{plan}");
    app.cleanup().await;
}

// R-TAB-2: a search reads what the text index found in one of two ways — few deals by rowid, then
// sorted; many along the list's own index, which stops at a page, and counted from the text index —
// and both give exactly the deals whose name or customer's name contains the text, in the list's
// order, with the right total.
async fn search_reads_few_deals_by_rowid_and_many_along_the_index(engine: Engine) {
    let app = spawn_app(engine).await;
    server::volume::generate(&app.state, 600, 400).await.expect("generated");
    let admin = app.signed_in(ADMIN).await;
    let actor = actor_by_email(&app, ADMIN).await;
    let mut conn = app.state.db.pool.acquire().await.expect("connection");
    // Kubernetes deals are inbound: the text index finds them, the Outbound tab holds none.
    for text in ["contoso", "ltd", "woodgrove bank", "cloud migration", "security uplift", "kubernetes", "vel", "no such deal"] {
        let query = ListQuery { text: text.into(), ..ListQuery::new(Tab::Outbound) };
        let search = search_of(&query);
        let expected: Vec<String> = sqlx::query_scalar(
            "SELECT d.id FROM deals d JOIN users u ON u.org_id = d.org_id WHERE u.email = $1 AND d.tab = 'outbound' \
             AND d.search_norm LIKE $2 ORDER BY d.updated_at DESC, d.id DESC",
        )
        .bind(ADMIN)
        .bind(format!("%{text}%"))
        .fetch_all(&mut *conn)
        .await
        .expect("every match");
        let mut pages = Vec::new();
        for few in [100_000, 0] {
            let found = find_deals(&app.state.db, search.as_ref(), few).await.expect("found");
            if engine == Engine::Sqlite {
                assert!(if few == 0 { found == Found::Many || text == "no such deal" } else { matches!(found, Found::Few(_)) }, "{text:?}: {found:?}");
                let read = if matches!(found, Found::Few(_)) { "USING INTEGER PRIMARY KEY" } else { "deals_tab_updated" };
                let plan = explain_found(&app, &mut conn, &actor, &query, &found).await;
                assert!(plan.contains(read), "{text:?} with {few} reads {read}:\n{plan}");
            }
            let sql = page_sql(&actor, &query, &found).expect("sql");
            let ids: Vec<String> = sql.query().fetch_all(&mut *conn).await.expect("page").iter().map(|r| sqlx::Row::get(r, "id")).collect();
            pages.push(ids);
            let counted: i64 = count_sql(&actor, &query, &found).expect("sql").query().fetch_one(&mut *conn).await.map(|r| sqlx::Row::get(&r, 0)).expect("count");
            assert_eq!(counted, expected.len() as i64, "{text:?} counted with {found:?}");
        }
        let first_page: Vec<String> = expected.iter().take(PAGE_SIZE as usize + 1).cloned().collect();
        assert_eq!(pages[0], first_page, "{text:?} read by rowid");
        assert_eq!(pages[1], first_page, "{text:?} read along the index");
        let list = page(&app, &admin, &query).await;
        assert_eq!((list.total, list.deals.len()), (expected.len() as i64, expected.len().min(PAGE_SIZE as usize)), "{text:?}");
        assert_eq!(expected.is_empty(), ["kubernetes", "no such deal"].contains(&text), "{text:?} in the generated Outbound deals");
    }
    app.cleanup().await;
}

// R-CAT-3 over a generated directory: names starting with the text come first in name order, then
// names with a word starting with each word typed; nine digits find one entity by D-U-N-S; always
// within the chosen country.
async fn customer_search_prefix_words_and_duns(engine: Engine) {
    let app = spawn_app(engine).await;
    server::volume::generate(&app.state, 0, 2_000).await.expect("generated");
    let admin = app.signed_in(ADMIN).await;
    let found = suggest(&app, &admin, "US", "Contoso").await;
    assert_eq!(found.len(), 12, "a full list of suggestions");
    let starts: Vec<bool> = found.iter().map(|c| c.name.to_lowercase().starts_with("contoso")).collect();
    assert!(starts[0] && starts.windows(2).all(|w| w[0] || !w[1]), "prefix matches first: {found:?}");
    let prefixed: Vec<&str> = found.iter().filter(|c| c.name.to_lowercase().starts_with("contoso")).map(|c| c.name.as_str()).collect();
    assert!(prefixed.windows(2).all(|w| w[0].to_lowercase() <= w[1].to_lowercase()), "in name order: {prefixed:?}");
    assert!(found.iter().all(|c| c.country == "US"));

    let words = suggest(&app, &admin, "US", "trey res").await;
    assert!(!words.is_empty(), "a word and a word prefix");
    assert!(
        words.iter().all(|c| c.name.to_lowercase().split(' ').any(|w| w == "trey") && c.name.to_lowercase().split(' ').any(|w| w.starts_with("res"))),
        "{words:?}"
    );
    assert!(words.iter().any(|c| !c.name.to_lowercase().starts_with("trey")), "not only name prefixes: {words:?}");

    let one = found[0].clone();
    let dashed = format!("{}-{}-{}", &one.duns[..2], &one.duns[2..5], &one.duns[5..]);
    assert_eq!(suggest(&app, &admin, "US", &dashed).await, vec![one.clone()], "exactly the entity with that D-U-N-S");
    assert!(suggest(&app, &admin, "DE", &one.duns).await.is_empty(), "never outside the chosen country");
    assert!(suggest(&app, &admin, "US", "\"*").await.is_empty());
    let countries = options(&app, &admin).await.countries;
    assert!(countries.windows(2).all(|w| w[0] < w[1]) && countries.iter().any(|c| c == "JP"), "{countries:?}");
    app.cleanup().await;
}

on_both_engines!(
    keyset_pages,
    filters_combine,
    every_tab_and_sort_uses_an_index,
    generated_volume_pages_through,
    type_filter_matches_each_deals_type,
    timer_closes_more_than_a_batch,
    search_reads_the_text_index,
    search_reads_few_deals_by_rowid_and_many_along_the_index,
    customer_search_prefix_words_and_duns
);

//! Volume data for measuring (issue 9): `server generate --deals N --customers M` adds customers to
//! the directory and deals to Fabrikam Cloud Solutions, every deal made by the domain's own rules
//! (the same builder as the demo deals, so the spread of types, stages and states is realistic).
//! Idempotent: ids are deterministic and a second run adds only what is missing.

use crate::seed::{COUNTRIES, DealMaker, NAME_HEADS, NAME_TAILS, PARTNERS, Rng, STREETS, id};
use app::services::AppState;
use indicatif::{ProgressBar, ProgressStyle};

/// Rows written per transaction (and customers per statement).
const BATCH: usize = 500;
/// Generated customers' D-U-N-S numbers start here, apart from the demo directory's.
const DUNS_BASE: u64 = 900_000_000;

pub async fn generate(state: &AppState, deals: usize, customers: usize) -> Result<String, sqlx::Error> {
    let added_customers = generate_customers(state, customers.max(deals.min(1) * 2)).await?;
    let added_deals = generate_deals(state, deals).await?;
    if added_customers + added_deals > 0 {
        app::services::search::tidy(&state.db).await?;
    }
    Ok(format!("Added {added_customers} customers and {added_deals} deals (Fabrikam Cloud Solutions)."))
}

fn bar(total: usize, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(total as u64);
    bar.set_style(
        ProgressStyle::with_template(&format!("{{spinner}} {what} {{bar:40}} {{pos}}/{{len}} ({{per_sec}}, {{eta}} left)"))
            .expect("template"),
    );
    bar
}

/// Syllables of made-up company words: 24² + 24³ words, so most names hold a rare word, as a real
/// directory's do (searches for a rare word find a few rows, not thousands).
const SYLLABLES: &[&str] =
    &["ka", "lo", "mi", "ren", "sa", "tor", "vel", "qui", "dan", "or", "ly", "zen", "bri", "mar", "tu", "nex", "pa", "ro", "sil", "va", "ge", "hal", "ne", "xo"];

fn coined_word(rng: &mut Rng) -> String {
    let syllables = 2 + (rng.next() % 2) as usize;
    let word: String = (0..syllables).map(|_| *rng.pick(SYLLABLES)).collect();
    let mut letters = word.chars();
    letters.next().map(|first| first.to_uppercase().chain(letters).collect()).unwrap_or_default()
}

/// The `n`-th generated customer: its country cycles through the directory's countries; three in
/// four names start with a made-up word, the rest with a well-known one.
fn customer(n: usize, rng: &mut Rng) -> [String; 8] {
    let (country, cities) = COUNTRIES[n % COUNTRIES.len()];
    let (city, state, postal) = *rng.pick(cities);
    let first = if rng.next() % 4 == 0 { rng.pick(NAME_HEADS).to_string() } else { coined_word(rng) };
    let name = format!("{first} {} {}", rng.pick(NAME_HEADS), rng.pick(NAME_TAILS));
    let street = format!("{} {}", 1 + rng.next() % 400, rng.pick(STREETS));
    let duns = format!("{:09}", DUNS_BASE + n as u64);
    [id("volume-customer", &duns), name, street, city.into(), state.into(), postal.into(), country.into(), duns]
}

async fn generate_customers(state: &AppState, wanted: usize) -> Result<usize, sqlx::Error> {
    let pool = &state.db.pool;
    let have: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers WHERE duns >= $1").bind(DUNS_BASE.to_string()).fetch_one(pool).await?;
    let from = have as usize;
    if from >= wanted {
        return Ok(0);
    }
    let progress = bar(wanted - from, "customers");
    let mut rng = Rng(from as u64 + 1);
    for start in (from..wanted).step_by(BATCH) {
        let rows: Vec<[String; 8]> = (start..wanted.min(start + BATCH)).map(|n| customer(n, &mut rng)).collect();
        let mut sql = String::from("INSERT INTO customers (id, name, name_norm, street, city, state, postal_code, country, duns) VALUES ");
        let tuples: Vec<String> = (0..rows.len()).map(|r| format!("({})", (1..=9).map(|c| format!("${}", r * 9 + c)).collect::<Vec<_>>().join(", "))).collect();
        sql.push_str(&tuples.join(", "));
        let mut query = sqlx::query(&sql);
        for [id, name, street, city, st, postal, country, duns] in &rows {
            query = query.bind(id).bind(name).bind(name.to_lowercase()).bind(street).bind(city).bind(st).bind(postal).bind(country).bind(duns);
        }
        query.execute(pool).await?;
        progress.inc(rows.len() as u64);
    }
    progress.finish();
    Ok(wanted - from)
}

async fn generate_deals(state: &AppState, wanted: usize) -> Result<usize, sqlx::Error> {
    let pool = &state.db.pool;
    let fabrikam = PARTNERS.iter().find(|p| p.key == "fabrikam").expect("the demo partner");
    let have: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM deals WHERE crm_id LIKE 'CRM-VOL-%'").fetch_one(pool).await?;
    let from = have as usize;
    if from >= wanted {
        return Ok(0);
    }
    let maker = DealMaker::new(state, fabrikam).await?;
    // Customers in the countries of Fabrikam's two locations, from the generated directory.
    let countries: Vec<&str> = fabrikam.locations.iter().map(|l| l.0).collect();
    let customers: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, name, country FROM customers WHERE duns >= $1 AND country IN ($2, $3) ORDER BY duns LIMIT 5000",
    )
    .bind(DUNS_BASE.to_string())
    .bind(countries[0])
    .bind(countries[1])
    .fetch_all(pool)
    .await?;
    if customers.is_empty() {
        return Err(sqlx::Error::Protocol("no generated customers in Fabrikam's countries: generate customers first".into()));
    }
    let progress = bar(wanted - from, "deals");
    let mut rng = Rng(from as u64 + 7);
    for start in (from..wanted).step_by(BATCH) {
        let mut tx = state.db.write().await?;
        for i in start..wanted.min(start + BATCH) {
            let (customer_id, name, country) = &customers[i % customers.len()];
            let mut built = maker.build(i, &id("volume-deal", &i.to_string()), customer_id, name, country, &mut rng)?;
            built.mark_generated(i);
            built.insert(&mut tx).await?;
        }
        tx.commit().await?;
        progress.inc((wanted.min(start + BATCH) - start) as u64);
    }
    progress.finish();
    Ok(wanted - from)
}

/// A draft that passes every rule for Fabrikam's referrals admin, as `make bench` posts it to
/// `/api/deals/create` (`server sample-draft` prints the request body).
pub async fn sample_draft(state: &AppState) -> Result<serde_json::Value, String> {
    use app::domain::catalog::SolutionCategory;
    use app::domain::team::MemberDraft;
    use app::domain::wizard::DealDraft;
    use app::services::{catalog, directory};
    let db = &state.db;
    let org = id("org", "fabrikam");
    let fail = |e: &dyn std::fmt::Debug| format!("{e:?}");
    let location = catalog::locations(db, &org).await.map_err(|e| fail(&e))?.into_iter().find(|l| l.country == "US");
    let customer = directory::search(db, "US", "Contoso Ltd").await.map_err(|e| fail(&e))?.into_iter().next();
    let solution = catalog::offered_to(db, &org)
        .await
        .map_err(|e| fail(&e))?
        .into_iter()
        .find(|s| s.category == SolutionCategory::Own && s.incentive.is_none());
    let (Some(location), Some(customer), Some(solution)) = (location, customer, solution) else {
        return Err("the demo data is missing: run the server once (or `server generate`) first".into());
    };
    let draft = DealDraft {
        customer_country: "US".into(),
        customer_id: Some(customer.id),
        deal_name: "Benchmark deal".into(),
        location_id: location.id,
        value: "25000.50".into(),
        currency: "USD".into(),
        close_date: (state.now().date_naive() + chrono::Days::new(90)).format("%Y-%m-%d").to_string(),
        team: vec![MemberDraft { name: "Ana Silva".into(), phone: "+1 425 555 0100".into(), email: "ana@fabrikam.example".into() }],
        solution_ids: vec![solution.id],
        ..DealDraft::default()
    };
    Ok(serde_json::json!({ "draft": draft, "confirm_warnings": true }))
}

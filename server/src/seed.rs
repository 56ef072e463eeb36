//! Deterministic demo data: organizations with locations, users for every role, a solution catalog,
//! a customer directory and deals in several states. Every deal passes the domain's own rules.

use app::domain::actor::{Actor, MICROSOFT_ORG_ID, Role};
use app::domain::catalog::SolutionCategory;
use app::domain::contact::ContactDraft;
use app::domain::deal::{Direction, HelpNeeded, Stage, Status};
use app::domain::fields::{Email, PersonName};
use app::domain::lifecycle::{self, Command, Event, NewDeal, Refused, SellerContact};
use app::domain::reasons::{DeclineReason, LostReason};
use app::domain::team::MemberDraft;
use app::domain::wizard::{self, DealDraft, WizardContext};
use app::services::auth::{NewUser, hash_password, insert_user};
use app::services::db::ts;
use app::services::deal_store::{Recorded, insert as insert_deal};
use app::domain::actions::DealAction;
use app::domain::details::DetailsDraft;
use app::domain::invitations::InvitationDraft;
use app::services::{AppState, actions, catalog, directory};
use chrono::Duration;
use uuid::Uuid;

pub const DEMO_PASSWORD: &str = "cosell-demo";

/// A stable id for a named demo object.
pub(crate) fn id(kind: &str, name: &str) -> String {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("cosell-demo:{kind}:{name}").as_bytes()).to_string()
}

/// SplitMix64: a tiny deterministic generator, so the demo data is the same on every machine.
pub(crate) struct Rng(pub(crate) u64);
impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

pub(crate) struct Partner {
    pub(crate) key: &'static str,
    name: &'static str,
    domain: &'static str,
    mpn: &'static str,
    vetted: bool,
    pub(crate) locations: [(&'static str, &'static str, &'static str); 2],
    solutions: &'static [(&'static str, bool, Option<&'static str>)],
}

pub(crate) const PARTNERS: &[Partner] = &[
    Partner {
        key: "fabrikam",
        name: "Fabrikam Cloud Solutions",
        domain: "fabrikam.example",
        mpn: "4100001",
        vetted: true,
        locations: [("US", "Seattle", "4100011"), ("DE", "Berlin", "4100012")],
        solutions: &[
            ("Fabrikam Migrate", true, Some("AzureIpCoSell")),
            ("Fabrikam Secure Landing Zone", true, Some("AzureIpCoSell")),
            ("Fabrikam Field Service Plus", true, Some("BizAppsPremium")),
            ("Fabrikam Cost Insights", true, None),
            ("Fabrikam Legacy Connector", false, None),
        ],
    },
    Partner {
        key: "contoso",
        name: "Contoso Data Partners",
        domain: "contoso-partners.example",
        mpn: "4200002",
        vetted: false,
        locations: [("GB", "London", "4200021"), ("FR", "Paris", "4200022")],
        solutions: &[
            ("Contoso Lakehouse Accelerator", true, Some("AzureIpCoSell")),
            ("Contoso Customer 360", true, Some("BizAppsStandard")),
            ("Contoso Data Governance", true, None),
            ("Contoso Reporting Pack", false, None),
        ],
    },
    Partner {
        key: "tailspin",
        name: "Tailspin Analytics",
        domain: "tailspin.example",
        mpn: "4300003",
        vetted: false,
        locations: [("JP", "Tokyo", "4300031"), ("AU", "Sydney", "4300032")],
        solutions: &[
            ("Tailspin Forecast AI", true, Some("AzureIpCoSell")),
            ("Tailspin Retail Signals", true, None),
            ("Tailspin Sales Copilot Kit", true, Some("BizAppsPremium")),
            ("Tailspin Edge Monitor", false, None),
        ],
    },
    Partner {
        key: "northwind",
        name: "Northwind Software",
        domain: "northwind.example",
        mpn: "4400004",
        vetted: false,
        locations: [("CA", "Toronto", "4400041"), ("US", "Chicago", "4400042")],
        // No co-sell-ready solution yet: its admins see why New deal is disabled (R-NEW-6).
        solutions: &[("Northwind Inventory", false, None), ("Northwind Payroll", false, None)],
    },
];

const MICROSOFT_SOLUTIONS: &[(&str, Option<&str>)] = &[
    ("Azure Virtual Machines", None),
    ("Azure SQL Database", None),
    ("Azure OpenAI Service", None),
    ("Azure Kubernetes Service", None),
    ("Microsoft Fabric", None),
    ("Microsoft 365 E5", None),
    ("Dynamics 365 Sales", None),
    ("Dynamics 365 Customer Service", None),
    ("Microsoft Defender for Cloud", None),
    ("Microsoft Sentinel", None),
    ("Power Platform", None),
    ("GitHub Enterprise", None),
];

const ASSESSMENTS: &[&str] =
    &["Azure Migration Assessment", "Security Assessment", "Data and AI Assessment", "Modern Work Assessment"];

pub(crate) const COUNTRIES: &[(&str, &[(&str, &str, &str)])] = &[
    ("US", &[("Seattle", "WA", "98101"), ("New York", "NY", "10001"), ("Austin", "TX", "73301"), ("Chicago", "IL", "60601")]),
    ("GB", &[("London", "", "EC1A 1BB"), ("Manchester", "", "M1 1AE"), ("Edinburgh", "", "EH1 1YZ")]),
    ("DE", &[("Berlin", "BE", "10115"), ("Munich", "BY", "80331"), ("Hamburg", "HH", "20095")]),
    ("FR", &[("Paris", "IDF", "75001"), ("Lyon", "ARA", "69001"), ("Toulouse", "OCC", "31000")]),
    ("JP", &[("Tokyo", "13", "100-0001"), ("Osaka", "27", "530-0001"), ("Nagoya", "23", "450-0002")]),
    ("AU", &[("Sydney", "NSW", "2000"), ("Melbourne", "VIC", "3000"), ("Brisbane", "QLD", "4000")]),
    ("CA", &[("Toronto", "ON", "M5H 2N2"), ("Vancouver", "BC", "V6B 1A1"), ("Montreal", "QC", "H2Y 1C6")]),
    ("IN", &[("Bengaluru", "KA", "560001"), ("Mumbai", "MH", "400001"), ("Hyderabad", "TG", "500001")]),
    ("BR", &[("São Paulo", "SP", "01000-000"), ("Rio de Janeiro", "RJ", "20000-000")]),
    ("NL", &[("Amsterdam", "NH", "1011"), ("Rotterdam", "ZH", "3011")]),
    ("SE", &[("Stockholm", "AB", "111 20"), ("Gothenburg", "O", "411 01")]),
    ("ES", &[("Madrid", "MD", "28001"), ("Barcelona", "CT", "08001")]),
];

pub(crate) const NAME_HEADS: &[&str] = &[
    "Contoso", "Adventure Works", "Alpine Ski House", "Bellows College", "Best For You Organics", "Blue Yonder Airlines",
    "City Power & Light", "Coho Winery", "Consolidated Messenger", "Fourth Coffee", "Graphic Design Institute",
    "Humongous Insurance", "Litware", "Lucerne Publishing", "Margie's Travel", "Northwind Traders", "Proseware",
    "Relecloud", "School of Fine Art", "Southridge Video", "Trey Research", "Wide World Importers", "Woodgrove Bank",
    "Wingtip Toys", "VanArsdel", "Lamna Healthcare", "Munson's Pickles", "Nod Publishers", "Olympia Robotics",
    "Fincher Architects",
];
pub(crate) const NAME_TAILS: &[&str] = &["Ltd", "Inc", "GmbH", "Group", "Holdings", "Corporation", "Partners", "Services", "Labs", "Co"];
pub(crate) const STREETS: &[&str] = &["Main Street", "Market Street", "Harbour Road", "Station Road", "Park Avenue", "King Street", "Elm Way", "River Lane"];
const FIRST: &[&str] = &["Ana", "Ben", "Chen", "Dana", "Emil", "Fatima", "Goro", "Hana", "Ivan", "Julia", "Kofi", "Lena"];
const LAST: &[&str] = &["Silva", "Okafor", "Tanaka", "Müller", "Dubois", "Smith", "Patel", "Kowalski", "Nakamura", "Berg"];

/// X-I18N: the demo user who works in Japanese.
pub const JAPANESE_USER: &str = "hana.sato@tailspin.example";

pub fn logins_text() -> String {
    let mut out = String::from("\nDemo sign-ins (password for all: ");
    out.push_str(DEMO_PASSWORD);
    out.push_str(")\n");
    for p in PARTNERS {
        out.push_str(&format!(
            "  {:<26} admin@{d} (MPN partner admin) · referrals@{d} (referrals admin) · {c1}.user@{d}, {c2}.user@{d} (referral users)\n",
            p.name,
            d = p.domain,
            c1 = p.locations[0].1.to_lowercase(),
            c2 = p.locations[1].1.to_lowercase(),
        ));
    }
    out.push_str(&format!("  {:<26} {JAPANESE_USER} (referrals admin of Tailspin, Tokyo; the app in Japanese)\n", "日本語 / Japanese"));
    out.push_str("  Microsoft                  seller1@microsoft.example, seller2@microsoft.example (sellers) · reviewer@microsoft.example · admin@microsoft.example\n");
    out
}

/// Seeds when the database has no organization yet; returns the text to print.
pub async fn seed_if_empty(state: &AppState) -> Result<Option<String>, sqlx::Error> {
    let orgs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organizations").fetch_one(&state.db.pool).await?;
    if orgs > 0 {
        return Ok(None);
    }
    let counts = seed(state).await?;
    Ok(Some(format!("Seeded demo data: {counts}{}", logins_text())))
}

/// Writes the whole demo data set.
pub async fn seed(state: &AppState) -> Result<String, sqlx::Error> {
    let now = state.now();
    let db = &state.db;
    let mut tx = db.write().await?;
    let created = ts(now - Duration::days(400));
    sqlx::query("INSERT INTO organizations (id, name, mpn_id, is_microsoft, sa_vetted, created_at) VALUES ($1, $2, $3, 1, 0, $4)")
        .bind(MICROSOFT_ORG_ID)
        .bind("Microsoft")
        .bind("1")
        .bind(&created)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO locations (id, org_id, mpn_location_id, country, city, is_primary) VALUES ($1, $2, $3, $4, $5, 1)")
        .bind(id("location", "msft"))
        .bind(MICROSOFT_ORG_ID)
        .bind("1000001")
        .bind("US")
        .bind("Redmond")
        .execute(&mut *tx)
        .await?;
    let mut solution_count = 0;
    for p in PARTNERS {
        let org = id("org", p.key);
        sqlx::query("INSERT INTO organizations (id, name, mpn_id, is_microsoft, sa_vetted, created_at) VALUES ($1, $2, $3, 0, $4, $5)")
            .bind(&org)
            .bind(p.name)
            .bind(p.mpn)
            .bind(i64::from(p.vetted))
            .bind(&created)
            .execute(&mut *tx)
            .await?;
        for (i, (country, city, mpn)) in p.locations.iter().enumerate() {
            sqlx::query("INSERT INTO locations (id, org_id, mpn_location_id, country, city, is_primary) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(id("location", mpn))
                .bind(&org)
                .bind(*mpn)
                .bind(*country)
                .bind(*city)
                .bind(i64::from(i == 0))
                .execute(&mut *tx)
                .await?;
        }
        for (name, ready, incentive) in p.solutions {
            insert_solution(&mut tx, &org, name, false, *ready, *incentive).await?;
            solution_count += 1;
        }
    }
    for (name, incentive) in MICROSOFT_SOLUTIONS {
        insert_solution(&mut tx, MICROSOFT_ORG_ID, name, false, true, *incentive).await?;
        solution_count += 1;
    }
    for name in ASSESSMENTS {
        insert_solution(&mut tx, MICROSOFT_ORG_ID, name, true, true, None).await?;
        solution_count += 1;
    }
    let customers = seed_customers(&mut tx).await?;
    tx.commit().await?;

    let hash = hash_password(DEMO_PASSWORD);
    let users = seed_users(state, &hash).await?;
    let deals = seed_deals(state).await? + seed_p2p(state).await?;
    Ok(format!(
        "{} partner organizations and Microsoft, {users} users, {solution_count} solutions, {customers} customers, {deals} deals",
        PARTNERS.len()
    ))
}

async fn insert_solution(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    org: &str,
    name: &str,
    assessment: bool,
    ready: bool,
    incentive: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO solutions (id, owner_org_id, name, is_assessment, co_sell_ready, incentive) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id("solution", name))
        .bind(org)
        .bind(name)
        .bind(i64::from(assessment))
        .bind(i64::from(ready))
        .bind(incentive)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn seed_customers(tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> Result<usize, sqlx::Error> {
    let mut rng = Rng(2026);
    let mut n = 0usize;
    let mut insert = async |tx: &mut sqlx::Transaction<'_, sqlx::Any>, name: String, country: &str, city: &str, state: &str, postal: &str, street: String| {
        n += 1;
        let duns = format!("{:09}", 100_000_000 + n * 7919 % 899_999_999);
        sqlx::query(
            "INSERT INTO customers (id, name, name_norm, street, city, state, postal_code, country, duns) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id("customer", &duns))
        .bind(&name)
        .bind(name.to_lowercase())
        .bind(street)
        .bind(city)
        .bind(state)
        .bind(postal)
        .bind(country)
        .bind(&duns)
        .execute(&mut **tx)
        .await
        .map(|_| ())
    };
    for (country, cities) in COUNTRIES {
        for head in NAME_HEADS {
            for _ in 0..3 {
                let (city, state, postal) = *rng.pick(cities);
                let name = format!("{head} {}", rng.pick(NAME_TAILS));
                let street = format!("{} {}", 1 + rng.next() % 400, rng.pick(STREETS));
                insert(tx, name, country, city, state, postal, street).await?;
            }
        }
        // Several entities with the same name at the same location, told apart by D-U-N-S (R-CAT-3).
        let (city, state, postal) = cities[0];
        for street in ["1 Harbour Road", "77 Station Road", "300 Park Avenue"] {
            insert(tx, "Contoso Ltd".to_string(), country, city, state, postal, street.to_string()).await?;
        }
    }
    // The customer of Partner Center's published create-a-referral sample, so that the sample works
    // against this instance as published (X-API).
    insert(tx, "Contoso Customer Inc".to_string(), "US", "Redmond", "WA", "98052", "One Microsoft Way".to_string()).await?;
    Ok(n)
}

async fn seed_users(state: &AppState, hash: &str) -> Result<usize, sqlx::Error> {
    let now = state.now() - Duration::days(300);
    let mut n = 0;
    for p in PARTNERS {
        let org = id("org", p.key);
        let loc = |i: usize| id("location", p.locations[i].2);
        let (l0, l1) = (loc(0), loc(1));
        let people: [(String, String, Vec<Role>, Vec<&str>); 4] = [
            (format!("admin@{}", p.domain), format!("{} Admin", p.name.split(' ').next().unwrap_or("")), vec![Role::MpnPartnerAdmin], vec![]),
            (format!("referrals@{}", p.domain), "Riley Referrals".into(), vec![Role::ReferralsAdmin], vec![]),
            (format!("{}.user@{}", p.locations[0].1.to_lowercase(), p.domain), format!("Sam {}", p.locations[0].1), vec![Role::ReferralUser], vec![l0.as_str()]),
            (format!("{}.user@{}", p.locations[1].1.to_lowercase(), p.domain), format!("Alex {}", p.locations[1].1), vec![Role::ReferralUser], vec![l1.as_str()]),
        ];
        for (email, name, roles, scopes) in &people {
            insert_user(
                &state.db,
                now,
                NewUser {
                    id: &id("user", email),
                    org_id: &org,
                    email,
                    name,
                    phone: Some("+1 425 555 0100"),
                    password_hash: hash,
                    roles,
                    location_ids: scopes,
                },
            )
            .await?;
            n += 1;
        }
    }
    let microsoft = [
        ("seller1@microsoft.example", "Morgan Seller", Role::MicrosoftSeller),
        ("seller2@microsoft.example", "Jordan Seller", Role::MicrosoftSeller),
        ("reviewer@microsoft.example", "Casey Reviewer", Role::MicrosoftRegistrationReviewer),
        ("admin@microsoft.example", "Taylor Admin", Role::MicrosoftAdmin),
    ];
    for (email, name, role) in microsoft {
        insert_user(
            &state.db,
            now,
            NewUser {
                id: &id("user", email),
                org_id: MICROSOFT_ORG_ID,
                email,
                name,
                phone: None,
                password_hash: hash,
                roles: &[role],
                location_ids: &[],
            },
        )
        .await?;
        n += 1;
    }
    // X-I18N: a Japanese-speaking referrals admin of Tailspin (Tokyo), who chose Japanese.
    insert_user(
        &state.db,
        now,
        NewUser {
            id: &id("user", JAPANESE_USER),
            org_id: &id("org", "tailspin"),
            email: JAPANESE_USER,
            name: "佐藤 花",
            phone: Some("+81 3 5555 0100"),
            password_hash: hash,
            roles: &[Role::ReferralsAdmin],
            location_ids: &[],
        },
    )
    .await?;
    sqlx::query("UPDATE users SET locale = 'ja' WHERE email_norm = $1").bind(JAPANESE_USER).execute(state.db.writer()).await?;
    n += 1;
    // R-NOTE-1: seller1 covers the United States; seller2, with no country, hears of every co-sell invitation.
    sqlx::query("UPDATE users SET country = 'US' WHERE email_norm = $1").bind(SELLER).execute(state.db.writer()).await?;
    Ok(n)
}

/// The states each partner's demo deals are in.
const DEAL_PLAN: &[(&str, Direction, Status, Stage, HelpNeeded, bool, i64)] = &[
    ("Cloud migration", Direction::Outbound, Status::Accepted, Stage::Created, HelpNeeded::None, false, 3),
    ("Data platform modernization", Direction::Outbound, Status::Accepted, Stage::Qualified, HelpNeeded::None, true, 12),
    ("Security uplift", Direction::Outbound, Status::Accepted, Stage::Proposed, HelpNeeded::TechnicalArchitecture, true, 20),
    ("Customer service rollout", Direction::Outbound, Status::Accepted, Stage::Negotiated, HelpNeeded::QuotesOrLicensing, true, 35),
    ("Analytics pilot", Direction::Outbound, Status::Won, Stage::Won, HelpNeeded::None, true, 60),
    ("Retail forecasting", Direction::Outbound, Status::Lost, Stage::Developed, HelpNeeded::None, false, 80),
    ("AI assistant proof of concept", Direction::Inbound, Status::Received, Stage::Accepted, HelpNeeded::ProofOfConcept, true, 2),
    ("Sales cloud expansion", Direction::Inbound, Status::Accepted, Stage::Qualified, HelpNeeded::GeneralOrOther, true, 25),
    ("Kubernetes platform", Direction::Inbound, Status::Declined, Stage::Accepted, HelpNeeded::GeneralOrOther, true, 40),
    ("Backup and recovery", Direction::Inbound, Status::Expired, Stage::Accepted, HelpNeeded::GeneralOrOther, true, 50),
    // Microsoft has not answered yet: 9 days left (R-LIFE-5).
    ("Copilot rollout", Direction::Outbound, Status::Accepted, Stage::Qualified, HelpNeeded::ProofOfConcept, true, 5),
];

const SELLER: &str = "seller1@microsoft.example";

fn microsoft_seller() -> Actor {
    Actor {
        user_id: id("user", SELLER),
        org_id: MICROSOFT_ORG_ID.into(),
        org_name: "Microsoft".into(),
        name: "Morgan Seller".into(),
        email: SELLER.into(),
        roles: vec![Role::MicrosoftSeller],
        location_scopes: vec![],
    }
}

fn seller_contact() -> SellerContact {
    SellerContact {
        name: PersonName::parse("Morgan Seller").expect("valid name"),
        email: Email::parse(SELLER).expect("valid e-mail"),
    }
}

/// A demo actor of a partner org, for driving its deals through the lifecycle.
fn partner_actor(p: &Partner, local: &str, role: Role) -> Actor {
    let email = format!("{local}@{}", p.domain);
    Actor {
        user_id: id("user", &email),
        org_id: id("org", p.key),
        org_name: p.name.into(),
        name: local.into(),
        email,
        roles: vec![role],
        location_scopes: vec![],
    }
}

async fn seed_deals(state: &AppState) -> Result<usize, sqlx::Error> {
    let db = &state.db;
    let mut rng = Rng(7);
    let mut n = 0;
    for p in PARTNERS.iter().filter(|p| p.solutions.iter().any(|s| s.1)) {
        let maker = DealMaker::new(state, p).await?;
        for i in 0..DEAL_PLAN.len() {
            let country = p.locations[i % 2].0;
            let candidates = directory::search(db, country, *rng.pick(NAME_HEADS))
                .await
                .map_err(|e| sqlx::Error::Protocol(format!("customer search while seeding: {e:?}")))?;
            let Some(customer) = candidates.first() else { continue };
            let built = maker.build(i, &id("deal", &format!("{}-{i}", p.key)), &customer.id, &customer.name, country, &mut rng)?;
            let mut tx = db.write().await?;
            built.insert(&mut tx).await?;
            tx.commit().await?;
            n += 1;
        }
    }
    Ok(n)
}

/// What it takes to make one partner's deals through the domain's own rules: the org's admin,
/// catalog and locations.
pub(crate) struct DealMaker {
    partner: &'static Partner,
    org: String,
    admin: Actor,
    catalog: Vec<app::domain::catalog::SolutionInfo>,
    location_ids: Vec<String>,
    now: chrono::DateTime<chrono::Utc>,
}

/// A deal brought to its planned state, with its history, ready to be written.
pub(crate) struct Built {
    deal: lifecycle::Deal,
    customer_name: String,
    created_by: Option<String>,
    recorded: Vec<Recorded>,
}

impl Built {
    /// Marks a generated deal by its CRM ID, so a later run counts what is there.
    pub(crate) fn mark_generated(&mut self, i: usize) {
        self.deal.details.crm_id = app::domain::fields::CrmId::parse(&format!("CRM-VOL-{i}")).ok();
    }

    pub(crate) async fn insert(&self, tx: &mut sqlx::Transaction<'_, sqlx::Any>) -> Result<(), sqlx::Error> {
        insert_deal(tx, &self.deal, &self.customer_name, self.created_by.as_deref(), &self.recorded).await
    }
}

impl DealMaker {
    pub(crate) async fn new(state: &AppState, p: &'static Partner) -> Result<Self, sqlx::Error> {
        let org = id("org", p.key);
        Ok(DealMaker {
            catalog: catalog::offered_to(&state.db, &org).await?,
            admin: partner_actor(p, "referrals", Role::ReferralsAdmin),
            location_ids: p.locations.iter().map(|l| id("location", l.2)).collect(),
            partner: p,
            org,
            now: state.now(),
        })
    }

    /// The `i`-th deal of the plan (`DEAL_PLAN[i % len]`) for the given customer, located where
    /// the customer is (`country` is one of the partner's two location countries).
    pub(crate) fn build(&self, i: usize, deal_id: &str, customer_id: &str, customer_name: &str, country: &str, rng: &mut Rng) -> Result<Built, sqlx::Error> {
        let refused = |what: &str, r: Refused| sqlx::Error::Protocol(format!("demo deal step {what} refused by {}: {r:?}", r.rule()));
        let p = self.partner;
        let admin = &self.admin;
        let (title, direction, status, stage, help, share, age_days) = DEAL_PLAN[i % DEAL_PLAN.len()];
        let loc_index = p.locations.iter().position(|l| l.0 == country).unwrap_or(0);
        let own: Vec<_> = self.catalog.iter().filter(|s| s.category == SolutionCategory::Own).collect();
        let microsoft: Vec<_> = self.catalog.iter().filter(|s| s.category == SolutionCategory::Microsoft).collect();
        let scoped_user = format!("{}.user@{}", p.locations[loc_index].1.to_lowercase(), p.domain);
        let mut team = vec![MemberDraft {
            name: format!("{} {}", rng.pick(FIRST), rng.pick(LAST)),
            phone: format!("+1 425 555 {:04}", rng.next() % 10_000),
            email: format!("seller{}@{}", i % 97, p.domain),
        }];
        // Every other deal has the location's referral user on its team, so they see it (R-ORG-3).
        if i % 2 == 0 {
            team.push(MemberDraft { name: format!("Sam {}", p.locations[loc_index].1), phone: "+1 425 555 0100".into(), email: scoped_user });
        }
        let inbound = direction == Direction::Inbound;
        let invited = help != HelpNeeded::None || inbound;
        let start = self.now - Duration::days(age_days) - Duration::hours((i % 24) as i64);
        let draft = DealDraft {
            customer_country: country.to_string(),
            customer_id: Some(customer_id.to_string()),
            contact: ContactDraft {
                name: if invited { format!("{} {}", rng.pick(FIRST), rng.pick(LAST)) } else { String::new() },
                phone: if invited { "+1 206 555 0199".into() } else { String::new() },
                email: if invited { format!("it.lead{}@customer.example", i % 1000) } else { String::new() },
                consent: invited,
                share_with_partners: false,
            },
            deal_name: format!("{customer_name} – {title}"),
            location_id: self.location_ids[loc_index].clone(),
            value: format!("{}", 15_000 + (rng.next() % 40) * 5_000),
            currency: if country == "JP" { "JPY".into() } else if matches!(country, "DE" | "FR") { "EUR".into() } else { "USD".into() },
            close_date: (self.now + Duration::days(30 + (i % 400) as i64 * 9 % 700)).format("%Y-%m-%d").to_string(),
            crm_id: format!("CRM-{}-{:03}", p.mpn, i),
            campaign_id: String::new(),
            notes: format!("Demo deal: {title}."),
            team,
            // A won deal carries an IP co-sell solution, so the demo has a registrable deal (R-REG-1).
            solution_ids: vec![
                if status == Status::Won { own.iter().find(|s| s.incentive.is_some()).unwrap_or(&own[0]) } else { own[i % own.len()] }.id.clone(),
                microsoft[i % microsoft.len()].id.clone(),
            ],
            help: if inbound { HelpNeeded::GeneralOrOther } else { help },
            share_with_microsoft: share,
            invitations: Vec::new(),
        };
        let ctx = WizardContext {
            today: start.date_naive(),
            location_ids: &self.location_ids,
            customer_country: Some(country),
            catalog: &self.catalog,
            org_vetted: p.vetted,
            partners: &[],
        };
        let valid = wizard::validate(&draft, &ctx).map_err(|issues| sqlx::Error::Protocol(format!("demo deal {title} invalid: {issues:?}")))?;
        let new = NewDeal { id: deal_id.to_string(), engagement_id: id("engagement", deal_id), org_id: self.org.clone(), valid: &valid, customer_microsoft_managed: false };
        let (mut deal, mut recorded, created_by) = if inbound {
            // Referred by a Microsoft seller (R-ORG-5, R-TYPE-7): it arrives Received, the seller as Microsoft's contact.
            let seller = microsoft_seller();
            let received = lifecycle::refer(new, &seller, seller_contact(), start).map_err(|r| refused("refer", r))?;
            (received.deal, record(received.events, start, Some(&seller.user_id)), Some(seller.user_id.clone()))
        } else {
            let created = lifecycle::create_outbound(new, admin, true, start).map_err(|r| refused("create", r))?;
            (created.deal, record(created.events, start, Some(&admin.user_id)), Some(admin.user_id.clone()))
        };
        for (k, (command, by)) in plan_steps(i, &valid, admin, direction, status, stage, help, age_days).into_iter().enumerate() {
            let window_closed = matches!(command, Command::Expire | Command::MicrosoftExpires);
            let at = match command {
                _ if window_closed => start + Duration::days(15),
                // Won well after the 72 hours of R-REG-2.
                Command::Win { .. } => start + Duration::days(10),
                _ => start + Duration::days(k as i64 + 1),
            };
            let applied = lifecycle::apply(&deal, &command, &by, at).map_err(|r| refused(title, r))?;
            let who = (!by.is_system()).then_some(by.user_id.as_str());
            recorded.extend(record(applied.events, at, who));
            deal = applied.deal;
        }
        Ok(Built { deal, customer_name: customer_name.to_string(), created_by, recorded })
    }
}

/// The commands that bring a planned deal to its state, a day apart, by the org's referrals admin.
#[allow(clippy::too_many_arguments)]
fn plan_steps(
    i: usize,
    valid: &wizard::ValidDeal,
    admin: &Actor,
    direction: Direction,
    status: Status,
    stage: Stage,
    help: HelpNeeded,
    age_days: i64,
) -> Vec<(Command, Actor)> {
    let inbound = direction == Direction::Inbound;
    let mut steps: Vec<(Command, Actor)> = Vec::new();
    if inbound && status != Status::Received {
        steps.push(match status {
            Status::Declined => (Command::Decline { reason: DeclineReason::NotAFit, notes: None }, admin.clone()),
            Status::Expired => (Command::Expire, Actor::system()),
            _ => (Command::Accept { adjust: Default::default(), team: valid.team.clone() }, admin.clone()),
        });
    }
    if stage != Stage::initial(direction) && !matches!(status, Status::Won | Status::Received | Status::Declined | Status::Expired) {
        steps.push((Command::MarkStage(stage), admin.clone()));
    }
    match status {
        Status::Won => steps.push((Command::Win { confirm_early: true }, admin.clone())),
        Status::Lost => steps.push((Command::Lose { reason: LostReason::LostToCompetitor, notes: None }, admin.clone())),
        _ => {}
    }
    // Microsoft answers co-sell invitations older than its 14 days (R-LIFE-5): one accepts, one lapses.
    if !inbound && help != HelpNeeded::None && age_days > 14 {
        steps.push(if i % 2 == 0 {
            (Command::MicrosoftAccepts { seller: seller_contact() }, microsoft_seller())
        } else {
            (Command::MicrosoftExpires, Actor::system())
        });
    }
    steps
}

/// Partner-to-partner engagements (R-TYPE-4, R-LIFE-6), made through the same service a user's
/// click goes through: Contoso invited Fabrikam, which accepted; Tailspin invited Contoso, which
/// has not answered yet. Returns the number of invited partners' deals.
async fn seed_p2p(state: &AppState) -> Result<usize, sqlx::Error> {
    let failed = |what: &str, e: app::services::ServiceError| sqlx::Error::Protocol(format!("demo P2P {what}: {e}"));
    let mut n = 0;
    for (from, to, accept) in [(1, 0, true), (2, 1, false)] {
        let (inviter, invitee) = (&PARTNERS[from], &PARTNERS[to]);
        let deal_id = id("deal", &format!("{}-0", inviter.key));
        let by = partner_actor(inviter, "referrals", Role::ReferralsAdmin);
        let Some(loaded) = app::services::deal_store::load_visible(&state.db, &by, &deal_id).await? else { continue };
        let deal = &loaded.deal;
        let catalog = catalog::offered_to(&state.db, &by.org_id).await?;
        let theirs = catalog.iter().find(|s| s.owner_name == invitee.name).or(catalog.first());
        let draft = InvitationDraft {
            partner_org_id: id("org", invitee.key),
            close_date: deal.details.close_date.format("%Y-%m-%d").to_string(),
            value: "20000".into(),
            currency: deal.details.currency.as_str().into(),
            notes: format!("{} runs the customer's data platform.", invitee.name),
            team_emails: vec![deal.team[0].person.email.as_str().into()],
            solution_ids: theirs.map(|s| s.id.clone()).into_iter().collect(),
            help_needed: "Migration know-how and a reference customer.".into(),
        };
        actions::act(state, &by, &deal_id, &DealAction::InvitePartner(draft)).await.map_err(|e| failed("invite", e))?;
        n += 1;
        if accept {
            let copy: String = sqlx::query_scalar("SELECT id FROM deals WHERE engagement_id = $1 AND org_id = $2")
                .bind(&deal.engagement_id)
                .bind(id("org", invitee.key))
                .fetch_one(&state.db.pool)
                .await?;
            let admin = partner_actor(invitee, "referrals", Role::ReferralsAdmin);
            let user = format!("{}.user@{}", invitee.locations[0].1.to_lowercase(), invitee.domain);
            let team = vec![MemberDraft { name: format!("Sam {}", invitee.locations[0].1), phone: "+1 425 555 0100".into(), email: user }];
            let accept = DealAction::Accept { details: DetailsDraft::default(), team };
            actions::act(state, &admin, &copy, &accept).await.map_err(|e| failed("accept", e))?;
        }
    }
    Ok(n)
}

fn record(events: Vec<Event>, at: chrono::DateTime<chrono::Utc>, who: Option<&str>) -> Vec<Recorded> {
    events.into_iter().map(|event| Recorded { at, actor_user_id: who.map(str::to_string), event }).collect()
}

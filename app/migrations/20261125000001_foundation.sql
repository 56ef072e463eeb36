-- Portable schema: runs unchanged on SQLite and PostgreSQL.
-- Times are UTC RFC 3339 text with fixed width (sortable); dates are YYYY-MM-DD text;
-- money is exact hundredths in BIGINT with an ISO 4217 currency; flags are BIGINT 0/1
-- (sqlx's Any driver cannot read SQLite booleans).

CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    mpn_id TEXT NOT NULL,
    is_microsoft BIGINT NOT NULL DEFAULT 0,
    sa_vetted BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE locations (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    mpn_location_id TEXT NOT NULL UNIQUE,
    country TEXT NOT NULL,
    city TEXT NOT NULL,
    is_primary BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX locations_org ON locations(org_id);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    email TEXT NOT NULL,
    email_norm TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phone TEXT,
    password_hash TEXT NOT NULL,
    active BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
CREATE INDEX users_org ON users(org_id);

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE user_location_scopes (
    user_id TEXT NOT NULL REFERENCES users(id),
    location_id TEXT NOT NULL REFERENCES locations(id),
    PRIMARY KEY (user_id, location_id)
);

-- Only a hash of the session token is stored.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE solutions (
    id TEXT PRIMARY KEY,
    owner_org_id TEXT NOT NULL REFERENCES organizations(id),
    name TEXT NOT NULL,
    is_assessment BIGINT NOT NULL DEFAULT 0,
    co_sell_ready BIGINT NOT NULL DEFAULT 0,
    incentive TEXT
);
CREATE INDEX solutions_owner ON solutions(owner_org_id);

CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_norm TEXT NOT NULL,
    street TEXT NOT NULL,
    city TEXT NOT NULL,
    state TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    country TEXT NOT NULL,
    duns TEXT NOT NULL UNIQUE
);
CREATE INDEX customers_country_name ON customers(country, name_norm);

CREATE TABLE deals (
    id TEXT PRIMARY KEY,
    engagement_id TEXT NOT NULL,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    direction TEXT NOT NULL,
    location_id TEXT NOT NULL REFERENCES locations(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    contact_name TEXT,
    contact_phone TEXT,
    contact_email TEXT,
    contact_consent BIGINT NOT NULL DEFAULT 0,
    name TEXT NOT NULL,
    value_hundredths BIGINT NOT NULL,
    currency TEXT NOT NULL,
    close_date TEXT NOT NULL,
    crm_id TEXT,
    campaign_id TEXT,
    notes TEXT,
    help_needed TEXT NOT NULL,
    microsoft_level TEXT NOT NULL,
    is_assessment BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    stage TEXT NOT NULL,
    status_reason TEXT,
    -- Lower-cased deal and customer name, so text search behaves the same on both engines.
    search_norm TEXT NOT NULL,
    created_by TEXT REFERENCES users(id),
    received_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX deals_org_updated ON deals(org_id, updated_at);
CREATE INDEX deals_org_status ON deals(org_id, status);
CREATE INDEX deals_engagement ON deals(engagement_id);
CREATE INDEX deals_customer ON deals(customer_id);

CREATE TABLE deal_team_members (
    deal_id TEXT NOT NULL REFERENCES deals(id),
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    email_norm TEXT NOT NULL,
    PRIMARY KEY (deal_id, position)
);
CREATE INDEX deal_team_email ON deal_team_members(email_norm);

CREATE TABLE deal_solutions (
    deal_id TEXT NOT NULL REFERENCES deals(id),
    solution_id TEXT NOT NULL REFERENCES solutions(id),
    position BIGINT NOT NULL,
    PRIMARY KEY (deal_id, solution_id)
);

CREATE TABLE favorites (
    user_id TEXT NOT NULL REFERENCES users(id),
    deal_id TEXT NOT NULL REFERENCES deals(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, deal_id)
);

-- Append-only: who did what, when (X-AUDIT). Written in the same transaction as the change.
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    at TEXT NOT NULL,
    actor_user_id TEXT REFERENCES users(id),
    org_id TEXT REFERENCES organizations(id),
    subject_type TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX events_subject ON events(subject_type, subject_id, at);

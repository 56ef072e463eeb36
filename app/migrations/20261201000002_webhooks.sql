-- X-API webhooks: an organization's admins register addresses for referral events. `events` holds
-- the event names, space-separated with a space at each end (so `LIKE '% name %'` matches one).
-- The secret signs each delivery (HMAC-SHA256), so it is kept as given, not hashed.
CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations(id),
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_by TEXT REFERENCES users(id),
    created_at TEXT NOT NULL,
    failing_since TEXT,
    paused_at TEXT,
    deleted_at TEXT
);
CREATE INDEX webhooks_org ON webhooks(org_id);

-- One event for one hook, written in the transaction of the change it announces and sent by a
-- worker on any app server (a lease, as the e-mail outbox).
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    webhook_id TEXT NOT NULL REFERENCES webhooks(id),
    deal_id TEXT NOT NULL REFERENCES deals(id),
    event TEXT NOT NULL,
    created_at TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    claimed_until TEXT,
    claimed_by TEXT,
    delivered_at TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE delivered_at IS NULL;
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, created_at);

-- Every try, for the admin to see.
CREATE TABLE webhook_attempts (
    id TEXT PRIMARY KEY,
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries(id),
    webhook_id TEXT NOT NULL REFERENCES webhooks(id),
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    status_code BIGINT,
    error TEXT,
    duration_ms BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_hook ON webhook_attempts(webhook_id, at);

-- R-NOTE-1: what each user is told, in the app (read or not) and by e-mail (through the outbox).
CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    deal_id TEXT NOT NULL REFERENCES deals(id),
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT
);
CREATE INDEX notifications_user_created ON notifications(user_id, created_at);
CREATE INDEX notifications_user_unread ON notifications(user_id, read_at);

-- The durable e-mail outbox: a row is written with its notification, in the same transaction as the
-- change, and drained by a worker on any app server. A worker claims a row by setting
-- `claimed_until` (a lease) in one statement; an unsent row whose lease ran out (its worker died)
-- is claimed again. `attempts` counts tries; `next_attempt_at` is the back-off.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    notification_id TEXT NOT NULL REFERENCES notifications(id),
    created_at TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    claimed_until TEXT,
    claimed_by TEXT,
    sent_at TEXT,
    failed_at TEXT,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- Kinds of notification a user does not want by e-mail (the in-app notification stays).
CREATE TABLE email_opt_outs (
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- X-REMIND: one row per reminder sent, so each is sent once whatever the number of app servers.
CREATE TABLE reminders_sent (
    deal_id TEXT NOT NULL REFERENCES deals(id),
    window_kind TEXT NOT NULL,
    days_left BIGINT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (deal_id, window_kind, days_left)
);

-- Microsoft sellers cover a country (ISO code) for co-sell invitations; NULL covers every country.
ALTER TABLE users ADD COLUMN country TEXT;

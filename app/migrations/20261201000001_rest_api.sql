-- X-API: tokens a user creates to call the REST API as themselves. Only a hash of the secret is
-- kept; `prefix` (the secret's first characters) lets the user tell tokens apart.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id, created_at);

-- X-API: a create repeated with the same Idempotency-Key returns the first result. Written in the
-- deal's own transaction, so a key names a deal exactly when the deal exists.
CREATE TABLE api_idempotency (
    user_id TEXT NOT NULL REFERENCES users(id),
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    deal_id TEXT NOT NULL REFERENCES deals(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);

-- X-API: what a CRM says of a referral that the product itself does not use: kept and returned.
CREATE TABLE referral_fields (
    deal_id TEXT PRIMARY KEY REFERENCES deals(id),
    qualification TEXT NOT NULL,
    customer_size TEXT,
    tags TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX referral_fields_qualification ON referral_fields(qualification);

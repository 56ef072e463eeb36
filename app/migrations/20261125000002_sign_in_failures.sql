-- Failed sign-ins, kept for the throttling window (per account and per address).
CREATE TABLE sign_in_failures (
    id TEXT PRIMARY KEY,
    account TEXT NOT NULL,
    address TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX sign_in_failures_account ON sign_in_failures(account, at);
CREATE INDEX sign_in_failures_address ON sign_in_failures(address, at);

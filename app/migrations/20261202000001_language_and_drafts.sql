-- X-I18N: the language a user chose ("en", "ja"); NULL until they choose one, when the browser's
-- Accept-Language decides.
ALTER TABLE users ADD COLUMN locale TEXT;

-- X-DRAFT: what a user has typed into a long form, saved as they go and visible to them alone.
-- `form` says which form ("deal", "referral:<org id>"); `body` is the form's state as JSON, kept
-- as typed (never validated until submitted). Deleted when the deal is created or 30 days after
-- its last change.
CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    form TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX drafts_user ON drafts(user_id, updated_at);
CREATE INDEX drafts_updated ON drafts(updated_at);

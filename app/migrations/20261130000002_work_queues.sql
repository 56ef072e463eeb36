-- R-TAB-3: the work queues read these from the stored deal (`deal_store` keeps them in step):
-- the Microsoft seller who is the deal's contact (lower-cased e-mail), and the registration's state.
ALTER TABLE deals ADD COLUMN microsoft_seller_email TEXT;
ALTER TABLE deals ADD COLUMN registration_state TEXT;
CREATE INDEX deals_microsoft_seller ON deals(microsoft_seller_email, updated_at);
CREATE INDEX deals_registration_state ON deals(registration_state, updated_at);
CREATE INDEX deals_created_by ON deals(created_by, updated_at);

-- R-LIFE-2, R-TAB-3: Inbound sorts by the time left to answer: a received deal's window opened at
-- `received_at` (so its deadline orders the same); deals with no window sort after every one.
ALTER TABLE deals ADD COLUMN answer_by TEXT NOT NULL DEFAULT '9999-12-31T23:59:59.999999Z';
UPDATE deals SET answer_by = received_at WHERE status = 'received' AND received_at IS NOT NULL;
CREATE INDEX deals_tab_answer ON deals(org_id, tab, answer_by, id);

-- Fills of new columns from stored bodies, which need each engine's own JSON functions: done once
-- after the migrations (`deal_store::backfill`), recorded here.
CREATE TABLE backfills (
    name TEXT PRIMARY KEY,
    done_at TEXT NOT NULL
);

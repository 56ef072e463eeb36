-- When Microsoft was invited, while its answer is pending (R-LIFE-5); NULL otherwise. Lets the
-- expiry timer find due invitations without reading every deal.
ALTER TABLE deals ADD COLUMN microsoft_pending_since TEXT;
CREATE INDEX deals_microsoft_pending ON deals(microsoft_pending_since);
CREATE INDEX deals_status_received ON deals(status, received_at);

-- The whole deal as the domain holds it (JSON of `lifecycle::Deal`): commands load it, apply a rule
-- and write it back with its projection columns, all in one transaction with an optimistic version check.
ALTER TABLE deals ADD COLUMN body TEXT NOT NULL DEFAULT '';
-- For an inbound deal from another partner (P2P, R-LIFE-6): who invited us. Drives R-ORG-3's invited-org clause.
ALTER TABLE deals ADD COLUMN sender_org_id TEXT REFERENCES organizations(id);
-- Whether the deal invited partners (R-TYPE-0 derives the type from it).
ALTER TABLE deals ADD COLUMN partners_invited BIGINT NOT NULL DEFAULT 0;
CREATE INDEX deals_sender ON deals(sender_org_id);

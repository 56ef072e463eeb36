-- R-TAB-1, R-TAB-2: the tab a deal is listed in (inbound, outbound, closed), written with every
-- change, so each tab's page in each sort order is one range of an index: a deep page costs what
-- the first does, on SQLite and on PostgreSQL.
ALTER TABLE deals ADD COLUMN tab TEXT NOT NULL DEFAULT 'outbound';
UPDATE deals SET tab = CASE
    WHEN status IN ('won', 'lost', 'declined', 'expired') THEN 'closed'
    WHEN direction = 'inbound' THEN 'inbound'
    ELSE 'outbound'
END;
CREATE INDEX deals_tab_updated ON deals(org_id, tab, updated_at, id);
CREATE INDEX deals_tab_created ON deals(org_id, tab, created_at, id);
CREATE INDEX deals_tab_close ON deals(org_id, tab, close_date, id);
CREATE INDEX deals_tab_value ON deals(org_id, tab, value_hundredths, id);
CREATE INDEX deals_tab_name ON deals(org_id, tab, search_norm, id);
-- Superseded by deals_tab_updated.
DROP INDEX deals_org_updated;

-- R-TAB-2: a tab filtered by type (the Co-sell deals, say) in the default order, most recently
-- updated first, is one range of this index instead of a walk of the whole tab.
CREATE INDEX deals_tab_type_updated ON deals(org_id, tab, deal_type, updated_at, id);

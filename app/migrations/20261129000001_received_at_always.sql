-- A received deal's 14-day window starts at `received_at` (R-LIFE-2). The domain sets it whenever a
-- deal is received; rows written before it was stored get their creation time, so the expiry
-- timer's query is one range of deals_status_received and reads only what is due.
UPDATE deals SET received_at = created_at WHERE status = 'received' AND received_at IS NULL;

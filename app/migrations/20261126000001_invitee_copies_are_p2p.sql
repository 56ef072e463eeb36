-- R-TYPE-0: an invited partner's own copy of an engagement is partner-to-partner, not private.
UPDATE deals SET partners_invited = 1
WHERE sender_org_id IS NOT NULL
  AND sender_org_id IN (SELECT id FROM organizations WHERE is_microsoft = 0);

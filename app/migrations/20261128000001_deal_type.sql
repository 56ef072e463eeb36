-- R-TYPE-0: the deal's type, written with every change from `Deal::deal_type` (as `tab` is), so the
-- list's type filter compares one column instead of spelling the rule again in SQL. The rows already
-- here are filled once from the facts the rule reads.
ALTER TABLE deals ADD COLUMN deal_type TEXT NOT NULL DEFAULT 'Private';
UPDATE deals SET deal_type = CASE
    WHEN is_assessment = 1 THEN 'SolutionAssessment'
    WHEN microsoft_level = 'invited' THEN 'CoSell'
    WHEN partners_invited = 1 THEN 'PartnerToPartner'
    WHEN microsoft_level = 'visible' THEN 'PartnerLed'
    ELSE 'Private'
END;

-- 004: the register records whether a survey was part of a random audit sample (steekproef: the pand
-- was drawn at random from the stock, not chosen on suspicion) and the outcome of an independent
-- re-survey of the same pand (herhaal_klasse, herhaal_jaar), so survey error can be estimated from the
-- register itself. One row per pand still.

ALTER TABLE register ADD COLUMN IF NOT EXISTS steekproef boolean NOT NULL DEFAULT false;
ALTER TABLE register ADD COLUMN IF NOT EXISTS herhaal_klasse text;
ALTER TABLE register ADD COLUMN IF NOT EXISTS herhaal_jaar integer;

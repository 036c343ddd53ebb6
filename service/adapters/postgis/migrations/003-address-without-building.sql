-- 003: an address may have no building (pand): a berth (ligplaats, e.g. a houseboat), a pitch
-- (standplaats) or a verblijfsobject whose pand is missing from the extract. Such addresses are stored
-- with pand_id NULL and scored with the reason NO_BUILDING, never with a number.

ALTER TABLE addresses ALTER COLUMN pand_id DROP NOT NULL;

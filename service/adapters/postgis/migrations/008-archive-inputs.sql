-- 008: the optional inputs of the input registry (service/features/inputs.ts). Each is a nullable column
-- named as in the registry (= the dataset column and the API field), in the table the registry names;
-- null = unknown, which is every row of an older dataset. test/contract/input-registry.test.ts checks
-- these columns against the registry.

-- Building archive (bouwdossier): pile length and pile-head level, and the building block the pand was built in.
ALTER TABLE addresses ADD COLUMN IF NOT EXISTS paallengte_m double precision;
ALTER TABLE addresses ADD COLUMN IF NOT EXISTS paalkop_nap_m double precision;
ALTER TABLE addresses ADD COLUMN IF NOT EXISTS bouwblok_id text;

-- Ground raised since construction, and the groundwater level in a dry summer.
ALTER TABLE soil ADD COLUMN IF NOT EXISTS ophoging_m double precision;
ALTER TABLE soil ADD COLUMN IF NOT EXISTS grondwater_droog_nap_m double precision;

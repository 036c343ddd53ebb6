-- 012: the neighbourhood evidence of every pand (issue 15), computed in TypeScript by the loader
-- (service/adapters/postgis/evidence-rows.ts) from the register, the building blocks and the positions, at
-- the dataset's reference year, the pand itself left out of its own counts. The request path rebuilds the
-- model's neighbourhood features from these counts for explanations and what-if (features/evidence.ts);
-- the archive features come from the address's own columns (008). No row = no register context (missing).
CREATE TABLE IF NOT EXISTS evidence (
  pand_id text PRIMARY KEY,
  blok_onderzocht integer NOT NULL,
  blok_probleem integer NOT NULL,
  blok_hersteld integer NOT NULL,
  straal_onderzocht integer NOT NULL,
  straal_probleem integer NOT NULL,
  straal_hersteld integer NOT NULL
);

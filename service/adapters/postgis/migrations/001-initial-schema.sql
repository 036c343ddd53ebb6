-- 001: dataset, buurten, addresses, register, scores, model registry and buurt aggregates.
-- Geometry is stored in EPSG:4326 (served as WGS84, cut into tiles) and EPSG:28992 (RD New, metric
-- distances). Every statement is idempotent; the runner applies the file in one transaction.

CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE TABLE IF NOT EXISTS dataset_info (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  info jsonb NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS buurten (
  code text PRIMARY KEY,
  ord integer NOT NULL,
  naam text NOT NULL,
  wijk_code text NOT NULL,
  gemeente_code text NOT NULL,
  woonplaats text NOT NULL,
  pc4 text NOT NULL,
  huishoudens integer,
  oppervlakte_ha double precision,
  schematic boolean NOT NULL,
  -- The GeoJSON geometry exactly as loaded (answers repeat it byte for byte).
  geojson jsonb NOT NULL,
  geom geometry(MultiPolygon, 4326) NOT NULL,
  geom_rd geometry(MultiPolygon, 28992) NOT NULL
);
CREATE INDEX IF NOT EXISTS buurten_geom_gist ON buurten USING gist (geom);
CREATE INDEX IF NOT EXISTS buurten_geom_rd_gist ON buurten USING gist (geom_rd);

-- Addresses with their building attributes.
CREATE TABLE IF NOT EXISTS addresses (
  verblijfsobject_id text PRIMARY KEY,
  -- Position in natural address order (postcode, number, letter, addition), assigned by the loader.
  ord integer NOT NULL UNIQUE,
  pand_id text NOT NULL,
  buurt_code text NOT NULL REFERENCES buurten (code),
  straat text NOT NULL,
  huisnummer integer NOT NULL,
  huisletter text,
  toevoeging text,
  postcode text NOT NULL,
  woonplaats text NOT NULL,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  bouwjaar integer,
  woningtype text,
  bouwlagen integer,
  woningen_in_pand integer,
  funderingtype text,
  -- Normalised "street place" text and the two-letter keys of its words, for search.
  search_text text NOT NULL,
  word_keys text[] NOT NULL,
  geom geometry(Point, 4326) NOT NULL,
  geom_rd geometry(Point, 28992) NOT NULL
);
CREATE INDEX IF NOT EXISTS addresses_postcode ON addresses (postcode text_pattern_ops, huisnummer);
CREATE INDEX IF NOT EXISTS addresses_huisnummer ON addresses (huisnummer);
CREATE INDEX IF NOT EXISTS addresses_buurt ON addresses (buurt_code, ord);
CREATE INDEX IF NOT EXISTS addresses_pand ON addresses (pand_id);
CREATE INDEX IF NOT EXISTS addresses_word_keys ON addresses USING gin (word_keys);
CREATE INDEX IF NOT EXISTS addresses_search_trgm ON addresses USING gin (search_text public.gin_trgm_ops);
CREATE INDEX IF NOT EXISTS addresses_geom_gist ON addresses USING gist (geom);
CREATE INDEX IF NOT EXISTS addresses_geom_rd_gist ON addresses USING gist (geom_rd);

-- Soil and water attributes per address (modelled or measured).
CREATE TABLE IF NOT EXISTS soil (
  verblijfsobject_id text PRIMARY KEY REFERENCES addresses (verblijfsobject_id) ON DELETE CASCADE,
  maaiveld_nap_m double precision,
  veendikte_m double precision,
  pleistoceen_nap_m double precision,
  grondwater_nap_m double precision,
  grondwater_bron text,
  bodemdaling_mm_jr double precision
);

-- The municipal foundation register, per pand (private data).
CREATE TABLE IF NOT EXISTS register (
  pand_id text PRIMARY KEY,
  onderzocht boolean NOT NULL,
  onderzocht_jaar integer,
  kwaliteitsklasse text,
  hersteld boolean NOT NULL,
  hersteld_jaar integer,
  droogstand boolean,
  funderingtype text
);

-- Model registry: every model version that scored this database.
CREATE TABLE IF NOT EXISTS models (
  version text PRIMARY KEY,
  manifest jsonb NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  is_current boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX IF NOT EXISTS models_one_current ON models (is_current) WHERE is_current;

-- Precomputed scores, one per address, with the model version and time.
CREATE TABLE IF NOT EXISTS scores (
  verblijfsobject_id text PRIMARY KEY REFERENCES addresses (verblijfsobject_id) ON DELETE CASCADE,
  model_version text NOT NULL REFERENCES models (version),
  probability double precision,
  margin double precision,
  risk_class text,
  reason text,
  scored_at timestamptz NOT NULL DEFAULT now()
);

-- Exact (unsuppressed) buurt statistics, refreshed after every load or rescoring.
CREATE TABLE IF NOT EXISTS buurt_stats (
  buurt_code text PRIMARY KEY REFERENCES buurten (code) ON DELETE CASCADE,
  dwellings integer NOT NULL,
  scored integer NOT NULL,
  sum_probability double precision NOT NULL,
  count_de integer NOT NULL,
  pre1945 integer NOT NULL,
  surveyed integer NOT NULL,
  restored integer NOT NULL,
  by_period jsonb NOT NULL,
  by_class jsonb NOT NULL,
  refreshed_at timestamptz NOT NULL DEFAULT now()
);

-- 009: surveys and measured inputs recorded by inspectors (issue 17), append-only: a correction is a new
-- version (record_id, version + 1), never an UPDATE. A trigger refuses UPDATE and DELETE.

CREATE TABLE field_records (
  seq          bigserial PRIMARY KEY,
  record_id    uuid NOT NULL,
  version      integer NOT NULL CHECK (version >= 1),
  kind         text NOT NULL CHECK (kind IN ('survey', 'measurement')),
  pand_id      text NOT NULL,
  address_id   text NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  recorded_by  text,
  body         jsonb NOT NULL,
  UNIQUE (record_id, version)
);
CREATE INDEX field_records_pand ON field_records (pand_id);

CREATE FUNCTION field_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'field_records is append-only; record a new version instead';
END $$;

CREATE TRIGGER field_records_append_only BEFORE UPDATE OR DELETE ON field_records
  FOR EACH ROW EXECUTE FUNCTION field_records_append_only();

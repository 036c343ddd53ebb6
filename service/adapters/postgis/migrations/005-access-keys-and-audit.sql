-- 005: API keys (hashed; the key itself is never stored) and the append-only audit log of address-level
-- reads (issue 12). Rows of audit_log are never updated; retention deletes rows older than AUDIT_RETENTION_DAYS.

CREATE TABLE access_keys (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  role        text NOT NULL CHECK (role IN ('planner', 'inspector', 'admin', 'system')),
  salt        text NOT NULL,
  hash        text NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz,
  revoked_at  timestamptz
);

CREATE TABLE audit_log (
  seq          bigserial PRIMARY KEY,
  at           timestamptz NOT NULL,
  request_id   text NOT NULL,
  key_id       text,
  key_name     text,
  role         text NOT NULL,
  ip           text,
  method       text NOT NULL,
  route        text NOT NULL,
  status       integer NOT NULL,
  address_ids  text[] NOT NULL,
  detail       text
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_key_name_at ON audit_log (key_name, at);

CREATE FUNCTION audit_log_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_no_update();

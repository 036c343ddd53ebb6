-- 011: survey plans (POST /v1/plans). Each plan is kept with the model and dataset version it was made
-- with, so its track record can later be counted against the surveys that arrive. The answer is stored
-- whole (JSON); the columns beside it are what a track record filters on. Plans survive a dataset load.

CREATE TABLE IF NOT EXISTS plans (
  id text PRIMARY KEY,
  created_at text NOT NULL,
  model_version text NOT NULL,
  dataset_version text,
  objective text NOT NULL,
  answer jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS plans_model_version ON plans (model_version);

import type { Config } from '../config/config.js';
import type { WebhookStore } from '../ports/webhook-store.js';
import { poolOptionsOf } from './postgis/open-store.js';
import { createPool } from './postgis/pool.js';
import { PostgisWebhookStore } from './postgis/webhook-store.js';
import { WebhookFileStore, webhooksFileOf } from './webhooks/webhook-file-store.js';

/** The webhook store the config asks for: PostGIS (migration 014) with `DATABASE_URL`, else the file beside the dataset (or `WEBHOOKS_FILE`). */
export function openWebhookStore(config: Config): WebhookStore {
  if (config.databaseUrl) return new PostgisWebhookStore(createPool({ ...poolOptionsOf(config), max: 2 }));
  return new WebhookFileStore(config.webhooksFile ?? webhooksFileOf(config.datasetDir));
}

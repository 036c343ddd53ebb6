import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { AccessServices } from '../domain/access/access-services.js';
import type { ModelManifest } from '../domain/model-manifest.js';
import type { RiskScorer } from '../domain/risk-scorer.js';
import type { Store } from '../ports/store.js';
import type { FieldRecordStore } from '../ports/field-record-store.js';
import type { Metrics } from './metrics.js';
import type { WebhookService } from '../domain/webhooks/webhook-service.js';

/** Everything the HTTP layer needs; built by the composition root or by a test. */
export interface AppDeps {
  config: Config;
  store: Store;
  scorer: RiskScorer;
  manifest: ModelManifest;
  /** The model card (`card.json`), when the model folder has one. */
  modelCard: unknown | null;
  logger: Logger;
  metrics: Metrics;
  /** API keys, the audit log and key management. */
  access: AccessServices;
  /** Surveys and measured inputs recorded by inspectors (append-only). */
  fieldRecords: FieldRecordStore;
  /** Change notifications: webhook subscriptions and their deliveries. */
  webhooks: WebhookService;
}

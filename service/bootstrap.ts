import { pino, type Logger } from 'pino';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Config } from './config/config.js';
import { readDataset } from './adapters/dataset/dataset-files.js';
import { assertFitsInMemory } from './adapters/dataset/dataset-size.js';
import { MemoryStore } from './adapters/memory/memory-store.js';
import { openPostgisStore } from './adapters/postgis/open-store.js';
import { CoalescingModel } from './adapters/onnx/coalescing-model.js';
import { loadOnnxModel, resolveModelDir } from './adapters/onnx/onnx-model.js';
import { precomputeScores } from './domain/precompute-scores.js';
import { withNeighbourhoodEvidence } from './features/evidence.js';
import { RiskScorer } from './domain/risk-scorer.js';
import type { AppDeps } from './http/deps.js';
import type { Store } from './ports/store.js';
import { Metrics } from './http/metrics.js';
import { openAccessStore } from './adapters/access/open-access-store.js';
import { accessServices } from './domain/access/access-services.js';
import { OidcVerifier } from './domain/access/oidc.js';
import { jwksSource } from './adapters/access/jwks-source.js';
import { openSurveyStore } from './adapters/open-survey-store.js';
import { openWebhooks } from './adapters/webhooks/open-webhooks.js';

/** App dependencies plus a way to release them. */
export interface LoadedDeps extends AppDeps {
  close(): Promise<void>;
  /** Releases only the model's session (after a switch to another model, see `model-swap.ts`). */
  releaseModel?: () => Promise<void>;
}

/** The model card with the folder's SVG plots (ROC, calibration) inlined under `plots`, or null. */
export async function readModelCard(modelDir: string, cardFile: string): Promise<unknown> {
  const cardPath = join(modelDir, cardFile);
  if (!existsSync(cardPath)) return null;
  const card = JSON.parse(await readFile(cardPath, 'utf8')) as Record<string, unknown>;
  const svgs = (await readdir(modelDir)).filter((f) => f.endsWith('.svg')).sort();
  const plots = Object.fromEntries(
    await Promise.all(svgs.map(async (f) => [basename(f, '.svg'), await readFile(join(modelDir, f), 'utf8')])),
  );
  return svgs.length > 0 ? { ...card, plots } : card;
}

/** Reads the dataset, scores every address once and builds the in-memory store. */
export async function loadMemoryStore(config: Config, scorer: RiskScorer, logger: Logger): Promise<Store> {
  const t0 = Date.now();
  await assertFitsInMemory(config.datasetDir, config.memoryMaxAddresses);
  // Every address scored and explained with its neighbourhood evidence at the reference year (one index per load).
  const dataset = withNeighbourhoodEvidence(await readDataset(config.datasetDir));
  const registerByPand = new Map(dataset.register.map((r) => [r.pandId, r]));
  const scores = await precomputeScores(scorer, dataset.addresses, registerByPand);
  const store = new MemoryStore(dataset, scores, {
    suppressBelow: config.suppressBelow,
    stockCovariance: scorer.stockCovariance,
    tileCacheBytes: config.tileCacheBytes,
  });
  logger.info(
    { dataset: dataset.info.name, addresses: dataset.addresses.length, model: scorer.modelVersion, ms: Date.now() - t0 },
    'dataset loaded and scored',
  );
  return store;
}

/**
 * Loads the model (one ONNX session, checked against its manifest) and opens the store: PostGIS when
 * `DATABASE_URL` is set (scores come from `db:load`), otherwise the dataset is scored into memory.
 */
export async function createDeps(config: Config, logger: Logger = pino({ level: config.logLevel })): Promise<LoadedDeps> {
  const modelDir = await resolveModelDir(config.modelsDir, config.modelVersion);
  const model = new CoalescingModel(await loadOnnxModel(modelDir));
  try {
    const modelCard = await readModelCard(modelDir, model.manifest.files.card ?? 'card.json');
    const metrics = new Metrics(model.manifest.version);
    const scorer = new RiskScorer(model, config.scoreChunkRows, (rows, s) => metrics.modelCall(rows, s));
    scorer.warmUp();
    const store = config.databaseUrl ? await openPostgisStore(config, logger) : await loadMemoryStore(config, scorer, logger);
    if (store.replicaLag && config.databaseReadUrls.length > 0) metrics.watchReplicas(() => store.replicaLag!());
    const access = accessServices(openAccessStore(config), {
      keyRefreshMs: config.keyRefreshMs,
      auditRetentionDays: config.auditRetentionDays,
      oidc: config.oidc ? new OidcVerifier({ ...config.oidc, keys: jwksSource(config.oidc.jwksUrl) }) : null,
      onStoreError: (what, err) => logger.warn({ err: err instanceof Error ? err.name : 'unknown', what }, 'access store unavailable'),
    });
    const fieldRecords = openSurveyStore(config);
    const webhooks = openWebhooks(config, access, logger);
    webhooks.start();
    return {
      config,
      store,
      scorer,
      manifest: model.manifest,
      modelCard,
      logger,
      metrics,
      access,
      fieldRecords,
      webhooks,
      releaseModel: () => model.close(),
      async close() {
        await webhooks.close(config.shutdownGraceMs);
        await fieldRecords.close();
        await access.close();
        await store.close();
        await model.close();
      },
    };
  } catch (err) {
    await model.close();
    throw err;
  }
}

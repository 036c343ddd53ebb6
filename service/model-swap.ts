import type { RequestListener } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { type LoadedDeps, loadMemoryStore, readModelCard } from './bootstrap.js';
import { CoalescingModel } from './adapters/onnx/coalescing-model.js';
import { loadOnnxModel } from './adapters/onnx/onnx-model.js';
import { RiskScorer } from './domain/risk-scorer.js';
import { MemoryStore } from './adapters/memory/memory-store.js';
import { precomputeScores } from './domain/precompute-scores.js';
import type { Store } from './ports/store.js';
import { modelChangeEvent } from './domain/webhooks/change-detection.js';

/**
 * The running service's model, switchable without dropping a request: a new model (and, for the memory
 * store, the dataset scored with it) is loaded beside the old one; only when it is ready does the next
 * request go to an app built on it. Requests already in flight finish on the old app; the old model
 * (and memory store) is released after the shutdown grace period. Shared parts — config, access, field
 * records, metrics, logger — stay; a PostGIS store stays too (answers of buildings whose stored score
 * is of another model are scored afresh; `db:load` refreshes the stored scores and buurt sums).
 */
export class ModelSwitch {
  private current: LoadedDeps;
  private switching: Promise<void> = Promise.resolve();
  private handlerOf: RequestListener;

  constructor(
    deps: LoadedDeps,
    private readonly build: (deps: LoadedDeps) => RequestListener,
    private readonly logger: Logger,
  ) {
    this.current = deps;
    this.handlerOf = build(deps);
  }

  /** The request handler to call: always the current app. */
  readonly handler: RequestListener = (req, res) => this.handlerOf(req, res);

  get deps(): LoadedDeps {
    return this.current;
  }

  /** Switches to `version` of the models folder (no-op when it is served already); one switch at a time. */
  switchTo(version: string): Promise<void> {
    const run = this.switching.then(() => this.doSwitch(version));
    this.switching = run.catch(() => undefined);
    return run;
  }

  private async doSwitch(version: string): Promise<void> {
    const old = this.current;
    if (old.manifest.version === version) return;
    const { config, metrics } = old;
    const started = Date.now();
    const dir = join(config.modelsDir, version);
    const model = new CoalescingModel(await loadOnnxModel(dir));
    let store: Store = old.store;
    try {
      const modelCard = await readModelCard(dir, model.manifest.files.card ?? 'card.json');
      const scorer = new RiskScorer(model, config.scoreChunkRows, (rows, s) => metrics.modelCall(rows, s));
      scorer.warmUp();
      if (old.store instanceof MemoryStore) {
        // The same dataset rescored: no second read of the folder, and the scoring releases the event loop between chunks.
        const dataset = old.store.servedDataset;
        const registerByPand = new Map(dataset.register.map((r) => [r.pandId, r]));
        const scores = await precomputeScores(scorer, dataset.addresses, registerByPand);
        store = new MemoryStore(dataset, scores, {
          suppressBelow: config.suppressBelow,
          stockCovariance: scorer.stockCovariance,
          tileCacheBytes: config.tileCacheBytes,
        });
      } else if (!config.databaseUrl) store = await loadMemoryStore(config, scorer, this.logger);
      const next: LoadedDeps = {
        ...old,
        store,
        scorer,
        manifest: model.manifest,
        modelCard,
        releaseModel: () => model.close(),
        close: async () => {
          await old.webhooks.close(config.shutdownGraceMs);
          await old.fieldRecords.close();
          await old.access.close();
          await store.close();
          await model.close();
        },
      };
      this.current = next;
      this.handlerOf = this.build(next);
      this.logger.info({ from: old.manifest.version, to: version, ms: Date.now() - started }, 'switched model');
    } catch (err) {
      await model.close();
      if (store !== old.store) await store.close();
      throw err;
    }
    // Subscribers hear which classes changed; the old side is released only once that is worked out.
    const announced = this.announce(old, this.current);
    // In-flight requests of the old app finish first; then its own model (and memory store) go.
    const retire = setTimeout(() => {
      void (async () => {
        await announced;
        if (old.store !== this.current.store) await old.store.close();
        await old.releaseModel?.();
      })();
    }, config.shutdownGraceMs);
    retire.unref();
  }

  /**
   * Publishes the classes the switch changed to the webhook subscribers (queued; never fails the switch).
   * Resolves once that is worked out, so the old side is not released before.
   */
  private announce(old: LoadedDeps, next: LoadedDeps): Promise<void> {
    return next.webhooks.notify(`model ${old.manifest.version} → ${next.manifest.version}`, async () => {
      const event = await modelChangeEvent(old, next, next.config.suppressBelow);
      this.logger.info(
        { addresses: event?.addresses.length ?? 0, buurten: event?.buurten.length ?? 0 },
        'model switch worked out for webhooks',
      );
      return event;
    });
  }

  /** Polls `models/current` every `MODEL_WATCH_MS` and switches when it names another version. Returns a stop function. */
  watch(): () => void {
    const { config } = this.current;
    if (config.modelWatchMs === 0 || config.modelVersion) return () => undefined;
    const timer = setInterval(() => {
      void (async () => {
        try {
          const version = (await readFile(join(config.modelsDir, 'current'), 'utf8')).trim();
          if (version && version !== this.current.manifest.version) await this.switchTo(version);
        } catch (err) {
          this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'model switch failed; the served model stays');
        }
      })();
    }, config.modelWatchMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}

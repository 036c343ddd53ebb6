import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Upper bounds (seconds) of the latency histogram buckets. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Upper bounds of the batch-size histogram buckets. */
const BATCH_BUCKETS = [1, 10, 100, 1000, 5000, 10000];

let processRegistry: Registry | null = null;

/**
 * prom-client's default metrics (CPU, resident memory, heap, event-loop lag, GC, handles) in one
 * registry per process: they describe the process, and their collectors (GC observer, event-loop
 * monitor) should run once however many apps a test builds.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * Prometheus metrics of one service instance: requests by route, model inference time and batch
 * sizes, and the model version served, exposed together with the process metrics.
 */
export class Metrics {
  private readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route.',
    labelNames: ['method', 'route'],
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly inference = new Histogram({
    name: 'model_inference_seconds',
    help: 'Time of one ONNX call.',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly batches = new Histogram({
    name: 'model_batch_rows',
    help: 'Rows per ONNX call.',
    buckets: BATCH_BUCKETS,
    registers: [this.registry],
  });

  /** @param modelVersion the version of the model served, exported as `model_info{version="…"} 1` */
  constructor(modelVersion: string) {
    new Gauge({
      name: 'model_info',
      help: 'The model served by this process (value is always 1).',
      labelNames: ['version'],
      registers: [this.registry],
    }).set({ version: modelVersion }, 1);
  }

  /** Exports `db_replica_lag_bytes` and `db_replica_lag_seconds` per replica, read from `source` at each scrape. */
  watchReplicas(source: () => Promise<{ replica: string; lagBytes: number | null; lagSeconds: number | null }[]>): void {
    let last: Promise<{ replica: string; lagBytes: number | null; lagSeconds: number | null }[]> | null = null;
    const read = () =>
      (last ??= source().finally(() => {
        setTimeout(() => {
          last = null;
        }, 0);
      }));
    new Gauge({
      name: 'db_replica_lag_bytes',
      help: 'WAL bytes a read replica has still to replay (-1: unreachable).',
      labelNames: ['replica'],
      registers: [this.registry],
      async collect() {
        for (const r of await read()) this.set({ replica: r.replica }, r.lagBytes ?? -1);
      },
    });
    new Gauge({
      name: 'db_replica_lag_seconds',
      help: 'Seconds since the last transaction a lagging read replica replayed (0: up to date; -1: unreachable).',
      labelNames: ['replica'],
      registers: [this.registry],
      async collect() {
        for (const r of await read()) this.set({ replica: r.replica }, r.lagSeconds ?? -1);
      },
    });
  }

  /** Records one finished request; `route` is the matched route pattern, never the raw URL. */
  request(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.latency.observe({ method, route }, seconds);
  }

  /** Records one model call. */
  modelCall(rows: number, seconds: number): void {
    this.inference.observe(seconds);
    this.batches.observe(rows);
  }

  /** The content type of {@link render}'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition: this instance's metrics and the process metrics. */
  async render(): Promise<string> {
    const [own, proc] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return `${own.trimEnd()}\n${proc}`;
  }
}

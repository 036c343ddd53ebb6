/** Upper bounds (seconds) of the latency histogram buckets. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Upper bounds of the batch-size histogram buckets. */
const BATCH_BUCKETS = [1, 10, 100, 1000, 5000, 10000];

class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly bounds: readonly number[]) {
    this.counts = bounds.map(() => 0);
  }
  observe(v: number): void {
    this.sum += v;
    this.count += 1;
    this.bounds.forEach((b, i) => { if (v <= b) this.counts[i] += 1; });
  }
  render(name: string, labels: string): string[] {
    const sep = labels ? `${labels},` : '';
    return [
      ...this.bounds.map((b, i) => `${name}_bucket{${sep}le="${b}"} ${this.counts[i]}`),
      `${name}_bucket{${sep}le="+Inf"} ${this.count}`,
      `${name}_sum${labels ? `{${labels}}` : ''} ${this.sum}`,
      `${name}_count${labels ? `{${labels}}` : ''} ${this.count}`,
    ];
  }
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Prometheus metrics of one process: requests by route, model inference time and batch sizes. */
export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  private readonly inference = new Histogram(LATENCY_BUCKETS);
  private readonly batches = new Histogram(BATCH_BUCKETS);

  /** Records one finished request; `route` is the matched route pattern, never the raw URL. */
  request(method: string, route: string, status: number, seconds: number): void {
    const key = `method="${esc(method)}",route="${esc(route)}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const lkey = `method="${esc(method)}",route="${esc(route)}"`;
    let h = this.latency.get(lkey);
    if (!h) {
      h = new Histogram(LATENCY_BUCKETS);
      this.latency.set(lkey, h);
    }
    h.observe(seconds);
  }

  /** Records one model call. */
  modelCall(rows: number, seconds: number): void {
    this.inference.observe(seconds);
    this.batches.observe(rows);
  }

  /** The Prometheus text exposition. */
  render(): string {
    const lines = [
      '# HELP http_requests_total HTTP requests by method, route and status.',
      '# TYPE http_requests_total counter',
      ...[...this.requests].map(([k, v]) => `http_requests_total{${k}} ${v}`),
      '# HELP http_request_duration_seconds HTTP request latency by route.',
      '# TYPE http_request_duration_seconds histogram',
      ...[...this.latency].flatMap(([k, h]) => h.render('http_request_duration_seconds', k)),
      '# HELP model_inference_seconds Time of one ONNX call.',
      '# TYPE model_inference_seconds histogram',
      ...this.inference.render('model_inference_seconds', ''),
      '# HELP model_batch_rows Rows per ONNX call.',
      '# TYPE model_batch_rows histogram',
      ...this.batches.render('model_batch_rows', ''),
    ];
    return `${lines.join('\n')}\n`;
  }
}

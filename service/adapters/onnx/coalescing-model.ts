import type { ModelOutput, RiskModel } from '../../ports/risk-model.js';

interface Pending {
  features: Float32Array;
  rows: number;
  resolve: (out: ModelOutput) => void;
  reject: (err: unknown) => void;
}

/**
 * Wraps a model so that small predictions arriving in the same event-loop turn (concurrent single-row
 * requests) share one ONNX call: the per-call overhead of the runtime is paid once per turn instead of
 * once per request. Calls of `passThroughRows` rows or more go straight to the model.
 */
export class CoalescingModel implements RiskModel {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly inner: RiskModel,
    private readonly passThroughRows = 64,
    private readonly maxRows = 1024,
  ) {}

  get manifest() {
    return this.inner.manifest;
  }

  get trees() {
    return this.inner.trees;
  }

  predict(features: Float32Array, rows: number): Promise<ModelOutput> {
    if (rows >= this.passThroughRows) return this.inner.predict(features, rows);
    return new Promise((resolve, reject) => {
      this.queue.push({ features, rows, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch: Pending[] = [];
      let rows = 0;
      while (this.queue.length > 0 && rows + this.queue[0].rows <= this.maxRows) {
        const next = this.queue.shift()!;
        batch.push(next);
        rows += next.rows;
      }
      void this.run(batch, rows);
    }
  }

  private async run(batch: Pending[], rows: number): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch;
      this.inner.predict(only.features, only.rows).then(only.resolve, only.reject);
      return;
    }
    const width = this.manifest.input.width;
    const features = new Float32Array(rows * width);
    let offset = 0;
    for (const p of batch) {
      features.set(p.features, offset * width);
      offset += p.rows;
    }
    try {
      const out = await this.inner.predict(features, rows);
      offset = 0;
      for (const p of batch) {
        p.resolve({ margin: out.margin.slice(offset, offset + p.rows), probability: out.probability.slice(offset, offset + p.rows) });
        offset += p.rows;
      }
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

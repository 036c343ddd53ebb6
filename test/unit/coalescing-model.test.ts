import { CoalescingModel } from '../../service/adapters/onnx/coalescing-model.js';
import type { ModelManifest } from '../../service/domain/model-manifest.js';
import type { ModelOutput, RiskModel } from '../../service/ports/risk-model.js';

/** A model whose margin is the sum of a row's features; it counts its calls. */
class SumModel implements RiskModel {
  calls: number[] = [];
  readonly manifest = { input: { name: 'features', dtype: 'float32', width: 3 } } as unknown as ModelManifest;
  readonly trees = { baseMargin: 0, featureNames: [], trees: [] };
  async predict(features: Float32Array, rows: number): Promise<ModelOutput> {
    this.calls.push(rows);
    const margin = new Float32Array(rows);
    for (let r = 0; r < rows; r += 1) margin[r] = features[r * 3] + features[r * 3 + 1] + features[r * 3 + 2];
    return { margin, probability: margin.map((m) => 1 / (1 + Math.exp(-m))) };
  }
  async close(): Promise<void> {}
}

describe('CoalescingModel', () => {
  it('when many single rows are predicted in the same turn, then one call answers each with its own row', async () => {
    const inner = new SumModel();
    const model = new CoalescingModel(inner);
    const outs = await Promise.all(Array.from({ length: 20 }, (_, i) => model.predict(Float32Array.from([i, 1, 2]), 1)));
    expect(inner.calls).toEqual([20]);
    expect(outs.map((o) => o.margin[0])).toEqual(Array.from({ length: 20 }, (_, i) => i + 3));
  });

  it('when a call is large, then it goes straight to the model', async () => {
    const inner = new SumModel();
    const model = new CoalescingModel(inner, 4);
    const out = await model.predict(new Float32Array(5 * 3).fill(1), 5);
    expect(inner.calls).toEqual([5]);
    expect(Array.from(out.margin)).toEqual([3, 3, 3, 3, 3]);
  });

  it('when more rows wait than one call may hold, then they are split over several calls', async () => {
    const inner = new SumModel();
    const model = new CoalescingModel(inner, 64, 8);
    await Promise.all(Array.from({ length: 20 }, () => model.predict(Float32Array.from([1, 1, 1]), 1)));
    expect(inner.calls).toEqual([8, 8, 4]);
  });

  it('when the model fails, then every waiting caller gets the error', async () => {
    const inner = new SumModel();
    inner.predict = async () => {
      throw new Error('boom');
    };
    const model = new CoalescingModel(inner);
    const results = await Promise.allSettled([model.predict(new Float32Array(3), 1), model.predict(new Float32Array(3), 1)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});

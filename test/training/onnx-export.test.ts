import * as ort from 'onnxruntime-node';
import { plattProbability, predictMargins } from '../../service/domain/trees/predict-trees.js';
import { trainSmallModel } from './trained-fixture.js';

async function runOnnx(bytes: Uint8Array, x: Float32Array, rows: number, width: number) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run({ features: new ort.Tensor('float32', x, [rows, width]) });
    return { margin: out.margin.data as Float32Array, probability: out.probability.data as Float32Array, dims: out.margin.dims };
  } finally {
    await session.release();
  }
}

describe('ONNX export', () => {
  it('when the exported model runs in onnxruntime-node on the test set, then margin and probability equal the TypeScript predictor within 1e-5', async () => {
    const model = trainSmallModel();
    const { test } = model.split;
    const onnx = await runOnnx(model.onnx, test.x, test.rows, test.width);
    const ts = predictMargins(model.ensemble, test.x, test.rows);
    let maxMargin = 0;
    let maxProbability = 0;
    for (let i = 0; i < test.rows; i += 1) {
      maxMargin = Math.max(maxMargin, Math.abs(onnx.margin[i] - ts[i]));
      maxProbability = Math.max(maxProbability, Math.abs(onnx.probability[i] - plattProbability(ts[i], model.platt)));
    }
    expect(onnx.dims).toEqual([test.rows, 1]);
    expect(maxMargin).toBeLessThanOrEqual(1e-5);
    expect(maxProbability).toBeLessThanOrEqual(1e-5);
  });

  it('when a row has missing values, then onnxruntime follows the learned missing direction like the TypeScript predictor', async () => {
    const model = trainSmallModel();
    const width = model.split.test.width;
    const rows = width + 1;
    const x = new Float32Array(rows * width);
    x.set(model.split.test.x.subarray(0, width * rows));
    for (let r = 0; r < width; r += 1) x[r * width + r] = Number.NaN;
    x.fill(Number.NaN, width * width);
    const onnx = await runOnnx(model.onnx, x, rows, width);
    const ts = predictMargins(model.ensemble, x, rows);
    for (let i = 0; i < rows; i += 1) expect(Math.abs(onnx.margin[i] - ts[i])).toBeLessThanOrEqual(1e-5);
  });

  it('when the same dataset is trained twice with the same seed, then model.onnx is byte-identical', () => {
    const a = trainSmallModel(7).onnx;
    const b = trainSmallModel(7).onnx;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('when the seed changes, then row and column sampling change the model', () => {
    const a = trainSmallModel(7).onnx;
    const b = trainSmallModel(8).onnx;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});

import { applyBins, fitBins } from '../../training/binning.js';
import { trainGbdt } from '../../training/gbdt.js';
import { predictMargin } from '../../service/domain/trees/predict-trees.js';
import { Rng } from '../../training/rng.js';
import { rocAuc } from '../../training/eval/metrics.js';
import { syntheticMatrix, SYNTHETIC_FEATURES } from './synthetic-matrix.js';
import { TEST_PARAMS } from './trained-fixture.js';

describe('histogram GBDT learner', () => {
  it('when a feature has more distinct values than bins, then it gets at most 255 bins including the missing bin', () => {
    const x = Float32Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? Number.NaN : i * 0.37));
    const mapper = fitBins(x, 5000, 1, 255);
    expect(mapper.missingBin[0]).toBeLessThanOrEqual(254);
    expect(Math.max(...applyBins(mapper, x, 5000, 1).bins)).toBe(mapper.missingBin[0]);
  });

  it('when values are binned, then bin ≤ b holds exactly when x < threshold[b] (the ONNX BRANCH_LT rule)', () => {
    const rng = new Rng(5);
    const x = Float32Array.from({ length: 3000 }, () => Math.round(rng.next() * 500) / 7);
    const mapper = fitBins(x, 3000, 1, 64);
    const { bins } = applyBins(mapper, x, 3000, 1);
    const t = mapper.thresholds[0];
    let mismatches = 0;
    for (let i = 0; i < x.length; i += 1) for (let b = 0; b < t.length; b += 1) if (bins[i] <= b !== x[i] < t[b]) mismatches += 1;
    expect(t.length).toBeGreaterThan(10);
    expect(mismatches).toBe(0);
  });

  it('when missingness itself predicts the label, then the learned default direction sends missing rows to the high-risk side', () => {
    const rng = new Rng(9);
    const rows = 2000;
    const x = new Float32Array(rows);
    const y = new Uint8Array(rows);
    for (let i = 0; i < rows; i += 1) {
      const missing = rng.next() < 0.3;
      x[i] = missing ? Number.NaN : rng.next() * 10;
      y[i] = missing ? (rng.next() < 0.9 ? 1 : 0) : x[i] > 8 ? 1 : 0;
    }
    const { ensemble } = trainGbdt({ x, y, rows, width: 1 }, { ...TEST_PARAMS, subsample: 1, colsample: 1 }, ['x']);
    expect(predictMargin(ensemble, [Number.NaN])).toBeGreaterThan(predictMargin(ensemble, [2]));
    expect(predictMargin(ensemble, [Number.NaN])).toBeGreaterThan(0);
  });

  it('when validation loss stops improving, then early stopping keeps only the best round', () => {
    const train = syntheticMatrix(600, 1);
    const valid = syntheticMatrix(600, 2);
    const out = trainGbdt(
      train,
      { ...TEST_PARAMS, nTrees: 400, learningRate: 0.3, maxDepth: 6, maxLeaves: 64, minSamplesLeaf: 2 },
      SYNTHETIC_FEATURES,
      valid,
    );
    const best = Math.min(...out.history.map((h) => h.valid as number));
    expect(out.ensemble.trees.length).toBe(out.bestIteration);
    expect(out.history.length).toBeLessThan(400);
    expect(out.history[out.bestIteration - 1].valid).toBe(best);
  });

  it('when trees are grown, then no leaf has fewer training rows than minSamplesLeaf and depth stays within maxDepth', () => {
    const data = syntheticMatrix(3000, 4);
    const params = { ...TEST_PARAMS, nTrees: 10, subsample: 1, maxDepth: 4, maxLeaves: 12, minSamplesLeaf: 50 };
    const { ensemble } = trainGbdt(data, params, SYNTHETIC_FEATURES);
    let maxDepth = 0;
    for (const tree of ensemble.trees) {
      const counts = new Map<number, number>();
      for (let i = 0; i < data.rows; i += 1) {
        let k = 0;
        let depth = 0;
        const row = data.x.subarray(i * data.width, (i + 1) * data.width);
        while (tree.nodes[k].feature >= 0) {
          const n = tree.nodes[k];
          const v = row[n.feature];
          k = (Number.isNaN(v) ? n.missingLeft : v < n.threshold) ? n.left : n.right;
          depth += 1;
        }
        maxDepth = Math.max(maxDepth, depth);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      expect(Math.min(...counts.values())).toBeGreaterThanOrEqual(50);
      expect(counts.size).toBeLessThanOrEqual(12);
    }
    expect(maxDepth).toBeLessThanOrEqual(4);
  });

  it('when trained on an informative synthetic problem, then held-out AUC is high', () => {
    const { ensemble } = trainGbdt(syntheticMatrix(4000, 1), { ...TEST_PARAMS, nTrees: 100 }, SYNTHETIC_FEATURES);
    const test = syntheticMatrix(2000, 3);
    const scores = Array.from({ length: test.rows }, (_, i) => predictMargin(ensemble, test.x.subarray(i * 5, i * 5 + 5)));
    expect(rocAuc(scores, test.y)).toBeGreaterThan(0.8);
  });

  it('when leaf values are written, then each equals learning rate × −G/(H+λ) rounded to float32 and covers add up', () => {
    const { ensemble } = trainGbdt(syntheticMatrix(1000, 6), { ...TEST_PARAMS, nTrees: 3 }, SYNTHETIC_FEATURES);
    for (const tree of ensemble.trees) {
      for (const n of tree.nodes) {
        if (n.feature < 0) {
          expect(Math.fround(n.value)).toBe(n.value);
          continue;
        }
        expect(tree.nodes[n.left].cover + tree.nodes[n.right].cover).toBeCloseTo(n.cover, 9);
        expect(Math.fround(n.threshold)).toBe(n.threshold);
      }
    }
  });

  it('when rows carry integer weights, then the fit equals an unweighted fit on the rows repeated that many times', () => {
    const data = syntheticMatrix(700, 8);
    const weight = Float64Array.from({ length: data.rows }, (_, i) => 1 + (i % 3));
    const repeated: number[] = [];
    weight.forEach((w, i) => {
      for (let k = 0; k < w; k += 1) repeated.push(i);
    });
    const x = new Float32Array(repeated.length * data.width);
    repeated.forEach((i, k) => x.set(data.x.subarray(i * data.width, (i + 1) * data.width), k * data.width));
    const duplicated = { x, y: Uint8Array.from(repeated, (i) => data.y[i]), rows: repeated.length, width: data.width };
    const params = { ...TEST_PARAMS, nTrees: 25, subsample: 1, colsample: 1, maxBins: 64, minSamplesLeaf: 30 };
    const weighted = trainGbdt({ ...data, weight }, params, SYNTHETIC_FEATURES).ensemble;
    const plain = trainGbdt(duplicated, params, SYNTHETIC_FEATURES).ensemble;
    const unweighted = trainGbdt(data, params, SYNTHETIC_FEATURES).ensemble;
    expect(weighted.baseMargin).toBe(plain.baseMargin);
    expect(weighted.trees.map((t) => t.nodes.map((n) => [n.feature, n.threshold, n.left, n.right, n.missingLeft]))).toEqual(
      plain.trees.map((t) => t.nodes.map((n) => [n.feature, n.threshold, n.left, n.right, n.missingLeft])),
    );
    weighted.trees.forEach((t, k) => t.nodes.forEach((n, j) => expect(n.value).toBeCloseTo(plain.trees[k].nodes[j].value, 6)));
    // and the weights matter: without them the trees differ
    expect(unweighted.baseMargin).not.toBe(plain.baseMargin);
  });

  it('when a weight is negative, then training refuses it', () => {
    const data = syntheticMatrix(100, 2);
    expect(() => trainGbdt({ ...data, weight: new Float64Array(100).fill(-1) }, TEST_PARAMS, SYNTHETIC_FEATURES)).toThrow(/non-negative/);
  });
});

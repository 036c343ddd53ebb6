import { predictMarginFloat64 } from '../../service/domain/trees/predict-trees.js';
import type { Tree, TreeEnsemble } from '../../service/domain/trees/tree-ensemble.js';
import { treeShap, treeShapRecursive } from '../../service/domain/trees/tree-shap.js';
import { trainGbdt } from '../../training/gbdt.js';
import { syntheticMatrix, SYNTHETIC_FEATURES } from './synthetic-matrix.js';
import { TEST_PARAMS, trainSmallModel } from './trained-fixture.js';

/** E[f(x) | x_S] under the path-dependent (cover-weighted) model of unknown features. */
function conditional(tree: Tree, row: ArrayLike<number>, known: Set<number>, k = 0): number {
  const node = tree.nodes[k];
  if (node.feature < 0) return node.value;
  if (known.has(node.feature)) {
    const x = Math.fround(row[node.feature]);
    const left = Number.isNaN(x) ? node.missingLeft : x < node.threshold;
    return conditional(tree, row, known, left ? node.left : node.right);
  }
  const l = tree.nodes[node.left];
  const r = tree.nodes[node.right];
  return (l.cover * conditional(tree, row, known, node.left) + r.cover * conditional(tree, row, known, node.right)) / node.cover;
}

/** Shapley values by enumerating every feature subset. */
function bruteForceShap(ensemble: TreeEnsemble, row: ArrayLike<number>): number[] {
  const m = ensemble.featureNames.length;
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const value = (mask: number) => {
    const known = new Set([...Array(m).keys()].filter((f) => mask & (1 << f)));
    return ensemble.trees.reduce((s, t) => s + conditional(t, row, known), 0);
  };
  const phi = new Array<number>(m).fill(0);
  for (let mask = 0; mask < 1 << m; mask += 1) {
    const size = [...Array(m).keys()].filter((f) => mask & (1 << f)).length;
    for (let f = 0; f < m; f += 1) {
      if (mask & (1 << f)) continue;
      phi[f] += ((fact(size) * fact(m - size - 1)) / fact(m)) * (value(mask | (1 << f)) - value(mask));
    }
  }
  return phi;
}

/** The decision tables (treeShap) and the recursion both give the enumerated Shapley values within 1e-9. */
function expectBothMatchEnumeration(ensemble: TreeEnsemble, row: ArrayLike<number>): void {
  const slow = bruteForceShap(ensemble, row);
  for (const shap of [treeShap, treeShapRecursive]) {
    const fast = shap(ensemble, row).contributions;
    slow.forEach((v, f) => expect(Math.abs(fast[f] - v)).toBeLessThanOrEqual(1e-9));
  }
}

describe('TreeSHAP', () => {
  it('when explaining every test row, then base + Σ contributions equals the margin within 1e-6', () => {
    const model = trainSmallModel();
    const { test } = model.split;
    let worst = 0;
    for (let i = 0; i < test.rows; i += 1) {
      const row = test.x.subarray(i * test.width, (i + 1) * test.width);
      const { base, contributions } = treeShap(model.ensemble, row);
      const sum = contributions.reduce((a, b) => a + b, base);
      worst = Math.max(worst, Math.abs(sum - predictMarginFloat64(model.ensemble, row)));
    }
    expect(worst).toBeLessThanOrEqual(1e-6);
  });

  it('when compared with Shapley values from enumerating all feature subsets, then the values agree within 1e-9', () => {
    const data = syntheticMatrix(1500, 3);
    const { ensemble } = trainGbdt(data, { ...TEST_PARAMS, nTrees: 15, maxDepth: 4, minSamplesLeaf: 10 }, SYNTHETIC_FEATURES);
    for (const i of [0, 1, 2, 3, 4, 5, 17, 99]) {
      const row = data.x.subarray(i * data.width, (i + 1) * data.width);
      expectBothMatchEnumeration(ensemble, row);
    }
  });

  it('when a row has missing values, then the decision tables and the recursion agree with the subset enumeration', () => {
    const data = syntheticMatrix(1500, 5);
    const { ensemble } = trainGbdt(data, { ...TEST_PARAMS, nTrees: 10, maxDepth: 4, minSamplesLeaf: 10 }, SYNTHETIC_FEATURES);
    for (const i of [3, 8, 21]) {
      const row = Float32Array.from(data.x.subarray(i * data.width, (i + 1) * data.width));
      row[i % data.width] = Number.NaN;
      expectBothMatchEnumeration(ensemble, row);
    }
  });

  it('when deep trees split on one feature many times along a path and some are too large for decision tables, then treeShap still matches the recursion', () => {
    const data = syntheticMatrix(3000, 7);
    const { ensemble } = trainGbdt(data, { ...TEST_PARAMS, nTrees: 6, maxDepth: 14, minSamplesLeaf: 2 }, SYNTHETIC_FEATURES);
    for (let i = 0; i < 20; i += 1) {
      const row = data.x.subarray(i * data.width, (i + 1) * data.width);
      const a = treeShap(ensemble, row);
      const b = treeShapRecursive(ensemble, row);
      expect(Math.abs(a.base - b.base)).toBeLessThanOrEqual(1e-9);
      b.contributions.forEach((v, f) => expect(Math.abs(a.contributions[f] - v)).toBeLessThanOrEqual(1e-9));
    }
  });
});

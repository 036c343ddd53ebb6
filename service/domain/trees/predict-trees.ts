import type { Tree, TreeEnsemble } from './tree-ensemble.js';

/**
 * A TypeScript predictor for a {@link TreeEnsemble} with the float32 semantics of the exported ONNX graph
 * (`TreeEnsembleRegressor`, `BRANCH_LT`, then `Mul` → `Add` → `Sigmoid`): inputs and thresholds compare as
 * float32, leaf values are summed in float32 tree by tree, then the base margin is added.
 */

/** The index of the leaf that `row` reaches in `tree` (NaN follows `missingLeft`). */
export function leafIndex(tree: Tree, row: ArrayLike<number>): number {
  const nodes = tree.nodes;
  let k = 0;
  for (;;) {
    const node = nodes[k];
    if (node.feature < 0) return k;
    const x = Math.fround(row[node.feature]);
    const left = Number.isNaN(x) ? node.missingLeft : x < node.threshold;
    k = left ? node.left : node.right;
  }
}

/** The raw margin (log-odds) of one row, in float32 arithmetic as onnxruntime computes it. */
export function predictMargin(ensemble: TreeEnsemble, row: ArrayLike<number>): number {
  let sum = 0;
  for (const tree of ensemble.trees) sum = Math.fround(sum + tree.nodes[leafIndex(tree, row)].value);
  return Math.fround(sum + Math.fround(ensemble.baseMargin));
}

/** The raw margin of one row summed in float64 (the reference for TreeSHAP additivity). */
export function predictMarginFloat64(ensemble: TreeEnsemble, row: ArrayLike<number>): number {
  let sum = ensemble.baseMargin;
  for (const tree of ensemble.trees) sum += tree.nodes[leafIndex(tree, row)].value;
  return sum;
}

/** Margins of `rows` rows packed row-major in `x` (width = number of features). */
export function predictMargins(ensemble: TreeEnsemble, x: Float32Array, rows: number): Float32Array {
  const width = ensemble.featureNames.length;
  const out = new Float32Array(rows);
  for (let i = 0; i < rows; i += 1) out[i] = predictMargin(ensemble, x.subarray(i * width, (i + 1) * width));
  return out;
}

/** Platt-calibrated probability sigmoid(a · margin + b), in float32 steps as the ONNX graph does. */
export function plattProbability(margin: number, calibration: { a: number; b: number }): number {
  const z = Math.fround(Math.fround(Math.fround(margin) * Math.fround(calibration.a)) + Math.fround(calibration.b));
  return Math.fround(1 / (1 + Math.exp(-z)));
}

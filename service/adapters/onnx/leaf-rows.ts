import { leafIndex } from '../../domain/trees/predict-trees.js';
import type { Tree, TreeEnsemble } from '../../domain/trees/tree-ensemble.js';

/** One split taken on the way down to a leaf. */
interface Step {
  feature: number;
  threshold: number;
  left: boolean;
  missingLeft: boolean;
}

/**
 * A row that takes every step of `path` (`x < threshold` goes left, as float32), or null when none can.
 * Features the path does not test stay missing; a feature whose splits admit no value but all send
 * missing values the way the path goes is left missing.
 */
function rowFor(path: Step[], width: number): Float32Array | null {
  const row = new Float32Array(width).fill(Number.NaN);
  for (let f = 0; f < width; f += 1) {
    const steps = path.filter((s) => s.feature === f);
    if (steps.length === 0) continue;
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    for (const s of steps) {
      if (s.left) hi = Math.min(hi, s.threshold);
      else lo = Math.max(lo, s.threshold);
    }
    if (lo < hi) row[f] = lo > Number.NEGATIVE_INFINITY ? lo : hi - Math.max(1, Math.abs(hi));
    else if (!steps.every((s) => s.left === s.missingLeft)) return null;
  }
  return row;
}

/** Rows of one tree, one per leaf that any row can reach (checked by walking the tree). */
function treeLeafRows(tree: Tree, width: number, out: Float32Array[]): void {
  const walk = (k: number, path: Step[]) => {
    const node = tree.nodes[k];
    if (node.feature < 0) {
      const row = rowFor(path, width);
      if (row && leafIndex(tree, row) === k) out.push(row);
      return;
    }
    const step = { feature: node.feature, threshold: node.threshold, missingLeft: node.missingLeft };
    walk(node.left, [...path, { ...step, left: true }]);
    walk(node.right, [...path, { ...step, left: false }]);
  };
  walk(0, []);
}

/**
 * Rows packed row-major that together reach every reachable leaf of every tree of the ensemble: the
 * start-up cross-check of `trees.json` against `model.onnx` runs them through both, so a leaf that
 * differs anywhere changes at least one row's margin.
 */
export function leafRows(ensemble: TreeEnsemble, width: number): Float32Array {
  const rows: Float32Array[] = [];
  for (const tree of ensemble.trees) treeLeafRows(tree, width, rows);
  const packed = new Float32Array(rows.length * width);
  rows.forEach((r, i) => packed.set(r, i * width));
  return packed;
}

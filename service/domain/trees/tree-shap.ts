import type { Tree, TreeEnsemble } from './tree-ensemble.js';

/**
 * Exact path-dependent TreeSHAP (Lundberg et al., 2018, Algorithm 2) on a {@link TreeEnsemble}: the
 * contribution of every feature to one row's margin, with "feature unknown" meaning "follow the training
 * cover". `base + Σ contributions` equals the row's margin (log-odds).
 */

/** SHAP values of one row on the margin scale. */
export interface ShapExplanation {
  /** Expected margin over the training cover (base margin + cover-weighted mean of every tree). */
  base: number;
  /** One contribution per feature, in model input order. */
  contributions: Float64Array;
}

interface PathElement {
  feature: number;
  zero: number;
  one: number;
  weight: number;
}

function extendPath(path: PathElement[], depth: number, zero: number, one: number, feature: number): void {
  path[depth] = { feature, zero, one, weight: depth === 0 ? 1 : 0 };
  for (let i = depth - 1; i >= 0; i -= 1) {
    path[i + 1].weight += (one * path[i].weight * (i + 1)) / (depth + 1);
    path[i].weight = (zero * path[i].weight * (depth - i)) / (depth + 1);
  }
}

function unwindPath(path: PathElement[], depth: number, index: number): void {
  const { one, zero } = path[index];
  let next = path[depth].weight;
  for (let i = depth - 1; i >= 0; i -= 1) {
    if (one !== 0) {
      const tmp = path[i].weight;
      path[i].weight = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - (path[i].weight * zero * (depth - i)) / (depth + 1);
    } else {
      path[i].weight = (path[i].weight * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i += 1) {
    path[i] = { ...path[i + 1], weight: path[i].weight };
  }
}

function unwoundPathSum(path: PathElement[], depth: number, index: number): number {
  const { one, zero } = path[index];
  let next = path[depth].weight;
  let total = 0;
  for (let i = depth - 1; i >= 0; i -= 1) {
    if (one !== 0) {
      const tmp = (next * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      next = path[i].weight - (tmp * zero * (depth - i)) / (depth + 1);
    } else if (zero !== 0) {
      total += path[i].weight / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

function goesLeft(tree: Tree, k: number, row: ArrayLike<number>): boolean {
  const node = tree.nodes[k];
  const x = Math.fround(row[node.feature]);
  return Number.isNaN(x) ? node.missingLeft : x < node.threshold;
}

function recurse(
  tree: Tree, row: ArrayLike<number>, phi: Float64Array, k: number,
  parentPath: readonly PathElement[], depth: number, zero: number, one: number, feature: number,
): void {
  const path = parentPath.slice(0, depth).map((e) => ({ ...e }));
  extendPath(path, depth, zero, one, feature);
  const node = tree.nodes[k];
  if (node.feature < 0) {
    for (let i = 1; i <= depth; i += 1) {
      const w = unwoundPathSum(path, depth, i);
      phi[path[i].feature] += w * (path[i].one - path[i].zero) * node.value;
    }
    return;
  }
  const [hot, cold] = goesLeft(tree, k, row) ? [node.left, node.right] : [node.right, node.left];
  const hotZero = tree.nodes[hot].cover / node.cover;
  const coldZero = tree.nodes[cold].cover / node.cover;
  let inZero = 1;
  let inOne = 1;
  let d = depth;
  const seen = path.findIndex((e, i) => i > 0 && i <= d && e.feature === node.feature);
  if (seen > 0) {
    inZero = path[seen].zero;
    inOne = path[seen].one;
    unwindPath(path, d, seen);
    d -= 1;
  }
  recurse(tree, row, phi, hot, path, d + 1, hotZero * inZero, inOne, node.feature);
  recurse(tree, row, phi, cold, path, d + 1, coldZero * inZero, 0, node.feature);
}

/** The cover-weighted mean leaf value of a tree: its contribution when no feature is known. */
export function expectedTreeValue(tree: Tree): number {
  const root = tree.nodes[0].cover;
  let sum = 0;
  for (const node of tree.nodes) if (node.feature < 0) sum += (node.value * node.cover) / root;
  return sum;
}

/** Exact TreeSHAP values of one row; `base + Σ contributions` = the float64 margin of the row. */
export function treeShap(ensemble: TreeEnsemble, row: ArrayLike<number>): ShapExplanation {
  const contributions = new Float64Array(ensemble.featureNames.length);
  let base = ensemble.baseMargin;
  for (const tree of ensemble.trees) {
    base += expectedTreeValue(tree);
    if (tree.nodes[0].feature < 0) continue;
    recurse(tree, row, contributions, 0, [], 0, 1, 1, -1);
  }
  return { base, contributions };
}

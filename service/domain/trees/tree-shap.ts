import type { Tree, TreeEnsemble, TreeNode } from './tree-ensemble.js';

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

/**
 * The unique paths of all recursion levels live in one flat buffer of four parallel typed arrays (as in
 * the reference C++ implementation): a call's path starts right after its parent's, so nothing is
 * allocated per node.
 */
class PathBuffer {
  readonly feature: Int32Array;
  readonly zero: Float64Array;
  readonly one: Float64Array;
  readonly weight: Float64Array;
  constructor(size: number) {
    this.feature = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.weight = new Float64Array(size);
  }
}

function extendPath(p: PathBuffer, at: number, depth: number, zero: number, one: number, feature: number): void {
  p.feature[at + depth] = feature;
  p.zero[at + depth] = zero;
  p.one[at + depth] = one;
  p.weight[at + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i -= 1) {
    p.weight[at + i + 1] += (one * p.weight[at + i] * (i + 1)) / (depth + 1);
    p.weight[at + i] = (zero * p.weight[at + i] * (depth - i)) / (depth + 1);
  }
}

function unwindPath(p: PathBuffer, at: number, depth: number, index: number): void {
  const one = p.one[at + index];
  const zero = p.zero[at + index];
  let next = p.weight[at + depth];
  for (let i = depth - 1; i >= 0; i -= 1) {
    if (one !== 0) {
      const tmp = p.weight[at + i];
      p.weight[at + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - (p.weight[at + i] * zero * (depth - i)) / (depth + 1);
    } else {
      p.weight[at + i] = (p.weight[at + i] * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = index; i < depth; i += 1) {
    p.feature[at + i] = p.feature[at + i + 1];
    p.zero[at + i] = p.zero[at + i + 1];
    p.one[at + i] = p.one[at + i + 1];
  }
}

function unwoundPathSum(p: PathBuffer, at: number, depth: number, index: number): number {
  const one = p.one[at + index];
  const zero = p.zero[at + index];
  let next = p.weight[at + depth];
  let total = 0;
  for (let i = depth - 1; i >= 0; i -= 1) {
    if (one !== 0) {
      const tmp = (next * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      next = p.weight[at + i] - (tmp * zero * (depth - i)) / (depth + 1);
    } else if (zero !== 0) {
      total += p.weight[at + i] / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

function goesLeft(node: TreeNode, row: ArrayLike<number>): boolean {
  const x = Math.fround(row[node.feature]);
  return Number.isNaN(x) ? node.missingLeft : x < node.threshold;
}

function recurse(
  tree: Tree, row: ArrayLike<number>, phi: Float64Array, p: PathBuffer, k: number,
  parentAt: number, depth: number, zero: number, one: number, feature: number,
): void {
  const at = parentAt + depth;
  for (let i = 0; i < depth; i += 1) {
    p.feature[at + i] = p.feature[parentAt + i];
    p.zero[at + i] = p.zero[parentAt + i];
    p.one[at + i] = p.one[parentAt + i];
    p.weight[at + i] = p.weight[parentAt + i];
  }
  extendPath(p, at, depth, zero, one, feature);
  const node = tree.nodes[k];
  if (node.feature < 0) {
    for (let i = 1; i <= depth; i += 1) {
      const w = unwoundPathSum(p, at, depth, i);
      phi[p.feature[at + i]] += w * (p.one[at + i] - p.zero[at + i]) * node.value;
    }
    return;
  }
  const left = goesLeft(node, row);
  const hot = left ? node.left : node.right;
  const cold = left ? node.right : node.left;
  let inZero = 1;
  let inOne = 1;
  let d = depth;
  for (let i = 1; i <= d; i += 1) {
    if (p.feature[at + i] !== node.feature) continue;
    inZero = p.zero[at + i];
    inOne = p.one[at + i];
    unwindPath(p, at, d, i);
    d -= 1;
    break;
  }
  recurse(tree, row, phi, p, hot, at, d + 1, (tree.nodes[hot].cover / node.cover) * inZero, inOne, node.feature);
  recurse(tree, row, phi, p, cold, at, d + 1, (tree.nodes[cold].cover / node.cover) * inZero, 0, node.feature);
}

function treeDepth(tree: Tree, k = 0): number {
  const node = tree.nodes[k];
  return node.feature < 0 ? 0 : 1 + Math.max(treeDepth(tree, node.left), treeDepth(tree, node.right));
}

/** Per ensemble: the expected value of every tree and a path buffer large enough for the deepest tree. */
const prepared = new WeakMap<TreeEnsemble, { expected: number[]; buffer: PathBuffer }>();
function prepare(ensemble: TreeEnsemble): { expected: number[]; buffer: PathBuffer } {
  let p = prepared.get(ensemble);
  if (!p) {
    const levels = Math.max(0, ...ensemble.trees.map((t) => treeDepth(t))) + 2;
    p = { expected: ensemble.trees.map(expectedTreeValue), buffer: new PathBuffer((levels * (levels + 1)) / 2 + levels) };
    prepared.set(ensemble, p);
  }
  return p;
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
  const { expected, buffer } = prepare(ensemble);
  ensemble.trees.forEach((tree, t) => {
    base += expected[t];
    if (tree.nodes[0].feature >= 0) recurse(tree, row, contributions, buffer, 0, 0, 0, 1, 1, -1);
  });
  return { base, contributions };
}

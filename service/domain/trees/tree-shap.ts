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

/** Exact TreeSHAP by recursion over every tree (Algorithm 2): the reference the leaf tables are built from. */
export function treeShapRecursive(ensemble: TreeEnsemble, row: ArrayLike<number>): ShapExplanation {
  const contributions = new Float64Array(ensemble.featureNames.length);
  let base = ensemble.baseMargin;
  const { expected, buffer } = prepare(ensemble);
  ensemble.trees.forEach((tree, t) => {
    base += expected[t];
    if (tree.nodes[0].feature >= 0) recurse(tree, row, contributions, buffer, 0, 0, 0, 1, 1, -1);
  });
  return { base, contributions };
}

/**
 * Leaf tables (the "Fast TreeSHAP v2" idea, Yang 2021). A leaf's share of every SHAP value depends on
 * the row only through one bit per distinct feature on the leaf's path: does the row follow the path at
 * every split on that feature? So for each leaf and each of the 2^m bit patterns of its m path features
 * the m contributions are computed once, with the same path algebra as the recursion. Explaining a row
 * is then one comparison per internal node plus, per leaf, a few bit tests and m additions: no recursion,
 * no path arithmetic. Exact (the same sums, added in another order).
 */
interface LeafTables {
  base: number;
  /** Internal nodes of all trees, flattened: split feature, float32 threshold, NaN direction. */
  nodeFeature: Int32Array;
  nodeThreshold: Float64Array;
  nodeMissingLeft: Uint8Array;
  /** Per leaf: its path steps [pathStart, pathStart + pathLength) and features [featStart, featStart + m). */
  leafPathStart: Int32Array;
  leafFeatStart: Int32Array;
  leafTableStart: Int32Array;
  /** Per path step: the flattened internal node, whether the path goes left there, and its feature's bit. */
  stepNode: Int32Array;
  stepLeft: Uint8Array;
  stepBit: Uint8Array;
  /** Distinct path features of every leaf, and per leaf 2^m × m contributions. */
  leafFeature: Int32Array;
  table: Float64Array;
  /** Scratch: the direction the current row takes at every internal node. */
  goes: Uint8Array;
}

/** Leaves with more distinct path features than this (2^m table rows) use the recursion instead. */
const MAX_TABLE_FEATURES = 12;
/** Total table entries allowed per ensemble (8 bytes each). */
const MAX_TABLE_ENTRIES = 8_000_000;

interface LeafPath { tree: Tree; leaf: number; steps: { node: number; left: boolean }[] }

function leafPaths(tree: Tree): LeafPath[] {
  const out: LeafPath[] = [];
  const walk = (k: number, steps: { node: number; left: boolean }[]) => {
    const node = tree.nodes[k];
    if (node.feature < 0) { out.push({ tree, leaf: k, steps }); return; }
    walk(node.left, [...steps, { node: k, left: true }]);
    walk(node.right, [...steps, { node: k, left: false }]);
  };
  walk(0, []);
  return out;
}

/** The leaf's contributions for every bit pattern of "row follows the path on feature i". */
function leafTable(path: LeafPath, features: number[], buffer: PathBuffer): Float64Array {
  const m = features.length;
  const zero = features.map((f) => path.steps.reduce((z, s) => {
    const node = path.tree.nodes[s.node];
    if (node.feature !== f) return z;
    return z * (path.tree.nodes[s.left ? node.left : node.right].cover / node.cover);
  }, 1));
  const value = path.tree.nodes[path.leaf].value;
  const table = new Float64Array((1 << m) * m);
  for (let mask = 0; mask < 1 << m; mask += 1) {
    extendPath(buffer, 0, 0, 1, 1, -1);
    for (let i = 0; i < m; i += 1) extendPath(buffer, 0, i + 1, zero[i], (mask >> i) & 1, features[i]);
    for (let i = 0; i < m; i += 1) {
      const w = unwoundPathSum(buffer, 0, m, i + 1);
      table[mask * m + i] = w * (((mask >> i) & 1) - zero[i]) * value;
    }
  }
  return table;
}

const tablesOf = new WeakMap<TreeEnsemble, LeafTables | null>();
function leafTables(ensemble: TreeEnsemble): LeafTables | null {
  if (tablesOf.has(ensemble)) return tablesOf.get(ensemble)!;
  const { expected } = prepare(ensemble);
  const paths = ensemble.trees.flatMap((t) => (t.nodes[0].feature < 0 ? [] : leafPaths(t)));
  const featuresOf = paths.map((p) => [...new Set(p.steps.map((s) => p.tree.nodes[s.node].feature))]);
  const entries = featuresOf.reduce((n, f) => n + (1 << f.length) * f.length, 0);
  if (featuresOf.some((f) => f.length > MAX_TABLE_FEATURES) || entries > MAX_TABLE_ENTRIES) {
    tablesOf.set(ensemble, null);
    return null;
  }
  // Flatten the internal nodes of all trees; remember each tree's offset.
  const internal: TreeNode[] = [];
  const flatIndex = new Map<Tree, Map<number, number>>();
  for (const tree of ensemble.trees) {
    const idx = new Map<number, number>();
    tree.nodes.forEach((n, k) => { if (n.feature >= 0) { idx.set(k, internal.length); internal.push(n); } });
    flatIndex.set(tree, idx);
  }
  const steps = paths.reduce((n, p) => n + p.steps.length, 0);
  const t: LeafTables = {
    base: ensemble.baseMargin + expected.reduce((a, b) => a + b, 0),
    nodeFeature: Int32Array.from(internal, (n) => n.feature),
    nodeThreshold: Float64Array.from(internal, (n) => n.threshold),
    nodeMissingLeft: Uint8Array.from(internal, (n) => (n.missingLeft ? 1 : 0)),
    leafPathStart: new Int32Array(paths.length + 1),
    leafFeatStart: new Int32Array(paths.length + 1),
    leafTableStart: new Int32Array(paths.length + 1),
    stepNode: new Int32Array(steps),
    stepLeft: new Uint8Array(steps),
    stepBit: new Uint8Array(steps),
    leafFeature: new Int32Array(featuresOf.reduce((n, f) => n + f.length, 0)),
    table: new Float64Array(entries),
    goes: new Uint8Array(internal.length),
  };
  const buffer = new PathBuffer(((MAX_TABLE_FEATURES + 2) * (MAX_TABLE_FEATURES + 3)) / 2);
  let step = 0;
  let feat = 0;
  let entry = 0;
  paths.forEach((p, l) => {
    const features = featuresOf[l];
    t.leafPathStart[l] = step;
    t.leafFeatStart[l] = feat;
    t.leafTableStart[l] = entry;
    for (const s of p.steps) {
      t.stepNode[step] = flatIndex.get(p.tree)!.get(s.node)!;
      t.stepLeft[step] = s.left ? 1 : 0;
      t.stepBit[step] = features.indexOf(p.tree.nodes[s.node].feature);
      step += 1;
    }
    t.leafFeature.set(features, feat);
    feat += features.length;
    t.table.set(leafTable(p, features, buffer), entry);
    entry += (1 << features.length) * features.length;
  });
  t.leafPathStart[paths.length] = step;
  t.leafFeatStart[paths.length] = feat;
  t.leafTableStart[paths.length] = entry;
  tablesOf.set(ensemble, t);
  return t;
}

function shapFromTables(t: LeafTables, width: number, row: ArrayLike<number>): ShapExplanation {
  const contributions = new Float64Array(width);
  const { goes, nodeFeature, nodeThreshold, nodeMissingLeft, stepNode, stepLeft, stepBit, leafFeature, table } = t;
  for (let k = 0; k < goes.length; k += 1) {
    const x = Math.fround(row[nodeFeature[k]]);
    goes[k] = Number.isNaN(x) ? nodeMissingLeft[k] : x < nodeThreshold[k] ? 1 : 0;
  }
  const leaves = t.leafPathStart.length - 1;
  for (let l = 0; l < leaves; l += 1) {
    const f0 = t.leafFeatStart[l];
    const m = t.leafFeatStart[l + 1] - f0;
    let mask = (1 << m) - 1;
    for (let s = t.leafPathStart[l]; s < t.leafPathStart[l + 1]; s += 1) {
      if (goes[stepNode[s]] !== stepLeft[s]) mask &= ~(1 << stepBit[s]);
    }
    const at = t.leafTableStart[l] + mask * m;
    for (let i = 0; i < m; i += 1) contributions[leafFeature[f0 + i]] += table[at + i];
  }
  return { base: t.base, contributions };
}

/**
 * Exact TreeSHAP values of one row; `base + Σ contributions` = the float64 margin of the row. Uses the
 * precomputed leaf tables (built on first use, per ensemble) unless the trees are too deep for them.
 */
export function treeShap(ensemble: TreeEnsemble, row: ArrayLike<number>): ShapExplanation {
  const tables = leafTables(ensemble);
  return tables ? shapFromTables(tables, ensemble.featureNames.length, row) : treeShapRecursive(ensemble, row);
}

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
  tree: Tree,
  row: ArrayLike<number>,
  phi: Float64Array,
  p: PathBuffer,
  k: number,
  parentAt: number,
  depth: number,
  zero: number,
  one: number,
  feature: number,
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

/** Exact TreeSHAP by recursion over every tree (Algorithm 2): the reference for the decision tables. */
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
 * Decision tables (after the "Fast TreeSHAP v2" idea, Yang 2021). A leaf's share of every SHAP value
 * depends on the row only through one bit per distinct feature on the leaf's path: does the row follow
 * the path at every split on that feature? Those bits follow from the directions the row takes at the
 * tree's internal nodes. So for a small tree (at most {@link MAX_TABLE_NODES} internal nodes) the
 * contributions of all its leaves are summed once for each of the 2^I direction patterns, with the same
 * path algebra as the recursion. Explaining a row is then one comparison per internal node and one
 * addition per distinct feature of the tree: no recursion, no path arithmetic. Exact (the same sums,
 * added in another order). Larger trees keep the recursion.
 */
interface DecisionTables {
  base: number;
  /** Per table tree: its internal nodes [nodeStart, nodeStart + I), features and table offsets. */
  nodeStart: Int32Array;
  featStart: Int32Array;
  tableStart: Int32Array;
  /** Internal nodes of the table trees, flattened: split feature, float32 threshold, NaN direction. */
  nodeFeature: Int32Array;
  nodeThreshold: Float64Array;
  nodeMissingLeft: Uint8Array;
  /** Distinct split features of every table tree, and per tree 2^I × d contributions. */
  treeFeature: Int32Array;
  table: Float64Array;
  /** Trees too large for a table: explained by recursion. */
  recursive: Tree[];
}

/** Trees with more internal nodes than this (2^I table rows) are explained by recursion. */
const MAX_TABLE_NODES = 10;
/** Total table entries allowed per ensemble (8 bytes each); trees beyond it use the recursion. */
const MAX_TABLE_ENTRIES = 4_000_000;

interface Step {
  node: number;
  left: boolean;
}

function leafPaths(tree: Tree): { leaf: number; steps: Step[] }[] {
  const out: { leaf: number; steps: Step[] }[] = [];
  const walk = (k: number, steps: Step[]) => {
    const node = tree.nodes[k];
    if (node.feature < 0) {
      out.push({ leaf: k, steps });
      return;
    }
    walk(node.left, [...steps, { node: k, left: true }]);
    walk(node.right, [...steps, { node: k, left: false }]);
  };
  walk(0, []);
  return out;
}

/**
 * One leaf's contributions to its m distinct path features, for every bit pattern of "the row follows
 * the path on feature i" (row `mask` of a 2^m × m table).
 */
function leafTable(tree: Tree, leaf: number, steps: Step[], features: number[], buffer: PathBuffer): Float64Array {
  const m = features.length;
  const zero = features.map((f) =>
    steps.reduce((z, s) => {
      const node = tree.nodes[s.node];
      return node.feature !== f ? z : z * (tree.nodes[s.left ? node.left : node.right].cover / node.cover);
    }, 1),
  );
  const value = tree.nodes[leaf].value;
  const table = new Float64Array((1 << m) * m);
  for (let mask = 0; mask < 1 << m; mask += 1) {
    extendPath(buffer, 0, 0, 1, 1, -1);
    for (let i = 0; i < m; i += 1) extendPath(buffer, 0, i + 1, zero[i], (mask >> i) & 1, features[i]);
    for (let i = 0; i < m; i += 1) {
      table[mask * m + i] = unwoundPathSum(buffer, 0, m, i + 1) * (((mask >> i) & 1) - zero[i]) * value;
    }
  }
  return table;
}

/** The 2^I × d table of a tree: row `pattern` (bit j = the row goes left at internal node j). */
function treeTable(tree: Tree, internal: number[], features: number[]): Float64Array {
  const d = features.length;
  const bitOf = new Map(internal.map((k, j) => [k, j]));
  const buffer = new PathBuffer(((internal.length + 2) * (internal.length + 3)) / 2);
  const leaves = leafPaths(tree).map(({ leaf, steps }) => {
    const own = [...new Set(steps.map((s) => tree.nodes[s.node].feature))];
    return { steps, own, slot: own.map((f) => features.indexOf(f)), table: leafTable(tree, leaf, steps, own, buffer) };
  });
  const out = new Float64Array((1 << internal.length) * d);
  for (let pattern = 0; pattern < 1 << internal.length; pattern += 1) {
    for (const leaf of leaves) {
      const m = leaf.own.length;
      let mask = (1 << m) - 1;
      for (const s of leaf.steps) {
        const goesLeft = (pattern >> bitOf.get(s.node)!) & 1;
        if (goesLeft !== (s.left ? 1 : 0)) mask &= ~(1 << leaf.own.indexOf(tree.nodes[s.node].feature));
      }
      for (let i = 0; i < m; i += 1) out[pattern * d + leaf.slot[i]] += leaf.table[mask * m + i];
    }
  }
  return out;
}

const tablesOf = new WeakMap<TreeEnsemble, DecisionTables>();
function decisionTables(ensemble: TreeEnsemble): DecisionTables {
  const cached = tablesOf.get(ensemble);
  if (cached) return cached;
  const { expected } = prepare(ensemble);
  const recursive: Tree[] = [];
  const nodeStart = [0];
  const featStart = [0];
  const tableStart = [0];
  const nodes: TreeNode[] = [];
  const features: number[] = [];
  const tables: Float64Array[] = [];
  let entries = 0;
  for (const tree of ensemble.trees) {
    const internal = tree.nodes.flatMap((n, k) => (n.feature >= 0 ? [k] : []));
    if (internal.length === 0) continue; // a stump: only its expected value, already in the base
    const distinct = [...new Set(internal.map((k) => tree.nodes[k].feature))];
    const size = (1 << Math.min(internal.length, 30)) * distinct.length;
    if (internal.length > MAX_TABLE_NODES || entries + size > MAX_TABLE_ENTRIES) {
      recursive.push(tree);
      continue;
    }
    tables.push(treeTable(tree, internal, distinct));
    entries += size;
    nodes.push(...internal.map((k) => tree.nodes[k]));
    features.push(...distinct);
    nodeStart.push(nodes.length);
    featStart.push(features.length);
    tableStart.push(entries);
  }
  const table = new Float64Array(entries);
  tables.forEach((t, i) => table.set(t, tableStart[i]));
  const t: DecisionTables = {
    base: ensemble.baseMargin + expected.reduce((a, b) => a + b, 0),
    nodeStart: Int32Array.from(nodeStart),
    featStart: Int32Array.from(featStart),
    tableStart: Int32Array.from(tableStart),
    nodeFeature: Int32Array.from(nodes, (n) => n.feature),
    nodeThreshold: Float64Array.from(nodes, (n) => n.threshold),
    nodeMissingLeft: Uint8Array.from(nodes, (n) => (n.missingLeft ? 1 : 0)),
    treeFeature: Int32Array.from(features),
    table,
    recursive,
  };
  tablesOf.set(ensemble, t);
  return t;
}

/**
 * Exact TreeSHAP values of one row; `base + Σ contributions` = the float64 margin of the row. Small
 * trees use their decision tables (built on first use, per ensemble), larger ones the recursion.
 */
export function treeShap(ensemble: TreeEnsemble, row: ArrayLike<number>): ShapExplanation {
  const t = decisionTables(ensemble);
  const contributions = new Float64Array(ensemble.featureNames.length);
  const { nodeStart, featStart, tableStart, nodeFeature, nodeThreshold, nodeMissingLeft, treeFeature, table } = t;
  const trees = nodeStart.length - 1;
  for (let tree = 0; tree < trees; tree += 1) {
    const n0 = nodeStart[tree];
    const n1 = nodeStart[tree + 1];
    let pattern = 0;
    for (let k = n0; k < n1; k += 1) {
      const x = Math.fround(row[nodeFeature[k]]);
      const left = Number.isNaN(x) ? nodeMissingLeft[k] === 1 : x < nodeThreshold[k];
      if (left) pattern |= 1 << (k - n0);
    }
    const f0 = featStart[tree];
    const d = featStart[tree + 1] - f0;
    const at = tableStart[tree] + pattern * d;
    for (let i = 0; i < d; i += 1) contributions[treeFeature[f0 + i]] += table[at + i];
  }
  if (t.recursive.length > 0) {
    const { buffer } = prepare(ensemble);
    for (const tree of t.recursive) recurse(tree, row, contributions, buffer, 0, 0, 0, 1, 1, -1);
  }
  return { base: t.base, contributions };
}

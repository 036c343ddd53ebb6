import type { BinMapper, BinnedMatrix } from './binning.js';
import type { Hyperparameters } from './hyperparameters.js';

/** A tree as the learner builds it: splits on bins, plus everything needed to write a `TreeNode`. */
export interface BinnedTree {
  feature: number[];
  /** Rows with bin ≤ splitBin go left. */
  splitBin: number[];
  missingLeft: boolean[];
  left: number[];
  right: number[];
  /** Leaf value with learning rate applied (float32-rounded); 0 for internal nodes. */
  value: number[];
  cover: number[];
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
}

interface OpenLeaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  /** Row count, or the sum of row weights when weighted. */
  c: number;
  hist: Float64Array;
  split: Split | null;
}

/** Everything {@link growTree} needs for one boosting round. */
export interface GrowInput {
  data: BinnedMatrix;
  mapper: BinMapper;
  grad: Float64Array;
  hess: Float64Array;
  /**
   * Row weights (already folded into `grad` and `hess`), or absent for weight 1. Leaf sizes
   * (`minSamplesLeaf`) count weight, so a row of weight 2 counts as two rows.
   */
  weight?: Float64Array;
  /** Row indices sampled for this tree; reordered in place. */
  rows: Uint32Array;
  features: readonly number[];
  params: Hyperparameters;
  /** Histogram buffers to reuse across trees (avoids garbage-collector churn); filled by growTree. */
  pool?: Float64Array[];
}

function binOffsets(mapper: BinMapper): { offsets: number[]; total: number } {
  const offsets: number[] = [];
  let total = 0;
  for (const m of mapper.missingBin) {
    offsets.push(total);
    total += m + 1;
  }
  return { offsets, total };
}

/** Grows one regression tree on gradients/hessians with histogram split finding, best leaf first. */
export function growTree(input: GrowInput): BinnedTree {
  const { data, mapper, grad, hess, rows, features, params, weight } = input;
  const pool = input.pool ?? [];
  const { offsets, total } = binOffsets(mapper);
  const n = data.rows;
  const bins = data.bins;
  const lambda = params.lambda;
  const tree: BinnedTree = { feature: [], splitBin: [], missingLeft: [], left: [], right: [], value: [], cover: [] };
  const addNode = (h: number): number => {
    tree.feature.push(-1);
    tree.splitBin.push(0);
    tree.missingLeft.push(false);
    tree.left.push(0);
    tree.right.push(0);
    tree.value.push(0);
    tree.cover.push(h);
    return tree.feature.length - 1;
  };

  const buildHist = (start: number, end: number): Float64Array => {
    const hist = pool.pop() ?? new Float64Array(total * 3);
    hist.fill(0);
    for (const f of features) {
      const base = f * n;
      const o = offsets[f] * 3;
      for (let k = start; k < end; k += 1) {
        const i = rows[k];
        const p = o + bins[base + i] * 3;
        hist[p] += grad[i];
        hist[p + 1] += hess[i];
        hist[p + 2] += weight ? weight[i] : 1;
      }
    }
    return hist;
  };

  const findSplit = (leaf: OpenLeaf): Split | null => {
    const count = leaf.c;
    if (leaf.depth >= params.maxDepth || count < 2 * params.minSamplesLeaf) return null;
    const { g: G, h: H, hist } = leaf;
    const parentScore = (G * G) / (H + lambda);
    let best: Split | null = null;
    for (const f of features) {
      const o = offsets[f] * 3;
      const miss = mapper.missingBin[f];
      const mg = hist[o + miss * 3];
      const mh = hist[o + miss * 3 + 1];
      const mc = hist[o + miss * 3 + 2];
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let b = 0; b < miss - 1; b += 1) {
        gl += hist[o + b * 3];
        hl += hist[o + b * 3 + 1];
        cl += hist[o + b * 3 + 2];
        for (let dir = 0; dir < 2; dir += 1) {
          const missLeft = dir === 0;
          if (mc === 0 && !missLeft) continue;
          const lg = missLeft ? gl + mg : gl;
          const lh = missLeft ? hl + mh : hl;
          const lc = missLeft ? cl + mc : cl;
          const rc = count - lc;
          const rh = H - lh;
          if (lc < params.minSamplesLeaf || rc < params.minSamplesLeaf) continue;
          if (lh < params.minChildWeight || rh < params.minChildWeight) continue;
          const rg = G - lg;
          const gain = (lg * lg) / (lh + lambda) + (rg * rg) / (rh + lambda) - parentScore;
          if (gain > params.minSplitGain + 1e-12 && (best === null || gain > best.gain)) {
            // With no missing rows here, send future missing values to the side with more cover.
            const ml = mc === 0 ? lh >= rh : missLeft;
            best = { gain, feature: f, bin: b, missingLeft: ml };
          }
        }
      }
    }
    return best;
  };

  const setLeafValue = (leaf: OpenLeaf) => {
    tree.value[leaf.node] = Math.fround((-leaf.g / (leaf.h + lambda)) * params.learningRate);
  };

  let g0 = 0;
  let h0 = 0;
  let c0 = 0;
  for (let k = 0; k < rows.length; k += 1) {
    g0 += grad[rows[k]];
    h0 += hess[rows[k]];
    c0 += weight ? weight[rows[k]] : 1;
  }
  const root: OpenLeaf = {
    node: addNode(h0),
    start: 0,
    end: rows.length,
    depth: 0,
    g: g0,
    h: h0,
    c: c0,
    hist: buildHist(0, rows.length),
    split: null,
  };
  root.split = findSplit(root);
  const open: OpenLeaf[] = [root];
  let leaves = 1;
  const scratch = new Uint32Array(rows.length);

  while (leaves < params.maxLeaves) {
    let pick = -1;
    for (let j = 0; j < open.length; j += 1) {
      const s = open[j].split;
      if (s && (pick < 0 || s.gain > (open[pick].split as Split).gain)) pick = j;
    }
    if (pick < 0) break;
    const leaf = open[pick];
    const split = leaf.split as Split;
    open.splice(pick, 1);

    const base = split.feature * n;
    const miss = mapper.missingBin[split.feature];
    let l = leaf.start;
    let r = 0;
    let lg = 0;
    let lh = 0;
    let lc = 0;
    for (let k = leaf.start; k < leaf.end; k += 1) {
      const i = rows[k];
      const b = bins[base + i];
      const goLeft = b === miss ? split.missingLeft : b <= split.bin;
      if (goLeft) {
        rows[l++] = i;
        lg += grad[i];
        lh += hess[i];
        lc += weight ? weight[i] : 1;
      } else scratch[r++] = i;
    }
    rows.set(scratch.subarray(0, r), l);

    const leftNode = addNode(lh);
    const rightNode = addNode(leaf.h - lh);
    tree.feature[leaf.node] = split.feature;
    tree.splitBin[leaf.node] = split.bin;
    tree.missingLeft[leaf.node] = split.missingLeft;
    tree.left[leaf.node] = leftNode;
    tree.right[leaf.node] = rightNode;

    const leftLeaf: OpenLeaf = {
      node: leftNode,
      start: leaf.start,
      end: l,
      depth: leaf.depth + 1,
      g: lg,
      h: lh,
      c: lc,
      hist: leaf.hist,
      split: null,
    };
    const rightLeaf: OpenLeaf = {
      node: rightNode,
      start: l,
      end: leaf.end,
      depth: leaf.depth + 1,
      g: leaf.g - lg,
      h: leaf.h - lh,
      c: leaf.c - lc,
      hist: leaf.hist,
      split: null,
    };
    const [small, large] = l - leaf.start <= leaf.end - l ? [leftLeaf, rightLeaf] : [rightLeaf, leftLeaf];
    small.hist = buildHist(small.start, small.end);
    const largeHist = leaf.hist;
    for (const f of features) {
      const end = (offsets[f] + mapper.missingBin[f] + 1) * 3;
      for (let q = offsets[f] * 3; q < end; q += 1) largeHist[q] -= small.hist[q];
    }
    large.hist = largeHist;
    for (const child of [leftLeaf, rightLeaf]) {
      child.split = findSplit(child);
      open.push(child);
    }
    leaves += 1;
  }
  for (const leaf of open) {
    setLeafValue(leaf);
    pool.push(leaf.hist);
  }
  return tree;
}

/** The leaf value of one binned row (column-major matrix) in a {@link BinnedTree}. */
export function binnedTreeValue(tree: BinnedTree, mapper: BinMapper, data: BinnedMatrix, row: number): number {
  let node = 0;
  while (tree.feature[node] >= 0) {
    const f = tree.feature[node];
    const b = data.bins[f * data.rows + row];
    const left = b === mapper.missingBin[f] ? tree.missingLeft[node] : b <= tree.splitBin[node];
    node = left ? tree.left[node] : tree.right[node];
  }
  return tree.value[node];
}

import type { Tree, TreeEnsemble } from '../service/domain/trees/tree-ensemble.js';
import { applyBins, fitBins, type BinMapper } from './binning.js';
import { binnedTreeValue, growTree, type BinnedTree } from './grow-tree.js';
import type { Hyperparameters } from './hyperparameters.js';
import { Rng } from './rng.js';

/** A row-major float32 feature matrix (NaN = missing) with 0/1 labels and optional row weights. */
export interface LabelledMatrix {
  x: Float32Array;
  y: Uint8Array;
  rows: number;
  width: number;
  /**
   * Non-negative row weights (absent = 1 each). A weighted fit equals an unweighted fit on rows repeated
   * `weight` times (without row subsampling): gradients, hessians, leaf sizes, the base rate, the losses
   * and the bin quantiles all count weight.
   */
  weight?: ArrayLike<number>;
}

/** The result of {@link trainGbdt}. */
export interface TrainedGbdt {
  ensemble: TreeEnsemble;
  /** Number of trees kept (the best validation round, or all without validation). */
  bestIteration: number;
  /** Log loss per round on training and (when given) validation rows. */
  history: { train: number; valid: number | null }[];
}

const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));

function logLoss(y: Uint8Array, margin: Float64Array, weight?: ArrayLike<number>): number {
  let s = 0;
  let total = 0;
  for (let i = 0; i < y.length; i += 1) {
    const m = margin[i];
    const w = weight ? weight[i] : 1;
    // log(1 + e^-m) for y=1, log(1 + e^m) for y=0, computed stably.
    const z = y[i] === 1 ? -m : m;
    s += w * (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
    total += w;
  }
  return s / Math.max(1e-12, total);
}

function toTree(t: BinnedTree, mapper: BinMapper): Tree {
  return {
    nodes: t.feature.map((f, k) => ({
      feature: f,
      threshold: f < 0 ? 0 : mapper.thresholds[f][t.splitBin[k]],
      left: f < 0 ? 0 : t.left[k],
      right: f < 0 ? 0 : t.right[k],
      missingLeft: f < 0 ? false : t.missingLeft[k],
      value: t.value[k],
      cover: t.cover[k],
    })),
  };
}

function sampleRows(n: number, rate: number, rng: Rng, buffer: Uint32Array): Uint32Array {
  let k = 0;
  for (let i = 0; i < n; i += 1) if (rate >= 1 || rng.next() < rate) buffer[k++] = i;
  return buffer.subarray(0, k);
}

function sampleFeatures(width: number, rate: number, rng: Rng): number[] {
  const all = Array.from({ length: width }, (_, i) => i);
  if (rate >= 1) return all;
  const k = Math.max(1, Math.round(rate * width));
  return rng
    .shuffle(all)
    .slice(0, k)
    .sort((a, b) => a - b);
}

/**
 * Trains a binary gradient-boosted tree ensemble on the logistic loss. With `valid`, stops early when the
 * validation log loss has not improved for `earlyStoppingRounds` rounds and keeps the best round.
 * Deterministic for a given `params.seed`.
 */
export function trainGbdt(
  train: LabelledMatrix,
  params: Hyperparameters,
  featureNames: readonly string[],
  valid?: LabelledMatrix,
  onRound?: (round: number, trainLoss: number, validLoss: number | null) => void,
): TrainedGbdt {
  const rng = new Rng(params.seed);
  const { rows: n, width } = train;
  const w = train.weight ? Float64Array.from(train.weight) : undefined;
  if (w?.some((v) => !(v >= 0) || !Number.isFinite(v))) throw new RangeError('sample weights must be finite and non-negative');
  const mapper = fitBins(train.x, n, width, params.maxBins, w);
  const data = applyBins(mapper, train.x, n, width);
  const vdata = valid ? applyBins(mapper, valid.x, valid.rows, width) : null;

  let positives = 0;
  let total = 0;
  for (let i = 0; i < n; i += 1) {
    positives += train.y[i] * (w ? w[i] : 1);
    total += w ? w[i] : 1;
  }
  const prior = Math.min(1 - 1e-6, Math.max(1e-6, positives / Math.max(1e-12, total)));
  const baseMargin = Math.fround(Math.log(prior / (1 - prior)));

  const margin = new Float64Array(n).fill(baseMargin);
  const vmargin = new Float64Array(valid ? valid.rows : 0).fill(baseMargin);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const trees: BinnedTree[] = [];
  const rowBuffer = new Uint32Array(n);
  const pool: Float64Array[] = [];
  const history: TrainedGbdt['history'] = [];
  let best = Number.POSITIVE_INFINITY;
  let bestIteration = 0;

  for (let round = 0; round < params.nTrees; round += 1) {
    for (let i = 0; i < n; i += 1) {
      const p = sigmoid(margin[i]);
      const wi = w ? w[i] : 1;
      grad[i] = (p - train.y[i]) * wi;
      hess[i] = Math.max(p * (1 - p), 1e-16) * wi;
    }
    const rows = sampleRows(n, params.subsample, rng, rowBuffer);
    const features = sampleFeatures(width, params.colsample, rng);
    const tree = growTree({ data, mapper, grad, hess, weight: w, rows, features, params, pool });
    trees.push(tree);
    for (let i = 0; i < n; i += 1) margin[i] += binnedTreeValue(tree, mapper, data, i);
    const trainLoss = logLoss(train.y, margin, w);
    let validLoss: number | null = null;
    if (valid && vdata) {
      for (let i = 0; i < valid.rows; i += 1) vmargin[i] += binnedTreeValue(tree, mapper, vdata, i);
      validLoss = logLoss(valid.y, vmargin, valid.weight);
    }
    history.push({ train: trainLoss, valid: validLoss });
    onRound?.(round, trainLoss, validLoss);
    const loss = validLoss ?? trainLoss;
    if (validLoss === null || loss < best - 1e-12) {
      best = loss;
      bestIteration = round + 1;
    }
    if (validLoss !== null && params.earlyStoppingRounds > 0 && round + 1 - bestIteration >= params.earlyStoppingRounds) break;
  }

  return {
    ensemble: { baseMargin, featureNames: [...featureNames], trees: trees.slice(0, bestIteration).map((t) => toTree(t, mapper)) },
    bestIteration,
    history,
  };
}

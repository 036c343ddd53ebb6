/** Binary classification metrics on probabilities (or any score, for the ranking metrics). */

function orderByScore(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((i, j) => scores[j] - scores[i] || i - j);
}

/** ROC-AUC with ties counted half (Mann–Whitney); NaN when only one class is present. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = orderByScore(scores).reverse();
  let rankSumPos = 0;
  let pos = 0;
  for (let k = 0; k < order.length; ) {
    let e = k;
    while (e + 1 < order.length && scores[order[e + 1]] === scores[order[k]]) e += 1;
    const rank = (k + e) / 2 + 1;
    for (let q = k; q <= e; q += 1)
      if (labels[order[q]] === 1) {
        rankSumPos += rank;
        pos += 1;
      }
    k = e + 1;
  }
  const neg = order.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** ROC curve points (false positive rate, true positive rate), one per distinct score. */
export function rocCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): { fpr: number; tpr: number }[] {
  const order = orderByScore(scores);
  let pos = 0;
  for (let i = 0; i < labels.length; i += 1) pos += labels[i];
  const neg = labels.length - pos;
  const points = [{ fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k += 1) {
    if (labels[order[k]] === 1) tp += 1;
    else fp += 1;
    if (k + 1 === order.length || scores[order[k + 1]] !== scores[order[k]])
      points.push({ fpr: fp / Math.max(1, neg), tpr: tp / Math.max(1, pos) });
  }
  return points;
}

/** Average precision (area under the precision–recall curve, step-wise, ties grouped). */
export function prAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = orderByScore(scores);
  let pos = 0;
  for (let i = 0; i < labels.length; i += 1) pos += labels[i];
  if (pos === 0) return Number.NaN;
  let tp = 0;
  let seen = 0;
  let ap = 0;
  let prevRecall = 0;
  for (let k = 0; k < order.length; k += 1) {
    seen += 1;
    tp += labels[order[k]];
    if (k + 1 < order.length && scores[order[k + 1]] === scores[order[k]]) continue;
    const recall = tp / pos;
    ap += (recall - prevRecall) * (tp / seen);
    prevRecall = recall;
  }
  return ap;
}

/** Mean squared error of probabilities. */
export function brierScore(p: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i += 1) s += (p[i] - labels[i]) ** 2;
  return s / Math.max(1, p.length);
}

/** Mean negative log-likelihood, probabilities clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(p: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i += 1) {
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]));
    s -= labels[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / Math.max(1, p.length);
}

/** Counts and rates at a probability threshold ("problem" when p ≥ threshold). */
export interface ThresholdMetrics {
  threshold: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Accuracy, precision, recall and F1 at `threshold`. */
export function atThreshold(p: ArrayLike<number>, labels: ArrayLike<number>, threshold: number): ThresholdMetrics {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < p.length; i += 1) {
    const yes = p[i] >= threshold;
    if (labels[i] === 1) {
      if (yes) tp += 1;
      else fn += 1;
    } else if (yes) fp += 1;
    else tn += 1;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return {
    threshold,
    accuracy: (tp + tn) / Math.max(1, p.length),
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    tp,
    fp,
    tn,
    fn,
  };
}

/** The threshold (among the distinct probabilities) with the highest F1. */
export function bestF1Threshold(p: ArrayLike<number>, labels: ArrayLike<number>): number {
  const candidates = [...new Set(Array.from(p))].sort((a, b) => a - b);
  let best = 0.5;
  let bestF1 = -1;
  const step = Math.max(1, Math.floor(candidates.length / 400));
  for (let k = 0; k < candidates.length; k += step) {
    const f1 = atThreshold(p, labels, candidates[k]).f1;
    if (f1 > bestF1) {
      bestF1 = f1;
      best = candidates[k];
    }
  }
  return best;
}

/** One row of a calibration table. */
export interface CalibrationBin {
  from: number;
  to: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/** Calibration table with `bins` equal-width probability bins (empty bins omitted). */
export function calibrationTable(p: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const sumY = new Array<number>(bins).fill(0);
  for (let i = 0; i < p.length; i += 1) {
    const b = Math.min(bins - 1, Math.floor(p[i] * bins));
    count[b] += 1;
    sumP[b] += p[i];
    sumY[b] += labels[i];
  }
  return count.flatMap((c, b) =>
    c === 0 ? [] : [{ from: b / bins, to: (b + 1) / bins, count: c, meanPredicted: sumP[b] / c, observedRate: sumY[b] / c }],
  );
}

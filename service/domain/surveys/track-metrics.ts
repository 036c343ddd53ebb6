/**
 * The figures of a model's track record on surveys it had not seen, each with a 95 % interval: AUC and
 * Brier score with a percentile bootstrap (deterministic seed), shares (coverage, observed rates) with the
 * Wilson score interval. Pure functions.
 */
import { seededRandom } from '../seeded-random.js';

/** A figure with its 95 % interval; all null when there is nothing to estimate from (or it is suppressed). */
export interface Estimate {
  value: number | null;
  low: number | null;
  high: number | null;
}

export const NO_ESTIMATE: Estimate = Object.freeze({ value: null, low: null, high: null });

const Z95 = 1.959964;

/** The Wilson score interval of `hits` out of `n` (95 %). */
export function wilson(hits: number, n: number): Estimate {
  if (n === 0) return NO_ESTIMATE;
  const p = hits / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** ROC AUC by the rank-sum (ties count half); null without both labels. */
export function auc(scores: readonly number[], labels: readonly number[]): number | null {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j += 1;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k += 1)
      if (labels[idx[k]] === 1) {
        pos += 1;
        rankSum += rank;
      }
    i = j + 1;
  }
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean squared difference between probability and outcome; null for no rows. */
export function brier(p: readonly number[], labels: readonly number[]): number | null {
  if (p.length === 0) return null;
  let s = 0;
  for (let i = 0; i < p.length; i += 1) s += (p[i] - labels[i]) ** 2;
  return s / p.length;
}

/** Number of bootstrap resamples behind an interval. */
export const BOOTSTRAP_RESAMPLES = 400;

/** A figure of (p, label) rows with its 95 % percentile-bootstrap interval. */
export function bootstrapped(
  p: readonly number[],
  labels: readonly number[],
  figure: (p: number[], y: number[]) => number | null,
  seed = 17,
): Estimate {
  const value = figure([...p], [...labels]);
  if (value === null) return NO_ESTIMATE;
  const rnd = seededRandom(seed);
  const n = p.length;
  const values: number[] = [];
  const bp = new Array<number>(n);
  const by = new Array<number>(n);
  for (let b = 0; b < BOOTSTRAP_RESAMPLES; b += 1) {
    for (let i = 0; i < n; i += 1) {
      const k = Math.floor(rnd() * n);
      bp[i] = p[k];
      by[i] = labels[k];
    }
    const v = figure(bp, by);
    if (v !== null) values.push(v);
  }
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(q * (values.length - 1))))];
  return values.length === 0 ? { value, low: null, high: null } : { value, low: at(0.025), high: at(0.975) };
}

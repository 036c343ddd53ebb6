import type { SurveyError } from './survey-error.js';

/** The stock-scale calibration: pStock = sigmoid(a · margin + b), with the covariance of (a, b). */
export interface StockCalibration {
  a: number;
  b: number;
  /** Covariance of (a, b) from the observed information: [var a, cov ab, var b]. */
  covariance: [number, number, number];
  rows: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Fits p(x) = sigmoid(a · margin + b) to noisy audit labels ỹ by maximum likelihood with
 * P(ỹ = 1 | x) = e0 + (1 − e0 − e1) · p(x) (Fisher scoring). The audit rows are a random sample of the
 * stock, so p estimates the chance that the foundation itself is D/E, not that a survey says so.
 */
export function fitNoisyPlatt(margins: ArrayLike<number>, labels: ArrayLike<number>, error: SurveyError): StockCalibration {
  const n = margins.length;
  const e0 = error.falsePositive;
  const k = 1 - error.falsePositive - error.falseNegative;
  if (!(k > 0)) throw new RangeError('survey error rates must add up to less than 1');
  let a = 1;
  let b = 0;
  const info = (): { g: [number, number]; h: [number, number, number] } => {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < n; i += 1) {
      const m = margins[i];
      const p = sigmoid(a * m + b);
      const q = Math.min(1 - 1e-12, Math.max(1e-12, e0 + k * p));
      const dq = k * p * (1 - p);
      const score = (labels[i] === 1 ? 1 / q : -1 / (1 - q)) * dq;
      const w = (dq * dq) / (q * (1 - q));
      ga += score * m;
      gb += score;
      haa += w * m * m;
      hab += w * m;
      hbb += w;
    }
    return { g: [ga, gb], h: [haa, hab, hbb] };
  };
  for (let iter = 0; iter < 200; iter += 1) {
    const { g, h } = info();
    const det = h[0] * h[2] - h[1] * h[1];
    if (!(Math.abs(det) > 0)) break;
    let da = (h[2] * g[0] - h[1] * g[1]) / det;
    let db = (h[0] * g[1] - h[1] * g[0]) / det;
    const step = Math.max(Math.abs(da), Math.abs(db));
    if (step > 2) {
      da *= 2 / step;
      db *= 2 / step;
    }
    a += da;
    b += db;
    if (step < 1e-10) break;
  }
  const { h } = info();
  const det = h[0] * h[2] - h[1] * h[1];
  const covariance: [number, number, number] = [h[2] / det, -h[1] / det, h[0] / det];
  return { a, b, covariance, rows: n };
}

/** The calibrated probability of a margin for the population the audit sample was drawn from. */
export function auditPopulationProbability(margin: number, c: Pick<StockCalibration, 'a' | 'b'>): number {
  return sigmoid(c.a * margin + c.b);
}

/**
 * Survey error: a foundation survey can read a sound foundation as class D/E (false positive, rate
 * `e0` = P(ỹ = 1 | y = 0)) or miss a problem (false negative, `e1` = P(ỹ = 0 | y = 1)). The rates come
 * from buildings surveyed twice, independently (re-surveys), or are configured when there are none.
 */

/** Survey error rates and where they come from (recorded in the manifest and the card). */
export interface SurveyError {
  /** P(survey says D/E | foundation is not D/E). */
  falsePositive: number;
  /** P(survey says not D/E | foundation is D/E). */
  falseNegative: number;
  source: 're-surveys' | 'configured' | 'assumed-zero';
  /** Number of re-surveyed pairs behind an estimate (0 unless source = re-surveys). */
  pairs: number;
}

/** Fewer re-surveyed pairs than this give no estimate (the configured rates are used instead). */
export const MIN_RESURVEY_PAIRS = 30;

/**
 * Maximum-likelihood error rates from pairs of independent surveys of the same buildings (latent class
 * model with two exchangeable raters: three free cells, three unknowns π, e0, e1), by EM. The rates are
 * kept below 0.5 (labels better than coin flips), which picks the meaningful one of the two mirrored
 * solutions.
 */
export function estimateSurveyError(pairs: readonly (readonly [number, number])[]): SurveyError | null {
  if (pairs.length < MIN_RESURVEY_PAIRS) return null;
  const cells = [0, 0, 0]; // both 0, one of each, both 1
  for (const [a, b] of pairs) cells[a + b] += 1;
  let pi = Math.min(0.95, Math.max(0.05, (cells[1] / 2 + cells[2]) / pairs.length));
  let e0 = 0.05;
  let e1 = 0.05;
  for (let iter = 0; iter < 2000; iter += 1) {
    let sumW = 0; let fp = 0; let fn = 0;
    for (let k = 0; k < 3; k += 1) {
      const l1 = pi * (1 - e1) ** k * e1 ** (2 - k);
      const l0 = (1 - pi) * e0 ** k * (1 - e0) ** (2 - k);
      const w = l1 / Math.max(1e-300, l1 + l0); // P(y = 1 | k positive readings)
      sumW += cells[k] * w;
      fn += cells[k] * w * (2 - k);
      fp += cells[k] * (1 - w) * k;
    }
    const n = pairs.length;
    const next = { pi: sumW / n, e1: fn / Math.max(1e-12, 2 * sumW), e0: fp / Math.max(1e-12, 2 * (n - sumW)) };
    const done = Math.abs(next.pi - pi) + Math.abs(next.e0 - e0) + Math.abs(next.e1 - e1) < 1e-12;
    pi = next.pi; e0 = Math.min(0.49, next.e0); e1 = Math.min(0.49, next.e1);
    if (done) break;
  }
  return { falsePositive: e0, falseNegative: e1, source: 're-surveys', pairs: pairs.length };
}

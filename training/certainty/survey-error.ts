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

/** One building surveyed twice: both readings (1 = D/E) and a group with its own prevalence (e.g. its period). */
export interface ResurveyPair {
  first: number;
  second: number;
  group: string;
}

/**
 * Maximum-likelihood error rates from pairs of independent surveys of the same buildings, by EM on a
 * latent class model (Hui & Walter 1980): within one population two exchangeable readings leave two
 * degrees of freedom for three unknowns (prevalence, e0, e1), so the pairs are split into groups with
 * different prevalences (construction periods) that share the error rates: 2·G cells for G + 2 unknowns.
 * Rates are kept below 0.5 (labels better than coin flips), which picks the meaningful one of the two
 * mirrored solutions. Null when there are too few pairs or fewer than two groups with pairs.
 */
export function estimateSurveyError(pairs: readonly ResurveyPair[]): SurveyError | null {
  if (pairs.length < MIN_RESURVEY_PAIRS) return null;
  const cells = new Map<string, number[]>(); // per group: both 0, one of each, both 1
  for (const p of pairs) {
    const c = cells.get(p.group) ?? [0, 0, 0];
    c[p.first + p.second] += 1;
    cells.set(p.group, c);
  }
  if (cells.size < 2) return null;
  const groups = [...cells.values()];
  const pi = groups.map((c) => Math.min(0.95, Math.max(0.05, (c[1] / 2 + c[2]) / (c[0] + c[1] + c[2]))));
  let e0 = 0.05;
  let e1 = 0.05;
  for (let iter = 0; iter < 5000; iter += 1) {
    let fp = 0;
    let fn = 0;
    let pos = 0;
    let neg = 0;
    let change = 0;
    groups.forEach((c, g) => {
      let sumW = 0;
      for (let k = 0; k < 3; k += 1) {
        const l1 = pi[g] * (1 - e1) ** k * e1 ** (2 - k);
        const l0 = (1 - pi[g]) * e0 ** k * (1 - e0) ** (2 - k);
        const w = l1 / Math.max(1e-300, l1 + l0); // P(y = 1 | k positive readings)
        sumW += c[k] * w;
        fn += c[k] * w * (2 - k);
        fp += c[k] * (1 - w) * k;
      }
      const n = c[0] + c[1] + c[2];
      const next = sumW / n;
      change += Math.abs(next - pi[g]);
      pi[g] = next;
      pos += sumW;
      neg += n - sumW;
    });
    const n0 = Math.min(0.49, fp / Math.max(1e-12, 2 * neg));
    const n1 = Math.min(0.49, fn / Math.max(1e-12, 2 * pos));
    change += Math.abs(n0 - e0) + Math.abs(n1 - e1);
    e0 = n0;
    e1 = n1;
    if (change < 1e-12) break;
  }
  return { falsePositive: e0, falseNegative: e1, source: 're-surveys', pairs: pairs.length };
}

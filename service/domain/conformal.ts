/** A label the conformal set can contain. */
export type ConformalLabel = 'no-problem' | 'problem';

/** The 95 % (1 − α) conformal answer for one prediction. */
export interface ConformalAnswer {
  alpha: number;
  set: ConformalLabel[];
  /** One label when the set is a singleton; `uncertain` when both labels remain. */
  verdict: ConformalLabel | 'uncertain';
}

/**
 * Split-conformal prediction set with nonconformity score 1 − p(label): a label is in the set when its
 * score is at most `qhat`. An empty set (possible only when qhat < 0.5) is widened to both labels,
 * which keeps the coverage guarantee and says honestly that the model cannot decide.
 */
export function conformalSet(probability: number, qhat: number, alpha: number): ConformalAnswer {
  const set: ConformalLabel[] = [];
  if (probability <= qhat) set.push('no-problem');
  if (1 - probability <= qhat) set.push('problem');
  if (set.length === 0) set.push('no-problem', 'problem');
  return { alpha, set, verdict: set.length === 1 ? set[0] : 'uncertain' };
}

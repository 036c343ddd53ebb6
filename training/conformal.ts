/**
 * Split conformal prediction for the binary label on calibrated probabilities. The nonconformity score
 * of a row is 1 − p̂(true label); `qhat` is the ⌈(n+1)(1−α)⌉-th smallest score of the calibration fold.
 * A prediction set holds every label whose score would be ≤ qhat:
 * "no problem" when p ≤ qhat, "problem" when p ≥ 1 − qhat (both = uncertain).
 */

/** The prediction set of one row. */
export type ConformalSet = 'no-problem' | 'problem' | 'both' | 'empty';

/** The conformal threshold from calibration probabilities and labels. */
export function conformalQuantile(probabilities: ArrayLike<number>, labels: ArrayLike<number>, alpha: number): number {
  const n = probabilities.length;
  const scores = Float64Array.from({ length: n }, (_, i) => (labels[i] === 1 ? 1 - probabilities[i] : probabilities[i]));
  scores.sort();
  const k = Math.ceil((n + 1) * (1 - alpha));
  if (k > n) return 1;
  return scores[k - 1];
}

/** The prediction set for a calibrated probability (the same rule the service applies). */
export function conformalSet(p: number, qhat: number): ConformalSet {
  const no = p <= qhat;
  const yes = p >= 1 - qhat;
  if (no && yes) return 'both';
  if (no) return 'no-problem';
  if (yes) return 'problem';
  return 'empty';
}

/** Whether the set for `p` contains `label`. */
export function setCovers(p: number, qhat: number, label: number): boolean {
  return label === 1 ? p >= 1 - qhat : p <= qhat;
}

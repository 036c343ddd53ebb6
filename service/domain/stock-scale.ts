/** What the stock scale needs from a manifest (see `stockCalibrationSchema`). */
export interface StockScaleParams {
  /** Buildings not surveyed on suspicion (the audit population): P(D/E | margin) = sigmoid(a · margin + b). */
  a: number;
  b: number;
  /** The chance a building with this margin was surveyed on suspicion: sigmoid(selection.a · margin + selection.b). */
  selection: { a: number; b: number };
  surveyError: { falsePositive: number; falseNegative: number };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * The stock-scale probability of a building known not to have been surveyed on suspicion (the audit
 * population): sigmoid(a · margin + b), fitted on the random audit sample. This is the second part of
 * {@link stockProbabilityOf}; a survey plan, which only chooses unsurveyed buildings, uses it alone (the
 * whole mixture would add the higher rate of buildings surveyed on suspicion to buildings that were not).
 */
export function unsurveyedStockProbabilityOf(margin: number, stock: Pick<StockScaleParams, 'a' | 'b'> | null): number | null {
  return stock ? sigmoid(stock.a * margin + stock.b) : null;
}

/**
 * The stock-scale probability of a margin (the chance a building's foundation is D/E), by the law of
 * total probability over the two populations of the stock: buildings surveyed on suspicion (share
 * π(margin)), whose true rate is the survey-scale probability corrected for survey error, and the rest,
 * calibrated on the random audit sample. Null without a stock calibration.
 */
export function stockProbabilityOf(margin: number, stock: StockScaleParams | null, survey: { a: number; b: number }): number | null {
  if (!stock) return null;
  const k = 1 - stock.surveyError.falsePositive - stock.surveyError.falseNegative;
  const surveyed = Math.min(1, Math.max(0, (sigmoid(survey.a * margin + survey.b) - stock.surveyError.falsePositive) / k));
  const share = sigmoid(stock.selection.a * margin + stock.selection.b);
  return share * surveyed + (1 - share) * (unsurveyedStockProbabilityOf(margin, stock) as number);
}

/**
 * How the stock calibration (a, b) moves with the survey error it was fitted under: the 2 × 2 Jacobian
 * [[∂a/∂e0, ∂a/∂e1], [∂b/∂e0, ∂b/∂e1]] of the noisy-label Platt fit (P(survey says D/E) = e0 + (1 − e0 − e1) ·
 * sigmoid(a · margin + b)), by the implicit function theorem on its score equations at their expectation:
 * dθ/de = I⁻¹ ∂S/∂e with I the Fisher information of (a, b). `rows` are (margin, sigmoid(a · margin + b))
 * of a sample of the population the audit sample was drawn from; the Jacobian does not depend on the
 * sample's size, only on how its margins are spread. Zeros when the rows carry no information.
 */
export function surveyErrorSensitivity(
  rows: readonly { margin: number; probability: number }[],
  error: { falsePositive: number; falseNegative: number },
): [[number, number], [number, number]] {
  const e0 = error.falsePositive;
  const k = 1 - error.falsePositive - error.falseNegative;
  let haa = 0;
  let hab = 0;
  let hbb = 0;
  let s0a = 0;
  let s0b = 0;
  let s1a = 0;
  let s1b = 0;
  for (const { margin: m, probability: p } of rows) {
    const q = Math.min(1 - 1e-12, Math.max(1e-12, e0 + k * p));
    const dq = k * p * (1 - p);
    const w = (dq * dq) / (q * (1 - q));
    haa += w * m * m;
    hab += w * m;
    hbb += w;
    // ∂S/∂e0 = −Σ (1 − p) dq / (q(1 − q)) · (m, 1); ∂S/∂e1 = Σ p dq / (q(1 − q)) · (m, 1)
    const g = dq / (q * (1 - q));
    s0a -= (1 - p) * g * m;
    s0b -= (1 - p) * g;
    s1a += p * g * m;
    s1b += p * g;
  }
  const det = haa * hbb - hab * hab;
  if (!(det > 0) || !(k > 0))
    return [
      [0, 0],
      [0, 0],
    ];
  const solve = (sa: number, sb: number) => [(hbb * sa - hab * sb) / det, (haa * sb - hab * sa) / det];
  const [da0, db0] = solve(s0a, s0b);
  const [da1, db1] = solve(s1a, s1b);
  return [
    [da0, da1],
    [db0, db1],
  ];
}

/** A symmetric 3 × 3 matrix as rows. */
export type Matrix3 = readonly [readonly [number, number, number], readonly [number, number, number], readonly [number, number, number]];

/**
 * The Fisher information of the noisy-label calibration widened by one parameter, a bend of its logit:
 * P(survey says D/E) = e0 + (1 − e0 − e1) · sigmoid(a · margin + b + c · margin²), at c = 0 (the fitted
 * logistic), for `auditRows` audit rows whose margins are spread like `rows` (margin, sigmoid(a · margin + b)).
 * Parameter order (a, b, c). The audit sample is a random sample of the stock, so the stock's scored
 * buildings can stand in for it; the information then says how well that many audit rows pin the logit's
 * form down, which matters where a plan chooses: the top margins, where few audit rows lie.
 */
export function bentCalibrationInformation(
  rows: readonly { margin: number; probability: number }[],
  error: { falsePositive: number; falseNegative: number },
  auditRows: number,
): Matrix3 | null {
  if (rows.length === 0 || !(auditRows > 0)) return null;
  const e0 = error.falsePositive;
  const k = 1 - error.falsePositive - error.falseNegative;
  if (!(k > 0)) return null;
  const h = [0, 0, 0, 0, 0, 0]; // aa, ab, ac, bb, bc, cc
  for (const { margin: m, probability: p } of rows) {
    const q = Math.min(1 - 1e-12, Math.max(1e-12, e0 + k * p));
    const dq = k * p * (1 - p);
    const w = (dq * dq) / (q * (1 - q));
    const m2 = m * m;
    h[0] += w * m2;
    h[1] += w * m;
    h[2] += w * m2 * m;
    h[3] += w;
    h[4] += w * m2;
    h[5] += w * m2 * m2;
  }
  const s = auditRows / rows.length;
  const [aa, ab, ac, bb, bc, cc] = h.map((v) => v * s);
  return [
    [aa, ab, ac],
    [ab, bb, bc],
    [ac, bc, cc],
  ];
}

/**
 * The variance a sum Σ sigmoid(a · mᵢ + b + c · mᵢ²) over chosen margins gains when the logit may bend
 * (c free, estimated as 0 with the information `info`) over what it has with the logistic form fixed:
 * gᵀ I⁻¹ g − g₂ᵀ I₂⁻¹ g₂ with g = Σ p(1 − p) · (m, 1, m²) and I₂ the (a, b) block (never negative: by the
 * Schur complement it is (g_c − I_c2 I₂⁻¹ g₂)² / (I_cc − I_c2 I₂⁻¹ I_2c)). Zero when the information is
 * degenerate (margins too few or too alike to tell a bend).
 */
export function bendVariance(gradient: readonly [number, number, number], info: Matrix3): number {
  const [[aa, ab, ac], [, bb, bc], [, , cc]] = info;
  const det2 = aa * bb - ab * ab;
  if (!(det2 > 0)) return 0;
  // I₂⁻¹ applied to the c column and to g₂
  const solve = (u: number, v: number): [number, number] => [(bb * u - ab * v) / det2, (aa * v - ab * u) / det2];
  const [xa, xb] = solve(ac, bc);
  const schur = cc - (ac * xa + bc * xb);
  if (!(schur > 1e-12 * Math.max(1, cc))) return 0;
  const [ga, gb, gc] = gradient;
  const [ya, yb] = solve(ga, gb);
  const r = gc - (ac * ya + bc * yb);
  return (r * r) / schur;
}

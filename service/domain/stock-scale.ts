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

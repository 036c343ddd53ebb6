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

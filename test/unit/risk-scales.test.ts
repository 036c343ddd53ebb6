import type { ModelManifest } from '../../service/domain/model-manifest.js';
import { RiskScorer } from '../../service/domain/risk-scorer.js';
import { stockProbabilityOf } from '../../service/domain/stock-scale.js';
import type { RiskModel } from '../../service/ports/risk-model.js';

const conformal = { alpha: 0.05, qhat: 0.7, calibrationRows: 100, mondrian: null };
const stockCalibration = {
  method: 'platt-noisy-audit' as const,
  a: 1,
  b: -2,
  selection: { a: 0, b: -50 },
  covariance: [0.01, 0, 0.01] as [number, number, number],
  auditRows: 500,
  surveyError: { falsePositive: 0.04, falseNegative: 0.05, source: 'configured' as const, pairs: 0 },
};

/** A scorer over a model whose manifest has (or lacks) a stock calibration; only resultOf is used. */
function scorer(stock: typeof stockCalibration | null): RiskScorer {
  const manifest = {
    version: 'test',
    calibration: { method: 'platt', a: 1, b: 0 },
    stockCalibration: stock,
    conformal,
  } as unknown as ModelManifest;
  const model = {
    manifest,
    trees: { baseMargin: 0, featureNames: [], trees: [] },
    predict: async () => {
      throw new Error('not used');
    },
    close: async () => {},
  } as RiskModel;
  return new RiskScorer(model, 100);
}

describe('two probability scales', () => {
  it('when the model has a stock calibration, then probability is the stock scale and the class is computed from it', () => {
    const r = scorer(stockCalibration).resultOf(0.62, 0.5, 1920);
    expect(r.probability).toBeCloseTo(1 / (1 + Math.exp(1.5)), 12);
    expect(r.probabilitySurvey).toBe(0.62);
    expect(r.riskClassScale).toBe('stock');
    expect(r.riskClass).toBe('B'); // 0.18 on the stock scale; the survey scale alone would say D
  });

  it('when the model has no stock calibration, then probability is null and the class comes from the survey scale', () => {
    const r = scorer(null).resultOf(0.62, 0.5, 1920);
    expect(r.probability).toBeNull();
    expect(r.riskClassScale).toBe('survey');
    expect(r.riskClass).toBe('D');
    expect(r.conformal.guarantee).toBe('marginal-surveyed');
  });

  it('when every building with this margin was surveyed on suspicion, then the stock scale is the survey scale corrected for survey error', () => {
    const survey = { a: 1, b: 0 };
    const stock = { a: 1, b: -2, selection: { a: 0, b: 50 }, surveyError: { falsePositive: 0.04, falseNegative: 0.06 } };
    const pSurvey = 1 / (1 + Math.exp(-0.5));
    expect(stockProbabilityOf(0.5, stock, survey)).toBeCloseTo((pSurvey - 0.04) / 0.9, 9);
    expect(stockProbabilityOf(0.5, null, survey)).toBeNull();
  });
});

import { PERIOD_LABELS } from '../../service/domain/buurt-stats.js';
import { type PlanCandidate, inArea, pointInGeometry } from '../../service/domain/plans-candidates.js';
import { type PlanContext, auditOrder, expectedFound, informationGain, makePlan } from '../../service/domain/plans.js';
import { bendVariance, bentCalibrationInformation, surveyErrorSensitivity } from '../../service/domain/stock-scale.js';
import { fitNoisyPlatt } from '../../training/certainty/noisy-platt.js';

const square = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [0, 0],
      [10, 0],
      [10, 10],
      [0, 10],
      [0, 0],
    ],
    [
      [4, 4],
      [6, 4],
      [6, 6],
      [4, 6],
      [4, 4],
    ],
  ],
};

const candidate = (i: number, period = PERIOD_LABELS[i % 5], p: number | null = 0.3): PlanCandidate => ({
  pandId: String(i).padStart(16, '0'),
  addressId: String(i).padStart(16, '1'),
  buurtCode: 'BU00000001',
  wijkCode: 'WK000000',
  lon: i % 12,
  lat: 5,
  bouwjaar: 1900,
  period,
  block: `b${i}`,
  probability: p,
  margin: 0,
  set: 'both',
  riskClass: 'C',
});

describe('plan building blocks', () => {
  it('when a point is inside the outer ring but in a hole, then it is outside the polygon', () => {
    expect(pointInGeometry(2, 2, square)).toBe(true);
    expect(pointInGeometry(5, 5, square)).toBe(false);
    expect(pointInGeometry(11, 5, square)).toBe(false);
    expect(inArea([candidate(2), candidate(5), candidate(11)], { polygon: square }).map((c) => c.lon)).toEqual([2]);
  });

  it('when every prefix of the audit ordering is taken, then each period is within one of its proportional share', () => {
    const cs = Array.from({ length: 500 }, (_, i) => candidate(i, i < 300 ? 'voor 1920' : i < 450 ? '1945–1969' : 'onbekend'));
    const order = auditOrder(cs, 3);
    for (const n of [10, 37, 100, 499]) {
      const pre = order.slice(0, n).filter((o) => o.period === 'voor 1920').length;
      expect(Math.abs(pre - n * 0.6)).toBeLessThanOrEqual(1);
    }
    expect(new Set(order.map((o) => o.c.pandId)).size).toBe(500);
  });

  it('when the survey is error-free, then the information gain is the entropy of p, largest at one half', () => {
    const none = { falsePositive: 0, falseNegative: 0 };
    expect(informationGain(0.5, none)).toBeCloseTo(1, 10);
    expect(informationGain(0.1, none)).toBeLessThan(informationGain(0.4, none));
    expect(informationGain(0.5, { falsePositive: 0.1, falseNegative: 0.1 })).toBeLessThan(1);
  });

  it('when unscored buildings are chosen, then they add nothing to the expectation, and the interval widens with calibration uncertainty', () => {
    const cs = [candidate(1, 'voor 1920', 0.5), candidate(2, 'voor 1920', null), candidate(3, 'voor 1920', 0.5)];
    const plain = expectedFound(cs, null);
    expect(plain.value).toBe(1);
    const wide = expectedFound(cs, [1, 0, 1]);
    expect(wide.interval[1] - wide.interval[0]).toBeGreaterThan(plain.interval[1] - plain.interval[0]);
  });
});

describe("the survey error's own uncertainty in a plan's interval", () => {
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  const calibration = { a: 1.4, b: -2.2 };
  // a stock of 2,000 unsurveyed buildings with margins spread like a model's (−3 … 3)
  const stock: PlanCandidate[] = Array.from({ length: 2_000 }, (_, i) => {
    const margin = -3 + (6 * i) / 1_999;
    return { ...candidate(i), block: `b${i}`, margin, probability: sigmoid(calibration.a * margin + calibration.b) };
  });
  const ctx = (surveyErrorCovariance: PlanContext['surveyErrorCovariance'], scale: PlanContext['scale'] = 'stock'): PlanContext => ({
    scale,
    covariance: [0.004, -0.002, 0.003],
    surveyError: { falsePositive: 0.04, falseNegative: 0.05 },
    surveyErrorCovariance,
    costs: { perSurvey: 1_000, perBlock: 0 },
  });
  const stamp = { id: 'p', createdAt: '', modelVersion: 'm', datasetVersion: null, synthetic: true };
  const plan = (c: PlanContext) => makePlan({ objective: 'find-problems', budget: { surveys: 100 } }, stock, c, stamp);
  const width = (c: PlanContext) => {
    const [lo, hi] = plan(c).expectedFound.interval;
    return hi - lo;
  };

  it('when the survey error is known exactly (no covariance, or a zero one), then the interval is the one without the term', () => {
    const without = plan(ctx(null)).expectedFound;
    expect(plan(ctx(undefined)).expectedFound).toEqual(without);
    expect(plan(ctx([0, 0, 0])).expectedFound).toEqual(without);
    expect(without).toEqual(expectedFound([...stock].sort((x, y) => y.probability! - x.probability!).slice(0, 100), ctx(null).covariance));
  });

  it('when the estimated survey error is more uncertain, then the interval is wider around the same expectation, for the comparison lines too', () => {
    const base = plan(ctx(null));
    const some = plan(ctx([0.0001, 0, 0.0004]));
    const more = plan(ctx([0.0004, 0, 0.0016]));
    expect(some.expectedFound.value).toBe(base.expectedFound.value);
    expect(width(ctx(null))).toBeLessThan(width(ctx([0.0001, 0, 0.0004])));
    expect(width(ctx([0.0001, 0, 0.0004]))).toBeLessThan(width(ctx([0.0004, 0, 0.0016])));
    const random = (p: typeof base) => p.comparison.find((c) => c.rule === 'random')!.expectedFound.interval;
    expect(random(more)[1] - random(more)[0]).toBeGreaterThan(random(base)[1] - random(base)[0]);
  });

  it('when the probabilities are only survey-relative, then the survey error term is left out', () => {
    expect(width(ctx([0.0004, 0, 0.0016], 'survey-relative'))).toBe(width(ctx(null, 'survey-relative')));
  });

  it("when the error rates change, then (a, b) move as the noisy-label fit's refit on a random sample of the stock says (delta method)", () => {
    // a large audit-like sample with labels at their expectation under the error rates, refitted with nudged rates
    const error = { falsePositive: 0.04, falseNegative: 0.05, source: 're-surveys' as const, pairs: 300 };
    const margins: number[] = [];
    const labels: number[] = [];
    for (const c of stock) {
      const q = error.falsePositive + (1 - error.falsePositive - error.falseNegative) * c.probability!;
      // 50 rows per margin with round(50 q) positives: near the fit's expectation, without sampling noise
      for (let r = 0; r < 50; r += 1) {
        margins.push(c.margin!);
        labels.push(r < Math.round(50 * q) ? 1 : 0);
      }
    }
    const h = 1e-4;
    const fit = fitNoisyPlatt(margins, labels, error);
    const fit0 = fitNoisyPlatt(margins, labels, { ...error, falsePositive: error.falsePositive + h });
    const fit1 = fitNoisyPlatt(margins, labels, { ...error, falseNegative: error.falseNegative + h });
    const [[a0, a1], [b0, b1]] = surveyErrorSensitivity(
      stock.map((c) => ({ margin: c.margin!, probability: c.probability! })),
      error,
    );
    expect(a0).toBeCloseTo((fit0.a - fit.a) / h, 0);
    expect(b0).toBeCloseTo((fit0.b - fit.b) / h, 0);
    expect(a1).toBeCloseTo((fit1.a - fit.a) / h, 0);
    expect(b1).toBeCloseTo((fit1.b - fit.b) / h, 0);
    expect(Math.abs(a0)).toBeGreaterThan(0.5);
  });
});

describe("the calibration's logistic form in a plan's interval", () => {
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  const stock: PlanCandidate[] = Array.from({ length: 2_000 }, (_, i) => {
    const margin = -3 + (6 * i) / 1_999;
    return { ...candidate(i), block: `b${i}`, margin, probability: sigmoid(1.4 * margin - 2.2) };
  });
  const ctx = (auditRows: number | null, scale: PlanContext['scale'] = 'stock'): PlanContext => ({
    scale,
    covariance: [0.004, -0.002, 0.003],
    surveyError: { falsePositive: 0.04, falseNegative: 0.05 },
    auditRows,
    costs: { perSurvey: 1_000, perBlock: 0 },
  });
  const stamp = { id: 'p', createdAt: '', modelVersion: 'm', datasetVersion: null, synthetic: true };
  const found = (c: PlanContext) => makePlan({ objective: 'find-problems', budget: { surveys: 100 } }, stock, c, stamp).expectedFound;
  const width = (c: PlanContext) => found(c).interval[1] - found(c).interval[0];

  it('when the audit rows are not known or the scale is survey-relative, then the interval is the one without the term', () => {
    const top = [...stock].sort((x, y) => y.probability! - x.probability!).slice(0, 100);
    expect(found(ctx(null))).toEqual(expectedFound(top, ctx(null).covariance));
    expect(width(ctx(800, 'survey-relative'))).toBe(width(ctx(null, 'survey-relative')));
  });

  it('when the calibration rests on fewer audit rows, then letting its logit bend widens the interval more, around the same expectation', () => {
    expect(found(ctx(800)).value).toBe(found(ctx(null)).value);
    expect(width(ctx(null))).toBeLessThan(width(ctx(8_000)));
    expect(width(ctx(8_000))).toBeLessThan(width(ctx(800)));
  });

  it('when the bend variance is computed, then it is what the widened information gives minus what the logistic gives', () => {
    const info = bentCalibrationInformation(
      stock.map((c) => ({ margin: c.margin!, probability: c.probability! })),
      { falsePositive: 0.04, falseNegative: 0.05 },
      800,
    )!;
    const g: [number, number, number] = [30, 12, 70];
    // direct: gᵀ I⁻¹ g by solving the 3 × 3 system, minus g₂ᵀ I₂⁻¹ g₂
    const m = info.map((r) => [...r]);
    const x = [...g];
    for (let c = 0; c < 3; c += 1)
      for (let r = c + 1; r < 3; r += 1) {
        const f = m[r][c] / m[c][c];
        for (let j = c; j < 3; j += 1) m[r][j] -= f * m[c][j];
        x[r] -= f * x[c];
      }
    const sol = [0, 0, 0];
    for (let r = 2; r >= 0; r -= 1) sol[r] = (x[r] - m[r].slice(r + 1).reduce((s, v, j) => s + v * sol[r + 1 + j], 0)) / m[r][r];
    const full = g.reduce((s, v, i) => s + v * sol[i], 0);
    const [[aa, ab], [, bb]] = info;
    const two = (bb * g[0] * g[0] - 2 * ab * g[0] * g[1] + aa * g[1] * g[1]) / (aa * bb - ab * ab);
    expect(bendVariance(g, info)).toBeCloseTo(full - two, 6);
    expect(bendVariance(g, info)).toBeGreaterThan(0);
    // a gradient the logistic alone spans, g = I (u, v, 0)ᵀ-like in the c direction: nothing to add
    const spanned: [number, number, number] = [info[0][0] + info[0][1], info[1][0] + info[1][1], info[2][0] + info[2][1]];
    expect(bendVariance(spanned, info)).toBeCloseTo(0, 8);
  });
});

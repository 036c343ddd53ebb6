import { conformalQuantile, conformalSet } from '../../training/conformal.js';
import { atThreshold, brierScore, calibrationTable, prAuc, rocAuc } from '../../training/eval/metrics.js';
import { fitPlatt } from '../../training/platt.js';
import { Rng } from '../../training/rng.js';
import { groupFolds, groupPartition } from '../../training/splits.js';

describe('evaluation building blocks', () => {
  it('when scores tie across classes, then ROC-AUC counts the tie as one half', () => {
    expect(rocAuc([0.1, 0.4, 0.4, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.875, 12);
  });

  it('when positives are ranked first, then PR-AUC is 1 and the ranking-reversed PR-AUC is lower', () => {
    expect(prAuc([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])).toBe(1);
    expect(prAuc([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0])).toBeLessThan(0.6);
  });

  it('when computing threshold metrics, then accuracy, precision and recall follow the confusion matrix', () => {
    const m = atThreshold([0.9, 0.6, 0.4, 0.2], [1, 0, 1, 0], 0.5);
    expect([m.tp, m.fp, m.tn, m.fn]).toEqual([1, 1, 1, 1]);
    expect([m.accuracy, m.precision, m.recall]).toEqual([0.5, 0.5, 0.5]);
    expect(brierScore([1, 0], [1, 1])).toBe(0.5);
  });

  it('when binning probabilities for the calibration table, then every row lands in exactly one bin', () => {
    const table = calibrationTable([0, 0.05, 0.5, 0.99, 1], [0, 0, 1, 1, 1]);
    expect(table.reduce((s, b) => s + b.count, 0)).toBe(5);
  });

  it('when margins come from a known logistic model, then Platt scaling recovers its slope and intercept', () => {
    const rng = new Rng(1);
    const m = Array.from({ length: 20000 }, () => rng.next() * 8 - 4);
    const y = m.map((v) => (rng.next() < 1 / (1 + Math.exp(-(0.5 * v - 1))) ? 1 : 0));
    const { a, b } = fitPlatt(m, y);
    expect(a).toBeCloseTo(0.5, 1);
    expect(b).toBeCloseTo(-1, 1);
  });

  it('when computing qhat, then it is the ⌈(n+1)(1−α)⌉-th smallest nonconformity score', () => {
    const p = Array.from({ length: 19 }, (_, i) => (i + 1) / 20);
    const y = p.map(() => 0);
    expect(conformalQuantile(p, y, 0.1)).toBeCloseTo(0.9, 12);
    expect(conformalQuantile(p.slice(0, 5), y.slice(0, 5), 0.05)).toBe(1);
  });

  it('when calibration and test rows are exchangeable, then conformal sets cover at least 1 − α of test labels', () => {
    const rng = new Rng(3);
    const draw = (n: number) => {
      const p = Array.from({ length: n }, () => rng.next());
      return { p, y: p.map((v) => (rng.next() < v ? 1 : 0)) };
    };
    const cal = draw(2000);
    const test = draw(20000);
    const qhat = conformalQuantile(cal.p, cal.y, 0.05);
    const covered = test.p.filter((p, i) => {
      const s = conformalSet(p, qhat);
      return s === 'both' || (s === 'problem') === (test.y[i] === 1);
    }).length;
    expect(covered / test.p.length).toBeGreaterThanOrEqual(0.94);
  });

  it('when folding by buurt, then no buurt appears in two folds', () => {
    const groups = Array.from({ length: 900 }, (_, i) => `BU${i % 37}`);
    const folds = groupFolds(groups, 5, 1);
    const foldOf = new Map<string, number>();
    groups.forEach((g, i) => {
      expect(foldOf.get(g) ?? folds[i]).toBe(folds[i]);
      foldOf.set(g, folds[i]);
    });
    expect(new Set(folds).size).toBe(5);
  });

  it('when partitioning by buurt, then every row is in one part and parts are near their target fractions', () => {
    const rng = new Rng(2);
    const groups = Array.from({ length: 5000 }, () => `BU${rng.int(50)}`);
    const parts = groupPartition(groups, { fit: 0.55, valid: 0.1, calibration: 0.15, test: 0.2 }, 4);
    const all = [...parts.fit, ...parts.valid, ...parts.calibration, ...parts.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(Math.abs(parts.test.length / 5000 - 0.2)).toBeLessThan(0.05);
    const buurtenIn = (idx: number[]) => new Set(idx.map((i) => groups[i]));
    const testBuurten = buurtenIn(parts.test);
    expect([...buurtenIn(parts.fit)].some((b) => testBuurten.has(b))).toBe(false);
  });
});

import type { ConformalLabel } from '../../service/domain/conformal.js';
import {
  buurtSumErrorPer100,
  certaintyFigures,
  coverageByGroup,
  expectedCalibrationError,
  meanRatio,
  quantile,
  shareWhere,
  spreadOf,
  toldBoth,
  toldNoProblem,
} from '../../training/eval/certainty-metrics.js';

const NO: ConformalLabel[] = ['no-problem'];
const YES: ConformalLabel[] = ['problem'];
const BOTH: ConformalLabel[] = ['no-problem', 'problem'];

describe('certainty metrics', () => {
  it('when probabilities sum to twice the true count, then mean p ÷ true rate is 2', () => {
    expect(meanRatio([0.5, 0.5, 0.5, 0.5], [1, 0, 0, 0])).toBe(2);
    expect(meanRatio([0.2], [0])).toBeNaN();
  });

  it('when every bin predicts its observed rate, then ECE is 0; when all say 0.9 and half are bad, then it is 0.4', () => {
    expect(expectedCalibrationError([0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75], [1, 0, 0, 0, 1, 1, 1, 0])).toBeCloseTo(0, 12);
    expect(expectedCalibrationError([0.9, 0.9, 0.9, 0.9], [1, 1, 0, 0])).toBeCloseTo(0.4, 12);
  });

  it('when one buurt is over by 1 and another under by 1 over 4 buildings, then the buurt-sum error is 50 per 100, not 0', () => {
    expect(buurtSumErrorPer100([1, 0, 0, 0], [0, 0, 1, 0], ['a', 'a', 'b', 'b'])).toBe(50);
    expect(buurtSumErrorPer100([1, 0, 0, 0], [0, 1, 0, 0], ['a', 'a', 'b', 'b'])).toBe(0);
  });

  it('when quantiles are taken, then they interpolate between order statistics and skip NaN', () => {
    expect(quantile([4, 1, 3, 2, Number.NaN], 0.5)).toBe(2.5);
    expect(quantile([0, 10], 0.05)).toBeCloseTo(0.5, 12);
    expect(spreadOf([1, 2, 3, Number.NaN])).toMatchObject({ mean: 2, min: 1, max: 3, runs: 3 });
    expect(spreadOf([Number.NaN]).runs).toBe(0);
  });

  it('when sets are read, then only exactly {no-problem} counts as told no-problem and two labels as both', () => {
    expect([NO, YES, BOTH].map(toldNoProblem)).toEqual([true, false, false]);
    expect([NO, YES, BOTH].map(toldBoth)).toEqual([false, false, true]);
    expect(
      shareWhere(
        4,
        (i) => i % 2 === 0,
        (i) => i === 0,
      ),
    ).toBe(0.5);
    expect(
      shareWhere(
        3,
        () => false,
        () => true,
      ),
    ).toBeNaN();
  });

  it('when coverage is taken per group, then groups below the minimum size are left out', () => {
    const byGroup = coverageByGroup([NO, YES, BOTH, NO], [1, 1, 0, 0], ['a', 'a', 'a', 'b'], 2);
    expect([...byGroup]).toEqual([['a', 2 / 3]]);
  });

  it('when a run is summarised, then coverage per label, the no-problem shares and the stock figures follow the fixture', () => {
    const n = 8;
    const figures = certaintyFigures(
      {
        pSurvey: [0.9, 0.2, 0.6, 0.1, 0.5, 0.3, 0.2, 0.1],
        pStock: Array(n).fill(null),
        sets: [YES, NO, BOTH, NO, BOTH, NO, NO, NO],
        truth: [1, 1, 0, 0, 1, 0, 0, 0],
        surveyed: [true, false, true, false, false, false, false, false],
        buurt: Array(n).fill('BU1'),
        period: ['voor 1920', 'voor 1920', 'voor 1920', 'vanaf 1995', 'vanaf 1995', 'vanaf 1995', 'vanaf 1995', 'vanaf 1995'],
      },
      { p: [0.9, 0.6], label: [1, 0] },
      ['voor 1920', 'vanaf 1995'],
    );
    expect(figures['sets: coverage, truly D/E']).toBeCloseTo(2 / 3, 12); // the {no-problem} bad one is missed
    expect(figures['sets: coverage, truly good']).toBe(1);
    expect(figures['sets: coverage, built voor 1920']).toBeCloseTo(2 / 3, 12);
    expect(figures['sets: truly bad unsurveyed told {no-problem}']).toBe(0.5);
    expect(figures['sets: truly good unsurveyed told {no-problem}']).toBe(1);
    expect(figures['sets: share {both}, surveyed buildings']).toBe(0.5);
    expect(figures['survey scale: mean p ÷ true rate']).toBeCloseTo(2.9 / 3, 12);
    expect(figures['stock scale: mean p ÷ true rate']).toBeNaN();
    expect(figures['surveyed test rows: AUC vs register label']).toBe(1);
  });
});

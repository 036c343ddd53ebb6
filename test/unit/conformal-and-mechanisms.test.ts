import { conformalSet } from '../../service/domain/conformal.js';
import { mechanismVerdicts } from '../../service/domain/mechanisms.js';
import type { FeatureInput } from '../../service/features/feature-spec.js';
import { featureInputOf } from '../../service/features/inputs.js';

const survey = { alpha: 0.05, qhat: 0.7 };
const groups = [
  { name: 'oud', fromYear: null, toYear: 1930, rows: 100, problemFrom: 0, noProblemUpTo: 1 },
  { name: 'nieuw', fromYear: 1931, toYear: null, rows: 100, problemFrom: null, noProblemUpTo: 2 },
];
const mondrian = {
  ...survey,
  mondrian: {
    guarantee: 'mondrian-label-period' as const,
    calibrationRows: 200,
    calibrationBuurten: 20,
    label: { problemFrom: 0, noProblemUpTo: 1 },
    periodGroups: groups,
  },
};

describe('conformal set without an audit sample (survey scale, marginal)', () => {
  it('when the probability is clearly high, then the set is {problem} and says its guarantee is marginal over surveyed buildings', () => {
    expect(conformalSet(survey, 0, 0.95, 1900)).toMatchObject({
      alpha: 0.05,
      set: ['problem'],
      verdict: 'problem',
      guarantee: 'marginal-surveyed',
    });
  });
  it('when the probability is in the middle, then both labels remain and the verdict is uncertain', () => {
    expect(conformalSet(survey, 0, 0.5, 1900).verdict).toBe('uncertain');
  });
  it('when qhat is small and nothing conforms, then the set widens to both labels instead of being empty', () => {
    expect(conformalSet({ alpha: 0.05, qhat: 0.2 }, 0, 0.5, 1900).set).toEqual(['no-problem', 'problem']);
  });
});

describe('stock-directed Mondrian set', () => {
  it("when the margin is below the period group's problem threshold, then the set is {no-problem}", () => {
    expect(conformalSet(mondrian, -0.5, 0.9, 1900)).toMatchObject({
      set: ['no-problem'],
      verdict: 'no-problem',
      guarantee: 'mondrian-label-period',
    });
  });
  it("when the margin is above the group's no-problem threshold, then the set is {problem}", () => {
    expect(conformalSet(mondrian, 1.5, 0.1, 1900).set).toEqual(['problem']);
  });
  it('when a group has too few calibration rows for a label (null threshold), then that label always stays in the set', () => {
    expect(conformalSet(mondrian, -5, 0.01, 1990).set).toEqual(['no-problem', 'problem']);
  });
  it('when the construction year is unknown, then both labels stay', () => {
    expect(conformalSet(mondrian, -5, 0.01, null).verdict).toBe('uncertain');
  });
  it('when a set is given, then its wording speaks of buildings like this one and never promises anything about this house', () => {
    const a = conformalSet(mondrian, -0.5, 0.9, 1900);
    expect(a.guaranteeNl).toMatch(/gebouwen zoals dit/);
    expect(a.guaranteeNl).toMatch(/geen belofte/);
    expect(a.guaranteeEn).toMatch(/not a promise about this particular house/);
  });
});

const base: FeatureInput = featureInputOf({
  bouwjaar: 1910,
  woningtype: 'rijwoning',
  bouwlagen: 2,
  maaiveld_nap_m: -1,
  veendikte_m: 3.5,
  pleistoceen_nap_m: -17,
  grondwater_nap_m: -1.4,
  bodemdaling_mm_jr: -3,
  paallengte_m: null,
  funderingtype: null,
});
const byCode = (x: FeatureInput) => Object.fromEntries(mechanismVerdicts(x, 2026).map((m) => [m.code, m]));

describe('rule-based mechanisms', () => {
  it('when groundwater is below the assumed pile heads of a pre-1920 house, then drystand is D or E', () => {
    expect(['D', 'E']).toContain(byCode({ ...base, grondwater_nap_m: -2.0 }).droogstand.riskClass);
  });
  it('when the pile heads stay well under water, then drystand is A', () => {
    expect(byCode({ ...base, grondwater_nap_m: -0.5 }).droogstand.riskClass).toBe('A');
  });
  it('when the house has concrete piles, then drystand and bacterial decay do not apply', () => {
    const v = byCode({ ...base, funderingtype: 'betonnen-palen' });
    expect(v.droogstand.riskClass).toBeNull();
    expect(v.bacterieel.riskClass).toBeNull();
  });
  it('when old wooden piles are short, then bacterial decay is D', () => {
    expect(byCode({ ...base, paallengte_m: 10 }).bacterieel.riskClass).toBe('D');
  });
  it('when the foundation is shallow with a deep dry zone and fast subsidence, then ontwateringsdiepte is D', () => {
    expect(byCode({ ...base, funderingtype: 'op-staal', grondwater_nap_m: -2.2, bodemdaling_mm_jr: -4 }).ontwateringsdiepte.riskClass).toBe(
      'D',
    );
  });
  it('when groundwater is unknown, then drystand says unknown instead of guessing', () => {
    expect(byCode({ ...base, grondwater_nap_m: null }).droogstand.riskClass).toBeNull();
  });
});

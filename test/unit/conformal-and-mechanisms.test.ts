import { conformalSet } from '../../service/domain/conformal.js';
import { mechanismVerdicts } from '../../service/domain/mechanisms.js';
import type { FeatureInput } from '../../service/features/feature-spec.js';

describe('conformal set', () => {
  it('when the probability is clearly high, then the set is {problem}', () => {
    expect(conformalSet(0.95, 0.7, 0.05)).toEqual({ alpha: 0.05, set: ['problem'], verdict: 'problem' });
  });
  it('when the probability is in the middle, then both labels remain and the verdict is uncertain', () => {
    expect(conformalSet(0.5, 0.7, 0.05).verdict).toBe('uncertain');
  });
  it('when qhat is small and nothing conforms, then the set widens to both labels instead of being empty', () => {
    expect(conformalSet(0.5, 0.2, 0.05).set).toEqual(['no-problem', 'problem']);
  });
});

const base: FeatureInput = {
  bouwjaar: 1910, woningtype: 'rijwoning', bouwlagen: 2, maaiveld_nap_m: -1, veendikte_m: 3.5, pleistoceen_nap_m: -17,
  grondwater_nap_m: -1.4, bodemdaling_mm_jr: -3, paallengte_m: null, funderingtype: null,
};
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
    expect(byCode({ ...base, funderingtype: 'op-staal', grondwater_nap_m: -2.2, bodemdaling_mm_jr: -4 }).ontwateringsdiepte.riskClass).toBe('D');
  });
  it('when groundwater is unknown, then drystand says unknown instead of guessing', () => {
    expect(byCode({ ...base, grondwater_nap_m: null }).droogstand.riskClass).toBeNull();
  });
});

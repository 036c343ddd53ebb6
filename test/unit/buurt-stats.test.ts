import { computeBuurtStats, publicSummary } from '../../service/domain/buurt-stats.js';
import { exposedCount, suppressedCounts } from '../../service/domain/suppression.js';

let nextPand = 0;
const nextPandId = () => {
  nextPand += 1;
  return `p${nextPand}`;
};
const entry = (
  bouwjaar: number | null,
  probability: number | null,
  opts: { surveyed?: boolean; restored?: boolean; stock?: number; margin?: number; pandId?: string } = {},
) => ({
  address: { bouwjaar, pandId: opts.pandId ?? nextPandId() },
  register: opts.surveyed || opts.restored ? { onderzocht: !!opts.surveyed, hersteld: !!opts.restored } : null,
  score: {
    probability,
    probabilityStock: probability === null ? null : (opts.stock ?? null),
    margin: probability === null ? null : (opts.margin ?? 0),
    riskClass: probability === null ? null : probability >= 0.5 ? ('D' as const) : ('A' as const),
  },
});

describe('buurt statistics', () => {
  it('when probabilities are known, then the expected number of problems is their sum and the mean skips unscored rows', () => {
    const s = computeBuurtStats([entry(1900, 0.8), entry(1930, 0.4), entry(2000, null, { restored: true })]);
    expect(s.sumProbability).toBeCloseTo(1.2);
    expect(s.scored).toBe(2);
    expect(s.pre1945).toBe(2);
    expect(s.restored).toBe(1);
    expect(s.byClass['niet gescoord']).toBe(1);
  });

  it('when a count is between 1 and 9, then the public summary suppresses it and the share that would reveal it', () => {
    const rows = [
      ...Array.from({ length: 30 }, () => entry(1980, 0.05)),
      ...Array.from({ length: 3 }, () => entry(1900, 0.9, { surveyed: true })),
    ];
    const p = publicSummary(computeBuurtStats(rows), 10);
    expect(p.dwellings).toBe(33);
    expect(p.surveyed).toBeNull();
    expect(p.sharePre1945).toBeNull();
    expect(p.shareDE).toBeNull();
    expect(p.meanProbabilitySurvey).not.toBeNull();
    expect(p.restored).toBe(0);
  });

  it('when one cell of a breakdown is hidden, then a second one is hidden too so the total cannot give it back', () => {
    const rel = [{ total: 't', parts: ['a', 'b', 'c'] }];
    expect([...suppressedCounts({ t: 45, a: 30, b: 12, c: 3 }, rel, 10)].sort()).toEqual(['b', 'c']);
    expect([...suppressedCounts({ t: 33, a: 30, b: 0, c: 3 }, rel, 10)].sort()).toEqual(['a', 'c']);
    expect([...suppressedCounts({ t: 82, a: 30, b: 12, c: 40 }, rel, 10)]).toEqual([]);
  });

  it('when two hidden cells add up to 2, then each is known to be 1, so a third is hidden', () => {
    const rel = [{ total: 't', parts: ['a', 'b', 'c', 'd'] }];
    expect(exposedCount({ t: 52, a: 30, b: 20, c: 1, d: 1 }, rel, new Set(['c', 'd']))).not.toBeNull();
    expect([...suppressedCounts({ t: 52, a: 30, b: 20, c: 1, d: 1 }, rel, 10)].sort()).toEqual(['b', 'c', 'd']);
  });

  it('when a count is tied to two breakdowns, then hiding one cell in each is not enough if the relations together give it back', () => {
    // t = a + b = c + d, s = a + c published: a hidden alone in its row is exposed through s.
    const rel = [
      { total: 't', parts: ['a', 'b'] },
      { total: 't', parts: ['c', 'd'] },
      { total: 's', parts: ['a', 'c'] },
    ];
    const hidden = suppressedCounts({ t: 40, a: 5, b: 35, c: 15, d: 25, s: 20 }, rel, 10);
    expect(exposedCount({ t: 40, a: 5, b: 35, c: 15, d: 25, s: 20 }, rel, hidden)).toBeNull();
    expect(hidden.has('a')).toBe(true);
  });

  it('when a summary is published, then no hidden count can be recovered from totals or shares', () => {
    const rows = [
      ...Array.from({ length: 40 }, () => entry(1980, 0.05)),
      ...Array.from({ length: 3 }, () => entry(1900, 0.9)),
      ...Array.from({ length: 12 }, () => entry(1930, 0.3)),
    ];
    const p = publicSummary(computeBuurtStats(rows), 10);
    for (const breakdown of [p.byPeriod.map((b) => b.count), p.byClass.map((b) => b.count)]) {
      expect(breakdown.filter((c) => c === null).length).not.toBe(1);
    }
    expect(p.shareDE).toBeNull();
    expect(p.expectedProblemsSurvey).not.toBeNull();
  });

  it('when the unscored cell is small but the expected problems and mean would give it back, then the expected problems are withheld', () => {
    const rows = [
      ...Array.from({ length: 40 }, () => entry(1980, 0.05)),
      ...Array.from({ length: 20 }, () => entry(1930, 0.3)),
      ...Array.from({ length: 3 }, () => entry(1900, null)),
    ];
    const p = publicSummary(computeBuurtStats(rows), 10);
    expect(p.byClass.find((c) => c.riskClass === 'niet gescoord')!.count).toBeNull();
    expect(p.meanProbabilitySurvey).not.toBeNull();
    expect(p.expectedProblemsSurvey).toBeNull();
  });

  it('when the whole buurt has fewer than 10 dwellings, then only that it is small is shown', () => {
    const p = publicSummary(computeBuurtStats(Array.from({ length: 4 }, () => entry(1900, 0.9))), 10);
    expect(p.dwellings).toBeNull();
    expect(p.meanProbability).toBeNull();
    expect(p.expectedProblems).toBeNull();
    expect(p.byPeriod.every((b) => b.count === null)).toBe(true);
  });

  it('when the model has a stock scale, then expectedProblems sums the stock probabilities and the survey sum keeps its own name', () => {
    const rows = Array.from({ length: 20 }, (_, i) => entry(1900, 0.6, { stock: 0.2, margin: i % 2 }));
    const p = publicSummary(computeBuurtStats(rows, [0, 0, 0]), 10);
    expect(p.expectedProblems).toBeCloseTo(4, 6);
    expect(p.meanProbability).toBeCloseTo(0.2, 6);
    expect(p.expectedProblemsSurvey).toBeCloseTo(12, 6);
    expect(p.meanProbabilitySurvey).toBeCloseTo(0.6, 6);
  });

  it('when the model has no stock scale, then every stock figure is null and the survey figures remain', () => {
    const p = publicSummary(
      computeBuurtStats(
        Array.from({ length: 20 }, () => entry(1900, 0.6)),
        null,
      ),
      10,
    );
    expect([p.expectedProblems, p.expectedProblemsInterval, p.meanProbability]).toEqual([null, null, null]);
    expect(p.expectedProblemsSurvey).toBeCloseTo(12, 6);
  });

  it('when dwellings share a pand, then their variance counts one foundation (n² · p(1 − p)), not n separate ones', () => {
    const flats = Array.from({ length: 20 }, () => entry(1900, 0.5, { stock: 0.3, pandId: 'blok' }));
    const houses = Array.from({ length: 20 }, () => entry(1900, 0.5, { stock: 0.3 }));
    expect(computeBuurtStats(flats, [0, 0, 0]).stock?.variance).toBeCloseTo(400 * 0.21, 9);
    expect(computeBuurtStats(houses, [0, 0, 0]).stock?.variance).toBeCloseTo(20 * 0.21, 9);
    const [lo, hi] = publicSummary(computeBuurtStats(houses, [0, 0, 0]), 10).expectedProblemsInterval!;
    expect(hi - lo).toBeCloseTo(2 * 1.96 * Math.sqrt(20 * 0.21), 1);
  });

  it('when the stock calibration is uncertain, then the interval widens with its covariance and stays within [0, scored]', () => {
    const rows = Array.from({ length: 50 }, () => entry(1900, 0.5, { stock: 0.1, margin: -1 }));
    const narrow = publicSummary(computeBuurtStats(rows, [0, 0, 0]), 10).expectedProblemsInterval!;
    const wide = publicSummary(computeBuurtStats(rows, [0.04, 0, 0.04]), 10).expectedProblemsInterval!;
    expect(wide[1] - wide[0]).toBeGreaterThan(narrow[1] - narrow[0]);
    expect(wide[0]).toBeGreaterThanOrEqual(0);
    expect(wide[1]).toBeLessThanOrEqual(50);
  });
});

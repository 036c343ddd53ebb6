import { PERIOD_LABELS } from '../../service/domain/buurt-stats.js';
import { type PlanCandidate, inArea, pointInGeometry } from '../../service/domain/plans-candidates.js';
import { auditOrder, expectedFound, informationGain } from '../../service/domain/plans.js';

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

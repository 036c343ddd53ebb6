import { publishedFactorGroups } from '../../service/domain/buurt-factors-suppression.js';

const wijkOf = new Map([
  ['b1', 'w1'],
  ['b2', 'w1'],
  ['b3', 'w2'],
  ['b4', 'w2'],
  ['b5', 'w3'],
]);
/** The groups a differencing attacker reaches that hold 1 to 9 buildings. */
function smallestAtoms(n: Map<string, number>, p: { buurten: Set<string>; wijken: Set<string> }): string[] {
  const small = (v: number) => v > 0 && v < 10;
  const out: string[] = [];
  for (const w of p.wijken) {
    const rest = [...n].filter(([b]) => wijkOf.get(b) === w && !p.buurten.has(b)).reduce((a, [, v]) => a + v, 0);
    if (small(rest)) out.push(w);
  }
  const muni = [...n].filter(([b]) => !p.buurten.has(b) && !p.wijken.has(wijkOf.get(b)!)).reduce((a, [, v]) => a + v, 0);
  if (small(muni)) out.push('municipality');
  for (const b of p.buurten) if (small(n.get(b)!)) out.push(b);
  return out;
}
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('which areas may publish their factors', () => {
  it('when every buurt is large, then every buurt and wijk is published', () => {
    const n = new Map([
      ['b1', 50],
      ['b2', 40],
      ['b3', 30],
      ['b4', 60],
      ['b5', 20],
    ]);
    const p = publishedFactorGroups(n, wijkOf, total(n), 10);
    expect([...p.buurten].sort()).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    expect([...p.wijken].sort()).toEqual(['w1', 'w2', 'w3']);
  });

  it('when a buurt is small, then it is withheld and so is its neighbour (the wijk minus the neighbour would give it back)', () => {
    const n = new Map([
      ['b1', 50],
      ['b2', 4],
      ['b3', 30],
      ['b4', 60],
      ['b5', 20],
    ]);
    const p = publishedFactorGroups(n, wijkOf, total(n), 10);
    expect(p.buurten.has('b2')).toBe(false);
    expect(p.buurten.has('b1') && p.wijken.has('w1')).toBe(false);
    expect(smallestAtoms(n, p)).toEqual([]);
  });

  it('when two small buurten of one wijk together reach the threshold, then the wijk is published and they are not', () => {
    const n = new Map([
      ['b1', 6],
      ['b2', 5],
      ['b3', 30],
      ['b4', 60],
      ['b5', 20],
    ]);
    const p = publishedFactorGroups(n, wijkOf, total(n), 10);
    expect(p.wijken.has('w1')).toBe(true);
    expect(p.buurten.has('b1') || p.buurten.has('b2')).toBe(false);
    expect(smallestAtoms(n, p)).toEqual([]);
  });

  it('when the municipality itself is small, then nothing is published', () => {
    const n = new Map([
      ['b1', 3],
      ['b2', 2],
    ]);
    expect(publishedFactorGroups(n, wijkOf, 5, 10)).toEqual({ buurten: new Set(), wijken: new Set() });
  });
});

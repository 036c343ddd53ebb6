import fc from 'fast-check';
import { type StreetNameRow, StreetIndex, type StreetPair } from '../../service/adapters/postgis/street-index.js';
import { wordKeys } from '../../service/adapters/postgis/search-keys.js';
import { parseAddressQuery } from '../../service/domain/address-query.js';
import { hasTolerantWords, tolerantWordScore, wordScore } from '../../service/domain/address-ranking.js';
import type { AddressRecord } from '../../service/domain/records.js';

/** Names built from a few shared pieces, so words, prefixes, "ij"/"y" and hyphens collide across pairs. */
const PIECES = ['zuid', 'dijk', 'kerk', 'straat', 'weg', 'ijssel', 'yzer', 'oude', 'van der', 'veen', 'noord-', 'pad', 'a', 'zaan', 'de'];
const PLACES = ['Zaandam', 'Koog aan de Zaan', 'Wormerveer', 'IJmuiden', 'Oost-Knollendam', 'Dijkhuizen'];

const nameOf = (parts: number[]) =>
  parts
    .map((i) => PIECES[i])
    .join('')
    .replace(/^./, (c) => c.toUpperCase());
const pairArb = fc.record({
  straat: fc.array(fc.integer({ min: 0, max: PIECES.length - 1 }), { minLength: 1, maxLength: 3 }).map(nameOf),
  woonplaats: fc.constantFrom(...PLACES),
});

function pairsOf(raw: { straat: string; woonplaats: string }[]): StreetNameRow[] {
  const seen = new Map<string, StreetNameRow>();
  raw.forEach((r, i) => {
    const key = `${r.straat}\u0000${r.woonplaats}`;
    if (!seen.has(key)) seen.set(key, { ...r, wordKeys: wordKeys(r), firstOrd: i });
  });
  return [...seen.values()];
}

/** One typed word from a pair's names: a piece of it, perhaps with one letter left out, added, replaced or swapped. */
const typedArb = fc.record({
  from: fc.nat(),
  place: fc.boolean(),
  start: fc.nat({ max: 8 }),
  length: fc.integer({ min: 1, max: 10 }),
  edit: fc.constantFrom('none', 'drop', 'add', 'replace', 'swap'),
  at: fc.nat({ max: 8 }),
  letter: fc.constantFrom('a', 'e', 'i', 'j', 'k', 'y', 'z'),
});

type Typed = typeof typedArb extends fc.Arbitrary<infer T> ? T : never;

function typedWord(pairs: StreetNameRow[], t: Typed): string {
  const p = pairs[t.from % pairs.length];
  const name = (t.place ? p.woonplaats : p.straat).toLowerCase().replace(/[\s-]/g, '');
  let w = name.slice(Math.min(t.start, name.length - 1), Math.min(t.start, name.length - 1) + t.length);
  const i = Math.min(t.at, w.length - 1);
  if (t.edit === 'drop') w = w.slice(0, i) + w.slice(i + 1);
  else if (t.edit === 'add') w = w.slice(0, i) + t.letter + w.slice(i);
  else if (t.edit === 'replace') w = w.slice(0, i) + t.letter + w.slice(i + 1);
  else if (t.edit === 'swap' && i + 1 < w.length) w = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  return w;
}

const asRecord = (p: StreetPair) => ({ straat: p.straat, woonplaats: p.woonplaats }) as AddressRecord;
/** A pair by its names (the index keeps its own objects). */
const nameKey = (p: StreetPair) => `${p.straat}\u0000${p.woonplaats}`;

describe('the street index of the PostGIS store', () => {
  it('when a word query is asked for, then its exact candidates hold every pair under the key that matches every word, and only pairs under it', () => {
    fc.assert(
      fc.property(fc.array(pairArb, { minLength: 1, maxLength: 60 }), fc.array(typedArb, { minLength: 1, maxLength: 3 }), (raw, typed) => {
        const pairs = pairsOf(raw);
        const index = new StreetIndex(pairs);
        const q = parseAddressQuery(typed.map((t) => typedWord(pairs, t)).join(' '));
        fc.pre(q.words.length > 0);
        for (const key of q.words.map((w) => w.slice(0, 2))) {
          const candidates = new Set(index.exactCandidates(q, key).map(nameKey));
          const underKey = new Set(pairs.filter((p) => p.wordKeys.includes(key)).map(nameKey));
          const expected = pairs.filter((p) => p.wordKeys.includes(key) && wordScore(q, asRecord(p)) !== null);
          for (const p of expected) expect(candidates.has(nameKey(p))).toBe(true);
          for (const c of candidates) expect(underKey.has(c)).toBe(true);
          expect(index.keyCount(key)).toBe(pairs.filter((p) => p.wordKeys.includes(key)).length);
        }
      }),
      { numRuns: 400, seed: 13 },
    );
  });

  it('when a query with a long enough word is asked for, then its tolerant candidates hold every pair that matches with or without a typo', () => {
    fc.assert(
      fc.property(fc.array(pairArb, { minLength: 1, maxLength: 60 }), fc.array(typedArb, { minLength: 1, maxLength: 3 }), (raw, typed) => {
        const pairs = pairsOf(raw);
        const index = new StreetIndex(pairs);
        const q = parseAddressQuery(typed.map((t) => typedWord(pairs, t)).join(' '));
        fc.pre(q.words.length > 0 && hasTolerantWords(q));
        const candidates = new Set(index.tolerantCandidates(q).map(nameKey));
        for (const p of pairs) {
          const name = nameKey(p);
          if (tolerantWordScore(q, asRecord(p)) !== null) expect({ name, found: candidates.has(name) }).toEqual({ name, found: true });
        }
      }),
      { numRuns: 400, seed: 19 },
    );
  });

  it('when "ij" is typed as "y" or a letter is left out, then the street is a tolerant candidate and others are not', () => {
    const pairs = pairsOf([
      { straat: 'Zuiddijk', woonplaats: 'Zaandam' },
      { straat: 'Kerkstraat', woonplaats: 'Wormerveer' },
      { straat: 'Oude Zuiddijk', woonplaats: 'Koog aan de Zaan' },
    ]);
    const index = new StreetIndex(pairs);
    for (const text of ['zuiddyk 12', 'zuidijk', 'ZUIDIJK']) {
      expect(index.tolerantCandidates(parseAddressQuery(text)).map((p) => p.straat)).toEqual(['Zuiddijk', 'Oude Zuiddijk']);
    }
    expect(index.tolerantCandidates(parseAddressQuery('kerkstrat')).map((p) => p.straat)).toEqual(['Kerkstraat']);
    expect(index.exactCandidates(parseAddressQuery('dijk'), 'di')).toEqual([]);
    expect(index.exactCandidates(parseAddressQuery('oude zuidd'), 'zu').map((p) => p.straat)).toEqual(['Oude Zuiddijk']);
  });

  it('when pairs are indexed, then they come in order of their first address and the index weighs a bounded number of bytes per pair', () => {
    const pairs = pairsOf(fc.sample(pairArb, { numRuns: 500, seed: 1 }));
    const index = new StreetIndex([...pairs].reverse());
    expect(index.pairs.map((p) => p.firstOrd)).toEqual([...pairs].map((p) => p.firstOrd).sort((a, b) => a - b));
    expect(index.approximateBytes() / pairs.length).toBeLessThan(4_000);
  });
});

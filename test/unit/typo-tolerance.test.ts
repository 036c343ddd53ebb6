import { parseAddressQuery } from '../../service/domain/address-query.js';
import { tolerantWordScore, wordScore } from '../../service/domain/address-ranking.js';
import { prefixWithinOneEdit, withinOneEdit } from '../../service/domain/typo-tolerance.js';
import type { AddressRecord } from '../../service/domain/records.js';

const at = (straat: string, woonplaats = 'Zaandam') => ({ straat, woonplaats }) as AddressRecord;

describe('one-edit matching', () => {
  it.each([
    ['zuidijk', 'zuiddijk'],
    ['zuiddiijk', 'zuiddijk'],
    ['zuiddyjk', 'zuiddijk'],
    ['zuididjk', 'zuiddijk'],
    ['xuiddijk', 'zuiddijk'],
  ])('when "%s" is one edit from "%s", then it is within one edit', (w, t) => {
    expect(withinOneEdit(w, t)).toBe(true);
  });

  it.each([
    ['zudijk', 'zuiddijk'],
    ['zuiddjik', 'zuidijk'],
    ['abcd', 'dcba'],
  ])('when "%s" is two edits from "%s", then it is not', (w, t) => {
    expect(withinOneEdit(w, t)).toBe(false);
  });

  it('when a typed start is one edit from the start of a word, then it matches as a prefix only', () => {
    expect(prefixWithinOneEdit('zuidd', 'zuiddijk')).toBe(true);
    expect(prefixWithinOneEdit('zuied', 'zuiddijk')).toBe(true);
    expect(withinOneEdit('zuied', 'zuiddijk')).toBe(false);
    expect(prefixWithinOneEdit('zxxd', 'zuiddijk')).toBe(false);
  });
});

describe('tolerantWordScore', () => {
  it('when "ij" is typed as "y", then the street matches as a whole word', () => {
    expect(tolerantWordScore(parseAddressQuery('zuiddyk'), at('Zuiddijk'))).toBe(5);
  });

  it('when the words match exactly, then the score is the exact one, above any typo match', () => {
    const q = parseAddressQuery('zuiddijk');
    expect(tolerantWordScore(q, at('Zuiddijk'))).toBe(wordScore(q, at('Zuiddijk')));
    expect(tolerantWordScore(q, at('Zuiddijk'))!).toBeGreaterThan(tolerantWordScore(parseAddressQuery('zuidijk'), at('Zuiddijk'))!);
  });

  it('when a word is shorter than four letters, then it is not matched with a typo', () => {
    expect(tolerantWordScore(parseAddressQuery('zud'), at('Zuiddijk'))).toBeNull();
  });

  it('when a typed place has a typo, then it matches the place, below a street typo', () => {
    expect(tolerantWordScore(parseAddressQuery('zaandan'), at('Zuiddijk'))).toBe(3);
  });
});

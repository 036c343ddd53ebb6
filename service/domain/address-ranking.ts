import { type AddressQuery, normaliseText } from './address-query.js';
import { foldIj, prefixWithinOneEdit, variants, withinOneEdit } from './typo-tolerance.js';
import type { AddressRecord } from './records.js';

/** Natural order of addresses: postcode, number, letter, addition. */
export function compareAddresses(a: AddressRecord, b: AddressRecord): number {
  return (
    a.postcode.localeCompare(b.postcode) ||
    a.huisnummer - b.huisnummer ||
    (a.huisletter ?? '').localeCompare(b.huisletter ?? '') ||
    (a.toevoeging ?? '').localeCompare(b.toevoeging ?? '')
  );
}

/** Human label, e.g. "Zuiddijk 12A-2, 1506AB Zaandam". */
export function addressLabel(a: AddressRecord): string {
  const number = `${a.huisnummer}${a.huisletter ?? ''}${a.toevoeging ? `-${a.toevoeging}` : ''}`;
  return `${a.straat} ${number}, ${a.postcode.slice(0, 4)} ${a.postcode.slice(4)} ${a.woonplaats}`;
}

interface Names {
  street: string;
  place: string;
  streetTokens: string[];
  placeTokens: string[];
  /** The tokens as written and with "ij" written "y" (how the two are often typed for each other). */
  streetVariants: string[];
  placeVariants: string[];
}

const names = new WeakMap<AddressRecord, Names>();
function normalisedNames(a: AddressRecord): Names {
  let n = names.get(a);
  if (!n) {
    const street = normaliseText(a.straat);
    const place = normaliseText(a.woonplaats);
    const streetTokens = street.split(/[\s-]/);
    const placeTokens = place.split(/[\s-]/);
    n = {
      street,
      place,
      streetTokens,
      placeTokens,
      streetVariants: [...new Set(streetTokens.flatMap(variants))],
      placeVariants: [...new Set(placeTokens.flatMap(variants))],
    };
    names.set(a, n);
  }
  return n;
}

/** Points for one typed word matching exactly: the street's start 15, a street word's start or inside the street 8, the place 6. */
function exactWordPoints(w: string, n: Names): number | null {
  if (n.street.startsWith(w)) return 15;
  if (n.streetTokens.some((t) => t.startsWith(w)) || n.street.includes(w)) return 8;
  if (n.place.startsWith(w) || n.placeTokens.some((t) => t.startsWith(w))) return 6;
  return null;
}

/** The part of the match score that depends on the address's street and place names only. */
export function wordScore(q: AddressQuery, a: AddressRecord): number | null {
  return sumOfWords(q, normalisedNames(a), exactWordPoints);
}

/** The points of every typed word summed; null as soon as one word does not match. */
function sumOfWords(q: AddressQuery, n: Names, points: (w: string, n: Names) => number | null): number | null {
  let score = 0;
  for (const w of q.words) {
    const p = points(w, n);
    if (p === null) return null;
    score += p;
  }
  return score;
}

/** Typed words shorter than this (after folding "ij") must match exactly. */
export const MIN_TOLERANT_LENGTH = 4;

/** True when a query has a word long enough to be matched with a typo. */
export function hasTolerantWords(q: AddressQuery): boolean {
  return q.words.some((w) => foldIj(w).length >= MIN_TOLERANT_LENGTH);
}

/** True when some typed form matches some name form. (A plain function: no closure per call in this hot loop.) */
function nearAny(match: (x: string, y: string) => boolean, typed: readonly string[], names: readonly string[]): boolean {
  for (const x of typed) for (const y of names) if (match(x, y)) return true;
  return false;
}

/**
 * {@link wordScore} with typo tolerance: every word matches exactly (scored as there) or, when long
 * enough and with "ij" and "y" taken as equal, a whole street word within one edit (5), the start of a
 * street word within one edit (4) or the start of a place word within one edit (3); null when a word
 * matches neither way. A typo always scores below an exact match.
 */
export function tolerantWordScore(q: AddressQuery, a: AddressRecord): number | null {
  return sumOfWords(q, normalisedNames(a), tolerantWordPoints);
}

function tolerantWordPoints(w: string, n: Names): number | null {
  return exactWordPoints(w, n) ?? typoWordPoints(w, n);
}

/** Points for one typed word matching with a typo (see {@link tolerantWordScore}). */
function typoWordPoints(w: string, n: Names): number | null {
  if (foldIj(w).length < MIN_TOLERANT_LENGTH) return null;
  // As typed and folded: "zuiddyk" is "zuiddijk" folded, "zuididjk" one swap from "zuiddijk" as written.
  const typed = variants(w);
  if (nearAny(withinOneEdit, typed, n.streetVariants)) return 5;
  if (nearAny(prefixWithinOneEdit, typed, n.streetVariants)) return 4;
  if (nearAny(prefixWithinOneEdit, typed, n.placeVariants)) return 3;
  return null;
}

/** {@link matchScore} with typo tolerance ({@link tolerantWordScore}). */
export function tolerantMatchScore(q: AddressQuery, a: AddressRecord): number | null {
  return numbersAndWords(q, a, tolerantWordScore);
}

/** The highest score {@link numberScore} can give (full postcode, number, letter and addition). */
export const MAX_NUMBER_SCORE = 40 + 30 + 10 + 10;

/**
 * Points of the number part of a match (see {@link numberScore}); the PostGIS search ranks with the same
 * weights in SQL (service/adapters/postgis/address-search.ts), so both stores order alike.
 */
export const NUMBER_WEIGHTS = {
  /** The full postcode matches. */
  postcode: 40,
  /** The PC4 area matches (no full postcode asked). */
  pc4: 20,
  /** The house number matches exactly. */
  number: 30,
  /** The house number starts with the typed digits. */
  numberPrefix: 5,
  /** The asked letter (or addition) matches. */
  letter: 10,
  addition: 10,
  /** None asked and the address has none. */
  noLetter: 2,
  noAddition: 1,
} as const;

/** The part of the match score that depends on postcode, number, letter and addition. */
export function numberScore(q: AddressQuery, a: AddressRecord): number | null {
  const w = NUMBER_WEIGHTS;
  let score = 0;
  if (q.postcode) {
    if (a.postcode !== q.postcode) return null;
    score += w.postcode;
  } else if (q.pc4) {
    if (!a.postcode.startsWith(q.pc4)) return null;
    score += w.pc4;
  }
  if (q.huisnummer !== null) {
    if (a.huisnummer === q.huisnummer) score += w.number;
    else if (String(a.huisnummer).startsWith(String(q.huisnummer))) score += w.numberPrefix;
    else return null;
    if (q.huisletter !== null) {
      if ((a.huisletter ?? '').toUpperCase() === q.huisletter) score += w.letter;
      else if (a.huisletter !== null) return null;
    } else if (a.huisletter === null) score += w.noLetter;
    if (q.toevoeging !== null) {
      if ((a.toevoeging ?? '').toUpperCase() === q.toevoeging) score += w.addition;
      else if (a.toevoeging !== null) return null;
    } else if (a.toevoeging === null) score += w.noAddition;
  }
  return score;
}

/**
 * How well an address matches a parsed query; null when it does not match at all. Higher is better:
 * exact postcode and number beat prefixes, a matching letter/addition beats none, a street that starts
 * with the typed words beats one that merely contains them.
 */
export function matchScore(q: AddressQuery, a: AddressRecord): number | null {
  return numbersAndWords(q, a, wordScore);
}

function numbersAndWords(q: AddressQuery, a: AddressRecord, words: typeof wordScore): number | null {
  const n = numberScore(q, a);
  if (n === null) return null;
  const w = words(q, a);
  return w === null ? null : n + w;
}

/** Keeps the best `limit` scored entries: score descending, ties in natural address order. */
export class TopK<T extends { address: AddressRecord }> {
  private readonly kept: { entry: T; score: number }[] = [];

  constructor(private readonly limit: number) {}

  private before(a: { entry: T; score: number }, b: { entry: T; score: number }): boolean {
    return a.score > b.score || (a.score === b.score && compareAddresses(a.entry.address, b.entry.address) < 0);
  }

  /** True when an entry with this score could still enter the list. */
  wants(score: number): boolean {
    return this.kept.length < this.limit || score >= this.kept[this.kept.length - 1].score;
  }

  add(entry: T, score: number): void {
    if (this.limit <= 0) return;
    const item = { entry, score };
    const full = this.kept.length === this.limit;
    if (full && !this.before(item, this.kept[this.limit - 1])) return;
    if (full) this.kept.pop();
    let i = this.kept.length;
    this.kept.push(item);
    while (i > 0 && this.before(item, this.kept[i - 1])) {
      this.kept[i] = this.kept[i - 1];
      i -= 1;
    }
    this.kept[i] = item;
  }

  entries(): T[] {
    return this.kept.map((k) => k.entry);
  }
}

/**
 * Ranks candidate addresses against a query, best first, ties in natural address order; `score` is
 * {@link matchScore} (exact matches) or {@link tolerantMatchScore} (the typo-tolerant pass).
 */
export function rankAddresses<T extends { address: AddressRecord }>(
  q: AddressQuery,
  candidates: Iterable<T>,
  limit: number,
  score: typeof matchScore = matchScore,
): T[] {
  const top = new TopK<T>(limit);
  for (const entry of candidates) {
    const s = score(q, entry.address);
    if (s !== null && top.wants(s)) top.add(entry, s);
  }
  return top.entries();
}

import { type AddressQuery, normaliseText } from './address-query.js';
import type { AddressRecord } from './records.js';

/** Natural order of addresses: postcode, number, letter, addition. */
export function compareAddresses(a: AddressRecord, b: AddressRecord): number {
  return a.postcode.localeCompare(b.postcode) || a.huisnummer - b.huisnummer
    || (a.huisletter ?? '').localeCompare(b.huisletter ?? '') || (a.toevoeging ?? '').localeCompare(b.toevoeging ?? '');
}

/** Human label, e.g. "Zuiddijk 12A-2, 1506AB Zaandam". */
export function addressLabel(a: AddressRecord): string {
  const number = `${a.huisnummer}${a.huisletter ?? ''}${a.toevoeging ? `-${a.toevoeging}` : ''}`;
  return `${a.straat} ${number}, ${a.postcode.slice(0, 4)} ${a.postcode.slice(4)} ${a.woonplaats}`;
}

const names = new WeakMap<AddressRecord, [string, string]>();
function normalisedNames(a: AddressRecord): [string, string] {
  let n = names.get(a);
  if (!n) {
    n = [normaliseText(a.straat), normaliseText(a.woonplaats)];
    names.set(a, n);
  }
  return n;
}

/**
 * How well an address matches a parsed query; null when it does not match at all. Higher is better:
 * exact postcode and number beat prefixes, a matching letter/addition beats none, a street that starts
 * with the typed words beats one that merely contains them.
 */
export function matchScore(q: AddressQuery, a: AddressRecord): number | null {
  const [street, place] = normalisedNames(a);
  let score = 0;
  if (q.postcode) {
    if (a.postcode !== q.postcode) return null;
    score += 40;
  } else if (q.pc4) {
    if (!a.postcode.startsWith(q.pc4)) return null;
    score += 20;
  }
  if (q.huisnummer !== null) {
    if (a.huisnummer === q.huisnummer) score += 30;
    else if (String(a.huisnummer).startsWith(String(q.huisnummer))) score += 5;
    else return null;
    if (q.huisletter !== null) {
      if ((a.huisletter ?? '').toUpperCase() === q.huisletter) score += 10;
      else if (a.huisletter !== null) return null;
    } else if (a.huisletter === null) score += 2;
    if (q.toevoeging !== null) {
      if ((a.toevoeging ?? '').toUpperCase() === q.toevoeging) score += 10;
      else if (a.toevoeging !== null) return null;
    } else if (a.toevoeging === null) score += 1;
  }
  for (const w of q.words) {
    if (street.startsWith(w)) score += 15;
    else if (street.split(/[\s-]/).some((t) => t.startsWith(w)) || street.includes(w)) score += 8;
    else if (place.startsWith(w) || place.split(/[\s-]/).some((t) => t.startsWith(w))) score += 6;
    else return null;
  }
  return score;
}

/** Ranks candidate addresses against a query, best first, ties in natural address order. */
export function rankAddresses<T extends { address: AddressRecord }>(q: AddressQuery, candidates: Iterable<T>, limit: number): T[] {
  const scored: { entry: T; score: number }[] = [];
  for (const entry of candidates) {
    const score = matchScore(q, entry.address);
    if (score !== null) scored.push({ entry, score });
  }
  scored.sort((x, y) => y.score - x.score || compareAddresses(x.entry.address, y.entry.address));
  return scored.slice(0, limit).map((s) => s.entry);
}

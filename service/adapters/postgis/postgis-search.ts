import type { AddressQuery } from '../../domain/address-query.js';
import { hasTolerantWords, matchScore, tolerantMatchScore, tolerantWordScore } from '../../domain/address-ranking.js';
import type { AddressRecord } from '../../domain/records.js';
import {
  type Condition, type SearchRow, SEARCH_COLUMNS, STREET_GROUP_SQL, STREET_NUMBER_SQL, nameGroups, necessaryConditions, rankSearchRows,
  renderConditions, wordsDecide,
} from './address-search.js';

/** A distinct (street, place) pair from `street_names`, as cached per load. */
export interface StreetPair {
  straat: string;
  woonplaats: string;
  /** The normalised "street place" text ({@link searchText} of the loader). */
  searchText: string;
  /** Two-letter keys of its words. */
  wordKeys: string[];
}

/** What the search needs from the store: statements, and the street pairs of the current load. */
export interface SearchDb {
  rows<T extends object>(statement: string | { name: string; text: string }, values: unknown[], signal?: AbortSignal): Promise<T[]>;
  streetPairs(): Promise<StreetPair[]>;
}

const STREET_NUMBER = { name: 'fr_street_number', text: STREET_NUMBER_SQL };
const STREET_GROUP = { name: 'fr_street_group', text: STREET_GROUP_SQL };

/**
 * The memory store's candidate list for a word query: the streets under one word's two-letter key, the
 * smallest such list (the first of equals). Counted on the cached pairs, so it costs no round trip.
 */
function chosenKey(q: AddressQuery, pairs: readonly StreetPair[]): string {
  const keys = q.words.map((w) => w.slice(0, 2));
  const sizes = keys.map((k) => pairs.reduce((n, p) => n + (p.wordKeys.includes(k) ? 1 : 0), 0));
  return keys[sizes.indexOf(Math.min(...sizes))];
}

/** Addresses of the given pairs whose number and postcode fit, ranked by `score`. */
async function rankPairs(db: SearchDb, q: AddressQuery, pairs: readonly StreetPair[], limit: number, score: typeof matchScore, signal?: AbortSignal): Promise<string[]> {
  if (pairs.length === 0) return [];
  const numberLike = q.huisnummer === null ? '%' : `${q.huisnummer}%`;
  const rows = await db.rows<SearchRow>(STREET_NUMBER, [pairs.map((p) => p.straat), pairs.map((p) => p.woonplaats), numberLike], signal);
  return rankSearchRows(q, rows, limit, score);
}

/** Names-only queries: per score group of pairs, the first addresses in natural order. */
async function firstOfGroups(db: SearchDb, q: AddressQuery, pairs: readonly StreetPair[], limit: number, score: typeof matchScore, signal?: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  for (const group of nameGroups(q, pairs, score)) {
    if (ids.length >= limit) break;
    const rows = await db.rows<{ verblijfsobject_id: string }>(STREET_GROUP, [group.straten, group.woonplaatsen, limit - ids.length], signal);
    ids.push(...rows.map((r) => r.verblijfsobject_id));
  }
  return ids;
}

/** The exact pass, as the memory store makes it: candidates from one word key, or from the postcode/number lists. */
async function exactIds(db: SearchDb, q: AddressQuery, limit: number, signal?: AbortSignal): Promise<string[]> {
  let chosen: Condition | null = null;
  if (q.words.length > 0) {
    const pairs = await db.streetPairs();
    const key = chosenKey(q, pairs);
    if (wordsDecide(q)) {
      const candidates = pairs.filter((p) => p.wordKeys.includes(key) && q.words.every((w) => p.searchText.includes(w)));
      return q.huisnummer === null ? firstOfGroups(db, q, candidates, limit, matchScore, signal) : rankPairs(db, q, candidates, limit, matchScore, signal);
    }
    chosen = { sql: 'a.word_keys @> ARRAY[?]::text[]', values: [key] };
  } else if (q.postcode) chosen = { sql: 'a.postcode = ?', values: [q.postcode] };
  else if (q.pc4) chosen = { sql: 'a.postcode LIKE ?', values: [`${q.pc4}%`] };
  else if (q.huisnummer !== null) chosen = { sql: 'a.huisnummer = ?', values: [q.huisnummer] };
  if (!chosen) return [];
  const where = renderConditions([chosen, ...necessaryConditions(q)]);
  const rows = await db.rows<SearchRow>(`SELECT ${SEARCH_COLUMNS} FROM addresses a WHERE ${where.sql} ORDER BY a.ord`, where.values, signal);
  return rankSearchRows(q, rows, limit);
}

/** The typo-tolerant pass over every pair, best `limit` (callers drop what the exact pass found). */
async function tolerantIds(db: SearchDb, q: AddressQuery, limit: number, signal?: AbortSignal): Promise<string[]> {
  const pairs = (await db.streetPairs()).filter((p) => tolerantWordScore(q, p as unknown as AddressRecord) !== null);
  const numberless = !q.postcode && !q.pc4 && q.huisnummer === null;
  return numberless ? firstOfGroups(db, q, pairs, limit, tolerantMatchScore, signal) : rankPairs(db, q, pairs, limit, tolerantMatchScore, signal);
}

/**
 * Address search with the memory store's answers: the exact matches ranked by match score, then, when
 * they are fewer than `limit` and a word is long enough, the best typo-tolerant matches over every
 * street not already listed. Returns verblijfsobject ids, best first.
 */
export async function searchIds(db: SearchDb, q: AddressQuery, limit: number, signal?: AbortSignal): Promise<string[]> {
  const exact = await exactIds(db, q, limit, signal);
  if (exact.length >= limit || q.words.length === 0 || !hasTolerantWords(q)) return exact;
  const found = new Set(exact);
  const tolerant = (await tolerantIds(db, q, limit, signal)).filter((id) => !found.has(id));
  return [...exact, ...tolerant.slice(0, limit - exact.length)];
}

import { createHash } from 'node:crypto';
import type { AddressQuery } from '../../domain/address-query.js';
import { hasTolerantWords, matchScore, rankAddresses, tolerantMatchScore, tolerantWordScore } from '../../domain/address-ranking.js';
import type { AddressRecord } from '../../domain/records.js';
import type { AddressEntry } from '../../ports/store.js';
import {
  type Condition,
  STREET_GROUP_SQL,
  STREET_NUMBER_SQL,
  nameGroups,
  necessaryConditions,
  renderConditions,
  wordsDecide,
} from './address-search.js';
import { ENTRY_SELECT, type AddressEntryRow, entryOf } from './entry-rows.js';

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
  rows(statement: string | { name: string; text: string }, values: unknown[], signal?: AbortSignal): Promise<AddressEntryRow[]>;
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

/** Entries of a statement, ranked by `score`. */
async function ranked(
  db: SearchDb,
  q: AddressQuery,
  statement: string | { name: string; text: string },
  values: unknown[],
  limit: number,
  score: typeof matchScore,
  signal?: AbortSignal,
): Promise<AddressEntry[]> {
  return rankAddresses(q, (await db.rows(statement, values, signal)).map(entryOf), limit, score);
}

/** Addresses of the given pairs whose number and postcode fit, ranked by `score`. */
async function rankPairs(
  db: SearchDb,
  q: AddressQuery,
  pairs: readonly StreetPair[],
  limit: number,
  score: typeof matchScore,
  signal?: AbortSignal,
): Promise<AddressEntry[]> {
  if (pairs.length === 0) return [];
  const numberLike = q.huisnummer === null ? '%' : `${q.huisnummer}%`;
  return ranked(db, q, STREET_NUMBER, [pairs.map((p) => p.straat), pairs.map((p) => p.woonplaats), numberLike], limit, score, signal);
}

/** Names-only queries: per score group of pairs, the first addresses in natural order. */
async function firstOfGroups(
  db: SearchDb,
  q: AddressQuery,
  pairs: readonly StreetPair[],
  limit: number,
  score: typeof matchScore,
  signal?: AbortSignal,
): Promise<AddressEntry[]> {
  const found: AddressEntry[] = [];
  for (const group of nameGroups(q, pairs, score)) {
    if (found.length >= limit) break;
    found.push(...(await db.rows(STREET_GROUP, [group.straten, group.woonplaatsen, limit - found.length], signal)).map(entryOf));
  }
  return found;
}

/** The exact pass, as the memory store makes it: candidates from one word key, or from the postcode/number lists. */
async function exact(db: SearchDb, q: AddressQuery, limit: number, signal?: AbortSignal): Promise<AddressEntry[]> {
  let chosen: Condition | null = null;
  if (q.words.length > 0) {
    const pairs = await db.streetPairs();
    const key = chosenKey(q, pairs);
    if (wordsDecide(q)) {
      const candidates = pairs.filter((p) => p.wordKeys.includes(key) && q.words.every((w) => p.searchText.includes(w)));
      return q.huisnummer === null
        ? firstOfGroups(db, q, candidates, limit, matchScore, signal)
        : rankPairs(db, q, candidates, limit, matchScore, signal);
    }
    chosen = { sql: 'a.word_keys @> ARRAY[?]::text[]', values: [key] };
  } else if (q.postcode) chosen = { sql: 'a.postcode = ?', values: [q.postcode] };
  else if (q.pc4) chosen = { sql: 'a.postcode LIKE ?', values: [`${q.pc4}%`] };
  else if (q.huisnummer !== null) chosen = { sql: 'a.huisnummer = ?', values: [q.huisnummer] };
  if (!chosen) return [];
  const where = renderConditions([chosen, ...necessaryConditions(q)]);
  // Without a number or words every candidate scores alike: the first `limit` in natural order are the answer.
  const first = q.huisnummer === null && q.words.length === 0 ? ` LIMIT ${Math.floor(limit)}` : '';
  const text = `${ENTRY_SELECT} WHERE ${where.sql} ORDER BY a.ord${first}`;
  return ranked(db, q, q.pc4 ? text : named(text), where.values, limit, matchScore, signal);
}

/**
 * A name for a statement built from a query's shape (a handful of shapes, so a handful of prepared
 * statements per connection). Not for a postcode-area LIKE: its generic plan could not use the index.
 */
function named(text: string): { name: string; text: string } {
  return { name: `fr_search_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text };
}

/** The typo-tolerant pass over every pair, best `limit` (callers drop what the exact pass found). */
async function tolerant(db: SearchDb, q: AddressQuery, limit: number, signal?: AbortSignal): Promise<AddressEntry[]> {
  const pairs = (await db.streetPairs()).filter((p) => tolerantWordScore(q, p as unknown as AddressRecord) !== null);
  const numberless = !q.postcode && !q.pc4 && q.huisnummer === null;
  return numberless
    ? firstOfGroups(db, q, pairs, limit, tolerantMatchScore, signal)
    : rankPairs(db, q, pairs, limit, tolerantMatchScore, signal);
}

/**
 * Address search with the memory store's answers: the exact matches ranked by match score, then, when
 * they are fewer than `limit` and a word is long enough, the best typo-tolerant matches over every
 * street not already listed. Full entries, best first, each statement one round trip.
 */
export async function searchEntries(db: SearchDb, q: AddressQuery, limit: number, signal?: AbortSignal): Promise<AddressEntry[]> {
  const found = await exact(db, q, limit, signal);
  if (found.length >= limit || q.words.length === 0 || !hasTolerantWords(q)) return found;
  const ids = new Set(found.map((e) => e.address.verblijfsobjectId));
  const more = (await tolerant(db, q, limit, signal)).filter((e) => !ids.has(e.address.verblijfsobjectId));
  return [...found, ...more.slice(0, limit - found.length)];
}

import { createHash } from 'node:crypto';
import type { AddressQuery } from '../../domain/address-query.js';
import { hasTolerantWords, matchScore, rankAddresses, tolerantWordScore, wordScore } from '../../domain/address-ranking.js';
import type { AddressEntry } from '../../ports/store.js';
import {
  RANKED_PAIRS_SQL,
  necessaryConditions,
  numberParameters,
  rankedNumbersSql,
  renderConditions,
  wordsDecide,
} from './address-search.js';
import { ENTRY_SELECT, type AddressEntryRow, entryOf } from './entry-rows.js';
import type { StreetIndex, StreetPair } from './street-index.js';

export type { StreetPair } from './street-index.js';

/** What the search needs from the store: statements, and the street index of the current load. */
export interface SearchDb {
  rows(statement: string | { name: string; text: string }, values: unknown[], signal?: AbortSignal): Promise<AddressEntryRow[]>;
  streetIndex(): Promise<StreetIndex>;
}

const RANKED_PAIRS = { name: 'fr_ranked_pairs', text: RANKED_PAIRS_SQL };

/** The memory store's candidate list for a word query: the two-letter key of the word with the fewest streets (the first of equals). */
function chosenKey(q: AddressQuery, index: StreetIndex): string {
  const keys = q.words.map((w) => w.slice(0, 2));
  const sizes = keys.map((k) => index.keyCount(k));
  return keys[sizes.indexOf(Math.min(...sizes))];
}

/** A candidate pair with its word score. */
interface Scored {
  pair: StreetPair;
  words: number;
}

/** The pairs whose words match under `score`. */
function scored(q: AddressQuery, index: StreetIndex, pairs: readonly StreetPair[], score: typeof wordScore): Scored[] {
  const out: Scored[] = [];
  for (const pair of pairs) {
    const words = score(q, index.recordOf(pair));
    if (words !== null) out.push({ pair, words });
  }
  return out;
}

/**
 * The best `limit` addresses of the scored pairs by match score (word score plus the number score, in
 * SQL), ties in natural order: one round trip, and only the answer's rows. Without a postcode or number
 * every address of a pair scores alike, so only the first `limit` pairs by (word score, first address)
 * can hold an answer.
 */
async function rankPairs(db: SearchDb, q: AddressQuery, pairs: Scored[], limit: number, signal?: AbortSignal): Promise<AddressEntry[]> {
  if (pairs.length === 0 || limit <= 0) return [];
  let chosen = pairs;
  if (!q.postcode && !q.pc4 && q.huisnummer === null) {
    chosen = [...pairs].sort((a, b) => b.words - a.words || a.pair.firstOrd - b.pair.firstOrd).slice(0, limit);
  }
  const rows = await db.rows(
    RANKED_PAIRS,
    [chosen.map((s) => s.pair.straat), chosen.map((s) => s.pair.woonplaats), chosen.map((s) => s.words), ...numberParameters(q), limit],
    signal,
  );
  return rows.map(entryOf);
}

/**
 * A name for a statement built from a query's shape (a handful of shapes, so a handful of prepared
 * statements per connection). Not for a postcode-area LIKE: its generic plan could not use the index.
 */
function named(text: string): { name: string; text: string } {
  return { name: `fr_search_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text };
}

/**
 * The exact pass, as the memory store makes it: candidates from one word key (through the street index),
 * or from the postcode/number lists. Also returns the pairs that matched every word exactly.
 */
async function exact(
  db: SearchDb,
  q: AddressQuery,
  limit: number,
  signal?: AbortSignal,
): Promise<{ found: AddressEntry[]; matched: readonly StreetPair[]; index?: StreetIndex }> {
  if (q.words.length === 0) {
    // Postcode, postcode area or number alone: the memory store's index list, ranked in SQL.
    const chosen = q.postcode
      ? 's.postcode = $4'
      : q.pc4
        ? "s.postcode LIKE $5 || '%'"
        : q.huisnummer !== null
          ? 's.huisnummer = $6'
          : null;
    if (!chosen || limit <= 0) return { found: [], matched: [] };
    const text = rankedNumbersSql(chosen);
    const values = [null, null, null, ...numberParameters(q), limit];
    // A postcode-area LIKE gets a plan per call: a generic plan could not use the index for it.
    return { found: (await db.rows(q.pc4 ? text : named(text), values, signal)).map(entryOf), matched: [] };
  }
  const index = await db.streetIndex();
  const key = chosenKey(q, index);
  const pairs = scored(q, index, index.exactCandidates(q, key), wordScore);
  const matched = pairs.map((s) => s.pair);
  if (wordsDecide(q)) return { found: await rankPairs(db, q, pairs, limit, signal), matched, index };
  // Words and a postcode (area): the postcode index narrows the key's addresses; the domain ranks them.
  const where = renderConditions([{ sql: 'a.word_keys @> ARRAY[?]::text[]', values: [key] }, ...necessaryConditions(q)]);
  const text = `${ENTRY_SELECT} WHERE ${where.sql} ORDER BY a.ord`;
  const rows = await db.rows(q.pc4 ? text : named(text), where.values, signal);
  return { found: rankAddresses(q, rows.map(entryOf), limit, matchScore), matched, index };
}

/**
 * Address search with the memory store's answers: the exact matches ranked by match score, then, when
 * they are fewer than `limit` and a word is long enough, the best typo-tolerant matches over every
 * street not already listed. Candidate streets come from the in-process street index (no scan of every
 * street); full entries, best first, one round trip per pass.
 */
export async function searchEntries(db: SearchDb, q: AddressQuery, limit: number, signal?: AbortSignal): Promise<AddressEntry[]> {
  const { found, matched, index: usedIndex } = await exact(db, q, limit, signal);
  if (found.length >= limit || q.words.length === 0 || !hasTolerantWords(q)) return found;
  // Fewer than `limit` exact matches: every address of a pair that matched exactly is listed already
  // (or fails on its number), and scores the same in the tolerant pass, so those pairs are left out.
  const done = new Set(matched);
  // The index the exact pass used (a load committing in between must not mix two indexes' pairs).
  const index = await (usedIndex ?? db.streetIndex());
  const pairs = scored(
    q,
    index,
    index.tolerantCandidates(q).filter((p) => !done.has(p)),
    tolerantWordScore,
  );
  return [...found, ...(await rankPairs(db, q, pairs, limit - found.length, signal))];
}

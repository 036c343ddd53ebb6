import type { AddressQuery } from '../../domain/address-query.js';
import { matchScore, rankAddresses } from '../../domain/address-ranking.js';
import type { AddressRecord } from '../../domain/records.js';

/** A parameterised SQL condition on `addresses a`; `?` marks where the next parameter goes. */
export interface Condition {
  sql: string;
  values: unknown[];
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Conditions every match of the query satisfies (necessary, not sufficient): they let SQL drop rows
 * that the domain ranking would reject anyway, without changing its answer.
 */
export function necessaryConditions(q: AddressQuery): Condition[] {
  const out: Condition[] = [];
  if (q.postcode) out.push({ sql: 'a.postcode = ?', values: [q.postcode] });
  else if (q.pc4) out.push({ sql: 'a.postcode LIKE ?', values: [`${q.pc4}%`] });
  if (q.huisnummer !== null) out.push({ sql: 'a.huisnummer::text LIKE ?', values: [`${q.huisnummer}%`] });
  return [...out, ...wordConditions(q)];
}

/** Joins conditions with AND and numbers their placeholders from `$first`. */
export function renderConditions(conditions: Condition[], first = 1): { sql: string; values: unknown[] } {
  let n = first;
  const sql = conditions.map((c) => `(${c.sql.replace(/\?/g, () => `$${n++}`)})`).join(' AND ');
  return { sql: sql || 'true', values: conditions.flatMap((c) => c.values) };
}

/** The fields of an address that ranking looks at, as selected by the search query. */
export interface SearchRow {
  verblijfsobject_id: string;
  straat: string;
  woonplaats: string;
  postcode: string;
  huisnummer: number;
  huisletter: string | null;
  toevoeging: string | null;
}

/**
 * The {@link SearchRow}s, in natural order, on any of the (street, place) pairs `$1`/`$2` whose house
 * number is LIKE `$3` (`'12%'`, or `'%'` for any).
 */
export const STREET_NUMBER_SQL = `
SELECT a.verblijfsobject_id, a.straat, a.woonplaats, a.postcode, a.huisnummer, a.huisletter, a.toevoeging
  FROM unnest($1::text[], $2::text[]) AS p(straat, woonplaats)
  JOIN addresses a ON a.straat = p.straat AND a.woonplaats = p.woonplaats
 WHERE a.huisnummer::text LIKE $3
 ORDER BY a.ord`;

/** Columns selected for {@link SearchRow}. */
export const SEARCH_COLUMNS = 'a.verblijfsobject_id, a.straat, a.woonplaats, a.postcode, a.huisnummer, a.huisletter, a.toevoeging';

/** Ranks search rows (in natural order) with a domain match score; returns the ids, best first. */
export function rankSearchRows(q: AddressQuery, rows: readonly SearchRow[], limit: number, score: typeof matchScore = matchScore): string[] {
  const candidates = rows.map((r) => ({
    id: r.verblijfsobject_id,
    // Ranking reads names, postcode and number parts only; the rest of the record is not needed.
    address: { straat: r.straat, woonplaats: r.woonplaats, postcode: r.postcode, huisnummer: r.huisnummer, huisletter: r.huisletter, toevoeging: r.toevoeging } as AddressRecord,
  }));
  return rankAddresses(q, candidates, limit, score).map((c) => c.id);
}

/** True when words and no postcode were typed: every candidate list is a word list, decided by street and place alone. */
export function wordsDecide(q: AddressQuery): boolean {
  return !q.postcode && !q.pc4 && q.words.length > 0;
}

/** The necessary conditions on street and place words only (valid on `street_names a` too). */
export function wordConditions(q: AddressQuery): Condition[] {
  return q.words.map((w) => ({ sql: 'a.search_text LIKE ?', values: [`%${escapeLike(w)}%`] }));
}

/** Street/place pairs with one match score, best score first. */
export interface NameGroup {
  score: number;
  straten: string[];
  woonplaatsen: string[];
}

/**
 * Groups distinct (street, place) pairs by the domain's match score for a names-only query, best first;
 * pairs that do not match are dropped. Within a group, addresses rank in natural order.
 */
export function nameGroups(q: AddressQuery, pairs: readonly { straat: string; woonplaats: string }[], scoreOf: typeof matchScore = matchScore): NameGroup[] {
  const byScore = new Map<number, NameGroup>();
  for (const pair of pairs) {
    const { straat, woonplaats } = pair;
    // The pair object itself stands for the address: its normalised names are cached per object.
    const score = scoreOf(q, pair as AddressRecord);
    if (score === null) continue;
    const g = byScore.get(score) ?? { score, straten: [], woonplaatsen: [] };
    g.straten.push(straat);
    g.woonplaatsen.push(woonplaats);
    byScore.set(score, g);
  }
  return [...byScore.values()].sort((a, b) => b.score - a.score);
}

/**
 * The first `$3` addresses, in natural order, on any of the (street, place) pairs `$1`/`$2`: per pair
 * from the (straat, woonplaats, ord) index, then merged.
 */
export const STREET_GROUP_SQL = `
SELECT x.verblijfsobject_id
  FROM unnest($1::text[], $2::text[]) AS p(straat, woonplaats)
  CROSS JOIN LATERAL (
    SELECT a.verblijfsobject_id, a.ord FROM addresses a
     WHERE a.straat = p.straat AND a.woonplaats = p.woonplaats ORDER BY a.ord LIMIT $3) AS x
 ORDER BY x.ord LIMIT $3`;

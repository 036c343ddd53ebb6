import type { AddressQuery } from '../../domain/address-query.js';
import { matchScore } from '../../domain/address-ranking.js';
import type { AddressRecord } from '../../domain/records.js';
import { ENTRY_SELECT } from './entry-rows.js';

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

/**
 * Full entries ({@link ENTRY_SELECT}), in natural order, on any of the (street, place) pairs `$1`/`$2`
 * whose house number is LIKE `$3` (`'12%'`, or `'%'` for any).
 */
export const STREET_NUMBER_SQL = `${ENTRY_SELECT}
  JOIN unnest($1::text[], $2::text[]) AS p(straat, woonplaats) ON a.straat = p.straat AND a.woonplaats = p.woonplaats
 WHERE a.huisnummer::text LIKE $3
 ORDER BY a.ord`;

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
export function nameGroups(
  q: AddressQuery,
  pairs: readonly { straat: string; woonplaats: string }[],
  scoreOf: typeof matchScore = matchScore,
): NameGroup[] {
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
 * Full entries of the first `$3` addresses, in natural order, on any of the (street, place) pairs
 * `$1`/`$2`: per pair from the (straat, woonplaats, ord) index, then merged.
 */
export const STREET_GROUP_SQL = `${ENTRY_SELECT}
  JOIN (SELECT x.verblijfsobject_id
          FROM unnest($1::text[], $2::text[]) AS p(straat, woonplaats)
          CROSS JOIN LATERAL (
            SELECT s.verblijfsobject_id, s.ord FROM addresses s
             WHERE s.straat = p.straat AND s.woonplaats = p.woonplaats ORDER BY s.ord LIMIT $3) AS x
         ORDER BY x.ord LIMIT $3) AS firsts ON firsts.verblijfsobject_id = a.verblijfsobject_id
 ORDER BY a.ord`;

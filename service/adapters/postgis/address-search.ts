import type { AddressQuery } from '../../domain/address-query.js';
import { ENTRY_SELECT } from './entry-rows.js';
import { NUMBER_WEIGHTS } from '../../domain/address-ranking.js';

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

/** True when words and no postcode were typed: every candidate list is a word list, decided by street and place alone. */
export function wordsDecide(q: AddressQuery): boolean {
  return !q.postcode && !q.pc4 && q.words.length > 0;
}

/** The necessary conditions on street and place words only (valid on `street_names a` too). */
export function wordConditions(q: AddressQuery): Condition[] {
  return q.words.map((w) => ({ sql: 'a.search_text LIKE ?', values: [`%${escapeLike(w)}%`] }));
}

/**
 * {@link numberScore} of `s.` (an address row) for the typed postcode `$4`, postcode area `$5`, number `$6`,
 * letter `$7` and addition `$8` (each null when not typed), and the condition that it is not null. The
 * domain function is the definition and its weights are used here; the store contract tests hold the two
 * to the same answers.
 */
const W = NUMBER_WEIGHTS;
const NUMBER_SCORE = `(CASE WHEN $4::text IS NOT NULL THEN ${W.postcode} WHEN $5::text IS NOT NULL THEN ${W.pc4} ELSE 0 END
   + CASE WHEN $6::int IS NULL THEN 0 ELSE
       CASE WHEN s.huisnummer = $6 THEN ${W.number} ELSE ${W.numberPrefix} END
       + CASE WHEN $7::text IS NULL THEN CASE WHEN s.huisletter IS NULL THEN ${W.noLetter} ELSE 0 END
              WHEN upper(coalesce(s.huisletter, '')) = $7 THEN ${W.letter} ELSE 0 END
       + CASE WHEN $8::text IS NULL THEN CASE WHEN s.toevoeging IS NULL THEN ${W.noAddition} ELSE 0 END
              WHEN upper(coalesce(s.toevoeging, '')) = $8 THEN ${W.addition} ELSE 0 END
     END)`;
const NUMBER_MATCHES = `($4::text IS NULL OR s.postcode = $4) AND ($5::text IS NULL OR s.postcode LIKE $5 || '%')
   AND ($6::int IS NULL OR (s.huisnummer::text LIKE $6::text || '%'
        AND ($7::text IS NULL OR s.huisletter IS NULL OR upper(s.huisletter) = $7)
        AND ($8::text IS NULL OR s.toevoeging IS NULL OR upper(s.toevoeging) = $8)))`;

/**
 * Full entries of the best `$9` addresses on the (street, place) pairs `$1`/`$2` whose word scores are
 * `$3`: match score (word score + {@link NUMBER_SCORE}) descending, ties in natural order, as
 * `rankAddresses` ranks them. Per pair its best `$9` from the (straat, woonplaats, ord) index, then
 * merged; only the answer's rows are joined and sent.
 */
export const RANKED_PAIRS_SQL = `WITH top AS (
  SELECT x.verblijfsobject_id, x.score, x.ord
    FROM unnest($1::text[], $2::text[], $3::int[]) AS p(straat, woonplaats, words)
    CROSS JOIN LATERAL (
      SELECT s.verblijfsobject_id, s.ord, p.words + ${NUMBER_SCORE} AS score
        FROM addresses s
       WHERE s.straat = p.straat AND s.woonplaats = p.woonplaats AND ${NUMBER_MATCHES}
       ORDER BY score DESC, s.ord LIMIT $9) AS x
   ORDER BY x.score DESC, x.ord LIMIT $9)
${ENTRY_SELECT}
  JOIN top ON top.verblijfsobject_id = a.verblijfsobject_id
 ORDER BY top.score DESC, top.ord`;

/** The parameters `$4`…`$8` of {@link RANKED_PAIRS_SQL} for a query. */
export function numberParameters(q: AddressQuery): unknown[] {
  return [
    q.postcode,
    q.postcode ? null : q.pc4,
    q.huisnummer,
    q.huisnummer === null ? null : q.huisletter,
    q.huisnummer === null ? null : q.toevoeging,
  ];
}

/**
 * Full entries of the best `$9` addresses satisfying `chosen` (a condition on `s.`, an index list such as
 * `s.postcode = $4`) for a query without words: {@link NUMBER_SCORE} descending, ties in natural order.
 * `$1`…`$3` are unused (null), so the parameters line up with {@link RANKED_PAIRS_SQL}'s.
 */
export function rankedNumbersSql(chosen: string): string {
  return `WITH top AS (
  SELECT s.verblijfsobject_id, s.ord, ${NUMBER_SCORE} AS score
    FROM addresses s
   WHERE (${chosen}) AND ($1::text IS NULL) AND ($2::text IS NULL) AND ($3::int IS NULL) AND ${NUMBER_MATCHES}
   ORDER BY score DESC, s.ord LIMIT $9)
${ENTRY_SELECT}
  JOIN top ON top.verblijfsobject_id = a.verblijfsobject_id
 ORDER BY top.score DESC, top.ord`;
}

import type { AddressQuery } from '../../domain/address-query.js';
import { rankAddresses } from '../../domain/address-ranking.js';
import type { AddressRecord } from '../../domain/records.js';

/** A parameterised SQL condition on `addresses a`; `?` marks where the next parameter goes. */
interface Condition {
  sql: string;
  values: unknown[];
}

/**
 * The candidate lists the memory store would consider for a query, in its order: postcode or pc4,
 * house number (only when nothing else narrows the search), then one list per word (two-letter key).
 * The memory store ranks the smallest of them; the PostGIS store picks the same one.
 */
export function candidateLists(q: AddressQuery): Condition[] {
  const lists: Condition[] = [];
  if (q.postcode) lists.push({ sql: 'a.postcode = ?', values: [q.postcode] });
  else if (q.pc4) lists.push({ sql: 'a.postcode LIKE ?', values: [`${q.pc4}%`] });
  if (q.huisnummer !== null && q.words.length === 0 && !q.postcode && !q.pc4) lists.push({ sql: 'a.huisnummer = ?', values: [q.huisnummer] });
  for (const w of q.words) lists.push({ sql: 'a.word_keys @> ARRAY[?]::text[]', values: [w.slice(0, 2)] });
  return lists;
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
  for (const w of q.words) out.push({ sql: 'a.search_text LIKE ?', values: [`%${escapeLike(w)}%`] });
  return out;
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

/** Columns selected for {@link SearchRow}. */
export const SEARCH_COLUMNS = 'a.verblijfsobject_id, a.straat, a.woonplaats, a.postcode, a.huisnummer, a.huisletter, a.toevoeging';

/** Ranks search rows (in natural order) with the domain ranking; returns the ids, best first. */
export function rankSearchRows(q: AddressQuery, rows: readonly SearchRow[], limit: number): string[] {
  const candidates = rows.map((r) => ({
    id: r.verblijfsobject_id,
    // Ranking reads names, postcode and number parts only; the rest of the record is not needed.
    address: { straat: r.straat, woonplaats: r.woonplaats, postcode: r.postcode, huisnummer: r.huisnummer, huisletter: r.huisletter, toevoeging: r.toevoeging } as AddressRecord,
  }));
  return rankAddresses(q, candidates, limit).map((c) => c.id);
}

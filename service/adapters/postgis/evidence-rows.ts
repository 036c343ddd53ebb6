import type pg from 'pg';
import type { Dataset } from '../../domain/records.js';
import { type NeighbourhoodEvidence, neighbourhoodIndexOfAddresses } from '../../features/evidence.js';
import { copyRows } from './copy-rows.js';

/** The counts of {@link NeighbourhoodEvidence}, each with its column of the `evidence` table (migration 012). */
export const EVIDENCE_COLUMNS: readonly (readonly [keyof NeighbourhoodEvidence, string])[] = [
  ['blokOnderzocht', 'blok_onderzocht'],
  ['blokProbleem', 'blok_probleem'],
  ['blokHersteld', 'blok_hersteld'],
  ['straalOnderzocht', 'straal_onderzocht'],
  ['straalProbleem', 'straal_probleem'],
  ['straalHersteld', 'straal_hersteld'],
];

/** The select list of the counts (joined as `ev`), aliased `ev_<column>`. */
export const EVIDENCE_SELECT = EVIDENCE_COLUMNS.map(([, c]) => `ev.${c} AS ev_${c}`).join(', ');

/** The counts of a row selected with {@link EVIDENCE_SELECT}, or undefined when the pand has none (or the select lacks them). */
export function evidenceOf(row: Record<string, unknown>): NeighbourhoodEvidence | undefined {
  const first = row[`ev_${EVIDENCE_COLUMNS[0][1]}`];
  if (first === null || first === undefined) return undefined;
  const out = {} as NeighbourhoodEvidence;
  for (const [key, c] of EVIDENCE_COLUMNS) out[key] = Number(row[`ev_${c}`]);
  return out;
}

/**
 * Replaces the `evidence` table with the neighbourhood evidence of every pand of the dataset at its
 * reference year: one index for the whole dataset, exactly as the memory store computes it
 * (`withNeighbourhoodEvidence`), inside the caller's transaction. Returns rows copied.
 */
export async function copyEvidence(client: pg.PoolClient, dataset: Dataset): Promise<number> {
  await client.query('TRUNCATE evidence');
  const index = neighbourhoodIndexOfAddresses(dataset.addresses, dataset.register);
  const year = dataset.info.referenceYear;
  const panden = [...new Set(dataset.addresses.flatMap((a) => (a.pandId === null ? [] : [a.pandId])))];
  return copyRows(
    client,
    'evidence',
    ['pand_id', ...EVIDENCE_COLUMNS.map(([, c]) => c)],
    panden.map((p) => {
      const e = index.evidenceFor(p, year);
      return [p, ...EVIDENCE_COLUMNS.map(([k]) => e[k])];
    }),
  );
}

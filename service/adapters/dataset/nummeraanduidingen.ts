/**
 * `nummeraanduidingen.csv.gz` (optional dataset file, written by the BAG import): one row per BAG
 * nummeraanduiding (hoofd- or nevenadres) with the addressable object it belongs to, so a lookup by
 * nummeraanduiding id answers that object's address. Folders without the file have no such links.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { BAG_ID_PATTERN } from '../../domain/ids.js';
import type { NummeraanduidingRecord } from '../../domain/records.js';
import { formatCsv } from './csv.js';
import { DatasetError, parseCsvRows } from './dataset-files.js';

export const NUMMERAANDUIDINGEN_FILE = 'nummeraanduidingen.csv.gz';
export const NUMMERAANDUIDING_COLUMNS = ['nummeraanduiding_id', 'verblijfsobject_id'] as const;

/** One row of the file (also used by the streaming reader, service/adapters/postgis/dataset-source.ts). */
export const nummeraanduidingRowSchema = z.object({
  nummeraanduiding_id: z.string().regex(/^\d{4}20\d{10}$/, 'expected a 16-digit BAG nummeraanduiding id (digits 5-6 are 20)'),
  verblijfsobject_id: z.string().regex(BAG_ID_PATTERN, 'expected a 16-digit BAG id'),
});

/** Reads the folder's nummeraanduidingen, or [] when it has none; checks every link names an address. */
export async function readNummeraanduidingen(dir: string, addressIds: ReadonlySet<string>): Promise<NummeraanduidingRecord[]> {
  const path = join(dir, NUMMERAANDUIDINGEN_FILE);
  if (!existsSync(path)) return [];
  const rows = parseCsvRows(path, await readFile(path), NUMMERAANDUIDING_COLUMNS, nummeraanduidingRowSchema);
  const seen = new Set<string>();
  return rows.map((r, i) => {
    if (seen.has(r.nummeraanduiding_id))
      throw new DatasetError(path, `line ${i + 2}`, 'nummeraanduiding_id', `duplicate id ${r.nummeraanduiding_id}`);
    seen.add(r.nummeraanduiding_id);
    if (!addressIds.has(r.verblijfsobject_id))
      throw new DatasetError(
        path,
        `line ${i + 2}`,
        'verblijfsobject_id',
        `unknown address ${r.verblijfsobject_id} (not in addresses.csv.gz)`,
      );
    return { nummeraanduidingId: r.nummeraanduiding_id, verblijfsobjectId: r.verblijfsobject_id };
  });
}

/** The file's bytes, or null when there are no links (the file is then not written). */
export function renderNummeraanduidingen(links: readonly NummeraanduidingRecord[] | undefined): Buffer | null {
  if (!links || links.length === 0) return null;
  const csv = formatCsv(
    NUMMERAANDUIDING_COLUMNS,
    links.map((l) => ({ nummeraanduiding_id: l.nummeraanduidingId, verblijfsobject_id: l.verblijfsobjectId })),
  );
  return gzipSync(Buffer.from(csv, 'utf8'), { level: 9 });
}

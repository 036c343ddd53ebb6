import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A value COPY can carry in text format. */
export type CopyValue = string | number | boolean | null | readonly string[];

const escapeText = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
const arrayLiteral = (xs: readonly string[]) => `{${xs.map((x) => `"${x.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;

/** One value in COPY text format (`\N` for null). */
export function copyField(v: CopyValue): string {
  if (v === null) return '\\N';
  if (typeof v === 'string') return escapeText(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return escapeText(arrayLiteral(v));
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * Streams rows into a table with `COPY … FROM STDIN` (text format) on the given client. Table and
 * column names come from the caller's fixed lists and are checked against an identifier pattern.
 * Returns the number of rows copied.
 */
export async function copyRows(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
): Promise<number> {
  for (const id of [table, ...columns]) if (!IDENT.test(id)) throw new RangeError(`not an identifier: ${id}`);
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  function* lines() {
    let batch: string[] = [];
    for (const row of rows) {
      batch.push(`${row.map(copyField).join('\t')}\n`);
      if (batch.length >= 1000) {
        yield batch.join('');
        batch = [];
      }
    }
    if (batch.length > 0) yield batch.join('');
  }
  await pipeline(Readable.from(lines()), stream);
  return stream.rowCount;
}

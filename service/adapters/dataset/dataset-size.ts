import { createReadStream, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { DATASET_FILES } from './dataset-schema.js';

/** The embedded (memory) store cannot hold this dataset; names the limit and points to PostGIS. */
export class DatasetTooLargeError extends Error {
  constructor(
    readonly dir: string,
    readonly limit: number,
  ) {
    super(
      `dataset ${dir} has more than ${limit} addresses (MEMORY_MAX_ADDRESSES), more than the embedded store can hold in memory: ` +
        'load it into PostGIS with `npm run db:load -- --dataset DIR` and start the service with DATABASE_URL (README, "National scale")',
    );
    this.name = 'DatasetTooLargeError';
  }
}

/**
 * Counts the rows of `addresses.csv(.gz)` (lines after the header) by streaming, stopping as soon as
 * there are more than `limit`. Returns the count (or `limit + 1` when it stopped early); 0 without a file.
 */
export async function countAddressRows(dir: string, limit: number): Promise<number> {
  const path = join(dir, DATASET_FILES.addresses);
  if (!existsSync(path)) return 0;
  const fh = await open(path, 'r');
  const magic = Buffer.alloc(2);
  await fh.read(magic, 0, 2, 0);
  await fh.close();
  const raw = createReadStream(path);
  const input = magic[0] === 0x1f && magic[1] === 0x8b ? raw.pipe(createGunzip()) : raw;
  let lines = 0;
  let last = 0x0a;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) lines++;
      last = chunk[chunk.length - 1] ?? last;
      if (lines - 1 > limit) return limit + 1;
    }
  } finally {
    raw.destroy();
  }
  if (last !== 0x0a) lines++;
  return Math.max(0, lines - 1);
}

/** Throws {@link DatasetTooLargeError} when the folder holds more addresses than `limit`. */
export async function assertFitsInMemory(dir: string, limit: number): Promise<void> {
  if ((await countAddressRows(dir, limit)) > limit) throw new DatasetTooLargeError(dir, limit);
}

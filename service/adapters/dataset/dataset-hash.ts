import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DATASET_FILES } from './dataset-schema.js';
import { generatedBuurtenFile } from './schematic-demo-buurten.js';

/**
 * Files a dataset folder may hold that are not part of the data: the hidden truth of a synthetic world
 * (for grading only). A model trained from a folder with or without it must be byte-identical, so the
 * hash it records leaves it out.
 */
export const NOT_HASHED = new Set(['truth.csv.gz']);

/**
 * sha256 over a dataset folder: for every regular file in name order (except {@link NOT_HASHED}), its
 * name, a NUL byte, its byte length as decimal, a NUL byte, then its bytes. Any change to any of those
 * files changes the hash.
 */
export async function datasetHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  // The committed demo's buurten are generated, not stored: hashed as if the file were there.
  const generated = await generatedBuurtenFile(dir);
  const names = [...(await readdir(dir)), ...(generated ? [DATASET_FILES.buurten] : [])]
    .filter((n) => !n.startsWith('.') && !NOT_HASHED.has(n))
    .sort();
  for (const name of names) {
    const path = join(dir, name);
    if (generated && name === DATASET_FILES.buurten) {
      hash.update(`${name}\0${generated.length}\0`);
      hash.update(generated);
      continue;
    }
    if (!(await stat(path)).isFile()) continue;
    const bytes = await readFile(path);
    hash.update(`${name}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * sha256 over a dataset folder: for every regular file in name order, its name, a NUL byte, its byte
 * length as decimal, a NUL byte, then its bytes. Any change to any file changes the hash.
 */
export async function datasetHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  for (const name of names) {
    const path = join(dir, name);
    if (!(await stat(path)).isFile()) continue;
    const bytes = await readFile(path);
    hash.update(`${name}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetError } from '../../service/adapters/dataset/dataset-files.js';

/** Writes `content` to a fresh temporary folder and returns the file's path. */
export function writeTemp(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'seeds-import-')), name);
  writeFileSync(path, content);
  return path;
}

/** The DatasetError a promise rejects with; fails when it resolves or rejects with anything else. */
export async function errorOf(promise: Promise<unknown>): Promise<DatasetError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DatasetError) return err;
    throw err;
  }
  throw new Error('expected a DatasetError');
}

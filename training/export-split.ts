import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FEATURE_NAMES } from '../service/features/feature-spec.js';
import type { PandRows } from './training-rows.js';

/** The label column name in exported split files. */
export const LABEL_COLUMN = 'label';

/** CSV with one column per manifest feature (model input order, empty = missing) and the label. */
export function splitCsv(rows: PandRows): string {
  const lines = [[...FEATURE_NAMES, LABEL_COLUMN].join(',')];
  for (let i = 0; i < rows.rows; i += 1) {
    const cells: string[] = [];
    for (let f = 0; f < rows.width; f += 1) {
      const v = rows.x[i * rows.width + f];
      cells.push(Number.isNaN(v) ? '' : String(v));
    }
    cells.push(String(rows.y[i]));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `train.csv` (rows the served trees were fit on) and `test.csv` (spatial test buurten). */
export async function exportSplit(dir: string, split: { train: PandRows; test: PandRows }): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'train.csv'), splitCsv(split.train));
  await writeFile(join(dir, 'test.csv'), splitCsv(split.test));
}

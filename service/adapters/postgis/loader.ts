import type pg from 'pg';
import type { Dataset } from '../../domain/records.js';
import type { RiskScorer } from '../../domain/risk-scorer.js';
import { memorySource } from './dataset-source.js';
import type { LoadProgress } from './load-rows.js';
import { type StagedLoadReport, stagedLoad } from './staged-load.js';

export type { LoadProgress, LoadReport } from './load-rows.js';
export { searchText, wordKeys } from './search-keys.js';

/**
 * Loads an in-memory dataset and scores it through the staged loader (staged-load.ts): everything is
 * built in a staging schema and swapped in with one short transaction, so a failure anywhere leaves the
 * previous data in place and readers keep answering the old data while it runs. The staging schema is
 * dropped on failure (no resume for data that has no folder).
 */
export async function loadDataset(pool: pg.Pool, dataset: Dataset, scorer: RiskScorer, manifest: unknown, options: { batchSize: number; onProgress?: LoadProgress }): Promise<StagedLoadReport> {
  return stagedLoad(pool, { kind: 'full', source: memorySource(dataset) }, scorer, manifest, { batchSize: options.batchSize, onProgress: options.onProgress, resumable: false });
}

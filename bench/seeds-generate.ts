/**
 * Seeds benchmark: time to generate the full demo dataset (target < 30 s), its size on disk, and the time
 * `readDataset` needs to load it (target < 3 s, the service's start-up budget for data).
 * Run: `npx tsx bench/seeds-generate.ts [--seed N]`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDataset, renderDataset, writeDataset } from '../service/adapters/dataset/dataset-files.js';
import { DEFAULT_SEED, generateDataset } from '../seeds/generate.js';
import { defineCli, numberOption, parseCliOrExit } from '../service/cli/support/parse-args.js';

const GENERATE_TARGET_MS = 30_000;
const LOAD_TARGET_MS = 3_000;
const RUNS = 3;

const CLI = defineCli({
  name: 'bench/seeds-generate',
  usage: 'npx tsx bench/seeds-generate.ts',
  summary: 'Times generating the demo dataset (target < 30 s) and reading it back (target < 3 s).',
  options: { seed: { type: 'string', value: 'N', description: 'seed of the generated dataset', default: String(DEFAULT_SEED) } },
});
const { seed } = parseCliOrExit(CLI, (args) => ({ seed: numberOption(args, 'seed', { min: 0, integer: true }) }));

const verdict = (ms: number, target: number): string => `${ms.toFixed(0)} ms (target < ${target} ms: ${ms < target ? 'ok' : 'MISSED'})`;

async function main(): Promise<void> {
  const dir = join(await mkdtemp(join(tmpdir(), 'bench-seeds-')), 'demo');
  try {
    const genTimes: number[] = [];
    let files = new Map<string, Buffer>();
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const generated = generateDataset({ seed });
      files = renderDataset(generated.dataset, generated.truth);
      await writeDataset(dir, files);
      genTimes.push(performance.now() - t0);
    }
    const loadTimes: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const ds = await readDataset(dir);
      loadTimes.push(performance.now() - t0);
      rows = ds.addresses.length;
    }
    const best = (xs: number[]) => Math.min(...xs);
    const bytes = [...files.values()].reduce((s, b) => s + b.length, 0);
    console.log(`seeds bench (seed ${seed}, best of ${RUNS})`);
    console.log(`  generate + render + write: ${verdict(best(genTimes), GENERATE_TARGET_MS)}`);
    console.log(`  readDataset (${rows} addresses): ${verdict(best(loadTimes), LOAD_TARGET_MS)}`);
    for (const [name, b] of files) console.log(`  ${name.padEnd(18)} ${(b.length / 1024).toFixed(0).padStart(6)} kB`);
    console.log(`  total              ${(bytes / 1024).toFixed(0).padStart(6)} kB`);
  } finally {
    await rm(join(dir, '..'), { recursive: true, force: true });
  }
}

await main();

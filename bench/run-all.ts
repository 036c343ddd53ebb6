/**
 * Runs every benchmark under bench/ in turn (`npm run bench`). Each one prints its own numbers and its
 * ratios against a baseline measured in the same run. Benchmarks are never part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineCli, parseCliOrExit } from '../service/cli/support/parse-args.js';

parseCliOrExit(
  defineCli({
    name: 'bench',
    usage: 'npm run bench --',
    summary:
      'Runs every benchmark under bench/ in turn, each with its defaults (run one with `npx tsx bench/NAME.ts --help` for its flags).',
  }),
  () => undefined,
);

const here = dirname(fileURLToPath(import.meta.url));
const scripts = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run-all.ts')
  .sort();
let failed = 0;
for (const script of scripts) {
  process.stdout.write(`\n=== bench/${script}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${here}/${script}`], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed += 1;
    process.stdout.write(`bench/${script} failed (exit ${run.status})\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);

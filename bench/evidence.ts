/**
 * Ablation benchmark (issue 15): what the archive and neighbourhood evidence add, by repeated buurt-grouped
 * cross-validation on identical folds (the project's splits and learner, audit rows weighted as the
 * trainer weights them), and the out-of-range share per input (stock values outside the labelled range).
 *
 *   npm run bench:evidence [-- --dataset seeds/demo] [--folds 5] [--repeats 5]
 *   npm run bench:evidence -- --generate 2      (a world generated in memory with that seed)
 */
import { parseArgs } from 'node:util';
import { readDataset } from '../service/adapters/dataset/dataset-files.js';
import type { Dataset } from '../service/domain/records.js';
import { generateDataset } from '../seeds/generate.js';
import { evidenceColumnsOf, readEvidenceColumns, type EvidenceColumns } from '../training/eval/evidence-columns.js';
import {
  evidenceAblation,
  FULL_NAMES,
  labelledEvidenceRows,
  neighbourhoodIndexOf,
  outOfRangeShares,
  standardGroups,
  stockEvidenceRows,
} from '../training/eval/evidence-ablation.js';
import { DEFAULT_HYPERPARAMETERS } from '../training/hyperparameters.js';

const HELP = `usage: npm run bench:evidence -- [--dataset=DIR | --generate=SEED] [--folds=5] [--repeats=5] [--quiet]`;

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
const sd = (v: readonly number[]) => {
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, v.length - 1));
};
const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

function parseFlags() {
  try {
    return parseArgs({
      options: {
        dataset: { type: 'string', default: 'seeds/demo' },
        generate: { type: 'string' },
        folds: { type: 'string', default: '5' },
        repeats: { type: 'string', default: '5' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`bench:evidence: ${(err as Error).message} (see --help)\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const args = parseFlags();
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const folds = Number(args.folds);
  const repeats = Number(args.repeats);
  if (!Number.isInteger(folds) || folds < 2 || !Number.isInteger(repeats) || repeats < 1) {
    process.stderr.write(`bench:evidence: --folds must be a whole number ≥ 2 and --repeats ≥ 1\n`);
    process.exit(2);
  }
  let dataset: Dataset;
  let columns: Map<string, EvidenceColumns>;
  let source: string;
  if (args.generate !== undefined) {
    const g = generateDataset({ seed: Number(args.generate) });
    dataset = g.dataset;
    columns = evidenceColumnsOf(dataset);
    source = `generated world, seed ${args.generate}`;
  } else {
    dataset = await readDataset(args.dataset);
    columns = await readEvidenceColumns(args.dataset);
    source = args.dataset;
  }
  const log = args.quiet ? () => undefined : (m: string) => process.stderr.write(`bench:evidence: ${m}\n`);
  const index = neighbourhoodIndexOf(dataset, columns);
  const labelled = labelledEvidenceRows(dataset, columns, index);
  const stock = stockEvidenceRows(dataset, columns, index);
  const surveyed = labelled.rows - labelled.audit.reduce((a, b) => a + b, 0);
  const groups = standardGroups();
  const started = performance.now();
  const results = evidenceAblation(labelled, FULL_NAMES, groups, folds, repeats, { ...DEFAULT_HYPERPARAMETERS }, log);
  const seconds = (performance.now() - started) / 1000;

  const out: string[] = [];
  out.push(
    `evidence ablation: ${source}; ${labelled.rows} labelled panden (${surveyed} surveyed on suspicion, evaluated), ${repeats} × ${folds}-fold buurt-grouped CV, ${seconds.toFixed(0)} s`,
  );
  out.push('');
  out.push('| feature group | fold AUC mean ± sd | repeat means (min–max) | gain vs base, paired per repeat: mean ± sd |');
  out.push('|---|---:|---:|---:|');
  const base = results[1];
  for (const r of results) {
    const gains = r.repeatAuc.map((a, k) => a - base.repeatAuc[k]);
    out.push(
      `| ${r.group} | ${mean(r.foldAuc).toFixed(4)} ± ${sd(r.foldAuc).toFixed(4)} | ${Math.min(...r.repeatAuc).toFixed(4)}–${Math.max(...r.repeatAuc).toFixed(4)} | ${r === base ? '—' : `${mean(gains) >= 0 ? '+' : ''}${mean(gains).toFixed(4)} ± ${sd(gains).toFixed(4)}`} |`,
    );
  }
  out.push('');
  out.push('| input | stock values outside the labelled range | missing, labelled | missing, stock | labelled range |');
  out.push('|---|---:|---:|---:|---|');
  for (const s of outOfRangeShares(labelled, stock, FULL_NAMES)) {
    out.push(
      `| ${s.name} | ${pct(s.outOfRange)} | ${pct(s.missingLabelled)} | ${pct(s.missingStock)} | ${Number.isFinite(s.min) ? `${+s.min.toFixed(2)} … ${+s.max.toFixed(2)}` : '—'} |`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:evidence failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

/**
 * Ablation benchmark (issue 15): what the archive and neighbourhood evidence add, by repeated buurt-grouped
 * cross-validation on identical folds (the project's splits and learner, audit rows weighted as the
 * trainer weights them), and the out-of-range share per input (stock values outside the labelled range).
 *
 *   npm run bench:evidence [-- --dataset seeds/demo] [--folds 5] [--repeats 5]
 *   npm run bench:evidence -- --generate 2      (a world generated in memory with that seed)
 *   npm run bench:evidence -- --write-card      (also into the card of models/current, as the xgboost benchmark does)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineCli, numberOption, parseCliOrExit } from '../service/cli/support/parse-args.js';
import { datasetHash } from '../service/adapters/dataset/dataset-hash.js';
import { evidenceMarkdown } from '../training/card/card-markdown.js';
import type { EvidenceSection, ModelCard } from '../training/card/model-card.js';
import { writeCard } from '../training/write-model.js';
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

const CLI = defineCli({
  name: 'bench:evidence',
  usage: 'npm run bench:evidence --',
  summary: 'Ablation of the archive and neighbourhood evidence features in repeated buurt-grouped CV.',
  options: {
    dataset: { type: 'string', value: 'DIR', description: 'dataset folder', default: 'seeds/demo' },
    generate: { type: 'string', value: 'SEED', description: 'use a generated world of this seed instead of --dataset' },
    folds: { type: 'string', value: 'N', description: 'folds per repeat (≥ 2)', default: '5' },
    repeats: { type: 'string', value: 'N', description: 'repeats (≥ 1)', default: '5' },
    quiet: { type: 'boolean', description: 'no progress lines' },
    'write-card': {
      type: 'boolean',
      description: 'also write the tables into the card of models/current (when it was trained on --dataset)',
    },
  },
  examples: ['npm run bench:evidence -- --generate=2 --repeats=2'],
});

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
const sd = (v: readonly number[]) => {
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, v.length - 1));
};

async function main(): Promise<void> {
  const parsed = parseCliOrExit(CLI, (p) => ({
    dataset: p.string('dataset') as string,
    generate: p.string('generate') === undefined ? undefined : String(numberOption(p, 'generate', { integer: true })),
    quiet: p.flag('quiet'),
    'write-card': p.flag('write-card'),
    folds: numberOption(p, 'folds', { min: 2, integer: true }),
    repeats: numberOption(p, 'repeats', { min: 1, integer: true }),
  }));
  const args = parsed;
  const { folds, repeats } = parsed;
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

  const base = results[1];
  const section: EvidenceSection = {
    folds,
    repeats,
    evaluatedRows: surveyed,
    groups: results.map((r) => {
      const gains = r.repeatAuc.map((a, k) => a - base.repeatAuc[k]);
      return {
        group: r.group,
        meanAuc: mean(r.foldAuc),
        sdAuc: sd(r.foldAuc),
        gainMean: r === base ? null : mean(gains),
        gainSd: r === base ? null : sd(gains),
      };
    }),
    inputs: outOfRangeShares(labelled, stock, FULL_NAMES).map(({ name, outOfRange, missingLabelled, missingStock }) => ({
      name,
      outOfRange,
      missingLabelled,
      missingStock,
    })),
  };
  process.stdout.write(
    `evidence ablation: ${source}; ${labelled.rows} labelled panden, ${seconds.toFixed(0)} s\n\n${evidenceMarkdown(section)}\n`,
  );
  if (!args['write-card']) return;
  if (args.generate !== undefined) {
    process.stderr.write('bench:evidence: --write-card needs --dataset (the card belongs to a dataset folder)\n');
    process.exit(2);
  }
  const modelDir = join('models', (await readFile(join('models', 'current'), 'utf8')).trim());
  const card = JSON.parse(await readFile(join(modelDir, 'card.json'), 'utf8')) as ModelCard;
  if (card.dataset.hash !== (await datasetHash(args.dataset))) {
    process.stderr.write(`bench:evidence: not writing the card: ${modelDir} was trained on another dataset version\n`);
    return;
  }
  await writeCard(modelDir, { ...card, evidence: section });
  process.stderr.write(`bench:evidence: evidence tables written into ${modelDir}/card.json and card.md\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:evidence failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

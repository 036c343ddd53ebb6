/**
 * Certainty benchmark (issue 11): does the answer deliver the certainty it claims, on ALL buildings of
 * held-out buurten, measured against the hidden truth? Over generated datasets × buurt splits it trains
 * with the project's own pipeline (`trainModel`, no cross-validation), scores every building of the
 * buurten the run held out (surveyed or not) and prints each figure's spread over the runs.
 *
 * Run: `npm run bench:certainty [-- --datasets 8 --splits 10 --audit 1000]` (datasets generated in memory,
 * seeds 1…N, with an audit sample of that many panden)
 * or `npm run bench:certainty -- --world ../shared/data/benchmark-world [--splits 10] [--survey-error 0.04,0.04]`
 * (a given folder; its `truth.csv.gz` is read for grading only, never handed to training; `--survey-error`
 * as in `npm run train`, for registers without re-surveys).
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { readDataset, readTruth } from '../service/adapters/dataset/dataset-files.js';
import { type ConformalLabel, conformalSet } from '../service/domain/conformal.js';
import { PERIOD_LABELS, periodOf } from '../service/domain/buurt-stats.js';
import type { Dataset } from '../service/domain/records.js';
import { DEFAULT_AUDIT_SIZE } from '../seeds/audit-sample.js';
import { generateDataset } from '../seeds/generate.js';
import { certaintyFigures, coverageByGroup, MIN_BUURT_BUILDINGS, quantile, spreadOf } from '../training/eval/certainty-metrics.js';
import { plattProbability, predictMargins } from '../service/domain/trees/predict-trees.js';
import { stockProbabilityOf } from '../service/domain/stock-scale.js';
import { FEATURE_NAMES } from '../service/features/feature-spec.js';
import { DEFAULT_HYPERPARAMETERS } from '../training/hyperparameters.js';
import { trainModel, type TrainingOutput } from '../training/train-model.js';
import { type PandRows, selectRows, stockRows } from '../training/training-rows.js';
import { defineCli, numberOption, type ParsedCli, parseCliOrExit, UsageError } from '../service/cli/support/parse-args.js';

/** The answer the service would give per building, on both scales, with its 95 % set. */
export interface BuildingAnswers {
  /** The chance a survey would find class D/E. */
  pSurvey: number[];
  /** The chance the foundation is D/E, or null where the model gives no stock-scale figure. */
  pStock: (number | null)[];
  sets: ConformalLabel[][];
}

/**
 * The ONE place that turns a trained model into per-building answers, exactly as the service's scorer
 * does: the ONNX-equal margin, the survey scale (Platt in the graph), the stock scale from the manifest
 * (null without an audit sample) and the set formed from the manifest by `service/domain/conformal.ts`.
 */
export function answerFor(trained: TrainingOutput, rows: PandRows): BuildingAnswers {
  const margins = predictMargins(trained.ensemble, rows.x, rows.rows);
  const yearCol = FEATURE_NAMES.indexOf('bouwjaar');
  const pSurvey = Array.from(margins, (m) => plattProbability(m, trained.manifest.calibration));
  const pStock = Array.from(margins, (m) => stockProbabilityOf(m, trained.manifest.stockCalibration, trained.manifest.calibration));
  const sets = Array.from(margins, (m, i) => {
    const year = rows.x[i * rows.width + yearCol];
    return conformalSet(trained.manifest.conformal, m, pSurvey[i], Number.isNaN(year) ? null : year).set;
  });
  return { pSurvey, pStock, sets };
}

interface World {
  name: string;
  dataset: Dataset;
  truth: Map<string, boolean>;
}

interface CertaintyArgs {
  datasets: number;
  splits: number;
  audit: number;
  world: string | null;
  surveyError: { falsePositive: number; falseNegative: number } | null;
}

const CLI = defineCli({
  name: 'certainty',
  usage: 'npm run bench:certainty --',
  summary:
    'Certainty benchmark: trains over generated datasets (or a given world) × buurt splits and grades every building of the held-out buurten against the hidden truth.',
  options: {
    datasets: { type: 'string', value: 'N', description: 'generated datasets (seeds 1…N)', default: '8' },
    splits: { type: 'string', value: 'N', description: 'buurt splits per dataset', default: '10' },
    audit: {
      type: 'string',
      value: 'N',
      description: 'panden in the audit sample of a generated dataset (0 = none)',
      default: String(DEFAULT_AUDIT_SIZE),
    },
    world: { type: 'string', value: 'DIR', description: 'a given dataset folder instead (its truth.csv.gz is read for grading only)' },
    'survey-error': {
      type: 'string',
      value: 'FP,FN',
      description: 'survey error rates for registers without re-surveys, as in npm run train',
    },
  },
  examples: [
    'npm run bench:certainty -- --datasets 2 --splits 3',
    'npm run bench:certainty -- --world ../shared/data/benchmark-world --splits 10',
  ],
});

function certaintyArgsOf(args: ParsedCli): CertaintyArgs {
  return {
    datasets: numberOption(args, 'datasets', { min: 1, max: 9999, integer: true }),
    splits: numberOption(args, 'splits', { min: 1, max: 9999, integer: true }),
    audit: numberOption(args, 'audit', { min: 0, max: 9999, integer: true }),
    world: args.string('world') ?? null,
    surveyError: surveyErrorArg(args.string('survey-error')),
  };
}

/** `--survey-error FP,FN`: the rates training uses when the register has no re-surveys (as `npm run train`). */
function surveyErrorArg(text: string | undefined): { falsePositive: number; falseNegative: number } | null {
  if (text === undefined) return null;
  const [fp, fn] = text.split(',').map(Number);
  if (!(fp >= 0 && fp < 0.5 && fn >= 0 && fn < 0.5)) throw new UsageError(`--survey-error must be FP,FN in [0, 0.5), got "${text}"`);
  return { falsePositive: fp, falseNegative: fn };
}

async function* worlds(args: CertaintyArgs): AsyncGenerator<World> {
  if (args.world) {
    const truth = await readTruth(args.world);
    if (!truth) throw new Error(`${args.world} has no truth.csv.gz to grade against`);
    yield { name: args.world, dataset: await readDataset(args.world), truth: new Map(truth.map((t) => [t.pand_id, t.probleem])) };
    return;
  }
  for (let seed = 1; seed <= args.datasets; seed += 1) {
    const g = generateDataset({ seed, audit: args.audit });
    yield { name: `generated seed ${seed}`, dataset: g.dataset, truth: new Map(g.panden.map((p, i) => [p.pandId, g.truths[i].probleem])) };
  }
}

/** Runs every split of one world; returns one record of figures per run and the per-buurt coverages. */
function runWorld(
  world: World,
  splits: number,
  surveyError: { falsePositive: number; falseNegative: number } | null,
  onRun: (line: string) => void,
): { runs: Record<string, number>[]; buurtCoverage: number[] } {
  const { dataset, truth } = world;
  const stock = stockRows(dataset);
  const bouwjaar = new Map(dataset.addresses.map((a) => [a.pandId, a.bouwjaar]));
  const surveyed = new Set(dataset.register.filter((r) => r.onderzocht).map((r) => r.pandId));
  const runs: Record<string, number>[] = [];
  const buurtCoverage: number[] = [];
  for (let s = 0; s < splits; s += 1) {
    const started = performance.now();
    const trained = trainModel({
      dataset,
      truth: null,
      datasetHash: createHash('sha256').update(world.name).digest('hex'),
      version: 'bench',
      cvFolds: 0,
      surveyError,
      log: () => undefined,
      params: { ...DEFAULT_HYPERPARAMETERS, seed: DEFAULT_HYPERPARAMETERS.seed + s },
    });
    // the held-out buurten are the run's test buurten: trainModel must use no row of them (labels, audit
    // sample or calibration), or the figures below are optimistic
    const heldOut = new Set(trained.split.testBuurten);
    const rows = selectRows(
      stock,
      stock.buurtCodes.flatMap((b, i) => (heldOut.has(b) ? [i] : [])),
    );
    const answers = answerFor(trained, rows);
    const held = {
      ...answers,
      truth: rows.pandIds.map((p) => (truth.get(p) ? 1 : 0)),
      surveyed: rows.pandIds.map((p) => surveyed.has(p)),
      buurt: rows.buurtCodes,
      period: rows.pandIds.map((p) => periodOf(bouwjaar.get(p) ?? null)),
    };
    const test = trained.split.test;
    const figures = certaintyFigures(held, { p: answerFor(trained, test).pSurvey, label: test.y }, PERIOD_LABELS);
    runs.push(figures);
    buurtCoverage.push(...coverageByGroup(held.sets, held.truth, held.buurt, MIN_BUURT_BUILDINGS).values());
    onRun(
      `${world.name}, split ${s + 1}: ${heldOut.size} buurten held out, ${rows.rows} buildings (${test.rows} surveyed test rows), ` +
        `coverage ${(figures['sets: coverage, all buildings'] * 100).toFixed(1)} %, ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  return { runs, buurtCoverage };
}

const fmt = (x: number, percent: boolean) => (Number.isNaN(x) ? 'n/a' : percent ? `${(x * 100).toFixed(1)} %` : x.toFixed(3));

function printTable(runs: readonly Record<string, number>[], buurtCoverage: readonly number[]): void {
  const names = Object.keys(runs[0]);
  const width = Math.max(...names.map((n) => n.length));
  process.stdout.write(
    `\n${'figure'.padEnd(width)}  ${'mean'.padStart(8)}  ${'min'.padStart(8)}  ${'p5 – p95'.padStart(19)}  ${'max'.padStart(8)}  runs\n`,
  );
  for (const name of names) {
    const s = spreadOf(runs.map((r) => r[name]));
    const percent = name.startsWith('sets:') || name === 'true problem rate';
    const cell = (x: number) => fmt(x, percent).padStart(8);
    process.stdout.write(
      `${name.padEnd(width)}  ${cell(s.mean)}  ${cell(s.min)}  ${`${fmt(s.p5, percent)} – ${fmt(s.p95, percent)}`.padStart(19)}  ${cell(s.max)}  ${s.runs}\n`,
    );
  }
  process.stdout.write(
    `\npooled over all runs: ${buurtCoverage.length} held-out buurten (≥ ${MIN_BUURT_BUILDINGS} buildings), ` +
      `5th-percentile buurt coverage ${fmt(quantile(buurtCoverage, 0.05), true)}, lowest ${fmt(Math.min(...buurtCoverage), true)}\n`,
  );
}

async function main(args: CertaintyArgs): Promise<void> {
  const started = performance.now();
  const runs: Record<string, number>[] = [];
  const buurtCoverage: number[] = [];
  const log = (line: string) => process.stderr.write(`certainty: ${line}\n`);
  for await (const world of worlds(args)) {
    const result = runWorld(world, args.splits, args.surveyError, log);
    runs.push(...result.runs);
    buurtCoverage.push(...result.buurtCoverage);
  }
  process.stdout.write(
    `certainty benchmark: ${runs.length} runs (${args.world ? `world ${args.world}` : `${args.datasets} generated datasets, audit sample ${args.audit}`} × ${args.splits} buurt splits), ` +
      `every building of the held-out buurten against the hidden truth; ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  );
  printTable(runs, buurtCoverage);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = parseCliOrExit(CLI, certaintyArgsOf);
  main(args).catch((err: unknown) => {
    process.stderr.write(`certainty: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

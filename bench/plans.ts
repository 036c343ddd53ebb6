/**
 * Survey-plan benchmark (issue 20): how many problem foundations does a plan find, counted in the hidden
 * truth (`truth.csv.gz`, which the service never reads), against the same budget spent at random on
 * unsurveyed buildings and by construction year alone (oldest first); and does the plan's printed
 * interval of expected problems found hold the true count?
 *
 * Worlds: the demo served with the committed model (the service's own path: dataset → scores → plan);
 * `../shared/data/benchmark-world` and N generated datasets (seeds 101…), each with a model trained here
 * by the project's pipeline (`trainModel`, no cross-validation; the truth is never handed to training).
 *
 * `--ceiling` adds the upper bound of the lift from rankings trained with the hidden truth (plans-ceiling.ts);
 * `--train-seeds N` trains the benchmark world N times to show how much its lift owes to training randomness.
 * Each plan line also shows the interval before the calibration-form term and with the survey error's own
 * uncertainty, which the bench estimates by bootstrapping the register's re-surveyed pairs (the manifest does
 * not carry it, so the service does not print it yet).
 *
 * Run: `npm run bench:plans [-- --surveys 500 --datasets 20 --world ../shared/data/benchmark-world]`
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { defineCli, numberOption, parseCliOrExit } from '../service/cli/support/parse-args.js';
import { pino } from 'pino';
import { readDataset, readTruth } from '../service/adapters/dataset/dataset-files.js';
import { MemoryStore } from '../service/adapters/memory/memory-store.js';
import { createDeps } from '../service/bootstrap.js';
import { loadConfig } from '../service/config/config.js';
import type { ModelManifest } from '../service/domain/model-manifest.js';
import { type ExpectedFound, type PlanAnswer, type PlanContext, expectedFound, makePlan } from '../service/domain/plans.js';
import { seededRandom } from '../service/domain/seeded-random.js';
import { planCandidates, unsurveyedProbabilityOf } from '../service/domain/plans-candidates.js';
import { precomputeScores } from '../service/domain/precompute-scores.js';
import type { Dataset } from '../service/domain/records.js';
import { RiskScorer } from '../service/domain/risk-scorer.js';
import { plattProbability, predictMargins } from '../service/domain/trees/predict-trees.js';
import type { RiskModel } from '../service/ports/risk-model.js';
import type { TreeEnsemble } from '../service/domain/trees/tree-ensemble.js';
import type { Store } from '../service/ports/store.js';
import { generateDataset } from '../seeds/generate.js';
import { DEFAULT_HYPERPARAMETERS } from '../training/hyperparameters.js';
import { trainModel } from '../training/train-model.js';
import { resurveyPairs } from '../training/certainty/stock-scale.js';
import { type ResurveyPair, estimateSurveyError } from '../training/certainty/survey-error.js';
import { auditCheck } from './plans-audit.js';
import { type CeilingTruth, rankingCeiling } from './plans-ceiling.js';

const CLI = defineCli({
  name: 'bench:plans',
  usage: 'npm run bench:plans --',
  summary: 'Grades find-problems and audit plans against the hidden truth of generated worlds.',
  options: {
    surveys: { type: 'string', value: 'N', description: 'surveys per plan', default: '500' },
    datasets: { type: 'string', value: 'N', description: 'generated datasets for the interval check (0 skips)', default: '20' },
    world: {
      type: 'string',
      value: 'DIR',
      description: 'a dataset folder with truth.csv.gz (skipped when absent)',
      default: '../shared/data/benchmark-world',
    },
    'skip-demo': { type: 'boolean', description: 'do not run the demo with the committed model' },
    'train-seeds': {
      type: 'string',
      value: 'N',
      description:
        'train the benchmark world N times (the default seed, then seeds 1…N−1: test buurten, row sampling, early stopping) and print the spread of its lift',
      default: '1',
    },
    ceiling: {
      type: 'boolean',
      description:
        'also print the upper bound of the lift over oldest first on the benchmark world and the generated datasets: rankings by models trained with the hidden truth of the whole stock (see plans-ceiling.ts)',
    },
    'audit-datasets': {
      type: 'string',
      value: 'N',
      description:
        "generated datasets without an audit sample on which an audit plan's simulated surveys recalibrate the stock scale (0 skips; see plans-audit.ts)",
      default: '3',
    },
    'audit-size': { type: 'string', value: 'N', description: 'surveys in that audit plan (re-surveys included)', default: '3000' },
    'audit-resurveys': {
      type: 'string',
      value: 'N',
      description: "of those, the audit plan's re-surveys (buildings surveyed twice, for the survey error)",
      default: '500',
    },
  },
  examples: ['npm run bench:plans -- --datasets 5 --audit-datasets 1'],
});

/** The trained trees as a {@link RiskModel}: the same margins and survey scale as the exported ONNX. */
class TreeModel implements RiskModel {
  constructor(
    readonly manifest: ModelManifest,
    readonly trees: TreeEnsemble,
  ) {}
  async predict(features: Float32Array, rows: number) {
    const margin = predictMargins(this.trees, features, rows);
    const probability = Float32Array.from(margin, (m) => plattProbability(m, this.manifest.calibration));
    return { margin, probability };
  }
  async close(): Promise<void> {}
}

interface Outcome {
  world: string;
  plan: PlanAnswer;
  found: number;
  random: number;
  oldest: number;
  oldestSurveys: number;
  /** Σ over the plan's buildings of the address answer's stock probability (the mixture over surveyed and not). */
  mixture: number;
  /** The plan's candidate panden (for the ceiling experiment). */
  candidates: string[];
  /** The interval as printed before the calibration-form and survey-error terms: each building's chance and the (a, b) covariance only. */
  before: ExpectedFound;
  /** The printed interval plus the survey error's own uncertainty (the bench's bootstrap covariance; the manifest does not carry one yet). */
  withSurveyError: ExpectedFound;
}

/** Counts true problems among a list of panden. */
const count = (panden: readonly string[], truth: ReadonlyMap<string, boolean>) => panden.filter((p) => truth.get(p) === true).length;

/** Plans on a store and grades the plan and both comparison lines against the truth. */
async function grade(
  world: string,
  store: Store,
  scorer: RiskScorer,
  manifest: ModelManifest,
  truth: ReadonlyMap<string, boolean>,
  surveys: number,
  surveyErrorCovariance: readonly [number, number, number] | null = null,
): Promise<Outcome> {
  const [entries, buurten] = await Promise.all([store.listEntries(null), store.listBuurten()]);
  const stock = manifest.stockCalibration;
  const ctx: PlanContext = {
    scale: stock ? 'stock' : 'survey-relative',
    covariance: stock?.covariance ?? null,
    surveyError: stock?.surveyError ?? { falsePositive: 0, falseNegative: 0 },
    auditRows: stock?.auditRows ?? null,
    costs: { perSurvey: 1_500, perBlock: 500 },
  };
  const candidates = planCandidates(
    entries,
    buurten.map((b) => b.buurt),
    (m, p, y) => scorer.resultOf(p, m, y).conformal.set,
    unsurveyedProbabilityOf(stock),
  );
  const stamp = { id: 'bench', createdAt: '', modelVersion: manifest.version, datasetVersion: null, synthetic: true };
  const plan = makePlan({ objective: 'find-problems', budget: { surveys } }, candidates, ctx, stamp);
  const answerStock = new Map(entries.map((e) => [e.address.pandId, e.score.probabilityStock]));
  const byPand = new Map(candidates.map((c) => [c.pandId, c]));
  const before = expectedFound(
    plan.buildings.map((b) => byPand.get(b.pandId)!),
    ctx.covariance,
  );
  const errorCovariance = stock?.surveyError.source === 're-surveys' ? surveyErrorCovariance : null;
  const withSurveyError = makePlan(
    { objective: 'find-problems', budget: { surveys } },
    candidates,
    { ...ctx, surveyErrorCovariance: errorCovariance },
    stamp,
  ).expectedFound;
  const mixture = plan.buildings.reduce((sum, b) => sum + (answerStock.get(b.pandId) ?? 0), 0);
  // The comparison lines as lists: a simple random sample of the unsurveyed buildings, and oldest first.
  const rnd = seededRandom(surveys * 7919 + candidates.length);
  const random = candidates
    .map((c) => ({ c, k: rnd() }))
    .sort((a, b) => a.k - b.k)
    .slice(0, surveys)
    .map((x) => x.c.pandId);
  const byYear = [...candidates]
    .sort((a, b) => (a.bouwjaar ?? Infinity) - (b.bouwjaar ?? Infinity) || (a.pandId < b.pandId ? -1 : 1))
    .slice(0, surveys);
  return {
    world,
    plan,
    found: count(
      plan.buildings.map((b) => b.pandId),
      truth,
    ),
    random: count(random, truth),
    oldest: count(
      byYear.map((c) => c.pandId),
      truth,
    ),
    oldestSurveys: byYear.length,
    mixture,
    candidates: candidates.map((c) => c.pandId),
    before,
    withSurveyError,
  };
}

/**
 * The sampling covariance [var e0, cov, var e1] of the survey error the training estimated from the
 * register's re-surveyed pairs: the same estimator (`estimateSurveyError`) on `BOOTSTRAP` resamples of the
 * pairs, drawn within their groups (seeded); null when the pairs give no estimate. The service's manifest
 * does not carry it yet; the bench hands it to the plan to measure what it adds.
 */
export function surveyErrorCovarianceOf(dataset: Dataset, seed = 1): [number, number, number] | null {
  const pairs = resurveyPairs(dataset);
  if (!estimateSurveyError(pairs)) return null;
  const groups = new Map<string, ResurveyPair[]>();
  for (const p of pairs) groups.set(p.group, [...(groups.get(p.group) ?? []), p]);
  const random = seededRandom(seed);
  const draws: [number, number][] = [];
  for (let b = 0; b < BOOTSTRAP; b += 1) {
    const sample = [...groups.values()].flatMap((g) => g.map(() => g[Math.floor(random() * g.length)]));
    const e = estimateSurveyError(sample);
    if (e) draws.push([e.falsePositive, e.falseNegative]);
  }
  if (draws.length < 2) return null;
  const mean = [0, 1].map((j) => draws.reduce((s, d) => s + d[j], 0) / draws.length);
  const cov = (i: number, j: number) => draws.reduce((s, d) => s + (d[i] - mean[i]) * (d[j] - mean[j]), 0) / (draws.length - 1);
  return [cov(0, 0), cov(0, 1), cov(1, 1)];
}
const BOOTSTRAP = 200;

/** Trains a model on a dataset (the truth never goes in) and serves it from a memory store. */
async function trainedWorld(
  name: string,
  dataset: Dataset,
  seed = DEFAULT_HYPERPARAMETERS.seed,
): Promise<{ store: Store; scorer: RiskScorer; manifest: ModelManifest }> {
  const trained = trainModel({
    dataset,
    truth: null,
    datasetHash: createHash('sha256').update(name).digest('hex'),
    version: `bench-${name}`,
    cvFolds: 0,
    params: { ...DEFAULT_HYPERPARAMETERS, seed },
    log: () => undefined,
  });
  const manifest = { ...trained.manifest, files: {} } as unknown as ModelManifest;
  const scorer = new RiskScorer(new TreeModel(manifest, trained.ensemble), 10_000);
  const registerByPand = new Map(dataset.register.map((r) => [r.pandId, r]));
  const scores = await precomputeScores(scorer, dataset.addresses, registerByPand);
  return {
    store: new MemoryStore(dataset, scores, { suppressBelow: 10, stockCovariance: scorer.stockCovariance, tileCacheBytes: 0 }),
    scorer,
    manifest,
  };
}

const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : `${(a / b).toFixed(2)} ×`);

const inside = (found: number, e: ExpectedFound) => found >= e.interval[0] && found <= e.interval[1];
const width = (e: ExpectedFound) => e.interval[1] - e.interval[0];

function report(o: Outcome): string {
  const [lo, hi] = o.plan.expectedFound.interval;
  return (
    `${o.world}: find-problems plan of ${o.plan.surveys} finds ${o.found} (printed expectation ${o.plan.expectedFound.value}, interval ${lo}–${hi}, ` +
    `${o.found >= lo && o.found <= hi ? 'inside' : 'OUTSIDE'}; before the calibration-form term ${o.before.interval.join('–')}, ${inside(o.found, o.before) ? 'inside' : 'OUTSIDE'}; ` +
    `with the survey error's own uncertainty too ${o.withSurveyError.interval.join('–')}, ${inside(o.found, o.withSurveyError) ? 'inside' : 'OUTSIDE'}); random ${o.random} → ${ratio(o.found, o.random)} (target ≥ 5 ×); ` +
    `oldest first ${o.oldest} → ${ratio(o.found, o.oldest)} (target ≥ 1.3 ×); ` +
    `the address answer's stock probability would have printed ${o.mixture.toFixed(1)}`
  );
}

/** The ceiling lines of one world beside the plan and oldest first (see plans-ceiling.ts). */
function printCeiling(world: string, o: Outcome, lines: { ranking: string; found: number }[]): void {
  const parts = [
    `the plan (survey labels) ${o.found} → ${ratio(o.found, o.oldest)}`,
    ...lines.map((l) => `${l.ranking} ${l.found} → ${ratio(l.found, o.oldest)}`),
  ];
  process.stdout.write(
    `${world} ceiling, top ${o.plan.surveys} of ${o.candidates.length} candidates against oldest first ${o.oldest}: ${parts.join('; ')}\n`,
  );
}

async function main(): Promise<void> {
  const opts = parseCliOrExit(CLI, (args) => ({
    surveys: numberOption(args, 'surveys', { min: 1, integer: true }),
    datasets: numberOption(args, 'datasets', { min: 0, integer: true }),
    auditDatasets: numberOption(args, 'audit-datasets', { min: 0, integer: true }),
    auditSize: numberOption(args, 'audit-size', { min: 1, integer: true }),
    auditResurveys: numberOption(args, 'audit-resurveys', { min: 0, integer: true }),
    world: args.string('world') as string,
    skipDemo: args.flag('skip-demo'),
    ceiling: args.flag('ceiling'),
    trainSeeds: numberOption(args, 'train-seeds', { min: 1, integer: true }),
  }));
  const { surveys, datasets, auditDatasets, auditSize, auditResurveys } = opts;
  const values = { world: opts.world, 'skip-demo': opts.skipDemo };
  const started = performance.now();
  const outcomes: Outcome[] = [];

  if (!values['skip-demo']) {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      DEMO_KEY: 'false',
      ACCESS_FILE: '/tmp/bench-plans-access.json',
      AUDIT_FILE: '/tmp/bench-plans-audit.jsonl',
    });
    const deps = await createDeps(config, pino({ level: 'silent' }));
    const truth = await readTruth(config.datasetDir);
    if (!truth) throw new Error(`${config.datasetDir} has no truth.csv.gz`);
    outcomes.push(
      await grade(
        'demo (committed model)',
        deps.store,
        deps.scorer,
        deps.manifest,
        new Map(truth.map((t) => [t.pand_id, t.probleem])),
        surveys,
        surveyErrorCovarianceOf(await readDataset(config.datasetDir)),
      ),
    );
    process.stdout.write(`${report(outcomes.at(-1)!)}\n`);
    await deps.close();
  }
  if (existsSync(values.world)) {
    const truth = await readTruth(values.world);
    if (!truth) throw new Error(`${values.world} has no truth.csv.gz`);
    const worldData = await readDataset(values.world);
    const worldErrorCovariance = surveyErrorCovarianceOf(worldData);
    const w = await trainedWorld('benchmark-world', worldData);
    outcomes.push(
      await grade(
        'benchmark world (model trained here)',
        w.store,
        w.scorer,
        w.manifest,
        new Map(truth.map((t) => [t.pand_id, t.probleem])),
        surveys,
        worldErrorCovariance,
      ),
    );
    process.stdout.write(`${report(outcomes.at(-1)!)}\n`);
    const hiddenWorld = new Map<string, CeilingTruth>(
      truth.map((t) => [
        t.pand_id,
        {
          probleem: t.probleem,
          funderingtype: t.funderingtype,
          houtsoort: t.houtsoort,
          paalkopNapM: t.paalkop_nap_m,
          paallengteM: t.paallengte_m,
        },
      ]),
    );
    const worldCeiling = (o: Outcome, seed: number) =>
      printCeiling(
        `benchmark world (training seed ${seed})`,
        o,
        rankingCeiling(worldData, hiddenWorld, o.candidates, surveys, { ...DEFAULT_HYPERPARAMETERS, seed }),
      );
    if (opts.ceiling) worldCeiling(outcomes.at(-1)!, DEFAULT_HYPERPARAMETERS.seed);
    if (opts.trainSeeds > 1) {
      const lifts = [outcomes.at(-1)!];
      for (let seed = 1; seed < opts.trainSeeds; seed += 1) {
        const ws = await trainedWorld('benchmark-world', worldData, seed);
        lifts.push(
          await grade(
            `benchmark world (training seed ${seed})`,
            ws.store,
            ws.scorer,
            ws.manifest,
            new Map(truth.map((t) => [t.pand_id, t.probleem])),
            surveys,
            worldErrorCovariance,
          ),
        );
        process.stdout.write(`${report(lifts.at(-1)!)}\n`);
        if (opts.ceiling) worldCeiling(lifts.at(-1)!, seed);
      }
      const r = lifts.map((o) => o.found / o.oldest);
      process.stdout.write(
        `benchmark world over ${lifts.length} training seeds (${DEFAULT_HYPERPARAMETERS.seed}, 1–${opts.trainSeeds - 1}): found ${Math.min(...lifts.map((o) => o.found))}–${Math.max(...lifts.map((o) => o.found))} ` +
          `(mean ${(lifts.reduce((a, o) => a + o.found, 0) / lifts.length).toFixed(1)}), × oldest first ${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)} (mean ${(r.reduce((a, b) => a + b, 0) / r.length).toFixed(2)}; ≥ 1.3 in ${r.filter((x) => x >= 1.3).length} of ${r.length}); ` +
          `truth inside the printed interval in ${lifts.filter((o) => inside(o.found, o.plan.expectedFound)).length}\n`,
      );
    }
  } else {
    process.stdout.write(`benchmark world skipped: ${values.world} not found\n`);
  }

  const generated: Outcome[] = [];
  for (let i = 0; i < datasets; i += 1) {
    const seed = 101 + i;
    const g = generateDataset({ seed });
    const w = await trainedWorld(`seed-${seed}`, g.dataset);
    const truth = new Map(g.panden.map((p, j) => [p.pandId, g.truths[j].probleem]));
    generated.push(
      await grade(`generated seed ${seed}`, w.store, w.scorer, w.manifest, truth, surveys, surveyErrorCovarianceOf(g.dataset, seed)),
    );
    process.stderr.write(`bench:plans: ${report(generated.at(-1)!)}\n`);
    if (opts.ceiling) {
      const hidden = new Map<string, CeilingTruth>(
        g.panden.map((p, j) => {
          const t = g.truths[j];
          return [
            p.pandId,
            {
              probleem: t.probleem,
              funderingtype: t.funderingtype,
              houtsoort: t.houtsoort,
              paalkopNapM: t.paalkopNapM,
              paallengteM: t.paallengteM,
              kans: t.kans,
            },
          ];
        }),
      );
      printCeiling(
        `generated seed ${seed}`,
        generated.at(-1)!,
        rankingCeiling(g.dataset, hidden, generated.at(-1)!.candidates, surveys, DEFAULT_HYPERPARAMETERS),
      );
    }
  }
  if (generated.length > 0) {
    const held = generated.filter((o) => inside(o.found, o.plan.expectedFound)).length;
    const heldBefore = generated.filter((o) => inside(o.found, o.before)).length;
    const heldWithError = generated.filter((o) => inside(o.found, o.withSurveyError)).length;
    const mean = (f: (o: Outcome) => number) => generated.reduce((s, o) => s + f(o), 0) / generated.length;
    process.stdout.write(
      `${generated.length} generated datasets (seeds 101–${100 + generated.length}, a model trained on each): ` +
        `truth inside the printed interval in ${held} of ${generated.length} (${((100 * held) / generated.length).toFixed(0)} %, target ≥ 90 %; mean width ${mean((o) => width(o.plan.expectedFound)).toFixed(1)}); ` +
        `before the calibration-form term in ${heldBefore} (mean width ${mean((o) => width(o.before)).toFixed(1)}); ` +
        `with the survey error's own uncertainty too in ${heldWithError} (mean width ${mean((o) => width(o.withSurveyError)).toFixed(1)}); ` +
        `mean found ${mean((o) => o.found).toFixed(1)} vs expected ${mean((o) => o.plan.expectedFound.value).toFixed(1)} ` +
        `(mean |found − expected| ${mean((o) => Math.abs(o.found - o.plan.expectedFound.value)).toFixed(1)}; with the address answer's stock probability ${mean((o) => o.mixture).toFixed(1)}, mean |found − it| ${mean((o) => Math.abs(o.found - o.mixture)).toFixed(1)}); ` +
        `mean ratio to random ${mean((o) => o.found / Math.max(1, o.random)).toFixed(2)} ×, to oldest first ${mean((o) => o.found / Math.max(1, o.oldest)).toFixed(2)} ×\n`,
    );
  }
  const ratios: number[] = [];
  for (let i = 0; i < auditDatasets; i += 1) {
    const r = auditCheck(201 + i, auditSize, auditResurveys);
    ratios.push(r.ratio);
    process.stdout.write(
      `audit plan on generated seed ${201 + i} (no audit sample of its own): ${r.sampled} buildings, ${r.resurveys} of them surveyed twice, same sample when drawn twice: ${r.reproducible ? 'yes' : 'NO'}; ` +
        `after training with them, stock-scale Σ p ÷ true problems = ${r.ratio.toFixed(3)} (target 0.9–1.1); ` +
        `sample's true rate ÷ population's ${r.sampleVsPopulation.toFixed(3)}, survey error estimated ${r.surveyError[0].toFixed(3)}/${r.surveyError[1].toFixed(3)} from ${r.surveyError[2]} pairs (generator: 0.040/0.050), ${r.auditRows} audit rows outside the test buurten\n`,
    );
  }
  if (ratios.length > 0)
    process.stdout.write(
      `audit plans (${auditSize} surveys, ${auditResurveys} re-surveys): ${ratios.filter((x) => x >= 0.9 && x <= 1.1).length} of ${ratios.length} stock-scale ratios within 0.9–1.1 ` +
        `(mean ${(ratios.reduce((a, b) => a + b, 0) / ratios.length).toFixed(3)}, range ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})\n`,
    );
  process.stdout.write(`bench:plans done in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench:plans: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}

/**
 * `npm run models -- list | promote VERSION | rollback`: the model registry is the models folder; the
 * version served is named in `models/current`, and every promotion is appended to
 * `models/.promotions.jsonl`, so a rollback can return to the version before. A running service picks
 * up the new `current` within `MODEL_WATCH_MS` and switches without dropping a request. Before a
 * promotion the candidate is scored beside the current model on the track record (surveys after the
 * current model's data cut-off) and the comparison is printed.
 */
import { existsSync } from 'node:fs';
import { appendFile, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defineCli, type ParsedCli, runCli, UsageError } from './support/parse-args.js';
import { pino } from 'pino';
import { CoalescingModel } from '../adapters/onnx/coalescing-model.js';
import { loadOnnxModel } from '../adapters/onnx/onnx-model.js';
import { createDeps } from '../bootstrap.js';
import { ConfigError, type Config, loadConfig } from '../config/config.js';
import { RiskScorer } from '../domain/risk-scorer.js';
import { TrackRecordService } from '../http/track-record-service.js';
import type { VersionTrackRecord } from '../domain/surveys/track-record.js';

const CLI = defineCli({
  name: 'models',
  usage: 'npm run models --',
  summary:
    'The model registry in MODELS_DIR: list the versions, promote one (a running service switches within MODEL_WATCH_MS), roll back.',
  commands: {
    list: { summary: 'the model versions in MODELS_DIR, the served one marked' },
    promote: {
      summary: 'serve VERSION, after scoring it beside the served model on the track record',
      positionals: { name: 'VERSION', description: 'a model folder name in MODELS_DIR', min: 1, max: 1 },
      options: { 'no-compare': { type: 'boolean', description: 'skip the track-record comparison' } },
    },
    rollback: { summary: 'serve the version before the last promotion again' },
  },
  examples: ['npm run models -- list', 'npm run models -- promote gbdt-demo-v3', 'npm run models -- rollback'],
});

const PROMOTIONS = '.promotions.jsonl';
const out = (s: string) => process.stdout.write(`${s}\n`);

interface Promotion {
  at: string;
  from: string | null;
  to: string;
  rollback: boolean;
}

async function currentOf(config: Config): Promise<string | null> {
  const file = join(config.modelsDir, 'current');
  return existsSync(file) ? (await readFile(file, 'utf8')).trim() || null : null;
}

async function versions(config: Config): Promise<{ version: string; dataCutoff: string | null; datasetName: string }[]> {
  const names = (await readdir(config.modelsDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory() && existsSync(join(config.modelsDir, d.name, 'manifest.json')))
    .map((d) => d.name)
    .sort();
  return Promise.all(
    names.map(async (version) => {
      const m = JSON.parse(await readFile(join(config.modelsDir, version, 'manifest.json'), 'utf8')) as {
        dataCutoff?: string;
        datasetName?: string;
      };
      return { version, dataCutoff: m.dataCutoff ?? null, datasetName: m.datasetName ?? '' };
    }),
  );
}

async function history(config: Config): Promise<Promotion[]> {
  const file = join(config.modelsDir, PROMOTIONS);
  if (!existsSync(file)) return [];
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Promotion);
}

/** Writes `current` whole (temporary file, then rename) and records the promotion. */
async function point(config: Config, to: string, rollback: boolean): Promise<void> {
  const from = await currentOf(config);
  const file = join(config.modelsDir, 'current');
  await writeFile(`${file}.tmp`, `${to}\n`);
  await rename(`${file}.tmp`, file);
  await appendFile(
    join(config.modelsDir, PROMOTIONS),
    `${JSON.stringify({ at: new Date().toISOString(), from, to, rollback } satisfies Promotion)}\n`,
  );
  out(`${rollback ? 'rolled back' : 'promoted'}: ${from ?? '(none)'} → ${to}; a running service switches within ${config.modelWatchMs} ms`);
}

const fmt = (e: { value: number | null; low: number | null; high: number | null }, digits = 3) =>
  e.value === null ? '—' : `${e.value.toFixed(digits)} (${e.low?.toFixed(digits) ?? '?'}–${e.high?.toFixed(digits) ?? '?'})`;

/** Scores the candidate beside the current model on the surveys after the current model's cut-off and prints both. */
async function compare(config: Config, candidate: string): Promise<void> {
  const deps = await createDeps(loadConfig({ ...process.env, LOG_LEVEL: 'silent', DEMO_KEY: 'false' }), pino({ level: 'silent' }));
  const model = new CoalescingModel(await loadOnnxModel(join(config.modelsDir, candidate)));
  try {
    const current = (await new TrackRecordService(deps).get()).models.find((m) => m.served)!;
    const scorer = new RiskScorer(model, config.scoreChunkRows);
    const cand = (
      await new TrackRecordService({ ...deps, scorer, manifest: model.manifest }, { cutoff: current.dataCutoff }).get()
    ).models.find((m) => m.served)!;
    const fresh = model.manifest.dataCutoff ?? null;
    const rows: [string, (m: VersionTrackRecord) => string][] = [
      ['surveys after the cut-off', (m) => String(m.surveysAfterCutoff ?? 'suppressed')],
      ['AUC', (m) => fmt(m.auc)],
      ['Brier (survey scale)', (m) => fmt(m.brier)],
      ['coverage of the 95 % sets', (m) => fmt(m.coverage)],
    ];
    out(`track record on the surveys after ${current.dataCutoff} (the current model's data cut-off):`);
    out(`${''.padEnd(28)}${`current ${current.modelVersion}`.padEnd(34)}candidate ${candidate}`);
    for (const [name, f] of rows) out(`${name.padEnd(28)}${f(current).padEnd(34)}${f(cand)}`);
    if (fresh && fresh >= current.dataCutoff) {
      out(
        `note: the candidate's own data cut-off is ${fresh}: surveys up to then were in its training data, so its figures above are in-sample (optimistic); its own track record starts with the surveys after ${fresh}.`,
      );
    }
  } finally {
    await model.close();
    await deps.close();
  }
}

async function main(args: ParsedCli): Promise<void> {
  const config = loadConfig(process.env);
  const command = args.command;
  const [version] = args.positionals;
  const values = { 'no-compare': args.command === 'promote' && args.flag('no-compare') };
  const current = await currentOf(config);
  switch (command) {
    case 'list': {
      for (const v of await versions(config))
        out(
          `${v.version === current ? '*' : ' '} ${v.version.padEnd(24)} data cut-off ${v.dataCutoff ?? '(not recorded)'}  ${v.datasetName}`,
        );
      return;
    }
    case 'promote': {
      if (!version) throw new UsageError('promote needs VERSION');
      if (!(await versions(config)).some((v) => v.version === version))
        throw new UsageError(`no model ${version} in ${config.modelsDir} (see npm run models -- list)`);
      if (version === current) throw new UsageError(`${version} is served already`);
      await (await loadOnnxModel(join(config.modelsDir, version))).close(); // the folder is checked whole before it is pointed at
      if (!values['no-compare'] && current) await compare(config, version);
      await point(config, version, false);
      return;
    }
    case 'rollback': {
      const last = (await history(config)).filter((p) => p.to === current && p.from !== null).at(-1);
      if (!last?.from)
        throw new UsageError(
          `no promotion to ${current ?? '(none)'} on record in ${join(config.modelsDir, PROMOTIONS)}; promote a version by name`,
        );
      await point(config, last.from, true);
      return;
    }
    default:
      throw new UsageError(`unknown command "${command ?? ''}"`);
  }
}

await runCli(CLI, async (args) => {
  try {
    await main(args);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
});

/**
 * The seeds CLI: `generate` writes the synthetic demo dataset, `import` builds one from real files.
 * Progress goes to stderr. Bad input exits with code 2 and a message naming file, line/feature and field.
 */
import { renderDataset, writeDataset, DatasetError } from '../service/adapters/dataset/dataset-files.js';
import { parseCliArgs, UsageError, USAGE, type CliArgs } from './cli-args.js';
import { generateDataset } from './generate.js';
import { GenerationError } from './generation-error.js';
import { importBuurten } from './import/cbs-buurten.js';
import { importDataset } from './import/import-dataset.js';
import { runSurveysCommand } from './surveys-command.js';

const log = (message: string) => process.stderr.write(`seeds: ${message}\n`);

async function run(args: CliArgs): Promise<void> {
  const started = Date.now();
  let files: Map<string, Buffer>;
  if (args.command === 'generate') {
    const buurten = args.buurten ? await importBuurten(args.buurten, { crs: args.crs, progress: log }) : undefined;
    const generated = generateDataset({ seed: args.seed, buurten, audit: args.audit, progress: log });
    files = renderDataset(generated.dataset, generated.truth);
  } else {
    const imported = await importDataset({
      buurten: args.buurten!, addresses: args.addresses, register: args.register, crs: args.crs, seed: args.seed, audit: args.audit, progress: log,
    });
    files = renderDataset(imported.dataset, imported.truth);
  }
  await writeDataset(args.out, files);
  const bytes = [...files.values()].reduce((s, b) => s + b.length, 0);
  log(`wrote ${args.out} (${files.size} files, ${(bytes / 1e6).toFixed(2)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'surveys') return runSurveysCommand(argv.slice(1));
  try {
    await run(parseCliArgs(argv));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`seeds: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    if (err instanceof DatasetError || err instanceof GenerationError) {
      process.stderr.write(`seeds: error: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`seeds: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));

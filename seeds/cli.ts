/**
 * The seeds CLI: `generate` writes the synthetic demo dataset, `import` builds one from real files.
 * Progress goes to stderr. Bad input exits with code 2 and a message naming file, line/feature and field.
 */
import { renderDataset, writeDataset, DatasetError } from '../service/adapters/dataset/dataset-files.js';
import { runCli } from '../service/cli/support/parse-args.js';
import { type CliArgs, SEEDS_CLI, seedsArgsOf } from './cli-args.js';
import { generateDataset } from './generate.js';
import { GenerationError } from './generation-error.js';
import { importBuurten } from './import/cbs-buurten.js';
import { importDataset } from './import/import-dataset.js';
import { summaryLines } from './import/import-report.js';
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
      buurten: args.buurten!,
      addresses: args.addresses,
      bag: args.bag,
      register: args.register,
      crs: args.crs,
      seed: args.seed,
      audit: args.audit,
      progress: log,
      rasters: args.rasters,
      model: args.model,
      buildings: args.buildings,
    });
    files = renderDataset(imported.dataset, imported.truth);
    files.set('import-report.json', Buffer.from(`${JSON.stringify(imported.report, null, 2)}\n`));
    for (const line of summaryLines(imported.report)) log(line);
  }
  await writeDataset(args.out, files);
  const bytes = [...files.values()].reduce((s, b) => s + b.length, 0);
  log(`wrote ${args.out} (${files.size} files, ${(bytes / 1e6).toFixed(2)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// `surveys` (the simulated survey stream) has its own strict parser and help (seeds/surveys-command.ts).
// `generate-country` (the national-scale dataset) likewise has its own module and strict parser (seeds/country.ts).
if (process.argv[2] === 'surveys') process.exitCode = await runSurveysCommand(process.argv.slice(3));
else if (process.argv[2] === 'generate-country') process.exitCode = await (await import('./country.js')).runCountry(process.argv.slice(3));
else
  await runCli(SEEDS_CLI, async (parsed) => {
    const args = seedsArgsOf(parsed);
    try {
      await run(args);
      return 0;
    } catch (err) {
      if (err instanceof DatasetError || err instanceof GenerationError) {
        process.stderr.write(`seeds: error: ${err.message}\n`);
        return 2;
      }
      process.stderr.write(`seeds: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
  });

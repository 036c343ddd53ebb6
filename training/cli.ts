/**
 * `npm run train -- --dataset DIR --out DIR [--seed N] [--export-split DIR] [--promote] [--cv-folds K]
 * [--survey-error FP,FN] [--record-ranges]`: trains, evaluates and exports a model into `DIR` (whose folder name is the
 * model version). Progress goes to stderr. `--help` lists the flags; bad flags exit 2 with one line.
 */
import { runCli } from '../service/cli/support/parse-args.js';
import { TRAIN_CLI, trainArgsOf } from './cli-args.js';
import { stderrProgress } from './progress.js';
import { recordTrainingRanges } from './record-ranges.js';
import { trainFolder } from './train-folder.js';

await runCli(TRAIN_CLI, async (parsed) => {
  const args = trainArgsOf(parsed);
  try {
    if (args.recordRanges) await recordTrainingRanges(args.out, args.dataset, stderrProgress());
    else await trainFolder(args, stderrProgress());
  } catch (err) {
    process.stderr.write(`training failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
});

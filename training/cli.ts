/**
 * `npm run train -- --dataset DIR --out DIR [--seed N] [--export-split DIR] [--promote] [--cv-folds K]
 * [--survey-error FP,FN]`: trains, evaluates and exports a model into `DIR` (whose folder name is the
 * model version). Progress goes to stderr.
 */
import { parseTrainArgs, USAGE, type TrainArgs } from './cli-args.js';
import { stderrProgress } from './progress.js';
import { trainFolder } from './train-folder.js';

let args: TrainArgs;
try {
  args = parseTrainArgs(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
trainFolder(args, stderrProgress()).catch((err: unknown) => {
  process.stderr.write(`training failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

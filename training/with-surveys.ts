import { openSurveyStore } from '../service/adapters/open-survey-store.js';
import { loadConfig } from '../service/config/config.js';
import type { Dataset } from '../service/domain/records.js';
import { registerCutoff, registerWithSurveys } from '../service/domain/surveys/register-with-surveys.js';
import type { Progress } from './progress.js';

/**
 * `--with-surveys`: the dataset with the recorded surveys added to its register — from the file beside
 * the dataset folder, or from PostGIS when DATABASE_URL is set (`SURVEYS_FILE` as for the service) —
 * and the data cut-off that makes: the latest of the register's and the surveys' dates.
 */
export async function withRecordedSurveys(
  dataset: Dataset,
  dir: string,
  log: Progress,
): Promise<{ dataset: Dataset; dataCutoff: string | null }> {
  const store = openSurveyStore(loadConfig({ ...process.env, DATASET_DIR: dir }));
  try {
    const merged = registerWithSurveys(dataset.register, await store.list());
    const before = registerCutoff(dataset.register);
    const cutoff =
      [before, merged.latestDate]
        .filter((d): d is string => d !== null)
        .sort()
        .at(-1) ?? null;
    log(`with surveys: ${merged.surveys} recorded surveys added to the register (data cut-off ${cutoff ?? 'none'})`);
    return { dataset: { ...dataset, register: merged.register }, dataCutoff: cutoff };
  } finally {
    await store.close();
  }
}

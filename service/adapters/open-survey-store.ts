import type { Config } from '../config/config.js';
import type { FieldRecordStore } from '../ports/field-record-store.js';
import { SurveyFileStore, fieldRecordsFileOf } from './dataset/survey-file-store.js';
import { poolOptionsOf } from './postgis/open-store.js';
import { createPool } from './postgis/pool.js';
import { PostgisSurveyStore } from './postgis/survey-store.js';

/** The field-record store the config asks for: PostGIS (migration 009) with `DATABASE_URL`, else the file beside the dataset (or `SURVEYS_FILE`). */
export function openSurveyStore(config: Config): FieldRecordStore {
  if (config.databaseUrl) return new PostgisSurveyStore(createPool({ ...poolOptionsOf(config), max: 2 }));
  return new SurveyFileStore(config.surveysFile ?? fieldRecordsFileOf(config.datasetDir), config.datasetDir);
}

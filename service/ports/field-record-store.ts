import type { FieldRecord, FieldRecordDraft } from '../domain/surveys/field-records.js';

/**
 * Where surveys and measured inputs are kept: append-only. A correction is a new version of a record,
 * never a change to a stored one. One contract test suite runs against every implementation (JSON-lines
 * file beside the dataset, PostGIS table).
 */
export interface FieldRecordStore {
  /**
   * Stores a draft as a new record (version 1, new id) or, with `corrects`, as the next version of that
   * record; throws `UnknownRecordError` when `corrects` names no record of the same kind and building.
   */
  append(draft: FieldRecordDraft): Promise<FieldRecord>;
  /** Every version of every record, in the order they were stored. */
  list(): Promise<FieldRecord[]>;
  /** Every version of every record of one building, in the order they were stored. */
  listForPand(pandId: string): Promise<FieldRecord[]>;
  /**
   * The latest survey year in the served register (first surveys and re-surveys), or null when it has none:
   * the data cut-off of a model trained on that register whose manifest does not record one.
   */
  latestRegisterSurveyYear(): Promise<number | null>;
  close(): Promise<void>;
}

import type { FeatureInput } from '../../features/feature-spec.js';
import { type FieldRecord, type MeasurementRecord, latestVersions } from './field-records.js';

/** Where a measured value comes from, shown beside it in the answer's provenance. */
export interface MeasurementNote {
  source: string;
  date: string;
}

/** The measured inputs of a building that the model takes, with where each comes from. */
export interface MeasuredInputs {
  values: Partial<FeatureInput>;
  notes: ReadonlyMap<keyof FeatureInput, MeasurementNote>;
}

/** Measured inputs that are model inputs (the pile-head level is kept on record but is no model input). */
const MODEL_INPUTS = new Set<string>(['paallengte_m', 'grondwater_nap_m', 'funderingtype']);

/**
 * A building's measured inputs from its field records: the latest version of each measurement, and per
 * input the one measured last (by its date, then by when it was recorded).
 */
export function measuredInputsOf(records: readonly FieldRecord[]): MeasuredInputs {
  const latest = latestVersions(records)
    .filter((r): r is MeasurementRecord => r.kind === 'measurement' && MODEL_INPUTS.has(r.measurement.input))
    .sort((a, b) => a.measurement.date.localeCompare(b.measurement.date) || a.recordedAt.localeCompare(b.recordedAt));
  const values: Record<string, number | string> = {};
  const notes = new Map<keyof FeatureInput, MeasurementNote>();
  for (const r of latest) {
    const key = r.measurement.input as keyof FeatureInput;
    values[key] = r.measurement.value;
    notes.set(key, { source: r.measurement.source, date: r.measurement.date });
  }
  return { values: values as Partial<FeatureInput>, notes };
}

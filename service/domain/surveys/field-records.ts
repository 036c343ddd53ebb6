import type { ConformalLabel } from '../conformal.js';
import type { MechanismCode } from '../mechanisms.js';
import type { RiskClass } from '../records.js';

/** The failure mechanisms a survey can report (the codes of `mechanisms.ts`). */
export const SURVEY_MECHANISMS = [
  'droogstand',
  'bacterieel',
  'negatieve-kleef',
  'ontwateringsdiepte',
] as const satisfies readonly MechanismCode[];

/** What a foundation survey (*funderingsonderzoek*) found. */
export interface SurveyFindings {
  /** Day of the survey, `YYYY-MM-DD`. */
  date: string;
  kwaliteitsklasse: RiskClass;
  mechanisms: MechanismCode[];
  hersteld: boolean;
  herstelJaar: number | null;
  /** The survey report's reference (*rapportnummer*). */
  reportReference: string;
  /** The organisation that surveyed (a company or the municipality), never a person. */
  surveyorOrganisation: string;
}

/** Inputs an inspector can record as measured for a building. */
export const MEASURED_INPUTS = ['paalkop_nap_m', 'paallengte_m', 'grondwater_nap_m', 'funderingtype'] as const;
export type MeasuredInput = (typeof MEASURED_INPUTS)[number];

/** A measured value for a building (pile-head level, pile length, groundwater, foundation type from the archive). */
export interface Measurement {
  input: MeasuredInput;
  value: number | string;
  /** Where the value comes from (report, archive file, well number). */
  source: string;
  /** Day of the measurement, `YYYY-MM-DD`. */
  date: string;
}

/** What the served model said of the building when the survey was recorded. */
export interface ModelSaid {
  modelVersion: string;
  /** Stock scale, or null without a stock calibration or without an answer. */
  probability: number | null;
  /** Survey scale, or null when the building was not scored. */
  probabilitySurvey: number | null;
  riskClass: RiskClass | null;
  /** The 95 % set, or null when not scored. */
  set: ConformalLabel[] | null;
  /** Why there was no answer (`NO_BUILDING`, `ALREADY_RESTORED`, `INSUFFICIENT_DATA`), or null. */
  reason: string | null;
}

/** Fields every version of a field record has. */
interface FieldRecordBase {
  /** Stable id of the record: every version (correction) carries the same id. */
  id: string;
  /** 1 for the first recording, then one more per correction. */
  version: number;
  /** When this version was stored (ISO 8601). */
  recordedAt: string;
  /** Name of the key that recorded it (never a person's identity), or null. */
  recordedBy: string | null;
  pandId: string;
  addressId: string;
}

/** A survey record (private data). */
export interface SurveyRecord extends FieldRecordBase {
  kind: 'survey';
  survey: SurveyFindings;
  modelAtIntake: ModelSaid | null;
}

/** A measured-input record (private data). */
export interface MeasurementRecord extends FieldRecordBase {
  kind: 'measurement';
  measurement: Measurement;
}

export type FieldRecord = SurveyRecord | MeasurementRecord;

/** A record to append: a new record (`corrects` null) or a new version of record `corrects`. */
export type FieldRecordDraft =
  | (Omit<SurveyRecord, 'id' | 'version' | 'recordedAt'> & { corrects: string | null })
  | (Omit<MeasurementRecord, 'id' | 'version' | 'recordedAt'> & { corrects: string | null });

/** A correction names a record that does not exist (or is of another kind or building). */
export class UnknownRecordError extends Error {
  constructor(
    readonly recordId: string,
    reason: string,
  ) {
    super(`record ${recordId}: ${reason}`);
    this.name = 'UnknownRecordError';
  }
}

/** The latest version of every record, in the order the records were first made. */
export function latestVersions<R extends FieldRecord>(records: readonly R[]): R[] {
  const latest = new Map<string, R>();
  for (const r of records) {
    const prev = latest.get(r.id);
    if (!prev || r.version > prev.version) latest.set(r.id, r);
  }
  return [...latest.values()];
}

/** Checks a correction against the versions already stored; throws {@link UnknownRecordError}. */
export function checkCorrection(draft: FieldRecordDraft, existing: readonly FieldRecord[]): void {
  if (draft.corrects === null) return;
  const first = existing.find((r) => r.id === draft.corrects);
  if (!first) throw new UnknownRecordError(draft.corrects, 'no such record');
  if (first.kind !== draft.kind) throw new UnknownRecordError(draft.corrects, `is a ${first.kind}, not a ${draft.kind}`);
  if (first.pandId !== draft.pandId) throw new UnknownRecordError(draft.corrects, 'is of another building');
}

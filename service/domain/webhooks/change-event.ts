import { randomUUID } from 'node:crypto';
import type { RiskClass } from '../records.js';
import type { SurveyRecord } from '../surveys/field-records.js';
import { latestVersions } from '../surveys/field-records.js';

/**
 * Which class changed: `established` — the class the latest foundation survey of the building found (the
 * sector's reliability tier after a survey); `indicative` — the served model's class (address answers, and
 * the buurt class shown on the map).
 */
export type ClassKind = 'established' | 'indicative';

/** One address whose class changed. */
export interface AddressChange {
  addressId: string;
  pandId: string | null;
  buurtCode: string;
  kind: ClassKind;
  old: RiskClass | null;
  new: RiskClass | null;
}

/** One buurt whose (public, suppressed) class changed. */
export interface BuurtChange {
  buurtCode: string;
  kind: 'indicative';
  old: RiskClass | null;
  new: RiskClass | null;
}

/** What caused the change. */
export type ChangeCause =
  | { type: 'survey'; recordId: string; version: number; pandId: string; surveyDate: string }
  | { type: 'model'; from: string; to: string };

/** One change event: the body of the one POST each subscriber gets. */
export interface ChangeEvent {
  id: string;
  type: 'classes.changed';
  occurredAt: string;
  cause: ChangeCause;
  modelVersion: string;
  addresses: AddressChange[];
  buurten: BuurtChange[];
}

/** An event, or null when nothing changed (no event is sent then). */
export function changeEvent(
  cause: ChangeCause,
  modelVersion: string,
  addresses: AddressChange[],
  buurten: BuurtChange[],
  now = new Date(),
): ChangeEvent | null {
  if (addresses.length === 0 && buurten.length === 0) return null;
  return { id: randomUUID(), type: 'classes.changed', occurredAt: now.toISOString(), cause, modelVersion, addresses, buurten };
}

/**
 * The established class of a building from its survey records: the latest version of each record, and of
 * those the survey with the latest date (the later stored on a tie) wins; without recorded surveys the
 * register's class (or null).
 */
export function establishedClass(surveys: readonly SurveyRecord[], registerClass: RiskClass | null): RiskClass | null {
  let best: SurveyRecord | null = null;
  for (const r of latestVersions(surveys)) if (best === null || r.survey.date >= best.survey.date) best = r;
  return best ? best.survey.kwaliteitsklasse : registerClass;
}

/** A keyed class before and after, listed where they differ (in the order of `after`, then what `after` lacks). */
export function classChanges<T>(
  before: ReadonlyMap<string, RiskClass | null>,
  after: ReadonlyMap<string, RiskClass | null>,
  make: (key: string, old: RiskClass | null, now: RiskClass | null) => T,
): T[] {
  const out: T[] = [];
  for (const [key, now] of after) {
    const old = before.has(key) ? before.get(key)! : null;
    if (old !== now) out.push(make(key, old, now));
  }
  for (const [key, old] of before) if (!after.has(key) && old !== null) out.push(make(key, old, null));
  return out;
}

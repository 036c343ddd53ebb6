import type { RegisterRecord } from '../records.js';
import { type FieldRecord, type SurveyRecord, latestVersions } from './field-records.js';

/**
 * The register as training sees it with the recorded surveys added (`npm run train -- --with-surveys`):
 * the latest version of each survey, the newest survey of a pand winning over older ones and over the
 * register's own row (whose audit-sample and re-survey fields are kept). A recorded survey is taken as a
 * survey on suspicion (not part of the audit sample). Returns the register and how many surveys entered it.
 */
export function registerWithSurveys(
  register: readonly RegisterRecord[],
  records: readonly FieldRecord[],
): { register: RegisterRecord[]; surveys: number; latestDate: string | null } {
  const surveys = latestVersions(records)
    .filter((r): r is SurveyRecord => r.kind === 'survey')
    .sort((a, b) => a.survey.date.localeCompare(b.survey.date));
  const byPand = new Map(register.map((r) => [r.pandId, { ...r }]));
  for (const s of surveys) {
    const prev = byPand.get(s.pandId);
    byPand.set(s.pandId, {
      pandId: s.pandId,
      onderzocht: true,
      onderzochtJaar: Number(s.survey.date.slice(0, 4)),
      kwaliteitsklasse: s.survey.kwaliteitsklasse,
      hersteld: s.survey.hersteld,
      herstelJaar: s.survey.herstelJaar,
      droogstand: s.survey.mechanisms.includes('droogstand'),
      funderingtype: prev?.funderingtype ?? null,
      steekproef: false,
      herhaalKlasse: prev?.herhaalKlasse ?? null,
      herhaalJaar: prev?.herhaalJaar ?? null,
    });
  }
  return { register: [...byPand.values()], surveys: surveys.length, latestDate: surveys.at(-1)?.survey.date ?? null };
}

/** The data cut-off of a register: the end of its latest survey year (first surveys and re-surveys), or null. */
export function registerCutoff(register: readonly RegisterRecord[]): string | null {
  let latest: number | null = null;
  for (const r of register)
    for (const y of [r.onderzochtJaar, r.herhaalJaar]) if (y !== null && (latest === null || y > latest)) latest = y;
  return latest === null ? null : `${latest}-12-31`;
}

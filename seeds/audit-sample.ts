/**
 * The random audit sample (*steekproef*) and the re-surveys of the synthetic register. The audit surveys
 * panden drawn uniformly at random from the stock not yet in the register, so its classes estimate the
 * problem rate of that stock without the selection bias of surveys on suspicion; re-surveys (a second,
 * independent survey of the same pand) let the survey error be estimated from the register itself. Both
 * use the same survey-error model as every other survey ({@link SURVEY_ERROR}) and their own random
 * streams, so the rest of the register does not change with them.
 */
import type { RegisterRecord } from '../service/domain/records.js';
import type { FoundationTruth } from './foundation-truth.js';
import { GenerationError } from './generation-error.js';
import type { Pand } from './panden.js';
import { Random } from './random.js';
import { LAST_SURVEY_YEAR, recordedDroogstand, surveyClass } from './register.js';

/** Default size of the audit sample in panden (Zaanstad's late-1990s sample survey covered 1,700 homes). */
export const DEFAULT_AUDIT_SIZE = 1_000;
/** Default share of surveyed panden surveyed a second time, independently. */
export const DEFAULT_RESURVEY_SHARE = 0.1;
/** The audit is recent: surveyed in the last two survey years. */
const AUDIT_YEARS = [LAST_SURVEY_YEAR - 1, LAST_SURVEY_YEAR] as const;

/**
 * Draws `size` panden uniformly without replacement from those with no register row and surveys them.
 * Returns the audit rows (in pand order). A stock smaller than `size` is audited whole (reported).
 */
export function drawAuditSample(
  seed: number,
  panden: readonly Pand[],
  truths: readonly FoundationTruth[],
  register: readonly RegisterRecord[],
  size: number,
  progress: (message: string) => void = () => undefined,
): RegisterRecord[] {
  if (!Number.isInteger(size) || size < 0) throw new GenerationError('audit sample', 'audit', `expected a whole number ≥ 0, got ${size}`);
  const known = new Set(register.map((r) => r.pandId));
  const eligible = panden.flatMap((p, i) => (known.has(p.pandId) ? [] : [i]));
  const n = Math.min(size, eligible.length);
  if (n < size) progress(`audit sample: only ${eligible.length} panden are not in the register; all are audited`);
  const rng = new Random(seed, 'audit');
  // partial Fisher–Yates: the first n positions become a uniform random sample
  for (let k = 0; k < n; k += 1) {
    const j = k + Math.floor(rng.next() * (eligible.length - k));
    [eligible[k], eligible[j]] = [eligible[j], eligible[k]];
  }
  return eligible
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => {
      const p = panden[i];
      const t = truths[i];
      const drawn = AUDIT_YEARS[rng.int(0, AUDIT_YEARS.length - 1)];
      return {
        pandId: p.pandId,
        onderzocht: true,
        onderzochtJaar: Math.min(LAST_SURVEY_YEAR, Math.max(drawn, p.bouwjaar + 1)),
        kwaliteitsklasse: surveyClass(rng, t),
        // too recent for a restoration to have been carried out
        hersteld: false,
        herstelJaar: null,
        droogstand: recordedDroogstand(rng, t),
        funderingtype: t.funderingtype,
        steekproef: true,
        herhaalKlasse: null,
        herhaalJaar: null,
      };
    });
}

/**
 * Re-surveys a share of the surveyed panden: a second survey of the same foundation, 1–4 years after the
 * first, before any restoration and never after the last survey year, with an independent draw of the
 * survey error. Returns new rows (the input is not changed).
 */
export function addResurveys(
  seed: number,
  panden: readonly Pand[],
  truths: readonly FoundationTruth[],
  register: readonly RegisterRecord[],
  share: number,
): RegisterRecord[] {
  if (!(share >= 0 && share <= 1)) throw new GenerationError('re-surveys', 'resurveyShare', `expected a share from 0 to 1, got ${share}`);
  const truthOf = new Map(panden.map((p, i) => [p.pandId, truths[i]]));
  const rng = new Random(seed, 'resurvey');
  return register.map((r) => {
    if (!r.onderzocht || r.kwaliteitsklasse === null || r.onderzochtJaar === null || !rng.chance(share)) return r;
    const herhaalKlasse = surveyClass(rng, truthOf.get(r.pandId)!);
    const latest = r.hersteld && r.herstelJaar !== null ? r.herstelJaar : LAST_SURVEY_YEAR;
    const herhaalJaar = Math.max(r.onderzochtJaar, Math.min(latest, r.onderzochtJaar + rng.int(1, 4)));
    return { ...r, herhaalKlasse, herhaalJaar };
  });
}

/** Merges audit rows into the register in pand order (the register keeps one row per pand). */
export function mergeInPandOrder(
  panden: readonly Pand[],
  register: readonly RegisterRecord[],
  audit: readonly RegisterRecord[],
): RegisterRecord[] {
  const rowOf = new Map([...register, ...audit].map((r) => [r.pandId, r]));
  return panden.flatMap((p) => rowOf.get(p.pandId) ?? []);
}

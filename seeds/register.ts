/**
 * The synthetic municipal foundation register: which panden were surveyed (a biased selection driven by
 * suspicion: age, visible damage, research areas), the quality class found, restorations, observed
 * drystand and foundation type. Only rows for panden the register knows about are produced.
 */
import type { RegisterRecord, RiskClass } from '../service/domain/records.js';
import { type FoundationTruth, REFERENCE_YEAR } from './foundation-truth.js';
import type { Pand } from './panden.js';
import { logistic, Random } from './random.js';

/** Buurten named as foundation research areas (DESIGN.md §1): surveys are more likely there. */
export const RESEARCH_AREAS: ReadonlySet<string> = new Set([
  'BU04792110', 'BU04791120', 'BU04791130', 'BU04792230', 'BU04791410', 'BU04793110', 'BU04794210',
  'BU04795110', 'BU04795130', 'BU04796110', 'BU04796120',
]);

/** The chance a pand is surveyed on suspicion (also drawn from by the simulated survey stream, `seeds/survey-stream.ts`). */
export function surveyProbability(rng: Random, p: Pick<Pand, 'bouwjaar' | 'buurtCode'>, t: Pick<FoundationTruth, 'probleem' | 'frailty'>): number {
  // damage shows (cracks, sticking doors, sloping floors) for most problem foundations
  const visible = t.probleem && rng.chance(0.7);
  const age = REFERENCE_YEAR - p.bouwjaar;
  const logit = -5.3
    + 1.5 * (visible ? 1 : 0)
    + 1.6 * (p.bouwjaar < 1945 ? 1 : 0)
    + 0.8 * (p.bouwjaar < 1970 ? 1 : 0)
    + 0.9 * (RESEARCH_AREAS.has(p.buurtCode) ? 1 : 0)
    + 0.004 * age
    + 0.35 * t.frailty
    + rng.normal(0, 0.5);
  return logistic(logit);
}

/** The last year a survey can be dated: surveys run up to the year before the reference year. */
export const LAST_SURVEY_YEAR = REFERENCE_YEAR - 1;

function surveyYear(rng: Random, bouwjaar: number): number {
  // the late-1990s municipal survey, then a steady stream of surveys up to last year; a building is
  // surveyed at least 5 years after construction, but never after the last survey year (a pand built in
  // 2024 is surveyed in 2025 at the latest, not in 2029)
  const y = rng.chance(0.3) ? rng.int(1996, 1999) : rng.int(2000, LAST_SURVEY_YEAR);
  return Math.min(LAST_SURVEY_YEAR, Math.max(y, bouwjaar + 5));
}

/**
 * The survey-error model, the same for every survey (on suspicion, audit sample, re-survey): a problem
 * foundation is missed (class C) with probability `missed`; a sound one is read as D with probability
 * `falseAlarm`. Each survey draws its error independently.
 */
export const SURVEY_ERROR = { missed: 0.05, falseAlarm: 0.04 } as const;

/** The class one survey finds for a foundation (before any restoration), with the survey-error model. */
export function surveyClass(rng: Random, t: Pick<FoundationTruth, 'probleem'>): RiskClass {
  if (t.probleem) {
    if (rng.chance(SURVEY_ERROR.missed)) return 'C'; // missed or judged mild by the surveyor
    return rng.chance(0.45) ? 'E' : 'D';
  }
  if (rng.chance(SURVEY_ERROR.falseAlarm)) return 'D'; // damage from another cause read as a foundation problem
  return (['A', 'B', 'C'] as const)[rng.weighted([0.3, 0.45, 0.25])];
}

/** Drystand as a survey records it: for wooden piles 85 % sensitivity, 5 % false alarms; otherwise false. */
export function recordedDroogstand(rng: Random, t: Pick<FoundationTruth, 'funderingtype' | 'droogstand'>): boolean {
  const wood = t.funderingtype === 'houten-palen' || t.funderingtype === 'houten-palen-betonopzetter';
  return wood ? (t.droogstand ? rng.chance(0.85) : rng.chance(0.05)) : false;
}

/** Builds the register rows for all panden (none for most). */
export function buildRegister(seed: number, panden: readonly Pand[], truths: readonly FoundationTruth[]): RegisterRecord[] {
  const rng = new Random(seed, 'register');
  const rows: RegisterRecord[] = [];
  panden.forEach((p, i) => {
    const t = truths[i];
    const surveyed = rng.chance(surveyProbability(rng, p, t));
    if (!surveyed) {
      // a few pre-war panden are on the register through a monitoring project without a survey yet
      if (p.bouwjaar < 1945 && rng.chance(0.01)) {
        rows.push({ pandId: p.pandId, onderzocht: false, onderzochtJaar: null, kwaliteitsklasse: null, hersteld: false, herstelJaar: null, droogstand: null, funderingtype: null, steekproef: false, herhaalKlasse: null, herhaalJaar: null });
      }
      return;
    }
    const year = surveyYear(rng, p.bouwjaar);
    const klasse = surveyClass(rng, t);
    const bad = klasse === 'D' || klasse === 'E';
    const restored = bad && year < LAST_SURVEY_YEAR && rng.chance(klasse === 'E' ? 0.55 : 0.3);
    rows.push({
      pandId: p.pandId,
      onderzocht: true,
      onderzochtJaar: year,
      kwaliteitsklasse: klasse,
      hersteld: restored,
      herstelJaar: restored ? Math.min(LAST_SURVEY_YEAR, year + rng.int(1, 6)) : null,
      droogstand: recordedDroogstand(rng, t),
      funderingtype: t.funderingtype,
      steekproef: false,
      herhaalKlasse: null,
      herhaalJaar: null,
    });
  });
  return rows;
}

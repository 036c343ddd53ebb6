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
  'BU04792110',
  'BU04791120',
  'BU04791130',
  'BU04792230',
  'BU04791410',
  'BU04793110',
  'BU04794210',
  'BU04795110',
  'BU04795130',
  'BU04796110',
  'BU04796120',
]);

/**
 * Intercept of the survey probability on suspicion: lowered from −5.3 when follow-up surveys in blocks were
 * added, so the share of panden surveyed stays 8–10 % (test/seeds/world-prevalence.test.ts).
 */
const SURVEY_INTERCEPT = -5.6;

/**
 * Weight of the latent frailty in the survey probability: 0.35 when frailty had sd 0.3; with the block's
 * share its sd is 0.84, and the weight was lowered so that selection is as strong as before (problem rate
 * among surveyed panden ÷ problem rate of the stock ≈ 3.3, test/seeds/world-prevalence.test.ts).
 */
const SURVEY_FRAILTY = 0.2;

/**
 * Chance that a pand is surveyed after a D/E finding in its block: neighbours in one row
 * share the foundation (and often the restoration), so a bad report next door prompts a survey (1–4 years later).
 */
export const FOLLOW_UP_SHARE = 0.4;

/** The chance a pand is surveyed on suspicion (also drawn from by the simulated survey stream, `seeds/survey-stream.ts`). */
export function surveyProbability(
  rng: Random,
  p: Pick<Pand, 'bouwjaar' | 'buurtCode'>,
  t: Pick<FoundationTruth, 'probleem' | 'frailty'>,
): number {
  // damage shows (cracks, sticking doors, sloping floors) for most problem foundations
  const visible = t.probleem && rng.chance(0.7);
  const age = REFERENCE_YEAR - p.bouwjaar;
  const logit =
    SURVEY_INTERCEPT +
    1.1 * (visible ? 1 : 0) +
    1.6 * (p.bouwjaar < 1945 ? 1 : 0) +
    0.8 * (p.bouwjaar < 1970 ? 1 : 0) +
    0.9 * (RESEARCH_AREAS.has(p.buurtCode) ? 1 : 0) +
    0.004 * age +
    SURVEY_FRAILTY * t.frailty +
    rng.normal(0, 0.5);
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

function surveyRow(rng: Random, p: Pand, t: FoundationTruth, year: number): RegisterRecord {
  const klasse = surveyClass(rng, t);
  const bad = klasse === 'D' || klasse === 'E';
  const restored = bad && year < LAST_SURVEY_YEAR && rng.chance(klasse === 'E' ? 0.55 : 0.3);
  return {
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
  };
}

/**
 * Builds the register rows for all panden (none for most): surveys on suspicion, then follow-up surveys
 * of block neighbours after a D/E finding (`blocks`: the pand indices of each building block).
 */
export function buildRegister(
  seed: number,
  panden: readonly Pand[],
  truths: readonly FoundationTruth[],
  blocks: readonly (readonly number[])[] = [],
): RegisterRecord[] {
  const rng = new Random(seed, 'register');
  const rows: (RegisterRecord | undefined)[] = new Array(panden.length);
  panden.forEach((p, i) => {
    const t = truths[i];
    const surveyed = rng.chance(surveyProbability(rng, p, t));
    if (!surveyed) {
      // a few pre-war panden are on the register through a monitoring project without a survey yet
      if (p.bouwjaar < 1945 && rng.chance(0.01)) {
        rows[i] = {
          pandId: p.pandId,
          onderzocht: false,
          onderzochtJaar: null,
          kwaliteitsklasse: null,
          hersteld: false,
          herstelJaar: null,
          droogstand: null,
          funderingtype: null,
          steekproef: false,
          herhaalKlasse: null,
          herhaalJaar: null,
        };
      }
      return;
    }
    rows[i] = surveyRow(rng, p, t, surveyYear(rng, p.bouwjaar));
  });
  const followRng = new Random(seed, 'register-follow-up');
  for (const members of blocks) {
    const found = members.map((i) => rows[i]).filter((r) => r?.onderzocht && (r.kwaliteitsklasse === 'D' || r.kwaliteitsklasse === 'E'));
    if (found.length === 0) continue;
    const first = Math.min(...found.map((r) => r!.onderzochtJaar as number));
    for (const i of members) {
      if (rows[i]?.onderzocht || !followRng.chance(FOLLOW_UP_SHARE)) continue;
      rows[i] = surveyRow(followRng, panden[i], truths[i], Math.min(LAST_SURVEY_YEAR, first + followRng.int(1, 4)));
    }
  }
  return rows.filter((r): r is RegisterRecord => r !== undefined);
}

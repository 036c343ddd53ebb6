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

function surveyProbability(rng: Random, p: Pand, t: FoundationTruth): number {
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

function surveyYear(rng: Random, bouwjaar: number): number {
  // the late-1990s municipal survey, then a steady stream of surveys up to last year
  const y = rng.chance(0.3) ? rng.int(1996, 1999) : rng.int(2000, REFERENCE_YEAR - 1);
  return Math.max(y, bouwjaar + 5);
}

function surveyClass(rng: Random, t: FoundationTruth): RiskClass {
  if (t.probleem) {
    if (rng.chance(0.05)) return 'C'; // missed or judged mild by the surveyor
    return rng.chance(0.45) ? 'E' : 'D';
  }
  if (rng.chance(0.04)) return 'D'; // damage from another cause read as a foundation problem
  return (['A', 'B', 'C'] as const)[rng.weighted([0.3, 0.45, 0.25])];
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
    const restored = bad && year < REFERENCE_YEAR - 1 && rng.chance(klasse === 'E' ? 0.55 : 0.3);
    const wood = t.funderingtype === 'houten-palen' || t.funderingtype === 'houten-palen-betonopzetter';
    rows.push({
      pandId: p.pandId,
      onderzocht: true,
      onderzochtJaar: year,
      kwaliteitsklasse: klasse,
      hersteld: restored,
      herstelJaar: restored ? Math.min(REFERENCE_YEAR - 1, year + rng.int(1, 6)) : null,
      droogstand: wood ? (t.droogstand ? rng.chance(0.85) : rng.chance(0.05)) : false,
      funderingtype: t.funderingtype,
      steekproef: false,
      herhaalKlasse: null,
      herhaalJaar: null,
    });
  });
  return rows;
}

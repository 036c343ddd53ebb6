/**
 * The latent foundation truth of a generated pand (synthetic, never served): foundation type, wood
 * species, pile-head level, pile length, and one decay process per failure mechanism of DESIGN.md §1.
 * Every coefficient is an assumption documented in seeds/README.md.
 */
import type { Funderingtype } from '../service/features/feature-spec.js';
import type { Pand } from './panden.js';
import { clamp, logistic, type Random } from './random.js';
import type { SoilAt } from './soil-fields.js';

/** Reference year of the generated data. */
export const REFERENCE_YEAR = 2026;

/** The latent truth of one pand. */
export interface FoundationTruth {
  funderingtype: Funderingtype;
  houtsoort: 'grenen' | 'vuren' | null;
  paalkopNapM: number | null;
  paallengteM: number | null;
  /** Latent workmanship/frailty on the logit scale (not observable). */
  frailty: number;
  droogstand: boolean;
  bacterieel: boolean;
  negatieveKleef: boolean;
  ontwatering: boolean;
  probleem: boolean;
  /** The latent probability of a problem (1 − Π(1 − p) over the mechanisms); for calibration checks only. */
  kans: number;
}

/** Foundation type by construction year (FunderMaps rules of thumb, DESIGN.md §1, plus assumptions). */
function drawType(rng: Random, p: Pand): Funderingtype {
  const y = p.bouwjaar;
  const light = p.woningtype === 'vrijstaand' && p.bouwlagen <= 1;
  const staal = light ? 0.3 : 0.08;
  if (rng.chance(staal)) return 'op-staal';
  if (y < 1920) return 'houten-palen';
  if (y < 1945) return rng.chance(0.6) ? 'houten-palen-betonopzetter' : 'houten-palen';
  if (y < 1965) {
    const r = rng.next();
    return r < 0.5 ? 'houten-palen-betonopzetter' : r < 0.62 ? 'houten-palen' : 'betonnen-palen';
  }
  return 'betonnen-palen';
}

/** Draws the latent truth of a pand from its plan and the true soil at its location. */
export function drawTruth(rng: Random, p: Pand, soil: SoilAt): FoundationTruth {
  const type = drawType(rng, p);
  const wood = type === 'houten-palen' || type === 'houten-palen-betonopzetter';
  const age = REFERENCE_YEAR - p.bouwjaar;
  const sinking = Math.max(0, -soil.bodemdalingMmJr);
  const fullLength = soil.maaiveldNapM - soil.pleistoceenNapM + 0.5;
  const frailty = rng.normal(0, 0.3);
  const houtsoort = wood ? (rng.chance(p.bouwjaar < 1900 ? 0.8 : p.bouwjaar < 1925 ? 0.6 : 0.35) ? 'grenen' : 'vuren') : null;

  let paallengte: number | null = null;
  let paalkop: number | null = null;
  if (type !== 'op-staal') {
    // Zaanstad: many short (friction) pine piles that stop in the Holocene layers, more often where the sand is deep
    const short = wood && rng.chance(logistic(0.2 + 0.8 * (fullLength - 17.5)));
    paallengte = short ? rng.uniform(7, 12.5) : fullLength + rng.uniform(0, 1.5);
    paallengte = clamp(paallengte, 5, fullLength + 2);
    // heads were set ~0.2–0.3 m below the water of the day; the polder level has since dropped with the
    // soil, and further where polders are now drained deeper
    const drainageNow = soil.maaiveldNapM - soil.grondwaterNapM;
    const lowering = (0.5 * sinking * age) / 1000 + 1.5 * (drainageNow - 0.8);
    const below = rng.normal(0.25, 0.1) + (type === 'houten-palen-betonopzetter' ? 0.45 : 0);
    paalkop = wood ? soil.grondwaterNapM + lowering - below : soil.maaiveldNapM - 0.7;
  }

  // drystand: wood above the mean lowest groundwater rots, faster the longer it has been exposed
  const dry = paalkop !== null && wood ? paalkop - soil.grondwaterNapM : -1;
  const pDry = wood ? logistic(-1.3 + 12 * dry + 0.5 * (sinking - 2) + frailty) : 0;
  // bacterial decay: pine, age (70–100 years before damage shows), short piles
  const pBac = wood
    ? logistic(-4.4 + (houtsoort === 'grenen' ? 1.6 : 0) + 0.05 * (age - 95) + 0.3 * (12 - (paallengte ?? 12)) + frailty)
    : 0;
  // negative skin friction: thick peat, fast subsidence, short piles
  const pKleef = type === 'op-staal' ? 0
    : logistic(-6.0 + 0.6 * soil.veendikteM + 0.5 * sinking + 0.25 * Math.max(0, 13 - (paallengte ?? 13)) + (wood ? 0 : -2.5) + frailty);
  // shallow foundations: uneven settlement when the dry zone grows (drainage depth) on peat
  const drainage = soil.maaiveldNapM - soil.grondwaterNapM;
  const pStaal = type === 'op-staal' ? logistic(-3.2 + 3 * (drainage - 0.8) + 0.35 * sinking + 0.25 * soil.veendikteM + 0.01 * (age - 60) + frailty) : 0;

  const droogstand = rng.chance(pDry);
  const bacterieel = rng.chance(pBac);
  const negatieveKleef = rng.chance(pKleef);
  const ontwatering = rng.chance(pStaal);
  return {
    funderingtype: type, houtsoort, paalkopNapM: paalkop, paallengteM: paallengte, frailty,
    droogstand, bacterieel, negatieveKleef, ontwatering,
    probleem: droogstand || bacterieel || negatieveKleef || ontwatering,
    kans: 1 - (1 - pDry) * (1 - pBac) * (1 - pKleef) * (1 - pStaal),
  };
}

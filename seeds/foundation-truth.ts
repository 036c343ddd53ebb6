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

/*
 * Intercepts of the four mechanisms. With frailty shared per block its spread grew (sd 0.3 → 0.63), and
 * raised ground and dry summers add risk; the intercepts were lowered so that the world's problem
 * prevalence stays where it was (10–11 % of panden, test/seeds/world-prevalence.test.ts).
 */
const DRY_INTERCEPT = -2.1;
const BAC_INTERCEPT = -5.15;
const KLEEF_INTERCEPT = -6.75;
const STAAL_INTERCEPT = -3.95;

/** The latent truth of one pand. */
export interface FoundationTruth {
  funderingtype: Funderingtype;
  houtsoort: 'grenen' | 'vuren' | null;
  paalkopNapM: number | null;
  paallengteM: number | null;
  /** Latent workmanship/frailty on the logit scale (not observable): the block's share plus the pand's own. */
  frailty: number;
  /** Ground raised since construction (m), true value. */
  ophogingM: number;
  /** Groundwater in a dry summer (m NAP), true value: the GLG minus the area's dry-summer dip. */
  grondwaterDroogNapM: number;
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

/** Standard deviation of the block's share of the frailty (one builder, one batch of piles). */
export const BLOCK_FRAILTY_SD = 0.6;
/** Standard deviation of the pand's own share of the frailty (workmanship of one house). */
export const OWN_FRAILTY_SD = 0.3;

/**
 * What the panden of one building block share: one builder drove one kind of pile of one wood, cut the
 * heads at one level below the water of the day, and worked equally well or badly on every house.
 */
export interface BlockTraits {
  funderingtype: Funderingtype;
  houtsoort: 'grenen' | 'vuren' | null;
  /** Short friction piles (stopping in the Holocene layers) rather than piles to the sand. */
  short: boolean;
  /** Length of the short piles (m), or the extra length below the sand top of long ones. */
  length: number;
  /** How far below the water of the day the heads were cut (m). */
  below: number;
  frailty: number;
  /**
   * The block's shared uniform draw per mechanism (droogstand, bacterieel, negatieve kleef, ontwatering):
   * heads cut at one level dry out together, one batch of wood decays together.
   */
  draws: readonly [number, number, number, number];
}

/**
 * Per mechanism, the chance that a pand's decay follows its block's shared draw rather than its own. Each
 * pand's chance of a problem is unchanged (a shared uniform is still uniform), so a model of the pand alone
 * does no better or worse; only what its block neighbours show becomes informative.
 */
export const BLOCK_DRAW_SHARE = [0.7, 0.6, 0.5, 0.3] as const;

/** Draws the shared traits of a block from its first pand and the true soil there. */
export function drawBlockTraits(rng: Random, first: Pand, soil: SoilAt): BlockTraits {
  const type = drawType(rng, first);
  const wood = type === 'houten-palen' || type === 'houten-palen-betonopzetter';
  const fullLength = soil.maaiveldNapM - soil.pleistoceenNapM + 0.5;
  const houtsoort = wood ? (rng.chance(first.bouwjaar < 1900 ? 0.8 : first.bouwjaar < 1925 ? 0.6 : 0.35) ? 'grenen' : 'vuren') : null;
  // Zaanstad: many short (friction) pine piles that stop in the Holocene layers, more often where the sand is deep
  const short = wood && rng.chance(logistic(0.2 + 0.8 * (fullLength - 17.5)));
  const length = short ? rng.uniform(7, 12.5) : rng.uniform(0, 1.5);
  const below = rng.normal(0.25, 0.25) + (type === 'houten-palen-betonopzetter' ? 0.45 : 0);
  const frailty = rng.normal(0, BLOCK_FRAILTY_SD);
  return { funderingtype: type, houtsoort, short, length, below, frailty, draws: [rng.next(), rng.next(), rng.next(), rng.next()] };
}

/** What the area's history did to one pand: ground raised since construction, groundwater in a dry summer. */
export interface PandHistory {
  ophogingM: number;
  droogteDipM: number;
}

/** Draws the latent truth of a pand from its block, its plan and the true soil and history at its location. */
export function drawTruth(rng: Random, p: Pand, soil: SoilAt, block: BlockTraits, history: PandHistory): FoundationTruth {
  const type = block.funderingtype;
  const wood = type === 'houten-palen' || type === 'houten-palen-betonopzetter';
  const age = REFERENCE_YEAR - p.bouwjaar;
  const sinking = Math.max(0, -soil.bodemdalingMmJr);
  const fullLength = soil.maaiveldNapM - soil.pleistoceenNapM + 0.5;
  const frailty = block.frailty + rng.normal(0, OWN_FRAILTY_SD);
  const houtsoort = block.houtsoort;
  const dip = history.droogteDipM;

  let paallengte: number | null = null;
  let paalkop: number | null = null;
  if (type !== 'op-staal') {
    paallengte = (block.short ? block.length : fullLength + block.length) + rng.normal(0, 0.25);
    paallengte = clamp(paallengte, 5, fullLength + 2);
    // heads were set ~0.2–0.3 m below the water of the day; the polder level has since dropped with the
    // soil, and further where polders are now drained deeper
    const drainageNow = soil.maaiveldNapM - soil.grondwaterNapM;
    const lowering = (0.5 * sinking * age) / 1000 + 1.5 * (drainageNow - 0.8);
    const below = block.below + rng.normal(0, 0.04);
    paalkop = wood ? soil.grondwaterNapM + lowering - below : soil.maaiveldNapM - 0.7;
  }

  // drystand: wood above the mean lowest groundwater rots, faster the longer it has been exposed
  const dry = paalkop !== null && wood ? paalkop - soil.grondwaterNapM : -1;
  // a dry summer exposes heads that stay wet in normal years (the dip below the GLG)
  const pDry = wood ? logistic(DRY_INTERCEPT + 12 * dry + 4 * (dip - 0.3) + 0.5 * (sinking - 2) + frailty) : 0;
  // bacterial decay: pine, age (70–100 years before damage shows), short piles
  const pBac = wood
    ? logistic(BAC_INTERCEPT + (houtsoort === 'grenen' ? 1.6 : 0) + 0.05 * (age - 95) + 0.3 * (12 - (paallengte ?? 12)) + frailty)
    : 0;
  // negative skin friction: thick peat, fast subsidence, ground raised since construction, short piles
  const pKleef =
    type === 'op-staal'
      ? 0
      : logistic(
          KLEEF_INTERCEPT +
            0.6 * soil.veendikteM +
            1.0 * history.ophogingM +
            0.5 * sinking +
            0.25 * Math.max(0, 13 - (paallengte ?? 13)) +
            (wood ? 0 : -2.5) +
            frailty,
        );
  // shallow foundations: uneven settlement when the dry zone grows (drainage depth) on peat
  const drainage = soil.maaiveldNapM - soil.grondwaterNapM;
  const pStaal =
    type === 'op-staal'
      ? logistic(
          STAAL_INTERCEPT + 3 * (drainage - 0.8) + 2 * (dip - 0.3) + 0.35 * sinking + 0.25 * soil.veendikteM + 0.01 * (age - 60) + frailty,
        )
      : 0;

  const happens = (k: number, p: number) => (rng.chance(BLOCK_DRAW_SHARE[k]) ? block.draws[k] : rng.next()) < p;
  const droogstand = happens(0, pDry);
  const bacterieel = happens(1, pBac);
  const negatieveKleef = happens(2, pKleef);
  const ontwatering = happens(3, pStaal);
  return {
    funderingtype: type,
    houtsoort,
    paalkopNapM: paalkop,
    paallengteM: paallengte,
    frailty,
    ophogingM: history.ophogingM,
    grondwaterDroogNapM: soil.grondwaterNapM - dip,
    droogstand,
    bacterieel,
    negatieveKleef,
    ontwatering,
    probleem: droogstand || bacterieel || negatieveKleef || ontwatering,
    kans: 1 - (1 - pDry) * (1 - pBac) * (1 - pKleef) * (1 - pStaal),
  };
}

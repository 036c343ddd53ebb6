/**
 * Construction-period mix per kind of buurt (assumptions, documented in seeds/README.md) and the building
 * types, floors and dwellings per pand typical of each period.
 */
import { WONINGTYPES, type Woningtype } from '../service/features/feature-spec.js';
import type { Random } from './random.js';

/** Kinds of buurt by building history. */
export type PeriodProfile =
  | 'oude-kern'
  | 'vooroorlogs'
  | 'wederopbouw'
  | 'jaren-60-70'
  | 'jaren-70-80'
  | 'na-1995'
  | 'gemengd'
  | 'lint-en-nieuw'
  | 'landelijk';

/** Construction periods [first year, last year]. */
export const PERIODS: readonly (readonly [number, number])[] = [
  [1850, 1905],
  [1906, 1930],
  [1931, 1944],
  [1945, 1964],
  [1965, 1979],
  [1980, 1994],
  [1995, 2024],
];

/** Share of dwellings per period (same order as {@link PERIODS}) for each profile. */
export const PERIOD_MIX: Record<PeriodProfile, readonly number[]> = {
  'oude-kern': [0.34, 0.26, 0.12, 0.08, 0.08, 0.06, 0.06],
  vooroorlogs: [0.1, 0.36, 0.26, 0.1, 0.08, 0.05, 0.05],
  wederopbouw: [0.04, 0.08, 0.08, 0.5, 0.2, 0.05, 0.05],
  'jaren-60-70': [0.01, 0.02, 0.02, 0.2, 0.65, 0.06, 0.04],
  'jaren-70-80': [0.01, 0.02, 0.01, 0.04, 0.42, 0.42, 0.08],
  'na-1995': [0.01, 0.01, 0.01, 0.02, 0.03, 0.07, 0.85],
  gemengd: [0.06, 0.08, 0.06, 0.15, 0.25, 0.25, 0.15],
  'lint-en-nieuw': [0.1, 0.08, 0.06, 0.14, 0.22, 0.22, 0.18],
  landelijk: [0.28, 0.14, 0.08, 0.14, 0.14, 0.1, 0.12],
};

/** Building-type shares [rijwoning, twee-onder-een-kap, vrijstaand, appartement] by period index. */
const TYPE_MIX: readonly (readonly number[])[] = [
  [0.56, 0.08, 0.22, 0.14],
  [0.64, 0.1, 0.12, 0.14],
  [0.66, 0.12, 0.08, 0.14],
  [0.56, 0.08, 0.06, 0.3],
  [0.56, 0.08, 0.05, 0.31],
  [0.62, 0.12, 0.06, 0.2],
  [0.56, 0.14, 0.08, 0.22],
];
const TYPES: readonly Woningtype[] = WONINGTYPES;

/** A building (pand) as planned before it gets addresses. */
export interface PandPlan {
  bouwjaar: number;
  period: number;
  woningtype: Woningtype;
  bouwlagen: number;
  woningen: number;
}

/** Draws the type, floors and number of dwellings of a pand of the given period. */
export function planPand(rng: Random, period: number, rural: boolean): PandPlan {
  const [from, to] = PERIODS[period];
  const bouwjaar = rng.int(from, to);
  const mix = rural ? TYPE_MIX[period].map((w, i) => (i === 2 ? w * 4 : i === 3 ? w * 0.3 : w)) : TYPE_MIX[period];
  const woningtype = TYPES[rng.weighted(mix)];
  if (woningtype === 'vrijstaand') return { bouwjaar, period, woningtype, bouwlagen: rng.int(1, 2), woningen: 1 };
  if (woningtype === 'twee-onder-een-kap') return { bouwjaar, period, woningtype, bouwlagen: 2, woningen: 1 };
  if (woningtype === 'rijwoning') return { bouwjaar, period, woningtype, bouwlagen: rng.chance(0.3) ? 3 : 2, woningen: 1 };
  if (period <= 2) {
    // pre-war boven- en benedenwoningen: small panden of 2–4 dwellings
    const bouwlagen = rng.int(2, 3);
    return { bouwjaar, period, woningtype, bouwlagen, woningen: rng.int(2, bouwlagen + 1) };
  }
  // post-war portiek- and galerijflats; the highest in the 1960s–70s
  // (BAG often splits a long block into one pand per entrance)
  const high = period === 4 && rng.chance(0.15);
  const bouwlagen = high ? rng.int(8, 11) : rng.int(3, 4);
  const perFloor = high ? rng.int(4, 8) : 2;
  return { bouwjaar, period, woningtype, bouwlagen, woningen: bouwlagen * perFloor };
}

import { Rng } from '../rng.js';

/** Share of buurten (with labelled rows) held out as the served model's test set. */
export const TEST_BUURT_SHARE = 0.2;
/** The test set covers at least this many buurten when the dataset has enough (a 2-buurt test set says little). */
export const MIN_TEST_BUURTEN = 10;

/**
 * The buurten held out as test set: a seeded shuffle of the buurten that have labelled rows, of which the
 * first max(10, 20 %) are taken, but never more than a third of them.
 */
export function testBuurten(buurtCodes: readonly string[], seed: number): Set<string> {
  const all = [...new Set(buurtCodes)].sort();
  const count = Math.min(Math.floor(all.length / 3), Math.max(MIN_TEST_BUURTEN, Math.round(TEST_BUURT_SHARE * all.length)));
  return new Set(new Rng(seed).shuffle(all).slice(0, Math.max(1, count)));
}

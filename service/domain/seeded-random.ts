/**
 * The project's one seeded pseudo-random generator (mulberry32): a float in [0, 1), the same sequence on
 * every platform. Training (`training/rng.ts`), survey plans, the track record's bootstrap and the soak
 * bench draw from it, never from `Math.random`, so the same seed gives the same model, plan and interval.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

import { Rng } from './rng.js';

/**
 * Assigns every row to one of `k` folds so that all rows of a group (buurt) share a fold. Groups are
 * shuffled with `seed`, then each goes to the fold with the fewest rows so far.
 */
export function groupFolds(groups: readonly string[], k: number, seed: number): Uint8Array {
  const sizes = new Map<string, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const order = new Rng(seed).shuffle([...sizes.keys()].sort());
  const load = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  for (const g of order) {
    let best = 0;
    for (let f = 1; f < k; f += 1) if (load[f] < load[best]) best = f;
    foldOf.set(g, best);
    load[best] += sizes.get(g) ?? 0;
  }
  return Uint8Array.from(groups, (g) => foldOf.get(g) ?? 0);
}

/** Assigns rows to `k` folds at random (equal sizes, ignoring groups). */
export function randomFolds(n: number, k: number, seed: number): Uint8Array {
  const order = new Rng(seed).shuffle(Array.from({ length: n }, (_, i) => i));
  const folds = new Uint8Array(n);
  order.forEach((row, pos) => {
    folds[row] = pos % k;
  });
  return folds;
}

/**
 * Splits rows into named parts by group with approximately the given row fractions: groups are shuffled
 * with `seed`, then each goes to the part furthest below its target (relative to the target). Returns
 * row indices per part, ascending.
 */
export function groupPartition<P extends string>(
  groups: readonly string[],
  fractions: Record<P, number>,
  seed: number,
): Record<P, number[]> {
  const rowsOf = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const list = rowsOf.get(g);
    if (list) list.push(i);
    else rowsOf.set(g, [i]);
  });
  const order = new Rng(seed).shuffle([...rowsOf.keys()].sort());
  const parts = Object.keys(fractions) as P[];
  const total = parts.reduce((a, p) => a + fractions[p], 0);
  const target = parts.map((p) => (fractions[p] / total) * groups.length);
  const filled = parts.map(() => 0);
  const out = Object.fromEntries(parts.map((p) => [p, [] as number[]])) as Record<P, number[]>;
  for (const g of order) {
    const rows = rowsOf.get(g) as number[];
    let best = 0;
    for (let k = 1; k < parts.length; k += 1) {
      if ((target[k] - filled[k]) / target[k] > (target[best] - filled[best]) / target[best]) best = k;
    }
    out[parts[best]].push(...rows);
    filled[best] += rows.length;
  }
  for (const p of parts) out[p].sort((a, b) => a - b);
  return out;
}

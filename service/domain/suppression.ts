/**
 * Small-count suppression that survives differencing. A published table is a set of counts tied by
 * linear relations (a total is the sum of its parts); every figure that is published makes its count
 * known. Counts from 1 to `suppressBelow − 1` are hidden (primary suppression); then, while any hidden
 * count can be worked out from the known ones — because the relations pin it down (linear algebra over
 * all relations at once, not one breakdown at a time), or because k hidden cells of a sum add up to
 * exactly k (each is then 1) — one more count is hidden: the smallest non-zero known count in a
 * relation with the exposed one (secondary suppression).
 */

/** total = Σ parts, over count names. */
export interface SumRelation {
  total: string;
  parts: readonly string[];
}

const EPS = 1e-9;

interface Row {
  coef: Map<string, number>;
  rhs: number;
}

/** The relations as equations over the hidden counts (known counts moved to the right-hand side). */
function equations(counts: Readonly<Record<string, number>>, relations: readonly SumRelation[], hidden: ReadonlySet<string>): Row[] {
  return relations.map((r) => {
    const coef = new Map<string, number>();
    let rhs = 0;
    const add = (name: string, c: number) => {
      if (hidden.has(name)) coef.set(name, (coef.get(name) ?? 0) + c);
      else rhs -= c * counts[name];
    };
    add(r.total, 1);
    for (const p of r.parts) add(p, -1);
    return { coef, rhs };
  });
}

/** Gauss–Jordan elimination of the rows over the given columns. */
function reduce(rows: Row[], columns: readonly string[]): Row[] {
  const m = rows.map((r) => ({ coef: new Map(r.coef), rhs: r.rhs }));
  let lead = 0;
  for (const col of columns) {
    const pivot = m.findIndex((r, i) => i >= lead && Math.abs(r.coef.get(col) ?? 0) > EPS);
    if (pivot < 0) continue;
    [m[lead], m[pivot]] = [m[pivot], m[lead]];
    const p = m[lead];
    const pv = p.coef.get(col)!;
    for (const [k, v] of p.coef) p.coef.set(k, v / pv);
    p.rhs /= pv;
    m.forEach((r, i) => {
      const f = r.coef.get(col) ?? 0;
      if (i === lead || Math.abs(f) < EPS) return;
      for (const [k, v] of p.coef) r.coef.set(k, (r.coef.get(k) ?? 0) - f * v);
      r.rhs -= f * p.rhs;
    });
    lead += 1;
  }
  return m;
}

const nonZero = (r: Row) => [...r.coef].filter(([, v]) => Math.abs(v) > EPS);

/**
 * The hidden counts an outsider could work out from the published ones. Hidden counts are assumed
 * to be at least 1 (zeros are never hidden first), as an outsider would assume.
 */
export function exposedCounts(
  counts: Readonly<Record<string, number>>,
  relations: readonly SumRelation[],
  hidden: ReadonlySet<string>,
  unpublished: ReadonlySet<string> = new Set(),
): string[] {
  const rows = equations(counts, relations, hidden);
  const reduced = reduce(rows, [...hidden]);
  const out = new Set<string>();
  for (const r of reduced) {
    const vars = nonZero(r);
    if (vars.length === 1 && !unpublished.has(vars[0][0])) out.add(vars[0][0]);
  }
  // k hidden cells of a sum adding up to k: each is 1.
  for (const r of [...rows, ...reduced]) {
    const vars = nonZero(r);
    if (vars.length < 2) continue;
    const sign = Math.sign(vars[0][1]);
    if (vars.every(([, v]) => Math.abs(v - sign) < EPS) && Math.abs(sign * r.rhs - vars.length) < EPS) {
      for (const [k] of vars) if (!unpublished.has(k)) out.add(k);
    }
  }
  return [...out];
}

/** The first hidden count an outsider could work out, or null. */
export function exposedCount(
  counts: Readonly<Record<string, number>>,
  relations: readonly SumRelation[],
  hidden: ReadonlySet<string>,
  unpublished: ReadonlySet<string> = new Set(),
): string | null {
  return exposedCounts(counts, relations, hidden, unpublished)[0] ?? null;
}

/** Options of {@link suppressedCounts}. */
export interface SuppressionOptions {
  /**
   * Counts never shown that tie others together (e.g. unscored dwellings that are not restored); one
   * that is 0 counts as known, since an outsider would guess it.
   */
  unpublished?: ReadonlySet<string>;
  /** Which counts to give up first when more must be hidden: lower first (default 0), then the smallest. */
  hideOrder?: (name: string) => number;
}

/** The counts to hide so that none of them can be worked out from the others (see the module note). */
export function suppressedCounts(
  counts: Readonly<Record<string, number>>,
  relations: readonly SumRelation[],
  suppressBelow: number,
  options: SuppressionOptions = {},
): Set<string> {
  const unpublished = options.unpublished ?? new Set<string>();
  const order = options.hideOrder ?? (() => 0);
  const hidden = new Set(
    Object.keys(counts).filter((k) => (unpublished.has(k) ? counts[k] !== 0 : counts[k] > 0 && counts[k] < suppressBelow)),
  );
  const members = (r: SumRelation) => [r.total, ...r.parts];
  // Non-zero before zero (hiding a 0 protects little), then the lowest order, then the smallest count.
  const rank = (k: string) => [counts[k] > 0 ? 0 : 1, order(k), counts[k]];
  const byRank = (a: string, b: string) => {
    const [ra, rb] = [rank(a), rank(b)];
    const i = ra.findIndex((v, j) => v !== rb[j]);
    return i < 0 ? 0 : ra[i] - rb[i];
  };
  const everything = [...new Set(relations.flatMap(members))].filter((k) => !unpublished.has(k));
  for (
    let exposed = exposedCount(counts, relations, hidden, unpublished);
    exposed !== null;
    exposed = exposedCount(counts, relations, hidden, unpublished)
  ) {
    const open = everything.filter((k) => !hidden.has(k)).sort(byRank);
    if (open.length === 0) throw new Error(`suppression cannot protect ${exposed}`);
    // The best-ranked count whose hiding protects the exposed one; else the best pair that does (an
    // exposure can run through two relations); else the best-ranked count beside it.
    const protects = (extra: string[]) => !exposedCounts(counts, relations, new Set([...hidden, ...extra]), unpublished).includes(exposed!);
    const single = open.find((c) => protects([c]));
    if (single) {
      hidden.add(single);
      continue;
    }
    const pairs = open.flatMap((a, i) => open.slice(i + 1).map((b) => [a, b]));
    const cost = ([a, b]: string[]) => [Math.max(rank(a)[0], rank(b)[0]), Math.max(order(a), order(b)), counts[a] + counts[b]];
    const pair = pairs.filter(protects).sort((x, y) => {
      const [cx, cy] = [cost(x), cost(y)];
      const i = cx.findIndex((v, j) => v !== cy[j]);
      return i < 0 ? 0 : cx[i] - cy[i];
    })[0];
    const beside = open.find((c) => relations.some((r) => members(r).includes(exposed!) && members(r).includes(c)));
    for (const c of pair ?? [beside ?? open[0]]) hidden.add(c);
  }
  return hidden;
}

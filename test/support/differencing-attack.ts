/**
 * A differencing attacker on published area figures, knowing nothing of what the fields mean: it
 * learns which formulas hold from a reference where nothing is hidden (the same buurten published with
 * a threshold of 1), then applies them to the published figures to work out hidden counts.
 *
 * - expressions: every formula of up to two published numbers, and of three non-cell numbers, with
 *   + − × ÷, rounded (covers `dwellings − round(expectedProblems / meanProbability)`);
 * - linear: breakdown cells tied to totals, and to any count a formula of up to three non-cell numbers
 *   gives for a subset of cells, solved together (Gauss–Jordan), plus "k hidden cells adding up to k".
 */

/** One buurt's figures: field name → number, or null when not published. */
export type Figures = Map<string, number | null>;

/** A breakdown: its name and its cell field names. */
export interface Group {
  name: string;
  cells: string[];
}

/** A hidden count worked out, with how. */
export interface Recovery {
  buurt: number;
  field: string;
  value: number;
  how: string;
}

type Vec = Float64Array;
const OPS: [string, (a: number, b: number) => number][] = [
  ['+', (a, b) => a + b],
  ['−', (a, b) => a - b],
  ['×', (a, b) => a * b],
  ['÷', (a, b) => a / b],
];

function vecOf(rows: Figures[], name: string): Vec {
  return Float64Array.from(rows, (r) => r.get(name) ?? Number.NaN);
}

/** Formulas of one or two fields, and of three when `deep` allows all three, as (label, vector, fields used). */
function* formulas(
  names: string[],
  vec: (n: string) => Vec,
  n: number,
  deep: (name: string) => boolean,
): Generator<[string, Vec, Set<string>]> {
  const base = names.map((name) => [name, vec(name)] as const);
  for (const [a, va] of base) yield [a, va, new Set([a])];
  for (const [a, va] of base) {
    for (const [b, vb] of base) {
      if (a === b) continue;
      for (const [op, f] of OPS) {
        const ab = new Float64Array(n);
        for (let i = 0; i < n; i += 1) ab[i] = f(va[i], vb[i]);
        yield [`(${a} ${op} ${b})`, ab, new Set([a, b])];
        if (!deep(a) || !deep(b)) continue;
        for (const [c, vc] of base) {
          if (c === a || c === b || !deep(c)) continue;
          for (const [op2, g] of OPS) {
            const l = new Float64Array(n);
            const r = new Float64Array(n);
            for (let i = 0; i < n; i += 1) {
              l[i] = g(ab[i], vc[i]);
              r[i] = g(vc[i], ab[i]);
            }
            yield [`((${a} ${op} ${b}) ${op2} ${c})`, l, new Set([a, b, c])];
            yield [`(${c} ${op2} (${a} ${op} ${b}))`, r, new Set([a, b, c])];
          }
        }
      }
    }
  }
}

/** True when the formula's rounded values (reference half) equal the target on ≥ 90 % of at least 20 buurten. */
function holds(f: Vec, t: Vec): boolean {
  let defined = 0;
  let wrong = 0;
  const n = t.length;
  for (let i = 0; i < n; i += 1) {
    if (!Number.isFinite(f[i]) || !Number.isFinite(t[i])) continue;
    defined += 1;
    if (Math.round(f[i]) === t[i]) continue;
    wrong += 1;
    if (wrong > n / 10) return false;
  }
  return defined >= 20 && wrong <= defined / 10;
}

/** The attack: every hidden count the published figures give back. */
export function attack(published: Figures[], truth: Figures[], groups: Group[]): Recovery[] {
  const n = published.length;
  const names = [...new Set(truth.flatMap((r) => [...r.keys()]))];
  const isCount = (name: string) =>
    truth.every((r) => {
      const v = r.get(name);
      return v === null || v === undefined || Number.isInteger(v);
    });
  const hiddenAt = (i: number, name: string) => published[i].get(name) === null && typeof truth[i].get(name) === 'number';
  const targets = names.filter((t) => isCount(t) && published.some((_, i) => hiddenAt(i, t)));
  const found = new Map<string, Recovery>();
  const record = (i: number, field: string, value: number, how: string) => {
    if (Math.round(value) === truth[i].get(field)) found.set(`${i}|${field}`, { buurt: i, field, value: Math.round(value), how });
  };

  const cellNames = new Set(groups.flatMap((g) => g.cells));
  const notCell = (name: string) => !cellNames.has(name);

  // 1. Expressions learnt on the reference, applied to the published figures. Vectors hold the
  // reference buurten first, then the published ones.
  const both = [...truth, ...published];
  const bv = (name: string) => vecOf(both, name);
  const truthTargets = targets.map((t) => [t, vecOf(truth, t)] as const);
  for (const [label, vec, used] of formulas(names, bv, 2 * n, notCell)) {
    for (const [t, tvec] of truthTargets) {
      if (used.has(t) || !holds(vec, tvec)) continue;
      published.forEach((_, i) => {
        if (hiddenAt(i, t) && Number.isFinite(vec[n + i])) record(i, t, vec[n + i], `${t} = ${label}`);
      });
    }
  }

  // 2. Linear: cells of a breakdown against totals and formula-given subset sums, solved per buurt.
  const scalars = names.filter(notCell);
  const sumVec = (cells: string[]) => Float64Array.from(truth, (r) => cells.reduce((s, c) => s + (r.get(c) ?? Number.NaN), 0));
  const relations: { label: string; cells: string[]; vec: Vec }[] = [];
  const subsets = groups.flatMap((g) =>
    Array.from({ length: 2 ** g.cells.length - 1 }, (_, m) => g.cells.filter((__, j) => ((m + 1) >> j) & 1)),
  );
  const subsetSums = subsets.map((cells) => [cells, sumVec(cells)] as const);
  for (const [label, vec] of formulas(scalars, bv, 2 * n, notCell)) {
    for (const [cells, s] of subsetSums) if (holds(vec, s)) relations.push({ label, cells, vec: vec.slice(n) });
  }
  for (let i = 0; i < n; i += 1) {
    const unknown = [...cellNames].filter((c) => hiddenAt(i, c));
    if (unknown.length === 0) continue;
    const rows = relations
      .filter((r) => Number.isFinite(r.vec[i]) && r.cells.some((c) => unknown.includes(c)))
      .map((r) => {
        const coef = unknown.map((c) => (r.cells.includes(c) ? 1 : 0));
        const rhs =
          Math.round(r.vec[i]) - r.cells.filter((c) => !unknown.includes(c)).reduce((s, c) => s + (published[i].get(c) ?? Number.NaN), 0);
        return { coef, rhs, label: r.label };
      })
      .filter((r) => Number.isFinite(r.rhs));
    for (const r of rows) {
      const k = r.coef.filter((c) => c !== 0).length;
      if (k > 1 && r.rhs === k)
        unknown.forEach((c, j) => {
          if (r.coef[j]) record(i, c, 1, `${k} hidden cells summing to ${k} (${r.label})`);
        });
    }
    for (const [j, value] of solve(rows, unknown.length)) record(i, unknown[j], value, 'linear system');
  }
  return [...found.values()];
}

/** Unknowns a system of rows pins down: Gauss–Jordan, then rows with one unknown left. */
function solve(rows: { coef: number[]; rhs: number }[], width: number): [number, number][] {
  const m = rows.map((r) => ({ coef: [...r.coef], rhs: r.rhs }));
  let lead = 0;
  for (let col = 0; col < width && lead < m.length; col += 1) {
    const p = m.findIndex((r, i) => i >= lead && Math.abs(r.coef[col]) > 1e-9);
    if (p < 0) continue;
    [m[lead], m[p]] = [m[p], m[lead]];
    const pv = m[lead].coef[col];
    m[lead].coef = m[lead].coef.map((v) => v / pv);
    m[lead].rhs /= pv;
    m.forEach((r, i) => {
      const f = r.coef[col];
      if (i === lead || Math.abs(f) < 1e-9) return;
      r.coef = r.coef.map((v, j) => v - f * m[lead].coef[j]);
      r.rhs -= f * m[lead].rhs;
    });
    lead += 1;
  }
  return m.flatMap((r) => {
    const nz = r.coef.map((v, j) => [j, v] as const).filter(([, v]) => Math.abs(v) > 1e-9);
    return nz.length === 1 ? [[nz[0][0], r.rhs / nz[0][1]] as [number, number]] : [];
  });
}

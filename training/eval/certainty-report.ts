import type { TruthRow } from '../../service/adapters/dataset/dataset-schema.js';
import { conformalSet, periodGroupOf } from '../../service/domain/conformal.js';
import type { ModelManifest } from '../../service/domain/model-manifest.js';
import type { Dataset } from '../../service/domain/records.js';
import type { TreeEnsemble } from '../../service/domain/trees/tree-ensemble.js';
import { plattProbability, predictMargins } from '../../service/domain/trees/predict-trees.js';
import { FEATURE_NAMES } from '../../service/features/feature-spec.js';
import { stockProbabilityOf } from '../../service/domain/stock-scale.js';
import { PERIOD_GROUPS } from '../certainty/period-groups.js';
import { selectRows, stockRows, type PandRows } from '../training-rows.js';

/** Coverage of the served sets in one group of test buildings. */
export interface CoverageCell { group: string; rows: number; coverage: number | null }

/** What the card says about the two scales and the sets on the test buurten. */
export interface CertaintyReport {
  /** `truth`: every unrestored pand of the test buurten against the synthetic truth; `audit-labels`: the test buurten's audit rows against their (noisy) survey labels. */
  against: 'truth' | 'audit-labels';
  rows: number;
  buurten: number;
  observedRate: number;
  survey: { meanProbability: number; ratio: number };
  stock: null | { meanProbability: number; ratio: number; ece: number; buurtSumErrorPer100: number };
  sets: {
    guarantee: string;
    coverage: number;
    bothShare: number;
    perLabel: CoverageCell[];
    perPeriodGroup: CoverageCell[];
    perWijk: CoverageCell[];
    buurtP5: number | null;
    badToldNoProblem: number | null;
    goodToldNoProblem: number | null;
  };
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);

function cell(group: string, covered: readonly boolean[]): CoverageCell {
  return { group, rows: covered.length, coverage: covered.length ? covered.filter(Boolean).length / covered.length : null };
}

function byKey(keys: readonly string[], covered: readonly boolean[]): CoverageCell[] {
  const groups = new Map<string, boolean[]>();
  keys.forEach((k, i) => { const g = groups.get(k); if (g) g.push(covered[i]); else groups.set(k, [covered[i]]); });
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => cell(k, v));
}

/** Expected calibration error over 10 equal-width bins. */
export function expectedCalibrationError(p: readonly number[], y: ArrayLike<number>): number {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, p: 0, y: 0 }));
  p.forEach((v, i) => { const b = bins[Math.min(9, Math.floor(v * 10))]; b.n += 1; b.p += v; b.y += y[i]; });
  return bins.reduce((s, b) => s + (b.n ? (b.n / p.length) * Math.abs(b.p / b.n - b.y / b.n) : 0), 0);
}

function evaluationRows(dataset: Dataset, truth: readonly TruthRow[] | null, rows: PandRows, held: ReadonlySet<string>): { eval: PandRows; against: CertaintyReport['against'] } {
  if (truth) {
    const restored = new Set(dataset.register.filter((r) => r.hersteld).map((r) => r.pandId));
    const stock = stockRows(dataset, new Map(truth.map((t) => [t.pand_id, t.probleem])));
    const keep = stock.pandIds.map((p, i) => i).filter((i) => held.has(stock.buurtCodes[i]) && !restored.has(stock.pandIds[i]));
    return { eval: selectRows(stock, keep), against: 'truth' };
  }
  return { eval: selectRows(rows, rows.pandIds.map((_, i) => i).filter((i) => rows.audit[i] === 1 && held.has(rows.buurtCodes[i]))), against: 'audit-labels' };
}

/** Both scales' calibration and the sets' coverage on the test buurten, as the service would answer. */
export function certaintyReport(c: { dataset: Dataset; truth: readonly TruthRow[] | null; rows: PandRows; held: ReadonlySet<string>; ensemble: TreeEnsemble; manifest: ModelManifest }): CertaintyReport | null {
  const { eval: e, against } = evaluationRows(c.dataset, c.truth, c.rows, c.held);
  if (e.rows === 0) return null;
  const yearCol = FEATURE_NAMES.indexOf('bouwjaar');
  const margins = Array.from(predictMargins(c.ensemble, e.x, e.rows));
  const years = margins.map((_, i) => e.x[i * e.width + yearCol]);
  const pSurvey = margins.map((m) => plattProbability(m, c.manifest.calibration));
  const sc = c.manifest.stockCalibration;
  const pStock = sc ? margins.map((m) => stockProbabilityOf(m, sc, c.manifest.calibration) as number) : null;
  const sets = margins.map((m, i) => conformalSet(c.manifest.conformal, m, pSurvey[i], Number.isNaN(years[i]) ? null : years[i]));
  const y = Array.from(e.y);
  const covered = sets.map((s, i) => s.set.includes(y[i] === 1 ? 'problem' : 'no-problem'));
  const rate = mean(y);
  const wijkOf = new Map(c.dataset.buurten.map((b) => [b.code, b.wijkCode]));
  const perBuurt = byKey(e.buurtCodes, covered).filter((b) => b.rows >= 20).map((b) => b.coverage as number).sort((a, b) => a - b);
  const noProblemOnly = sets.map((s) => s.set.length === 1 && s.set[0] === 'no-problem');
  const share = (label: number) => { const idx = y.map((v, i) => i).filter((i) => y[i] === label); return idx.length ? idx.filter((i) => noProblemOnly[i]).length / idx.length : null; };
  let buurtErr = 0; const buurtCodes = [...new Set(e.buurtCodes)];
  if (pStock) for (const b of buurtCodes) {
    const idx = e.buurtCodes.map((_, i) => i).filter((i) => e.buurtCodes[i] === b);
    buurtErr += (Math.abs(idx.reduce((s, i) => s + pStock[i] - y[i], 0)) / idx.length) * 100;
  }
  return {
    against, rows: e.rows, buurten: buurtCodes.length, observedRate: rate,
    survey: { meanProbability: mean(pSurvey), ratio: mean(pSurvey) / rate },
    stock: pStock ? { meanProbability: mean(pStock), ratio: mean(pStock) / rate, ece: expectedCalibrationError(pStock, y), buurtSumErrorPer100: buurtErr / buurtCodes.length } : null,
    sets: {
      guarantee: sets[0].guarantee,
      coverage: mean(covered.map(Number)),
      bothShare: mean(sets.map((s) => (s.set.length === 2 ? 1 : 0))),
      perLabel: [cell('probleem (D/E)', covered.filter((_, i) => y[i] === 1)), cell('geen probleem', covered.filter((_, i) => y[i] === 0))],
      perPeriodGroup: byKey(years.map((v) => periodGroupOf(Number.isNaN(v) ? null : v, PERIOD_GROUPS) ?? 'onbekend'), covered),
      perWijk: byKey(e.buurtCodes.map((b) => wijkOf.get(b) ?? 'onbekend'), covered),
      buurtP5: perBuurt.length ? perBuurt[Math.floor(0.05 * (perBuurt.length - 1))] : null,
      badToldNoProblem: share(1),
      goodToldNoProblem: share(0),
    },
  };
}

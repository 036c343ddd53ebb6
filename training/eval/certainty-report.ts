import type { TruthRow } from '../../service/adapters/dataset/dataset-schema.js';
import { type ConformalLabel, conformalSet, periodGroupOf } from '../../service/domain/conformal.js';
import {
  buurtSumErrorPer100,
  coverageByGroup,
  covers,
  expectedCalibrationError,
  MIN_BUURT_BUILDINGS,
  meanRatio,
  quantile,
  shareWhere,
  toldBoth,
  toldNoProblem,
} from './certainty-metrics.js';
import { calibrationTable, type CalibrationBin } from './metrics.js';
import type { ManifestDraft } from '../../service/domain/model-manifest.js';
import type { Dataset } from '../../service/domain/records.js';
import type { TreeEnsemble } from '../../service/domain/trees/tree-ensemble.js';
import { plattProbability, predictMargins } from '../../service/domain/trees/predict-trees.js';
import { FEATURE_NAMES } from '../../service/features/feature-spec.js';
import { stockProbabilityOf } from '../../service/domain/stock-scale.js';
import { PERIOD_GROUPS } from '../certainty/period-groups.js';
import { selectRows, stockRows, type PandRows } from '../training-rows.js';

/** Coverage of the served sets in one group of test buildings. */
export interface CoverageCell {
  group: string;
  rows: number;
  coverage: number | null;
}

/** What the card says about the two scales and the sets on the test buurten. */
export interface CertaintyReport {
  /** `truth`: every unrestored pand of the test buurten against the synthetic truth; `audit-labels`: the test buurten's audit rows against their (noisy) survey labels. */
  against: 'truth' | 'audit-labels';
  rows: number;
  buurten: number;
  observedRate: number;
  survey: { meanProbability: number; ratio: number };
  stock: null | { meanProbability: number; ratio: number; ece: number; buurtSumErrorPer100: number; table: CalibrationBin[] };
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
const nullIfNaN = (v: number) => (Number.isNaN(v) ? null : v);

const cells = (coverage: Map<string, number>, size: Map<string, number>): CoverageCell[] =>
  [...size.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([group, rows]) => ({ group, rows, coverage: coverage.get(group) ?? null }));

function byKey(sets: readonly (readonly ConformalLabel[])[], y: readonly number[], keys: readonly string[]): CoverageCell[] {
  const size = new Map<string, number>();
  for (const k of keys) size.set(k, (size.get(k) ?? 0) + 1);
  return cells(coverageByGroup(sets, y, keys, 1), size);
}

function evaluationRows(
  dataset: Dataset,
  truth: readonly TruthRow[] | null,
  rows: PandRows,
  held: ReadonlySet<string>,
): { eval: PandRows; against: CertaintyReport['against'] } {
  if (truth) {
    const restored = new Set(dataset.register.filter((r) => r.hersteld).map((r) => r.pandId));
    const stock = stockRows(dataset, new Map(truth.map((t) => [t.pand_id, t.probleem])));
    const keep = stock.pandIds.map((_p, i) => i).filter((i) => held.has(stock.buurtCodes[i]) && !restored.has(stock.pandIds[i]));
    return { eval: selectRows(stock, keep), against: 'truth' };
  }
  return {
    eval: selectRows(
      rows,
      rows.pandIds.map((_, i) => i).filter((i) => rows.audit[i] === 1 && held.has(rows.buurtCodes[i])),
    ),
    against: 'audit-labels',
  };
}

/** Both scales' calibration and the sets' coverage on the test buurten, as the service would answer. */
export function certaintyReport(c: {
  dataset: Dataset;
  truth: readonly TruthRow[] | null;
  rows: PandRows;
  held: ReadonlySet<string>;
  ensemble: TreeEnsemble;
  manifest: ManifestDraft;
}): CertaintyReport | null {
  const { eval: e, against } = evaluationRows(c.dataset, c.truth, c.rows, c.held);
  if (e.rows === 0) return null;
  const yearCol = FEATURE_NAMES.indexOf('bouwjaar');
  const margins = Array.from(predictMargins(c.ensemble, e.x, e.rows));
  const years = margins.map((_, i) => e.x[i * e.width + yearCol]);
  const pSurvey = margins.map((m) => plattProbability(m, c.manifest.calibration));
  const sc = c.manifest.stockCalibration;
  const pStock = sc ? margins.map((m) => stockProbabilityOf(m, sc, c.manifest.calibration) as number) : null;
  const answers = margins.map((m, i) => conformalSet(c.manifest.conformal, m, pSurvey[i], Number.isNaN(years[i]) ? null : years[i]));
  const y = Array.from(e.y);
  const sets = answers.map((a) => a.set);
  const covered = sets.map((set, i) => covers(set, y[i]));
  const rate = mean(y);
  const wijkOf = new Map(c.dataset.buurten.map((b) => [b.code, b.wijkCode]));
  const perBuurt = [...coverageByGroup(sets, y, e.buurtCodes, MIN_BUURT_BUILDINGS).values()];
  return {
    against,
    rows: e.rows,
    buurten: new Set(e.buurtCodes).size,
    observedRate: rate,
    survey: { meanProbability: mean(pSurvey), ratio: meanRatio(pSurvey, y) },
    stock: pStock
      ? {
          meanProbability: mean(pStock),
          ratio: meanRatio(pStock, y),
          ece: expectedCalibrationError(pStock, y),
          buurtSumErrorPer100: buurtSumErrorPer100(pStock, y, e.buurtCodes),
          table: calibrationTable(pStock, y),
        }
      : null,
    sets: {
      guarantee: answers[0].guarantee,
      coverage: mean(covered.map(Number)),
      bothShare: shareWhere(
        y.length,
        () => true,
        (i) => toldBoth(sets[i]),
      ),
      perLabel: byKey(
        sets,
        y,
        y.map((v) => (v === 1 ? 'probleem (D/E)' : 'geen probleem')),
      ),
      perPeriodGroup: byKey(
        sets,
        y,
        years.map((v) => periodGroupOf(Number.isNaN(v) ? null : v, PERIOD_GROUPS) ?? 'onbekend'),
      ),
      perWijk: byKey(
        sets,
        y,
        e.buurtCodes.map((b) => wijkOf.get(b) ?? 'onbekend'),
      ),
      buurtP5: perBuurt.length ? quantile(perBuurt, 0.05) : null,
      badToldNoProblem: nullIfNaN(
        shareWhere(
          y.length,
          (i) => y[i] === 1,
          (i) => toldNoProblem(sets[i]),
        ),
      ),
      goodToldNoProblem: nullIfNaN(
        shareWhere(
          y.length,
          (i) => y[i] === 0,
          (i) => toldNoProblem(sets[i]),
        ),
      ),
    },
  };
}

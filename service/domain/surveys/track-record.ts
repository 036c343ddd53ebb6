/**
 * A model version's track record (issue 17): how it did on the surveys dated after its data cut-off —
 * surveys it could not have seen. Every figure carries a 95 % interval; breakdowns by construction period,
 * wijk and quarter, and the calibration table, pass the small-count suppression of `suppression.ts`
 * (all breakdowns and totals in one system of relations, so no published combination gives a hidden
 * count back). A group with any hidden count is published as `suppressed` without figures.
 */
import type { ConformalLabel } from '../conformal.js';
import { type SumRelation, exposedCounts, suppressedCounts } from '../suppression.js';
import { type Estimate, NO_ESTIMATE, auc, bootstrapped, brier, wilson } from './track-metrics.js';

/** One survey after the cut-off with the model's answer for its building at intake (or now, for the served model). */
export interface TrackRow {
  /** 1 when the survey found class D or E. */
  label: 0 | 1;
  pSurvey: number;
  pStock: number | null;
  set: readonly ConformalLabel[];
  /** Construction-period group of the building. */
  period: string;
  wijk: string;
  /** Survey date, `YYYY-MM-DD`. */
  date: string;
}

/** The figures of one group of surveys. */
export interface TrackFigures {
  /** Surveys with a model answer in the group. */
  surveys: number | null;
  /** Of those, found D/E. */
  problems: number | null;
  /** Of those, the 95 % set held the survey's outcome. */
  covered: number | null;
  auc: Estimate;
  /** Brier score on the survey scale (the chance a survey finds D/E: the scale these surveys grade). */
  brier: Estimate;
  /** Share of surveys whose outcome the 95 % set held (Wilson interval). */
  coverage: Estimate;
}

/** A breakdown group: its name and figures, or suppressed. */
export type TrackGroup = { group: string; suppressed: boolean } & TrackFigures;

/** One bin of the calibration table (survey scale). */
export interface CalibrationBin {
  from: number;
  to: number;
  surveys: number | null;
  meanPredicted: number | null;
  observedRate: Estimate;
  suppressed: boolean;
}

/** The track record of one model version. */
export interface VersionTrackRecord extends TrackFigures {
  modelVersion: string;
  served: boolean;
  /** The latest survey date in the model's training register: only surveys after it count. */
  dataCutoff: string;
  /** Surveys dated after the cut-off, with or without a model answer (null when suppressed). */
  surveysAfterCutoff: number | null;
  /** Brier score on the stock scale, where the model has one. */
  brierStock: Estimate;
  /** What the 95 % sets promise. */
  expectedCoverage: number;
  /** First and last survey date counted (null when none). */
  from: string | null;
  to: string | null;
  calibration: CalibrationBin[];
  byPeriod: TrackGroup[];
  byWijk: TrackGroup[];
  /** Per calendar quarter of the survey date, oldest first (the plot over time). */
  overTime: TrackGroup[];
}

/** Width of the calibration bins on the survey scale. */
export const CALIBRATION_BINS = 5;

const KINDS = ['period', 'wijk', 'quarter'] as const;
const quarterOf = (date: string) => `${date.slice(0, 4)}-K${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
const coversRow = (r: TrackRow) => r.set.includes(r.label === 1 ? 'problem' : 'no-problem');

function figuresOf(rows: readonly TrackRow[]): TrackFigures {
  const p = rows.map((r) => r.pSurvey);
  const y = rows.map((r) => r.label);
  const covered = rows.filter(coversRow).length;
  return {
    surveys: rows.length,
    problems: y.filter((v) => v === 1).length,
    covered,
    auc: bootstrapped(p, y, auc),
    brier: bootstrapped(p, y, brier),
    coverage: wilson(covered, rows.length),
  };
}

const HIDDEN: TrackFigures = { surveys: null, problems: null, covered: null, auc: NO_ESTIMATE, brier: NO_ESTIMATE, coverage: NO_ESTIMATE };

/** Counts and relations of the whole record, for the suppression module. */
function countSystem(rows: readonly TrackRow[], unscored: number, groups: Map<string, TrackRow[]>, bins: TrackRow[][]) {
  const counts: Record<string, number> = {};
  const relations: SumRelation[] = [];
  // The protected counts are the survey outcomes (surveys, found D/E, found sound) per group; coverage is
  // published only for a group whose counts are. A group is published whole or not at all (any hidden count hides all of its figures), so the relations
  // inside a group add nothing an outsider could use: only the sums over groups enter the system, which
  // keeps the suppression search small.
  const cell = (prefix: string, rs: readonly TrackRow[]) => {
    const problems = rs.filter((r) => r.label === 1).length;
    Object.assign(counts, { [`${prefix}:n`]: rs.length, [`${prefix}:problems`]: problems, [`${prefix}:ok`]: rs.length - problems });
    if (prefix === 'all') relations.push({ total: 'all:n', parts: ['all:problems', 'all:ok'] });
  };
  cell('all', rows);
  counts['all:surveys'] = rows.length + unscored;
  counts['all:unscored'] = unscored;
  relations.push({ total: 'all:surveys', parts: ['all:n', 'all:unscored'] });
  for (const [key, rs] of groups) cell(key, rs);
  for (const kind of KINDS) {
    const keys = [...groups.keys()].filter((k) => k.startsWith(`${kind}|`));
    for (const f of ['n', 'problems', 'ok']) relations.push({ total: `all:${f}`, parts: keys.map((k) => `${k}:${f}`) });
  }
  bins.forEach((rs, i) => {
    const problems = rs.filter((r) => r.label === 1).length;
    Object.assign(counts, { [`bin${i}:n`]: rs.length, [`bin${i}:problems`]: problems, [`bin${i}:ok`]: rs.length - problems });
  });
  for (const f of ['n', 'problems', 'ok']) relations.push({ total: `all:${f}`, parts: bins.map((_, i) => `bin${i}:${f}`) });
  return { counts, relations };
}

/**
 * The counts to hide. While the totals stay published, the breakdowns (period, wijk, quarter, calibration
 * bins) are tied only through them, so each is suppressed on its own with the totals as known figures
 * (much faster than one system of everything); if any of those runs hides a total, the breakdowns are
 * coupled again and the whole system is suppressed at once.
 */
function hiddenCounts(
  { counts, relations }: { counts: Record<string, number>; relations: SumRelation[] },
  suppressBelow: number,
): Set<string> {
  const isTotal = (name: string) => name.startsWith('all:');
  const blockOf = (r: SumRelation) => [r.total, ...r.parts].find((n) => !isTotal(n))?.replace(/\|.*$|\d+:.*$/, '') ?? 'all';
  const blocks = new Map<string, SumRelation[]>();
  for (const r of relations) (blocks.get(blockOf(r)) ?? blocks.set(blockOf(r), []).get(blockOf(r))!).push(r);
  const totals = relations.filter((r) => blockOf(r) === 'all');
  const hidden = new Set<string>();
  for (const [name, rs] of blocks) {
    if (name === 'all') continue;
    const names = new Set([...rs, ...totals].flatMap((r) => [r.total, ...r.parts]));
    const sub = Object.fromEntries([...names].map((n) => [n, counts[n]]));
    const h = suppressedCounts(sub, [...rs, ...totals], suppressBelow);
    if ([...h].some(isTotal)) return suppressedCounts(counts, relations, suppressBelow);
    for (const n of h) hidden.add(n);
  }
  const top = suppressedCounts(Object.fromEntries(Object.entries(counts).filter(([n]) => isTotal(n))), totals, suppressBelow);
  if (top.size > 0) return suppressedCounts(counts, relations, suppressBelow);
  return hidden;
}

const FIELDS = ['n', 'problems', 'ok'];
const groupOf = (name: string) => name.slice(0, name.lastIndexOf(':'));

/**
 * Widens the hidden counts to whole groups (a group is published whole or not at all), then, while the
 * widened set exposes a hidden count (hiding more cells can make "k hidden cells add up to k" true), hides
 * the smallest published group of the breakdown the exposed count belongs to, until nothing is exposed.
 */
function wholeGroups(
  { counts, relations }: { counts: Record<string, number>; relations: SumRelation[] },
  hidden: Set<string>,
): Set<string> {
  const out = new Set(hidden);
  const widen = () => {
    for (const name of [...out]) if (!name.startsWith('all:')) for (const f of FIELDS) out.add(`${groupOf(name)}:${f}`);
  };
  widen();
  for (let exposed = exposedCounts(counts, relations, out)[0]; exposed !== undefined; exposed = exposedCounts(counts, relations, out)[0]) {
    const kind = exposed.startsWith('bin') ? 'bin' : exposed.slice(0, exposed.indexOf('|') + 1);
    const candidates = [
      ...new Set(
        Object.keys(counts)
          .filter((n) => !n.startsWith('all:') && n.startsWith(kind) && !out.has(n))
          .map(groupOf),
      ),
    ].sort((a, b) => counts[`${a}:n`] - counts[`${b}:n`]);
    if (candidates.length === 0) {
      for (const n of Object.keys(counts)) out.add(n);
      break;
    }
    out.add(`${candidates[0]}:n`);
    widen();
  }
  return out;
}

/**
 * The track record of one model version from its rows (surveys after its cut-off with a model answer) and
 * the number of surveys after the cut-off it gave no answer for.
 */
export function trackRecordOf(
  meta: { modelVersion: string; served: boolean; dataCutoff: string; expectedCoverage: number },
  rows: readonly TrackRow[],
  unscored: number,
  suppressBelow: number,
): VersionTrackRecord {
  const groups = new Map<string, TrackRow[]>();
  for (const r of rows) {
    for (const [kind, g] of [
      ['period', r.period],
      ['wijk', r.wijk],
      ['quarter', quarterOf(r.date)],
    ] as const) {
      const key = `${kind}|${g}`;
      (groups.get(key) ?? groups.set(key, []).get(key)!).push(r);
    }
  }
  const bins = Array.from({ length: CALIBRATION_BINS }, (_, i) =>
    rows.filter((r) => Math.min(CALIBRATION_BINS - 1, Math.floor(r.pSurvey * CALIBRATION_BINS)) === i),
  );
  const system = countSystem(rows, unscored, groups, bins);
  const hidden = wholeGroups(system, hiddenCounts(system, suppressBelow));
  const anyHidden = (prefix: string, fields = ['n', 'problems', 'ok']) => fields.some((f) => hidden.has(`${prefix}:${f}`));
  const allHidden = anyHidden('all') || hidden.has('all:surveys');
  const group = (kind: (typeof KINDS)[number]): TrackGroup[] =>
    [...groups.entries()]
      .filter(([k]) => k.startsWith(`${kind}|`))
      .map(([k, rs]) => {
        const suppressed = allHidden || anyHidden(k);
        return { group: k.slice(kind.length + 1), suppressed, ...(suppressed ? HIDDEN : figuresOf(rs)) };
      })
      .sort((a, b) => a.group.localeCompare(b.group));
  const stock = rows.every((r) => r.pStock !== null) && rows.length > 0;
  const dates = rows.map((r) => r.date).sort();
  return {
    ...meta,
    surveysAfterCutoff: allHidden ? null : rows.length + unscored,
    ...(allHidden ? HIDDEN : figuresOf(rows)),
    brierStock:
      allHidden || !stock
        ? NO_ESTIMATE
        : bootstrapped(
            rows.map((r) => r.pStock!),
            rows.map((r) => r.label),
            brier,
          ),
    from: allHidden ? null : (dates[0] ?? null),
    to: allHidden ? null : (dates.at(-1) ?? null),
    calibration: bins.map((rs, i) => {
      const suppressed = allHidden || anyHidden(`bin${i}`, ['n', 'problems', 'ok']);
      const problems = rs.filter((r) => r.label === 1).length;
      return {
        from: i / CALIBRATION_BINS,
        to: (i + 1) / CALIBRATION_BINS,
        suppressed,
        surveys: suppressed ? null : rs.length,
        meanPredicted: suppressed || rs.length === 0 ? null : rs.reduce((s, r) => s + r.pSurvey, 0) / rs.length,
        observedRate: suppressed ? NO_ESTIMATE : wilson(problems, rs.length),
      };
    }),
    byPeriod: group('period'),
    byWijk: group('wijk'),
    overTime: group('quarter'),
  };
}

import type { BuurtStats } from './buurt-stats.js';
import { RISK_CLASSES } from './records.js';
import { type SumRelation, suppressedCounts } from './suppression.js';

/** Count names of a buurt's published table. */
export const periodCell = (label: string) => `period:${label}`;
export const classCell = (bucket: string) => `class:${bucket}`;

/**
 * A buurt's counts and how they add up. Besides the two breakdowns of `dwellings`, three counts are
 * published through figures: `scored` (expectedProblems ÷ meanProbability), `countDE` (shareDE × scored)
 * and `pre1945` (sharePre1945 × dwellings); each is the sum of some cells, so each is a relation here.
 * A figure is published only when the counts it reveals are (see `publicSummary`). Restored buildings
 * are not scored, so the unscored class is `restored` plus an unpublished rest (no building, too little
 * data), which is usually 0: an outsider would take the one for the other.
 */
function buurtTable(s: BuurtStats): { counts: Record<string, number>; relations: SumRelation[]; unpublished: Set<string> } {
  const periods = Object.keys(s.byPeriod);
  const classes = Object.keys(s.byClass);
  const counts: Record<string, number> = {
    dwellings: s.dwellings,
    scored: s.scored,
    countDE: s.countDE,
    pre1945: s.pre1945,
    surveyed: s.surveyed,
    restored: s.restored,
    ...Object.fromEntries(periods.map((p) => [periodCell(p), s.byPeriod[p as keyof BuurtStats['byPeriod']]])),
    ...Object.fromEntries(classes.map((c) => [classCell(c), s.byClass[c as keyof BuurtStats['byClass']]])),
  };
  const relations: SumRelation[] = [
    { total: 'dwellings', parts: periods.map(periodCell) },
    { total: 'dwellings', parts: classes.map(classCell) },
    { total: 'scored', parts: RISK_CLASSES.map(classCell) },
    { total: 'countDE', parts: ['D', 'E'].map(classCell) },
    { total: 'pre1945', parts: periods.slice(0, 2).map(periodCell) },
  ];
  const unscoredRest = s.byClass['niet gescoord'] - s.restored;
  if (unscoredRest < 0) return { counts, relations, unpublished: new Set() };
  counts.unscoredRest = unscoredRest;
  relations.push({ total: classCell('niet gescoord'), parts: ['restored', 'unscoredRest'] });
  return { counts, relations, unpublished: new Set(['unscoredRest']) };
}

const memo = new Map<string, Set<string>>();
const MEMO_LIMIT = 100_000;

/**
 * The counts of a buurt to publish as hidden (null), primary and secondary. Remembered per distinct
 * table: the search costs a few milliseconds and every buurten answer and tile needs it.
 */
export function hiddenBuurtCounts(s: BuurtStats, suppressBelow: number): ReadonlySet<string> {
  const { counts, relations, unpublished } = buurtTable(s);
  // Names and values, sorted by name: stores may build the same table with its cells in another order, and
  // values alone could then make two different tables share a key (and one buurt get another's hidden set).
  const key = `${suppressBelow}|${Object.entries(counts)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(',')}`;
  const known = memo.get(key);
  if (known) return known;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  const hidden = hide(counts, relations, suppressBelow, unpublished);
  memo.set(key, hidden);
  return hidden;
}

function hide(counts: Record<string, number>, relations: SumRelation[], suppressBelow: number, unpublished: Set<string>): Set<string> {
  // Give up a breakdown cell first, then a count shown through a figure, the number of dwellings last.
  const hideOrder = (name: string) => (name === 'dwellings' ? 2 : name.includes(':') ? 0 : 1);
  return suppressedCounts(counts, relations, suppressBelow, { unpublished, hideOrder });
}

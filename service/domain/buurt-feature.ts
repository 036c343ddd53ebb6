import { type BuurtStats, type BuurtSummary, publicSummary } from './buurt-stats.js';
import type { BuurtRecord, RiskClass } from './records.js';
import { riskClassOf } from './risk-class.js';

/** Flat public properties of a buurt, as in GeoJSON features, CSV rows and vector tiles. */
export interface BuurtProperties {
  code: string;
  naam: string;
  wijkCode: string;
  woonplaats: string;
  schematic: boolean;
  dwellings: number | null;
  /** Stock scale; null when suppressed or when the model has no stock scale. */
  meanProbability: number | null;
  meanProbabilitySurvey: number | null;
  /** From meanProbability, or from meanProbabilitySurvey when there is no stock scale. */
  riskClass: RiskClass | null;
  expectedProblems: number | null;
  expectedProblemsInterval: [number, number] | null;
  expectedProblemsSurvey: number | null;
  shareDE: number | null;
  sharePre1945: number | null;
  surveyed: number | null;
  restored: number | null;
}

/** Public (suppressed) properties of a buurt plus its breakdowns. */
export function buurtPublic(
  buurt: BuurtRecord,
  stats: BuurtStats,
  suppressBelow: number,
): { properties: BuurtProperties; summary: BuurtSummary } {
  const s = publicSummary(stats, suppressBelow);
  const properties: BuurtProperties = {
    code: buurt.code,
    naam: buurt.naam,
    wijkCode: buurt.wijkCode,
    woonplaats: buurt.woonplaats,
    schematic: buurt.schematic,
    dwellings: s.dwellings,
    meanProbability: s.meanProbability,
    meanProbabilitySurvey: s.meanProbabilitySurvey,
    riskClass:
      s.meanProbability !== null
        ? riskClassOf(s.meanProbability)
        : s.meanProbabilitySurvey === null
          ? null
          : riskClassOf(s.meanProbabilitySurvey),
    expectedProblems: s.expectedProblems,
    expectedProblemsInterval: s.expectedProblemsInterval,
    expectedProblemsSurvey: s.expectedProblemsSurvey,
    shareDE: s.shareDE,
    sharePre1945: s.sharePre1945,
    surveyed: s.surveyed,
    restored: s.restored,
  };
  return { properties, summary: s };
}

/** Column order of the buurten CSV export. */
export const BUURT_CSV_COLUMNS: readonly (keyof BuurtProperties)[] = [
  'code',
  'naam',
  'wijkCode',
  'woonplaats',
  'schematic',
  'dwellings',
  'meanProbability',
  'meanProbabilitySurvey',
  'riskClass',
  'expectedProblems',
  'expectedProblemsInterval',
  'expectedProblemsSurvey',
  'shareDE',
  'sharePre1945',
  'surveyed',
  'restored',
];

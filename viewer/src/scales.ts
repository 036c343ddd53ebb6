/**
 * The two probability scales (DESIGN §5), read from either answer shape. Newer models serve
 * `risk.probability` on the stock scale (the chance this building's foundation is D/E, may be null) beside
 * `risk.probabilitySurvey` (the chance a survey would find D/E) and `riskClassScale`; older ones serve one
 * `probability`, which is the survey scale (the model learnt from surveyed buildings). Buurt figures
 * follow the same split. Everything here only reads; labels live in the dictionary.
 */
import type { BuurtProperties, BuurtenMetadata, RiskAnswer } from './api.js';

/** The scale a number is on. */
export type Scale = 'stock' | 'survey';

/** The probabilities of one answer with their scales. */
export interface RiskScales {
  /** Chance this building's foundation is D/E; undefined when the model does not serve it. */
  stock: number | null | undefined;
  /** Chance a survey would find D/E. */
  survey: number | null;
  /** The scale the class A–E was taken on. */
  classScale: Scale;
  /** The sentence the model gives for its 95 % set, in Dutch and English, when it gives one. */
  guaranteeNl: string | null;
  guaranteeEn: string | null;
}

type NewRisk = RiskAnswer & {
  probability: number | null;
  probabilitySurvey?: number | null;
  riskClassScale?: Scale;
  conformal: RiskAnswer['conformal'] & { guaranteeNl?: string; guaranteeEn?: string };
};

/** Reads the scales from a risk answer of either shape. */
export function riskScales(risk: RiskAnswer): RiskScales {
  const r = risk as NewRisk;
  const twoScales = r.probabilitySurvey !== undefined;
  return {
    stock: twoScales ? r.probability : undefined,
    survey: twoScales ? (r.probabilitySurvey ?? null) : r.probability,
    classScale: r.riskClassScale ?? 'survey',
    guaranteeNl: r.conformal.guaranteeNl ?? null,
    guaranteeEn: r.conformal.guaranteeEn ?? null,
  };
}

/** The probability the class was taken on (what a headline shows first). */
export function headlineProbability(s: RiskScales): number | null {
  return s.classScale === 'stock' && s.stock !== undefined ? s.stock : s.survey;
}

/** Buurt figures of either shape. */
export interface BuurtScales {
  stockMean: number | null | undefined;
  stockExpected: number | null | undefined;
  stockInterval: [number, number] | null;
  surveyMean: number | null;
  surveyExpected: number | null;
}

type NewBuurt = BuurtProperties & {
  meanProbabilitySurvey?: number | null;
  expectedProblemsSurvey?: number | null;
  expectedProblemsInterval?: [number, number] | null;
};

/** Reads a buurt's figures; with the old shape its one mean and expected count are on the survey scale. */
export function buurtScales(b: BuurtProperties): BuurtScales {
  const n = b as NewBuurt;
  const twoScales = n.meanProbabilitySurvey !== undefined;
  return {
    stockMean: twoScales ? n.meanProbability : undefined,
    stockExpected: twoScales ? n.expectedProblems : undefined,
    stockInterval: n.expectedProblemsInterval ?? null,
    surveyMean: twoScales ? (n.meanProbabilitySurvey ?? null) : n.meanProbability,
    surveyExpected: twoScales ? (n.expectedProblemsSurvey ?? null) : n.expectedProblems,
  };
}

/** True when the map's probability layers are relative (quintiles of the survey scale), not stock figures. */
export function mapIsRelative(metadata: BuurtenMetadata | null): boolean {
  const scale = (metadata as (BuurtenMetadata & { scale?: string }) | null)?.scale;
  return scale !== 'stock';
}

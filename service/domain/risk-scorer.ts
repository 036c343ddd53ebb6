import { FEATURE_INPUT_KEYS, FEATURES, type FeatureInput, featureMatrix } from '../features/feature-spec.js';
import { featureInputOf } from '../features/inputs.js';
import type { RiskModel } from '../ports/risk-model.js';
import { type ConformalAnswer, conformalSet } from './conformal.js';
import { stockProbabilityOf } from './stock-scale.js';
import type { RiskClass } from './records.js';
import { riskClassOf } from './risk-class.js';
import { treeShap } from './trees/tree-shap.js';
import { type FeatureRange, outsideRange, rangeOf } from './training-range.js';
import type { TrainingRanges } from './model-manifest.js';

/** Which probability scale the risk class was computed from. */
export type RiskClassScale = 'stock' | 'survey';

/** The model's answer for one row. */
export interface RiskResult {
  /** Stock scale: the chance this building's foundation is D/E; null when the model has no stock calibration. */
  probability: number | null;
  /** Survey scale: the chance a foundation survey would find class D/E. */
  probabilitySurvey: number;
  margin: number;
  /** From `probability` when it is known, else from `probabilitySurvey` (see `riskClassScale`). */
  riskClass: RiskClass;
  riskClassScale: RiskClassScale;
  conformal: ConformalAnswer;
}

/** One feature's push on the log-odds, with the input value behind it. */
export interface FactorContribution {
  feature: string;
  labelNl: string;
  labelEn: string;
  value: number | string | null;
  unit: string;
  contribution: number;
  /** The model's training range of this feature (numeric features of a model that records ranges). */
  trainingRange?: FeatureRange;
  /** With `trainingRange`: true when the value lies outside it (trees extrapolate flat there). */
  outsideTrainingRange?: boolean;
}

/** Minimum number of known raw inputs for a model answer to mean something. */
export const MIN_KNOWN_INPUTS = 4;

/**
 * Why a row cannot be scored honestly, or null. The construction year drives every mechanism, so it
 * must be known; otherwise at least {@link MIN_KNOWN_INPUTS} inputs must be.
 */
export function insufficientData(x: FeatureInput): { message: string; messageNl: string } | null {
  if (x.bouwjaar === null) return { message: 'The construction year (bouwjaar) is unknown.', messageNl: 'Het bouwjaar is onbekend.' };
  const known = FEATURE_INPUT_KEYS.filter((k) => x[k] !== null).length;
  if (known < MIN_KNOWN_INPUTS) {
    return {
      message: `Only ${known} inputs are known; at least ${MIN_KNOWN_INPUTS} are needed.`,
      messageNl: `Slechts ${known} gegevens zijn bekend; er zijn er minstens ${MIN_KNOWN_INPUTS} nodig.`,
    };
  }
  return null;
}

/** Lets other requests run before the next chunk of a long job. */
export const releaseEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Scores feature inputs with the loaded model, in bounded chunks, and explains single rows. */
export class RiskScorer {
  constructor(
    private readonly model: RiskModel,
    private readonly chunkRows: number,
    /** Called after every model call with its row count and duration (for metrics). */
    private readonly onModelCall: (rows: number, seconds: number) => void = () => {},
  ) {}

  /** Builds the explanation tables now (≈ 0.1 s for the demo model) rather than in the first request. */
  warmUp(): void {
    this.explain(featureInputOf({ bouwjaar: 1900 }));
  }

  get modelVersion(): string {
    return this.model.manifest.version;
  }

  /** The served model's training ranges, or undefined when its manifest does not record them. */
  get trainingRanges(): TrainingRanges | undefined {
    return this.model.manifest.trainingRanges;
  }

  /** Scores many rows in order; between chunks the event loop is released. */
  async scoreMany(xs: readonly FeatureInput[]): Promise<RiskResult[]> {
    const out: RiskResult[] = [];
    for (let start = 0; start < xs.length; start += this.chunkRows) {
      if (start > 0) await releaseEventLoop();
      const chunk = xs.slice(start, start + this.chunkRows);
      const started = performance.now();
      const { margin, probability } = await this.model.predict(featureMatrix(chunk), chunk.length);
      this.onModelCall(chunk.length, (performance.now() - started) / 1000);
      for (let i = 0; i < chunk.length; i += 1) out.push(this.resultOf(probability[i], margin[i], chunk[i].bouwjaar));
    }
    return out;
  }

  /** The covariance of the stock calibration (for buurt-sum intervals), or null without a stock scale. */
  get stockCovariance(): readonly [number, number, number] | null {
    return this.model.manifest.stockCalibration?.covariance ?? null;
  }

  /**
   * The full result for a survey-scale probability and margin this model produced (fresh or precomputed);
   * the construction year picks the period group of the conformal set.
   */
  resultOf(probabilitySurvey: number, margin: number, bouwjaar: number | null): RiskResult {
    const probability = stockProbabilityOf(margin, this.model.manifest.stockCalibration, this.model.manifest.calibration);
    return {
      probability,
      probabilitySurvey,
      margin,
      riskClass: riskClassOf(probability ?? probabilitySurvey),
      riskClassScale: probability === null ? 'survey' : 'stock',
      conformal: conformalSet(this.model.manifest.conformal, margin, probabilitySurvey, bouwjaar),
    };
  }

  /** Scores one row. */
  async scoreOne(x: FeatureInput): Promise<RiskResult> {
    return (await this.scoreMany([x]))[0];
  }

  /** Explains many rows in order, releasing the event loop between chunks (TreeSHAP is CPU-bound). */
  async explainMany(xs: readonly FeatureInput[], chunkRows = 200): Promise<{ baseValue: number; factors: FactorContribution[] }[]> {
    const out: { baseValue: number; factors: FactorContribution[] }[] = [];
    for (let start = 0; start < xs.length; start += chunkRows) {
      if (start > 0) await releaseEventLoop();
      for (const x of xs.slice(start, start + chunkRows)) out.push(this.explain(x));
    }
    return out;
  }

  /** TreeSHAP contributions per feature, largest push first; base is the expected margin. */
  explain(x: FeatureInput): { baseValue: number; factors: FactorContribution[] } {
    const row = featureMatrix([x]);
    const { base, contributions } = treeShap(this.model.trees, row);
    const factors = FEATURES.map((f, i) => {
      const raw = row[i];
      const value = Number.isNaN(raw) ? null : f.kind === 'categorical' ? (f.categories?.[raw] ?? null) : Number(raw.toFixed(3));
      const range = f.kind === 'numeric' ? rangeOf(this.trainingRanges, f.name) : null;
      return {
        feature: f.name,
        labelNl: f.labelNl,
        labelEn: f.labelEn,
        value,
        unit: f.unit,
        contribution: contributions[i],
        ...(range ? { trainingRange: range, outsideTrainingRange: !Number.isNaN(raw) && outsideRange(range, raw) } : {}),
      };
    });
    factors.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
    return { baseValue: base, factors };
  }
}

import { FEATURES, type FeatureInput, drainageDepth, estimatedPileLength } from '../features/feature-spec.js';
import { featureInputFromAddress } from '../features/from-address.js';
import type { AddressEntry } from '../ports/store.js';
import { publishedFactorGroups } from './buurt-factors-suppression.js';
import type { BuurtRecord } from './records.js';

/**
 * Why a buurt (or wijk) is high: the mean TreeSHAP contribution of every model feature over the area's
 * scored buildings, against the same mean over the municipality. Since every building's margin is
 * `base + Σ contributions` with one `base` for all, the differences of the means add up to the area's
 * mean log-odds (margin) minus the municipality's: the factors split that difference exactly.
 * Beside them, the area's input distributions and the municipality's (share pre-1945, mean drainage depth …).
 */

/** One scored building (pand): its area, its stored margin and its SHAP contributions in model input order. */
export interface FactorBuilding {
  pandId: string;
  buurtCode: string;
  margin: number;
  contributions: ArrayLike<number>;
  input: FeatureInput;
}

/** An input summary shown beside the factors: a mean of known values or a share of buildings. */
interface InputSummarySpec {
  key: string;
  labelNl: string;
  labelEn: string;
  unit: string;
  kind: 'mean' | 'share';
  value: (x: FeatureInput) => number | null;
}

const INPUT_SUMMARIES: readonly InputSummarySpec[] = [
  {
    key: 'sharePre1945',
    labelNl: 'Aandeel gebouwd vóór 1945',
    labelEn: 'Share built before 1945',
    unit: '',
    kind: 'share',
    value: (x) => (x.bouwjaar === null ? null : x.bouwjaar < 1945 ? 1 : 0),
  },
  {
    key: 'meanBouwjaar',
    labelNl: 'Gemiddeld bouwjaar',
    labelEn: 'Mean construction year',
    unit: 'jaar',
    kind: 'mean',
    value: (x) => x.bouwjaar,
  },
  {
    key: 'meanOntwateringsdiepte',
    labelNl: 'Gemiddelde ontwateringsdiepte',
    labelEn: 'Mean drainage depth',
    unit: 'm',
    kind: 'mean',
    value: drainageDepth,
  },
  {
    key: 'meanVeendikte',
    labelNl: 'Gemiddelde veendikte',
    labelEn: 'Mean peat thickness',
    unit: 'm',
    kind: 'mean',
    value: (x) => x.veendikte_m,
  },
  {
    key: 'meanBodemdaling',
    labelNl: 'Gemiddelde bodemdaling',
    labelEn: 'Mean subsidence rate',
    unit: 'mm/jaar',
    kind: 'mean',
    value: (x) => x.bodemdaling_mm_jr,
  },
  {
    key: 'meanPaallengte',
    labelNl: 'Gemiddelde geschatte paallengte',
    labelEn: 'Mean estimated pile length',
    unit: 'm',
    kind: 'mean',
    value: estimatedPileLength,
  },
  {
    key: 'meanGrondwater',
    labelNl: 'Gemiddelde grondwaterstand (GLG)',
    labelEn: 'Mean groundwater level',
    unit: 'm NAP',
    kind: 'mean',
    value: (x) => x.grondwater_nap_m,
  },
];

/** Running sums of one area. */
class AreaSums {
  buildings = 0;
  sumMargin = 0;
  readonly sumContributions = new Float64Array(FEATURES.length);
  readonly inputSum = new Float64Array(INPUT_SUMMARIES.length);
  readonly inputKnown = new Float64Array(INPUT_SUMMARIES.length);

  add(b: FactorBuilding): void {
    this.buildings += 1;
    this.sumMargin += b.margin;
    for (let i = 0; i < FEATURES.length; i += 1) this.sumContributions[i] += b.contributions[i];
    INPUT_SUMMARIES.forEach((s, i) => {
      const v = s.value(b.input);
      if (v === null || !Number.isFinite(v)) return;
      this.inputSum[i] += v;
      this.inputKnown[i] += 1;
    });
  }

  meanMargin(): number {
    return this.sumMargin / this.buildings;
  }
  meanContribution(i: number): number {
    return this.sumContributions[i] / this.buildings;
  }
  input(i: number): number | null {
    return this.inputKnown[i] === 0 ? null : this.inputSum[i] / this.inputKnown[i];
  }
}

/** One factor of an area: the mean contribution of a feature minus the municipality's. */
export interface AreaFactor {
  feature: string;
  labelNl: string;
  labelEn: string;
  unit: string;
  /** Area mean − municipality mean of the feature's TreeSHAP contribution (log-odds). */
  contribution: number;
}

/** One input distribution of an area beside the municipality's. */
export interface AreaInput {
  input: string;
  labelNl: string;
  labelEn: string;
  unit: string;
  kind: 'mean' | 'share';
  area: number | null;
  municipality: number | null;
}

/** The public "why" answer of a buurt or wijk. */
export interface AreaFactors {
  code: string;
  level: 'buurt' | 'wijk';
  /** False when the figures would reveal a small group of buildings (see the suppression module): everything below is null. */
  published: boolean;
  scale: 'log-odds';
  meanLogOdds: number | null;
  municipalityMeanLogOdds: number | null;
  /** meanLogOdds − municipalityMeanLogOdds; the factors add up to it (within rounding). */
  difference: number | null;
  factors: AreaFactor[] | null;
  inputs: AreaInput[] | null;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** The factor answers of a municipality, by buurt and by wijk code. */
export interface FactorTable {
  buurten: Map<string, AreaFactors>;
  wijken: Map<string, AreaFactors>;
}

/**
 * The scored buildings of a municipality, one per pand (its first scored address), with the inputs the
 * SHAP values are computed for. `shap` gives every input's contributions in model input order.
 */
export async function factorBuildings(
  entries: readonly AddressEntry[],
  shap: (xs: FeatureInput[]) => Promise<ArrayLike<number>[]>,
): Promise<FactorBuilding[]> {
  const seen = new Set<string>();
  const picked: { pandId: string; buurtCode: string; margin: number; input: FeatureInput }[] = [];
  for (const e of entries) {
    const pandId = e.address.pandId;
    if (pandId === null || e.score.margin === null || seen.has(pandId)) continue;
    seen.add(pandId);
    picked.push({ pandId, buurtCode: e.address.buurtCode, margin: e.score.margin, input: featureInputFromAddress(e.address) });
  }
  const contributions = await shap(picked.map((p) => p.input));
  return picked.map((p, i) => ({ ...p, contributions: contributions[i] }));
}

/**
 * The factor answers of every buurt and wijk. Areas whose figures would describe fewer than
 * `suppressBelow` buildings, directly or by differencing with the other published areas, are answered
 * with `published: false`.
 */
export function factorTable(buildings: readonly FactorBuilding[], buurten: readonly BuurtRecord[], suppressBelow: number): FactorTable {
  const wijkOf = new Map(buurten.map((b) => [b.code, b.wijkCode]));
  const muni = new AreaSums();
  const byBuurt = new Map(buurten.map((b) => [b.code, new AreaSums()]));
  const byWijk = new Map([...new Set(buurten.map((b) => b.wijkCode))].map((w) => [w, new AreaSums()]));
  for (const b of buildings) {
    muni.add(b);
    byBuurt.get(b.buurtCode)?.add(b);
    const w = wijkOf.get(b.buurtCode);
    if (w !== undefined) byWijk.get(w)!.add(b);
  }
  const published = publishedFactorGroups(
    new Map([...byBuurt].map(([code, s]) => [code, s.buildings])),
    wijkOf,
    muni.buildings,
    suppressBelow,
  );
  const answer = (code: string, level: 'buurt' | 'wijk', s: AreaSums, show: boolean): AreaFactors => {
    if (!show || s.buildings === 0) {
      return {
        code,
        level,
        published: false,
        scale: 'log-odds',
        meanLogOdds: null,
        municipalityMeanLogOdds: null,
        difference: null,
        factors: null,
        inputs: null,
      };
    }
    const factors = FEATURES.map((f, i) => ({
      feature: f.name,
      labelNl: f.labelNl,
      labelEn: f.labelEn,
      unit: f.unit,
      contribution: round(s.meanContribution(i) - muni.meanContribution(i), 4),
    })).sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
    const inputs = INPUT_SUMMARIES.map((spec, i) => {
      const digits = spec.kind === 'share' ? 3 : spec.key === 'meanBouwjaar' ? 0 : 2;
      const v = (x: number | null) => (x === null ? null : round(x, digits));
      return {
        input: spec.key,
        labelNl: spec.labelNl,
        labelEn: spec.labelEn,
        unit: spec.unit,
        kind: spec.kind,
        area: v(s.input(i)),
        municipality: v(muni.input(i)),
      };
    });
    return {
      code,
      level,
      published: true,
      scale: 'log-odds',
      meanLogOdds: round(s.meanMargin(), 4),
      municipalityMeanLogOdds: round(muni.meanMargin(), 4),
      difference: round(s.meanMargin() - muni.meanMargin(), 4),
      factors,
      inputs,
    };
  };
  return {
    buurten: new Map([...byBuurt].map(([code, s]) => [code, answer(code, 'buurt', s, published.buurten.has(code))])),
    wijken: new Map([...byWijk].map(([code, s]) => [code, answer(code, 'wijk', s, published.wijken.has(code))])),
  };
}

/**
 * The one feature module. Training and the service both turn building, soil and water attributes into
 * the model's input vector here, so a feature can never mean two things.
 */

import { EVIDENCE_FEATURES, type EvidenceFeatureDefinition, type EvidenceInput, type NeighbourhoodEvidence } from './evidence.js';
import { type FeatureInput, type InputName, inputSpec } from './inputs.js';

// The inputs, their enums and their order are declared once in the input registry (./inputs.ts).
export { FEATURE_INPUT_KEYS, FUNDERINGTYPES, WONINGTYPES } from './inputs.js';
export type { FeatureInput, Funderingtype, Woningtype } from './inputs.js';

/**
 * What the model's features are computed from: the inputs, plus the neighbourhood counts of the register
 * around the pand (issue 15). `buren` is absent or null when there is no register context (a `POST /v1/score`
 * row, an address without a building): the neighbourhood features are then missing (NaN), which the model handles.
 */
export type ModelInput = FeatureInput & { buren?: NeighbourhoodEvidence | null };

/** Describes one model feature: its name, labels, unit and how it is computed from the input. */
export interface FeatureDefinition {
  readonly name: string;
  readonly labelNl: string;
  readonly labelEn: string;
  readonly unit: string;
  readonly kind: 'numeric' | 'categorical';
  /** For categorical features: category names, encoded as their index. */
  readonly categories?: readonly string[];
  /** The inputs this feature is computed from (for "measured vs. assumed" and what-if reporting). */
  readonly inputs: readonly (keyof FeatureInput)[];
  readonly compute: (x: ModelInput) => number | null;
}

const diff = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b);

/** Drainage depth: surface level − groundwater level (m). */
export const drainageDepth = (x: FeatureInput): number | null => diff(x.maaiveld_nap_m, x.grondwater_nap_m);

/** Estimated pile length: surface level − top of the Pleistocene sand (m), the depth a bearing pile reaches. */
export const estimatedPileLength = (x: FeatureInput): number | null => diff(x.maaiveld_nap_m, x.pleistoceen_nap_m);
const indexOf = (list: readonly string[], v: string | null): number | null => {
  if (v === null) return null;
  const i = list.indexOf(v);
  return i < 0 ? null : i;
};

/**
 * A feature that is one input unchanged: name, labels, unit and categories are the input registry's
 * (categories encoded as their index), so they are never written twice.
 */
function asInput(name: InputName): FeatureDefinition {
  const spec = inputSpec(name)!;
  if (spec.type === 'category') {
    const categories = spec.categories;
    return {
      name,
      labelNl: spec.labelNl,
      labelEn: spec.labelEn,
      unit: spec.unit,
      kind: 'categorical',
      categories,
      inputs: [name],
      compute: (x) => indexOf(categories, x[name] as string | null),
    };
  }
  return {
    name,
    labelNl: spec.labelNl,
    labelEn: spec.labelEn,
    unit: spec.unit,
    kind: 'numeric',
    inputs: [name],
    compute: (x) => x[name] as number | null,
  };
}

/**
 * An evidence feature of ./evidence.ts as a model feature. Its `inputs` are the registry inputs it reads;
 * the neighbourhood counts are not an input (they come from the register around the pand), so a
 * neighbourhood feature lists none.
 */
function asEvidence(e: EvidenceFeatureDefinition): FeatureDefinition {
  const inputs = e.inputs.filter((k) => k !== 'buren') as (keyof FeatureInput)[];
  return {
    name: e.name,
    labelNl: e.labelNl,
    labelEn: e.labelEn,
    unit: e.unit,
    kind: 'numeric',
    inputs,
    compute: (x) => e.compute(x as unknown as EvidenceInput),
  };
}

/** The features of the models before issue 15 (the ablation's base columns). */
export const BASE_FEATURES: readonly FeatureDefinition[] = [
  asInput('bouwjaar'),
  asInput('woningtype'),
  asInput('bouwlagen'),
  asInput('maaiveld_nap_m'),
  asInput('veendikte_m'),
  asInput('pleistoceen_nap_m'),
  asInput('grondwater_nap_m'),
  asInput('bodemdaling_mm_jr'),
  {
    name: 'ontwateringsdiepte_m',
    labelNl: 'Ontwateringsdiepte',
    labelEn: 'Drainage depth (surface − groundwater)',
    unit: 'm',
    kind: 'numeric',
    inputs: ['maaiveld_nap_m', 'grondwater_nap_m'],
    compute: drainageDepth,
  },
  {
    name: 'paallengte_m',
    labelNl: 'Geschatte paallengte (maaiveld tot zand)',
    labelEn: 'Estimated pile length (surface to sand)',
    unit: 'm',
    kind: 'numeric',
    inputs: ['maaiveld_nap_m', 'pleistoceen_nap_m'],
    compute: estimatedPileLength,
  },
  asInput('funderingtype'),
];

/** The environment inputs of issue 15 (raised ground, dry-summer groundwater), in every ablation group from "base" on. */
export const ENVIRONMENT_FEATURES: readonly FeatureDefinition[] = [asInput('ophoging_m'), asInput('grondwater_droog_nap_m')];

/**
 * The model's features in input order: the base features, the environment inputs, then the archive and
 * neighbourhood evidence features (the evidence ablation's "all" group, in its column order).
 * Changing this list means training a new model.
 */
export const FEATURES: readonly FeatureDefinition[] = [...BASE_FEATURES, ...ENVIRONMENT_FEATURES, ...EVIDENCE_FEATURES.map(asEvidence)];

/** Feature names in model input order. */
export const FEATURE_NAMES: readonly string[] = FEATURES.map((f) => f.name);

/** Turns one input into the model's feature vector (float32 values); unknown values become NaN (the model's "missing"). */
export function featureVector(x: ModelInput): number[] {
  return Array.from(featureMatrix([x]));
}

/** Writes the feature vectors of many inputs into one row-major Float32Array (n × FEATURES.length). */
export function featureMatrix(xs: readonly ModelInput[]): Float32Array {
  const width = FEATURES.length;
  const out = new Float32Array(xs.length * width);
  for (let i = 0; i < xs.length; i += 1) {
    const x = xs[i];
    for (let j = 0; j < width; j += 1) {
      const v = FEATURES[j].compute(x);
      out[i * width + j] = v === null || !Number.isFinite(v) ? Number.NaN : v;
    }
  }
  return out;
}

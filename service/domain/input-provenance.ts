import { FEATURES, type FeatureInput, estimatedPileLength } from '../features/feature-spec.js';
import { FEATURE_INPUT_SPECS, type InputName, type InputSource, type InputSpec, registeredValues } from '../features/inputs.js';
import type { TrainingRanges } from './model-manifest.js';
import type { AddressRecord } from './records.js';
import { type FeatureRange, outsideRange, rangeOf } from './training-range.js';

export type { InputSource } from '../features/inputs.js';

/** One input with its value and provenance. */
export interface InputReport {
  name: InputName;
  labelNl: string;
  labelEn: string;
  value: number | string | null;
  unit: string;
  source: InputSource;
  /** For a value an inspector recorded as measured: where it comes from and when it was measured. */
  measurement?: { source: string; date: string };
  /** The model's training range of the feature that is this input unchanged (when the model records one). */
  trainingRange?: FeatureRange;
  /** With `trainingRange`: true when the value lies outside it (trees extrapolate flat there). */
  outsideTrainingRange?: boolean;
}

/** The numeric model features that are one input unchanged: their range is the input's. */
const AS_INPUT = new Set(
  FEATURES.filter((f) => f.kind === 'numeric' && f.inputs.length === 1 && f.inputs[0] === f.name).map((f) => f.name),
);

/** The provenance of a known value: the registry's default kind, or the one its qualifying attribute names. */
function sourceOf(spec: InputSpec, row: Readonly<Record<string, unknown>>): InputSource {
  if (spec.sourceBy) {
    const kind = spec.sourceBy.kinds[String(row[spec.sourceBy.attribute])];
    if (kind) return kind;
  }
  return spec.provenance[0];
}

/**
 * Says for each input whether it was measured (AHN surface level, InSAR subsidence, a nearby well),
 * comes from a register (BAG) or the building archive, is modelled (soil and groundwater models),
 * assumed (estimated or a what-if override) or missing. Names, labels, units and kinds come from the
 * input registry. With the model's training ranges, an input that is a model feature unchanged carries its
 * range and whether its value lies outside it (derived features such as the drainage depth are marked on
 * the answer's factors).
 */
export function inputProvenance(
  a: AddressRecord,
  x: FeatureInput,
  overrides: ReadonlySet<keyof FeatureInput>,
  measured: ReadonlyMap<keyof FeatureInput, { source: string; date: string }> = new Map(),
  ranges?: TrainingRanges,
): InputReport[] {
  const row = registeredValues(a);
  return FEATURE_INPUT_SPECS.map((spec) => {
    const key = spec.name as InputName;
    let value = x[key];
    let source: InputSource = overrides.has(key) ? 'assumed' : value === null ? 'missing' : sourceOf(spec, row);
    // An unknown pile length is reported as the model's estimate surface − sand, which is assumed.
    if (key === 'paallengte_m' && value === null) {
      const estimate = estimatedPileLength(x);
      if (estimate !== null) {
        value = Number(estimate.toFixed(2));
        source = 'assumed';
      }
    }
    // A value an inspector measured at the building (and no what-if replaced): 'measured', with its source.
    const note = overrides.has(key) ? undefined : measured.get(key as keyof FeatureInput);
    const range = AS_INPUT.has(key) ? rangeOf(ranges, key) : null;
    return {
      name: key,
      labelNl: spec.labelNl,
      labelEn: spec.labelEn,
      value,
      unit: spec.unit,
      source: note ? 'measured' : source,
      ...(note ? { measurement: { ...note } } : {}),
      ...(range ? { trainingRange: range, outsideTrainingRange: typeof value === 'number' && outsideRange(range, value) } : {}),
    };
  });
}

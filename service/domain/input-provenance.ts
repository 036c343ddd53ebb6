import { FEATURE_INPUT_KEYS, FEATURES, type FeatureInput, estimatedPileLength } from '../features/feature-spec.js';
import type { AddressRecord } from './records.js';

/** Where an input value comes from. */
export type InputSource = 'measured' | 'register' | 'archive' | 'modelled' | 'assumed' | 'missing';

/** One model input with its value and provenance. */
export interface InputReport {
  name: keyof FeatureInput;
  labelNl: string;
  labelEn: string;
  value: number | string | null;
  unit: string;
  source: InputSource;
  /** For a value an inspector recorded as measured: where it comes from and when it was measured. */
  measurement?: { source: string; date: string };
}

function sourceOf(key: keyof FeatureInput, a: AddressRecord, x: FeatureInput, overridden: boolean): InputSource {
  if (overridden) return 'assumed';
  if (x[key] === null) return key === 'paallengte_m' && estimatedPileLength(x) !== null ? 'assumed' : 'missing';
  switch (key) {
    case 'bouwjaar':
    case 'woningtype':
    case 'bouwlagen': return 'register';
    case 'maaiveld_nap_m':
    case 'bodemdaling_mm_jr': return 'measured';
    case 'veendikte_m':
    case 'pleistoceen_nap_m': return 'modelled';
    case 'grondwater_nap_m': return a.grondwaterBron === 'peilbuis' ? 'measured' : 'modelled';
    case 'funderingtype': return 'archive';
    case 'paallengte_m': return 'assumed';
  }
}

/**
 * Says for each input whether it was measured (AHN surface level, InSAR subsidence, a nearby well),
 * comes from a register (BAG) or the building archive, is modelled (soil and groundwater models),
 * assumed (estimated or a what-if override) or missing.
 */
export function inputProvenance(
  a: AddressRecord, x: FeatureInput, overrides: ReadonlySet<keyof FeatureInput>,
  measured: ReadonlyMap<keyof FeatureInput, { source: string; date: string }> = new Map(),
): InputReport[] {
  return FEATURE_INPUT_KEYS.map((key) => {
    const feature = FEATURES.find((f) => f.name === key);
    let value = x[key];
    const estimate = key === 'paallengte_m' && value === null ? estimatedPileLength(x) : null;
    if (estimate !== null) value = Number(estimate.toFixed(2));
    // The pile-length input is a known length; the model feature of that name is the estimate.
    const known = key === 'paallengte_m' ? { labelNl: 'Paallengte', labelEn: 'Pile length' } : null;
    // A value an inspector measured at the building (and no what-if replaced): 'measured', with its source.
    const note = overrides.has(key) ? undefined : measured.get(key);
    return {
      name: key,
      labelNl: known?.labelNl ?? feature?.labelNl ?? key,
      labelEn: known?.labelEn ?? feature?.labelEn ?? key,
      value,
      unit: feature?.unit ?? '',
      source: note ? 'measured' : sourceOf(key, a, x, overrides.has(key)),
      ...(note ? { measurement: { ...note } } : {}),
    };
  });
}

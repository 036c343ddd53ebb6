import type { TrainingRanges } from './model-manifest.js';

/** A feature's training range as an answer reports it. */
export interface FeatureRange {
  min: number;
  max: number;
}

/**
 * True when `value` lies outside the training range. Compared as float32, as the trees see both the value
 * and the recorded bounds (the bounds are the float32 minimum and maximum of the training rows), so the
 * training rows' own extremes are inside. The one comparison the service and the importers use.
 */
export function outsideRange(range: FeatureRange, value: number): boolean {
  const v = Math.fround(value);
  return v < Math.fround(range.min) || v > Math.fround(range.max);
}

/** The recorded range of a feature, or null (no ranges in this model, or a feature without one). */
export function rangeOf(ranges: TrainingRanges | undefined, feature: string): FeatureRange | null {
  const r = ranges?.features[feature];
  return r ? { min: r.min, max: r.max } : null;
}

import type { TrainingRanges } from '../service/domain/model-manifest.js';
import { FEATURES } from '../service/features/feature-spec.js';
import type { PandRows } from './training-rows.js';

/** What the recorded range is: the statistic, over which rows, and its precision. */
export const TRAINING_RANGE_BASIS =
  'min–max of each numeric feature over the labelled rows the trees were fit on (the split.train rows of the card; missing values left out), as the float32 values the trees see, written in the shortest decimal that reads back to them';

/** The shortest decimal that is the same float32 (`-2.2`, not `-2.200000047683716`). */
function shortest(v: number): number {
  for (let p = 6; p < 9; p += 1) {
    const d = Number(v.toPrecision(p));
    if (Math.fround(d) === v) return d;
  }
  return Number(v.toPrecision(9));
}

/**
 * The training range of every numeric feature over `train` (the rows the served trees were fit on): min and
 * max of the known values, and how many rows had one. A feature no row knew has no range.
 */
export function trainingRangesOf(train: PandRows): TrainingRanges {
  const features: TrainingRanges['features'] = {};
  FEATURES.forEach((f, j) => {
    if (f.kind !== 'numeric') return;
    let min = Infinity;
    let max = -Infinity;
    let values = 0;
    for (let i = 0; i < train.rows; i += 1) {
      const v = train.x[i * train.width + j];
      if (Number.isNaN(v)) continue;
      values += 1;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (values > 0) features[f.name] = { min: shortest(min), max: shortest(max), values };
  });
  return { basis: TRAINING_RANGE_BASIS, rows: train.rows, features };
}

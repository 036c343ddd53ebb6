/**
 * Feature binning for the histogram learner. Every feature gets at most `maxBins − 1` value bins plus
 * one bin for missing values (NaN), so a bin index always fits a byte.
 *
 * A bin boundary is a float32 threshold `t`: bin(x) = number of thresholds ≤ x. "Bins ≤ b go left" is
 * therefore exactly `x < thresholds[b]`, the ONNX `BRANCH_LT` rule, with no rounding in between.
 */

/** The bin boundaries of every feature, learned from training data. */
export interface BinMapper {
  /** Per feature: ascending float32 thresholds; value bins are 0..thresholds.length. */
  thresholds: Float32Array[];
  /** Per feature: the bin index that holds missing values (= thresholds.length + 1). */
  missingBin: number[];
}

/** Column-major binned matrix: `bins[f * rows + i]`. */
export interface BinnedMatrix {
  rows: number;
  width: number;
  bins: Uint8Array;
}

function uniqueSortedFinite(values: Float32Array): Float64Array {
  const finite = values.filter((v) => !Number.isNaN(v));
  finite.sort();
  let k = 0;
  for (let i = 0; i < finite.length; i += 1) if (i === 0 || finite[i] !== finite[k - 1]) finite[k++] = finite[i];
  return Float64Array.from(finite.subarray(0, k));
}

/** A float32 boundary strictly above `lo` and at most `hi` (the midpoint when representable). */
function boundary(lo: number, hi: number): number {
  const mid = Math.fround((lo + hi) / 2);
  return mid > lo ? mid : hi;
}

/**
 * The value at position `pos` of the column sorted ascending with every row repeated `weight` times
 * (the weighted quantile; with integer weights exactly the quantile of the duplicated rows).
 */
function weightedSorted(column: Float32Array, weights: ArrayLike<number> | undefined): { total: number; at: (pos: number) => number } {
  const idx = Array.from({ length: column.length }, (_, i) => i).filter((i) => !Number.isNaN(column[i]));
  idx.sort((a, b) => column[a] - column[b]);
  const cum = new Float64Array(idx.length);
  let total = 0;
  idx.forEach((i, k) => {
    total += weights ? weights[i] : 1;
    cum[k] = total;
  });
  return {
    total,
    at: (pos) => {
      let lo = 0;
      let hi = idx.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid] > pos) hi = mid;
        else lo = mid + 1;
      }
      return column[idx[lo]];
    },
  };
}

function featureThresholds(column: Float32Array, maxValueBins: number, weights?: ArrayLike<number>): Float32Array {
  const distinct = uniqueSortedFinite(column);
  if (distinct.length <= 1) return new Float32Array(0);
  if (distinct.length <= maxValueBins) {
    const out = new Float32Array(distinct.length - 1);
    for (let i = 1; i < distinct.length; i += 1) out[i - 1] = boundary(distinct[i - 1], distinct[i]);
    return out;
  }
  const sorted = weightedSorted(column, weights);
  const cuts: number[] = [];
  for (let q = 1; q < maxValueBins; q += 1) {
    const hi = sorted.at(Math.floor((q * sorted.total) / maxValueBins));
    const i = lowerBound(distinct, hi);
    if (i === 0) continue;
    const t = boundary(distinct[i - 1], distinct[i]);
    if (cuts.length === 0 || t > cuts[cuts.length - 1]) cuts.push(t);
  }
  return Float32Array.from(cuts);
}

function lowerBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of thresholds ≤ x, i.e. the value bin of x. */
function upperBound(sorted: Float32Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Learns bin boundaries from a row-major float32 matrix (NaN = missing). `maxBins` ≤ 255 includes the
 * missing bin. With `weights`, quantile cuts are weighted (a row of weight 2 counts as two rows).
 */
export function fitBins(x: Float32Array, rows: number, width: number, maxBins = 255, weights?: ArrayLike<number>): BinMapper {
  if (maxBins < 3 || maxBins > 255) throw new RangeError(`maxBins must be in 3..255, got ${maxBins}`);
  const thresholds: Float32Array[] = [];
  const column = new Float32Array(rows);
  for (let f = 0; f < width; f += 1) {
    for (let i = 0; i < rows; i += 1) column[i] = x[i * width + f];
    thresholds.push(featureThresholds(column, maxBins - 1, weights));
  }
  return { thresholds, missingBin: thresholds.map((t) => t.length + 1) };
}

/** Maps a row-major float32 matrix to bins with a fitted {@link BinMapper}. */
export function applyBins(mapper: BinMapper, x: Float32Array, rows: number, width: number): BinnedMatrix {
  const bins = new Uint8Array(rows * width);
  for (let f = 0; f < width; f += 1) {
    const t = mapper.thresholds[f];
    const miss = mapper.missingBin[f];
    const base = f * rows;
    for (let i = 0; i < rows; i += 1) {
      const v = x[i * width + f];
      bins[base + i] = Number.isNaN(v) ? miss : upperBound(t, v);
    }
  }
  return { rows, width, bins };
}

import type { ModelManifest } from '../domain/model-manifest.js';
import type { TreeEnsemble } from '../domain/trees/tree-ensemble.js';

/** Raw model output for a batch of rows. */
export interface ModelOutput {
  /** Log-odds margin per row (before calibration). */
  margin: Float32Array;
  /** Calibrated probability of a foundation problem per row. */
  probability: Float32Array;
}

/** The scoring model: one loaded ONNX session plus the same trees as data for explanations. */
export interface RiskModel {
  readonly manifest: ModelManifest;
  readonly trees: TreeEnsemble;
  /** Scores `rows` feature vectors packed row-major in `features` (NaN = missing). */
  predict(features: Float32Array, rows: number): Promise<ModelOutput>;
  /** Releases the session. */
  close(): Promise<void>;
}

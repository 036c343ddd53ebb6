/**
 * The tree ensemble as plain data (`trees.json` beside `model.onnx`). The service uses it for
 * explanations (TreeSHAP) and the tests use it to check the ONNX export; ONNX stays the scoring path.
 *
 * Split rule, identical to the exported ONNX `TreeEnsembleRegressor` (`BRANCH_LT`):
 * a row goes left when `x < threshold` (both as float32), right otherwise; a missing value (NaN) goes
 * left when `missingLeft`, right otherwise.
 */
export interface TreeNode {
  /** Feature index, or -1 for a leaf. */
  feature: number;
  /** Split threshold (a float32 value). */
  threshold: number;
  /** Child node indices (ignored for leaves). */
  left: number;
  right: number;
  /** Where missing values (NaN) go. */
  missingLeft: boolean;
  /** Leaf value on the margin (log-odds) scale, learning rate already applied; 0 for internal nodes. */
  value: number;
  /** Training cover (sum of hessians) of the node; TreeSHAP weights paths by it. */
  cover: number;
}

/** One regression tree; node 0 is the root. */
export interface Tree {
  nodes: TreeNode[];
}

/** A boosted ensemble on the log-odds scale: margin = baseMargin + Σ tree(x). */
export interface TreeEnsemble {
  baseMargin: number;
  featureNames: string[];
  trees: Tree[];
}

import type { TreeEnsemble } from '../../service/domain/trees/tree-ensemble.js';
import { ProtoWriter } from './protobuf-writer.js';

/** Opsets of the exported graph; onnxruntime-node 1.30 runs both. */
export const ONNX_OPSETS = { irVersion: 8, onnx: 17, onnxMl: 3 } as const;

/** Names of the graph's input and outputs (recorded in the manifest). */
export const ONNX_NAMES = { input: 'features', margin: 'margin', probability: 'probability' } as const;

/** What goes into the exported model besides the trees. */
export interface OnnxExportOptions {
  /** Platt scaling p = sigmoid(a · margin + b), applied inside the graph. */
  calibration: { a: number; b: number };
  /** Model version, stored as `model_version` metadata. */
  version: string;
}

const ATTR = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;
const FLOAT32 = 1;

type Attr =
  | { name: string; ints: number[] }
  | { name: string; floats: number[] }
  | { name: string; strings: string[] }
  | { name: string; s: string }
  | { name: string; i: number };

function writeAttribute(w: ProtoWriter, a: Attr): void {
  w.string(1, a.name);
  if ('ints' in a) w.packedInts(8, a.ints).int(20, ATTR.INTS);
  else if ('floats' in a) w.packedFloats(7, a.floats).int(20, ATTR.FLOATS);
  else if ('strings' in a) {
    for (const s of a.strings) w.string(9, s);
    w.int(20, ATTR.STRINGS);
  } else if ('s' in a) w.string(4, a.s).int(20, ATTR.STRING);
  else w.int(3, a.i).int(20, ATTR.INT);
}

function writeNode(w: ProtoWriter, op: string, name: string, inputs: string[], outputs: string[], domain: string, attrs: Attr[]): void {
  for (const i of inputs) w.string(1, i);
  for (const o of outputs) w.string(2, o);
  w.string(3, name).string(4, op);
  for (const a of attrs) w.message(5, (aw) => writeAttribute(aw, a));
  if (domain) w.string(7, domain);
}

function writeValueInfo(w: ProtoWriter, name: string, dims: (number | string)[]): void {
  w.string(1, name).message(2, (t) =>
    t.message(1, (tt) => {
      tt.int(1, FLOAT32).message(2, (shape) => {
        for (const d of dims) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      });
    }),
  );
}

function writeScalarTensor(w: ProtoWriter, name: string, value: number): void {
  w.packedInts(1, [1]).int(2, FLOAT32).packedFloats(4, [value]).string(8, name);
}

/** The `TreeEnsembleRegressor` attributes of an ensemble (node ids = indices within each tree). */
function treeAttributes(ensemble: TreeEnsemble): Attr[] {
  const treeIds: number[] = [];
  const nodeIds: number[] = [];
  const featureIds: number[] = [];
  const values: number[] = [];
  const modes: string[] = [];
  const trueIds: number[] = [];
  const falseIds: number[] = [];
  const missingTrue: number[] = [];
  const tTree: number[] = [];
  const tNode: number[] = [];
  const tIds: number[] = [];
  const tWeights: number[] = [];
  ensemble.trees.forEach((tree, t) => {
    tree.nodes.forEach((node, k) => {
      const leaf = node.feature < 0;
      treeIds.push(t);
      nodeIds.push(k);
      featureIds.push(leaf ? 0 : node.feature);
      values.push(leaf ? 0 : node.threshold);
      modes.push(leaf ? 'LEAF' : 'BRANCH_LT');
      trueIds.push(leaf ? 0 : node.left);
      falseIds.push(leaf ? 0 : node.right);
      missingTrue.push(!leaf && node.missingLeft ? 1 : 0);
      if (leaf) {
        tTree.push(t);
        tNode.push(k);
        tIds.push(0);
        tWeights.push(node.value);
      }
    });
  });
  return [
    { name: 'aggregate_function', s: 'SUM' },
    { name: 'base_values', floats: [ensemble.baseMargin] },
    { name: 'n_targets', i: 1 },
    { name: 'nodes_falsenodeids', ints: falseIds },
    { name: 'nodes_featureids', ints: featureIds },
    { name: 'nodes_missing_value_tracks_true', ints: missingTrue },
    { name: 'nodes_modes', strings: modes },
    { name: 'nodes_nodeids', ints: nodeIds },
    { name: 'nodes_treeids', ints: treeIds },
    { name: 'nodes_truenodeids', ints: trueIds },
    { name: 'nodes_values', floats: values },
    { name: 'post_transform', s: 'NONE' },
    { name: 'target_ids', ints: tIds },
    { name: 'target_nodeids', ints: tNode },
    { name: 'target_treeids', ints: tTree },
    { name: 'target_weights', floats: tWeights },
  ];
}

/**
 * Encodes the ensemble as an ONNX ModelProto: `features` [N, width] → TreeEnsembleRegressor → `margin`
 * [N, 1] → Mul(a) → Add(b) → Sigmoid → `probability` [N, 1]. The same input always gives the same bytes.
 */
export function exportOnnx(ensemble: TreeEnsemble, options: OnnxExportOptions): Uint8Array {
  const width = ensemble.featureNames.length;
  const w = new ProtoWriter();
  w.int(1, ONNX_OPSETS.irVersion)
    .string(2, 'funderingsrisico-training')
    .string(3, '1')
    .string(4, 'nl.funderingsrisico')
    .int(5, 1)
    .string(6, `Gradient-boosted trees for foundation problems (margin = log-odds), Platt-calibrated. Model ${options.version}.`)
    .message(7, (g) => {
      g.message(1, (n) =>
        writeNode(n, 'TreeEnsembleRegressor', 'trees', [ONNX_NAMES.input], [ONNX_NAMES.margin], 'ai.onnx.ml', treeAttributes(ensemble)),
      );
      g.message(1, (n) => writeNode(n, 'Mul', 'platt_scale', [ONNX_NAMES.margin, 'platt_a'], ['platt_scaled'], '', []));
      g.message(1, (n) => writeNode(n, 'Add', 'platt_shift', ['platt_scaled', 'platt_b'], ['platt_logit'], '', []));
      g.message(1, (n) => writeNode(n, 'Sigmoid', 'sigmoid', ['platt_logit'], [ONNX_NAMES.probability], '', []));
      g.string(2, 'foundation_risk');
      g.message(5, (t) => writeScalarTensor(t, 'platt_a', options.calibration.a));
      g.message(5, (t) => writeScalarTensor(t, 'platt_b', options.calibration.b));
      g.message(11, (v) => writeValueInfo(v, ONNX_NAMES.input, ['N', width]));
      g.message(12, (v) => writeValueInfo(v, ONNX_NAMES.margin, ['N', 1]));
      g.message(12, (v) => writeValueInfo(v, ONNX_NAMES.probability, ['N', 1]));
    })
    .message(8, (o) => o.string(1, '').int(2, ONNX_OPSETS.onnx))
    .message(8, (o) => o.string(1, 'ai.onnx.ml').int(2, ONNX_OPSETS.onnxMl))
    .message(14, (m) => m.string(1, 'model_version').string(2, options.version));
  return w.finish();
}

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leafRows } from '../../service/adapters/onnx/leaf-rows.js';
import { ModelLoadError, loadOnnxModel, resolveModelDir } from '../../service/adapters/onnx/onnx-model.js';
import { leafIndex } from '../../service/domain/trees/predict-trees.js';
import type { TreeEnsemble } from '../../service/domain/trees/tree-ensemble.js';
import { writeManifest } from '../../training/write-model.js';
import { startServer } from '../support/server-process.js';

/** A private copy of the committed model folder, to break on purpose. */
async function copyOfCommittedModel(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'model-')), 'm');
  cpSync(await resolveModelDir('models'), dir, { recursive: true });
  return dir;
}

const readTrees = (dir: string) => JSON.parse(readFileSync(join(dir, 'trees.json'), 'utf8')) as TreeEnsemble;
const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;

/** Adds `delta` to one leaf: the last leaf of the last tree (deep in the ensemble). */
function changeOneLeaf(dir: string, delta: number): void {
  const trees = readTrees(dir);
  const nodes = trees.trees[trees.trees.length - 1].nodes;
  const leaf = nodes
    .map((n, i) => [n, i] as const)
    .filter(([n]) => n.feature < 0)
    .pop()![0];
  leaf.value += delta;
  writeFileSync(join(dir, 'trees.json'), `${JSON.stringify(trees)}\n`);
}

describe('loading a model folder', () => {
  it('when the committed model is loaded, then its session runs and its trees agree with it', async () => {
    const model = await loadOnnxModel(await copyOfCommittedModel());
    const out = await model.predict(new Float32Array(model.manifest.input.width).fill(Number.NaN), 1);
    expect(out.probability[0]).toBeGreaterThan(0);
    await model.close();
  });

  it('when a single leaf in trees.json changes, then loading refuses it: the file is not the one the manifest hashed', async () => {
    const dir = await copyOfCommittedModel();
    changeOneLeaf(dir, 0.01);
    await expect(loadOnnxModel(dir)).rejects.toThrow(ModelLoadError);
    await expect(loadOnnxModel(dir)).rejects.toThrow(
      /trees\.json is not the file this model was written with: sha256 [0-9a-f]{64}, manifest\.json records/,
    );
  });

  it('when one byte of model.onnx changes, then loading refuses it', async () => {
    const dir = await copyOfCommittedModel();
    const bytes = readFileSync(join(dir, 'model.onnx'));
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    writeFileSync(join(dir, 'model.onnx'), bytes);
    await expect(loadOnnxModel(dir)).rejects.toThrow(/model\.onnx is not the file this model was written with/);
  });

  it('when the model card is edited, then loading refuses it (a card describes one model)', async () => {
    const dir = await copyOfCommittedModel();
    writeFileSync(join(dir, 'card.json'), `${readFileSync(join(dir, 'card.json'), 'utf8')} `);
    await expect(loadOnnxModel(dir)).rejects.toThrow(/card\.json is not the file/);
  });

  it('when the manifest records no hashes, then loading refuses it naming the field', async () => {
    const dir = await copyOfCommittedModel();
    const { sha256: _dropped, ...manifest } = readManifest(dir);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    await expect(loadOnnxModel(dir)).rejects.toThrow(/field sha256/);
  });

  it('when trees.json differs from model.onnx in one deep leaf but the manifest hashes both, then the leaf cross-check refuses it', async () => {
    const dir = await copyOfCommittedModel();
    changeOneLeaf(dir, 0.01);
    await writeManifest(dir, readManifest(dir) as never);
    await expect(loadOnnxModel(dir)).rejects.toThrow(/trees\.json does not match model\.onnx/);
  });

  it('when the cross-check rows are built for the committed trees, then every leaf of every tree is reached by one of them', async () => {
    const trees = readTrees(await resolveModelDir('models'));
    const width = trees.featureNames.length;
    const rows = leafRows(trees, width);
    const leaves = trees.trees.reduce((sum, t) => sum + t.nodes.filter((n) => n.feature < 0).length, 0);
    expect(rows.length / width).toBe(leaves);
    const unreached = trees.trees.flatMap((tree, t) => {
      const reached = new Set<number>();
      for (let i = 0; i < rows.length / width; i += 1) reached.add(leafIndex(tree, rows.subarray(i * width, (i + 1) * width)));
      return tree.nodes.flatMap((n, k) => (n.feature < 0 && !reached.has(k) ? [`tree ${t} leaf ${k}`] : []));
    });
    expect(unreached).toEqual([]);
  });

  it('when the manifest lists features in another order, then loading fails naming both lists', async () => {
    const dir = await copyOfCommittedModel();
    const manifest = readManifest(dir) as { features: unknown[] };
    manifest.features.reverse();
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    await expect(loadOnnxModel(dir)).rejects.toThrow(/model features \[.*\] differ from the service's/);
  });

  it('when the server starts on a model folder with a changed byte in model.onnx, then it exits 1 saying which file', async () => {
    const dir = await copyOfCommittedModel();
    const bytes = readFileSync(join(dir, 'model.onnx'));
    bytes[100] ^= 0x80;
    writeFileSync(join(dir, 'model.onnx'), bytes);
    const server = await startServer({ MODELS_DIR: join(dir, '..'), MODEL_VERSION: 'm' });
    await expect(server.exited).resolves.toBe(1);
    expect(server.stderr()).toMatch(/failed to start: .*model\.onnx is not the file this model was written with/);
  }, 60_000);
});

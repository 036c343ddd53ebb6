import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelLoadError, loadOnnxModel, resolveModelDir } from '../../service/adapters/onnx/onnx-model.js';

/** A private copy of the committed model folder, to break on purpose. */
async function copyOfCommittedModel(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'model-')), 'm');
  cpSync(await resolveModelDir('models'), dir, { recursive: true });
  return dir;
}

describe('loading a model folder', () => {
  it('when the committed model is loaded, then its session runs and its trees agree with it', async () => {
    const model = await loadOnnxModel(await copyOfCommittedModel());
    const out = await model.predict(new Float32Array(model.manifest.input.width).fill(Number.NaN), 1);
    expect(out.probability[0]).toBeGreaterThan(0);
    await model.close();
  });

  it('when trees.json is not the ensemble in model.onnx, then loading fails with ModelLoadError', async () => {
    const dir = await copyOfCommittedModel();
    const trees = JSON.parse(readFileSync(join(dir, 'trees.json'), 'utf8'));
    for (const node of trees.trees[0].nodes) if (node.feature < 0) node.value += 0.5;
    writeFileSync(join(dir, 'trees.json'), JSON.stringify(trees));
    await expect(loadOnnxModel(dir)).rejects.toThrow(ModelLoadError);
    await expect(loadOnnxModel(dir)).rejects.toThrow(/trees\.json does not match model\.onnx/);
  });

  it('when the manifest lists features in another order, then loading fails naming both lists', async () => {
    const dir = await copyOfCommittedModel();
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    manifest.features.reverse();
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    await expect(loadOnnxModel(dir)).rejects.toThrow(/model features \[.*\] differ from the service's/);
  });
});

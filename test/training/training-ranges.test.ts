import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderDataset, writeDataset } from '../../service/adapters/dataset/dataset-files.js';
import { datasetHash } from '../../service/adapters/dataset/dataset-hash.js';
import { sha256Hex } from '../../service/adapters/onnx/model-files.js';
import { loadOnnxModel } from '../../service/adapters/onnx/onnx-model.js';
import { modelManifestSchema } from '../../service/domain/model-manifest.js';
import { FEATURES } from '../../service/features/feature-spec.js';
import { silentProgress } from '../../training/progress.js';
import { recordTrainingRanges } from '../../training/record-ranges.js';
import { trainModel } from '../../training/train-model.js';
import { writeModel } from '../../training/write-model.js';
import { syntheticDataset } from './synthetic-dataset.js';
import { TEST_PARAMS } from './trained-fixture.js';

const readJson = async (path: string) => JSON.parse(await readFile(path, 'utf8'));

describe('training ranges in the card and the manifest', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ranges-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A dataset folder and a model trained on it, written as `npm run train` writes them. */
  async function trained(name: string, seed: number) {
    const { dataset, truth } = syntheticDataset(2500, 24, seed);
    await writeDataset(join(dir, `data-${name}`), renderDataset(dataset, truth));
    const hash = await datasetHash(join(dir, `data-${name}`));
    const out = trainModel({ dataset, truth, datasetHash: hash, version: name, params: TEST_PARAMS, cvFolds: 0, log: silentProgress });
    await writeModel(join(dir, name), out);
    return out;
  }

  it('when a model is trained, then every numeric feature has the min–max of the rows the trees were fit on, and categorical ones none', async () => {
    const out = await trained('v1', 11);
    const ranges = out.manifest.trainingRanges!;
    expect(ranges.rows).toBe(out.split.train.rows);
    expect(ranges.basis).toMatch(/^min–max .* rows the trees were fit on/);
    const { x, rows, width } = out.split.train;
    FEATURES.forEach((f, j) => {
      const known = Array.from({ length: rows }, (_, i) => x[i * width + j]).filter((v) => !Number.isNaN(v));
      if (f.kind === 'categorical' || known.length === 0) return expect(ranges.features[f.name]).toBeUndefined();
      const r = ranges.features[f.name];
      expect(r.values).toBe(known.length);
      expect(Math.fround(r.min)).toBe(Math.min(...known));
      expect(Math.fround(r.max)).toBe(Math.max(...known));
    });
    expect(ranges.features.ontwateringsdiepte_m.min).toBeLessThan(ranges.features.ontwateringsdiepte_m.max);
    expect(out.card.trainingRanges).toEqual(ranges);
    expect(await readFile(join(dir, 'v1', 'card.md'), 'utf8')).toContain('| ontwateringsdiepte_m |');
  });

  it("when the ranges are recorded afresh for a written model, then they equal the training run's, only the card hashes change and the folder still loads", async () => {
    const out = await trained('v2', 12);
    const before = await readJson(join(dir, 'v2', 'manifest.json'));
    // a model written before ranges were recorded: take them out, as the writer would have written it
    const { trainingRanges: _m, ...oldManifest } = before;
    const { trainingRanges: _c, ...oldCard } = await readJson(join(dir, 'v2', 'card.json'));
    await writeFile(join(dir, 'v2', 'card.json'), JSON.stringify(oldCard));
    await writeFile(
      join(dir, 'v2', 'manifest.json'),
      JSON.stringify({ ...oldManifest, sha256: { ...before.sha256, card: sha256Hex(JSON.stringify(oldCard)) } }),
    );

    const ranges = await recordTrainingRanges(join(dir, 'v2'), join(dir, 'data-v2'), silentProgress);
    expect(ranges).toEqual(out.manifest.trainingRanges);
    const after = modelManifestSchema.parse(await readJson(join(dir, 'v2', 'manifest.json')));
    expect(after.trainingRanges).toEqual(ranges);
    expect((await readJson(join(dir, 'v2', 'card.json'))).trainingRanges).toEqual(ranges);
    expect({ model: after.sha256.model, trees: after.sha256.trees }).toEqual({ model: before.sha256.model, trees: before.sha256.trees });
    expect(after.sha256.card).toBe(sha256Hex(await readFile(join(dir, 'v2', 'card.json'))));
    expect(after.sha256.cardMarkdown).toBe(sha256Hex(await readFile(join(dir, 'v2', 'card.md'))));
    const model = await loadOnnxModel(join(dir, 'v2'));
    expect(model.manifest.trainingRanges).toEqual(ranges);
  });

  it('when the dataset given is not the one the model was trained on, then nothing is written', async () => {
    await cp(join(dir, 'v1'), join(dir, 'v3'), { recursive: true });
    const before = await readFile(join(dir, 'v3', 'manifest.json'), 'utf8');
    await expect(recordTrainingRanges(join(dir, 'v3'), join(dir, 'data-v2'), silentProgress)).rejects.toThrow(
      /is not the dataset v1 was trained on/,
    );
    expect(await readFile(join(dir, 'v3', 'manifest.json'), 'utf8')).toBe(before);
  });

  it('when the committed model is checked, then its recorded ranges are the ones its dataset and card reproduce', async () => {
    const manifest = modelManifestSchema.parse(await readJson(join('models', 'gbdt-demo-v3', 'manifest.json')));
    await cp(join('models', 'gbdt-demo-v3'), join(dir, 'committed'), { recursive: true });
    const ranges = await recordTrainingRanges(join(dir, 'committed'), join('seeds', 'demo'), silentProgress);
    expect(manifest.trainingRanges).toEqual(ranges);
    expect(await readFile(join(dir, 'committed', 'manifest.json'), 'utf8')).toBe(
      await readFile(join('models', 'gbdt-demo-v3', 'manifest.json'), 'utf8'),
    );
  });
});

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderDataset, writeDataset } from '../../service/adapters/dataset/dataset-files.js';
import { modelManifestSchema } from '../../service/domain/model-manifest.js';
import { FEATURE_NAMES } from '../../service/features/feature-spec.js';
import { parseTrainArgs } from '../../training/cli-args.js';
import { datasetHash } from '../../service/adapters/dataset/dataset-hash.js';
import { exportSplit } from '../../training/export-split.js';
import { promote, writeCard, writeModel } from '../../training/write-model.js';
import { sha256Hex } from '../../service/adapters/onnx/model-files.js';
import { syntheticDataset } from './synthetic-dataset.js';
import { trainSmallModel } from './trained-fixture.js';

describe('model folder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'model-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('when a model is written, then manifest.json validates against the service schema and lists every file', async () => {
    await writeModel(join(dir, 'v1'), trainSmallModel());
    const manifest = modelManifestSchema.parse(JSON.parse(await readFile(join(dir, 'v1', 'manifest.json'), 'utf8')));
    expect(manifest.features.map((f) => f.name)).toEqual(FEATURE_NAMES);
    for (const file of Object.values(manifest.files)) expect((await readFile(join(dir, 'v1', file as string))).length).toBeGreaterThan(0);
    expect(await readFile(join(dir, 'v1', 'card.md'), 'utf8')).toContain('![ROC curve](roc.svg)');
  });

  it('when a model is written, then the manifest records the sha256 of every file it lists, as written', async () => {
    await writeModel(join(dir, 'v1'), trainSmallModel());
    const manifest = modelManifestSchema.parse(JSON.parse(await readFile(join(dir, 'v1', 'manifest.json'), 'utf8')));
    const actual = Object.fromEntries(
      await Promise.all(
        Object.entries(manifest.files).map(async ([role, file]) => [role, sha256Hex(await readFile(join(dir, 'v1', file as string)))]),
      ),
    );
    expect(manifest.sha256).toEqual(actual);
    expect(Object.keys(manifest.sha256).sort()).toEqual(['card', 'cardMarkdown', 'model', 'trees']);
  });

  it('when the benchmark rewrites the card, then the manifest records the new card hashes and keeps the others', async () => {
    const model = trainSmallModel();
    await writeModel(join(dir, 'v1'), model);
    const before = JSON.parse(await readFile(join(dir, 'v1', 'manifest.json'), 'utf8'));
    const benchmark = { trainRows: 1, testRows: 1, trees: 1, maxDepth: 3, learningRate: 0.1, maxBins: 255, machine: 'x', rows: [] };
    await writeCard(join(dir, 'v1'), { ...model.card, benchmark });
    const after = modelManifestSchema.parse(JSON.parse(await readFile(join(dir, 'v1', 'manifest.json'), 'utf8')));
    expect(after.sha256.card).toBe(sha256Hex(await readFile(join(dir, 'v1', 'card.json'))));
    expect(after.sha256.card).not.toBe(before.sha256.card);
    expect({ model: after.sha256.model, trees: after.sha256.trees }).toEqual({ model: before.sha256.model, trees: before.sha256.trees });
  });

  it('when the same model is retrained into a folder with a benchmarked card, then the benchmark table is kept', async () => {
    const model = trainSmallModel();
    await writeModel(join(dir, 'v1'), model);
    const cardPath = join(dir, 'v1', 'card.json');
    const card = JSON.parse(await readFile(cardPath, 'utf8'));
    const benchmark = { trainRows: 1, testRows: 1, trees: 1, maxDepth: 3, learningRate: 0.1, maxBins: 255, machine: 'x', rows: [] };
    await writeFile(cardPath, JSON.stringify({ ...card, benchmark }));
    await writeModel(join(dir, 'v1'), model);
    expect(JSON.parse(await readFile(cardPath, 'utf8')).benchmark).toEqual(benchmark);
  });

  it('when the split is exported, then train.csv and test.csv have one column per manifest feature plus the label', async () => {
    const model = trainSmallModel();
    await exportSplit(dir, model.split);
    const test = (await readFile(join(dir, 'test.csv'), 'utf8')).trimEnd().split('\n');
    expect(test[0]).toBe([...FEATURE_NAMES, 'label'].join(','));
    expect(test.length - 1).toBe(model.split.test.rows);
  });

  it('when promoting, then models/current holds the version folder name on one line', async () => {
    await promote(join(dir, '2026-demo'));
    expect(await readFile(join(dir, 'current'), 'utf8')).toBe('2026-demo\n');
  });

  it('when one byte of a dataset file changes, then the dataset hash changes', async () => {
    const { dataset, truth } = syntheticDataset(200, 4, 1);
    const files = renderDataset(dataset, truth);
    await writeDataset(join(dir, 'a'), files);
    const before = await datasetHash(join(dir, 'a'));
    files.set('dataset.json', Buffer.concat([files.get('dataset.json') as Buffer, Buffer.from(' ')]));
    await writeDataset(join(dir, 'a'), files);
    expect(await datasetHash(join(dir, 'a'))).not.toBe(before);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
  });

  it('when CLI arguments are parsed, then the version is the output folder name and bad seeds are refused', () => {
    expect(parseTrainArgs(['--dataset', 'seeds/demo', '--out', 'models/v7', '--seed', '3', '--promote'])).toMatchObject({
      version: 'v7',
      seed: 3,
      promote: true,
      exportSplit: null,
    });
    expect(() => parseTrainArgs(['--dataset', 'd', '--out', 'o', '--seed', '-1'])).toThrow(/seed/);
  });
});

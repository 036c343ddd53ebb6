import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { modelManifestSchema } from '../../service/domain/model-manifest.js';
import { FEATURE_NAMES } from '../../service/features/feature-spec.js';
import { datasetHash } from '../../service/adapters/dataset/dataset-hash.js';

const current = join('models', 'current');
const version = existsSync(current) ? readFileSync(current, 'utf8').trim() : null;
const when = version ? it : it.skip;

describe('committed model', () => {
  when(
    'when the committed demo dataset is hashed, then it matches the datasetHash of the model in models/current (retrain if not)',
    async () => {
      const manifest = modelManifestSchema.parse(JSON.parse(readFileSync(join('models', version as string, 'manifest.json'), 'utf8')));
      expect(manifest.datasetHash).toBe(await datasetHash(join('seeds', 'demo')));
    },
  );

  when(
    'when the committed model.onnx is loaded, then its input and outputs match the manifest and its features the feature module',
    async () => {
      const dir = join('models', version as string);
      const manifest = modelManifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
      const session = await ort.InferenceSession.create(join(dir, manifest.files.model));
      try {
        expect(session.inputNames).toEqual([manifest.input.name]);
        expect([...session.outputNames].sort()).toEqual([manifest.outputs.margin, manifest.outputs.probability].sort());
        expect(manifest.features.map((f) => f.name)).toEqual(FEATURE_NAMES);
        expect(manifest.input.width).toBe(FEATURE_NAMES.length);
      } finally {
        await session.release();
      }
    },
  );
});

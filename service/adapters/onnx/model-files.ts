import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelFileRole, ModelManifest } from '../../domain/model-manifest.js';

/** The lowercase hex sha256 of some bytes. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The model folder is missing, malformed, its files do not belong together, or it does not match the code's feature module. */
export class ModelLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelLoadError';
  }
}

/**
 * Reads every file the manifest lists and checks it against the sha256 recorded for it, so a model
 * folder is served only as the training writer wrote it (no swapped `model.onnx`, no edited leaf in
 * `trees.json`, no card of another model). Returns the bytes read, by role, for the caller to use
 * (the checked bytes are the ones loaded: nothing can change between check and use).
 */
export async function readCheckedModelFiles(dir: string, manifest: ModelManifest): Promise<Partial<Record<ModelFileRole, Buffer>>> {
  const out: Partial<Record<ModelFileRole, Buffer>> = {};
  for (const role of Object.keys(manifest.files) as ModelFileRole[]) {
    const path = join(dir, manifest.files[role]!);
    if (!existsSync(path)) throw new ModelLoadError(`${path} not found (listed in manifest.json)`);
    const bytes = await readFile(path);
    const actual = sha256Hex(bytes);
    if (actual !== manifest.sha256[role]) {
      throw new ModelLoadError(
        `${path} is not the file this model was written with: sha256 ${actual}, manifest.json records ${manifest.sha256[role]}. The model folder's files do not belong together; retrain or restore the folder.`,
      );
    }
    out[role] = bytes;
  }
  return out;
}

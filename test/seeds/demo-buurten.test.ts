import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readDataset } from '../../service/adapters/dataset/dataset-files.js';
import { generatedBuurtenFile } from '../../service/adapters/dataset/schematic-demo-buurten.js';

const SHARED = join('..', 'shared', 'data', 'benchmark-world', 'buurten.geojson');
const shared = existsSync(SHARED);
if (!shared) console.warn(`SKIPPED: ${SHARED} is absent (a fresh clone has no ../shared); the byte comparison cannot run.`);

describe("the committed demo's buurten", () => {
  it('when the demo folder is read, then its 50 schematic buurten are generated (the file is not committed)', async () => {
    expect(existsSync(join('seeds', 'demo', 'buurten.geojson'))).toBe(false);
    const dataset = await readDataset(join('seeds', 'demo'));
    expect(dataset.buurten).toHaveLength(50);
    expect(dataset.buurten.every((b) => b.schematic)).toBe(true);
  });

  (shared ? it : it.skip)("when generated, then they are byte for byte the frozen world's buurten.geojson", async () => {
    expect((await generatedBuurtenFile(join('seeds', 'demo')))!.equals(await readFile(SHARED))).toBe(true);
  });
});

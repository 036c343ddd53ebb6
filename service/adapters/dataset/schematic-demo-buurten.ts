import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { schematicBuurten } from '../../../seeds/schematic-buurten.js';
import { ZAANSTAD_BUURTEN } from '../../../seeds/zaanstad-facts.js';
import type { BuurtRecord } from '../../domain/records.js';
import { DATASET_FILES } from './dataset-schema.js';

/** The `name` the generator gives a dataset with schematic Zaanstad buurten (see seeds/generate.ts). */
const SCHEMATIC_DEMO_NAME = 'zaanstad-demo';

/**
 * The committed demo folder does not hold `buurten.geojson`: its schematic polygons are a deterministic
 * output of the generator (the same bytes it writes), so they are made again here instead of being
 * committed. Returns them for a synthetic `zaanstad-demo` folder without the file; null otherwise (a
 * folder's own file always wins).
 */
export async function generatedBuurtenFile(dir: string): Promise<Buffer | null> {
  if (existsSync(join(dir, DATASET_FILES.buurten))) return null;
  const infoPath = join(dir, DATASET_FILES.info);
  if (!existsSync(infoPath)) return null;
  let info: { name?: unknown; synthetic?: unknown };
  try {
    info = JSON.parse((await readFile(infoPath)).toString('utf8')) as typeof info;
  } catch {
    return null; // the reader reports the broken dataset.json itself
  }
  if (info.name !== SCHEMATIC_DEMO_NAME || info.synthetic !== true) return null;
  return renderBuurten(schematicBuurten(ZAANSTAD_BUURTEN));
}

/** `buurten.geojson` as this project writes it. */
export function renderBuurten(buurten: readonly BuurtRecord[]): Buffer {
  const fc = {
    type: 'FeatureCollection',
    features: buurten.map((b) => ({
      type: 'Feature',
      properties: {
        code: b.code,
        naam: b.naam,
        wijk_code: b.wijkCode,
        gemeente_code: b.gemeenteCode,
        woonplaats: b.woonplaats,
        pc4: b.pc4,
        huishoudens: b.huishoudens,
        oppervlakte_ha: b.oppervlakteHa,
        schematic: b.schematic,
      },
      geometry: b.geometry,
    })),
  };
  return Buffer.from(`${JSON.stringify(fc)}\n`);
}

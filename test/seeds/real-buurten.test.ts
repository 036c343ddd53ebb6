import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateDataset } from '../../seeds/generate.js';
import { booleanPointInPolygon } from '@turf/turf';
import { importBuurten } from '../../seeds/import/cbs-buurten.js';

/** The real CBS 2017 buurten, outside the repository (never copied into it). */
const REAL = join(process.cwd(), '..', 'shared', 'data', 'zaanstad', 'cbs-buurten-2017.wgs84.geojson');
const available = existsSync(REAL);
if (!available) console.warn(`SKIPPED real-buurten test: ${REAL} is absent (a fresh clone has no ../shared)`);
const maybe = available ? test : test.skip;

describe('generating inside the real Zaanstad buurten', () => {
  maybe('when generating in the real polygons, then every address lies in its buurt and counts follow households', async () => {
    const buurten = await importBuurten(REAL);
    expect(buurten).toHaveLength(50);
    const { dataset } = generateDataset({ seed: 1, buurten });
    const byCode = new Map(buurten.map((b) => [b.code, b]));
    const counts = new Map<string, number>();
    const outside: string[] = [];
    for (const a of dataset.addresses) {
      counts.set(a.buurtCode, (counts.get(a.buurtCode) ?? 0) + 1);
      // an independent point-in-polygon test (turf), not the generator's own
      if (!booleanPointInPolygon([a.lon, a.lat], byCode.get(a.buurtCode)!.geometry)) outside.push(a.verblijfsobjectId);
    }
    expect(outside).toEqual([]);
    for (const b of buurten) expect(counts.get(b.code) ?? 0).toBe(b.huishoudens ?? 0);
    expect(dataset.buurten.every((b) => !b.schematic)).toBe(true);
  });
});

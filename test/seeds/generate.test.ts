import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDataset } from '../../service/adapters/dataset/dataset-files.js';
import { DEFAULT_SEED, generateDataset } from '../../seeds/generate.js';
import { schematicBuurten } from '../../seeds/schematic-buurten.js';
import { pointInGeometry } from '../../seeds/geometry.js';
import { ZAANSTAD_BUURTEN } from '../../seeds/zaanstad-facts.js';
import { generatedBuurtenFile } from '../../service/adapters/dataset/schematic-demo-buurten.js';

const demo = generateDataset({ seed: DEFAULT_SEED });
const files = renderDataset(demo.dataset, demo.truth);
const small = () => schematicBuurten(ZAANSTAD_BUURTEN).filter((b) => b.wijkCode === 'WK047921');
const renderSmall = (seed: number) => {
  const g = generateDataset({ seed, buurten: small() });
  return renderDataset(g.dataset, g.truth);
};

describe('seeds generator', () => {
  test('when generating twice with the same seed, then the files are identical byte for byte', () => {
    const first = renderSmall(7);
    const again = renderSmall(7);
    for (const [name, bytes] of first) expect(again.get(name)!.equals(bytes)).toBe(true);
  });

  test('when generating with another seed, then the addresses differ', () => {
    expect(renderSmall(8).get('addresses.csv.gz')!.equals(renderSmall(7).get('addresses.csv.gz')!)).toBe(false);
  });

  test('when the default seed is used, then it reproduces the committed demo dataset', async () => {
    // buurten.geojson is not committed: the reader generates it for the demo folder (the same bytes).
    const generated = await generatedBuurtenFile('seeds/demo');
    for (const [name, bytes] of files)
      expect((name === 'buurten.geojson' ? generated! : readFileSync(join('seeds/demo', name))).equals(bytes)).toBe(true);
  });

  test('when generated, then every buurt has as many addresses as households and 50 schematic buurten', () => {
    const counts = new Map<string, number>();
    for (const a of demo.dataset.addresses) counts.set(a.buurtCode, (counts.get(a.buurtCode) ?? 0) + 1);
    expect(demo.dataset.buurten).toHaveLength(50);
    expect(demo.dataset.buurten.every((b) => b.schematic)).toBe(true);
    for (const f of ZAANSTAD_BUURTEN) expect(counts.get(f.code) ?? 0).toBe(f.huishoudens);
  });

  test('when generated, then every address lies inside its schematic buurt', () => {
    const byCode = new Map(demo.dataset.buurten.map((b) => [b.code, b]));
    const outside = demo.dataset.addresses.filter((a) => !pointInGeometry(a.lon, a.lat, byCode.get(a.buurtCode)!.geometry));
    expect(outside).toHaveLength(0);
  });

  test('when generated, then ids are unique 16-digit BAG ids and postcodes start with the buurt PC4', () => {
    const pc4 = new Map(demo.dataset.buurten.map((b) => [b.code, b.pc4]));
    const ids = new Set(demo.dataset.addresses.map((a) => a.verblijfsobjectId));
    expect(ids.size).toBe(demo.dataset.addresses.length);
    for (const a of demo.dataset.addresses) {
      expect(a.verblijfsobjectId).toMatch(/^0479010000\d{6}$/);
      expect(a.pandId).toMatch(/^0479100000\d{6}$/);
      expect(a.postcode.slice(0, 4)).toBe(pc4.get(a.buurtCode));
    }
    const addressKeys = new Set(demo.dataset.addresses.map((a) => `${a.postcode}|${a.huisnummer}|${a.huisletter}|${a.toevoeging}`));
    expect(addressKeys.size).toBe(demo.dataset.addresses.length);
  });

  test('when surveys are drawn on suspicion, then about 1 in 3 surveyed pre-war panden is in class D or E', () => {
    const bouwjaar = new Map(demo.dataset.addresses.map((a) => [a.pandId, a.bouwjaar!]));
    const preWar = demo.dataset.register.filter((r) => r.onderzocht && !r.steekproef && bouwjaar.get(r.pandId)! < 1945);
    const bad = preWar.filter((r) => r.kwaliteitsklasse === 'D' || r.kwaliteitsklasse === 'E').length / preWar.length;
    expect(bad).toBeGreaterThan(0.28);
    expect(bad).toBeLessThan(0.45);
  });

  test('when observed, then a few percent lack groundwater and fewer than half have an archive foundation type', () => {
    const n = demo.dataset.addresses.length;
    const missing = demo.dataset.addresses.filter((a) => a.grondwaterNapM === null).length / n;
    const known = demo.dataset.addresses.filter((a) => a.funderingtype !== null).length / n;
    expect(missing).toBeGreaterThan(0.01);
    expect(missing).toBeLessThan(0.06);
    // the archive holds a record for 20 % (before 1906) to 50 % (from 1945) of blocks (seeds/README.md §5)
    expect(known).toBeGreaterThan(0.35);
    expect(known).toBeLessThan(0.5);
  });
});

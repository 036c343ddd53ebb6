import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseColumnMap, readMappedBuildings } from '../../seeds/import/column-map.js';
import { importDataset } from '../../seeds/import/import-dataset.js';
import { errorOf, writeTemp } from './import-support.js';

const FIXTURES = 'test/fixtures/seeds';
const buurten = join(FIXTURES, 'buurten-wgs84.geojson');
const addresses = join(FIXTURES, 'addresses.csv');
const MAP = 'seeds/import/column-maps/fundermaps.json';
// SHARED_DIR: where ../shared is for a checkout elsewhere (a git worktree)
const SAMPLE = join(process.env.SHARED_DIR ?? '../shared', 'data/reference/fundermaps-seed-buildings-rotterdam.csv');
const HAVE_SAMPLE = existsSync(SAMPLE);
if (!HAVE_SAMPLE) console.warn(`SKIPPED: the FunderMaps sample tests need ${SAMPLE} (../shared is absent)`);
const withSample = HAVE_SAMPLE ? test : test.skip;

/** A made-up table in FunderMaps' export layout (column names and id form), not real buildings. */
const HEADER =
  'building_id,cluster_id,ground_elevation_nap_m,roof_elevation_nap_m,geographic_region_id,soil_region_code,groundwater_level,owner,pleistocene_depth_nap_m,subsidence_velocity';
const ID = (k: number) => `gfm-${String(k).padStart(32, '0')}`;
const LAYOUT_ROWS = [
  [-1.5, 1.8, -17, -0.6],
  [-1.2, 1.5, -17, -1.9],
  [-0.2, 4.9, -19, ''],
  [-1.4, 1.1, -17, -0.5],
  [-2.0, 2.2, -18, -2.4],
  [-1.1, 1.9, -17, 0.3],
];
const layout = `${HEADER}\n${LAYOUT_ROWS.map(([g, w, p, s], k) => `${ID(k)},,${g},12.5,670,ni,${w},Particulier,${p},${s}`).join('\n')}\n`;
const idMap = writeTemp('ids.csv', `building_id,pand_id\n${ID(0)},0479100000000101\n${ID(1)},NL.IMBAG.Pand.0479100000000102\n`);

const declaring = (input: string) => {
  const map = JSON.parse(readFileSync(MAP, 'utf8'));
  map.columns.groundwater_level.input = input;
  return writeTemp('map.json', JSON.stringify(map));
};

describe('buildings in FunderMaps layout through a column map', () => {
  test('when FunderMaps buildings are joined to panden, then their surface, groundwater (from depth), sand and subsidence fill those addresses with FunderMaps as source', async () => {
    const buildings = writeTemp('fundermaps.csv', layout);
    const { dataset, report } = await importDataset({ buurten, addresses, buildings: { file: buildings, columnMap: MAP, idMap }, seed: 1 });
    const [a1, a2, a3, a4] = dataset.addresses;
    expect(a1).toMatchObject({
      maaiveldNapM: -1.5,
      grondwaterNapM: -3.3,
      pleistoceenNapM: -17,
      bodemdalingMmJr: -0.6,
      grondwaterBron: 'model',
    });
    for (const a of [a2, a3])
      expect(a).toMatchObject({ maaiveldNapM: -1.2, grondwaterNapM: -2.7, pleistoceenNapM: -17, bodemdalingMmJr: -1.9 });
    expect(a4).toMatchObject({ maaiveldNapM: -0.9, grondwaterNapM: -1.8 });
    expect(report.inputs.grondwater_nap_m.provenance).toEqual({ 'column-map': 3, addresses: 1 });
    expect(report.sources.find((s) => s.input === 'grondwater_nap_m')).toMatchObject({
      kind: 'column-map',
      declaredAs: 'grondwater_diepte_m',
      source: expect.stringContaining('FunderMaps'),
    });
  });

  test('when a column map declares the FunderMaps depth column as a NAP level, then it is refused naming the column and the evidence', async () => {
    const buildings = writeTemp('fundermaps.csv', layout);
    const err = await errorOf(
      importDataset({ buurten, addresses, buildings: { file: buildings, columnMap: declaring('grondwater_nap_m'), idMap }, seed: 1 }),
    );
    expect(err.file).toBe(buildings);
    expect(err.field).toBe('groundwater_level');
    expect(err.message).toContain('all values positive, 1.1–4.9, above the surface level for 6 of 6 rows: looks like depth below surface');
  });

  test('when a column map gives a unit that does not fit the input, then the map is refused naming the column', async () => {
    const map = JSON.parse(readFileSync(MAP, 'utf8'));
    map.columns.subsidence_velocity.unit = 'm';
    const path = writeTemp('map.json', JSON.stringify(map));
    const err = await errorOf(
      importDataset({ buurten, addresses, buildings: { file: writeTemp('f.csv', layout), columnMap: path, idMap }, seed: 1 }),
    );
    expect(err.file).toBe(path);
    expect(err.field).toBe('columns.subsidence_velocity.unit');
  });

  test('when a FunderMaps row has a non-numeric value, then the error names file, line and column', async () => {
    const err = await errorOf(
      importDataset({
        buurten,
        addresses,
        buildings: { file: writeTemp('f.csv', layout.replace(',4.9,', ',vier,')), columnMap: MAP, idMap },
        seed: 1,
      }),
    );
    expect(err.location).toBe('line 4');
    expect(err.field).toBe('groundwater_level');
  });

  withSample(
    'when the real FunderMaps sample goes through the shipped column map, then no value is refused and every groundwater value is read as a depth of 1–5 m',
    async () => {
      const map = parseColumnMap(MAP, readFileSync(MAP));
      const { byId, refused } = await readMappedBuildings(SAMPLE, readFileSync(SAMPLE), map, MAP);
      expect(byId.size).toBe(3539);
      expect(refused).toEqual({});
      const rows = [...byId.values()];
      const depths = rows.map((r) => r.grondwater_diepte_m).filter((v): v is number => v !== null && v !== undefined);
      expect(depths).toHaveLength(3539);
      expect(Math.min(...depths)).toBeGreaterThan(1);
      expect(Math.max(...depths)).toBeLessThan(5);
    },
  );

  withSample('when the real sample declares its depth column as NAP, then it is refused with the evidence', async () => {
    const path = declaring('grondwater_nap_m');
    const err = await errorOf(readMappedBuildings(SAMPLE, readFileSync(SAMPLE), parseColumnMap(path, readFileSync(path)), path));
    expect(err.field).toBe('groundwater_level');
    expect(err.message).toContain('all values positive, 1.08–4.93');
    expect(err.message).toContain('looks like depth below surface');
  });

  withSample(
    'when the real sample is imported with the served model, then the report counts the drainage depths beyond its training range (90 %)',
    async () => {
      // one address per FunderMaps building (the fixture's first address, renumbered), joined by an id map
      const ids = readFileSync(SAMPLE, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]);
      const [header, first] = readFileSync(addresses, 'utf8').split('\n');
      const number = (k: number) => String(k).padStart(8, '0');
      const rows = ids.map((_, k) => first.replace(/^0479010000000101,0479100000000101,/, `04790100${number(k)},04791000${number(k)},`));
      const own = writeTemp('addresses.csv', `${header}\n${rows.join('\n')}\n`);
      const map = writeTemp('ids.csv', `building_id,pand_id\n${ids.map((id, k) => `${id},04791000${number(k)}`).join('\n')}\n`);
      const { report } = await importDataset({
        buurten,
        addresses: own,
        buildings: { file: SAMPLE, columnMap: MAP, idMap: map },
        seed: 1,
        model: 'models/current',
      });
      const drainage = report.inputs.ontwateringsdiepte_m;
      // drainage depth = surface − (surface − depth) = FunderMaps' depth, 1.08–4.93 m; the model saw 0.17–1.52 m
      expect(report.model?.version).toMatch(/^gbdt-/);
      expect(drainage.values).toBe(3539);
      expect(drainage.trainingRange![1]).toBeLessThan(2);
      expect(drainage.outsideTrainingRange).toBe(3193);
      expect(drainage.shareOutsideTrainingRange).toBe(0.902);
      expect(report.inputs.grondwater_nap_m.provenance['column-map']).toBe(3539);
    },
  );
});

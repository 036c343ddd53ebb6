import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importBuurten } from '../../seeds/import/cbs-buurten.js';
import { errorOf, writeTemp } from './import-support.js';

const FIXTURES = 'test/fixtures/seeds';
const wgs84 = JSON.parse(readFileSync(join(FIXTURES, 'buurten-wgs84.geojson'), 'utf8'));

/** Swaps [x, y] in every position of nested coordinate arrays. */
function swapDeep(c: unknown): unknown {
  return Array.isArray(c) && typeof c[0] === 'number' ? [c[1], c[0], ...c.slice(2)] : (c as unknown[]).map(swapDeep);
}

describe('CBS buurten importer', () => {
  test('when reading a WGS84 file, then buurten come out sorted with CBS fields mapped', async () => {
    const buurten = await importBuurten(join(FIXTURES, 'buurten-wgs84.geojson'));
    expect(buurten.map((b) => b.code)).toEqual(['BU04792110', 'BU04792130', 'BU04795120']);
    expect(buurten[0]).toMatchObject({
      naam: 'Havenbuurt',
      wijkCode: 'WK047921',
      gemeenteCode: 'GM0479',
      woonplaats: 'Zaandam',
      pc4: '1506',
      huishoudens: 40,
      schematic: false,
    });
  });

  test('when a CBS figure is -99999999, then it is read as missing, not as a number', async () => {
    const buurten = await importBuurten(join(FIXTURES, 'buurten-wgs84.geojson'));
    expect(buurten[2]).toMatchObject({ code: 'BU04795120', huishoudens: null, oppervlakteHa: null, woonplaats: 'Wormerveer' });
  });

  test('when the file is RD New with a crs member, then the polygons come out in WGS84 within a centimetre', async () => {
    const fromRd = await importBuurten(join(FIXTURES, 'buurten-rd.geojson'));
    const ring = fromRd[0].geometry.coordinates[0] as number[][];
    const expected = wgs84.features[0].geometry.coordinates[0] as number[][];
    ring.forEach(([lon, lat], i) => {
      expect(Math.abs(lon - expected[i][0]) * 68000).toBeLessThan(0.01);
      expect(Math.abs(lat - expected[i][1]) * 111000).toBeLessThan(0.01);
    });
  });

  test('when RD New coordinates come without a crs member, then --crs EPSG:28992 makes them readable', async () => {
    const json = JSON.parse(readFileSync(join(FIXTURES, 'buurten-rd.geojson'), 'utf8'));
    delete json.crs;
    const path = writeTemp('no-crs.geojson', JSON.stringify(json));
    const err = await errorOf(importBuurten(path));
    expect(err.message).toContain('look like RD New');
    const buurten = await importBuurten(path, { crs: 'EPSG:28992' });
    expect(buurten[0].geometry.coordinates[0][0]).toHaveLength(2);
  });

  test('when degrees come latitude first (EPSG:4326 by its authority), then they are swapped to lon/lat', async () => {
    const json = structuredClone(wgs84);
    json.crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4326' } };
    for (const f of json.features) f.geometry.coordinates = swapDeep(f.geometry.coordinates);
    const buurten = await importBuurten(writeTemp('latlon.geojson', JSON.stringify(json)));
    expect(buurten[0].geometry.coordinates[0][0]).toEqual(wgs84.features[0].geometry.coordinates[0][0]);
  });

  test('when coordinates lie outside the Netherlands, then the error names the feature and geometry.coordinates', async () => {
    const json = structuredClone(wgs84);
    json.features[0].geometry.coordinates = [
      [
        [10, 10],
        [10.1, 10],
        [10.1, 10.1],
        [10, 10],
      ],
    ];
    const err = await errorOf(importBuurten(writeTemp('abroad.geojson', JSON.stringify(json))));
    expect(err.field).toBe('geometry.coordinates');
    expect(err.message).toMatch(/does not lie in the Netherlands/);
  });

  test('when the file is not valid JSON, then the error names the file', async () => {
    const path = writeTemp('broken.geojson', '{"type": "FeatureCollection", "features": [');
    const err = await errorOf(importBuurten(path));
    expect(err.file).toBe(path);
    expect(err.message).toContain('not valid JSON');
  });

  test('when a feature has a Point geometry, then the error names the feature and geometry.type', async () => {
    const json = structuredClone(wgs84);
    json.features[1].geometry = { type: 'Point', coordinates: [4.82, 52.43] };
    const err = await errorOf(importBuurten(writeTemp('point.geojson', JSON.stringify(json))));
    expect(err.location).toBe('feature 1');
    expect(err.field).toBe('geometry.type');
  });

  test('when a buurt code is malformed, then the error names the feature and the property', async () => {
    const json = structuredClone(wgs84);
    json.features[0].properties.bu_code = 'B0479211';
    const err = await errorOf(importBuurten(writeTemp('code.geojson', JSON.stringify(json))));
    expect(err.location).toBe('feature 0');
    expect(err.field).toBe('properties.bu_code');
  });

  test('when the buurt code property is missing, then the error lists the accepted names', async () => {
    const json = structuredClone(wgs84);
    delete json.features[2].properties.bu_code;
    const err = await errorOf(importBuurten(writeTemp('missing.geojson', JSON.stringify(json))));
    expect(err.location).toBe('feature 2');
    expect(err.message).toContain('buurtcode');
  });
});

import { execFile } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDataset } from '../../service/adapters/dataset/dataset-files.js';
import { rdToWgs84, wgs84ToRd } from '../../service/geo/rd-new.js';
import { importDataset } from '../../seeds/import/import-dataset.js';
import { errorOf, writeTemp } from './import-support.js';

const FIXTURES = 'test/fixtures/seeds';
const RASTERS = join(FIXTURES, 'rasters');
const buurten = join(FIXTURES, 'buurten-wgs84.geojson');
const addressesText = readFileSync(join(FIXTURES, 'addresses.csv'), 'utf8');
const TSX = join('node_modules', '.bin', 'tsx');

/** The depth fixture's value at RD (x, y): 1.00 + 0.01·col + 0.02·row, nodata in columns 0–2 (make-fixtures.sh). */
function fixtureDepth(x: number, y: number): number | 'nodata' | 'outside' {
  const col = Math.floor((x - 116950) / 10);
  const row = Math.floor((493100 - y) / 10);
  if (col < 0 || col >= 20 || row < 0 || row >= 20) return 'outside';
  return col < 3 ? 'nodata' : Math.fround(1 + 0.01 * col + 0.02 * row);
}

/** The fixture addresses plus `extra` addresses at RD positions, copies of the first row with new ids. */
function addressesWith(extra: readonly [number, number][]): string {
  const first = addressesText.split('\n')[1].split(',');
  const rows = extra.map(([x, y], k) => {
    const [lon, lat] = rdToWgs84([x, y]);
    const row = [...first];
    row[0] = `04790100000009${String(k).padStart(2, '0')}`;
    row[9] = lon.toFixed(7);
    row[10] = lat.toFixed(7);
    return row.join(',');
  });
  return `${addressesText.trimEnd()}\n${rows.join('\n')}\n`;
}

function runCli(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, ['seeds/cli.ts', ...args], (err, _stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr });
    });
  });
}

describe('rasters at addresses (--raster)', () => {
  test('when a groundwater-depth raster in RD New is given, then grondwater_nap_m = maaiveld_nap_m − depth inside it and the addresses outside are reported', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'seeds-raster-')), 'ds');
    const { code, stderr } = await runCli([
      'import',
      '--buurten',
      buurten,
      '--addresses',
      join(FIXTURES, 'addresses.csv'),
      '--raster',
      `grondwater_diepte_m=${join(RASTERS, 'depth-rd.tif')}`,
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    const dataset = await readDataset(out);
    let inside = 0;
    for (const a of dataset.addresses) {
      const depth = fixtureDepth(...wgs84ToRd([a.lon, a.lat]));
      if (typeof depth !== 'number') continue;
      inside += 1;
      expect(a.grondwaterNapM).toBeCloseTo(a.maaiveldNapM! - depth, 3);
      expect(a.grondwaterBron).toBe('model');
    }
    expect(inside).toBe(3);
    // Rozengracht lies outside the raster: reported, and its own groundwater value is kept
    expect(stderr).toContain('1 addresses outside the raster');
    expect(stderr).toContain('outside: 0479010000000201');
    expect(dataset.addresses.find((a) => a.verblijfsobjectId === '0479010000000201')!.grondwaterNapM).toBe(-1.8);
    const report = JSON.parse(readFileSync(join(out, 'import-report.json'), 'utf8'));
    expect(report.sources[0]).toMatchObject({
      input: 'grondwater_nap_m',
      declaredAs: 'grondwater_diepte_m',
      kind: 'raster',
      crs: 'EPSG:28992',
      values: 3,
      outside: 1,
      outsideIds: ['0479010000000201'],
    });
    expect(report.inputs.grondwater_nap_m.provenance).toEqual({ raster: 3, addresses: 1 });
  });

  test('when an address lies on a nodata cell, then its value is kept from the addresses file and counted as nodata', async () => {
    const path = writeTemp('addresses.csv', addressesWith([[116965, 493050]]));
    const { dataset, report } = await importDataset({
      buurten,
      addresses: path,
      rasters: [{ input: 'grondwater_diepte_m', source: join(RASTERS, 'depth-rd.tif') }],
      seed: 1,
    });
    expect(dataset.addresses.find((a) => a.verblijfsobjectId === '0479010000000900')!.grondwaterNapM).toBe(-1.3);
    expect(report.sources[0]).toMatchObject({ values: 3, nodata: 1, outside: 1 });
  });

  test('when the same depths come as a WGS84 GeoTIFF, then every address gets the value of the cell it lies in (within one cell step)', async () => {
    const addresses = join(FIXTURES, 'addresses.csv');
    const rd = await importDataset({
      buurten,
      addresses,
      rasters: [{ input: 'grondwater_diepte_m', source: join(RASTERS, 'depth-rd.tif') }],
      seed: 1,
    });
    const wgs = await importDataset({
      buurten,
      addresses,
      rasters: [{ input: 'grondwater_diepte_m', source: join(RASTERS, 'depth-wgs84.tif') }],
      seed: 1,
    });
    expect(wgs.report.sources[0]).toMatchObject({ crs: 'EPSG:4326', values: 3, outside: 1 });
    rd.dataset.addresses.forEach((a, i) =>
      expect(Math.abs(wgs.dataset.addresses[i].grondwaterNapM! - a.grondwaterNapM!)).toBeLessThanOrEqual(0.021),
    );
  });

  describe('a Cloud-Optimised GeoTIFF by URL', () => {
    let server: Server;
    const ranges: string[] = [];
    const cog = join(RASTERS, 'depth-rd-cog.tif');
    beforeAll(async () => {
      server = createServer((req, res) => {
        const size = statSync(cog).size;
        const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
        if (!m) {
          res.writeHead(200, { 'content-length': size });
          createReadStream(cog).pipe(res);
          return;
        }
        ranges.push(req.headers.range!);
        const start = Number(m[1]);
        const end = Math.min(size - 1, m[2] ? Number(m[2]) : size - 1);
        res.writeHead(206, {
          'content-range': `bytes ${start}-${end}/${size}`,
          'content-length': end - start + 1,
          'accept-ranges': 'bytes',
        });
        createReadStream(cog, { start, end }).pipe(res);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    test('when the raster is a URL, then it is read with range requests and gives the same values as the file', async () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/depth-rd-cog.tif`;
      const addresses = join(FIXTURES, 'addresses.csv');
      const remote = await importDataset({ buurten, addresses, rasters: [{ input: 'grondwater_diepte_m', source: url }], seed: 1 });
      const local = await importDataset({
        buurten,
        addresses,
        rasters: [{ input: 'grondwater_diepte_m', source: join(RASTERS, 'depth-rd.tif') }],
        seed: 1,
      });
      expect(remote.dataset.addresses).toEqual(local.dataset.addresses);
      expect(ranges.length).toBeGreaterThan(0);
    });
  });

  test('when a depth raster is declared as a NAP level, then the import is refused naming the raster, the input and the evidence, exit 2, old dataset kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seeds-raster-'));
    const out = join(dir, 'ds');
    const addresses = join(dir, 'addresses.csv');
    writeFileSync(
      addresses,
      addressesWith([
        [117005, 493095],
        [117055, 493055],
        [117105, 492955],
        [117145, 492905],
        [117085, 493005],
      ]),
    );
    expect((await runCli(['import', '--buurten', buurten, '--addresses', addresses, '--model', 'none', '--out', out])).code).toBe(0);
    const before = readFileSync(join(out, 'addresses.csv.gz'));
    const raster = join(RASTERS, 'depth-rd.tif');
    const { code, stderr } = await runCli([
      'import',
      '--buurten',
      buurten,
      '--addresses',
      addresses,
      '--model',
      'none',
      '--raster',
      `grondwater_nap_m=${raster}`,
      '--out',
      out,
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      new RegExp(
        `${raster}, all sampled cells, field "grondwater_nap_m": all values positive, 1\\.\\d+–1\\.\\d+.*looks like depth below surface`,
      ),
    );
    expect(stderr.split('\n').filter((l) => l.startsWith('seeds: error:'))).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(out, 'addresses.csv.gz')).equals(before)).toBe(true);
  });

  test('when a raster is in a CRS other than RD New or WGS84, then the error names the raster, the crs and a fix', async () => {
    const raster = join(RASTERS, 'depth-webmercator.tif');
    const err = await errorOf(
      importDataset({
        buurten,
        addresses: join(FIXTURES, 'addresses.csv'),
        rasters: [{ input: 'grondwater_diepte_m', source: raster }],
        seed: 1,
      }),
    );
    expect(err.file).toBe(raster);
    expect(err.field).toBe('crs');
    expect(err.message).toContain('EPSG:3857');
  });

  test('when a raster file is not a GeoTIFF, then the error names the file', async () => {
    const err = await errorOf(
      importDataset({
        buurten,
        addresses: join(FIXTURES, 'addresses.csv'),
        rasters: [{ input: 'veendikte_m', source: join(FIXTURES, 'addresses.csv') }],
        seed: 1,
      }),
    );
    expect(err.file).toBe(join(FIXTURES, 'addresses.csv'));
    expect(err.message).toContain('not a readable GeoTIFF');
  });
});

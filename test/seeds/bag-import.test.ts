import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDataset, renderDataset, writeDataset } from '../../service/adapters/dataset/dataset-files.js';
import { bagIdOf, parseBagId } from '../../service/domain/bag-id.js';
import { importDataset } from '../../seeds/import/import-dataset.js';
import { errorOf } from './import-support.js';

const BUURTEN = 'test/fixtures/seeds/buurten-wgs84.geojson';
const OGC = 'test/fixtures/seeds/bag/ogc';
const GPKG = 'test/fixtures/seeds/bag/bag.gpkg';
const PDOK = 'https://api.pdok.nl/lv/bag/ogc/v1';
const TSX = join('node_modules', '.bin', 'tsx');

/** Serves the committed OGC API pages as PDOK would: `items`, `cursor` pages, absolute `next` links, Content-Crs. */
function startServer(requests: string[]): Promise<Server> {
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/collections\/([a-z]+)\/items$/.exec(url.pathname);
    const page = /^page(\d+)$/.exec(url.searchParams.get('cursor') ?? 'page1')?.[1];
    const file = m && page ? join(OGC, `${m[1]}-${page}.json`) : null;
    if (!file || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.writeHead(200, { 'content-type': 'application/geo+json', 'content-crs': '<http://www.opengis.net/def/crs/EPSG/0/28992>' });
    res.end(readFileSync(file, 'utf8').replaceAll(PDOK, base));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function importTo(bag: string): Promise<Map<string, Buffer>> {
  const { dataset, truth } = await importDataset({ buurten: BUURTEN, bag, seed: 1 });
  return renderDataset(dataset, truth);
}

function runCli(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, ['seeds/cli.ts', ...args], (err, _stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

/** A copy of the OGC pages folder with one page's text changed. */
function pagesWith(page: string, change: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bag-pages-'));
  for (const f of readdirSync(OGC)) copyFileSync(join(OGC, f), join(dir, f));
  writeFileSync(join(dir, page), change(readFileSync(join(dir, page), 'utf8')));
  return dir;
}

describe('BAG ids', () => {
  test('when an id comes in any common form, then it is normalised to 16 digits with its object type', () => {
    expect(parseBagId('0479010000000101')).toEqual({ id: '0479010000000101', type: 'Verblijfsobject' });
    expect(parseBagId('NL.IMBAG.Verblijfsobject.0479010000000101')).toEqual({ id: '0479010000000101', type: 'Verblijfsobject' });
    expect(parseBagId('nl.imbag.pand.0479100000000101')).toEqual({ id: '0479100000000101', type: 'Pand' });
    expect(parseBagId('http://bag.basisregistraties.overheid.nl/bag/id/ligplaats/0479020000000301')).toEqual({
      id: '0479020000000301',
      type: 'Ligplaats',
    });
    expect(parseBagId(479200000000101)).toEqual({ id: '0479200000000101', type: 'Nummeraanduiding' });
    expect(parseBagId('363010000986203')).toEqual({ id: '0363010000986203', type: 'Verblijfsobject' });
  });

  test('when a prefix names another type than the digits, or the text is no id, then it is refused', () => {
    expect(parseBagId('NL.IMBAG.Pand.0479010000000101')).toBeNull();
    expect(parseBagId('NL.IMBAG.Verblijfsobject.12')).toBeNull();
    expect(parseBagId('0479-01-0000000101')).toBeNull();
    expect(bagIdOf('0479100000000101', 'Verblijfsobject')).toBeNull();
  });
});

describe('BAG import', () => {
  test('when the OGC API pages (served, saved) and the GeoPackage hold the same records, then they import to byte-identical files', async () => {
    const requests: string[] = [];
    const server = await startServer(requests);
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const [served, saved, gpkg] = [await importTo(url), await importTo(OGC), await importTo(GPKG)];
      expect(requests.filter((r) => r.startsWith('/collections/verblijfsobject/items'))).toHaveLength(2);
      expect(requests[0]).toMatch(/crs=http%3A%2F%2Fwww\.opengis\.net%2Fdef%2Fcrs%2FEPSG%2F0%2F28992/);
      expect(requests[0]).toMatch(/bbox=4\.\d+,52\.\d+,4\.\d+,52\.\d+/);
      for (const name of ['addresses.csv.gz', 'nummeraanduidingen.csv.gz']) {
        expect(served.get(name)!.equals(gpkg.get(name)!)).toBe(true);
        expect(saved.get(name)!.equals(gpkg.get(name)!)).toBe(true);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('when imported, then years come from the pand, berths and pitches have no building, and ended or outside objects are left out', async () => {
    const { dataset } = await importDataset({ buurten: BUURTEN, bag: GPKG, seed: 1 });
    const byId = new Map(dataset.addresses.map((a) => [a.verblijfsobjectId, a]));
    expect([...byId.keys()]).toEqual([
      '0479010000000101',
      '0479010000000102',
      '0479010000000103',
      '0479010000000201',
      '0479010000000202',
      '0479020000000301',
      '0479030000000401',
    ]);
    expect(byId.get('0479010000000102')).toMatchObject({
      pandId: '0479100000000102',
      bouwjaar: 1910,
      woningenInPand: 2,
      huisletter: 'A',
      straat: 'Zuiddijk',
      postcode: '1506AB',
      buurtCode: 'BU04792110',
    });
    expect(byId.get('0479010000000201')).toMatchObject({ toevoeging: '2', buurtCode: 'BU04792130', bouwjaar: 1965, woningenInPand: 1 });
    expect(byId.get('0479020000000301')).toMatchObject({ pandId: null, bouwjaar: null, huisnummer: 20 });
    expect(byId.get('0479030000000401')).toMatchObject({ pandId: null, bouwjaar: null, straat: 'Rozengracht' });
    expect(dataset.nummeraanduidingen).toContainEqual({ nummeraanduidingId: '0479200000000199', verblijfsobjectId: '0479010000000102' });
    expect(dataset.nummeraanduidingen).toHaveLength(8);
  });

  test("when the pand year is unknown to the pand layer, then the verblijfsobject's own bouwjaar is used, and ids in NL.IMBAG form are accepted", async () => {
    const dir = pagesWith('verblijfsobject-1.json', (t) =>
      t.replaceAll('"pand_identificatie": "0479100000000101"', '"pand_identificatie": "NL.IMBAG.Pand.0479100000000777"'),
    );
    const { dataset } = await importDataset({ buurten: BUURTEN, bag: dir, seed: 1 });
    expect(dataset.addresses[0]).toMatchObject({ verblijfsobjectId: '0479010000000101', pandId: '0479100000000777', bouwjaar: 1898 });
  });

  test('when a dataset folder is written and read back, then the nummeraanduiding links come with it', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bag-ds-')), 'ds');
    await writeDataset(out, await importTo(GPKG));
    const read = await readDataset(out);
    expect(read.nummeraanduidingen).toHaveLength(8);
    expect(read.addresses).toHaveLength(7);
  });
});

describe('bad BAG input', () => {
  test('when a postcode is malformed, then the error names page file, feature and field', async () => {
    const dir = pagesWith('verblijfsobject-2.json', (t) => t.replace('"postcode": "1506CE"', '"postcode": "15O6CE"'));
    const err = await errorOf(importDataset({ buurten: BUURTEN, bag: dir, seed: 1 }));
    expect(err.file).toBe(join(dir, 'verblijfsobject-2.json'));
    expect(err.location).toMatch(/^feature \d$/);
    expect(err.field).toBe('postcode');
  });

  test('when a pand id is no pand id, then the error names the field and the id forms', async () => {
    const dir = pagesWith('verblijfsobject-1.json', (t) =>
      t.replace('"pand_identificatie": "0479100000000101"', '"pand_identificatie": "0479010000000101"'),
    );
    const err = await errorOf(importDataset({ buurten: BUURTEN, bag: dir, seed: 1 }));
    expect(err.field).toBe('pand_identificatie');
    expect(err.message).toContain('NL.IMBAG.Pand');
  });

  test('when a collection is missing from the folder, then the error names the missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bag-pages-'));
    for (const f of readdirSync(OGC).filter((n) => !n.startsWith('standplaats'))) copyFileSync(join(OGC, f), join(dir, f));
    const err = await errorOf(importDataset({ buurten: BUURTEN, bag: dir, seed: 1 }));
    expect(err.file).toBe(join(dir, 'standplaats.json'));
  });

  test('when the GeoPackage is not one, then the error names the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bag-gpkg-'));
    writeFileSync(join(dir, 'bag.gpkg'), 'not sqlite');
    const err = await errorOf(importDataset({ buurten: BUURTEN, bag: join(dir, 'bag.gpkg'), seed: 1 }));
    expect(err.message).toContain('not a GeoPackage');
  });

  test('when the CLI gets bad BAG input, then it exits 2 with one line naming file, feature and field, and keeps the old dataset', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bag-cli-'));
    const out = join(root, 'ds');
    expect((await runCli(['import', '--buurten', BUURTEN, '--bag', GPKG, '--out', out])).code).toBe(0);
    const before = readFileSync(join(out, 'addresses.csv.gz'));
    const dir = pagesWith('pand-1.json', (t) => t.replace('"bouwjaar": 1910', '"bouwjaar": "negentienhonderdtien"'));
    const { code, stderr } = await runCli(['import', '--buurten', BUURTEN, '--bag', dir, '--out', out]);
    expect(code).toBe(2);
    expect(
      stderr
        .trim()
        .split('\n')
        .filter((l) => l.includes('error')),
    ).toEqual([
      `seeds: error: ${join(dir, 'pand-1.json')}, feature 1, field "bouwjaar": expected a whole number from 1000 to 9999, got "negentienhonderdtien"`,
    ]);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(out, 'addresses.csv.gz')).equals(before)).toBe(true);
    expect(readdirSync(root)).toEqual(['ds']);
  });
});

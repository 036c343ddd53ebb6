import { parseCsv } from '../../service/adapters/dataset/csv.js';
import type request from 'supertest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { appOf, expectProblem, loadDemoDeps, signedIn } from '../support/demo-deps.js';

let deps: LoadedDeps;
beforeAll(async () => {
  deps = await loadDemoDeps();
});
afterAll(async () => {
  await deps.close();
});

const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('GET /v1/buurten', () => {
  it('when the map asks for buurten, then it gets an RFC 7946 FeatureCollection with risk per buurt', async () => {
    const res = await signedIn(deps).get('/v1/buurten');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/geo\+json/);
    const fc = JSON.parse(res.text);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBe((await deps.store.listBuurten()).length);
    expect(fc.metadata).toMatchObject({ synthetic: true, modelVersion: deps.manifest.version });
    const classes = new Set(fc.features.map((f: { properties: { riskClass: string | null } }) => f.properties.riskClass).filter(Boolean));
    expect(classes.size).toBeGreaterThan(1);
  });

  it('when the answers are served again from the cache, then they are byte for byte what a fresh app makes, ETag included', async () => {
    const app = appOf(deps);
    for (const path of ['/v1/buurten', '/v1/buurten?format=csv', `/v1/buurten/${(await deps.store.listBuurten())[0].buurt.code}`]) {
      const fresh = await signedIn(deps, 'inspector', appOf(deps)).get(path);
      await signedIn(deps, 'inspector', app).get(path);
      const cached = await signedIn(deps, 'inspector', app).get(path);
      expect(fresh.status).toBe(200);
      expect(cached.status).toBe(200);
      expect(cached.text).toBe(fresh.text);
      expect(cached.headers.etag).toBe(fresh.headers.etag);
      expect(cached.headers['content-type']).toBe(fresh.headers['content-type']);
    }
    expect((await signedIn(deps, 'inspector', app).get('/v1/buurten/BU99999999')).status).toBe(404);
  });

  it('when a buurt has fewer than 10 of something, then that count is suppressed', async () => {
    const res = await signedIn(deps).get('/v1/buurten');
    const values = JSON.parse(res.text).features.flatMap((f: { properties: Record<string, unknown> }) => [
      f.properties.dwellings,
      f.properties.surveyed,
      f.properties.restored,
    ]);
    expect(values.filter((v: unknown) => typeof v === 'number' && v > 0 && v < 10)).toEqual([]);
  });

  it('when any buurt is published, then no breakdown hides exactly one cell (the differencing attack test covers the rest)', async () => {
    const app = appOf(deps);
    for (const { buurt } of await deps.store.listBuurten()) {
      const b = (await signedIn(deps, 'inspector', app).get(`/v1/buurten/${buurt.code}`)).body;
      const periods = b.byPeriod.map((x: { count: number | null }) => x.count);
      const classes = b.byClass.map((x: { count: number | null }) => x.count);
      // One hidden cell is safe only when the total is hidden too.
      if (b.dwellings !== null) expect([buurt.code, periods.filter((c: number | null) => c === null).length]).not.toEqual([buurt.code, 1]);
      if (b.dwellings !== null) expect([buurt.code, classes.filter((c: number | null) => c === null).length]).not.toEqual([buurt.code, 1]);
    }
  });

  it('when the client already has the current version, then the answer is 304 via the ETag', async () => {
    const app = appOf(deps);
    const first = await signedIn(deps, 'inspector', app).get('/v1/buurten');
    expect(first.headers.etag).toBeDefined();
    expect(first.headers['cache-control']).toMatch(/max-age/);
    const second = await signedIn(deps, 'inspector', app).get('/v1/buurten').set('If-None-Match', first.headers.etag);
    expect(second.status).toBe(304);
  });

  it('when a report needs CSV, then ?format=csv gives one row per buurt', async () => {
    const res = await signedIn(deps).get('/v1/buurten?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.text.trim().split('\n');
    expect(lines[0]).toMatch(/^code,naam,/);
    expect(lines.length - 1).toBe((await deps.store.listBuurten()).length);
  });

  it('when the CSV is asked for Dutch Excel (sep=;, excel=nl or the Accept parameter), then it has a BOM and semicolons, excel=nl a decimal comma, and the same cells', async () => {
    const parse = (text: string, sep: string, eol: string) =>
      text
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split(eol)
        .map((l) => l.split(sep));
    const parsed = parseCsv((await signedIn(deps).get('/v1/buurten?format=csv')).text);
    const plain = [parsed.header, ...parsed.records.map((r) => parsed.header.map((h) => r.values[h]))];
    const semi = await signedIn(deps).get('/v1/buurten?format=csv&sep=;');
    expect(semi.status).toBe(200);
    expect(semi.text.charCodeAt(0)).toBe(0xfeff);
    expect(parse(semi.text, ';', '\n')).toEqual(plain);
    const nl = await signedIn(deps).get('/v1/buurten').query({ format: 'csv', excel: 'nl' });
    expect(nl.text.charCodeAt(0)).toBe(0xfeff);
    const nlRows = parse(nl.text, ';', '\r\n');
    // numbers get a decimal comma; the interval's two ends are joined by ' – '
    const comma = (c: string) => c.replace('.', ',');
    const nlCell = (c: string) =>
      /^-?\d+\.\d+$/.test(c) ? comma(c) : /^[-\d.]+,[-\d.]+$/.test(c) ? c.split(',').map(comma).join(' – ') : c;
    expect(nlRows).toEqual(plain.map((r) => r.map(nlCell)));
    const intervals = nlRows
      .slice(1)
      .map((r) => r[plain[0].indexOf('expectedProblemsInterval')])
      .filter((c) => c !== '');
    expect(intervals.length).toBeGreaterThan(0);
    for (const c of intervals) expect(c).toMatch(/^\d+(,\d+)? – \d+(,\d+)?$/);
    expect(nlRows.flat().some((c) => /^-?\d+,\d+$/.test(c))).toBe(true);
    const viaAccept = await signedIn(deps).get('/v1/buurten?format=csv').set('Accept', 'text/csv; excel=nl');
    expect(viaAccept.text).toBe(nl.text);
    expect(viaAccept.headers.vary).toMatch(/Accept/);
    const quoted = await signedIn(deps).get('/v1/buurten?format=csv').set('Accept', 'text/csv; sep=";"');
    expect(quoted.text).toBe(semi.text);
  });

  it('when sep=, and excel=nl contradict each other or sep is not , or ;, then 400 names sep', async () => {
    const both = expectProblem(
      await signedIn(deps).get('/v1/buurten').query({ format: 'csv', sep: ',', excel: 'nl' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(both.errors).toEqual([expect.objectContaining({ path: 'sep' })]);
    const tab = expectProblem(await signedIn(deps).get('/v1/buurten').query({ format: 'csv', sep: '\t' }), 400, 'VALIDATION_FAILED');
    expect(tab.errors).toEqual([expect.objectContaining({ path: 'sep' })]);
  });

  it('when the format is unknown, then 400 names the format field', async () => {
    const res = await signedIn(deps).get('/v1/buurten?format=xlsx');
    const body = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([expect.objectContaining({ path: 'format' })]);
  });

  it('when one buurt is asked for, then it comes with breakdowns by period and class', async () => {
    const code = (await deps.store.listBuurten())[1].buurt.code;
    const res = await signedIn(deps).get(`/v1/buurten/${code}`);
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(code);
    expect(res.body.byPeriod.length).toBe(6);
    expect(res.body.byClass.length).toBe(6);
  });

  it('when the buurt code does not exist, then 404 BUURT_NOT_FOUND', async () => {
    expectProblem(await signedIn(deps).get('/v1/buurten/BU99999999'), 404, 'BUURT_NOT_FOUND');
  });
});

describe('GET /tiles', () => {
  it('when the buurten tile over Zaanstad is asked for, then it decodes to buurt polygons with risk', async () => {
    // z12 tile holding Zaandam (lon 4.83, lat 52.44)
    const res = await signedIn(deps).get('/tiles/buurten/12/2102/1343.mvt').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const tile = new VectorTile(new PbfReader(res.body as Buffer));
    const layer = tile.layers.buurten;
    expect(layer.length).toBeGreaterThan(0);
    expect(layer.feature(0).loadGeometry().length).toBeGreaterThan(0);
    expect(Object.keys(layer.feature(0).properties)).toContain('code');
  });

  it('when address tiles are asked for below zoom 15, then the tile is empty', async () => {
    const res = await signedIn(deps).get('/tiles/addresses/12/2102/1343.mvt').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect((res.body as Buffer).length).toBe(0);
  });

  it('when address tiles are served, then they are cached privately and buurt tiles publicly', async () => {
    const app = appOf(deps);
    const addresses = await signedIn(deps, 'inspector', app).get('/tiles/addresses/16/33647/21516.mvt').buffer(true).parse(binary);
    const buurten = await signedIn(deps, 'inspector', app).get('/tiles/buurten/12/2102/1343.mvt').buffer(true).parse(binary);
    expect(addresses.headers['cache-control']).toMatch(/^private/);
    expect(buurten.headers['cache-control']).toMatch(/^public/);
  });

  it('when a tile deeper than the index zoom is asked for, then it still holds the buurt under it', async () => {
    // z20 tile around lon 4.83, lat 52.44 (Zaandam)
    const res = await signedIn(deps).get('/tiles/buurten/20/538356/344268.mvt').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(new VectorTile(new PbfReader(res.body as Buffer)).layers.buurten.length).toBeGreaterThan(0);
  });

  it('when tile coordinates are out of range, then 400', async () => {
    expectProblem(await signedIn(deps).get('/tiles/buurten/2/9/9.mvt'), 400, 'VALIDATION_FAILED');
  });
});

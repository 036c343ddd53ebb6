import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { buildApp } from '../../service/http/app.js';
import { booleanIntersects, bboxPolygon } from '@turf/turf';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { rdToWgs84, wgs84ToRd } from '../../service/geo/rd-new.js';
import { CONFORMANCE } from '../../service/http/ogc-documents.js';
import { CRS84, RD_NEW } from '../../service/http/ogc-params.js';
import {
  collectionSchema,
  collectionsSchema,
  conformanceSchema,
  landingSchema,
  ogcFeatureSchema,
  ogcItemsSchema,
} from '../../service/http/ogc-schemas.js';
import { appOf, expectProblem, loadDemoDeps } from '../support/demo-deps.js';

interface Feature {
  id: string;
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
}
interface Page {
  numberMatched: number;
  numberReturned: number;
  links: { rel: string; href: string; type?: string }[];
  features: Feature[];
}

let deps: LoadedDeps;
let app: ReturnType<typeof appOf>;
let served: Feature[];
beforeAll(async () => {
  deps = await loadDemoDeps();
  app = appOf(deps);
  served = (await request(app).get('/v1/buurten')).body.features as Feature[];
});
afterAll(async () => {
  await deps.close();
});

const get = (path: string, query: Record<string, string> = {}, accept = 'application/json') =>
  request(app).get(path).query(query).set('Accept', accept);
/** The path and query of an absolute link, for supertest. */
const local = (href: string) => {
  const u = new URL(href);
  return `${u.pathname}${u.search}`;
};
const firstPosition = (g: Feature['geometry']): number[] => {
  let c: unknown = g.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return c as number[];
};

describe('OGC API – Features: landing page, conformance, collections', () => {
  it('when a client asks / for JSON, then it gets the landing page with conformance, data and service-desc links', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/json');
    expect(res.headers.vary).toMatch(/Accept/);
    const doc = landingSchema.parse(res.body);
    for (const rel of ['self', 'alternate', 'conformance', 'data', 'service-desc', 'service-doc'])
      expect(doc.links.map((l) => l.rel)).toContain(rel);
    const desc = doc.links.find((l) => l.rel === 'service-desc')!;
    expect((await request(app).get(local(desc.href))).body.openapi).toMatch(/^3\./);
  });

  it('when / is asked with f=html, then it is an accessible HTML landing page', async () => {
    const res = await get('/', { f: 'html' }, '*/*');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toMatch(/<html lang="en">/);
    expect(res.text).toMatch(/<h1>[^<]+<\/h1>/);
    expect(res.text).toContain('/collections');
  });

  it('when a browser opens / and the viewer is built, then it gets the viewer; a JSON client still gets the landing page', async () => {
    const viewerDir = mkdtempSync(join(tmpdir(), 'ogc-viewer-'));
    writeFileSync(join(viewerDir, 'index.html'), '<!doctype html><title>viewer</title>');
    const withViewer = buildApp({ ...deps, config: { ...deps.config, viewerDir } });
    const browser = await request(withViewer).get('/').set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect(browser.text).toContain('<title>viewer</title>');
    expect(browser.headers.vary).toMatch(/Accept/);
    // the viewer's own query parameters are not OGC parameters: the browser still gets the viewer
    const withBasemap = await request(withViewer).get('/?basemap=http%3A%2F%2Fbasemap.test%2Fstyle.json').set('Accept', 'text/html');
    expect(withBasemap.status).toBe(200);
    expect(withBasemap.text).toContain('<title>viewer</title>');
    const client = await request(withViewer).get('/').set('Accept', 'application/json');
    expect(landingSchema.parse(client.body).links.length).toBeGreaterThan(0);
  });

  it('when PUBLIC_URL is set, then the links and tile URLs start with it, whatever Host the request came with', async () => {
    const behindProxy = buildApp({ ...deps, config: { ...deps.config, publicUrl: 'https://risico.example.nl' } });
    const hrefs = [
      ...landingSchema.parse((await request(behindProxy).get('/').set('Accept', 'application/json')).body).links.map((l) => l.href),
      ...((await request(behindProxy).get('/collections/buurten/items?limit=2')).body as Page).links.map((l) => l.href),
      ...((await request(behindProxy).get('/tiles/buurten.json')).body as { tiles: string[] }).tiles,
    ];
    expect(hrefs.length).toBeGreaterThan(10);
    expect(hrefs.filter((h) => !h.startsWith('https://risico.example.nl/'))).toEqual([]);
  });

  it('when a browser opens / and no viewer is built, then it gets the HTML landing page', async () => {
    const noViewer = buildApp({ ...deps, config: { ...deps.config, viewerDir: join(tmpdir(), 'no-such-viewer-dir') } });
    const res = await request(noViewer).get('/').set('Accept', 'text/html');
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('OGC API');
  });

  it('when /conformance is fetched, then it declares core, geojson, html, oas30 and crs', async () => {
    const res = await get('/conformance');
    expect(conformanceSchema.parse(res.body).conformsTo.sort()).toEqual([...CONFORMANCE].sort());
    expect(CONFORMANCE.map((c) => c.split('/').pop())).toEqual(['core', 'geojson', 'html', 'oas30', 'crs']);
  });

  it('when /collections is fetched, then it lists buurten with both CRSs, its extent, count and a GeoJSON items link', async () => {
    const res = await get('/collections');
    expect(res.status).toBe(200);
    const [c] = collectionsSchema.parse(res.body).collections;
    expect(c.id).toBe('buurten');
    expect(c.crs).toEqual([CRS84, RD_NEW]);
    expect(c.itemCount).toBe(served.length);
    const [minx, miny, maxx, maxy] = c.extent.spatial.bbox[0];
    expect(minx).toBeLessThan(maxx);
    expect(miny).toBeLessThan(maxy);
    expect(c.links.find((l) => l.rel === 'items' && l.type === 'application/geo+json')).toBeDefined();
    // Links are absolute and supertest listens on a new port per request: compare without them.
    const { links: _one, ...one } = collectionSchema.parse((await get('/collections/buurten')).body);
    const { links: _listed, ...listed } = c;
    expect(one).toEqual(listed);
  });

  it('when a browser asks for /collections, then it gets HTML; f=json overrides the Accept header', async () => {
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    expect((await get('/collections', {}, browser)).type).toBe('text/html');
    expect((await get('/collections', { f: 'json' }, browser)).type).toBe('application/json');
  });

  it('when another collection is asked for, then the answer is a 404 problem', async () => {
    expectProblem(await get('/collections/addresses'), 404, 'NOT_FOUND');
  });
});

describe('OGC API – Features: /collections/buurten/items', () => {
  it('when all items are fetched, then they are the public buurten /v1/buurten serves, with the same properties', async () => {
    const res = await get('/collections/buurten/items', { limit: '1000' });
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/geo+json');
    expect(res.headers['content-crs']).toBe(`<${CRS84}>`);
    const page = ogcItemsSchema.parse(res.body);
    expect(page.numberMatched).toBe(served.length);
    expect(page.numberReturned).toBe(served.length);
    const byCode = new Map(served.map((f) => [f.id, f]));
    for (const f of page.features) {
      expect(f.properties).toEqual(byCode.get(f.id)!.properties);
      expect(f.geometry).toEqual(byCode.get(f.id)!.geometry);
    }
  });

  it('when pages are followed through their next links, then every buurt comes exactly once and pages link back with prev', async () => {
    const seen: string[] = [];
    let path: string | null = '/collections/buurten/items?limit=7';
    let pages = 0;
    while (path) {
      const page: Page = ogcItemsSchema.parse((await get(path)).body);
      expect(page.numberReturned).toBe(page.features.length);
      expect(page.numberMatched).toBe(served.length);
      seen.push(...page.features.map((f) => f.id));
      if (pages > 0) expect(page.links.some((l) => l.rel === 'prev')).toBe(true);
      const next = page.links.find((l) => l.rel === 'next');
      expect(next?.type ?? 'application/geo+json').toBe('application/geo+json');
      path = next ? local(next.href) : null;
      pages += 1;
    }
    expect(pages).toBe(Math.ceil(served.length / 7));
    expect(seen.sort()).toEqual(served.map((f) => f.id).sort());
  });

  it('when limit is above the maximum, then it is lowered to 1000 (not an error) and the links say so', async () => {
    const res = await get('/collections/buurten/items', { limit: '5000' });
    expect(res.status).toBe(200);
    expect(new URL(res.body.links.find((l: { rel: string }) => l.rel === 'self').href).searchParams.get('limit')).toBe('1000');
  });

  it('when a bbox is given, then exactly the buurten whose geometry meets it are returned', async () => {
    const all = served.map((f) => firstPosition(f.geometry));
    const lons = all.map((p) => p[0]).sort((a, b) => a - b);
    const lats = all.map((p) => p[1]).sort((a, b) => a - b);
    const box = [lons[10], lats[10], lons[30], lats[30]];
    const expected = served
      .filter((f) => booleanIntersects(f as never, bboxPolygon(box as [number, number, number, number])))
      .map((f) => f.id)
      .sort();
    const res = await get('/collections/buurten/items', { bbox: box.join(','), limit: '1000' });
    expect(res.status).toBe(200);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(served.length);
    expect((res.body as Page).features.map((f) => f.id).sort()).toEqual(expected);
    expect((res.body as Page).numberMatched).toBe(expected.length);
  });

  it('when crs is RD New, then coordinates are RD metres that map back onto the CRS84 ones, and Content-Crs says so', async () => {
    const res = await get('/collections/buurten/items', { crs: RD_NEW, limit: '1000' });
    expect(res.status).toBe(200);
    expect(res.headers['content-crs']).toBe(`<${RD_NEW}>`);
    const byCode = new Map(served.map((f) => [f.id, f]));
    for (const f of (res.body as Page).features) {
      const [x, y] = firstPosition(f.geometry);
      expect(x).toBeGreaterThan(-7000);
      expect(x).toBeLessThan(300000);
      expect(y).toBeGreaterThan(289000);
      expect(y).toBeLessThan(629000);
      const [lon, lat] = rdToWgs84([x, y]);
      const [lon0, lat0] = firstPosition(byCode.get(f.id)!.geometry);
      expect(Math.abs(lon - lon0)).toBeLessThan(1e-6);
      expect(Math.abs(lat - lat0)).toBeLessThan(1e-6);
    }
  });

  it('when bbox-crs is RD New, then the box is read in metres: a box around one buurt finds it, a box elsewhere finds none', async () => {
    const f = served[0];
    const [x, y] = wgs84ToRd(firstPosition(f.geometry));
    const near = await get('/collections/buurten/items', { bbox: `${x - 1},${y - 1},${x + 1},${y + 1}`, 'bbox-crs': RD_NEW });
    expect((near.body as Page).features.map((g) => g.id)).toContain(f.id);
    const far = await get('/collections/buurten/items', { bbox: '10000,300000,11000,301000', 'bbox-crs': RD_NEW });
    expect((far.body as Page).numberMatched).toBe(0);
  });

  it('when the items are asked for as HTML, then they are a table with header cells and paging links', async () => {
    const res = await get('/collections/buurten/items', { f: 'html', limit: '10', offset: '10' });
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toMatch(/<table><caption>/);
    expect(res.text).toMatch(/<th scope="col">/);
    expect(res.text).toMatch(/rel="next"/);
    expect(res.text).toMatch(/rel="prev"/);
  });

  it.each([
    ['limit', '0'],
    ['limit', 'ten'],
    ['offset', '-1'],
    ['bbox', '1,2,3'],
    ['bbox', 'a,b,c,d'],
    ['bbox', '4.8,52.5,4.9,52.4'],
    ['crs', 'http://www.opengis.net/def/crs/EPSG/0/4326'],
    ['bbox-crs', 'EPSG:3857'],
    ['f', 'xml'],
    ['datetime', 'yesterday'],
    ['colour', 'red'],
  ])('when %s=%s is sent, then the answer is a 400 problem naming the parameter', async (name, value) => {
    const body = expectProblem(await get('/collections/buurten/items', { [name]: value }), 400, 'VALIDATION_FAILED');
    expect((body.errors as { path: string }[]).map((e) => e.path)).toContain(name);
  });
});

describe('OGC API – Features: /collections/buurten/items/{code}', () => {
  it('when one buurt is fetched, then it is the same feature with self and collection links, in either CRS', async () => {
    const f = served[3];
    const res = await get(`/collections/buurten/items/${f.id}`);
    expect(res.status).toBe(200);
    const doc = ogcFeatureSchema.parse(res.body);
    expect(doc.properties).toEqual(f.properties);
    expect(doc.links!.map((l) => l.rel)).toEqual(expect.arrayContaining(['self', 'alternate', 'collection']));
    const rd = await get(`/collections/buurten/items/${f.id}`, { crs: RD_NEW });
    expect(rd.headers['content-crs']).toBe(`<${RD_NEW}>`);
    expect(firstPosition(rd.body.geometry)[0]).toBeGreaterThan(1000);
  });

  it('when the code is unknown or malformed, then the answer is 404 or 400 problem', async () => {
    expectProblem(await get('/collections/buurten/items/BU99999999'), 404, 'BUURT_NOT_FOUND');
    const body = expectProblem(await get('/collections/buurten/items/nope'), 400, 'VALIDATION_FAILED');
    expect((body.errors as { path: string }[])[0].path).toBe('code');
  });
});

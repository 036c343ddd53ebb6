import request from 'supertest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { tileJsonSchema } from '../../service/http/map-documents.js';
import { appOf, expectProblem, loadDemoDeps, signedIn } from '../support/demo-deps.js';
import { tileOf } from '../contract/store-fixture.js';

let deps: LoadedDeps;
let app: ReturnType<typeof appOf>;
beforeAll(async () => {
  deps = await loadDemoDeps();
  app = appOf(deps);
});
afterAll(async () => {
  await deps.close();
});

/** A tile URL template filled for the tile holding the centre of the document's bounds at zoom z. */
function tilePath(template: string, bounds: number[], z: number): string {
  const [x, y] = tileOf((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, z);
  return new URL(template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y))).pathname;
}

/** Every string in a JSON value that looks like a URL. */
function urlsIn(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string' && /^[a-z]+:\/\//i.test(v)) out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => urlsIn(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => urlsIn(x, out));
  return out;
}

describe('TileJSON and the MapLibre style', () => {
  it('when /tiles/buurten.json is fetched, then it is TileJSON 3.0.0 whose tile URL serves the buurt layer it lists', async () => {
    const res = await request(app).get('/tiles/buurten.json');
    expect(res.status).toBe(200);
    const doc = tileJsonSchema.parse(res.body);
    expect(doc.vector_layers.map((l) => l.id)).toEqual(['buurten']);
    expect(doc.vector_layers[0].fields).toHaveProperty('riskClass');
    const [minx, miny, maxx, maxy] = doc.bounds;
    expect(minx).toBeLessThan(maxx);
    expect(miny).toBeLessThan(maxy);
    const tile = await request(app).get(tilePath(doc.tiles[0], doc.bounds, 12));
    expect(tile.status).toBe(200);
    expect(tile.type).toBe('application/vnd.mapbox-vector-tile');
  });

  it('when /tiles/addresses.json is fetched, then its description says the tiles need a key, and they do', async () => {
    const doc = tileJsonSchema.parse((await request(app).get('/tiles/addresses.json')).body);
    expect(doc.description).toMatch(/need a key/);
    expect(doc.minzoom).toBe(15);
    const path = tilePath(doc.tiles[0], doc.bounds, 16);
    expectProblem(await request(app).get(path), 401, 'AUTHENTICATION_REQUIRED');
    expect((await signedIn(deps, 'planner', app).get(path)).status).toBe(200);
  });

  it('when /style.json is fetched, then the MapLibre style-spec validator finds no error in it', async () => {
    const style = (await request(app).get('/style.json')).body as Record<string, unknown>;
    expect(validateStyleMin(style as never)).toEqual([]);
  });

  it('when /style.json is fetched, then it needs nothing from outside this server: no basemap, glyphs or sprite', async () => {
    const res = await request(app).get('/style.json');
    const style = res.body as Record<string, unknown>;
    expect(style).not.toHaveProperty('glyphs');
    expect(style).not.toHaveProperty('sprite');
    const origins = new Set(urlsIn(style).map((u) => new URL(u.replace(/[{}]/g, '')).origin));
    expect([...origins]).toEqual([new URL(res.request.url).origin]);
  });
});

import request from 'supertest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { type Role, allows } from '../../service/domain/access/roles.js';
import { ROUTES } from '../../service/http/route-table.js';
import type { AddressEntry } from '../../service/ports/store.js';
import { tileOf } from '../contract/store-fixture.js';
import { appOf, expectProblem, keyOf, loadDemoDeps } from '../support/demo-deps.js';

let deps: LoadedDeps;
let entry: AddressEntry;
let wijk: string;
let plan: string;
let adminKey: string;
let webhook: string;
beforeAll(async () => {
  deps = await loadDemoDeps();
  const all = await deps.store.search(
    { postcode: null, pc4: '1506', huisnummer: null, huisletter: null, toevoeging: null, words: [] },
    100_000,
  );
  entry = all.find(
    (e) => e.score.probability !== null && e.register?.onderzocht && e.address.huisletter === null && e.address.toevoeging === null,
  )!;
  wijk = (await deps.store.getBuurt(entry.address.buurtCode))!.buurt.wijkCode;
  plan = (
    (
      await request(appOf(deps))
        .post('/v1/plans')
        .set('Authorization', `Bearer ${keyOf(deps, 'planner')}`)
        .send({ objective: 'find-problems', budget: { surveys: 5 } })
    ).body as { id: string }
  ).id;
  adminKey = (await deps.access.keyAdmin.list()).find((k) => k.role === 'admin')!.id;
  webhook = (await deps.webhooks.register(adminKey, 'http://127.0.0.1:9/hook')).subscription.id;
});
afterAll(async () => {
  await deps.close();
});

/** Fills an example's placeholders from one real address. */
function fill(text: string): string {
  const a = entry.address;
  const [x, y] = tileOf(a.lon, a.lat, 16);
  const values: Record<string, string> = {
    id: a.verblijfsobjectId,
    code: a.buurtCode,
    z: '16',
    x: String(x),
    y: String(y),
    postcode: a.postcode,
    huisnummer: String(a.huisnummer),
    lon: String(a.lon),
    lat: String(a.lat),
    wijk,
    plan,
    adminKey,
    webhook,
  };
  return text.replace(/\{(\w+)\}/g, (_, k: string) => values[k]);
}

/** Keys of a JSON body at any depth. */
function keysIn(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysIn(x, out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      keysIn(x, out);
    }
  return out;
}

const CALLERS: Role[] = ['public', 'planner', 'inspector', 'admin', 'system'];
const cases = Object.entries(ROUTES).flatMap(([name, spec]) =>
  spec.examples.flatMap((ex, i) => CALLERS.map((caller) => ({ name: `${name}#${i}`, spec, ex, caller }))),
);

describe('every declared route × every role (generated from the route declarations)', () => {
  it.each(cases)('when $caller calls $name, then the route answers as its declared role says', async ({ spec, ex, caller }) => {
    const path = fill(ex.path);
    const query = Object.fromEntries(Object.entries(ex.query ?? {}).map(([k, v]) => [k, fill(v)]));
    let req =
      spec.method === 'post'
        ? request(appOf(deps))
            .post(path)
            .query(query)
            .send(JSON.parse(fill(JSON.stringify(ex.body ?? {}))) as object)
        : request(appOf(deps))[spec.method](path).query(query);
    if (caller !== 'public') req = req.set('Authorization', `Bearer ${keyOf(deps, caller)}`);
    const res = await req;
    if (allows(caller, ex.role ?? spec.role)) {
      expect([res.status, res.text.slice(0, 200)]).toEqual([spec.responses[201] ? 201 : 200, expect.any(String)]);
      if (spec.addressLevel) expect(res.headers['cache-control']).toBe('private, no-store');
      // The policy itself (DESIGN §6), whatever the declarations say: below inspector, no answer that names
      // an address carries its risk or its survey record.
      if (caller !== 'inspector' && caller !== 'admin' && res.type.includes('json') && /"\d{16}"/.test(res.text)) {
        const keys = keysIn(res.body);
        expect(['probability', 'risk', 'survey', 'kwaliteitsklasse'].filter((k) => keys.has(k))).toEqual([]);
      }
    } else if (caller === 'public') {
      expectProblem(res, 401, 'AUTHENTICATION_REQUIRED');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    } else {
      expectProblem(res, 403, 'FORBIDDEN');
    }
  });

  it('when routes are declared, then every closed one has an example a lower role is refused on', () => {
    const closed = Object.values(ROUTES).filter((s) => s.role !== 'public');
    expect(closed.length).toBeGreaterThan(5);
    for (const s of closed) expect(s.examples.length).toBeGreaterThan(0);
  });
});

describe('address tiles by role', () => {
  const decode = async (role: 'planner' | 'inspector') => {
    const [x, y] = tileOf(entry.address.lon, entry.address.lat, 16);
    const res = await request(appOf(deps))
      .get(`/tiles/addresses/16/${x}/${y}.mvt`)
      .set('Authorization', `Bearer ${keyOf(deps, role)}`)
      .buffer(true)
      .parse((r, cb) => {
        const c: Buffer[] = [];
        r.on('data', (b: Buffer) => c.push(b));
        r.on('end', () => cb(null, Buffer.concat(c)));
      });
    const layer = new VectorTile(new PbfReader(res.body as Buffer)).layers.addresses;
    return Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties);
  };

  it('when a planner fetches an address tile, then it carries each class but no probability; an inspector gets both', async () => {
    const planner = await decode('planner');
    const inspector = await decode('inspector');
    expect(planner.length).toBe(inspector.length);
    expect(planner.some((p) => typeof p.riskClass === 'string')).toBe(true);
    expect(planner.every((p) => !('probability' in p))).toBe(true);
    expect(inspector.some((p) => typeof p.probability === 'number')).toBe(true);
  });
});

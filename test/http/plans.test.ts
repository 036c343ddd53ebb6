import type { LoadedDeps } from '../../service/bootstrap.js';
import { periodOf } from '../../service/domain/buurt-stats.js';
import type { PlanAnswer } from '../../service/domain/plans.js';
import { unsurveyedStockProbabilityOf } from '../../service/domain/stock-scale.js';
import { planResponseSchema } from '../../service/http/plan-schemas.js';
import { appOf, expectProblem, loadDemoDeps, signedIn } from '../support/demo-deps.js';

let deps: LoadedDeps;
let app: ReturnType<typeof appOf>;
beforeAll(async () => {
  deps = await loadDemoDeps();
  app = appOf(deps);
});
afterAll(async () => {
  await deps.close();
});

const plan = async (body: object, role: 'planner' | 'inspector' = 'inspector') => {
  const res = await signedIn(deps, role, app).post('/v1/plans').send(body);
  expect([res.status, res.text.slice(0, 300)]).toEqual([200, expect.any(String)]);
  expect(planResponseSchema.safeParse(res.body).success).toBe(true);
  return res.body as PlanAnswer;
};

describe('survey plans', () => {
  it('when an inspector asks for a find-problems plan, then it lists unsurveyed, unrestored buildings most likely first, beats both comparison lines and is kept with its versions', async () => {
    const p = await plan({ objective: 'find-problems', budget: { surveys: 200 } });
    expect(p.buildings).toHaveLength(200);
    const ps = p.buildings.map((b) => b.probability!);
    expect(ps).toEqual([...ps].sort((a, b) => b - a));
    for (const b of p.buildings) {
      const e = (await deps.store.getAddress(b.addressId))!;
      expect(e.address.pandId).toBe(b.pandId);
      expect(e.register?.onderzocht ?? false).toBe(false);
      expect(e.register?.hersteld ?? false).toBe(false);
    }
    expect(new Set(p.buildings.map((b) => b.pandId)).size).toBe(200);
    const [random, oldest] = p.comparison;
    expect(p.expectedFound.value).toBeGreaterThan(oldest.expectedFound.value);
    expect(oldest.expectedFound.value).toBeGreaterThan(random.expectedFound.value);
    expect(p.expectedFound.interval[0]).toBeLessThan(p.expectedFound.value);
    expect(p.expectedFound.interval[1]).toBeGreaterThan(p.expectedFound.value);
    const kept = (await deps.store.getPlan(p.id))!;
    expect(kept).toMatchObject({
      modelVersion: deps.manifest.version,
      datasetVersion: (await deps.store.info()).version,
      objective: 'find-problems',
    });
    expect((kept.answer as PlanAnswer).buildings).toHaveLength(200);
    expect(p.curves.map((c) => c.rule)).toEqual(['find-problems', 'reduce-uncertainty', 'audit', 'random', 'oldest-first']);
  });

  it('when a planner asks, then the buildings carry their class but no probability', async () => {
    const res = await signedIn(deps, 'planner', app)
      .post('/v1/plans')
      .send({ objective: 'find-problems', budget: { surveys: 5 } });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('"probability"');
    expect((res.body as { buildings: { riskClass: string }[] }).buildings[0].riskClass).toMatch(/^[A-E]$/);
  });

  it('when a plan lists a building, then its class is the one the address answer shows, and its probability is the stock scale for an unsurveyed building', async () => {
    const stock = deps.manifest.stockCalibration!;
    const p = await plan({
      objective: 'find-problems',
      budget: { surveys: 30 },
      area: { buurten: [(await deps.store.listBuurten())[3].buurt.code] },
    });
    expect(p.scale).toBe('stock');
    for (const b of p.buildings) {
      const e = (await deps.store.getAddress(b.addressId))!;
      expect(b.riskClass).toBe(e.score.riskClass);
      expect(b.probability).toBeCloseTo(unsurveyedStockProbabilityOf(e.score.margin!, stock)!, 4);
    }
    const asPlanner = await plan(
      { objective: 'find-problems', budget: { surveys: 30 }, area: { buurten: [p.buildings[0].buurtCode] } },
      'planner',
    );
    expect(asPlanner.buildings.map((b) => b.riskClass)).toEqual(p.buildings.map((b) => b.riskClass));
  });

  it('when an audit plan asks for re-surveys, then the first buildings of the same sample are surveyed twice within the same budget', async () => {
    const body = { objective: 'audit', budget: { surveys: 300 }, seed: 42 };
    const [once, twice] = [await plan(body), await plan({ ...body, resurveys: 50 })];
    expect(twice.surveys).toBe(300);
    expect(twice.resurveys).toBe(50);
    expect(twice.buildings).toHaveLength(250);
    expect(twice.buildings.map((b) => b.pandId)).toEqual(once.buildings.slice(0, 250).map((b) => b.pandId));
    expect(twice.buildings.map((b) => b.resurvey)).toEqual([...Array(50).fill(true), ...Array(200).fill(false)]);
    expect(twice.buildings[0].reason).toContain('surveyed twice');
    expect(twice.cost).toBe(300 * twice.budget.costPerSurvey + twice.blocks * twice.budget.costPerBlock);
    expect(once.resurveys).toBe(0);
  });

  it('when an audit plan is asked twice with one seed, then it is the same sample, proportional to the periods; another seed gives another', async () => {
    const body = { objective: 'audit', budget: { surveys: 300 }, seed: 42 };
    const [a, b, c] = [await plan(body), await plan(body), await plan({ ...body, seed: 43 })];
    expect(a.buildings.map((x) => x.pandId)).toEqual(b.buildings.map((x) => x.pandId));
    expect(c.buildings.map((x) => x.pandId)).not.toEqual(a.buildings.map((x) => x.pandId));
    const all = await deps.store.listEntries(null);
    const seen = new Set<string>();
    const stock = new Map<string, number>();
    for (const e of all) {
      if (!e.address.pandId || seen.has(e.address.pandId) || e.register?.onderzocht || e.register?.hersteld) continue;
      seen.add(e.address.pandId);
      stock.set(periodOf(e.address.bouwjaar), (stock.get(periodOf(e.address.bouwjaar)) ?? 0) + 1);
    }
    const year = new Map(all.map((e) => [e.address.pandId, e.address.bouwjaar]));
    const sample = new Map<string, number>();
    for (const x of a.buildings) sample.set(periodOf(year.get(x.pandId)!), (sample.get(periodOf(year.get(x.pandId)!)) ?? 0) + 1);
    for (const [period, n] of stock) expect(Math.abs((sample.get(period) ?? 0) - (300 * n) / seen.size)).toBeLessThanOrEqual(1);
  });

  it('when the plan is for one wijk in euros with one survey per block, then every building is in the wijk, blocks are distinct and the cost fits', async () => {
    const [first] = await deps.store.listBuurten();
    const wijk = first.buurt.wijkCode;
    const inWijk = new Set((await deps.store.listBuurten()).filter((b) => b.buurt.wijkCode === wijk).map((b) => b.buurt.code));
    const p = await plan({
      objective: 'find-problems',
      budget: { euros: 40_000, costPerSurvey: 1_000, costPerBlock: 1_000 },
      area: { wijken: [wijk] },
      onePerBlock: true,
    });
    expect(p.surveys).toBe(20);
    expect(p.blocks).toBe(20);
    expect(p.cost).toBeLessThanOrEqual(40_000);
    for (const b of p.buildings) expect(inWijk.has(b.buurtCode)).toBe(true);
  });

  it('when the plan is asked as CSV or GeoJSON, then the CSV opens in Dutch Excel (BOM, semicolons, decimal comma) and the GeoJSON has a point per building', async () => {
    const csv = await signedIn(deps, 'inspector', app)
      .post('/v1/plans?format=csv')
      .send({ objective: 'reduce-uncertainty', budget: { surveys: 10 } });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('volgorde;pand_id;adres_id;buurt_code;risicoklasse;kans_probleem;set_95;reden;lon;lat');
    expect(lines).toHaveLength(11);
    expect(lines[1].split(';')[5]).toMatch(/^0,\d+$/);
    expect(lines[1].split(';')[6]).toBe('both');
    const geo = await signedIn(deps, 'inspector', app)
      .post('/v1/plans?format=geojson')
      .send({ objective: 'find-problems', budget: { surveys: 7 } });
    const fc = JSON.parse(geo.text) as { features: { geometry: { type: string } }[]; metadata: { expectedFound: unknown } };
    expect(fc.features).toHaveLength(7);
    expect(fc.features[0].geometry.type).toBe('Point');
    expect(fc.metadata.expectedFound).toBeDefined();
  });

  it('when a kept plan is asked as plain CSV (sep=,), then it has commas, a decimal point and no BOM, with the cells of the Dutch Excel form', async () => {
    const made = await plan({ objective: 'find-problems', budget: { surveys: 5 } });
    const excel = (await signedIn(deps, 'inspector', app).get(`/v1/plans/${made.id}?format=csv`)).text;
    const plain = (await signedIn(deps, 'inspector', app).get(`/v1/plans/${made.id}?format=csv&sep=,`)).text;
    expect(plain.charCodeAt(0)).not.toBe(0xfeff);
    const rows = plain
      .trimEnd()
      .split('\n')
      .map((l) => l.split(','));
    expect(rows[0][5]).toBe('kans_probleem');
    expect(rows[1][5]).toMatch(/^0\.\d+$/);
    const excelRows = excel
      .slice(1)
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(';'));
    expect(excelRows).toEqual(rows.map((r) => r.map((c) => (/^-?\d+\.\d+$/.test(c) ? c.replace('.', ',') : c))));
  });

  it('when a kept plan is asked for by id, then it comes back as made, as CSV too; an unknown or malformed id is a problem', async () => {
    const made = await plan({ objective: 'find-problems', budget: { surveys: 12 } });
    const again = await signedIn(deps, 'inspector', app).get(`/v1/plans/${made.id}`);
    expect(again.status).toBe(200);
    expect((again.body as PlanAnswer).buildings).toEqual(made.buildings);
    const csv = await signedIn(deps, 'planner', app).get(`/v1/plans/${made.id}?format=csv`);
    expect(csv.text.slice(1).trim().split('\r\n')).toHaveLength(13);
    expect(csv.text).not.toContain('kans_probleem');
    expectProblem(await signedIn(deps, 'planner', app).get('/v1/plans/00000000-0000-0000-0000-000000000000'), 404, 'NOT_FOUND');
    const bad = expectProblem(await signedIn(deps, 'planner', app).get('/v1/plans/nope'), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(bad.errors)).toContain('id');
  });

  it.each([
    [{ objective: 'find-problems' }, 'budget'],
    [{ objective: 'find-problems', budget: { surveys: 10, euros: 100 } }, 'budget'],
    [{ objective: 'guess', budget: { surveys: 10 } }, 'objective'],
    [{ objective: 'find-problems', budget: { surveys: 10 }, area: { buurten: ['BU99999999'] } }, 'area.buurten.0'],
    [
      { objective: 'find-problems', budget: { surveys: 10 }, area: { polygon: { type: 'Polygon', coordinates: [[[4.8, 52.4]]] } } },
      'area.polygon',
    ],
    [{ objective: 'audit', budget: { surveys: 10 }, onePerBlock: true }, 'onePerBlock'],
    [{ objective: 'find-problems', budget: { surveys: 10 }, resurveys: 2 }, 'resurveys'],
    [{ objective: 'audit', budget: { surveys: 10 }, resurveys: -1 }, 'resurveys'],
  ])('when the body is %j, then a problem names %s', async (body, field) => {
    const problem = expectProblem(await signedIn(deps, 'planner', app).post('/v1/plans').send(body), 400, 'VALIDATION_FAILED');
    expect((problem.errors as { path: string }[]).map((e) => e.path).some((p) => p.startsWith(field))).toBe(true);
  });
});

import request from 'supertest';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { areaFactorsResponseSchema } from '../../service/http/factor-schemas.js';
import { appOf, expectProblem, loadDemoDeps } from '../support/demo-deps.js';

let deps: LoadedDeps;
let app: ReturnType<typeof appOf>;
beforeAll(async () => {
  deps = await loadDemoDeps();
  app = appOf(deps);
});
afterAll(async () => {
  await deps.close();
});

/** Mean stored margin per buurt and over the municipality, one building (pand) each, counted here independently. */
async function meanMargins(): Promise<{ buurt: Map<string, number>; municipality: number }> {
  const seen = new Set<string>();
  const sums = new Map<string, { s: number; n: number }>();
  let s = 0;
  let n = 0;
  for (const e of await deps.store.listEntries(null)) {
    if (e.address.pandId === null || e.score.margin === null || seen.has(e.address.pandId)) continue;
    seen.add(e.address.pandId);
    const b = sums.get(e.address.buurtCode) ?? { s: 0, n: 0 };
    b.s += e.score.margin;
    b.n += 1;
    sums.set(e.address.buurtCode, b);
    s += e.score.margin;
    n += 1;
  }
  return { buurt: new Map([...sums].map(([k, v]) => [k, v.s / v.n])), municipality: s / n };
}

describe('why a buurt is high', () => {
  it("when the factors of every published buurt are added up, then they give the buurt's mean log-odds minus the municipality's (within rounding)", async () => {
    const means = await meanMargins();
    const codes = [...means.buurt.keys()];
    let checked = 0;
    for (const code of codes) {
      const body = (await request(app).get(`/v1/buurten/${code}/factors`).expect(200)).body as {
        published: boolean;
        difference: number;
        factors: { contribution: number }[];
      };
      if (!body.published) continue;
      checked += 1;
      const sum = body.factors.reduce((a, f) => a + f.contribution, 0);
      // 11 contributions rounded to 1e-4 each; the stored margins are float32 ONNX output, SHAP runs in float64.
      expect(Math.abs(sum - body.difference)).toBeLessThan(2e-3);
      expect(Math.abs(body.difference - (means.buurt.get(code)! - means.municipality))).toBeLessThan(2e-3);
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('when a buurt is high, then its inputs are shown beside the municipality and the answer has the documented shape', async () => {
    const codes = [...(await meanMargins()).buurt.keys()];
    const bodies = await Promise.all(
      codes.map(
        async (c) =>
          (await request(app).get(`/v1/buurten/${c}/factors`)).body as {
            difference: number | null;
            inputs: { input: string; area: number | null; municipality: number | null }[];
          },
      ),
    );
    const high = bodies.filter((b) => b.difference !== null).sort((a, b) => b.difference! - a.difference!)[0];
    expect(areaFactorsResponseSchema.safeParse(high).success).toBe(true);
    const pre1945 = high.inputs.find((i) => i.input === 'sharePre1945')!;
    expect(pre1945.area).toBeGreaterThanOrEqual(0);
    expect(pre1945.municipality).toBeGreaterThan(0);
    expect(high.inputs.map((i) => i.input)).toContain('meanOntwateringsdiepte');
  });

  it('when a wijk is asked for, then its factors add up to its difference too', async () => {
    const [first] = await deps.store.listBuurten();
    const body = (await request(app).get(`/v1/wijken/${first.buurt.wijkCode}/factors`).expect(200)).body as {
      level: string;
      published: boolean;
      difference: number;
      factors: { contribution: number }[];
    };
    expect(body.level).toBe('wijk');
    expect(body.published).toBe(true);
    expect(Math.abs(body.factors.reduce((a, f) => a + f.contribution, 0) - body.difference)).toBeLessThan(2e-3);
  });

  it('when the code is malformed or unknown, then a problem names the field or the buurt', async () => {
    const bad = expectProblem(await request(app).get('/v1/buurten/XX12/factors'), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(bad.errors)).toContain('code');
    expectProblem(await request(app).get('/v1/buurten/BU99999999/factors'), 404, 'BUURT_NOT_FOUND');
    expectProblem(await request(app).get('/v1/wijken/WK999999/factors'), 404, 'NOT_FOUND');
  });
});

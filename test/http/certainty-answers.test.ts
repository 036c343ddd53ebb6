import request from 'supertest';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { readDataset, readTruth } from '../../service/adapters/dataset/dataset-files.js';
import { appOf, loadDemoDeps, signedIn } from '../support/demo-deps.js';

let deps: LoadedDeps;
beforeAll(async () => {
  deps = await loadDemoDeps();
});
afterAll(async () => {
  await deps.close();
});

const oldHouse = {
  bouwjaar: 1905,
  woningtype: 'rijwoning',
  maaiveld_nap_m: -1.1,
  veendikte_m: 4,
  grondwater_nap_m: -2.2,
  bodemdaling_mm_jr: -5,
};

describe('the two probability scales in answers (demo model with an audit sample)', () => {
  it('when the demo model is served, then it has a stock scale (it was calibrated on the demo audit sample)', () => {
    expect(deps.manifest.stockCalibration).not.toBeNull();
    expect(deps.manifest.conformal.mondrian?.calibrationBuurten).toBeGreaterThanOrEqual(15);
  });

  it('when a row is scored, then probability is the stock scale, below the survey scale, and the class says which scale it is from', async () => {
    const res = await signedIn(deps).post('/v1/score').send(oldHouse);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ riskClassScale: 'stock', conformal: { guarantee: 'mondrian-label-period' } });
    expect(res.body.probability).toBeLessThan(res.body.probabilitySurvey);
    expect(res.body.conformal.guaranteeEn).toMatch(/buildings like this one/);
  });

  it("when an address is looked up, then its risk carries both scales and the set's guarantee in Dutch and English", async () => {
    const all = await deps.store.search(
      { postcode: null, pc4: '1506', huisnummer: null, huisletter: null, toevoeging: null, words: [] },
      100_000,
    );
    const entry = all.find((e) => e.score.probability !== null)!;
    const answer = (await signedIn(deps).get(`/v1/addresses/${entry.address.verblijfsobjectId}`)).body;
    expect(answer.risk).toMatchObject({
      riskClassScale: 'stock',
      conformal: { guarantee: 'mondrian-label-period', guaranteeNl: expect.stringMatching(/gebouwen zoals dit/) },
    });
    expect(answer.risk.probability).toBeCloseTo(entry.score.probabilityStock!, 9);
    expect(answer.risk.probabilitySurvey).toBeCloseTo(entry.score.probability!, 9);
  });

  it('when buurten are listed, then the collection says the map is on the stock scale and expected counts come with an interval', async () => {
    const fc = (await request(appOf(deps)).get('/v1/buurten')).body;
    expect(fc.metadata.scale).toBe('stock');
    const shown = fc.features
      .map((f: { properties: Record<string, unknown> }) => f.properties)
      .filter((p: Record<string, unknown>) => p.expectedProblems !== null);
    expect(shown.length).toBeGreaterThan(10);
    for (const p of shown) {
      const [lo, hi] = p.expectedProblemsInterval as [number, number];
      expect(lo).toBeLessThanOrEqual(p.expectedProblems as number);
      expect(hi).toBeGreaterThanOrEqual(p.expectedProblems as number);
      expect(p.expectedProblems as number).toBeLessThan(p.expectedProblemsSurvey as number);
    }
  });

  it('when the stock scale is summed over the demo, then it is near the synthetic truth while the survey scale is far above it', async () => {
    const buurten = await deps.store.listBuurten();
    const stock = buurten.reduce((s, b) => s + (b.stats.stock?.sum ?? 0), 0);
    const survey = buurten.reduce((s, b) => s + b.stats.sumProbability, 0);
    // grading only: dwellings of unrestored panden whose hidden truth is a problem
    const [dataset, truth] = await Promise.all([readDataset('seeds/demo'), readTruth('seeds/demo')]);
    const bad = new Set(truth!.filter((t) => t.probleem).map((t) => t.pand_id));
    const restored = new Set(dataset.register.filter((r) => r.hersteld).map((r) => r.pandId));
    const trueCount = dataset.addresses.filter(
      (a) => a.pandId !== null && a.bouwjaar !== null && bad.has(a.pandId) && !restored.has(a.pandId),
    ).length;
    // the issue-15 demo world draws × 1.38 here (× 1.13 before); over 80 generated runs of bench:certainty
    // the stock ratio is 0.91 (p5–p95 0.69–1.22, max 1.36): one world is one draw, the survey scale stays far above
    expect(stock / trueCount).toBeGreaterThan(0.8);
    expect(stock / trueCount).toBeLessThan(1.45);
    expect(survey / trueCount).toBeGreaterThan(1.6);
  });
});

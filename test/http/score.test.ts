import type { LoadedDeps } from '../../service/bootstrap.js';
import { appOf, expectProblem, loadDemoDeps, signedIn } from '../support/demo-deps.js';

let deps: LoadedDeps;
beforeAll(async () => {
  deps = await loadDemoDeps();
});
afterAll(async () => {
  await deps.close();
});

const oldHouse = {
  bouwjaar: 1910,
  woningtype: 'rijwoning',
  bouwlagen: 2,
  maaiveld_nap_m: -0.8,
  veendikte_m: 3.5,
  pleistoceen_nap_m: -17,
  grondwater_nap_m: -1.9,
  bodemdaling_mm_jr: -4,
  funderingtype: null,
};
const newHouse = { ...oldHouse, bouwjaar: 2005, funderingtype: 'betonnen-palen', grondwater_nap_m: -1.0, bodemdaling_mm_jr: -0.5 };

describe('POST /v1/score', () => {
  it('when one feature object is posted, then it gets a calibrated probability, a class and the model version', async () => {
    const res = await signedIn(deps).post('/v1/score').send(oldHouse);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ scored: true, riskClass: expect.stringMatching(/^[A-E]$/), modelVersion: deps.manifest.version });
    expect(res.body.probabilitySurvey).toBeGreaterThan(0);
    expect(res.body.probabilitySurvey).toBeLessThan(1);
    expect(res.body.conformal.set.length).toBeGreaterThan(0);
  });

  it('when an old wooden-pile house and a new concrete-pile house are scored, then the old one is riskier', async () => {
    const res = await signedIn(deps)
      .post('/v1/score')
      .send({ rows: [oldHouse, newHouse] });
    expect(res.status).toBe(200);
    expect(res.body.results[0].probabilitySurvey).toBeGreaterThan(res.body.results[1].probabilitySurvey);
  });

  it('when a batch holds one bad row, then only that row carries an error with its field path', async () => {
    const res = await signedIn(deps)
      .post('/v1/score')
      .send({ rows: [oldHouse, { ...oldHouse, bouwjaar: 'oud' }, newHouse] });
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(3);
    expect(res.body.results[0].scored).toBe(true);
    expect(res.body.results[1]).toMatchObject({ index: 1, scored: false, error: { code: 'VALIDATION_FAILED' } });
    expect(res.body.results[1].error.errors[0].path).toBe('rows[1].bouwjaar');
    expect(res.body.results[2].scored).toBe(true);
  });

  it('when the construction year is unknown, then the row is not scored and says INSUFFICIENT_DATA', async () => {
    const res = await signedIn(deps)
      .post('/v1/score')
      .send({ ...oldHouse, bouwjaar: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ scored: false, reason: { code: 'INSUFFICIENT_DATA' } });
    expect(res.body.probability).toBeUndefined();
  });

  it('when explain=true, then factors come with the answer and add up to the margin', async () => {
    const res = await signedIn(deps).post('/v1/score?explain=true').send(oldHouse);
    expect(res.status).toBe(200);
    expect(res.body.factors).toHaveLength(deps.manifest.features.length);
    const sum = res.body.baseValue + res.body.factors.reduce((s: number, f: { contribution: number }) => s + f.contribution, 0);
    const p = 1 / (1 + Math.exp(-(deps.manifest.calibration.a * sum + deps.manifest.calibration.b)));
    expect(p).toBeCloseTo(res.body.probabilitySurvey, 4);
  });

  it('when a batch with a bad row asks for explanations, then every scored row carries its own factors', async () => {
    const res = await signedIn(deps)
      .post('/v1/score?explain=true')
      .send({ rows: [oldHouse, { bouwjaar: 'x' }, newHouse] });
    const { a, b } = deps.manifest.calibration;
    for (const r of [res.body.results[0], res.body.results[2]]) {
      const margin = r.baseValue + r.factors.reduce((s: number, f: { contribution: number }) => s + f.contribution, 0);
      expect(1 / (1 + Math.exp(-(a * margin + b)))).toBeCloseTo(r.probabilitySurvey, 4);
    }
    expect(res.body.results[1].factors).toBeUndefined();
  });

  it('when a batch spans several chunks with bad and unscorable rows in different chunks, then every row answers in order as if scored alone', async () => {
    const small = { ...deps, config: { ...deps.config, scoreChunkRows: 3 } };
    const rows = Array.from({ length: 11 }, (_, i) => {
      if (i === 4) return { ...oldHouse, veendikte_m: -1 };
      if (i === 8) return { ...oldHouse, bouwjaar: null };
      return { ...oldHouse, bouwjaar: 1850 + 15 * i };
    });
    const res = await signedIn(deps, 'inspector', appOf(small)).post('/v1/score').send({ rows });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { index: number }) => r.index)).toEqual([...Array(11).keys()]);
    expect(res.body.results[4]).toMatchObject({
      scored: false,
      error: { code: 'VALIDATION_FAILED', errors: [{ path: 'rows[4].veendikte_m' }] },
    });
    expect(res.body.results[8]).toMatchObject({ scored: false, reason: { code: 'INSUFFICIENT_DATA' } });
    for (const i of [0, 3, 7, 10]) {
      const alone = await signedIn(deps).post('/v1/score').send(rows[i]);
      expect(res.body.results[i].probabilitySurvey).toBeCloseTo(alone.body.probabilitySurvey, 6);
    }
  });

  it('when a single object has a wrong type, then the answer is a 400 problem naming the field', async () => {
    const res = await signedIn(deps)
      .post('/v1/score')
      .send({ ...oldHouse, veendikte_m: 'dik' });
    const body = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([expect.objectContaining({ path: 'veendikte_m' })]);
  });

  it('when a known pile length is sent, then it is accepted and moves the answer (the model reads archive pile lengths)', async () => {
    const alone = await signedIn(deps).post('/v1/score').send(oldHouse);
    const res = await signedIn(deps)
      .post('/v1/score')
      .send({ ...oldHouse, paallengte_m: 9 });
    expect(res.status).toBe(200);
    expect(res.body.probabilitySurvey).not.toBeCloseTo(alone.body.probabilitySurvey, 6);
  });

  it('when an unknown field is sent, then it is rejected rather than silently ignored', async () => {
    const res = await signedIn(deps)
      .post('/v1/score')
      .send({ ...oldHouse, grondwater: -2 });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('when the body is not valid JSON, then the answer is MALFORMED_JSON', async () => {
    const res = await signedIn(deps).post('/v1/score').set('content-type', 'application/json').send('{"bouwjaar": 19');
    expectProblem(res, 400, 'MALFORMED_JSON');
  });

  it('when the body is not JSON at all, then the answer is 415', async () => {
    const res = await signedIn(deps).post('/v1/score').set('content-type', 'text/plain').send('bouwjaar=1910');
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('when the batch is larger than the limit, then the answer is BATCH_TOO_LARGE', async () => {
    const small = { ...deps, config: { ...deps.config, maxBatchRows: 3 } };
    const res = await signedIn(deps, 'inspector', appOf(small))
      .post('/v1/score')
      .send({ rows: [oldHouse, oldHouse, oldHouse, oldHouse] });
    expectProblem(res, 413, 'BATCH_TOO_LARGE');
  });

  it('when the body exceeds the byte limit, then the answer is BODY_TOO_LARGE', async () => {
    const res = await signedIn(deps)
      .post('/v1/score')
      .send({ rows: Array.from({ length: 60_000 }, () => oldHouse) });
    expectProblem(res, 413, 'BODY_TOO_LARGE');
  });

  it('when the body is a JSON array, then it is refused with a clear message', async () => {
    const res = await signedIn(deps).post('/v1/score').send([oldHouse]);
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });
});

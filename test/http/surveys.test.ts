import type { LoadedDeps } from '../../service/bootstrap.js';
import type { AddressEntry } from '../../service/ports/store.js';
import { appOf, expectProblem, loadDemoDeps, signedIn } from '../support/demo-deps.js';

let deps: LoadedDeps;
let entry: AddressEntry;
beforeAll(async () => {
  deps = await loadDemoDeps();
  const all = await deps.store.search(
    { postcode: null, pc4: '1506', huisnummer: null, huisletter: null, toevoeging: null, words: [] },
    100_000,
  );
  entry = all.find((e) => e.score.probability !== null)!;
});
afterAll(async () => {
  await deps.close();
});

const body = (over: Record<string, unknown> = {}) => ({
  addressId: entry.address.verblijfsobjectId,
  date: '2026-06-01',
  kwaliteitsklasse: 'D',
  mechanisms: ['droogstand'],
  hersteld: false,
  reportReference: 'FO-1',
  surveyorOrganisation: 'Funderingsbureau',
  ...over,
});

describe('POST /v1/surveys', () => {
  it('when an inspector records a survey, then it is stored with its building and what the served model said of it then', async () => {
    const app = appOf(deps);
    const answer = (await signedIn(deps, 'inspector', app).get(`/v1/addresses/${entry.address.verblijfsobjectId}`)).body as {
      risk: { probability: number; probabilitySurvey: number; riskClass: string; conformal: { set: string[] } };
      modelVersion: string;
    };
    const res = await signedIn(deps, 'inspector', app).post('/v1/surveys').send(body());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'survey',
      version: 1,
      pandId: entry.address.pandId,
      addressId: entry.address.verblijfsobjectId,
      recordedBy: 'test inspector',
      survey: { kwaliteitsklasse: 'D', mechanisms: ['droogstand'], herstelJaar: null },
      modelAtIntake: {
        modelVersion: answer.modelVersion,
        probability: answer.risk.probability,
        probabilitySurvey: answer.risk.probabilitySurvey,
        riskClass: answer.risk.riskClass,
        set: answer.risk.conformal.set,
        reason: null,
      },
    });
    expect((await deps.fieldRecords.list()).map((r) => r.id)).toContain(res.body.id);
  });

  it('when a survey is corrected, then the correction is version 2 of the same record', async () => {
    const first = await signedIn(deps)
      .post('/v1/surveys')
      .send(body({ kwaliteitsklasse: 'B', mechanisms: [] }));
    const second = await signedIn(deps)
      .post('/v1/surveys')
      .send(body({ corrects: first.body.id }));
    expect(second.body).toMatchObject({ id: first.body.id, version: 2, survey: { kwaliteitsklasse: 'D' } });
  });

  it('when a correction names no record, then 404 RECORD_NOT_FOUND names corrects', async () => {
    const res = await signedIn(deps)
      .post('/v1/surveys')
      .send(body({ corrects: '00000000-0000-4000-8000-000000000000' }));
    expect(expectProblem(res, 404, 'RECORD_NOT_FOUND').errors).toEqual([expect.objectContaining({ path: 'corrects' })]);
  });

  it.each([
    ['kwaliteitsklasse', { kwaliteitsklasse: 'F' }],
    ['date', { date: '2026-02-30' }],
    ['herstelJaar', { hersteld: true }],
    ['mechanisms', { mechanisms: ['droogstand', 'droogstand'] }],
    ['surveyorOrganisation', { surveyorOrganisation: ' ' }],
    ['addressId', { addressId: '123' }],
    ['inspector', { inspector: 'Jan Jansen' }],
  ])('when %s is wrong, then 400 names that field and nothing is stored', async (field, over) => {
    const before = (await deps.fieldRecords.list()).length;
    const res = await signedIn(deps).post('/v1/surveys').send(body(over));
    const problem = expectProblem(res, 400, 'VALIDATION_FAILED') as { errors: { path: string; message: string }[] };
    expect(JSON.stringify(problem.errors)).toContain(field);
    expect(await deps.fieldRecords.list()).toHaveLength(before);
  });

  it('when the address is unknown, then 404 names addressId', async () => {
    const res = await signedIn(deps)
      .post('/v1/surveys')
      .send(body({ addressId: '0479019999999999' }));
    expect(expectProblem(res, 404, 'ADDRESS_NOT_FOUND').errors).toEqual([expect.objectContaining({ path: 'addressId' })]);
  });

  it('when a planner records a survey, then 403 and nothing is stored', async () => {
    const before = (await deps.fieldRecords.list()).length;
    expectProblem(await signedIn(deps, 'planner').post('/v1/surveys').send(body()), 403, 'FORBIDDEN');
    expect(await deps.fieldRecords.list()).toHaveLength(before);
  });
});

describe('POST /v1/measurements', () => {
  it('when an inspector records a measured pile length and groundwater level, then the answer uses them and marks them measured with source and date', async () => {
    const id = entry.address.verblijfsobjectId;
    const before = (await signedIn(deps).get(`/v1/addresses/${id}`)).body as {
      risk: { probabilitySurvey: number };
      inputs: { name: string; value: unknown; source: string }[];
    };
    const m1 = await signedIn(deps)
      .post('/v1/measurements')
      .send({ addressId: id, input: 'paallengte_m', value: 7.5, source: 'sondering S-12', date: '2026-05-04' });
    expect(m1.status).toBe(201);
    expect(
      (
        await signedIn(deps)
          .post('/v1/measurements')
          .send({ addressId: id, input: 'grondwater_nap_m', value: -3.2, source: 'peilbuis B12', date: '2026-05-05' })
      ).status,
    ).toBe(201);
    const after = (await signedIn(deps).get(`/v1/addresses/${id}`)).body as typeof before & { inputs: { measurement?: object }[] };
    const input = (name: string) => after.inputs.find((i) => i.name === name)!;
    expect(input('paallengte_m')).toMatchObject({
      value: 7.5,
      source: 'measured',
      measurement: { source: 'sondering S-12', date: '2026-05-04' },
    });
    expect(input('grondwater_nap_m')).toMatchObject({ value: -3.2, source: 'measured' });
    expect(after.risk.probabilitySurvey).not.toBe(before.risk.probabilitySurvey);
  });

  it('when a measured value is out of range or of the wrong type, then 400 names value', async () => {
    const res = await signedIn(deps)
      .post('/v1/measurements')
      .send({ addressId: entry.address.verblijfsobjectId, input: 'paallengte_m', value: 'houten-palen', source: 'x', date: '2026-05-04' });
    expect(JSON.stringify(expectProblem(res, 400, 'VALIDATION_FAILED').errors)).toContain('value');
  });
});

import request from 'supertest';
import { readDataset, readTruth } from '../../service/adapters/dataset/dataset-files.js';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { surveyBodyOfCsv } from '../../service/domain/surveys/survey-csv.js';
import { recordSurvey } from '../../service/http/survey-intake.js';
import { surveyInputSchema } from '../../service/http/survey-schemas.js';
import { simulateSurveys } from '../../seeds/survey-stream.js';
import { appOf, loadDemoDeps } from '../support/demo-deps.js';

let deps: LoadedDeps;
beforeAll(async () => {
  deps = await loadDemoDeps();
  const stream = simulateSurveys(await readDataset('seeds/demo'), (await readTruth('seeds/demo'))!, {
    seed: 3,
    count: 300,
    fromYear: 2026,
    years: 1,
  });
  for (const row of stream) await recordSurvey(deps, surveyInputSchema.parse(surveyBodyOfCsv(row)), 'test');
  // dated before the served model's data cut-off (its register runs to 2025): not a fresh test of it
  await recordSurvey(deps, surveyInputSchema.parse(surveyBodyOfCsv({ ...stream[0], date: '2025-06-01', corrects: '' })), 'test');
}, 120_000);
afterAll(async () => {
  await deps.close();
});

type Est = { value: number | null; low: number | null; high: number | null };
const inside = (e: Est) => e.value !== null && e.low! <= e.value && e.value <= e.high!;

describe('GET /v1/model/track-record', () => {
  it('when 300 simulated surveys after the cut-off are on record, then the served model shows surveys: 300 with AUC, Brier and coverage, each inside its interval', async () => {
    const res = await request(appOf(deps)).get('/v1/model/track-record');
    expect(res.status).toBe(200);
    const served = res.body.models[0];
    expect(served).toMatchObject({
      modelVersion: deps.manifest.version,
      served: true,
      dataCutoff: '2025-12-31',
      surveysAfterCutoff: 300,
      expectedCoverage: 0.95,
    });
    expect(served.surveys).toBeGreaterThan(250);
    for (const figure of [served.auc, served.brier, served.coverage, served.brierStock]) expect(inside(figure)).toBe(true);
    expect(served.auc.value).toBeGreaterThan(0.6);
    expect(served.coverage.low).toBeGreaterThan(0.85);
  });

  it('when the record is grouped, then period, wijk and quarter groups add up to the total where none is suppressed, and small groups carry no figures', async () => {
    const served = (await request(appOf(deps)).get('/v1/model/track-record')).body.models[0];
    expect(served.overTime.map((g: { group: string }) => g.group)).toEqual(['2026-K1', '2026-K2', '2026-K3', '2026-K4']);
    for (const groups of [served.byPeriod, served.byWijk, served.overTime] as {
      surveys: number | null;
      suppressed: boolean;
      coverage: Est;
    }[][]) {
      const shown = groups.filter((g) => !g.suppressed);
      if (shown.length === groups.length) expect(shown.reduce((s, g) => s + g.surveys!, 0)).toBe(served.surveys);
      for (const g of groups) {
        if (g.suppressed) expect([g.surveys, g.coverage.value]).toEqual([null, null]);
        else expect(g.surveys).toBeGreaterThanOrEqual(deps.config.suppressBelow);
      }
    }
    expect(served.byWijk.some((g: { suppressed: boolean }) => g.suppressed)).toBe(true);
  });

  it('when nobody is signed in, then the track record is public and names no address or building', async () => {
    const res = await request(appOf(deps)).get('/v1/model/track-record');
    expect(res.status).toBe(200);
    expect(res.text).not.toMatch(/"\d{16}"/);
  });
});

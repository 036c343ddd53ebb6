import type { LoadedDeps } from '../../service/bootstrap.js';
import { StoreUnavailableError } from '../../service/ports/store.js';
import { appOf, expectProblem, loadDemoDeps, signedIn } from '../support/demo-deps.js';

let deps: LoadedDeps;
beforeAll(async () => {
  deps = await loadDemoDeps();
});
afterAll(async () => {
  await deps.close();
});

describe('health, readiness and the model', () => {
  it('when the process runs, then /healthz says ok', async () => {
    const res = await signedIn(deps).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('when model and store are loaded, then /readyz says ready with the model version', async () => {
    const res = await signedIn(deps).get('/readyz');
    expect(res.body).toEqual({ status: 'ready', modelVersion: deps.manifest.version });
  });

  it('when the store cannot be reached, then /readyz answers 503 NOT_READY', async () => {
    const down = {
      ...deps,
      store: Object.assign(Object.create(deps.store), {
        ping: async () => {
          throw new StoreUnavailableError('down');
        },
      }),
    };
    expectProblem(await signedIn(deps, 'inspector', appOf(down)).get('/readyz'), 503, 'NOT_READY');
  });

  it('when /v1/model is asked for, then the manifest lists the features in input order', async () => {
    const res = await signedIn(deps).get('/v1/model');
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(deps.manifest.version);
    expect(res.body.features.map((f: { name: string }) => f.name)).toEqual(deps.manifest.features.map((f) => f.name));
  });

  it('when the model card is asked for, then it comes with its ROC and calibration plots as SVG', async () => {
    const res = await signedIn(deps).get('/v1/model/card');
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(deps.manifest.version);
    expect(res.body.plots.roc).toMatch(/^<svg/);
    expect(res.body.plots.calibration).toMatch(/^<svg/);
  });

  it('when /metrics is scraped after a score, then request counts by route and model inference time are there', async () => {
    const app = appOf(deps);
    await signedIn(deps, 'inspector', app)
      .post('/v1/score')
      .send({ bouwjaar: 1920, veendikte_m: 2, grondwater_nap_m: -1.5, maaiveld_nap_m: -1 });
    const res = await signedIn(deps, 'inspector', app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/http_requests_total\{method="POST",route="\/v1\/score",status="200"\} \d+/);
    expect(res.text).toMatch(/model_inference_seconds_count [1-9]/);
    expect(res.text).toMatch(/model_batch_rows_bucket\{le="1"\} [1-9]/);
  });

  it('when a route does not exist, then the answer is a 404 problem, not an HTML page', async () => {
    expectProblem(await signedIn(deps).get('/v1/nothing-here'), 404, 'NOT_FOUND');
  });
});

import request from 'supertest';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { loadConfig } from '../../service/config/config.js';
import { buildMetricsApp } from '../../service/http/metrics-app.js';
import { appOf, authHeader, expectProblem, loadDemoDeps } from '../support/demo-deps.js';

let deps: LoadedDeps;
beforeAll(async () => {
  deps = await loadDemoDeps();
});
afterAll(async () => {
  await deps.close();
});

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\]|\\\\.)*",?)*\\})? (-?[0-9.eE+-]+|[Nn]a[Nn]|\\+Inf|-Inf)$`);
const META = new RegExp(`^# (HELP|TYPE) (${NAME}) (.+)$`);

/**
 * Parses the Prometheus text format strictly (values as Prometheus reads them: Go's ParseFloat takes
 * NaN in any case, and prom-client writes an event-loop mean without samples as `Nan`): every line a HELP/TYPE comment or a sample; each family typed once. */
function parseExposition(text: string): { types: Map<string, string>; samples: { name: string; labels: string; value: number }[] } {
  const types = new Map<string, string>();
  const samples: { name: string; labels: string; value: number }[] = [];
  for (const line of text.split('\n').filter((l) => l !== '')) {
    const meta = META.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        expect({ family: meta[2], typedTwice: types.has(meta[2]) }).toEqual({ family: meta[2], typedTwice: false });
        types.set(meta[2], meta[3]);
      }
      continue;
    }
    const sample = SAMPLE.exec(line);
    expect({ line, valid: sample !== null }).toEqual({ line, valid: true });
    samples.push({ name: sample![1], labels: sample![2] ?? '', value: Number(sample![3]) });
  }
  return { types, samples };
}

describe('the /metrics exposition', () => {
  it('when /metrics is scraped, then it parses and has process, event-loop-lag, GC, heap and model-version series', async () => {
    const app = appOf(deps);
    await request(app)
      .post('/v1/score')
      .set(authHeader(deps, 'system'))
      .send({ bouwjaar: 1920, veendikte_m: 2, grondwater_nap_m: -1.5, maaiveld_nap_m: -1 });
    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const { types, samples } = parseExposition(res.text);
    for (const family of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_gc_duration_seconds',
    ]) {
      expect({ family, present: types.has(family) }).toEqual({ family, present: true });
    }
    expect(samples).toContainEqual({ name: 'model_info', labels: `{version="${deps.manifest.version}"}`, value: 1 });
    expect(samples).toContainEqual({
      name: 'http_requests_total',
      labels: '{method="POST",route="/v1/score",status="200"}',
      value: expect.any(Number),
    });
    expect(samples.find((s) => s.name === 'model_inference_seconds_count')?.value).toBeGreaterThan(0);
  });

  it('when METRICS_PORT is set, then the API port has no /metrics and the metrics app serves it alone', async () => {
    const separate = { ...deps, config: loadConfig({ LOG_LEVEL: 'silent', METRICS_PORT: '9464' }) };
    expectProblem(await request(appOf(separate)).get('/metrics'), 404, 'NOT_FOUND');
    const metricsApp = buildMetricsApp(deps.metrics, deps.logger);
    const res = await request(metricsApp).get('/metrics');
    expect(res.status).toBe(200);
    expect(parseExposition(res.text).types.get('model_info')).toBe('gauge');
    expectProblem(await request(metricsApp).get('/v1/buurten'), 404, 'NOT_FOUND');
  });

  it('when METRICS_PORT is not a port number, then the configuration is refused naming it', () => {
    expect(() => loadConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });
});

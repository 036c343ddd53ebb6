import { startServer, waitForLog, waitForStatus } from '../support/server-process.js';

describe('the server while it starts', () => {
  it('when it has just started, then /healthz answers 200 while /readyz and the API answer 503 NOT_READY, and all answer once it is ready', async () => {
    const server = await startServer({ METRICS_PORT: '0' });
    try {
      const get = (path: string) =>
        fetch(`http://127.0.0.1:${server.port}${path}`).then(async (r) => ({
          status: r.status,
          type: r.headers.get('content-type'),
          body: (await r.json()) as { code?: string },
        }));
      const early = { healthz: await get('/healthz'), readyz: await get('/readyz'), buurten: await get('/v1/buurten') };
      const readyBefore = server.logs.some((l) => l.msg === 'foundation-risk service ready');
      expect({ readyBefore, healthz: early.healthz.status }).toEqual({ readyBefore: false, healthz: 200 });
      for (const res of [early.readyz, early.buurten]) {
        expect({ status: res.status, type: res.type, code: res.body.code }).toEqual({
          status: 503,
          type: expect.stringMatching(/^application\/problem\+json/),
          code: 'NOT_READY',
        });
      }
      await waitForStatus(server.port, '/readyz', 200);
      expect((await get('/v1/buurten')).status).toBe(200);
      const { metricsPort } = await waitForLog(server, (l) => typeof l.metricsPort === 'number');
      const metrics = await fetch(`http://127.0.0.1:${String(metricsPort)}/metrics`);
      expect({ status: metrics.status, modelInfo: /^model_info\{version="[^"]+"\} 1$/m.test(await metrics.text()) }).toEqual({
        status: 200,
        modelInfo: true,
      });
      expect((await fetch(`http://127.0.0.1:${server.port}/metrics`)).status).toBe(404);
    } finally {
      server.kill();
      await server.exited;
    }
  }, 120_000);
});

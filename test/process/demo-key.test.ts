import { demoKeyOf, startServer } from '../support/server-process.js';

const get = (port: number, path: string, key?: string) =>
  fetch(`http://127.0.0.1:${port}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

describe('npm start on the synthetic demo', () => {
  it('when no keys exist, then it logs a sign-in link whose key is an inspector key, and address routes stay closed without it', async () => {
    const server = await startServer({});
    try {
      const key = await demoKeyOf(server);
      expect(key).toMatch(/^frk_/);
      expect(server.logs.map((l) => String(l.signIn ?? '')).join('\n')).toMatch(/http:\/\/127\.0\.0\.1:\d+\/#key=frk_/);
      const me = await get(server.port, '/v1/me', key!);
      expect(await me.json()).toEqual({ name: expect.stringContaining('demo'), role: 'inspector' });
      const search = await get(server.port, '/v1/addresses?q=1506');
      expect(search.status).toBe(401);
      expect((await get(server.port, '/v1/buurten')).status).toBe(200);
    } finally {
      server.kill();
    }
  }, 90_000);

  it('when the demo key is switched off, then no sign-in link is logged', async () => {
    const server = await startServer({ DEMO_KEY: 'false' });
    try {
      await expect(demoKeyOf(server)).resolves.toBeNull();
      expect(server.logs.some((l) => typeof l.signIn === 'string')).toBe(false);
    } finally {
      server.kill();
    }
  }, 90_000);
});

import { connect, type AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { loadConfig } from '../../service/config/config.js';
import { contentSecurityPolicy } from '../../service/http/security-headers.js';
import type { AddressEntry } from '../../service/ports/store.js';
import { appOf, expectProblem, keyOf, loadDemoDeps, signedIn } from '../support/demo-deps.js';

let deps: LoadedDeps;
let entry: AddressEntry;
beforeAll(async () => {
  deps = await loadDemoDeps();
  const all = await deps.store.search(
    { postcode: null, pc4: '1506', huisnummer: null, huisletter: null, toevoeging: null, words: [] },
    100_000,
  );
  entry = all.find((e) => e.score.probability !== null && e.address.huisletter === null && e.address.toevoeging === null)!;
});
afterAll(async () => {
  await deps.close();
});

describe('closed routes and their variants', () => {
  const variants = () => {
    const id = entry.address.verblijfsobjectId;
    return [
      `/v1/addresses/${id}`,
      `/V1/ADDRESSES/${id}`,
      `/v1/addresses/${id}/`,
      `/v1/Addresses/${id}`,
      `/v1/addresses?q=1506`,
      `/v1/addresses?postcode=${entry.address.postcode}&huisnummer=${entry.address.huisnummer}`,
      '/TILES/addresses/16/33647/21516.mvt',
      '/tiles/addresses/16/33647/21516.mvt',
      '/tiles/addresses/16/33647/21516.mvt/',
      '/v1/audit/',
      '/V1/ME',
    ];
  };

  it('when any casing or trailing-slash variant of an address route is asked without a key, then the answer is 401 problem+json', async () => {
    for (const path of variants()) {
      const res = await request(appOf(deps)).get(path);
      expectProblem(res, 401, 'AUTHENTICATION_REQUIRED');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    expectProblem(
      await request(appOf(deps))
        .post(`/v1/addresses/${entry.address.verblijfsobjectId}/WHAT-IF`)
        .send({ overrides: { bouwjaar: 1900 } }),
      401,
      'AUTHENTICATION_REQUIRED',
    );
  });

  it('when a variant is asked with an inspector key, then it is 404, never data', async () => {
    const app = appOf(deps);
    const id = entry.address.verblijfsobjectId;
    for (const path of [
      `/V1/ADDRESSES/${id}`,
      `/v1/addresses/${id}/`,
      `/v1/Addresses/${id}`,
      '/TILES/addresses/16/33647/21516.mvt',
      '/v1/audit/',
    ]) {
      expectProblem(await signedIn(deps, 'inspector', app).get(path), 404, 'NOT_FOUND');
    }
  });

  it('when a key is unknown or malformed, then 401 INVALID_KEY, also on public routes', async () => {
    const unknown = `frk_aaaaaaaaaaaa_${'A'.repeat(43)}`;
    const res = await request(appOf(deps)).get('/v1/buurten').set('Authorization', `Bearer ${unknown}`);
    expectProblem(res, 401, 'INVALID_KEY');
    expect(res.headers['www-authenticate']).toMatch(/invalid_token/);
    expectProblem(await request(appOf(deps)).get('/v1/me').set('Authorization', 'Basic abc'), 401, 'INVALID_KEY');
    const tampered = `${keyOf(deps, 'inspector').slice(0, -2)}xx`;
    expectProblem(await request(appOf(deps)).get('/v1/me').set('Authorization', `Bearer ${tampered}`), 401, 'INVALID_KEY');
  });

  it('when a key is revoked, then the running app refuses it once the key list is re-read', async () => {
    const { key, summary } = await deps.access.keyAdmin.add('to revoke', 'inspector');
    await deps.access.keyRing.refresh();
    const app = appOf(deps);
    expect((await request(app).get('/v1/me').set('Authorization', `Bearer ${key}`)).status).toBe(200);
    await deps.access.keyAdmin.revoke(summary.id);
    await new Promise((resolve) => {
      setTimeout(resolve, deps.config.keyRefreshMs + 50);
    });
    expectProblem(await request(app).get('/v1/me').set('Authorization', `Bearer ${key}`), 401, 'INVALID_KEY');
  });

  it('when /v1/me is asked with a key, then it names the key and its role', async () => {
    expect((await signedIn(deps, 'system').get('/v1/me')).body).toEqual({ name: 'test system', role: 'system' });
    expectProblem(await request(appOf(deps)).get('/v1/me'), 401, 'AUTHENTICATION_REQUIRED');
  });
});

describe('the audit log', () => {
  it('when an inspector looks addresses up, then an admin finds each lookup with its ids, route pattern and request id', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    const a = entry.address;
    const byId = await signedIn(deps).get(`/v1/addresses/${a.verblijfsobjectId}`);
    await signedIn(deps)
      .get('/v1/addresses')
      .query({ postcode: a.postcode, huisnummer: String(a.huisnummer) });
    const res = await signedIn(deps, 'admin').get('/v1/audit').query({ key: 'test inspector', from });
    expect(res.status).toBe(200);
    const routes = res.body.entries.map((e: { route: string }) => e.route);
    expect(routes).toEqual(expect.arrayContaining(['/v1/addresses/{id}', '/v1/addresses']));
    const one = res.body.entries.find((e: { requestId: string }) => e.requestId === byId.headers['x-request-id']);
    expect(one).toMatchObject({
      keyName: 'test inspector',
      role: 'inspector',
      method: 'GET',
      status: 200,
      addressIds: [a.verblijfsobjectId],
    });
    expect(JSON.stringify(res.body)).not.toContain(a.postcode);
    const mine = await signedIn(deps, 'admin').get('/v1/audit').query({ address: a.verblijfsobjectId, from });
    expect(mine.body.entries.length).toBeGreaterThanOrEqual(2);
    expect(mine.body.entries.every((e: { addressIds: string[] }) => e.addressIds.includes(a.verblijfsobjectId))).toBe(true);
  });

  it('when the audit log is filtered by a time window that ended before, then it is empty', async () => {
    const res = await signedIn(deps, 'admin').get('/v1/audit').query({ to: '2000-01-01T00:00:00Z' });
    expect(res.body).toEqual({ count: 0, entries: [] });
    expectProblem(await signedIn(deps, 'admin').get('/v1/audit').query({ from: 'yesterday' }), 400, 'VALIDATION_FAILED');
    expectProblem(await signedIn(deps, 'inspector').get('/v1/audit'), 403, 'FORBIDDEN');
  });

  it('when an address is looked up, then the request log has the route pattern, not the postcode and number', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = appOf({ ...deps, logger: pino({ level: 'info' }, sink) });
    await signedIn(deps, 'inspector', app)
      .get('/v1/addresses')
      .query({ postcode: entry.address.postcode, huisnummer: String(entry.address.huisnummer) });
    await signedIn(deps, 'inspector', app).get(`/v1/addresses/${entry.address.verblijfsobjectId}`);
    const log = lines.join('');
    expect(log).toContain('"url":"/v1/addresses/{id}"');
    expect(log).not.toContain(entry.address.postcode);
    expect(log).not.toContain(entry.address.verblijfsobjectId);
  });
});

describe('abuse limits', () => {
  it('when an anonymous caller floods the API, then it gets 429 with Retry-After and RateLimit headers', async () => {
    const app = appOf({ ...deps, config: { ...deps.config, rateLimitAnonPerMin: 5 } });
    const statuses: number[] = [];
    let last!: request.Response;
    for (let i = 0; i < 8; i += 1) {
      last = await request(app).get('/v1/model');
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expectProblem(last, 429, 'RATE_LIMITED');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(last.headers.ratelimit).toMatch(/limit=5, remaining=0, reset=\d+/);
    expect((await request(app).get('/healthz')).status).toBe(200);
    expect((await signedIn(deps, 'planner', app).get('/v1/model')).status).toBe(200);
  });

  it('when a route is asked with the wrong method, then 405 names the allowed ones in Allow', async () => {
    const del = await request(appOf(deps)).delete('/v1/buurten');
    expectProblem(del, 405, 'METHOD_NOT_ALLOWED');
    expect(del.headers.allow).toBe('GET, HEAD');
    expect((await request(appOf(deps)).get('/v1/score')).headers.allow).toBe('POST');
  });

  it('when a POST has no body or an empty object, then 400', async () => {
    expectProblem(await signedIn(deps, 'system').post('/v1/score').set('content-type', 'application/json'), 400, 'VALIDATION_FAILED');
    expectProblem(await signedIn(deps, 'system').post('/v1/score').send({}), 400, 'VALIDATION_FAILED');
  });

  it('when explain=true is asked for more rows than allowed, then 413 BATCH_TOO_LARGE', async () => {
    const rows = Array.from({ length: deps.config.maxExplainRows + 1 }, () => ({ bouwjaar: 1920 }));
    expectProblem(await signedIn(deps, 'system').post('/v1/score?explain=true').send({ rows }), 413, 'BATCH_TOO_LARGE');
  });

  it('when a body declares a length over the limit, then 413 comes at once, before any byte is sent', async () => {
    const server = appOf(deps).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
      let text = '';
      socket.on('data', (c) => {
        text += String(c);
      });
      socket.write(
        `POST /v1/score HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${keyOf(deps, 'system')}\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n`,
      );
      await new Promise((resolve) => {
        socket.on('close', resolve);
        setTimeout(resolve, 3000).unref();
      });
      socket.destroy();
      expect(text).toMatch(/^HTTP\/1\.1 413/);
      expect(text).toContain('BODY_TOO_LARGE');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('security headers', () => {
  it('when anything is served, then CSP with frame-ancestors, nosniff and Referrer-Policy come with it', async () => {
    for (const path of ['/v1/buurten/BU00000000', '/healthz']) {
      const res = await request(appOf(deps)).get(path);
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('when extra origins are configured, then the CSP lets the viewer fetch and show images from them; a bad origin is refused', () => {
    expect(loadConfig({ CSP_EXTRA_ORIGINS: 'https://service.pdok.nl' }).cspExtraOrigins).toEqual(['https://service.pdok.nl']);
    expect(contentSecurityPolicy(['https://service.pdok.nl'])).toMatch(/connect-src 'self' https:\/\/service\.pdok\.nl;/);
    expect(() => loadConfig({ CSP_EXTRA_ORIGINS: "https://x.nl 'unsafe-eval'" })).toThrow(/CSP_EXTRA_ORIGINS/);
  });

  it('when a source map is asked for, then it is not served even if the viewer folder has one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'viewer-'));
    writeFileSync(join(dir, 'app.js'), 'export {};');
    writeFileSync(join(dir, 'app.js.map'), '{"version":3}');
    const app = appOf({ ...deps, config: { ...deps.config, viewerDir: dir } });
    expect((await request(app).get('/app.js')).status).toBe(200);
    expectProblem(await request(app).get('/app.js.map'), 404, 'NOT_FOUND');
  });
});

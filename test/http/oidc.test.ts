import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, sign } from 'node:crypto';
import request from 'supertest';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { jwksSource } from '../../service/adapters/access/jwks-source.js';
import { OidcVerifier } from '../../service/domain/access/oidc.js';
import { appOf, expectProblem, loadDemoDeps } from '../support/demo-deps.js';

const ISSUER = 'https://login.gemeente.example';
// A locally generated key set: one RSA and one EC signing key, as an issuer's JWKS would list them.
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwks = [
  { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'r1', use: 'sig' },
  { ...ec.publicKey.export({ format: 'jwk' }), kid: 'e1', use: 'sig' },
];

/** A signed JWT with the given claims (RS256 by default). */
function token(claims: Record<string, unknown>, alg: 'RS256' | 'ES256' = 'RS256', kid = alg === 'RS256' ? 'r1' : 'e1'): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const data = `${enc({ alg, kid, typ: 'JWT' })}.${enc(claims)}`;
  const sig =
    alg === 'RS256'
      ? sign('sha256', Buffer.from(data), rsa.privateKey)
      : sign('sha256', Buffer.from(data), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${data}.${sig.toString('base64url')}`;
}
const now = () => Math.floor(Date.now() / 1000);
const good = (extra: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  aud: 'funderingsrisico',
  sub: 'j.devries',
  role: 'inspector',
  exp: now() + 600,
  ...extra,
});

let deps: LoadedDeps;
let app: ReturnType<typeof appOf>;
beforeAll(async () => {
  deps = await loadDemoDeps();
  const oidc = new OidcVerifier({ issuer: ISSUER, audience: 'funderingsrisico', roleClaim: 'role', keys: async () => jwks });
  app = appOf({ ...deps, access: { ...deps.access, oidc } });
});
afterAll(async () => {
  await deps.close();
});

describe('OpenID Connect bearer tokens', () => {
  it('when a valid token names a role, then /v1/me shows its subject and role, and the route follows the role', async () => {
    for (const alg of ['RS256', 'ES256'] as const) {
      const res = await request(app)
        .get('/v1/me')
        .set('Authorization', `Bearer ${token(good(), alg)}`);
      expect(res.body).toEqual({ name: 'j.devries', role: 'inspector' });
    }
    expectProblem(
      await request(app)
        .get('/v1/audit')
        .set('Authorization', `Bearer ${token(good())}`),
      403,
      'FORBIDDEN',
    );
  });

  it('when a token is expired, for another audience or issuer, tampered, or has no known role, then 401 INVALID_KEY', async () => {
    const bad = [
      token(good({ exp: now() - 3600 })),
      token(good({ aud: 'other' })),
      token(good({ iss: 'https://evil.example' })),
      token(good({ role: 'superuser' })),
      `${token(good()).slice(0, -4)}AAAA`,
      token(good(), 'RS256', 'unknown'),
    ];
    for (const t of bad) expectProblem(await request(app).get('/v1/me').set('Authorization', `Bearer ${t}`), 401, 'INVALID_KEY');
  });

  it('when the key set is served at a JWKS URL, then it is fetched once and reused', async () => {
    let fetched = 0;
    const server = createServer((_req, res) => {
      fetched += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: jwks }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const keys = jwksSource(`http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`);
      const verifier = new OidcVerifier({ issuer: ISSUER, audience: null, roleClaim: 'groups', keys });
      expect(await verifier.verify(token(good({ groups: ['planner', 'admin'] })))).toEqual({ subject: 'j.devries', role: 'admin' });
      expect(await verifier.verify(token(good({ groups: ['system'] }), 'ES256'))).toEqual({ subject: 'j.devries', role: 'system' });
      expect(fetched).toBe(1);
    } finally {
      server.close();
    }
  });
});

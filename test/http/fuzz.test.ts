import fc from 'fast-check';
import request from 'supertest';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { appOf, loadDemoDeps } from '../support/demo-deps.js';

let deps: LoadedDeps;
beforeAll(async () => {
  deps = await loadDemoDeps();
});
afterAll(async () => {
  await deps.close();
});

/** Any answer must be below 500; an error must be a well-formed problem. */
function expectWellFormed(res: request.Response): void {
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(res.text) as Record<string, unknown>;
    expect(typeof body.code).toBe('string');
    expect(body.status).toBe(res.status);
    expect(typeof body.detail).toBe('string');
  }
}

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const featureKeys = [
  'bouwjaar',
  'woningtype',
  'bouwlagen',
  'maaiveld_nap_m',
  'veendikte_m',
  'pleistoceen_nap_m',
  'grondwater_nap_m',
  'bodemdaling_mm_jr',
  'paallengte_m',
  'funderingtype',
  'x',
];
const featureLike = fc.dictionary(fc.constantFrom(...featureKeys), fc.oneof(jsonValue, fc.double(), fc.integer(), fc.constant(null)));
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('1506', '1506AB 12', '12a', '%', '-1', 'NaN', '1e309'),
);
const runs = { numRuns: 60 };

describe('random and malformed input never causes a 5xx', () => {
  it('when POST /v1/score gets random JSON or feature-like objects, then every answer is < 500 and errors are problems', async () => {
    const app = appOf(deps);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(jsonValue, featureLike, fc.record({ rows: fc.array(fc.oneof(featureLike, jsonValue), { maxLength: 5 }) })),
        async (body) => {
          expectWellFormed(await request(app).post('/v1/score').set('content-type', 'application/json').send(JSON.stringify(body)));
        },
      ),
      runs,
    );
  });

  it('when POST /v1/score gets raw bytes as JSON, then the answer is a problem, never a crash', async () => {
    const app = appOf(deps);
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 60 }), async (raw) => {
        expectWellFormed(await request(app).post('/v1/score').set('content-type', 'application/json').send(raw));
      }),
      runs,
    );
  });

  it('when GET /v1/addresses gets random query parameters, then every answer is < 500', async () => {
    const app = appOf(deps);
    const keys = fc.constantFrom(
      'q',
      'postcode',
      'huisnummer',
      'huisletter',
      'toevoeging',
      'lon',
      'lat',
      'x',
      'y',
      'radius',
      'limit',
      'zz',
    );
    await fc.assert(
      fc.asyncProperty(fc.dictionary(keys, text, { maxKeys: 4 }), async (query) => {
        expectWellFormed(await request(app).get('/v1/addresses').query(query));
      }),
      runs,
    );
  });

  it('when path segments are random, then address, buurt, what-if and tile routes answer < 500', async () => {
    const app = appOf(deps);
    // Mostly well-encoded segments, sometimes raw broken percent-encodings.
    const seg = fc.oneof(
      text.map((s) => encodeURIComponent(s) || 'x'),
      fc.constantFrom('%', '%E0%A4%A', '%zz', 'a%2', '%00'),
    );
    await fc.assert(
      fc.asyncProperty(seg, seg, featureLike, async (a, b, overrides) => {
        expectWellFormed(await request(app).get(`/v1/addresses/${a}`));
        expectWellFormed(await request(app).get(`/v1/buurten/${a}`));
        expectWellFormed(await request(app).get(`/v1/buurten?format=${b}`));
        expectWellFormed(await request(app).get(`/tiles/${a}/${b}/1/1.mvt`));
        expectWellFormed(await request(app).post(`/v1/addresses/${a}/what-if`).send({ overrides }));
      }),
      runs,
    );
  });

  it('when a body claims gzip but is not, then the answer is a 400 problem', async () => {
    const app = appOf(deps);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 40 }), fc.constantFrom('gzip', 'deflate', 'br', 'x-unknown'), async (bytes, encoding) => {
        expectWellFormed(
          await request(app)
            .post('/v1/score')
            .set('content-type', 'application/json')
            .set('content-encoding', encoding)
            .send(Buffer.from(bytes)),
        );
      }),
      runs,
    );
  });

  it('when a real address gets random what-if overrides, then every answer is < 500', async () => {
    const app = appOf(deps);
    const id = (
      await deps.store.search({ postcode: null, pc4: '1506', huisnummer: null, huisletter: null, toevoeging: null, words: [] }, 1)
    )[0].address.verblijfsobjectId;
    await fc.assert(
      fc.asyncProperty(fc.oneof(featureLike, jsonValue), async (overrides) => {
        expectWellFormed(
          await request(app)
            .post(`/v1/addresses/${id}/what-if`)
            .set('content-type', 'application/json')
            .send(JSON.stringify({ overrides })),
        );
      }),
      runs,
    );
  });
});

describe('random plan requests never cause a 5xx', () => {
  it('when POST /v1/plans gets random or plan-like bodies from a planner, then every answer is < 500 and errors are problems', async () => {
    const { signedIn } = await import('../support/demo-deps.js');
    const app = appOf(deps);
    const position = fc.tuple(
      fc.oneof(fc.double({ min: 4.6, max: 5 }), fc.double()),
      fc.oneof(fc.double({ min: 52.3, max: 52.6 }), fc.double()),
    );
    const planLike = fc.record(
      {
        objective: fc.oneof(fc.constantFrom('find-problems', 'reduce-uncertainty', 'audit'), jsonValue),
        budget: fc.oneof(
          fc.record({ surveys: fc.oneof(fc.integer({ min: -5, max: 3000 }), jsonValue) }),
          fc.record(
            { euros: fc.oneof(fc.double({ min: 0, max: 1e6 }), jsonValue), costPerBlock: fc.integer({ min: -1, max: 5000 }) },
            { requiredKeys: ['euros'] },
          ),
          jsonValue,
        ),
        area: fc.oneof(
          fc.record({ wijken: fc.array(fc.constantFrom('WK047911', 'WK999999', 'x'), { maxLength: 2 }) }),
          fc.record({
            polygon: fc.record({
              type: fc.constantFrom('Polygon', 'MultiPolygon'),
              coordinates: fc.array(fc.array(position, { maxLength: 6 }), { maxLength: 2 }),
            }),
          }),
          jsonValue,
        ),
        onePerBlock: fc.oneof(fc.boolean(), jsonValue),
        seed: fc.oneof(fc.integer({ min: -1, max: 2 ** 31 }), jsonValue),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(jsonValue, planLike), async (body) => {
        expectWellFormed(
          await signedIn(deps, 'planner', app).post('/v1/plans').set('content-type', 'application/json').send(JSON.stringify(body)),
        );
      }),
      { numRuns: 40 },
    );
  }, 240_000);
});

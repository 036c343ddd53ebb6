import type { z } from 'zod';
import type { LoadedDeps } from '../../service/bootstrap.js';
import {
  addressAnswerSchema,
  buurtDetailResponseSchema,
  buurtenResponseSchema,
  healthResponseSchema,
  lookupResponseSchema,
  modelCardResponseSchema,
  modelResponseSchema,
  readyResponseSchema,
  scoreBatchResponseSchema,
  scoreOneResponseSchema,
  searchResponseSchema,
  whatIfResponseSchema,
} from '../../service/http/response-schemas.js';
import type { AddressEntry } from '../../service/ports/store.js';
import { BERTH_ID, type ContractWorld, openMemoryStore, openWorld } from '../contract/store-fixture.js';
import { appOf, loadDemoDeps, signedIn } from '../support/demo-deps.js';

// Real responses parsed with the documented (strict) schemas: an undocumented or missing field fails.
let deps: LoadedDeps;
let world: ContractWorld;
let app: ReturnType<typeof appOf>;
let scored: AddressEntry;
let restored: AddressEntry;
beforeAll(async () => {
  [deps, world] = await Promise.all([loadDemoDeps(), openWorld()]);
  app = appOf({ ...deps, store: openMemoryStore(world) });
  scored = world.reference.find((e) => e.score.probability !== null && e.register !== null)!;
  restored = world.reference.find((e) => e.register?.hersteld)!;
});
afterAll(async () => {
  await Promise.all([deps.close(), world.close()]);
});

function conforms(schema: z.ZodType, body: unknown): void {
  const parsed = schema.safeParse(body);
  expect(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
}

const row = {
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

describe('responses match their documented schemas', () => {
  it('when the score endpoint answers one object, a batch with good, unscorable and bad rows, and explanations, then each conforms', async () => {
    conforms(scoreOneResponseSchema, (await signedIn(deps, 'inspector', app).post('/v1/score').send(row)).body);
    conforms(scoreOneResponseSchema, (await signedIn(deps, 'inspector', app).post('/v1/score?explain=true').send(row)).body);
    conforms(
      scoreOneResponseSchema,
      (
        await signedIn(deps, 'inspector', app)
          .post('/v1/score')
          .send({ ...row, bouwjaar: null })
      ).body,
    );
    const batch = { rows: [row, { ...row, bouwjaar: null }, { ...row, veendikte_m: 'dik' }] };
    conforms(scoreBatchResponseSchema, (await signedIn(deps, 'inspector', app).post('/v1/score').send(batch)).body);
    conforms(scoreBatchResponseSchema, (await signedIn(deps, 'inspector', app).post('/v1/score?explain=true').send(batch)).body);
  });

  it('when addresses are searched, looked up, reverse-looked-up and fetched, then each conforms, whatever the reason', async () => {
    const a = scored.address;
    conforms(
      searchResponseSchema,
      (await signedIn(deps, 'inspector', app).get(`/v1/addresses?q=${encodeURIComponent(`${a.postcode} ${a.huisnummer}`)}`)).body,
    );
    conforms(
      lookupResponseSchema,
      (await signedIn(deps, 'inspector', app).get(`/v1/addresses?postcode=${a.postcode}&huisnummer=${a.huisnummer}`)).body,
    );
    conforms(lookupResponseSchema, (await signedIn(deps, 'inspector', app).get(`/v1/addresses?lon=${a.lon}&lat=${a.lat}`)).body);
    for (const id of [a.verblijfsobjectId, restored.address.verblijfsobjectId, BERTH_ID]) {
      conforms(addressAnswerSchema, (await signedIn(deps, 'inspector', app).get(`/v1/addresses/${id}`)).body);
    }
  });

  it('when a what-if is asked, including one that makes the address unscorable, then it conforms', async () => {
    const url = `/v1/addresses/${scored.address.verblijfsobjectId}/what-if`;
    conforms(
      whatIfResponseSchema,
      (
        await signedIn(deps, 'inspector', app)
          .post(url)
          .send({ overrides: { grondwater_nap_m: -3 } })
      ).body,
    );
    conforms(
      whatIfResponseSchema,
      (
        await signedIn(deps, 'inspector', app)
          .post(url)
          .send({ overrides: { bouwjaar: null } })
      ).body,
    );
  });

  it('when buurten, one buurt, health, readiness, the model and its card are fetched, then each conforms', async () => {
    const buurten = await signedIn(deps, 'inspector', app).get('/v1/buurten');
    conforms(buurtenResponseSchema, JSON.parse(buurten.text));
    conforms(
      buurtDetailResponseSchema,
      JSON.parse((await signedIn(deps, 'inspector', app).get(`/v1/buurten/${scored.address.buurtCode}`)).text),
    );
    conforms(healthResponseSchema, (await signedIn(deps, 'inspector', app).get('/healthz')).body);
    conforms(readyResponseSchema, (await signedIn(deps, 'inspector', app).get('/readyz')).body);
    conforms(modelResponseSchema, (await signedIn(deps, 'inspector', app).get('/v1/model')).body);
    conforms(modelCardResponseSchema, (await signedIn(deps, 'inspector', app).get('/v1/model/card')).body);
  });

  it('when a response gains a field the schema does not document, then the check fails', () => {
    expect(healthResponseSchema.safeParse({ status: 'ok', extra: 1 }).success).toBe(false);
  });
});

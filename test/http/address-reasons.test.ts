import type { LoadedDeps } from '../../service/bootstrap.js';
import { BERTH_ID, type ContractWorld, openMemoryStore, openWorld } from '../contract/store-fixture.js';
import { appOf, expectProblem, loadDemoDeps, signedIn } from '../support/demo-deps.js';

// The contract slice of the demo plus one houseboat berth without a pand (the demo itself has none).
let deps: LoadedDeps;
let world: ContractWorld;
let app: ReturnType<typeof appOf>;
beforeAll(async () => {
  [deps, world] = await Promise.all([loadDemoDeps(), openWorld()]);
  app = appOf({ ...deps, store: openMemoryStore(world) });
});
afterAll(async () => {
  await Promise.all([deps.close(), world.close()]);
});

describe('reason codes of the address answer', () => {
  it('when an address has no building, then there is no number and no mechanism verdict but the reason NO_BUILDING', async () => {
    const res = await signedIn(deps, 'inspector', app).get(`/v1/addresses/${BERTH_ID}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      scored: false,
      risk: null,
      reason: { code: 'NO_BUILDING' },
      mechanisms: [],
      survey: null,
      address: { id: BERTH_ID, pandId: null },
    });
    expect(res.body.reason.message).toMatch(/houseboat berth \(ligplaats\)/);
    expect(res.body.reason.messageNl).toMatch(/ligplaats \(woonboot\)/);
  });

  it('when a what-if gives an address without a building a construction year, then it still says NO_BUILDING', async () => {
    const res = await signedIn(deps, 'inspector', app)
      .post(`/v1/addresses/${BERTH_ID}/what-if`)
      .send({ overrides: { bouwjaar: 1910, funderingtype: 'houten-palen' } });
    expect(res.status).toBe(200);
    expect(res.body.after).toMatchObject({ scored: false, reason: { code: 'NO_BUILDING' } });
    expect(res.body.changes).toEqual([]);
  });

  it('when a what-if makes the construction year unknown, then the new answer says INSUFFICIENT_DATA instead of a number', async () => {
    const scored = world.reference.find((e) => e.score.probability !== null)!;
    const res = await signedIn(deps, 'inspector', app)
      .post(`/v1/addresses/${scored.address.verblijfsobjectId}/what-if`)
      .send({ overrides: { bouwjaar: null } });
    expect(res.status).toBe(200);
    expect(res.body.before.scored).toBe(true);
    expect(res.body.after).toMatchObject({ scored: false, risk: null, reason: { code: 'INSUFFICIENT_DATA' } });
  });

  it('when a well-formed id names no address, then the answer is a 404 problem with ADDRESS_NOT_FOUND', async () => {
    expectProblem(await signedIn(deps, 'inspector', app).get('/v1/addresses/0479020000099999'), 404, 'ADDRESS_NOT_FOUND');
  });
});

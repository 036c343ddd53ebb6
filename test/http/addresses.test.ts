import type { LoadedDeps } from '../../service/bootstrap.js';
import type { AddressEntry } from '../../service/ports/store.js';
import { featureInputFromAddress } from '../../service/features/from-address.js';
import { wgs84ToRd } from '../../service/geo/rd-new.js';
import { expectProblem, loadDemoDeps, signedIn } from '../support/demo-deps.js';

let deps: LoadedDeps;
let scoredEntry: AddressEntry;
let restoredEntry: AddressEntry | undefined;
beforeAll(async () => {
  deps = await loadDemoDeps();
  const all = await deps.store.search(
    { postcode: null, pc4: '1506', huisnummer: null, huisletter: null, toevoeging: null, words: [] },
    100_000,
  );
  scoredEntry = all.find((e) => e.score.probability !== null && e.address.huisletter === null && e.address.toevoeging === null)!;
  restoredEntry = all.find((e) => e.register?.hersteld);
});
afterAll(async () => {
  await deps.close();
});

describe('GET /v1/addresses', () => {
  it('when postcode and huisnummer name an address, then its features, factors and score come back', async () => {
    const a = scoredEntry.address;
    const res = await signedIn(deps)
      .get('/v1/addresses')
      .query({ postcode: a.postcode.toLowerCase(), huisnummer: String(a.huisnummer) });
    expect(res.status).toBe(200);
    const hit = res.body.results.find((r: { address: { id: string } }) => r.address.id === a.verblijfsobjectId);
    expect(hit).toMatchObject({ scored: true, modelVersion: deps.manifest.version, risk: { riskClass: expect.stringMatching(/^[A-E]$/) } });
    expect(hit.inputs.map((i: { name: string }) => i.name)).toContain('bouwjaar');
    expect(hit.mechanisms).toHaveLength(4);
    expect(hit.risk.factors.length).toBe(deps.manifest.features.length);
  });

  it('when an address is looked up on the demo, then the answer names the dataset version, the very data the model was trained on', async () => {
    const res = await signedIn(deps).get(`/v1/addresses/${scoredEntry.address.verblijfsobjectId}`);
    expect(res.body).toMatchObject({ datasetName: 'zaanstad-demo', datasetVersion: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(res.body.datasetVersion).toBe(deps.manifest.datasetHash);
  });

  it('when an address is looked up, then its probability is what the model gives for its inputs now', async () => {
    const res = await signedIn(deps).get(`/v1/addresses/${scoredEntry.address.verblijfsobjectId}`);
    const fresh = await deps.scorer.scoreOne(featureInputFromAddress(scoredEntry.address));
    expect(res.body.risk.probabilitySurvey).toBeCloseTo(fresh.probabilitySurvey, 6);
    if (fresh.probability === null) expect(res.body.risk.probability).toBeNull();
    else expect(res.body.risk.probability).toBeCloseTo(fresh.probability, 6);
    expect(res.body.risk.conformal).toEqual(fresh.conformal);
  });

  it('when an address in a surveyed block is looked up, then its factors show the neighbourhood evidence from the register, labelled', async () => {
    const res = await signedIn(deps).get(`/v1/addresses/${scoredEntry.address.verblijfsobjectId}`);
    const factor = (name: string) => res.body.risk.factors.find((f: { feature: string }) => f.feature === name);
    const buren = scoredEntry.address.buren!;
    expect(buren).toBeDefined();
    expect(factor('straal_onderzocht_n')).toMatchObject({
      value: buren.straalOnderzocht,
      labelEn: 'Surveyed panden within 150 m',
      unit: 'panden',
    });
    expect(factor('blok_onderzocht_n')).toMatchObject({ value: buren.blokOnderzocht, labelNl: 'Onderzochte panden in het bouwblok' });
  });

  it('when a row is scored without a pand (POST /v1/score), then the neighbourhood factors are missing, not zero', async () => {
    const { bouwjaar, woningtype, bouwlagen, maaiveldNapM, veendikteM } = scoredEntry.address;
    const res = await signedIn(deps)
      .post('/v1/score')
      .query({ explain: 'true' })
      .send({ bouwjaar, woningtype, bouwlagen, maaiveld_nap_m: maaiveldNapM, veendikte_m: veendikteM });
    expect(res.status).toBe(200);
    const factors = res.body.factors ?? res.body.results?.[0]?.factors;
    expect(factors.find((f: { feature: string }) => f.feature === 'straal_onderzocht_n')).toMatchObject({ value: null });
  });

  it('when the address does not exist, then the answer is a 404 ADDRESS_NOT_FOUND problem', async () => {
    const res = await signedIn(deps).get('/v1/addresses').query({ postcode: '9999ZZ', huisnummer: '1' });
    expectProblem(res, 404, 'ADDRESS_NOT_FOUND');
  });

  it('when the postcode is malformed, then the problem names the postcode field', async () => {
    const res = await signedIn(deps).get('/v1/addresses').query({ postcode: '15O6AB', huisnummer: '12' });
    const body = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([expect.objectContaining({ path: 'postcode' })]);
  });

  it('when someone types "<postcode> <number>" in the search box, then that address is the first suggestion', async () => {
    const a = scoredEntry.address;
    const res = await signedIn(deps)
      .get('/v1/addresses')
      .query({ q: `${a.postcode.slice(0, 4)} ${a.postcode.slice(4).toLowerCase()} ${a.huisnummer}` });
    expect(res.status).toBe(200);
    expect(res.body.results[0].id).toBe(a.verblijfsobjectId);
  });

  it('when someone types a street name and number, then suggestions are on that street', async () => {
    const a = scoredEntry.address;
    const res = await signedIn(deps)
      .get('/v1/addresses')
      .query({ q: `${a.straat.toLowerCase()} ${a.huisnummer}`, limit: '5' });
    expect(res.status).toBe(200);
    expect(res.body.results.length).toBeGreaterThan(0);
    expect(res.body.results.length).toBeLessThanOrEqual(5);
    expect(res.body.results[0]).toMatchObject({ straat: a.straat, huisnummer: a.huisnummer });
  });

  it('when the search query is too long, then the answer is QUERY_TOO_LONG', async () => {
    const res = await signedIn(deps)
      .get('/v1/addresses')
      .query({ q: 'x'.repeat(500) });
    expectProblem(res, 400, 'QUERY_TOO_LONG');
  });

  it('when a point in RD New sits on an address, then reverse lookup finds it', async () => {
    const a = scoredEntry.address;
    const [x, y] = wgs84ToRd([a.lon, a.lat]);
    const res = await signedIn(deps)
      .get('/v1/addresses')
      .query({ x: String(x), y: String(y), radius: '5' });
    expect(res.status).toBe(200);
    expect(res.body.results[0].address.lat).toBeCloseTo(a.lat, 5);
  });

  it('when no lookup parameter is given, then the problem says which ones exist', async () => {
    const res = await signedIn(deps).get('/v1/addresses');
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });
});

describe('GET /v1/addresses/{id}', () => {
  it('when the id is unknown, then 404 ADDRESS_NOT_FOUND', async () => {
    const res = await signedIn(deps).get('/v1/addresses/0479010000999999');
    expectProblem(res, 404, 'ADDRESS_NOT_FOUND');
  });

  it('when the id is not a BAG id, then 400 naming the id', async () => {
    const res = await signedIn(deps).get('/v1/addresses/abc');
    const body = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([expect.objectContaining({ path: 'id' })]);
  });

  it('when the foundation was restored, then there is no number but the reason ALREADY_RESTORED', async () => {
    expect(restoredEntry).toBeDefined();
    const res = await signedIn(deps).get(`/v1/addresses/${restoredEntry!.address.verblijfsobjectId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ scored: false, risk: null, reason: { code: 'ALREADY_RESTORED' }, survey: { hersteld: true } });
  });

  it('when a re-surveyed audit-sample address is looked up, then its survey record says so and gives the re-survey', async () => {
    const audited = (
      await deps.store.search({ postcode: null, pc4: '1506', huisnummer: null, huisletter: null, toevoeging: null, words: [] }, 100_000)
    ).find((e) => e.register?.steekproef && e.register.herhaalKlasse !== null);
    expect(audited).toBeDefined();
    const res = await signedIn(deps).get(`/v1/addresses/${audited!.address.verblijfsobjectId}`);
    const { herhaalKlasse, herhaalJaar } = audited!.register!;
    expect(res.body.survey).toMatchObject({
      onderzocht: true,
      steekproef: true,
      herhaalKlasse: expect.stringMatching(/^[A-E]$/),
      herhaalJaar: expect.any(Number),
    });
    expect(res.body.survey).toMatchObject({ herhaalKlasse, herhaalJaar });
  });
});

describe('POST /v1/addresses/{id}/what-if', () => {
  it('when the groundwater drops a metre, then the answer changes and the groundwater factor is listed', async () => {
    const a = scoredEntry.address;
    const res = await signedIn(deps)
      .post(`/v1/addresses/${a.verblijfsobjectId}/what-if`)
      .send({ overrides: { grondwater_nap_m: (a.grondwaterNapM ?? -1.5) - 1, bodemdaling_mm_jr: -8 } });
    expect(res.status).toBe(200);
    expect(res.body.after.inputs.find((i: { name: string }) => i.name === 'grondwater_nap_m').source).toBe('assumed');
    expect(res.body.changes.map((c: { feature: string }) => c.feature)).toContain('grondwater_nap_m');
    expect(res.body.after.risk.probabilitySurvey).not.toBe(res.body.before.risk.probabilitySurvey);
  });

  it('when a known pile length is given, then the model answer moves through the archive pile-length evidence and the bacterial rule uses it', async () => {
    // Since gbdt-demo-v3 the model reads a known pile length (archive evidence features paallengte_archief_m, paallengte_tekort_m).
    const res = await signedIn(deps)
      .post(`/v1/addresses/${scoredEntry.address.verblijfsobjectId}/what-if`)
      .send({ overrides: { paallengte_m: 8 } });
    expect(res.status).toBe(200);
    expect(res.body.after.risk.probabilitySurvey).not.toBeCloseTo(res.body.before.risk.probabilitySurvey, 6);
    const factor = res.body.after.risk.factors.find((f: { feature: string }) => f.feature === 'paallengte_archief_m');
    expect(factor).toMatchObject({ value: 8, labelEn: 'Pile length (archive)', labelNl: 'Paallengte (archief)', unit: 'm' });
    expect(res.body.after.inputs.find((i: { name: string }) => i.name === 'paallengte_m')).toMatchObject({
      value: 8,
      source: 'assumed',
      labelEn: 'Pile length',
    });
    const bacterial = res.body.after.mechanisms.find((m: { code: string }) => m.code === 'bacterieel');
    if (bacterial.riskClass !== null) expect(bacterial.explanationEn).toMatch(/8\.0 m \(short\)/);
  });

  it('when the groundwater is set far below anything the model was trained on, then that input and the drainage depth are marked outside the training range, with the range from the card', async () => {
    const a = scoredEntry.address;
    const ranges = deps.manifest.trainingRanges!;
    const gw = ranges.features.grondwater_nap_m;
    const res = await signedIn(deps)
      .post(`/v1/addresses/${a.verblijfsobjectId}/what-if`)
      .send({ overrides: { grondwater_nap_m: gw.min - 5 } });
    expect(res.status).toBe(200);
    const input = (ans: { inputs: { name: string }[] }, name: string) => ans.inputs.find((i) => i.name === name);
    expect(input(res.body.after, 'grondwater_nap_m')).toMatchObject({
      value: gw.min - 5,
      trainingRange: { min: gw.min, max: gw.max },
      outsideTrainingRange: true,
    });
    expect(input(res.body.before, 'grondwater_nap_m')).toMatchObject({ outsideTrainingRange: false });
    const factor = res.body.after.risk.factors.find((f: { feature: string }) => f.feature === 'ontwateringsdiepte_m');
    expect(factor).toMatchObject({ outsideTrainingRange: true });
    expect(factor.trainingRange).toEqual({ min: ranges.features.ontwateringsdiepte_m.min, max: ranges.features.ontwateringsdiepte_m.max });
    // categorical inputs and features have no range
    expect(input(res.body.after, 'woningtype')).not.toHaveProperty('trainingRange');
    const cat = res.body.after.risk.factors.find((f: { feature: string }) => f.feature === 'woningtype');
    expect(cat).not.toHaveProperty('outsideTrainingRange');
  });

  it('when the overrides are empty, then 400 says to give at least one', async () => {
    const res = await signedIn(deps).post(`/v1/addresses/${scoredEntry.address.verblijfsobjectId}/what-if`).send({ overrides: {} });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('when an override has the wrong type, then 400 names overrides.<field>', async () => {
    const res = await signedIn(deps)
      .post(`/v1/addresses/${scoredEntry.address.verblijfsobjectId}/what-if`)
      .send({ overrides: { funderingtype: 'stro' } });
    const body = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([expect.objectContaining({ path: 'overrides.funderingtype' })]);
  });
});

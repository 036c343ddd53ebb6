import { parseAddressQuery } from '../../service/domain/address-query.js';
import { compareAddresses, matchScore } from '../../service/domain/address-ranking.js';
import { computeBuurtStats } from '../../service/domain/buurt-stats.js';
import type { Store } from '../../service/ports/store.js';
import {
  AUDIT_PANDEN,
  BERTH_ID,
  type ContractWorld,
  OPTIONAL_INPUT_VALUES,
  SUPPRESS_BELOW,
  TINY_BUURT,
  openMemoryStore,
  openPostgisStore,
  openWorld,
  storeKinds,
  tileOf,
} from './store-fixture.js';
import { layerNames, layerProperties } from './tile-decode.js';
import { areaAggregates, areaTileProperties } from '../../service/domain/area-aggregates.js';
import { tileProperties } from '../../service/adapters/memory/tile-index.js';

const databaseUrl = process.env.DATABASE_URL;
const kinds = storeKinds(databaseUrl);
let world: ContractWorld;
beforeAll(async () => {
  world = await openWorld();
});
afterAll(async () => {
  await world.close();
});

/** Opens a store of the given kind over the contract world. */
async function openStore(kind: 'memory' | 'postgis'): Promise<Store> {
  return kind === 'memory' ? openMemoryStore(world) : openPostgisStore(world, databaseUrl!);
}

describe.each(kinds)('the %s store (contract)', (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(kind);
  });
  afterAll(async () => {
    await store.close();
  });

  const withRegister = () => world.reference.find((e) => e.register !== null && e.score.probability !== null)!;
  const sharedNumber = () => {
    const key = (e: (typeof world.reference)[number]) => `${e.address.postcode}|${e.address.huisnummer}`;
    const counts = new Map<string, number>();
    for (const e of world.reference) counts.set(key(e), (counts.get(key(e)) ?? 0) + 1);
    return world.reference.find((e) => counts.get(key(e))! > 1 && e.address.huisletter !== null) ?? world.reference[0];
  };

  it('when asked for info, then it describes the loaded dataset and its version', async () => {
    expect(await store.info()).toEqual({ ...world.dataset.info, version: world.dataset.version });
  });

  it('when info is asked for twice with the data unchanged, then it is the same object (answers are cached on it)', async () => {
    expect(await store.info()).toBe(await store.info());
  });

  it('when pinged with the data loaded, then it resolves', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('when an address id is looked up, then its address, register row and score come back', async () => {
    const e = withRegister();
    expect(await store.getAddress(e.address.verblijfsobjectId)).toEqual(e);
  });

  it('when an address with the optional archive and soil inputs is looked up, then every one comes back', async () => {
    const keys = Object.keys(OPTIONAL_INPUT_VALUES);
    expect(keys.length).toBeGreaterThan(0);
    // The regenerated demo carries these columns for many addresses: pick the pand the fixture set them on.
    const archived = world.reference.filter((e) =>
      keys.every((k) => (e.address as unknown as Record<string, unknown>)[k] === OPTIONAL_INPUT_VALUES[k]),
    );
    expect(archived.length).toBeGreaterThan(0);
    for (const e of archived) {
      const got = await store.getAddress(e.address.verblijfsobjectId);
      expect(got).toEqual(e);
      expect(got!.address).toMatchObject(OPTIONAL_INPUT_VALUES);
    }
  });

  it('when an audit-sample pand with a re-survey is looked up, then its register row carries steekproef and the re-survey', async () => {
    const audited = world.reference.filter((e) => e.register?.steekproef);
    expect(new Set(audited.map((e) => e.register!.pandId)).size).toBe(AUDIT_PANDEN);
    for (const e of audited) expect(await store.getAddress(e.address.verblijfsobjectId)).toEqual(e);
    const resurveyed = audited.find((e) => e.register!.herhaalKlasse !== null)!;
    expect((await store.getAddress(resurveyed.address.verblijfsobjectId))!.register).toMatchObject({
      steekproef: true,
      herhaalKlasse: 'C',
      herhaalJaar: 2024,
    });
  });

  it('when an address without a building is looked up, then it has no register row and the reason NO_BUILDING', async () => {
    const berth = await store.getAddress(BERTH_ID);
    expect(berth).toEqual(world.reference.find((e) => e.address.verblijfsobjectId === BERTH_ID));
    expect(berth).toMatchObject({
      address: { pandId: null },
      register: null,
      score: { probability: null, riskClass: null, reason: 'NO_BUILDING' },
    });
  });

  it('when an unknown address id is looked up, then the answer is null', async () => {
    expect(await store.getAddress('0000000000000000')).toBeNull();
  });

  it('when postcode and number are given, then every address at that number comes back in natural order', async () => {
    const { postcode, huisnummer } = sharedNumber().address;
    const expected = world.reference.filter((e) => e.address.postcode === postcode && e.address.huisnummer === huisnummer);
    expect(await store.findByPostcode({ postcode, huisnummer, huisletter: null, toevoeging: null })).toEqual(expected);
  });

  it('when a huisletter is given too, then only addresses with that letter come back', async () => {
    const { postcode, huisnummer, huisletter } = sharedNumber().address;
    const found = await store.findByPostcode({ postcode, huisnummer, huisletter, toevoeging: null });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((e) => e.address.huisletter === huisletter)).toBe(true);
  });

  it('when a full postcode and number are searched, then that address ranks first', async () => {
    const a = world.reference[Math.floor(world.reference.length / 3)].address;
    const found = await store.search(
      parseAddressQuery(
        `${a.postcode.slice(0, 4)} ${a.postcode.slice(4)} ${a.huisnummer}${a.huisletter ?? ''}${a.toevoeging ? `-${a.toevoeging}` : ''}`,
      ),
      5,
    );
    expect(found[0].address).toEqual(a);
  });

  it('when a street and number are searched, then results are ranked by match score, ties in natural order', async () => {
    const a = world.reference[Math.floor(world.reference.length / 2)].address;
    const q = parseAddressQuery(`${a.straat.slice(0, 6)} ${a.huisnummer}`);
    const found = await store.search(q, 20);
    expect(found.length).toBeGreaterThan(0);
    const scores = found.map((e) => matchScore(q, e.address)!);
    for (let i = 1; i < found.length; i += 1) {
      expect(scores[i] <= scores[i - 1]).toBe(true);
      if (scores[i] === scores[i - 1]) expect(compareAddresses(found[i - 1].address, found[i].address)).toBeLessThanOrEqual(0);
    }
  });

  it('when street and place words share their first letters, then each address is listed once', async () => {
    const a =
      world.reference.find((e) => e.address.straat.slice(0, 2).toLowerCase() === e.address.woonplaats.slice(0, 2).toLowerCase())?.address ??
      world.reference[0].address;
    const found = await store.search(parseAddressQuery(`${a.straat.slice(0, 3)} ${a.woonplaats}`), 50);
    const ids = found.map((e) => e.address.verblijfsobjectId);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('when a street is typed with one letter left out, swapped or replaced, then an address of that street and number ranks first', async () => {
    for (const e of sample(12)) {
      const a = e.address;
      if (a.straat.length < 6 || !/^[A-Za-z ]+$/.test(a.straat)) continue;
      for (const typo of typosOf(a.straat)) {
        const found = await store.search(parseAddressQuery(`${typo} ${a.huisnummer}${a.huisletter ?? ''}`), 5);
        expect({ typo, first: found[0] && { straat: found[0].address.straat, huisnummer: found[0].address.huisnummer } }).toEqual({
          typo,
          first: { straat: a.straat, huisnummer: a.huisnummer },
        });
      }
    }
  });

  it('when the number is typed straight after the street, then that address ranks first', async () => {
    const a = world.reference.find(
      (e) => e.address.huisletter === null && e.address.toevoeging === null && /^[A-Za-z]+$/.test(e.address.straat),
    )!.address;
    const found = await store.search(parseAddressQuery(`${a.straat}${a.huisnummer}`), 5);
    expect(found[0].address).toMatchObject({ straat: a.straat, huisnummer: a.huisnummer, huisletter: null });
  });

  it('when nonsense is searched, then nothing is found', async () => {
    for (const text of ['qxzvwk 12', 'Bwrtzplq', 'zzzzzz']) expect(await store.search(parseAddressQuery(text), 10)).toEqual([]);
  });

  it('when a four-digit postcode area is searched, then every result lies in it', async () => {
    const found = await store.search(parseAddressQuery('1506'), 15);
    expect(found.length).toBe(15);
    expect(found.every((e) => e.address.postcode.startsWith('1506'))).toBe(true);
  });

  it('when a point on an address is given, then the first address at that spot in natural order comes back', async () => {
    const a = world.reference[100].address;
    const expected = world.reference.find((e) => e.address.lon === a.lon && e.address.lat === a.lat)!;
    expect((await store.nearest(a.lon, a.lat, 50))?.address.verblijfsobjectId).toBe(expected.address.verblijfsobjectId);
  });

  it('when no address lies within the radius, then the answer is null', async () => {
    expect(await store.nearest(5.5, 52.0, 100)).toBeNull();
  });

  it('when every entry is listed, then each address comes once in natural order, and a buurt filter keeps only its addresses', async () => {
    const all = await store.listEntries(null);
    expect(all.map((e) => e.address.verblijfsobjectId).sort()).toEqual(world.reference.map((e) => e.address.verblijfsobjectId).sort());
    for (let i = 1; i < all.length; i += 1) expect(compareAddresses(all[i - 1].address, all[i].address)).toBeLessThan(0);
    const some = await store.listEntries([world.dataset.buurten[0].code]);
    expect(some.map((e) => e.address.verblijfsobjectId)).toEqual(
      all.filter((e) => e.address.buurtCode === world.dataset.buurten[0].code).map((e) => e.address.verblijfsobjectId),
    );
    expect(some.length).toBeGreaterThan(0);
  });

  it('when a plan is kept, then it comes back whole with its model and dataset version; an unknown id gives null', async () => {
    const plan = {
      id: `plan-${kind}-${Date.now()}`,
      createdAt: '2026-11-30T12:00:00.000Z',
      modelVersion: 'm1',
      datasetVersion: 'd1',
      objective: 'audit',
      answer: { buildings: [{ pandId: '0479100000000002', probability: 0.25 }], nested: { a: [1, 2] } },
    };
    await store.savePlan(plan);
    expect(await store.getPlan(plan.id)).toEqual(plan);
    expect(await store.getPlan('no-such-plan')).toBeNull();
  });

  it('when buurten are listed, then they come in dataset order with statistics of their addresses', async () => {
    const listed = await store.listBuurten();
    expect(listed.map((b) => b.buurt)).toEqual(world.dataset.buurten);
    for (const b of listed)
      expect(b.stats).toEqual(
        computeBuurtStats(
          world.reference.filter((e) => e.address.buurtCode === b.buurt.code),
          world.scorer.stockCovariance,
        ),
      );
  });

  it('when the model has a stock scale, then every buurt carries the stock-scale expected count and its variance', async () => {
    const listed = await store.listBuurten();
    if (world.scorer.stockCovariance === null) return expect(listed.every((b) => b.stats.stock === null)).toBe(true);
    for (const b of listed) {
      const expected = world.reference
        .filter((e) => e.address.buurtCode === b.buurt.code)
        .reduce((s, e) => s + (e.score.probabilityStock ?? 0), 0);
      expect(b.stats.stock?.sum).toBeCloseTo(expected, 9);
      expect(b.stats.stock?.variance).toBeGreaterThanOrEqual(0);
    }
  });

  it('when an unknown buurt is asked for, then the answer is null', async () => {
    expect(await store.getBuurt('BU99999999')).toBeNull();
  });

  it('when an address tile below zoom 15 is asked for, then it is empty', async () => {
    const a = world.reference[0].address;
    const [x, y] = tileOf(a.lon, a.lat, 14);
    expect((await store.tile('addresses', 14, x, y)).length).toBe(0);
  });

  it("when an address tile at zoom 16 is decoded, then it holds the address with id, class and probability (on the class's scale) to 3 decimals", async () => {
    const e = withRegister();
    const [x, y] = tileOf(e.address.lon, e.address.lat, 16);
    const props = layerProperties(await store.tile('addresses', 16, x, y), 'addresses');
    expect(props.find((p) => p.id === e.address.verblijfsobjectId)).toEqual({
      id: e.address.verblijfsobjectId,
      riskClass: e.score.riskClass,
      probability: Math.round((e.score.probabilityStock ?? e.score.probability!) * 1000) / 1000,
    });
  });

  it('when the class-only address tile is decoded, then it holds the same addresses with id and class and no probability', async () => {
    const e = withRegister();
    const [x, y] = tileOf(e.address.lon, e.address.lat, 16);
    const full = layerProperties(await store.tile('addresses', 16, x, y), 'addresses');
    const classes = layerProperties(await store.tile('address-classes', 16, x, y), 'addresses');
    expect(classes).toEqual(full.map(({ probability: _p, ...rest }) => rest));
    expect(classes.length).toBeGreaterThan(0);
  });

  it('when the buurten tile holding a tiny buurt is decoded, then its small counts are left out', async () => {
    const a = world.reference.find((e) => e.address.buurtCode === TINY_BUURT)!.address;
    const [x, y] = tileOf(a.lon, a.lat, 13);
    const bytes = await store.tile('buurten', 13, x, y);
    expect(layerNames(bytes)).toEqual(['buurten']);
    const tiny = layerProperties(bytes, 'buurten').find((p) => p.code === TINY_BUURT)!;
    expect(tiny).toMatchObject({ code: TINY_BUURT, schematic: expect.any(Boolean) });
    expect(tiny).not.toHaveProperty('dwellings');
    expect(tiny).not.toHaveProperty('meanProbability');
  });

  it('when the overview tiles (gemeenten to zoom 9, wijken to zoom 12) are decoded, then they hold the areas with their public aggregates, and nothing above those zooms', async () => {
    const a = world.reference[0].address;
    const buurten = await store.listBuurten();
    for (const [layer, level, z] of [
      ['gemeenten', 'gemeente', 8],
      ['wijken', 'wijk', 11],
    ] as const) {
      const [x, y] = tileOf(a.lon, a.lat, z);
      const bytes = await store.tile(layer, z, x, y);
      expect(layerNames(bytes)).toEqual([layer]);
      const expected = areaAggregates(buurten, level, SUPPRESS_BELOW).map((p) => tileProperties(areaTileProperties(p)));
      const got = layerProperties(bytes, layer);
      expect(got.length).toBeGreaterThan(0);
      for (const p of got) expect(p).toEqual(expected.find((e) => e.code === p.code));
    }
    const [x, y] = tileOf(a.lon, a.lat, 10);
    expect((await store.tile('gemeenten', 10, x, y)).length).toBe(0);
    const [x13, y13] = tileOf(a.lon, a.lat, 13);
    expect((await store.tile('wijken', 13, x13, y13)).length).toBe(0);
  });
});

/** Every n-th reference entry, for the cross-store comparisons. */
const sample = (n: number) => world.reference.filter((_, i) => i % Math.ceil(world.reference.length / n) === 0);

/** One-letter typos of a street's first word: a letter left out, two neighbours swapped, one replaced. */
function typosOf(straat: string): string[] {
  const [w, ...rest] = straat.split(' ');
  const at = Math.floor(w.length / 2);
  const swap = w.slice(0, at - 1) + w[at] + w[at - 1] + w.slice(at + 1);
  const replaced = w.slice(0, at) + (w[at] === 'x' ? 'q' : 'x') + w.slice(at + 1);
  return [w.slice(0, at) + w.slice(at + 1), swap, replaced, `${w.slice(1)}`].map((t) => [t, ...rest].join(' '));
}

const describeBoth = kinds.includes('postgis') ? describe : describe.skip;
describeBoth('memory and postgis stores on the same data', () => {
  let memory: Store;
  let postgis: Store;
  beforeAll(async () => {
    [memory, postgis] = await Promise.all([openStore('memory'), openStore('postgis')]);
  });
  afterAll(async () => {
    await Promise.all([memory?.close(), postgis?.close()]);
  });

  const queriesOf = (e: (typeof world.reference)[number]) => {
    const a = e.address;
    const number = `${a.huisnummer}${a.huisletter ?? ''}${a.toevoeging ? `-${a.toevoeging}` : ''}`;
    const firstWord = a.straat.split(/[\s-]/)[0];
    return [
      `${a.postcode} ${number}`,
      `${a.postcode.slice(0, 4)} ${a.postcode.slice(4).toLowerCase()}${a.huisnummer}`,
      `${a.straat} ${number}`,
      `${a.straat.slice(0, 4)} ${a.huisnummer}`,
      `${firstWord} ${a.woonplaats}`,
      a.postcode.slice(0, 4),
      `${a.huisnummer}`,
      `${a.huisnummer}${a.huisletter ?? ''}`,
      a.straat.slice(1, 5),
      a.woonplaats,
      `${a.postcode.slice(0, 4)} ${firstWord.slice(0, 3)}`,
      ...typosOf(a.straat).map((t) => `${t} ${a.huisnummer}`),
      typosOf(a.straat)[0],
      `${a.straat}${number}`,
      `${a.postcode.slice(0, 4)} ${typosOf(a.straat)[2]}`,
    ];
  };

  it('when the same searches are made, then both stores answer the same entries in the same order', async () => {
    for (const e of sample(25)) {
      for (const text of queriesOf(e)) {
        const q = parseAddressQuery(text);
        const [m, p] = await Promise.all([memory.search(q, 10), postgis.search(q, 10)]);
        expect({ text, ids: p.map((x) => x.address.verblijfsobjectId) }).toEqual({ text, ids: m.map((x) => x.address.verblijfsobjectId) });
        expect(p).toEqual(m);
      }
    }
  });

  it('when searches ask for 1, 3 or 25 results, then both stores answer the same entries in the same order', async () => {
    for (const e of sample(8)) {
      const a = e.address;
      const texts = [
        a.straat.slice(0, 3),
        a.woonplaats,
        `${a.straat} ${a.huisnummer}`,
        `${typosOf(a.straat)[1]} ${a.huisnummer}`,
        `${a.huisnummer}`,
      ];
      for (const text of texts) {
        for (const limit of [1, 3, 25]) {
          const q = parseAddressQuery(text);
          const [m, p] = await Promise.all([memory.search(q, limit), postgis.search(q, limit)]);
          expect({ text, limit, ids: p.map((x) => x.address.verblijfsobjectId) }).toEqual({
            text,
            limit,
            ids: m.map((x) => x.address.verblijfsobjectId),
          });
        }
      }
    }
  });

  it('when the same postcode lookups are made, then both stores answer the same entries', async () => {
    for (const { address: a } of sample(60)) {
      for (const huisletter of [null, a.huisletter]) {
        const q = { postcode: a.postcode, huisnummer: a.huisnummer, huisletter, toevoeging: null };
        expect(await postgis.findByPostcode(q)).toEqual(await memory.findByPostcode(q));
      }
    }
  });

  it('when the same points are reverse-looked-up, then both stores find the same address', async () => {
    for (const [i, { address: a }] of sample(60).entries()) {
      const lon = a.lon + ((i % 7) - 3) * 0.0002;
      const lat = a.lat + ((i % 5) - 2) * 0.0002;
      for (const radius of [5, 30, 200]) {
        const [m, p] = await Promise.all([memory.nearest(lon, lat, radius), postgis.nearest(lon, lat, radius)]);
        expect({ i, radius, id: p?.address.verblijfsobjectId ?? null }).toEqual({ i, radius, id: m?.address.verblijfsobjectId ?? null });
      }
    }
  });

  it('when buurten are listed and fetched, then both stores answer the same entries', async () => {
    expect(await postgis.listBuurten()).toEqual(await memory.listBuurten());
    for (const b of world.dataset.buurten) expect(await postgis.getBuurt(b.code)).toEqual(await memory.getBuurt(b.code));
  });

  it('when the same address tiles are decoded, then they hold the same features with the same properties', async () => {
    for (const z of [15, 16, 17]) {
      for (const { address: a } of sample(15)) {
        const [x, y] = tileOf(a.lon, a.lat, z);
        const byId = (bytes: Buffer) => layerProperties(bytes, 'addresses').sort((u, v) => String(u.id).localeCompare(String(v.id)));
        const [m, p] = await Promise.all([memory.tile('addresses', z, x, y), postgis.tile('addresses', z, x, y)]);
        expect({ z, x, y, features: byId(p) }).toEqual({ z, x, y, features: byId(m) });
      }
    }
  });

  it('when the same buurten tiles are decoded, then they hold the same buurten with the same properties', async () => {
    for (const z of [8, 10, 12, 13, 14, 15]) {
      for (const { address: a } of sample(8)) {
        const [x, y] = tileOf(a.lon, a.lat, z);
        const byCode = (bytes: Buffer) => layerProperties(bytes, 'buurten').sort((u, v) => String(u.code).localeCompare(String(v.code)));
        const [m, p] = await Promise.all([memory.tile('buurten', z, x, y), postgis.tile('buurten', z, x, y)]);
        expect({ z, x, y, features: byCode(p) }).toEqual({ z, x, y, features: byCode(m) });
      }
    }
  });
});

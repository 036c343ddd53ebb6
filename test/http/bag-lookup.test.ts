import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { readDataset, renderDataset, writeDataset } from '../../service/adapters/dataset/dataset-files.js';
import type { Store } from '../../service/ports/store.js';
import { importDataset } from '../../seeds/import/import-dataset.js';
import { type ContractWorld, openMemoryStore, openPostgisStore, openWorld, storeKinds } from '../contract/store-fixture.js';
import { appOf, expectProblem, loadDemoDeps, signedIn } from '../support/demo-deps.js';

// A dataset imported from the BAG GeoPackage fixture, written and read back as a folder (so the
// nummeraanduiding links go through nummeraanduidingen.csv.gz), served by each store.
const DATABASE_URL = process.env.DATABASE_URL;
let deps: LoadedDeps;
let world: ContractWorld;
beforeAll(async () => {
  const { dataset, truth } = await importDataset({
    buurten: 'test/fixtures/seeds/buurten-wgs84.geojson',
    bag: 'test/fixtures/seeds/bag/bag.gpkg',
    seed: 1,
  });
  const dir = join(mkdtempSync(join(tmpdir(), 'bag-api-')), 'ds');
  await writeDataset(dir, renderDataset(dataset, truth));
  [deps, world] = await Promise.all([loadDemoDeps(), readDataset(dir).then((d) => openWorld(d))]);
});
afterAll(async () => {
  await Promise.all([deps.close(), world.close()]);
});

describe.each(storeKinds(DATABASE_URL))('address lookup by BAG id forms (%s store)', (kind) => {
  let store: Store;
  let app: ReturnType<typeof appOf>;
  beforeAll(async () => {
    store = kind === 'memory' ? openMemoryStore(world) : await openPostgisStore(world, DATABASE_URL!);
    app = appOf({ ...deps, store });
  });
  afterAll(async () => {
    await store.close();
  });
  const get = (id: string) => signedIn(deps, 'inspector', app).get(`/v1/addresses/${encodeURIComponent(id)}`);

  it.each([
    ['NL.IMBAG.Nummeraanduiding.0479200000000102', '0479010000000102'],
    ['0479200000000199', '0479010000000102'],
    ['NL.IMBAG.Nummeraanduiding.0479200000000199', '0479010000000102'],
    ['0479200000000401', '0479030000000401'],
    ['NL.IMBAG.Verblijfsobject.0479010000000201', '0479010000000201'],
    ['NL.IMBAG.Ligplaats.0479020000000301', '0479020000000301'],
    ['http://bag.basisregistraties.overheid.nl/bag/id/verblijfsobject/0479010000000103', '0479010000000103'],
    ['0479010000000101', '0479010000000101'],
  ])('when looked up by %s, then it answers address %s', async (id, expected) => {
    const res = await get(id);
    expect(res.status).toBe(200);
    expect(res.body.address.id).toBe(expected);
  });

  it('when a nummeraanduiding has a berth, then the answer is that berth without a building', async () => {
    const res = await get('NL.IMBAG.Nummeraanduiding.0479200000000301');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ address: { id: '0479020000000301', pandId: null }, reason: { code: 'NO_BUILDING' } });
  });

  it('when a nummeraanduiding is not in the dataset, then 404 names it', async () => {
    const body = expectProblem(await get('NL.IMBAG.Nummeraanduiding.0479200000000555'), 404, 'ADDRESS_NOT_FOUND');
    expect(body.detail).toContain('nummeraanduiding id 0479200000000555');
  });

  it('when a pand id or a malformed NL.IMBAG id is given, then 400 names the id', async () => {
    for (const id of ['NL.IMBAG.Pand.0479100000000101', 'NL.IMBAG.Verblijfsobject.12', 'NL.IMBAG.Pand.0479010000000101']) {
      const body = expectProblem(await get(id), 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(body)).toContain('"path":"id"');
    }
  });
});

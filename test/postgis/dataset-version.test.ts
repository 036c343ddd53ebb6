import { loadDataset } from '../../service/adapters/postgis/loader.js';
import { createPool } from '../../service/adapters/postgis/pool.js';
import { PostgisStore } from '../../service/adapters/postgis/postgis-store.js';
import { PublicAnswers, cachedBody } from '../../service/http/public-answers.js';
import { layerProperties } from '../contract/tile-decode.js';
import { tileOf, useLoadedWorld } from '../contract/store-fixture.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('SKIPPED: PostGIS dataset-version tests (DATABASE_URL is not set).');
const describePg = databaseUrl ? describe : describe.skip;

describePg('the PostGIS store after a new load commits', () => {
  const loaded = useLoadedWorld(databaseUrl!);
  const poolOf = () =>
    createPool({ connectionString: databaseUrl!, max: 2, statementTimeoutMs: 0, connectTimeoutMs: 5_000, schema: loaded.schema });

  it('when the version check interval has passed, then info and buurt tiles describe the new load, not the cached one', async () => {
    const { world } = loaded;
    const store = new PostgisStore(poolOf(), { suppressBelow: 10, versionCheckMs: 0 });
    const trusting = new PostgisStore(poolOf(), { suppressBelow: 10, versionCheckMs: 600_000 });
    const loader = poolOf();
    const a = world.reference[0].address;
    const [x, y] = tileOf(a.lon, a.lat, 14);
    const codes = async (s: PostgisStore) =>
      layerProperties(await s.tile('buurten', 14, x, y), 'buurten')
        .map((p) => p.code)
        .sort();
    try {
      const before = await codes(store);
      expect(await codes(trusting)).toEqual(before);
      expect((await store.info()).version).toBe(world.dataset.version);
      await trusting.info();
      // The same data without the buurt of the first address (and its addresses), under a new version.
      const dropped = a.buurtCode;
      const next = {
        ...world.dataset,
        version: 'f'.repeat(64),
        buurten: world.dataset.buurten.filter((b) => b.code !== dropped),
        addresses: world.dataset.addresses.filter((ad) => ad.buurtCode !== dropped),
      };
      await loadDataset(loader, next, world.scorer, world.manifest, { batchSize: 2_000 });
      expect((await store.info()).version).toBe('f'.repeat(64));
      expect(await codes(store)).toEqual(before.filter((c) => c !== dropped));
      // A store told to trust its cache for ten minutes still serves what it cached (the interval is the only staleness).
      expect((await trusting.info()).version).toBe(world.dataset.version);
      expect(await codes(trusting)).toEqual(before);
    } finally {
      await Promise.all([store.close(), trusting.close(), loader.end()]);
    }
  });

  it('when a new load commits, then public answers cached on the dataset info are made again, and not before', async () => {
    const { world } = loaded;
    const store = new PostgisStore(poolOf(), { suppressBelow: 10, versionCheckMs: 0 });
    const loader = poolOf();
    const answers = new PublicAnswers();
    let made = 0;
    const buurtCodes = async () =>
      answers.get(await store.info(), 'codes', async () => {
        made += 1;
        return cachedBody(
          (await store.listBuurten())
            .map((b) => b.buurt.code)
            .sort()
            .join(' '),
        );
      });
    try {
      const first = await buurtCodes();
      expect(await store.info()).toBe(await store.info());
      expect(await buurtCodes()).toBe(first);
      expect(made).toBe(1);
      // The data without its last two buurten (and their addresses): a set of buurten no earlier load had.
      const dropped = new Set(world.dataset.buurten.slice(-2).map((b) => b.code));
      const next = {
        ...world.dataset,
        buurten: world.dataset.buurten.filter((b) => !dropped.has(b.code)),
        addresses: world.dataset.addresses.filter((ad) => !dropped.has(ad.buurtCode)),
      };
      await loadDataset(loader, next, world.scorer, world.manifest, { batchSize: 2_000 });
      const after = await buurtCodes();
      expect(made).toBe(2);
      expect(after!.body.toString()).toBe(
        next.buurten
          .map((b) => b.code)
          .sort()
          .join(' '),
      );
      expect(after!.etag).not.toBe(first!.etag);
    } finally {
      await Promise.all([store.close(), loader.end()]);
    }
  });
});

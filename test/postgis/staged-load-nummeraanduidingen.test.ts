import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { folderSource } from '../../service/adapters/postgis/dataset-source.js';
import { stagedSchema } from './support/staged-schema.js';
import { LoadError, stagedLoad } from '../../service/adapters/postgis/staged-load.js';
import { loadOnnxModel, resolveModelDir } from '../../service/adapters/onnx/onnx-model.js';
import type { RiskModel } from '../../service/ports/risk-model.js';
import { RiskScorer } from '../../service/domain/risk-scorer.js';
import { generateCountry } from '../../seeds/country.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('SKIPPED: PostGIS staged load of BAG nummeraanduidingen (DATABASE_URL is not set).');
const describePg = databaseUrl ? describe : describe.skip;

/** Writes `nummeraanduidingen.csv.gz` into a folder: one link per address, the id made from the address id and `tag`. */
function writeLinks(dir: string, tag: string, extra: string[] = []): void {
  const lines = gunzipSync(readFileSync(join(dir, 'addresses.csv.gz')))
    .toString('utf8')
    .trim()
    .split('\n');
  const col = lines[0].split(',').indexOf('verblijfsobject_id');
  const ids = lines.slice(1).map((l) => l.split(',')[col]);
  const rows = ids.map((vo) => `${vo.slice(0, 4)}20${tag}${vo.slice(-9)},${vo}`);
  writeFileSync(
    join(dir, 'nummeraanduidingen.csv.gz'),
    gzipSync(`nummeraanduiding_id,verblijfsobject_id\n${[...rows, ...extra].join('\n')}\n`),
  );
}

describePg('BAG nummeraanduidingen in the staged load', () => {
  const schema = `links_${process.pid}`;
  let work = '';
  const { admin, pool, ...fixture } = stagedSchema(databaseUrl, schema);
  let model: RiskModel & { close(): Promise<void> };
  let scorer: RiskScorer;

  const links = async () =>
    (
      await pool.query<{ g: string | null; tag: string; n: number }>(
        `SELECT b.gemeente_code AS g, substr(n.nummeraanduiding_id, 7, 1) AS tag, count(*)::int AS n
       FROM nummeraanduidingen n LEFT JOIN addresses a USING (verblijfsobject_id) LEFT JOIN buurten b ON b.code = a.buurt_code
      GROUP BY 1, 2 ORDER BY 1, 2`,
      )
    ).rows;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'fr-links-'));
    await generateCountry({ addresses: 150, out: join(work, 'a'), seed: 31, buurtenPerGemeente: 1 });
    await generateCountry({ addresses: 150, out: join(work, 'b'), seed: 32, buurtenPerGemeente: 1 });
    writeLinks(join(work, 'a'), '1');
    writeLinks(join(work, 'b'), '2');
    await fixture.create();
    model = await loadOnnxModel(await resolveModelDir('models'));
    scorer = new RiskScorer(model, 1_000);
  }, 300_000);

  afterAll(async () => {
    await model?.close();
    await fixture.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('when a dataset is loaded and then one gemeente replaced, then every address has its link, the replaced gemeente has the new links and the others keep theirs', async () => {
    await stagedLoad(pool, { kind: 'full', source: await folderSource(join(work, 'a')) }, scorer, model.manifest, { batchSize: 50 });
    const full = await links();
    const addresses = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM addresses')).rows[0].n;
    expect(full.every((r) => r.g !== null && r.tag === '1')).toBe(true);
    expect(full.reduce((s, r) => s + r.n, 0)).toBe(addresses);

    await stagedLoad(pool, { kind: 'gemeente', source: await folderSource(join(work, 'b')), gemeente: 'GM5001' }, scorer, model.manifest, {
      batchSize: 50,
    });
    const after = await links();
    const n = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM addresses')).rows[0].n;
    expect(after.filter((r) => r.g === null)).toEqual([]); // no link names an address that is gone
    expect(after.filter((r) => r.g === 'GM5001').map((r) => r.tag)).toEqual(['2']);
    for (const r of full.filter((x) => x.g !== 'GM5001')) expect(after).toContainEqual(r);
    expect(after.reduce((s, r) => s + r.n, 0)).toBe(n);
  }, 300_000);

  it('when a link names an address the dataset does not have, then the load is refused naming it and the served links stay as they were', async () => {
    const before = await links();
    const bad = join(work, 'bad');
    await generateCountry({ addresses: 60, out: bad, seed: 33, buurtenPerGemeente: 1 });
    writeLinks(bad, '3', ['0479200000000999,0479010000000999']);
    await expect(
      stagedLoad(pool, { kind: 'full', source: await folderSource(bad) }, scorer, model.manifest, { batchSize: 50 }),
    ).rejects.toThrow(new LoadError('nummeraanduidingen: 0479200000000999 names unknown address 0479010000000999 (not in the addresses)'));
    expect(await links()).toEqual(before);
  }, 300_000);
});

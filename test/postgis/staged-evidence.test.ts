import { readDataset } from '../../service/adapters/dataset/dataset-files.js';
import { loadOnnxModel, resolveModelDir } from '../../service/adapters/onnx/onnx-model.js';
import { memorySource } from '../../service/adapters/postgis/dataset-source.js';
import { EVIDENCE_COLUMNS } from '../../service/adapters/postgis/evidence-rows.js';
import { stagedLoad } from '../../service/adapters/postgis/staged-load.js';
import type { Dataset } from '../../service/domain/records.js';
import { RiskScorer } from '../../service/domain/risk-scorer.js';
import { withNeighbourhoodEvidence } from '../../service/features/evidence.js';
import type { RiskModel } from '../../service/ports/risk-model.js';
import { stagedSchema } from './support/staged-schema.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) console.warn('SKIPPED: PostGIS tiled neighbourhood evidence tests (DATABASE_URL is not set).');
const describePg = databaseUrl ? describe : describe.skip;

/** The demo's addresses in a window around its centre (a few thousand, many blocks and surveys), with their buurten and register rows. */
async function window(): Promise<Dataset> {
  const demo = await readDataset('seeds/demo');
  const lon0 = 4.83;
  const lat0 = 52.44;
  const addresses = demo.addresses.filter((a) => Math.abs(a.lon - lon0) < 0.012 && Math.abs(a.lat - lat0) < 0.008);
  const panden = new Set(addresses.map((a) => a.pandId));
  const codes = new Set(addresses.map((a) => a.buurtCode));
  return {
    ...demo,
    addresses,
    buurten: demo.buurten.filter((b) => codes.has(b.code)),
    register: demo.register.filter((r) => panden.has(r.pandId)),
    nummeraanduidingen: [],
  };
}

describePg('neighbourhood evidence of a staged load, computed in spatial tiles', () => {
  const schema = `evtiles_${process.pid}`;
  const { pool, ...fixture } = stagedSchema(databaseUrl, schema);
  let model: RiskModel & { close(): Promise<void> };
  let scorer: RiskScorer;
  let dataset: Dataset;

  beforeAll(async () => {
    dataset = await window();
    await fixture.create();
    model = await loadOnnxModel(await resolveModelDir('models'));
    scorer = new RiskScorer(model, 1_000);
  }, 120_000);

  afterAll(async () => {
    await model?.close();
    await fixture.drop();
  });

  /** Every pand's counts as the memory store computes them: one index over the whole dataset. */
  function expected(): Map<string, number[]> {
    const out = new Map<string, number[]>();
    for (const a of withNeighbourhoodEvidence(dataset).addresses)
      if (a.pandId !== null && a.buren && !out.has(a.pandId))
        out.set(
          a.pandId,
          EVIDENCE_COLUMNS.map(([k]) => a.buren![k]),
        );
    return out;
  }

  async function served(): Promise<Map<string, number[]>> {
    const { rows } = await pool.query<Record<string, number | string>>('SELECT * FROM evidence');
    return new Map(rows.map((r) => [String(r.pand_id), EVIDENCE_COLUMNS.map(([, c]) => Number(r[c]))]));
  }

  it.each([
    ['tiles smaller than the radius twice over (every neighbourhood cut)', 250],
    ['tiles that cut blocks and streets', 700],
    ['the default tile', undefined],
  ])(
    'with %s, every pand gets exactly the counts of one index over the whole dataset',
    async (_label, tileM) => {
      await stagedLoad(pool, { kind: 'full', source: memorySource(dataset) }, scorer, model.manifest, {
        batchSize: 500,
        evidenceTileM: tileM,
      });
      const want = expected();
      const got = await served();
      // The window is worth testing: thousands of panden, surveyed neighbours within the radius, shared blocks.
      expect(want.size).toBeGreaterThan(1_000);
      expect([...want.values()].filter((v) => v[0] > 0).length).toBeGreaterThan(100);
      expect([...want.values()].filter((v) => v[3] > 0).length).toBeGreaterThan(500);
      expect(got.size).toBe(want.size);
      const differing = [...want].filter(([p, v]) => JSON.stringify(got.get(p)) !== JSON.stringify(v)).map(([p]) => p);
      expect(differing).toEqual([]);
    },
    120_000,
  );
});

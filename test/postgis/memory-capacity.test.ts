import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeps } from '../../service/bootstrap.js';
import { loadConfig } from '../../service/config/config.js';
import { countAddressRows } from '../../service/adapters/dataset/dataset-size.js';
import { generateCountry } from '../../seeds/country.js';
import { pino } from 'pino';

describe('the embedded store and datasets too large for it', () => {
  const work = mkdtempSync(join(tmpdir(), 'fr-capacity-'));
  const dir = join(work, 'country');
  beforeAll(async () => {
    await generateCountry({ addresses: 1_200, out: dir, seed: 3 });
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('when the dataset has more addresses than MEMORY_MAX_ADDRESSES, then start-up refuses it and points to PostGIS', async () => {
    const config = loadConfig({ DATASET_DIR: dir, MEMORY_MAX_ADDRESSES: '1000' });
    await expect(createDeps(config, pino({ level: 'silent' }))).rejects.toThrow(
      /more than 1000 addresses \(MEMORY_MAX_ADDRESSES\).*npm run db:load.*DATABASE_URL/,
    );
  });

  it('when the rows are counted, then the count is exact below the limit and stops just above it', async () => {
    const exact = await countAddressRows(dir, 1_000_000);
    expect(exact).toBeGreaterThanOrEqual(1_200);
    expect(await countAddressRows(dir, 500)).toBe(501);
    expect(await countAddressRows('seeds/demo', 1_000_000)).toBe(68_960);
  });
});

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseRegister, readDataset, renderDataset } from '../../service/adapters/dataset/dataset-files.js';
import type { RegisterRecord } from '../../service/domain/records.js';
import { syntheticDataset } from '../training/synthetic-dataset.js';

const BENCHMARK_WORLD = join('..', 'shared', 'data', 'benchmark-world');
const haveWorld = existsSync(join(BENCHMARK_WORLD, 'register.csv.gz'));
if (!haveWorld) console.warn(`skipping the benchmark-world register test: ${BENCHMARK_WORLD} not found`);

describe('register audit and re-survey columns', () => {
  test('when a register with audit and re-survey rows is written and read back, then every row is unchanged', () => {
    const { dataset } = syntheticDataset(40, 4, 3);
    const register: RegisterRecord[] = dataset.register.map((r, i) => ({
      ...r,
      steekproef: i % 3 === 0,
      herhaalKlasse: i % 4 === 0 ? 'B' : null,
      herhaalJaar: i % 4 === 0 ? 2021 : null,
    }));
    const bytes = renderDataset({ ...dataset, register }, null).get('register.csv.gz')!;
    expect(parseRegister('register.csv.gz', bytes)).toEqual(register);
  });

  (haveWorld ? test : test.skip)(
    'when the frozen benchmark world (steekproef, no re-survey columns) is read, then its audit rows come back without re-surveys',
    async () => {
      const world = await readDataset(BENCHMARK_WORLD);
      const audit = world.register.filter((r) => r.steekproef);
      expect(audit.length).toBeGreaterThan(0);
      expect(audit.every((r) => r.onderzocht)).toBe(true);
      expect(world.register.every((r) => r.herhaalKlasse === null && r.herhaalJaar === null)).toBe(true);
    },
  );
});

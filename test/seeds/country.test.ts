import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDataset } from '../../service/adapters/dataset/dataset-files.js';
import type { Dataset } from '../../service/domain/records.js';
import { generateCountry } from '../../seeds/country.js';

describe('generate-country', () => {
  let work = '';
  let country: Dataset;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'fr-country-'));
    // ≈ 20 gemeenten of one buurt each (the demo's first buurt, ≈ 45 addresses)
    await generateCountry({ addresses: 900, out: join(work, 'nl'), seed: 5, buurtenPerGemeente: 1 });
    country = await readDataset(join(work, 'nl'));
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const gemeenteOf = (ds: Dataset) => {
    const byBuurt = new Map(ds.buurten.map((b) => [b.code, b.gemeenteCode]));
    return (buurtCode: string) => byBuurt.get(buurtCode)!;
  };

  it("when written, then every gemeente has the demo's inputs: building blocks and the archive's optional columns", () => {
    const gemeente = gemeenteOf(country);
    const gemeenten = [...new Set(country.buurten.map((b) => b.gemeenteCode))];
    expect(gemeenten.length).toBeGreaterThanOrEqual(15);
    for (const g of gemeenten) {
      const own = country.addresses.filter((a) => gemeente(a.buurtCode) === g);
      expect(own.length).toBeGreaterThan(20);
      expect(own.every((a) => typeof a.bouwblokId === 'string')).toBe(true);
      expect(own.some((a) => typeof a.grondwaterDroogNapM === 'number')).toBe(true);
    }
    // the archive knows pile heads of a few buildings: some in the gemeenten beyond the demo's
    const beyond = country.addresses.filter((a) => gemeente(a.buurtCode) !== 'GM0479');
    expect(beyond.filter((a) => typeof a.paalkopNapM === 'number').length).toBeGreaterThan(0);
  });

  it('when written, then a building block lies in one gemeente and carries its number, like the BAG ids', () => {
    const gemeente = gemeenteOf(country);
    const blockGemeenten = new Map<string, Set<string>>();
    for (const a of country.addresses) {
      const set = blockGemeenten.get(a.bouwblokId!) ?? new Set<string>();
      set.add(gemeente(a.buurtCode));
      blockGemeenten.set(a.bouwblokId!, set);
      expect(a.bouwblokId!.slice(0, 4)).toBe(a.pandId!.slice(0, 4));
    }
    expect([...blockGemeenten.values()].filter((s) => s.size > 1)).toEqual([]);
  });
});

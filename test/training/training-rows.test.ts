import type { Dataset, RegisterRecord } from '../../service/domain/records.js';
import { FEATURE_NAMES } from '../../service/features/feature-spec.js';
import { labelStatus, labelledRows, stockRows } from '../../training/training-rows.js';
import { syntheticDataset } from './synthetic-dataset.js';

const reg = (r: Partial<RegisterRecord>): RegisterRecord => ({
  pandId: '0'.repeat(16),
  onderzocht: true,
  onderzochtJaar: 2000,
  kwaliteitsklasse: 'D',
  hersteld: false,
  herstelJaar: null,
  droogstand: null,
  funderingtype: null,
  steekproef: false,
  herhaalKlasse: null,
  herhaalJaar: null,
  ...r,
});

describe('training rows', () => {
  it('when a pand has several addresses, then it yields one labelled row', () => {
    const { dataset } = syntheticDataset(300, 6, 1);
    const rows = labelledRows(dataset);
    expect(new Set(rows.pandIds).size).toBe(rows.rows);
    expect(rows.rows).toBe(dataset.register.filter((r) => labelStatus(r) === 'label').length);
  });

  it('when a surveyed class is D or E, then the label is 1, and A–C give 0', () => {
    const { dataset } = syntheticDataset(300, 6, 2);
    const rows = labelledRows(dataset);
    const klasse = new Map(dataset.register.map((r) => [r.pandId, r.kwaliteitsklasse]));
    rows.pandIds.forEach((p, i) => expect(rows.y[i]).toBe(['D', 'E'].includes(klasse.get(p) as string) ? 1 : 0));
  });

  it('when a restored pand was surveyed after its restoration or the order is unknown, then it is not a label', () => {
    expect(labelStatus(reg({ hersteld: true, herstelJaar: 2005, onderzochtJaar: 2003 }))).toBe('label');
    expect(labelStatus(reg({ hersteld: true, herstelJaar: 2005, onderzochtJaar: 2010 }))).toBe('after-restoration');
    expect(labelStatus(reg({ hersteld: true, herstelJaar: null }))).toBe('after-restoration');
    expect(labelStatus(reg({ kwaliteitsklasse: null }))).toBe('no-class');
  });

  it('when the feature matrix is built, then it uses the service feature module (NaN for unknown groundwater)', () => {
    const { dataset } = syntheticDataset(300, 6, 3);
    const one: Dataset = { ...dataset, addresses: dataset.addresses.map((a) => ({ ...a, grondwaterNapM: null })) };
    const rows = labelledRows(one);
    expect(Number.isNaN(rows.x[6])).toBe(true);
    expect(Number.isNaN(rows.x[8])).toBe(true);
  });

  it('when rows are built, then a labelled pand sees only surveys before its own and never its own; a stock pand sees the register at the reference year', () => {
    // Two panden in one block: A surveyed D in 2000, B surveyed D in 2010.
    const address = (pandId: string, vbo: string) => ({
      verblijfsobjectId: vbo,
      pandId,
      buurtCode: 'BU04790001',
      straat: 'Dam',
      huisnummer: Number(vbo.slice(-1)),
      huisletter: null,
      toevoeging: null,
      postcode: '1500AA',
      woonplaats: 'Zaandam',
      lon: 4.82,
      lat: 52.44,
      bouwjaar: 1920,
      woningtype: 'rijwoning' as const,
      bouwlagen: 2,
      woningenInPand: 1,
      maaiveldNapM: -1,
      veendikteM: 3,
      pleistoceenNapM: -12,
      grondwaterNapM: -1.5,
      grondwaterBron: 'model' as const,
      bodemdalingMmJr: -2,
      funderingtype: null,
      bouwblokId: 'blok-1',
    });
    const dataset: Dataset = {
      info: { formatVersion: 1, name: 't', synthetic: true, description: 't', seed: null, referenceYear: 2026 },
      buurten: [],
      addresses: [address('A'.repeat(16), '0479010000000001'), address('B'.repeat(16), '0479010000000002')],
      register: [reg({ pandId: 'A'.repeat(16), onderzochtJaar: 2000 }), reg({ pandId: 'B'.repeat(16), onderzochtJaar: 2010 })],
    };
    const col = (rows: { x: Float32Array; width: number; pandIds: string[] }, pand: string, name: string) =>
      rows.x[rows.pandIds.indexOf(pand) * rows.width + FEATURE_NAMES.indexOf(name)];
    const labelled = labelledRows(dataset);
    expect(col(labelled, 'A'.repeat(16), 'blok_onderzocht_n')).toBe(0); // B's survey is later, its own never counts
    expect(col(labelled, 'B'.repeat(16), 'blok_onderzocht_n')).toBe(1); // A's survey of 2000
    expect(col(labelled, 'B'.repeat(16), 'blok_probleem_aandeel')).toBe(1);
    const stock = stockRows(dataset);
    expect(col(stock, 'A'.repeat(16), 'blok_onderzocht_n')).toBe(1); // at 2026: B only, never A itself
    expect(col(stock, 'B'.repeat(16), 'blok_onderzocht_n')).toBe(1);
  });
});

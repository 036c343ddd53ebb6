import type { Dataset, RegisterRecord } from '../../service/domain/records.js';
import { labelStatus, labelledRows } from '../../training/training-rows.js';
import { syntheticDataset } from './synthetic-dataset.js';

const reg = (r: Partial<RegisterRecord>): RegisterRecord => ({
  pandId: '0'.repeat(16), onderzocht: true, onderzochtJaar: 2000, kwaliteitsklasse: 'D', hersteld: false, herstelJaar: null, droogstand: null, funderingtype: null, steekproef: false, herhaalKlasse: null, herhaalJaar: null, ...r,
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
});

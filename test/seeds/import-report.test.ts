import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importDataset } from '../../seeds/import/import-dataset.js';
import { errorOf, writeTemp } from './import-support.js';

const FIXTURES = 'test/fixtures/seeds';
const buurten = join(FIXTURES, 'buurten-wgs84.geojson');
const lines = readFileSync(join(FIXTURES, 'addresses.csv'), 'utf8').trimEnd().split('\n');
const COLUMN = lines[0].split(',').indexOf('grondwater_nap_m');

/** The fixture's first address copied `values.length` times with these groundwater values (null = empty). */
function withGroundwater(values: readonly (number | null)[]): string {
  const rows = values.map((v, k) => {
    const row = lines[1].split(',');
    row[0] = `04790100000008${String(k).padStart(2, '0')}`;
    row[COLUMN] = v === null ? '' : String(v);
    row[COLUMN + 1] = v === null ? '' : 'model';
    return row.join(',');
  });
  return `${lines[0]}\n${rows.join('\n')}\n`;
}

describe('unit checks and the import report', () => {
  test('when grondwater_nap_m holds depths below the surface, then the import is refused naming the column and the evidence', async () => {
    const path = writeTemp('addresses.csv', withGroundwater([1.1, 1.8, 2.3, 4.9, 1.5, 3.2]));
    const err = await errorOf(importDataset({ buurten, addresses: path, seed: 1 }));
    expect(err.file).toBe(path);
    expect(err.field).toBe('grondwater_nap_m');
    expect(err.message).toContain('all values positive, 1.1–4.9, above the surface level for 6 of 6 rows: looks like depth below surface');
  });

  test('when the same values are negative NAP levels below the surface, then they import', async () => {
    const path = writeTemp('addresses.csv', withGroundwater([-1.1, -1.8, -2.3, -2.9, -1.5, -2.2]));
    const { dataset } = await importDataset({ buurten, addresses: path, seed: 1 });
    expect(dataset.addresses.map((a) => a.grondwaterNapM)).toEqual([-1.1, -1.8, -2.3, -2.9, -1.5, -2.2]);
  });

  test('when a model is given, then the report counts per input the values outside its training range, the missing and the provenance', async () => {
    // −9.5 m NAP is far below any groundwater level of the demo the model was trained on
    const path = writeTemp('addresses.csv', withGroundwater([-1.1, -9.5, null, -1.5]));
    const { report } = await importDataset({ buurten, addresses: path, seed: 1, model: 'models/current' });
    expect(report.model?.version).toMatch(/^gbdt-/);
    const gw = report.inputs.grondwater_nap_m;
    expect(gw.trainingRange![0]).toBeGreaterThan(-9.5);
    expect(gw).toMatchObject({
      values: 3,
      missing: 1,
      defaulted: 0,
      refused: 0,
      outsideTrainingRange: 1,
      shareOutsideTrainingRange: 0.333,
      provenance: { addresses: 3 },
    });
    // drainage depth (surface − groundwater) is a model feature of its own: −0.4 − (−9.5) = 9.1 m is outside too
    expect(report.inputs.ontwateringsdiepte_m.outsideTrainingRange).toBe(1);
  });

  test('when no model is given, then the report has no training ranges', async () => {
    const { report } = await importDataset({ buurten, addresses: join(FIXTURES, 'addresses.csv'), seed: 1 });
    expect(report.model).toBeNull();
    expect(report.inputs.veendikte_m).toMatchObject({ values: 4, trainingRange: null, shareOutsideTrainingRange: null });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { importDataset } from '../../seeds/import/import-dataset.js';
import { errorOf, writeTemp } from './import-support.js';

const FIXTURES = 'test/fixtures/seeds';
const buurten = join(FIXTURES, 'buurten-wgs84.geojson');
const addresses = join(FIXTURES, 'addresses.csv');
const addressesText = readFileSync(addresses, 'utf8');

/** A register as Dutch Excel keeps it: `;`, Dutch booleans, dates, the old 1–5 scale next to letters. */
const HEADER = [
  'pand_id',
  'onderzocht',
  'onderzocht_jaar',
  'kwaliteitsklasse',
  'hersteld',
  'hersteld_jaar',
  'droogstand',
  'funderingtype',
  'steekproef',
  'herhaal_klasse',
  'herhaal_jaar',
];
const ROWS = [
  ['0479100000000101', 'ja', '12-03-1998', '4', 'j', '01-07-2003', 'waar', 'houten-palen', 'nee', 'e', '2001'],
  ['0479100000000102', 'Waar', '2019', 'B', 'onwaar', '', 'n', 'houten-palen', 'N', '', ''],
];

async function writeXlsx(rows: (string | number | Date | boolean)[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Funderingsregister');
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
  const path = writeTemp('register.xlsx', '');
  await workbook.xlsx.writeFile(path);
  return path;
}

/** The imported data without `info` (whose description names the input files). */
const importRegister = async (register: string) => {
  const {
    dataset: { info, ...data },
    truth,
  } = await importDataset({ buurten, addresses, register, seed: 1 });
  expect(info.synthetic).toBe(false);
  return { dataset: data, truth };
};

describe('registers as municipalities keep them', () => {
  test('when a ;-separated register with a BOM and the same register as .xlsx are imported, then the datasets are identical', async () => {
    const csv = writeTemp('register.csv', `\uFEFF${[HEADER, ...ROWS].map((r) => r.join(';')).join('\r\n')}\r\n`);
    // the workbook keeps the survey date as a real date cell and the year as a number, as Excel does
    const xlsx = await writeXlsx([
      [ROWS[0][0], 'ja', new Date(Date.UTC(1998, 2, 12)), 4, 'j', new Date(Date.UTC(2003, 6, 1)), 'waar', 'houten-palen', 'nee', 'e', 2001],
      [ROWS[1][0], 'Waar', 2019, 'B', 'onwaar', '', 'n', 'houten-palen', 'N', '', ''],
    ]);
    const fromCsv = await importRegister(csv);
    const fromXlsx = await importRegister(xlsx);
    expect(fromXlsx.dataset).toEqual(fromCsv.dataset);
    expect(fromCsv.dataset.register[0]).toMatchObject({
      onderzocht: true,
      onderzochtJaar: 1998,
      kwaliteitsklasse: 'D',
      hersteld: true,
      herstelJaar: 2003,
      droogstand: true,
      steekproef: false,
      herhaalKlasse: 'E',
      herhaalJaar: 2001,
    });
    expect(fromCsv.dataset.register[1]).toMatchObject({
      onderzocht: true,
      onderzochtJaar: 2019,
      kwaliteitsklasse: 'B',
      hersteld: false,
      droogstand: false,
    });
  });

  test('when the register is the plain ,-separated form, then it imports as the ;-form does', async () => {
    const comma = writeTemp('register.csv', `${[HEADER, ...ROWS].map((r) => r.join(',')).join('\n')}\n`);
    const semi = writeTemp('register.csv', `${[HEADER, ...ROWS].map((r) => r.join(';')).join('\n')}\n`);
    expect((await importRegister(comma)).dataset).toEqual((await importRegister(semi)).dataset);
  });

  test('when an .xlsx row has a class outside A–E and 1–5, then the error names the row and kwaliteitsklasse', async () => {
    const xlsx = await writeXlsx([[ROWS[0][0], 'ja', 1998, 6, 'nee', '', 'nee', '', 'nee', '', '']]);
    const err = await errorOf(importRegister(xlsx));
    expect(err.file).toBe(xlsx);
    expect(err.location).toBe('row 2');
    expect(err.field).toBe('kwaliteitsklasse');
  });

  test('when a date is impossible, then the error names the line and the year field', async () => {
    const bad = writeTemp(
      'register.csv',
      `${[HEADER, ROWS[0].map((v) => (v === '12-03-1998' ? '32-03-1998' : v))].map((r) => r.join(';')).join('\n')}\n`,
    );
    const err = await errorOf(importRegister(bad));
    expect(err.location).toBe('line 2');
    expect(err.field).toBe('onderzocht_jaar');
  });

  test('when the header is separated by neither , nor ;, then the error says so instead of naming a missing column', async () => {
    const tabbed = writeTemp('register.csv', `${[HEADER, ...ROWS].map((r) => r.join('\t')).join('\n')}\n`);
    const err = await errorOf(importRegister(tabbed));
    expect(err.location).toBe('line 1');
    expect(err.message).toContain('column separator');
  });

  test('when addresses come ;-separated with decimal commas and a BOM, then they import as the ,-file does', async () => {
    const semi = addressesText
      .trimEnd()
      .split('\n')
      .map((line) =>
        line
          .split(',')
          .map((v) => v.replace(/^(-?\d+)\.(\d+)$/, '$1,$2'))
          .join(';'),
      )
      .join('\n');
    const path = writeTemp('addresses.csv', `\uFEFF${semi}\n`);
    const a = await importDataset({ buurten, addresses: path, seed: 1 });
    const b = await importDataset({ buurten, addresses, seed: 1 });
    expect(a.dataset.addresses).toEqual(b.dataset.addresses);
    expect(a.dataset.addresses[0].lon).toBeCloseTo(4.829, 6);
  });

  test('when ids come in the NL.IMBAG. form of PDOK and the BAG extract, then they import as the 16-digit ids', async () => {
    const prefixed = addressesText.replace(/^(\d{16}),(\d{16}),/gm, 'NL.IMBAG.Verblijfsobject.$1,NL.IMBAG.Pand.$2,');
    expect(prefixed).toContain('NL.IMBAG.Pand.0479100000000102');
    const register = writeTemp(
      'register.csv',
      `${[HEADER, ...ROWS]
        .map((r) => r.join(';'))
        .join('\n')
        .replace(/^0479/gm, 'NL.IMBAG.Pand.0479')}\n`,
    );
    const a = await importDataset({ buurten, addresses: writeTemp('addresses.csv', prefixed), register, seed: 1 });
    const b = await importDataset({
      buurten,
      addresses,
      register: writeTemp('register.csv', `${[HEADER, ...ROWS].map((r) => r.join(';')).join('\n')}\n`),
      seed: 1,
    });
    expect(a.dataset.addresses).toEqual(b.dataset.addresses);
    expect(a.dataset.register).toEqual(b.dataset.register);
  });

  test('when Excel kept pand ids as numbers and dropped the leading zero, then the zero is restored', async () => {
    const xlsx = await writeXlsx([
      [479100000000101, 'ja', 1998, 'D', 'nee', '', 'nee', '', 'nee', '', ''],
      [479100000000102, 'nee', '', '', 'nee', '', '', '', '', '', ''],
    ]);
    const { dataset } = await importRegister(xlsx);
    expect(dataset.register.map((r) => r.pandId)).toEqual(['0479100000000101', '0479100000000102']);
  });
});

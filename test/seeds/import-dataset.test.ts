import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importDataset } from '../../seeds/import/import-dataset.js';
import { errorOf, writeTemp } from './import-support.js';

const FIXTURES = 'test/fixtures/seeds';
const buurten = join(FIXTURES, 'buurten-wgs84.geojson');
const addressesText = readFileSync(join(FIXTURES, 'addresses.csv'), 'utf8');
const registerText = readFileSync(join(FIXTURES, 'register.csv'), 'utf8');

describe('dataset import', () => {
  test('when buurten, addresses and register are given, then the dataset is real and keeps them', async () => {
    const { dataset, truth } = await importDataset({
      buurten,
      addresses: join(FIXTURES, 'addresses.csv'),
      register: join(FIXTURES, 'register.csv'),
      seed: 1,
    });
    expect(dataset.info.synthetic).toBe(false);
    expect(dataset.addresses).toHaveLength(4);
    expect(dataset.addresses[3].postcode).toBe('1506CE');
    expect(dataset.register[0]).toMatchObject({ onderzocht: true, kwaliteitsklasse: 'D', hersteld: true, herstelJaar: 2003 });
    expect(truth).toBeNull();
  });

  test('when the register has no audit or re-survey columns, then every row is read as not sampled and surveyed once', async () => {
    const { dataset } = await importDataset({
      buurten,
      addresses: join(FIXTURES, 'addresses.csv'),
      register: join(FIXTURES, 'register.csv'),
      seed: 1,
    });
    for (const r of dataset.register) expect(r).toMatchObject({ steekproef: false, herhaalKlasse: null, herhaalJaar: null });
  });

  test('when the register has steekproef, herhaal_klasse and herhaal_jaar, then they are read per row', async () => {
    const lines = registerText.trimEnd().split('\n');
    const text = [`${lines[0]},steekproef,herhaal_klasse,herhaal_jaar`, `${lines[1]},nee,E,2010`, `${lines[2]},ja,,`].join('\n');
    const { dataset } = await importDataset({
      buurten,
      addresses: join(FIXTURES, 'addresses.csv'),
      register: writeTemp('register.csv', text),
      seed: 1,
    });
    expect(dataset.register[0]).toMatchObject({ steekproef: false, herhaalKlasse: 'E', herhaalJaar: 2010 });
    expect(dataset.register[1]).toMatchObject({ steekproef: true, herhaalKlasse: null, herhaalJaar: null });
  });

  test('when a re-survey class has no year, then the error names herhaal_jaar', async () => {
    const lines = registerText.trimEnd().split('\n');
    const text = [`${lines[0]},herhaal_klasse,herhaal_jaar`, `${lines[1]},C,`].join('\n');
    const err = await errorOf(
      importDataset({ buurten, addresses: join(FIXTURES, 'addresses.csv'), register: writeTemp('register.csv', text), seed: 1 }),
    );
    expect(err.location).toBe('line 2');
    expect(err.field).toBe('herhaal_jaar');
  });

  test('when an unsurveyed pand is marked as audit sample, then the error names steekproef', async () => {
    const text =
      'pand_id,onderzocht,onderzocht_jaar,kwaliteitsklasse,hersteld,hersteld_jaar,droogstand,funderingtype,steekproef\n0479100000000101,false,,,false,,,,true\n';
    const err = await errorOf(
      importDataset({ buurten, addresses: join(FIXTURES, 'addresses.csv'), register: writeTemp('register.csv', text), seed: 1 }),
    );
    expect(err.field).toBe('steekproef');
  });

  test('when a re-survey class is not a class, then the error names the line and herhaal_klasse', async () => {
    const lines = registerText.trimEnd().split('\n');
    const text = [`${lines[0]},herhaal_klasse,herhaal_jaar`, `${lines[1]},F,2010`].join('\n');
    const err = await errorOf(
      importDataset({ buurten, addresses: join(FIXTURES, 'addresses.csv'), register: writeTemp('register.csv', text), seed: 1 }),
    );
    expect(err.location).toBe('line 2');
    expect(err.field).toBe('herhaal_klasse');
  });

  test('when only buurten are given, then addresses and register are generated inside them and marked synthetic', async () => {
    const { dataset, truth } = await importDataset({ buurten, seed: 3 });
    expect(dataset.info.synthetic).toBe(true);
    expect(dataset.addresses).toHaveLength(70);
    expect(dataset.addresses.filter((a) => a.buurtCode === 'BU04795120')).toHaveLength(0);
    expect(truth).not.toBeNull();
  });

  test('when a required column is missing, then the error names the file, line 1 and the column', async () => {
    const path = writeTemp('addresses.csv', addressesText.replace('postcode,', 'pc,'));
    const err = await errorOf(importDataset({ buurten, addresses: path, seed: 1 }));
    expect(err.file).toBe(path);
    expect(err.location).toBe('line 1');
    expect(err.message).toContain('missing column "postcode"');
  });

  test('when a postcode is malformed, then the error names the line and the postcode field', async () => {
    const path = writeTemp('addresses.csv', addressesText.replace('1506AB,Zaandam,4.8290', '15O6AB,Zaandam,4.8290'));
    const err = await errorOf(importDataset({ buurten, addresses: path, seed: 1 }));
    expect(err.location).toBe('line 2');
    expect(err.field).toBe('postcode');
    expect(err.message).toContain('Dutch postcode');
  });

  test('when an address names a buurt that is not in the buurten file, then the error names line and buurt_code', async () => {
    const path = writeTemp('addresses.csv', addressesText.replace('BU04792130', 'BU04799999'));
    const err = await errorOf(importDataset({ buurten, addresses: path, seed: 1 }));
    expect(err.location).toBe('line 5');
    expect(err.field).toBe('buurt_code');
  });

  test('when an address has an empty pand_id (a houseboat berth), then it is imported without a building', async () => {
    const berth = '0479020000000101,,BU04792110,Zuiddijk,13,,,1506AB,Zaandam,4.8292,52.4236,,,,,-0.4,2.1,-17.2,-1.3,model,-2.1,';
    const path = writeTemp('addresses.csv', `${addressesText.trimEnd()}\n${berth}\n`);
    const { dataset } = await importDataset({ buurten, addresses: path, register: join(FIXTURES, 'register.csv'), seed: 1 });
    expect(dataset.addresses.find((a) => a.verblijfsobjectId === '0479020000000101')).toMatchObject({ pandId: null, bouwjaar: null });
  });

  test('when a pand_id is not a 16-digit id, then the error names the line and pand_id', async () => {
    const path = writeTemp('addresses.csv', addressesText.replace('0479010000000102,0479100000000102', '0479010000000102,47910000000102'));
    const err = await errorOf(importDataset({ buurten, addresses: path, seed: 1 }));
    expect(err.location).toBe('line 3');
    expect(err.field).toBe('pand_id');
  });

  test('when the register names an unknown pand, then the error names line and pand_id', async () => {
    const path = writeTemp('register.csv', registerText.replace('0479100000000102', '0479100000000999'));
    const err = await errorOf(importDataset({ buurten, addresses: join(FIXTURES, 'addresses.csv'), register: path, seed: 1 }));
    expect(err.location).toBe('line 3');
    expect(err.field).toBe('pand_id');
  });

  test('when a surveyed register row has no survey year, then the error names onderzocht_jaar', async () => {
    const path = writeTemp('register.csv', registerText.replace('true,2019', 'true,'));
    const err = await errorOf(importDataset({ buurten, addresses: join(FIXTURES, 'addresses.csv'), register: path, seed: 1 }));
    expect(err.field).toBe('onderzocht_jaar');
  });
});

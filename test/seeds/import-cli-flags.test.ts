import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCliArgs, UsageError } from '../../seeds/cli-args.js';

const base = ['import', '--buurten', 'b.geojson', '--addresses', 'a.csv', '--out', 'd'];
const usage = (argv: string[]) => {
  try {
    parseCliArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  throw new Error('expected a UsageError');
};

describe('seeds import flags for real data', () => {
  test('when --raster is given per input, then every raster is kept with its input', () => {
    const args = parseCliArgs([
      ...base,
      '--raster',
      'maaiveld_nap_m=ahn.tif',
      '--raster',
      'grondwater_diepte_m=https://example.org/glg.tif',
    ]);
    expect(args.rasters).toEqual([
      { input: 'maaiveld_nap_m', source: 'ahn.tif' },
      { input: 'grondwater_diepte_m', source: 'https://example.org/glg.tif' },
    ]);
    expect(args.model).toBe('models/current');
  });

  test('when --raster names an unknown input, gives groundwater twice or has no addresses, then it is a usage error', () => {
    expect(usage([...base, '--raster', 'grondwater=x.tif'])).toContain('is not one of');
    expect(usage([...base, '--raster', 'grondwater_nap_m=x.tif', '--raster', 'grondwater_diepte_m=y.tif'])).toContain(
      'grondwater_nap_m twice',
    );
    expect(usage(['import', '--buurten', 'b', '--raster', 'veendikte_m=x.tif', '--out', 'd'])).toContain('needs --addresses');
    expect(usage([...base, '--raster', 'veendikte_m'])).toContain('NAME=FILE|URL');
  });

  test('when --buildings comes without --column-map and --id-map, then it is a usage error', () => {
    expect(usage([...base, '--buildings', 'f.csv'])).toContain('go together');
    expect(parseCliArgs([...base, '--buildings', 'f.csv', '--column-map', 'm.json', '--id-map', 'i.csv']).buildings).toEqual({
      file: 'f.csv',
      columnMap: 'm.json',
      idMap: 'i.csv',
    });
  });

  test('when the buildings file has a bad id, then the CLI exits 2 naming file, line and field, and the old dataset stays', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(join('node_modules', '.bin', 'tsx'), ['seeds/cli.ts', ...args], (err, _o, stderr) =>
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr }),
        );
      });
    const dir = mkdtempSync(join(tmpdir(), 'seeds-flags-'));
    const out = join(dir, 'ds');
    const common = [
      'import',
      '--buurten',
      'test/fixtures/seeds/buurten-wgs84.geojson',
      '--addresses',
      'test/fixtures/seeds/addresses.csv',
      '--model',
      'none',
      '--out',
      out,
    ];
    expect((await run(common)).code).toBe(0);
    const before = readFileSync(join(out, 'addresses.csv.gz'));
    const buildings = join(dir, 'fm.csv');
    writeFileSync(
      buildings,
      'building_id,ground_elevation_nap_m,groundwater_level,pleistocene_depth_nap_m,subsidence_velocity\nNL.IMBAG.Pand.0479100000000101,-1.5,1.8,-17,-0.6\n',
    );
    const ids = join(dir, 'ids.csv');
    writeFileSync(ids, 'building_id,pand_id\n');
    const { code, stderr } = await run([
      ...common,
      '--buildings',
      buildings,
      '--column-map',
      'seeds/import/column-maps/fundermaps.json',
      '--id-map',
      ids,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain(`seeds: error: ${buildings}, line 2, field "building_id"`);
    expect(readFileSync(join(out, 'addresses.csv.gz')).equals(before)).toBe(true);
  });
});

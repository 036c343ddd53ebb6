import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TSX = join('node_modules', '.bin', 'tsx');

function runCli(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, ['seeds/cli.ts', ...args], (err, _stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr });
    });
  });
}

describe('seeds CLI', () => {
  test('when importing into a folder, then it writes a dataset folder and reports progress on stderr', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'seeds-cli-')), 'ds');
    const { code, stderr } = await runCli(['import', '--buurten', 'test/fixtures/seeds/buurten-rd.geojson', '--seed', '2', '--out', out]);
    expect(code).toBe(0);
    expect(stderr).toContain('seeds: buurten: 3');
    expect(existsSync(join(out, 'addresses.csv.gz'))).toBe(true);
  });

  test('when the input is bad, then it exits 2 naming file, line and field, without a stack trace, and keeps the old dataset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seeds-cli-'));
    const out = join(dir, 'ds');
    expect((await runCli(['import', '--buurten', 'test/fixtures/seeds/buurten-wgs84.geojson', '--out', out])).code).toBe(0);
    const before = readFileSync(join(out, 'addresses.csv.gz'));
    const bad = join(dir, 'addresses.csv');
    writeFileSync(bad, readFileSync('test/fixtures/seeds/addresses.csv', 'utf8').replace('1506AB,Zaandam,4.8290', 'ABCDEF,Zaandam,4.8290'));
    const { code, stderr } = await runCli([
      'import',
      '--buurten',
      'test/fixtures/seeds/buurten-wgs84.geojson',
      '--addresses',
      bad,
      '--out',
      out,
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${bad}, line 2, field "postcode"`);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(out, 'addresses.csv.gz')).equals(before)).toBe(true);
  });

  test('when an option is unknown, then it exits 2 with one line naming it and pointing to --help', async () => {
    const { code, stderr } = await runCli(['generate', '--out', 'x', '--sed', '3']);
    expect(code).toBe(2);
    expect(stderr).toBe('seeds: unknown option "--sed" (see npm run seeds -- --help)\n');
  });

  test('when an option belongs to the other command, then it exits 2 naming it', async () => {
    const { code, stderr } = await runCli(['generate', '--out', 'x', '--addresses', 'a.csv']);
    expect(code).toBe(2);
    expect(stderr).toContain('--addresses is not an option of generate');
  });
});

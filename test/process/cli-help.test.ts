/**
 * Every command line in package.json's scripts behaves the same (issue 18): `--help` prints the usage and
 * exits 0; an unknown flag is refused with one line naming it and exit 2. The CLIs are found by walking
 * the scripts (`tsx FILE.ts`), so a new one is covered as soon as it has a script.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { defineCli, HelpRequested, numberOption, parseCli, UsageError } from '../../service/cli/support/parse-args.js';

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
/** Scripts that are one TypeScript entry point run with tsx: `"seeds": "tsx seeds/cli.ts"`. */
const clis = Object.entries(scripts).flatMap(([name, command]) => {
  const m = /^tsx (\S+\.ts)$/.exec(command);
  return m ? [[name, m[1]] as const] : [];
});

function run(file: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // No DATABASE_URL: --help and a refused flag must not need a database (or touch one).
    const { DATABASE_URL: _db, ...env } = process.env;
    execFile(process.execPath, ['--import', 'tsx', file, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('every CLI in package.json', () => {
  it('when the scripts are walked, then the known CLIs are among them (the walk is not empty)', () => {
    expect(clis.map(([name]) => name)).toEqual(
      expect.arrayContaining(['seeds', 'train', 'db:load', 'db:migrate', 'access', 'build', 'bench:certainty', 'bench:soak']),
    );
  });

  it.each(clis)('when npm run %s gets --help, then it prints its usage and exits 0', async (name, file) => {
    const { code, stdout, stderr } = await run(file, ['--help']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(new RegExp(`^usage:[\\s\\S]*npm run ${name.replace(':', '\\:')}\\b`));
    expect(stdout).toContain('--help');
  });

  it.each(clis)('when npm run %s gets --no-such-flag, then it refuses it in one line and exits 2', async (_name, file) => {
    const { code, stdout, stderr } = await run(file, ['--no-such-flag']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^[^\n]*unknown option "--no-such-flag"[^\n]*\n$/);
  });
});

describe('the shared parser', () => {
  const cli = defineCli({
    name: 'demo',
    usage: 'npm run demo --',
    summary: 'A demo.',
    options: {
      out: { type: 'string', value: 'DIR', description: 'where', required: true },
      seed: { type: 'string', value: 'N', description: 'seed', default: '7' },
    },
    commands: { go: { summary: 'go', options: { fast: { type: 'boolean', description: 'fast' } } }, stay: { summary: 'stay' } },
  });
  const refusal = (argv: string[]): string => {
    try {
      parseCli(cli, argv);
    } catch (err) {
      if (err instanceof UsageError) return err.message;
      throw err;
    }
    throw new Error(`accepted ${argv.join(' ')}`);
  };

  it('when a value comes as --flag=value or --flag value, then both give it; an absent flag gets its default', () => {
    const a = parseCli(cli, ['go', '--out=x', '--fast']);
    const b = parseCli(cli, ['go', '--out', 'x', '--seed', '3']);
    expect([a.command, a.string('out'), a.string('seed'), a.flag('fast')]).toEqual(['go', 'x', '7', true]);
    expect([b.string('out'), b.string('seed'), b.flag('fast'), b.given('seed')]).toEqual(['x', '3', false, true]);
  });

  it('when the arguments are bad, then the refusal names the flag or argument', () => {
    expect(refusal(['go', '--out'])).toBe('option --out needs a value');
    expect(refusal(['go', '--out', '--fast'])).toBe('option --out needs a value');
    expect(refusal(['go', '--out=x', '--out=y'])).toBe('option --out given twice');
    expect(refusal(['go', '--out=x', '--fast=yes'])).toBe('option --fast takes no value');
    expect(refusal(['stay', '--out=x', '--fast'])).toBe('option --fast is not an option of stay');
    expect(refusal(['go'])).toBe('option --out DIR is required');
    expect(refusal(['go', '--out=x', 'extra'])).toBe('unexpected argument "extra"');
    expect(refusal(['run', '--out=x'])).toBe('unknown command "run" (commands: go, stay)');
    expect(refusal(['go', '--out=x', '-q'])).toBe('unknown option "-q"');
  });

  it('when -h comes after bad flags, then help wins and lists commands, flags and defaults', () => {
    let help = '';
    try {
      parseCli(cli, ['--bogus', '-h']);
    } catch (err) {
      if (err instanceof HelpRequested) help = err.text;
    }
    expect(help).toContain('npm run demo -- go [--fast] --out DIR [options]');
    expect(help).toMatch(/--seed N\s+seed \(default: 7\)/);
    expect(help).toContain('-h, --help');
  });

  it('when a number flag is out of range, then numberOption refuses it naming the flag', () => {
    expect(numberOption(parseCli(cli, ['stay', '--out=x', '--seed=-1']), 'seed', { min: -5, integer: true })).toBe(-1);
    expect(() => numberOption(parseCli(cli, ['stay', '--out=x', '--seed=1.5']), 'seed', { min: 0, integer: true })).toThrow(
      '--seed must be a whole number ≥ 0, got "1.5"',
    );
  });
});

import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, symlink, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type ServerProcess, demoKeyOf, startServer, waitForStatus } from '../support/server-process.js';

const run = promisify(execFile);
const root = resolve('.');
const NETWORK = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTCACHED|ENETUNREACH/;

/**
 * A copy of the working tree (tracked and new files, no node_modules, no dist) built with `npm run build`
 * (dev dependencies borrowed through a symlink), then given production dependencies only with
 * `npm ci --omit=dev` from the local npm cache. Returns the copy, or why it cannot be made here.
 */
async function productionCopy(): Promise<{ dir: string } | { skip: string }> {
  try {
    await run('npm', ['--version']);
  } catch {
    return { skip: 'npm is not on PATH' };
  }
  const dir = await mkdtemp(join(tmpdir(), 'production-build-'));
  const { stdout } = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const files = stdout.split('\0').filter((f) => f && !f.startsWith('node_modules/') && !f.startsWith('dist/'));
  for (const f of files)
    await cp(join(root, f), join(dir, f), { force: true }).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'));
  await run('npm', ['run', 'build'], { cwd: dir });
  await unlink(join(dir, 'node_modules'));
  try {
    await run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: dir,
      env: { ...process.env, NODE_ENV: 'production' },
    });
  } catch (err) {
    const text = String((err as { stderr?: string }).stderr ?? err);
    if (!NETWORK.test(text)) throw err;
    await rm(dir, { recursive: true, force: true });
    return { skip: `npm ci --omit=dev cannot reach the registry and the local cache lacks a package (${NETWORK.exec(text)?.[0]})` };
  }
  return { dir };
}

const prepared = await productionCopy();
if ('skip' in prepared && process.env.PRODUCTION_BUILD_REQUIRED === '1')
  throw new Error(`the production build check is required here: ${prepared.skip}`);
if ('skip' in prepared) console.warn(`SKIPPED: production build (${prepared.skip}).`);
const describeBuild = 'skip' in prepared ? describe.skip : describe;
const dir = 'dir' in prepared ? prepared.dir : '';

describeBuild('the production build (npm run build, then npm ci --omit=dev)', () => {
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('when only production dependencies are installed, then neither tsx nor typescript is there', async () => {
    const has = async (pkg: string) =>
      run(process.execPath, ['-e', `import.meta.resolve(${JSON.stringify(pkg)})`, '--input-type=module'], { cwd: dir }).then(
        () => true,
        () => false,
      );
    expect({
      tsx: await has('tsx'),
      typescript: await has('typescript'),
      esbuild: await has('esbuild'),
      onnx: await has('onnxruntime-node'),
    }).toEqual({ tsx: false, typescript: false, esbuild: false, onnx: true });
  });

  it('when node dist/server.js runs there, then /readyz answers 200 and it serves buurten, an address lookup, a tile and the viewer', async () => {
    const server: ServerProcess = await startServer(
      {
        DATASET_DIR: join(dir, 'seeds', 'demo'),
        MODELS_DIR: join(dir, 'models'),
        VIEWER_DIR: join(dir, 'viewer', 'dist'),
      },
      [process.execPath, [join(dir, 'dist', 'server.js')]],
    );
    try {
      await waitForStatus(server.port, '/readyz', 200);
      const base = `http://127.0.0.1:${server.port}`;
      const buurten = await fetch(`${base}/v1/buurten`).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { features: unknown[] },
      }));
      expect({ status: buurten.status, features: buurten.body.features.length }).toEqual({ status: 200, features: 50 });
      const key = await demoKeyOf(server); // address routes are closed: the demo sign-in link's key
      expect(key).not.toBeNull();
      const lookup = await fetch(`${base}/v1/addresses?q=1506`, { headers: { authorization: `Bearer ${key}` } }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { results: unknown[] },
      }));
      expect(lookup.status).toBe(200);
      expect(lookup.body.results.length).toBeGreaterThan(0);
      expect((await fetch(`${base}/tiles/buurten/11/1051/672.mvt`)).status).toBe(200);
      const page = await fetch(`${base}/`);
      expect({ status: page.status, html: /<script type="module" src="\.\/app\.js">/.test(await page.text()) }).toEqual({
        status: 200,
        html: true,
      });
    } finally {
      server.kill();
      await server.exited;
    }
  }, 120_000);

  it('when the bundled db:migrate runs without DATABASE_URL, then it loads and says what is missing', async () => {
    const { DATABASE_URL: _unset, ...env } = process.env;
    const out = await run(process.execPath, [join(dir, 'dist', 'db-migrate.js')], { cwd: dir, env }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect({ code: out?.code, stderr: out?.stderr.trim() }).toEqual({ code: 1, stderr: 'db:migrate failed: DATABASE_URL is not set' });
  });
});

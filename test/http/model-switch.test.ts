import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { buildApp } from '../../service/http/app.js';
import { ModelSwitch } from '../../service/model-swap.js';
import { authHeader, loadDemoDeps } from '../support/demo-deps.js';

const served = readFileSync('models/current', 'utf8').trim();
const OTHER = `${served}-candidate`;

let deps: LoadedDeps;
let models: ModelSwitch;
let server: Server;
let base: string;
beforeAll(async () => {
  // a models folder with the committed model and a second version of it (same files, its own version name)
  const dir = mkdtempSync(join(tmpdir(), 'models-'));
  cpSync(join('models', served), join(dir, served), { recursive: true });
  cpSync(join('models', served), join(dir, OTHER), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, OTHER, 'manifest.json'), 'utf8')) as { version: string };
  writeFileSync(join(dir, OTHER, 'manifest.json'), JSON.stringify({ ...manifest, version: OTHER }));
  writeFileSync(join(dir, 'current'), `${served}\n`);
  deps = await loadDemoDeps({ MODELS_DIR: dir, MODEL_WATCH_MS: '100', SHUTDOWN_GRACE_MS: '2000' });
  models = new ModelSwitch(deps, buildApp, pino({ level: 'silent' }));
  server = createServer(models.handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await models.deps.close();
});

const ROW = {
  bouwjaar: 1910,
  woningtype: 'rijwoning',
  maaiveld_nap_m: -0.8,
  veendikte_m: 3.5,
  grondwater_nap_m: -1.9,
  bodemdaling_mm_jr: -4,
};

/** Sends scoring and manifest requests, four at a time, until `until` settles; returns every outcome in order of completion. */
async function drive(until: Promise<unknown>): Promise<{ status: number; version: string | null }[]> {
  let done = false;
  void until.finally(() => {
    done = true;
  });
  const outcomes: { status: number; version: string | null }[] = [];
  const one = async (i: number) => {
    try {
      const res =
        i % 2 === 0
          ? await fetch(`${base}/v1/score`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...authHeader(deps, 'system') },
              body: JSON.stringify(ROW),
            })
          : await fetch(`${base}/v1/model`);
      const body = (await res.json()) as { modelVersion?: string; version?: string };
      outcomes.push({ status: res.status, version: body.modelVersion ?? body.version ?? null });
    } catch (err) {
      outcomes.push({
        status: 0,
        version: String((err as { cause?: { code?: string; message?: string } }).cause?.code ?? (err as Error).message),
      });
    }
  };
  const worker = async (w: number) => {
    for (let i = w; !done; i += 4) await one(i);
    for (let i = 0; i < 6; i += 1) await one(w + i); // and a few after the switch
  };
  await Promise.all([0, 1, 2, 3].map(worker));
  return outcomes;
}

describe('switching the served model', () => {
  it('when another version is promoted while requests run, then none fails and the answers after the switch carry the new version; rollback returns to the old one', async () => {
    const during = await drive(models.switchTo(OTHER));
    expect(during.filter((o) => o.status !== 200)).toEqual([]);
    expect(during.some((o) => o.version === served)).toBe(true);
    expect(during.slice(-8).map((o) => o.version)).toEqual(Array(8).fill(OTHER));

    const back = await drive(models.switchTo(served));
    expect(back.filter((o) => o.status !== 200)).toEqual([]);
    expect(back.slice(-8).map((o) => o.version)).toEqual(Array(8).fill(served));
  }, 240_000);

  it('when models/current names another version, then the watching service switches to it by itself', async () => {
    const stop = models.watch();
    try {
      writeFileSync(join(models.deps.config.modelsDir, 'current'), `${OTHER}\n`);
      const deadline = Date.now() + 120_000;
      while (models.deps.manifest.version !== OTHER && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const res = await fetch(`${base}/v1/model`);
      expect(((await res.json()) as { version: string }).version).toBe(OTHER);
    } finally {
      stop();
    }
  }, 180_000);
});

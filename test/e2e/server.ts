import { mkdtemp } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeps } from '../../service/bootstrap.js';
import type { KeyRole } from '../../service/domain/access/roles.js';
import { loadConfig } from '../../service/config/config.js';
import { buildApp } from '../../service/http/app.js';
import { buildViewer } from '../../viewer/build.js';

/** A running server with the API and the freshly built viewer. */
export interface TestServer {
  baseUrl: string;
  /** Where the viewer was built. */
  distDir: string;
  /** An inspector key made for this server (keys and audit log live in the temporary folder). */
  apiKey: string;
  /** Makes one more key (shown once), e.g. a planner's or one to revoke. */
  makeKey: (name: string, role: KeyRole) => Promise<{ key: string; id: string }>;
  /** Revokes a key; the server stops accepting it within KEY_REFRESH_MS (100 ms here). */
  revokeKey: (id: string) => Promise<void>;
  close: () => Promise<void>;
}

function listen(app: { listen: (port: number, cb: () => void) => Server }): Promise<Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Builds the viewer into a temporary folder and serves it with the real service on the committed demo dataset and model;
 * `env` adds or overrides settings (e.g. DATASET_DIR for another dataset).
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const distDir = await mkdtemp(join(tmpdir(), 'viewer-e2e-'));
  await buildViewer({ outDir: distDir });
  const deps = await createDeps(
    loadConfig({
      VIEWER_DIR: distDir,
      LOG_LEVEL: 'silent',
      ACCESS_FILE: join(distDir, 'access.json'),
      AUDIT_FILE: join(distDir, 'audit.jsonl'),
      // One browser fetches many buurt tiles from one IP: the anonymous limit is not under test here.
      RATE_LIMIT_ANON_PER_MIN: '1000000',
      RATE_LIMIT_KEY_PER_MIN: '1000000',
      // A key revoked by a test counts at once (the lowest refresh the configuration allows).
      KEY_REFRESH_MS: '100',
      // The basemap tests serve a stand-in basemap from this origin; an operator allows theirs the same way.
      CSP_EXTRA_ORIGINS: 'http://basemap.test',
      ...env,
    }),
  );
  const { key } = await deps.access.keyAdmin.add('e2e', 'inspector');
  const server = await listen(buildApp(deps));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    distDir,
    apiKey: key,
    makeKey: async (name, role) => {
      const made = await deps.access.keyAdmin.add(name, role);
      return { key: made.key, id: made.summary.id };
    },
    revokeKey: async (id) => {
      if (!(await deps.access.keyAdmin.revoke(id))) throw new Error(`no key ${id} to revoke`);
    },
    close: async () => {
      await closeServer(server);
      await deps.close();
    },
  };
}

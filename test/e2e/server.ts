import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildViewer } from '../../viewer/build.js';

/** A running server with the API and the freshly built viewer. */
export interface TestServer {
  baseUrl: string;
  /** `service` for the real service on the committed demo dataset and model, `mock` for the stand-in. */
  kind: 'service' | 'mock';
  /** Where the viewer was built. */
  distDir: string;
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
 * Builds the viewer into a temporary folder and serves it with the real service. Until a trained model
 * is committed (`models/current`, or `$E2E_MODELS_DIR/current`), the mock API stands in, and says so on the console.
 */
export async function startTestServer(): Promise<TestServer> {
  const distDir = await mkdtemp(join(tmpdir(), 'viewer-e2e-'));
  await buildViewer({ outDir: distDir });
  // E2E_MODELS_DIR points the suite at another models folder (e.g. a freshly trained one).
  const modelsDir = process.env.E2E_MODELS_DIR ?? 'models';
  if (existsSync(join(modelsDir, 'current'))) {
    const { loadConfig } = await import('../../service/config/config.js');
    const { createDeps } = await import('../../service/bootstrap.js');
    const { buildApp } = await import('../../service/http/app.js');
    const deps = await createDeps(loadConfig({ VIEWER_DIR: distDir, MODELS_DIR: modelsDir, LOG_LEVEL: 'silent' }));
    const server = await listen(buildApp(deps));
    const { port } = server.address() as AddressInfo;
    return {
      baseUrl: `http://127.0.0.1:${port}/`,
      kind: 'service',
      distDir,
      close: async () => {
        await closeServer(server);
        await deps.close();
      },
    };
  }
  console.warn('e2e: no trained model in models/current yet; running the viewer against the mock API (test/e2e/mock-api.ts)');
  const { createMockApp } = await import('./mock-api.js');
  const server = await listen(createMockApp(distDir));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/`, kind: 'mock', distDir, close: () => closeServer(server) };
}

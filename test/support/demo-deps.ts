import { pino } from 'pino';
import { type LoadedDeps, createDeps } from '../../service/bootstrap.js';
import { type Config, loadConfig } from '../../service/config/config.js';
import { buildApp } from '../../service/http/app.js';

/** Loads the committed demo dataset and model once per test file (read-only; safe to share). */
export async function loadDemoDeps(env: Record<string, string> = {}): Promise<LoadedDeps> {
  const config: Config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  return createDeps(config, pino({ level: 'silent' }));
}

/** A fresh app over already loaded dependencies. */
export function appOf(deps: LoadedDeps) {
  return buildApp(deps);
}

/** Asserts the RFC 9457 shape and returns the body. */
export function expectProblem(res: { status: number; headers: Record<string, string>; body: unknown; text: string }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, title: expect.any(String), detail: expect.any(String), type: expect.any(String) });
  expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
  return body;
}

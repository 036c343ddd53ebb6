import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { type LoadedDeps, createDeps } from '../../service/bootstrap.js';
import type { KeyRole } from '../../service/domain/access/roles.js';
import { type Config, loadConfig } from '../../service/config/config.js';
import { buildApp } from '../../service/http/app.js';

const keys = new WeakMap<LoadedDeps, Map<KeyRole, string>>();

/**
 * Loads the committed demo dataset and model once per test file (read-only; safe to share), with keys
 * and audit log in a fresh temporary folder and one key per role (see {@link signedIn}).
 */
export async function loadDemoDeps(env: Record<string, string> = {}): Promise<LoadedDeps> {
  const dir = mkdtempSync(join(tmpdir(), 'access-'));
  const config: Config = loadConfig({
    LOG_LEVEL: 'silent',
    ACCESS_FILE: join(dir, 'access.json'),
    AUDIT_FILE: join(dir, 'audit.jsonl'),
    SURVEYS_FILE: join(dir, 'field-records.jsonl'),
    WEBHOOKS_FILE: join(dir, 'webhooks.jsonl'),
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    ...env,
  });
  const deps = await createDeps(config, pino({ level: 'silent' }));
  const made = new Map<KeyRole, string>();
  for (const role of ['planner', 'inspector', 'admin', 'system'] as const)
    made.set(role, (await deps.access.keyAdmin.add(`test ${role}`, role)).key);
  keys.set(deps, made);
  return deps;
}

/** The test key of a role made by {@link loadDemoDeps}. */
export function keyOf(deps: LoadedDeps, role: KeyRole): string {
  const key = keys.get(deps)?.get(role);
  if (!key) throw new Error('deps were not loaded with loadDemoDeps');
  return key;
}

/** The Authorization header with the test key of a role (default inspector), for raw HTTP clients. */
export function authHeader(deps: LoadedDeps, role: KeyRole = 'inspector'): { authorization: string } {
  return { authorization: `Bearer ${keyOf(deps, role)}` };
}

/**
 * A supertest agent that sends the test key of a role (default inspector) with every request: the one
 * place where tests of address-level routes authenticate.
 */
export function signedIn(deps: LoadedDeps, role: KeyRole = 'inspector', app = appOf(deps)) {
  return request.agent(app).set('Authorization', `Bearer ${keyOf(deps, role)}`);
}

/** A fresh app over already loaded dependencies. */
export function appOf(deps: LoadedDeps) {
  return buildApp(deps);
}

/** Asserts the RFC 9457 shape and returns the body. */
export function expectProblem(
  res: { status: number; headers: Record<string, string>; body: unknown; text: string },
  status: number,
  code: string,
) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, title: expect.any(String), detail: expect.any(String), type: expect.any(String) });
  expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
  return body;
}

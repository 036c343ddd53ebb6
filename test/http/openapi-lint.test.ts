import request from 'supertest';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { ROUTES } from '../../service/http/route-table.js';
import { appOf, loadDemoDeps } from '../support/demo-deps.js';

let deps: LoadedDeps;
beforeAll(async () => {
  deps = await loadDemoDeps();
});
afterAll(async () => {
  await deps.close();
});

describe('the OpenAPI document against an outside linter', () => {
  it("when Redocly's recommended rules lint /openapi.json, then they find no error and no warning", async () => {
    const doc = (await request(appOf(deps)).get('/openapi.json')).body as object;
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`)).toEqual([]);
  });

  it('when the document is served, then it names its server, its licence and one operationId per declared route', async () => {
    const doc = (await request(appOf(deps)).get('/openapi.json')).body as {
      servers: { url: string }[];
      info: { license: { identifier: string } };
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    expect(doc.servers.length).toBeGreaterThan(0);
    expect(doc.info.license.identifier).toBe('EUPL-1.2');
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(ids.sort()).toEqual(Object.keys(ROUTES).sort());
  });
});

import request from 'supertest';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { appOf, loadDemoDeps } from '../support/demo-deps.js';

let deps: LoadedDeps;
beforeAll(async () => {
  deps = await loadDemoDeps();
});
afterAll(async () => {
  await deps.close();
});

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route registered on the app, as OpenAPI path templates with methods. */
function registeredRoutes(stack: Layer[]): [string, string][] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const path = layer.route.path.replace(/:file$/, '{y}.mvt').replace(/:(\w+)/g, '{$1}');
      return Object.keys(layer.route.methods).map((m): [string, string] => [m, path]);
    }
    return layer.handle?.stack ? registeredRoutes(layer.handle.stack) : [];
  });
}

describe('GET /openapi.json', () => {
  it('when the document is fetched, then it is OpenAPI 3.1 with responses on every operation and declared path parameters', async () => {
    const res = await request(appOf(deps)).get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.info).toMatchObject({ title: expect.any(String), version: deps.manifest.version });
    for (const [path, ops] of Object.entries(
      res.body.paths as Record<string, Record<string, { responses: object; parameters?: { name: string; in: string }[] }>>,
    )) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(ops)) {
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect(declared.sort()).toEqual(templated.sort());
      }
    }
  });

  it('when an operation answers JSON, then its 200 response documents a schema with fields, not a bare object', async () => {
    const res = await request(appOf(deps)).get('/openapi.json');
    const bare: string[] = [];
    for (const [path, ops] of Object.entries(
      res.body.paths as Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { schema?: { properties?: object; oneOf?: object[] } }> }> }>
      >,
    )) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [type, media] of Object.entries(op.responses['200']?.content ?? {})) {
          if (!type.includes('json')) continue;
          if (!media.schema?.properties && !media.schema?.oneOf) bare.push(`${method} ${path} ${type}`);
        }
      }
    }
    expect(bare).toEqual([]);
    expect(res.body.paths['/v1/addresses/{id}'].get.responses['200'].content['application/json'].schema.properties.reason).toBeDefined();
  });

  it('when the document uses $ref, then every reference resolves inside the document', async () => {
    const doc = (await request(appOf(deps)).get('/openapi.json')).body as Record<string, unknown>;
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, child] of Object.entries(v)) {
          if (k === '$ref' && typeof child === 'string') refs.push(child);
          else walk(child);
        }
      }
    };
    walk(doc);
    const resolve = (ref: string) =>
      ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((r) => !r.startsWith('#/') || resolve(r) === undefined)).toEqual([]);
  });

  it('when routes are registered on the app, then every one of them is in the document', async () => {
    const app = appOf(deps);
    const doc = (await request(app).get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes = registeredRoutes((app as unknown as { router: { stack: Layer[] } }).router.stack);
    expect(routes.length).toBeGreaterThan(10);
    const missing = routes.filter(([m, p]) => p !== '/openapi.json' && p !== '/docs' && !doc.paths[p]?.[m]);
    expect(missing).toEqual([]);
  });

  it('when /docs is opened, then it lists the endpoints as a self-contained page', async () => {
    const res = await request(appOf(deps)).get('/docs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('/v1/score');
    expect(res.text).not.toMatch(/<script src="http/);
  });
});

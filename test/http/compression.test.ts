import { type Server, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { LoadedDeps } from '../../service/bootstrap.js';
import { buildViewer } from '../../viewer/build.js';
import { appOf, loadDemoDeps } from '../support/demo-deps.js';

let deps: LoadedDeps;
let server: Server;
let viewerDir: string;
let base: string;
beforeAll(async () => {
  viewerDir = await mkdtemp(join(tmpdir(), 'viewer-compression-'));
  await buildViewer({ outDir: viewerDir });
  deps = await loadDemoDeps({ VIEWER_DIR: viewerDir });
  server = appOf(deps).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await deps.close();
  await rm(viewerDir, { recursive: true, force: true });
});

/** GET without any decoding: the bytes as they were sent. */
function raw(
  path: string,
  acceptEncoding?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(`${base}${path}`, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('HTTP compression', () => {
  it('when a client accepts gzip, then /v1/buurten comes gzipped and decompresses to the same GeoJSON', async () => {
    const [plain, gz] = await Promise.all([raw('/v1/buurten'), raw('/v1/buurten', 'gzip')]);
    expect({ status: gz.status, encoding: gz.headers['content-encoding'], vary: gz.headers.vary }).toEqual({
      status: 200,
      encoding: 'gzip',
      vary: expect.stringMatching(/accept-encoding/i),
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gz.body.length).toBeLessThan(plain.body.length / 2);
    expect(JSON.parse(gunzipSync(gz.body).toString('utf8'))).toEqual(JSON.parse(plain.body.toString('utf8')));
  });

  it('when a client accepts br, then the CSV export comes brotli-compressed with the same text', async () => {
    const [plain, br] = await Promise.all([raw('/v1/buurten?format=csv'), raw('/v1/buurten?format=csv', 'br')]);
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(plain.body.toString('utf8'));
  });

  it('when a client accepts gzip, then the viewer bundle and MapLibre come gzipped, byte for byte the same after gunzip', async () => {
    for (const path of ['/app.js', '/vendor/maplibre-gl.mjs', '/']) {
      const [plain, gz] = await Promise.all([raw(path), raw(path, 'gzip, deflate, br;q=0')]);
      expect({ path, status: gz.status, encoding: gz.headers['content-encoding'] }).toEqual({ path, status: 200, encoding: 'gzip' });
      expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
    }
  });

  it('when Chromium asks for the viewer (gzip, deflate, br, zstd), then the build-time brotli (quality 11) comes with the file type, and is smaller than on-the-fly brotli', async () => {
    for (const path of ['/app.js', '/vendor/maplibre-gl.mjs', '/vendor/maplibre-gl.css', '/']) {
      const [plain, br] = await Promise.all([raw(path), raw(path, 'gzip, deflate, br, zstd')]);
      expect({ path, status: br.status, encoding: br.headers['content-encoding'], vary: br.headers.vary }).toEqual({
        path,
        status: 200,
        encoding: 'br',
        vary: expect.stringMatching(/accept-encoding/i),
      });
      expect(String(br.headers['content-type'])).toBe(String(plain.headers['content-type']));
      expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    }
    // The on-the-fly default (quality 4) gives ≈ 298 kB for MapLibre; the build's quality 11 ≈ 243 kB.
    const maplibre = await raw('/vendor/maplibre-gl.mjs', 'br');
    expect(maplibre.body.length).toBeLessThan(260_000);
  });

  it('when a precompressed file is asked for again with its ETag, then 304; a path out of the folder is not served', async () => {
    const first = await raw('/app.js', 'br');
    const again = await new Promise<number>((resolve, reject) => {
      get(`${base}/app.js`, { headers: { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(again).toBe(304);
    const outside = await raw('/vendor/..%2f..%2fpackage.json', 'br');
    expect(outside.status).toBeGreaterThanOrEqual(400);
    expect(outside.status).toBeLessThan(500);
  });

  it('when a vector tile is asked for with gzip, then it is compressed exactly once and decodes to the plain tile', async () => {
    const path = '/tiles/buurten/11/1051/672.mvt';
    const [plain, gz] = await Promise.all([raw(path), raw(path, 'gzip')]);
    expect({ type: gz.headers['content-type'], encoding: gz.headers['content-encoding'] }).toEqual({
      type: 'application/vnd.mapbox-vector-tile',
      encoding: 'gzip',
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    expect(plain.body.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))).toBe(false);
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
  });

  it('when an answer is below 1 kB, then it is sent as is', async () => {
    const res = await raw('/healthz', 'gzip');
    expect({ status: res.status, encoding: res.headers['content-encoding'] }).toEqual({ status: 200, encoding: undefined });
  });
});

/**
 * Builds the viewer into `viewer/dist/`: the app bundle (esbuild), its CSS, index.html and MapLibre's
 * own ES module, worker and CSS under `vendor/`. All URLs are relative, so the service can serve the folder
 * at any path. Run with `npm run build:viewer`; set `BASEMAP_URL` (an XYZ raster template or a MapLibre
 * style URL) and optionally `BASEMAP_ATTRIBUTION` to add a basemap.
 */
import { build, type Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { defineCli, parseCliOrExit } from '../service/cli/support/parse-args.js';

const viewerDir = dirname(fileURLToPath(import.meta.url));
const rootDir = resolve(viewerDir, '..');

/** Options for {@link buildViewer}. */
export interface BuildViewerOptions {
  /** Output folder; defaults to `viewer/dist`. */
  outDir?: string;
  /** Minify the bundle (default true). */
  minify?: boolean;
  /** Optional basemap: an XYZ raster template (`{z}/{x}/{y}`) or a MapLibre style JSON URL; never required. */
  basemapUrl?: string | null;
  /** Credit line for the basemap (shown beside "CBS / Kadaster"). */
  basemapAttribution?: string | null;
}

/** What a build produced. */
export interface BuildViewerResult {
  outDir: string;
  /** Sizes in bytes of the files written, by path relative to `outDir`. */
  files: Record<string, number>;
  /** Sizes of the precompressed siblings (`FILE.br`, `FILE.gz`) written beside them, by path. */
  precompressed: Record<string, number>;
}

/** Files below this size are served as they are (the same threshold as the on-the-fly compression). */
const PRECOMPRESS_MIN_BYTES = 1024;
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
/** MapLibre's files never change between builds, and brotli at quality 11 takes seconds: cached by content hash. */
const PRECOMPRESS_CACHE = join(rootDir, 'node_modules', '.cache', 'viewer-precompressed');

/**
 * Writes `FILE.br` (brotli, quality 11) and `FILE.gz` (gzip, level 9) beside `file`. The service sends them
 * to clients that accept the encoding (service/http/precompressed.ts): smaller than the on-the-fly
 * compression (brotli quality 4), and no CPU per request. Returns the two sizes.
 */
async function precompress(file: string): Promise<{ br: number; gz: number }> {
  const body = await readFile(file);
  const key = createHash('sha256').update(body).digest('hex');
  const sizes = { br: 0, gz: 0 };
  for (const enc of ['br', 'gz'] as const) {
    const cached = join(PRECOMPRESS_CACHE, `${key}.${enc}`);
    let out = await readFile(cached).catch(() => null);
    if (!out) {
      out =
        enc === 'br'
          ? await brotli(body, {
              params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length },
            })
          : await gzipAsync(body, { level: 9 });
      await mkdir(PRECOMPRESS_CACHE, { recursive: true });
      await writeFile(cached, out).catch(() => undefined);
    }
    await writeFile(`${file}.${enc}`, out);
    sizes[enc] = out.length;
  }
  return sizes;
}

const MAPLIBRE_FILES = ['maplibre-gl.mjs', 'maplibre-gl-worker.mjs', 'maplibre-gl.css'] as const;

/** MapLibre stays out of the app bundle: it is loaded as its own module from `vendor/` next to its worker. */
const maplibreExternal: Plugin = {
  name: 'maplibre-external',
  setup(b) {
    b.onResolve({ filter: /^maplibre-gl$/ }, () => ({ path: './vendor/maplibre-gl.mjs', external: true }));
  },
};

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Builds the viewer and returns the written files with their sizes. */
export async function buildViewer(options: BuildViewerOptions = {}): Promise<BuildViewerResult> {
  const outDir = options.outDir ?? join(viewerDir, 'dist');
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'vendor'), { recursive: true });

  await build({
    entryPoints: { app: join(viewerDir, 'src', 'main.ts'), 'app-style': join(viewerDir, 'src', 'styles.css') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    minify: options.minify ?? true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [maplibreExternal],
  });
  // esbuild names the CSS entry after its key; the page links app.css.
  await copyFile(join(outDir, 'app-style.css'), join(outDir, 'app.css'));
  await rm(join(outDir, 'app-style.css'));
  await rm(join(outDir, 'app-style.css.map'), { force: true });

  const maplibreDist = join(rootDir, 'node_modules', 'maplibre-gl', 'dist');
  for (const file of MAPLIBRE_FILES) await copyFile(join(maplibreDist, file), join(outDir, 'vendor', file));

  let html = await readFile(join(viewerDir, 'index.html'), 'utf8');
  const basemap = options.basemapUrl ?? null;
  const credit = options.basemapAttribution ?? null;
  const metas = [
    basemap ? `<meta name="basemap-url" content="${escapeAttr(basemap)}" />` : '',
    basemap && credit ? `<meta name="basemap-attribution" content="${escapeAttr(credit)}" />` : '',
  ].join('');
  if (metas) html = html.replace('<!-- build: optional <meta name="basemap-url"> -->', metas);
  await writeFile(join(outDir, 'index.html'), html);

  const files: Record<string, number> = {};
  for (const rel of ['index.html', 'app.js', 'app.css', ...MAPLIBRE_FILES.map((f) => `vendor/${f}`)]) {
    files[rel] = (await stat(join(outDir, rel))).size;
  }
  const precompressed: Record<string, number> = {};
  for (const [rel, size] of Object.entries(files)) {
    if (size < PRECOMPRESS_MIN_BYTES) continue;
    const { br, gz } = await precompress(join(outDir, rel));
    precompressed[`${rel}.br`] = br;
    precompressed[`${rel}.gz`] = gz;
  }
  return { outDir, files, precompressed };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  parseCliOrExit(
    defineCli({
      name: 'build:viewer',
      usage: 'npm run build:viewer --',
      summary: 'Builds the viewer into viewer/dist/ (npm start runs it first).',
      notes: ['Environment: BASEMAP_URL (an XYZ raster template or a MapLibre style URL) and BASEMAP_ATTRIBUTION add a basemap.'],
    }),
    () => undefined,
  );
  const started = Date.now();
  const result = await buildViewer({
    basemapUrl: process.env.BASEMAP_URL || null,
    basemapAttribution: process.env.BASEMAP_ATTRIBUTION || null,
  });
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} kB`;
  console.log(`viewer built into ${result.outDir} in ${Date.now() - started} ms`);
  for (const [file, size] of Object.entries(result.files)) {
    const br = result.precompressed[`${file}.br`];
    console.log(`  ${file.padEnd(28)} ${kb(size).padStart(10)}${br === undefined ? '' : `  (brotli ${kb(br)})`}`);
  }
}

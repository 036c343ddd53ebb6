/**
 * Builds the viewer into `viewer/dist/`: the app bundle (esbuild), its CSS, index.html and MapLibre's
 * own ES module, worker and CSS under `vendor/`. All URLs are relative, so the service can serve the folder
 * at any path. Run with `npm run build:viewer`; set `BASEMAP_URL` (an XYZ raster template or a MapLibre
 * style URL) and optionally `BASEMAP_ATTRIBUTION` to add a basemap.
 */
import { build, type Plugin } from 'esbuild';
import { copyFile, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
  return { outDir, files };
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
  for (const [file, size] of Object.entries(result.files)) console.log(`  ${file.padEnd(28)} ${kb(size)}`);
}

/**
 * `npm run build`: the production build. Builds the viewer into `viewer/dist/`, and bundles the server and
 * every CLI under `service/cli/` with esbuild into `dist/` (`dist/server.js`, `dist/db-migrate.js`, …),
 * with the SQL migrations beside them in `dist/migrations/`. Packages stay external: they are installed
 * with `npm ci --omit=dev`, so onnxruntime-node's native binding and pg load as they do in development,
 * and running the bundle needs neither tsx nor TypeScript. The build fails when a bundle imports a
 * package that is not in `dependencies` (it would be missing from a production install).
 */
import { build, type Metafile } from 'esbuild';
import { cp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defineCli, parseCliOrExit } from '../service/cli/support/parse-args.js';
import { buildViewer } from '../viewer/build.js';

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** What {@link buildService} produced. */
export interface BuildServiceResult {
  outDir: string;
  /** Bundle sizes in bytes by file name (without source maps). */
  bundles: Record<string, number>;
  /** Packages the bundles import at run time. */
  runtimePackages: string[];
}

/** `pg-copy-streams/lib/x` → `pg-copy-streams`; `@scope/pkg/x` → `@scope/pkg`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);

/** Every package (not a Node built-in) that the bundles in a metafile import. */
export function importedPackages(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports) if (imp.external && !isBuiltin(imp.path)) found.add(packageName(imp.path));
  }
  return [...found].sort();
}

/** Bundles the server and the CLIs into `outDir` (default `dist/`) and copies the migrations beside them. */
export async function buildService(outDir = join(rootDir, 'dist')): Promise<BuildServiceResult> {
  await rm(outDir, { recursive: true, force: true });
  const cliDir = join(rootDir, 'service', 'cli');
  const entryPoints: Record<string, string> = { server: join(rootDir, 'service', 'server.ts') };
  for (const file of await readdir(cliDir)) {
    if (file.endsWith('.ts') && !file.endsWith('.d.ts')) entryPoints[file.slice(0, -3)] = join(cliDir, file);
  }
  const result = await build({
    entryPoints,
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  // MIGRATIONS_DIR is resolved next to the module that reads it, which is now a bundle in `outDir`.
  await cp(join(rootDir, 'service', 'adapters', 'postgis', 'migrations'), join(outDir, 'migrations'), { recursive: true });

  const pkg = JSON.parse(await readFile(join(rootDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const runtimePackages = importedPackages(result.metafile);
  const missing = runtimePackages.filter((p) => !(p in (pkg.dependencies ?? {})));
  if (missing.length > 0) {
    throw new Error(`dist/ imports ${missing.join(', ')} at run time, but package.json lists it only outside "dependencies"`);
  }
  const bundles: Record<string, number> = {};
  for (const name of Object.keys(entryPoints)) bundles[`${name}.js`] = (await stat(join(outDir, `${name}.js`))).size;
  return { outDir, bundles, runtimePackages };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  parseCliOrExit(
    defineCli({
      name: 'build',
      usage: 'npm run build --',
      summary:
        'The production build: the viewer into viewer/dist/, the server and the CLIs bundled into dist/ (run with node dist/server.js).',
      notes: ['Environment: BASEMAP_URL, BASEMAP_ATTRIBUTION (optional basemap of the viewer).'],
    }),
    () => undefined,
  );
  const started = Date.now();
  const viewer = await buildViewer({
    basemapUrl: process.env.BASEMAP_URL || null,
    basemapAttribution: process.env.BASEMAP_ATTRIBUTION || null,
  });
  const service = await buildService();
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} kB`;
  console.log(`built in ${Date.now() - started} ms`);
  for (const [file, size] of Object.entries(viewer.files)) console.log(`  viewer/dist/${file.padEnd(28)} ${kb(size)}`);
  for (const [file, size] of Object.entries(service.bundles)) console.log(`  dist/${file.padEnd(35)} ${kb(size)}`);
  console.log(`  run-time packages: ${service.runtimePackages.join(', ')}`);
}

/**
 * A grep over the source tree: every category list, zoom constant and identifier pattern is written once,
 * in its shared module (service/features/inputs.ts, service/domain/records.ts, service/domain/tile-zooms.ts,
 * service/domain/ids.ts); the viewer, the importer and the schemas import them. Tests are not scanned
 * (they may spell out values to check them).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FUNDERINGTYPES, GRONDWATER_BRONNEN, INPUT_SPECS, type NumberSpec, WONINGTYPES, inputSpec } from '../../service/features/inputs.js';
import { INPUT_UNITS, SOIL_INPUTS } from '../../seeds/import/input-units.js';
import { RISK_CLASSES } from '../../service/domain/records.js';

const ROOTS = ['service', 'viewer/src', 'viewer/build.ts', 'seeds', 'training', 'scripts', 'bench'];

function sourceFiles(path: string): string[] {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    return [];
  }
  if (stat.isFile()) return /\.(ts|js|mjs)$/.test(path) ? [path] : [];
  return readdirSync(path).flatMap((name) => (name === 'node_modules' || name === 'dist' ? [] : sourceFiles(join(path, name))));
}

const files = ROOTS.flatMap(sourceFiles).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

/** Files in which `pattern` matches, besides the one allowed home. */
const strays = (pattern: RegExp, home: string): string[] => files.filter((f) => f.path !== home && pattern.test(f.text)).map((f) => f.path);

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when the text has an array literal holding every value of the list as string literals: a copy of the list. */
const copiesList = (values: readonly string[]) =>
  ({
    test: (text: string): boolean =>
      [...text.matchAll(/\[([^[\]]*)\]/g)].some((m) => {
        const strings = new Set([...m[1].matchAll(/['"`]([^'"`]*)['"`]/g)].map((q) => q[1]));
        return values.every((v) => strings.has(v));
      }),
  }) as unknown as RegExp;

describe('single definitions in the source tree', () => {
  it('when the tree is scanned, then it holds source files to scan (the check cannot pass empty)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.some((f) => f.path === 'service/features/inputs.ts')).toBe(true);
  });

  it.each([
    ['woningtype', WONINGTYPES, 'service/features/inputs.ts'],
    ['funderingtype', FUNDERINGTYPES, 'service/features/inputs.ts'],
    ['grondwater_bron', GRONDWATER_BRONNEN, 'service/features/inputs.ts'],
    ['risk class', RISK_CLASSES, 'service/domain/records.ts'],
  ] as const)('when the %s categories are searched, then their list is written only in its shared module', (_name, values, home) => {
    expect(copiesList(values).test(readFileSync(home, 'utf8'))).toBe(true);
    expect(strays(copiesList(values), home)).toEqual([]);
  });

  it('when zoom constants are searched, then they are defined only in service/domain/tile-zooms.ts', () => {
    const home = 'service/domain/tile-zooms.ts';
    const definition = /\bconst\s+[A-Z_]*ZOOM[A-Z_]*\s*(?::\s*\w+\s*)?=\s*\d/;
    expect(definition.test(readFileSync(home, 'utf8'))).toBe(true);
    expect(strays(definition, home)).toEqual([]);
  });

  it.each([
    ['BAG id', String.raw`\d{16}`],
    ['buurt code', String.raw`BU\d{8}`],
    ['wijk code', String.raw`WK\d{6}`],
    ['gemeente code', String.raw`GM\d{4}`],
    ['postcode', String.raw`[1-9]\d{3}`],
    ['toevoeging', '[A-Za-z0-9]{1,4}'],
  ])('when the %s pattern is searched, then it is written only in service/domain/ids.ts', (_name, source) => {
    const home = 'service/domain/ids.ts';
    // In ids.ts a fragment may be written inside a string (with doubled backslashes) or a regex literal.
    const homeText = readFileSync(home, 'utf8');
    expect(homeText.includes(source) || homeText.includes(source.replace(/\\/g, '\\\\'))).toBe(true);
    const literal = new RegExp(escapeRegex(source));
    expect(strays(literal, home)).toEqual([]);
  });

  it("when the importers' unit table is read, then each soil input's unit, range and label are the registry's, and no seeds file writes such a range itself", () => {
    const soil = INPUT_SPECS.filter((x) => x.table === 'soil' && x.type === 'number' && x.dataset === 'required').map((x) => x.name);
    expect(SOIL_INPUTS).toEqual(soil);
    for (const name of SOIL_INPUTS) {
      const spec = inputSpec(name) as NumberSpec;
      expect(INPUT_UNITS[name]).toMatchObject({ unit: spec.unit, plausible: [spec.min, spec.max], description: spec.labelEn });
    }
    const importers = files.filter((f) => f.path.startsWith('seeds/'));
    expect(importers.some((f) => f.path === 'seeds/import/input-units.ts')).toBe(true);
    for (const name of SOIL_INPUTS) {
      const spec = inputSpec(name) as NumberSpec;
      const range = new RegExp(String.raw`\[\s*${escapeRegex(String(spec.min))}\s*,\s*${escapeRegex(String(spec.max))}\s*\]`);
      expect(importers.filter((f) => range.test(f.text)).map((f) => f.path)).toEqual([]);
    }
  });
});

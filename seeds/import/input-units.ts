/**
 * What the importers know about the units of the soil and water inputs. Names, units, labels and the
 * plausible range of a single value come from the input registry (service/features/inputs.ts, the dataset
 * schema's range); this module adds only what the registry does not say: each input's reference (a NAP
 * level, a depth below the surface, a thickness, a velocity), read from its registry unit, and the checks
 * that refuse a whole column given in the wrong reference or unit, with the evidence. `grondwater_diepte_m`
 * is the one import-only input (a depth below the surface, converted to `grondwater_nap_m` with the surface
 * level); it is not a dataset column, so it is declared here.
 */
import { drainageDepth, estimatedPileLength } from '../../service/features/feature-spec.js';
import { INPUTS, type NumberSpec } from '../../service/features/inputs.js';

type Registered = (typeof INPUTS)[number];
type SoilSpec = Extract<Registered, { table: 'soil'; type: 'number'; dataset: 'required' }>;

/** The soil and water inputs an importer can fill: the registry's numeric soil inputs every dataset has, in registry order. */
export type SoilInput = SoilSpec['name'];
export const SOIL_INPUTS: readonly SoilInput[] = INPUTS.filter(
  (s): s is SoilSpec => s.table === 'soil' && s.type === 'number' && s.dataset === 'required',
).map((s) => s.name);

/** Inputs a raster or a foreign column can give: the soil inputs plus groundwater as a depth. */
export const IMPORT_INPUTS = [...SOIL_INPUTS, 'grondwater_diepte_m'] as const;
export type ImportInput = SoilInput | 'grondwater_diepte_m';

/** How a value is referenced. */
export type Reference = 'nap-level' | 'depth-below-surface' | 'thickness' | 'velocity';

export interface InputUnit {
  readonly unit: string;
  readonly reference: Reference;
  /** A single value outside this range is refused (the dataset schema's range). */
  readonly plausible: readonly [number, number];
  readonly description: string;
}

/** The reference a registry unit means ('m NAP' a level, 'm' a thickness, 'mm/jaar' a velocity). */
const REFERENCE_OF_UNIT: Readonly<Record<string, Reference>> = { 'm NAP': 'nap-level', m: 'thickness', 'mm/jaar': 'velocity' };

function unitOf(spec: NumberSpec): InputUnit {
  const reference = REFERENCE_OF_UNIT[spec.unit];
  if (!reference) throw new Error(`input-units: no reference for unit "${spec.unit}" of ${spec.name}`);
  return { unit: spec.unit, reference, plausible: [spec.min, spec.max], description: spec.labelEn };
}

/** The import-only depth input (not in the registry: the dataset stores the NAP level). */
const GRONDWATER_DIEPTE: InputUnit = {
  unit: 'm below surface',
  reference: 'depth-below-surface',
  plausible: [-0.5, 15],
  description: 'groundwater depth below the surface (e.g. a BRO GLG map)',
};

export const INPUT_UNITS: Readonly<Record<ImportInput, InputUnit>> = {
  ...(Object.fromEntries(
    INPUTS.filter((s) => (SOIL_INPUTS as readonly string[]).includes(s.name)).map((s) => [s.name, unitOf(s as NumberSpec)]),
  ) as Record<SoilInput, InputUnit>),
  grondwater_diepte_m: GRONDWATER_DIEPTE,
};

/** Units a foreign column may be declared in, with the factor to the input's own unit. */
export const LENGTH_FACTORS: Readonly<Record<string, number>> = { m: 1, dm: 0.1, cm: 0.01, mm: 0.001 };
export const VELOCITY_FACTORS: Readonly<Record<string, number>> = { 'mm/yr': 1, 'cm/yr': 10, 'm/yr': 1000 };

const fmt = (v: number) => (Math.round(v * 100) / 100).toString();

function summary(values: readonly number[]) {
  let min = Infinity;
  let max = -Infinity;
  let positive = 0;
  let negative = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    if (v > 0) positive += 1;
    if (v < 0) negative += 1;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return { min, max, positive, negative, n: values.length, median: sorted[Math.floor(sorted.length / 2)] };
}

/**
 * Why a whole column cannot be the input it is declared as, or `null` when it can. `surface` holds the
 * surface level (m NAP) of the same rows where known, for the checks that need it. At least 5 values are
 * needed to judge (3 for a NAP level when every row has a surface level); fewer are only range-checked per value.
 */
export function unitEvidence(input: ImportInput, values: readonly number[], surface: readonly (number | null)[] = []): string | null {
  // with the surface level of every row, 3 levels all above it are evidence enough; otherwise 5 values
  const withSurface = values.length >= 3 && surface.length === values.length && surface.every((m) => m !== null && m !== undefined);
  if (values.length < 5 && !(withSurface && INPUT_UNITS[input].reference === 'nap-level')) return null;
  const s = summary(values);
  const range = `${fmt(s.min)}–${fmt(s.max)}`;
  const unit = INPUT_UNITS[input];
  if (unit.reference === 'nap-level' && input !== 'maaiveld_nap_m') {
    // a level below the surface given as a depth: all positive, and above the surface where that is known
    const pairs = values.flatMap((v, i) => (surface[i] === null || surface[i] === undefined ? [] : [[v, surface[i]!] as const]));
    const above = pairs.filter(([v, m]) => v > m + 0.1).length;
    const deep = input === 'pleistoceen_nap_m' ? s.min > 5 : s.min >= 0 && s.max <= 15;
    if (s.positive === s.n && deep && (pairs.length === 0 || above >= 0.9 * pairs.length)) {
      const where = pairs.length > 0 ? `, above the surface level for ${above} of ${pairs.length} rows` : '';
      return `all values positive, ${range}${where}: looks like depth below surface, not a NAP level`;
    }
  }
  if (unit.reference === 'depth-below-surface') {
    if (s.negative >= 0.5 * s.n)
      return `${s.negative} of ${s.n} values negative, ${range}: looks like a NAP level, not a depth below surface`;
    if (s.min > 20) return `all values above 20, ${range}: looks like centimetres, not metres`;
  }
  if (unit.reference === 'thickness' && s.negative >= 0.5 * s.n)
    return `${s.negative} of ${s.n} values negative, ${range}: looks like a NAP level, not a thickness`;
  if (unit.reference === 'velocity') {
    if (Math.max(Math.abs(s.min), Math.abs(s.max)) < 0.05 && s.max !== s.min)
      return `all values within ±0.05, ${range}: looks like m/yr, not mm/yr`;
    if (s.positive >= 0.95 * s.n && s.median > 0.5)
      return `${s.positive} of ${s.n} values positive, median ${fmt(s.median)}: looks like subsidence as a positive rate; this dataset writes sinking as negative (convert with "negate")`;
  }
  if (unit.reference === 'nap-level' && (s.max - s.min > 100 || Math.abs(s.median) > 60))
    return `values ${range}: looks like centimetres, not metres`;
  return null;
}

/** True when a single value lies in the plausible range of the input. */
export const plausible = (input: ImportInput, value: number) =>
  value >= INPUT_UNITS[input].plausible[0] && value <= INPUT_UNITS[input].plausible[1];

/**
 * Model features derived from the inputs that have a training range of their own (trees extrapolate flat
 * outside it): the feature module's own definitions (surface − groundwater, surface − sand).
 */
export const DERIVED_INPUTS = {
  ontwateringsdiepte_m: (x: Partial<Record<SoilInput, number | null>>) => drainageDepth(asInput(x)),
  paallengte_m: (x: Partial<Record<SoilInput, number | null>>) => estimatedPileLength(asInput(x)),
} as const;
export type DerivedInput = keyof typeof DERIVED_INPUTS;

const asInput = (x: Partial<Record<SoilInput, number | null>>) =>
  ({
    maaiveld_nap_m: x.maaiveld_nap_m ?? null,
    grondwater_nap_m: x.grondwater_nap_m ?? null,
    pleistoceen_nap_m: x.pleistoceen_nap_m ?? null,
  }) as Parameters<typeof drainageDepth>[0];

/**
 * Fills the soil and water inputs of imported addresses from rasters, after checking every column's unit:
 * an addresses column or a raster whose values contradict its declared reference (a depth where a NAP
 * level belongs, or the reverse) is refused with the evidence. Raster values replace the addresses file's;
 * `grondwater_diepte_m` becomes `grondwater_nap_m = maaiveld_nap_m − depth` (after any surface-level
 * raster). Every value's source is counted per input (the provenance in `import-report.json`).
 */
import { DatasetError } from '../../service/adapters/dataset/dataset-files.js';
import type { AddressRecord } from '../../service/domain/records.js';
import { type ImportInput, INPUT_UNITS, SOIL_INPUTS, type SoilInput, plausible, unitEvidence } from './input-units.js';
import { type RasterSpec, sampleRaster } from './raster-source.js';

/** Where the values of one input came from. */
export interface SourceRecord {
  input: SoilInput;
  /** `addresses` (the addresses file), `raster`, `column-map`, or `generated`. */
  kind: 'addresses' | 'raster' | 'column-map' | 'generated';
  source: string;
  /** The input the source declared, when converted (e.g. `grondwater_diepte_m`). */
  declaredAs?: ImportInput;
  crs?: string;
  /** Values this source set. */
  values: number;
  /** Addresses outside the raster's extent (their value is kept from the addresses file). */
  outside?: number;
  outsideIds?: string[];
  /** Addresses on a nodata cell (value kept from the addresses file). */
  nodata?: number;
  /** Values refused as implausible (outside the input's range); the addresses file's value is kept. */
  refused?: number;
  /** Depths that could not become a level because the address has no surface level. */
  noSurface?: number;
}

const FIELD: Record<SoilInput, keyof AddressRecord> = {
  maaiveld_nap_m: 'maaiveldNapM',
  grondwater_nap_m: 'grondwaterNapM',
  veendikte_m: 'veendikteM',
  pleistoceen_nap_m: 'pleistoceenNapM',
  bodemdaling_mm_jr: 'bodemdalingMmJr',
};

/** The value of a soil input of an address. */
export const inputValueOf = (a: AddressRecord, input: SoilInput) => a[FIELD[input]] as number | null;

/** Refuses an addresses-file column whose values contradict its unit. */
export function checkAddressColumns(file: string, addresses: readonly AddressRecord[]): void {
  for (const input of SOIL_INPUTS) {
    const rows = addresses.filter((a) => inputValueOf(a, input) !== null);
    const evidence = unitEvidence(
      input,
      rows.map((a) => inputValueOf(a, input)!),
      rows.map((a) => a.maaiveldNapM),
    );
    if (evidence) throw new DatasetError(file, 'all rows', input, `${evidence} (declared ${INPUT_UNITS[input].unit})`);
  }
}

/** Order rasters so the surface level comes first and a groundwater depth last. */
const rank = (s: RasterSpec) => (s.input === 'maaiveld_nap_m' ? 0 : s.input === 'grondwater_diepte_m' ? 2 : 1);

/** Applies the rasters to the addresses (a new array); returns the addresses and one source record per raster. */
export async function applyRasters(
  addresses: readonly AddressRecord[],
  rasters: readonly RasterSpec[],
  progress: (m: string) => void,
): Promise<{ addresses: AddressRecord[]; sources: SourceRecord[] }> {
  const out = addresses.map((a) => ({ ...a }));
  const sources: SourceRecord[] = [];
  const points = out.map((a) => [a.lon, a.lat] as const);
  for (const spec of [...rasters].sort((a, b) => rank(a) - rank(b))) {
    const { crs, samples } = await sampleRaster(spec.source, points);
    const target: SoilInput = spec.input === 'grondwater_diepte_m' ? 'grondwater_nap_m' : spec.input;
    const inside = samples.flatMap((s, i) => (typeof s === 'number' ? [[s, i] as const] : []));
    const evidence = unitEvidence(
      spec.input,
      inside.map(([v]) => v),
      inside.map(([, i]) => out[i].maaiveldNapM),
    );
    if (evidence)
      throw new DatasetError(spec.source, 'all sampled cells', spec.input, `${evidence} (declared ${INPUT_UNITS[spec.input].unit})`);
    const record: SourceRecord = {
      input: target,
      kind: 'raster',
      source: spec.source,
      crs,
      values: 0,
      outside: 0,
      outsideIds: [],
      nodata: 0,
      refused: 0,
      ...(spec.input === 'grondwater_diepte_m' ? { declaredAs: spec.input, noSurface: 0 } : {}),
    };
    samples.forEach((s, i) => {
      const a = out[i];
      if (s === 'outside') {
        record.outside! += 1;
        record.outsideIds!.push(a.verblijfsobjectId);
        return;
      }
      if (s === 'nodata') {
        record.nodata! += 1;
        return;
      }
      if (!plausible(spec.input, s)) {
        record.refused! += 1;
        return;
      }
      let value = s;
      if (spec.input === 'grondwater_diepte_m') {
        if (a.maaiveldNapM === null) {
          record.noSurface! += 1;
          return;
        }
        value = Math.round((a.maaiveldNapM - s) * 1000) / 1000;
      } else {
        value = Math.round(s * 1000) / 1000;
      }
      (a as unknown as Record<string, unknown>)[FIELD[target]] = value;
      if (target === 'grondwater_nap_m') a.grondwaterBron = 'model';
      record.values += 1;
    });
    progress(
      `raster ${spec.input}=${spec.source} (${crs}): ${record.values} values set, ${record.outside} addresses outside the raster, ${record.nodata} on nodata` +
        `${record.refused ? `, ${record.refused} implausible values refused` : ''}${record.noSurface ? `, ${record.noSurface} without a surface level` : ''}`,
    );
    if (record.outside! > 0)
      progress(`raster ${spec.input}: outside: ${record.outsideIds!.slice(0, 10).join(', ')}${record.outside! > 10 ? ', …' : ''}`);
    sources.push(record);
  }
  return { addresses: out, sources };
}

/**
 * The import report (`import-report.json` in the dataset folder, and a summary on stderr): per input how
 * many addresses have a value, from which source (provenance), how many are missing, defaulted (filled by
 * the generator) or refused, and the share outside the training range of the model, i.e. the range of the
 * input over the rows its trees were fit on, as its manifest and card record it (`trainingRanges`; compared
 * as the service compares, service/domain/training-range.ts). Trees extrapolate flat outside that range, so
 * those answers deserve less trust.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelManifestSchema } from '../../service/domain/model-manifest.js';
import { type FeatureRange, outsideRange, rangeOf } from '../../service/domain/training-range.js';
import type { AddressRecord } from '../../service/domain/records.js';
import { DERIVED_INPUTS, type DerivedInput, SOIL_INPUTS, type SoilInput } from './input-units.js';
import { type SourceRecord, inputValueOf } from './soil-import.js';

type Name = SoilInput | DerivedInput;
const NAMES: readonly Name[] = [...SOIL_INPUTS, ...(Object.keys(DERIVED_INPUTS) as DerivedInput[])];

/** Per input: the training range of a model (see the manifest's `trainingRanges`). */
export interface TrainingRanges {
  model: string;
  basis: string;
  ranges: Partial<Record<Name, FeatureRange>>;
}

export interface InputReport {
  values: number;
  missing: number;
  defaulted: number;
  refused: number;
  /** Values per source kind (`addresses`, `raster`, `column-map`, `generated`). */
  provenance: Record<string, number>;
  trainingRange: [number, number] | null;
  outsideTrainingRange: number | null;
  shareOutsideTrainingRange: number | null;
}

export interface ImportReport {
  addresses: number;
  model: { version: string; basis: string } | null;
  inputs: Record<string, InputReport>;
  sources: SourceRecord[];
}

const valueOfName = (a: AddressRecord, name: Name) =>
  (SOIL_INPUTS as readonly string[]).includes(name)
    ? inputValueOf(a, name as SoilInput)
    : DERIVED_INPUTS[name as DerivedInput]({
        maaiveld_nap_m: a.maaiveldNapM,
        grondwater_nap_m: a.grondwaterNapM,
        pleistoceen_nap_m: a.pleistoceenNapM,
      });

/** A model folder from `models/current` (a file naming the version) or a folder path. */
function modelFolder(model: string): string | null {
  if (existsSync(join(model, 'manifest.json'))) return model;
  if (existsSync(model)) {
    const version = readFileSync(model, 'utf8').trim();
    const dir = join(model, '..', version);
    if (/^[\w.-]+$/.test(version) && existsSync(join(dir, 'manifest.json'))) return dir;
  }
  return null;
}

/**
 * The training ranges of a model, as its manifest (and card) record them: the range of each feature over
 * the rows its trees were fit on. `null` (with a reason via `progress`) when the model or its ranges are missing.
 */
export async function trainingRanges(model: string, progress: (m: string) => void): Promise<TrainingRanges | null> {
  const dir = modelFolder(model);
  if (!dir) {
    progress(`no model at ${model}: no training ranges in the report`);
    return null;
  }
  const parsed = modelManifestSchema.safeParse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));
  if (!parsed.success) {
    progress(`${join(dir, 'manifest.json')} is not a model manifest: no training ranges in the report`);
    return null;
  }
  const manifest = parsed.data;
  if (!manifest.trainingRanges) {
    progress(
      `model ${manifest.version} records no training ranges (written before they were; npm run train -- --dataset DIR --out ${dir} --record-ranges): none in the report`,
    );
    return null;
  }
  const ranges: TrainingRanges['ranges'] = {};
  for (const name of NAMES) {
    const r = rangeOf(manifest.trainingRanges, name);
    if (r) ranges[name] = r;
  }
  return { model: manifest.version, basis: manifest.trainingRanges.basis, ranges };
}

/** Builds the report over the final addresses. */
export function buildReport(
  addresses: readonly AddressRecord[],
  sources: readonly SourceRecord[],
  ranges: TrainingRanges | null,
  generated: boolean,
): ImportReport {
  const inputs: Record<string, InputReport> = {};
  for (const name of NAMES) {
    const values = addresses.map((a) => valueOfName(a, name)).filter((v): v is number => v !== null);
    const known = ranges?.ranges[name];
    const range: [number, number] | null = known ? [known.min, known.max] : null;
    const outside = known ? values.filter((v) => outsideRange(known, v)).length : null;
    const own = sources.filter((s) => s.input === name);
    const provenance: Record<string, number> = {};
    let fromOthers = 0;
    for (const s of own) {
      provenance[s.kind] = (provenance[s.kind] ?? 0) + s.values;
      fromOthers += s.values;
    }
    if (!generated && (SOIL_INPUTS as readonly string[]).includes(name)) provenance.addresses = values.length - fromOthers;
    if (generated) provenance.generated = values.length;
    if (!(SOIL_INPUTS as readonly string[]).includes(name)) provenance.derived = values.length;
    inputs[name] = {
      values: values.length,
      missing: addresses.length - values.length,
      defaulted: generated ? values.length : 0,
      refused: own.reduce((s, r) => s + (r.refused ?? 0), 0),
      provenance,
      trainingRange: range,
      outsideTrainingRange: outside,
      shareOutsideTrainingRange: outside === null || values.length === 0 ? null : Math.round((outside / values.length) * 1000) / 1000,
    };
  }
  return {
    addresses: addresses.length,
    model: ranges ? { version: ranges.model, basis: ranges.basis } : null,
    inputs,
    sources: [...sources],
  };
}

const pct = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)} %`);

/** The printed summary, one line per input. */
export function summaryLines(report: ImportReport): string[] {
  const lines = [
    `import report: ${report.addresses} addresses${report.model ? `, training range of model ${report.model.version}` : ', no model'}`,
  ];
  for (const [name, r] of Object.entries(report.inputs)) {
    const prov = Object.entries(r.provenance)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    const range = r.trainingRange
      ? `, outside training range ${r.trainingRange[0]}…${r.trainingRange[1]}: ${pct(r.outsideTrainingRange!, r.values)}`
      : '';
    lines.push(
      `  ${name}: ${r.values} values (${prov || 'none'}), missing ${pct(r.missing, report.addresses)}, defaulted ${r.defaulted}, refused ${r.refused}${range}`,
    );
  }
  return lines;
}

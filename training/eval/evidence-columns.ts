/**
 * Reads the optional issue-15 columns of a dataset folder's `addresses.csv(.gz)` per pand (the dataset
 * reader keeps only the columns of format v1 until the feature registry reads them). Older folders without
 * the columns give an empty map, so every value reads as unknown.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Dataset } from '../../service/domain/records.js';
import { parseCsv } from '../../service/adapters/dataset/csv.js';

/** The optional per-pand columns (null = unknown). */
export interface EvidenceColumns {
  bouwblokId: string | null;
  paalkopNapM: number | null;
  paallengteM: number | null;
  ophogingM: number | null;
  grondwaterDroogNapM: number | null;
}

const num = (v: string | undefined): number | null => {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

/** The optional columns per pand of a dataset folder (the first address of a pand wins; all carry the same). */
export async function readEvidenceColumns(dir: string): Promise<Map<string, EvidenceColumns>> {
  const path = ['addresses.csv.gz', 'addresses.csv'].map((f) => join(dir, f)).find((p) => existsSync(p));
  const out = new Map<string, EvidenceColumns>();
  if (!path) return out;
  const raw = await readFile(path);
  const text = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  const { header, records } = parseCsv(text, ['pand_id']);
  if (!header.includes('bouwblok_id') && !header.includes('paalkop_nap_m')) return out;
  for (const { values } of records) {
    const pandId = values.pand_id;
    if (!pandId || out.has(pandId)) continue;
    out.set(pandId, {
      bouwblokId: values.bouwblok_id?.trim() ? values.bouwblok_id : null,
      paalkopNapM: num(values.paalkop_nap_m),
      paallengteM: num(values.paallengte_m),
      ophogingM: num(values.ophoging_m),
      grondwaterDroogNapM: num(values.grondwater_droog_nap_m),
    });
  }
  return out;
}

/** The same columns from records that carry them (a dataset generated in memory). */
export function evidenceColumnsOf(dataset: Dataset): Map<string, EvidenceColumns> {
  const out = new Map<string, EvidenceColumns>();
  for (const a of dataset.addresses) {
    if (a.pandId === null || out.has(a.pandId)) continue;
    out.set(a.pandId, {
      bouwblokId: a.bouwblokId ?? null,
      paalkopNapM: a.paalkopNapM ?? null,
      paallengteM: a.paallengteM ?? null,
      ophogingM: a.ophogingM ?? null,
      grondwaterDroogNapM: a.grondwaterDroogNapM ?? null,
    });
  }
  return out;
}

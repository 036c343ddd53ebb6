import { featureInputFromAddress } from '../../features/from-address.js';
import type { FieldRecordStore } from '../../ports/field-record-store.js';
import type { AddressEntry, Store } from '../../ports/store.js';
import { buurtPublic } from '../buurt-feature.js';
import type { RiskClass } from '../records.js';
import type { RiskScorer } from '../risk-scorer.js';
import type { SurveyRecord } from '../surveys/field-records.js';
import { type AddressChange, type BuurtChange, type ChangeEvent, changeEvent, classChanges, establishedClass } from './change-event.js';

/**
 * The event a stored survey causes: when the established class of its building (the latest survey's
 * class, else the register's) differs from what it was before this record, every address of the building
 * is listed with the old and new class. Null when the class stayed (a re-survey with the same outcome, or
 * one dated before the latest survey on record).
 */
export async function surveyChangeEvent(
  deps: { store: Store; fieldRecords: FieldRecordStore; scorer: RiskScorer },
  record: SurveyRecord,
): Promise<ChangeEvent | null> {
  const surveys = (await deps.fieldRecords.listForPand(record.pandId)).filter((r): r is SurveyRecord => r.kind === 'survey');
  const at = surveys.findIndex((r) => r.id === record.id && r.version === record.version);
  if (at < 0) return null;
  const entry = await deps.store.getAddress(record.addressId);
  if (!entry) return null;
  const registerClass = entry.register?.kwaliteitsklasse ?? null;
  const old = establishedClass(surveys.slice(0, at), registerClass);
  const now = establishedClass(surveys.slice(0, at + 1), registerClass);
  if (old === now) return null;
  const building = (await deps.store.listEntries([entry.address.buurtCode])).filter((e) => e.address.pandId === record.pandId);
  const addresses: AddressChange[] = building.map((e) => ({
    addressId: e.address.verblijfsobjectId,
    pandId: record.pandId,
    buurtCode: e.address.buurtCode,
    kind: 'established',
    old,
    new: now,
  }));
  return changeEvent(
    { type: 'survey', recordId: record.id, version: record.version, pandId: record.pandId, surveyDate: record.survey.date },
    deps.scorer.modelVersion,
    addresses,
    [],
  );
}

/** What a served side (store + model) answers: the class of each address and each buurt's public class. */
interface Served {
  store: Store;
  scorer: RiskScorer;
}

/**
 * The indicative class each address is answered with: the stored score when it is of this model (memory
 * stores are scored with their model), otherwise scored afresh as the address answer does (PostGIS rows
 * scored by `db:load` with another model). Addresses without a score (no building, restored, too little
 * data) have none. Measured inputs an inspector recorded are not applied here.
 */
async function addressClasses(entries: readonly AddressEntry[], scorer: RiskScorer): Promise<Map<string, RiskClass | null>> {
  const out = new Map<string, RiskClass | null>();
  const fresh: AddressEntry[] = [];
  for (const e of entries) {
    if (e.score.reason !== null) out.set(e.address.verblijfsobjectId, null);
    else if (e.score.modelVersion === scorer.modelVersion) out.set(e.address.verblijfsobjectId, e.score.riskClass);
    else fresh.push(e);
  }
  const results = await scorer.scoreMany(fresh.map((e) => featureInputFromAddress(e.address)));
  fresh.forEach((e, i) => out.set(e.address.verblijfsobjectId, results[i].riskClass));
  return out;
}

async function buurtClasses(store: Store, suppressBelow: number): Promise<Map<string, RiskClass | null>> {
  return new Map((await store.listBuurten()).map((b) => [b.buurt.code, buurtPublic(b.buurt, b.stats, suppressBelow).properties.riskClass]));
}

/**
 * The event a model switch causes: every address whose indicative class differs between the old and the
 * new model, and every buurt whose public class (map shading, suppressed as published) differs. With one
 * shared store (PostGIS) the buurt figures are those of `db:load` on both sides, so no buurt changes until
 * it is run again.
 */
export async function modelChangeEvent(old: Served, next: Served, suppressBelow: number): Promise<ChangeEvent | null> {
  const oldEntries = await old.store.listEntries(null);
  const nextEntries = next.store === old.store ? oldEntries : await next.store.listEntries(null);
  const buurtOf = new Map(nextEntries.map((e) => [e.address.verblijfsobjectId, e.address]));
  const addresses = classChanges<AddressChange>(
    await addressClasses(oldEntries, old.scorer),
    await addressClasses(nextEntries, next.scorer),
    (id, before, after) => ({
      addressId: id,
      pandId: buurtOf.get(id)?.pandId ?? null,
      buurtCode: buurtOf.get(id)?.buurtCode ?? '',
      kind: 'indicative',
      old: before,
      new: after,
    }),
  );
  const buurten =
    next.store === old.store
      ? []
      : classChanges<BuurtChange>(
          await buurtClasses(old.store, suppressBelow),
          await buurtClasses(next.store, suppressBelow),
          (code, before, after) => ({ buurtCode: code, kind: 'indicative', old: before, new: after }),
        );
  return changeEvent(
    { type: 'model', from: old.scorer.modelVersion, to: next.scorer.modelVersion },
    next.scorer.modelVersion,
    addresses,
    buurten,
  );
}

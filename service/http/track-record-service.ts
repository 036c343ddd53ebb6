import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildAddressAnswer } from '../domain/address-answer.js';
import { periodOf } from '../domain/buurt-stats.js';
import type { FieldRecord, ModelSaid, SurveyRecord } from '../domain/surveys/field-records.js';
import { latestVersions } from '../domain/surveys/field-records.js';
import { modelSaidFrom } from '../domain/surveys/intake.js';
import { type TrackRow, type VersionTrackRecord, trackRecordOf } from '../domain/surveys/track-record.js';
import type { AppDeps } from './deps.js';

/** The public track record: one entry per model version, the served one first. */
export interface TrackRecord {
  servedModel: string;
  suppressBelow: number;
  models: VersionTrackRecord[];
}

type Deps = Pick<AppDeps, 'store' | 'scorer' | 'manifest' | 'fieldRecords' | 'config'>;

/** The cut-off of a model version: its manifest's `dataCutoff`, or the end of the served register's latest survey year. */
async function cutoffOf(deps: Deps, version: string): Promise<string | null> {
  if (version === deps.manifest.version && deps.manifest.dataCutoff) return deps.manifest.dataCutoff;
  if (version !== deps.manifest.version) {
    try {
      const m = JSON.parse(await readFile(join(deps.config.modelsDir, version, 'manifest.json'), 'utf8')) as { dataCutoff?: string };
      if (typeof m.dataCutoff === 'string') return m.dataCutoff;
    } catch {
      // a version whose folder is gone: its cut-off falls back to the register's, as for an old manifest
    }
  }
  const year = await deps.fieldRecords.latestRegisterSurveyYear();
  return year === null ? null : `${year}-12-31`;
}

/**
 * Builds the track record from the stored surveys (latest version of each): for every model version that
 * answered at intake, what it said then; for the served model also its answer now for surveys recorded
 * under another version. Cached until a record is added or another model is served.
 */
export class TrackRecordService {
  private cached: { key: string; value: Promise<TrackRecord> } | null = null;

  /** `cutoff`: grade the served model on the surveys after this date instead of its own cut-off (comparing a candidate with the current model). */
  constructor(
    private readonly deps: Deps,
    private readonly options: { cutoff?: string } = {},
  ) {}

  async get(): Promise<TrackRecord> {
    const records = await this.deps.fieldRecords.list();
    const key = `${records.length}|${records.at(-1)?.recordedAt ?? ''}|${this.deps.scorer.modelVersion}`;
    if (this.cached?.key !== key) {
      const value = this.build(records);
      this.cached = { key, value };
      value.catch(() => {
        if (this.cached?.value === value) this.cached = null;
      });
    }
    return this.cached.value;
  }

  private async build(records: FieldRecord[]): Promise<TrackRecord> {
    const { store, scorer, config } = this.deps;
    const served = scorer.modelVersion;
    const surveys = latestVersions(records).filter((r): r is SurveyRecord => r.kind === 'survey');
    const wijkOf = new Map((await store.listBuurten()).map((b) => [b.buurt.code, b.buurt.wijkCode]));
    const info = await store.info();
    const where = new Map<string, { period: string; wijk: string; now: ModelSaid | null }>();
    for (const s of surveys) {
      if (where.has(s.addressId)) continue;
      const entry = await store.getAddress(s.addressId);
      if (!entry) continue;
      const needNow = s.modelAtIntake?.modelVersion !== served;
      const now = needNow
        ? modelSaidFrom(
            await buildAddressAnswer(entry, {
              scorer,
              referenceYear: info.referenceYear,
              datasetName: info.name,
              datasetVersion: info.version,
              buurtNaam: entry.buurtNaam,
            }),
          )
        : null;
      where.set(s.addressId, { period: periodOf(entry.address.bouwjaar), wijk: wijkOf.get(entry.address.buurtCode) ?? 'onbekend', now });
    }
    const versions = [
      served,
      ...new Set(surveys.map((s) => s.modelAtIntake?.modelVersion).filter((v): v is string => !!v && v !== served)),
    ];
    const models: VersionTrackRecord[] = [];
    for (const version of versions) {
      const cutoff = version === served && this.options.cutoff ? this.options.cutoff : await cutoffOf(this.deps, version);
      if (cutoff === null) continue;
      const rows: TrackRow[] = [];
      let unscored = 0;
      for (const s of surveys) {
        if (s.survey.date <= cutoff) continue;
        const at = where.get(s.addressId);
        const said = s.modelAtIntake?.modelVersion === version ? s.modelAtIntake : version === served ? (at?.now ?? null) : null;
        if (!said && version !== served) continue;
        if (!at || !said || said.probabilitySurvey === null || said.set === null) {
          unscored += 1;
          continue;
        }
        const bad = s.survey.kwaliteitsklasse === 'D' || s.survey.kwaliteitsklasse === 'E';
        rows.push({
          label: bad ? 1 : 0,
          pSurvey: said.probabilitySurvey,
          pStock: said.probability,
          set: said.set,
          period: at.period,
          wijk: at.wijk,
          date: s.survey.date,
        });
      }
      const alpha = version === served ? this.deps.manifest.conformal.alpha : 0.05;
      models.push(
        trackRecordOf(
          { modelVersion: version, served: version === served, dataCutoff: cutoff, expectedCoverage: 1 - alpha },
          rows,
          unscored,
          config.suppressBelow,
        ),
      );
    }
    return { servedModel: served, suppressBelow: config.suppressBelow, models };
  }
}

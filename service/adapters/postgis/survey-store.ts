import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { type FieldRecord, type FieldRecordDraft, UnknownRecordError } from '../../domain/surveys/field-records.js';
import type { FieldRecordStore } from '../../ports/field-record-store.js';
import { guarded } from './pool.js';

type Row = {
  record_id: string;
  version: number;
  kind: FieldRecord['kind'];
  pand_id: string;
  address_id: string;
  recorded_at: Date;
  recorded_by: string | null;
  body: Record<string, unknown>;
};

const recordOf = (r: Row): FieldRecord =>
  ({
    ...r.body,
    id: r.record_id,
    version: r.version,
    kind: r.kind,
    pandId: r.pand_id,
    addressId: r.address_id,
    recordedAt: r.recorded_at.toISOString(),
    recordedBy: r.recorded_by,
  }) as FieldRecord;

const UNIQUE_VIOLATION = '23505';

/** Field records in PostgreSQL (migration 009), shared by every replica; rows are only ever inserted. */
export class PostgisSurveyStore implements FieldRecordStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly ownsPool = true,
  ) {}

  async append(draft: FieldRecordDraft): Promise<FieldRecord> {
    const { corrects, kind, pandId, addressId, recordedBy, ...body } = draft;
    return guarded(async () => {
      if (corrects !== null) {
        const { rows } = await this.pool.query<{ kind: string; pand_id: string }>(
          'SELECT kind, pand_id FROM field_records WHERE record_id = $1 ORDER BY version LIMIT 1',
          [corrects],
        );
        if (rows.length === 0) throw new UnknownRecordError(corrects, 'no such record');
        if (rows[0].kind !== kind) throw new UnknownRecordError(corrects, `is a ${rows[0].kind}, not a ${kind}`);
        if (rows[0].pand_id !== pandId) throw new UnknownRecordError(corrects, 'is of another building');
      }
      const id = corrects ?? randomUUID();
      // Two corrections of one record at once: the second insert meets the unique (record_id, version) and is retried.
      for (let attempt = 0; ; attempt += 1) {
        try {
          const { rows } = await this.pool.query<Row>(
            `INSERT INTO field_records (record_id, version, kind, pand_id, address_id, recorded_by, body)
             SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4, $5, $6 FROM field_records WHERE record_id = $1
             RETURNING record_id, version, kind, pand_id, address_id, recorded_at, recorded_by, body`,
            [id, kind, pandId, addressId, recordedBy, JSON.stringify(body)],
          );
          return recordOf(rows[0]);
        } catch (err) {
          if ((err as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 5) throw err;
        }
      }
    });
  }

  async list(): Promise<FieldRecord[]> {
    return guarded(async () =>
      (
        await this.pool.query<Row>(
          'SELECT record_id, version, kind, pand_id, address_id, recorded_at, recorded_by, body FROM field_records ORDER BY seq',
        )
      ).rows.map(recordOf),
    );
  }

  async listForPand(pandId: string): Promise<FieldRecord[]> {
    return guarded(async () =>
      (
        await this.pool.query<Row>(
          'SELECT record_id, version, kind, pand_id, address_id, recorded_at, recorded_by, body FROM field_records WHERE pand_id = $1 ORDER BY seq',
          [pandId],
        )
      ).rows.map(recordOf),
    );
  }

  async latestRegisterSurveyYear(): Promise<number | null> {
    return guarded(
      async () =>
        (await this.pool.query<{ y: number | null }>('SELECT max(greatest(onderzocht_jaar, herhaal_jaar)) AS y FROM register')).rows[0]
          ?.y ?? null,
    );
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}

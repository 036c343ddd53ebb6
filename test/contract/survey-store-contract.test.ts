import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SurveyFileStore } from '../../service/adapters/dataset/survey-file-store.js';
import { migrate } from '../../service/adapters/postgis/migrations.js';
import { createPool } from '../../service/adapters/postgis/pool.js';
import { PostgisSurveyStore } from '../../service/adapters/postgis/survey-store.js';
import { type FieldRecordDraft, UnknownRecordError, latestVersions } from '../../service/domain/surveys/field-records.js';
import type { FieldRecordStore } from '../../service/ports/field-record-store.js';
import { storeKinds } from './store-fixture.js';

const databaseUrl = process.env.DATABASE_URL;

/** A field-record store of the given kind: a JSON-lines file in a fresh folder, or PostGIS in a throw-away schema. */
async function openStore(kind: 'memory' | 'postgis'): Promise<FieldRecordStore & { file?: string }> {
  if (kind === 'memory') {
    const file = join(mkdtempSync(join(tmpdir(), 'surveys-contract-')), '.field-records.jsonl');
    return Object.assign(new SurveyFileStore(file), { file });
  }
  const schema = `surveys_${randomBytes(4).toString('hex')}`;
  const admin = createPool({ connectionString: databaseUrl!, max: 1, statementTimeoutMs: 0, connectTimeoutMs: 5_000 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const pool = createPool({ connectionString: databaseUrl!, max: 2, statementTimeoutMs: 10_000, connectTimeoutMs: 5_000, schema });
  await migrate(pool);
  const store = new PostgisSurveyStore(pool, false);
  return Object.assign(store, {
    async close() {
      await pool.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  });
}

const survey = (klasse: 'A' | 'D', corrects: string | null = null, pandId = '0479100000000002'): FieldRecordDraft => ({
  kind: 'survey',
  corrects,
  pandId,
  addressId: '0479010000000002',
  recordedBy: 'test inspector',
  survey: {
    date: '2026-03-01',
    kwaliteitsklasse: klasse,
    mechanisms: klasse === 'D' ? ['droogstand'] : [],
    hersteld: false,
    herstelJaar: null,
    reportReference: 'R-1',
    surveyorOrganisation: 'Funderingsbureau',
  },
  modelAtIntake: {
    modelVersion: 'm1',
    probability: 0.2,
    probabilitySurvey: 0.4,
    riskClass: 'C',
    set: ['no-problem', 'problem'],
    reason: null,
  },
});

describe.each(storeKinds(databaseUrl))('the %s field-record store (contract)', (kind) => {
  let store: FieldRecordStore & { file?: string };
  beforeEach(async () => {
    store = await openStore(kind);
  });
  afterEach(async () => {
    await store.close();
  });

  it('when a survey is appended, then it is listed with an id, version 1, its time and every field as given', async () => {
    const stored = await store.append(survey('D'));
    expect(stored).toMatchObject({
      version: 1,
      kind: 'survey',
      recordedBy: 'test inspector',
      survey: survey('D').kind === 'survey' ? (survey('D') as { survey: object }).survey : {},
    });
    expect(stored.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(stored.recordedAt))).toBe(false);
    expect(await store.list()).toEqual([stored]);
  });

  it('when a survey is corrected, then both versions are kept and the latest is version 2 with the same id', async () => {
    const first = await store.append(survey('A'));
    const second = await store.append(survey('D', first.id));
    expect(second).toMatchObject({ id: first.id, version: 2 });
    const all = await store.list();
    expect(all.map((r) => [r.id, r.version])).toEqual([
      [first.id, 1],
      [first.id, 2],
    ]);
    expect(latestVersions(all)).toEqual([second]);
  });

  it('when a correction names an unknown record, another kind or another building, then it is refused and nothing is stored', async () => {
    const first = await store.append(survey('A'));
    await expect(store.append(survey('D', '00000000-0000-4000-8000-000000000000'))).rejects.toBeInstanceOf(UnknownRecordError);
    await expect(store.append(survey('D', first.id, '0479100000000005'))).rejects.toBeInstanceOf(UnknownRecordError);
    await expect(
      store.append({
        kind: 'measurement',
        corrects: first.id,
        pandId: first.pandId,
        addressId: first.addressId,
        recordedBy: null,
        measurement: { input: 'paallengte_m', value: 11, source: 'x', date: '2026-01-01' },
      }),
    ).rejects.toBeInstanceOf(UnknownRecordError);
    expect(await store.list()).toHaveLength(1);
  });

  it('when a measured input is appended, then it is listed beside the surveys in the order stored', async () => {
    const s = await store.append(survey('A'));
    const m = await store.append({
      kind: 'measurement',
      corrects: null,
      pandId: s.pandId,
      addressId: s.addressId,
      recordedBy: 'k',
      measurement: { input: 'funderingtype', value: 'houten-palen', source: 'bouwdossier 1931/22', date: '2026-02-02' },
    });
    expect((await store.list()).map((r) => r.id)).toEqual([s.id, m.id]);
  });

  it('when two corrections of one record arrive at once, then they become versions 2 and 3', async () => {
    const first = await store.append(survey('A'));
    const [a, b] = await Promise.all([store.append(survey('D', first.id)), store.append(survey('A', first.id))]);
    expect([a.version, b.version].sort()).toEqual([2, 3]);
  });

  it('when the records of one building are asked for, then only its records come back, every version in order', async () => {
    const a = await store.append(survey('A'));
    await store.append(survey('D', null, '0479100000000005'));
    const a2 = await store.append(survey('D', a.id));
    expect((await store.listForPand(a.pandId)).map((r) => [r.id, r.version])).toEqual([
      [a.id, 1],
      [a2.id, 2],
    ]);
    expect(await store.listForPand('0479100000000099')).toEqual([]);
  });

  it('when the served register has no surveys, then its latest survey year is null', async () => {
    expect(await store.latestRegisterSurveyYear()).toBeNull();
  });

  if (kind === 'memory') {
    it('when the store sits beside the demo dataset, then the latest survey year is that of its register', async () => {
      expect(
        await new SurveyFileStore(join(mkdtempSync(join(tmpdir(), 'surveys-')), 'x.jsonl'), 'seeds/demo').latestRegisterSurveyYear(),
      ).toBe(2025);
    });

    it('when the process died in the middle of a line, then that line is cut off and the next record starts on a line of its own', async () => {
      const first = await store.append(survey('A'));
      appendFileSync(store.file!, '{"id":"half-writ');
      const reopened = new SurveyFileStore(store.file!);
      expect(await reopened.list()).toEqual([first]);
      const next = await reopened.append(survey('D'));
      const lines = readFileSync(store.file!, 'utf8').split('\n');
      expect(lines.slice(0, -1).map((l) => (JSON.parse(l) as { id: string }).id)).toEqual([first.id, next.id]);
      expect(lines.at(-1)).toBe('');
    });

    it('when another process appended to the file, then the store lists its records too', async () => {
      const mine = await store.append(survey('A'));
      const other = await new SurveyFileStore(store.file!).append(survey('D'));
      expect((await store.list()).map((r) => r.id)).toEqual([mine.id, other.id]);
    });

    it('when a stored line is not a record, then reading fails naming the file and line', async () => {
      writeFileSync(store.file!, '{"id":"x","version":1,"kind":"survey"}\nnot json\n');
      await expect(new SurveyFileStore(store.file!).list()).rejects.toThrow(/line 2/);
    });
  } else {
    it('when a stored row is updated or deleted behind the store, then the database refuses it (append-only)', async () => {
      await store.append(survey('A'));
      const pool = (store as unknown as { pool: import('pg').Pool }).pool;
      await expect(pool.query("UPDATE field_records SET pand_id = 'x'")).rejects.toThrow(/append-only/);
      await expect(pool.query('DELETE FROM field_records')).rejects.toThrow(/append-only/);
    });
  }
});

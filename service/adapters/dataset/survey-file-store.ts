import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, stat, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type FieldRecord, type FieldRecordDraft, checkCorrection } from '../../domain/surveys/field-records.js';
import type { FieldRecordStore } from '../../ports/field-record-store.js';
import { parseRegister } from './dataset-files.js';
import { DATASET_FILES } from './dataset-schema.js';

/**
 * The file beside a dataset folder that holds its field records. It starts with a dot, so the dataset
 * hash (and with it the dataset version a model records) does not change when surveys come in.
 */
export const FIELD_RECORDS_FILE = '.field-records.jsonl';

/** The field-record file of a dataset folder. */
export const fieldRecordsFileOf = (datasetDir: string) => join(datasetDir, FIELD_RECORDS_FILE);

/** A stored line that is not a record (the file was edited by hand or damaged). */
export class FieldRecordFileError extends Error {
  constructor(file: string, line: number, reason: string) {
    super(`${file}, line ${line}: ${reason}`);
    this.name = 'FieldRecordFileError';
  }
}

const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Field records in a JSON-lines file, one record version per line, only ever appended to. Each append
 * writes one whole line and flushes it to disk before it resolves; a line cut short by a crash (the last
 * one, without its newline) was never acknowledged and is cut off when the file is next read, so no
 * half-written line is ever read or built upon. Appends within the process are serialised; the file is
 * re-read when another process (the import CLI) has appended to it.
 */
export class SurveyFileStore implements FieldRecordStore {
  private records: FieldRecord[] = [];
  private readBytes = -1;
  private queue: Promise<unknown> = Promise.resolve();

  private registerYear: Promise<number | null> | null = null;

  /** `datasetDir`: the dataset folder whose register gives {@link latestRegisterSurveyYear} (none: null). */
  constructor(
    private readonly file: string,
    private readonly datasetDir: string | null = null,
  ) {}

  /** Reads the file when it changed since the last read, cutting off a torn last line. */
  private async refresh(): Promise<void> {
    let raw: Buffer;
    try {
      if ((await stat(this.file)).size === this.readBytes) return;
      raw = await readFile(this.file);
    } catch (err) {
      if (!missing(err)) throw err;
      this.records = [];
      this.readBytes = 0;
      return;
    }
    if (raw.length === this.readBytes) return;
    const end = raw.lastIndexOf(0x0a) + 1;
    if (end < raw.length) await truncate(this.file, end);
    const lines = raw.subarray(0, end).toString('utf8').split('\n').slice(0, -1);
    this.records = lines.map((line, i) => {
      try {
        const r = JSON.parse(line) as FieldRecord;
        if (typeof r.id !== 'string' || typeof r.version !== 'number' || (r.kind !== 'survey' && r.kind !== 'measurement'))
          throw new Error('not a field record');
        return r;
      } catch (err) {
        throw new FieldRecordFileError(this.file, i + 1, err instanceof Error ? err.message : String(err));
      }
    });
    this.readBytes = end;
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  append(draft: FieldRecordDraft): Promise<FieldRecord> {
    return this.serial(async () => {
      await this.refresh();
      checkCorrection(draft, this.records);
      const { corrects, ...rest } = draft;
      const version = corrects === null ? 1 : Math.max(...this.records.filter((r) => r.id === corrects).map((r) => r.version)) + 1;
      const record = { ...rest, id: corrects ?? randomUUID(), version, recordedAt: new Date().toISOString() } as FieldRecord;
      const line = Buffer.from(`${JSON.stringify(record)}\n`, 'utf8');
      await mkdir(dirname(this.file), { recursive: true });
      const fd = await open(this.file, 'a', 0o600);
      try {
        await fd.write(line);
        await fd.datasync();
      } finally {
        await fd.close();
      }
      this.records.push(record);
      this.readBytes += line.length;
      return structuredClone(record);
    });
  }

  list(): Promise<FieldRecord[]> {
    return this.serial(async () => {
      await this.refresh();
      return structuredClone(this.records);
    });
  }

  listForPand(pandId: string): Promise<FieldRecord[]> {
    return this.serial(async () => {
      await this.refresh();
      return structuredClone(this.records.filter((r) => r.pandId === pandId));
    });
  }

  latestRegisterSurveyYear(): Promise<number | null> {
    const dir = this.datasetDir;
    if (dir === null) return Promise.resolve(null);
    this.registerYear ??= (async () => {
      const path = join(dir, DATASET_FILES.register);
      const years = parseRegister(path, await readFile(path))
        .flatMap((r) => [r.onderzochtJaar, r.herhaalJaar])
        .filter((y): y is number => y !== null);
      return years.length === 0 ? null : Math.max(...years);
    })();
    return this.registerYear;
  }

  async close(): Promise<void> {
    await this.queue;
  }
}

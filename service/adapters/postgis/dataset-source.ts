import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { z } from 'zod';
import { DatasetError, parseBuurten, toAddress, toRegister } from '../dataset/dataset-files.js';
import { datasetHash, NOT_HASHED } from '../dataset/dataset-hash.js';
import {
  ADDRESS_COLUMNS,
  DATASET_FILES,
  REGISTER_COLUMNS,
  addressRowSchema,
  datasetInfoSchema,
  registerRowSchema,
} from '../dataset/dataset-schema.js';
import { generatedBuurtenFile } from '../dataset/schematic-demo-buurten.js';
import type { AddressRecord, BuurtRecord, Dataset, DatasetInfo, NummeraanduidingRecord, RegisterRecord } from '../../domain/records.js';
import { NUMMERAANDUIDING_COLUMNS, NUMMERAANDUIDINGEN_FILE, nummeraanduidingRowSchema } from '../dataset/nummeraanduidingen.js';

/**
 * A dataset as the streaming loader reads it: info and buurten whole (thousands of rows at national
 * scale), addresses and register rows in validated chunks, so memory does not grow with the dataset.
 */
export interface DatasetSource {
  info: DatasetInfo;
  /** The folder's hash ({@link datasetHash}); null when there is none. */
  version: string | null;
  buurten: BuurtRecord[];
  /** Addresses in file order, in chunks of up to `rows`. Throws {@link DatasetError} naming file, line and field. */
  addresses(rows: number): AsyncIterable<AddressRecord[]>;
  register(rows: number): AsyncIterable<RegisterRecord[]>;
  /** BAG nummeraanduiding links (none when the dataset has no `nummeraanduidingen.csv.gz`). The loader checks each names an address. */
  nummeraanduidingen(rows: number): AsyncIterable<NummeraanduidingRecord[]>;
}

/** An in-memory dataset as a source (tests, the contract fixture). */
export function memorySource(dataset: Dataset): DatasetSource {
  async function* chunks<T>(xs: readonly T[], rows: number) {
    for (let i = 0; i < xs.length; i += rows) yield xs.slice(i, i + rows);
  }
  return {
    info: dataset.info,
    version: dataset.version ?? null,
    buurten: dataset.buurten,
    addresses: (rows) => chunks(dataset.addresses, rows),
    register: (rows) => chunks(dataset.register, rows),
    nummeraanduidingen: (rows) => chunks(dataset.nummeraanduidingen ?? [], rows),
  };
}

/**
 * CSV records of a (gzip or plain) file, streamed: complete lines are split as they arrive; a line with
 * an odd number of quotes continues on the next (a quoted newline). Yields [line number, cells].
 */
async function* csvLines(path: string): AsyncGenerator<[number, string[]]> {
  const fh = await open(path, 'r');
  const magic = Buffer.alloc(2);
  await fh.read(magic, 0, 2, 0);
  await fh.close();
  const raw = createReadStream(path);
  const input = magic[0] === 0x1f && magic[1] === 0x8b ? raw.pipe(createGunzip()) : raw;
  input.setEncoding('utf8');
  let rest = '';
  let line = 0;
  let pending: string | null = null;
  let pendingLine = 0;
  const quotes = (s: string) => {
    let n = 0;
    for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) n++;
    return n;
  };
  function* take(l: string): Generator<[number, string[]]> {
    line += 1;
    if (l.endsWith('\r')) l = l.slice(0, -1);
    if (pending !== null) {
      pending += `\n${l}`;
      if (quotes(pending) % 2 === 1) return;
      l = pending;
      pending = null;
    } else if (l.includes('"') && quotes(l) % 2 === 1) {
      pending = l;
      pendingLine = line;
      return;
    } else {
      pendingLine = line;
    }
    if (l === '') return;
    yield [pendingLine, l.includes('"') ? splitQuoted(l, pendingLine, path) : l.split(',')];
  }
  for await (const chunk of input as AsyncIterable<string>) {
    const text = rest + chunk;
    const lines = text.split('\n');
    rest = lines.pop()!;
    for (const l of lines) yield* take(l);
  }
  if (rest !== '') yield* take(rest);
  if (pending !== null) throw new DatasetError(path, `line ${pendingLine}`, null, 'unterminated quoted field');
}

function splitQuoted(l: string, line: number, path: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < l.length; i++) {
    const ch = l[i];
    if (quoted) {
      if (ch === '"' && l[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') {
      if (cell !== '') throw new DatasetError(path, `line ${line}`, null, 'quote inside an unquoted field');
      quoted = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** Validated rows of a CSV file in chunks: header checked, every record parsed with `schema`. */
async function* csvChunks<S extends z.ZodType, T>(
  path: string,
  required: readonly string[],
  schema: S,
  map: (row: z.output<S>) => T,
  rows: number,
): AsyncGenerator<T[]> {
  let header: string[] | null = null;
  let chunk: T[] = [];
  for await (const [line, cells] of csvLines(path)) {
    if (header === null) {
      header = cells.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
      for (const col of required) if (!header.includes(col)) throw new DatasetError(path, `line ${line}`, null, `missing column "${col}"`);
      continue;
    }
    if (cells.length !== header.length)
      throw new DatasetError(path, `line ${line}`, null, `expected ${header.length} fields, found ${cells.length}`);
    const values: Record<string, string> = {};
    for (let k = 0; k < header.length; k++) values[header[k]] = cells[k];
    const result = schema.safeParse(values);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new DatasetError(path, `line ${line}`, issue.path.map(String).join('.') || null, issue.message);
    }
    chunk.push(map(result.data));
    if (chunk.length >= rows) {
      yield chunk;
      chunk = [];
    }
  }
  if (header === null) throw new DatasetError(path, 'line 1', null, 'the file is empty (no header row)');
  if (chunk.length > 0) yield chunk;
}

/** {@link datasetHash} computed with streams (same bytes hashed, same result) for folders too big to read whole. */
async function streamedHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.') && !NOT_HASHED.has(n)).sort();
  for (const name of names) {
    const path = join(dir, name);
    const st = await stat(path);
    if (!st.isFile()) continue;
    hash.update(`${name}\0${st.size}\0`);
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** Opens a dataset folder for streaming: info and buurten are read and validated now, the rest on demand. */
export async function folderSource(dir: string): Promise<DatasetSource> {
  const infoPath = join(dir, DATASET_FILES.info);
  if (!existsSync(infoPath)) throw new DatasetError(infoPath, null, null, 'file not found');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(infoPath, 'utf8'));
  } catch (err) {
    throw new DatasetError(infoPath, null, null, `not valid JSON (${(err as Error).message})`);
  }
  const info = datasetInfoSchema.safeParse(json);
  if (!info.success) {
    const issue = info.error.issues[0];
    throw new DatasetError(infoPath, 'top level', issue.path.map(String).join('.') || null, issue.message);
  }
  const buurtenPath = join(dir, DATASET_FILES.buurten);
  const generated = await generatedBuurtenFile(dir);
  if (!generated && !existsSync(buurtenPath)) throw new DatasetError(buurtenPath, null, null, 'file not found');
  const buurten = parseBuurten(buurtenPath, generated ?? (await readFile(buurtenPath)));
  const codes = new Set(buurten.map((b) => b.code));
  const addressesPath = join(dir, DATASET_FILES.addresses);
  const registerPath = join(dir, DATASET_FILES.register);
  for (const p of [addressesPath, registerPath]) if (!existsSync(p)) throw new DatasetError(p, null, null, 'file not found');
  return {
    info: info.data,
    buurten,
    version: generated ? await datasetHash(dir) : await streamedHash(dir),
    async *addresses(rows) {
      let line = 1;
      for await (const chunk of csvChunks(addressesPath, ADDRESS_COLUMNS, addressRowSchema, toAddress, rows)) {
        for (const a of chunk) {
          line += 1;
          if (!codes.has(a.buurtCode)) throw new DatasetError(addressesPath, `line ${line}`, 'buurt_code', `unknown buurt ${a.buurtCode}`);
        }
        yield chunk;
      }
    },
    register: (rows) => csvChunks(registerPath, REGISTER_COLUMNS, registerRowSchema, toRegister, rows),
    async *nummeraanduidingen(rows) {
      const path = join(dir, NUMMERAANDUIDINGEN_FILE);
      if (!existsSync(path)) return;
      yield* csvChunks(
        path,
        NUMMERAANDUIDING_COLUMNS,
        nummeraanduidingRowSchema,
        (r): NummeraanduidingRecord => ({ nummeraanduidingId: r.nummeraanduiding_id, verblijfsobjectId: r.verblijfsobject_id }),
        rows,
      );
    },
  };
}

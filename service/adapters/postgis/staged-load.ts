/**
 * The streaming, staged loader (issue 19). A load never touches the served tables until its last step:
 *
 * 1. copy      — the source is read and validated in chunks and COPYed into a staging schema
 *                (`<schema>_stage`; input tables unlogged, served tables logged so replicas get them);
 * 2. index     — natural address order assigned in SQL, geometry built, the served tables' indexes and
 *                constraints recreated from the live schema's own definitions (one transaction);
 * 3. score     — keyset batches over (buurt_code, ord), i.e. gemeente by gemeente, each batch committed
 *                with its position, so a crash resumes after the last committed batch;
 * 4. aggregate — buurt (and area) statistics, one sorted pass over the staged tables (one transaction);
 * 5. swap      — one short transaction moves the live tables aside and the staged ones in
 *                (`ALTER TABLE … SET SCHEMA`), flags the model current and stamps the load.
 *
 * Readers keep answering from the old tables during phases 1–4; the swap waits only for statements in
 * flight. Killing the loader at any point leaves the served data as it was: before the swap commits
 * nothing served changed, and the swap is one transaction. A rerun with the same dataset and model
 * resumes from the last completed phase (scoring: from the last committed batch); anything else
 * starts the staging schema afresh. A session advisory lock keeps two loaders of one schema apart.
 */
import type pg from 'pg';
import type { DatasetInfo, RegisterRecord } from '../../domain/records.js';
import { TILE_M, stageEvidenceTiled } from './staged-evidence.js';
import { precomputeScores } from '../../domain/precompute-scores.js';
import type { RiskScorer } from '../../domain/risk-scorer.js';
import { copyRows } from './copy-rows.js';
import { ENTRY_SELECT, type AddressEntryRow, addressOf, registerOf } from './entry-rows.js';
import { refreshBuurtStats } from './buurt-stats-refresh.js';
import type { DatasetSource } from './dataset-source.js';
import {
  ADDRESS_COPY_COLUMNS,
  type LoadProgress,
  type LoadReport,
  REGISTER_COPY_COLUMNS,
  SCORE_COPY_COLUMNS,
  SOIL_COPY_COLUMNS,
  addressCopyRow,
  NUMMERAANDUIDING_COPY_COLUMNS,
  nummeraanduidingCopyRow,
  registerCopyRow,
  scoreCopyRow,
  soilCopyRow,
} from './load-rows.js';

/** Tables a full load replaces (those present in the live schema). */
export const DATA_TABLES = [
  'dataset_info',
  'buurten',
  'addresses',
  'soil',
  'register',
  'scores',
  'buurt_stats',
  'street_names',
  'nummeraanduidingen',
  'evidence',
] as const;
/** Tables a rescoring replaces. */
export const SCORE_TABLES = ['scores', 'buurt_stats'] as const;

/** Phases of a staged load, in order. */
/** Phases in order; `drop-old` (the replaced tables dropped) comes after the swap has committed. */
export type StagePhase = 'copy' | 'index' | 'score' | 'aggregate' | 'swap' | 'drop-old';
const DONE_MARK = { copy: 'copied', index: 'indexed', score: 'scored', aggregate: 'aggregated' } as const;
const ORDER = ['new', 'copied', 'indexed', 'scored', 'aggregated'];

/** What to load: a whole dataset, one gemeente of it, or new scores for the data already served. */
export type LoadMode =
  | { kind: 'full'; source: DatasetSource }
  | { kind: 'gemeente'; source: DatasetSource; gemeente: string }
  | { kind: 'rescore'; gemeente?: string };

export interface StagedLoadOptions {
  /** Addresses per scoring batch. */
  batchSize: number;
  /** Rows per COPY chunk read from the source (default 20 000). */
  chunkRows?: number;
  /** Keep the staging schema when the load fails (a rerun resumes); otherwise it is dropped. */
  resumable?: boolean;
  onProgress?: LoadProgress;
  /** Called as each phase starts (measurements, kill tests). */
  /** Called as each phase starts; the load waits for a promise it returns. */
  onPhase?: (phase: StagePhase) => unknown;
  /** Longest the swap waits for readers' locks per attempt (default 2 s; retried 5 times). */
  swapLockTimeoutMs?: number;
  /** Side (m) of the tiles the neighbourhood evidence is computed in (default {@link TILE_M}; tests cut neighbourhoods with small ones). */
  evidenceTileM?: number;
}

/** Per-phase timings of a staged load. */
export interface StagedLoadReport extends LoadReport {
  indexMs: number;
  swapMs: number;
  /** The phase a rerun resumed after, or null for a fresh load. */
  resumedAfter: string | null;
  /**
   * False when the replaced tables could not be dropped after the swap (readers kept them locked through
   * every retry): the new data is served all the same, and the next load drops them first.
   */
  oldTablesDropped: boolean;
}

/** A load that cannot run (bad option, gemeente not in the dataset, another load running). */
export class LoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadError';
  }
}

const ADVISORY_CLASS = 4_790_019;
const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

interface StateRow {
  key: string;
  phase: string;
  after_buurt: string | null;
  after_ord: number | null;
  addresses: number;
  register: number;
}

interface Ctx {
  client: pg.PoolClient;
  T: string; // live schema (quoted)
  S: string; // staging schema (quoted)
  O: string; // schema the old tables are moved to at the swap (quoted)
  oName: string; // the same, unquoted
  sName: string;
  tName: string;
  tables: string[];
  evidenceTileM: number;
  /** Constraint and index definitions of the live tables, read before the search path changes. */
  defs: { table: string; name: string; kind: 'constraint' | 'fk' | 'index'; sql: string }[];
}

async function liveDefinitions(client: pg.PoolClient, tName: string, tables: string[]): Promise<Ctx['defs']> {
  const { rows: cons } = await client.query<{ table: string; name: string; contype: string; def: string; index: string | null }>(
    `SELECT cl.relname AS table, c.conname AS name, c.contype, pg_get_constraintdef(c.oid) AS def, ix.relname AS index
       FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
       LEFT JOIN pg_class ix ON ix.oid = c.conindid
      WHERE n.nspname = $1 AND cl.relname = ANY($2) AND c.contype IN ('p', 'u', 'x', 'f') ORDER BY c.contype <> 'p', c.conname`,
    [tName, tables],
  );
  const { rows: idx } = await client.query<{ table: string; name: string; def: string }>(
    `SELECT tablename AS table, indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = $1 AND tablename = ANY($2) ORDER BY indexname`,
    [tName, tables],
  );
  const backing = new Set(cons.map((c) => c.index).filter((x): x is string => x !== null));
  return [
    ...cons.filter((c) => c.contype !== 'f').map((c) => ({ table: c.table, name: c.name, kind: 'constraint' as const, sql: c.def })),
    ...idx.filter((i) => !backing.has(i.name)).map((i) => ({ table: i.table, name: i.name, kind: 'index' as const, sql: i.def })),
    ...cons.filter((c) => c.contype === 'f').map((c) => ({ table: c.table, name: c.name, kind: 'fk' as const, sql: c.def })),
  ];
}

function loadKey(mode: LoadMode, scorer: RiskScorer): string {
  const version = mode.kind === 'rescore' ? 'served' : mode.source.version;
  // A source without a version can never be recognised again: such loads never resume.
  return JSON.stringify({
    kind: mode.kind,
    gemeente: mode.kind === 'full' ? null : (mode.gemeente ?? null),
    version: version ?? `unversioned-${Date.now()}-${Math.random()}`,
    model: scorer.modelVersion,
  });
}

/**
 * Loads (or rescores) through a staging schema and swaps it in; see the module comment. The pool's
 * search path decides the live schema (its first schema).
 */
export async function stagedLoad(
  pool: pg.Pool,
  mode: LoadMode,
  scorer: RiskScorer,
  manifest: unknown,
  options: StagedLoadOptions,
): Promise<StagedLoadReport> {
  const onProgress = options.onProgress ?? (() => {});
  const onPhase = options.onPhase ?? (() => {});
  const client = await pool.connect();
  const t0 = Date.now();
  let ctx: Ctx | null = null;
  let locked = false;
  try {
    await client.query('SET statement_timeout = 0');
    await client.query('SET idle_in_transaction_session_timeout = 0');
    const tName = (await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0].s;
    if (!tName) throw new LoadError('the search path names no existing schema to load into');
    const sName = `${tName.slice(0, 50)}_stage`;
    const oName = `${tName.slice(0, 50)}_old`;
    locked = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [ADVISORY_CLASS, tName])).rows[0]
      .ok;
    if (!locked) throw new LoadError(`another load into schema ${tName} is running`);
    const wanted = mode.kind === 'rescore' ? SCORE_TABLES : DATA_TABLES;
    const { rows: present } = await client.query<{ t: string }>(
      'SELECT tablename AS t FROM pg_tables WHERE schemaname = $1 AND tablename = ANY($2)',
      [tName, [...wanted]],
    );
    const tables = wanted.filter((t) => present.some((p) => p.t === t));
    if (!tables.includes('scores')) throw new LoadError(`schema ${tName} has no tables yet: run the migrations first`);
    ctx = {
      client,
      T: quoteIdent(tName),
      S: quoteIdent(sName),
      O: quoteIdent(oName),
      oName,
      sName,
      tName,
      tables,
      evidenceTileM: options.evidenceTileM ?? TILE_M,
      defs: await liveDefinitions(client, tName, tables),
    };
    const c = ctx;
    const key = loadKey(mode, scorer);

    // Resume or start afresh.
    let state: StateRow | null = null;
    const stageExists = (await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [sName])).rowCount === 1;
    if (stageExists) {
      const hasState =
        (await client.query('SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2', [sName, 'fr_load_state'])).rowCount === 1;
      if (hasState) state = (await client.query<StateRow>(`SELECT * FROM ${c.S}.fr_load_state`)).rows[0] ?? null;
      if (!state || state.key !== key || state.phase === 'new') state = null;
    }
    const resumedAfter = state?.phase ?? null;
    if (!state) {
      await client.query(`DROP SCHEMA IF EXISTS ${c.S} CASCADE`);
      await client.query('BEGIN');
      await client.query(`CREATE SCHEMA ${c.S}`);
      for (const t of tables) {
        await client.query(
          `CREATE TABLE ${c.S}.${quoteIdent(t)} (LIKE ${c.T}.${quoteIdent(t)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING STORAGE)`,
        );
      }
      await client.query(`CREATE TABLE ${c.S}.fr_load_state (key text NOT NULL, phase text NOT NULL, after_buurt text, after_ord integer,
        addresses integer NOT NULL DEFAULT 0, register integer NOT NULL DEFAULT 0)`);
      await client.query(`INSERT INTO ${c.S}.fr_load_state (key, phase) VALUES ($1, 'new')`, [key]);
      await client.query('COMMIT');
      state = (await client.query<StateRow>(`SELECT * FROM ${c.S}.fr_load_state`)).rows[0];
    }
    const reached = (mark: string) => ORDER.indexOf(state!.phase) >= ORDER.indexOf(mark);
    const mark = async (phase: keyof typeof DONE_MARK) => {
      await client.query(`UPDATE ${c.S}.fr_load_state SET phase = $1`, [DONE_MARK[phase]]);
      state!.phase = DONE_MARK[phase];
    };
    // Unqualified names (ENTRY_SELECT, COPY, the statistics) now mean the staged tables where there are some.
    await client.query(`SELECT set_config('search_path', $1, false)`, [`${c.S}, ${c.T}, public`]);

    const t1 = Date.now();
    if (mode.kind !== 'rescore' && !reached('copied')) {
      await onPhase('copy');
      await copyPhase(c, mode, onProgress, options.chunkRows ?? 20_000);
      await mark('copy');
    } else if (mode.kind === 'rescore' && !reached('copied')) {
      await onPhase('copy');
      if (mode.gemeente) await keepOtherScores(c, mode.gemeente);
      await mark('copy');
    }
    const t2 = Date.now();
    if (!reached('indexed')) {
      await onPhase('index');
      await client.query('BEGIN');
      if (mode.kind !== 'rescore') await orderPhase(c, mode.kind === 'gemeente' ? mode.gemeente : null, onProgress);
      await recreateIndexes(c);
      await client.query(`UPDATE ${c.S}.fr_load_state SET phase = 'indexed'`);
      await client.query('COMMIT');
      state.phase = 'indexed';
      for (const t of tables) await client.query(`ANALYZE ${c.S}.${quoteIdent(t)}`);
    }
    const t3 = Date.now();
    let scored = 0;
    // Scoring's keyset batches must join by index (nested loops), never hash a whole table per batch: that
    // would make scoring grow with the square of the country. (Aggregation reads everything in one pass and
    // turns hash joins back on for its own transaction, see refreshBuurtStats.)
    await client.query('SET enable_hashjoin = off');
    await client.query('SET enable_mergejoin = off');
    if (!reached('scored')) {
      await onPhase('score');
      await registerModel(client, c.T, scorer, manifest, false);
      scored = await scorePhase(c, state, scorer, options.batchSize, mode.kind === 'full' ? null : (mode.gemeente ?? null), onProgress);
      await mark('score');
    }
    const t4 = Date.now();
    if (!reached('aggregated')) {
      await onPhase('aggregate');
      await client.query('BEGIN');
      await refreshBuurtStats(client, onProgress, scorer.stockCovariance);
      await client.query(`UPDATE ${c.S}.fr_load_state SET phase = 'aggregated'`);
      await client.query('COMMIT');
      state.phase = 'aggregated';
    }
    const t5 = Date.now();
    await onPhase('swap');
    const swapMs = await swap(c, scorer, manifest, options.swapLockTimeoutMs ?? 2_000);
    const t6 = Date.now();
    // The old tables and the empty staging schema go after the swap, outside it. The new data is served
    // from here on: a drop that readers keep blocking does not fail the load.
    await onPhase('drop-old');
    const oldTablesDropped = await dropOldSchema(c, options.swapLockTimeoutMs ?? 2_000).then(
      () => true,
      () => false,
    );
    await client.query(`DROP SCHEMA IF EXISTS ${c.S} CASCADE`);
    const counts = await client.query<{ a: number; b: number; r: number }>(
      `SELECT (SELECT count(*) FROM ${c.T}.addresses)::int AS a, (SELECT count(*) FROM ${c.T}.buurten)::int AS b, (SELECT count(*) FROM ${c.T}.register)::int AS r`,
    );
    return {
      addresses: counts.rows[0].a,
      buurten: counts.rows[0].b,
      register: counts.rows[0].r,
      copyMs: t2 - t1,
      indexMs: t3 - t2,
      scored,
      scoreMs: t4 - t3,
      aggregateMs: t5 - t4,
      swapMs,
      totalMs: t6 - t0,
      resumedAfter,
      oldTablesDropped,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    if (ctx && !options.resumable) await client.query(`DROP SCHEMA IF EXISTS ${ctx.S} CASCADE`).catch(() => {});
    throw err;
  } finally {
    if (locked) await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [ADVISORY_CLASS, ctx?.tName ?? '']).catch(() => {});
    // The session's search path and settings were changed: never hand this connection to anyone else.
    client.release(true);
  }
}

async function copyPhase(
  c: Ctx,
  mode: Extract<LoadMode, { source: DatasetSource }>,
  onProgress: LoadProgress,
  chunkRows: number,
): Promise<void> {
  const { client, S, T } = c;
  const source = mode.source;
  const gemeente = mode.kind === 'gemeente' ? mode.gemeente : null;
  // A copy cut short is started again: empty every staged table first.
  await client.query(`TRUNCATE ${c.tables.map((t) => `${S}.${quoteIdent(t)}`).join(', ')}`);
  for (const t of ['addresses_in', 'register_in', 'buurten_in', 'nummeraanduidingen_in'])
    await client.query(`DROP TABLE IF EXISTS ${S}.${t}`);
  // Column types come from the live table (whatever columns the migrations gave it).
  await client.query(
    `CREATE UNLOGGED TABLE ${S}.addresses_in AS SELECT 0::bigint AS seq, ${ADDRESS_COPY_COLUMNS.join(', ')} FROM ${T}.addresses WITH NO DATA`,
  );
  await client.query(`CREATE UNLOGGED TABLE ${S}.register_in (seq bigint NOT NULL, LIKE ${T}.register)`);
  // BAG nummeraanduiding links (migration 013) are dataset data: staged and swapped with the addresses.
  const links = c.tables.includes('nummeraanduidingen');
  if (links) await client.query(`CREATE UNLOGGED TABLE ${S}.nummeraanduidingen_in (seq bigint NOT NULL, LIKE ${T}.nummeraanduidingen)`);
  await client.query(`CREATE UNLOGGED TABLE ${S}.buurten_in (code text, ord integer, naam text, wijk_code text, gemeente_code text, woonplaats text, pc4 text,
    huishoudens integer, oppervlakte_ha double precision, schematic boolean, geojson text)`);

  const buurten = gemeente ? source.buurten.filter((b) => b.gemeenteCode === gemeente) : source.buurten;
  if (gemeente && buurten.length === 0) throw new LoadError(`gemeente ${gemeente} has no buurten in the dataset`);
  const codes = new Set(buurten.map((b) => b.code));
  // The old gemeente's place in the listing (or the end); other buurten keep theirs. Renumbered in the index phase.
  const base = gemeente
    ? Number(
        (
          await client.query<{ o: number }>(
            `SELECT coalesce((SELECT min(ord) FROM ${T}.buurten WHERE gemeente_code = $1), (SELECT max(ord) + 1 FROM ${T}.buurten), 0) AS o`,
            [gemeente],
          )
        ).rows[0].o,
      )
    : 0;
  await copyRows(
    client,
    'buurten_in',
    ['code', 'ord', 'naam', 'wijk_code', 'gemeente_code', 'woonplaats', 'pc4', 'huishoudens', 'oppervlakte_ha', 'schematic', 'geojson'],
    buurten.map((b, i) => [
      b.code,
      gemeente ? base * 100_000 + i : i,
      b.naam,
      b.wijkCode,
      b.gemeenteCode,
      b.woonplaats,
      b.pc4,
      b.huishoudens,
      b.oppervlakteHa,
      b.schematic,
      JSON.stringify(b.geometry),
    ]),
  );
  await client.query(`INSERT INTO ${S}.buurten (code, ord, naam, wijk_code, gemeente_code, woonplaats, pc4, huishoudens, oppervlakte_ha, schematic, geojson, geom, geom_rd)
    SELECT code, ord, naam, wijk_code, gemeente_code, woonplaats, pc4, huishoudens, oppervlakte_ha, schematic, geojson::jsonb, g, ST_Transform(g, 28992)
      FROM (SELECT *, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(geojson), 4326)) AS g FROM ${S}.buurten_in) AS x`);

  const info: DatasetInfo & { version?: string | null } = { ...source.info, version: source.version };
  if (gemeente) {
    const old = (await client.query<{ info: DatasetInfo }>(`SELECT info FROM ${T}.dataset_info`)).rows[0]?.info;
    await client.query(`INSERT INTO ${S}.dataset_info (info) VALUES ($1)`, [
      JSON.stringify({ ...(old ?? info), version: source.version, replacedGemeente: gemeente }),
    ]);
    // Everything of the other gemeenten is carried over as it is served now.
    await client.query(`INSERT INTO ${S}.buurten SELECT * FROM ${T}.buurten WHERE gemeente_code <> $1`, [gemeente]);
    await client.query(`UPDATE ${S}.buurten SET ord = ord * 100000 WHERE gemeente_code <> $1`, [gemeente]);
    await client.query(
      `INSERT INTO ${S}.addresses_in (seq, ${ADDRESS_COPY_COLUMNS.join(', ')})
      SELECT a.ord, ${ADDRESS_COPY_COLUMNS.map((col) => `a.${col}`).join(', ')} FROM ${T}.addresses a JOIN ${T}.buurten b ON b.code = a.buurt_code WHERE b.gemeente_code <> $1`,
      [gemeente],
    );
    await client.query(
      `INSERT INTO ${S}.soil SELECT so.* FROM ${T}.soil so JOIN ${T}.addresses a USING (verblijfsobject_id) JOIN ${T}.buurten b ON b.code = a.buurt_code WHERE b.gemeente_code <> $1`,
      [gemeente],
    );
    await client.query(
      `INSERT INTO ${S}.scores SELECT s.* FROM ${T}.scores s JOIN ${T}.addresses a USING (verblijfsobject_id) JOIN ${T}.buurten b ON b.code = a.buurt_code WHERE b.gemeente_code <> $1`,
      [gemeente],
    );
    // Register rows of panden of the old gemeente go; the rest stays (the new file's rows win, by seq).
    await client.query(
      `INSERT INTO ${S}.register_in SELECT -1, r.* FROM ${T}.register r
      WHERE NOT EXISTS (SELECT 1 FROM ${T}.addresses a JOIN ${T}.buurten b ON b.code = a.buurt_code WHERE a.pand_id = r.pand_id AND b.gemeente_code = $1)`,
      [gemeente],
    );
    // Links of the other gemeenten's addresses stay; the old gemeente's go (the new file's links come below).
    if (links)
      await client.query(
        `INSERT INTO ${S}.nummeraanduidingen_in SELECT -1, n.* FROM ${T}.nummeraanduidingen n
      WHERE NOT EXISTS (SELECT 1 FROM ${T}.addresses a JOIN ${T}.buurten b ON b.code = a.buurt_code WHERE a.verblijfsobject_id = n.verblijfsobject_id AND b.gemeente_code = $1)`,
        [gemeente],
      );
  } else {
    await client.query(`INSERT INTO ${S}.dataset_info (info) VALUES ($1)`, [JSON.stringify(info)]);
  }

  let seq = SOURCE_SEQ;
  let done = 0;
  const panden = gemeente ? new Set<string>() : null;
  const ids = gemeente ? new Set<string>() : null;
  for await (const chunk of source.addresses(chunkRows)) {
    const rows = gemeente ? chunk.filter((a) => codes.has(a.buurtCode)) : chunk;
    if (panden) for (const a of rows) if (a.pandId) panden.add(a.pandId);
    if (ids) for (const a of rows) ids.add(a.verblijfsobjectId);
    const first = seq;
    await copyRows(
      client,
      'addresses_in',
      ['seq', ...ADDRESS_COPY_COLUMNS],
      rows.map((a, i) => [first + i, ...addressCopyRow(a)]),
    );
    await copyRows(client, 'soil', SOIL_COPY_COLUMNS, rows.map(soilCopyRow));
    seq += rows.length;
    done += rows.length;
    onProgress('copy', done, done);
  }
  if (gemeente && done === 0) throw new LoadError(`gemeente ${gemeente} has no addresses in the dataset`);
  let registered = 0;
  for await (const chunk of source.register(chunkRows)) {
    const rows = panden ? chunk.filter((r) => panden.has(r.pandId)) : chunk;
    const first = seq;
    await copyRows(
      client,
      'register_in',
      ['seq', ...REGISTER_COPY_COLUMNS],
      rows.map((r, i) => [first + i, ...registerCopyRow(r)]),
    );
    seq += rows.length;
    registered += rows.length;
  }
  if (links) {
    for await (const chunk of source.nummeraanduidingen(chunkRows)) {
      const rows = ids ? chunk.filter((l) => ids.has(l.verblijfsobjectId)) : chunk;
      const first = seq;
      await copyRows(
        client,
        'nummeraanduidingen_in',
        ['seq', ...NUMMERAANDUIDING_COPY_COLUMNS],
        rows.map((l, i) => [first + i, ...nummeraanduidingCopyRow(l)]),
      );
      seq += rows.length;
    }
  }
  await client.query(`UPDATE ${S}.fr_load_state SET addresses = $1, register = $2`, [done, registered]);
}

/** Natural address order (as `compareAddresses`: postcode, number, letter, addition; then input order), geometry, street names, register. */
async function orderPhase(c: Ctx, gemeente: string | null, onProgress: LoadProgress): Promise<void> {
  const { client, S } = c;
  const cols = ADDRESS_COPY_COLUMNS.join(', ');
  await client.query(`INSERT INTO ${S}.addresses (${cols}, ord, geom, geom_rd)
    SELECT ${cols}, (row_number() OVER (ORDER BY postcode COLLATE "C", huisnummer, coalesce(huisletter, '') COLLATE "C",
             lower(coalesce(toevoeging, '')) COLLATE "C", coalesce(toevoeging, '') COLLATE "C" DESC, seq) - 1)::int, p, ST_Transform(p, 28992)
      FROM (SELECT *, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS p FROM ${S}.addresses_in) AS s`);
  await client.query(`INSERT INTO ${S}.street_names (straat, woonplaats, search_text, word_keys, n)
    SELECT straat, woonplaats, min(search_text), min(word_keys), count(*)::int FROM ${S}.addresses GROUP BY straat, woonplaats`);
  // The last row of a pand wins, as in the memory store's Map.
  const rc = REGISTER_COPY_COLUMNS.join(', ');
  await client.query(
    `INSERT INTO ${S}.register (${rc}) SELECT DISTINCT ON (pand_id) ${rc} FROM ${S}.register_in ORDER BY pand_id, seq DESC`,
  );
  await client.query(
    `UPDATE ${S}.buurten b SET ord = r.n FROM (SELECT code, (row_number() OVER (ORDER BY ord, code) - 1)::int AS n FROM ${S}.buurten) r WHERE r.code = b.code AND b.ord <> r.n`,
  );
  if (c.tables.includes('nummeraanduidingen')) {
    // Every new link must name an address of the load, and no id may come twice (as the folder reader checks).
    const dup = (
      await client.query<{ id: string }>(`SELECT nummeraanduiding_id AS id FROM ${S}.nummeraanduidingen_in WHERE seq >= 0
      GROUP BY nummeraanduiding_id HAVING count(*) > 1 LIMIT 1`)
    ).rows[0];
    if (dup) throw new LoadError(`nummeraanduidingen: duplicate id ${dup.id}`);
    const orphan = (
      await client.query<{
        id: string;
        vo: string;
      }>(`SELECT n.nummeraanduiding_id AS id, n.verblijfsobject_id AS vo FROM ${S}.nummeraanduidingen_in n
      WHERE n.seq >= 0 AND NOT EXISTS (SELECT 1 FROM ${S}.addresses a WHERE a.verblijfsobject_id = n.verblijfsobject_id) LIMIT 1`)
    ).rows[0];
    if (orphan) throw new LoadError(`nummeraanduidingen: ${orphan.id} names unknown address ${orphan.vo} (not in the addresses)`);
    await client.query(`INSERT INTO ${S}.nummeraanduidingen (${NUMMERAANDUIDING_COPY_COLUMNS.join(', ')})
      SELECT DISTINCT ON (nummeraanduiding_id) ${NUMMERAANDUIDING_COPY_COLUMNS.join(', ')} FROM ${S}.nummeraanduidingen_in ORDER BY nummeraanduiding_id, seq DESC`);
  }
  await stageEvidence(c, gemeente, onProgress);
  await client.query(`DROP TABLE IF EXISTS ${S}.addresses_in, ${S}.register_in, ${S}.buurten_in, ${S}.nummeraanduidingen_in`);
}

/** First of the seq numbers given to rows read from the source (rows carried over from the live tables have smaller ones). */
const SOURCE_SEQ = 10_000_000_000;

/**
 * The neighbourhood evidence (migration 012) of the staged panden at the reference year, exactly as the memory
 * store computes it (`withNeighbourhoodEvidence`), tile by tile ({@link stageEvidenceTiled}) so that memory stays
 * bounded. A gemeente load recomputes its own panden and keeps the other gemeenten' rows.
 */
async function stageEvidence(c: Ctx, gemeente: string | null, onProgress: LoadProgress): Promise<void> {
  if (!c.tables.includes('evidence')) return;
  const { client, S, T } = c;
  const year = (await client.query<{ y: number }>(`SELECT (info->>'referenceYear')::int AS y FROM ${S}.dataset_info`)).rows[0].y;
  if (gemeente) {
    // The panden of the new gemeente's addresses are recomputed, every other pand keeps its served row.
    await client.query(
      `INSERT INTO ${S}.evidence SELECT e.* FROM ${T}.evidence e
      WHERE e.pand_id IN (SELECT pand_id FROM ${S}.addresses_in WHERE seq < $1)
        AND e.pand_id NOT IN (SELECT pand_id FROM ${S}.addresses_in WHERE seq >= $1 AND pand_id IS NOT NULL)`,
      [SOURCE_SEQ],
    );
  }
  await stageEvidenceTiled(client, S, year, SOURCE_SEQ, gemeente !== null, c.evidenceTileM, onProgress);
}

/** Rescoring one gemeente: the other gemeenten's scores are carried over. */
async function keepOtherScores(c: Ctx, gemeente: string): Promise<void> {
  const { client, S, T } = c;
  await client.query(`TRUNCATE ${S}.scores`);
  const n = await client.query(`SELECT 1 FROM ${T}.buurten WHERE gemeente_code = $1 LIMIT 1`, [gemeente]);
  if (n.rowCount === 0) throw new LoadError(`gemeente ${gemeente} is not loaded`);
  await client.query(
    `INSERT INTO ${S}.scores SELECT s.* FROM ${T}.scores s JOIN ${T}.addresses a USING (verblijfsobject_id) JOIN ${T}.buurten b ON b.code = a.buurt_code WHERE b.gemeente_code <> $1`,
    [gemeente],
  );
}

/** The live tables' constraints and indexes, made again on the staged tables (names are per schema). */
async function recreateIndexes(c: Ctx): Promise<void> {
  const { client, S, T } = c;
  const have = new Set(
    (
      await client.query<{ n: string }>(
        `SELECT conname AS n FROM pg_constraint WHERE connamespace = $1::regnamespace UNION SELECT indexname FROM pg_indexes WHERE schemaname = $2`,
        [c.sName, c.sName],
      )
    ).rows.map((r) => r.n),
  );
  for (const d of c.defs) {
    if (have.has(d.name)) continue;
    if (d.kind === 'index') {
      const sql = d.sql.replace(` ON ${c.tName}.`, ` ON ${S}.`).replace(` ON ${T}.`, ` ON ${S}.`);
      if (!sql.includes(` ON ${S}.`)) throw new Error(`cannot restage index ${d.name}: ${d.sql}`);
      await client.query(sql);
    } else {
      // FK targets are resolved on the search path: staged tables first, then the live ones (models).
      await client.query(`ALTER TABLE ${S}.${quoteIdent(d.table)} ADD CONSTRAINT ${quoteIdent(d.name)} ${d.sql}`);
    }
  }
}

async function registerModel(client: pg.PoolClient, T: string, scorer: RiskScorer, manifest: unknown, current: boolean): Promise<void> {
  await client.query(
    `INSERT INTO ${T}.models (version, manifest) VALUES ($1, $2) ON CONFLICT (version) DO UPDATE SET manifest = EXCLUDED.manifest`,
    [scorer.modelVersion, JSON.stringify(manifest)],
  );
  if (!current) return;
  await client.query(`UPDATE ${T}.models SET is_current = false WHERE is_current AND version <> $1`, [scorer.modelVersion]);
  await client.query(`UPDATE ${T}.models SET is_current = true WHERE version = $1`, [scorer.modelVersion]);
}

/** Keyset batches over (buurt_code, ord): gemeente after gemeente; each batch commits with its position. */
async function scorePhase(
  c: Ctx,
  state: StateRow,
  scorer: RiskScorer,
  batchSize: number,
  gemeente: string | null,
  onProgress: LoadProgress,
): Promise<number> {
  const { client, S } = c;
  const inGemeente = gemeente ? 'AND a.buurt_code IN (SELECT code FROM buurten WHERE gemeente_code = $4)' : '';
  const extra = gemeente ? [gemeente] : [];
  const total = Number(
    (
      await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM addresses a WHERE true ${gemeente ? 'AND a.buurt_code IN (SELECT code FROM buurten WHERE gemeente_code = $1)' : ''}`,
        extra,
      )
    ).rows[0].n,
  );
  let afterBuurt = state.after_buurt ?? '';
  let afterOrd = state.after_ord ?? -1;
  let done = 0;
  for (;;) {
    const { rows } = await client.query<AddressEntryRow>(
      `${ENTRY_SELECT} WHERE (a.buurt_code, a.ord) > ($1, $2) ${inGemeente} ORDER BY a.buurt_code, a.ord LIMIT $3`,
      [afterBuurt, afterOrd, batchSize, ...extra],
    );
    if (rows.length === 0) break;
    const addresses = rows.map(addressOf);
    const registerByPand = new Map<string, RegisterRecord>();
    for (const r of rows) {
      const reg = registerOf(r);
      if (reg) registerByPand.set(reg.pandId, reg);
    }
    const scores = await precomputeScores(scorer, addresses, registerByPand);
    const last = rows[rows.length - 1];
    await client.query('BEGIN');
    // A batch re-run after a crash between its COPY and its commit cannot exist: both commit together.
    await copyRows(
      client,
      'scores',
      SCORE_COPY_COLUMNS,
      scores.map((s, i) => scoreCopyRow(addresses[i].verblijfsobjectId, s)),
    );
    await client.query(`UPDATE ${S}.fr_load_state SET after_buurt = $1, after_ord = $2`, [last.buurt_code, last.ord]);
    await client.query('COMMIT');
    afterBuurt = last.buurt_code;
    afterOrd = last.ord;
    done += rows.length;
    onProgress('score', done, total);
  }
  return done;
}

/** The order of tables in readers' statements (ENTRY_SELECT, BUURT_SELECT, tiles, search, dataset info). */
const LOCK_ORDER = [
  'addresses',
  'buurten',
  'buurt_stats',
  'soil',
  'register',
  'scores',
  'evidence',
  'street_names',
  'dataset_info',
  'nummeraanduidingen',
];
const lockRank = (t: string) => (LOCK_ORDER.includes(t) ? LOCK_ORDER.indexOf(t) : LOCK_ORDER.length);

/**
 * Runs `work` in one transaction with a lock timeout; when it times out on a lock or is chosen as a
 * deadlock victim it is rolled back and run again (5 attempts, `pauseMs × attempt` apart), else the error
 * is thrown. `lockAll(schema, tables)` locks tables in the order readers' statements name them (addresses
 * before buurten before their statistics …): a reader holding one table while waiting for the next can then
 * never be waiting on us while we wait on it.
 */
async function withReaderOrderedLocks<T>(
  client: pg.PoolClient,
  lockTimeoutMs: number,
  pauseMs: number,
  work: (lockAll: (schema: string, tables: readonly string[]) => Promise<void>) => Promise<T>,
): Promise<T> {
  const lockAll = async (schema: string, tables: readonly string[]) => {
    if (tables.length === 0) return;
    const ordered = [...tables].sort((a, b) => lockRank(a) - lockRank(b) || a.localeCompare(b));
    await client.query(`LOCK TABLE ${ordered.map((t) => `${schema}.${quoteIdent(t)}`).join(', ')} IN ACCESS EXCLUSIVE MODE`);
  };
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('lock_timeout', $1, true)`, [`${lockTimeoutMs}ms`]);
      const result = await work(lockAll);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      const code = (err as { code?: string }).code;
      if ((code !== '55P03' && code !== '40P01') || attempt >= 5) throw err;
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs * attempt));
    }
  }
}

/**
 * Drops the schema the swap moved the replaced tables into. Readers may still lock those tables by their
 * old identity for a moment after the swap (a prepared statement's cached plan is locked before it is
 * found stale); `DROP SCHEMA … CASCADE` alone would lock them in its own order and could deadlock with
 * such a reader, so they are locked in the readers' order first.
 */
async function dropOldSchema(c: Ctx, lockTimeoutMs: number): Promise<void> {
  const { client, O, oName } = c;
  await withReaderOrderedLocks(client, lockTimeoutMs, 50, async (lockAll) => {
    const { rows } = await client.query<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = $1', [oName]);
    await lockAll(
      O,
      rows.map((r) => r.name),
    );
    await client.query(`DROP SCHEMA IF EXISTS ${O} CASCADE`);
  });
}

/** One short transaction: live tables aside, staged tables in, model current, load stamped. Returns its duration. */
async function swap(c: Ctx, scorer: RiskScorer, manifest: unknown, lockTimeoutMs: number): Promise<number> {
  const { client, S, T, O } = c;
  await dropOldSchema(c, lockTimeoutMs);
  let started = 0;
  await withReaderOrderedLocks(client, lockTimeoutMs, 0, async (lockAll) => {
    started = performance.now();
    await client.query(`CREATE SCHEMA ${O}`);
    // All live tables locked first, so a reader never waits on the swap while the swap waits on it.
    await lockAll(T, c.tables);
    for (const t of c.tables) {
      await client.query(`ALTER TABLE ${T}.${quoteIdent(t)} SET SCHEMA ${O}`);
      await client.query(`ALTER TABLE ${S}.${quoteIdent(t)} SET SCHEMA ${T}`);
    }
    await registerModel(client, T, scorer, manifest, true);
    // The stamp readers compare (DatasetVersion): a new one drops their cached tiles and street names.
    await client.query(`UPDATE ${T}.dataset_info SET loaded_at = clock_timestamp()`);
    await client.query(`DROP TABLE ${S}.fr_load_state`);
  });
  return Math.round(performance.now() - started);
}

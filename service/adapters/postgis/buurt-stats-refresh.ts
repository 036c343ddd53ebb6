import type pg from 'pg';
import { type BuurtStats, computeBuurtStats } from '../../domain/buurt-stats.js';
import type { RiskClass } from '../../domain/records.js';

interface StatsRow {
  pand_id: string | null;
  bouwjaar: number | null;
  onderzocht: boolean | null;
  hersteld: boolean | null;
  probability: number | null;
  probability_stock: number | null;
  margin: number | null;
  risk_class: string | null;
}

/** A stored `buurt_stats` row. */
export interface BuurtStatsRow {
  dwellings: number;
  scored: number;
  sum_probability: number;
  stock_sum: number | null;
  stock_variance: number | null;
  count_de: number;
  pre1945: number;
  surveyed: number;
  restored: number;
  by_period: BuurtStats['byPeriod'];
  by_class: BuurtStats['byClass'];
}

/** The domain statistics of a stored row. */
export function statsOf(r: BuurtStatsRow): BuurtStats {
  return {
    dwellings: r.dwellings,
    scored: r.scored,
    sumProbability: r.sum_probability,
    stock: r.stock_sum === null || r.stock_variance === null ? null : { sum: r.stock_sum, variance: r.stock_variance },
    countDE: r.count_de,
    pre1945: r.pre1945,
    surveyed: r.surveyed,
    restored: r.restored,
    byPeriod: r.by_period,
    byClass: r.by_class,
  };
}

interface StreamRow extends StatsRow {
  buurt_code: string;
}

/** Columns of `buurt_stats`, in the order {@link statsValues} gives them. */
const STATS_COLUMNS =
  'buurt_code, dwellings, scored, sum_probability, stock_sum, stock_variance, count_de, pre1945, surveyed, restored, by_period, by_class';
/** Their types, to unnest one array per column in a multi-row insert. */
const STATS_TYPES = ['text', 'int', 'int', 'float8', 'float8', 'float8', 'int', 'int', 'int', 'int', 'jsonb', 'jsonb'];

function statsValues(code: string, stats: BuurtStats): unknown[] {
  return [
    code,
    stats.dwellings,
    stats.scored,
    stats.sumProbability,
    stats.stock?.sum ?? null,
    stats.stock?.variance ?? null,
    stats.countDE,
    stats.pre1945,
    stats.surveyed,
    stats.restored,
    JSON.stringify(stats.byPeriod),
    JSON.stringify(stats.byClass),
  ];
}

/**
 * Recomputes `buurt_stats` for every buurt with the domain's {@link computeBuurtStats}, in one sorted pass:
 * a single query joins addresses, register and scores with hash joins (each table read once, sequentially;
 * no index probe per address) and sorts by (buurt_code, ord), so each buurt's addresses arrive together in
 * natural order (sums bit-identical to the memory store's). It is read through a cursor in batches of
 * `batchRows`, so the loader holds one batch and one buurt; the statistics go in as multi-row inserts.
 * Earlier versions fetched keyset batches joined by index, row by row (slower per address as the tables
 * outgrow the cache), and before that one query per buurt (quadratic). Buurten without addresses get
 * empty statistics. Runs inside the caller's transaction; its planner settings are local to it.
 */
export async function refreshBuurtStats(
  client: pg.PoolClient,
  onProgress: (phase: 'aggregate', done: number, total: number) => void = () => {},
  stockCovariance: readonly [number, number, number] | null = null,
  batchRows = 20_000,
): Promise<void> {
  await client.query('DELETE FROM buurt_stats');
  const { rows: buurten } = await client.query<{ code: string }>('SELECT code FROM buurten ORDER BY ord');
  const done = new Set<string>();
  let pending: unknown[][] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const columns = STATS_TYPES.map((_, i) => pending.map((row) => row[i]));
    await client.query(
      `INSERT INTO buurt_stats (${STATS_COLUMNS}) SELECT * FROM unnest(${STATS_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`,
      columns,
    );
    pending = [];
  };
  const insert = async (code: string, rows: readonly StatsRow[]) => {
    const stats = computeBuurtStats(
      rows.map((r) => ({
        address: { bouwjaar: r.bouwjaar, pandId: r.pand_id },
        register: r.onderzocht === null ? null : { onderzocht: r.onderzocht, hersteld: r.hersteld ?? false },
        score: {
          probability: r.probability,
          probabilityStock: r.probability_stock,
          margin: r.margin,
          riskClass: r.risk_class as RiskClass | null,
        },
      })),
      stockCovariance,
    );
    pending.push(statsValues(code, stats));
    done.add(code);
    if (pending.length >= 500) await flush();
    onProgress('aggregate', done.size, buurten.length);
  };
  // The whole result is wanted (not its first rows), and every table is read in full: hash joins and one
  // sort beat an index probe per address. Memory beyond work_mem spills to temporary files, still linear.
  await client.query('SET LOCAL enable_hashjoin = on');
  await client.query('SET LOCAL enable_mergejoin = on');
  await client.query('SET LOCAL cursor_tuple_fraction = 1.0');
  await client.query("SET LOCAL work_mem = '64MB'");
  await client.query(
    `DECLARE fr_buurt_stats_rows NO SCROLL CURSOR FOR
     SELECT a.buurt_code, a.pand_id, a.bouwjaar, r.onderzocht, r.hersteld, s.probability, s.probability_stock, s.margin, s.risk_class
       FROM addresses a
       LEFT JOIN register r ON r.pand_id = a.pand_id
       LEFT JOIN scores s ON s.verblijfsobject_id = a.verblijfsobject_id
      ORDER BY a.buurt_code, a.ord`,
  );
  let current = null as { code: string; rows: StatsRow[] } | null;
  for (;;) {
    const { rows } = await client.query<StreamRow>(`FETCH ${Math.max(1, Math.floor(batchRows))} FROM fr_buurt_stats_rows`);
    if (rows.length === 0) break;
    for (const r of rows) {
      if (current === null || current.code !== r.buurt_code) {
        if (current !== null) await insert(current.code, current.rows);
        current = { code: r.buurt_code, rows: [] };
      }
      current.rows.push(r);
    }
  }
  await client.query('CLOSE fr_buurt_stats_rows');
  if (current !== null) await insert(current.code, current.rows);
  for (const { code } of buurten) if (!done.has(code)) await insert(code, []);
  await flush();
}

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
  ord: number;
}

/**
 * Recomputes `buurt_stats` for every buurt with the domain's {@link computeBuurtStats}. The addresses are
 * read once, in keyset batches over (buurt_code, ord), so each buurt's addresses arrive in natural order
 * (sums bit-identical to the memory store's) and the cost grows linearly with the country: a query per
 * buurt let the planner hash-join the whole scores table for every buurt. Buurten without addresses get
 * empty statistics. Runs inside the caller's transaction.
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
    await client.query(
      `INSERT INTO buurt_stats (buurt_code, dwellings, scored, sum_probability, stock_sum, stock_variance, count_de, pre1945, surveyed, restored, by_period, by_class)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
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
      ],
    );
    done.add(code);
    onProgress('aggregate', done.size, buurten.length);
  };
  let current = null as { code: string; rows: StatsRow[] } | null;
  let after: [string, number] = ['', -1];
  for (;;) {
    const { rows } = await client.query<StreamRow>(
      `SELECT a.buurt_code, a.ord, a.pand_id, a.bouwjaar, r.onderzocht, r.hersteld, s.probability, s.probability_stock, s.margin, s.risk_class
         FROM addresses a
         LEFT JOIN register r ON r.pand_id = a.pand_id
         LEFT JOIN scores s ON s.verblijfsobject_id = a.verblijfsobject_id
        WHERE (a.buurt_code, a.ord) > ($1, $2) ORDER BY a.buurt_code, a.ord LIMIT $3`,
      [after[0], after[1], batchRows],
    );
    if (rows.length === 0) break;
    for (const r of rows) {
      if (current === null || current.code !== r.buurt_code) {
        if (current !== null) await insert(current.code, current.rows);
        current = { code: r.buurt_code, rows: [] };
      }
      current.rows.push(r);
    }
    const last = rows[rows.length - 1];
    after = [last.buurt_code, last.ord];
  }
  if (current !== null) await insert(current.code, current.rows);
  for (const { code } of buurten) if (!done.has(code)) await insert(code, []);
}

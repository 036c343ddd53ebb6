import { PERIODS } from '../../service/domain/buurt-stats.js';
import type { PeriodGroup } from '../../service/domain/conformal.js';

/**
 * Construction-period groups of the Mondrian sets: the periods the buurt statistics and the map use
 * (voor 1920, 1920–1944, 1945–1969, 1970–1994, vanaf 1995), so a set's per-period guarantee is about
 * the groups people see and ask about.
 */
export const PERIOD_GROUPS: readonly PeriodGroup[] = PERIODS.map((p, i) => ({
  name: p.label,
  fromYear: i === 0 ? null : PERIODS[i - 1].before,
  toYear: Number.isFinite(p.before) ? p.before - 1 : null,
}));

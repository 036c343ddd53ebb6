import type { PeriodGroup } from '../../service/domain/conformal.js';

/**
 * Construction-period groups of the Mondrian sets: wooden piles without concrete tops (to 1930), the
 * transition with concrete tops (1931–1964), and concrete or modern foundations (from 1965). Three
 * groups keep enough audit rows in each for a 95 % threshold.
 */
export const PERIOD_GROUPS: readonly PeriodGroup[] = [
  { name: 'tot-1931', fromYear: null, toYear: 1930 },
  { name: '1931-1964', fromYear: 1931, toYear: 1964 },
  { name: 'vanaf-1965', fromYear: 1965, toYear: null },
];

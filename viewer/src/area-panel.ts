import { OVERVIEW_SWITCH_ZOOM } from '../../service/domain/tile-zooms.js';
import { api, ApiError, type AreaLevel, type AreaProperties } from './api.js';
import { periodLabel } from './buurt-panel.js';
import { barChart } from './charts.js';
import { h } from './dom.js';
import { fmtDerived } from './format.js';
import { t } from './i18n.js';
import { CLASS_COLORS, NO_DATA_COLOR } from './metrics.js';
import { classBadge } from './widgets.js';

/** Bars without a class meaning are neutral grey (as on the buurt card). */
const NEUTRAL_BAR = '#5f6368';

function stat(label: string, value: string | Node, testId?: string): HTMLElement[] {
  return [h('dt', {}, label), h('dd', testId ? { 'data-testid': testId } : {}, value)];
}

/** A count of an area: null means not published (some buurt in it hides the figure), never "< 10". */
const count = (v: number | null): string => fmtDerived(v, 'number', 0);

/**
 * A gemeente's or wijk's published aggregate (from `/v1/gemeenten` or `/v1/wijken`): every figure the
 * service withholds is shown as suppressed, with the reason.
 */
export function renderArea(a: AreaProperties): HTMLElement {
  return h(
    'article',
    { class: 'card area-card', 'aria-labelledby': 'area-title', 'data-testid': 'area-card', 'data-level': a.level },
    h('p', { class: 'eyebrow' }, t(a.level === 'gemeente' ? 'gemeente' : 'wijk')),
    h('h2', { id: 'area-title', tabindex: '-1' }, a.code),
    h('p', { class: 'muted' }, a.level === 'wijk' ? `${t('gemeente')} ${a.gemeenteCode} · ` : '', `${t('areaBuurten')}: ${a.buurten}`),
    h(
      'dl',
      { class: 'stats' },
      ...stat(t('dwellings'), count(a.dwellings), 'area-dwellings'),
      ...stat(t('areaMeanProbability'), fmtDerived(a.meanProbability, 'percent', 1), 'area-mean'),
      ...stat(t('areaMeanProbabilitySurvey'), fmtDerived(a.meanProbabilitySurvey, 'percent', 1)),
      ...stat(t('areaExpectedProblems'), fmtDerived(a.expectedProblems, 'number', 0)),
      ...stat(t('riskClass'), a.riskClass ? classBadge(a.riskClass) : t('suppressed')),
      ...stat(t('shareDE'), fmtDerived(a.shareDE, 'percent', 0)),
      ...stat(t('sharePre1945'), fmtDerived(a.sharePre1945, 'percent', 0)),
      ...stat(t('surveyed'), count(a.surveyed)),
      ...stat(t('restored'), count(a.restored)),
    ),
    barChart(
      t('byClass'),
      a.byClass.map((c) => ({
        label: c.riskClass === 'niet gescoord' ? t('notScored') : c.riskClass,
        value: c.count,
        display: count(c.count),
        color: c.riskClass === 'niet gescoord' ? NO_DATA_COLOR : CLASS_COLORS[c.riskClass],
      })),
    ),
    barChart(
      t('byPeriod'),
      a.byPeriod.map((p) => ({ label: periodLabel(p.period), value: p.count, display: count(p.count), color: NEUTRAL_BAR })),
    ),
    h('p', { class: 'note', 'data-testid': 'area-suppression-note' }, t('areaSuppressionNote')),
    h('p', { class: 'note' }, t('areaZoomIn', { w: OVERVIEW_SWITCH_ZOOM.wijken, b: OVERVIEW_SWITCH_ZOOM.buurten })),
  );
}

/** Fetches one gemeente's or wijk's aggregate (a wijk's from its gemeente's list: the code holds the gemeente number). */
export async function loadArea(level: AreaLevel, code: string): Promise<AreaProperties> {
  const answer = level === 'gemeente' ? await api.areas('gemeente') : await api.areas('wijk', `GM${code.slice(2, 6)}`);
  const area = answer.areas.find((a) => a.code === code);
  if (!area) throw new ApiError(404, 'NOT_FOUND', t('areaNotFound', { code }), '');
  return area;
}

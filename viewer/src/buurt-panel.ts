import { api, apiUrl, type BuurtDetail } from './api.js';
import { barChart } from './charts.js';
import { h } from './dom.js';
import { fmtCount, fmtDerived, fmtNumber } from './format.js';
import { buurtScales } from './scales.js';
import { t } from './i18n.js';
import { swatch } from './legend.js';
import { CLASS_COLORS, NO_DATA_COLOR, buurtColor, formatMetric, stepOf, stepRange, type MetricDefinition } from './metrics.js';
import { classBadge } from './widgets.js';
import { whySection } from './buurt-why.js';

/** Bars that carry no class or buurt meaning are neutral grey. */
const NEUTRAL_BAR = '#5f6368';

const PERIOD_EN: Record<string, string> = {
  'voor 1920': 'before 1920',
  'vanaf 1995': 'from 1995',
  onbekend: 'unknown',
};

/** A construction period as the API names it, in the current language. */
export function periodLabel(period: string): string {
  return document.documentElement.lang === 'en' ? (PERIOD_EN[period] ?? period) : period;
}

function stat(label: string, value: string | Node): HTMLElement[] {
  return [h('dt', {}, label), h('dd', {}, value)];
}

/** The map layer the buurt is shown on. */
export interface BuurtLayer {
  metric: MetricDefinition;
  breaks: readonly number[];
}

/** The buurt's map colour with its value and legend row, so panel and legend say the same. */
function mapColour(b: BuurtDetail, { metric, breaks }: BuurtLayer): HTMLElement {
  const value = b[metric.key];
  const step = stepOf(value, breaks);
  const color = buurtColor(value, breaks);
  return h(
    'div',
    { class: 'map-colour', 'data-testid': 'buurt-map-colour', 'data-step': step ?? -1 },
    h(
      'p',
      {},
      swatch(color),
      ' ',
      h('strong', {}, `${t('mapColour')}: `),
      `${t(metric.label)} ${typeof value === 'number' ? formatMetric(metric, value) : t('suppressed')}`,
    ),
    h(
      'p',
      { class: 'note' },
      step === null ? t('legendNoData') : t('mapColourStep', { range: stepRange(metric, breaks, step), n: step + 1 }),
      ' ',
      t('mapColourNotClass'),
    ),
  );
}

/** Mean probability and expected problems, each labelled with its scale (stock only when served). */
function scaleStats(b: BuurtDetail): HTMLElement[] {
  const s = buurtScales(b);
  const rows: HTMLElement[] = [];
  if (s.stockMean !== undefined) {
    const interval = s.stockInterval ? ` (${fmtNumber(s.stockInterval[0])}–${fmtNumber(s.stockInterval[1])})` : '';
    rows.push(...stat(t('meanProbabilityStock'), fmtDerived(s.stockMean, 'percent', 1)));
    rows.push(
      ...stat(
        t('expectedProblemsStock'),
        s.stockExpected === null || s.stockExpected === undefined ? t('suppressed') : `${fmtNumber(s.stockExpected)}${interval}`,
      ),
    );
  }
  rows.push(...stat(t('meanProbabilitySurvey'), fmtDerived(s.surveyMean, 'percent', 1)));
  rows.push(...stat(t('expectedProblemsSurvey'), fmtDerived(s.surveyExpected, 'number', 0)));
  return rows;
}

/** Renders the numbers behind a buurt's colour, with charts by period and by class. */
export function renderBuurt(b: BuurtDetail, layer: BuurtLayer): HTMLElement {
  return h(
    'article',
    { class: 'card buurt-card', 'aria-labelledby': 'buurt-title' },
    h('p', { class: 'eyebrow' }, t('buurt')),
    h('h2', { id: 'buurt-title', tabindex: '-1' }, b.naam),
    h('p', { class: 'muted' }, `${b.code} · ${t('wijk')} ${b.wijkCode} · ${b.woonplaats}`),
    b.schematic ? h('p', { class: 'notice-inline', role: 'note' }, t('schematic')) : null,
    mapColour(b, layer),
    h(
      'dl',
      { class: 'stats' },
      ...stat(t('dwellings'), fmtCount(b.dwellings)),
      ...scaleStats(b),
      ...stat(t('riskClass'), b.riskClass ? classBadge(b.riskClass) : t('suppressed')),
      ...stat(t('shareDE'), fmtDerived(b.shareDE, 'percent', 0)),
      ...stat(t('sharePre1945'), fmtDerived(b.sharePre1945, 'percent', 0)),
      ...stat(t('surveyed'), fmtCount(b.surveyed)),
      ...stat(t('restored'), fmtCount(b.restored)),
    ),
    barChart(
      t('byPeriod'),
      (b.byPeriod ?? []).map((p) => ({ label: periodLabel(p.period), value: p.count, display: fmtCount(p.count), color: NEUTRAL_BAR })),
    ),
    barChart(
      t('byClass'),
      (b.byClass ?? []).map((c) => ({
        label: c.riskClass === 'niet gescoord' ? t('notScored') : c.riskClass,
        value: c.count,
        display: fmtCount(c.count),
        color: c.riskClass === 'niet gescoord' ? NO_DATA_COLOR : CLASS_COLORS[c.riskClass],
      })),
    ),
    whySection(b.code),
    h('p', { class: 'note' }, t('suppressionNote')),
    h('p', {}, h('a', { href: apiUrl('v1/buurten?format=csv'), download: 'buurten.csv', class: 'button-link' }, t('csvDownload'))),
  );
}

/** Fetches one buurt's detail. */
export function loadBuurt(code: string): Promise<BuurtDetail> {
  return api.buurt(code);
}

import { h } from './dom.js';
import { t } from './i18n.js';
import { CLASS_COLORS, NO_DATA_COLOR, PALETTE, formatMetric, type MetricDefinition } from './metrics.js';

function swatch(color: string): HTMLElement {
  return h('span', { class: 'swatch', style: `background:${color}`, 'aria-hidden': 'true' });
}

/** The legend: one row per colour step with its class boundaries, plus "no data" and the address classes. */
export function renderLegend(metric: MetricDefinition, breaks: readonly number[]): HTMLElement {
  const rows = PALETTE.map((color, i) => {
    const lower = i === 0 ? null : breaks[i - 1];
    const upper = i === PALETTE.length - 1 ? null : breaks[i];
    const range =
      lower === null ? `< ${formatMetric(metric, upper)}` : upper === null ? `≥ ${formatMetric(metric, lower)}` : `${formatMetric(metric, lower)} – < ${formatMetric(metric, upper)}`;
    return h('li', {}, swatch(color), range);
  });
  return h(
    'div',
    { class: 'legend-body' },
    h('h2', { class: 'legend-title' }, t(metric.label)),
    h('ul', { class: 'legend-list' }, ...rows, h('li', {}, swatch(NO_DATA_COLOR), t('legendNoData'))),
    metric.breaks === 'quantile' ? h('p', { class: 'legend-sub' }, t('legendQuantiles')) : null,
    h('p', { class: 'legend-sub' }, t('legendAddresses')),
    h(
      'ul',
      { class: 'legend-classes' },
      ...Object.entries(CLASS_COLORS).map(([cls, color]) => h('li', {}, h('span', { class: 'dot', style: `background:${color}`, 'aria-hidden': 'true' }), cls)),
    ),
  );
}

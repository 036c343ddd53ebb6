import { ADDRESS_MIN_ZOOM, OVERVIEW_SWITCH_ZOOM } from '../../service/domain/tile-zooms.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { BUURT_PALETTE, CLASS_COLORS, NO_DATA_COLOR, areaMetric, stepOf, stepRange, type MetricDefinition } from './metrics.js';

/** A swatch; `data-color` lets tests compare it with the panel's. */
export function swatch(color: string): HTMLElement {
  return h('span', { class: 'swatch', style: `background:${color}`, 'data-color': color, 'aria-hidden': 'true' });
}

/** The buurt selected on the map, marked on its legend row. */
export interface LegendSelection {
  name: string;
  value: unknown;
}

/**
 * The legend: one row per buurt colour step with its boundaries, "no data", and the address classes in
 * their own colours. The row of the selected buurt is marked with its name. Zoomed out, `metric` is the
 * one gemeenten and wijken are coloured by and `chosen` the layer picked (they differ for a count layer).
 */
export function renderLegend(
  metric: MetricDefinition,
  breaks: readonly number[],
  selected: LegendSelection | null = null,
  relative = false,
  /** Zoomed out to gemeenten and wijken: the layer chosen (`metric` is then the one the areas are coloured by). */
  chosen: MetricDefinition | null = null,
): HTMLElement {
  const layer = chosen ?? metric;
  const selectedStep = selected ? (stepOf(selected.value, breaks) ?? -1) : null;
  const mark = (step: number): HTMLElement | null =>
    selectedStep === step && selected ? h('strong', { class: 'legend-mark' }, ` ◀ ${selected.name}`) : null;
  const row = (step: number, color: string, text: string): HTMLElement =>
    h(
      'li',
      { 'data-step': step, ...(selectedStep === step ? { 'data-selected': 'true', class: 'selected' } : {}) },
      swatch(color),
      text,
      mark(step),
    );
  return h(
    'div',
    { class: 'legend-body' },
    h('h2', { class: 'legend-title' }, t(metric.label)),
    h(
      'ul',
      { class: 'legend-list', 'data-testid': 'buurt-legend' },
      ...BUURT_PALETTE.map((color, i) => row(i, color, stepRange(metric, breaks, i))),
      row(-1, NO_DATA_COLOR, t('legendNoData')),
    ),
    relative && (metric.key === 'meanProbability' || metric.key === 'expectedProblems')
      ? h('p', { class: 'legend-sub', 'data-testid': 'legend-relative' }, t('legendRelative'))
      : metric.breaks === 'quantile'
        ? h('p', { class: 'legend-sub' }, t('legendQuantiles'))
        : null,
    h(
      'p',
      { class: 'legend-sub', 'data-testid': 'legend-overview' },
      t('legendOverview', { w: OVERVIEW_SWITCH_ZOOM.wijken, b: OVERVIEW_SWITCH_ZOOM.buurten }),
      areaMetric(layer) === layer ? '' : ` ${t('legendAreaMetric', { metric: t(areaMetric(layer).label).toLowerCase() })}`,
    ),
    h('p', { class: 'legend-sub' }, t('legendAddresses', { z: ADDRESS_MIN_ZOOM })),
    h(
      'ul',
      { class: 'legend-classes' },
      ...Object.entries(CLASS_COLORS).map(([cls, color]) =>
        h('li', {}, h('span', { class: 'dot', style: `background:${color}`, 'aria-hidden': 'true' }), cls),
      ),
    ),
  );
}

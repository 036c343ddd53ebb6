/** The controls over the map: the layer switch and the buurt list. */
import type { BuurtProperties } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import { METRICS, type MetricDefinition } from './metrics.js';

/** What the controls show and whom they tell. */
export interface MapControlsOptions {
  metric: MetricDefinition;
  buurten: readonly BuurtProperties[];
  /** The buurt shown in the panel, selected in the list. */
  buurtCode: string | null;
  onMetric: (key: string) => void;
  onBuurt: (code: string) => void;
}

/** The two labelled selects. */
export function renderMapControls(o: MapControlsOptions): HTMLElement[] {
  const metricSelect = h(
    'select',
    { id: 'metric-select' },
    ...METRICS.map((m) => h('option', { value: m.key, selected: m.key === o.metric.key }, t(m.label))),
  );
  metricSelect.addEventListener('change', () => o.onMetric(metricSelect.value));
  const sorted = [...o.buurten].sort((a, b) => a.naam.localeCompare(b.naam, 'nl'));
  const buurtSelect = h(
    'select',
    { id: 'buurt-select' },
    h('option', { value: '' }, t('buurtSelectPlaceholder')),
    ...sorted.map((b) => h('option', { value: b.code, selected: b.code === o.buurtCode }, `${b.naam} (${b.woonplaats})`)),
  );
  buurtSelect.addEventListener('change', () => {
    if (buurtSelect.value) o.onBuurt(buurtSelect.value);
  });
  return [
    h('div', { class: 'control' }, h('label', { for: 'metric-select' }, t('metricLabel')), metricSelect),
    h('div', { class: 'control' }, h('label', { for: 'buurt-select' }, t('buurtSelect')), buurtSelect),
  ];
}

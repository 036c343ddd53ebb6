/** The page around the map and panel: static texts, the demo-data notice, the hover tooltip, buurt bounds. */
import type { BuurtenMetadata } from './api.js';
import { byId, h } from './dom.js';
import { getLang, t } from './i18n.js';
import { formatMetric, type MetricDefinition } from './metrics.js';

/** Puts every fixed text of the page in the current language. */
export function applyStaticTexts(): void {
  document.title = t('appTitle');
  byId('app-title').textContent = t('appTitle');
  byId('nav-map').textContent = t('navMap');
  byId('nav-model').textContent = t('navModel');
  byId('skip-link').textContent = t('skipToPanel');
  byId('map').setAttribute('aria-label', t('mapLabel'));
  byId('panel').setAttribute('aria-label', t('panelLabel'));
  byId('legend').setAttribute('aria-label', t('legendTitle'));
  byId('legend-summary').textContent = t('legendTitle');
  const lang = byId('lang-switch');
  lang.textContent = t('langSwitch');
  lang.setAttribute('aria-label', t('langSwitchLabel'));
  lang.setAttribute('lang', getLang() === 'nl' ? 'en' : 'nl');
}

/** The demo-data notice over the map (synthetic data, schematic boundaries). */
export function renderNotice(metadata: BuurtenMetadata | null): void {
  const notice = byId('notice');
  const synthetic = metadata?.synthetic ?? false;
  const schematic = metadata?.schematic ?? false;
  notice.hidden = !synthetic && !schematic;
  notice.textContent = synthetic && schematic ? t('syntheticSchematic') : synthetic ? t('synthetic') : schematic ? t('schematic') : '';
}

/** The tooltip for the buurt under the pointer, with its value on the current layer. */
export function showTooltip(metric: MetricDefinition, props: Record<string, unknown> | null, point: { x: number; y: number } | null): void {
  const tip = byId('tooltip');
  if (!props || !point) {
    tip.hidden = true;
    return;
  }
  const raw = props[metric.key];
  const value = typeof raw === 'number' ? formatMetric(metric, raw) : t('tooltipNoData');
  tip.replaceChildren(h('strong', {}, String(props.naam ?? props.code ?? '')), h('br'), `${t(metric.label)}: ${value}`);
  tip.style.left = `${point.x + 14}px`;
  tip.style.top = `${point.y + 14}px`;
  tip.hidden = false;
}

/** Bounding box of any GeoJSON coordinate nesting. */
export function boundsOf(coords: unknown): [[number, number], [number, number]] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      w = Math.min(w, c[0]);
      e = Math.max(e, c[0]);
      s = Math.min(s, c[1]);
      n = Math.max(n, c[1]);
      return;
    }
    c.forEach(visit);
  };
  visit(coords);
  return Number.isFinite(w)
    ? [
        [w, s],
        [e, n],
      ]
    : null;
}

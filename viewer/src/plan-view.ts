import type * as maplibregl from 'maplibre-gl';
import { api, apiUrl, type BuurtProperties, type PlanAnswer, type PlanRequest } from './api.js';
import { apiKey, authHeaders } from './auth.js';
import { h } from './dom.js';
import { fmtNumber } from './format.js';
import { t, type MessageKey } from './i18n.js';
import { errorView } from './widgets.js';

/**
 * The survey-plan view (planner signed in): budget slider, objective, area (whole municipality or one
 * wijk), one survey per block; the plan's buildings on the map, its expected problems found with the
 * comparison lines, the expected-found curve of every objective, and CSV / GeoJSON export.
 */

const SOURCE = 'plan-buildings';
const OBJECTIVES: { key: PlanRequest['objective']; label: MessageKey }[] = [
  { key: 'find-problems', label: 'planObjectiveFind' },
  { key: 'reduce-uncertainty', label: 'planObjectiveUncertainty' },
  { key: 'audit', label: 'planObjectiveAudit' },
];
const RULE_LABELS: Record<string, MessageKey> = {
  'find-problems': 'planObjectiveFind',
  'reduce-uncertainty': 'planObjectiveUncertainty',
  audit: 'planObjectiveAudit',
  random: 'planRuleRandom',
  'oldest-first': 'planRuleOldest',
};
const CURVE_COLORS: Record<string, string> = {
  'find-problems': '#b2182b',
  'reduce-uncertainty': '#2166ac',
  audit: '#1b7837',
  random: '#777777',
  'oldest-first': '#e08214',
};

/** Draws (or clears, with null) the plan's buildings as circles on the map. */
function drawOnMap(map: maplibregl.Map | null, plan: PlanAnswer | null): void {
  if (!map) return;
  const data = {
    type: 'FeatureCollection' as const,
    features: (plan?.buildings ?? []).map((b, i) => ({
      type: 'Feature' as const,
      properties: { order: i + 1 },
      geometry: { type: 'Point' as const, coordinates: [b.lon, b.lat] },
    })),
  };
  const source = map.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined;
  if (source) {
    source.setData(data);
    return;
  }
  if (!map.isStyleLoaded()) return;
  map.addSource(SOURCE, { type: 'geojson', data });
  map.addLayer({
    id: SOURCE,
    type: 'circle',
    source: SOURCE,
    paint: { 'circle-radius': 5, 'circle-color': '#6a00a8', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
  });
}

/** Expected problems found against surveys spent, one line per objective and comparison rule. */
function curveChart(plan: PlanAnswer): HTMLElement {
  const W = 320;
  const H = 180;
  const pad = 34;
  const maxX = Math.max(1, ...plan.curves.flatMap((c) => c.points.map((p) => p[0])));
  const maxY = Math.max(1, ...plan.curves.flatMap((c) => c.points.map((p) => p[1])));
  const x = (v: number) => pad + (v / maxX) * (W - pad - 8);
  const y = (v: number) => H - pad + 8 - (v / maxY) * (H - pad - 8);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('planCurve'));
  svg.setAttribute('data-testid', 'plan-curve');
  const el = (name: string, attrs: Record<string, string>, text?: string) => {
    const e = document.createElementNS(ns, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text) e.textContent = text;
    svg.appendChild(e);
  };
  el('line', { x1: String(pad), y1: String(y(0)), x2: String(W - 8), y2: String(y(0)), stroke: '#333' });
  el('line', { x1: String(pad), y1: String(y(0)), x2: String(pad), y2: '8', stroke: '#333' });
  el('text', { x: String(W - 8), y: String(H - 6), 'text-anchor': 'end', 'font-size': '10' }, `${t('planCurveAxisX')} (${maxX})`);
  el('text', { x: '2', y: '12', 'font-size': '10' }, `${t('planCurveAxisY')} (${fmtNumber(maxY)})`);
  for (const c of plan.curves) {
    el('polyline', {
      points: c.points.map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`).join(' '),
      fill: 'none',
      stroke: CURVE_COLORS[c.rule] ?? '#000',
      'stroke-width': c.rule === plan.objective ? '3' : '1.5',
      'data-rule': c.rule,
    });
  }
  const legend = h(
    'ul',
    { class: 'plan-legend' },
    ...plan.curves.map((c) =>
      h(
        'li',
        {},
        h('span', { class: 'swatch', style: `background:${CURVE_COLORS[c.rule] ?? '#000'}` }),
        ` ${RULE_LABELS[c.rule] ? t(RULE_LABELS[c.rule]) : c.rule}`,
      ),
    ),
  );
  return h('figure', { class: 'chart plan-curve' }, h('figcaption', {}, t('planCurve')), svg as unknown as HTMLElement, legend);
}

/** Downloads the plan in another format (the same request with `?format=`), with the signed-in key. */
async function download(body: PlanRequest, format: 'csv' | 'geojson'): Promise<void> {
  const res = await fetch(apiUrl(`v1/plans?format=${format}`), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders() },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: `onderzoeksplan.${format}` });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function summary(plan: PlanAnswer, body: PlanRequest): HTMLElement {
  const [random, oldest] = plan.comparison;
  return h(
    'div',
    { class: 'plan-result', 'data-testid': 'plan-result', 'data-surveys': String(plan.surveys) },
    h(
      'p',
      { 'data-testid': 'plan-expected' },
      h(
        'strong',
        {},
        t('planExpected', {
          n: fmtNumber(plan.expectedFound.value, 1),
          lo: fmtNumber(plan.expectedFound.interval[0], 1),
          hi: fmtNumber(plan.expectedFound.interval[1], 1),
        }),
      ),
    ),
    h(
      'ul',
      {},
      h('li', {}, t('planCompareRandom', { n: fmtNumber(random.expectedFound.value, 1) })),
      h('li', {}, t('planCompareOldest', { n: fmtNumber(oldest.expectedFound.value, 1) })),
    ),
    h('p', {}, t('planBuildings', { n: plan.surveys })),
    curveChart(plan),
    h(
      'p',
      {},
      h(
        'button',
        { type: 'button', class: 'button-link', 'data-testid': 'plan-csv', onclick: () => void download(body, 'csv') },
        t('planCsv'),
      ),
      ' ',
      h('button', { type: 'button', class: 'button-link', onclick: () => void download(body, 'geojson') }, t('planGeojson')),
    ),
  );
}

/** Renders the plan view; `map` is the viewer's map (null before it exists). */
export function renderPlanView(buurten: readonly BuurtProperties[], map: maplibregl.Map | null): HTMLElement {
  const title = h('h2', { id: 'plan-title', tabindex: '-1' }, t('planTitle'));
  if (!apiKey()) return h('article', { class: 'card plan-card' }, title, h('p', {}, t('planSignIn')));
  const wijken = [...new Set(buurten.map((b) => b.wijkCode))].sort();
  const budget = h('input', {
    type: 'range',
    id: 'plan-budget',
    min: '10',
    max: '2000',
    step: '10',
    value: '500',
    'data-testid': 'plan-budget',
  }) as HTMLInputElement;
  const budgetOut = h('output', { for: 'plan-budget', id: 'plan-budget-value' }, '500');
  const objective = h(
    'select',
    { id: 'plan-objective' },
    ...OBJECTIVES.map((o) => h('option', { value: o.key }, t(o.label))),
  ) as HTMLSelectElement;
  const area = h(
    'select',
    { id: 'plan-area', 'data-testid': 'plan-area' },
    h('option', { value: '' }, t('planAreaAll')),
    ...wijken.map((w) => h('option', { value: w }, `${t('wijk')} ${w}`)),
  ) as HTMLSelectElement;
  const perBlock = h('input', { type: 'checkbox', id: 'plan-block' }) as HTMLInputElement;
  const result = h('div', { 'aria-live': 'polite' });
  let token = 0;
  const request = (): PlanRequest => ({
    objective: objective.value as PlanRequest['objective'],
    budget: { surveys: Number(budget.value) },
    ...(area.value ? { area: { wijken: [area.value] } } : {}),
    ...(perBlock.checked && objective.value !== 'audit' ? { onePerBlock: true } : {}),
  });
  const make = async () => {
    const mine = ++token;
    const body = request();
    result.replaceChildren(h('p', { class: 'muted' }, t('loading')));
    try {
      const plan = await api.plan(body);
      if (mine !== token) return;
      result.replaceChildren(summary(plan, body));
      drawOnMap(map, plan);
    } catch (error) {
      if (mine === token) result.replaceChildren(errorView(error));
    }
  };
  budget.addEventListener('input', () => {
    budgetOut.textContent = budget.value;
  });
  budget.addEventListener('change', () => void make());
  for (const control of [objective, area, perBlock]) control.addEventListener('change', () => void make());
  const field = (label: string, forId: string, control: HTMLElement, extra?: HTMLElement) =>
    h('p', { class: 'field' }, h('label', { for: forId }, label), ' ', control, extra ? ' ' : null, extra ?? null);
  return h(
    'article',
    { class: 'card plan-card', 'aria-labelledby': 'plan-title' },
    h('p', { class: 'eyebrow' }, t('navPlan')),
    title,
    h('p', { class: 'note' }, t('planIntro')),
    h(
      'form',
      {
        class: 'plan-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void make();
        },
      },
      field(t('planBudget'), 'plan-budget', budget, budgetOut),
      field(t('planObjective'), 'plan-objective', objective),
      field(t('planArea'), 'plan-area', area),
      field(t('planOnePerBlock'), 'plan-block', perBlock),
      h('button', { type: 'submit', 'data-testid': 'plan-make' }, t('planMake')),
    ),
    result,
  );
}

/** Takes the plan off the map (leaving the plan view). */
export function clearPlan(map: maplibregl.Map | null): void {
  drawOnMap(map, null);
}

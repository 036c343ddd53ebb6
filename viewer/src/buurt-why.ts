import { api, type AreaFactors } from './api.js';
import { divergingChart } from './charts.js';
import { h } from './dom.js';
import { fmtNumber, fmtPercent, unitLabel } from './format.js';
import { pick, t } from './i18n.js';

function inputValue(kind: 'mean' | 'share', unit: string, v: number | null): string {
  if (v === null) return '—';
  if (kind === 'share') return fmtPercent(v, 0);
  if (unit === 'jaar') return String(Math.round(v));
  return unit ? `${fmtNumber(v, 2)} ${unitLabel(unit)}` : fmtNumber(v, 2);
}

/** The factors and inputs of a published area. */
function renderWhy(f: AreaFactors): HTMLElement[] {
  if (!f.published || !f.factors || !f.inputs) return [h('p', { class: 'note', 'data-testid': 'why-suppressed' }, t('whySuppressed'))];
  return [
    h('p', {}, t('whyDifference', { diff: `${f.difference! >= 0 ? '+' : '−'}${fmtNumber(Math.abs(f.difference!), 2)}` })),
    divergingChart(
      t('whyFactors'),
      t('whyFactorsNote'),
      f.factors.slice(0, 6).map((x) => ({
        label: pick(x.labelNl, x.labelEn),
        detail: '',
        value: x.contribution,
        signText: x.contribution >= 0 ? t('raises') : t('lowers'),
      })),
    ),
    h(
      'table',
      { class: 'why-inputs' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('whyInput')),
          h('th', { scope: 'col' }, t('whyArea')),
          h('th', { scope: 'col' }, t('whyMunicipality')),
        ),
      ),
      h(
        'tbody',
        {},
        ...f.inputs.map((i) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, pick(i.labelNl, i.labelEn)),
            h('td', {}, inputValue(i.kind, i.unit, i.area)),
            h('td', {}, inputValue(i.kind, i.unit, i.municipality)),
          ),
        ),
      ),
    ),
  ];
}

/** "Why is this buurt high": a section that fills itself once the factors have loaded. */
export function whySection(code: string): HTMLElement {
  const section = h(
    'section',
    { class: 'why', 'data-testid': 'buurt-why', 'aria-busy': 'true' },
    h('h3', {}, t('whyTitle')),
    h('p', { class: 'muted' }, t('loading')),
  );
  api.buurtFactors(code).then(
    (f) => {
      section.replaceChildren(h('h3', {}, t('whyTitle')), ...renderWhy(f));
      section.setAttribute('aria-busy', 'false');
    },
    () => {
      section.replaceChildren(h('h3', {}, t('whyTitle')), h('p', { class: 'note' }, t('whyUnavailable')));
      section.setAttribute('aria-busy', 'false');
    },
  );
  return section;
}

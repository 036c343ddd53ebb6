import { api, type AddressAnswer, type WhatIfAnswer, type WhatIfOverrides } from './api.js';
import { h } from './dom.js';
import { fmtNumber, fmtPercent, fmtValue } from './format.js';
import { pick, t, tMaybe, type MessageKey } from './i18n.js';
import { classBadge, errorView, loadingView, verdictText } from './widgets.js';

const FOUNDATION_TYPES = ['op-staal', 'houten-palen', 'houten-palen-betonopzetter', 'betonnen-palen'] as const;

interface SliderSpec {
  name: 'grondwater_nap_m' | 'bodemdaling_mm_jr' | 'paallengte_m';
  label: MessageKey;
  min: number;
  max: number;
  step: number;
  fallback: number;
}

const SLIDERS: readonly SliderSpec[] = [
  { name: 'grondwater_nap_m', label: 'groundwater', min: -5, max: 1, step: 0.05, fallback: -1.5 },
  // Negative = the ground goes down (the data's convention); Zaanstad's peat sinks by up to ~10 mm/yr.
  { name: 'bodemdaling_mm_jr', label: 'subsidence', min: -15, max: 2, step: 0.5, fallback: -2 },
  { name: 'paallengte_m', label: 'pileLength', min: 3, max: 25, step: 0.5, fallback: 12 },
];

/** The value behind an input; for an unknown pile length the service reports its estimate (surface − sand). */
function inputValue(answer: AddressAnswer, name: string): number | string | null {
  return answer.inputs.find((i) => i.name === name)?.value ?? null;
}

function clamp(v: number, spec: SliderSpec): number {
  return Math.min(spec.max, Math.max(spec.min, Math.round(v / spec.step) * spec.step));
}

function renderResult(result: WhatIfAnswer): HTMLElement {
  const before = result.before.risk;
  const after = result.after.risk;
  if (!after || !before) {
    return h('p', { role: 'status' }, t('whatIfNotScored', { reason: result.after.reason ? pick(result.after.reason.messageNl, result.after.reason.message) : '' }));
  }
  const deltaPoints = ((after.probability ?? after.probabilitySurvey) - (before.probability ?? before.probabilitySurvey)) * 100;
  const delta = t('pointsDelta', { sign: deltaPoints > 0 ? '+' : deltaPoints < 0 ? '−' : '±', d: fmtNumber(Math.abs(deltaPoints), 1) });
  return h(
    'div',
    { 'data-testid': 'what-if-outcome', 'data-class': after.riskClass, 'data-probability': String(after.probability) },
    h(
      'p',
      { class: 'risk-headline' },
      classBadge(after.riskClass, true),
      h('span', {}, t('whatIfResult', { after: after.riskClass, pAfter: fmtPercent(after.probability, 1), before: before.riskClass, pBefore: fmtPercent(before.probability, 1), delta })),
    ),
    h('p', { class: `verdict verdict-${after.conformal.verdict}` }, verdictText(after.conformal.verdict)),
    result.changes.length > 0
      ? h(
          'table',
          { class: 'inputs' },
          h('caption', {}, t('changes')),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('feature')), h('th', { scope: 'col' }, t('before')), h('th', { scope: 'col' }, t('after')))),
          h(
            'tbody',
            {},
            ...result.changes.map((c) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, pick(c.labelNl, c.labelEn)),
                h('td', {}, fmtValue(c.valueBefore, ''), h('br'), h('small', {}, fmtNumber(c.contributionBefore, 2))),
                h('td', {}, fmtValue(c.valueAfter, ''), h('br'), h('small', {}, fmtNumber(c.contributionAfter, 2))),
              ),
            ),
          ),
        )
      : null,
  );
}

/** What-if controls: sliders for groundwater, subsidence and pile length and a foundation-type select. */
export function renderWhatIf(answer: AddressAnswer): HTMLElement {
  const changed = new Set<string>();
  const output = h('div', { class: 'what-if-result', 'aria-live': 'polite', 'data-testid': 'what-if-result' });
  let timer: number | undefined;
  let controller: AbortController | undefined;

  const sliders = SLIDERS.map((spec) => {
    const current = inputValue(answer, spec.name);
    const start = typeof current === 'number' ? clamp(current, spec) : spec.fallback;
    const id = `wi-${spec.name}`;
    const out = h('output', { for: id }, fmtNumber(start, 2));
    const input = h('input', { type: 'range', id, name: spec.name, min: spec.min, max: spec.max, step: spec.step, value: start });
    input.addEventListener('input', () => {
      out.textContent = fmtNumber(Number(input.value), 2);
      changed.add(spec.name);
    });
    input.addEventListener('change', () => schedule());
    return { spec, input, out, start, el: h('div', { class: 'control' }, h('label', { for: id }, t(spec.label)), input, out) };
  });

  const select = h(
    'select',
    { id: 'wi-funderingtype', name: 'funderingtype' },
    h('option', { value: '' }, t('unchanged')),
    ...FOUNDATION_TYPES.map((f) => h('option', { value: f }, tMaybe(`ft_${f}`, f))),
  );
  select.addEventListener('change', () => schedule());

  const overrides = (): WhatIfOverrides => {
    const o: WhatIfOverrides = {};
    for (const s of sliders) if (changed.has(s.spec.name)) o[s.spec.name] = Number(s.input.value);
    if (select.value) o.funderingtype = select.value;
    return o;
  };

  const run = async (): Promise<void> => {
    const body = overrides();
    controller?.abort();
    if (Object.keys(body).length === 0) {
      output.replaceChildren();
      return;
    }
    controller = new AbortController();
    const mine = controller;
    output.replaceChildren(loadingView());
    try {
      const result = await api.whatIf(answer.address.id, body);
      if (mine.signal.aborted) return;
      output.replaceChildren(renderResult(result));
    } catch (error) {
      if (!mine.signal.aborted) output.replaceChildren(errorView(error));
    }
  };
  function schedule(): void {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void run(), 150);
  }

  const reset = (): void => {
    changed.clear();
    for (const s of sliders) {
      s.input.value = String(s.start);
      s.out.textContent = fmtNumber(s.start, 2);
    }
    select.value = '';
    void run();
  };

  const form = h(
    'form',
    { class: 'what-if', 'aria-labelledby': 'what-if-title' },
    h('h3', { id: 'what-if-title' }, t('whatIf')),
    h('p', { class: 'note' }, t('whatIfIntro')),
    ...sliders.map((s) => s.el),
    h('div', { class: 'control' }, h('label', { for: 'wi-funderingtype' }, t('foundationType')), select),
    h('div', { class: 'buttons' }, h('button', { type: 'submit' }, t('whatIfApply')), h('button', { type: 'button', onclick: reset }, t('whatIfReset'))),
    output,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    for (const s of sliders) if (Number(s.input.value) !== s.start) changed.add(s.spec.name);
    void run();
  });
  return form;
}

import { api, type AddressAnswer, type RiskClass, type WhatIfAnswer, type WhatIfOverrides } from './api.js';
import { h } from './dom.js';
import { FUNDERINGTYPES, type Funderingtype, inputSpec } from '../../service/features/inputs.js';
import { fmtCategory, fmtNumber, fmtPercent, fmtValue, unitLabel } from './format.js';
import { pick, t } from './i18n.js';
import { outsideRangeNote } from './outside-range.js';
import { headlineProbability, riskScales } from './scales.js';
import { classBadge, errorView, loadingView, verdictShort } from './widgets.js';

interface SliderSpec {
  name: 'grondwater_nap_m' | 'bodemdaling_mm_jr' | 'paallengte_m';
  /** Slider range: a practical part of the registry's range for the input. */
  min: number;
  max: number;
  step: number;
  fallback: number;
}

const SLIDERS: readonly SliderSpec[] = [
  { name: 'grondwater_nap_m', min: -5, max: 1, step: 0.05, fallback: -1.5 },
  // Negative = the ground goes down (the data's convention); Zaanstad's peat sinks by up to ~10 mm/yr.
  { name: 'bodemdaling_mm_jr', min: -15, max: 2, step: 0.5, fallback: -2 },
  { name: 'paallengte_m', min: 3, max: 25, step: 0.5, fallback: 12 },
];

/** A slider's label: the registry's label and unit, with the sign convention where it matters. */
function sliderLabel(spec: SliderSpec): string {
  const input = inputSpec(spec.name)!;
  const unit = input.unit ? unitLabel(input.unit) : '';
  const note = spec.name === 'bodemdaling_mm_jr' ? `, ${t('negativeIsSinking')}` : '';
  return `${pick(input.labelNl, input.labelEn)} (${unit}${note})`;
}

/** The value behind an input; for an unknown pile length the service reports its estimate (surface − sand). */
function inputValue(answer: AddressAnswer, name: string): number | string | null {
  return answer.inputs.find((i) => i.name === name)?.value ?? null;
}

function clamp(v: number, spec: SliderSpec): number {
  return Math.min(spec.max, Math.max(spec.min, Math.round(v / spec.step) * spec.step));
}

const badgeOrDash = (cls: RiskClass | null): HTMLElement => classBadge(cls);

/** One "before → after" row of the change table; `changed` marks it for eyes, screen readers and tests. */
function changeRow(kind: string, label: string, before: Node | string, after: Node | string, changed: boolean): HTMLElement {
  return h(
    'tr',
    { 'data-kind': kind, 'data-changed': String(changed), class: changed ? 'changed' : '' },
    h('th', { scope: 'row' }, label, changed ? h('small', { class: 'change-tag' }, t('changed')) : null),
    h('td', {}, before),
    h('td', {}, after),
  );
}

function mechanismRows(result: WhatIfAnswer): HTMLElement[] {
  return result.after.mechanisms.map((m) => {
    const before = result.before.mechanisms.find((b) => b.code === m.code)?.riskClass ?? null;
    return changeRow(
      `mechanism-${m.code}`,
      pick(m.labelNl, m.labelEn),
      badgeOrDash(before),
      badgeOrDash(m.riskClass),
      before !== m.riskClass,
    );
  });
}

function factorRows(result: WhatIfAnswer): HTMLElement[] {
  const contribution = (v: number | null): string => (v === null ? '—' : `${v >= 0 ? '+' : '−'}${fmtNumber(Math.abs(v), 2)}`);
  // The factor's unit keeps years as years ("1863", not "1.863") and adds "m NAP" and the like.
  const unitOf = (feature: string): string =>
    (result.after.risk ?? result.before.risk)?.factors.find((f) => f.feature === feature)?.unit ?? '';
  return result.changes.map((c) =>
    changeRow(
      `factor-${c.feature}`,
      pick(c.labelNl, c.labelEn),
      h('span', {}, fmtValue(c.valueBefore, unitOf(c.feature)), h('br'), h('small', {}, contribution(c.contributionBefore))),
      h('span', {}, fmtValue(c.valueAfter, unitOf(c.feature)), h('br'), h('small', {}, contribution(c.contributionAfter))),
      true,
    ),
  );
}

/** Everything the what-if answer says changed: probability, class, 95 % set, each mechanism, each factor. */
function renderResult(result: WhatIfAnswer): HTMLElement {
  const before = result.before.risk;
  const after = result.after.risk;
  if (!after || !before) {
    return h(
      'p',
      { role: 'status' },
      t('whatIfNotScored', { reason: result.after.reason ? pick(result.after.reason.messageNl, result.after.reason.message) : '' }),
    );
  }
  const sb = riskScales(before);
  const sa = riskScales(after);
  const pBefore = headlineProbability(sb);
  const pAfter = headlineProbability(sa);
  const deltaPoints = pBefore === null || pAfter === null ? 0 : (pAfter - pBefore) * 100;
  const delta = t('pointsDelta', { sign: deltaPoints > 0 ? '+' : deltaPoints < 0 ? '−' : '±', d: fmtNumber(Math.abs(deltaPoints), 1) });
  const probRow = (kind: string, label: string, b: number | null, a: number | null): HTMLElement =>
    changeRow(kind, label, fmtPercent(b, 1), fmtPercent(a, 1), fmtPercent(b, 1) !== fmtPercent(a, 1));
  const rows = [
    ...(sa.stock !== undefined ? [probRow('probability-stock', t('probStock'), sb.stock ?? null, sa.stock)] : []),
    probRow('probability', t('probSurvey'), sb.survey, sa.survey),
    changeRow('class', t('riskClass'), badgeOrDash(before.riskClass), badgeOrDash(after.riskClass), before.riskClass !== after.riskClass),
    changeRow(
      'set',
      t('conformalSet'),
      verdictShort(before.conformal.verdict),
      verdictShort(after.conformal.verdict),
      before.conformal.verdict !== after.conformal.verdict,
    ),
    ...mechanismRows(result),
    ...factorRows(result),
  ];
  const anyChange = rows.some((r) => r.dataset.changed === 'true');
  return h(
    'div',
    { 'data-testid': 'what-if-outcome', 'data-class': after.riskClass, 'data-probability': String(pAfter) },
    h(
      'p',
      { class: 'risk-headline' },
      classBadge(after.riskClass, true),
      h(
        'span',
        {},
        t('whatIfResult', {
          after: after.riskClass,
          pAfter: fmtPercent(pAfter, 1),
          before: before.riskClass,
          pBefore: fmtPercent(pBefore, 1),
          delta,
        }),
      ),
    ),
    anyChange ? null : h('p', { class: 'note' }, t('whatIfNoChange')),
    outsideRangeNote(result.after),
    h(
      'table',
      { class: 'inputs what-if-changes' },
      h('caption', {}, t('whatChanges')),
      h(
        'thead',
        {},
        h('tr', {}, h('th', { scope: 'col' }, t('feature')), h('th', { scope: 'col' }, t('before')), h('th', { scope: 'col' }, t('after'))),
      ),
      h('tbody', {}, ...rows),
    ),
    result.changes.length === 0 ? h('p', { class: 'note' }, t('whatIfNoFactorChange')) : null,
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
    return { spec, input, out, start, el: h('div', { class: 'control' }, h('label', { for: id }, sliderLabel(spec)), input, out) };
  });

  const select = h(
    'select',
    { id: 'wi-funderingtype', name: 'funderingtype' },
    h('option', { value: '' }, t('unchanged')),
    ...FUNDERINGTYPES.map((f) => h('option', { value: f }, fmtCategory('funderingtype', f))),
  );
  select.addEventListener('change', () => schedule());

  const overrides = (): WhatIfOverrides => {
    const o: WhatIfOverrides = {};
    for (const s of sliders) if (changed.has(s.spec.name)) o[s.spec.name] = Number(s.input.value);
    if (select.value) o.funderingtype = select.value as Funderingtype;
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
    h(
      'div',
      { class: 'control' },
      h('label', { for: 'wi-funderingtype' }, pick(inputSpec('funderingtype')!.labelNl, inputSpec('funderingtype')!.labelEn)),
      select,
    ),
    h(
      'div',
      { class: 'buttons' },
      h('button', { type: 'submit' }, t('whatIfApply')),
      h('button', { type: 'button', onclick: reset }, t('whatIfReset')),
    ),
    output,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    for (const s of sliders) if (Number(s.input.value) !== s.start) changed.add(s.spec.name);
    void run();
  });
  return form;
}

/** The answer's inputs and features outside the model's training range, as the address card and the what-if show them. */
import type { AddressAnswer } from './api.js';
import { h } from './dom.js';
import { fmtValue } from './format.js';
import { pick, t } from './i18n.js';

/** A value with its training range, as the note lists it ("Ontwateringsdiepte 3,20 m (trainingsbereik 0,17 m tot 1,52 m)"). */
export function outsideItem(v: {
  labelNl: string;
  labelEn: string;
  value: unknown;
  unit: string;
  trainingRange?: { min: number; max: number };
}) {
  return t('outsideRangeItem', {
    label: pick(v.labelNl, v.labelEn),
    value: fmtValue(v.value, v.unit),
    min: fmtValue(v.trainingRange?.min, v.unit),
    max: fmtValue(v.trainingRange?.max, v.unit),
  });
}

/**
 * The note on the inputs and features outside the model's training range (the model card's ranges), or
 * null when none is: the factors when the answer is scored (they include derived features such as the
 * drainage depth), else the inputs.
 */
export function outsideRangeNote(answer: AddressAnswer): HTMLElement | null {
  const flagged = answer.risk
    ? answer.risk.factors.filter((f) => f.outsideTrainingRange).map((f) => outsideItem(f))
    : answer.inputs.filter((i) => i.outsideTrainingRange).map((i) => outsideItem(i));
  if (flagged.length === 0) return null;
  return h(
    'div',
    { class: 'note outside-range', role: 'note', 'data-testid': 'outside-training-range' },
    h('strong', {}, `${t('outsideRangeTitle')}. `),
    t('outsideRangeNote', { items: flagged.join('; ') }),
  );
}

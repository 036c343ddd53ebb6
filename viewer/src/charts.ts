import { h } from './dom.js';
import { fmtNumber } from './format.js';

/** One bar of a horizontal bar chart. */
export interface Bar {
  label: string;
  value: number | null;
  /** Text shown at the end of the bar (e.g. "< 10" for a suppressed count). */
  display: string;
  color?: string;
}

/**
 * Horizontal CSS bars with the number beside each, as a description list so screen readers read
 * "label: value". Suppressed (null) values get an empty, hatched bar.
 */
export function barChart(title: string, bars: readonly Bar[]): HTMLElement {
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', {}, title),
    h(
      'dl',
      { class: 'bars' },
      ...bars.flatMap((bar) => [
        h('dt', {}, bar.label),
        h(
          'dd',
          {},
          h('span', {
            class: bar.value === null ? 'bar bar-suppressed' : 'bar',
            style: `width:${bar.value === null ? 4 : Math.max(1, (bar.value / max) * 100)}%;${bar.color ? `background:${bar.color}` : ''}`,
            'aria-hidden': 'true',
          }),
          h('span', { class: 'bar-value' }, bar.display),
        ),
      ]),
    ),
  );
}

/** One row of a diverging chart (e.g. a factor's contribution to the log-odds). */
export interface DivergingRow {
  label: string;
  detail: string;
  value: number;
  /** Accessible wording of the sign, e.g. "verhoogt". */
  signText: string;
}

/** Diverging bars around zero: right (orange) raises, left (blue) lowers; the sign is also written out. */
export function divergingChart(title: string, note: string, rows: readonly DivergingRow[]): HTMLElement {
  const max = Math.max(1e-9, ...rows.map((r) => Math.abs(r.value)));
  return h(
    'figure',
    { class: 'chart diverging' },
    h('figcaption', {}, title),
    h('p', { class: 'note' }, note),
    h(
      'ul',
      { class: 'div-rows' },
      ...rows.map((row) => {
        const width = (Math.abs(row.value) / max) * 50;
        const positive = row.value >= 0;
        return h(
          'li',
          { class: 'div-row' },
          h('span', { class: 'div-label' }, row.label, h('small', {}, row.detail)),
          h(
            'span',
            { class: 'div-track', 'aria-hidden': 'true' },
            h('span', {
              class: positive ? 'div-bar up' : 'div-bar down',
              style: positive ? `left:50%;width:${width}%` : `left:${50 - width}%;width:${width}%`,
            }),
          ),
          h('span', { class: 'div-value' }, `${positive ? '▲' : '▼'} ${row.signText} ${fmtNumber(Math.abs(row.value), 2)}`),
        );
      }),
    ),
  );
}

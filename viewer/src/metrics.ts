import type { BuurtProperties, RiskClass } from './api.js';
import { fmtNumber, fmtPercent } from './format.js';
import type { MessageKey } from './i18n.js';

/**
 * Risk classes A–E: five steps of viridis, light to dark (colour-blind safe, readable in greyscale). Used
 * only where a colour means a class: address dots, class badges and the by-class chart.
 */
export const CLASS_COLORS: Record<RiskClass, string> = {
  A: '#fde725',
  B: '#5ec962',
  C: '#21918c',
  D: '#3b528b',
  E: '#440154',
};

/**
 * Buurt shading: five steps of ColorBrewer OrRd (sequential, colour-blind safe), a palette of its own so
 * a buurt's map colour (its step on the chosen layer) is never read as a risk class.
 */
export const BUURT_PALETTE = ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000'] as const;

/** Colour for missing or suppressed values. */
export const NO_DATA_COLOR = '#c8c8c8';

/** Text colour readable on a class colour (WCAG contrast ≥ 4.5 on each step). */
export function textOn(color: string): string {
  return color === CLASS_COLORS.D || color === CLASS_COLORS.E ? '#ffffff' : '#1a1a1a';
}

export type MetricKey = 'meanProbability' | 'shareDE' | 'expectedProblems' | 'sharePre1945' | 'surveyed';

/** One colouring of the buurt layer. */
export interface MetricDefinition {
  key: MetricKey;
  label: MessageKey;
  kind: 'percent' | 'count';
  /**
   * Fixed class boundaries (4 for 5 colours), or `quantile` to use rounded quintiles of the data, so the map
   * separates buurten even when their values cluster (buurt means of a probability do).
   */
  breaks: readonly number[] | 'quantile';
  /** Boundaries used until the data is there. */
  fallback: readonly number[];
}

export const METRICS: readonly MetricDefinition[] = [
  { key: 'meanProbability', label: 'metricMeanProbability', kind: 'percent', breaks: 'quantile', fallback: [0.1, 0.25, 0.5, 0.75] },
  { key: 'shareDE', label: 'metricShareDE', kind: 'percent', breaks: 'quantile', fallback: [0.05, 0.1, 0.2, 0.35] },
  { key: 'expectedProblems', label: 'metricExpectedProblems', kind: 'count', breaks: 'quantile', fallback: [5, 10, 25, 50] },
  { key: 'sharePre1945', label: 'metricSharePre1945', kind: 'percent', breaks: [0.1, 0.25, 0.5, 0.75], fallback: [0.1, 0.25, 0.5, 0.75] },
  { key: 'surveyed', label: 'metricSurveyed', kind: 'count', breaks: 'quantile', fallback: [10, 20, 50, 100] },
];

/**
 * The metric gemeenten and wijken are coloured by: a mean or share is comparable across levels, so it
 * stays; a count grows with an area's size (a gemeente's sum would fall in the top buurt step), so areas
 * show the mean probability instead (the legend says so).
 */
export function areaMetric(metric: MetricDefinition): MetricDefinition {
  return metric.kind === 'percent' ? metric : METRICS[0];
}

/** Looks a metric up by key. */
export function metricByKey(key: string): MetricDefinition {
  return METRICS.find((m) => m.key === key) ?? METRICS[0];
}

/** Rounds a boundary so the legend reads well: whole percents for shares, two significant digits for counts. */
function roundBreak(value: number, kind: MetricDefinition['kind']): number {
  if (kind === 'percent') return Math.round(value * 100) / 100;
  if (value < 10) return Math.max(1, Math.round(value));
  const magnitude = 10 ** (Math.floor(Math.log10(value)) - 1);
  return Math.round(value / magnitude) * magnitude;
}

/**
 * Class boundaries for a metric: the fixed ones, or four rounded quintiles (20/40/60/80 %) of the values in
 * the data, kept strictly increasing.
 */
export function breaksFor(metric: MetricDefinition, features: readonly BuurtProperties[]): number[] {
  if (metric.breaks !== 'quantile') return [...metric.breaks];
  const values = features
    .map((f) => f[metric.key])
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (values.length < 5) return [...metric.fallback];
  const minStep = metric.kind === 'percent' ? 0.01 : 1;
  const breaks: number[] = [];
  for (const q of [0.2, 0.4, 0.6, 0.8]) {
    const raw = values[Math.min(values.length - 1, Math.floor(q * values.length))];
    const previous = breaks.at(-1);
    const rounded = roundBreak(raw, metric.kind);
    breaks.push(previous === undefined ? rounded : Math.max(rounded, Math.round((previous + minStep) * 100) / 100));
  }
  return breaks;
}

/** Formats a metric value for the legend and tooltip. */
export function formatMetric(metric: MetricDefinition, value: number | null | undefined): string {
  return metric.kind === 'percent'
    ? fmtPercent(value)
    : fmtNumber(value, typeof value === 'number' && value < 10 && !Number.isInteger(value) ? 1 : 0);
}

/** The step (0–4) of a value on the buurt palette, as the map's `step` expression computes it; null for no data. */
export function stepOf(value: unknown, breaks: readonly number[]): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  let i = 0;
  while (i < breaks.length && value >= breaks[i]) i += 1;
  return i;
}

/** The buurt colour of a value (the same the map paints), grey for no data. */
export function buurtColor(value: unknown, breaks: readonly number[]): string {
  const step = stepOf(value, breaks);
  return step === null ? NO_DATA_COLOR : BUURT_PALETTE[step];
}

/** The legend's wording of step `i`: "< 10 %", "10 % – < 20 %", "≥ 40 %". */
export function stepRange(metric: MetricDefinition, breaks: readonly number[], i: number): string {
  const lower = i === 0 ? null : breaks[i - 1];
  const upper = i === BUURT_PALETTE.length - 1 ? null : breaks[i];
  if (lower === null) return `< ${formatMetric(metric, upper)}`;
  if (upper === null) return `≥ ${formatMetric(metric, lower)}`;
  return `${formatMetric(metric, lower)} – < ${formatMetric(metric, upper)}`;
}

/** A MapLibre expression colouring by the metric with the given boundaries; missing values are grey. */
export function fillColorExpression(metric: MetricDefinition, breaks: readonly number[]): unknown[] {
  const step: unknown[] = ['step', ['to-number', ['get', metric.key]], BUURT_PALETTE[0]];
  breaks.forEach((b, i) => step.push(b, BUURT_PALETTE[i + 1]));
  return ['case', ['==', ['typeof', ['get', metric.key]], 'number'], step, NO_DATA_COLOR];
}

/** A MapLibre expression colouring address points by class. */
export function classColorExpression(): unknown[] {
  const match: unknown[] = ['match', ['get', 'riskClass']];
  for (const [cls, color] of Object.entries(CLASS_COLORS)) match.push(cls, color);
  match.push(NO_DATA_COLOR);
  return match;
}

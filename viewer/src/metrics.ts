import type { BuurtProperties, RiskClass } from './api.js';
import { fmtNumber, fmtPercent } from './format.js';
import type { MessageKey } from './i18n.js';

/**
 * Five steps of viridis, light to dark: colour-blind safe, sequential, readable in greyscale. Higher risk is
 * darker so it stands out on the light background.
 */
export const PALETTE = ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154'] as const;

/** Colour for missing or suppressed values. */
export const NO_DATA_COLOR = '#c8c8c8';

/** Risk classes A–E share the palette: A lightest, E darkest. */
export const CLASS_COLORS: Record<RiskClass, string> = {
  A: PALETTE[0],
  B: PALETTE[1],
  C: PALETTE[2],
  D: PALETTE[3],
  E: PALETTE[4],
};

/** Text colour readable on a class colour (WCAG contrast ≥ 4.5 on each step). */
export function textOn(color: string): string {
  return color === PALETTE[3] || color === PALETTE[4] ? '#ffffff' : '#1a1a1a';
}

export type MetricKey = 'meanProbability' | 'shareDE' | 'expectedProblems' | 'sharePre1945' | 'surveyed';

/** One colouring of the buurt layer. */
export interface MetricDefinition {
  key: MetricKey;
  label: MessageKey;
  kind: 'percent' | 'count';
  /** Fixed class boundaries (4 for 5 colours), or null to derive them from the data. */
  fixedBreaks: readonly number[] | null;
  /** Optional labels per colour step (e.g. risk classes). */
  stepLabels?: readonly string[];
}

export const METRICS: readonly MetricDefinition[] = [
  { key: 'meanProbability', label: 'metricMeanProbability', kind: 'percent', fixedBreaks: [0.1, 0.25, 0.5, 0.75], stepLabels: ['A', 'B', 'C', 'D', 'E'] },
  { key: 'shareDE', label: 'metricShareDE', kind: 'percent', fixedBreaks: [0.05, 0.1, 0.2, 0.35] },
  { key: 'expectedProblems', label: 'metricExpectedProblems', kind: 'count', fixedBreaks: null },
  { key: 'sharePre1945', label: 'metricSharePre1945', kind: 'percent', fixedBreaks: [0.1, 0.25, 0.5, 0.75] },
  { key: 'surveyed', label: 'metricSurveyed', kind: 'count', fixedBreaks: null },
];

/** Looks a metric up by key. */
export function metricByKey(key: string): MetricDefinition {
  return METRICS.find((m) => m.key === key) ?? METRICS[0];
}

function niceRound(value: number): number {
  if (value <= 0) return 0;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const steps = [1, 2, 2.5, 5, 10];
  const scaled = value / magnitude;
  const step = steps.find((s) => scaled <= s) ?? 10;
  return step * magnitude;
}

/**
 * Class boundaries for a metric: the fixed ones, or four rounded quantiles (20/40/60/80 %) of the values in
 * the data, strictly increasing.
 */
export function breaksFor(metric: MetricDefinition, features: readonly BuurtProperties[]): number[] {
  if (metric.fixedBreaks) return [...metric.fixedBreaks];
  const values = features
    .map((f) => f[metric.key])
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (values.length === 0) return [1, 10, 25, 50];
  const breaks: number[] = [];
  for (const q of [0.2, 0.4, 0.6, 0.8]) {
    const raw = values[Math.min(values.length - 1, Math.floor(q * values.length))];
    const nice = Math.max(niceRound(raw), (breaks.at(-1) ?? 0) + 1);
    breaks.push(nice);
  }
  return breaks;
}

/** Formats a metric value for the legend and tooltip. */
export function formatMetric(metric: MetricDefinition, value: number | null | undefined): string {
  return metric.kind === 'percent' ? fmtPercent(value) : fmtNumber(value, value !== null && value !== undefined && value < 10 && !Number.isInteger(value) ? 1 : 0);
}

/** A MapLibre expression colouring by the metric with the given boundaries; missing values are grey. */
export function fillColorExpression(metric: MetricDefinition, breaks: readonly number[]): unknown[] {
  const step: unknown[] = ['step', ['to-number', ['get', metric.key]], PALETTE[0]];
  breaks.forEach((b, i) => step.push(b, PALETTE[i + 1]));
  return ['case', ['==', ['typeof', ['get', metric.key]], 'number'], step, NO_DATA_COLOR];
}

/** A MapLibre expression colouring address points by class. */
export function classColorExpression(): unknown[] {
  const match: unknown[] = ['match', ['get', 'riskClass']];
  for (const [cls, color] of Object.entries(CLASS_COLORS)) match.push(cls, color);
  match.push(NO_DATA_COLOR);
  return match;
}

import { h, svg } from './dom.js';

/** A point on a 0–1 × 0–1 plot. */
export interface PlotPoint {
  x: number;
  y: number;
}

const W = 300;
const H = 240;
const M = { left: 40, right: 12, top: 12, bottom: 36 };
const sx = (x: number): number => M.left + x * (W - M.left - M.right);
const sy = (y: number): number => H - M.bottom - y * (H - M.top - M.bottom);

function axes(xLabel: string, yLabel: string): SVGElement[] {
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return [
    svg('rect', { x: sx(0), y: sy(1), width: sx(1) - sx(0), height: sy(0) - sy(1), fill: '#ffffff', stroke: '#888888' }),
    ...ticks.flatMap((v) => [
      svg('text', { x: sx(v), y: H - M.bottom + 14, 'text-anchor': 'middle', 'font-size': 10 }, String(v)),
      svg('text', { x: M.left - 4, y: sy(v) + 3, 'text-anchor': 'end', 'font-size': 10 }, String(v)),
    ]),
    svg('text', { x: (sx(0) + sx(1)) / 2, y: H - 4, 'text-anchor': 'middle', 'font-size': 11 }, xLabel),
    svg(
      'text',
      { x: 10, y: (sy(0) + sy(1)) / 2, 'text-anchor': 'middle', 'font-size': 11, transform: `rotate(-90 10 ${(sy(0) + sy(1)) / 2})` },
      yLabel,
    ),
    svg('line', { x1: sx(0), y1: sy(0), x2: sx(1), y2: sy(1), stroke: '#999999', 'stroke-dasharray': '4 3' }),
  ];
}

/** A line (ROC) or dot (calibration) plot on the unit square, as inline SVG with a text alternative. */
export function unitPlot(title: string, points: readonly PlotPoint[], xLabel: string, yLabel: string, dots: boolean): HTMLElement {
  const sorted = [...points].filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).sort((a, b) => a.x - b.x);
  const path = sorted.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': title, class: 'plot' },
    ...axes(xLabel, yLabel),
    svg('polyline', { points: path, fill: 'none', stroke: '#1a1a1a', 'stroke-width': 2 }),
    ...(dots ? sorted.map((p) => svg('circle', { cx: sx(p.x), cy: sy(p.y), r: 3.5, fill: '#ffffff', stroke: '#1a1a1a' })) : []),
  );
  return h('figure', { class: 'plot-figure' }, h('figcaption', {}, title), chart);
}

/** An SVG document from the API shown as an image (so any script in it can never run). */
export function svgImage(title: string, markup: string): HTMLElement {
  const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}`;
  return h('figure', { class: 'plot-figure' }, h('figcaption', {}, title), h('img', { src, alt: title, class: 'plot' }));
}

function num(o: Record<string, unknown>, ...keys: string[]): number | null {
  for (const k of keys) if (typeof o[k] === 'number') return o[k] as number;
  return null;
}

/** Recognises ROC or calibration data in an array of objects; returns points and axis labels, or null. */
export function asCurve(value: unknown): { points: PlotPoint[]; kind: 'roc' | 'calibration' | 'xy' } | null {
  if (!Array.isArray(value) || value.length < 2 || typeof value[0] !== 'object' || value[0] === null) return null;
  const rows = value as Record<string, unknown>[];
  const first = rows[0];
  if ('fpr' in first && 'tpr' in first)
    return { kind: 'roc', points: rows.map((r) => ({ x: num(r, 'fpr') ?? NaN, y: num(r, 'tpr') ?? NaN })) };
  if ('meanPredicted' in first || 'predicted' in first) {
    return {
      kind: 'calibration',
      points: rows.map((r) => ({ x: num(r, 'meanPredicted', 'predicted') ?? NaN, y: num(r, 'observedRate', 'observed') ?? NaN })),
    };
  }
  if ('x' in first && 'y' in first) return { kind: 'xy', points: rows.map((r) => ({ x: num(r, 'x') ?? NaN, y: num(r, 'y') ?? NaN })) };
  return null;
}

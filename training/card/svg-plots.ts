import type { CalibrationBin } from '../eval/metrics.js';

const W = 360;
const H = 360;
const PAD = 44;
const sx = (v: number) => (PAD + v * (W - 2 * PAD)).toFixed(1);
const sy = (v: number) => (H - PAD - v * (H - 2 * PAD)).toFixed(1);

function frame(title: string, xLabel: string, yLabel: string, body: string): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((t) =>
      [
        `<line x1="${sx(t)}" y1="${sy(0)}" x2="${sx(t)}" y2="${sy(1)}" stroke="#eee"/>`,
        `<line x1="${sx(0)}" y1="${sy(t)}" x2="${sx(1)}" y2="${sy(t)}" stroke="#eee"/>`,
        `<text x="${sx(t)}" y="${H - PAD + 16}" text-anchor="middle">${t}</text>`,
        `<text x="${PAD - 6}" y="${Number(sy(t)) + 4}" text-anchor="end">${t}</text>`,
      ].join(''),
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    ticks,
    `<rect x="${PAD}" y="${PAD}" width="${W - 2 * PAD}" height="${H - 2 * PAD}" fill="none" stroke="#333"/>`,
    `<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(1)}" y2="${sy(1)}" stroke="#999" stroke-dasharray="4 3"/>`,
    body,
    `<text x="${W / 2}" y="${PAD - 14}" text-anchor="middle" font-size="13">${title}</text>`,
    `<text x="${W / 2}" y="${H - 8}" text-anchor="middle">${xLabel}</text>`,
    `<text x="12" y="${H / 2}" text-anchor="middle" transform="rotate(-90 12 ${H / 2})">${yLabel}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

/** ROC curve as a standalone SVG. */
export function rocSvg(points: readonly { fpr: number; tpr: number }[], auc: number): string {
  const step = Math.max(1, Math.floor(points.length / 400));
  const kept = points.filter((_, i) => i % step === 0 || i === points.length - 1);
  const d = kept.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.fpr)},${sy(p.tpr)}`).join(' ');
  return frame(
    `ROC (spatial test buurten), AUC ${auc.toFixed(3)}`,
    'false positive rate',
    'true positive rate',
    `<path d="${d}" fill="none" stroke="#c0392b" stroke-width="2"/>`,
  );
}

/** Reliability diagram (mean predicted vs observed rate per bin; dot area ∝ rows). */
export function calibrationSvg(bins: readonly CalibrationBin[]): string {
  const max = Math.max(1, ...bins.map((b) => b.count));
  const d = bins.map((b, i) => `${i === 0 ? 'M' : 'L'}${sx(b.meanPredicted)},${sy(b.observedRate)}`).join(' ');
  const dots = bins
    .map(
      (b) =>
        `<circle cx="${sx(b.meanPredicted)}" cy="${sy(b.observedRate)}" r="${(2 + 6 * Math.sqrt(b.count / max)).toFixed(1)}" fill="#2874a6" fill-opacity="0.7"><title>${b.count} rows</title></circle>`,
    )
    .join('');
  return frame(
    'Calibration (spatial test buurten)',
    'mean calibrated probability',
    'observed problem rate',
    `<path d="${d}" fill="none" stroke="#2874a6" stroke-width="1.5"/>${dots}`,
  );
}

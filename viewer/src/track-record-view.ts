/**
 * The model page's track record (issue 17): per model version, how it did on the surveys dated after its
 * data cut-off — coverage of the 95 % sets and Brier score per quarter with their 95 % intervals, as a
 * plot over time, and the overall figures. Small groups come back suppressed and show as gaps.
 */
import { h, svg } from './dom.js';
import { fmtNumber } from './format.js';
import { pick } from './i18n.js';

interface Estimate {
  value: number | null;
  low: number | null;
  high: number | null;
}
interface Group {
  group: string;
  suppressed: boolean;
  surveys: number | null;
  coverage: Estimate;
  brier: Estimate;
  auc: Estimate;
}
/** One model version's track record, as `GET /v1/model/track-record` sends it. */
export interface VersionTrack {
  modelVersion: string;
  served: boolean;
  dataCutoff: string;
  expectedCoverage: number;
  surveysAfterCutoff: number | null;
  surveys: number | null;
  auc: Estimate;
  brier: Estimate;
  coverage: Estimate;
  brierStock: Estimate;
  overTime: Group[];
}

const W = 420;
const H = 240;
const M = { left: 40, right: 12, top: 12, bottom: 40 };

const pct = (v: number | null) => (v === null ? '—' : `${fmtNumber(v * 100, 1)} %`);
const dec = (v: number | null) => (v === null ? '—' : fmtNumber(v, 3));
const withInterval = (e: Estimate, f: (v: number | null) => string) =>
  e.value === null ? '—' : `${f(e.value)} (${f(e.low)} – ${f(e.high)})`;

/** Coverage (dots, with interval bars) and Brier score (squares) per quarter on a 0–1 scale; the promise as a dashed line. */
export function trackPlot(v: VersionTrack): HTMLElement {
  const groups = v.overTime;
  const n = Math.max(1, groups.length);
  const sx = (i: number) => M.left + ((i + 0.5) / n) * (W - M.left - M.right);
  const sy = (y: number) => H - M.bottom - y * (H - M.top - M.bottom);
  const title = pick(`Trackrecord van ${v.modelVersion} per kwartaal`, `Track record of ${v.modelVersion} per quarter`);
  const marks = groups.flatMap((g, i): SVGElement[] => {
    if (g.suppressed || g.coverage.value === null) {
      return [
        svg('text', { x: sx(i), y: sy(0.5), 'text-anchor': 'middle', 'font-size': 10, fill: '#666666' }, pick('te weinig', 'too few')),
      ];
    }
    const c = { value: g.coverage.value, low: g.coverage.low ?? g.coverage.value, high: g.coverage.high ?? g.coverage.value };
    const b = g.brier;
    return [
      svg('line', { x1: sx(i), x2: sx(i), y1: sy(c.low), y2: sy(c.high), stroke: '#1a1a1a', 'stroke-width': 1.5 }),
      svg('circle', { cx: sx(i), cy: sy(c.value), r: 4, fill: '#1a1a1a' }),
      ...(b.value === null
        ? []
        : ([
            svg('line', {
              x1: sx(i) + 8,
              x2: sx(i) + 8,
              y1: sy(b.low ?? b.value),
              y2: sy(b.high ?? b.value),
              stroke: '#b35900',
              'stroke-width': 1.5,
            }),
            svg('rect', { x: sx(i) + 5, y: sy(b.value) - 3, width: 6, height: 6, fill: '#b35900' }),
          ] as SVGElement[])),
    ];
  });
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-label': title, class: 'plot', 'data-testid': 'track-record-plot' },
    svg('rect', { x: M.left, y: sy(1), width: W - M.left - M.right, height: sy(0) - sy(1), fill: '#ffffff', stroke: '#888888' }),
    ...[0, 0.25, 0.5, 0.75, 1].map((t) => svg('text', { x: M.left - 4, y: sy(t) + 3, 'text-anchor': 'end', 'font-size': 10 }, String(t))),
    svg('line', {
      x1: M.left,
      x2: W - M.right,
      y1: sy(v.expectedCoverage),
      y2: sy(v.expectedCoverage),
      stroke: '#999999',
      'stroke-dasharray': '4 3',
    }),
    ...groups.map((g, i) => svg('text', { x: sx(i), y: H - M.bottom + 14, 'text-anchor': 'middle', 'font-size': 10 }, g.group)),
    svg(
      'text',
      { x: (M.left + W - M.right) / 2, y: H - 4, 'text-anchor': 'middle', 'font-size': 11 },
      pick('● dekking 95 %-verzameling   ■ Brier-score   - - belofte', '● coverage of the 95 % set   ■ Brier score   - - promise'),
    ),
    ...marks,
  );
  // The same figures as a table: the text alternative of the plot.
  const table = h(
    'table',
    { class: 'inputs' },
    h('caption', {}, pick('Per kwartaal (95 %-intervallen)', 'Per quarter (95 % intervals)')),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...[pick('kwartaal', 'quarter'), pick('onderzoeken', 'surveys'), pick('dekking', 'coverage'), 'Brier', 'AUC'].map((c) =>
          h('th', { scope: 'col' }, c),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...groups.map((g) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, g.group),
          h('td', {}, g.suppressed ? pick('onderdrukt', 'suppressed') : String(g.surveys)),
          h('td', {}, withInterval(g.coverage, pct)),
          h('td', {}, withInterval(g.brier, dec)),
          h('td', {}, withInterval(g.auc, dec)),
        ),
      ),
    ),
  );
  return h('figure', { class: 'plot-figure' }, h('figcaption', {}, title), chart, table);
}

/** The track record section: per model version the overall figures and the plot over time. */
export function trackRecordView(models: readonly VersionTrack[]): HTMLElement {
  const intro = pick(
    'Elk funderingsonderzoek dat na de gegevensgrens van een model binnenkomt, toetst dat model opnieuw. Deze cijfers zijn synthetisch bij de demodata.',
    "Every foundation survey that arrives after a model's data cut-off tests that model afresh. On the demo data these figures are synthetic.",
  );
  const versions = models.map((v) =>
    h(
      'div',
      { class: 'track-record', 'data-testid': `track-record-${v.modelVersion}` },
      h('h3', {}, `${v.modelVersion}${v.served ? pick(' (in gebruik)', ' (served)') : ''}`),
      h(
        'dl',
        { class: 'stats' },
        h('dt', {}, pick('Gegevensgrens', 'Data cut-off')),
        h('dd', {}, v.dataCutoff),
        h('dt', {}, pick('Onderzoeken na de grens', 'Surveys after the cut-off')),
        h('dd', {}, v.surveysAfterCutoff === null ? pick('onderdrukt', 'suppressed') : String(v.surveysAfterCutoff)),
        h('dt', {}, 'AUC'),
        h('dd', {}, withInterval(v.auc, dec)),
        h('dt', {}, pick('Brier-score (onderzoeksschaal)', 'Brier score (survey scale)')),
        h('dd', {}, withInterval(v.brier, dec)),
        h('dt', {}, pick('Dekking 95 %-verzameling', 'Coverage of the 95 % sets')),
        h('dd', {}, `${withInterval(v.coverage, pct)}; ${pick('belofte', 'promise')} ${pct(v.expectedCoverage)}`),
      ),
      v.overTime.length > 0
        ? trackPlot(v)
        : h('p', { class: 'muted' }, pick('Nog geen onderzoeken na de gegevensgrens.', 'No surveys after the data cut-off yet.')),
    ),
  );
  return h(
    'section',
    { class: 'section', 'data-testid': 'track-record' },
    h('h2', {}, pick('Trackrecord', 'Track record')),
    h('p', {}, intro),
    ...versions,
  );
}

import { api, ApiError } from './api.js';
import { h } from './dom.js';
import { fmtNumber } from './format.js';
import { getLang, pick, t } from './i18n.js';
import { cardLabel } from './card-labels.js';
import { asCurve, svgImage, unitPlot } from './plots.js';
import { errorView, loadingView } from './widgets.js';
import { apiUrl } from './api.js';
import { type VersionTrack, trackRecordView } from './track-record-view.js';

/** The public track record (`GET /v1/model/track-record`); rejects on any failure. */
async function trackRecord(): Promise<{ models: VersionTrack[] }> {
  const res = await fetch(apiUrl('v1/model/track-record'));
  if (!res.ok) throw new ApiError(res.status, 'TRACK_RECORD', 'Track record', `HTTP ${res.status}`);
  return (await res.json()) as { models: VersionTrack[] };
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const humanize = (key: string): string => cardLabel(key, getLang());
const isSvg = (v: unknown): v is string => typeof v === 'string' && v.trimStart().startsWith('<svg');

/**
 * Free text in the card is written in English by training; in the Dutch UI it is marked `lang="en"` so
 * screen readers pronounce it right (headings and numbers are the viewer's own, in the UI's language).
 */
function cardText(text: string): HTMLElement {
  const prose = text.length > 30 && text.includes(' ');
  return h('span', prose && getLang() === 'nl' ? { lang: 'en' } : {}, text);
}

function primitive(v: unknown, key = ''): string {
  if (typeof v === 'number' && /year|jaar/i.test(key)) return String(v);
  if (typeof v === 'number') return Number.isInteger(v) ? fmtNumber(v) : fmtNumber(v, Math.abs(v) < 10 ? 3 : 1);
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  if (v === null || v === undefined) return '—';
  return String(v);
}

const inRange = (pts: { x: number; y: number }[]): boolean =>
  pts.every((p) => p.x >= -0.001 && p.x <= 1.001 && p.y >= -0.001 && p.y <= 1.001);

/** Renders any JSON value defensively: plots where recognisable, tables for records, lists for strings. */
function renderValue(key: string, value: unknown, depth: number): HTMLElement | null {
  const title = humanize(key);
  if (isSvg(value)) return svgImage(title, value);
  const curve = asCurve(value);
  if (curve && inRange(curve.points)) {
    const roc = curve.kind === 'roc';
    return unitPlot(
      title,
      curve.points,
      roc ? 'FPR' : getLang() === 'nl' ? 'voorspeld' : 'predicted',
      roc ? 'TPR' : getLang() === 'nl' ? 'waargenomen' : 'observed',
      !roc,
    );
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    if (value.every((v) => typeof v !== 'object' || v === null))
      return h(
        'div',
        {},
        h('h4', {}, title),
        h('ul', {}, ...value.map((v) => h('li', {}, typeof v === 'string' ? cardText(v) : primitive(v)))),
      );
    if (value.every(isObject)) return objectTable(title, value.slice(0, 30) as Json[]);
    return null;
  }
  if (isObject(value)) {
    // SVG documents are plots, not text: they render as images beside the other plots.
    const leaves = Object.entries(value).filter(([, v]) => (typeof v !== 'object' || v === null) && !isSvg(v));
    const nested = Object.entries(value).filter(([, v]) => (typeof v === 'object' && v !== null) || isSvg(v));
    const body = [
      leaves.length > 0
        ? h(
            'dl',
            { class: 'stats' },
            ...leaves.flatMap(([k, v]) => [h('dt', {}, humanize(k)), h('dd', {}, typeof v === 'string' ? cardText(v) : primitive(v, k))]),
          )
        : null,
      ...nested.map(([k, v]) => renderValue(k, v, depth + 1)),
    ];
    if (depth <= 1) return h('section', { class: 'section' }, h('h3', {}, title), ...body);
    // Deeper levels fold away so the card stays scannable; the second level starts open.
    return h('details', { class: 'card-details', open: depth === 2 }, h('summary', {}, title), ...body);
  }
  return h('p', {}, h('strong', {}, `${title}: `), typeof value === 'string' ? cardText(value) : primitive(value));
}

function objectTable(title: string, rows: Json[]): HTMLElement {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => typeof r[k] !== 'object' || r[k] === null)))];
  return h(
    'table',
    { class: 'inputs' },
    h('caption', {}, title),
    h('thead', {}, h('tr', {}, ...keys.map((k) => h('th', { scope: 'col' }, humanize(k))))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...keys.map((k) => h('td', {}, primitive(r[k])))))),
  );
}

function manifestView(m: Json): HTMLElement {
  const features = Array.isArray(m.features) ? (m.features as Json[]) : [];
  const conformal = isObject(m.conformal) ? m.conformal : {};
  const calibration = isObject(m.calibration) ? m.calibration : {};
  const rows: [string, string][] = [
    [t('version'), primitive(m.version)],
    [t('dataset'), primitive(m.datasetName)],
    [t('syntheticData'), primitive(m.synthetic)],
    [t('label'), primitive(m.label)],
    [t('calibration'), `${primitive(calibration.method)} (a = ${primitive(calibration.a)}, b = ${primitive(calibration.b)})`],
    [t('conformal'), `α = ${primitive(conformal.alpha)}, q̂ = ${primitive(conformal.qhat)}, n = ${primitive(conformal.calibrationRows)}`],
    [t('threshold'), primitive(m.operatingThreshold)],
  ];
  return h(
    'section',
    { class: 'section' },
    h('h2', {}, t('modelManifest')),
    h('dl', { class: 'stats' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    features.length > 0
      ? h(
          'table',
          { class: 'inputs' },
          h('caption', {}, t('features')),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('feature')), h('th', { scope: 'col' }, t('unit')))),
          h(
            'tbody',
            {},
            ...features.map((f) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, pick(String(f.labelNl ?? f.name), String(f.labelEn ?? f.name))),
                h('td', {}, String(f.unit ?? '')),
              ),
            ),
          ),
        )
      : null,
  );
}

function limitationsBody(key: string, value: unknown): HTMLElement | null {
  if (typeof value === 'string') return h('p', {}, cardText(value));
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return h('ul', {}, ...value.map((v) => h('li', {}, cardText(v))));
  return renderValue(key, value, 2);
}

const LIMITATION_KEY = /limitation|beperking|caveat|warning/i;

function cardView(card: Json): HTMLElement {
  const entries = Object.entries(card);
  const limitations = entries.filter(([k]) => LIMITATION_KEY.test(k));
  const rank = (k: string): number => (/plot/i.test(k) ? 0 : /metric/i.test(k) ? 1 : /bias/i.test(k) ? 2 : 3);
  const rest = entries.filter(([k]) => !LIMITATION_KEY.test(k)).sort(([a], [b]) => rank(a) - rank(b));
  return h(
    'section',
    { class: 'section', 'data-testid': 'model-card' },
    h('h2', {}, t('modelCard')),
    getLang() === 'nl' ? h('p', { class: 'note' }, t('modelCardTextLang')) : null,
    ...limitations.map(([k, v]) => h('div', { class: 'limitations' }, h('h3', {}, t('limitations')), limitationsBody(k, v))),
    ...rest.map(([k, v]) => renderValue(k, v, 1)),
  );
}

/** Renders the model page into `root`: the manifest, then the model card (or a note that there is none yet). */
export async function renderModelPage(root: HTMLElement): Promise<void> {
  root.replaceChildren(h('h1', { tabindex: '-1', id: 'model-title' }, t('modelTitle')), loadingView());
  const [manifest, card, track] = await Promise.allSettled([api.model(), api.modelCard(), trackRecord()]);
  const parts: (HTMLElement | null)[] = [];
  parts.push(manifest.status === 'fulfilled' ? manifestView(manifest.value) : errorView(manifest.reason));
  parts.push(track.status === 'fulfilled' ? trackRecordView(track.value.models) : errorView(track.reason));
  if (card.status === 'fulfilled') parts.push(cardView(card.value));
  else if (card.reason instanceof ApiError && card.reason.status === 404) parts.push(h('p', { class: 'muted' }, t('modelCardMissing')));
  else parts.push(errorView(card.reason));
  root.replaceChildren(
    h('h1', { tabindex: '-1', id: 'model-title' }, t('modelTitle')),
    h('p', {}, h('a', { href: '#/' }, t('backToMap'))),
    ...parts.filter((p): p is HTMLElement => p !== null),
  );
}

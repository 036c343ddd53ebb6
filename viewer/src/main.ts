import {
  api,
  type AddressAnswer,
  type AddressSuggestion,
  type AreaProperties,
  type BuurtDetail,
  type BuurtProperties,
  type BuurtenMetadata,
} from './api.js';
import { loadArea, renderArea } from './area-panel.js';
import { accountWidget, refreshMe, signInInvitation } from './account.js';
import { apiKey, initAuth, onAuthChange } from './auth.js';
import { addressChoices, addressLine, renderAddressCard } from './address-card.js';
import { loadBuurt, renderBuurt } from './buurt-panel.js';
import { clearPlan, renderPlanView } from './plan-view.js';
import { basemapConfig } from './basemap.js';
import { byId, h } from './dom.js';
import { getLang, initLang, onLangChange, setLang, t } from './i18n.js';
import { renderLegend } from './legend.js';
import { createMap, type MapController } from './map-view.js';
import { METRICS, areaMetric, breaksFor, metricByKey, type MetricDefinition } from './metrics.js';
import { renderModelPage } from './model-page.js';
import { createNavigator, type RouteCause } from './navigation.js';
import { mapIsRelative } from './scales.js';
import { parseHash, samePage, viewsDiffer, type Page, type Route } from './router.js';
import { initOffline } from './offline.js';
import { renderMapControls } from './map-controls.js';
import { OVERVIEW_SWITCH_ZOOM } from '../../service/domain/tile-zooms.js';
import { applyStaticTexts, boundsOf, renderNotice, showTooltip } from './page-chrome.js';
import { createSearch } from './search.js';
import { errorView, loadingView } from './widgets.js';

type PanelState =
  | { kind: 'intro' }
  | { kind: 'buurt'; data: BuurtDetail }
  | { kind: 'area'; data: AreaProperties }
  | { kind: 'address'; data: AddressAnswer }
  | { kind: 'plan' };

declare global {
  interface Window {
    /** Milliseconds from navigation start until the buurt layer was first drawn (read by the benchmark and e2e tests). */
    __mapFirstRenderMs?: number;
  }
}

let buurten: BuurtProperties[] = [];
const buurtBounds = new Map<string, [[number, number], [number, number]]>();
let metadata: BuurtenMetadata | null = null;
let metric: MetricDefinition = METRICS[0];
let breaks: number[] = breaksFor(metric, []);
/** Boundaries of the overview's colouring (gemeenten, wijken): the buurten' quintiles of `areaMetric(metric)`. */
let areaBreaks: number[] = breaksFor(areaMetric(metric), []);
let panelState: PanelState = { kind: 'intro' };
let mapCtl: MapController | null = null;
let loadToken = 0;
/** The page whose panel is shown or loading; the route may ask for another one. */
let shownPage: Page | null = null;
let initialLang: 'nl' | 'en' = 'nl';
/** Buurt to fit the map to once the buurt outlines are known (a deep link can come first). */
let pendingFit: string | null = null;
// The sign-in key leaves the URL before the router reads it.
initAuth();
const nav = createNavigator(applyRoute);
const connection = initOffline();

const panel = (): HTMLElement => byId('panel');

function closePanel(): void {
  nav.go({ page: { kind: 'map' } }, 'push');
  panel().focus();
}

function closeButton(): HTMLElement {
  return h('button', { type: 'button', class: 'close', 'aria-label': t('close'), onclick: closePanel }, '×');
}

function showPanel(state: PanelState, focus: boolean): void {
  panelState = state;
  const p = panel();
  if (state.kind !== 'plan') clearPlan(mapCtl?.map ?? null);
  if (state.kind !== 'area') mapCtl?.selectArea(null);
  if (state.kind === 'intro') {
    p.replaceChildren(
      h('p', { class: 'intro' }, t('panelIntro')),
      ...(apiKey() ? [h('p', {}, h('a', { href: '#/plan', 'data-testid': 'plan-link' }, t('navPlan')))] : [signInInvitation()]),
    );
    mapCtl?.selectBuurt(null);
  } else if (state.kind === 'plan') {
    p.replaceChildren(closeButton(), renderPlanView(buurten, mapCtl?.map ?? null));
    mapCtl?.selectBuurt(null);
  } else {
    p.replaceChildren(
      closeButton(),
      state.kind === 'buurt'
        ? renderBuurt(state.data, { metric, breaks })
        : state.kind === 'area'
          ? renderArea(state.data)
          : renderAddressCard(state.data, { synthetic: metadata?.synthetic ?? false }),
    );
  }
  refreshLegend();
  connection.refresh();
  if (focus) p.querySelector<HTMLElement>('h2')?.focus();
}

/** Room to leave around a fitted buurt: the controls and legend cover the map's left side (its foot on a phone). */
function overlayPadding(): { top: number; right: number; bottom: number; left: number } {
  const pad = { top: 40, right: 50, bottom: 40, left: 40 };
  const side = document.querySelector('.map-side')?.getBoundingClientRect();
  const map = byId('map').getBoundingClientRect();
  if (!side || side.width === 0) return pad;
  if (side.width > map.width * 0.6) pad.bottom = Math.min(map.height / 2, map.bottom - side.top + 10);
  else pad.left = Math.min(map.width / 2, side.right - map.left + 10);
  return pad;
}

function fitBuurt(code: string): void {
  const bounds = buurtBounds.get(code);
  pendingFit = bounds ? null : code;
  if (bounds) mapCtl?.fitBounds(bounds, overlayPadding());
}

async function openBuurt(code: string, cause: RouteCause): Promise<void> {
  const token = ++loadToken;
  panel().replaceChildren(loadingView());
  mapCtl?.selectBuurt(code);
  if (cause.fit) fitBuurt(code);
  const select = document.getElementById('buurt-select') as HTMLSelectElement | null;
  if (select) select.value = code;
  try {
    const data = await loadBuurt(code);
    if (token === loadToken) showPanel({ kind: 'buurt', data }, cause.focus ?? false);
  } catch (error) {
    if (token === loadToken) panel().replaceChildren(closeButton(), errorView(error));
  }
}

async function openArea(level: 'gemeente' | 'wijk', code: string, cause: RouteCause): Promise<void> {
  const token = ++loadToken;
  panel().replaceChildren(loadingView());
  mapCtl?.selectBuurt(null);
  mapCtl?.selectArea({ level, code });
  try {
    const data = await loadArea(level, code);
    if (token === loadToken) showPanel({ kind: 'area', data }, cause.focus ?? false);
  } catch (error) {
    if (token === loadToken) panel().replaceChildren(closeButton(), errorView(error));
  }
}

async function openAddress(id: string, cause: RouteCause): Promise<void> {
  const token = ++loadToken;
  panel().replaceChildren(loadingView());
  mapCtl?.selectBuurt(null);
  try {
    const data = await api.address(id);
    if (token !== loadToken) return;
    mapCtl?.showAddress(data.address.lon, data.address.lat);
    if (cause.fly) mapCtl?.flyTo(data.address.lon, data.address.lat);
    showPanel({ kind: 'address', data }, cause.focus ?? true);
    document.title = `${addressLine(data.address)} · ${t('appTitle')}`;
  } catch (error) {
    if (token === loadToken) panel().replaceChildren(closeButton(), errorView(error));
  }
}

/** Several dwellings share one building point: list them so the user picks one. */
async function chooseAddress(ids: string[]): Promise<void> {
  const token = ++loadToken;
  panel().replaceChildren(loadingView());
  const answers = await Promise.allSettled(ids.slice(0, 20).map((id) => api.address(id)));
  if (token !== loadToken) return;
  const found = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
  panel().replaceChildren(closeButton(), ...addressChoices(found, (id) => goAddress(id, false)));
  panel().querySelector<HTMLElement>('h2')?.focus();
}

let lastSelectChange = 0;

function renderControls(): void {
  const page = nav.current().page;
  byId('map-controls').replaceChildren(
    ...renderMapControls({
      metric,
      buurten,
      buurtCode: page.kind === 'buurt' ? page.code : null,
      onMetric: (key) => nav.go({ layer: key === METRICS[0].key ? null : key }, 'push'),
      onBuurt: (code) => {
        // Arrow keys on a closed select change it once per press: those steps replace one history entry,
        // and focus stays on the select so the next arrow press still works.
        const now = Date.now();
        const mode = now - lastSelectChange < 2000 && nav.current().page.kind === 'buurt' ? 'replace' : 'push';
        lastSelectChange = now;
        nav.go({ page: { kind: 'buurt', code } }, mode, { fit: true, focus: false });
      },
    }),
  );
  refreshLegend();
}

/** The legend, with the selected buurt's row marked. */
/** Whether the legend last drawn was the overview's (it is redrawn when a zoom crosses the buurt switch). */
let legendShowsOverview = false;

/** True when the map shows the national overview (gemeenten or wijken) rather than buurten. */
function zoomedOut(): boolean {
  return mapCtl !== null && mapCtl.getView().zoom < OVERVIEW_SWITCH_ZOOM.buurten;
}

/**
 * The legend, with the selected buurt's row marked; zoomed out to gemeenten and wijken, the rows are those
 * of the metric the areas are coloured by (`areaMetric`: the mean probability for a count layer).
 */
function refreshLegend(): void {
  const selection = panelState.kind === 'buurt' ? { name: panelState.data.naam, value: panelState.data[metric.key] } : null;
  legendShowsOverview = zoomedOut();
  byId('legend').replaceChildren(
    legendShowsOverview
      ? renderLegend(areaMetric(metric), areaBreaks, null, mapIsRelative(metadata), metric)
      : renderLegend(metric, breaks, selection, mapIsRelative(metadata)),
  );
}

function setMetric(next: MetricDefinition): void {
  metric = next;
  breaks = breaksFor(metric, buurten);
  areaBreaks = breaksFor(areaMetric(metric), buurten);
  mapCtl?.setMetric(metric, breaks, areaBreaks);
  const select = document.getElementById('metric-select') as HTMLSelectElement | null;
  if (select) select.value = metric.key;
  if (panelState.kind === 'buurt') showPanel(panelState, false);
  else refreshLegend();
}

function showModelView(isModel: boolean): void {
  byId('view-map').hidden = isModel;
  byId('view-model').hidden = !isModel;
  byId('nav-map').toggleAttribute('aria-current', !isModel);
  byId('nav-model').toggleAttribute('aria-current', isModel);
  if (!isModel) ensureMap();
}

function goAddress(id: string, fly: boolean): void {
  nav.go({ page: { kind: 'address', id } }, 'push', { fly, focus: true });
}

/** Shows a route: language, layer, map view, page. Idempotent for what is already shown. */
function applyRoute(r: Route, cause: RouteCause): void {
  const lang = r.lang ?? initialLang;
  if (lang !== getLang()) setLang(lang);
  const wanted = metricByKey(r.layer ?? METRICS[0].key);
  if (wanted.key !== metric.key) setMetric(wanted);
  showModelView(r.page.kind === 'model');
  if (cause.fromUrl && r.view && mapCtl && viewsDiffer(r.view, mapCtl.getView())) mapCtl.jumpTo(r.view);
  if (shownPage && samePage(shownPage, r.page)) return;
  const page = r.page;
  shownPage = page;
  if (page.kind === 'model') {
    void renderModelPage(byId('view-model')).then(() => byId('model-title').focus());
    return;
  }
  document.title = t('appTitle');
  if (page.kind === 'buurt') void openBuurt(page.code, cause);
  else if (page.kind === 'area') void openArea(page.level, page.code, cause);
  else if (page.kind === 'address') void openAddress(page.id, cause);
  else if (page.kind === 'plan') {
    loadToken += 1;
    showPanel({ kind: 'plan' }, cause.focus ?? false);
  } else {
    loadToken += 1;
    showPanel({ kind: 'intro' }, false);
  }
}

function ensureMap(): void {
  if (mapCtl) {
    mapCtl.map.resize();
    return;
  }
  const basemap = basemapConfig();
  mapCtl = createMap(
    byId('map'),
    metric,
    breaks,
    areaBreaks,
    {
      onBuurtClick: (code) => nav.go({ page: { kind: 'buurt', code } }, 'push', { focus: true }),
      onAreaClick: (level, code) => nav.go({ page: { kind: 'area', level, code } }, 'push', { focus: true }),
      onAddressClick: (ids) => void (ids.length === 1 ? goAddress(ids[0], false) : chooseAddress(ids)),
      onHover: (props, point) => showTooltip(metric, props, point),
      onTileError: connection.reportFailure,
      // Only a person's move (or a view already in the URL) goes into the URL: a plain link stays as it was.
      // A view already in the URL is not written again: `map.resize()` (on every route) ends with a moveend,
      // and writing the same view would apply the route again, resize again, and so on without end.
      onMoveEnd: (view, byUser) => {
        if ((byUser || nav.current().view !== null) && viewsDiffer(view, nav.current().view)) nav.go({ view }, 'replace');
      },
    },
    { basemapUrl: basemap.url, basemapAttribution: basemap.attribution, initialView: nav.current().view },
  );
  // Tests and the benchmark wait on these instead of on timers.
  mapCtl.map.on('movestart', () => (document.body.dataset.mapIdle = 'false'));
  mapCtl.map.on('idle', () => (document.body.dataset.mapIdle = 'true'));
  mapCtl.map.on('zoomend', () => {
    if (zoomedOut() !== legendShowsOverview) refreshLegend();
  });
  void mapCtl.firstRender.then(() => {
    window.__mapFirstRenderMs = performance.now();
    document.body.dataset.mapReady = 'true';
  });
}

async function loadBuurten(): Promise<void> {
  try {
    const collection = await api.buurten();
    buurten = collection.features.map((f) => f.properties);
    for (const f of collection.features) {
      const b = boundsOf(f.geometry?.coordinates);
      if (b) buurtBounds.set(f.properties.code, b);
    }
    metadata = collection.metadata ?? null;
    refreshLegend();
    // A card opened before the metadata arrived learns now whether its report needs the demo-data notice.
    for (const el of document.querySelectorAll<HTMLElement>('[data-testid="report-synthetic"]')) el.hidden = !metadata?.synthetic;
    breaks = breaksFor(metric, buurten);
    areaBreaks = breaksFor(areaMetric(metric), buurten);
    mapCtl?.setMetric(metric, breaks, areaBreaks);
    if (pendingFit) fitBuurt(pendingFit);
    if (panelState.kind === 'buurt' || panelState.kind === 'plan') showPanel(panelState, false);
  } catch (error) {
    byId('notice').hidden = false;
    byId('notice').replaceChildren(errorView(error));
    return;
  }
  renderNotice(metadata);
  renderControls();
}

function renderAccount(): void {
  byId('account-slot').replaceChildren(
    accountWidget(() => {
      nav.go({ page: { kind: 'map' } }, 'push');
      document.getElementById('key-input-intro')?.focus();
    }),
  );
}

/** After signing in or out: who is this, fresh address tiles, and the open page again (it may have been refused). */
async function authChanged(): Promise<void> {
  await refreshMe();
  renderAccount();
  mapCtl?.reloadAddresses();
  shownPage = null;
  applyRoute(nav.current(), { fromUrl: false, focus: false });
}

function start(): void {
  initialLang = initLang(nav.current().lang);
  applyStaticTexts();
  const search = createSearch((s: AddressSuggestion) => goAddress(s.id, true));
  byId('search-slot').replaceChildren(search.element);
  byId('lang-switch').addEventListener('click', () => nav.go({ lang: getLang() === 'nl' ? 'en' : 'nl' }, 'push'));
  // The skip link moves focus without touching the URL (a '#panel' hash would replace the route).
  byId('skip-link').addEventListener('click', (e) => {
    e.preventDefault();
    panel().focus();
  });
  // In-app links (`#/…`: navigation, "back to the map") change the page but keep view, layer and language.
  document.addEventListener('click', (e) => {
    const link = (e.target as Element | null)?.closest?.('a[href^="#/"]');
    if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    nav.go({ page: parseHash(link.getAttribute('href') ?? '#/').page }, 'push', { focus: true });
  });
  onLangChange(() => {
    applyStaticTexts();
    renderAccount();
    search.relabel();
    renderNotice(metadata);
    renderControls();
    showPanel(panelState, false);
    if (nav.current().page.kind === 'model') void renderModelPage(byId('view-model'));
  });
  showPanel({ kind: 'intro' }, false);
  renderControls();
  // On narrow screens the legend starts folded so it does not cover the map.
  if (window.matchMedia('(max-width: 900px)').matches) byId<HTMLDetailsElement>('legend-box').open = false;
  byId('panel').addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || panelState.kind === 'intro') return;
    // Escape in a select or slider belongs to that control (it closes the select's list), not to the card.
    const target = e.target as HTMLElement;
    if (target.closest('select, input, .what-if')) return;
    closePanel();
  });
  renderAccount();
  onAuthChange(() => void authChanged());
  nav.start();
  void loadBuurten();
  void refreshMe().then(renderAccount);
}

start();

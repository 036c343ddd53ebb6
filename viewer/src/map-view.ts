import * as maplibregl from 'maplibre-gl';
import type { ExpressionSpecification, MapGeoJSONFeature, StyleSpecification } from 'maplibre-gl';
import { ADDRESS_MIN_ZOOM, ADDRESS_SOURCE_MAX_ZOOM, AREA_MAX_ZOOM, OVERVIEW_SWITCH_ZOOM } from '../../service/domain/tile-zooms.js';
import { apiUrl } from './api.js';
import { authHeaders } from './auth.js';
import { addStyleBasemap, isRasterTemplate } from './basemap.js';
import type { MapView } from './router.js';
import { areaMetric, classColorExpression, fillColorExpression, type MetricDefinition } from './metrics.js';

/** Zaanstad's extent (lon/lat): the initial view. */
export const ZAANSTAD_BOUNDS: [[number, number], [number, number]] = [
  [4.7, 52.42],
  [4.87, 52.52],
];

/** Zoom from which address points are drawn: the service's own constant (the address tiles start there). */
export { ADDRESS_MIN_ZOOM } from '../../service/domain/tile-zooms.js';

export interface MapHandlers {
  onBuurtClick: (code: string) => void;
  /** A gemeente or wijk of the national overview (drawn below the buurt zooms) was clicked. */
  onAreaClick?: (level: 'gemeente' | 'wijk', code: string) => void;
  /** One or more addresses under the pointer (several when dwellings share a building point). */
  onAddressClick: (ids: string[]) => void;
  onHover: (props: Record<string, unknown> | null, point: { x: number; y: number } | null) => void;
  /** The map stopped moving; `byUser` when a person moved it (drag, wheel, keys, zoom buttons). */
  onMoveEnd?: (view: MapView, byUser: boolean) => void;
  /** A tile could not be loaded (perhaps the server is gone). */
  onTileError?: () => void;
}

/** What the rest of the viewer may do with the map. */
export interface MapController {
  map: maplibregl.Map;
  /** Colours the map by a metric: buurten with `breaks`, gemeenten and wijken by `areaMetric(metric)` with `areaBreaks`. */
  setMetric: (metric: MetricDefinition, breaks: readonly number[], areaBreaks: readonly number[]) => void;
  flyTo: (lon: number, lat: number) => void;
  showAddress: (lon: number, lat: number) => void;
  selectBuurt: (code: string | null) => void;
  /** Outlines a gemeente or wijk of the overview (null: none). */
  selectArea: (area: { level: 'gemeente' | 'wijk'; code: string } | null) => void;
  /** Fits the bounds; `padding` keeps them clear of what covers the map (controls, legend). */
  fitBounds: (bounds: [[number, number], [number, number]], padding?: { top: number; right: number; bottom: number; left: number }) => void;
  /** Fetches the address tiles again (after signing in or out). */
  reloadAddresses: () => void;
  /** Jumps (without animation) to a view, e.g. one read from the URL. */
  jumpTo: (view: MapView) => void;
  /** The current centre and zoom. */
  getView: () => MapView;
  /** Resolves once the area tiles of the current zoom (gemeenten, wijken or buurten) have been drawn for the first time. */
  firstRender: Promise<void>;
}

/** The national overview: gemeenten at low zooms, wijken in between (the switches are the service's own constants). */
const AREA_LAYERS = [
  { level: 'gemeente', source: 'gemeenten', maxzoom: AREA_MAX_ZOOM.gemeenten, from: 0, to: OVERVIEW_SWITCH_ZOOM.wijken },
  { level: 'wijk', source: 'wijken', maxzoom: AREA_MAX_ZOOM.wijken, from: OVERVIEW_SWITCH_ZOOM.wijken, to: OVERVIEW_SWITCH_ZOOM.buurten },
] as const;

/** Fill layers of every level, lowest zoom first; the one drawn at a zoom is the one whose range holds it. */
const FILL_LAYERS = ['gemeenten-fill', 'wijken-fill', 'buurten-fill'];

/** The overview's colouring: the chosen metric where areas carry a comparable value, else its stand-in (see `areaMetric`). */
function areaFill(metric: MetricDefinition, areaBreaks: readonly number[]): ExpressionSpecification {
  return fillColorExpression(areaMetric(metric), areaBreaks) as ExpressionSpecification;
}

function styleFor(
  basemapUrl: string | null,
  metric: MetricDefinition,
  breaks: readonly number[],
  areaBreaks: readonly number[],
  withBasemap: boolean,
): StyleSpecification {
  const raster: StyleSpecification['layers'] = basemapUrl ? [{ id: 'basemap', type: 'raster', source: 'basemap' }] : [];
  const areaLayers: StyleSpecification['layers'] = AREA_LAYERS.flatMap(({ source, from, to }) => [
    {
      id: `${source}-fill`,
      type: 'fill' as const,
      source,
      'source-layer': source,
      minzoom: from,
      maxzoom: to,
      paint: { 'fill-color': areaFill(metric, areaBreaks), 'fill-opacity': withBasemap ? 0.7 : 0.92 },
    },
    {
      id: `${source}-line`,
      type: 'line' as const,
      source,
      'source-layer': source,
      minzoom: from,
      maxzoom: to,
      paint: {
        'line-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#111111', '#ffffff'],
        'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3, 0.8],
      } as maplibregl.LineLayerSpecification['paint'],
    },
  ]);
  return {
    version: 8,
    sources: {
      ...(basemapUrl ? { basemap: { type: 'raster' as const, tiles: [basemapUrl], tileSize: 256 } } : {}),
      ...Object.fromEntries(
        AREA_LAYERS.map(({ source, maxzoom }) => [
          source,
          { type: 'vector' as const, tiles: [apiUrl(`tiles/${source}/{z}/{x}/{y}.mvt`)], minzoom: 0, maxzoom, promoteId: 'code' },
        ]),
      ),
      buurten: {
        type: 'vector',
        tiles: [apiUrl('tiles/buurten/{z}/{x}/{y}.mvt')],
        minzoom: OVERVIEW_SWITCH_ZOOM.buurten,
        maxzoom: 14,
        promoteId: 'code',
      },
      addresses: {
        type: 'vector',
        tiles: [apiUrl('tiles/addresses/{z}/{x}/{y}.mvt')],
        minzoom: ADDRESS_MIN_ZOOM,
        maxzoom: ADDRESS_SOURCE_MAX_ZOOM,
        promoteId: 'id',
      },
      selected: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eef0f3' } },
      ...raster,
      ...areaLayers,
      {
        id: 'buurten-fill',
        type: 'fill',
        source: 'buurten',
        'source-layer': 'buurten',
        minzoom: OVERVIEW_SWITCH_ZOOM.buurten,
        paint: {
          'fill-color': fillColorExpression(metric, breaks) as ExpressionSpecification,
          // Fade the polygons once address points appear, so points stand out against their own buurt.
          'fill-opacity': ['interpolate', ['linear'], ['zoom'], 14, withBasemap ? 0.7 : 0.92, 16, 0.35],
        },
      },
      {
        id: 'buurten-line',
        type: 'line',
        source: 'buurten',
        'source-layer': 'buurten',
        minzoom: OVERVIEW_SWITCH_ZOOM.buurten,
        paint: { 'line-color': '#ffffff', 'line-width': 0.8 },
      },
      {
        id: 'buurten-highlight',
        type: 'line',
        source: 'buurten',
        'source-layer': 'buurten',
        minzoom: OVERVIEW_SWITCH_ZOOM.buurten,
        paint: {
          'line-color': '#111111',
          'line-width': [
            'case',
            ['boolean', ['feature-state', 'selected'], false],
            3,
            ['boolean', ['feature-state', 'hover'], false],
            2,
            0,
          ],
        },
      },
      {
        id: 'addresses',
        type: 'circle',
        source: 'addresses',
        'source-layer': 'addresses',
        minzoom: ADDRESS_MIN_ZOOM,
        paint: {
          'circle-color': classColorExpression() as ExpressionSpecification,
          'circle-radius': ['interpolate', ['linear'], ['zoom'], ADDRESS_MIN_ZOOM, 3.5, 18, 8],
          'circle-stroke-color': '#1a1a1a',
          'circle-stroke-width': 1.2,
        },
      },
      {
        id: 'selected-address',
        type: 'circle',
        source: 'selected',
        // Black ring on a white halo: visible on every buurt colour and no class or buurt colour itself.
        paint: { 'circle-radius': 10, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#000000', 'circle-stroke-width': 3 },
      },
      {
        id: 'selected-address-halo',
        type: 'circle',
        source: 'selected',
        paint: { 'circle-radius': 13.5, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
      },
    ],
  };
}

/** How the map starts. */
export interface MapOptions {
  basemapUrl: string | null;
  /** Credit line for the basemap, shown beside CBS / Kadaster. */
  basemapAttribution: string | null;
  /** Start here instead of on all of Zaanstad. */
  initialView: MapView | null;
}

/** Creates the map in `container`: plain background, buurt polygons, address points, no external services. */
export function createMap(
  container: HTMLElement,
  metric: MetricDefinition,
  breaks: readonly number[],
  areaBreaks: readonly number[],
  handlers: MapHandlers,
  options: MapOptions,
): MapController {
  const { initialView } = options;
  // A raster template goes into the style; a style URL is merged in once the map's own style is ready.
  const basemapUrl = options.basemapUrl && isRasterTemplate(options.basemapUrl) ? options.basemapUrl : null;
  const styleBasemap = options.basemapUrl && !basemapUrl ? options.basemapUrl : null;
  const map = new maplibregl.Map({
    container,
    style: styleFor(basemapUrl, metric, breaks, areaBreaks, options.basemapUrl !== null),
    ...(initialView
      ? { center: [initialView.lon, initialView.lat] as [number, number], zoom: initialView.zoom }
      : { bounds: ZAANSTAD_BOUNDS, fitBoundsOptions: { padding: 20 } }),
    attributionControl: false,
    // Address tiles are closed data: they carry this tab's key like every other API call.
    transformRequest: (url) => (url.includes('/tiles/addresses/') ? { url, headers: authHeaders() } : { url }),
    canvasContextAttributes: { preserveDrawingBuffer: true },
    maxZoom: 19,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
  // Always visible: the buurt data is CC BY 4.0 and asks for "CBS / Kadaster"; a basemap adds its own credit.
  const credits = ['Buurten: © CBS / Kadaster (CC BY 4.0)', ...(options.basemapAttribution ? [options.basemapAttribution] : [])];
  map.addControl(new maplibregl.AttributionControl({ compact: false, customAttribution: credits }), 'bottom-right');

  // MapLibre refuses feature-state and source changes until the style is parsed ("Style is not done
  // loading"); a deep link asks for them at once, so they wait here until then.
  let styleReady = false;
  const pending: (() => void)[] = [];
  const whenReady = (fn: () => void): void => {
    if (styleReady) fn();
    else pending.push(fn);
  };
  map.once('style.load', () => {
    styleReady = true;
    for (const fn of pending.splice(0)) fn();
    if (styleBasemap) addStyleBasemap(map, styleBasemap, 'buurten-fill').catch(() => undefined);
  });
  map.on('error', (e) => {
    if ((e as unknown as { sourceId?: string }).sourceId) handlers.onTileError?.();
  });
  map.on('moveend', (e: { originalEvent?: Event }) => {
    const c = map.getCenter();
    handlers.onMoveEnd?.({ lon: c.lng, lat: c.lat, zoom: map.getZoom() }, e.originalEvent !== undefined);
  });

  let hovered: string | number | undefined;
  let selected: string | number | undefined;
  let selectedArea: { source: string; code: string } | null = null;
  const setState = (id: string | number | undefined, state: Record<string, boolean>): void => {
    if (id === undefined) return;
    map.setFeatureState({ source: 'buurten', sourceLayer: 'buurten', id }, state);
  };

  map.on('mousemove', 'buurten-fill', (e) => {
    const feature: MapGeoJSONFeature | undefined = e.features?.[0];
    if (!feature) return;
    if (hovered !== feature.id) {
      setState(hovered, { hover: false });
      hovered = feature.id;
      setState(hovered, { hover: true });
    }
    map.getCanvas().style.cursor = 'pointer';
    handlers.onHover(feature.properties, e.point);
  });
  map.on('mouseleave', 'buurten-fill', () => {
    setState(hovered, { hover: false });
    hovered = undefined;
    map.getCanvas().style.cursor = '';
    handlers.onHover(null, null);
  });
  map.on('mouseenter', 'addresses', () => (map.getCanvas().style.cursor = 'pointer'));
  map.on('click', (e) => {
    const ids = [
      ...new Set(
        map
          .queryRenderedFeatures(e.point, { layers: ['addresses'] })
          .map((f) => f.properties?.id)
          .filter((id) => id !== undefined)
          .map(String),
      ),
    ];
    if (ids.length > 0) {
      handlers.onAddressClick(ids);
      return;
    }
    const buurt = map.queryRenderedFeatures(e.point, { layers: ['buurten-fill'] })[0];
    if (buurt?.properties?.code !== undefined) {
      handlers.onBuurtClick(String(buurt.properties.code));
      return;
    }
    for (const { level, source } of AREA_LAYERS) {
      const area = map.queryRenderedFeatures(e.point, { layers: [`${source}-fill`] })[0];
      if (area?.properties?.code !== undefined) {
        handlers.onAreaClick?.(level, String(area.properties.code));
        return;
      }
    }
  });
  for (const { source } of AREA_LAYERS) {
    map.on('mouseenter', `${source}-fill`, () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', `${source}-fill`, () => (map.getCanvas().style.cursor = ''));
  }

  const firstRender = new Promise<void>((resolve) => {
    const check = (): void => {
      if (map.getStyle() && map.queryRenderedFeatures({ layers: FILL_LAYERS }).length > 0) {
        map.off('render', check);
        resolve();
      }
    };
    map.on('render', check);
  });

  return {
    map,
    firstRender,
    setMetric: (m, b, ab) =>
      whenReady(() => {
        map.setPaintProperty('buurten-fill', 'fill-color', fillColorExpression(m, b) as ExpressionSpecification);
        for (const { source } of AREA_LAYERS) map.setPaintProperty(`${source}-fill`, 'fill-color', areaFill(m, ab));
      }),
    flyTo: (lon, lat) => map.flyTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), 17), speed: 1.6 }),
    showAddress: (lon, lat) =>
      whenReady(() => {
        const source = map.getSource('selected') as maplibregl.GeoJSONSource | undefined;
        source?.setData({
          type: 'FeatureCollection',
          features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [lon, lat] } }],
        });
      }),
    fitBounds: (bounds, padding) => map.fitBounds(bounds, { padding: padding ?? 40, maxZoom: ADDRESS_MIN_ZOOM }),
    reloadAddresses: () =>
      whenReady(() => {
        const source = map.getSource('addresses') as maplibregl.VectorTileSource | undefined;
        source?.setTiles([apiUrl('tiles/addresses/{z}/{x}/{y}.mvt')]);
      }),
    jumpTo: (v) => map.jumpTo({ center: [v.lon, v.lat], zoom: v.zoom }),
    getView: () => ({ lon: map.getCenter().lng, lat: map.getCenter().lat, zoom: map.getZoom() }),
    selectBuurt: (code) =>
      whenReady(() => {
        setState(selected, { selected: false });
        selected = code ?? undefined;
        setState(selected, { selected: true });
      }),
    selectArea: (area) =>
      whenReady(() => {
        if (selectedArea)
          map.setFeatureState(
            { source: selectedArea.source, sourceLayer: selectedArea.source, id: selectedArea.code },
            { selected: false },
          );
        selectedArea = area ? { source: area.level === 'gemeente' ? 'gemeenten' : 'wijken', code: area.code } : null;
        if (selectedArea)
          map.setFeatureState({ source: selectedArea.source, sourceLayer: selectedArea.source, id: selectedArea.code }, { selected: true });
      }),
  };
}

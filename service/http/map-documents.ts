import { z } from 'zod';
import type { Bbox } from '../geo/bbox.js';
import { ADDRESS_MIN_ZOOM, MAX_TILE_ZOOM } from '../domain/tile-zooms.js';
import { RISK_CLASS_BOUNDS } from '../domain/risk-class.js';

/** A TileJSON 3.0.0 document (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0). */
export const tileJsonSchema = z.looseObject({
  tilejson: z.literal('3.0.0'),
  name: z.string(),
  description: z.string(),
  attribution: z.string(),
  scheme: z.literal('xyz'),
  tiles: z.array(z.string()).min(1),
  minzoom: z.number().int(),
  maxzoom: z.number().int(),
  bounds: z.array(z.number()).length(4),
  center: z.array(z.number()).length(3),
  vector_layers: z
    .array(
      z.looseObject({
        id: z.string(),
        description: z.string(),
        fields: z.record(z.string(), z.string()),
        minzoom: z.number().int(),
        maxzoom: z.number().int(),
      }),
    )
    .min(1),
});

/** A MapLibre style (version 8); the full rules are the style spec's, checked in the tests with its validator. */
export const mapStyleSchema = z.looseObject({
  version: z.literal(8),
  name: z.string(),
  sources: z.record(z.string(), z.looseObject({ type: z.string() })),
  layers: z.array(z.looseObject({ id: z.string(), type: z.string() })),
});

const ATTRIBUTION = 'Buurt codes and names: CBS / Kadaster (CC BY 4.0); risk figures: Funderingsrisico model output';

/** The buurt tile layer's fields: the public buurt properties that are scalars (intervals and nulls are left out of tiles). */
const BUURT_FIELDS: Record<string, string> = {
  code: 'CBS buurt code',
  naam: 'buurt name',
  wijkCode: 'CBS wijk code',
  woonplaats: 'place',
  schematic: 'true when the geometry is a schematic stand-in',
  dwellings: 'dwellings (absent when suppressed)',
  meanProbability: 'mean probability of a D/E foundation, stock scale',
  meanProbabilitySurvey: 'mean probability on the survey scale (relative)',
  riskClass: 'A–E, class of the mean probability (indicative)',
  expectedProblems: 'expected dwellings on a D/E foundation, stock scale',
  expectedProblemsSurvey: 'survey-scale sum (relative, not a count)',
  shareDE: 'share of dwellings in class D/E',
  sharePre1945: 'share of dwellings built before 1945',
  surveyed: 'surveyed dwellings',
  restored: 'restored dwellings',
};

const centerOf = (b: Bbox, zoom: number): [number, number, number] => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, zoom];

/** TileJSON of the open buurt tiles. */
export function buurtTileJson(base: string, bounds: Bbox, version: string) {
  return {
    tilejson: '3.0.0' as const,
    name: 'Funderingsrisico buurten',
    version: '1.0.0',
    description: `Buurten with aggregate foundation risk (open data; small counts suppressed, the same values as /v1/buurten). Model ${version}. Publicly cacheable.`,
    attribution: ATTRIBUTION,
    scheme: 'xyz' as const,
    tiles: [`${base}/tiles/buurten/{z}/{x}/{y}.mvt`],
    minzoom: 0,
    maxzoom: MAX_TILE_ZOOM,
    bounds: [...bounds],
    center: centerOf(bounds, 12),
    vector_layers: [
      {
        id: 'buurten',
        description: 'One polygon per buurt with its public aggregates',
        fields: BUURT_FIELDS,
        minzoom: 0,
        maxzoom: MAX_TILE_ZOOM,
      },
    ],
  };
}

/** TileJSON of the closed address tiles: the document is open, the tiles are not. */
export function addressTileJson(base: string, bounds: Bbox, version: string) {
  return {
    tilejson: '3.0.0' as const,
    name: 'Funderingsrisico addresses',
    version: '1.0.0',
    description:
      `Address points with their risk class (model ${version}), from zoom ${ADDRESS_MIN_ZOOM}. Closed data: the tiles need a key ` +
      '(send Authorization: Bearer KEY; planners get the class, inspectors also the probability); without one they answer 401. ' +
      'Every tile served is written to the audit log and sent with Cache-Control: private, no-store.',
    attribution: ATTRIBUTION,
    scheme: 'xyz' as const,
    tiles: [`${base}/tiles/addresses/{z}/{x}/{y}.mvt`],
    minzoom: ADDRESS_MIN_ZOOM,
    maxzoom: MAX_TILE_ZOOM,
    bounds: [...bounds],
    center: centerOf(bounds, ADDRESS_MIN_ZOOM),
    vector_layers: [
      {
        id: 'addresses',
        description: 'One point per address (verblijfsobject)',
        minzoom: ADDRESS_MIN_ZOOM,
        maxzoom: MAX_TILE_ZOOM,
        fields: {
          id: '16-digit BAG verblijfsobject id',
          riskClass: 'A–E (indicative model class)',
          probability: 'calibrated probability of a D/E foundation (inspectors only)',
        },
      },
    ],
  };
}

/** Buurt shading per risk class (ColorBrewer OrRd, the viewer's buurt palette), grey when suppressed or unscored. */
const CLASS_FILL = ['#fef0d9', '#fdcc8a', '#fc8d59', '#e34a33', '#b30000'];
const NO_DATA = '#c8c8c8';

/**
 * A MapLibre style of the buurt tiles shaded by risk class, outlines on top. It names no basemap, glyphs
 * or sprite: everything it needs comes from this service, so it works without internet.
 */
export function mapStyle(base: string, bounds: Bbox) {
  const classes = [...RISK_CLASS_BOUNDS.map((b) => b.riskClass), 'E'];
  const [lon, lat] = centerOf(bounds, 12);
  return {
    version: 8 as const,
    name: 'Funderingsrisico buurten',
    metadata: {
      'funderingsrisico:legend': Object.fromEntries(classes.map((c, i) => [c, CLASS_FILL[i]])),
      'funderingsrisico:noData': NO_DATA,
    },
    center: [lon, lat],
    zoom: 12,
    sources: {
      buurten: {
        type: 'vector',
        tiles: [`${base}/tiles/buurten/{z}/{x}/{y}.mvt`],
        minzoom: 0,
        maxzoom: MAX_TILE_ZOOM,
        bounds: [...bounds],
        attribution: ATTRIBUTION,
      },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eef0f3' } },
      {
        id: 'buurten-fill',
        type: 'fill',
        source: 'buurten',
        'source-layer': 'buurten',
        paint: {
          'fill-color': ['match', ['coalesce', ['get', 'riskClass'], ''], ...classes.flatMap((c, i) => [c, CLASS_FILL[i]]), NO_DATA],
          'fill-opacity': 0.85,
        },
      },
      {
        id: 'buurten-outline',
        type: 'line',
        source: 'buurten',
        'source-layer': 'buurten',
        paint: { 'line-color': '#ffffff', 'line-width': 0.8 },
      },
    ],
  };
}

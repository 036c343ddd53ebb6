import { type BuurtProperties, buurtPublic } from '../domain/buurt-feature.js';
import { type AreaGeometry, type Bbox, bboxOf, meetsBox, unionOf } from '../geo/bbox.js';
import { reprojectGeometry, wgs84ToRd } from '../geo/rd-new.js';
import type { ServedDatasetInfo, Store } from '../ports/store.js';
import { CRS84, type OgcCrs } from './ogc-params.js';

/** One buurt as the OGC collection serves it: public (suppressed) properties, geometry and box per CRS. */
export interface OgcBuurt {
  code: string;
  properties: BuurtProperties;
  /** Geometry and bbox per CRS; RD New is made the first time it is asked for. */
  shapes: Partial<Record<OgcCrs, { geometry: AreaGeometry; bbox: Bbox }>>;
}

/** The buurten of one load, in code order, with the extent of all of them (CRS84). */
export interface OgcBuurtSet {
  info: ServedDatasetInfo;
  buurten: OgcBuurt[];
  extent: Bbox;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** The geometry and box of a buurt in a CRS (RD New: metres, rounded to millimetres). */
export function shapeIn(b: OgcBuurt, crs: OgcCrs): { geometry: AreaGeometry; bbox: Bbox } {
  const cached = b.shapes[crs];
  if (cached) return cached;
  const wgs = b.shapes[CRS84]!;
  const geometry = reprojectGeometry(wgs.geometry, (p) => wgs84ToRd(p).map(round) as [number, number]);
  const made = { geometry, bbox: bboxOf(geometry) };
  b.shapes[crs] = made;
  return made;
}

/** Buurten meeting a box given in `crs` (a CRS84 box with minx > maxx crosses the antimeridian). */
export function buurtenIn(buurten: readonly OgcBuurt[], box: Bbox, crs: OgcCrs): OgcBuurt[] {
  const boxes: Bbox[] =
    crs === CRS84 && box[0] > box[2]
      ? [
          [box[0], box[1], 180, box[3]],
          [-180, box[1], box[2], box[3]],
        ]
      : [box];
  return buurten.filter((b) => boxes.some((bx) => meetsBox(shapeIn(b, crs).geometry, bx)));
}

/**
 * The public buurten per load, made once per load (keyed by the store's dataset-info object, like
 * {@link PublicAnswers}): the same suppressed properties `/v1/buurten` serves.
 */
export class OgcBuurtSource {
  private readonly byLoad = new WeakMap<ServedDatasetInfo, Promise<OgcBuurtSet>>();

  constructor(
    private readonly store: Store,
    private readonly suppressBelow: number,
  ) {}

  /** The set of the load `info` describes. */
  get(info: ServedDatasetInfo): Promise<OgcBuurtSet> {
    const hit = this.byLoad.get(info);
    if (hit) return hit;
    const made = this.make(info);
    made.catch(() => this.byLoad.delete(info));
    this.byLoad.set(info, made);
    return made;
  }

  private async make(info: ServedDatasetInfo): Promise<OgcBuurtSet> {
    const entries = await this.store.listBuurten();
    const buurten = entries
      .map(
        ({ buurt, stats }): OgcBuurt => ({
          code: buurt.code,
          properties: buurtPublic(buurt, stats, this.suppressBelow).properties,
          shapes: { [CRS84]: { geometry: buurt.geometry, bbox: bboxOf(buurt.geometry) } },
        }),
      )
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    return { info, buurten, extent: unionOf(buurten.map((b) => b.shapes[CRS84]!.bbox)) };
  }
}

/**
 * Samples a GeoTIFF at addresses (`--raster NAME=FILE|URL`): the value of the cell each address lies in,
 * from the full-resolution image, band 1. The raster's CRS is read from its GeoKeys (RD New EPSG:28992 or
 * WGS84 EPSG:4326; anything else is refused with a hint). The GDAL nodata value (and NaN) reads as no
 * value. A URL is read with HTTP range requests, so a Cloud-Optimised GeoTIFF is fetched tile by tile: only
 * the tiles (or strips) that hold an address are read.
 */
import { existsSync } from 'node:fs';
import { fromFile, fromUrl, type GeoTIFFImage } from 'geotiff';
import { DatasetError } from '../../service/adapters/dataset/dataset-files.js';
import { type Crs, wgs84ToRd } from '../../service/geo/rd-new.js';
import { IMPORT_INPUTS, type ImportInput } from './input-units.js';

/** A `--raster NAME=FILE|URL` argument. */
export interface RasterSpec {
  input: ImportInput;
  source: string;
}

/** Parses `NAME=FILE|URL`; returns an error text for a bad one. */
export function parseRasterSpec(text: string): RasterSpec | string {
  const eq = text.indexOf('=');
  const name = eq > 0 ? text.slice(0, eq) : '';
  const source = eq > 0 ? text.slice(eq + 1) : '';
  if (!name || !source) return `--raster must be NAME=FILE|URL, got "${text}"`;
  if (!(IMPORT_INPUTS as readonly string[]).includes(name)) return `--raster input "${name}" is not one of ${IMPORT_INPUTS.join(', ')}`;
  return { input: name as ImportInput, source };
}

/** What a raster gave for each point: a value, `nodata`, or `outside` its extent. */
export type Sample = number | 'nodata' | 'outside';

/** The samples of one raster, in the order of the points, with the raster's CRS. */
export interface RasterSamples {
  crs: Crs;
  samples: Sample[];
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

function crsOf(source: string, image: GeoTIFFImage): Crs {
  const keys = image.getGeoKeys() ?? {};
  const projected = keys.ProjectedCSTypeGeoKey as number | undefined;
  const geographic = keys.GeographicTypeGeoKey as number | undefined;
  if (projected === 28992) return 'EPSG:28992';
  if (projected === undefined && geographic === 4326) return 'EPSG:4326';
  const found = projected !== undefined ? `EPSG:${projected}` : geographic !== undefined ? `EPSG:${geographic}` : 'no CRS';
  throw new DatasetError(
    source,
    null,
    'crs',
    `raster has ${found}; expected RD New (EPSG:28992) or WGS84 (EPSG:4326), e.g. gdalwarp -t_srs EPSG:28992`,
  );
}

/**
 * Samples the raster at `points` (WGS84 lon, lat). Throws {@link DatasetError} naming the raster when
 * it cannot be read or has an unsupported CRS.
 */
export async function sampleRaster(source: string, points: readonly (readonly [number, number])[]): Promise<RasterSamples> {
  if (!isUrl(source) && !existsSync(source)) throw new DatasetError(source, null, null, 'file not found');
  let image: GeoTIFFImage;
  try {
    const tiff = isUrl(source) ? await fromUrl(source, { allowFullFile: false }) : await fromFile(source);
    image = await tiff.getImage(0);
  } catch (err) {
    if (err instanceof DatasetError) throw err;
    throw new DatasetError(source, null, null, `not a readable GeoTIFF (${(err as Error).message})`);
  }
  const crs = crsOf(source, image);
  const [ox, oy] = image.getOrigin();
  const [rx, ry] = image.getResolution();
  const width = image.getWidth();
  const height = image.getHeight();
  const nodata = image.getGDALNoData();
  const tileW = image.getTileWidth();
  const tileH = image.getTileHeight();

  const samples: Sample[] = new Array(points.length).fill('outside');
  const byTile = new Map<string, { col: number; row: number; index: number }[]>();
  points.forEach(([lon, lat], index) => {
    const [x, y] = crs === 'EPSG:28992' ? wgs84ToRd([lon, lat]) : [lon, lat];
    const col = Math.floor((x - ox) / rx);
    const row = Math.floor((y - oy) / ry);
    if (!(col >= 0 && col < width && row >= 0 && row < height)) return;
    const key = `${Math.floor(col / tileW)},${Math.floor(row / tileH)}`;
    const list = byTile.get(key) ?? [];
    list.push({ col, row, index });
    byTile.set(key, list);
  });
  for (const [key, list] of byTile) {
    const [tx, ty] = key.split(',').map(Number);
    const x0 = tx * tileW;
    const y0 = ty * tileH;
    const x1 = Math.min(width, x0 + tileW);
    const y1 = Math.min(height, y0 + tileH);
    let band: ArrayLike<number>;
    try {
      const rasters = await image.readRasters({ window: [x0, y0, x1, y1], samples: [0] });
      band = rasters[0] as ArrayLike<number>;
    } catch (err) {
      throw new DatasetError(source, `tile ${key}`, null, `could not be read (${(err as Error).message})`);
    }
    for (const { col, row, index } of list) {
      const v = Number(band[(row - y0) * (x1 - x0) + (col - x0)]);
      samples[index] = Number.isNaN(v) || (nodata !== null && (v === nodata || v === Math.fround(nodata))) ? 'nodata' : v;
    }
  }
  return { crs, samples };
}

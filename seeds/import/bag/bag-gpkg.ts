/**
 * Reads the BAG layers from a GeoPackage (PDOK's BAG GeoPackage extract, tables `verblijfsobject`, `pand`,
 * `ligplaats`, `standplaats`, geometry in RD New) with sql.js: SQLite compiled to WebAssembly, as native
 * SQLite modules cannot build here. Geometries are GeoPackage binary (header + WKB), decoded below.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import initSqlJs, { type Database } from 'sql.js';
import { DatasetError } from '../../../service/adapters/dataset/dataset-files.js';
import { BAG_LAYERS, type BagLayers, type BagRow } from './bag-layout.js';

class WkbError extends Error {}

/** Decodes a WKB Point, Polygon or MultiPolygon (ISO or EWKB Z/M flags) to GeoJSON-like coordinates. */
function readWkb(view: DataView, start: number): { geometry: BagRow['geometry']; end: number } {
  let off = start;
  const need = (n: number) => {
    if (off + n > view.byteLength) throw new WkbError('truncated geometry');
  };
  need(5);
  const le = view.getUint8(off) === 1;
  let type = view.getUint32(off + 1, le);
  off += 5;
  let dims = 2;
  if (type & 0x20000000) {
    need(4);
    off += 4;
  } // EWKB SRID
  if (type & 0x80000000) dims++;
  if (type & 0x40000000) dims++;
  type &= 0x0fffffff;
  if (type > 1000) {
    dims += type >= 3000 ? 2 : 1;
    type %= 1000;
  }
  const pos = () => {
    need(8 * dims);
    const p = [view.getFloat64(off, le), view.getFloat64(off + 8, le)];
    off += 8 * dims;
    return p;
  };
  const count = () => {
    need(4);
    const n = view.getUint32(off, le);
    off += 4;
    return n;
  };
  const ring = () => Array.from({ length: count() }, pos);
  const polygon = () => Array.from({ length: count() }, ring);
  if (type === 1) return { geometry: { type: 'Point', coordinates: pos() }, end: off };
  if (type === 3) return { geometry: { type: 'Polygon', coordinates: polygon() }, end: off };
  if (type === 6) {
    const polys: unknown[] = [];
    for (let i = count(); i > 0; i--) {
      const part = readWkb(view, off);
      if (part.geometry?.type !== 'Polygon') throw new WkbError('a MultiPolygon part is not a Polygon');
      polys.push(part.geometry.coordinates);
      off = part.end;
    }
    return { geometry: { type: 'MultiPolygon', coordinates: polys }, end: off };
  }
  throw new WkbError(`unsupported WKB geometry type ${type}`);
}

const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

/** Decodes a GeoPackage binary geometry blob. */
function readGpkgGeometry(blob: Uint8Array): BagRow['geometry'] {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new WkbError('not a GeoPackage geometry (no "GP" magic)');
  const flags = blob[3];
  if (flags & 0x10) return null; // empty geometry
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 0x07];
  if (envelope === undefined) throw new WkbError('invalid envelope flag');
  return readWkb(view, 8 + envelope).geometry;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function readTable(file: string, db: Database, table: string): BagRow[] {
  const origin = `${file} table ${table}`;
  const geom = db.exec('SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?)', [table]);
  if (geom.length === 0 || geom[0].values.length === 0) {
    throw new DatasetError(file, `table ${table}`, null, `missing (a BAG GeoPackage has the feature tables ${BAG_LAYERS.join(', ')})`);
  }
  const [geomColumn, srsId] = geom[0].values[0] as [string, number];
  if (srsId !== 28992 && srsId !== 4326)
    throw new DatasetError(file, `table ${table}`, geomColumn, `unsupported SRS ${srsId} (use EPSG:28992 or EPSG:4326)`);
  const result = db.exec(`SELECT * FROM ${quote(table)} ORDER BY rowid`);
  if (result.length === 0) return [];
  const { columns, values } = result[0];
  return values.map((v, i) => {
    const where = `row ${i + 1}`;
    const props: Record<string, unknown> = {};
    let geometry: BagRow['geometry'] = null;
    columns.forEach((c, j) => {
      if (c === geomColumn) {
        if (v[j] === null) return;
        if (!(v[j] instanceof Uint8Array)) throw new DatasetError(origin, where, c, 'expected a GeoPackage geometry blob');
        try {
          geometry = readGpkgGeometry(v[j] as Uint8Array);
        } catch (err) {
          if (err instanceof WkbError) throw new DatasetError(origin, where, c, err.message);
          throw err;
        }
      } else {
        props[c] = v[j];
      }
    });
    return { origin, where, props, geometry };
  });
}

/** Reads the four BAG layers from a GeoPackage file. Throws {@link DatasetError}. */
export async function readBagGeoPackage(file: string, progress: (m: string) => void): Promise<BagLayers> {
  if (!existsSync(file)) throw new DatasetError(file, null, null, 'file not found');
  const bytes = await readFile(file);
  if (bytes.subarray(0, 16).toString('latin1') !== 'SQLite format 3\0')
    throw new DatasetError(file, null, null, 'not a GeoPackage (no SQLite header)');
  const wasm = createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
  const SQL = await initSqlJs({ locateFile: () => wasm });
  let db: Database;
  try {
    db = new SQL.Database(new Uint8Array(bytes));
    db.exec('SELECT 1 FROM gpkg_contents LIMIT 1');
  } catch (err) {
    throw new DatasetError(file, null, null, `not a readable GeoPackage (${(err as Error).message})`);
  }
  try {
    const out = {} as BagLayers;
    for (const layer of BAG_LAYERS) {
      out[layer] = readTable(file, db, layer);
      progress(`${layer}: ${out[layer].length} rows from ${file}`);
    }
    return out;
  } finally {
    db.close();
  }
}

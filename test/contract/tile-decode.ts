import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

/** The features' properties of one layer of a tile (empty when the tile or layer is empty). */
export function layerProperties(bytes: Buffer, layer: string): Record<string, string | number | boolean>[] {
  if (bytes.length === 0) return [];
  const l = new VectorTile(new PbfReader(bytes)).layers[layer];
  if (!l) return [];
  return Array.from({ length: l.length }, (_, i) => l.feature(i).properties);
}

/** The layer names of a tile. */
export function layerNames(bytes: Buffer): string[] {
  return bytes.length === 0 ? [] : Object.keys(new VectorTile(new PbfReader(bytes)).layers);
}

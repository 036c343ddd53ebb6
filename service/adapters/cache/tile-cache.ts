import { ADDRESS_SOURCE_MAX_ZOOM } from '../../domain/tile-zooms.js';
import { ByteLru } from './byte-lru.js';

/**
 * Deepest zoom whose tiles are cached. The viewer's sources stop at zoom 14 (buurten) and 16 (addresses)
 * and MapLibre draws deeper views from those tiles, so deeper tiles come only from other clients (a tile
 * proxy, a crawler): each covers a few buildings, is cheap to cut and is rarely asked for twice, and a
 * run of distinct deep tiles would otherwise push every shared low-zoom tile out of the cache and leave
 * the process holding tens of thousands of small entries. `npm run bench:tile-rss` measures it.
 */
export const TILE_CACHE_MAX_ZOOM = ADDRESS_SOURCE_MAX_ZOOM;

/**
 * What one cached entry costs beyond its bytes, measured (Node 20/22, x64): the key string (~50
 * characters), the Map slot, the Buffer and ArrayBuffer objects on the V8 heap (~370 B together) and
 * the backing store's allocation outside it: ≈ 850 B of RSS per entry with an empty buffer. Charging it
 * keeps the bound honest when most tiles are small.
 */
export const TILE_ENTRY_OVERHEAD = 1024;

/** Encoded vector tiles by key, bounded in bytes ({@link ByteLru}); tiles deeper than {@link TILE_CACHE_MAX_ZOOM} are not kept. */
export class TileCache {
  private readonly lru: ByteLru<string>;

  /** @param maxBytes bound of the cached tiles including {@link TILE_ENTRY_OVERHEAD} each; 0 caches nothing. */
  constructor(
    maxBytes: number,
    readonly maxZoom = TILE_CACHE_MAX_ZOOM,
  ) {
    this.lru = new ByteLru(maxBytes, TILE_ENTRY_OVERHEAD);
  }

  get(z: number, key: string): Buffer | undefined {
    return z <= this.maxZoom ? this.lru.get(key) : undefined;
  }

  set(z: number, key: string, bytes: Buffer): void {
    if (z <= this.maxZoom) this.lru.set(key, bytes);
  }

  clear(): void {
    this.lru.clear();
  }

  /** Summed cost of the cached tiles (never above the bound). */
  get bytes(): number {
    return this.lru.bytes;
  }

  get size(): number {
    return this.lru.size;
  }
}

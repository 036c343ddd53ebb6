import { ByteLru } from '../../service/adapters/cache/byte-lru.js';
import { TILE_CACHE_MAX_ZOOM, TILE_ENTRY_OVERHEAD, TileCache } from '../../service/adapters/cache/tile-cache.js';
import { TileIndex } from '../../service/adapters/memory/tile-index.js';
import { PointTiles } from '../../service/adapters/memory/point-tiles.js';
import { layerProperties } from '../contract/tile-decode.js';
import { tileOf } from '../contract/store-fixture.js';

const bytes = (n: number, fill = 1) => Buffer.alloc(n, fill);

describe('ByteLru', () => {
  it('when more bytes are added than the bound, then the cached total stays within it', () => {
    const lru = new ByteLru<number>(10_000, 100);
    for (let i = 0; i < 1_000; i += 1) {
      lru.set(i, bytes(50 + (i % 400)));
      expect(lru.bytes).toBeLessThanOrEqual(10_000);
    }
    expect(lru.size).toBeGreaterThan(0);
    expect(lru.size).toBeLessThan(1_000);
  });

  it('when the bound is reached, then the least recently used entry goes first', () => {
    const lru = new ByteLru<string>(3 * 110, 10);
    lru.set('a', bytes(100));
    lru.set('b', bytes(100));
    lru.set('c', bytes(100));
    expect(lru.get('a')).toBeDefined(); // a is now the most recently used
    lru.set('d', bytes(100));
    expect([lru.get('a') !== undefined, lru.get('b') !== undefined, lru.get('c') !== undefined, lru.get('d') !== undefined]).toEqual([
      true,
      false,
      true,
      true,
    ]);
  });

  it('when empty buffers are cached, then each still counts against the bound', () => {
    const lru = new ByteLru<number>(1_000, 100);
    for (let i = 0; i < 50; i += 1) lru.set(i, Buffer.alloc(0));
    expect(lru.size).toBe(10);
    expect(lru.bytes).toBe(1_000);
  });

  it('when an entry is larger than the whole bound, then it is not kept and nothing else is evicted', () => {
    const lru = new ByteLru<string>(500, 0);
    lru.set('small', bytes(100));
    lru.set('huge', bytes(501));
    expect(lru.get('huge')).toBeUndefined();
    expect(lru.get('small')).toEqual(bytes(100));
  });

  it('when a key is set again, then its old size is no longer counted', () => {
    const lru = new ByteLru<string>(1_000, 0);
    lru.set('k', bytes(600));
    lru.set('k', bytes(300, 2));
    expect(lru.bytes).toBe(300);
    expect(lru.get('k')).toEqual(bytes(300, 2));
  });

  it('when the bound is 0, then nothing is cached', () => {
    const lru = new ByteLru<string>(0);
    lru.set('k', bytes(1));
    expect(lru.size).toBe(0);
  });
});

/** A square "buurt" around a point and points on a grid inside it. */
const lon0 = 4.8;
const lat0 = 52.44;
const square = (d: number) => ({
  type: 'Feature' as const,
  properties: { code: 'BU1' },
  geometry: {
    type: 'Polygon' as const,
    coordinates: [
      [
        [lon0 - d, lat0 - d],
        [lon0 + d, lat0 - d],
        [lon0 + d, lat0 + d],
        [lon0 - d, lat0 + d],
        [lon0 - d, lat0 - d],
      ],
    ],
  },
});
const grid = Array.from({ length: 400 }, (_, i) => ({
  lon: lon0 + ((i % 20) - 10) * 0.0003,
  lat: lat0 + (Math.floor(i / 20) - 10) * 0.0002,
  properties: { id: `p${i}` },
}));

describe('tiles cut without keeping them', () => {
  it('when many distinct deep tiles are cut, then a tile cut again is the same as the first time', () => {
    const index = new TileIndex('buurten', [square(0.01)], 0, 22);
    const [x, y] = tileOf(lon0, lat0, 17);
    const first = index.tile(17, x, y);
    for (let dx = -20; dx <= 20; dx += 1) for (const z of [14, 17, 20]) index.tile(z, ...tileOf(lon0 + dx * 0.0004, lat0, z));
    expect(first.length).toBeGreaterThan(0);
    expect(index.tile(17, x, y)).toEqual(first);
    expect(layerProperties(first, 'buurten')).toEqual([{ code: 'BU1' }]);
  });

  it('when a point tile is cut, then it holds exactly the points inside the tile and its buffer, in their order', () => {
    const tiles = new PointTiles('addresses', grid, 15);
    const [x, y] = tileOf(lon0, lat0, 18);
    const ids = layerProperties(tiles.tile(18, x, y), 'addresses').map((p) => p.id);
    const n = 2 ** 18;
    const margin = 64 / 4096;
    const inside = grid
      .filter((p) => {
        const [px, py] = [
          ((p.lon + 180) / 360) * n,
          ((1 - Math.log(Math.tan((p.lat * Math.PI) / 180) + 1 / Math.cos((p.lat * Math.PI) / 180)) / Math.PI) / 2) * n,
        ];
        return px >= x - margin && px < x + 1 + margin && py >= y - margin && py < y + 1 + margin;
      })
      .map((p) => p.properties.id);
    expect(inside.length).toBeGreaterThan(0);
    expect(ids).toEqual(inside);
  });

  it('when a point tile lies below the lowest zoom, then it is empty', () => {
    const [x, y] = tileOf(lon0, lat0, 14);
    expect(new PointTiles('addresses', grid, 15).tile(14, x, y).length).toBe(0);
  });
});

describe('ByteLru ownership', () => {
  it('when empty buffers are cached, then they are all one shared empty buffer', () => {
    const lru = new ByteLru<string>(10_000);
    lru.set('a', Buffer.alloc(0));
    lru.set('b', Buffer.from(new Uint8Array(0)));
    expect(lru.get('a')!.length).toBe(0);
    expect(lru.get('a')).toBe(lru.get('b'));
  });

  it('when a small buffer from the shared pool is cached, then the entry holds only its own bytes', () => {
    const lru = new ByteLru<string>(10_000);
    const pooled = Buffer.from('a small tile');
    lru.set('k', pooled);
    const kept = lru.get('k')!;
    expect(kept).toEqual(pooled);
    expect(kept.buffer.byteLength).toBe(kept.length);
  });
});

describe('TileCache', () => {
  it('when a tile deeper than the viewer asks for is set, then it is not kept', () => {
    const cache = new TileCache(1_000_000);
    cache.set(TILE_CACHE_MAX_ZOOM + 1, 'addresses/17/1/1', bytes(100));
    expect(cache.get(TILE_CACHE_MAX_ZOOM + 1, 'addresses/17/1/1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('when many distinct deep tiles pass through, then the cached shallow tiles stay', () => {
    const cache = new TileCache(10 * (TILE_ENTRY_OVERHEAD + 500));
    for (let i = 0; i < 10; i += 1) cache.set(14, `buurten/14/${i}/0`, bytes(500, i + 1));
    for (let i = 0; i < 40_000; i += 1) cache.set(18 + (i % 5), `addresses/${18 + (i % 5)}/${i}/0`, bytes(300));
    expect(cache.size).toBe(10);
    for (let i = 0; i < 10; i += 1) expect(cache.get(14, `buurten/14/${i}/0`)).toEqual(bytes(500, i + 1));
  });

  it('when small tiles fill it, then each is charged its overhead too', () => {
    const cache = new TileCache(100 * TILE_ENTRY_OVERHEAD);
    for (let i = 0; i < 1_000; i += 1) cache.set(16, `addresses/16/${i}/0`, bytes(10));
    expect(cache.size).toBeLessThan(100);
    expect(cache.bytes).toBeLessThanOrEqual(100 * TILE_ENTRY_OVERHEAD);
  });
});

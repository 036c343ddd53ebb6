/** Zoom from which address points are served as vector tiles (they are too dense below it). */
export const ADDRESS_MIN_ZOOM = 15;

/**
 * Highest zoom of the national overview layers: gemeenten up to 9, wijken up to 12 (empty tiles above);
 * buurten are drawn from mid zooms on, so the country map never cuts thousands of buurten per tile.
 */
export const AREA_MAX_ZOOM = { gemeenten: 9, wijken: 12 } as const;

/**
 * Where the viewer switches layers: gemeenten below `wijken`, wijken from `wijken` to below `buurten`,
 * buurten from `buurten` on (each switch lies within the zooms the layer it leaves is served at, see
 * {@link AREA_MAX_ZOOM}; buurt tiles are not requested below it, so the country map never cuts every buurt).
 */
export const OVERVIEW_SWITCH_ZOOM = { wijken: 9, buurten: 11 } as const;

/**
 * Deepest zoom the viewer requests address tiles at (MapLibre stretches them deeper) and the deepest zoom
 * whose tiles the tile cache keeps: deeper tiles are many, each seen rarely, so caching them only costs memory.
 */
export const ADDRESS_SOURCE_MAX_ZOOM = 16;

/** Highest zoom the tile routes accept; every store serves real tiles up to it. */
export const MAX_TILE_ZOOM = 22;

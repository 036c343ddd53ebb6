/** Zoom from which address points are served as vector tiles (they are too dense below it). */
export const ADDRESS_MIN_ZOOM = 15;

/** Highest zoom the tile routes accept; every store serves real tiles up to it. */
export const MAX_TILE_ZOOM = 22;

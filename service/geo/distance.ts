/** Metres per degree of latitude (equirectangular approximation). */
export const M_PER_DEG_LAT = 110_574;
/** Metres per degree of longitude at the equator (multiply by cos(latitude)). */
export const M_PER_DEG_LON = 111_320;

/** Approximate ground distance in metres between two nearby WGS84 points (equirectangular; fine within a city). */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dx = (lon2 - lon1) * M_PER_DEG_LON * Math.cos(((lat1 + lat2) / 2) * (Math.PI / 180));
  const dy = (lat2 - lat1) * M_PER_DEG_LAT;
  return Math.hypot(dx, dy);
}

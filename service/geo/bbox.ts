/**
 * Bounding boxes of (Multi)Polygons and whether a polygon meets a box, exactly (not just by envelope), in
 * whatever planar coordinates both are given in (WGS84 degrees or RD New metres).
 */

/** `[minX, minY, maxX, maxY]`. */
export type Bbox = [number, number, number, number];

/** A Polygon or MultiPolygon as in GeoJSON. */
export type AreaGeometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

const polygonsOf = (g: AreaGeometry): number[][][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

/** The bounding box of a geometry. */
export function bboxOf(g: AreaGeometry): Bbox {
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of polygonsOf(g))
    for (const ring of polygon)
      for (const [x, y] of ring) {
        if (x < box[0]) box[0] = x;
        if (y < box[1]) box[1] = y;
        if (x > box[2]) box[2] = x;
        if (y > box[3]) box[3] = y;
      }
  return box;
}

/** The box covering all given boxes. */
export function unionOf(boxes: readonly Bbox[]): Bbox {
  return boxes.reduce<Bbox>(
    (u, b) => [Math.min(u[0], b[0]), Math.min(u[1], b[1]), Math.max(u[2], b[2]), Math.max(u[3], b[3])],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
}

const boxesMeet = (a: Bbox, b: Bbox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
const inBox = (x: number, y: number, b: Bbox) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];

/** Even-odd point in polygon (outer ring and holes). */
function inPolygon(x: number, y: number, polygon: number[][][]): boolean {
  let inside = false;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

const cross = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

/** Whether segments p1p2 and p3p4 touch or cross. */
function segmentsMeet(p1: number[], p2: number[], p3: number[], p4: number[]): boolean {
  const d1 = cross(p3[0], p3[1], p4[0], p4[1], p1[0], p1[1]);
  const d2 = cross(p3[0], p3[1], p4[0], p4[1], p2[0], p2[1]);
  const d3 = cross(p1[0], p1[1], p2[0], p2[1], p3[0], p3[1]);
  const d4 = cross(p1[0], p1[1], p2[0], p2[1], p4[0], p4[1]);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  const onSegment = (a: number[], b: number[], c: number[]) =>
    Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);
  return (
    (d1 === 0 && onSegment(p3, p4, p1)) ||
    (d2 === 0 && onSegment(p3, p4, p2)) ||
    (d3 === 0 && onSegment(p1, p2, p3)) ||
    (d4 === 0 && onSegment(p1, p2, p4))
  );
}

/**
 * Whether a geometry and a box share at least one point: a vertex of the geometry lies in the box, a
 * corner of the box lies in the geometry, or an edge of the geometry crosses an edge of the box.
 */
export function meetsBox(g: AreaGeometry, box: Bbox): boolean {
  if (!boxesMeet(bboxOf(g), box)) return false;
  const corners = [
    [box[0], box[1]],
    [box[2], box[1]],
    [box[2], box[3]],
    [box[0], box[3]],
  ];
  const sides = corners.map((c, i) => [c, corners[(i + 1) % 4]]);
  for (const polygon of polygonsOf(g)) {
    if (polygon.some((ring) => ring.some(([x, y]) => inBox(x, y, box)))) return true;
    if (corners.some(([x, y]) => inPolygon(x, y, polygon))) return true;
    for (const ring of polygon) {
      for (let i = 1; i < ring.length; i++) if (sides.some(([a, b]) => segmentsMeet(ring[i - 1], ring[i], a, b))) return true;
    }
  }
  return false;
}

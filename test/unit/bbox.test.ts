import fc from 'fast-check';
import { bboxPolygon, booleanIntersects, polygon as turfPolygon } from '@turf/turf';
import { type AreaGeometry, type Bbox, bboxOf, meetsBox } from '../../service/geo/bbox.js';

const square = (x0: number, y0: number, x1: number, y1: number): number[][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const poly = (...rings: number[][][]): AreaGeometry => ({ type: 'Polygon', coordinates: rings });

describe('meetsBox', () => {
  it('when the box lies inside the polygon without touching a vertex, then they meet', () => {
    expect(meetsBox(poly(square(0, 0, 10, 10)), [4, 4, 5, 5])).toBe(true);
  });

  it('when the box lies inside a hole of the polygon, then they do not meet', () => {
    expect(meetsBox(poly(square(0, 0, 10, 10), square(2, 2, 8, 8)), [4, 4, 5, 5])).toBe(false);
  });

  it('when a thin bar crosses the box with no vertex inside it and no box corner inside the bar, then they meet', () => {
    expect(meetsBox(poly(square(-10, 4, 20, 5)), [0, 0, 10, 10])).toBe(true);
  });

  it('when the box sits in the notch of an L-shaped polygon (envelopes overlap), then they do not meet', () => {
    const l = [
      [0, 0],
      [10, 0],
      [10, 2],
      [2, 2],
      [2, 10],
      [0, 10],
      [0, 0],
    ];
    expect(meetsBox(poly(l), [5, 5, 9, 9])).toBe(false);
  });

  it('when random triangles and boxes are compared with turf.booleanIntersects, then the answers agree', () => {
    const coord = fc.integer({ min: -20, max: 20 });
    fc.assert(
      fc.property(fc.tuple(coord, coord, coord, coord, coord, coord), fc.tuple(coord, coord, coord, coord), (t, b) => {
        const ring = [
          [t[0], t[1]],
          [t[2], t[3]],
          [t[4], t[5]],
          [t[0], t[1]],
        ];
        const area = (t[2] - t[0]) * (t[5] - t[1]) - (t[4] - t[0]) * (t[3] - t[1]);
        fc.pre(area !== 0);
        const box: Bbox = [Math.min(b[0], b[2]), Math.min(b[1], b[3]), Math.max(b[0], b[2]), Math.max(b[1], b[3])];
        fc.pre(box[0] < box[2] && box[1] < box[3]);
        expect(meetsBox(poly(ring), box)).toBe(booleanIntersects(turfPolygon([ring]), bboxPolygon(box)));
      }),
      { numRuns: 2000 },
    );
  });

  it('when a MultiPolygon is measured, then its bbox covers all its parts', () => {
    expect(bboxOf({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1, 1)], [square(5, -2, 6, 3)]] })).toEqual([0, -2, 6, 3]);
  });
});

import { parseCrs, rdToWgs84, reprojectGeometry, wgs84ToRd } from '../../service/geo/rd-new.js';

describe('service/geo rd-new', () => {
  test('when converting the RD origin (Amersfoort), then the published WGS84 position comes out', () => {
    const [lon, lat] = rdToWgs84([155000, 463000]);
    expect(lon).toBeCloseTo(5.38720621, 5);
    expect(lat).toBeCloseTo(52.1551744, 5);
  });

  test('when converting to RD and back, then the position is unchanged to the centimetre', () => {
    const start = [4.8293, 52.4245];
    const back = rdToWgs84(wgs84ToRd(start));
    expect(Math.abs(back[0] - start[0]) * 68000).toBeLessThan(0.01);
    expect(Math.abs(back[1] - start[1]) * 111000).toBeLessThan(0.01);
  });

  test('when reprojecting a polygon, then every position is converted and the shape is kept', () => {
    const g = {
      type: 'Polygon',
      coordinates: [
        [
          [155000, 463000],
          [155100, 463000],
          [155100, 463100],
          [155000, 463000],
        ],
      ],
    };
    const out = reprojectGeometry(g, rdToWgs84);
    const ring = out.coordinates as number[][][];
    expect(ring[0]).toHaveLength(4);
    expect(ring[0][0][0]).toBeCloseTo(5.3872, 4);
    expect(g.coordinates[0][0][0]).toBe(155000);
  });

  test('when reading CRS names in the usual spellings, then RD New and WGS84 are recognised', () => {
    expect(parseCrs('urn:ogc:def:crs:EPSG::28992')).toBe('EPSG:28992');
    expect(parseCrs('http://www.opengis.net/def/crs/EPSG/0/28992')).toBe('EPSG:28992');
    expect(parseCrs('EPSG:4326')).toBe('EPSG:4326');
    expect(parseCrs('http://www.opengis.net/def/crs/OGC/1.3/CRS84')).toBe('EPSG:4326');
    expect(parseCrs('EPSG:3857')).toBeNull();
  });
});

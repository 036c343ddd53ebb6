/**
 * The viewer's hash format as pure functions (no browser needed): every accepted form parses, and what the
 * viewer writes parses back to the same route.
 */
import { formatHash, parseHash, type Route } from '../../viewer/src/router.js';

describe('viewer hash routes', () => {
  test.each([
    ['', { kind: 'map' }],
    ['#/', { kind: 'map' }],
    ['#/buurt/BU04797110', { kind: 'buurt', code: 'BU04797110' }],
    ['#/adres/0479010000048006', { kind: 'address', id: '0479010000048006' }],
    ['#/address/0479010000048006', { kind: 'address', id: '0479010000048006' }],
    ['#/model', { kind: 'model' }],
    ['#/nonsense/x', { kind: 'map' }],
    ['#/buurt/<script>', { kind: 'map' }],
  ])('when the hash is "%s", then the page is %j', (hash, page) => {
    expect(parseHash(hash).page).toEqual(page);
  });

  test('when a route with view, layer and language is written, then it parses back to the same route', () => {
    const route: Route = {
      page: { kind: 'buurt', code: 'BU04797110' },
      view: { zoom: 14.25, lat: 52.4312, lon: 4.8231 },
      layer: 'shareDE',
      lang: 'en',
    };
    const hash = formatHash(route);
    expect(hash).toBe('#/buurt/BU04797110?map=14.25/52.43120/4.82310&layer=shareDE&lang=en');
    expect(parseHash(hash)).toEqual(route);
  });

  test("when nothing but the page is known, then the written hash is today's short form", () => {
    expect(formatHash({ page: { kind: 'address', id: '123' }, view: null, layer: null, lang: null })).toBe('#/adres/123');
    expect(formatHash({ page: { kind: 'map' }, view: null, layer: null, lang: null })).toBe('#/');
  });

  test.each(['map=abc', 'map=30/52/4', 'map=10/95/4', 'lang=fr'])('when the parameter "%s" is malformed, then it is ignored', (param) => {
    const route = parseHash(`#/model?${param}`);
    expect(route.page).toEqual({ kind: 'model' });
    expect(route.view).toBeNull();
    expect(route.lang).toBeNull();
  });
});

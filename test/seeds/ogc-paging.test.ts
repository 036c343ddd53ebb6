import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importBuurten } from '../../seeds/import/cbs-buurten.js';

const rd = JSON.parse(readFileSync('test/fixtures/seeds/buurten-rd.geojson', 'utf8'));

/** A local OGC API Features server: one RD New feature per page, relative `next` links, PDOK property names. */
function startServer(requests: string[]): Promise<Server> {
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const offset = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('offset') ?? 0);
    const f = rd.features[offset];
    const p = f.properties;
    const feature = {
      type: 'Feature',
      geometry: f.geometry,
      properties: {
        buurtcode: p.bu_code,
        buurtnaam: p.bu_naam,
        wijkcode: p.wk_code,
        gemeentecode: p.gm_code,
        gemeentenaam: p.gm_naam,
        meestVoorkomendePostcode: p.postcode,
        aantalHuishoudens: p.aantal_hh,
      },
    };
    const links =
      offset + 1 < rd.features.length ? [{ rel: 'next', href: `items?offset=${offset + 1}&limit=1`, type: 'application/geo+json' }] : [];
    res.writeHead(200, { 'content-type': 'application/geo+json', 'content-crs': '<http://www.opengis.net/def/crs/EPSG/0/28992>' });
    res.end(JSON.stringify({ type: 'FeatureCollection', features: [feature], links, numberReturned: 1 }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('OGC API Features paging', () => {
  test('when a server pages its buurten with next links, then all pages are followed and reprojected', async () => {
    const requests: string[] = [];
    const server = await startServer(requests);
    try {
      const { port } = server.address() as AddressInfo;
      const buurten = await importBuurten(`http://127.0.0.1:${port}/collections/buurten/items?offset=0&limit=1`);
      expect(requests).toHaveLength(3);
      expect(buurten.map((b) => b.code)).toEqual(['BU04792110', 'BU04792130', 'BU04795120']);
      const [lon, lat] = buurten[0].geometry.coordinates[0][0] as number[];
      expect(lon).toBeCloseTo(4.826, 5);
      expect(lat).toBeCloseTo(52.422, 5);
      expect(buurten[2].huishoudens).toBeNull();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

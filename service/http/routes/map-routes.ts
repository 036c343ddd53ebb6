import type { AppDeps } from '../deps.js';
import { addressTileJson, buurtTileJson, mapStyle } from '../map-documents.js';
import { OgcBuurtSource } from '../ogc-buurten.js';
import { queryOptions } from '../request-signal.js';
import type { RouteRegistry } from '../route-registry.js';
import { ROUTES } from '../route-table.js';
import { baseUrlOf } from './ogc-routes.js';

/**
 * TileJSON 3.0.0 for both tile layers and a MapLibre style of the buurt tiles, with absolute tile URLs of
 * this server and the bounds of the loaded buurten. The address TileJSON is open; its tiles are not.
 */
export function mapRoutes({ store, config, manifest }: AppDeps, r: RouteRegistry): void {
  const source = new OgcBuurtSource(store, config.suppressBelow);
  const boundsOf = async (res: Parameters<typeof queryOptions>[0]) => (await source.get(await store.info(queryOptions(res)))).extent;
  const sendJson = (res: Parameters<typeof queryOptions>[0], doc: unknown) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json(doc);
  };
  r.on(ROUTES.buurtTileJson, async (req, res) =>
    sendJson(res, buurtTileJson(baseUrlOf(req, config.publicUrl), await boundsOf(res), manifest.version)),
  );
  r.on(ROUTES.addressTileJson, async (req, res) =>
    sendJson(res, addressTileJson(baseUrlOf(req, config.publicUrl), await boundsOf(res), manifest.version)),
  );
  r.on(ROUTES.mapStyle, async (req, res) => sendJson(res, mapStyle(baseUrlOf(req, config.publicUrl), await boundsOf(res))));
}

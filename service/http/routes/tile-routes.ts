import type { Request, Response } from 'express';
import type { TileLayer } from '../../ports/store.js';
import type { AppDeps } from '../deps.js';
import { sendCached } from './buurt-routes.js';
import { ApiError } from '../problems.js';
import { queryOptions } from '../request-signal.js';
import type { RouteRegistry } from '../route-registry.js';
import { ROUTES } from '../route-table.js';
import { principalOf } from '../access-guard.js';
import { tileSchema } from '../schemas.js';
import { parseOr400 } from '../validate.js';

/**
 * Mapbox vector tiles. Buurten (`/tiles/buurten/{z}/{x}/{y}.mvt`) are open data and publicly cacheable;
 * addresses (`/tiles/addresses/{z}/{x}/{y}.mvt`, from zoom 15) carry address-level risk, which is closed
 * data: they have their own route, so an access guard can sit in front of it, and are cached privately.
 */
export function tileRoutes({ store }: AppDeps, r: RouteRegistry): void {
  const serve =
    (layer: 'buurten' | 'addresses' | 'gemeenten' | 'wijken', visibility: 'public' | 'private') => async (req: Request, res: Response) => {
      if (!['z', 'x', 'y'].every((k) => /^\d{1,10}$/.test(String(req.params[k]))))
        throw new ApiError('INVALID_TILE', `Tiles are addressed as /tiles/${layer}/{z}/{x}/{y}.mvt with whole numbers.`);
      const t = parseOr400(tileSchema, { layer, z: req.params.z, x: req.params.x, y: req.params.y }, 'tile');
      // Planners see the class of each address, not its probability.
      const served: TileLayer = layer === 'addresses' && principalOf(res).role === 'planner' ? 'address-classes' : layer;
      const bytes = await store.tile(served, t.z, t.x, t.y, queryOptions(res));
      sendCached(req, res, 'application/vnd.mapbox-vector-tile', bytes, 3600, visibility);
    };
  r.on(ROUTES.buurtTile, serve('buurten', 'public'));
  r.on(ROUTES.gemeenteTile, serve('gemeenten', 'public'));
  r.on(ROUTES.wijkTile, serve('wijken', 'public'));
  r.on(ROUTES.addressTile, serve('addresses', 'private'));
}

import { Router, type Request, type Response } from 'express';
import type { TileLayer } from '../../ports/store.js';
import type { AppDeps } from '../deps.js';
import { sendCached } from './buurt-routes.js';
import { ApiError } from '../problems.js';
import { queryOptions } from '../request-signal.js';
import { tileSchema } from '../schemas.js';
import { parseOr400 } from '../validate.js';

/**
 * Mapbox vector tiles. Buurten (`/tiles/buurten/{z}/{x}/{y}.mvt`) are open data and publicly cacheable;
 * addresses (`/tiles/addresses/{z}/{x}/{y}.mvt`, from zoom 15) carry address-level risk, which is closed
 * data: they have their own route, so an access guard can sit in front of it, and are cached privately.
 */
export function tileRoutes({ store }: AppDeps): Router {
  const r = Router();
  const serve = (layer: TileLayer, visibility: 'public' | 'private') => async (req: Request, res: Response) => {
    const m = /^(\d+)\.mvt$/.exec(String(req.params.file));
    if (!m) throw new ApiError('INVALID_TILE', `Tiles are addressed as /tiles/${layer}/{z}/{x}/{y}.mvt.`);
    const t = parseOr400(tileSchema, { layer, z: req.params.z, x: req.params.x, y: m[1] }, 'tile');
    const bytes = await store.tile(layer, t.z, t.x, t.y, queryOptions(res));
    sendCached(req, res, 'application/vnd.mapbox-vector-tile', bytes, 3600, visibility);
  };
  r.get('/tiles/buurten/:z/:x/:file', serve('buurten', 'public'));
  r.get('/tiles/addresses/:z/:x/:file', serve('addresses', 'private'));
  return r;
}

import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { sendCached } from './buurt-routes.js';
import { ApiError } from '../problems.js';
import { queryOptions } from '../request-signal.js';
import { tileSchema } from '../schemas.js';
import { parseOr400 } from '../validate.js';

/** Mapbox vector tiles: `/tiles/buurten/{z}/{x}/{y}.mvt` and `/tiles/addresses/{z}/{x}/{y}.mvt` (from zoom 15). */
export function tileRoutes({ store }: AppDeps): Router {
  const r = Router();
  r.get('/tiles/:layer/:z/:x/:file', async (req, res) => {
    const m = /^(\d+)\.mvt$/.exec(req.params.file);
    if (!m) throw new ApiError('INVALID_TILE', 'Tiles are addressed as /tiles/{layer}/{z}/{x}/{y}.mvt.');
    const t = parseOr400(tileSchema, { ...req.params, y: m[1] }, 'tile');
    const bytes = await store.tile(t.layer, t.z, t.x, t.y, queryOptions(res));
    sendCached(req, res, 'application/vnd.mapbox-vector-tile', bytes, 3600);
  });
  return r;
}

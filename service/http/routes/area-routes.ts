import type { Request, Response } from 'express';
import { type AreaLevel, areaAggregates } from '../../domain/area-aggregates.js';
import type { AppDeps } from '../deps.js';
import { PublicAnswers, cachedBody } from '../public-answers.js';
import { queryOptions } from '../request-signal.js';
import type { RouteRegistry } from '../route-registry.js';
import { ROUTES } from '../route-table.js';
import { areasQuerySchema } from '../schemas.js';
import { parseOr400 } from '../validate.js';
import { sendCached } from './buurt-routes.js';

/**
 * National overview: wijk and gemeente aggregates (public). Built from the buurt entries and the buurt
 * suppression (see `areaAggregates`), serialised once per load like the buurten answers.
 */
export function areaRoutes({ store, config, manifest }: AppDeps, r: RouteRegistry): void {
  const answers = new PublicAnswers();
  const serve = (level: AreaLevel) => async (req: Request, res: Response) => {
    const { gemeente } =
      level === 'wijk' ? parseOr400(areasQuerySchema, req.query, 'query') : parseOr400(areasQuerySchema.pick({}), req.query, 'query');
    const info = await store.info(queryOptions(res));
    const answer = (await answers.get(info, `${level}:${gemeente ?? '*'}`, async () => {
      const areas = areaAggregates(await store.listBuurten(), level, config.suppressBelow).filter(
        (a) => !gemeente || a.gemeenteCode === gemeente,
      );
      return cachedBody(
        JSON.stringify({
          metadata: {
            level,
            synthetic: info.synthetic,
            modelVersion: manifest.version,
            datasetVersion: info.version,
            suppressedBelow: config.suppressBelow,
          },
          areas,
        }),
      );
    }))!;
    sendCached(req, res, 'application/json', answer);
  };
  r.on(ROUTES.gemeenten, serve('gemeente'));
  r.on(ROUTES.wijken, serve('wijk'));
}

import type { AppDeps } from '../deps.js';
import { ApiError } from '../problems.js';
import type { RouteRegistry } from '../route-registry.js';
import { ROUTES } from '../route-table.js';

/** The model's manifest and card. */
export function modelRoutes({ manifest, modelCard }: AppDeps, r: RouteRegistry): void {
  r.on(ROUTES.model, (_req, res) => {
    res.json(manifest);
  });
  r.on(ROUTES.modelCard, (_req, res) => {
    if (modelCard === null) throw new ApiError('MODEL_CARD_NOT_FOUND', `Model ${manifest.version} has no card.json.`);
    res.json(modelCard);
  });
}

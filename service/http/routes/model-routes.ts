import { Router } from 'express';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../problems.js';

/** The model's manifest and card. */
export function modelRoutes({ manifest, modelCard }: AppDeps): Router {
  const r = Router();
  r.get('/v1/model', (_req, res) => {
    res.json(manifest);
  });
  r.get('/v1/model/card', (_req, res) => {
    if (modelCard === null) throw new ApiError('MODEL_CARD_NOT_FOUND', `Model ${manifest.version} has no card.json.`);
    res.json(modelCard);
  });
  return r;
}

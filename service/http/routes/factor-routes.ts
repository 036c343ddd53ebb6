import { type FactorBuilding, type FactorTable, factorBuildings, factorTable } from '../../domain/buurt-factors.js';
import type { RiskScorer } from '../../domain/risk-scorer.js';
import { FEATURE_NAMES } from '../../features/feature-spec.js';
import type { ServedDatasetInfo } from '../../ports/store.js';
import type { AppDeps } from '../deps.js';
import { wijkCodeSchema } from '../factor-schemas.js';
import { ApiError } from '../problems.js';
import { cachedBody } from '../public-answers.js';
import { queryOptions } from '../request-signal.js';
import type { RouteRegistry } from '../route-registry.js';
import { ROUTES } from '../route-table.js';
import { buurtCodeSchema } from '../schemas.js';
import { parseOr400 } from '../validate.js';
import { sendCached } from './buurt-routes.js';

/**
 * The scored buildings with their SHAP values, per load and scorer, shared by every app built over the
 * same store (tests build many): TreeSHAP over the whole stock is the costly part.
 */
const buildingsByLoad = new WeakMap<ServedDatasetInfo, Map<RiskScorer, Promise<FactorBuilding[]>>>();

/**
 * "Why is this buurt high": the factor table is computed once per load (TreeSHAP over every scored
 * building, ≈ 1 s for the demo), without any one request's abort signal, then served from memory.
 */
export function factorRoutes({ store, scorer, manifest, config }: AppDeps, r: RouteRegistry): void {
  const tables = new WeakMap<ServedDatasetInfo, Promise<FactorTable>>();
  const tableOf = (info: ServedDatasetInfo): Promise<FactorTable> => {
    const known = tables.get(info);
    if (known) return known;
    const byScorer = buildingsByLoad.get(info) ?? new Map<RiskScorer, Promise<FactorBuilding[]>>();
    buildingsByLoad.set(info, byScorer);
    let shared = byScorer.get(scorer);
    if (!shared) {
      shared = (async () =>
        factorBuildings(await store.listEntries(null), async (xs) =>
          (await scorer.explainMany(xs)).map((e) => {
            const byName = new Map(e.factors.map((f) => [f.feature, f.contribution]));
            return FEATURE_NAMES.map((n) => byName.get(n) ?? 0);
          }),
        ))();
      byScorer.set(scorer, shared);
      shared.catch(() => byScorer.delete(scorer));
    }
    const made = (async () =>
      factorTable(
        await shared,
        (await store.listBuurten()).map((b) => b.buurt),
        config.suppressBelow,
      ))();
    tables.set(info, made);
    made.catch(() => tables.delete(info));
    return made;
  };

  r.on(ROUTES.buurtFactors, async (req, res) => {
    const code = parseOr400(buurtCodeSchema, req.params.code, 'buurt code', 'code');
    const answer = (await tableOf(await store.info(queryOptions(res)))).buurten.get(code);
    if (!answer) throw new ApiError('BUURT_NOT_FOUND', `No buurt with code ${code}.`);
    sendCached(req, res, 'application/json', cachedBody(JSON.stringify({ ...answer, modelVersion: manifest.version })));
  });

  r.on(ROUTES.wijkFactors, async (req, res) => {
    const code = parseOr400(wijkCodeSchema, req.params.code, 'wijk code', 'code');
    const answer = (await tableOf(await store.info(queryOptions(res)))).wijken.get(code);
    if (!answer) throw new ApiError('NOT_FOUND', `No wijk with code ${code}.`);
    sendCached(req, res, 'application/json', cachedBody(JSON.stringify({ ...answer, modelVersion: manifest.version })));
  });
}

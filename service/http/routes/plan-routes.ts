import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { type PlanAnswer, type PlanContext, makePlan } from '../../domain/plans.js';
import { planCandidates, unsurveyedProbabilityOf } from '../../domain/plans-candidates.js';
import { planCsv, planForRole, planGeojson } from '../../domain/plans-export.js';
import { type CsvDialect, DUTCH_EXCEL_CSV } from '../../domain/csv-dialect.js';
import { requestCsvDialect } from '../csv-request.js';
import { allows } from '../../domain/access/roles.js';
import { principalOf } from '../access-guard.js';
import type { AppDeps } from '../deps.js';
import { planIdSchema, planQuerySchema, planRequestSchema } from '../plan-schemas.js';
import { ApiError } from '../problems.js';
import { queryOptions } from '../request-signal.js';
import type { RouteRegistry } from '../route-registry.js';
import { ROUTES } from '../route-table.js';
import { parseOr400 } from '../validate.js';

/**
 * `POST /v1/plans`: a survey plan for a budget. Validates the body, checks the area's codes against the
 * loaded buurten, makes the plan (one domain call), keeps it with its model and dataset version, and
 * answers JSON, CSV (Dutch Excel) or GeoJSON. `GET /v1/plans/{id}` gives a kept plan again.
 */
export function planRoutes({ store, scorer, manifest, config }: AppDeps, r: RouteRegistry): void {
  const stock = manifest.stockCalibration;
  const ctx: PlanContext = {
    scale: stock ? 'stock' : 'survey-relative',
    covariance: stock?.covariance ?? null,
    surveyError: stock?.surveyError ?? { falsePositive: 0, falseNegative: 0 },
    auditRows: stock?.auditRows ?? null,
    costs: config.planCosts,
  };

  r.on(ROUTES.plans, async (req, res) => {
    const { format, ...dialectQuery } = parseOr400(planQuerySchema, req.query, 'query');
    const dialect = format === 'csv' ? requestCsvDialect(req, dialectQuery, DUTCH_EXCEL_CSV) : DUTCH_EXCEL_CSV;
    const body = parseOr400(planRequestSchema, req.body, 'plan');
    const opts = queryOptions(res);
    const [info, buurten] = await Promise.all([store.info(opts), store.listBuurten(opts)]);
    const known = new Set(buurten.map((b) => b.buurt.code));
    const wijken = new Set(buurten.map((b) => b.buurt.wijkCode));
    const unknown = [
      ...(body.area?.buurten ?? []).flatMap((c, i) =>
        known.has(c) ? [] : [{ path: `area.buurten.${i}`, message: `no buurt ${c} in the loaded data` }],
      ),
      ...(body.area?.wijken ?? []).flatMap((c, i) =>
        wijken.has(c) ? [] : [{ path: `area.wijken.${i}`, message: `no wijk ${c} in the loaded data` }],
      ),
    ];
    if (unknown.length > 0)
      throw new ApiError('VALIDATION_FAILED', `Invalid plan: ${unknown.map((u) => `${u.path}: ${u.message}`).join('; ')}`, unknown);
    const codes = body.area?.polygon
      ? null
      : body.area
        ? [
            ...new Set([
              ...(body.area.buurten ?? []),
              ...buurten.filter((b) => body.area!.wijken?.includes(b.buurt.wijkCode)).map((b) => b.buurt.code),
            ]),
          ]
        : null;
    const entries = await store.listEntries(codes, opts);
    const setOf = (margin: number, p: number, bouwjaar: number | null) => scorer.resultOf(p, margin, bouwjaar).conformal.set;
    const { surveys, euros, costPerSurvey, costPerBlock } = body.budget;
    const budget = surveys !== undefined ? { surveys } : { euros: euros!, costPerSurvey, costPerBlock };
    const plan = makePlan(
      { ...body, budget },
      planCandidates(
        entries,
        buurten.map((b) => b.buurt),
        setOf,
        unsurveyedProbabilityOf(stock),
      ),
      ctx,
      {
        id: randomUUID(),
        createdAt: new Date().toISOString(),
        modelVersion: manifest.version,
        datasetVersion: info.version,
        synthetic: info.synthetic,
      },
    );
    await store.savePlan(
      {
        id: plan.id,
        createdAt: plan.createdAt,
        modelVersion: plan.modelVersion,
        datasetVersion: plan.datasetVersion,
        objective: plan.objective,
        answer: plan,
      },
      opts,
    );
    res.setHeader('Location', `/v1/plans/${plan.id}`);
    send(res, plan, format, dialect);
  });

  r.on(ROUTES.plan, async (req, res) => {
    const { format, ...dialectQuery } = parseOr400(planQuerySchema, req.query, 'query');
    const dialect = format === 'csv' ? requestCsvDialect(req, dialectQuery, DUTCH_EXCEL_CSV) : DUTCH_EXCEL_CSV;
    const id = parseOr400(planIdSchema, req.params.id, 'plan id', 'id');
    const kept = await store.getPlan(id, queryOptions(res));
    if (!kept) throw new ApiError('NOT_FOUND', `No plan with id ${id}.`);
    send(res, kept.answer as PlanAnswer, format, dialect);
  });
}

/** Sends a plan as JSON, CSV (Dutch Excel unless another dialect was asked for) or GeoJSON, with probabilities only for inspectors and up. */
function send(res: Response, plan: PlanAnswer, format: 'json' | 'csv' | 'geojson' | undefined, dialect: CsvDialect): void {
  const withProbability = allows(principalOf(res).role, 'inspector');
  if (format === 'csv') {
    res.setHeader('Content-Disposition', `attachment; filename="onderzoeksplan-${plan.id.slice(0, 8)}.csv"`);
    res.type('text/csv; charset=utf-8').send(planCsv(plan, withProbability, dialect));
    return;
  }
  if (format === 'geojson') {
    res.setHeader('Content-Disposition', `attachment; filename="onderzoeksplan-${plan.id.slice(0, 8)}.geojson"`);
    res.type('application/geo+json').send(planGeojson(plan, withProbability));
    return;
  }
  res.json(planForRole(plan, withProbability));
}

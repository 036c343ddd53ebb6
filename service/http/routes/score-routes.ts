import type { FeatureInput } from '../../features/feature-spec.js';
import { type RiskResult, insufficientData, releaseEventLoop } from '../../domain/risk-scorer.js';
import type { AppDeps } from '../deps.js';
import { zodIssues } from '../error-handler.js';
import { ApiError } from '../problems.js';
import type { RouteRegistry } from '../route-registry.js';
import { ROUTES } from '../route-table.js';
import { scoreBatchSchema, scoreQuerySchema, scoreRowSchema } from '../schemas.js';
import { parseOr400 } from '../validate.js';

type RowOutcome =
  | { index: number; input: FeatureInput; reason: null }
  | { index: number; input: FeatureInput; reason: { code: 'INSUFFICIENT_DATA'; message: string; messageNl: string } }
  | { index: number; error: { code: 'VALIDATION_FAILED'; errors: { path: string; message: string }[] } };

function validateRow(row: unknown, index: number, prefix: string): RowOutcome {
  const parsed = scoreRowSchema.safeParse(row);
  if (!parsed.success) return { index, error: { code: 'VALIDATION_FAILED', errors: zodIssues(parsed.error, prefix) } };
  const insufficient = insufficientData(parsed.data);
  return insufficient
    ? { index, input: parsed.data, reason: { code: 'INSUFFICIENT_DATA', ...insufficient } }
    : { index, input: parsed.data, reason: null };
}

const isScorable = (o: RowOutcome): o is Extract<RowOutcome, { reason: null }> => 'input' in o && o.reason === null;

function render(outcome: RowOutcome, result: RiskResult | undefined, explanation: object | undefined) {
  if ('error' in outcome) return { index: outcome.index, scored: false, error: outcome.error };
  if (outcome.reason || !result) return { index: outcome.index, scored: false, reason: outcome.reason };
  return {
    index: outcome.index,
    scored: true,
    probability: result.probability,
    probabilitySurvey: result.probabilitySurvey,
    riskClass: result.riskClass,
    riskClassScale: result.riskClassScale,
    conformal: result.conformal,
    ...(explanation ?? {}),
  };
}

/**
 * `POST /v1/score`: one feature object, or `{ "rows": [...] }` with up to MAX_BATCH_ROWS objects.
 * Invalid rows get their own error; the rest are scored in bounded chunks.
 */
export function scoreRoutes({ scorer, config }: AppDeps, r: RouteRegistry): void {
  r.on(ROUTES.score, async (req, res) => {
    const { explain } = parseOr400(scoreQuerySchema, req.query, 'query');
    const body: unknown = req.body;
    if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new ApiError('VALIDATION_FAILED', 'The body must be a JSON object: one feature object or { "rows": [...] }.', [
        { path: '(root)', message: 'expected an object' },
      ]);
    }
    const isBatch = 'rows' in body;
    let rows: unknown[];
    let single: RowOutcome | null = null;
    if (isBatch) {
      rows = parseOr400(scoreBatchSchema, body, 'batch').rows;
      if (rows.length > config.maxBatchRows) {
        throw new ApiError('BATCH_TOO_LARGE', `A batch may hold at most ${config.maxBatchRows} rows; this one has ${rows.length}.`, [
          { path: 'rows', message: `at most ${config.maxBatchRows} rows` },
        ]);
      }
      if (explain && rows.length > config.maxExplainRows) {
        throw new ApiError(
          'BATCH_TOO_LARGE',
          `With explain=true a batch may hold at most ${config.maxExplainRows} rows; this one has ${rows.length}.`,
          [{ path: 'rows', message: `at most ${config.maxExplainRows} rows with explain=true` }],
        );
      }
    } else {
      if (Object.keys(body).length === 0)
        throw new ApiError('VALIDATION_FAILED', 'The feature object is empty: give at least the known inputs.', [
          { path: '(root)', message: 'no fields' },
        ]);
      single = validateRow(body, 0, '');
      if ('error' in single)
        throw new ApiError(
          'VALIDATION_FAILED',
          `Invalid feature object: ${single.error.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
          single.error.errors,
        );
      rows = [body];
    }
    // Validate and score chunk by chunk, releasing the event loop in between: a 10,000-row batch never
    // holds it for more than one chunk's validation or model call (onnxruntime-node runs on this thread).
    const outcomes: RowOutcome[] = [];
    const results: RiskResult[] = [];
    for (let start = 0; start < rows.length; start += config.scoreChunkRows) {
      if (start > 0) await releaseEventLoop();
      if (res.destroyed) return; // the client has gone: stop scoring for nobody
      const part = single
        ? [single]
        : rows.slice(start, start + config.scoreChunkRows).map((row, i) => validateRow(row, start + i, `rows[${start + i}]`));
      outcomes.push(...part);
      results.push(...(await scorer.scoreMany(part.filter(isScorable).map((o) => o.input))));
    }
    const scorable = outcomes.filter(isScorable);
    const explanations = explain ? await scorer.explainMany(scorable.map((o) => o.input)) : [];
    const byIndex = new Map(scorable.map((o, i) => [o.index, i]));
    const renderAt = (o: RowOutcome) => {
      const i = byIndex.get(o.index);
      return i === undefined ? render(o, undefined, undefined) : render(o, results[i], explanations[i]);
    };
    if (!isBatch) {
      const { index: _index, ...one } = renderAt(outcomes[0]);
      return res.json({ ...one, modelVersion: scorer.modelVersion });
    }
    // The answer is written chunk by chunk as well: serialising 10,000 rows (100,000 factors with
    // explain=true) in one go would hold the event loop for tens of milliseconds.
    res.type('application/json');
    res.write(`{"modelVersion":${JSON.stringify(scorer.modelVersion)},"count":${outcomes.length},"results":[`);
    for (let start = 0; start < outcomes.length; start += config.scoreChunkRows) {
      if (start > 0) await releaseEventLoop();
      if (res.destroyed) return;
      const part = outcomes
        .slice(start, start + config.scoreChunkRows)
        .map((o) => JSON.stringify(renderAt(o)))
        .join(',');
      res.write(start > 0 ? `,${part}` : part);
    }
    res.end(']}');
  });
}

import type { SurveyRecord } from '../../domain/surveys/field-records.js';
import { surveyChangeEvent } from '../../domain/webhooks/change-detection.js';
import { principalOf } from '../access-guard.js';
import type { AppDeps } from '../deps.js';
import { queryOptions } from '../request-signal.js';
import type { RouteRegistry } from '../route-registry.js';
import { ROUTES } from '../route-table.js';
import { recordMeasurement, recordSurvey } from '../survey-intake.js';
import { measurementInputSchema, surveyInputSchema } from '../survey-schemas.js';
import { TrackRecordService } from '../track-record-service.js';
import { parseOr400 } from '../validate.js';

/**
 * After the answer is sent: when the survey changed its building's class, subscribers get the event. The
 * work is queued (see `WebhookService.notify`); a failure is logged and never reaches the request.
 */
function notifySubscribers(deps: AppDeps, record: SurveyRecord): void {
  void deps.webhooks.notify(`survey ${record.id}`, () => surveyChangeEvent(deps, record));
}

/** Inspector intake: surveys and measured inputs, stored append-only (a correction is a new version). */
export function surveyRoutes(deps: AppDeps, r: RouteRegistry): void {
  r.on(ROUTES.surveys, async (req, res) => {
    const input = parseOr400(surveyInputSchema, req.body ?? {}, 'survey');
    const record = await recordSurvey(deps, input, principalOf(res).keyName, queryOptions(res));
    res.status(201).json(record);
    notifySubscribers(deps, record);
  });
  r.on(ROUTES.measurements, async (req, res) => {
    const input = parseOr400(measurementInputSchema, req.body ?? {}, 'measurement');
    res.status(201).json(await recordMeasurement(deps, input, principalOf(res).keyName, queryOptions(res)));
  });
  const track = new TrackRecordService(deps);
  r.on(ROUTES.trackRecord, async (_req, res) => {
    res.json(await track.get());
  });
}

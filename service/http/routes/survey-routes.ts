import type { Response } from 'express';
import { buildAddressAnswer } from '../../domain/address-answer.js';
import { UnknownRecordError } from '../../domain/surveys/field-records.js';
import { modelSaidFrom } from '../../domain/surveys/intake.js';
import type { AddressEntry } from '../../ports/store.js';
import { principalOf } from '../access-guard.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../problems.js';
import { queryOptions } from '../request-signal.js';
import type { RouteRegistry } from '../route-registry.js';
import { ROUTES } from '../route-table.js';
import { surveyInputSchema } from '../survey-schemas.js';
import { parseOr400 } from '../validate.js';

/** The address a record is about, with its building; 404 / 422 naming `addressId` otherwise. */
async function buildingOf(deps: AppDeps, res: Response, addressId: string): Promise<AddressEntry & { address: { pandId: string } }> {
  const entry = await deps.store.getAddress(addressId, queryOptions(res));
  if (!entry) throw new ApiError('ADDRESS_NOT_FOUND', `No address with verblijfsobject id ${addressId}.`, [{ path: 'addressId', message: 'no such address' }]);
  if (entry.address.pandId === null) {
    throw new ApiError('ADDRESS_WITHOUT_BUILDING', `Address ${addressId} has no building (pand); there is no foundation to survey.`, [{ path: 'addressId', message: 'the address has no pand' }]);
  }
  return entry as AddressEntry & { address: { pandId: string } };
}

/** Appends a draft, turning a correction of an unknown record into a 404 naming `corrects`. */
async function appendOr404(deps: AppDeps, draft: Parameters<AppDeps['fieldRecords']['append']>[0]) {
  try {
    return await deps.fieldRecords.append(draft);
  } catch (err) {
    if (err instanceof UnknownRecordError) throw new ApiError('RECORD_NOT_FOUND', err.message, [{ path: 'corrects', message: 'no record of this kind and building with that id' }]);
    throw err;
  }
}

/** Inspector intake: surveys and measured inputs, stored append-only (a correction is a new version). */
export function surveyRoutes(deps: AppDeps, r: RouteRegistry): void {
  r.on(ROUTES.surveys, async (req, res) => {
    const input = parseOr400(surveyInputSchema, req.body ?? {}, 'survey');
    const entry = await buildingOf(deps, res, input.addressId);
    const info = await deps.store.info(queryOptions(res));
    const answer = await buildAddressAnswer(entry, { scorer: deps.scorer, referenceYear: info.referenceYear, datasetName: info.name, datasetVersion: info.version, buurtNaam: entry.buurtNaam });
    const { addressId, corrects, ...survey } = input;
    const record = await appendOr404(deps, {
      kind: 'survey', corrects, pandId: entry.address.pandId, addressId, recordedBy: principalOf(res).keyName, survey, modelAtIntake: modelSaidFrom(answer),
    });
    res.status(201).json(record);
  });
}

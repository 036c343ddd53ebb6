import { buildAddressAnswer } from '../domain/address-answer.js';
import { type FieldRecordDraft, type MeasurementRecord, type SurveyRecord, UnknownRecordError } from '../domain/surveys/field-records.js';
import { modelSaidFrom } from '../domain/surveys/intake.js';
import { measuredInputsOf } from '../domain/surveys/measured-inputs.js';
import type { AddressEntry, QueryOptions } from '../ports/store.js';
import type { AppDeps } from './deps.js';
import { ApiError } from './problems.js';
import type { MeasurementInput, SurveyInput } from './survey-schemas.js';

type Deps = Pick<AppDeps, 'store' | 'scorer' | 'fieldRecords'>;

/** The address a record is about, with its building; ADDRESS_NOT_FOUND / ADDRESS_WITHOUT_BUILDING naming `addressId` otherwise. */
export async function buildingOf(
  deps: Deps,
  addressId: string,
  opts?: QueryOptions,
): Promise<AddressEntry & { address: { pandId: string } }> {
  const entry = await deps.store.getAddress(addressId, opts);
  if (!entry)
    throw new ApiError('ADDRESS_NOT_FOUND', `No address with verblijfsobject id ${addressId}.`, [
      { path: 'addressId', message: 'no such address' },
    ]);
  if (entry.address.pandId === null) {
    throw new ApiError('ADDRESS_WITHOUT_BUILDING', `Address ${addressId} has no building (pand); there is no foundation to survey.`, [
      { path: 'addressId', message: 'the address has no pand' },
    ]);
  }
  return entry as AddressEntry & { address: { pandId: string } };
}

/** Appends a draft, turning a correction of an unknown record into RECORD_NOT_FOUND naming `corrects`. */
async function append(deps: Deps, draft: FieldRecordDraft) {
  try {
    return await deps.fieldRecords.append(draft);
  } catch (err) {
    if (err instanceof UnknownRecordError)
      throw new ApiError('RECORD_NOT_FOUND', err.message, [
        { path: 'corrects', message: 'no record of this kind and building with that id' },
      ]);
    throw err;
  }
}

/**
 * Records a validated survey: finds the building, asks the served model what it says of it now and
 * stores both. The one intake path, used by `POST /v1/surveys` and by `npm run surveys -- import` in
 * direct mode; throws {@link ApiError} naming the field.
 */
export async function recordSurvey(deps: Deps, input: SurveyInput, recordedBy: string | null, opts?: QueryOptions): Promise<SurveyRecord> {
  const entry = await buildingOf(deps, input.addressId, opts);
  const info = await deps.store.info(opts);
  const measured = measuredInputsOf(await deps.fieldRecords.listForPand(entry.address.pandId));
  const answer = await buildAddressAnswer(entry, {
    scorer: deps.scorer,
    referenceYear: info.referenceYear,
    datasetName: info.name,
    datasetVersion: info.version,
    buurtNaam: entry.buurtNaam,
    measured,
  });
  const { addressId, corrects, ...survey } = input;
  return (await append(deps, {
    kind: 'survey',
    corrects,
    pandId: entry.address.pandId,
    addressId,
    recordedBy,
    survey,
    modelAtIntake: modelSaidFrom(answer),
  })) as SurveyRecord;
}

/** Records a validated measured input of a building (see {@link recordSurvey}). */
export async function recordMeasurement(
  deps: Deps,
  input: MeasurementInput,
  recordedBy: string | null,
  opts?: QueryOptions,
): Promise<MeasurementRecord> {
  const entry = await buildingOf(deps, input.addressId, opts);
  const { addressId, corrects, ...measurement } = input;
  return (await append(deps, {
    kind: 'measurement',
    corrects,
    pandId: entry.address.pandId,
    addressId,
    recordedBy,
    measurement,
  })) as MeasurementRecord;
}

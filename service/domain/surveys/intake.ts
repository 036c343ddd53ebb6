import type { AddressAnswer } from '../address-answer.js';
import type { ModelSaid } from './field-records.js';

/** What the served model said of a building, from its answer at that moment (kept with a survey at intake). */
export function modelSaidFrom(answer: AddressAnswer): ModelSaid {
  return {
    modelVersion: answer.modelVersion,
    probability: answer.risk?.probability ?? null,
    probabilitySurvey: answer.risk?.probabilitySurvey ?? null,
    riskClass: answer.risk?.riskClass ?? null,
    set: answer.risk ? [...answer.risk.conformal.set] : null,
    reason: answer.reason?.code ?? null,
  };
}

import type { FeatureInput } from '../features/feature-spec.js';
import { featureInputFromAddress } from '../features/from-address.js';
import type { StoredScore } from '../ports/store.js';
import type { AddressRecord, RegisterRecord } from './records.js';
import { type RiskScorer, insufficientData } from './risk-scorer.js';

/**
 * Scores every address once (restored or insufficiently known addresses get a reason instead of a
 * number). Results are in the order of `addresses`. `onProgress` is called after every chunk.
 */
export async function precomputeScores(
  scorer: RiskScorer,
  addresses: readonly AddressRecord[],
  registerByPand: ReadonlyMap<string, RegisterRecord>,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<StoredScore[]> {
  const modelVersion = scorer.modelVersion;
  const out: StoredScore[] = new Array(addresses.length);
  const todo: { index: number; input: FeatureInput }[] = [];
  addresses.forEach((a, index) => {
    const input = featureInputFromAddress(a);
    if (a.pandId === null) {
      out[index] = { probability: null, probabilityStock: null, margin: null, riskClass: null, reason: 'NO_BUILDING', modelVersion };
    } else if (registerByPand.get(a.pandId)?.hersteld) {
      out[index] = { probability: null, probabilityStock: null, margin: null, riskClass: null, reason: 'ALREADY_RESTORED', modelVersion };
    } else if (insufficientData(input)) {
      out[index] = { probability: null, probabilityStock: null, margin: null, riskClass: null, reason: 'INSUFFICIENT_DATA', modelVersion };
    } else {
      todo.push({ index, input });
    }
  });
  const chunk = 10_000;
  for (let start = 0; start < todo.length; start += chunk) {
    const part = todo.slice(start, start + chunk);
    const results = await scorer.scoreMany(part.map((t) => t.input));
    part.forEach((t, i) => {
      const r = results[i];
      out[t.index] = {
        probability: r.probabilitySurvey,
        probabilityStock: r.probability,
        margin: r.margin,
        riskClass: r.riskClass,
        reason: null,
        modelVersion,
      };
    });
    onProgress(Math.min(start + chunk, todo.length), todo.length);
  }
  return out;
}

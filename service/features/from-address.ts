import type { AddressRecord } from '../domain/records.js';
import type { ModelInput } from './feature-spec.js';
import { featureInputOfRecord } from './inputs.js';

/**
 * The model input of an address: its building, soil, water and archive attributes (unknown = null), and
 * the neighbourhood counts the store derived at load (absent → the neighbourhood features are missing).
 */
export function featureInputFromAddress(a: AddressRecord): ModelInput {
  return { ...featureInputOfRecord(a), buren: a.buren ?? null };
}

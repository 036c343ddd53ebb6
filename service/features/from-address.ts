import type { AddressRecord } from '../domain/records.js';
import type { FeatureInput } from './feature-spec.js';
import { featureInputOfRecord } from './inputs.js';

/** The model input of an address: its building, soil, water and archive attributes (unknown = null). */
export function featureInputFromAddress(a: AddressRecord): FeatureInput {
  return featureInputOfRecord(a);
}

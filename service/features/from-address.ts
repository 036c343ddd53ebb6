import type { AddressRecord } from '../domain/records.js';
import type { FeatureInput } from './feature-spec.js';

/** The model input of an address: its building, soil and water attributes (pile length not known). */
export function featureInputFromAddress(a: AddressRecord): FeatureInput {
  return {
    bouwjaar: a.bouwjaar,
    woningtype: a.woningtype,
    bouwlagen: a.bouwlagen,
    maaiveld_nap_m: a.maaiveldNapM,
    veendikte_m: a.veendikteM,
    pleistoceen_nap_m: a.pleistoceenNapM,
    grondwater_nap_m: a.grondwaterNapM,
    bodemdaling_mm_jr: a.bodemdalingMmJr,
    paallengte_m: null,
    funderingtype: a.funderingtype,
  };
}

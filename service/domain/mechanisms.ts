import { type FeatureInput, type Funderingtype, drainageDepth, estimatedPileLength } from '../features/feature-spec.js';
import type { RiskClass } from './records.js';

/** The failure mechanisms of DESIGN.md, each judged by a transparent rule (indicative, not established). */
export type MechanismCode = 'droogstand' | 'bacterieel' | 'negatieve-kleef' | 'ontwateringsdiepte';

/** A rule-based verdict for one mechanism. `riskClass` null: not applicable or not enough data. */
export interface MechanismVerdict {
  code: MechanismCode;
  labelNl: string;
  labelEn: string;
  riskClass: RiskClass | null;
  reliability: 'indicatief';
  explanationNl: string;
  explanationEn: string;
}

/** Rule-of-thumb thresholds (FunderMaps-style, see DESIGN.md); named so the docs can cite them. */
export const RULES = {
  /** Subsidence faster than this (mm/yr, as a positive rate) raises drystand and negative skin friction risk. */
  fastSubsidenceMmYr: 2,
  /** Pile length at or below this (m) raises bacterial-decay risk. */
  shortPileM: 12,
  /** Assumed pile-head depth below surface (m) for plain wooden piles and for piles with a concrete top. */
  pileHeadDepthWoodM: 0.7,
  pileHeadDepthConcreteTopM: 1.5,
} as const;

/** Foundation type by construction period when unknown (Zaanstad stands on peat and clay, not sand). */
export function assumedFoundation(bouwjaar: number | null): Funderingtype | null {
  if (bouwjaar === null) return null;
  if (bouwjaar < 1920) return 'houten-palen';
  if (bouwjaar < 1965) return 'houten-palen-betonopzetter';
  return 'betonnen-palen';
}

const isWood = (f: Funderingtype | null) => f === 'houten-palen' || f === 'houten-palen-betonopzetter';
const rate = (x: FeatureInput) => (x.bodemdaling_mm_jr === null ? null : Math.abs(Math.min(0, x.bodemdaling_mm_jr)));
const fmt = (v: number) => v.toFixed(2);

function verdict(code: MechanismCode, riskClass: RiskClass | null, nl: string, en: string): MechanismVerdict {
  const labels: Record<MechanismCode, [string, string]> = {
    droogstand: ['Paalrot door droogstand', 'Pile rot from drystand'],
    bacterieel: ['Bacteriële aantasting', 'Bacterial decay'],
    'negatieve-kleef': ['Negatieve kleef', 'Negative skin friction'],
    ontwateringsdiepte: ['Ontwateringsdiepte (fundering op staal)', 'Drainage depth (shallow foundation)'],
  };
  const [labelNl, labelEn] = labels[code];
  return { code, labelNl, labelEn, riskClass, reliability: 'indicatief', explanationNl: nl, explanationEn: en };
}

function droogstand(x: FeatureInput, f: Funderingtype | null): MechanismVerdict {
  if (!isWood(f)) return verdict('droogstand', null, 'Niet van toepassing: geen houten palen.', 'Not applicable: no wooden piles.');
  if (x.maaiveld_nap_m === null || x.grondwater_nap_m === null) {
    return verdict(
      'droogstand',
      null,
      'Onbekend: maaiveld of grondwaterstand ontbreekt.',
      'Unknown: surface or groundwater level missing.',
    );
  }
  const depth = f === 'houten-palen' ? RULES.pileHeadDepthWoodM : RULES.pileHeadDepthConcreteTopM;
  const head = x.maaiveld_nap_m - depth;
  const margin = x.grondwater_nap_m - head; // > 0: heads under water
  const fast = (rate(x) ?? 0) > RULES.fastSubsidenceMmYr;
  const cls: RiskClass = margin < -0.3 ? 'E' : margin < 0 ? 'D' : margin < 0.3 && fast ? 'C' : margin < 0.5 ? 'B' : 'A';
  return verdict(
    'droogstand',
    cls,
    `Paalkop (aangenomen ${fmt(head)} m NAP) staat ${margin >= 0 ? `${fmt(margin)} m onder` : `${fmt(-margin)} m boven`} de laagste grondwaterstand${fast ? '; snelle bodemdaling' : ''}.`,
    `Pile head (assumed ${fmt(head)} m NAP) is ${margin >= 0 ? `${fmt(margin)} m below` : `${fmt(-margin)} m above`} the lowest groundwater level${fast ? '; fast subsidence' : ''}.`,
  );
}

function bacterieel(x: FeatureInput, f: Funderingtype | null, year: number): MechanismVerdict {
  if (!isWood(f)) return verdict('bacterieel', null, 'Niet van toepassing: geen houten palen.', 'Not applicable: no wooden piles.');
  if (x.bouwjaar === null) return verdict('bacterieel', null, 'Onbekend: bouwjaar ontbreekt.', 'Unknown: construction year missing.');
  const age = year - x.bouwjaar;
  const length = x.paallengte_m ?? estimatedPileLength(x);
  const short = length !== null && length <= RULES.shortPileM;
  const cls: RiskClass = age >= 100 ? (short ? 'D' : 'C') : age >= 70 ? (short ? 'C' : 'B') : 'A';
  const len = length === null ? 'onbekend' : `${length.toFixed(1)} m`;
  return verdict(
    'bacterieel',
    cls,
    `Houten palen van ${age} jaar oud, paallengte ${len}${short ? ' (kort)' : ''}.`,
    `Wooden piles ${age} years old, pile length ${length === null ? 'unknown' : `${length.toFixed(1)} m`}${short ? ' (short)' : ''}.`,
  );
}

function negatieveKleef(x: FeatureInput, f: Funderingtype | null): MechanismVerdict {
  if (f === 'op-staal')
    return verdict('negatieve-kleef', null, 'Niet van toepassing: fundering op staal.', 'Not applicable: shallow foundation.');
  if (x.veendikte_m === null) return verdict('negatieve-kleef', null, 'Onbekend: veendikte ontbreekt.', 'Unknown: peat thickness missing.');
  const fast = (rate(x) ?? 0) > RULES.fastSubsidenceMmYr;
  const cls: RiskClass = x.veendikte_m >= 3 && fast ? 'D' : x.veendikte_m >= 2 ? 'C' : x.veendikte_m >= 1 ? 'B' : 'A';
  return verdict(
    'negatieve-kleef',
    cls,
    `Veenlaag van ${x.veendikte_m.toFixed(1)} m${fast ? ' met snelle bodemdaling' : ''}.`,
    `Peat layer of ${x.veendikte_m.toFixed(1)} m${fast ? ' with fast subsidence' : ''}.`,
  );
}

function ontwatering(x: FeatureInput, f: Funderingtype | null): MechanismVerdict {
  if (f !== 'op-staal')
    return verdict(
      'ontwateringsdiepte',
      null,
      'Niet van toepassing: geen fundering op staal.',
      'Not applicable: not a shallow foundation.',
    );
  const depth = drainageDepth(x);
  if (depth === null) {
    return verdict(
      'ontwateringsdiepte',
      null,
      'Onbekend: maaiveld of grondwaterstand ontbreekt.',
      'Unknown: surface or groundwater level missing.',
    );
  }
  const fast = (rate(x) ?? 0) > RULES.fastSubsidenceMmYr;
  const cls: RiskClass = depth > 1.0 && fast ? 'D' : depth > 0.7 ? 'C' : depth > 0.4 ? 'B' : 'A';
  return verdict(
    'ontwateringsdiepte',
    cls,
    `Ontwateringsdiepte ${fmt(depth)} m${fast ? ', snelle bodemdaling' : ''}.`,
    `Drainage depth ${fmt(depth)} m${fast ? ', fast subsidence' : ''}.`,
  );
}

/**
 * Rule-based indicative class per mechanism, beside the model's answer. Uses the known foundation
 * type, else the one typical for the construction period.
 */
export function mechanismVerdicts(x: FeatureInput, referenceYear: number): MechanismVerdict[] {
  const f = x.funderingtype ?? assumedFoundation(x.bouwjaar);
  return [droogstand(x, f), bacterieel(x, f, referenceYear), negatieveKleef(x, f), ontwatering(x, f)];
}

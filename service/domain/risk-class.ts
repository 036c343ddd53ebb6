import type { RiskClass } from './records.js';

/**
 * Upper bounds (exclusive) of calibrated probability for classes A–D; E is everything from 0.75 up.
 * The sector's letters: A good … E acute. Model classes are always *indicative*.
 */
export const RISK_CLASS_BOUNDS: readonly { riskClass: RiskClass; below: number }[] = [
  { riskClass: 'A', below: 0.1 },
  { riskClass: 'B', below: 0.25 },
  { riskClass: 'C', below: 0.5 },
  { riskClass: 'D', below: 0.75 },
];

/** The risk class of a calibrated probability. */
export function riskClassOf(probability: number): RiskClass {
  for (const { riskClass, below } of RISK_CLASS_BOUNDS) if (probability < below) return riskClass;
  return 'E';
}

/** A label the conformal set can contain. */
export type ConformalLabel = 'no-problem' | 'problem';

/** Which guarantee a set carries (machine code). */
export type ConformalGuarantee = 'mondrian-label-period' | 'marginal-surveyed';

/** The 95 % (1 − α) conformal answer for one prediction. */
export interface ConformalAnswer {
  alpha: number;
  set: ConformalLabel[];
  /** One label when the set is a singleton; `uncertain` when both labels remain. */
  verdict: ConformalLabel | 'uncertain';
  guarantee: ConformalGuarantee;
  /** The guarantee in one Dutch sentence about buildings like this one (never a promise about this house). */
  guaranteeNl: string;
  guaranteeEn: string;
}

/** A construction-period group of the Mondrian sets: bouwjaar in [fromYear, toYear] (null = open). */
export interface PeriodGroup {
  name: string;
  fromYear: number | null;
  toYear: number | null;
}

/**
 * Stock-directed sets as the manifest carries them, on the model's margin: "problem" is in the set when
 * margin ≥ problemFrom, "no problem" when margin ≤ noProblemUpTo; null means the label always stays
 * (too few calibration rows to drop it honestly).
 */
export interface MondrianConformal {
  guarantee: 'mondrian-label-period';
  calibrationRows: number;
  calibrationBuurten: number;
  /** The label-conditional part alone (over all periods). */
  label: { problemFrom: number | null; noProblemUpTo: number | null };
  /** Per period group: the union of the label-conditional and the group's own marginal thresholds. */
  periodGroups: (PeriodGroup & { rows: number; problemFrom: number | null; noProblemUpTo: number | null })[];
}

/** What the service needs to form a set (the manifest's `conformal` section). */
export interface ConformalSpec {
  alpha: number;
  /** Split-conformal threshold on the survey-scale probability (the fallback without an audit sample). */
  qhat: number;
  mondrian?: MondrianConformal | null;
}

/** The period group of a construction year, or null when the year is unknown or in no group. */
export function periodGroupOf(bouwjaar: number | null, groups: readonly PeriodGroup[]): string | null {
  if (bouwjaar === null || Number.isNaN(bouwjaar)) return null;
  const g = groups.find((p) => (p.fromYear === null || bouwjaar >= p.fromYear) && (p.toYear === null || bouwjaar <= p.toYear));
  return g ? g.name : null;
}

const WORDING: Record<ConformalGuarantee, { nl: string; en: string }> = {
  'mondrian-label-period': {
    nl: 'Van alle gebouwen zoals dit (zelfde bouwperiode, willekeurig uit de voorraad) bevat zo’n antwoord in minstens 95 % van de gevallen de juiste uitkomst, ook voor de gebouwen die werkelijk een funderingsprobleem hebben; voor één bepaald huis is het geen belofte.',
    en: 'Among buildings like this one (same construction period, drawn at random from the stock), such an answer contains the right outcome at least 95 % of the time, also for the buildings that truly have a foundation problem; it is not a promise about this particular house.',
  },
  'marginal-surveyed': {
    nl: 'Van gebouwen zoals de onderzochte (die vaak op verdenking zijn onderzocht) bevat zo’n antwoord gemiddeld in 95 % van de gevallen de uitkomst van een funderingsonderzoek; voor niet-onderzochte gebouwen en voor één bepaald huis is dat niet gegarandeerd.',
    en: 'Among buildings like the surveyed ones (often surveyed on suspicion), such an answer contains the survey outcome 95 % of the time on average; for unsurveyed buildings and for one particular house this is not guaranteed.',
  },
};

function answer(alpha: number, set: ConformalLabel[], guarantee: ConformalGuarantee): ConformalAnswer {
  // An empty set is widened to both labels: it keeps the guarantee and says the model cannot decide.
  const full: ConformalLabel[] = set.length === 0 ? ['no-problem', 'problem'] : set;
  return {
    alpha,
    set: full,
    verdict: full.length === 1 ? full[0] : 'uncertain',
    guarantee,
    guaranteeNl: WORDING[guarantee].nl,
    guaranteeEn: WORDING[guarantee].en,
  };
}

/**
 * The set for one building. With stock-directed thresholds (an audit sample was available), the
 * period group's margin thresholds decide; a building in no group (unknown year) keeps both labels.
 * Without them, the split-conformal rule on the survey-scale probability: a label is in the set when
 * 1 − p(label) ≤ qhat.
 */
export function conformalSet(spec: ConformalSpec, margin: number, probabilitySurvey: number, bouwjaar: number | null): ConformalAnswer {
  const m = spec.mondrian;
  if (m) {
    const name = periodGroupOf(bouwjaar, m.periodGroups);
    const g = m.periodGroups.find((p) => p.name === name);
    if (!g) return answer(spec.alpha, ['no-problem', 'problem'], m.guarantee);
    const set: ConformalLabel[] = [];
    if (g.noProblemUpTo === null || margin <= g.noProblemUpTo) set.push('no-problem');
    if (g.problemFrom === null || margin >= g.problemFrom) set.push('problem');
    return answer(spec.alpha, set, m.guarantee);
  }
  const set: ConformalLabel[] = [];
  if (probabilitySurvey <= spec.qhat) set.push('no-problem');
  if (1 - probabilitySurvey <= spec.qhat) set.push('problem');
  return answer(spec.alpha, set, 'marginal-surveyed');
}

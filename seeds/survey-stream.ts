/**
 * A simulated stream of future surveys for the demo (issue 17): drawn from a generated dataset's hidden
 * truth with the register's own selection model (surveys on suspicion: visible damage, age, research
 * areas; {@link surveyProbability}) and survey-error model ({@link surveyClass}), or of a given list of
 * panden (an audit plan). Only panden without a survey in the register are drawn; the truth's latent
 * frailty is not stored in `truth.csv.gz`, so it is drawn afresh from its generating distribution.
 */
import { BLOCK_FRAILTY_SD, OWN_FRAILTY_SD } from './foundation-truth.js';
import type { TruthRow } from '../service/adapters/dataset/dataset-schema.js';
import type { Dataset } from '../service/domain/records.js';
import type { MechanismCode } from '../service/domain/mechanisms.js';
import type { SURVEY_CSV_COLUMNS } from '../service/domain/surveys/survey-csv.js';
import { GenerationError } from './generation-error.js';
import { Random } from './random.js';
import { FOLLOW_UP_SHARE, recordedDroogstand, surveyClass, surveyProbability } from './register.js';

/** One simulated survey, as a row of the survey CSV. */
export type SimulatedSurvey = Record<(typeof SURVEY_CSV_COLUMNS)[number], string>;

/** Options of {@link simulateSurveys}. */
export interface SurveyStreamOptions {
  seed: number;
  /** Surveys to draw on suspicion (ignored with `panden`). */
  count: number;
  /** Surveys are dated from 1 January of this year … */
  fromYear: number;
  /** … over this many years. */
  years: number;
  /** Survey exactly these panden (an audit plan) instead of drawing on suspicion. */
  panden?: readonly string[];
}

/** The organisation named on simulated surveys (synthetic, like every label of the demo). */
export const SIMULATED_ORGANISATION = 'Gesimuleerd funderingsonderzoek (synthetisch)';

/** Weighted draw of `n` indices without replacement (Efraimidis–Spirakis keys). */
function weightedSample(rng: Random, weights: readonly number[], n: number): number[] {
  return weights
    .map((w, i) => ({ i, key: w > 0 ? Math.log(rng.next() || Number.MIN_VALUE) / w : -Infinity }))
    .sort((a, b) => b.key - a.key)
    .slice(0, n)
    .map((k) => k.i);
}

/** Draws the simulated surveys, ordered by date. Throws {@link GenerationError} for panden it cannot survey. */
export function simulateSurveys(dataset: Dataset, truth: readonly TruthRow[], opts: SurveyStreamOptions): SimulatedSurvey[] {
  const rng = new Random(opts.seed, `survey-stream-${opts.fromYear}`);
  const truthOf = new Map(truth.map((t) => [t.pand_id, t]));
  const surveyed = new Set(dataset.register.filter((r) => r.onderzocht || r.hersteld).map((r) => r.pandId));
  const panden = new Map<string, { pandId: string; addressId: string; bouwjaar: number | null; buurtCode: string; block: string | null }>();
  for (const a of dataset.addresses) {
    if (a.pandId !== null && !panden.has(a.pandId))
      panden.set(a.pandId, {
        pandId: a.pandId,
        addressId: a.verblijfsobjectId,
        bouwjaar: a.bouwjaar,
        buurtCode: a.buurtCode,
        block: a.bouwblokId ?? null,
      });
  }
  // Blocks with a D/E finding in the register: as in the register (FOLLOW_UP_SHARE), a bad report next door
  // prompts a survey of the neighbours, which share the foundation.
  const badBlocks = new Set<string>();
  for (const r of dataset.register) {
    const block = panden.get(r.pandId)?.block;
    if (block && (r.kwaliteitsklasse === 'D' || r.kwaliteitsklasse === 'E')) badBlocks.add(block);
  }
  let chosen: string[];
  if (opts.panden) {
    opts.panden.forEach((id, i) => {
      if (!panden.has(id)) throw new GenerationError('--panden', `line ${i + 1}`, `pand ${id} has no address in the dataset`);
      if (!truthOf.has(id)) throw new GenerationError('--panden', `line ${i + 1}`, `pand ${id} has no row in truth.csv.gz`);
    });
    chosen = [...opts.panden];
  } else {
    const eligible = [...panden.values()].filter((p) => !surveyed.has(p.pandId) && truthOf.has(p.pandId));
    // a missing construction year is taken as 1945 (the register's selection model needs one)
    const weights = eligible.map(
      (p) =>
        1 -
        (1 - (p.block !== null && badBlocks.has(p.block) ? FOLLOW_UP_SHARE : 0)) *
          (1 -
            surveyProbability(
              rng,
              { bouwjaar: p.bouwjaar ?? 1945, buurtCode: p.buurtCode },
              { probleem: truthOf.get(p.pandId)!.probleem, frailty: rng.normal(0, Math.hypot(BLOCK_FRAILTY_SD, OWN_FRAILTY_SD)) },
            )),
    );
    if (opts.count > eligible.length) throw new GenerationError('--count', 'count', `only ${eligible.length} panden have no survey yet`);
    chosen = weightedSample(rng, weights, opts.count).map((i) => eligible[i].pandId);
  }
  const days = Math.round((Date.UTC(opts.fromYear + opts.years, 0, 1) - Date.UTC(opts.fromYear, 0, 1)) / 86_400_000);
  const rows = chosen.map((pandId) => {
    const p = panden.get(pandId)!;
    const t = truthOf.get(pandId)!;
    const klasse = surveyClass(rng, t);
    const bad = klasse === 'D' || klasse === 'E';
    const mechanisms: MechanismCode[] = [];
    if (recordedDroogstand(rng, t)) mechanisms.push('droogstand');
    if (bad && t.bacterieel) mechanisms.push('bacterieel');
    if (bad && t.negatieve_kleef) mechanisms.push('negatieve-kleef');
    if (bad && t.ontwatering) mechanisms.push('ontwateringsdiepte');
    const date = new Date(Date.UTC(opts.fromYear, 0, 1) + rng.int(0, days - 1) * 86_400_000).toISOString().slice(0, 10);
    return { p, klasse, mechanisms, date };
  });
  rows.sort((a, b) => a.date.localeCompare(b.date) || a.p.pandId.localeCompare(b.p.pandId));
  return rows.map(({ p, klasse, mechanisms, date }, i) => ({
    address_id: p.addressId,
    pand_id: p.pandId,
    date,
    kwaliteitsklasse: klasse,
    mechanisms: mechanisms.join(';'),
    hersteld: 'false',
    herstel_jaar: '',
    report_reference: `SIM-${date.slice(0, 4)}-${String(i + 1).padStart(5, '0')}`,
    surveyor_organisation: SIMULATED_ORGANISATION,
    corrects: '',
  }));
}

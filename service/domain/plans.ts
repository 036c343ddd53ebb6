import { seededRandom } from './seeded-random.js';
import { PERIOD_LABELS, type PeriodLabel } from './buurt-stats.js';
import { type PlanArea, type PlanCandidate, type PlanSet, inArea } from './plans-candidates.js';
import type { RiskClass } from './records.js';
import { type Matrix3, bendVariance, bentCalibrationInformation, surveyErrorSensitivity } from './stock-scale.js';

/**
 * Survey plans: which buildings to survey with a budget. Every objective is an ordering of the
 * candidate buildings; the budget (a number of surveys, or euros with a cost per survey and per block)
 * is spent by walking down that ordering. The same walk over two other orderings — at random, and by
 * construction year alone, oldest first — gives the comparison lines.
 */

export const PLAN_OBJECTIVES = ['find-problems', 'reduce-uncertainty', 'audit'] as const;
export type PlanObjective = (typeof PLAN_OBJECTIVES)[number];

/** A budget: a number of surveys, or euros (costs default to the service's configuration). */
export type PlanBudget = { surveys: number } | { euros: number; costPerSurvey?: number; costPerBlock?: number };

/** What a planner asks for. */
export interface PlanRequest {
  objective: PlanObjective;
  budget: PlanBudget;
  area?: PlanArea;
  /** At most one survey per block (not with `audit`: it would no longer be a simple random sample per period). */
  onePerBlock?: boolean;
  /** Seed of the audit sample and of the random comparison (default 1): the same seed and data give the same plan. */
  seed?: number;
  /**
   * `audit` only: how many of the sampled buildings are surveyed a second time, independently (default 0).
   * The pairs let the certainty work estimate the survey error in the audit population itself, where
   * problems are rare and a false alarm weighs most; each costs one more survey. They are the first
   * buildings of the sample, so they are a stratified random sample too.
   */
  resurveys?: number;
}

/** What a plan needs from the model and the configuration. */
export interface PlanContext {
  /** `stock` when probabilities are on the stock scale; otherwise survey-scale and only relative. */
  scale: 'stock' | 'survey-relative';
  /** Covariance [var a, cov ab, var b] of the stock calibration, for the interval; null without. */
  covariance: readonly [number, number, number] | null;
  surveyError: { falsePositive: number; falseNegative: number };
  /**
   * Sampling covariance [var e0, cov, var e1] of the estimated survey error (it comes from a few hundred
   * re-surveyed pairs), for the interval on the stock scale; null or absent when not known, then the
   * interval counts the error rates as exact.
   */
  surveyErrorCovariance?: readonly [number, number, number] | null;
  /**
   * Audit rows the stock calibration was fitted on (the manifest's `auditRows`): with them the interval
   * counts the uncertainty of the calibration's logistic form where the plan chooses (see
   * {@link expectedFound}); null or absent leaves that out.
   */
  auditRows?: number | null;
  costs: { perSurvey: number; perBlock: number };
}

/** The survey error's uncertainty as {@link expectedFound} uses it: its covariance and how (a, b) move with it. */
export interface SurveyErrorUncertainty {
  covariance: readonly [number, number, number];
  /** [[∂a/∂e0, ∂a/∂e1], [∂b/∂e0, ∂b/∂e1]] (see {@link surveyErrorSensitivity}). */
  sensitivity: readonly [readonly [number, number], readonly [number, number]];
}

/**
 * One building of a plan. `probability` (withheld in answers for roles that see classes only) is the
 * stock-scale chance for a building not surveyed on suspicion, which every plan building is; `riskClass`
 * is the class the address answer shows for it (tiles, search), so a planner sees one class everywhere.
 */
export interface PlanBuilding {
  pandId: string;
  addressId: string;
  buurtCode: string;
  probability: number | null;
  riskClass: RiskClass | null;
  set: PlanSet;
  /** Surveyed twice, independently (an audit plan's re-surveys; see {@link PlanRequest.resurveys}). */
  resurvey: boolean;
  /** Why it is in the plan (machine-readable: `rank N by …`, `information gain rank N`, `audit stratum …`). */
  reason: string;
  lon: number;
  lat: number;
}

/** An expected number of problem buildings found with its 95 % interval. */
export interface ExpectedFound {
  value: number;
  interval: [number, number];
}

/** The answer to `POST /v1/plans`, as kept in the store. */
export interface PlanAnswer {
  id: string;
  createdAt: string;
  modelVersion: string;
  datasetVersion: string | null;
  synthetic: boolean;
  objective: PlanObjective;
  scale: 'stock' | 'survey-relative';
  budget: { surveys: number | null; euros: number | null; costPerSurvey: number; costPerBlock: number };
  area: PlanArea | null;
  onePerBlock: boolean;
  seed: number;
  /** Buildings the plan could choose from (in the area, not surveyed or restored). */
  candidates: number;
  /** Surveys, re-surveys included (buildings + resurveys). */
  surveys: number;
  /** Buildings surveyed twice (audit plans). */
  resurveys: number;
  blocks: number;
  /** Euros spent: surveys × cost per survey + blocks × cost per block. */
  cost: number;
  expectedFound: ExpectedFound;
  comparison: { rule: 'random' | 'oldest-first'; surveys: number; expectedFound: ExpectedFound }[];
  /** Expected problems found against surveys spent, per objective and comparison rule, up to this plan's number of surveys. */
  curves: { rule: PlanObjective | 'random' | 'oldest-first'; points: [number, number][] }[];
  buildings: PlanBuilding[];
}

/** Identity and provenance of a new plan (given by the caller: the domain draws no ids or clocks). */
export interface PlanStamp {
  id: string;
  createdAt: string;
  modelVersion: string;
  datasetVersion: string | null;
  synthetic: boolean;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const h2 = (p: number) => (p <= 0 || p >= 1 ? 0 : -p * Math.log2(p) - (1 - p) * Math.log2(1 - p));

/** Mutual information (bits) between a building's true state (P(problem) = p) and a survey's verdict with the given error rates. */
export function informationGain(p: number, error: PlanContext['surveyError']): number {
  const q = p * (1 - error.falseNegative) + (1 - p) * error.falsePositive;
  return h2(q) - p * h2(error.falseNegative) - (1 - p) * h2(error.falsePositive);
}

/**
 * The audit ordering: shuffled within each construction period (seeded), then interleaved so that every
 * prefix is a proportional stratified sample (the stratum furthest behind its share goes next).
 */
export function auditOrder(candidates: readonly PlanCandidate[], seed: number): { c: PlanCandidate; period: PeriodLabel }[] {
  const random = seededRandom(seed);
  const strata = PERIOD_LABELS.map((period) => ({
    period,
    items: shuffled(
      candidates.filter((c) => c.period === period),
      random,
    ),
    taken: 0,
  })).filter((s) => s.items.length > 0);
  const total = candidates.length;
  const out: { c: PlanCandidate; period: PeriodLabel }[] = [];
  for (let k = 1; k <= total; k += 1) {
    let best = strata[0];
    let gap = -Infinity;
    for (const s of strata) {
      if (s.taken >= s.items.length) continue;
      const behind = (k * s.items.length) / total - s.taken;
      if (behind > gap) {
        gap = behind;
        best = s;
      }
    }
    out.push({ c: best.items[best.taken], period: best.period });
    best.taken += 1;
  }
  return out;
}

type Ranked = { c: PlanCandidate; reason: string }[];

function orderings(
  candidates: readonly PlanCandidate[],
  ctx: PlanContext,
  seed: number,
): Record<PlanObjective | 'random' | 'oldest-first', Ranked> {
  const scored = candidates.filter((c) => c.probability !== null);
  const byPand = (a: PlanCandidate, b: PlanCandidate) => (a.pandId < b.pandId ? -1 : a.pandId > b.pandId ? 1 : 0);
  const find = [...scored].sort((a, b) => b.probability! - a.probability! || byPand(a, b));
  const gain = (c: PlanCandidate) => informationGain(c.probability!, ctx.surveyError);
  const uncertain = scored
    .filter((c) => c.set === 'both')
    .map((c) => ({ c, g: gain(c) }))
    .sort((a, b) => b.g - a.g || byPand(a.c, b.c));
  const oldest = [...candidates].sort((a, b) => (a.bouwjaar ?? Infinity) - (b.bouwjaar ?? Infinity) || byPand(a, b));
  return {
    'find-problems': find.map((c, i) => ({ c, reason: `rank ${i + 1} by ${ctx.scale === 'stock' ? 'stock' : 'survey'} probability` })),
    'reduce-uncertainty': uncertain.map(({ c }, i) => ({ c, reason: `95 % set {both}; information gain rank ${i + 1}` })),
    audit: auditOrder(candidates, seed).map(({ c, period }) => ({ c, reason: `audit sample, period ${period}` })),
    random: shuffled(candidates, seededRandom(seed ^ 0x5bd1e995)).map((c) => ({ c, reason: 'random' })),
    'oldest-first': oldest.map((c) => ({ c, reason: 'oldest first' })),
  };
}

/**
 * Walks down an ordering spending the budget; returns the chosen buildings in order and the surveys spent.
 * The first `resurveys` buildings are surveyed twice (two surveys, one block visit).
 */
function spend(
  order: Ranked,
  budget: PlanRequest['budget'],
  costs: PlanContext['costs'],
  onePerBlock: boolean,
  resurveys = 0,
): { chosen: Ranked; surveys: number } {
  const chosen: Ranked = [];
  const blocks = new Set<string>();
  let left = 'euros' in budget ? budget.euros : Infinity;
  const maxSurveys = 'surveys' in budget ? budget.surveys : Infinity;
  let surveys = 0;
  for (const r of order) {
    const times = chosen.length < resurveys ? 2 : 1;
    if (surveys + times > maxSurveys || left < times * costs.perSurvey) break;
    const opened = blocks.has(r.c.block);
    if (onePerBlock && opened) continue;
    const cost = times * costs.perSurvey + (opened ? 0 : costs.perBlock);
    if (cost > left) continue;
    left -= cost;
    surveys += times;
    blocks.add(r.c.block);
    chosen.push(r);
  }
  return { chosen, surveys };
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Σ p over the chosen buildings, with a 95 % normal interval: Σ p(1 − p) (each building found or not)
 * plus gᵀ Σ g for the stock calibration's covariance Σ of (a, b), g = Σ p(1 − p) · (margin, 1), plus, with
 * `surveyError`, dᵀ Σₑ d for the covariance Σₑ of the estimated survey error (e0, e1) the calibration was
 * fitted under, d = gᵀ J with J = ∂(a, b)/∂(e0, e1): the calibration's covariance holds the error rates
 * fixed, so their own sampling uncertainty is added through how (a, b) move with them (delta method);
 * plus, with `bend` (the information of the calibration with a bend c · margin² of its logit, see
 * {@link bentCalibrationInformation}), what letting the logit bend adds ({@link bendVariance}): the
 * calibration is a logistic in the margin fitted mostly where the audit rows lie, low margins, and a plan
 * takes the top margins, where its form is an assumption the audit sample can check only so far.
 */
export function expectedFound(
  chosen: readonly PlanCandidate[],
  covariance: PlanContext['covariance'],
  surveyError: SurveyErrorUncertainty | null = null,
  bend: Matrix3 | null = null,
): ExpectedFound {
  let sum = 0;
  let variance = 0;
  let ga = 0;
  let gb = 0;
  let gc = 0;
  for (const c of chosen) {
    if (c.probability === null) continue;
    const v = c.probability * (1 - c.probability);
    sum += c.probability;
    variance += v;
    if (c.margin !== null) {
      ga += v * c.margin;
      gb += v;
      gc += v * c.margin * c.margin;
    }
  }
  if (covariance) variance += ga * ga * covariance[0] + 2 * ga * gb * covariance[1] + gb * gb * covariance[2];
  if (surveyError) {
    const [[a0, a1], [b0, b1]] = surveyError.sensitivity;
    const d0 = ga * a0 + gb * b0;
    const d1 = ga * a1 + gb * b1;
    const [v00, v01, v11] = surveyError.covariance;
    variance += d0 * d0 * v00 + 2 * d0 * d1 * v01 + d1 * d1 * v11;
  }
  if (bend) variance += bendVariance([ga, gb, gc], bend);
  const half = 1.96 * Math.sqrt(variance);
  return { value: round(sum, 1), interval: [round(Math.max(0, sum - half), 1), round(sum + half, 1)] };
}

/**
 * The survey error's uncertainty for a plan on the stock scale, or null (no covariance given, or a
 * survey-relative scale). How (a, b) move with the error rates depends on how the audit sample's margins
 * are spread; the audit sample is a random sample of the stock, so the scored candidates stand in for it.
 */
function surveyErrorUncertainty(candidates: readonly PlanCandidate[], ctx: PlanContext): SurveyErrorUncertainty | null {
  if (ctx.scale !== 'stock' || !ctx.surveyErrorCovariance) return null;
  return { covariance: ctx.surveyErrorCovariance, sensitivity: surveyErrorSensitivity(scoredRows(candidates), ctx.surveyError) };
}

/** The (margin, probability) of the scored candidates: the stand-in for the audit sample's margins. */
const scoredRows = (candidates: readonly PlanCandidate[]) =>
  candidates.flatMap((c) => (c.margin === null || c.probability === null ? [] : [{ margin: c.margin, probability: c.probability }]));

/** The information of the bent calibration for a plan on the stock scale (see {@link expectedFound}), or null. */
function bentInformation(candidates: readonly PlanCandidate[], ctx: PlanContext): Matrix3 | null {
  if (ctx.scale !== 'stock' || !ctx.auditRows) return null;
  return bentCalibrationInformation(scoredRows(candidates), ctx.surveyError, ctx.auditRows);
}

function curve(order: Ranked, upTo: number): [number, number][] {
  const points: [number, number][] = [[0, 0]];
  const steps = Math.min(upTo, 40);
  let sum = 0;
  let at = 0;
  for (let k = 1; k <= steps; k += 1) {
    const n = Math.min(order.length, Math.round((k * upTo) / steps));
    for (; at < n; at += 1) sum += order[at].c.probability ?? 0;
    points.push([n, round(sum, 1)]);
  }
  return points;
}

/** Makes a plan from the candidate buildings (see {@link planCandidates}). */
export function makePlan(req: PlanRequest, all: readonly PlanCandidate[], ctx: PlanContext, stamp: PlanStamp): PlanAnswer {
  const seed = req.seed ?? 1;
  const onePerBlock = req.onePerBlock ?? false;
  const costs =
    'euros' in req.budget
      ? { perSurvey: req.budget.costPerSurvey ?? ctx.costs.perSurvey, perBlock: req.budget.costPerBlock ?? ctx.costs.perBlock }
      : ctx.costs;
  const candidates = inArea(all, req.area);
  const errorUncertainty = surveyErrorUncertainty(all, ctx);
  const bend = bentInformation(all, ctx);
  const orders = orderings(candidates, ctx, seed);
  const resurveyed = req.objective === 'audit' ? (req.resurveys ?? 0) : 0;
  const { chosen, surveys } = spend(orders[req.objective], req.budget, costs, onePerBlock, resurveyed);
  const resurveys = Math.min(resurveyed, chosen.length);
  const blocks = new Set(chosen.map((r) => r.c.block)).size;
  const compare = (rule: 'random' | 'oldest-first') => {
    const picked = spend(orders[rule], req.budget, costs, onePerBlock).chosen;
    return {
      rule,
      surveys: picked.length,
      expectedFound: expectedFound(
        picked.map((r) => r.c),
        ctx.covariance,
        errorUncertainty,
        bend,
      ),
    };
  };
  const upTo = Math.max(chosen.length, 1);
  return {
    ...stamp,
    objective: req.objective,
    scale: ctx.scale,
    budget: {
      surveys: 'surveys' in req.budget ? req.budget.surveys : null,
      euros: 'euros' in req.budget ? req.budget.euros : null,
      costPerSurvey: costs.perSurvey,
      costPerBlock: costs.perBlock,
    },
    area: req.area ?? null,
    onePerBlock,
    seed,
    candidates: candidates.length,
    surveys,
    resurveys,
    blocks,
    cost: surveys * costs.perSurvey + blocks * costs.perBlock,
    expectedFound: expectedFound(
      chosen.map((r) => r.c),
      ctx.covariance,
      errorUncertainty,
      bend,
    ),
    comparison: [compare('random'), compare('oldest-first')],
    curves: (['find-problems', 'reduce-uncertainty', 'audit', 'random', 'oldest-first'] as const).map((rule) => ({
      rule,
      points: curve(orders[rule], upTo),
    })),
    buildings: chosen.map(({ c, reason }, i) => ({
      pandId: c.pandId,
      addressId: c.addressId,
      buurtCode: c.buurtCode,
      probability: c.probability === null ? null : round(c.probability, 4),
      riskClass: c.riskClass,
      set: c.set,
      resurvey: i < resurveys,
      reason: i < resurveys ? `${reason}; surveyed twice, independently (survey error)` : reason,
      lon: c.lon,
      lat: c.lat,
    })),
  };
}

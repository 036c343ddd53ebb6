/**
 * The audit check of `bench:plans`: does an `audit` plan do what the certainty work needs? On a generated
 * dataset without any random audit sample (so the model has no stock scale), an audit plan is drawn,
 * its buildings are "surveyed" from the hidden truth with the generator's own survey-error model (the
 * simulated survey stream, standing in for issue 17's `seeds surveys`), the surveys are added to the
 * register as `steekproef` rows (the plan's re-surveys as a second, independent reading), and the model is
 * trained again. The stock-scale ratio (Σ pStock ÷ true problems over every building of the stock) should
 * come out within 0.9–1.1. Beside it, the two things that move it: how far the sample's own true problem
 * rate is from its population's (sampling), and the survey error the training estimated (the generator's
 * is 0.04 false alarms, 0.05 missed).
 */
import { createHash } from 'node:crypto';
import type { PlanContext } from '../service/domain/plans.js';
import { makePlan } from '../service/domain/plans.js';
import { planCandidates } from '../service/domain/plans-candidates.js';
import type { Dataset, RegisterRecord } from '../service/domain/records.js';
import { stockProbabilityOf } from '../service/domain/stock-scale.js';
import { predictMargins } from '../service/domain/trees/predict-trees.js';
import { type Generated, generateDataset } from '../seeds/generate.js';
import { LAST_SURVEY_YEAR, recordedDroogstand, surveyClass } from '../seeds/register.js';
import { Random } from '../seeds/random.js';
import { DEFAULT_HYPERPARAMETERS } from '../training/hyperparameters.js';
import { trainModel } from '../training/train-model.js';
import { stockRows } from '../training/training-rows.js';

/** Simulated surveys of the chosen panden (twice when `resurvey`), from the truth with the generator's survey error. */
function surveysOf(g: Generated, chosen: readonly { pandId: string; resurvey: boolean }[], seed: number): RegisterRecord[] {
  const index = new Map(g.panden.map((p, i) => [p.pandId, i]));
  const rng = new Random(seed, 'bench-audit-plan');
  const again = new Random(seed, 'bench-audit-plan-resurvey');
  return chosen.map(({ pandId, resurvey }) => {
    const i = index.get(pandId)!;
    const t = g.truths[i];
    const year = Math.max(LAST_SURVEY_YEAR, g.panden[i].bouwjaar + 1);
    return {
      pandId,
      onderzocht: true,
      onderzochtJaar: year,
      kwaliteitsklasse: surveyClass(rng, t),
      hersteld: false,
      herstelJaar: null,
      droogstand: recordedDroogstand(rng, t),
      funderingtype: t.funderingtype,
      steekproef: true,
      herhaalKlasse: resurvey ? surveyClass(again, t) : null,
      herhaalJaar: resurvey ? year : null,
    };
  });
}

/** What one audit check measured. */
export interface AuditCheck {
  /** Σ pStock over every building ÷ true problems, after training with the audit plan's surveys. */
  ratio: number;
  reproducible: boolean;
  /** Buildings in the sample, and how many of them were surveyed twice. */
  sampled: number;
  resurveys: number;
  /** True problem rate of the sampled buildings ÷ that of all buildings the plan could choose (sampling). */
  sampleVsPopulation: number;
  /** The survey error the training estimated (false alarms, missed) from its re-survey pairs. */
  surveyError: [number, number, number];
  /** Audit rows the stock scale was fitted on (those in the test buurten are held out). */
  auditRows: number;
}

const train = (dataset: Dataset, name: string) =>
  trainModel({
    dataset,
    truth: null,
    datasetHash: createHash('sha256').update(name).digest('hex'),
    version: name,
    cvFolds: 0,
    params: DEFAULT_HYPERPARAMETERS,
    log: () => undefined,
  });

/** One dataset: the stock-scale ratio after the audit plan's surveys, and the plan's reproducibility. */
export function auditCheck(seed: number, size: number, resurveys = 0): AuditCheck {
  const g = generateDataset({ seed, audit: 0 });
  const first = train(g.dataset, `audit-before-${seed}`);
  const margins = new Map<string, number>();
  const rows = stockRows(g.dataset);
  predictMargins(first.ensemble, rows.x, rows.rows).forEach((m, i) => margins.set(rows.pandIds[i], m));
  // Candidates need entries; the plan only needs pand, area, period and block, so scores are the survey scale here.
  const registerByPand = new Map(g.dataset.register.map((r) => [r.pandId, r]));
  const entries = g.dataset.addresses.map((address) => {
    const m = address.pandId === null ? null : (margins.get(address.pandId) ?? null);
    return {
      address,
      register: address.pandId === null ? null : (registerByPand.get(address.pandId) ?? null),
      buurtNaam: null,
      score: {
        probability: m === null ? null : 1 / (1 + Math.exp(-m)),
        probabilityStock: null,
        margin: m,
        riskClass: null,
        reason: null,
        modelVersion: 'bench',
      },
    };
  });
  const candidates = planCandidates(entries, g.dataset.buurten, () => ['no-problem', 'problem']);
  const ctx: PlanContext = {
    scale: 'survey-relative',
    covariance: null,
    surveyError: { falsePositive: 0, falseNegative: 0 },
    costs: { perSurvey: 1, perBlock: 0 },
  };
  const stamp = { id: 'bench', createdAt: '', modelVersion: 'bench', datasetVersion: null, synthetic: true };
  const plan = makePlan({ objective: 'audit', budget: { surveys: size }, seed, resurveys }, candidates, ctx, stamp);
  const again = makePlan({ objective: 'audit', budget: { surveys: size }, seed, resurveys }, candidates, ctx, stamp);
  const reproducible = JSON.stringify(plan.buildings) === JSON.stringify(again.buildings);
  const audit = surveysOf(g, plan.buildings, seed);
  const rowOf = new Map([...g.dataset.register, ...audit].map((r) => [r.pandId, r]));
  const register = g.panden.flatMap((p) => rowOf.get(p.pandId) ?? []);
  const second = train({ ...g.dataset, register }, `audit-after-${seed}`);
  if (!second.manifest.stockCalibration) throw new Error('the model trained with the audit plan has no stock scale');
  // Σ pStock over every building of the stock against the true number of problems.
  const truth = new Map(g.panden.map((p, i) => [p.pandId, g.truths[i].probleem]));
  const rate = (panden: readonly { pandId: string }[]) => panden.filter((p) => truth.get(p.pandId)).length / panden.length;
  const m2 = predictMargins(second.ensemble, rows.x, rows.rows);
  let expected = 0;
  let actual = 0;
  m2.forEach((m, i) => {
    expected += stockProbabilityOf(m, second.manifest.stockCalibration, second.manifest.calibration) ?? 0;
    actual += truth.get(rows.pandIds[i]) ? 1 : 0;
  });
  const stock = second.manifest.stockCalibration;
  return {
    ratio: expected / actual,
    reproducible,
    sampled: plan.buildings.length,
    resurveys: plan.resurveys,
    sampleVsPopulation: rate(plan.buildings) / rate(candidates),
    surveyError: [stock.surveyError.falsePositive, stock.surveyError.falseNegative, stock.surveyError.pairs],
    auditRows: stock.auditRows,
  };
}

/**
 * The audit check of `bench:plans`: does an `audit` plan do what the certainty work needs? On a generated
 * dataset without any random audit sample (so the model has no stock scale), an audit plan is drawn,
 * its buildings are "surveyed" from the hidden truth with the generator's own survey-error model (the
 * simulated survey stream, standing in for issue 17's `seeds surveys`), the surveys are added to the
 * register as `steekproef` rows, and the model is trained again. The stock-scale ratio (Σ pStock ÷ true
 * problems over every building of the stock) should come out within 0.9–1.1.
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

/** Simulated surveys of the chosen panden, from the truth with the generator's survey error. */
function surveysOf(g: Generated, panden: readonly string[], seed: number): RegisterRecord[] {
  const index = new Map(g.panden.map((p, i) => [p.pandId, i]));
  const rng = new Random(seed, 'bench-audit-plan');
  return panden.map((pandId) => {
    const i = index.get(pandId)!;
    const t = g.truths[i];
    return {
      pandId,
      onderzocht: true,
      onderzochtJaar: Math.max(LAST_SURVEY_YEAR, g.panden[i].bouwjaar + 1),
      kwaliteitsklasse: surveyClass(rng, t),
      hersteld: false,
      herstelJaar: null,
      droogstand: recordedDroogstand(rng, t),
      funderingtype: t.funderingtype,
      steekproef: true,
      herhaalKlasse: null,
      herhaalJaar: null,
    };
  });
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
export function auditCheck(seed: number, size: number): { ratio: number; reproducible: boolean; sampled: number } {
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
  const plan = makePlan({ objective: 'audit', budget: { surveys: size }, seed }, candidates, ctx, stamp);
  const again = makePlan({ objective: 'audit', budget: { surveys: size }, seed }, candidates, ctx, stamp);
  const reproducible = JSON.stringify(plan.buildings) === JSON.stringify(again.buildings);
  const audit = surveysOf(
    g,
    plan.buildings.map((b) => b.pandId),
    seed,
  );
  const rowOf = new Map([...g.dataset.register, ...audit].map((r) => [r.pandId, r]));
  const register = g.panden.flatMap((p) => rowOf.get(p.pandId) ?? []);
  const second = train({ ...g.dataset, register }, `audit-after-${seed}`);
  if (!second.manifest.stockCalibration) throw new Error('the model trained with the audit plan has no stock scale');
  // Σ pStock over every building of the stock against the true number of problems.
  const truth = new Map(g.panden.map((p, i) => [p.pandId, g.truths[i].probleem]));
  const m2 = predictMargins(second.ensemble, rows.x, rows.rows);
  let expected = 0;
  let actual = 0;
  m2.forEach((m, i) => {
    expected += stockProbabilityOf(m, second.manifest.stockCalibration, second.manifest.calibration) ?? 0;
    actual += truth.get(rows.pandIds[i]) ? 1 : 0;
  });
  return { ratio: expected / actual, reproducible, sampled: plan.buildings.length };
}

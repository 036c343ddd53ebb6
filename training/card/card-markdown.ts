import type { EvaluationSummary } from '../eval/summary.js';
import { certaintyMarkdown } from './certainty-markdown.js';
import type { TrainingRanges } from '../../service/domain/model-manifest.js';
import type { BenchmarkTable, EvidenceSection, ModelCard } from './model-card.js';

const f3 = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(3));
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(100 * v).toFixed(1)} %`);

function metricsRow(name: string, s: EvaluationSummary): string {
  return `| ${name} | ${s.rows} | ${pct(s.prevalence)} | ${pct(s.meanPredicted)} | ${f3(s.rocAuc)} | ${f3(s.prAuc)} | ${f3(s.brier)} | ${f3(s.logLoss)} | ${pct(s.coverage?.coverage)} |`;
}
const METRICS_HEAD =
  '| set | rows | prevalence | mean p (survey scale) | ROC-AUC | PR-AUC | Brier | log loss | coverage of the survey-scale marginal set |\n|---|---|---|---|---|---|---|---|---|';

/** The evidence ablation and out-of-range tables as Markdown (the card and `bench:evidence` print the same). */
export function evidenceMarkdown(e: EvidenceSection): string {
  const p = (v: number) => `${(100 * v).toFixed(1)} %`;
  const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(4)}`;
  return [
    `Repeated buurt-grouped cross-validation, ${e.repeats} × ${e.folds} folds, identical folds for every group, AUC on the ${e.evaluatedRows} rows surveyed on suspicion (fold AUC mean ± sd; gain over \`base\` paired per repeat, mean ± sd).`,
    '',
    '| feature group | fold AUC | gain vs base |',
    '|---|---:|---:|',
    ...e.groups.map(
      (g) =>
        `| ${g.group} | ${g.meanAuc.toFixed(4)} ± ${g.sdAuc.toFixed(4)} | ${g.gainMean === null ? '—' : `${signed(g.gainMean)} ± ${(g.gainSd ?? 0).toFixed(4)}`} |`,
    ),
    '',
    '| input | stock values outside the labelled range | missing, labelled | missing, stock |',
    '|---|---:|---:|---:|',
    ...e.inputs.map((i) => `| ${i.name} | ${p(i.outOfRange)} | ${p(i.missingLabelled)} | ${p(i.missingStock)} |`),
  ].join('\n');
}

/** The training range of every numeric feature as Markdown. */
export function trainingRangesMarkdown(r: TrainingRanges): string {
  return [
    `Trees extrapolate flat outside these ranges; the address answer marks an input outside them (\`outsideTrainingRange\`). Basis: ${r.basis}; ${r.rows} rows.`,
    '',
    '| feature | min | max | rows with a value |',
    '|---|---:|---:|---:|',
    ...Object.entries(r.features).map(([name, f]) => `| ${name} | ${f.min} | ${f.max} | ${f.values} |`),
  ].join('\n');
}

/** The benchmark table as Markdown (also used by the README). */
export function benchmarkMarkdown(b: BenchmarkTable): string {
  return [
    `Spatial split: ${b.trainRows} training rows, ${b.testRows} test rows; ${b.trees} trees, depth ${b.maxDepth}, learning rate ${b.learningRate}, ${b.maxBins} bins. Machine: ${b.machine}.`,
    '',
    '| learner | ROC-AUC | Δ AUC vs xgboost (1 thread) | wall time (s) | time ÷ xgboost (1 thread) |',
    '|---|---|---|---|---|',
    ...b.rows.map(
      (r) =>
        `| ${r.learner} | ${r.rocAuc.toFixed(4)} | ${r.aucDelta === null ? '–' : r.aucDelta.toFixed(4)} | ${r.seconds.toFixed(3)} | ${r.timeRatio === null ? '–' : r.timeRatio.toFixed(2)} |`,
    ),
  ].join('\n');
}

/** Plain-language reading of the selection-bias numbers (computed, so it never contradicts the table). */
function selectionBiasReading(s: NonNullable<ModelCard['selectionBias']>): string {
  const surveyed = s.surveyedTestVsLabel;
  const stock = s.testBuurtenStockVsTruth;
  const dAuc = stock.rocAuc - surveyed.rocAuc;
  const ratio = stock.meanPredicted / Math.max(1e-9, stock.prevalence);
  return [
    `On the same test buurten, ranking quality is ${dAuc >= 0 ? 'higher' : 'lower'} on the whole stock than on surveyed buildings (AUC ${f3(stock.rocAuc)} vs ${f3(surveyed.rocAuc)}):`,
    dAuc >= 0
      ? 'surveys pick buildings that already look risky (old, suspected damage), which narrows the range of risk among labelled rows and makes them harder to rank than the stock as a whole.'
      : 'the surveyed buildings are easier to rank than the stock as a whole, so surveyed-only metrics flatter the model.',
    `Probabilities do not transfer: they are calibrated for surveyed buildings (prevalence ${pct(surveyed.prevalence)}), so on the whole stock of these buurten they average ${pct(stock.meanPredicted)} against a true rate of ${pct(stock.prevalence)} (× ${ratio.toFixed(1)}).`,
    'Read them as "the chance a survey would find class D/E", not as the share of problem foundations in a buurt.',
  ].join(' ');
}

/** Renders `card.md` (plots are the sibling files `roc.svg` and `calibration.svg`). */
export function cardMarkdown(card: ModelCard): string {
  const m = card.metrics;
  const t = m.spatialTest;
  const s = card.selectionBias;
  const lines = [
    `# Model card: ${card.version}`,
    '',
    card.dataset.synthetic
      ? '> **Synthetic data.** This model was trained on generated demo data; its numbers describe the method, not real foundations.\n'
      : '',
    `Gradient-boosted decision trees (histogram learner written in TypeScript) predicting whether a building's foundation is in quality class D or E, on two probability scales (survey and stock), with 95 % conformal prediction sets (α = ${card.conformal.alpha}).`,
    '',
    '## Data',
    '',
    `Dataset **${card.dataset.name}** (sha256 \`${card.dataset.hash.slice(0, 16)}…\`): ${card.dataset.addresses} addresses in ${card.dataset.panden} panden and ${card.dataset.buurten} buurten; ${card.dataset.surveyed} surveyed panden in the register.`,
    '',
    `- Label: ${card.label.definition}`,
    `- Labelled rows: ${card.label.rows} panden, ${card.label.positives} with a problem (prevalence ${pct(card.label.prevalence)}).`,
    `- Left out: ${card.label.exclusions.surveyedWithoutClass} surveyed without a class, ${card.label.exclusions.surveyedAfterRestoration} surveyed after (or with unknown order to) restoration.`,
    `- Unit: ${card.label.unitPolicy}`,
    `- Restored buildings: ${card.label.restoredPolicy}`,
    `- Split: ${card.split.method} Trees: ${card.split.train.rows} surveyed rows in ${card.split.train.buurten} buurten; test: ${card.split.test.rows} surveyed rows in ${card.split.test.buurten} buurten; ${card.split.auditRows} audit rows in all.`,
    `- Training command: \`${card.trainingCommand}\` (add \`--survey-error FP,FN\` when the register has no re-surveys).`,
    '',
    '## Learner',
    '',
    `${card.learner.trees} trees kept (early stopping after ${card.learner.rounds} rounds), trained in ${card.learner.trainSeconds} s.`,
    '',
    '| hyperparameter | value |\n|---|---|',
    ...Object.entries(card.learner.hyperparameters).map(([k, v]) => `| ${k} | ${v} |`),
    '',
    `- Missing values: ${card.learner.missingValues}`,
    `- Categorical features: ${card.learner.categorical}`,
    `- Calibration: Platt, p = sigmoid(${card.calibration.a.toFixed(4)} · margin + ${card.calibration.b.toFixed(4)}), fitted on the ${card.calibration.fittedOn}.`,
    `- Conformal: ${card.conformal.rule}.`,
    `- Operating threshold: ${card.operatingThreshold.value.toFixed(3)} (${card.operatingThreshold.chosenBy}).`,
    '',
    '## Evaluation',
    '',
  ];
  if (m.cv) {
    const cv = m.cv;
    lines.push(
      `### Headline: buurt-grouped cross-validation, ${cv.repeats} repeats × ${cv.folds} folds, with a random split beside it`,
      '',
      `Spatial fold AUC ${f3(cv.spatial.meanAuc)} ± ${f3(cv.spatial.sdAuc)} (sd over ${cv.spatial.foldAuc.length} folds; range ${f3(cv.spatial.minAuc)}–${f3(cv.spatial.maxAuc)}); pooled AUC per repeat ${cv.spatial.pooledAuc.map(f3).join(', ')}; survey-scale conformal coverage per repeat ${cv.spatial.coverage.map(pct).join(', ')}.`,
      `Random split (one run): pooled AUC ${f3(cv.random.pooled.rocAuc)}, Brier ${f3(cv.random.pooled.brier)}; a random split puts neighbours of every test building in training, so it flatters the model.`,
      '',
    );
  }
  lines.push(
    '### The served model on held-out test buurten',
    '',
    METRICS_HEAD,
    metricsRow('spatial test buurten (served model)', t),
    '',
    `At the operating threshold on the test buurten: accuracy ${pct(t.operating.accuracy)}, precision ${pct(t.operating.precision)}, recall ${pct(t.operating.recall)} (TP ${t.operating.tp}, FP ${t.operating.fp}, TN ${t.operating.tn}, FN ${t.operating.fn}). These test buurten are the \`test.csv\` of \`--export-split\` and of the benchmark; single test sets vary: see the spread over repeated buurt splits above.`,
    '',
  );
  lines.push(
    ...certaintyMarkdown(card),
    '### Survey-scale calibration table (surveyed rows of the test buurten)',
    '',
    '| p from | p to | rows | mean p | observed |\n|---|---|---|---|---|',
    ...t.calibration.map(
      (b) => `| ${b.from.toFixed(1)} | ${b.to.toFixed(1)} | ${b.count} | ${f3(b.meanPredicted)} | ${f3(b.observedRate)} |`,
    ),
    '',
    '![ROC curve](roc.svg) ![Calibration](calibration.svg)',
    '',
  );
  if (m.perWijkAuc) {
    lines.push(
      '### Per wijk (spatial CV out-of-fold)',
      '',
      '| wijk | rows | problems | ROC-AUC |\n|---|---|---|---|',
      ...m.perWijkAuc.map((w) => `| ${w.wijkCode} | ${w.rows} | ${w.positives} | ${f3(w.rocAuc)} |`),
      '',
    );
  }
  if (s) {
    lines.push(
      '## Selection bias, measured against the synthetic truth',
      '',
      `The register label is known only for surveyed buildings. Prevalence: ${pct(s.prevalence.surveyedLabel)} among labelled panden (register), ${pct(s.prevalence.surveyedTruth)} of them truly problematic, but ${pct(s.prevalence.wholeStockTruth)} in the whole stock. The register label agrees with the truth for ${pct(s.labelAgreement)} of labelled panden.`,
      '',
      METRICS_HEAD,
      metricsRow('surveyed test panden vs register label', s.surveyedTestVsLabel),
      metricsRow('surveyed test panden vs truth', s.surveyedTestVsTruth),
      metricsRow('all panden in test buurten vs truth', s.testBuurtenStockVsTruth),
      metricsRow('whole stock vs truth (incl. training panden)', s.wholeStockVsTruth),
      '',
      selectionBiasReading(s),
      '',
    );
  }
  lines.push('## Known limitations', '', ...card.limitations.map((l) => `- ${l}`), '');
  lines.push(
    '## Training ranges',
    '',
    card.trainingRanges
      ? trainingRangesMarkdown(card.trainingRanges)
      : 'Not recorded for this version (`npm run train -- --dataset DIR --out models/<version> --record-ranges`).',
    '',
  );
  lines.push(
    '## Evidence features: what each feature group adds',
    '',
    card.evidence ? evidenceMarkdown(card.evidence) : 'Not run for this version (`npm run bench:evidence -- --write-card`).',
    '',
  );
  lines.push(
    '## Benchmark against xgboost and scikit-learn',
    '',
    card.benchmark ? benchmarkMarkdown(card.benchmark) : 'Not run for this version (`npx tsx bench/training-vs-xgboost.ts`).',
    '',
  );
  return lines.filter((l, i) => !(l === '' && lines[i - 1] === '')).join('\n');
}

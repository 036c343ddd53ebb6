import type { CoverageCell } from '../eval/certainty-report.js';
import type { ModelCard } from './model-card.js';

const f3 = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(3));
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${(100 * v).toFixed(1)} %`);
const table = (head: string, cells: readonly CoverageCell[]) => [
  `| ${head} | rows | coverage |`,
  '|---|---|---|',
  ...cells.map((c) => `| ${c.group} | ${c.rows} | ${pct(c.coverage)} |`),
];

/** The card's sections on the two probability scales and on what the 95 % sets guarantee. */
export function certaintyMarkdown(card: ModelCard): string[] {
  const sc = card.stockScale.calibration;
  const lines = [
    '## What the numbers mean',
    '',
    '- **probabilitySurvey** (survey scale): the chance a foundation survey would find class D/E, calibrated on buildings surveyed on suspicion. It overstates the problem rate of the stock.',
    `- **probability** (stock scale): ${card.stockScale.meaning}`,
  ];
  if (sc) {
    lines.push(
      `- Stock calibration: not surveyed on suspicion sigmoid(${sc.a.toFixed(4)} · margin + ${sc.b.toFixed(4)}) from ${sc.auditRows} audit rows; share surveyed on suspicion sigmoid(${sc.selection.a.toFixed(4)} · margin + ${sc.selection.b.toFixed(4)}); survey error used: false positive ${pct(sc.surveyError.falsePositive)}, false negative ${pct(sc.surveyError.falseNegative)} (${sc.surveyError.source}${sc.surveyError.pairs ? `, ${sc.surveyError.pairs} re-surveyed pairs` : ''}${sc.surveyError.source === 'assumed-zero' ? '; configure with --survey-error FP,FN' : ''}).`,
    );
  }
  lines.push(`- **The 95 % sets**: ${card.conformal.guarantee}`, '');
  const c = card.certainty;
  if (!c) return lines;
  const on =
    c.against === 'truth'
      ? `every unrestored pand of the ${c.buurten} test buurten (${c.rows}) against the synthetic truth`
      : `the ${c.rows} audit rows of the ${c.buurten} test buurten against their (noisy) survey labels`;
  lines.push(
    `### Both scales and the sets on the test buurten`,
    '',
    `Measured on ${on}; true rate ${pct(c.observedRate)}.`,
    '',
    '| scale | mean probability | ÷ true rate | ECE | buurt-sum error per 100 |',
    '|---|---|---|---|---|',
    `| survey (probabilitySurvey) | ${pct(c.survey.meanProbability)} | ${f3(c.survey.ratio)} | | |`,
    `| stock (probability) | ${pct(c.stock?.meanProbability)} | ${f3(c.stock?.ratio)} | ${f3(c.stock?.ece)} | ${f3(c.stock?.buurtSumErrorPer100)} |`,
    '',
    `Sets (${c.sets.guarantee}): coverage ${pct(c.sets.coverage)}, share {both} ${pct(c.sets.bothShare)}, 5th-percentile buurt (≥ 20 panden) ${pct(c.sets.buurtP5)}; truly D/E told {geen probleem}: ${pct(c.sets.badToldNoProblem)}; truly sound told {geen probleem}: ${pct(c.sets.goodToldNoProblem)}.`,
    '',
    ...(c.stock
      ? [
          'Stock-scale calibration:',
          '',
          '| p from | p to | rows | mean p | observed |',
          '|---|---|---|---|---|',
          ...c.stock.table.map(
            (b) => `| ${b.from.toFixed(1)} | ${b.to.toFixed(1)} | ${b.count} | ${f3(b.meanPredicted)} | ${f3(b.observedRate)} |`,
          ),
          '',
        ]
      : []),
    ...table('label', c.sets.perLabel),
    '',
    ...table('period group', c.sets.perPeriodGroup),
    '',
    ...table('wijk', c.sets.perWijk),
    '',
  );
  return lines;
}

import { readDataset, readTruth } from '../../service/adapters/dataset/dataset-files.js';
import type { TruthRow } from '../../service/adapters/dataset/dataset-schema.js';
import type { Dataset } from '../../service/domain/records.js';
import { surveyInputSchema } from '../../service/http/survey-schemas.js';
import { surveyBodyOfCsv } from '../../service/domain/surveys/survey-csv.js';
import { simulateSurveys } from '../../seeds/survey-stream.js';

let dataset: Dataset;
let truth: TruthRow[];
beforeAll(async () => {
  dataset = await readDataset('seeds/demo');
  truth = (await readTruth('seeds/demo'))!;
});

describe('the simulated survey stream', () => {
  it('when N surveys are drawn, then they are N distinct panden not yet surveyed, dated in the years asked, each a valid survey row', () => {
    const rows = simulateSurveys(dataset, truth, { seed: 1, count: 300, fromYear: 2026, years: 1 });
    const surveyed = new Set(dataset.register.filter((r) => r.onderzocht).map((r) => r.pandId));
    expect(rows).toHaveLength(300);
    expect(new Set(rows.map((r) => r.pand_id)).size).toBe(300);
    expect(rows.filter((r) => surveyed.has(r.pand_id))).toEqual([]);
    expect(rows.every((r) => r.date >= '2026-01-01' && r.date <= '2026-12-31')).toBe(true);
    expect(rows.filter((r) => !surveyInputSchema.safeParse(surveyBodyOfCsv(r)).success)).toEqual([]);
  });

  it('when drawn on suspicion, then D/E is found about as often as in the register (selection and survey error as there), far above the stock rate', () => {
    const rows = simulateSurveys(dataset, truth, { seed: 2, count: 1000, fromYear: 2026, years: 2 });
    const share = rows.filter((r) => r.kwaliteitsklasse === 'D' || r.kwaliteitsklasse === 'E').length / rows.length;
    const onSuspicion = dataset.register.filter((r) => r.onderzocht && !r.steekproef);
    const registerShare = onSuspicion.filter((r) => r.kwaliteitsklasse === 'D' || r.kwaliteitsklasse === 'E').length / onSuspicion.length;
    const stockShare = truth.filter((t) => t.probleem).length / truth.length;
    expect(Math.abs(share - registerShare)).toBeLessThan(0.08);
    expect(share).toBeGreaterThan(stockShare + 0.05);
  });

  it('when the same seed is given twice, then the same stream comes out; another seed gives another', () => {
    const a = simulateSurveys(dataset, truth, { seed: 5, count: 50, fromYear: 2027, years: 1 });
    expect(simulateSurveys(dataset, truth, { seed: 5, count: 50, fromYear: 2027, years: 1 })).toEqual(a);
    expect(simulateSurveys(dataset, truth, { seed: 6, count: 50, fromYear: 2027, years: 1 })).not.toEqual(a);
  });

  it('when a list of panden is given (an audit plan), then exactly those are surveyed; an unknown pand is refused naming its line', () => {
    const plan = truth
      .slice(0, 3)
      .map((t) => t.pand_id)
      .filter((id) => dataset.addresses.some((a) => a.pandId === id));
    expect(
      simulateSurveys(dataset, truth, { seed: 1, count: 0, fromYear: 2026, years: 1, panden: plan })
        .map((r) => r.pand_id)
        .sort(),
    ).toEqual([...plan].sort());
    expect(() =>
      simulateSurveys(dataset, truth, { seed: 1, count: 0, fromYear: 2026, years: 1, panden: [...plan, '0479109999999999'] }),
    ).toThrow(`line ${plan.length + 1}`);
  });
});

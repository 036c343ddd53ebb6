import { mkdtemp, readFile, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderDataset, writeDataset } from '../../service/adapters/dataset/dataset-files.js';
import { conformalSet } from '../../service/domain/conformal.js';
import type { Dataset } from '../../service/domain/records.js';
import { parseTrainArgs } from '../../training/cli-args.js';
import { mondrianThresholds } from '../../training/certainty/mondrian.js';
import { fitNoisyPlatt } from '../../training/certainty/noisy-platt.js';
import { resurveyPairs } from '../../training/certainty/stock-scale.js';
import { estimateSurveyError } from '../../training/certainty/survey-error.js';
import { silentProgress } from '../../training/progress.js';
import { Rng } from '../../training/rng.js';
import { trainFolder } from '../../training/train-folder.js';
import { trainModel } from '../../training/train-model.js';
import { FIXTURE_SURVEY_ERROR, syntheticDataset } from './synthetic-dataset.js';
import { TEST_PARAMS } from './trained-fixture.js';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const error = (e0: number, e1: number) => ({ falsePositive: e0, falseNegative: e1, source: 'configured' as const, pairs: 0 });

/** Noisy labels of a known logistic stock model: y ~ sigmoid(a·m + b), then flipped with rates e0/e1. */
function noisySample(n: number, seed: number, e0: number, e1: number) {
  const rng = new Rng(seed);
  const m = Array.from({ length: n }, () => rng.next() * 8 - 5);
  const y = m.map((v) => (rng.next() < sigmoid(1.2 * v - 0.5) ? 1 : 0));
  const noisy = y.map((t) => (t === 1 ? (rng.next() < e1 ? 0 : 1) : rng.next() < e0 ? 1 : 0));
  return { m, y, noisy, year: m.map((_, i) => (i % 2 === 0 ? 1900 : 1980)) };
}

describe('stock scale from a noisy audit sample', () => {
  it('when audit labels carry known survey error, then the corrected fit recovers the stock model and the naive one does not', () => {
    const { m, noisy } = noisySample(30000, 1, 0.06, 0.08);
    const fit = fitNoisyPlatt(m, noisy, error(0.06, 0.08));
    expect(fit.a).toBeCloseTo(1.2, 1);
    expect(fit.b).toBeCloseTo(-0.5, 1);
    const naive = fitNoisyPlatt(m, noisy, error(0, 0));
    expect(Math.abs(naive.a - 1.2)).toBeGreaterThan(0.2);
    expect(fit.covariance[0]).toBeGreaterThan(0);
  });

  it('when pairs of independent surveys in groups of different prevalence are given, then the error rates are estimated from their disagreement', () => {
    const rng = new Rng(4);
    const read = (t: number) => (t === 1 ? (rng.next() < 0.1 ? 0 : 1) : rng.next() < 0.05 ? 1 : 0);
    const pairs = Array.from({ length: 40000 }, (_, i) => {
      const group = i % 2 === 0 ? 'oud' : 'nieuw';
      const t = rng.next() < (group === 'oud' ? 0.4 : 0.05) ? 1 : 0;
      return { first: read(t), second: read(t), group };
    });
    const e = estimateSurveyError(pairs)!;
    expect(e.falsePositive).toBeCloseTo(0.05, 2);
    expect(e.falseNegative).toBeCloseTo(0.1, 2);
    expect(estimateSurveyError(pairs.slice(0, 5))).toBeNull();
    // one population alone does not identify two error rates
    expect(estimateSurveyError(pairs.filter((p) => p.group === 'oud'))).toBeNull();
  });

  it('when buildings of the audit sample are re-surveyed, then their pairs form a group of their own beside the same period surveyed on suspicion', () => {
    const row = (pandId: string, steekproef: boolean) => ({
      pandId,
      onderzocht: true,
      onderzochtJaar: 2020,
      kwaliteitsklasse: 'D',
      hersteld: false,
      herstelJaar: null,
      droogstand: false,
      funderingtype: null,
      steekproef,
      herhaalKlasse: 'B',
      herhaalJaar: 2022,
    });
    const dataset = {
      addresses: [
        { pandId: 'p1', bouwjaar: 1910 },
        { pandId: 'p2', bouwjaar: 1910 },
      ],
      register: [row('p1', false), row('p2', true)],
    } as unknown as Dataset;
    const pairs = resurveyPairs(dataset);
    expect(pairs.map((p) => [p.first, p.second])).toEqual([
      [1, 0],
      [1, 0],
    ]);
    expect(pairs[0].group).not.toBe(pairs[1].group);
  });
});

describe('Mondrian sets by label and period group', () => {
  it('when calibrated on noisy audit labels, then fresh buildings are covered ≥ 95 % per true label and per period group', () => {
    const e = error(0.05, 0.05);
    const cal = noisySample(4000, 2, 0.05, 0.05);
    const stock = fitNoisyPlatt(cal.m, cal.noisy, e);
    const mondrian = mondrianThresholds(
      { margins: cal.m, labels: cal.noisy, bouwjaar: cal.year, buurten: 20 },
      [
        { name: 'oud', fromYear: null, toYear: 1930 },
        { name: 'nieuw', fromYear: 1931, toYear: null },
      ],
      0.05,
      e,
      stock,
    );
    const test = noisySample(20000, 3, 0, 0);
    const covered = test.m.map((v, i) =>
      conformalSet({ alpha: 0.05, qhat: 1, mondrian }, v, 0.5, test.year[i]).set.includes(test.y[i] === 1 ? 'problem' : 'no-problem'),
    );
    const rate = (keep: (i: number) => boolean) => {
      const idx = covered.map((_, i) => i).filter(keep);
      return idx.filter((i) => covered[i]).length / idx.length;
    };
    expect(rate((i) => test.y[i] === 1)).toBeGreaterThanOrEqual(0.94);
    expect(rate((i) => test.y[i] === 0)).toBeGreaterThanOrEqual(0.94);
    expect(rate((i) => test.year[i] === 1900)).toBeGreaterThanOrEqual(0.94);
    expect(rate((i) => test.year[i] === 1980)).toBeGreaterThanOrEqual(0.94);
    // and the sets still decide for many buildings
    const singletons = test.m.filter(
      (v, i) => conformalSet({ alpha: 0.05, qhat: 1, mondrian }, v, 0.5, test.year[i]).set.length === 1,
    ).length;
    expect(singletons / test.m.length).toBeGreaterThan(0.3);
  });

  it('when a group has fewer than 1/α − 1 calibration rows, then both labels stay in its sets', () => {
    const cal = noisySample(400, 5, 0, 0);
    const stock = fitNoisyPlatt(cal.m, cal.noisy, error(0, 0));
    const year = cal.m.map((_, i) => (i < 10 ? 2000 : 1900));
    const mondrian = mondrianThresholds(
      { margins: cal.m, labels: cal.noisy, bouwjaar: year, buurten: 20 },
      [
        { name: 'oud', fromYear: null, toYear: 1930 },
        { name: 'nieuw', fromYear: 1931, toYear: null },
      ],
      0.05,
      error(0, 0),
      stock,
    );
    const nieuw = mondrian.periodGroups.find((g) => g.name === 'nieuw')!;
    expect(nieuw.rows).toBe(10);
    expect([nieuw.problemFrom, nieuw.noProblemUpTo]).toEqual([null, null]);
  });
});

describe('training with and without an audit sample', () => {
  it('when the register has an audit sample, then the model carries a stock scale near the true rate and stock-directed sets', () => {
    const { dataset, truth } = syntheticDataset(6000, 30, 11, { audit: 600 });
    const out = trainModel({
      dataset,
      truth,
      datasetHash: 'ab'.repeat(32),
      version: 't',
      params: TEST_PARAMS,
      cvFolds: 0,
      surveyError: FIXTURE_SURVEY_ERROR,
      log: silentProgress,
    });
    expect(out.manifest.stockCalibration).toMatchObject({ method: 'platt-noisy-audit', surveyError: { source: 'configured' } });
    expect(out.manifest.conformal.mondrian?.calibrationBuurten).toBeGreaterThanOrEqual(15);
    expect(out.card.split.test.buurten).toBeGreaterThanOrEqual(10);
    const c = out.card.certainty!;
    expect(c.against).toBe('truth');
    expect(c.stock!.ratio).toBeGreaterThan(0.75);
    expect(c.stock!.ratio).toBeLessThan(1.25);
    expect(c.survey.ratio).toBeGreaterThan(c.stock!.ratio);
  });

  it('when re-surveys are in the register, then the error rates come from them, not from the configured ones', () => {
    const { dataset } = syntheticDataset(6000, 30, 12, { audit: 400, resurveyShare: 0.5 });
    const out = trainModel({
      dataset,
      truth: null,
      datasetHash: 'ab'.repeat(32),
      version: 't',
      params: TEST_PARAMS,
      cvFolds: 0,
      surveyError: { falsePositive: 0.3, falseNegative: 0.3 },
      log: silentProgress,
    });
    const e = out.manifest.stockCalibration!.surveyError;
    expect(e.source).toBe('re-surveys');
    expect(e.falsePositive).toBeLessThan(0.15);
    expect(e.falseNegative).toBeLessThan(0.2);
  });

  it('when the register has no audit sample, then the model has no stock scale and falls back to marginal sets on the survey scale', () => {
    const { dataset, truth } = syntheticDataset(2500, 24, 11);
    const out = trainModel({
      dataset,
      truth,
      datasetHash: 'ab'.repeat(32),
      version: 't',
      params: TEST_PARAMS,
      cvFolds: 0,
      log: silentProgress,
    });
    expect(out.manifest.stockCalibration).toBeNull();
    expect(out.manifest.conformal.mondrian).toBeNull();
    expect(out.card.certainty?.stock).toBeNull();
  });
});

describe('training never reads the truth', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'truth-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('when truth.csv.gz is removed from the dataset folder, then model.onnx and trees.json are byte-identical and the manifest differs only in the card hashes', async () => {
    const { dataset, truth } = syntheticDataset(3000, 24, 13, { audit: 300 });
    const files = renderDataset(dataset, truth);
    await writeDataset(join(dir, 'with'), files);
    await writeDataset(join(dir, 'without'), files);
    await unlink(join(dir, 'without', 'truth.csv.gz'));
    for (const name of ['with', 'without']) {
      await trainFolder(
        parseTrainArgs([
          '--dataset',
          join(dir, name),
          '--out',
          join(dir, `model-${name}`, 'v1'),
          '--cv-folds',
          '0',
          '--survey-error',
          '0.05,0.08',
        ]),
        silentProgress,
      );
    }
    for (const file of ['model.onnx', 'trees.json']) {
      expect((await readFile(join(dir, 'model-with', 'v1', file))).equals(await readFile(join(dir, 'model-without', 'v1', file)))).toBe(
        true,
      );
    }
    // The manifest binds the card by its hash, and only the card may read the truth (for its evaluation).
    const manifest = async (name: string) =>
      JSON.parse(await readFile(join(dir, `model-${name}`, 'v1', 'manifest.json'), 'utf8')) as { sha256: Record<string, string> };
    const [withTruth, withoutTruth] = [await manifest('with'), await manifest('without')];
    expect(withTruth.sha256.model).toBe(withoutTruth.sha256.model);
    expect(withTruth.sha256.trees).toBe(withoutTruth.sha256.trees);
    const { card: _c1, cardMarkdown: _m1, ...restWith } = withTruth.sha256;
    const { card: _c2, cardMarkdown: _m2, ...restWithout } = withoutTruth.sha256;
    expect({ ...withTruth, sha256: restWith }).toEqual({ ...withoutTruth, sha256: restWithout });
    const card = (name: string) => readFile(join(dir, `model-${name}`, 'v1', 'card.json'), 'utf8').then((t) => JSON.parse(t));
    expect((await card('with')).certainty.against).toBe('truth');
    expect((await card('without')).certainty.against).toBe('audit-labels');
  });
});

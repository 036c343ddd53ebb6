import { parseCliArgs, UsageError } from '../../seeds/cli-args.js';
import { DEFAULT_AUDIT_SIZE } from '../../seeds/audit-sample.js';
import { REFERENCE_YEAR } from '../../seeds/foundation-truth.js';
import { DEFAULT_SEED, generateDataset } from '../../seeds/generate.js';
import { LAST_SURVEY_YEAR, SURVEY_ERROR } from '../../seeds/register.js';
import { schematicBuurten } from '../../seeds/schematic-buurten.js';
import { ZAANSTAD_BUURTEN } from '../../seeds/zaanstad-facts.js';
import { PERIODS, periodOf } from '../../service/domain/buurt-stats.js';
import type { RegisterRecord } from '../../service/domain/records.js';

const demo = generateDataset({ seed: DEFAULT_SEED });
const problem = new Map(demo.panden.map((p, i) => [p.pandId, demo.truths[i].probleem]));
const bouwjaar = new Map(demo.panden.map((p) => [p.pandId, p.bouwjaar]));
const audit = demo.dataset.register.filter((r) => r.steekproef);
const suspicion = new Set(demo.dataset.register.filter((r) => !r.steekproef).map((r) => r.pandId));
/** The stock the audit draws from: panden the register knew before the audit. */
const eligible = demo.panden.map((p) => p.pandId).filter((id) => !suspicion.has(id));
const bad = (k: RegisterRecord['kwaliteitsklasse']) => k === 'D' || k === 'E';
const share = (ids: readonly string[], test: (id: string) => boolean) => ids.filter(test).length / ids.length;
/** |observed − expected| in binomial standard errors. */
const zOf = (observed: number, expected: number, n: number) => Math.abs(observed - expected) / Math.sqrt((expected * (1 - expected)) / n);
const small = () => schematicBuurten(ZAANSTAD_BUURTEN).filter((b) => b.wijkCode === 'WK047921');

describe('the audit sample and re-surveys of the generated register', () => {
  test('when generated with the defaults, then the audit holds 1,000 surveyed panden that were not in the register', () => {
    expect(audit).toHaveLength(DEFAULT_AUDIT_SIZE);
    expect(new Set(demo.dataset.register.map((r) => r.pandId)).size).toBe(demo.dataset.register.length);
    expect(audit.every((r) => r.onderzocht && r.kwaliteitsklasse !== null && !r.hersteld)).toBe(true);
  });

  test('when the audit is drawn, then its true problem rate matches that of the stock it was drawn from', () => {
    const stock = share(eligible, (id) => problem.get(id)!);
    const sample = share(
      audit.map((r) => r.pandId),
      (id) => problem.get(id)!,
    );
    expect(zOf(sample, stock, audit.length)).toBeLessThan(3);
  });

  test('when the audit is drawn, then its mix of construction periods matches the stock (chi-square, p > 0.001)', () => {
    const ids = audit.map((r) => r.pandId);
    const chi2 = PERIODS.reduce((sum, { label }) => {
      const expected = share(eligible, (id) => periodOf(bouwjaar.get(id)!) === label) * ids.length;
      const observed = ids.filter((id) => periodOf(bouwjaar.get(id)!) === label).length;
      return sum + (observed - expected) ** 2 / expected;
    }, 0);
    expect(chi2).toBeLessThan(18.47); // 4 degrees of freedom
  });

  test('when audit panden are surveyed, then the share found D/E is what the survey-error model gives for their truth', () => {
    const ids = audit.map((r) => r.pandId);
    const prevalence = share(ids, (id) => problem.get(id)!);
    const expected = prevalence * (1 - SURVEY_ERROR.missed) + (1 - prevalence) * SURVEY_ERROR.falseAlarm;
    expect(
      zOf(
        share(ids, (id) => bad(audit.find((r) => r.pandId === id)!.kwaliteitsklasse)),
        expected,
        ids.length,
      ),
    ).toBeLessThan(3);
  });

  test('when panden are re-surveyed, then about 10 % of surveys are repeated and the two disagree as often as the survey error implies', () => {
    const surveyed = demo.dataset.register.filter((r) => r.onderzocht);
    const again = surveyed.filter((r) => r.herhaalKlasse !== null);
    expect(zOf(again.length / surveyed.length, 0.1, surveyed.length)).toBeLessThan(3);
    const flip = (e: number) => 2 * e * (1 - e);
    const expected =
      again.reduce((s, r) => s + (problem.get(r.pandId) ? flip(SURVEY_ERROR.missed) : flip(SURVEY_ERROR.falseAlarm)), 0) / again.length;
    const observed = share(
      again.map((r) => r.pandId),
      (id) => {
        const r = again.find((x) => x.pandId === id)!;
        return bad(r.kwaliteitsklasse) !== bad(r.herhaalKlasse);
      },
    );
    expect(zOf(observed, expected, again.length)).toBeLessThan(3);
  });

  test('when surveys are dated, then none is after the last survey year and a re-survey comes after the first, before any restoration', () => {
    const rows = demo.dataset.register;
    expect(LAST_SURVEY_YEAR).toBeLessThan(REFERENCE_YEAR);
    expect(rows.filter((r) => (r.onderzochtJaar ?? 0) > LAST_SURVEY_YEAR || (r.herhaalJaar ?? 0) > LAST_SURVEY_YEAR)).toEqual([]);
    for (const r of rows.filter((x) => x.herhaalJaar !== null)) {
      expect(r.herhaalJaar!).toBeGreaterThanOrEqual(r.onderzochtJaar!);
      if (r.hersteld) expect(r.herhaalJaar!).toBeLessThanOrEqual(r.herstelJaar!);
    }
  });

  test('when the audit and re-surveys are switched off, then the world and the register on suspicion are the same rows', () => {
    const plain = generateDataset({ seed: 5, buurten: small(), audit: 0, resurveyShare: 0 });
    const full = generateDataset({ seed: 5, buurten: small(), audit: 40 });
    expect(plain.dataset.register.some((r) => r.steekproef || r.herhaalKlasse !== null)).toBe(false);
    expect(full.dataset.addresses).toEqual(plain.dataset.addresses);
    expect(full.truth).toEqual(plain.truth);
    const stripped = full.dataset.register.filter((r) => !r.steekproef).map((r) => ({ ...r, herhaalKlasse: null, herhaalJaar: null }));
    expect(stripped).toEqual(plain.dataset.register);
    expect(full.dataset.register.filter((r) => r.steekproef)).toHaveLength(40);
  });

  test('when --audit is given on the command line, then it sets the sample size; 0 is allowed and a non-number is refused', () => {
    expect(parseCliArgs(['generate', '--out', 'x']).audit).toBe(DEFAULT_AUDIT_SIZE);
    expect(parseCliArgs(['generate', '--out', 'x', '--audit', '0']).audit).toBe(0);
    expect(parseCliArgs(['generate', '--out', 'x', '--audit', '250']).audit).toBe(250);
    expect(() => parseCliArgs(['generate', '--out', 'x', '--audit', '-3'])).toThrow(UsageError);
  });
});

import type { RegisterRecord, RiskClass } from '../../service/domain/records.js';
import {
  EVIDENCE_FEATURES,
  EVIDENCE_RADIUS_M,
  NeighbourhoodIndex,
  evidenceInputFromAddress,
  evidenceVector,
  neighbourhoodIndexOfAddresses,
  type EvidenceBuilding,
  type EvidenceInput,
} from '../../service/features/evidence.js';
import { generateDataset } from '../../seeds/generate.js';
import { schematicBuurten } from '../../seeds/schematic-buurten.js';
import { ZAANSTAD_BUURTEN } from '../../seeds/zaanstad-facts.js';
import { evidenceColumnsOf } from '../../training/eval/evidence-columns.js';
import { FULL_NAMES, labelledEvidenceRows, neighbourhoodIndexOf } from '../../training/eval/evidence-ablation.js';

const DEG_PER_M = 1 / 111_320;
const building = (pandId: string, block: string | null, eastM: number): EvidenceBuilding => ({
  pandId,
  bouwblokId: block,
  lon: 4.82 + (eastM * DEG_PER_M) / Math.cos((52.44 * Math.PI) / 180),
  lat: 52.44,
});
const survey = (pandId: string, year: number, klasse: RiskClass, extra: Partial<RegisterRecord> = {}): RegisterRecord => ({
  pandId,
  onderzocht: true,
  onderzochtJaar: year,
  kwaliteitsklasse: klasse,
  hersteld: false,
  herstelJaar: null,
  droogstand: false,
  funderingtype: null,
  steekproef: false,
  herhaalKlasse: null,
  herhaalJaar: null,
  ...extra,
});

describe('neighbourhood evidence', () => {
  const buildings = [
    building('A', 'B1', 0),
    building('B', 'B1', 6),
    building('C', 'B1', 12),
    building('D', null, 100),
    building('E', null, 400),
  ];

  test('when a building was surveyed D and restored, then neither its own survey, re-survey nor restoration enters its own evidence', () => {
    const register = [survey('A', 2000, 'E', { hersteld: true, herstelJaar: 2002, herhaalKlasse: 'E', herhaalJaar: 2001 })];
    const index = new NeighbourhoodIndex(buildings, register);
    expect(index.evidenceFor('A', 2026)).toEqual({
      blokOnderzocht: 0,
      blokProbleem: 0,
      blokHersteld: 0,
      straalOnderzocht: 0,
      straalProbleem: 0,
      straalHersteld: 0,
    });
    expect(index.evidenceFor('B', 2026)).toEqual({
      blokOnderzocht: 1,
      blokProbleem: 1,
      blokHersteld: 1,
      straalOnderzocht: 1,
      straalProbleem: 1,
      straalHersteld: 1,
    });
  });

  test('when a neighbour was surveyed in or after the scored year, then that survey does not enter', () => {
    const register = [
      survey('B', 2010, 'D', { hersteld: true, herstelJaar: 2012 }),
      survey('C', 2015, 'A', { herhaalKlasse: 'E', herhaalJaar: 2020 }),
    ];
    const index = new NeighbourhoodIndex(buildings, register);
    expect(index.evidenceFor('A', 2010)).toMatchObject({ blokOnderzocht: 0, blokHersteld: 0, straalOnderzocht: 0 });
    expect(index.evidenceFor('A', 2011)).toMatchObject({ blokOnderzocht: 1, blokProbleem: 1, blokHersteld: 0 });
    expect(index.evidenceFor('A', 2016)).toMatchObject({ blokOnderzocht: 2, blokProbleem: 1, blokHersteld: 1 });
    // the re-survey of 2020 replaces C's first verdict only from 2021 on
    expect(index.evidenceFor('A', 2021)).toMatchObject({ blokOnderzocht: 2, blokProbleem: 2 });
  });

  test('when panden are farther than the radius or in another block, then they count only where they belong', () => {
    const register = [survey('D', 2000, 'E'), survey('E', 2000, 'E')];
    const index = new NeighbourhoodIndex(buildings, register);
    expect(EVIDENCE_RADIUS_M).toBeLessThan(400);
    expect(index.evidenceFor('A', 2026)).toMatchObject({ blokOnderzocht: 0, straalOnderzocht: 1, straalProbleem: 1 });
  });

  test('when the archive values are known, then the archive features are the pile head above both groundwater levels and the length shortfall', () => {
    const x: EvidenceInput = {
      maaiveld_nap_m: -1,
      pleistoceen_nap_m: -17,
      grondwater_nap_m: -2,
      grondwater_droog_nap_m: -2.4,
      paalkop_nap_m: -2.1,
      paallengte_m: 11,
      buren: null,
    };
    const v = Object.fromEntries(EVIDENCE_FEATURES.map((f, i) => [f.name, evidenceVector(x)[i]]));
    expect(v.paalkop_boven_grondwater_m).toBeCloseTo(-0.1, 9);
    expect(v.paalkop_boven_droog_grondwater_m).toBeCloseTo(0.3, 9);
    expect(v.paallengte_tekort_m).toBeCloseTo(-5, 9);
    expect(Number.isNaN(v.blok_onderzocht_n)).toBe(true);
  });
});

describe('evidence rows of a generated world (no label leaks)', () => {
  const g = generateDataset({
    seed: 5,
    buurten: schematicBuurten(ZAANSTAD_BUURTEN).filter((b) => b.wijkCode === 'WK047911' || b.wijkCode === 'WK047912'),
    audit: 100,
  });
  const columns = evidenceColumnsOf(g.dataset);
  const index = neighbourhoodIndexOf(g.dataset, columns);
  const rows = labelledEvidenceRows(g.dataset, columns, index);
  const col = (name: string) => FULL_NAMES.indexOf(name);

  test("when a labelled building's own class is flipped, then its neighbourhood features do not change", () => {
    const k = rows.pandIds.findIndex((_, i) => rows.y[i] === 1);
    const pandId = rows.pandIds[k];
    const flipped = g.dataset.register.map((r) =>
      r.pandId === pandId ? { ...r, kwaliteitsklasse: 'A' as const, herhaalKlasse: r.herhaalKlasse === null ? null : ('A' as const) } : r,
    );
    const again = labelledEvidenceRows({ ...g.dataset, register: flipped }, columns);
    const names = EVIDENCE_FEATURES.filter((f) => f.group === 'buurt').map((f) => col(f.name));
    for (const j of names) expect(Object.is(again.x[k * again.width + j], rows.x[k * rows.width + j])).toBe(true);
  });

  test("when labelled rows are built, then every neighbour survey counted is dated before the row's own survey year", () => {
    const reg = new Map(g.dataset.register.map((r) => [r.pandId, r]));
    let checked = 0;
    rows.pandIds.forEach((pandId, i) => {
      const year = reg.get(pandId)!.onderzochtJaar!;
      const counted = rows.x[i * rows.width + col('blok_onderzocht_n')];
      const block = columns.get(pandId)!.bouwblokId;
      const before = g.dataset.register.filter(
        (r) =>
          r.pandId !== pandId &&
          columns.get(r.pandId)?.bouwblokId === block &&
          ((r.onderzochtJaar !== null && r.onderzochtJaar < year) || (r.herhaalJaar !== null && r.herhaalJaar < year)),
      );
      expect(counted).toBe(before.length);
      checked += 1;
    });
    expect(checked).toBeGreaterThan(50);
  });

  test("when computed from address records (the service path), then the evidence equals the training rows' evidence", () => {
    const index2 = neighbourhoodIndexOfAddresses(g.dataset.addresses, g.dataset.register);
    const first = new Map<string, (typeof g.dataset.addresses)[number]>();
    for (const a of g.dataset.addresses) {
      const c = first.get(a.pandId!);
      if (!c || a.verblijfsobjectId < c.verblijfsobjectId) first.set(a.pandId!, a);
    }
    const offset = col(EVIDENCE_FEATURES[0].name);
    rows.pandIds.forEach((pandId, i) => {
      const v = evidenceVector(evidenceInputFromAddress(first.get(pandId)!, index2, rows.scoredYear[i]));
      v.forEach((x, j) => expect(Object.is(Math.fround(x), rows.x[i * rows.width + offset + j])).toBe(true));
    });
  });
});

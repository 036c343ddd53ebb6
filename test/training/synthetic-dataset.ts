import type { TruthRow } from '../../service/adapters/dataset/dataset-schema.js';
import type { AddressRecord, BuurtRecord, Dataset, RegisterRecord } from '../../service/domain/records.js';
import { FUNDERINGTYPES, WONINGTYPES } from '../../service/features/feature-spec.js';
import { Rng } from '../../training/rng.js';

const id16 = (prefix: number, n: number) => `${prefix}${String(n).padStart(15, '0')}`.slice(0, 16);

function square(lon: number, lat: number): BuurtRecord['geometry'] {
  const d = 0.005;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + d, lat],
        [lon + d, lat + d],
        [lon, lat + d],
        [lon, lat],
      ],
    ],
  };
}

/** Options of {@link syntheticDataset}. */
export interface SyntheticOptions {
  /** Size of a random audit sample (steekproef) of panden not surveyed on suspicion; default 0. */
  audit?: number;
  /** Share of (unrestored) surveyed panden surveyed a second time, independently; default 0. */
  resurveyShare?: number;
}

/** The survey error of the fixture: a problem is missed 8 % of the time, a sound foundation read as D/E 5 %. */
export const FIXTURE_SURVEY_ERROR = { falsePositive: 0.05, falseNegative: 0.08 } as const;

function surveyOutcome(rng: Rng, probleem: boolean): 'A' | 'B' | 'C' | 'D' | 'E' {
  const bad = probleem ? rng.next() > FIXTURE_SURVEY_ERROR.falseNegative : rng.next() < FIXTURE_SURVEY_ERROR.falsePositive;
  return bad ? 'D' : 'B';
}

/**
 * A small synthetic dataset for training tests: `buurten` buurten in 4 wijken, `panden` panden (some with
 * two addresses), a selection-biased register and the latent truth. Buurten differ in soil, so a
 * buurt-grouped split is harder than a random one, as in the real data.
 */
export function syntheticDataset(
  panden: number,
  buurten: number,
  seed: number,
  opts: SyntheticOptions = {},
): { dataset: Dataset; truth: TruthRow[] } {
  const rng = new Rng(seed);
  const buurtRecords: BuurtRecord[] = Array.from({ length: buurten }, (_, b) => ({
    code: `BU0479${String(1000 + b).padStart(4, '0')}`,
    naam: `Buurt ${b}`,
    wijkCode: `WK0479${String(10 + (b % 4)).padStart(2, '0')}`,
    gemeenteCode: 'GM0479',
    woonplaats: 'Zaandam',
    pc4: '1500',
    huishoudens: null,
    oppervlakteHa: null,
    schematic: true,
    geometry: square(4.8 + b * 0.01, 52.4),
  }));
  const soil = buurtRecords.map(() => ({
    veen: rng.next() * 6,
    ground: -1 - rng.next() * 1.5,
    sand: -14 - rng.next() * 6,
    old: rng.next(),
  }));
  const addresses: AddressRecord[] = [];
  const register: RegisterRecord[] = [];
  const truth: TruthRow[] = [];
  const unsurveyed: { pandId: string; probleem: boolean }[] = [];
  for (let p = 0; p < panden; p += 1) {
    const b = rng.int(buurten);
    const s = soil[b];
    const bouwjaar = Math.round(s.old > 0.5 ? 1880 + rng.next() * 100 : 1920 + rng.next() * 100);
    const maaiveld = s.ground + (rng.next() - 0.5) * 0.4;
    const grondwater = maaiveld - 0.4 - rng.next() * 1.2;
    const veen = Math.max(0, s.veen + (rng.next() - 0.5));
    const funderingtype = rng.next() < 0.8 ? null : FUNDERINGTYPES[rng.int(4)];
    const risk = (1950 - bouwjaar) / 20 + (maaiveld - grondwater - 1) * 2 + veen * 0.3 - 1;
    const probleem = rng.next() < 1 / (1 + Math.exp(-risk));
    const pandId = id16(3, p + 1);
    const n = rng.next() < 0.2 ? 2 : 1;
    for (let a = 0; a < n; a += 1) {
      addresses.push({
        verblijfsobjectId: id16(4, p * 2 + a + 1),
        pandId,
        buurtCode: buurtRecords[b].code,
        straat: 'Teststraat',
        huisnummer: p * 2 + a + 1,
        huisletter: null,
        toevoeging: null,
        postcode: '1500AA',
        woonplaats: 'Zaandam',
        lon: 4.8,
        lat: 52.4,
        bouwjaar,
        woningtype: WONINGTYPES[rng.int(4)],
        bouwlagen: 1 + rng.int(4),
        woningenInPand: n,
        maaiveldNapM: maaiveld,
        veendikteM: veen,
        pleistoceenNapM: s.sand,
        grondwaterNapM: rng.next() < 0.15 ? null : grondwater,
        grondwaterBron: 'model',
        bodemdalingMmJr: -1 - veen * 0.5,
        funderingtype,
      });
    }
    truth.push({
      pand_id: pandId,
      funderingtype: funderingtype ?? 'houten-palen',
      houtsoort: null,
      paalkop_nap_m: null,
      paallengte_m: null,
      probleem,
      droogstand: false,
      bacterieel: false,
      negatieve_kleef: false,
      ontwatering: false,
    });
    const surveyed = rng.next() < 1 / (1 + Math.exp(-(-1 + (probleem ? 1.5 : 0) + (bouwjaar < 1945 ? 1 : 0))));
    if (!surveyed) {
      unsurveyed.push({ pandId, probleem });
      continue;
    }
    const bad = probleem ? rng.next() > 0.08 : rng.next() < 0.05;
    const klasse = bad ? (rng.next() < 0.5 ? 'D' : 'E') : (['A', 'B', 'C'] as const)[rng.int(3)];
    const year = 1996 + rng.int(28);
    const hersteld = bad && rng.next() < 0.3;
    const again = !hersteld && (opts.resurveyShare ?? 0) > 0 && rng.next() < (opts.resurveyShare ?? 0);
    const herhaalKlasse = again ? surveyOutcome(rng, probleem) : null;
    register.push({
      pandId,
      onderzocht: true,
      onderzochtJaar: year,
      kwaliteitsklasse: klasse,
      hersteld,
      herstelJaar: hersteld ? year + 1 : null,
      droogstand: null,
      funderingtype: null,
      steekproef: false,
      herhaalKlasse,
      herhaalJaar: again ? 2025 : null,
    });
  }
  // the audit sample: panden not surveyed on suspicion, drawn at random, surveyed with the same error
  for (const { pandId, probleem } of rng.shuffle(unsurveyed).slice(0, opts.audit ?? 0)) {
    register.push({
      pandId,
      onderzocht: true,
      onderzochtJaar: 2025,
      kwaliteitsklasse: surveyOutcome(rng, probleem),
      hersteld: false,
      herstelJaar: null,
      droogstand: null,
      funderingtype: null,
      steekproef: true,
      herhaalKlasse: null,
      herhaalJaar: null,
    });
  }
  return {
    dataset: {
      info: { formatVersion: 1, name: 'test-synthetic', synthetic: true, description: 'test fixture', seed, referenceYear: 2025 },
      buurten: buurtRecords,
      addresses,
      register,
    },
    truth,
  };
}

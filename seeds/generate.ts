/**
 * The demo-dataset generator: buurten (schematic or given) → panden and dwellings → true soil → latent
 * foundation truth → observed attributes → biased register. Deterministic for a seed and input.
 */
import type { AddressRecord, BuurtRecord, Dataset } from '../service/domain/records.js';
import { addResurveys, DEFAULT_AUDIT_SIZE, DEFAULT_RESURVEY_SHARE, drawAuditSample, mergeInPandOrder } from './audit-sample.js';
import type { PeriodProfile } from './building-periods.js';
import { createAreaHistory } from './area-history.js';
import { assignBlocks } from './building-blocks.js';
import { drawBlockTraits, drawTruth, type FoundationTruth, REFERENCE_YEAR } from './foundation-truth.js';
import { drawArchive, observe, placeWells } from './observations.js';
import { BagIds, layoutBuurt, type Pand } from './panden.js';
import { PostcodeAllocator } from './postcodes.js';
import { clamp, Random, round } from './random.js';
import { buildRegister } from './register.js';
import { schematicBuurten } from './schematic-buurten.js';
import { createSoilFields, type SoilAt } from './soil-fields.js';
import { StreetNamer } from './street-names.js';
import { buurtFact, ZAANSTAD_BUURTEN } from './zaanstad-facts.js';

/** The default seed of the committed demo dataset. */
export const DEFAULT_SEED = 1;

/** Options of one generation run. */
export interface GenerateOptions {
  seed: number;
  /** Real buurt polygons; when omitted, schematic polygons are built from the published facts. */
  buurten?: BuurtRecord[];
  /** Panden in the random audit sample (default {@link DEFAULT_AUDIT_SIZE}; 0 = none). */
  audit?: number;
  /** Share of surveyed panden surveyed a second time (default {@link DEFAULT_RESURVEY_SHARE}). */
  resurveyShare?: number;
  /** Progress lines (the CLI writes them to stderr). */
  progress?: (message: string) => void;
}

/** A generated dataset with its latent truth rows (for `truth.csv.gz`). */
export interface Generated {
  dataset: Dataset;
  truth: Record<string, unknown>[];
  panden: Pand[];
  truths: FoundationTruth[];
  /** The building block of every pand (index into `blocks`), and the blocks' ids. */
  blockOf: Int32Array;
  blockIds: string[];
}

/** The period profile of a buurt: the documented assumption for Zaanstad buurten, 'gemengd' elsewhere. */
export function profileOf(code: string): PeriodProfile {
  return buurtFact(code)?.profile ?? 'gemengd';
}

function truthRow(p: Pand, t: FoundationTruth): Record<string, unknown> {
  const r2 = (v: number | null) => (v === null ? null : round(v, 2));
  return {
    pand_id: p.pandId,
    funderingtype: t.funderingtype,
    houtsoort: t.houtsoort,
    paalkop_nap_m: r2(t.paalkopNapM),
    paallengte_m: r2(t.paallengteM),
    probleem: String(t.probleem),
    droogstand: String(t.droogstand),
    bacterieel: String(t.bacterieel),
    negatieve_kleef: String(t.negatieveKleef),
    ontwatering: String(t.ontwatering),
  };
}

/** Generates a complete synthetic dataset. */
export function generateDataset(options: GenerateOptions): Generated {
  const { seed } = options;
  const progress = options.progress ?? (() => undefined);
  const schematic = !options.buurten;
  const buurten = options.buurten ?? schematicBuurten(ZAANSTAD_BUURTEN);
  progress(`buurten: ${buurten.length} (${schematic ? 'schematic polygons' : 'given polygons'})`);

  const ctx = {
    ids: new BagIds(new Random(seed, 'bag-ids')),
    postcodes: new PostcodeAllocator(new Random(seed, 'postcodes')),
    streets: new StreetNamer(new Random(seed, 'streets')),
  };
  const panden = buurten.flatMap((b) => layoutBuurt(seed, b, profileOf(b.code), ctx));
  progress(`panden: ${panden.length}, dwellings: ${panden.reduce((s, p) => s + p.woningen, 0)}`);
  // blocks of panden built together share their construction year (set here), foundation and builder
  const { blocks, blockOf } = assignBlocks(seed, panden);
  progress(`building blocks: ${blocks.length}`);

  const fields = createSoilFields(seed);
  const local = new Random(seed, 'local-soil');
  const soils: SoilAt[] = panden.map((p) => {
    const s = fields.at(p.lon, p.lat);
    // building-scale variation on top of the smooth fields (fills, ditches, local drainage)
    const gw = s.grondwaterNapM + local.normal(0, 0.05);
    return { ...s, veendikteM: clamp(s.veendikteM + local.normal(0, 0.25), 0.1, 9), grondwaterNapM: gw };
  });
  const blockRng = new Random(seed, 'block-traits');
  const traits = blocks.map((b) => drawBlockTraits(blockRng, panden[b.members[0]], soils[b.members[0]]));
  const history = createAreaHistory(seed);
  const historyRng = new Random(seed, 'pand-history');
  const histories = panden.map((p, i) => {
    const s = soils[i];
    const area = history.at(p.lon, p.lat, s.veendikteM, s.maaiveldNapM - s.grondwaterNapM);
    const age = REFERENCE_YEAR - p.bouwjaar;
    return { ophogingM: clamp((area.ophogingPerEeuwM * age) / 100 + historyRng.normal(0, 0.05), 0, 3), droogteDipM: area.droogteDipM };
  });
  const truthRng = new Random(seed, 'truth');
  const truths = panden.map((p, i) => drawTruth(truthRng, p, soils[i], traits[blockOf[i]], histories[i]));
  const wells = placeWells(seed, panden);
  const archiveRng = new Random(seed, 'archive');
  const archives = blocks.map((b) => drawArchive(archiveRng, b.bouwjaar));
  const obsRng = new Random(seed, 'observations');
  const observed = panden.map((p, i) => observe(obsRng, p, soils[i], truths[i], wells, blocks[blockOf[i]].id, archives[blockOf[i]]));
  const suspicion = buildRegister(
    seed,
    panden,
    truths,
    blocks.map((b) => b.members),
  );
  const audit = drawAuditSample(seed, panden, truths, suspicion, options.audit ?? DEFAULT_AUDIT_SIZE, progress);
  const register = addResurveys(
    seed,
    panden,
    truths,
    mergeInPandOrder(panden, suspicion, audit),
    options.resurveyShare ?? DEFAULT_RESURVEY_SHARE,
  );
  progress(
    `register rows: ${register.length} (${register.filter((r) => r.onderzocht).length} surveyed, ${audit.length} in the audit sample, ` +
      `${register.filter((r) => r.herhaalKlasse !== null).length} re-surveyed)`,
  );

  const addresses: AddressRecord[] = panden.flatMap((p, i) =>
    p.dwellings.map((d) => ({
      verblijfsobjectId: d.verblijfsobjectId,
      pandId: p.pandId,
      buurtCode: p.buurtCode,
      straat: d.straat,
      huisnummer: d.huisnummer,
      huisletter: d.huisletter,
      toevoeging: d.toevoeging,
      postcode: d.postcode,
      woonplaats: p.woonplaats,
      lon: p.lon,
      lat: p.lat,
      bouwjaar: p.bouwjaar,
      woningtype: p.woningtype,
      bouwlagen: p.bouwlagen,
      woningenInPand: p.woningen,
      ...observed[i],
    })),
  );
  const description = [
    'Synthetic demo dataset for gemeente Zaanstad, generated by seeds/ (see seeds/README.md).',
    schematic
      ? 'Buurt codes, names, PC4 and household counts are real (CBS 2017); the buurt polygons are schematic.'
      : 'Buurt polygons, codes, names, PC4 and household counts come from the given buurten file.',
    'Every address, building, soil and groundwater value, foundation type and register row is synthetic;',
    'none describes a real building.',
  ].join(' ');
  return {
    dataset: {
      info: {
        formatVersion: 1,
        name: schematic ? 'zaanstad-demo' : 'zaanstad-demo-real-buurten',
        synthetic: true,
        description,
        seed,
        referenceYear: REFERENCE_YEAR,
      },
      buurten,
      addresses,
      register,
    },
    truth: panden.map((p, i) => truthRow(p, truths[i])),
    panden,
    truths,
    blockOf,
    blockIds: blocks.map((b) => b.id),
  };
}

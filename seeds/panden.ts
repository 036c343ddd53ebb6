/**
 * Lays out the panden (buildings) and verblijfsobjecten (dwellings) of one buurt: a period mix per buurt,
 * streets of similar-age buildings, two sides with odd and even numbers, postcodes per stretch of ~20
 * dwellings, and positions inside the buurt polygon.
 */
import type { BuurtRecord } from '../service/domain/records.js';
import type { Woningtype } from '../service/features/feature-spec.js';
import { PERIOD_MIX, type PandPlan, type PeriodProfile, planPand } from './building-periods.js';
import { type AreaGeometry, bbox, pointInGeometry } from './geometry.js';
import { KM_PER_DEG_LAT, KM_PER_DEG_LON } from './local-grid.js';
import { GenerationError } from './generation-error.js';
import type { PostcodeAllocator } from './postcodes.js';
import { Random, round } from './random.js';
import type { StreetNamer } from './street-names.js';

/** One dwelling address of a pand. */
export interface DwellingAddress {
  verblijfsobjectId: string;
  straat: string;
  huisnummer: number;
  huisletter: string | null;
  toevoeging: string | null;
  postcode: string;
}

/** A generated pand with its dwellings. */
export interface Pand extends PandPlan {
  pandId: string;
  buurtCode: string;
  woonplaats: string;
  lon: number;
  lat: number;
  dwellings: DwellingAddress[];
}

/** Running BAG-like id counters (gemeente 0479; object type 01 = verblijfsobject, 10 = pand). */
export class BagIds {
  private vbo = 0;
  private pand = 0;

  constructor(private readonly rng: Random) {}

  /** Next 16-digit verblijfsobject id, e.g. `0479010000012345`. */
  nextVerblijfsobject(): string {
    this.vbo += this.rng.int(1, 3);
    return `0479010000${String(this.vbo).padStart(6, '0')}`;
  }

  /** Next 16-digit pand id, e.g. `0479100000012345`. */
  nextPand(): string {
    this.pand += this.rng.int(1, 3);
    return `0479100000${String(this.pand).padStart(6, '0')}`;
  }
}

const SPACING_M: Record<Woningtype, number> = { rijwoning: 6, 'twee-onder-een-kap': 11, vrijstaand: 20, appartement: 24 };

/** Context shared by all buurten of one generation run. */
export interface LayoutContext {
  ids: BagIds;
  postcodes: PostcodeAllocator;
  streets: StreetNamer;
}

function plans(rng: Random, dwellings: number, profile: PeriodProfile): PandPlan[] {
  const out: PandPlan[] = [];
  let left = dwellings;
  const rural = profile === 'landelijk';
  while (left > 0) {
    const plan = planPand(rng, rng.weighted(PERIOD_MIX[profile]), rural);
    if (plan.woningen > left) plan.woningen = left;
    if (plan.woningtype === 'appartement' && plan.woningen === 1) plan.woningtype = 'rijwoning';
    out.push(plan);
    left -= plan.woningen;
  }
  // streets are built in one go: group by period, then by type
  return out.sort((a, b) => a.period - b.period || a.woningtype.localeCompare(b.woningtype) || a.bouwjaar - b.bouwjaar);
}

function randomInside(rng: Random, g: AreaGeometry, box: readonly number[], code: string): [number, number] {
  for (let i = 0; i < 100000; i++) {
    const p: [number, number] = [round(rng.uniform(box[0], box[2]), 6), round(rng.uniform(box[1], box[3]), 6)];
    if (pointInGeometry(p[0], p[1], g)) return p;
  }
  throw new GenerationError(`buurt ${code}`, 'geometry', 'could not place an address inside the polygon (no area?)');
}

/** Walks along a street from a random start; jumps to a new start when it leaves the buurt. */
class StreetWalker {
  private pos: [number, number];
  private dir: [number, number];
  private side = 0;

  constructor(
    private readonly rng: Random,
    private readonly g: AreaGeometry,
    private readonly box: readonly number[],
    private readonly code: string,
  ) {
    this.pos = randomInside(rng, g, box, code);
    this.dir = this.turn();
  }

  private turn(): [number, number] {
    const a = this.rng.uniform(0, Math.PI);
    return [Math.cos(a), Math.sin(a)];
  }

  /** The position of the next pand, `spacing` metres further, alternating street sides. */
  step(spacing: number): [number, number] {
    this.side ^= 1;
    const offset = this.side ? 9 : -9;
    for (let attempt = 0; attempt < 4; attempt++) {
      const along = this.side ? spacing : 0;
      const x = this.pos[0] + (this.dir[0] * along - this.dir[1] * offset) / 1000 / KM_PER_DEG_LON;
      const y = this.pos[1] + (this.dir[1] * along + this.dir[0] * offset) / 1000 / KM_PER_DEG_LAT;
      const cx = this.pos[0] + (this.dir[0] * along) / 1000 / KM_PER_DEG_LON;
      const cy = this.pos[1] + (this.dir[1] * along) / 1000 / KM_PER_DEG_LAT;
      const p: [number, number] = [round(x, 6), round(y, 6)];
      if (pointInGeometry(p[0], p[1], this.g)) {
        this.pos = [cx, cy];
        return p;
      }
      this.pos = randomInside(this.rng, this.g, this.box, this.code);
      this.dir = this.turn();
    }
    return randomInside(this.rng, this.g, this.box, this.code);
  }
}

/** Generates the panden and dwellings of one buurt. */
export function layoutBuurt(seed: number, buurt: BuurtRecord, profile: PeriodProfile, ctx: LayoutContext): Pand[] {
  const rng = new Random(seed, `layout:${buurt.code}`);
  const dwellings = buurt.huishoudens ?? 0;
  if (dwellings <= 0) return [];
  const box = bbox(buurt.geometry);
  const panden: Pand[] = [];
  let walker: StreetWalker | null = null;
  let straat = '';
  let left = 0;
  let numbers = [0, 0];
  let postcode = '';
  let postcodeLeft = 0;
  let period = -1;
  for (const plan of plans(rng, dwellings, profile)) {
    if (!walker || left <= 0 || plan.period !== period) {
      walker = new StreetWalker(rng, buurt.geometry, box, buurt.code);
      straat = ctx.streets.next(buurt.woonplaats, profile);
      left = rng.int(30, 140);
      numbers = [-1, 0];
      postcodeLeft = 0;
      period = plan.period;
    }
    const [lon, lat] = walker.step(SPACING_M[plan.woningtype] * rng.uniform(0.9, 1.1));
    const side = numbers[0] <= numbers[1] ? 0 : 1;
    const flatNumbers = plan.woningtype === 'appartement' && plan.period >= 3 && rng.chance(0.5);
    numbers[side] += 2;
    const base = numbers[side];
    if (flatNumbers) numbers[side] += 2 * (plan.woningen - 1);
    const pand: Pand = {
      ...plan,
      pandId: ctx.ids.nextPand(),
      buurtCode: buurt.code,
      woonplaats: buurt.woonplaats,
      lon,
      lat,
      dwellings: [],
    };
    for (let k = 0; k < plan.woningen; k++) {
      if (postcodeLeft <= 0) {
        postcode = ctx.postcodes.allocate(buurt.pc4, buurt.code);
        postcodeLeft = rng.int(12, 28);
      }
      postcodeLeft--;
      let huisnummer = base;
      let huisletter: string | null = null;
      let toevoeging: string | null = null;
      if (flatNumbers) huisnummer = base + 2 * k;
      else if (plan.woningtype === 'appartement' && plan.period <= 2) huisletter = k === 0 ? null : 'ABCDEFGH'[k - 1];
      else if (plan.woningtype === 'appartement') toevoeging = String(k + 1);
      pand.dwellings.push({ verblijfsobjectId: ctx.ids.nextVerblijfsobject(), straat, huisnummer, huisletter, toevoeging, postcode });
    }
    left -= plan.woningen;
    panden.push(pand);
  }
  return panden;
}

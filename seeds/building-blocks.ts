/**
 * Building blocks (*bouwblokken*): panden built together by one builder, side by side on one street, in
 * one year, on one kind of foundation. In Zaanstad's pre-war rows the panden of a block share their piles'
 * wood, length and head level and the builder's workmanship, so their foundations age together; a
 * restoration is usually carried out per block (see seeds/README.md, §2 and §4). Sizes are assumptions.
 */
import type { Pand } from './panden.js';
import { Random } from './random.js';

/** One building block: the indices of its panden (consecutive along one street) and its id. */
export interface BuildingBlock {
  id: string;
  members: number[];
  /** The shared construction year. */
  bouwjaar: number;
}

/** Panden per block by type and period (assumptions; see seeds/README.md). */
function blockSize(rng: Random, p: Pand): number {
  switch (p.woningtype) {
    case 'rijwoning':
      return p.period === 0 ? rng.int(1, 6) : rng.int(4, 12);
    case 'twee-onder-een-kap':
      return 2;
    case 'vrijstaand':
      return p.period <= 2 ? 1 : rng.int(1, 4);
    default:
      return p.period <= 2 ? rng.int(2, 6) : rng.int(1, 4);
  }
}

/**
 * Groups consecutive panden of one street and one building type into blocks and gives every member the
 * block's construction year (its first member's). Changes `bouwjaar` of the panden in place; returns the
 * blocks and the block index of every pand.
 */
export function assignBlocks(seed: number, panden: Pand[]): { blocks: BuildingBlock[]; blockOf: Int32Array } {
  const rng = new Random(seed, 'building-blocks');
  const blocks: BuildingBlock[] = [];
  const blockOf = new Int32Array(panden.length);
  let current: BuildingBlock | null = null;
  let left = 0;
  panden.forEach((p, i) => {
    const prev = i > 0 ? panden[i - 1] : null;
    const sameRun =
      prev !== null &&
      current !== null &&
      left > 0 &&
      prev.buurtCode === p.buurtCode &&
      prev.dwellings[0]?.straat === p.dwellings[0]?.straat &&
      prev.woningtype === p.woningtype &&
      prev.period === p.period;
    if (!sameRun) {
      current = { id: `0479B${String(blocks.length + 1).padStart(6, '0')}`, members: [], bouwjaar: p.bouwjaar };
      blocks.push(current);
      left = blockSize(rng, p);
    }
    const block = current as BuildingBlock;
    block.members.push(i);
    p.bouwjaar = block.bouwjaar;
    blockOf[i] = blocks.length - 1;
    left -= 1;
  });
  return { blocks, blockOf };
}

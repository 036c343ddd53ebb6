/**
 * Hands out Dutch postcodes (PC4 + two letters) in sequence per PC4, as PostNL numbers them along streets.
 * Letter pairs SA, SD and SS are never issued (PostNL rule); small random gaps mimic unused codes.
 */
import { GenerationError } from './generation-error.js';
import type { Random } from './random.js';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const FORBIDDEN = new Set(['SA', 'SD', 'SS']);
const PAIRS = Array.from({ length: 26 * 26 }, (_, i) => LETTERS[Math.floor(i / 26)] + LETTERS[i % 26]).filter((p) => !FORBIDDEN.has(p));

/** Sequential postcode allocator. */
export class PostcodeAllocator {
  private readonly next = new Map<string, number>();

  constructor(private readonly rng: Random) {}

  /** The next unused postcode in `pc4`, e.g. `1506AB`. Throws {@link GenerationError} when none are left. */
  allocate(pc4: string, buurtCode: string): string {
    let i = this.next.get(pc4) ?? this.rng.int(0, 3);
    if (this.rng.chance(0.15)) i += 1;
    if (i >= PAIRS.length)
      throw new GenerationError(`buurt ${buurtCode}`, 'pc4', `no postcodes left in PC4 area ${pc4}: too many dwellings for one PC4`);
    this.next.set(pc4, i + 1);
    return `${pc4}${PAIRS[i]}`;
  }
}

/** What a rate limiter decided for one request. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetS: number;
}

const WINDOW_MS = 60_000;
/** Callers counted at most per window (memory bound against many addresses, e.g. rotating IPv6). */
export const MAX_CALLERS = 100_000;

/**
 * Fixed one-minute windows per caller (a key id or an IP address), in memory and per process: with N
 * replicas a caller may get up to N times the limit. Old windows are dropped as new ones start, and
 * within a window at most {@link MAX_CALLERS} callers are counted: beyond that the longest-counted
 * caller is forgotten (it starts again from zero), so memory stays bounded whatever the traffic.
 */
export class RateLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxCallers = MAX_CALLERS,
  ) {}

  /** How many callers the current window counts. */
  get callers(): number {
    return this.counts.size;
  }

  /** Counts one request of `caller` against `limit` per minute. */
  hit(caller: string, limit: number): RateDecision {
    const t = this.now();
    const start = t - (t % WINDOW_MS);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.counts = new Map();
    }
    const used = (this.counts.get(caller) ?? 0) + 1;
    if (used === 1 && this.counts.size >= this.maxCallers) this.counts.delete(this.counts.keys().next().value!);
    this.counts.set(caller, used);
    return {
      allowed: used <= limit,
      limit,
      remaining: Math.max(0, limit - used),
      resetS: Math.max(1, Math.ceil((start + WINDOW_MS - t) / 1000)),
    };
  }
}

/** One empty buffer for every empty entry (many tiles are empty). */
const EMPTY = Buffer.alloc(0);

/**
 * A least-recently-used cache of byte buffers bounded by their total size: every entry costs its
 * length plus a fixed overhead (key, map slot), so many empty buffers count too. Adding past the bound
 * evicts the least recently used entries first; an entry larger than the whole bound is not kept.
 */
export class ByteLru<K> {
  private readonly map = new Map<K, Buffer>();
  private used = 0;

  /**
   * @param maxBytes upper bound of the summed entry costs; 0 disables caching.
   * @param entryOverhead bytes charged per entry on top of its length.
   */
  constructor(
    readonly maxBytes: number,
    private readonly entryOverhead = 128,
  ) {
    if (!Number.isFinite(maxBytes) || maxBytes < 0) throw new RangeError('maxBytes must be a non-negative number');
  }

  private cost(value: Buffer): number {
    return value.length + this.entryOverhead;
  }

  /** The cached buffer (now the most recently used), or undefined. */
  get(key: K): Buffer | undefined {
    const value = this.map.get(key);
    if (value === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  /** Caches a buffer, evicting the least recently used entries until the bound holds. */
  set(key: K, value: Buffer): void {
    this.delete(key);
    const cost = this.cost(value);
    if (cost > this.maxBytes) return;
    // A small Buffer is usually a view into a shared 8 KB slab (or a driver's read buffer): keep an
    // exact copy, so an entry holds only the bytes it is charged for.
    const owned =
      value.length === 0
        ? EMPTY
        : value.byteOffset === 0 && value.buffer.byteLength === value.length
          ? value
          : Buffer.from(new Uint8Array(value).buffer);
    this.map.set(key, owned);
    this.used += cost;
    for (const [oldest, old] of this.map) {
      if (this.used <= this.maxBytes) break;
      this.map.delete(oldest);
      this.used -= this.cost(old);
    }
  }

  delete(key: K): void {
    const old = this.map.get(key);
    if (old === undefined) return;
    this.map.delete(key);
    this.used -= this.cost(old);
  }

  clear(): void {
    this.map.clear();
    this.used = 0;
  }

  /** Summed cost of the cached entries (never above {@link maxBytes}). */
  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.map.size;
  }
}

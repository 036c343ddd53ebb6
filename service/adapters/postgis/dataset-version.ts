import type { ServedDatasetInfo } from '../../ports/store.js';
import { StoreUnavailableError } from '../../ports/store.js';

/** The loaded dataset as last read: its info and the stamp of the load that wrote it. */
export interface DatasetSnapshot {
  /** Changes with every committed load (the load transaction's time). */
  stamp: string;
  info: ServedDatasetInfo;
}

/** Reads the current snapshot; null when no dataset is loaded. */
export type SnapshotReader = () => Promise<DatasetSnapshot | null>;

/**
 * Dataset info cached in the process and trusted for `maxAgeMs`; after that the next caller reads the
 * stamp again (one cheap query, shared by concurrent callers). When the stamp changed, a load has
 * committed: `onChange` drops whatever was cached for the old data (tiles, street names).
 */
export class DatasetVersion {
  private snapshot: DatasetSnapshot | null = null;
  private checkedAt = -Infinity;
  private reading: Promise<DatasetSnapshot> | null = null;

  constructor(
    private readonly read: SnapshotReader,
    private readonly maxAgeMs: number,
    private readonly onChange: () => void,
  ) {}

  /** The current snapshot; throws {@link StoreUnavailableError} when no dataset is loaded. */
  async current(): Promise<DatasetSnapshot> {
    if (this.snapshot && performance.now() - this.checkedAt < this.maxAgeMs) return this.snapshot;
    // Concurrent callers share one read (a short query under the statement timeout, not cancelled by any one caller).
    this.reading ??= this.refresh().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async refresh(): Promise<DatasetSnapshot> {
    const started = performance.now();
    const next = await this.read();
    if (!next) throw new StoreUnavailableError('no dataset has been loaded');
    if (this.snapshot?.stamp !== next.stamp) {
      this.onChange();
      this.snapshot = next;
    }
    this.checkedAt = started;
    return this.snapshot;
  }
}

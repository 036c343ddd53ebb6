import { createHash } from 'node:crypto';
import type { ServedDatasetInfo } from '../ports/store.js';

/** A serialised answer and its strong ETag, made once. */
export interface CachedBody {
  body: Buffer;
  etag: string;
}

/** Serialises a body once and computes its ETag (sha1, base64url, quoted). */
export function cachedBody(body: string | Buffer): CachedBody {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return { body: bytes, etag: `"${createHash('sha1').update(bytes).digest('base64url')}"` };
}

/**
 * Public answers that depend only on the loaded data (the buurten collection, its CSV, one buurt's
 * breakdown), serialised once per load instead of per request. Keyed by the store's dataset-info object:
 * a store hands out the same info object while its data is unchanged and a new one when a load commits
 * (the PostGIS store re-reads the load stamp at most every `DB_VERSION_CHECK_MS`), so a new load starts
 * an empty cache and the old one is garbage once no request holds its info. Bounded by the answers a
 * load has: one per format plus one per existing buurt (unknown codes are never cached).
 */
export class PublicAnswers {
  private readonly byLoad = new WeakMap<ServedDatasetInfo, Map<string, Promise<CachedBody>>>();

  /** The cached answer `key` of the load `info` describes, made by `make` the first time it is asked for. */
  get(info: ServedDatasetInfo, key: string, make: () => Promise<CachedBody | null>): Promise<CachedBody | null> {
    let answers = this.byLoad.get(info);
    if (!answers) {
      answers = new Map();
      this.byLoad.set(info, answers);
    }
    const hit = answers.get(key);
    if (hit) return hit;
    const made = make();
    const kept = answers;
    // Only answers that exist are kept; a failure (e.g. the database away) is not remembered either.
    made.then(
      (b) => {
        if (b === null) kept.delete(key);
      },
      () => kept.delete(key),
    );
    kept.set(key, made as Promise<CachedBody>);
    return made;
  }
}

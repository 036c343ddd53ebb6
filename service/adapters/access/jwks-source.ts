import type { JsonWebKey } from 'node:crypto';

const TTL_MS = 5 * 60_000;
const MIN_REFRESH_MS = 30_000;

/**
 * The issuer's key set from its JWKS URL, kept for five minutes; a token with an unknown key id may
 * ask for a fresh copy at most every 30 s (so bad tokens cannot make the service hammer the issuer).
 */
export function jwksSource(url: string, fetchTimeoutMs = 3_000): (refresh: boolean) => Promise<JsonWebKey[]> {
  let keys: JsonWebKey[] = [];
  let fetchedAt = -Infinity;
  return async (refresh) => {
    const age = Date.now() - fetchedAt;
    if (age < TTL_MS && (!refresh || age < MIN_REFRESH_MS)) return keys;
    const res = await fetch(url, { signal: AbortSignal.timeout(fetchTimeoutMs) });
    if (!res.ok) throw new Error(`JWKS ${url} answered ${res.status}`);
    const body = (await res.json()) as { keys?: JsonWebKey[] };
    keys = Array.isArray(body.keys) ? body.keys : [];
    fetchedAt = Date.now();
    return keys;
  };
}

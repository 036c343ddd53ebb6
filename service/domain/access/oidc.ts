import { type JsonWebKey, createPublicKey, verify } from 'node:crypto';
import { type KeyRole, isKeyRole } from './roles.js';

/** Settings of an {@link OidcVerifier}. */
export interface OidcSettings {
  /** Expected `iss`. */
  issuer: string;
  /** Expected `aud` (string or one of an array), when set. */
  audience: string | null;
  /** The claim holding the role (a string or an array of strings). */
  roleClaim: string;
  /** The issuer's current signing keys (a JWKS `keys` array); `refresh` asks for a fresh copy. */
  keys: (refresh: boolean) => Promise<JsonWebKey[]>;
  now?: () => number;
}

/** Who a verified token names. */
export interface TokenSubject {
  subject: string;
  role: KeyRole;
}

const LEEWAY_S = 60;
const PREFERENCE: readonly KeyRole[] = ['admin', 'inspector', 'planner', 'system'];
const part = (s: string): Record<string, unknown> | null => {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/**
 * Verifies OpenID Connect bearer tokens (JWT, RS256 or ES256) against the issuer's key set: signature,
 * issuer, audience, expiry and not-before (60 s leeway); the role comes from a configured claim.
 */
export class OidcVerifier {
  private readonly now: () => number;

  constructor(private readonly s: OidcSettings) {
    this.now = s.now ?? Date.now;
  }

  /** True when the credential is shaped like a JWT. */
  static looksLikeToken(credential: string): boolean {
    return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(credential);
  }

  /** The subject and role of a valid token, or null. */
  async verify(token: string): Promise<TokenSubject | null> {
    const [h, p, sig] = token.split('.');
    const header = part(h);
    const claims = part(p);
    if (!header || !claims || (header.alg !== 'RS256' && header.alg !== 'ES256')) return null;
    const pick = (keys: JsonWebKey[]) =>
      keys.find((k) => (header.kid === undefined || k.kid === header.kid) && (k.use === undefined || k.use === 'sig'));
    const jwk = pick(await this.s.keys(false)) ?? pick(await this.s.keys(true));
    if (!jwk) return null;
    let ok = false;
    try {
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      ok = verify(
        'sha256',
        Buffer.from(`${h}.${p}`),
        header.alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key,
        Buffer.from(sig, 'base64url'),
      );
    } catch {
      return null;
    }
    if (!ok) return null;
    const t = this.now() / 1000;
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (claims.iss !== this.s.issuer || typeof claims.exp !== 'number' || claims.exp + LEEWAY_S < t) return null;
    if (typeof claims.nbf === 'number' && claims.nbf - LEEWAY_S > t) return null;
    if (this.s.audience !== null && !aud.includes(this.s.audience)) return null;
    if (typeof claims.sub !== 'string' || claims.sub.length === 0) return null;
    const given = claims[this.s.roleClaim];
    const roles = (Array.isArray(given) ? given : [given]).filter(isKeyRole);
    const role = PREFERENCE.find((r) => roles.includes(r));
    return role ? { subject: claims.sub.slice(0, 200), role } : null;
  }
}

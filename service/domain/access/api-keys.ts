import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { KeyRole } from './roles.js';

/**
 * An API key as stored: never the key itself, only a lookup id (the public part of the key) and the
 * scrypt hash of its secret part with a per-key salt.
 */
export interface ApiKeyRecord {
  /** Public lookup id, the middle part of the key (`frk_<id>_<secret>`). */
  id: string;
  name: string;
  role: KeyRole;
  /** Per-key salt (hex). */
  salt: string;
  /** scrypt(secret, salt) (hex). */
  hash: string;
  /** ISO time of creation. */
  createdAt: string;
  /** ISO time after which the key no longer works (rotation overlap), or null. */
  expiresAt: string | null;
  /** ISO time of revocation, or null. */
  revokedAt: string | null;
}

/** scrypt cost: ~30–60 ms per check on a small machine, so each key is checked once and then cached. */
const SCRYPT = { N: 16_384, r: 8, p: 1 } as const;
const KEY_PATTERN = /^frk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

function scryptHex(secret: string, saltHex: string): Promise<string> {
  return new Promise((resolve, reject) => {
    scrypt(secret, Buffer.from(saltHex, 'hex'), 32, SCRYPT, (err, key) => (err ? reject(err) : resolve(key.toString('hex'))));
  });
}

/** Creates a key: the record to store and the key to hand out once. */
export async function createApiKey(name: string, role: KeyRole, now = new Date()): Promise<{ record: ApiKeyRecord; key: string }> {
  const id = randomBytes(9)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16).toString('hex');
  const record: ApiKeyRecord = {
    id,
    name,
    role,
    salt,
    hash: await scryptHex(secret, salt),
    createdAt: now.toISOString(),
    expiresAt: null,
    revokedAt: null,
  };
  return { record, key: `frk_${id}_${secret}` };
}

/** Splits a presented key into lookup id and secret, or null when it is not shaped like a key. */
export function parseApiKey(key: string): { id: string; secret: string } | null {
  const m = KEY_PATTERN.exec(key);
  return m ? { id: m[1], secret: m[2] } : null;
}

/** True when the secret matches the record's hash (constant-time comparison). */
export async function secretMatches(record: ApiKeyRecord, secret: string): Promise<boolean> {
  const given = Buffer.from(await scryptHex(secret, record.salt), 'hex');
  const stored = Buffer.from(record.hash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** True when the key is neither revoked nor past its expiry at `now`. */
export function isActive(record: ApiKeyRecord, now = Date.now()): boolean {
  return record.revokedAt === null && (record.expiresAt === null || Date.parse(record.expiresAt) > now);
}

/** A fingerprint of a presented key for the in-memory cache (the key itself is never kept). */
export function keyFingerprint(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header with the delivery's Unix time in seconds; it is part of what is signed, so it cannot be changed. */
export const TIMESTAMP_HEADER = 'x-webhook-timestamp';
/** Header with the signature: `sha256=` and the hex HMAC-SHA256 of `<timestamp>.<raw body>`. */
export const SIGNATURE_HEADER = 'x-webhook-signature';
/** Header with the event id (the same on every delivery and retry of one event). */
export const EVENT_HEADER = 'x-webhook-event';
/** Header with the delivery id (one per subscriber and event; the same on each retry): receivers drop repeats by it. */
export const DELIVERY_HEADER = 'x-webhook-delivery';
/** How far a timestamp may lie from the receiver's clock before a delivery is taken for a replay (seconds). */
export const DEFAULT_TOLERANCE_S = 300;

/** The signature of a raw body sent at `timestampS` (Unix seconds): `sha256=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function signBody(secret: string, timestampS: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampS}.`).update(rawBody).digest('hex')}`;
}

/**
 * What a receiver does (and what the documentation shows): true when the signature is the HMAC of this
 * timestamp and raw body under the secret, compared in constant time, and the timestamp lies within
 * `toleranceS` of `nowS`. The body must be the bytes as received, before any JSON parsing.
 */
export function verifySignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: string,
  nowS = Math.floor(Date.now() / 1000),
  toleranceS = DEFAULT_TOLERANCE_S,
): boolean {
  if (!headers.timestamp || !headers.signature || !/^\d{1,12}$/.test(headers.timestamp)) return false;
  const t = Number(headers.timestamp);
  if (Math.abs(nowS - t) > toleranceS) return false;
  const expected = Buffer.from(signBody(secret, t, rawBody));
  const given = Buffer.from(headers.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

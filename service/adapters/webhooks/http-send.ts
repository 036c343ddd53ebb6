import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import type { Send } from '../../domain/webhooks/webhook-service.js';
import type { Resolve } from '../../domain/webhooks/target-policy.js';

/** Every address a host name resolves to (the system resolver, as a connection would use). */
export const resolveHost: Resolve = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Most bytes of a receiver's answer read (the rest is dropped; only the status counts). */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs a body with node's http(s) client, connecting only to the first checked address (no second
 * lookup a changed DNS answer could slip through); TLS still checks the certificate against the host
 * name. Redirects are not followed (a 3xx counts as a failed attempt). No connection is kept open.
 */
export const httpSend: Send = (target, body, headers, timeoutMs) =>
  new Promise<number>((resolve, reject) => {
    const address = target.addresses[0];
    const family = isIP(address);
    const pinned: LookupFunction = (_host, options, cb) => {
      if ((options as { all?: boolean }).all)
        (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
      else cb(null, address, family);
    };
    const client = target.url.protocol === 'https:' ? https : http;
    const req = client.request(
      target.url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinned,
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) res.destroy();
        });
        res.on('close', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(res.statusCode ?? 0));
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => reject(new Error(err.code ? `${err.code}: ${err.message}` : err.message)));
    req.on('close', () => clearTimeout(timer));
    req.end(body);
  });

import { BlockList, isIP } from 'node:net';

/**
 * Where webhooks may be sent (`WEBHOOK_ALLOWED_HOSTS`): host names (`hooks.example.nl`), host-name
 * suffixes (`*.gemeente.nl`: any subdomain) and IP addresses or CIDR ranges (`203.0.113.7`,
 * `10.20.0.0/16`, `::1`). A target's host must be on the list, and every address its name resolves to
 * must be public, or inside a listed address or range: an internal, loopback or private address is only
 * reached when an address entry names it, whatever the host name says.
 */
export interface AllowList {
  readonly hosts: ReadonlySet<string>;
  readonly suffixes: readonly string[];
  readonly nets: BlockList;
  readonly entries: readonly string[];
}

/** A target that may not be used, with the reason (shown to the admin). */
export class TargetRefusedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TargetRefusedError';
  }
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

const familyOf = (ip: string): 'ipv4' | 'ipv6' => (isIP(ip) === 4 ? 'ipv4' : 'ipv6');

/** Parses the allow-list (entries separated by commas or white space); throws RangeError naming a bad entry. */
export function parseAllowList(text: string): AllowList {
  const entries = text
    .split(/[\s,]+/)
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e.length > 0);
  const hosts = new Set<string>();
  const suffixes: string[] = [];
  const nets = new BlockList();
  for (const entry of entries) {
    const [ip, prefix, ...rest] = entry.replace(/^\[|\]$/g, '').split('/');
    if (isIP(ip) && rest.length === 0) {
      const bits = isIP(ip) === 4 ? 32 : 128;
      const p = prefix === undefined ? bits : Number(prefix);
      if (!/^\d{1,3}$/.test(prefix ?? '0') || p > bits) throw new RangeError(`allow-list entry "${entry}": prefix length 0–${bits}`);
      nets.addSubnet(ip, p, familyOf(ip));
    } else if (entry.startsWith('*.') && HOST_NAME.test(entry.slice(2))) suffixes.push(entry.slice(1));
    else if (HOST_NAME.test(entry)) hosts.add(entry);
    else throw new RangeError(`allow-list entry "${entry}" is not a host name, *.domain, IP address or CIDR range`);
  }
  return Object.freeze({ hosts, suffixes: Object.freeze(suffixes), nets, entries: Object.freeze(entries) });
}

/** Loopback, private, link-local, carrier-grade NAT, documentation, multicast and other special-use ranges. */
const INTERNAL = (() => {
  const b = new BlockList();
  for (const [net, p] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 3],
  ] as const)
    b.addSubnet(net, p, 'ipv4');
  for (const [net, p] of [
    ['::', 127],
    ['64:ff9b::', 96],
    ['64:ff9b:1::', 48],
    ['100::', 64],
    ['2001::', 23],
    ['2001:db8::', 32],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const)
    b.addSubnet(net, p, 'ipv6');
  return b;
})();

/** An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) as the IPv4 address it is. */
function unmapped(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1] : ip;
}

/** True for an address no webhook may reach unless it is listed: loopback, private, link-local, special-use. */
export function isInternalAddress(ip: string): boolean {
  const a = unmapped(ip);
  return INTERNAL.check(a, familyOf(a));
}

/** True when the host (a name or an IP literal) is on the list. */
export function hostAllowed(list: AllowList, host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (isIP(h)) return list.nets.check(unmapped(h), familyOf(unmapped(h)));
  return list.hosts.has(h) || list.suffixes.some((s) => h.endsWith(s));
}

/** Resolves a host name to all of its addresses. */
export type Resolve = (host: string) => Promise<string[]>;

/** A checked target: the URL and the addresses it may be reached at (connect to one of these, not to a fresh lookup). */
export interface CheckedTarget {
  url: URL;
  addresses: string[];
}

/**
 * Checks a webhook URL: http(s), no user name or password, host on the allow-list, and every address it
 * resolves to public or listed. Throws {@link TargetRefusedError} with the reason.
 */
export async function checkTarget(raw: string, list: AllowList, resolve: Resolve): Promise<CheckedTarget> {
  if (!URL.canParse(raw)) throw new TargetRefusedError('not a URL');
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TargetRefusedError('only http and https URLs');
  if (url.username || url.password) throw new TargetRefusedError('no user name or password in the URL (the body is signed instead)');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!hostAllowed(list, host))
    throw new TargetRefusedError(`host ${host} is not on the allow-list (WEBHOOK_ALLOWED_HOSTS: ${list.entries.join(', ') || 'empty'})`);
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch {
    throw new TargetRefusedError(`host ${host} does not resolve`);
  }
  if (addresses.length === 0) throw new TargetRefusedError(`host ${host} does not resolve`);
  for (const a of addresses) {
    const ip = unmapped(a);
    if (isInternalAddress(ip) && !list.nets.check(ip, familyOf(ip)))
      throw new TargetRefusedError(`host ${host} resolves to ${a}, an internal address that is not on the allow-list`);
  }
  return { url, addresses };
}

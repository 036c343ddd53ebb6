import { resolveHost } from '../../service/adapters/webhooks/http-send.js';
import { signBody, verifySignature } from '../../service/domain/webhooks/signature.js';
import { TargetRefusedError, checkTarget, isInternalAddress, parseAllowList } from '../../service/domain/webhooks/target-policy.js';

const resolvesTo =
  (...addresses: string[]) =>
  async () =>
    addresses;

describe('webhook allow-list', () => {
  it.each(['http://x', 'exa_mple.org', '10.0.0.0/33', '*.', '::1/200'])('when an entry is %p, then parsing names it', (entry) => {
    expect(() => parseAllowList(entry)).toThrow(entry.trim());
  });

  it('when the host is on the list and resolves to public addresses, then the target is accepted with those addresses', async () => {
    const list = parseAllowList('hooks.example.org, *.gemeente.nl');
    await expect(checkTarget('https://hooks.example.org/in', list, resolvesTo('93.184.216.34'))).resolves.toMatchObject({
      addresses: ['93.184.216.34'],
    });
    await expect(checkTarget('https://a.b.gemeente.nl/in', list, resolvesTo('2a00:1450::1'))).resolves.toBeTruthy();
    await expect(checkTarget('https://gemeente.nl.evil.org/in', list, resolvesTo('93.184.216.34'))).rejects.toThrow(
      'not on the allow-list',
    );
  });

  it.each([['10.0.0.5'], ['127.0.0.1'], ['169.254.169.254'], ['192.168.1.10'], ['::1'], ['fd00::1'], ['::ffff:10.1.2.3']])(
    'when a listed host name resolves to the internal address %s, then it is refused unless that address is listed',
    async (ip) => {
      await expect(checkTarget('https://hooks.example.org/', parseAllowList('hooks.example.org'), resolvesTo(ip))).rejects.toThrow(
        TargetRefusedError,
      );
      const listed = parseAllowList(`hooks.example.org ${ip.replace('::ffff:', '')}`);
      await expect(checkTarget('https://hooks.example.org/', listed, resolvesTo(ip))).resolves.toBeTruthy();
    },
  );

  it('when a name resolves to a public and an internal address, then it is refused', async () => {
    await expect(
      checkTarget('https://hooks.example.org/', parseAllowList('hooks.example.org'), resolvesTo('93.184.216.34', '10.0.0.1')),
    ).rejects.toThrow('10.0.0.1');
  });

  it('when "localhost" is listed by name only, then the real resolver finds it loopback and it is refused', async () => {
    await expect(checkTarget('http://localhost:8080/', parseAllowList('localhost'), resolveHost)).rejects.toThrow('internal address');
  });

  it('when an address range is listed, then IP literals inside it are hosts on the list', async () => {
    const list = parseAllowList('10.20.0.0/16');
    await expect(checkTarget('http://10.20.3.4:9000/x', list, resolvesTo())).resolves.toMatchObject({ addresses: ['10.20.3.4'] });
    await expect(checkTarget('http://10.21.3.4/x', list, resolvesTo())).rejects.toThrow('not on the allow-list');
  });

  it('when addresses are classified, then public ones are not internal', () => {
    expect(['8.8.8.8', '2a00:1450:4001::1', '93.184.216.34'].map(isInternalAddress)).toEqual([false, false, false]);
  });
});

describe('webhook signatures', () => {
  const secret = 'whsec_unit-test-secret-0123456789';
  const body = '{"id":"e1","addresses":[]}';
  const now = 1_790_000_000;

  it('when the body, timestamp and secret are those signed, then it verifies', () => {
    expect(verifySignature(secret, { timestamp: String(now), signature: signBody(secret, now, body) }, body, now)).toBe(true);
  });

  it('when the body, the timestamp or the secret differ, or the timestamp is old, then it does not', () => {
    const signature = signBody(secret, now, body);
    expect(verifySignature(secret, { timestamp: String(now), signature }, `${body} `, now)).toBe(false);
    expect(verifySignature(secret, { timestamp: String(now + 1), signature }, body, now)).toBe(false);
    expect(verifySignature(`${secret}x`, { timestamp: String(now), signature }, body, now)).toBe(false);
    expect(verifySignature(secret, { timestamp: String(now), signature }, body, now + 301)).toBe(false);
    expect(verifySignature(secret, { timestamp: undefined, signature }, body, now)).toBe(false);
  });
});

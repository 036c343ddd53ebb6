import { request } from 'node:http';
import { type ServerProcess, demoKeyOf, startServer, waitForStatus } from '../support/server-process.js';

const row = {
  bouwjaar: 1910,
  woningtype: 'rijwoning',
  maaiveld_nap_m: -0.8,
  veendikte_m: 3.5,
  grondwater_nap_m: -1.9,
  bodemdaling_mm_jr: -4,
};

/** Sends a 10,000-row batch and sends SIGTERM to `target` as soon as the body is written. */
function batchThenSigterm(port: number, target: ServerProcess, key: string): Promise<{ status: number; count: number }> {
  const body = JSON.stringify({ rows: Array.from({ length: 10_000 }, (_, i) => ({ ...row, bouwjaar: 1850 + (i % 170) })) });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/score',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${key}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, count: (JSON.parse(Buffer.concat(chunks).toString()) as { count: number }).count }),
        );
      },
    );
    req.on('error', reject);
    req.end(body, () => {
      target.child.kill('SIGTERM');
    });
  });
}

const commands: [string, [string, string[]] | undefined][] = [
  ['the server process', undefined],
  ['`npm start`', ['npm', ['start']]],
];

describe.each(commands)('%s', (_name, command) => {
  it('when SIGTERM arrives during a large batch, then that request still completes, the stop is logged and the process exits 0', async () => {
    const server = await startServer({}, command);
    try {
      await waitForStatus(server.port, '/readyz', 200);
      const key = await demoKeyOf(server);
      expect(key).not.toBeNull();
      await expect(batchThenSigterm(server.port, server, key!)).resolves.toEqual({ status: 200, count: 10_000 });
      await expect(server.exited).resolves.toBe(0);
      expect(server.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down: finishing in-flight requests', 'stopped']));
    } finally {
      server.kill();
    }
  }, 120_000);
});

import { request } from 'node:http';
import { startServer } from '../support/server-process.js';

const row = { bouwjaar: 1910, woningtype: 'rijwoning', maaiveld_nap_m: -0.8, veendikte_m: 3.5, grondwater_nap_m: -1.9, bodemdaling_mm_jr: -4 };

describe('the server process', () => {
  it('when SIGTERM arrives during a large batch, then that request still completes and the process exits 0', async () => {
    const { child, port, demoKey } = await startServer({});
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const body = JSON.stringify({ rows: Array.from({ length: 10_000 }, (_, i) => ({ ...row, bouwjaar: 1850 + (i % 170) })) });
    const response = new Promise<{ status: number; count: number }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/v1/score', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${demoKey}` } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, count: (JSON.parse(Buffer.concat(chunks).toString()) as { count: number }).count }));
      });
      req.on('error', reject);
      req.end(body, () => { child.kill('SIGTERM'); });
    });
    await expect(response).resolves.toEqual({ status: 200, count: 10_000 });
    await expect(exited).resolves.toBe(0);
  });
});

import { type IncomingHttpHeaders, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST a receiver got: headers and the raw body as sent. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A local webhook receiver (an http server on 127.0.0.1) for tests: records every request and answers
 * with the next status of `statuses` (200 when none is queued), or holds the answer while `hold` is set.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  readonly statuses: number[] = [];
  hold = false;
  private readonly held: ServerResponse[] = [];
  private server: Server | null = null;
  port = 0;

  /** Starts listening, on `port` when given (to bring a receiver "back up" where it was refused before). */
  static async start(port = 0): Promise<WebhookReceiver> {
    const r = new WebhookReceiver();
    await r.listen(port);
    return r;
  }

  async listen(port = this.port): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (this.hold) this.held.push(res);
        else res.writeHead(this.statuses.shift() ?? 200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  /** Answers the held requests and stops holding. */
  release(status = 200): void {
    this.hold = false;
    for (const res of this.held.splice(0)) res.writeHead(status).end('ok');
  }

  /** Stops listening (connections are then refused). */
  async stop(): Promise<void> {
    this.release();
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }

  /** Waits until at least `n` requests came in; throws after `timeoutMs`. */
  async waitFor(n: number, timeoutMs = 10_000): Promise<Received[]> {
    const until = Date.now() + timeoutMs;
    while (this.received.length < n) {
      if (Date.now() > until) throw new Error(`expected ${n} webhook requests, got ${this.received.length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.received;
  }
}

/** Waits `ms` (to see that nothing more arrives). */
export const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

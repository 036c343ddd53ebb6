import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A server started as a real child process. */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** Resolves with the exit code (or the signal name) when the process ends. */
  exited: Promise<number | string | null>;
  /** Every JSON log line the process has written so far, parsed. */
  logs: Record<string, unknown>[];
  /** The last 4,000 characters the process wrote to stderr. */
  stderr(): string;
  /** Kills the process and everything it started (`npm start`'s server too), if still running. */
  kill(): void;
}

/**
 * Starts the server (by default `node --import tsx service/server.ts`) on a free port and resolves
 * once it logs the port it listens on. It serves the embedded demo unless `env` names a
 * `DATABASE_URL` (the test run's own is not passed on); keys and audit log go to a fresh temporary folder.
 */
export function startServer(
  env: Record<string, string>,
  command: [string, string[]] = [process.execPath, ['--import', 'tsx', 'service/server.ts']],
): Promise<ServerProcess> {
  const { DATABASE_URL: _notPassedOn, ...inherited } = process.env;
  const dir = mkdtempSync(join(tmpdir(), 'server-access-')); // keys and audit log of this process only
  const child = spawn(command[0], command[1], {
    env: {
      ...inherited,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ACCESS_FILE: join(dir, 'access.json'),
      AUDIT_FILE: join(dir, 'audit.jsonl'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so kill() reaches the server under npm as well
  });
  let ended = false;
  const kill = () => {
    if (!ended)
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
  };
  const logs: Record<string, unknown>[] = [];
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => {
      ended = true;
      resolve(code ?? signal);
    }),
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      kill();
      reject(new Error('server did not log its port within 60 s (it logs it at level info)'));
    }, 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let log: Record<string, unknown>;
      try {
        log = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return; // not a log line (npm's banner, the viewer build)
      }
      logs.push(log);
      if (typeof log.port === 'number') {
        clearTimeout(timer);
        resolve({ child, port: log.port, exited, logs, stderr: () => stderr, kill });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited early with ${code}: ${stderr}`));
    });
  });
}

/** Polls `GET path` until it answers `status`, or throws after `timeoutMs`. */
export async function waitForStatus(port: number, path: string, status: number, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const got = await fetch(`http://127.0.0.1:${port}${path}`).then(
      (r) => r.status,
      () => 0,
    );
    if (got === status) return;
    if (Date.now() > until) throw new Error(`${path} did not answer ${status} within ${timeoutMs} ms (last ${got})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the server has logged a line that `match` accepts, and returns it. */
export async function waitForLog(
  server: ServerProcess,
  match: (log: Record<string, unknown>) => boolean,
  timeoutMs = 10_000,
): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = server.logs.find(match);
    if (found) return found;
    if (Date.now() > until) throw new Error(`no such log line within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The demo inspector key from the sign-in link the server logs on synthetic data once it has loaded
 * (`http://HOST:PORT/#key=KEY`), or null when it logs none before it is ready.
 */
export async function demoKeyOf(server: ServerProcess, timeoutMs = 60_000): Promise<string | null> {
  const log = await waitForLog(server, (l) => typeof l.signIn === 'string' || l.msg === 'foundation-risk service ready', timeoutMs);
  const link = server.logs.find((l) => typeof l.signIn === 'string')?.signIn ?? (typeof log.signIn === 'string' ? log.signIn : null);
  return typeof link === 'string' ? decodeURIComponent(new URL(link).hash.replace(/^#key=/, '')) : null;
}

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A running server process, its port, and the demo key from its sign-in link (null when it logged none). */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  demoKey: string | null;
  /** Every log line so far. */
  lines: string[];
}

/**
 * Starts the real server process on the embedded demo on a free port (keys and audit log in a fresh temporary folder) and
 * resolves once it listens, with the demo key read from the sign-in link it logs on synthetic data.
 */
export function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'server-access-'));
  // The embedded demo, even when the test run has DATABASE_URL set (unless `env` sets it).
  const { DATABASE_URL: _db, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'service/server.ts'], {
    env: { ...inherited, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ACCESS_FILE: join(dir, 'access.json'), AUDIT_FILE: join(dir, 'audit.jsonl'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let demoKey: string | null = null;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 60 s')), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      try {
        const log = JSON.parse(line) as { port?: number; signIn?: string; msg?: string };
        // The sign-in link is logged just before the listening line.
        if (log.signIn) demoKey = decodeURIComponent(new URL(log.signIn).hash.replace(/^#key=/, ''));
        if (log.port) {
          clearTimeout(timer);
          resolve({ child, port: log.port, demoKey, lines });
        }
      } catch { /* not a log line */ }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited early with ${code}`)); });
  });
}

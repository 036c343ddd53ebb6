import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { PRODUCTION_ENV, PRODUCTION_NODE_FLAGS } from '../../bench/support/service-process.js';

/**
 * Every way the server starts carries the same memory settings (docs/operations.md "Memory"): the V8 heap
 * cap on the server's command line and MALLOC_ARENA_MAX=2 — the ones bench:tile-rss and bench:soak
 * measure (bench/support/service-process.ts).
 */
const heapCap = (text: string) => [...text.matchAll(/--max-old-space-size=(\d+)/g)].map((m) => Number(m[1]));
const [benchCap] = heapCap(PRODUCTION_NODE_FLAGS.join(' '));

describe('memory settings of every start', () => {
  it('when the benches start the server, then they use a heap cap and two malloc arenas', () => {
    expect(benchCap).toBeGreaterThan(0);
    expect(PRODUCTION_ENV.MALLOC_ARENA_MAX).toBe('2');
  });

  it('when npm start or npm run start:prod runs the server, then node gets the heap cap and MALLOC_ARENA_MAX defaults to 2', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    for (const name of ['start', 'start:prod']) {
      const server = scripts[name].split('&&').at(-1)!;
      expect({ name, cap: heapCap(server) }).toEqual({ name, cap: [benchCap] });
      expect(server).toMatch(/MALLOC_ARENA_MAX=\$\{MALLOC_ARENA_MAX:-2\} exec node --max-old-space-size=\d+ /);
    }
  });

  it('when the image runs, then its command has the heap cap and its environment MALLOC_ARENA_MAX=2', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8').replace(/\\\n/g, ' ');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(runtime)![1]) as string[];
    expect(cmd).toEqual(['node', `--max-old-space-size=${benchCap}`, 'dist/server.js']);
    expect(runtime).toMatch(/^ENV .*\bMALLOC_ARENA_MAX=2\b/m);
  });

  it('when systemd or Kubernetes runs the server, then it has the same heap cap, and Kubernetes limits memory above it', () => {
    const unit = readFileSync('deploy/systemd/funderingsrisico.service', 'utf8');
    expect(unit).toMatch(new RegExp(`^ExecStart=/usr/bin/node --max-old-space-size=${benchCap} dist/server\\.js$`, 'm'));
    expect(unit).toMatch(/^Environment=MALLOC_ARENA_MAX=2$/m);
    const deployment = parseAllDocuments(readFileSync('deploy/kubernetes/deployment.yaml', 'utf8'))
      .map((d) => d.toJS() as Record<string, any>)
      .find((d) => d.kind === 'Deployment')!;
    const container = deployment.spec.template.spec.containers[0];
    expect(container.command).toEqual(['node', `--max-old-space-size=${benchCap}`, 'dist/server.js']);
    const limit = /^(\d+)(Mi|Gi)$/.exec(container.resources.limits.memory)!;
    const limitMb = (Number(limit[1]) * (limit[2] === 'Gi' ? 1024 : 1) * 1024 * 1024) / 1e6;
    // The heap cap plus what lives outside the V8 heap (onnxruntime, code, buffers: ~250 MB measured).
    expect(limitMb).toBeGreaterThanOrEqual(benchCap + 250);
  });
});

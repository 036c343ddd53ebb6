import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';

/** One Dockerfile instruction, continuation lines joined. */
interface Instruction {
  op: string;
  args: string;
}
/** A build stage: its FROM line, name and instructions. */
interface Stage {
  from: string;
  name: string | undefined;
  body: Instruction[];
}

/** Splits a Dockerfile into stages (comments dropped, `\` continuations joined, ARG defaults substituted). */
function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, op, rest] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
    if (!op) continue;
    const upper = op.toUpperCase();
    if (upper === 'ARG' && stages.length === 0) {
      const [k, v] = rest.split('=');
      args[k] = v ?? '';
      continue;
    }
    if (upper === 'FROM') {
      const [image, , name] = rest.replace(/\$\{(\w+)\}/g, (_m, k: string) => args[k] ?? '').split(/\s+/);
      stages.push({ from: image, name, body: [] });
      continue;
    }
    stages.at(-1)?.body.push({ op: upper, args: rest });
  }
  return { args, stages };
}

const docker = parseDockerfile(readFileSync('Dockerfile', 'utf8'));
const finalStage = docker.stages.at(-1)!;
const ops = (stage: Stage, op: string) => stage.body.filter((i) => i.op === op).map((i) => i.args);
const ignored = readFileSync('.dockerignore', 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const clis = readdirSync('service/cli')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => `dist/${f.slice(0, -3)}.js`);

/** Whether an engines range made of `^X.Y.Z` and `>=X.Y.Z` parts joined by `||` admits release line `major`. */
function enginesAdmit(range: string, major: number): boolean {
  return range.split('||').some((part) => {
    const m = /^\s*(\^|>=)\s*(\d+)\.\d+\.\d+\s*$/.exec(part);
    if (!m) throw new Error(`engines part "${part}" is neither ^X.Y.Z nor >=X.Y.Z`);
    return m[1] === '^' ? Number(m[2]) === major : major >= Number(m[2]);
  });
}

describe('the Dockerfile', () => {
  it('when parsed, then every stage is on a supported Node LTS (22 or 24) that matches engines and .nvmrc', () => {
    expect(docker.stages.length).toBeGreaterThanOrEqual(2);
    const majors = new Set(docker.stages.map((s) => /^node:(\d+)/.exec(s.from)?.[1]));
    expect([...majors]).toHaveLength(1);
    const [major] = [...majors];
    expect(['22', '24']).toContain(major);
    expect(readFileSync('.nvmrc', 'utf8').trim()).toBe(major);
    // engines admits what the dependencies admit (Node 20.6+ too, which CI runs); it must admit the image's.
    expect(enginesAdmit(pkg.engines.node, Number(major))).toBe(true);
  });

  it('when parsed, then the build runs in its own stage and the runtime installs nothing and gets production dependencies only', () => {
    const build = docker.stages.find((s) => ops(s, 'RUN').some((r) => /npm run build\b/.test(r)));
    expect(build?.name).toBeDefined();
    expect(build).not.toBe(finalStage);
    expect(ops(finalStage, 'RUN')).toEqual([]);
    const copies = ops(finalStage, 'COPY');
    const modulesFrom = /--from=(\S+)\s+\/app\/node_modules/.exec(copies.find((c) => c.includes('node_modules')) ?? '')?.[1];
    const deps = docker.stages.find((s) => s.name === modulesFrom)!;
    const install = ops(deps, 'RUN').join(' ');
    expect(install).toMatch(/npm ci --omit=dev --ignore-scripts/);
    expect(copies.some((c) => new RegExp(`--from=${build!.name}\\s+/app/dist\\s`).test(c))).toBe(true);
  });

  it('when parsed, then onnxruntime-node keeps only the linux/x64 binaries', () => {
    const install = docker.stages.flatMap((s) => ops(s, 'RUN')).find((r) => r.includes('onnxruntime-node/bin'))!;
    const platform = docker.stages
      .flatMap((s) => ops(s, 'ARG'))
      .find((a) => a.startsWith('ONNX_PLATFORM='))
      ?.split('=')[1];
    expect(platform).toBe('linux/x64');
    expect(install).toMatch(
      /find node_modules\/onnxruntime-node\/bin\/napi-v6 -mindepth 2 -maxdepth 2 -type d ! -path "\*\/napi-v6\/\$\{ONNX_PLATFORM\}" -exec rm -rf \{\} \+/,
    );
  });

  it('when parsed, then the runtime is non-root, checks /healthz and runs node as PID 1 in exec form', () => {
    expect(ops(finalStage, 'USER')).toEqual(['node']);
    const health = ops(finalStage, 'HEALTHCHECK').join(' ');
    expect(health).toMatch(/CMD \[.*\/healthz/);
    const cmd = JSON.parse(ops(finalStage, 'CMD').at(-1)!) as string[];
    expect(cmd).toEqual(['node', expect.stringMatching(/^--max-old-space-size=\d+$/), 'dist/server.js']);
    expect(ops(finalStage, 'ENTRYPOINT')).toEqual([]);
  });

  it('when parsed, then every file it copies from the context exists and is not excluded by .dockerignore', () => {
    for (const needed of ['node_modules', '.git', 'dist']) expect(ignored).toContain(needed);
    const sources = docker.stages
      .flatMap((s) => ops(s, 'COPY'))
      .filter((c) => !c.startsWith('--from'))
      .flatMap((c) => c.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(5);
    for (const src of sources) {
      expect({ src, exists: existsSync(src), ignored: ignored.some((i) => src === i || src.startsWith(`${i}/`)) }).toEqual({
        src,
        exists: true,
        ignored: false,
      });
    }
  });
});

describe('compose.yaml', () => {
  const compose = parse(readFileSync('compose.yaml', 'utf8')) as { services: Record<string, Record<string, unknown>> };
  const { db, load, api } = compose.services;

  it('when parsed, then PostGIS is healthchecked, and a one-shot job migrates and loads after it is healthy', () => {
    expect(String(db.image)).toMatch(/^postgis\/postgis:/);
    expect((db.healthcheck as { test: string[] }).test).toContain('pg_isready');
    expect(load.build).toBe('.');
    expect(load.restart).toBe('no');
    const command = (load.command as string[]).join(' ');
    expect(command).toMatch(/node dist\/db-migrate\.js && node (--max-old-space-size=\d+ )?dist\/db-load\.js/);
    for (const script of command.match(/dist\/[\w-]+\.js/g)!) expect(clis).toContain(script);
    expect(load.depends_on).toEqual({ db: { condition: 'service_healthy' } });
  });

  it('when parsed, then the service uses the same image, starts after the load succeeded and is healthy when /readyz answers', () => {
    expect(api.image).toBe(load.image);
    expect(api.depends_on).toEqual({ db: { condition: 'service_healthy' }, load: { condition: 'service_completed_successfully' } });
    expect((api.healthcheck as { test: string[] }).test.join(' ')).toMatch(/\/readyz/);
    expect((api.environment as Record<string, string>).DATABASE_URL).toBe((load.environment as Record<string, string>).DATABASE_URL);
    expect((api.environment as Record<string, string>).DATABASE_URL).toMatch(/^postgres:\/\/.*@db:5432\//);
  });
});

describe('deploy/ examples', () => {
  const docs = readdirSync('deploy/kubernetes').flatMap((f) =>
    parseAllDocuments(readFileSync(`deploy/kubernetes/${f}`, 'utf8')).map((d) => d.toJS() as Record<string, any>),
  );
  const byKind = (kind: string) => docs.filter((d) => d.kind === kind);

  it('when the Kubernetes examples are parsed, then the Deployment is ready on /readyz and alive on /healthz, and a Job loads data', () => {
    const [deployment] = byKind('Deployment');
    const container = deployment.spec.template.spec.containers[0];
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.ports.map((p: { containerPort: number }) => p.containerPort)).toContain(
      Number(container.env.find((e: { name: string }) => e.name === 'PORT').value),
    );
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    const [job] = byKind('Job');
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    for (const script of job.spec.template.spec.containers[0].command.join(' ').match(/dist\/[\w-]+\.js/g)) expect(clis).toContain(script);
  });

  it('when the systemd unit is read, then it runs node dist/server.js from the project folder and stops with SIGTERM', () => {
    const unit = readFileSync('deploy/systemd/funderingsrisico.service', 'utf8');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node (--max-old-space-size=\d+ )?dist\/server\.js$/m);
    expect(unit).toMatch(/^WorkingDirectory=\S+$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    expect(unit).toMatch(/^User=(?!root)\w+$/m);
  });
});

describe('licence and publiccode.yml', () => {
  it('when publiccode.yml is parsed, then it is v0.4, names the licence in LICENSE and package.json, and describes the software in Dutch and English within the limits', () => {
    const code = parse(readFileSync('publiccode.yml', 'utf8')) as Record<string, any>;
    expect(code.publiccodeYmlVersion).toBe('0.4');
    expect(code.legal.license).toBe('EUPL-1.2');
    expect((JSON.parse(readFileSync('package.json', 'utf8')) as { license: string }).license).toBe('EUPL-1.2');
    expect(readFileSync('LICENSE', 'utf8')).toMatch(/^EUROPEAN UNION PUBLIC LICENCE v\. 1\.2/);
    expect(Object.keys(code.description).sort()).toEqual(['en', 'nl']);
    for (const d of Object.values(code.description) as { shortDescription: string; longDescription: string; features: string[] }[]) {
      expect(d.shortDescription.length).toBeLessThanOrEqual(150);
      expect(d.longDescription.length).toBeGreaterThanOrEqual(150);
      expect(d.features.length).toBeGreaterThan(0);
    }
    expect(code.localisation.availableLanguages).toEqual(['nl', 'en']);
  });
});

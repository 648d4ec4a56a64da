// Checks the deployment files (Dockerfile, .dockerignore, deploy/kubernetes/treaty.yaml) against the
// code they run: Docker and Kubernetes cannot run in the test suite, so the properties that matter
// are asserted by reading the files. A change that breaks one of these would break a deployment.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { BROKER_NODE_FLAGS } from '../bench/broker-launch.ts';
import { loadConfig } from '../src/config.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (relative: string) => readFileSync(path.join(repoRoot, relative), 'utf8');

// ---- Dockerfile: a tiny line-based reader ----

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Joins continuation lines, drops comments and blank lines, splits into stages at each FROM. */
function parseDockerfile(text: string): Stage[] {
  const instructions: Instruction[] = [];
  let pending = '';
  let startLine = 0;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (pending === '' && (trimmed === '' || trimmed.startsWith('#'))) return;
    if (pending !== '' && trimmed.startsWith('#')) return; // comments inside a continued instruction
    if (pending === '') startLine = index + 1;
    if (trimmed.endsWith('\\')) {
      pending += `${trimmed.slice(0, -1)} `;
      return;
    }
    const full = (pending + trimmed).trim();
    pending = '';
    const match = /^(\S+)\s*(.*)$/s.exec(full);
    if (match) instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim(), line: startLine });
  });
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const asIndex = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({ from: words[0]!, name: asIndex >= 0 ? words[asIndex + 1] : undefined, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push(instruction);
    } else if (instruction.keyword !== 'ARG') {
      throw new Error(`Dockerfile line ${instruction.line}: ${instruction.keyword} before the first FROM`);
    }
  }
  return stages;
}

/** An instruction's arguments: the JSON (exec) form, or the words of the shell form. */
function execForm(args: string): string[] {
  if (args.startsWith('[')) return JSON.parse(args) as string[];
  return args.split(/\s+/);
}

/** `COPY [--flag=value ...] src... dest` → flags and paths (exec form too). */
function parseCopy(args: string): { flags: Map<string, string>; sources: string[]; dest: string } {
  const words = args.split(/\s+/);
  const flags = new Map<string, string>();
  while (words[0]?.startsWith('--')) {
    const [key, value = ''] = words.shift()!.slice(2).split('=');
    flags.set(key!, value);
  }
  const paths = words.join(' ').startsWith('[') ? (JSON.parse(words.join(' ')) as string[]) : words;
  return { flags, sources: paths.slice(0, -1), dest: paths.at(-1)! };
}

/** `ENV A=1 B=2` (and the legacy `ENV A 1`) → a map. */
function parseEnv(stage: Stage): Map<string, string> {
  const env = new Map<string, string>();
  for (const { args } of stage.instructions.filter((i) => i.keyword === 'ENV')) {
    if (!args.includes('=')) {
      const [key, ...rest] = args.split(/\s+/);
      env.set(key!, rest.join(' '));
      continue;
    }
    for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) env.set(match[1]!, match[2]!.replace(/^"|"$/g, ''));
  }
  return env;
}

/** .dockerignore patterns as regular expressions (enough of Docker's syntax for this file). */
function dockerignorePatterns(text: string): RegExp[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('!'))
    .map((pattern) => {
      const clean = pattern.replace(/^\/+|\/+$/g, '');
      const source = clean
        .split(/(\*\*\/|\*\*|\*|\?)/)
        .map((part) => {
          if (part === '**/') return '(?:.*/)?';
          if (part === '**') return '.*';
          if (part === '*') return '[^/]*';
          if (part === '?') return '[^/]';
          return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
        })
        .join('');
      // A pattern that matches a folder excludes everything inside it.
      return new RegExp(`^${source}(?:/.*)?$`);
    });
}

const isIgnored = (patterns: RegExp[], relative: string) => patterns.some((p) => p.test(relative));

describe('Dockerfile', () => {
  const stages = parseDockerfile(read('Dockerfile'));
  const final = stages.at(-1)!;
  const finalOf = (keyword: string) => final.instructions.filter((i) => i.keyword === keyword);
  const all = (keyword: string) => stages.flatMap((s) => s.instructions.filter((i) => i.keyword === keyword));

  it('is multi-stage, with a slim Node 24 LTS runtime in every stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const dockerfile = read('Dockerfile');
    const argDefault = /^ARG\s+NODE_IMAGE=(\S+)/m.exec(dockerfile)?.[1];
    const finalBase = final.from.replace(/^\$\{?NODE_IMAGE\}?$/, argDefault ?? final.from);
    expect(finalBase).toBe('node:24-bookworm-slim');
    // The build stage compiles with the same Node the image runs.
    for (const stage of stages) expect(stage.from.replace(/^\$\{?NODE_IMAGE\}?$/, argDefault ?? stage.from)).toBe('node:24-bookworm-slim');
  });

  it('runs the final stage as a non-root user', () => {
    const users = finalOf('USER');
    expect(users.length, 'the final stage needs a USER instruction').toBeGreaterThan(0);
    const user = users.at(-1)!.args.split(':')[0]!;
    expect(['root', '0']).not.toContain(user);
    expect(user).toBe('10001');
  });

  it('sets the production environment, and PORT matches EXPOSE', () => {
    const env = parseEnv(final);
    expect(env.get('NODE_ENV')).toBe('production');
    expect(env.get('PORT')).toBe('9292');
    expect(env.get('TREATY_DATA_DIR')).toBe('/data');
    const exposed = finalOf('EXPOSE')
      .flatMap((i) => i.args.split(/\s+/))
      .map((p) => p.replace(/\/tcp$/, ''));
    expect(exposed).toContain('9292');
    expect(finalOf('VOLUME').map((i) => i.args)).toContainEqual(expect.stringContaining('/data'));
  });

  it('has a HEALTHCHECK on /health that needs no curl', () => {
    const healthchecks = finalOf('HEALTHCHECK');
    expect(healthchecks).toHaveLength(1);
    const args = healthchecks[0]!.args;
    expect(args).toMatch(/\bCMD\b/);
    expect(args).toContain('/health');
    expect(args).not.toContain('/health/ready'); // liveness: no database round trip
    expect(args).not.toMatch(/\b(curl|wget)\b/);
  });

  it('starts the compiled broker with plain node, as the build writes it', async () => {
    const cmds = finalOf('CMD');
    expect(cmds.length).toBeGreaterThan(0);
    const argv = execForm(cmds.at(-1)!.args);
    expect(argv[0]).toBe('node');
    expect(argv.at(-1)).toBe('broker/dist/main.js');
    expect(argv, 'no TypeScript loader at run time').not.toContain('--import');
    expect(argv.join(' ')).not.toMatch(/\btsx\b|\.ts\b/);
    // scripts/build.mjs writes that file, and npm start runs the same one.
    const { targets } = (await import(pathToFileURL(path.join(repoRoot, 'scripts/build.mjs')).href)) as {
      targets: Record<string, { outputs: string[] }>;
    };
    expect(targets.broker!.outputs.map((o) => path.relative(repoRoot, o).split(path.sep).join('/'))).toContain('broker/dist/main.js');
    const startScript = (JSON.parse(read('broker/package.json')) as { scripts: Record<string, string> }).scripts.start!;
    expect(startScript).toMatch(/\bnode\b[^&]*\bdist\/main\.js\b/);
    // The image, `npm start` and the benchmark run the broker with the same V8 flags (memory figures hold for all three).
    for (const flag of BROKER_NODE_FLAGS) {
      expect(argv).toContain(flag);
      expect(startScript.split(/\s+/)).toContain(flag);
    }
    // The loader is a development tool only: no workspace needs it in production.
    for (const workspace of ['broker', 'cli', 'prisma', 'verifiers']) {
      const manifest = JSON.parse(read(`${workspace}/package.json`)) as { dependencies?: Record<string, string> };
      expect(manifest.dependencies ?? {}, `${workspace} must not depend on tsx in production`).not.toHaveProperty('tsx');
    }
  });

  it('copies only paths that exist, from stages that exist', () => {
    const stageNames = stages.map((s) => s.name).filter((n): n is string => n !== undefined);
    const copies = all('COPY').concat(all('ADD'));
    expect(copies.length).toBeGreaterThan(0);
    const ignore = dockerignorePatterns(read('.dockerignore'));
    for (const copy of copies) {
      const { flags, sources } = parseCopy(copy.args);
      expect(sources.length, `line ${copy.line}: COPY needs a source and a destination`).toBeGreaterThan(0);
      const from = flags.get('from');
      if (from !== undefined) {
        expect(stageNames, `line ${copy.line}: COPY --from=${from}`).toContain(from);
        continue;
      }
      for (const source of sources) {
        if (/[*?[]/.test(source)) continue; // globs: nothing to check cheaply
        const relative = path.posix.normalize(source).replace(/^\/+|\/+$/g, '');
        expect(existsSync(path.join(repoRoot, relative)), `line ${copy.line}: COPY source ${source} does not exist`).toBe(true);
        if (relative !== '.')
          expect(isIgnored(ignore, relative), `line ${copy.line}: COPY source ${source} is excluded by .dockerignore`).toBe(false);
      }
    }
  });

  it('builds the generated Prisma client, the web UI and the compiled broker into the image', () => {
    const finalCopies = finalOf('COPY').map((c) => parseCopy(c.args));
    const copied = finalCopies.flatMap((c) => c.sources);
    expect(
      copied.some((s) => s.includes('prisma/generated')),
      'prisma/generated must reach the runtime stage',
    ).toBe(true);
    expect(
      copied.some((s) => s.includes('web/dist')),
      'web/dist must reach the runtime stage',
    ).toBe(true);
    for (const compiled of ['broker/dist', 'prisma/dist'])
      expect(
        finalCopies.some((c) => c.flags.get('from') === 'build' && c.sources.some((s) => s.includes(compiled))),
        `${compiled} must reach the runtime stage from the build stage`,
      ).toBe(true);
    expect(
      all('RUN').some((r) => /\bnpm ci\b/.test(r.args) && !/--ignore-scripts/.test(r.args)),
      'one stage must run npm ci with its postinstall',
    ).toBe(true);
  });
});

describe('.dockerignore', () => {
  const text = read('.dockerignore');
  const patterns = dockerignorePatterns(text);

  it("excludes node_modules (also the workspaces'), .treaty and .git", () => {
    for (const p of [
      'node_modules',
      'node_modules/tsx/package.json',
      'verifiers/node_modules/x',
      'web/node_modules/x',
      '.treaty',
      '.treaty/PG_VERSION',
      '.git',
      '.git/HEAD',
      'broker/dist/main.js',
      'cli/dist/treaty.mjs',
    ]) {
      expect(isIgnored(patterns, p), `${p} should be excluded`).toBe(true);
    }
  });

  it('keeps what the image needs', () => {
    for (const p of [
      'package.json',
      'package-lock.json',
      'broker/src/main.ts',
      'broker/package.json',
      'prisma/schema.prisma',
      'prisma/migrations',
      'prisma/scripts/generate.mjs',
      'web/src',
      'web/index.html',
      'verifiers/src',
      'wire/src',
      'cli/bin',
    ]) {
      expect(isIgnored(patterns, p), `${p} must reach the build context`).toBe(false);
      expect(existsSync(path.join(repoRoot, p)), `${p} should exist in the repository`).toBe(true);
    }
  });
});

// ---- Kubernetes ----

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

interface Probe {
  httpGet?: { path: string; port: number | string };
}

interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
  volumeMounts?: { name: string; mountPath: string }[];
}

interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  volumes?: { name: string; emptyDir?: object }[];
}

describe('deploy/kubernetes/treaty.yaml', () => {
  const documents = parseAllDocuments(read('deploy/kubernetes/treaty.yaml'));
  const objects = documents.map((d) => d.toJS() as K8sObject | null).filter((o): o is K8sObject => o !== null);
  const one = <T extends K8sObject>(kind: string) => {
    const found = objects.filter((o) => o.kind === kind);
    expect(found, `exactly one ${kind}`).toHaveLength(1);
    return found[0] as T;
  };

  const deployment = one<
    K8sObject & {
      spec: {
        replicas: number;
        selector: { matchLabels: Record<string, string> };
        template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
      };
    }
  >('Deployment');
  const secret = one<K8sObject & { stringData?: Record<string, string>; data?: Record<string, string> }>('Secret');
  const service = one<K8sObject & { spec: { selector: Record<string, string>; ports: { port: number; targetPort: number | string }[] } }>(
    'Service',
  );
  const pdb = one<
    K8sObject & {
      spec: { minAvailable?: number | string; maxUnavailable?: number | string; selector: { matchLabels: Record<string, string> } };
    }
  >('PodDisruptionBudget');
  const pod = deployment.spec.template.spec;
  const container = pod.containers.find((c) => c.name === 'treaty') ?? pod.containers[0]!;
  const envValue = (name: string) => container.env?.find((e) => e.name === name);
  const containerPort = container.ports?.[0]?.containerPort;
  const portName = container.ports?.[0]?.name;

  it('parses without errors or warnings, and has no namespace', () => {
    for (const d of documents) {
      expect(d.errors).toEqual([]);
      expect(d.warnings).toEqual([]);
    }
    for (const o of objects) expect((o.metadata as { namespace?: string }).namespace).toBeUndefined();
    expect(objects.map((o) => o.kind).sort()).toEqual(['Deployment', 'PodDisruptionBudget', 'Secret', 'Service']);
  });

  it('runs more than one replica, which is only safe on PostgreSQL', () => {
    expect(deployment.spec.replicas).toBeGreaterThan(1);
    const databaseUrl = envValue('DATABASE_URL');
    expect(databaseUrl?.value, 'DATABASE_URL must not be inline').toBeUndefined();
    expect(databaseUrl?.valueFrom?.secretKeyRef?.name).toBe(secret.metadata.name);
    expect(secret.stringData).toHaveProperty(databaseUrl!.valueFrom!.secretKeyRef!.key);
    expect(secret.stringData!.DATABASE_URL).toMatch(/^postgres(ql)?:\/\//);
    expect(secret.stringData!.DATABASE_URL).toContain('change-me');
  });

  it('takes the admin token from the Secret, with a placeholder the broker would accept', () => {
    const token = envValue('TREATY_ADMIN_TOKEN');
    expect(token?.valueFrom?.secretKeyRef?.name).toBe(secret.metadata.name);
    expect(secret.stringData!.TREATY_ADMIN_TOKEN).toContain('change-me');
  });

  it('gives the broker a configuration it starts with: PostgreSQL, auth on, PORT = container port', () => {
    const env: Record<string, string> = {};
    for (const e of container.env ?? []) {
      if (e.value !== undefined) env[e.name] = e.value;
      const ref = e.valueFrom?.secretKeyRef;
      if (ref) env[e.name] = secret.stringData![ref.key]!;
    }
    const config = loadConfig(env, '/app');
    expect(config.database.kind).toBe('postgres');
    expect(config.auth.enabled).toBe(true);
    expect(config.providerStatesEndpoint).toBe(false);
    expect(config.port).toBe(containerPort);
    expect(containerPort).toBe(9292);
  });

  it('probes readiness on /health/ready and liveness on /health, on the container port', () => {
    const portMatches = (port: number | string | undefined) => port === containerPort || (portName !== undefined && port === portName);
    expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
    expect(portMatches(container.readinessProbe?.httpGet?.port)).toBe(true);
    expect(container.livenessProbe?.httpGet?.path).toBe('/health');
    expect(portMatches(container.livenessProbe?.httpGet?.port)).toBe(true);
    if (container.startupProbe) {
      expect(container.startupProbe.httpGet?.path).toBe('/health');
      expect(portMatches(container.startupProbe.httpGet?.port)).toBe(true);
    }
  });

  it('runs as non-root on a read-only root filesystem, with a writable /tmp', () => {
    expect(pod.securityContext?.runAsNonRoot ?? container.securityContext?.runAsNonRoot).toBe(true);
    const uid = container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
    expect(uid).toBe(10001);
    expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
    expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
    const tmp = container.volumeMounts?.find((m) => m.mountPath === '/tmp');
    expect(tmp, '/tmp must be mounted (the root filesystem is read-only)').toBeDefined();
    expect(pod.volumes?.find((v) => v.name === tmp!.name)?.emptyDir).toBeDefined();
  });

  it('sets resource requests and limits', () => {
    expect(container.resources?.requests?.cpu).toBeDefined();
    expect(container.resources?.requests?.memory).toBeDefined();
    expect(container.resources?.limits?.memory).toBeDefined();
  });

  it('routes the Service port 80 to the broker port, and selects the pods', () => {
    const podLabels = deployment.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(deployment.spec.selector.matchLabels)) expect(podLabels[k]).toBe(v);
    for (const [k, v] of Object.entries(service.spec.selector)) expect(podLabels[k], `Service selector ${k}`).toBe(v);
    expect(service.spec.ports).toHaveLength(1);
    expect(service.spec.ports[0]!.port).toBe(80);
    const target = service.spec.ports[0]!.targetPort;
    expect(target === containerPort || target === portName).toBe(true);
  });

  it('has a PodDisruptionBudget that keeps a replica up and selects the pods', () => {
    const podLabels = deployment.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(pdb.spec.selector.matchLabels)) expect(podLabels[k], `PDB selector ${k}`).toBe(v);
    if (pdb.spec.minAvailable !== undefined) {
      expect(Number(pdb.spec.minAvailable)).toBeGreaterThanOrEqual(1);
      expect(Number(pdb.spec.minAvailable)).toBeLessThan(deployment.spec.replicas);
    } else {
      expect(pdb.spec.maxUnavailable).toBeDefined();
    }
  });
});

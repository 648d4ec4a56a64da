// The benchmark dataset as a pure, deterministic simulation (no I/O): `services` pacticipants in a
// dependency graph, each building one version per time step for `versions` steps, on main or on
// short-lived feature branches; consumers publish pacts whose content changes every few versions;
// providers verify, for each consumer, the pacts a real provider build would verify (main head,
// recent feature-branch heads, what is deployed or released); versions move through test, staging
// and production over time. seed.ts writes each step's events to the database in batches.
import { contentSha } from '../../src/domain/pacts/content-hash.ts';
import { Random } from './random.ts';

export interface DatasetOptions {
  services: number;
  versions: number;
  seed: number;
}

export const ENVIRONMENTS = [
  { name: 'test', production: false },
  { name: 'staging', production: false },
  { name: 'production', production: true },
] as const;
export type EnvironmentName = (typeof ENVIRONMENTS)[number]['name'];

/** Chance that a main-branch version is deployed to each environment. */
const DEPLOY_CHANCE: Record<EnvironmentName, number> = { test: 0.6, staging: 0.25, production: 0.1 };
/** Chance that a consumer's main version changes the content of a pact (so content changes every ~4 versions). */
const CONTENT_CHANGE = 0.25;
const FEATURE_START = 0.3;
const FEATURE_NEW_CONTENT = 0.5;
const BROKEN_CONTENT = 0.08;
const MISSING_VERIFICATION = 0.08;
const FLAKY_FAILURE = 0.02;
const RE_VERIFICATION = 0.15;
const RECENT_FEATURE_HEADS = 3;
/** A released (mobile) app keeps this many releases supported in production. */
const SUPPORTED_RELEASES = 2;

export const START_TIME = Date.UTC(2025, 0, 1);
const STEP_MS = 3_600_000;

export interface ServicePlan {
  index: number;
  name: string;
  /** Indexes of the services it consumes (a DAG: providers always have a higher index). */
  providers: number[];
  consumers: number[];
  /** Mobile-style apps are released to production (record-release) instead of deployed. */
  released: boolean;
}

export interface VersionEvent {
  service: number;
  t: number;
  number: string;
  branch: string;
  tags: string[];
  at: Date;
}
export interface PactEvent {
  consumer: number;
  provider: number;
  t: number;
  contentKey: string;
  sha: string;
  content: string;
  interactionCount: number;
  at: Date;
}
export interface VerificationEvent {
  provider: number;
  t: number;
  contentKey: string;
  success: boolean;
  at: Date;
}
export interface DeploymentEvent {
  service: number;
  t: number;
  environment: EnvironmentName;
  uuid: string;
  at: Date;
}
export interface SupportEndedEvent {
  service: number;
  t: number;
  environment: EnvironmentName;
  at: Date;
}

export interface StepEvents {
  versions: VersionEvent[];
  pacts: PactEvent[];
  deployments: DeploymentEvent[];
  releases: DeploymentEvent[];
  supportEnded: SupportEndedEvent[];
  verifications: VerificationEvent[];
}

interface ServiceState {
  feature: { name: string; remaining: number; revs: Map<number, string> } | undefined;
  featureCount: number;
  /** Content key per provider for each version step. */
  revsAt: Array<Map<number, string>>;
  mainHead: number | undefined;
  featureHeads: number[];
  deployed: Map<EnvironmentName, number>;
  supportedReleases: number[];
}

export function serviceName(i: number): string {
  const domains = ['order', 'payment', 'billing', 'catalog', 'inventory', 'shipping', 'customer', 'auth', 'search', 'pricing'];
  return `${domains[i % domains.length]}-service-${String(i).padStart(3, '0')}`;
}

export function planServices(options: DatasetOptions): ServicePlan[] {
  const rng = new Random(options.seed);
  const n = options.services;
  const plans: ServicePlan[] = Array.from({ length: n }, (_, i) => ({
    index: i,
    name: serviceName(i),
    providers: [],
    consumers: [],
    released: i % 10 === 9,
  }));
  // The last tenth are pure providers (databases-facing core services); everyone else consumes 1–5 of
  // the services after it, so the graph has no cycles and every consumer has at least one provider.
  const consumers = Math.max(1, Math.floor(n * 0.9));
  for (let i = 0; i < Math.min(consumers, n - 1); i++) {
    const want = Math.min(rng.int(1, 5), n - 1 - i);
    const chosen = new Set<number>();
    while (chosen.size < want) chosen.add(rng.int(i + 1, n - 1));
    plans[i]!.providers = [...chosen].sort((a, b) => a - b);
    for (const p of plans[i]!.providers) plans[p]!.consumers.push(i);
  }
  return plans;
}

/** The pact JSON for one content revision of a consumer–provider pair. */
export function pactDocument(consumer: string, provider: string, rev: number): { text: string; sha: string; interactionCount: number } {
  const interactionCount = 3 + (rev % 5);
  const pact = {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: Array.from({ length: interactionCount }, (_, k) => ({
      description: `a request for item ${k} (revision ${rev})`,
      providerState: k % 2 === 0 ? `item ${k} exists` : undefined,
      request: { method: 'GET', path: `/items/${k}`, headers: { Accept: 'application/json' } },
      response: {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: { id: k, name: `item-${k}`, price: { amount: 100 + rev, currency: 'EUR' }, tags: ['a', 'b'], revision: rev },
      },
    })),
    metadata: { pactSpecification: { version: '2.0.0' } },
  };
  const parsed = JSON.parse(JSON.stringify(pact)) as unknown;
  return { text: JSON.stringify(pact), sha: contentSha(parsed), interactionCount };
}

export class DatasetSimulator {
  readonly services: ServicePlan[];
  /** Pacts a provider build would have verified but left without a result (the "missing" ones). */
  readonly stats = { skippedVerifications: 0 };
  private readonly rng: Random;
  private readonly state: ServiceState[];
  private readonly mainRev = new Map<string, number>();
  private readonly nextRev = new Map<string, number>();
  private readonly broken = new Set<string>();
  private readonly shas = new Map<string, string>();

  constructor(readonly options: DatasetOptions) {
    this.services = planServices(options);
    this.rng = new Random(options.seed ^ 0x5eed);
    this.state = this.services.map(() => ({
      feature: undefined,
      featureCount: 0,
      revsAt: [],
      mainHead: undefined,
      featureHeads: [],
      deployed: new Map(),
      supportedReleases: [],
    }));
  }

  step(t: number): StepEvents {
    const events: StepEvents = { versions: [], pacts: [], deployments: [], releases: [], supportEnded: [], verifications: [] };
    for (const s of this.services) this.buildVersion(s, t, events);
    for (const s of this.services) this.ship(s, t, events);
    for (const s of this.services) this.verify(s, t, events);
    return events;
  }

  private at(t: number, service: number, minutes = 0): Date {
    return new Date(START_TIME + t * STEP_MS + service * 1000 + minutes * 60_000);
  }

  private newRev(pair: string): number {
    const rev = (this.nextRev.get(pair) ?? 0) + 1;
    this.nextRev.set(pair, rev);
    if (this.rng.chance(BROKEN_CONTENT)) this.broken.add(`${pair}/${rev}`);
    return rev;
  }

  private buildVersion(s: ServicePlan, t: number, events: StepEvents): void {
    const st = this.state[s.index]!;
    if (!st.feature && this.rng.chance(FEATURE_START)) {
      st.featureCount++;
      const revs = new Map<number, string>();
      for (const p of s.providers) {
        const pair = `${s.index}/${p}`;
        if (this.rng.chance(FEATURE_NEW_CONTENT)) revs.set(p, `${pair}/${this.newRev(pair)}`);
      }
      st.feature = { name: `feat/${s.name}-${st.featureCount}`, remaining: this.rng.int(1, 4), revs };
    }
    const branch = st.feature ? st.feature.name : 'main';
    const tags = branch === 'main' ? ['main'] : [];
    if (branch === 'main' && t % 25 === 0) tags.push(`v1.${t / 25}`);
    const at = this.at(t, s.index);
    events.versions.push({ service: s.index, t, number: this.rng.sha(), branch, tags, at });

    const revs = new Map<number, string>();
    for (const p of s.providers) {
      const pair = `${s.index}/${p}`;
      let key = st.feature?.revs.get(p);
      if (key === undefined) {
        if (!st.feature && (this.mainRev.get(pair) === undefined || this.rng.chance(CONTENT_CHANGE)))
          this.mainRev.set(pair, this.newRev(pair));
        if (this.mainRev.get(pair) === undefined) this.mainRev.set(pair, this.newRev(pair));
        key = `${pair}/${this.mainRev.get(pair)!}`;
      }
      revs.set(p, key);
      events.pacts.push({ consumer: s.index, provider: p, t, ...this.content(key, s, p), at });
    }
    st.revsAt[t] = revs;

    if (st.feature) {
      st.featureHeads = [t, ...st.featureHeads.filter((h) => this.branchOf(s.index, h) !== branch)].slice(0, RECENT_FEATURE_HEADS);
      if (--st.feature.remaining === 0) st.feature = undefined;
    } else {
      st.mainHead = t;
    }
    this.branchAt.set(`${s.index}/${t}`, branch);
  }

  private readonly branchAt = new Map<string, string>();
  private branchOf(service: number, t: number): string | undefined {
    return this.branchAt.get(`${service}/${t}`);
  }

  /** Content is built (and hashed) once per content key; later publications only carry its sha. */
  private content(key: string, s: ServicePlan, p: number): { contentKey: string; sha: string; content: string; interactionCount: number } {
    const rev = Number(key.slice(key.lastIndexOf('/') + 1));
    const known = this.shas.get(key);
    if (known !== undefined) return { contentKey: key, sha: known, content: '', interactionCount: 3 + (rev % 5) };
    const doc = pactDocument(s.name, this.services[p]!.name, rev);
    this.shas.set(key, doc.sha);
    return { contentKey: key, sha: doc.sha, content: doc.text, interactionCount: doc.interactionCount };
  }

  private ship(s: ServicePlan, t: number, events: StepEvents): void {
    const st = this.state[s.index]!;
    if (st.mainHead !== t) return;
    for (const env of ENVIRONMENTS) {
      if (!this.rng.chance(DEPLOY_CHANCE[env.name])) continue;
      const event = {
        service: s.index,
        t,
        environment: env.name,
        uuid: this.rng.uuid(),
        at: this.at(t, s.index, 20 + ENVIRONMENTS.indexOf(env) * 10),
      };
      if (s.released && env.production) {
        events.releases.push(event);
        st.supportedReleases.push(t);
        while (st.supportedReleases.length > SUPPORTED_RELEASES) {
          events.supportEnded.push({ service: s.index, t: st.supportedReleases.shift()!, environment: env.name, at: event.at });
        }
      } else {
        events.deployments.push(event);
        st.deployed.set(env.name, t);
      }
    }
  }

  private verify(p: ServicePlan, t: number, events: StepEvents): void {
    for (const c of p.consumers) {
      const cs = this.state[c]!;
      const steps = new Set<number>([
        ...(cs.mainHead !== undefined ? [cs.mainHead] : []),
        ...cs.featureHeads,
        ...cs.deployed.values(),
        ...cs.supportedReleases,
      ]);
      const keys = new Set<string>();
      for (const step of steps) {
        const key = cs.revsAt[step]?.get(p.index);
        if (key !== undefined) keys.add(key);
      }
      let minute = 30;
      for (const key of [...keys].sort()) {
        if (this.rng.chance(MISSING_VERIFICATION)) {
          this.stats.skippedVerifications++;
          continue;
        }
        const success = !(this.broken.has(key) || this.rng.chance(FLAKY_FAILURE));
        events.verifications.push({ provider: p.index, t, contentKey: key, success, at: this.at(t, p.index, minute++) });
        // A re-run of the same build (a retry after a flaky failure, or a manual re-verify).
        if (this.rng.chance(RE_VERIFICATION))
          events.verifications.push({ provider: p.index, t, contentKey: key, success, at: this.at(t, p.index, minute++) });
      }
    }
  }
}

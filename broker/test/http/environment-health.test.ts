// Environment health and promotion planning over GraphQL (issue #17), on a real database through real HTTP:
// the verdict over every pair deployed in an environment (a failing pair with its reason and links), the
// promotion of a source environment (or a release train) to a target, agreeing with the multi-selector
// can-i-deploy of the Pact Broker API, and a query count that does not grow with the number of deployments.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createGraphqlContext, type GraphqlDeps } from '../../src/graphql/context.ts';
import { registerGraphqlRoutes } from '../../src/graphql/route.ts';
import { createLogger } from '../../src/logger.ts';
import type { Db } from '../../src/store/db.ts';
import { seed, uniqueName, type Environment, type PacticipantHandle } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker?.close();
});

interface Pair {
  status: string;
  kind: string;
  consumer: string;
  consumerVersion: string | null;
  provider: string;
  providerVersion: string | null;
  pactSha: string;
  pactPath: string;
  verificationPath: string;
  reason: string;
}
interface Health {
  status: string;
  versionCount: number;
  pacticipantCount: number;
  counts: unknown;
  pairs: Pair[];
  one: unknown;
}
interface Plan {
  deployable: boolean | null;
  status: string;
  changes: unknown;
  reasons: string[];
  counts: { unverified: number };
  pairs: Pair[];
}
/** The response data of the queries below. */
interface Data {
  environment: { health: Health };
  promotionPlan: Plan;
}
interface Gql {
  data?: Data | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}
async function gql(query: string, variables: Record<string, unknown> = {}): Promise<Gql> {
  const res = await broker.request.post('/graphql').set('Accept', 'application/json').send({ query, variables });
  return res.body as Gql;
}

const HEALTH = `query ($name: String!) {
  environment(name: $name) {
    health {
      status versionCount pacticipantCount
      counts { verified failed unverified total }
      pairs { status consumer consumerVersion provider providerVersion kind pactSha pactPath verificationPath reason }
    }
  }
}`;

interface Org {
  production: Environment;
  staging: Environment;
  order: PacticipantHandle;
  payment: PacticipantHandle;
  shipping: PacticipantHandle;
  audit: PacticipantHandle;
}

/**
 * production: order c1 → payment p1 (failed), shipping s1 → payment p1 (verified), audit a1 → payment p1 (never verified).
 * staging:    order c2 → payment p1 (verified), shipping s1 (same as production).
 */
async function organisation(): Promise<Org> {
  const kit = seed(broker.request);
  const order = kit.pacticipant('order');
  const payment = kit.pacticipant('payment');
  const shipping = kit.pacticipant('shipping');
  const audit = kit.pacticipant('audit');
  const production = await kit.environment('production', true);
  const staging = await kit.environment('staging');
  const c1 = await order.publishPact({ version: 'c1', provider: payment, variant: 'v1' });
  const c2 = await order.publishPact({ version: 'c2', provider: payment, variant: 'v2' });
  const s1 = await shipping.publishPact({ version: 's1', provider: payment });
  await audit.publishPact({ version: 'a1', provider: payment });
  await payment.verify(c1, { version: 'p1', success: false });
  await payment.verify(c2, { version: 'p1', success: true });
  await payment.verify(s1, { version: 'p1', success: true });
  for (const [p, v] of [
    [order, 'c1'],
    [payment, 'p1'],
    [shipping, 's1'],
    [audit, 'a1'],
  ] as const)
    await p.deploy(v, production);
  await order.deploy('c2', staging);
  await shipping.deploy('s1', staging);
  return { production, staging, order, payment, shipping, audit };
}

describe('Environment.health', () => {
  let org: Org;
  beforeAll(async () => {
    org = await organisation();
  }, 60_000);

  test('lists the failing pair first, with the can-i-deploy reason and links to the pact and the verification', async () => {
    const { data, errors } = await gql(HEALTH, { name: org.production.name });
    expect(errors).toBeUndefined();
    const health = data!.environment.health;
    expect(health.status).toBe('FAILING');
    expect(health.counts).toEqual({ verified: 1, failed: 1, unverified: 1, total: 3 });
    expect(health.versionCount).toBe(4);
    expect(health.pacticipantCount).toBe(4);
    const [failed, unverified, verified] = health.pairs as [Pair, Pair, Pair];
    expect(failed).toMatchObject({
      status: 'FAILED',
      consumer: org.order.name,
      consumerVersion: 'c1',
      provider: org.payment.name,
      providerVersion: 'p1',
      kind: 'PACT',
    });
    expect(failed.reason).toBe(
      `The verification for the pact between version c1 of ${org.order.name} and version p1 of ${org.payment.name} failed`,
    );
    expect(failed.pactPath).toBe(`/pacts/provider/${org.payment.name}/consumer/${org.order.name}/pact-version/${failed.pactSha}`);
    expect(failed.verificationPath).toBe(`${failed.pactPath}/verification-results/1`);
    // the links resolve in the Pact Broker API
    expect((await broker.request.get(failed.pactPath)).status).toBe(200);
    const verification = await broker.request.get(failed.verificationPath);
    expect(verification.status).toBe(200);
    expect(verification.body.success).toBe(false);

    expect(unverified).toMatchObject({ status: 'UNVERIFIED', consumer: org.audit.name, providerVersion: null, verificationPath: null });
    expect(unverified.reason).toBe(
      `There is no verified pact between version a1 of ${org.audit.name} and version p1 of ${org.payment.name}`,
    );
    expect(verified).toMatchObject({ status: 'VERIFIED', consumer: org.shipping.name, providerVersion: 'p1' });
  });

  test('agrees with can-i-deploy: the failing consumer version cannot go to the environment', async () => {
    const res = await broker.request.get(`/can-i-deploy?pacticipant=${org.order.name}&version=c1&environment=${org.production.name}`);
    expect(res.body.summary.deployable).toBe(false);
  });

  test('a provider missing from the environment is not a pair between its versions; an empty environment is healthy', async () => {
    const { data } = await gql(HEALTH, { name: org.staging.name });
    expect(data!.environment.health).toMatchObject({ status: 'HEALTHY', counts: { total: 0 }, versionCount: 2 });
    const empty = await seed(broker.request).environment('empty');
    const res = await gql(HEALTH, { name: empty.name });
    expect(res.data!.environment.health).toMatchObject({ status: 'HEALTHY', pairs: [], versionCount: 0 });
  });

  test('filters pairs by status and bounds them; a bad bound is a validation error', async () => {
    const { data } = await gql(
      `query ($name: String!) { environment(name: $name) { health { pairs(status: FAILED) { consumer } one: pairs(first: 1) { status } } } }`,
      { name: org.production.name },
    );
    expect(data!.environment.health.pairs).toEqual([{ consumer: org.order.name }]);
    expect(data!.environment.health.one).toEqual([{ status: 'FAILED' }]);
    const bad = await gql(`query ($name: String!) { environment(name: $name) { health { pairs(first: -1) { status } } } }`, {
      name: org.production.name,
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('validation-error');
  });
});

const PLAN = `query ($target: String!, $source: String, $versions: [PacticipantVersionInput!]) {
  promotionPlan(targetEnvironment: $target, sourceEnvironment: $source, versions: $versions) {
    sourceEnvironment targetEnvironment deployable status reasons
    changes { pacticipant currentVersions promotedVersions }
    counts { verified failed unverified }
    pairs { status consumer consumerVersion provider providerVersion reason }
  }
}`;

describe('Query.promotionPlan', () => {
  let org: Org;
  beforeAll(async () => {
    org = await organisation();
  }, 60_000);

  test('yes: staging to production replaces order c1 by c2 (verified by payment p1 in production); shipping is unchanged', async () => {
    const { data, errors } = await gql(PLAN, { target: org.production.name, source: org.staging.name });
    expect(errors).toBeUndefined();
    const plan = data!.promotionPlan;
    expect(plan.changes).toEqual([{ pacticipant: org.order.name, currentVersions: ['c1'], promotedVersions: ['c2'] }]);
    expect(plan).toMatchObject({ deployable: true, status: 'YES', sourceEnvironment: org.staging.name });
    expect(plan.pairs).toEqual([
      expect.objectContaining({ status: 'VERIFIED', consumer: org.order.name, consumerVersion: 'c2', providerVersion: 'p1' }),
    ]);
    // the same answer as the Pact Broker API's multi-selector can-i-deploy
    const matrix = await broker.request.get(
      `/matrix?q[][pacticipant]=${org.order.name}&q[][version]=c2&latestby=cvpv&environment=${org.production.name}`,
    );
    expect(matrix.body.summary.deployable).toBe(true);
  });

  test('no: a release train with order c1 and a new payment p2 that no consumer verified against', async () => {
    await org.payment.createVersion('p2');
    const { data, errors } = await gql(PLAN, {
      target: org.production.name,
      versions: [
        { pacticipant: org.order.name, version: 'c1' },
        { pacticipant: org.payment.name, version: 'p2' },
      ],
    });
    expect(errors).toBeUndefined();
    const plan = data!.promotionPlan;
    expect(plan.changes).toEqual([
      { pacticipant: org.order.name, currentVersions: ['c1'], promotedVersions: ['c1'] },
      { pacticipant: org.payment.name, currentVersions: ['p1'], promotedVersions: ['p2'] },
    ]);
    expect(plan.deployable).toBe(null);
    expect(plan.status).toBe('UNKNOWN');
    expect(plan.counts.unverified).toBeGreaterThan(0);
    // payment p2 replaces p1: nobody's pact is verified by p2
    expect(plan.reasons).toContain(
      `There is no verified pact between version c1 of ${org.order.name} and version p2 of ${org.payment.name}`,
    );
    const matrix = await broker.request.get(
      `/matrix?q[][pacticipant]=${org.order.name}&q[][version]=c1&q[][pacticipant]=${org.payment.name}&q[][version]=p2&latestby=cvpv&environment=${org.production.name}`,
    );
    expect(matrix.body.summary.deployable).toBe(null);
  });

  test('no: a release train with the failed consumer version against the target payment', async () => {
    const { data } = await gql(PLAN, { target: org.staging.name, versions: [{ pacticipant: org.order.name, version: 'c1' }] });
    // staging has no payment: a required provider missing from the target is unknown, as in can-i-deploy
    expect(data!.promotionPlan.deployable).toBe(null);
    expect(data!.promotionPlan.pairs).toEqual([
      expect.objectContaining({ status: 'UNVERIFIED', provider: org.payment.name, providerVersion: null }),
    ]);
    // order c1 alone (its pact failed against payment p1, which stays in production): no
    const prod = await gql(PLAN, { target: org.production.name, versions: [{ pacticipant: org.order.name, version: 'c1' }] });
    expect(prod.data!.promotionPlan.deployable).toBe(false);
    expect(prod.data!.promotionPlan.status).toBe('NO');
    expect(prod.data!.promotionPlan.pairs[0]).toMatchObject({ status: 'FAILED', consumer: org.order.name });
  });

  test('nothing to promote is yes; bad input is a clear error', async () => {
    const same = await gql(PLAN, { target: org.production.name, source: org.production.name });
    expect(same.data!.promotionPlan).toMatchObject({
      deployable: true,
      changes: [],
      reasons: ['Nothing to promote: the target already runs these versions'],
    });
    const neither = await gql(PLAN, { target: org.production.name });
    expect(neither.errors?.[0]?.extensions?.code).toBe('validation-error');
    const both = await gql(PLAN, { target: org.production.name, source: org.staging.name, versions: [{ pacticipant: 'x', version: '1' }] });
    expect(both.errors?.[0]?.extensions?.code).toBe('validation-error');
    const missing = await gql(PLAN, { target: 'no-such-env', source: org.staging.name });
    expect(missing.errors?.[0]?.extensions?.code).toBe('not-found');
    const unknownPacticipant = await gql(PLAN, { target: org.production.name, versions: [{ pacticipant: 'nobody-here', version: '1' }] });
    expect(unknownPacticipant.errors?.[0]?.extensions?.code).toBe('not-found');
    const unknownVersion = await gql(PLAN, { target: org.production.name, versions: [{ pacticipant: org.order.name, version: 'nope' }] });
    expect(unknownVersion.data!.promotionPlan.deployable).toBe(false);
  });
});

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'schemas');
const proto = (file: string) => [{ path: 'payment/v1/payment.proto', content: readFileSync(path.join(fixtures, file), 'utf8') }];

describe('Environment.health counts schema checks alike (issue #8 contracts)', () => {
  test('a consumer schema against the deployed provider schema: verified, then failed with the broken rule once a breaking provider is deployed', async () => {
    const kit = seed(broker.request);
    const payment = kit.pacticipant('payment-service');
    const order = kit.pacticipant('order-service');
    const env = await kit.environment('production', true);
    const subject = `${uniqueName('payment')}.v1.PaymentService`;
    const publish = async (pacticipantName: string, version: string, role: 'provider' | 'consumer', file: string) => {
      const res = await broker.request
        .post('/schemas/publish')
        .set('Accept', 'application/json')
        .send({ pacticipantName, pacticipantVersionNumber: version, subject, kind: 'protobuf', role, files: proto(file) });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    await publish(payment.name, '11.0.0', 'provider', 'payment-v1.proto');
    await publish(order.name, '2.0.0', 'consumer', 'order-reads-payment.proto');
    await broker.runDueJobs();
    await payment.deploy('11.0.0', env);
    await order.deploy('2.0.0', env);

    const before = (await gql(HEALTH, { name: env.name })).data!.environment.health;
    expect(before.status).toBe('HEALTHY');
    expect(before.pairs).toEqual([
      expect.objectContaining({ status: 'VERIFIED', kind: 'SCHEMA', consumer: order.name, provider: payment.name, pactPath: null }),
    ]);

    await publish(payment.name, '12.0.0', 'provider', 'payment-v2-breaking.proto');
    await broker.runDueJobs();
    await payment.deploy('12.0.0', env);
    const after = (await gql(HEALTH, { name: env.name })).data!.environment.health;
    expect(after.status).toBe('FAILING');
    const [pair] = after.pairs;
    expect(pair).toMatchObject({ status: 'FAILED', kind: 'SCHEMA', providerVersion: '12.0.0', verificationPath: null });
    expect(pair!.reason).toMatch(
      new RegExp(
        `^The schema check of subject ${subject.replace(/\./g, '\\.')} between version 2\\.0\\.0 of ${order.name} and version 12\\.0\\.0 of ${payment.name} failed: FIELD_WIRE_JSON_COMPATIBLE_TYPE`,
      ),
    );
  });
});

/** Counts every SQL statement sent through the database executor (either pool). */
function countingDb(db: Db): { db: Db; count: () => number } {
  let count = 0;
  const wrap = (inner: Db): Db => ({
    rows: (q) => (count++, inner.rows(q)),
    maybeOne: (q) => (count++, inner.maybeOne(q)),
    one: (q) => (count++, inner.one(q)),
    execute: (q) => (count++, inner.execute(q)),
    transaction: (fn, options) => inner.transaction((tx) => fn(wrap(tx)), options),
    get hot() {
      return wrap(inner.hot);
    },
  });
  return { db: wrap(db), count: () => count };
}

describe('query count', () => {
  test('the health of every environment costs the same number of queries for 2 and for 24 deployments', async () => {
    const kit = seed(broker.request);
    const provider = kit.pacticipant('hub');
    const small = await kit.environment('small');
    const large = await kit.environment('large');
    await provider.createVersion('h1');
    await provider.deploy('h1', small);
    await provider.deploy('h1', large);
    for (let i = 0; i < 23; i++) {
      const consumer = kit.pacticipant(`spoke${i}`);
      const pact = await consumer.publishPact({ version: `v${i}`, provider });
      await provider.verify(pact, { version: 'h1', success: i % 5 !== 0 });
      await consumer.deploy(`v${i}`, large);
      if (i === 0) await consumer.deploy(`v${i}`, small);
    }
    const costOf = async (name: string) => {
      const counting = countingDb(broker.db);
      const deps: GraphqlDeps = { config: broker.config, logger: createLogger({ logLevel: 'silent' }), db: counting.db };
      const app = express();
      app.use(express.json());
      const router = express.Router();
      registerGraphqlRoutes(router, deps, { contextFactory: () => createGraphqlContext(deps, undefined) });
      app.use(router);
      const res = await supertest(app).post('/graphql').send({ query: HEALTH, variables: { name } });
      return { count: counting.count(), health: (res.body as Gql).data!.environment.health };
    };
    const a = await costOf(small.name);
    const b = await costOf(large.name);
    expect(a.health.counts).toMatchObject({ failed: 1, total: 1 });
    expect(b.health.counts).toMatchObject({ verified: 18, failed: 5, total: 23 });
    expect(b.count).toBe(a.count);
  }, 120_000);
});

// The GraphQL layer through an injected context (registerGraphqlRoutes' contextFactory): the
// number of SQL queries a page costs (DataLoaders: constant, whatever the page size), mutations
// under the same scopes as REST, and unexpected errors hidden behind a generic message.
import express from 'express';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PrincipalKind, type Principal } from '../../src/domain/auth/authorize.ts';
import { Scope } from '../../src/domain/auth/scopes.ts';
import { createGraphqlContext, type GraphqlDeps } from '../../src/graphql/context.ts';
import { INTERNAL_ERROR_MESSAGE } from '../../src/graphql/errors.ts';
import { registerGraphqlRoutes } from '../../src/graphql/route.ts';
import { createLogger } from '../../src/logger.ts';
import type { Db } from '../../src/store/db.ts';
import { matrixSeed, type SeededPacticipant } from '../support/matrix-seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker?.close();
});

interface GqlResponse {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** A Db that hands every statement (on either pool, in or out of a transaction) to `run`. */
function interceptedDb(db: Db, run: <T>(statement: () => Promise<T>) => Promise<T>): Db {
  return {
    rows: (query) => run(() => db.rows(query)),
    maybeOne: (query) => run(() => db.maybeOne(query)),
    one: (query) => run(() => db.one(query)),
    execute: (query) => run(() => db.execute(query)),
    transaction: (fn, options) => db.transaction((tx) => fn(interceptedDb(tx, run)), options),
    get hot() {
      return interceptedDb(db.hot, run);
    },
  };
}

/** Counts every SQL statement sent through the database executor. */
function countingDatabase(db: Db): { db: Db; count: () => number; reset: () => void } {
  let count = 0;
  const counted = interceptedDb(db, (statement) => {
    count++;
    return statement();
  });
  return { db: counted, count: () => count, reset: () => (count = 0) };
}

/** A bare app serving only /graphql, with the context built by the test. */
function graphqlApp(db: Db, principal?: Principal, authEnabled = false) {
  const config = { ...broker.config, auth: { ...broker.config.auth, enabled: authEnabled } };
  const deps: GraphqlDeps = { config, logger: createLogger({ logLevel: 'silent' }), db };
  const app = express();
  app.use(express.json());
  const router = express.Router();
  registerGraphqlRoutes(router, deps, { contextFactory: () => createGraphqlContext(deps, principal) });
  app.use(router);
  return async (query: string, variables: Record<string, unknown> = {}): Promise<GqlResponse> =>
    (await supertest(app).post('/graphql').set('Accept', 'application/json').send({ query, variables })).body as GqlResponse;
}

const MATRIX_PAGE = `query ($f: MatrixFilter!, $first: Int) {
  matrix(filter: $f, first: $first) {
    edges { cursor node {
      consumer { name labels latestVersion { number } }
      consumerVersion { number createdAt branches { name latest } tags { name } deployments { environment { name } } }
      provider { name mainBranch }
      providerVersion { number tags { name } }
      pact { sha consumerVersion { number } latestVerification { success } }
      verification { number success verifiedAt providerVersion { number } }
      outcome
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('DataLoaders keep the query count constant', () => {
  let consumer: SeededPacticipant;
  beforeAll(async () => {
    const s = matrixSeed(broker.db);
    consumer = await s.pacticipant('many');
    const provider = await s.pacticipant('verifier');
    const env = await s.environment('qa', false);
    const providerVersions = await Promise.all(['p1', 'p2', 'p3'].map((n) => s.version(provider, n, { tags: ['prod'] })));
    for (let i = 1; i <= 60; i++) {
      const version = await s.version(consumer, `c${i}`, { branch: i % 2 ? 'main' : 'feat', tags: [`t${i}`] });
      const pact = await s.publish(version, provider, `content-${i}`);
      if (i % 3 === 0) await s.verify(pact, providerVersions[i % 3]!, i % 2 === 0);
      if (i % 10 === 0) await s.deploy(version, env, `i${i}`);
    }
  }, 120_000);

  test('a matrix page of 5 rows costs as many queries as a page of 50 rows', async () => {
    const counting = countingDatabase(broker.db);
    const run = graphqlApp(counting.db);
    const counts: number[] = [];
    for (const first of [5, 50]) {
      counting.reset();
      const res = await run(MATRIX_PAGE, { f: { pacticipant: consumer.name }, first });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect((res.data?.matrix as { edges: unknown[] }).edges).toHaveLength(first);
      counts.push(counting.count());
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBe(counts[0]);
  });

  test('a page of 5 versions costs as many queries as a page of 50', async () => {
    const counting = countingDatabase(broker.db);
    const run = graphqlApp(counting.db);
    const query = `query ($n: String!, $first: Int) { pacticipant(name: $n) { versions(first: $first) { totalCount nodes {
      number branches { name branch { latestVersion { number } } } tags { name } pacts { sha provider { name } latestVerification { success } } deployments { currentlyDeployed environment { name } }
    } } } }`;
    const counts: number[] = [];
    for (const first of [5, 50]) {
      counting.reset();
      const res = await run(query, { n: consumer.name, first });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      counts.push(counting.count());
    }
    expect(counts[1]).toBe(counts[0]);
  });
});

describe('mutations are scoped like REST when auth is on', () => {
  const principal = (scopes: Scope[], pacticipants: string[] = []): Principal => ({
    kind: PrincipalKind.token,
    actor: 'token:test',
    scopes,
    pacticipants,
  });

  test('a read token cannot record a deployment (forbidden); a write token limited to another pacticipant neither', async () => {
    const s = matrixSeed(broker.db);
    const svc = await s.pacticipant('scoped');
    await s.version(svc, '1');
    const env = await s.environment('scoped-env');
    const mutation = `mutation ($i: RecordDeploymentInput!) { recordDeployment(input: $i) { currentlyDeployed } }`;
    const input = { i: { pacticipant: svc.name, version: '1', environment: env.name } };

    const asReader = await graphqlApp(broker.db, principal([Scope.read]), true)(mutation, input);
    expect(asReader.errors?.map((e) => e.extensions?.code)).toEqual(['forbidden']);
    expect(asReader.errors?.[0]?.message).toMatch(/needs the write scope/);
    const asOther = await graphqlApp(broker.db, principal([Scope.write], ['someone-else']), true)(mutation, input);
    expect(asOther.errors?.map((e) => e.extensions?.code)).toEqual(['forbidden']);
    const anonymous = await graphqlApp(broker.db, undefined, true)(mutation, input);
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['unauthorized']);

    const asWriter = await graphqlApp(broker.db, principal([Scope.write], [svc.name.toLowerCase()]), true)(mutation, input);
    expect(asWriter.errors).toBeUndefined();
    expect(asWriter.data).toEqual({ recordDeployment: { currentlyDeployed: true } });
  });

  test('createEnvironment and webhooks need the admin scope', async () => {
    const asWriter = graphqlApp(broker.db, principal([Scope.write]), true);
    const created = await asWriter(`mutation { createEnvironment(input: { name: "never-created-env" }) { name } }`);
    expect(created.errors?.map((e) => e.extensions?.code)).toEqual(['forbidden']);
    const hooks = await asWriter(`{ webhooks { uuid } }`);
    expect(hooks.errors?.map((e) => e.extensions?.code)).toEqual(['forbidden']);
    const asAdmin = await graphqlApp(broker.db, principal([Scope.admin]), true)(`{ webhooks { uuid } }`);
    expect(asAdmin.errors).toBeUndefined();
  });
});

describe('unexpected errors', () => {
  test('are answered with a generic message and code internal-error, without internals', async () => {
    const failing = interceptedDb(broker.db, () => Promise.reject(new Error('connection to 10.0.0.7:5432 refused (password=secret)')));
    const res = await graphqlApp(failing)(`{ matrix(filter: { pacticipant: "anyone" }) { pageInfo { hasNextPage } } }`);
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]?.extensions?.code).toBe('internal-error');
    expect(res.errors?.[0]?.message).toBe(INTERNAL_ERROR_MESSAGE);
    expect(JSON.stringify(res)).not.toMatch(/10\.0\.0\.7|secret/);
  });
});

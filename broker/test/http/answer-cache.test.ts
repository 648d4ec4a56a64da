// The answer cache (issue #14, store/answer-cache.ts): can-i-deploy, /matrix and pacts for verification are
// served from memory while the answer generation is unchanged. These tests write through the real HTTP routes
// and assert that every kind of write a can-i-deploy answer depends on is seen by the next request, that a
// second identical request is a cache hit, that concurrent writes never leave a stale answer behind, and (on
// PostgreSQL) that a write through one broker invalidates another broker's cache on the same database.
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { answerCacheOf, AnswerCache } from '../../src/store/answer-cache.ts';
import { canIDeployToEnv, get } from '../support/matrix-helpers.ts';
import { matrixSeed, type SeededEnvironment, type SeededPacticipant, type SeededVersion } from '../support/matrix-seed.ts';
import { pactFixtureText, publishBody } from '../support/pact-fixtures.ts';
import { testDatabaseUrl } from '../support/test-database.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
beforeAll(async () => {
  // A database of its own: on PostgreSQL other test files write to the shared one concurrently, and every
  // write (rightly) invalidates the cache, so the cache-hit assertions here would race them.
  broker = await startTestBroker({}, {}, { isolatedDatabase: true });
});
afterAll(async () => {
  await broker?.close();
});

const enc = encodeURIComponent;

interface World {
  seed: ReturnType<typeof matrixSeed>;
  foo: SeededPacticipant;
  bar: SeededPacticipant;
  prod: SeededEnvironment;
  foo1: SeededVersion;
  bar10: SeededVersion;
  sha: string;
}

/** Foo v1's pact with Bar, verified by Bar 10 (`verified` decides the result, undefined: not verified). */
async function world(verified: boolean | undefined, on: TestBroker = broker): Promise<World> {
  const seed = matrixSeed(on.db);
  const foo = await seed.pacticipant('Foo');
  const bar = await seed.pacticipant('Bar');
  const prod = await seed.environment('production');
  const foo1 = await seed.version(foo, '1');
  const bar10 = await seed.version(bar, '10');
  const pact = await seed.publish(foo1, bar);
  if (verified !== undefined) await seed.verify(pact, bar10, verified);
  return { seed, foo, bar, prod, foo1, bar10, sha: pact.sha };
}

const ok = (status: number) => expect([200, 201, 204]).toContain(status);

/** can-i-deploy Foo 1 to prod, asked twice: the second answer must come from the cache, and equal the first. */
async function askTwice(w: World) {
  const cache = answerCacheOf(broker.db);
  const first = await canIDeployToEnv(broker, w.foo.name, '1', w.prod.name);
  const hits = cache.hits;
  const second = await canIDeployToEnv(broker, w.foo.name, '1', w.prod.name);
  expect(cache.hits).toBeGreaterThan(hits);
  // supertest serves each request on a new port, so the base URL (part of the body's key) differs
  const hostless = (body: unknown) => JSON.stringify(body).replace(/http:\/\/127\.0\.0\.1:\d+/g, '');
  expect(hostless(second.body)).toEqual(hostless(first.body));
  return first;
}

interface WriteCase {
  kind: string;
  verified: boolean | undefined;
  /** Before the write (after `prepare`). */
  before: boolean | null;
  prepare?: (w: World) => Promise<void>;
  write: (w: World) => Promise<void>;
  /** The deployable answer after the write, or the HTTP status when the query itself stops being valid. */
  after: boolean | null | { status: number };
}

async function deployBar10(w: World, through: TestBroker = broker): Promise<string> {
  const res = await through.request
    .post(`/pacticipants/${enc(w.bar.name)}/versions/10/deployed-versions/environment/${w.prod.uuid}`)
    .send({});
  ok(res.status);
  return (res.body as { uuid: string }).uuid;
}

async function releaseBar10(w: World): Promise<string> {
  const res = await broker.request
    .post(`/pacticipants/${enc(w.bar.name)}/versions/10/released-versions/environment/${w.prod.uuid}`)
    .send({});
  ok(res.status);
  return (res.body as { uuid: string }).uuid;
}

const cases: WriteCase[] = [
  {
    kind: 'verification published',
    verified: undefined,
    before: null,
    prepare: async (w) => void (await deployBar10(w)),
    write: async (w) => {
      const res = await broker.request
        .post(`/pacts/provider/${enc(w.bar.name)}/consumer/${enc(w.foo.name)}/pact-version/${w.sha}/verification-results`)
        .send({ success: false, providerApplicationVersion: '10' });
      ok(res.status);
    },
    after: false,
  },
  {
    kind: 'deployment recorded',
    verified: true,
    before: null,
    write: async (w) => void (await deployBar10(w)),
    after: true,
  },
  {
    kind: 'deployment ended (record-undeployment)',
    verified: true,
    before: true,
    prepare: async (w) => {
      (w as World & { deployed?: string }).deployed = await deployBar10(w);
    },
    write: async (w) => {
      const uuid = (w as World & { deployed?: string }).deployed!;
      ok((await broker.request.patch(`/deployed-versions/${uuid}`).send({ currentlyDeployed: false })).status);
    },
    after: null,
  },
  {
    kind: 'release recorded',
    verified: true,
    before: null,
    write: async (w) => void (await releaseBar10(w)),
    after: true,
  },
  {
    kind: 'release support ended',
    verified: true,
    before: true,
    prepare: async (w) => {
      (w as World & { released?: string }).released = await releaseBar10(w);
    },
    write: async (w) => {
      const uuid = (w as World & { released?: string }).released!;
      ok((await broker.request.patch(`/released-versions/${uuid}`).send({ currentlySupported: false })).status);
    },
    after: null,
  },
  {
    kind: 'pact published (a new provider for the same consumer version)',
    verified: true,
    before: true,
    prepare: async (w) => void (await deployBar10(w)),
    write: async (w) => {
      const baz = w.seed.name('Baz');
      const res = await broker.request
        .post('/contracts/publish')
        .send(publishBody({ consumer: w.foo.name, provider: baz, version: '1', text: pactFixtureText('v3-http.json', w.foo.name, baz) }));
      ok(res.status);
    },
    after: null,
  },
  {
    kind: 'provider version deleted',
    verified: true,
    before: true,
    prepare: async (w) => void (await deployBar10(w)),
    write: async (w) => ok((await broker.request.delete(`/pacticipants/${enc(w.bar.name)}/versions/10`)).status),
    after: null,
  },
  {
    kind: 'provider pacticipant deleted',
    verified: false,
    before: false,
    prepare: async (w) => void (await deployBar10(w)),
    write: async (w) => ok((await broker.request.delete(`/pacticipants/${enc(w.bar.name)}`)).status),
    after: true,
  },
  {
    kind: 'environment deleted',
    verified: true,
    before: true,
    prepare: async (w) => void (await deployBar10(w)),
    write: async (w) => ok((await broker.request.delete(`/environments/${w.prod.uuid}`)).status),
    after: { status: 400 },
  },
];

describe('the answer cache is invalidated by every write an answer depends on (issue #14)', () => {
  test.each(cases)('$kind', async (c) => {
    const w = await world(c.verified);
    await c.prepare?.(w);
    expect((await askTwice(w)).deployable).toBe(c.before);
    await c.write(w);
    const after = await canIDeployToEnv(broker, w.foo.name, '1', w.prod.name);
    if (typeof c.after === 'object' && c.after !== null) expect(after.status).toBe(c.after.status);
    else expect(after.deployable).toBe(c.after);
  });

  test('a tag added to the provider version (can-i-deploy --to TAG)', async () => {
    const w = await world(true);
    const url = `/can-i-deploy?pacticipant=${enc(w.foo.name)}&version=1&to=prod`;
    expect((await get(broker, url)).deployable).toBe(null);
    expect((await get(broker, url)).deployable).toBe(null);
    ok((await broker.request.put(`/pacticipants/${enc(w.bar.name)}/versions/10/tags/prod`).send({})).status);
    expect((await get(broker, url)).deployable).toBe(true);
  });

  test('a version added to a branch (can-i-deploy of a branch head to an environment)', async () => {
    const w = await world(true);
    await deployBar10(w);
    await w.seed.version(w.foo, '2');
    ok((await broker.request.put(`/pacticipants/${enc(w.foo.name)}/branches/main/versions/1`).send({})).status);
    const url = `/pacticipants/${enc(w.foo.name)}/branches/main/latest-version/can-i-deploy/to-environment/${enc(w.prod.name)}`;
    expect((await get(broker, url)).deployable).toBe(true);
    expect((await get(broker, url)).deployable).toBe(true);
    // Foo 2 (no pact, so nothing to verify) becomes the head of main: the answer is about version 2 now.
    ok((await broker.request.put(`/pacticipants/${enc(w.foo.name)}/branches/main/versions/2`).send({})).status);
    const after = await get(broker, url);
    expect(after.status).toBe(200);
    expect(after.body.matrix).toEqual([]);
  });

  test('a successful write releases the cached answers, which no request can be served again (peak memory)', async () => {
    const w = await world(true);
    await askTwice(w);
    const cache = answerCacheOf(broker.db);
    const servedFromCache = async () => {
      const hits = cache.hits;
      await canIDeployToEnv(broker, w.foo.name, '1', w.prod.name);
      return cache.hits > hits;
    };
    // A refused write changes nothing, and a read over POST (pacts for verification) is no write: the answers stay.
    expect((await broker.request.post('/contracts/publish').send({})).status).toBe(400);
    expect(await servedFromCache()).toBe(true);
    ok((await broker.request.post(`/pacts/provider/${enc(w.bar.name)}/for-verification`).send({})).status);
    expect(await servedFromCache()).toBe(true);
    expect(cache.size).toBeGreaterThan(0);
    ok((await broker.request.put(`/pacticipants/${enc(w.foo.name)}/versions/1/tags/released`).send({})).status);
    await vi.waitFor(() => expect(cache.size).toBe(0));
  });

  test('GraphQL canIDeploy shares the cache and sees the write too', async () => {
    const w = await world(undefined);
    await deployBar10(w);
    const ask = async () => {
      const res = await broker.request.post('/graphql').send({
        query: `query($p: String!, $v: String!, $e: String!) { canIDeploy(pacticipant: $p, version: $v, environment: $e) { deployable } }`,
        variables: { p: w.foo.name, v: '1', e: w.prod.name },
      });
      expect(res.status).toBe(200);
      return (res.body as { data: { canIDeploy: { deployable: boolean | null } } }).data.canIDeploy.deployable;
    };
    expect(await ask()).toBe(null);
    const hits = answerCacheOf(broker.db).hits;
    expect(await ask()).toBe(null);
    expect(answerCacheOf(broker.db).hits).toBeGreaterThan(hits);
    await w.seed.verify({ pactVersionId: await pactVersionIdOf(w), sha: w.sha, consumer: w.foo, provider: w.bar }, w.bar10, true);
    expect(await ask()).toBe(true);
  });

  test('pacts for verification sees a newly published pact', async () => {
    const w = await world(undefined);
    const ask = async () => {
      const res = await broker.request
        .post(`/pacts/provider/${enc(w.bar.name)}/for-verification`)
        .set('Host', 'broker.example') // one base URL for every request (it is part of the key)
        .send({ consumerVersionSelectors: [{ latest: true }] });
      expect(res.status).toBe(200);
      return (res.body as { _embedded: { pacts: Array<{ shortDescription: string }> } })._embedded.pacts.length;
    };
    expect(await ask()).toBe(1);
    const hits = answerCacheOf(broker.db).hits;
    expect(await ask()).toBe(1);
    expect(answerCacheOf(broker.db).hits).toBeGreaterThan(hits);
    const qux = await w.seed.pacticipant('Qux');
    const res = await broker.request.post('/contracts/publish').send(
      publishBody({
        consumer: qux.name,
        provider: w.bar.name,
        version: '7',
        text: pactFixtureText('v3-http.json', qux.name, w.bar.name),
      }),
    );
    ok(res.status);
    expect(await ask()).toBe(2);
  });
});

async function pactVersionIdOf(w: World): Promise<number> {
  const rows = (await broker.db.pools.pool.query(`SELECT id FROM pact_versions WHERE sha = $1 AND consumer_id = $2`, [w.sha, w.foo.id]))
    .rows as Array<{ id: number }>;
  return rows[0]!.id;
}

describe('concurrent writes never leave a stale answer (issue #14)', () => {
  test('readers racing deployments: every read that starts after a deployment completed sees it', async () => {
    const seed = matrixSeed(broker.db);
    const foo = await seed.pacticipant('Foo');
    const bar = await seed.pacticipant('Bar');
    const prod = await seed.environment('production');
    const pact = await seed.publish(await seed.version(foo, '1'), bar);
    const ROUNDS = 24;
    // Bar version i verified the pact with success when i is even: each deployment flips the answer.
    for (let i = 0; i < ROUNDS; i++) await seed.verify(pact, await seed.version(bar, String(i)), i % 2 === 0);

    let started = -1; // the last deployment whose request was sent
    let completed = -1; // the last deployment whose response arrived
    let stop = false;
    const stale: string[] = [];
    const reader = async () => {
      let reads = 0;
      while (!stop) {
        const [startedBefore, completedBefore] = [started, completed];
        const answer = await canIDeployToEnv(broker, foo.name, '1', prod.name);
        const deployed = answer.body.matrix?.[0]?.provider?.version?.number;
        const seen = deployed === undefined ? -1 : Number(deployed);
        // Deployments before `completedBefore` had committed when this read started: an older one is stale.
        // If no deployment was in flight, exactly the last one must be seen.
        if (seen < completedBefore || (startedBefore === completedBefore && started === startedBefore && seen !== completedBefore))
          stale.push(`read started after deployment ${completedBefore} completed saw ${seen}`);
        if (seen >= 0 && answer.deployable !== (seen % 2 === 0)) stale.push(`deployment ${seen} answered ${String(answer.deployable)}`);
        reads++;
      }
      return reads;
    };
    const readers = Array.from({ length: 6 }, reader);
    for (let i = 0; i < ROUNDS; i++) {
      started = i;
      const res = await broker.request
        .post(`/pacticipants/${enc(bar.name)}/versions/${i}/deployed-versions/environment/${prod.uuid}`)
        .send({});
      ok(res.status);
      completed = i;
      // Right after the write: the answer is about version i (a cached answer of version i - 1 would fail here).
      const answer = await canIDeployToEnv(broker, foo.name, '1', prod.name);
      expect(answer.body.matrix?.[0]?.provider?.version?.number).toBe(String(i));
      expect(answer.deployable).toBe(i % 2 === 0);
      // A few cached reads of version i between writes, so the next write has a cached entry to invalidate.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    stop = true;
    const reads = await Promise.all(readers);
    expect(stale).toEqual([]);
    expect(reads.reduce((a, b) => a + b, 0)).toBeGreaterThan(ROUNDS);
  }, 120_000);

  test.skipIf(!testDatabaseUrl())('two brokers on one PostgreSQL: a write through one invalidates the other’s cached answer', async () => {
    // Both on the shared DATABASE_URL database (the file's broker has one of its own).
    const primary = await startTestBroker();
    const replica = await startTestBroker();
    try {
      const w = await world(true, primary);
      const ask = (b: TestBroker) => canIDeployToEnv(b, w.foo.name, '1', w.prod.name);
      expect((await ask(replica)).deployable).toBe(null);
      expect((await ask(replica)).deployable).toBe(null);
      expect(answerCacheOf(replica.db)).not.toBe(answerCacheOf(primary.db));
      await deployBar10(w, primary); // through the other broker, not `replica`
      expect((await ask(replica)).deployable).toBe(true);
    } finally {
      await replica.close();
      await primary.close();
    }
  });
});

describe('AnswerCache', () => {
  test('an answer computed while the generation moved on is never served under the newer generation', async () => {
    let generation = 1n;
    const cache = new AnswerCache(async () => generation);
    let value = 'old';
    const view = await cache.view();
    // The write commits (generation 2) while the answer of generation 1 is being computed.
    const computing = view.get(
      'k',
      async () => {
        const read = value;
        generation = 2n;
        value = 'new';
        return read;
      },
      () => 1,
    );
    expect(await computing).toBe('old');
    const next = await cache.view();
    expect(
      await next.get(
        'k',
        async () => value,
        () => 1,
      ),
    ).toBe('new');
  });

  test('stays within its entry bound, evicting the least recently used', async () => {
    const cache = new AnswerCache(async () => 1n, 3);
    const view = await cache.view();
    for (const k of ['a', 'b', 'c'])
      await view.get(
        k,
        async () => k,
        () => 1,
      );
    await view.get(
      'a',
      async () => 'x',
      () => 1,
    ); // a is now the most recently used
    await view.get(
      'd',
      async () => 'd',
      () => 1,
    );
    expect(cache.size).toBe(3);
    expect(
      await view.get(
        'b',
        async () => 'recomputed',
        () => 1,
      ),
    ).toBe('recomputed');
    expect(
      await view.get(
        'a',
        async () => 'recomputed',
        () => 1,
      ),
    ).toBe('a');
  });

  test('a failed computation is not kept', async () => {
    const cache = new AnswerCache(async () => 1n);
    const view = await cache.view();
    await expect(
      view.get(
        'k',
        async () => Promise.reject(new Error('boom')),
        () => 1,
      ),
    ).rejects.toThrow('boom');
    expect(
      await view.get(
        'k',
        async () => 'ok',
        () => 1,
      ),
    ).toBe('ok');
  });
});

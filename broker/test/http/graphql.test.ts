// The GraphQL API (/graphql) against a real database: every query and mutation the web UI uses,
// cursor pagination, can-i-deploy agreeing with REST, errors with extensions.code, and the explorer.
import { generateDisplayName } from '../../src/domain/pacticipants/display-name.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seed, uniqueName } from '../support/seed.ts';
import { matrixSeed } from '../support/matrix-seed.ts';
import { canIDeployToEnv } from '../support/matrix-helpers.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker?.close();
});

interface GqlError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}
/** Every field name of the SDL (and the aliases these tests use). */
type Field =
  | 'added'
  | 'after'
  | 'applicationInstance'
  | 'before'
  | 'branch'
  | 'branches'
  | 'buildUrl'
  | 'canIDeploy'
  | 'changed'
  | 'changes'
  | 'consumer'
  | 'consumerLabel'
  | 'consumerVersion'
  | 'consumerVersions'
  | 'contacts'
  | 'content'
  | 'contents'
  | 'contractsConsumed'
  | 'contractsPublished'
  | 'counterpart'
  | 'counts'
  | 'createEnvironment'
  | 'createdAt'
  | 'current'
  | 'currentlyDeployed'
  | 'currentlySupported'
  | 'cursor'
  | 'data'
  | 'deployable'
  | 'deployedAt'
  | 'deployedVersions'
  | 'deployments'
  | 'description'
  | 'diffWithPrevious'
  | 'displayName'
  | 'documentChanges'
  | 'edges'
  | 'enabled'
  | 'endCursor'
  | 'environment'
  | 'environments'
  | 'errors'
  | 'events'
  | 'failed'
  | 'hasNextPage'
  | 'id'
  | 'identical'
  | 'integration'
  | 'integrations'
  | 'interactionCount'
  | 'interactions'
  | 'kind'
  | 'label'
  | 'labels'
  | 'lastPublishedAt'
  | 'lastVerifiedAt'
  | 'latest'
  | 'latestBy'
  | 'latestPact'
  | 'latestVerification'
  | 'latestVersion'
  | 'mainBranch'
  | 'matrix'
  | 'method'
  | 'mutation'
  | 'name'
  | 'network'
  | 'node'
  | 'nodes'
  | 'notices'
  | 'number'
  | 'outcome'
  | 'pact'
  | 'pactPublishedAt'
  | 'pactSha'
  | 'pacticipant'
  | 'pacticipants'
  | 'pacts'
  | 'pageInfo'
  | 'path'
  | 'previous'
  | 'production'
  | 'provider'
  | 'providerLabel'
  | 'providerStates'
  | 'providerVersion'
  | 'query'
  | 'raw'
  | 'reasons'
  | 'recordDeployment'
  | 'recordRelease'
  | 'releasedAt'
  | 'releasedVersions'
  | 'releases'
  | 'removed'
  | 'repositoryUrl'
  | 'request'
  | 'response'
  | 'rows'
  | 'sha'
  | 'source'
  | 'status'
  | 'statusLabel'
  | 'success'
  | 'supportEndedAt'
  | 'tags'
  | 'target'
  | 'testResults'
  | 'text'
  | 'totalCount'
  | 'type'
  | 'undeployedAt'
  | 'unknown'
  | 'unverifiedOnly'
  | 'url'
  | 'uuid'
  | 'verification'
  | 'verifications'
  | 'verifiedAt'
  | 'version'
  | 'versions'
  | 'webhooks';
/** Response data, navigated loosely in assertions (its shape is the query's). */
type Data = { [K in Field]: Data };
/** A list in response data. */
const list = (value: Data): Data[] => value as unknown as Data[];

async function gql(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ status: number; data: Data | null; errors: GqlError[] | undefined }> {
  const res = await broker.request.post('/graphql').set('Accept', 'application/json').send({ query, variables });
  return {
    status: res.status,
    data: (res.body as { data?: Data | null }).data ?? null,
    errors: (res.body as { errors?: GqlError[] }).errors,
  };
}

async function gqlData(query: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const { data, errors } = await gql(query, variables);
  expect(errors, JSON.stringify(errors)).toBeUndefined();
  return data!;
}

const codes = (errors: GqlError[] | undefined) => (errors ?? []).map((e) => e.extensions?.code);

describe('pacticipants and versions', () => {
  test('a pacticipant with its branches, latest version, environments, integrations and contracts', async () => {
    const kit = seed(broker.request);
    const order = kit.pacticipant('order');
    const payment = kit.pacticipant('payment');
    const pact = await order.publishPact({ version: 'c1', provider: payment, branch: 'main', tags: ['prod-candidate'] });
    await payment.verify(pact, { version: 'p1', success: true, branch: 'main' });
    const env = await kit.environment('prod', true);
    await payment.deploy('p1', env);

    const data = await gqlData(
      `query ($name: String!) {
        pacticipant(name: $name) {
          name branches { name latestVersion { number } } latestVersion { number }
          environments { name production } deployments { version { number } environment { name } currentlyDeployed }
          integrations { consumer { name } provider { name } status statusLabel }
          contractsPublished { sha } contractsConsumed { consumer { name } consumerVersion { number } }
        }
      }`,
      { name: payment.name.toUpperCase() },
    );
    const p = data.pacticipant;
    expect(p.name).toBe(payment.name);
    expect(p.branches).toEqual([{ name: 'main', latestVersion: { number: 'p1' } }]);
    expect(p.latestVersion).toEqual({ number: 'p1' });
    expect(p.environments).toEqual([{ name: env.name, production: true }]);
    expect(p.deployments).toEqual([{ version: { number: 'p1' }, environment: { name: env.name }, currentlyDeployed: true }]);
    expect(p.integrations).toEqual([
      { consumer: { name: order.name }, provider: { name: payment.name }, status: 'VERIFIED', statusLabel: 'Verified' },
    ]);
    expect(p.contractsPublished).toEqual([]);
    expect(p.contractsConsumed).toEqual([{ consumer: { name: order.name }, consumerVersion: { number: 'c1' } }]);

    const found = await gqlData(`query ($s: String) { pacticipants(search: $s) { name } }`, { s: order.name.slice(0, 14).toUpperCase() });
    expect(list(found.pacticipants).map((x) => x.name)).toContain(order.name);
    expect((await gqlData(`{ pacticipant(name: "no-such-pacticipant-xyz") { name } }`)).pacticipant).toBeNull();
  });

  test('versions are paged newest first with cursors, optionally by branch, with a totalCount', async () => {
    const s = matrixSeed(broker.db);
    const svc = await s.pacticipant('paged');
    for (const n of ['1', '2', '3', '4', '5']) await s.version(svc, n, { branch: Number(n) % 2 ? 'odd' : 'even' });
    const query = `query ($name: String!, $after: String, $branch: String) {
      pacticipant(name: $name) { versions(first: 2, after: $after, branch: $branch) { totalCount nodes { number } pageInfo { hasNextPage endCursor } edges { cursor } } }
    }`;
    const pages: string[][] = [];
    let after: string | null = null;
    for (;;) {
      const page: Data = (await gqlData(query, { name: svc.name, after })).pacticipant.versions;
      expect(page.totalCount).toBe(5);
      pages.push(list(page.nodes).map((v) => String(v.number)));
      if (!page.pageInfo.hasNextPage) break;
      after = String(page.pageInfo.endCursor);
      expect(after).toBe(list(page.edges).at(-1)?.cursor);
    }
    expect(pages).toEqual([['5', '4'], ['3', '2'], ['1']]);
    const odd = (await gqlData(query, { name: svc.name, after: null, branch: 'odd' })).pacticipant.versions;
    expect(odd.totalCount).toBe(3);
    expect(list(odd.nodes).map((v) => v.number)).toEqual(['5', '3']);
  });

  test('a version with its branches, tags, deployments, releases and pacts', async () => {
    const s = matrixSeed(broker.db);
    const consumer = await s.pacticipant('web');
    const provider = await s.pacticipant('api');
    const v1 = await s.version(consumer, 'sha-1', { branch: 'main', tags: ['v1.0'] });
    await s.publish(v1, provider);
    const test1 = await s.environment('test', false);
    const prod = await s.environment('prod');
    const deployedTest = await s.deploy(v1, test1);
    await s.undeploy(deployedTest);
    await s.deploy(v1, prod, 'eu');
    await s.release(v1, prod);
    const data = await gqlData(
      `query ($p: String!) { version(pacticipant: $p, number: "sha-1") {
        number pacticipant { name } branches { name latest branch { name } } tags { name version { number } }
        deployments { environment { name } applicationInstance currentlyDeployed undeployedAt }
        current: deployments(currentOnly: true) { environment { name } }
        releases { environment { name } currentlySupported }
        pacts { provider { name } sha }
      } }`,
      { p: consumer.name },
    );
    const v = data.version;
    expect(v.pacticipant.name).toBe(consumer.name);
    expect(v.branches).toEqual([{ name: 'main', latest: true, branch: { name: 'main' } }]);
    expect(v.tags).toEqual([{ name: 'v1.0', version: { number: 'sha-1' } }]);
    expect(v.deployments).toHaveLength(2);
    expect(list(v.deployments)[0]).toMatchObject({
      environment: { name: prod.name },
      applicationInstance: 'eu',
      currentlyDeployed: true,
      undeployedAt: null,
    });
    expect(list(v.deployments)[1]).toMatchObject({ environment: { name: test1.name }, currentlyDeployed: false });
    expect(v.current).toEqual([{ environment: { name: prod.name } }]);
    expect(v.releases).toEqual([{ environment: { name: prod.name }, currentlySupported: true }]);
    expect(v.pacts).toHaveLength(1);
    expect(list(v.pacts)[0]?.provider.name).toBe(provider.name);
    expect(
      (await gqlData(`query ($p: String!) { version(pacticipant: $p, number: "nope") { number } }`, { p: consumer.name })).version,
    ).toBeNull();
  });
});

describe('integrations and the network', () => {
  test('status is VERIFIED, FAILED, PENDING (new content, earlier verified) or UNVERIFIED', async () => {
    const s = matrixSeed(broker.db);
    const provider = await s.pacticipant('hub');
    const consumers = await Promise.all(['ok', 'bad', 'pending', 'never'].map((n) => s.pacticipant(`c-${n}`)));
    const [ok, bad, pending, never] = consumers as [typeof provider, typeof provider, typeof provider, typeof provider];
    const p1 = await s.version(provider, 'p1');
    await s.verify(await s.publish(await s.version(ok, '1'), provider), p1, true);
    await s.verify(await s.publish(await s.version(bad, '1'), provider), p1, false);
    await s.verify(await s.publish(await s.version(pending, '1'), provider, 'old'), p1, true);
    await s.publish(await s.version(pending, '2'), provider, 'new');
    await s.publish(await s.version(never, '1'), provider);

    const data = await gqlData(
      `query ($s: String) {
        integrations(search: $s) { id consumer { name } status statusLabel latestPact { consumerVersion { number } } latestVerification { success } lastPublishedAt lastVerifiedAt }
        network { nodes { id pacticipant { name } } edges { id source target kind status integration { provider { name } } } }
      }`,
      { s: provider.name },
    );
    const byConsumer = Object.fromEntries(list(data.integrations).map((i) => [String(i.consumer.name), i]));
    expect(byConsumer[ok.name]).toMatchObject({ status: 'VERIFIED', statusLabel: 'Verified', latestVerification: { success: true } });
    expect(byConsumer[bad.name]).toMatchObject({
      status: 'FAILED',
      statusLabel: 'Verification failed',
      latestVerification: { success: false },
    });
    expect(byConsumer[pending.name]).toMatchObject({
      status: 'PENDING',
      latestPact: { consumerVersion: { number: '2' } },
      latestVerification: null,
    });
    expect(byConsumer[pending.name]?.lastVerifiedAt).not.toBeNull();
    expect(byConsumer[never.name]).toMatchObject({ status: 'UNVERIFIED', statusLabel: 'Never verified', lastVerifiedAt: null });
    expect(byConsumer[never.name]?.lastPublishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const edges = list(data.network.edges).filter((e) => e.target === (provider.name as unknown));
    expect(edges).toHaveLength(4);
    expect(edges.find((e) => e.source === (bad.name as unknown))).toMatchObject({
      kind: 'PACT',
      status: 'FAILED',
      integration: { provider: { name: provider.name } },
    });
    const nodeIds = new Set(list(data.network.nodes).map((n) => String(n.id)));
    for (const c of [provider, ...consumers]) expect(nodeIds.has(c.name)).toBe(true);
  });
});

describe('pacts', () => {
  test('by consumer version, by sha or the latest; interactions, verifications and the diff with the previous distinct pact', async () => {
    const kit = seed(broker.request);
    const consumer = kit.pacticipant('shop');
    const provider = kit.pacticipant('stock');
    const first = await consumer.publishPact({ version: '1', provider, variant: 'a' });
    await consumer.publishPact({ version: '2', provider, variant: 'a' });
    const third = await consumer.publishPact({ version: '3', provider, variant: 'b' });
    await provider.verify(third, { version: 'p9', success: false });
    await provider.verify(third, { version: 'p10', success: true });

    const query = `query ($c: String!, $p: String!, $v: String, $sha: String) {
      pact(consumer: $c, provider: $p, consumerVersion: $v, sha: $sha) {
        sha consumerVersion { number } consumerVersions { number } interactionCount content
        interactions { type description providerStates request response }
        verifications { number success providerVersion { number } verifiedAt }
        latestVerification { providerVersion { number } }
        diffWithPrevious { previous { consumerVersion { number } } identical text added removed changed { label changes { path kind before after } } }
      }
    }`;
    const latest = (await gqlData(query, { c: consumer.name, p: provider.name })).pact;
    expect(latest.sha).toBe(third.sha);
    expect(latest.consumerVersion.number).toBe('3');
    expect(latest.content).toEqual(third.content);
    expect(latest.interactionCount).toBe(1);
    expect(latest.interactions).toEqual([
      {
        type: 'interaction',
        description: 'a request for the thing (b)',
        providerStates: [{ name: 'the thing exists' }],
        request: { method: 'GET', path: '/things/1' },
        response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 1, variant: 'b' } },
      },
    ]);
    expect(list(latest.verifications).map((v) => [v.number, v.success])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(latest.latestVerification.providerVersion.number).toBe('p10');
    // Version 2 published the same content as 1, so the previous *distinct* pact is version 2's.
    expect(latest.diffWithPrevious.previous.consumerVersion.number).toBe('2');
    expect(latest.diffWithPrevious.identical).toBe(false);
    expect(latest.diffWithPrevious.added).toEqual(['"a request for the thing (b)" given "the thing exists"']);
    expect(latest.diffWithPrevious.removed).toEqual(['"a request for the thing (a)" given "the thing exists"']);
    expect(latest.diffWithPrevious.text).toMatchInlineSnapshot(`
      "Interactions: 1 added, 1 removed, 0 changed.
      + interaction "a request for the thing (b)" given "the thing exists"
      - interaction "a request for the thing (a)" given "the thing exists""
    `);

    const bySha = (await gqlData(query, { c: consumer.name, p: provider.name, sha: first.sha })).pact;
    expect(bySha.consumerVersion.number).toBe('2');
    expect(list(bySha.consumerVersions).map((v) => v.number)).toEqual(['2', '1']);
    expect(bySha.diffWithPrevious).toBeNull();
    const byVersion = (await gqlData(query, { c: consumer.name, p: provider.name, v: '1' })).pact;
    expect(byVersion.sha).toBe(first.sha);
    expect((await gqlData(query, { c: consumer.name, p: provider.name, v: 'missing' })).pact).toBeNull();
  });
});

describe('matrix', () => {
  test('pages through the rows with cursors, in the same order as GET /matrix', async () => {
    const s = matrixSeed(broker.db);
    const consumer = await s.pacticipant('mx-c');
    const provider = await s.pacticipant('mx-p');
    const p1 = await s.version(provider, 'p1');
    for (let i = 1; i <= 7; i++) {
      const pact = await s.publish(await s.version(consumer, `c${i}`), provider, `content-${i}`);
      if (i % 2 === 1) await s.verify(pact, p1, i !== 3);
    }
    const query = `query ($f: MatrixFilter!, $after: String) {
      matrix(filter: $f, first: 3, after: $after) {
        edges { cursor node { consumerVersion { number } providerVersion { number } success outcome verification { success } pact { sha } } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    const seen: string[] = [];
    const outcomes: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const m: Data = (await gqlData(query, { f: { pacticipant: consumer.name }, after })).matrix;
      pages++;
      for (const e of list(m.edges)) {
        seen.push(String(e.node.consumerVersion.number));
        outcomes.push(`${e.node.consumerVersion.number}:${e.node.outcome}`);
      }
      if (!m.pageInfo.hasNextPage) break;
      after = String(m.pageInfo.endCursor);
    }
    expect(pages).toBe(3);
    const rest = await broker.request
      .get(`/matrix?q[][pacticipant]=${encodeURIComponent(consumer.name)}`)
      .set('Accept', 'application/hal+json');
    expect(seen).toEqual(rest.body.matrix.map((r: { consumer: { version: { number: string } } }) => r.consumer.version.number));
    expect(outcomes).toContain('c3:FAILED');
    expect(outcomes).toContain('c1:SUCCESS');
    expect(outcomes).toContain('c2:UNVERIFIED');

    const failedOnly = (await gqlData(query, { f: { pacticipant: consumer.name, success: false } })).matrix;
    expect(list(failedOnly.edges).map((e) => e.node.consumerVersion.number)).toEqual(['c3']);
    const oneVersion = (
      await gqlData(query, { f: { pacticipant: consumer.name, version: 'c5', counterpart: provider.name, latestBy: 'CVPV' } })
    ).matrix;
    expect(list(oneVersion.edges).map((e) => [e.node.consumerVersion.number, e.node.providerVersion.number])).toEqual([['c5', 'p1']]);
  });
});

describe('canIDeploy', () => {
  async function scenario(verification: 'success' | 'failure' | 'none') {
    const s = matrixSeed(broker.db);
    const consumer = await s.pacticipant('cid-c');
    const provider = await s.pacticipant('cid-p');
    const env = await s.environment('prod');
    const pact = await s.publish(await s.version(consumer, '1'), provider);
    const p10 = await s.version(provider, '10');
    if (verification !== 'none') await s.verify(pact, p10, verification === 'success');
    await s.deploy(p10, env);
    return { consumer, provider, env };
  }

  test.each([
    ['success', 'YES', true],
    ['failure', 'NO', false],
    ['none', 'UNKNOWN', null],
  ] as const)('verification %s → %s, the same answer as GET /can-i-deploy', async (verification, status, deployable) => {
    const { consumer, env } = await scenario(verification);
    const data = await gqlData(
      `query ($p: String!, $e: String!) { canIDeploy(pacticipant: $p, version: "1", environment: $e) {
        deployable status reasons notices { type text } counts { success failed unknown } rows { consumerVersion { number } providerVersion { number } outcome }
      } }`,
      { p: consumer.name, e: env.name },
    );
    const rest = await canIDeployToEnv(broker, consumer.name, '1', env.name);
    const answer = data.canIDeploy;
    expect(answer.status).toBe(status);
    expect(answer.deployable).toBe(deployable);
    expect(answer.deployable).toBe(rest.deployable);
    expect(answer.reasons).toEqual(rest.reasons);
    expect(answer.notices).toEqual(rest.body.notices);
    expect(answer.counts).toEqual({
      success: rest.body.summary.success,
      failed: rest.body.summary.failed,
      unknown: rest.body.summary.unknown,
    });
    expect(answer.rows).toHaveLength(rest.body.matrix.length);
  });

  test('an unknown environment is not-found; a missing version answers NO with the reason', async () => {
    const { consumer, env } = await scenario('success');
    const q = `query ($p: String!, $v: String!, $e: String!) { canIDeploy(pacticipant: $p, version: $v, environment: $e) { status reasons } }`;
    const missingEnv = await gql(q, { p: consumer.name, v: '1', e: 'no-such-env' });
    expect(codes(missingEnv.errors)).toEqual(['not-found']);
    expect(missingEnv.errors?.[0]?.message).toBe(`Environment with name 'no-such-env' does not exist.`);
    const missingVersion = await gqlData(q, { p: consumer.name, v: '404', e: env.name });
    expect(missingVersion.canIDeploy.status).toBe('NO');
  });
});

describe('environments and mutations', () => {
  test('displayName is generated from the name when none was given, for environments and pacticipants (Pact Broker GenerateDisplayName)', async () => {
    const name = uniqueName('qa-eu');
    const created = await gqlData(`mutation ($i: CreateEnvironmentInput!) { createEnvironment(input: $i) { name displayName } }`, {
      i: { name },
    });
    expect(created.createEnvironment).toEqual({ name, displayName: generateDisplayName(name) });
    expect(generateDisplayName(name)).toMatch(/^Qa Eu \w{8}$/);
    const listed = await gqlData(`query ($n: String!) { environment(name: $n) { displayName } }`, { n: name });
    expect(listed.environment).toEqual({ displayName: generateDisplayName(name) });
    const svc = await matrixSeed(broker.db).pacticipant('stock-keeper');
    const pacticipant = await gqlData(`query ($n: String!) { pacticipant(name: $n) { displayName } }`, { n: svc.name });
    expect(pacticipant.pacticipant).toEqual({ displayName: generateDisplayName(svc.name) });
    expect(generateDisplayName(svc.name)).toMatch(/^Stock Keeper \w{8}$/);
  });

  test('createEnvironment, recordDeployment (replacing the previous version) and recordRelease', async () => {
    const s = matrixSeed(broker.db);
    const svc = await s.pacticipant('deployable');
    await s.version(svc, '1');
    await s.version(svc, '2');
    const name = uniqueName('staging');
    const created = await gqlData(
      `mutation ($i: CreateEnvironmentInput!) { createEnvironment(input: $i) { uuid name displayName production } }`,
      {
        i: { name, displayName: 'Staging' },
      },
    );
    expect(created.createEnvironment).toMatchObject({ name, displayName: 'Staging', production: false });
    expect((await broker.request.get(`/environments/${String(created.createEnvironment.uuid)}`)).status).toBe(200);

    const deploy = `mutation ($i: RecordDeploymentInput!) { recordDeployment(input: $i) { uuid currentlyDeployed deployedAt version { number } pacticipant { name } environment { name } } }`;
    const d1 = (await gqlData(deploy, { i: { pacticipant: svc.name, version: '1', environment: name } })).recordDeployment;
    expect(d1).toMatchObject({ currentlyDeployed: true, version: { number: '1' }, pacticipant: { name: svc.name }, environment: { name } });
    await gqlData(deploy, { i: { pacticipant: svc.name, version: '2', environment: name } });
    const released = (
      await gqlData(
        `mutation ($i: RecordReleaseInput!) { recordRelease(input: $i) { currentlySupported releasedAt version { number } } }`,
        {
          i: { pacticipant: svc.name, version: '1', environment: name },
        },
      )
    ).recordRelease;
    expect(released).toMatchObject({ currentlySupported: true, version: { number: '1' } });

    const env = await gqlData(
      `query ($n: String!, $p: String) { environment(name: $n) { name deployedVersions(pacticipant: $p) { version { number } } releasedVersions { version { number } } } environments { name } }`,
      { n: name, p: svc.name },
    );
    expect(env.environment.deployedVersions).toEqual([{ version: { number: '2' } }]);
    expect(env.environment.releasedVersions).toEqual([{ version: { number: '1' } }]);
    expect(list(env.environments).map((e) => String(e.name))).toContain(name);
    expect((await gqlData(`{ environment(name: "nope-nope") { name } }`)).environment).toBeNull();
  });
});

describe('errors carry extensions.code', () => {
  test('conflict, validation-error and not-found from mutations', async () => {
    const name = uniqueName('dup');
    const create = `mutation ($i: CreateEnvironmentInput!) { createEnvironment(input: $i) { name } }`;
    await gqlData(create, { i: { name } });
    const duplicate = await gql(create, { i: { name } });
    expect(codes(duplicate.errors)).toEqual(['conflict']);
    expect(duplicate.errors?.[0]?.message).toMatch(/already exists/);
    const spaced = await gql(create, { i: { name: 'has spaces' } });
    expect(codes(spaced.errors)).toEqual(['validation-error']);
    expect(spaced.errors?.[0]?.extensions?.errors).toEqual([
      { field: 'input.name', message: expect.stringMatching(/must not contain spaces/) },
    ]);
    const unknownVersion = await gql(
      `mutation { recordDeployment(input: { pacticipant: "nobody-xyz", version: "1", environment: "${name}" }) { uuid } }`,
    );
    expect(codes(unknownVersion.errors)).toEqual(['not-found']);
    expect(unknownVersion.errors?.[0]?.message).toMatch(/No pacticipant named 'nobody-xyz'/);
  });

  test('an unknown pacticipant in the matrix is not-found; a foreign cursor and a bad page size are validation errors', async () => {
    const matrix = await gql(`{ matrix(filter: { pacticipant: "ghost-service-xyz" }) { pageInfo { hasNextPage } } }`);
    expect(codes(matrix.errors)).toEqual(['not-found']);
    expect(matrix.data).toBeNull();
    const s = matrixSeed(broker.db);
    const svc = await s.pacticipant('cursor');
    const versionCursor = Buffer.from('version:10').toString('base64url');
    const foreign = await gql(
      `query ($a: String) { matrix(filter: { pacticipant: "${svc.name}" }, after: $a) { pageInfo { hasNextPage } } }`,
      { a: versionCursor },
    );
    expect(codes(foreign.errors)).toEqual(['validation-error']);
    const tooMany = await gql(`{ matrix(filter: { pacticipant: "${svc.name}" }, first: 1000) { pageInfo { hasNextPage } } }`);
    expect(codes(tooMany.errors)).toEqual(['validation-error']);
    expect(tooMany.errors?.[0]?.message).toBe('first: must be between 1 and 100.');
  });

  test('a query the schema does not allow is a validation-error', async () => {
    const res = await gql(`{ pacticipants { noSuchField } }`);
    expect(codes(res.errors)).toEqual(['validation-error']);
  });

  test('webhooks need the admin scope only when auth is on; without auth they are listed', async () => {
    const res = await gqlData(`{ webhooks { uuid method url events } }`);
    expect(Array.isArray(res.webhooks)).toBe(true);
  });
});

describe('GET /graphql', () => {
  test('a browser gets the self-contained explorer page (no CDN), with the SDL', async () => {
    const res = await broker.request.get('/graphql').set('Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<textarea id="query"');
    expect(res.text).toContain('type CanIDeployAnswer');
    expect(res.text).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!treaty)/);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'nonce-/);
  });

  test('a GET with a query and Accept: application/json runs it', async () => {
    const res = await broker.request.get('/graphql').query({ query: '{ environments { name } }' }).set('Accept', 'application/json');
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.data.environments)).toBe(true);
  });

  test('mutations over GET are refused (GraphQL over HTTP)', async () => {
    const res = await broker.request
      .get('/graphql')
      .query({ query: 'mutation { createEnvironment(input: { name: "x" }) { name } }' })
      .set('Accept', 'application/json');
    expect(res.status).toBe(405);
  });
});

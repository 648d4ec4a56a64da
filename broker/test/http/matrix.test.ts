// GET /matrix against a real database: the client pacts' interactions (shared/reference/peer-pacts),
// key ordering of the V2/Rust clients, ignore, latestby/limit, text/plain, and §9 B/E scenarios.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { matrixSeed } from '../support/matrix-seed.ts';
import { get } from '../support/matrix-helpers.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker?.close();
});

/** "the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6" (with a revised pact and extra verifications). */
async function fooVerifiedByBar() {
  const seed = matrixSeed(broker.db);
  const foo = await seed.pacticipant('Foo');
  const bar = await seed.pacticipant('Bar');
  const foo123 = await seed.version(foo, '1.2.3');
  await seed.publish(foo123, bar, 'first revision');
  const pact = await seed.publish(foo123, bar, 'revised');
  const bar456 = await seed.version(bar, '4.5.6');
  await seed.verify(pact, bar456, false);
  const number = await seed.verify(pact, bar456, true);
  return { seed, foo, bar, foo123, bar456, pact, number };
}

describe('GET /matrix with explicit versions (pact_broker-client pacts)', () => {
  test.each([
    [
      'Rack order (v1 client)',
      (f: string, b: string) => `q[][pacticipant]=${f}&q[][version]=1.2.3&q[][pacticipant]=${b}&q[][version]=4.5.6&latestby=cvpv`,
    ],
    [
      'keys sorted alphabetically (V2/Rust clients)',
      (f: string, b: string) => `latestby=cvpv&q[][pacticipant]=${f}&q[][pacticipant]=${b}&q[][version]=1%2e2%2e3&q[][version]=4%2e5%2e6`,
    ],
    [
      'flat q[]pacticipant form',
      (f: string, b: string) => `q[]pacticipant=${f}&q[]version=1.2.3&q[]pacticipant=${b}&q[]version=4.5.6&latestby=cvpv`,
    ],
  ])('49: %s → 200, one row with the latest verification of the latest revision', async (_name, query) => {
    const { foo, bar, pact, number } = await fooVerifiedByBar();
    const answer = await get(broker, `/matrix?${query(foo.name, bar.name)}`);
    expect(answer.status).toBe(200);
    expect(answer.deployable).toBe(true);
    expect(answer.body.matrix).toHaveLength(1);
    const row = answer.body.matrix[0]!;
    expect(row.consumer.version.number).toBe('1.2.3');
    expect(row.provider.version?.number).toBe('4.5.6');
    expect(row.verificationResult?.success).toBe(true);
    const base = answer.body.matrix[0]!.consumer._links.self.href.replace(/\/pacticipants\/.*$/, '');
    expect(row.pact._links.self.href).toBe(`${base}/pacts/provider/${bar.name}/consumer/${foo.name}/version/1.2.3`);
    expect(row.verificationResult?._links.self.href).toBe(
      `${base}/pacts/provider/${bar.name}/consumer/${foo.name}/pact-version/${pact.sha}/verification-results/${number}`,
    );
  });

  test('50: pacticipants that do not exist → 400 with an array of messages', async () => {
    const res = await broker.request
      .get('/matrix?latestby=cvpv&q[][pacticipant]=Wiffle-x1&q[][pacticipant]=Meep-x1&q[][version]=1%2e2%2e3&q[][version]=9%2e9%2e9')
      .set('Accept', 'application/hal+json, application/json');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/hal\+json/);
    expect(res.body.errors).toEqual(['Pacticipant Wiffle-x1 not found', 'Pacticipant Meep-x1 not found']);
  });

  test('51: a version that does not exist → 200, deployable false', async () => {
    const { foo, bar } = await fooVerifiedByBar();
    const answer = await get(
      broker,
      `/matrix?latestby=cvpv&q[][pacticipant]=${foo.name}&q[][pacticipant]=${bar.name}&q[][version]=1%2e2%2e3&q[][version]=9%2e9%2e9`,
    );
    expect(answer.status).toBe(200);
    expect(answer.deployable).toBe(false);
    expect(answer.reasons).toEqual([`No pacts or verifications have been published for version 9.9.9 of ${bar.name}`]);
  });

  test('V2 pact 4: sorted keys with Foo 1.2.3 and the latest prod Bar', async () => {
    const { seed, foo, bar, pact } = await fooVerifiedByBar();
    await seed.tag(await seed.version(bar, '4.5.6'), 'prod');
    const foo124 = await seed.version(foo, '1.2.4');
    await seed.verify(await seed.publish(foo124, bar, 'other'), await seed.version(bar, '9.9.9'), false);
    void pact;
    const answer = await get(
      broker,
      `/matrix?latestby=cvpv&q[][latest]=true&q[][pacticipant]=${foo.name}&q[][pacticipant]=${bar.name}&q[][tag]=prod&q[][version]=1%2e2%2e3`,
    );
    expect(answer.deployable).toBe(true);
    expect(answer.body.matrix.map((r) => `${r.consumer.version.number}/${r.provider.version?.number}`)).toEqual(['1.2.3/4.5.6']);
  });
});

describe('GET /matrix with ignore', () => {
  test('52: Bar 4.5.6 against all prod Foo, ignoring the failed Foo 3.4.5 → deployable true, ignored 1, ignored row last', async () => {
    const seed = matrixSeed(broker.db);
    const foo = await seed.pacticipant('Foo');
    const bar = await seed.pacticipant('Bar');
    const bar456 = await seed.version(bar, '4.5.6');
    await seed.verify(await seed.publish(await seed.version(foo, '1.2.3', { tags: ['prod'] }), bar, 'a'), bar456, true);
    await seed.verify(await seed.publish(await seed.version(foo, '3.4.5', { tags: ['prod'] }), bar, 'b'), bar456, false);
    for (const query of [
      `q%5B%5D%5Bpacticipant%5D=${bar.name}&q%5B%5D%5Bversion%5D=4.5.6&q%5B%5D%5Bpacticipant%5D=${foo.name}&q%5B%5D%5Btag%5D=prod&latestby=cvpv&ignore%5B%5D%5Bpacticipant%5D=${foo.name}&ignore%5B%5D%5Bversion%5D=3.4.5`,
      `ignore[][pacticipant]=${foo.name}&ignore[][version]=3%2e4%2e5&latestby=cvpv&q[][pacticipant]=${bar.name}&q[][pacticipant]=${foo.name}&q[][tag]=prod&q[][version]=4%2e5%2e6`,
    ]) {
      const answer = await get(broker, `/matrix?${query}`);
      expect(answer.deployable).toBe(true);
      expect(answer.body.summary.ignored).toBe(1);
      expect(answer.body.notices.length).toBeGreaterThan(0);
      expect(
        answer.body.matrix.map((r) => [r.consumer.version.number, r.provider.version?.number, r.verificationResult?.success, r.ignored]),
      ).toEqual([
        ['1.2.3', '4.5.6', true, undefined],
        ['3.4.5', '4.5.6', false, true],
      ]);
    }
  });

  test('29: ignoring a version that does not exist warns and does not ignore', async () => {
    const { foo, bar } = await fooVerifiedByBar();
    const seed = matrixSeed(broker.db);
    void seed;
    const answer = await get(
      broker,
      `/matrix?q[][pacticipant]=${foo.name}&q[][version]=1.2.3&q[][pacticipant]=${bar.name}&q[][version]=4.5.6&latestby=cvpv&ignore[][pacticipant]=${bar.name}&ignore[][version]=999`,
    );
    expect(answer.deployable).toBe(true);
    expect(answer.body.notices).toEqual([
      { type: 'warning', text: `WARN: Cannot ignore version 999 of ${bar.name} (no such version exists)` },
      { type: 'success', text: 'All required verification results are published and successful' },
    ]);
  });
});

describe('GET /matrix browsing and options', () => {
  async function history() {
    const seed = matrixSeed(broker.db);
    const foo = await seed.pacticipant('Foo');
    const bar = await seed.pacticipant('Bar');
    await seed.verify(await seed.publish(await seed.version(foo, '1'), bar, 'v1'), await seed.version(bar, '1'), true);
    await seed.verify(await seed.publish(await seed.version(foo, '2'), bar, 'v2'), await seed.version(bar, '2'), false);
    await seed.publish(await seed.version(foo, '3'), bar, 'v3');
    return { seed, foo, bar };
  }

  test('48: UI browse of two names (cvpv) → null with success 1, failed 1, unknown 1, rows newest first', async () => {
    const { foo, bar } = await history();
    const answer = await get(broker, `/matrix?q[][pacticipant]=${foo.name}&q[][pacticipant]=${bar.name}&latestby=cvpv`);
    expect(answer.deployable).toBe(null);
    expect(answer.body.summary).toMatchObject({ success: 1, failed: 1, unknown: 1 });
    expect(answer.body.matrix.map((r) => r.consumer.version.number)).toEqual(['3', '2', '1']);
  });

  test('26 (V2 pact): success[]=true keeps only successful rows', async () => {
    const { foo, bar } = await history();
    const answer = await get(broker, `/matrix?latestby=cvpv&q[][pacticipant]=${foo.name}&q[][pacticipant]=${bar.name}&success[]=true`);
    expect(answer.body.matrix.map((r) => r.consumer.version.number)).toEqual(['1']);
  });

  test('46: limit bounds the listed rows but never the rows the decision is made from (no limit-before-latestby trap)', async () => {
    const { foo, bar } = await history();
    const answer = await get(broker, `/matrix?q[][pacticipant]=${foo.name}&q[][pacticipant]=${bar.name}&latestby=cvpv&limit=1`);
    expect(answer.body.matrix).toHaveLength(1);
    expect(answer.body.summary).toMatchObject({ deployable: null, success: 1, failed: 1, unknown: 1 });
  });

  test('/matrix/provider/{p}/consumer/{c} lists every row of the integration; unknown names are 404', async () => {
    const { foo, bar } = await history();
    const answer = await get(broker, `/matrix/provider/${bar.name}/consumer/${foo.name}`);
    expect(answer.status).toBe(200);
    expect(answer.body.matrix).toHaveLength(3);
    expect((await broker.request.get(`/matrix/provider/Nope-${bar.name}/consumer/${foo.name}`)).status).toBe(404);
  });

  test('text/plain: a table, then Deployable and Reason', async () => {
    const { foo, bar } = await history();
    const res = await broker.request
      .get(`/matrix?q[][pacticipant]=${foo.name}&q[][pacticipant]=${bar.name}&latestby=cvpv`)
      .set('Accept', 'text/plain');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    // Same-length placeholders keep the column alignment.
    const text = res.text
      .replaceAll(foo.name, foo.name.replace(/-.*$/, '-xxxxxxxx'))
      .replaceAll(bar.name, bar.name.replace(/-.*$/, '-xxxxxxxx'));
    expect(text).toMatchInlineSnapshot(`
      "CONSUMER     | C_VERSION | REVISION | PROVIDER     | P_VERSION | NUMBER | SUCCESS
      -------------|-----------|----------|--------------|-----------|--------|--------
      Foo-xxxxxxxx | 3         | 1        | Bar-xxxxxxxx |           |        |
      Foo-xxxxxxxx | 2         | 1        | Bar-xxxxxxxx | 2         | 1      | false
      Foo-xxxxxxxx | 1         | 1        | Bar-xxxxxxxx | 1         | 1      | true

      Deployable: nil
      Reason: The verification for the pact between any version of Foo-xxxxxxxx and any version of Bar-xxxxxxxx failed
      There is no verified pact between any version of Foo-xxxxxxxx and any version of Bar-xxxxxxxx
      "
    `);
  });

  test('10 (V2 pact): one selector with latest=true&latestby=cvp → the latest provider verification, with the environment warning', async () => {
    const { seed, foo, bar } = await history();
    void seed;
    const answer = await get(broker, `/matrix?q[][pacticipant]=${foo.name}&q[][version]=2&latestby=cvp&latest=true`);
    expect(answer.deployable).toBe(false);
    expect(answer.reasons).toEqual([
      'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.',
      `The verification for the pact between version 2 of ${foo.name} and the latest version of ${bar.name} (2) failed`,
    ]);
  });

  test('one selector with no destination: the version as consumer and as provider, any counterpart version', async () => {
    const { seed, foo, bar } = await history();
    const baz = await seed.pacticipant('Baz');
    await seed.verify(await seed.publish(await seed.version(baz, '7'), bar, 'baz'), await seed.version(bar, '2'), true);
    const answer = await get(broker, `/matrix?q[][pacticipant]=${bar.name}&q[][version]=2&latestby=cvpv`);
    expect(
      answer.body.matrix
        .map((r) => `${r.consumer.name === foo.name ? 'Foo' : 'Baz'}${r.consumer.version.number}/${r.provider.version?.number}`)
        .sort(),
    ).toEqual(['Baz7/2', 'Foo2/2']);
  });
});

describe('GET /matrix with destinations (PB integration_spec, repository_main_branch_spec)', () => {
  test('17: --pacticipant Foo --version 1 --pacticipant Bar --latest main checks the latest main-branch Bar', async () => {
    const seed = matrixSeed(broker.db);
    const foo = await seed.pacticipant('Foo');
    const bar = await seed.pacticipant('Bar');
    const pact = await seed.publish(await seed.version(foo, '1'), bar);
    await seed.verify(pact, await seed.version(bar, '1', { branch: 'main' }), true);
    await seed.verify(pact, await seed.version(bar, '2', { branch: 'main' }), false);
    const answer = await get(
      broker,
      `/matrix?q[][pacticipant]=${foo.name}&q[][version]=1&q[][pacticipant]=${bar.name}&q[][branch]=main&q[][latest]=true&latestby=cvpv`,
    );
    expect(answer.deployable).toBe(false);
    expect(answer.reasons).toContain(
      `The verification for the pact between version 1 of ${foo.name} and the latest version of ${bar.name} from branch main (2) failed`,
    );
    expect(answer.body.matrix[0]?.provider.version?.branch).toBe('main');
  });

  test('45: can-i-merge (mainBranch + latest) uses each provider’s own main branch head', async () => {
    const seed = matrixSeed(broker.db);
    const foo = await seed.pacticipant('Foo');
    const bar = await seed.pacticipant('Bar', { mainBranch: 'develop' });
    const baz = await seed.pacticipant('Baz', { mainBranch: 'main' });
    const foo1 = await seed.version(foo, '1');
    const barPact = await seed.publish(foo1, bar);
    const bazPact = await seed.publish(foo1, baz);
    await seed.verify(barPact, await seed.version(bar, '2', { branch: 'develop' }), true);
    await seed.verify(barPact, await seed.version(bar, '3', { branch: 'feature' }), false);
    await seed.verify(bazPact, await seed.version(baz, '11', { branch: 'main' }), true);
    const answer = await get(broker, `/matrix?q[][pacticipant]=${foo.name}&q[][version]=1&latestby=cvp&latest=true&mainBranch=true`);
    expect(answer.deployable).toBe(true);
    expect(answer.body.matrix.map((r) => `${r.provider.name === bar.name ? 'Bar' : 'Baz'}${r.provider.version?.number}`).sort()).toEqual([
      'Bar2',
      'Baz11',
    ]);
  });

  test('12: Foo v1 with two unverified providers → null, two "no verified pact" reasons', async () => {
    const seed = matrixSeed(broker.db);
    const foo = await seed.pacticipant('Foo');
    const foo1 = await seed.version(foo, '1');
    await seed.publish(foo1, await seed.pacticipant('Bar'));
    await seed.publish(foo1, await seed.pacticipant('Baz'));
    const answer = await get(broker, `/matrix?q[][pacticipant]=${foo.name}&q[][version]=1&latestby=cvp&latest=true&tag=prod`);
    expect(answer.deployable).toBe(null);
    expect(answer.reasons).toHaveLength(2);
    expect(answer.body.summary.unknown).toBe(2);
  });

  test('21: mutual pacts with both versions explicit → null (A v1 has not verified B v100’s pact)', async () => {
    const seed = matrixSeed(broker.db);
    const a = await seed.pacticipant('ServiceA');
    const b = await seed.pacticipant('ServiceB');
    const a1 = await seed.version(a, '1');
    const b100 = await seed.version(b, '100');
    await seed.verify(await seed.publish(a1, b), b100, true);
    await seed.verify(await seed.publish(b100, a), await seed.version(a, '99'), true);
    const answer = await get(
      broker,
      `/matrix?q[][pacticipant]=${a.name}&q[][version]=1&q[][pacticipant]=${b.name}&q[][version]=100&latestby=cvpv`,
    );
    expect(answer.deployable).toBe(null);
    expect(answer.body.summary).toMatchObject({ success: 1, unknown: 1 });
  });

  test('27: one selector resolving to many prod versions attributes the failure to the failing version', async () => {
    const seed = matrixSeed(broker.db);
    const foo = await seed.pacticipant('Foo');
    const bar = await seed.pacticipant('Bar');
    const pact = await seed.publish(await seed.version(foo, '1'), bar);
    await seed.verify(pact, await seed.version(bar, 'v1', { tags: ['prod'] }), true);
    await seed.verify(pact, await seed.version(bar, 'v2', { tags: ['prod'] }), false);
    const answer = await get(
      broker,
      `/matrix?q[][pacticipant]=${foo.name}&q[][version]=1&q[][pacticipant]=${bar.name}&q[][tag]=prod&latestby=cvpv`,
    );
    expect(answer.deployable).toBe(false);
    expect(answer.reasons).toEqual([
      'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.',
      `The verification for the pact between version 1 of ${foo.name} and a version of ${bar.name} with tag prod (v2) failed`,
    ]);
  });
});

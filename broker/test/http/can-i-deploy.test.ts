// can-i-deploy against a real database: the scenarios of shared/reference/can-i-deploy.md
// (1–20, and the environment, tag and ignore scenarios of §9 A–C).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { matrixSeed } from '../support/matrix-seed.ts';
import { canIDeployToEnv, cliToEnv, get } from '../support/matrix-helpers.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker?.close();
});

/** Foo (consumer) → Bar (provider), and a production environment; unique names per test. */
async function fooBar() {
  const seed = matrixSeed(broker.db);
  const foo = await seed.pacticipant('Foo');
  const bar = await seed.pacticipant('Bar');
  const prod = await seed.environment('production');
  return { seed, foo, bar, prod };
}

describe('GET /can-i-deploy to an environment', () => {
  test('1: consumer v1, provider in prod verified it → true', async () => {
    const { seed, foo, bar, prod } = await fooBar();
    const pact = await seed.publish(await seed.version(foo, '1'), bar);
    const bar10 = await seed.version(bar, '10');
    await seed.verify(pact, bar10, true);
    await seed.deploy(bar10, prod);
    const answer = await canIDeployToEnv(broker, foo.name, '1', prod.name);
    expect(answer.status).toBe(200);
    expect(answer.deployable).toBe(true);
    expect(answer.body.summary).toEqual({
      deployable: true,
      reason: 'All required verification results are published and successful',
      success: 1,
      failed: 0,
      unknown: 0,
    });
    expect(answer.body.notices).toEqual([{ type: 'success', text: 'All required verification results are published and successful' }]);
    expect(answer.body.matrix).toHaveLength(1);
  });

  test('2: the deployed provider failed the verification → false with the failure reason', async () => {
    const { seed, foo, bar, prod } = await fooBar();
    const pact = await seed.publish(await seed.version(foo, '1'), bar);
    const bar10 = await seed.version(bar, '10');
    await seed.verify(pact, bar10, false);
    await seed.deploy(bar10, prod);
    const answer = await canIDeployToEnv(broker, foo.name, '1', prod.name);
    expect(answer.deployable).toBe(false);
    expect(answer.reasons).toEqual([
      `The verification for the pact between version 1 of ${foo.name} and the version of ${bar.name} currently in ${prod.name} (10) failed`,
    ]);
  });

  test('3/17: the provider is not in the environment → null, "no version is currently recorded"', async () => {
    const { seed, foo, bar, prod } = await fooBar();
    const pact = await seed.publish(await seed.version(foo, '1'), bar);
    await seed.verify(pact, await seed.version(bar, '2'), true);
    const answer = await canIDeployToEnv(broker, foo.name, '1', prod.name);
    expect(answer.deployable).toBe(null);
    expect(answer.body.summary.unknown).toBe(1);
    expect(answer.reasons).toEqual([
      `There is no verified pact between version 1 of ${foo.name} and a version of ${bar.name} currently in ${prod.name} (no version is currently recorded as deployed/released in this environment)`,
    ]);
  });

  test('4/19: identical content published by v2 is verified by the verification of v1 (join on pact content)', async () => {
    const { seed, foo, bar, prod } = await fooBar();
    const pact1 = await seed.publish(await seed.version(foo, '1'), bar, 'same');
    const bar10 = await seed.version(bar, '10');
    await seed.verify(pact1, bar10, true);
    await seed.deploy(bar10, prod);
    const pact2 = await seed.publish(await seed.version(foo, '2'), bar, 'same');
    expect(pact2.pactVersionId).toBe(pact1.pactVersionId);
    expect((await canIDeployToEnv(broker, foo.name, '2', prod.name)).deployable).toBe(true);
  });

  test('5/20: changed content not yet verified → null (CLI exits 1)', async () => {
    const { seed, foo, bar, prod } = await fooBar();
    const bar10 = await seed.version(bar, '10');
    await seed.verify(await seed.publish(await seed.version(foo, '1'), bar, 'old'), bar10, true);
    await seed.deploy(bar10, prod);
    await seed.publish(await seed.version(foo, '2'), bar, 'new provider state name');
    const answer = await canIDeployToEnv(broker, foo.name, '2', prod.name);
    expect(answer.deployable).toBe(null);
    expect(answer.reasons).toEqual([
      `There is no verified pact between version 2 of ${foo.name} and the version of ${bar.name} currently in ${prod.name} (10)`,
    ]);
  });

  describe('when the provider is being deployed', () => {
    test('6: it verified the pact of the consumer in prod → true', async () => {
      const { seed, foo, bar, prod } = await fooBar();
      const foo1 = await seed.version(foo, '1');
      await seed.deploy(foo1, prod);
      await seed.verify(await seed.publish(foo1, bar), await seed.version(bar, '2'), true);
      expect((await canIDeployToEnv(broker, bar.name, '2', prod.name)).deployable).toBe(true);
    });

    test('7/24: it never verified the pact of the consumer in prod (only a newer one) → null', async () => {
      const { seed, foo, bar, prod } = await fooBar();
      const foo1 = await seed.version(foo, '1');
      await seed.deploy(foo1, prod);
      await seed.publish(foo1, bar, 'c1');
      await seed.verify(await seed.publish(await seed.version(foo, '2'), bar, 'c2'), await seed.version(bar, '2'), true);
      const answer = await canIDeployToEnv(broker, bar.name, '2', prod.name);
      expect(answer.deployable).toBe(null);
      expect(answer.reasons).toEqual([
        `There is no verified pact between the version of ${foo.name} currently in ${prod.name} (1) and version 2 of ${bar.name}`,
      ]);
    });

    test('8: it failed the pact of the consumer in prod → false', async () => {
      const { seed, foo, bar, prod } = await fooBar();
      const foo1 = await seed.version(foo, '1');
      await seed.deploy(foo1, prod);
      await seed.verify(await seed.publish(foo1, bar), await seed.version(bar, '2'), false);
      expect((await canIDeployToEnv(broker, bar.name, '2', prod.name)).deployable).toBe(false);
    });

    test('A4/16: no consumer in the environment → true, "There are no missing dependencies"', async () => {
      const { seed, foo, bar, prod } = await fooBar();
      await seed.verify(await seed.publish(await seed.version(foo, '1'), bar), await seed.version(bar, '2'), true);
      const answer = await canIDeployToEnv(broker, bar.name, '2', prod.name);
      expect(answer.deployable).toBe(true);
      expect(answer.reasons).toEqual(['There are no missing dependencies']);
    });

    test('A5: two consumer versions on two instances, only one verified → null; both verified → true', async () => {
      const { seed, foo, bar, prod } = await fooBar();
      const [foo1, foo2] = [await seed.version(foo, '1'), await seed.version(foo, '2')];
      await seed.deploy(foo1, prod, 'a');
      await seed.deploy(foo2, prod, 'b');
      const bar10 = await seed.version(bar, '10');
      await seed.verify(await seed.publish(foo1, bar, 'one'), bar10, true);
      const pact2 = await seed.publish(foo2, bar, 'two');
      const before = await canIDeployToEnv(broker, bar.name, '10', prod.name);
      expect(before.deployable).toBe(null);
      expect(before.reasons).toEqual([
        `There is no verified pact between one of the versions of ${foo.name} currently in ${prod.name} (2) and version 10 of ${bar.name}`,
      ]);
      await seed.verify(pact2, bar10, true);
      expect((await canIDeployToEnv(broker, bar.name, '10', prod.name)).deployable).toBe(true);
    });
  });

  test('9/35: two providers, one verified in prod, one missing → null with success 1, unknown 1; ignore[] the missing one → true', async () => {
    const { seed, foo, bar, prod } = await fooBar();
    const baz = await seed.pacticipant('Baz');
    const foo1 = await seed.version(foo, '1');
    const bar10 = await seed.version(bar, '10');
    await seed.verify(await seed.publish(foo1, bar), bar10, true);
    await seed.deploy(bar10, prod);
    await seed.verify(await seed.publish(foo1, baz), await seed.version(baz, '3'), false);
    const answer = await canIDeployToEnv(broker, foo.name, '1', prod.name);
    expect(answer.deployable).toBe(null);
    expect(answer.body.summary).toMatchObject({ success: 1, failed: 0, unknown: 1 });
    expect(answer.body.summary.ignored).toBeUndefined();
    const ignoring = await canIDeployToEnv(broker, foo.name, '1', prod.name, `&ignore[]=${baz.name}`);
    expect(ignoring.deployable).toBe(true);
    expect(ignoring.body.summary).toEqual({
      deployable: true,
      reason: 'All required verification results are published and successful',
      success: 1,
      failed: 0,
      unknown: 0,
      ignored: 1,
    });
  });

  test('11/A4: a version with no integrations → true, "There are no missing dependencies"', async () => {
    const { seed, foo, prod } = await fooBar();
    await seed.version(foo, '1');
    const answer = await canIDeployToEnv(broker, foo.name, '1', prod.name);
    expect(answer.deployable).toBe(true);
    expect(answer.body.notices).toEqual([{ type: 'success', text: 'There are no missing dependencies' }]);
  });

  test('12/51: an unknown version → 200, false, "No pacts or verifications have been published"', async () => {
    const { seed, foo, prod } = await fooBar();
    await seed.version(foo, '1');
    const answer = await canIDeployToEnv(broker, foo.name, '9', prod.name);
    expect(answer.status).toBe(200);
    expect(answer.deployable).toBe(false);
    expect(answer.reasons).toEqual([`No pacts or verifications have been published for version 9 of ${foo.name}`]);
  });

  test.each([
    ['A7 (#903): two released provider versions, one failed → false with 2 rows', false, true, false],
    ['A7 (#903): two released provider versions, both succeeded → true with 2 rows', true, true, true],
  ])('%s', async (_name, first, second, deployable) => {
    const { seed, foo, bar, prod } = await fooBar();
    const pact = await seed.publish(await seed.version(foo, '1'), bar);
    const [bar10, bar11] = [await seed.version(bar, '10'), await seed.version(bar, '11')];
    await seed.verify(pact, bar10, first);
    await seed.verify(pact, bar11, second);
    await seed.release(bar10, prod);
    await seed.release(bar11, prod);
    const answer = await canIDeployToEnv(broker, foo.name, '1', prod.name);
    expect(answer.deployable).toBe(deployable);
    expect(answer.body.matrix).toHaveLength(2);
    // The Ruby CLI asks /matrix with latestby=cvp: an environment destination is still treated as cvpv.
    const cli = await cliToEnv(broker, foo.name, '1', prod.name);
    expect(cli.deployable).toBe(deployable);
    expect(cli.body.matrix).toHaveLength(2);
  });

  test('13/A8: provider versions on two application instances must both be compatible', async () => {
    const { seed, foo, bar, prod } = await fooBar();
    const pact = await seed.publish(await seed.version(foo, '1'), bar);
    const [bar10, bar11] = [await seed.version(bar, '10'), await seed.version(bar, '11')];
    await seed.verify(pact, bar10, false);
    await seed.verify(pact, bar11, true);
    await seed.deploy(bar10, prod, 'instance-1');
    await seed.deploy(bar11, prod, 'instance-2');
    const answer = await canIDeployToEnv(broker, foo.name, '1', prod.name);
    expect(answer.deployable).toBe(false);
    expect(answer.reasons).toEqual([
      `The verification for the pact between version 1 of ${foo.name} and one of the versions of ${bar.name} currently in ${prod.name} (10) failed`,
    ]);
  });

  test('A9: a redeployment without an instance replaces the previous version → only the current one counts', async () => {
    const { seed, foo, bar, prod } = await fooBar();
    const pact = await seed.publish(await seed.version(foo, '1'), bar);
    const [bar10, bar11] = [await seed.version(bar, '10'), await seed.version(bar, '11')];
    await seed.verify(pact, bar10, false);
    await seed.verify(pact, bar11, true);
    await seed.deploy(bar10, prod);
    await seed.deploy(bar11, prod);
    const answer = await canIDeployToEnv(broker, foo.name, '1', prod.name);
    expect(answer.deployable).toBe(true);
    expect(answer.body.matrix).toHaveLength(1);
  });

  test('14: after record-undeployment of the only provider version → null', async () => {
    const { seed, foo, bar, prod } = await fooBar();
    const bar10 = await seed.version(bar, '10');
    await seed.verify(await seed.publish(await seed.version(foo, '1'), bar), bar10, true);
    const deployment = await seed.deploy(bar10, prod);
    expect((await canIDeployToEnv(broker, foo.name, '1', prod.name)).deployable).toBe(true);
    await seed.undeploy(deployment);
    expect((await canIDeployToEnv(broker, foo.name, '1', prod.name)).deployable).toBe(null);
  });

  test('15: a released version counts until record-support-ended', async () => {
    const { seed, foo, bar, prod } = await fooBar();
    const bar10 = await seed.version(bar, '10');
    await seed.verify(await seed.publish(await seed.version(foo, '1'), bar), bar10, true);
    const release = await seed.release(bar10, prod);
    expect((await canIDeployToEnv(broker, foo.name, '1', prod.name)).deployable).toBe(true);
    await seed.endSupport(release);
    expect((await canIDeployToEnv(broker, foo.name, '1', prod.name)).deployable).toBe(null);
  });

  test('A1/18: only the deployed provider version counts, not a later undeployed failure', async () => {
    const { seed, foo, bar, prod } = await fooBar();
    const pact = await seed.publish(await seed.version(foo, '1'), bar);
    const [bar2, bar3] = [await seed.version(bar, '2'), await seed.version(bar, '3')];
    await seed.verify(pact, bar2, true);
    await seed.verify(pact, bar3, false);
    await seed.deploy(bar2, prod);
    expect((await canIDeployToEnv(broker, foo.name, '1', prod.name)).deployable).toBe(true);
  });

  test('14 (B): an old consumer version does not require a provider added by newer versions', async () => {
    const { seed, foo, bar, prod } = await fooBar();
    const wiffle = await seed.pacticipant('Wiffle');
    const bar2 = await seed.version(bar, '2');
    await seed.verify(await seed.publish(await seed.version(foo, '1'), bar), bar2, true);
    await seed.deploy(bar2, prod);
    await seed.publish(await seed.version(foo, '2'), wiffle);
    expect((await canIDeployToEnv(broker, foo.name, '1', prod.name)).deployable).toBe(true);
  });

  test('8 (C): pending pacts do not change can-i-deploy — a failed pending verification is a failure', async () => {
    const { seed, foo, bar, prod } = await fooBar();
    const bar2 = await seed.version(bar, '2');
    await seed.verify(await seed.publish(await seed.version(foo, '1'), bar), bar2, false);
    await seed.deploy(bar2, prod);
    expect((await canIDeployToEnv(broker, foo.name, '1', prod.name)).deployable).toBe(false);
  });
});

describe('GET /can-i-deploy to a tag (legacy --to)', () => {
  test('16: the latest provider version tagged prod must have verified it', async () => {
    const { seed, foo, bar } = await fooBar();
    const pact = await seed.publish(await seed.version(foo, '1'), bar);
    await seed.verify(pact, await seed.version(bar, '1', { tags: ['prod'] }), true);
    expect((await get(broker, `/can-i-deploy?pacticipant=${foo.name}&version=1&to=prod`)).deployable).toBe(true);
    await seed.verify(pact, await seed.version(bar, '2', { tags: ['prod'] }), false);
    const answer = await get(broker, `/can-i-deploy?pacticipant=${foo.name}&version=1&to=prod`);
    expect(answer.deployable).toBe(false);
    expect(answer.reasons).toEqual([
      `The verification for the pact between version 1 of ${foo.name} and the latest version of ${bar.name} with tag prod (2) failed`,
    ]);
  });
});

describe('GET /can-i-deploy validation', () => {
  test('48: no params → 400 with an errors hash', async () => {
    const res = await broker.request.get('/can-i-deploy').set('Accept', 'application/hal+json');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual({
      pacticipant: ['is missing'],
      version: ['is missing'],
      environment: ["Must specify either an environment or a 'to' tag."],
    });
  });

  test.each([
    [
      'an unknown pacticipant',
      (foo: string, env: string) => `pacticipant=Nope${foo}&version=1&environment=${env}`,
      { pacticipant: [expect.stringMatching(/^No pacticipant with name 'Nope.*' found$/)] },
    ],
    [
      'an unknown environment',
      (foo: string) => `pacticipant=${foo}&version=1&environment=nowhere`,
      { environment: ["Environment with name 'nowhere' does not exist"] },
    ],
    [
      'both to and environment',
      (foo: string, env: string) => `pacticipant=${foo}&version=1&to=prod&environment=${env}`,
      { environment: ["Cannot specify both a 'to' tag and an environment."] },
    ],
  ])('%s → 400', async (_name, query, errors) => {
    const { foo, prod } = await fooBar();
    const res = await broker.request.get(`/can-i-deploy?${query(foo.name, prod.name)}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(errors);
  });
});

describe('URL forms and badges', () => {
  async function branchSetup(verified: boolean | null) {
    const { seed, foo, bar, prod } = await fooBar();
    const foo1 = await seed.version(foo, '1', { branch: 'main', tags: ['dev'] });
    const pact = await seed.publish(foo1, bar);
    const bar10 = await seed.version(bar, '10', { tags: ['prod'] });
    if (verified !== null) await seed.verify(pact, bar10, verified);
    await seed.deploy(bar10, prod);
    return { foo, prod };
  }

  test('48: /pacticipants/{p}/branches/{b}/latest-version/can-i-deploy/to-environment/{env} returns the matrix body', async () => {
    const { foo, prod } = await branchSetup(true);
    const answer = await get(broker, `/pacticipants/${foo.name}/branches/main/latest-version/can-i-deploy/to-environment/${prod.name}`);
    expect(answer.status).toBe(200);
    expect(answer.deployable).toBe(true);
    expect(answer.reasons[0]).toMatch(/^WARN: It is recommended to specify the version number/);
  });

  test('48: /pacticipants/{p}/latest-version/{tag}/can-i-deploy/to/{to} returns the matrix body', async () => {
    const { foo } = await branchSetup(true);
    const answer = await get(broker, `/pacticipants/${foo.name}/latest-version/dev/can-i-deploy/to/prod`);
    expect(answer.deployable).toBe(true);
    expect(answer.body.summary.reason).toBe(
      'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.\nAll required verification results are published and successful',
    );
  });

  test('the URL forms are 404 for an unknown pacticipant or a missing latest version', async () => {
    const { foo, prod } = await branchSetup(true);
    expect((await broker.request.get(`/pacticipants/Nope-${foo.name}/latest-version/dev/can-i-deploy/to/prod`)).status).toBe(404);
    expect(
      (await broker.request.get(`/pacticipants/${foo.name}/branches/nope/latest-version/can-i-deploy/to-environment/${prod.name}`)).status,
    ).toBe(404);
  });

  test.each([
    ['verified → green "yes"', true, 'yes', '#4c1'],
    ['failed → red "no"', false, 'no', '#e05d44'],
    ['unverified → grey "unknown"', null, 'unknown', '#9f9f9f'],
  ])('badge: %s, a self-contained SVG (never a redirect to shields.io)', async (_name, verified, text, colour) => {
    const { foo, prod } = await branchSetup(verified);
    for (const url of [
      `/pacticipants/${foo.name}/branches/main/latest-version/can-i-deploy/to-environment/${prod.name}/badge`,
      `/pacticipants/${foo.name}/latest-version/dev/can-i-deploy/to/prod/badge`,
    ]) {
      const res = await broker.request
        .get(url)
        .buffer(true)
        .parse((r, cb) => {
          let data = '';
          r.on('data', (c: Buffer) => (data += c.toString()));
          r.on('end', () => cb(null, data));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(res.body).toContain(`>${text}</text>`);
      expect(res.body).toContain(`fill="${colour}"`);
      expect(res.body).not.toContain('shields.io');
    }
  });

  test('badge for an unknown pacticipant is an "unknown" badge, not an error', async () => {
    const res = await broker.request
      .get('/pacticipants/NoSuchThing/latest-version/dev/can-i-deploy/to/prod/badge')
      .buffer(true)
      .parse((r, cb) => {
        let data = '';
        r.on('data', (c: Buffer) => (data += c.toString()));
        r.on('end', () => cb(null, data));
      });
    expect(res.status).toBe(200);
    expect(res.body).toContain('>unknown</text>');
  });
});

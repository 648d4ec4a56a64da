// record-deployment, record-undeployment, record-release and record-support-ended, following the
// same links the pact-broker CLI follows; plus the slot rule under concurrent record-deployment calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidFields, seed } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker?.close();
});

const path = (href: string): string => new URL(href).pathname + new URL(href).search;

async function setup(versions: string[] = ['1']) {
  const kit = seed(broker.request);
  const foo = kit.pacticipant('Foo');
  for (const v of versions) await foo.createVersion(v);
  const env = await kit.environment('test');
  return { kit, foo, env };
}

async function recordDeploymentLink(pacticipant: string, version: string, environmentName: string): Promise<string> {
  const res = await broker.request.get(`/pacticipants/${pacticipant}/versions/${version}`);
  return path(res.body._links['pb:record-deployment'].find((l: { name: string }) => l.name === environmentName).href);
}

async function currentlyDeployed(envUuid: string, query: string) {
  const env = await broker.request.get(`/environments/${envUuid}`);
  const res = await broker.request.get(`${path(env.body._links['pb:currently-deployed-deployed-versions'].href)}?${query}`);
  expect(res.status).toBe(200);
  return res.body._embedded.deployedVersions as Array<{
    uuid: string;
    applicationInstance: string | null;
    _embedded: { version: { number: string } };
    _links: { self: { href: string } };
  }>;
}

describe('POST .../deployed-versions/environment/{uuid} (record-deployment)', () => {
  it('answers 201 with the deployed version, echoing target and applicationInstance (client pact: a request to record a deployment)', async () => {
    const { foo, env } = await setup(['5556b8149bf8bac76bc30f50a8a2dd4c22c85f30']);
    const link = await recordDeploymentLink(foo.name, '5556b8149bf8bac76bc30f50a8a2dd4c22c85f30', env.name);
    const res = await broker.request.post(link).set('Accept', 'application/hal+json').send({ applicationInstance: 'blue', target: 'blue' });
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/hal\+json;\s?charset=utf-8$/);
    expect(res.body).toMatchObject({ target: 'blue', applicationInstance: 'blue', currentlyDeployed: true, undeployedAt: null });
    expect(res.body._embedded.pacticipant.name).toBe(foo.name);
    expect(res.body._embedded.version.number).toBe('5556b8149bf8bac76bc30f50a8a2dd4c22c85f30');
    expect(res.body._embedded.environment).toMatchObject({ uuid: env.uuid, name: env.name });
    expect(res.body._links.self.href).toMatch(new RegExp(`/deployed-versions/${res.body.uuid}$`));
  });

  it('accepts the legacy {target} body and an empty body', async () => {
    const { foo, env } = await setup();
    const legacy = await broker.request
      .post(`/pacticipants/${foo.name}/versions/1/deployed-versions/environment/${env.uuid}`)
      .send({ target: 'customer-1' });
    expect(legacy.status).toBe(201);
    expect(legacy.body.applicationInstance).toBe('customer-1');
    const none = await broker.request.post(`/pacticipants/${foo.name}/versions/1/deployed-versions/environment/${env.uuid}`).send({});
    expect(none.body.applicationInstance).toBeNull();
  });

  it('returns the same record when the version is already deployed in that slot', async () => {
    const { foo, env } = await setup();
    const first = await foo.deploy('1', env);
    const second = await foo.deploy('1', env);
    expect(second.uuid).toBe(first.uuid);
  });

  it('marks the previous deployment in the same slot undeployed, leaving other application instances alone', async () => {
    const { foo, env } = await setup(['1', '2', '3']);
    const blue1 = await foo.deploy('1', env, 'blue');
    const green2 = await foo.deploy('2', env, 'green');
    await foo.deploy('3', env, 'blue');
    const current = await currentlyDeployed(env.uuid, `pacticipant=${foo.name}`);
    expect(current.map((d) => [d.applicationInstance, d._embedded.version.number])).toEqual([
      ['green', '2'],
      ['blue', '3'],
    ]);
    const old = await broker.request.get(`/deployed-versions/${blue1.uuid}`);
    expect(old.body.currentlyDeployed).toBe(false);
    expect(old.body.undeployedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect((await broker.request.get(`/deployed-versions/${green2.uuid}`)).body.currentlyDeployed).toBe(true);
  });

  it('answers 404 with a hint for an unknown environment uuid or an unknown version', async () => {
    const { foo, env } = await setup();
    const unknownEnv = await broker.request
      .post(`/pacticipants/${foo.name}/versions/1/deployed-versions/environment/cb632df3-0a0d-4227-aac3-000000000000`)
      .send({});
    expect(unknownEnv.status).toBe(404);
    expect(unknownEnv.body.detail).toContain("No environment with uuid 'cb632df3-0a0d-4227-aac3-000000000000'");
    const unknownVersion = await broker.request
      .post(`/pacticipants/${foo.name}/versions/9/deployed-versions/environment/${env.uuid}`)
      .send({});
    expect(unknownVersion.status).toBe(404);
    expect(unknownVersion.body.detail).toContain("has no version '9'");
  });

  it('answers 400 when applicationInstance is not a string', async () => {
    const { foo, env } = await setup();
    const res = await broker.request
      .post(`/pacticipants/${foo.name}/versions/1/deployed-versions/environment/${env.uuid}`)
      .send({ applicationInstance: 5 });
    expect(res.status).toBe(400);
    expect(invalidFields(res.body)).toEqual(['applicationInstance']);
  });

  it('leaves exactly one current deployment after 20 parallel record-deployment calls to the same slot', async () => {
    const versions = Array.from({ length: 20 }, (_, i) => String(i + 1));
    const { foo, env } = await setup(versions);
    const results = await Promise.all(
      versions.map((v) =>
        broker.request
          .post(`/pacticipants/${foo.name}/versions/${v}/deployed-versions/environment/${env.uuid}`)
          .send({ applicationInstance: 'blue' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(versions.map(() => 201));
    const current = await currentlyDeployed(env.uuid, `pacticipant=${foo.name}`);
    expect(current).toHaveLength(1);
    const all = await Promise.all(results.map((r) => broker.request.get(`/deployed-versions/${r.body.uuid}`)));
    expect(all.filter((r) => r.body.currentlyDeployed)).toHaveLength(1);
  });

  it('records one deployment when 20 parallel calls deploy the same version to the same slot', async () => {
    const { foo, env } = await setup();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        broker.request.post(`/pacticipants/${foo.name}/versions/1/deployed-versions/environment/${env.uuid}`).send({}),
      ),
    );
    expect(new Set(results.map((r) => r.body.uuid)).size).toBe(1);
  });
});

describe('currently-deployed and PATCH /deployed-versions/{uuid} (record-undeployment)', () => {
  it('filters by pacticipant and applicationInstance, where a blank applicationInstance means none (client pact: target customer-1)', async () => {
    const { foo, env } = await setup(['1', '2']);
    await foo.deploy('1', env, 'customer-1');
    await foo.deploy('2', env);
    expect((await currentlyDeployed(env.uuid, `pacticipant=${foo.name}`)).map((d) => d.applicationInstance)).toEqual(['customer-1', null]);
    expect(
      (await currentlyDeployed(env.uuid, `pacticipant=${foo.name}&applicationInstance=customer-1`)).map((d) => d._embedded.version.number),
    ).toEqual(['1']);
    expect(
      (await currentlyDeployed(env.uuid, `pacticipant=${foo.name}&applicationInstance=`)).map((d) => d._embedded.version.number),
    ).toEqual(['2']);
  });

  it('undeploys with a merge-patch {currentlyDeployed:false}, answering 200 with the version number (client pact)', async () => {
    const { foo, env } = await setup();
    await foo.deploy('1', env);
    const [deployed] = await currentlyDeployed(env.uuid, `pacticipant=${foo.name}`);
    const res = await broker.request
      .patch(path(deployed!._links.self.href))
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ currentlyDeployed: false }));
    expect(res.status).toBe(200);
    expect(res.body.currentlyDeployed).toBe(false);
    expect(res.body._embedded.version.number).toBe('1');
    expect(await currentlyDeployed(env.uuid, `pacticipant=${foo.name}`)).toEqual([]);
    // The slot is free again: deploying the same version creates a new record.
    const again = await foo.deploy('1', env);
    expect(again.uuid).not.toBe(deployed!.uuid);
  });

  it('refuses to set currentlyDeployed back to true, and requires a boolean', async () => {
    const { foo, env } = await setup();
    const { uuid } = await foo.deploy('1', env);
    await broker.request.patch(`/deployed-versions/${uuid}`).send({ currentlyDeployed: false });
    const back = await broker.request.patch(`/deployed-versions/${uuid}`).send({ currentlyDeployed: true });
    expect(back.status).toBe(400);
    expect(back.body.detail).toContain('record a new deployment');
    const wrong = await broker.request.patch(`/deployed-versions/${uuid}`).send({ currentlyDeployed: 'no' });
    expect(wrong.status).toBe(400);
    expect(invalidFields(wrong.body)).toEqual(['currentlyDeployed']);
  });

  it('answers 404 for an unknown deployed version and an unknown environment', async () => {
    expect((await broker.request.get('/deployed-versions/ff3adecf-cfc5-4653-a4e3-000000000000')).status).toBe(404);
    expect(
      (await broker.request.patch('/deployed-versions/ff3adecf-cfc5-4653-a4e3-000000000000').send({ currentlyDeployed: false })).status,
    ).toBe(404);
    expect(
      (await broker.request.get('/environments/ff3adecf-cfc5-4653-a4e3-000000000000/deployed-versions/currently-deployed')).status,
    ).toBe(404);
  });
});

describe('released versions (record-release, record-support-ended)', () => {
  it('answers 201 and lets releases accumulate (client pact: a request to record a release)', async () => {
    const { foo, env } = await setup(['1', '2']);
    const link = (await broker.request.get(`/pacticipants/${foo.name}/versions/1`)).body._links['pb:record-release'].find(
      (l: { name: string }) => l.name === env.name,
    ).href;
    const res = await broker.request.post(path(link)).set('Accept', 'application/hal+json').send({});
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/hal\+json/);
    expect(res.body).toMatchObject({ currentlySupported: true, supportEndedAt: null });
    await foo.release('2', env);
    const supported = await broker.request.get(`/environments/${env.uuid}/released-versions/currently-supported?pacticipant=${foo.name}`);
    expect(
      supported.body._embedded.releasedVersions.map((r: { _embedded: { version: { number: string } } }) => r._embedded.version.number),
    ).toEqual(['1', '2']);
  });

  it('ends support with PATCH {currentlySupported:false}; releasing again reinstates the same record', async () => {
    const { foo, env } = await setup();
    const { uuid } = await foo.release('1', env);
    const listed = await broker.request.get(
      `/environments/${env.uuid}/released-versions/currently-supported?pacticipant=${foo.name}&version=1`,
    );
    expect(listed.body._embedded.releasedVersions).toHaveLength(1);
    const ended = await broker.request
      .patch(`/released-versions/${uuid}`)
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ currentlySupported: false }));
    expect(ended.status).toBe(200);
    expect(ended.body.currentlySupported).toBe(false);
    expect(ended.body.supportEndedAt).not.toBeNull();
    const after = await broker.request.get(`/environments/${env.uuid}/released-versions/currently-supported?pacticipant=${foo.name}`);
    expect(after.body._embedded.releasedVersions).toEqual([]);
    const again = await foo.release('1', env);
    expect(again.uuid).toBe(uuid);
    expect((await broker.request.get(`/released-versions/${uuid}`)).body.currentlySupported).toBe(true);
  });

  it('answers 404 for an unknown environment, version or released version', async () => {
    const { foo, env } = await setup();
    expect(
      (await broker.request.post(`/pacticipants/${foo.name}/versions/1/released-versions/environment/${crypto.randomUUID()}`).send({}))
        .status,
    ).toBe(404);
    expect(
      (await broker.request.post(`/pacticipants/${foo.name}/versions/7/released-versions/environment/${env.uuid}`).send({})).status,
    ).toBe(404);
    expect((await broker.request.patch(`/released-versions/${crypto.randomUUID()}`).send({ currentlySupported: false })).status).toBe(404);
  });
});

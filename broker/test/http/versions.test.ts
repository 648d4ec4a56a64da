// Version resources: create-or-update-version (PUT {}), describe-version (GET the version, or
// latest-version[/{tag}]), the paginated version list, and the pb:record-deployment /
// pb:record-release links that record-deployment and record-release pick an environment from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidFields, seed, uniqueName } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker?.close();
});

describe('PUT /pacticipants/{p}/versions/{v} (create-or-update-version)', () => {
  it('creates the pacticipant and version from an empty body (201), then answers 200', async () => {
    const name = uniqueName('Foo');
    const created = await broker.request.put(`/pacticipants/${name}/versions/1.0.0`).send({});
    expect(created.status).toBe(201);
    expect(created.body.number).toBe('1.0.0');
    expect(created.body.buildUrl).toBeNull();
    const again = await broker.request.put(`/pacticipants/${name}/versions/1.0.0`).send({ buildUrl: 'https://ci/1' });
    expect(again.status).toBe(200);
    expect(again.body.buildUrl).toBe('https://ci/1');
    expect((await broker.request.get(`/pacticipants/${name}`)).status).toBe(200);
  });

  it('accepts a PUT with no body at all', async () => {
    const res = await broker.request.put(`/pacticipants/${uniqueName('NoBody')}/versions/1`);
    expect(res.status).toBe(201);
  });

  it('answers 400 when buildUrl is not a string, or the body is not an object', async () => {
    const name = uniqueName('Bad');
    const wrong = await broker.request.put(`/pacticipants/${name}/versions/1`).send({ buildUrl: 7 });
    expect(wrong.status).toBe(400);
    expect(invalidFields(wrong.body)).toEqual(['buildUrl']);
    const array = await broker.request.put(`/pacticipants/${name}/versions/1`).send([1]);
    expect(array.status).toBe(400);
    expect(array.body.detail).toContain('must be a JSON object');
  });
});

describe('GET /pacticipants/{p}/versions/{v} (describe-version, record-deployment)', () => {
  it('answers 404 with what to do when the version does not exist ("Pacticipant version not found")', async () => {
    const svc = seed(broker.request).pacticipant('Foo');
    await svc.createVersion('1');
    const res = await broker.request.get(`/pacticipants/${svc.name}/versions/2`);
    expect(res.status).toBe(404);
    expect(res.body.detail.replace(svc.name, 'Foo').replace(svc.name, 'Foo')).toMatchInlineSnapshot(
      `"Pacticipant 'Foo' has no version '2'. Create it with PUT /pacticipants/Foo/versions/2 (pact-broker create-or-update-version) or by publishing a contract for it."`,
    );
  });

  it('lists one pb:record-deployment and pb:record-release entry per environment, named by environment name', async () => {
    const kit = seed(broker.request);
    const foo = kit.pacticipant('Foo');
    await foo.createVersion('5556b8149bf8bac76bc30f50a8a2dd4c22c85f30', { tags: ['prod'], branch: 'main' });
    const test = await kit.environment('test');
    const res = await broker.request
      .get(`/pacticipants/${foo.name}/versions/5556b8149bf8bac76bc30f50a8a2dd4c22c85f30`)
      .set('Accept', 'application/hal+json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/hal\+json/);
    const deploy = res.body._links['pb:record-deployment'].find((l: { name: string }) => l.name === test.name);
    expect(deploy).toEqual({
      title: `Record deployment to ${test.name}`,
      name: test.name,
      href: expect.stringMatching(
        new RegExp(
          `/pacticipants/${foo.name}/versions/5556b8149bf8bac76bc30f50a8a2dd4c22c85f30/deployed-versions/environment/${test.uuid}$`,
        ),
      ),
    });
    const release = res.body._links['pb:record-release'].find((l: { name: string }) => l.name === test.name);
    expect(release.href).toMatch(new RegExp(`/released-versions/environment/${test.uuid}$`));
    expect(res.body._embedded.tags.map((t: { name: string }) => t.name)).toEqual(['prod']);
    expect(res.body._embedded.branchVersions).toEqual([expect.objectContaining({ name: 'main', latest: true })]);
    expect(Object.keys(res.body._links)).toEqual(
      expect.arrayContaining([
        'self',
        'pb:pacticipant',
        'pb:tag',
        'pb:latest-verification-results-where-pacticipant-is-consumer',
        'pb:pact-versions',
        'pb:deployed-environments',
        'pb:released-environments',
      ]),
    );
  });

  it('lists where the version is deployed and released', async () => {
    const kit = seed(broker.request);
    const foo = kit.pacticipant('Foo');
    await foo.createVersion('1');
    const env = await kit.environment('staging');
    await foo.deploy('1', env, 'blue');
    await foo.release('1', env);
    const { body } = await broker.request.get(`/pacticipants/${foo.name}/versions/1`);
    expect(body._links['pb:deployed-environments']).toEqual([
      expect.objectContaining({ name: env.name, currently_deployed: true, application_instance: 'blue' }),
    ]);
    expect(body._links['pb:released-environments']).toEqual([expect.objectContaining({ name: env.name, currently_supported: true })]);
  });
});

describe('GET /pacticipants/{p}/versions (paginated, newest first)', () => {
  it('returns the versions newest first with page links', async () => {
    const svc = seed(broker.request).pacticipant('Many');
    for (const v of ['1', '2', '3']) await svc.createVersion(v);
    const all = await broker.request.get(`/pacticipants/${svc.name}/versions`);
    expect(all.status).toBe(200);
    expect(all.body._embedded.versions.map((v: { number: string }) => v.number)).toEqual(['3', '2', '1']);
    expect(all.body.page).toEqual({ number: 1, size: 100, totalElements: 3, totalPages: 1 });
    const page2 = await broker.request.get(`/pacticipants/${svc.name}/versions?size=2&page=2`);
    expect(page2.body._embedded.versions.map((v: { number: string }) => v.number)).toEqual(['1']);
    expect(page2.body._links.previous.href).toMatch(/\?size=2&page=1$/);
    expect(page2.body._links.next).toBeUndefined();
  });

  it('answers 404 for an unknown pacticipant', async () => {
    expect((await broker.request.get(`/pacticipants/${uniqueName('None')}/versions`)).status).toBe(404);
  });
});

describe('GET /pacticipants/{p}/latest-version[/{tag}] (describe-version --latest)', () => {
  it("returns the latest version (client pact: 'Condor' exists with the latest version 1.2.3)", async () => {
    const condor = seed(broker.request).pacticipant('Condor');
    await condor.createVersion('1.0.0');
    await condor.createVersion('1.2.3');
    const res = await broker.request
      .get(`/pacticipants/${condor.name}/latest-version`)
      .set('Accept', 'application/hal+json, application/json');
    expect(res.status).toBe(200);
    expect(res.body.number).toBe('1.2.3');
    expect(res.body._links.self.href).toMatch(/^http:\/\/.*\/latest-version$/);
  });

  it("returns the latest version with the tag, ignoring later untagged versions (client pact: latest tagged 'production' version 1.2.3)", async () => {
    const condor = seed(broker.request).pacticipant('Condor');
    await condor.createVersion('1.0.0', { tags: ['production'] });
    await condor.createVersion('1.2.3', { tags: ['production'] });
    await condor.createVersion('2.0.0');
    const res = await broker.request.get(`/pacticipants/${condor.name}/latest-version/production`);
    expect(res.status).toBe(200);
    expect(res.body.number).toBe('1.2.3');
    const none = await broker.request.get(`/pacticipants/${condor.name}/latest-version/nope`);
    expect(none.status).toBe(404);
    expect(none.body.detail).toContain("is tagged 'nope'");
  });
});

describe('DELETE /pacticipants/{p}/versions/{v}', () => {
  it('deletes the version (204) and answers 404 afterwards', async () => {
    const svc = seed(broker.request).pacticipant('Del');
    await svc.createVersion('1', { tags: ['t'] });
    expect((await broker.request.delete(`/pacticipants/${svc.name}/versions/1`)).status).toBe(204);
    expect((await broker.request.get(`/pacticipants/${svc.name}/versions/1`)).status).toBe(404);
    expect((await broker.request.delete(`/pacticipants/${svc.name}/versions/1`)).status).toBe(404);
  });
});

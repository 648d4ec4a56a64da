// Tags (create-version-tag, the legacy publish flow, the Rust verifier's provider tags) and
// branches (create-or-update-version --branch, the verifier's pb:branch-version, delete-branch).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed, uniqueName } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker?.close();
});

describe('PUT /pacticipants/{p}/versions/{v}/tags/{t} (create-version-tag)', () => {
  it("creates the pacticipant, version and tag (201) when 'Condor' does not exist (client pact)", async () => {
    const condor = uniqueName('Condor');
    const res = await broker.request
      .put(`/pacticipants/${condor}/versions/1.3.0/tags/prod`)
      .set('Content-Type', 'application/json')
      .send({});
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/hal\+json/);
    expect(res.body._links.self.href).toMatch(new RegExp(`^http://.*/pacticipants/${condor}/versions/1\\.3\\.0/tags/prod$`));
  });

  it("answers 201 when 'Condor' exists without the tag and 200 when version 1.3.0 is already tagged 'prod' (client pact)", async () => {
    const condor = seed(broker.request).pacticipant('Condor');
    await condor.createVersion('1.3.0');
    expect((await broker.request.put(`/pacticipants/${condor.name}/versions/1.3.0/tags/prod`).send({})).status).toBe(201);
    const again = await broker.request.put(`/pacticipants/${condor.name}/versions/1.3.0/tags/prod`).send({});
    expect(again.status).toBe(200);
    expect(again.body.name).toBe('prod');
  });

  it('reads, lists and deletes tags; answers 404 for a missing tag', async () => {
    const svc = seed(broker.request).pacticipant('Tagged');
    await svc.createVersion('1', { tags: ['prod'] });
    await svc.createVersion('2', { tags: ['prod', 'test'] });
    const get = await broker.request.get(`/pacticipants/${svc.name}/versions/2/tags/test`);
    expect(get.status).toBe(200);
    expect(get.body._links['pb:version'].name).toBe('2');
    const list = await broker.request.get(`/pacticipants/${svc.name}/tags/prod/versions`);
    expect(list.body._embedded.versions.map((v: { number: string }) => v.number)).toEqual(['2', '1']);
    expect((await broker.request.delete(`/pacticipants/${svc.name}/versions/2/tags/test`)).status).toBe(204);
    const gone = await broker.request.get(`/pacticipants/${svc.name}/versions/2/tags/test`);
    expect(gone.status).toBe(404);
    expect(gone.body.detail).toContain("has no tag 'test'");
  });

  it('handles tags and branches with slashes, URL-encoded', async () => {
    const svc = seed(broker.request).pacticipant('Slash');
    const tag = await broker.request.put(`/pacticipants/${svc.name}/versions/1/tags/${encodeURIComponent('feat/x')}`).send({});
    expect(tag.status).toBe(201);
    expect(tag.body._links.self.href).toMatch(/\/tags\/feat%2Fx$/);
    const branch = await broker.request.put(`/pacticipants/${svc.name}/branches/${encodeURIComponent('fix/a')}/versions/1`).send({});
    expect(branch.status).toBe(201);
    expect((await broker.request.get(`/pacticipants/${svc.name}/branches/${encodeURIComponent('fix/a')}`)).body.name).toBe('fix/a');
  });
});

describe('PUT /pacticipants/{p}/branches/{b}/versions/{v} (pb:branch-version)', () => {
  it('creates pacticipant, version and branch from {} (201), then answers 200', async () => {
    const name = uniqueName('Bar');
    const created = await broker.request.put(`/pacticipants/${name}/branches/main/versions/4.5.6`).send({});
    expect(created.status).toBe(201);
    expect(created.body._links['pb:version'].href).toMatch(new RegExp(`/pacticipants/${name}/versions/4\\.5\\.6$`));
    expect((await broker.request.put(`/pacticipants/${name}/branches/main/versions/4.5.6`).send({})).status).toBe(200);
    const get = await broker.request.get(`/pacticipants/${name}/branches/main/versions/4.5.6`);
    expect(get.status).toBe(200);
    expect(get.body.latest).toBe(true);
  });
});

describe('branches', () => {
  it('lists branches, their versions newest first, and the branch head', async () => {
    const svc = seed(broker.request).pacticipant('Branchy');
    await svc.createVersion('1', { branch: 'main' });
    await svc.createVersion('2', { branch: 'feat' });
    await svc.createVersion('3', { branch: 'main' });
    const branches = await broker.request.get(`/pacticipants/${svc.name}/branches`);
    expect(branches.status).toBe(200);
    expect(branches.body._embedded.branches.map((b: { name: string }) => b.name).sort()).toEqual(['feat', 'main']);
    const versions = await broker.request.get(`/pacticipants/${svc.name}/branches/main/versions`);
    expect(versions.body._embedded.versions.map((v: { number: string }) => v.number)).toEqual(['3', '1']);
    const head = await broker.request.get(`/pacticipants/${svc.name}/branches/main/latest-version`);
    expect(head.status).toBe(200);
    expect(head.body.number).toBe('3');
    const v1 = await broker.request.get(`/pacticipants/${svc.name}/versions/1`);
    expect(v1.body._embedded.branchVersions).toEqual([expect.objectContaining({ name: 'main', latest: false })]);
  });

  it('deletes a branch with 204 and keeps its versions (delete-branch; client pact: a branch named main exists for Foo)', async () => {
    const foo = seed(broker.request).pacticipant('Foo');
    await foo.createVersion('1', { branch: 'main' });
    const del = await broker.request.delete(`/pacticipants/${foo.name}/branches/main`);
    expect(del.status).toBe(204);
    expect((await broker.request.get(`/pacticipants/${foo.name}/branches/main`)).status).toBe(404);
    expect((await broker.request.get(`/pacticipants/${foo.name}/versions/1`)).status).toBe(200);
  });

  it('answers 404 for a missing branch, which delete-branch treats as success unless --error-when-not-found', async () => {
    const foo = seed(broker.request).pacticipant('Foo');
    await foo.createVersion('1');
    const res = await broker.request.delete(`/pacticipants/${foo.name}/branches/nope`);
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain("has no branch 'nope'");
  });
});

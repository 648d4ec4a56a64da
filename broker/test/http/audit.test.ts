// The audit log: one event per write request, written after the response, readable by admins at
// GET /audit-events (newest first, paginated, filtered by actor).
import { pino } from 'pino';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { uniqueName } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { sql } from '../../src/store/sql.ts';

const ADMIN_TOKEN = 'audit-admin-token-0123456789abcdef';

interface AuditEvent {
  id: number;
  occurredAt: string;
  actor: string;
  method: string;
  path: string;
  status: number;
  remoteAddress: string | null;
  requestId: string | null;
  details: { route?: string; tokenId?: number } | null;
}

let broker: TestBroker;
let admin: supertest.Agent;

async function eventFor(requestId: string, via: supertest.Agent = admin): Promise<AuditEvent | undefined> {
  const res = await via.get('/audit-events').query({ size: 1000 });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.events as AuditEvent[]).find((e) => e.requestId === requestId);
}

/** The audit insert runs after the response is sent, so wait for it. */
async function waitForEvent(requestId: string, via: supertest.Agent = admin): Promise<AuditEvent> {
  await expect.poll(() => eventFor(requestId, via), { timeout: 5_000 }).toBeDefined();
  return (await eventFor(requestId, via))!;
}

beforeAll(async () => {
  broker = await startTestBroker({}, { TREATY_ADMIN_TOKEN: ADMIN_TOKEN });
  admin = supertest.agent(broker.app).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
});

afterAll(async () => {
  await broker?.close();
});

describe('when auth is on', () => {
  it('records a write with its actor, method, path, status, remote address and request id', async () => {
    const token = await admin.post('/tokens').send({ name: uniqueName('ci'), scopes: ['write'] });
    const requestId = uniqueName('req');
    const name = uniqueName('svc');
    const res = await broker.request
      .put(`/pacticipants/${name}/versions/1.0.0`)
      .set('Authorization', `Bearer ${token.body.token}`)
      .set('X-Request-Id', requestId)
      .send({});
    expect(res.status).toBe(201);
    const event = await waitForEvent(requestId);
    expect(event).toMatchObject({
      actor: `token:${token.body.name}`,
      method: 'PUT',
      path: `/pacticipants/${name}/versions/1.0.0`,
      status: 201,
      requestId,
      details: { route: '/pacticipants/:pacticipant/versions/:version', tokenId: token.body.id },
    });
    expect(event.remoteAddress).toMatch(/127\.0\.0\.1|::1/);
  });

  it('records refused writes too (403), so attempts show up in the log', async () => {
    const token = await admin.post('/tokens').send({ name: uniqueName('reader'), scopes: ['read'] });
    const requestId = uniqueName('req');
    const res = await broker.request
      .post('/environments')
      .set('Authorization', `Bearer ${token.body.token}`)
      .set('X-Request-Id', requestId)
      .send({ name: uniqueName('env') });
    expect(res.status).toBe(403);
    expect(await waitForEvent(requestId)).toMatchObject({ actor: `token:${token.body.name}`, method: 'POST', status: 403 });
  });

  it('records unauthenticated write attempts as "anonymous" with 401', async () => {
    const requestId = uniqueName('req');
    expect((await broker.request.delete('/environments/whatever').set('X-Request-Id', requestId)).status).toBe(401);
    expect(await waitForEvent(requestId)).toMatchObject({
      actor: 'anonymous',
      method: 'DELETE',
      status: 401,
      path: '/environments/whatever',
    });
  });

  it('does not record reads, nor the verifier POST that only reads (for-verification)', async () => {
    const getId = uniqueName('req');
    const postId = uniqueName('req');
    await admin.get('/pacticipants').set('X-Request-Id', getId);
    await admin
      .post(`/pacts/provider/${uniqueName('p')}/for-verification`)
      .set('X-Request-Id', postId)
      .send({});
    // A later write's event proves the earlier ones had time to be written.
    const marker = uniqueName('req');
    await admin
      .put(`/pacticipants/${uniqueName('svc')}`)
      .set('X-Request-Id', marker)
      .send({});
    await waitForEvent(marker);
    expect(await eventFor(getId)).toBeUndefined();
    expect(await eventFor(postId)).toBeUndefined();
  });

  it('lists newest first, paginates, and filters by actor', async () => {
    const token = await admin.post('/tokens').send({ name: uniqueName('pager'), scopes: ['write'] });
    const actor = `token:${token.body.name}`;
    const names = [uniqueName('a'), uniqueName('b'), uniqueName('c')];
    for (const name of names) {
      expect(
        (await broker.request.put(`/pacticipants/${name}`).set('Authorization', `Bearer ${token.body.token}`).send({})).status,
      ).toBeLessThan(300);
    }
    await expect.poll(async () => (await admin.get('/audit-events').query({ actor })).body.page.totalElements, { timeout: 5_000 }).toBe(3);

    const first = await admin.get('/audit-events').query({ actor, size: 2 });
    expect(first.body.events.map((e: AuditEvent) => e.path)).toEqual([`/pacticipants/${names[2]}`, `/pacticipants/${names[1]}`]);
    expect(first.body.page).toEqual({ number: 1, size: 2, totalElements: 3, totalPages: 2 });
    expect(first.body._links.next.href).toContain(`actor=${encodeURIComponent(actor)}`);

    const second = await supertest(broker.app)
      .get(new URL(first.body._links.next.href as string).pathname + new URL(first.body._links.next.href as string).search)
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(second.body.events.map((e: AuditEvent) => e.path)).toEqual([`/pacticipants/${names[0]}`]);
    expect(second.body._links.previous).toBeDefined();
  });

  it('is readable by admins only', async () => {
    const token = await admin.post('/tokens').send({ name: uniqueName('w'), scopes: ['write'] });
    expect((await broker.request.get('/audit-events').set('Authorization', `Bearer ${token.body.token}`)).status).toBe(403);
    expect((await broker.request.get('/audit-events')).status).toBe(401);
  });

  it('rejects a page size above 1000', async () => {
    expect((await admin.get('/audit-events').query({ size: 5000 })).status).toBe(400);
  });
});

describe('when auth is off (the embedded quick start)', () => {
  let open: TestBroker;
  beforeAll(async () => {
    open = await startTestBroker();
  });
  afterAll(async () => {
    await open?.close();
  });

  it('records writes as "anonymous"', async () => {
    const requestId = uniqueName('req');
    expect(
      (
        await open.request
          .put(`/pacticipants/${uniqueName('svc')}`)
          .set('X-Request-Id', requestId)
          .send({})
      ).status,
    ).toBe(201);
    expect(await waitForEvent(requestId, open.request)).toMatchObject({ actor: 'anonymous', method: 'PUT', status: 201 });
  });
});

describe('when the audit insert fails', () => {
  let isolated: TestBroker;
  beforeAll(async () => {
    isolated = await startTestBroker({}, {}, { isolatedDatabase: true });
    await isolated.db.rows(sql`ALTER TABLE audit_events RENAME TO audit_events_unavailable`);
  });
  afterAll(async () => {
    await isolated?.close();
  });

  it('still answers the request, and logs an error instead', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void lines.push(line) });
    const app = createApp({ config: isolated.config, db: isolated.db, logger });
    const res = await supertest(app)
      .put(`/pacticipants/${uniqueName('svc')}`)
      .send({});
    expect(res.status).toBe(201);
    await expect.poll(() => lines.some((l) => l.includes('could not write the audit event')), { timeout: 5_000 }).toBe(true);
  });
});

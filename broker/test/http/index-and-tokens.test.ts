// Treaty-only admin resources are discoverable and paged (issue #6): the HAL index links
// treaty:tokens and treaty:audit-events, and GET /tokens pages like GET /audit-events.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { uniqueName } from '../support/seed.ts';

const ADMIN = 'admin-token-for-index-tests-0123456789';
let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker({}, { TREATY_ADMIN_TOKEN: ADMIN });
});
afterAll(async () => broker?.close());
const admin = () => ({ Authorization: `Bearer ${ADMIN}` });

describe('Treaty admin resources', () => {
  test('the HAL index links treaty:tokens and treaty:audit-events, with a treaty curie', async () => {
    const res = await broker.request.get('/').set(admin()).set('Accept', 'application/hal+json');
    expect(res.status).toBe(200);
    const base = new URL(res.body._links.self.href as string).origin;
    expect(res.body._links['treaty:tokens']).toEqual({ href: `${base}/tokens`, title: 'API tokens', templated: false });
    expect(res.body._links['treaty:audit-events']).toEqual({
      href: `${base}/audit-events`,
      title: 'Audit log of write requests',
      templated: false,
    });
    expect((res.body._links.curies as Array<{ name: string }>).map((c) => c.name)).toContain('treaty');
    // Following the link works with an admin credential.
    expect((await broker.request.get(new URL(res.body._links['treaty:tokens'].href as string).pathname).set(admin())).status).toBe(200);
  });

  test('GET /tokens is paginated with page and size like /audit-events, newest first', async () => {
    const names = [uniqueName('t1'), uniqueName('t2'), uniqueName('t3')];
    for (const name of names)
      expect(
        (
          await broker.request
            .post('/tokens')
            .set(admin())
            .send({ name, scopes: ['read'] })
        ).status,
      ).toBe(201);
    const first = await broker.request.get('/tokens?size=2').set(admin());
    expect(first.status).toBe(200);
    expect(first.body.tokens.map((t: { name: string }) => t.name)).toEqual([names[2], names[1]]);
    expect(first.body.page).toMatchObject({ number: 1, size: 2 });
    expect(first.body.page.totalElements).toBeGreaterThanOrEqual(3);
    expect(first.body._links.next.href).toMatch(/\/tokens\?page=2&size=2$/);
    expect(first.body._links.previous).toBeUndefined();
    const second = await broker.request
      .get(new URL(first.body._links.next.href as string).pathname + new URL(first.body._links.next.href as string).search)
      .set(admin());
    expect(second.body.tokens[0].name).toBe(names[0]);
    expect(second.body._links.previous.href).toMatch(/\/tokens\?page=1&size=2$/);

    const tooBig = await broker.request.get('/tokens?size=5000').set(admin()).set('Accept', 'application/problem+json');
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.detail).toBe('size: must be a whole number from 1 to 1000 (digits only), got "5000"');
  });
});

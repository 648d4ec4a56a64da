import { describe, expect, test } from 'vitest';
import type { JsonObject } from './canonical-json.ts';
import { diffPacts, formatPactDiff } from './pact-diff.ts';

const base: JsonObject = {
  consumer: { name: 'web' },
  provider: { name: 'api' },
  interactions: [
    {
      description: 'get order',
      providerStates: [{ name: 'order 1 exists' }],
      request: { method: 'GET', path: '/orders/1' },
      response: { status: 200, body: { id: 1 } },
    },
    { description: 'delete order', request: { method: 'DELETE', path: '/orders/1' }, response: { status: 204 } },
  ],
  metadata: { pactSpecification: { version: '3.0.0' } },
};

describe('diffPacts (diff/previous-distinct, 409 conflict notice)', () => {
  test('identical content has no differences', () => {
    const diff = diffPacts(base, structuredClone(base));
    expect(diff.identical).toBe(true);
    expect(formatPactDiff(diff)).toBe('No differences.');
  });

  test('names added, removed and changed interactions and the changed values', () => {
    const after = structuredClone(base);
    const interactions = after.interactions as JsonObject[];
    (interactions[0]!.response as JsonObject).body = { id: 1, total: 9.5 };
    interactions.splice(1, 1, { description: 'create order', request: { method: 'POST', path: '/orders' }, response: { status: 201 } });
    (after.metadata as JsonObject).pactSpecification = { version: '4.0' };
    expect(formatPactDiff(diffPacts(base, after))).toMatchInlineSnapshot(`
      "Interactions: 1 added, 1 removed, 1 changed.
      + interaction "create order"
      - interaction "delete order"
      ~ interaction "get order" given "order 1 exists"
          + $.response.body.total: 9.5
      ~ document
          ~ $.metadata.pactSpecification.version: "3.0.0" -> "4.0""
    `);
  });

  test('a changed array length is reported as one change of the array', () => {
    const after = {
      ...base,
      interactions: [
        {
          ...(base.interactions as JsonObject[])[0]!,
          providerStates: [{ name: 'order 1 exists' }],
          response: { status: 200, body: [1, 2] },
        },
      ],
    };
    const diff = diffPacts(
      { ...base, interactions: [{ ...(base.interactions as JsonObject[])[0]!, response: { status: 200, body: [1] } }] },
      after,
    );
    expect(diff.changed[0]?.changes).toEqual([{ path: '$.response.body', kind: 'changed', before: [1], after: [1, 2] }]);
  });
});

// Component-test helpers: a fake /graphql that answers by operation name, and URL setup.
import { vi } from 'vitest';

export type GraphqlAnswer = { data: unknown } | { errors: Array<{ message: string }> } | 'network-error';

export interface FakeGraphql {
  calls: Array<{ operation: string; variables: Record<string, unknown> }>;
  restore: () => void;
}

/** Replaces fetch: each request is answered by `answer(operationName, variables)`. */
export function fakeGraphql(
  answer: (operation: string, variables: Record<string, unknown>) => GraphqlAnswer | Promise<GraphqlAnswer>,
): FakeGraphql {
  const calls: FakeGraphql['calls'] = [];
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (_input, init) => {
    const body = JSON.parse(String(init?.body)) as { query: string; variables: Record<string, unknown> };
    const operation = /(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? 'anonymous';
    calls.push({ operation, variables: body.variables });
    const result = await answer(operation, body.variables);
    if (result === 'network-error') throw new TypeError('Failed to fetch');
    return new Response(JSON.stringify(result), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return { calls, restore: () => spy.mockRestore() };
}

export function at(url: string): void {
  window.history.replaceState(null, '', url);
}

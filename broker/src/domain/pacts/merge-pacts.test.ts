import { describe, expect, test } from 'vitest';
import type { JsonObject } from './canonical-json.ts';
import { mergePacts } from './merge-pacts.ts';

const pact = (interactions: JsonObject[], extra: JsonObject = {}): JsonObject => ({
  consumer: { name: 'web' },
  provider: { name: 'api' },
  interactions,
  ...extra,
});
const i = (description: string, state: string | undefined, status = 200): JsonObject => ({
  description,
  ...(state ? { providerStates: [{ name: state }] } : {}),
  response: { status },
});

describe('mergePacts (pact-broker publish --merge)', () => {
  test.each([
    ['appends a new interaction', [i('a', 's')], [i('b', 's')], ['a', 'b'], false, 1],
    ['treats the same description under another state as new', [i('a', 's')], [i('a', 't')], ['a', 'a'], false, 1],
    [
      'replaces an interaction with the same description and state in place',
      [i('a', 's'), i('b', undefined)],
      [i('a', 's', 500)],
      ['a', 'b'],
      true,
      0,
    ],
    ['is a no-op for identical interactions', [i('a', 's')], [i('a', 's')], ['a'], false, 0],
  ])('%s', (_name, existing, incoming, descriptions, changedExisting, added) => {
    const result = mergePacts(pact(existing), pact(incoming));
    expect((result.pact.interactions as JsonObject[]).map((x) => x.description)).toEqual(descriptions);
    expect(result.changedExisting).toBe(changedExisting);
    expect(result.added).toBe(added);
  });

  test('matches a V2 providerState with the equivalent V3 providerStates', () => {
    const result = mergePacts(
      pact([{ description: 'a', providerState: 's' }]),
      pact([{ description: 'a', providerStates: [{ name: 's' }] }]),
    );
    expect(result.added).toBe(0);
  });

  test('merges messages and keeps the existing metadata', () => {
    const result = mergePacts(
      { consumer: { name: 'web' }, provider: { name: 'api' }, messages: [{ description: 'm1' }], metadata: { v: 1 } },
      { consumer: { name: 'web' }, provider: { name: 'api' }, messages: [{ description: 'm2' }], metadata: { v: 2 } },
    );
    expect(result.pact).toEqual({
      consumer: { name: 'web' },
      provider: { name: 'api' },
      messages: [{ description: 'm1' }, { description: 'm2' }],
      metadata: { v: 1 },
    });
  });
});

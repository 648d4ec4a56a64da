import { describe, expect, test } from 'vitest';
import { aggregateProviderStates, providerStatesOfPact } from './provider-states.ts';

describe('providerStatesOfPact', () => {
  test('reads V2 providerState strings, V3/V4 providerStates and message states; skips malformed entries', () => {
    const pact = {
      interactions: [
        { providerState: 'state 2' },
        { providerStates: [{ name: 'state 3' }, { name: 'product', params: { id: 1 } }, { nameless: true }, 'bad'] },
        { description: 'no state' },
        'not an interaction',
      ],
      messages: [{ providerStates: [{ name: 'an order exists', params: null }] }],
    };
    expect(providerStatesOfPact(pact)).toEqual([
      { name: 'state 2' },
      { name: 'state 3' },
      { name: 'product', params: { id: 1 } },
      { name: 'an order exists' },
    ]);
    expect(providerStatesOfPact(null)).toEqual([]);
    expect(providerStatesOfPact({ interactions: 'x' })).toEqual([]);
  });
});

describe('aggregateProviderStates (the Pact Broker ProviderStatesDecorator)', () => {
  test('lists each name + params once with its consumers, sorted by name (PB spec: listing the provider states with params)', () => {
    const product = { name: 'product details', params: { product_id: '058925f7' } };
    expect(
      aggregateProviderStates([
        { consumer: 'Foo', states: [product] },
        { consumer: 'Foo2', states: [product, product] },
        { consumer: 'Waffle', states: [{ name: 'product list' }] },
        { consumer: 'Waffle2', states: [{ name: 'product list' }] },
        { consumer: 'Foo6', states: [{ name: 'some other product list' }] },
        // Same name, other params: another state.
        { consumer: 'Bar', states: [{ name: 'product details', params: { product_id: 'aaa' } }] },
      ]),
    ).toEqual([
      { name: 'product details', params: { product_id: '058925f7' }, consumers: ['Foo', 'Foo2'] },
      { name: 'product details', params: { product_id: 'aaa' }, consumers: ['Bar'] },
      { name: 'product list', consumers: ['Waffle', 'Waffle2'] },
      { name: 'some other product list', consumers: ['Foo6'] },
    ]);
  });

  test('params that differ only in key order are the same state', () => {
    const states = aggregateProviderStates([
      { consumer: 'A', states: [{ name: 's', params: { a: 1, b: 2 } }] },
      { consumer: 'B', states: [{ name: 's', params: { b: 2, a: 1 } }] },
    ]);
    expect(states).toEqual([{ name: 's', params: { a: 1, b: 2 }, consumers: ['A', 'B'] }]);
  });
});

// The provider states a provider must support, gathered from its consumers' pacts (the Pact Broker's
// GET /pacts/provider/{p}/provider-states, read by `pact-broker provider-states list`). A state is its
// name plus its params: the same name with other params is another state to set up.
import { canonicalJson, type JsonValue } from './canonical-json.ts';

export interface ProviderState {
  name: string;
  params?: JsonValue;
}

export interface AggregatedProviderState extends ProviderState {
  /** The consumers whose pacts use this state, each once, in the order their pacts were given. */
  consumers: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The states of every interaction and message of a pact: V1/V2 `providerState` (a string), V3/V4
 * `providerStates` (objects with `name` and optional `params`). Malformed entries are skipped, as the
 * Pact Broker does: the pact was accepted at publication, a listing must not fail over it.
 */
export function providerStatesOfPact(pact: unknown): ProviderState[] {
  if (!isObject(pact)) return [];
  const entries = [pact.interactions, pact.messages].flatMap((list) => (Array.isArray(list) ? list : []));
  return entries.flatMap((interaction): ProviderState[] => {
    if (!isObject(interaction)) return [];
    if (typeof interaction.providerState === 'string') return [{ name: interaction.providerState }];
    if (!Array.isArray(interaction.providerStates)) return [];
    return interaction.providerStates.flatMap((state): ProviderState[] => {
      if (!isObject(state) || typeof state.name !== 'string') return [];
      return state.params === undefined || state.params === null
        ? [{ name: state.name }]
        : [{ name: state.name, params: state.params as JsonValue }];
    });
  });
}

/** One entry per distinct name + params, with the consumers that use it, sorted by name (then params). */
export function aggregateProviderStates(
  pacts: ReadonlyArray<{ consumer: string; states: readonly ProviderState[] }>,
): AggregatedProviderState[] {
  const byKey = new Map<string, AggregatedProviderState>();
  for (const { consumer, states } of pacts) {
    for (const state of states) {
      const key = canonicalJson([state.name, state.params ?? null]);
      const entry = byKey.get(key) ?? { ...state, consumers: [] };
      if (!entry.consumers.includes(consumer)) entry.consumers.push(consumer);
      byKey.set(key, entry);
    }
  }
  const paramsKey = (s: ProviderState) => (s.params === undefined ? '' : canonicalJson(s.params));
  return [...byKey.values()].sort((a, b) => compare(a.name, b.name) || compare(paramsKey(a), paramsKey(b)));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// How interactions are identified across two versions of a pact: by type, description and provider
// states (the Pact Broker's rule for merging). `providerState: "x"` (V1/V2) and
// `providerStates: [{ "name": "x" }]` (V3/V4) are the same state.
import { canonicalJson, isJsonObject, type JsonObject } from './canonical-json.ts';

export const INTERACTION_KEYS = ['interactions', 'messages'] as const;
export type InteractionListKey = (typeof INTERACTION_KEYS)[number];

export function providerStatesOf(interaction: JsonObject): Array<{ name: string; params?: unknown }> {
  const states = interaction.providerStates;
  if (Array.isArray(states)) {
    return states.flatMap((s) => {
      if (typeof s === 'string') return [{ name: s }];
      if (isJsonObject(s) && typeof s.name === 'string')
        return [s.params === undefined ? { name: s.name } : { name: s.name, params: s.params }];
      return [];
    });
  }
  const state = interaction.providerState ?? interaction.provider_state;
  return typeof state === 'string' && state !== '' ? [{ name: state }] : [];
}

export function interactionKey(interaction: JsonObject): string {
  const type = typeof interaction.type === 'string' ? interaction.type : '';
  const description = typeof interaction.description === 'string' ? interaction.description : '';
  return canonicalJson([type, description, providerStatesOf(interaction)]);
}

/** "a request for an order" given "an order exists" — how diffs and notices name an interaction. */
export function interactionLabel(interaction: JsonObject): string {
  const description = typeof interaction.description === 'string' ? interaction.description : '(no description)';
  const states = providerStatesOf(interaction).map((s) => `"${s.name}"`);
  return states.length ? `"${description}" given ${states.join(' and ')}` : `"${description}"`;
}

export function interactionsOf(pact: JsonObject, key: InteractionListKey): JsonObject[] {
  const list = pact[key];
  return Array.isArray(list) ? list.filter(isJsonObject) : [];
}

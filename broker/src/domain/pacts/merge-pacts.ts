// `onConflict: "merge"` (pact-broker publish --merge, or PATCH on the legacy pact URL): the
// interactions of the incoming pact are merged into the existing one. An incoming interaction with
// the same key (type + description + provider states) replaces the existing one in place; new ones
// are appended. Everything else (consumer, provider, metadata) is kept from the existing pact.
import type { JsonObject } from './canonical-json.ts';
import { canonicalJson } from './canonical-json.ts';
import { INTERACTION_KEYS, interactionKey, interactionsOf } from './interaction-key.ts';

export interface MergeResult {
  pact: JsonObject;
  /** True when an incoming interaction replaced an existing one with different content. */
  changedExisting: boolean;
  added: number;
}

export function mergePacts(existing: JsonObject, incoming: JsonObject): MergeResult {
  const merged: JsonObject = { ...existing };
  let changedExisting = false;
  let added = 0;
  for (const listKey of INTERACTION_KEYS) {
    const additions = interactionsOf(incoming, listKey);
    if (additions.length === 0) continue;
    const result = [...interactionsOf(existing, listKey)];
    const indexByKey = new Map(result.map((interaction, index) => [interactionKey(interaction), index]));
    for (const interaction of additions) {
      const key = interactionKey(interaction);
      const index = indexByKey.get(key);
      if (index === undefined) {
        indexByKey.set(key, result.length);
        result.push(interaction);
        added += 1;
      } else {
        if (canonicalJson(result[index]) !== canonicalJson(interaction)) changedExisting = true;
        result[index] = interaction;
      }
    }
    merged[listKey] = result;
  }
  return { pact: merged, changedExisting, added };
}

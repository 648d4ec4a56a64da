// A readable diff between two pact contents: which interactions were added, removed or changed
// (matched by type + description + provider states), with the changed values by JSON path, plus
// changes outside the interactions (metadata, names). Used by the diff links and the 409 notice.
import { canonicalJson, isJsonObject, type JsonObject, type JsonValue } from './canonical-json.ts';
import { INTERACTION_KEYS, interactionKey, interactionLabel, interactionsOf } from './interaction-key.ts';

export interface ValueChange {
  /** JSONPath-like location, e.g. `$.response.body.id`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: JsonValue;
  after?: JsonValue;
}

export interface InteractionChange {
  label: string;
  changes: ValueChange[];
}

export interface PactDiff {
  identical: boolean;
  added: string[];
  removed: string[];
  changed: InteractionChange[];
  /** Changes outside interactions/messages. */
  documentChanges: ValueChange[];
}

export function diffPacts(before: JsonObject, after: JsonObject): PactDiff {
  const added: string[] = [];
  const removed: string[] = [];
  const changed: InteractionChange[] = [];
  for (const listKey of INTERACTION_KEYS) {
    const beforeByKey = new Map(interactionsOf(before, listKey).map((i) => [interactionKey(i), i]));
    const afterByKey = new Map(interactionsOf(after, listKey).map((i) => [interactionKey(i), i]));
    for (const [key, interaction] of beforeByKey) {
      const next = afterByKey.get(key);
      if (!next) removed.push(interactionLabel(interaction));
      else {
        const changes = diffValues(interaction, next, '$');
        if (changes.length) changed.push({ label: interactionLabel(interaction), changes });
      }
    }
    for (const [key, interaction] of afterByKey) if (!beforeByKey.has(key)) added.push(interactionLabel(interaction));
  }
  const documentChanges = diffValues(withoutInteractions(before), withoutInteractions(after), '$');
  const identical = !added.length && !removed.length && !changed.length && !documentChanges.length;
  return { identical, added, removed, changed, documentChanges };
}

/** The diff as text for people: one line per added/removed interaction, indented value changes. */
export function formatPactDiff(diff: PactDiff): string {
  if (diff.identical) return 'No differences.';
  const lines: string[] = [`Interactions: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed.`];
  for (const label of diff.added) lines.push(`+ interaction ${label}`);
  for (const label of diff.removed) lines.push(`- interaction ${label}`);
  for (const { label, changes } of diff.changed) {
    lines.push(`~ interaction ${label}`);
    for (const change of changes) lines.push(`    ${formatChange(change)}`);
  }
  if (diff.documentChanges.length) {
    lines.push('~ document');
    for (const change of diff.documentChanges) lines.push(`    ${formatChange(change)}`);
  }
  return lines.join('\n');
}

const MAX_VALUE_CHARS = 120;

function formatChange(change: ValueChange): string {
  switch (change.kind) {
    case 'added':
      return `+ ${change.path}: ${show(change.after)}`;
    case 'removed':
      return `- ${change.path}: ${show(change.before)}`;
    case 'changed':
      return `~ ${change.path}: ${show(change.before)} -> ${show(change.after)}`;
    default: {
      const unreachable: never = change.kind;
      return unreachable;
    }
  }
}

function show(value: JsonValue | undefined): string {
  const text = canonicalJson(value ?? null);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 3)}...` : text;
}

function withoutInteractions(pact: JsonObject): JsonObject {
  const { interactions: _i, messages: _m, ...rest } = pact;
  return rest;
}

function diffValues(before: JsonValue | undefined, after: JsonValue | undefined, path: string): ValueChange[] {
  if (isJsonObject(before) && isJsonObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffValues(before[key], after[key], childPath(path, key)));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, index) => diffValues(item, after[index], `${path}[${index}]`));
  }
  if (before === undefined && after !== undefined) return [{ path, kind: 'added', after }];
  if (after === undefined && before !== undefined) return [{ path, kind: 'removed', before }];
  if (canonicalJson(before) === canonicalJson(after)) return [];
  return [{ path, kind: 'changed', before: before as JsonValue, after: after as JsonValue }];
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * `$ref` resolution within a schema document and across the documents of one publication
 * (the root schema plus the files it references, keyed by file name and by `$id`).
 */
import { escapePointerToken, isObject, unescapePointerToken, type JsonValue } from '../json.ts';

export type { JsonObject, JsonValue } from '../json.ts';

/** A schema and the other files of the same publication it may `$ref` (`"money.json#/$defs/Amount"`). */
export interface SchemaPublication {
  readonly schema: JsonValue;
  readonly references: Readonly<Record<string, JsonValue>>;
}

/** A schema node and where it lives: document key ('' = root) and JSON Pointer within that document. */
export interface SchemaLocation {
  readonly node: JsonValue;
  readonly doc: string;
  readonly pointer: string;
}

export { isObject } from '../json.ts';

const unescape = (s: string): string => unescapePointerToken(decodeURIComponent(s));

export function walkPointer(root: JsonValue, pointer: string): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (const raw of pointer.split('/').slice(1)) {
    const part = unescape(raw);
    if (Array.isArray(node)) node = (node as readonly JsonValue[])[Number(part)];
    else if (isObject(node)) node = node[part];
    else return undefined;
  }
  return node;
}

function findAnchor(node: JsonValue, anchor: string, pointer = ''): string | undefined {
  if (Array.isArray(node)) {
    for (const [i, child] of (node as readonly JsonValue[]).entries()) {
      const found = findAnchor(child, anchor, `${pointer}/${i}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isObject(node)) return undefined;
  if (node['$anchor'] === anchor || node['$id'] === `#${anchor}`) return pointer;
  for (const [key, child] of Object.entries(node)) {
    if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') continue;
    const found = findAnchor(child, anchor, `${pointer}/${escapePointerToken(key)}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

export type RefResult = { readonly ok: true; readonly location: SchemaLocation } | { readonly ok: false; readonly message: string };

export class RefResolver {
  private readonly docs = new Map<string, JsonValue>();

  constructor(publication: SchemaPublication) {
    this.docs.set('', publication.schema);
    for (const [name, doc] of Object.entries(publication.references)) {
      this.docs.set(name, doc);
      if (isObject(doc) && typeof doc['$id'] === 'string') this.docs.set(doc['$id'], doc);
    }
    if (isObject(publication.schema) && typeof publication.schema['$id'] === 'string')
      this.docs.set(publication.schema['$id'], publication.schema);
  }

  root(): SchemaLocation {
    return { node: this.docs.get('') ?? true, doc: '', pointer: '' };
  }

  private docKey(target: string, from: string): string | undefined {
    if (target === '') return from;
    if (this.docs.has(target)) return target;
    const base = target.split('/').pop() ?? target;
    for (const key of this.docs.keys()) {
      if (key && (key === base || key.endsWith(`/${base}`))) return key;
    }
    return undefined;
  }

  /** Follows `$ref` chains from `location`; a location without `$ref` is returned as is. */
  deref(location: SchemaLocation): RefResult {
    let current = location;
    const seen = new Set<string>();
    while (isObject(current.node) && typeof current.node['$ref'] === 'string') {
      const ref = current.node['$ref'];
      const key = `${current.doc}#${ref}`;
      if (seen.has(key)) return { ok: false, message: `$ref cycle without content at ${ref}` };
      seen.add(key);
      const [file = '', fragment = ''] = ref.split('#');
      const doc = this.docKey(file, current.doc);
      const root = doc === undefined ? undefined : this.docs.get(doc);
      if (doc === undefined || root === undefined)
        return { ok: false, message: `$ref "${ref}" names a file that is not part of this publication` };
      const pointer = fragment === '' || fragment.startsWith('/') ? fragment : findAnchor(root, fragment);
      const target = pointer === undefined ? undefined : walkPointer(root, pointer);
      if (pointer === undefined || target === undefined) return { ok: false, message: `$ref "${ref}" does not resolve` };
      const siblings = Object.fromEntries(Object.entries(current.node).filter(([k]) => k !== '$ref'));
      const merged: JsonValue = Object.keys(siblings).length > 0 && isObject(target) ? { ...target, ...siblings } : target;
      current = { node: merged, doc, pointer };
    }
    return { ok: true, location: current };
  }

  /** Every `$ref` in every document, with the error of those that do not resolve. */
  danglingRefs(): { doc: string; pointer: string; message: string }[] {
    const problems: { doc: string; pointer: string; message: string }[] = [];
    const visit = (node: JsonValue, doc: string, pointer: string): void => {
      if (Array.isArray(node)) (node as readonly JsonValue[]).forEach((c, i) => visit(c, doc, `${pointer}/${i}`));
      if (!isObject(node)) return;
      if (typeof node['$ref'] === 'string') {
        const r = this.deref({ node, doc, pointer });
        if (!r.ok) problems.push({ doc, pointer, message: r.message });
      }
      for (const [k, v] of Object.entries(node))
        if (k !== 'enum' && k !== 'const' && k !== 'default' && k !== 'examples') visit(v, doc, `${pointer}/${k}`);
    };
    for (const [key, doc] of this.docs) if (!key.includes(':') || key === '') visit(doc, key, '');
    return problems;
  }
}

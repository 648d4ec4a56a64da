/**
 * The files of one AsyncAPI publication (the document first, then the files it `$ref`s) as parsed JSON values, with
 * every `$ref` rewritten to one absolute form, `<file>#<pointer>` (file = the publication-relative path), so a
 * reference means the same thing wherever it is copied: into a payload schema handed to the JSON Schema differ, or to
 * ajv. A reference that leaves the publication (a URL, an absolute path, `..` above its root) is never followed:
 * Treaty reads nothing but the files it was given.
 */
import { posix } from 'node:path';
import { isObject, walkPointer, type JsonValue } from '../jsonschema/schema-refs.ts';
import { parseSchemaDocument } from '../jsonschema/schema-document.ts';

export interface PublicationFile {
  readonly path: string;
  readonly content: string;
}

/** A `$ref` that cannot be followed: where it is (file and JSON Pointer) and why. */
export interface RefProblem {
  readonly file: string;
  readonly pointer: string;
  readonly ref: string;
  readonly message: string;
}

/** A file that is not JSON or YAML. */
export interface SyntaxProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type LoadedFiles =
  { readonly status: 'ok'; readonly files: AsyncApiFiles } | { readonly status: 'invalid'; readonly syntax: readonly SyntaxProblem[] };

const escape = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');
const isExternalUri = (ref: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//');

/** `$ref` values are not schema keywords inside these: leave their contents alone. */
const LITERAL_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'example']);

export class AsyncApiFiles {
  readonly root: string;
  private readonly docs: ReadonlyMap<string, JsonValue>;
  readonly refProblems: readonly RefProblem[];

  private constructor(root: string, docs: Map<string, JsonValue>, refProblems: RefProblem[]) {
    this.root = root;
    this.docs = docs;
    this.refProblems = refProblems;
  }

  /** Parses every file (`.json` strictly, anything else as YAML) and makes its references absolute. */
  static load(files: readonly PublicationFile[]): LoadedFiles {
    const parsed = new Map<string, JsonValue>();
    const syntax: SyntaxProblem[] = [];
    for (const f of files) {
      const result = parseSchemaDocument(f.path, f.content);
      if (result.status === 'invalid') syntax.push({ file: f.path, line: result.line, column: result.column, message: result.message });
      else parsed.set(normalise(f.path), result.value);
    }
    if (syntax.length > 0) return { status: 'invalid', syntax };
    const problems: RefProblem[] = [];
    const docs = new Map<string, JsonValue>();
    for (const [path, doc] of parsed) docs.set(path, absoluteRefs(doc, path, '', parsed, problems));
    return { status: 'ok', files: new AsyncApiFiles(normalise(files[0]?.path ?? ''), docs, problems) };
  }

  document(path: string = this.root): JsonValue | undefined {
    return this.docs.get(path);
  }

  /** Every file, keyed by path (what `$ref`s name after loading): the references the JSON Schema differ resolves in. */
  all(): Record<string, JsonValue> {
    return Object.fromEntries(this.docs);
  }

  /** The value an absolute `file#pointer` reference names, or undefined. */
  resolve(ref: string): { value: JsonValue; file: string; pointer: string } | undefined {
    const [file = '', pointer = ''] = ref.split('#');
    const doc = this.docs.get(file);
    if (doc === undefined) return undefined;
    const value = pointer === '' ? doc : walkPointer(doc, pointer);
    return value === undefined ? undefined : { value, file, pointer };
  }

  /**
   * Follows `$ref` chains: the value at a node, where it really lives (file and pointer), and whether a reference
   * did not resolve. Sibling keywords beside a `$ref` are kept (they refine the target, as in JSON Schema 2019+).
   */
  follow(node: JsonValue | undefined, file: string, pointer: string): { value: JsonValue | undefined; file: string; pointer: string } {
    let current = { value: node, file, pointer };
    const seen = new Set<string>();
    while (isObject(current.value) && typeof current.value['$ref'] === 'string') {
      const ref = current.value['$ref'];
      if (seen.has(ref)) return { value: undefined, file: current.file, pointer: current.pointer };
      seen.add(ref);
      const target = this.resolve(ref);
      if (!target) return { value: undefined, file: current.file, pointer: current.pointer };
      const siblings = Object.entries(current.value).filter(([k]) => k !== '$ref');
      current = {
        value: siblings.length > 0 && isObject(target.value) ? { ...target.value, ...Object.fromEntries(siblings) } : target.value,
        file: target.file,
        pointer: target.pointer,
      };
    }
    return current;
  }
}

function normalise(path: string): string {
  return posix.normalize(path.replace(/\\/g, '/')).replace(/^\.\//, '');
}

/** `#/a`, `other.yaml#/b` or `other.yaml` relative to `from`, as `<file>#<pointer>`; or why it cannot be followed. */
function absoluteRef(ref: string, from: string, docs: ReadonlyMap<string, JsonValue>): { ref: string } | { problem: string } {
  if (ref.startsWith('#')) return { ref: `${from}${ref}` };
  if (isExternalUri(ref))
    return { problem: 'points outside the publication (Treaty does not fetch URLs); add the file to the publication and $ref it by path' };
  const [file = '', fragment] = ref.split('#');
  if (file.startsWith('/')) return { problem: 'is an absolute path; $ref files of the publication by relative path' };
  const target = normalise(posix.join(posix.dirname(from), decodeURI(file)));
  if (target.startsWith('../') || !docs.has(target))
    return { problem: `names ${JSON.stringify(target)}, which is not a file of this publication; publish it along with the document` };
  return { ref: `${target}#${fragment ?? ''}` };
}

function absoluteRefs(
  node: JsonValue,
  file: string,
  pointer: string,
  docs: ReadonlyMap<string, JsonValue>,
  problems: RefProblem[],
): JsonValue {
  if (Array.isArray(node)) return (node as readonly JsonValue[]).map((v, i) => absoluteRefs(v, file, `${pointer}/${i}`, docs, problems));
  if (!isObject(node)) return node;
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      const resolved = absoluteRef(value, file, docs);
      if ('problem' in resolved) problems.push({ file, pointer: `${pointer}/$ref`, ref: value, message: resolved.problem });
      // an unresolvable reference stays as written: it then resolves to nothing, and the checks say so
      out[key] = 'ref' in resolved ? resolved.ref : value;
    } else {
      out[key] = LITERAL_KEYWORDS.has(key) ? value : absoluteRefs(value, file, `${pointer}/${escape(key)}`, docs, problems);
    }
  }
  return out;
}

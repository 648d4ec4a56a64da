/**
 * Is a publication a valid AsyncAPI document? Checked with the AsyncAPI initiative's own parser (@asyncapi/parser:
 * the specification's JSON Schemas plus its semantic rules), each problem reported as file, line and column.
 *
 * The parser is heavy (about 1 s and 100 MB to load, see docs), so it is imported on the first AsyncAPI document
 * only, and a process that never sees one never loads it. It is used for validation alone: the checks read the
 * validated document through asyncapi-model.ts, synchronously.
 *
 * Treaty reads nothing outside the publication: every `$ref` must be local (`#/...`) or name another file of the
 * publication (checked before the parser runs), and the parser's resolver serves those files from memory.
 */
// a type-only import: erased at runtime, so the parser is still loaded only by loadParser's dynamic import
import type { Parser } from '@asyncapi/parser';
import { isObject } from '../jsonschema/schema-refs.ts';
import { PointerLocator } from '../jsonschema/pointer-locations.ts';
import { AsyncApiFiles, type PublicationFile } from './asyncapi-files.ts';

export interface AsyncApiProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type AsyncApiValidation =
  { readonly status: 'valid'; readonly version: string } | { readonly status: 'invalid'; readonly problems: readonly AsyncApiProblem[] };

/** Virtual folder the publication's files appear under for the parser; nothing is read from disk there. */
const VIRTUAL_ROOT = '/treaty-asyncapi-publication';
/** The files of the validations in progress, by their virtual folder (concurrent validations do not mix). */
const served = new Map<string, ReadonlyMap<string, string>>();
let nextPublication = 0;
let parser: Promise<Parser> | undefined;

function loadParser(): Promise<Parser> {
  parser ??= import('@asyncapi/parser').then(({ Parser }) => {
    // Reads `<VIRTUAL_ROOT>/<n>/<path>` from `served`; never throws, so the parser's own file and HTTP readers,
    // which it would try next, are never reached.
    const fromMemory = (uri: { path(): string }): string => {
      const [, , n, ...rest] = uri.path().split('/');
      return served.get(`${VIRTUAL_ROOT}/${n}`)?.get(rest.join('/')) ?? 'x-treaty-unresolved: true\n';
    };
    const resolvers = (['file', 'http', 'https'] as const).map((schema) => ({ schema, order: 1, canRead: true, read: fromMemory }));
    // `recommended: false`: style advice (e.g. "use the latest version") is not a reason to refuse a document
    return new Parser({ ruleset: { recommended: false }, __unstable: { resolver: { resolvers } } });
  });
  return parser;
}

const versionOf = (value: unknown): string | undefined =>
  isObject(value as never) && typeof (value as Record<string, unknown>)['asyncapi'] === 'string'
    ? String((value as Record<string, unknown>)['asyncapi'])
    : undefined;

/** The first file is the AsyncAPI document; the others are files it `$ref`s (e.g. shared payload schemas). */
export async function validateAsyncApi(files: readonly PublicationFile[]): Promise<AsyncApiValidation> {
  const root = files[0];
  if (!root) return invalid([{ file: '', line: 1, column: 1, message: 'no AsyncAPI document given' }]);
  const loaded = AsyncApiFiles.load(files);
  if (loaded.status === 'invalid') return invalid(loaded.syntax);
  const located = (file: string, pointer: string, message: string): AsyncApiProblem => {
    const content = files.find((f) => f.path === file)?.content ?? '';
    const at = new PointerLocator(content).locate(pointer);
    return { file, line: at.line, column: at.column, message };
  };
  if (loaded.files.refProblems.length > 0)
    return invalid(loaded.files.refProblems.map((p) => located(p.file, p.pointer, `$ref ${JSON.stringify(p.ref)} ${p.message}`)));
  const version = versionOf(loaded.files.document());
  if (version === undefined || !/^[23]\.\d+\.\d+$/.test(version))
    return invalid([
      located(
        root.path,
        '/asyncapi',
        version === undefined
          ? 'is not an AsyncAPI document: it has no "asyncapi" field (e.g. asyncapi: 3.0.0)'
          : `AsyncAPI version ${JSON.stringify(version)} is not supported; use 2.x (e.g. 2.6.0) or 3.x (e.g. 3.0.0)`,
      ),
    ]);
  return diagnose(files, version);
}

async function diagnose(files: readonly PublicationFile[], version: string): Promise<AsyncApiValidation> {
  const folder = `${VIRTUAL_ROOT}/${(nextPublication += 1)}`;
  served.set(folder, new Map(files.map((f) => [f.path.replace(/\\/g, '/').replace(/^\.\//, ''), f.content])));
  try {
    const instance = await loadParser();
    const root = files[0]!;
    const diagnostics = await instance.validate(root.content, { source: `${folder}/${root.path}` });
    const all = diagnostics.filter((d) => d.severity === 0);
    // "must match "else" schema" only says that a branch of the specification's schema failed; the specific problem follows
    const errors = all.length > 1 ? all.filter((d) => !/must match "(then|else)" schema/.test(d.message)) : all;
    if (errors.length === 0) return { status: 'valid', version };
    return invalid(
      errors.map((d) => {
        const source = typeof d.source === 'string' && d.source.startsWith(`${folder}/`) ? d.source.slice(folder.length + 1) : root.path;
        const where = d.path.length > 0 ? ` (at ${d.path.map(String).join('.')})` : '';
        return {
          file: source,
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          message: `${d.message}${where} [${d.code}]`,
        };
      }),
    );
  } finally {
    served.delete(folder);
  }
}

function invalid(problems: readonly AsyncApiProblem[]): AsyncApiValidation {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.file}:${p.line}:${p.column}:${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return {
    status: 'invalid',
    problems: [...unique].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column),
  };
}

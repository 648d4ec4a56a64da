/**
 * Reads the `breaking` section of a `buf.yaml` (v1beta1, v1 and v2) into compareProtobuf options,
 * plus v1beta1 `build.roots` (paths are relative to a root). Pure: takes the YAML text.
 */
import { parse } from 'yaml';
import type { CompareProtobufOptions } from './compare-protobuf.ts';

export interface BufConfig {
  readonly version: string;
  /** directories (relative to the buf.yaml) whose contents form the module; `['.']` by default */
  readonly roots: readonly string[];
  /** present when the file has a `breaking` section; `use` defaults to Buf's default, FILE */
  readonly breaking: CompareProtobufOptions | null;
}

export type BufConfigResult =
  { readonly status: 'ok'; readonly config: BufConfig } | { readonly status: 'invalid'; readonly message: string };

const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined);
const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export function parseBufConfig(text: string): BufConfigResult {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    return { status: 'invalid', message: `buf.yaml is not valid YAML: ${err instanceof Error ? err.message : String(err)}` };
  }
  const root = record(doc);
  const version = typeof root['version'] === 'string' ? root['version'] : 'v1beta1';
  const roots = strings(record(root['build'])['roots']) ?? ['.'];
  const breakingRaw =
    version === 'v2'
      ? record(root['breaking'] ?? record(Array.isArray(root['modules']) ? root['modules'][0] : undefined)['breaking'])
      : record(root['breaking']);
  if (!('breaking' in root) && Object.keys(breakingRaw).length === 0) return { status: 'ok', config: { version, roots, breaking: null } };
  const ignoreOnly = record(breakingRaw['ignore_only']);
  const breaking: CompareProtobufOptions = {
    use: strings(breakingRaw['use']) ?? ['FILE'],
    except: strings(breakingRaw['except']) ?? [],
    ignore: strings(breakingRaw['ignore']) ?? [],
    ignoreOnly: Object.fromEntries(Object.entries(ignoreOnly).map(([k, v]) => [k, strings(v) ?? []])),
    ignoreUnstablePackages: breakingRaw['ignore_unstable_packages'] === true,
  };
  return { status: 'ok', config: { version, roots, breaking } };
}
